//! `agentgen list`: every role and kit in one line each, marked where
//! they come from outside the binary, or as JSON for scripts.

use serde::Serialize;

use super::{names, to_json};
use crate::catalog::{Catalog, Custom, Source};
use crate::error::Result;
use crate::kit::{Kit, KitEntry};
use crate::role::{Role, RoleEntry};
use crate::trust;

/// `agentgen list`.
pub fn list(catalog: &Catalog, json: bool) -> Result<String> {
    let roles = Role::entries(catalog);
    let kits = Kit::entries(catalog);
    let custom = catalog.custom_files();
    let changes: Vec<Vec<Custom>> = roles
        .iter()
        .map(|r| match r.source {
            Source::Embedded => trust::role_changes(catalog, &custom, &r.name),
            _ => Vec::new(),
        })
        .collect();
    if json {
        return list_json(&roles, &kits, &custom, &changes);
    }
    let width = roles
        .iter()
        .map(|r| r.name.len())
        .chain(kits.iter().map(|k| k.name.len()))
        .max()
        .unwrap_or(0);
    let origin = |source: Source| match source {
        Source::Embedded => String::new(),
        other => format!("  [{other}]"),
    };
    let mut out = String::from("Roles:\n");
    for (role, changes) in roles.iter().zip(&changes) {
        let line = match &role.problem {
            Some(problem) => format!("cannot be used: {problem}"),
            None => role.summary.clone(),
        };
        let mark = match changes.is_empty() {
            true => origin(role.source),
            false => format!("  [built in, changed by {}]", names(changes)),
        };
        out.push_str(&format!("  {:width$}  {line}{mark}\n", role.name));
    }
    out.push_str("\nKits:\n");
    for kit in &kits {
        let line = match &kit.problem {
            Some(problem) => format!("cannot be used: {problem}"),
            None => format!("{} ({})", kit.summary, kit.agents.join(", ")),
        };
        out.push_str(&format!(
            "  {:width$}  {line}{}\n",
            kit.name,
            origin(kit.source)
        ));
    }
    let shared: Vec<&Custom> = custom
        .iter()
        .filter(|f| f.name.starts_with("partials/") || f.name.starts_with("questions/"))
        .collect();
    if !shared.is_empty() {
        out.push_str("\nPartials and question sets from outside agentgen:\n");
        for f in shared {
            let verb = if f.overrides {
                "overrides the built-in one"
            } else {
                "added"
            };
            out.push_str(&format!(
                "  {}  {verb}  [{}: {}]\n",
                f.name,
                f.source,
                f.path.display()
            ));
        }
    }
    out.push_str(
        "\nSee the questions with `agentgen show <name>`; generate with `agentgen new <role>` or `agentgen kit <kit>`.\n",
    );
    Ok(out)
}

/// `agentgen list --json`: the roles (each with the files from outside the
/// binary that change it), the kits, and every template file not built in.
fn list_json(
    roles: &[RoleEntry],
    kits: &[KitEntry],
    custom: &[Custom],
    changes: &[Vec<Custom>],
) -> Result<String> {
    #[derive(Serialize)]
    struct Marked<'a> {
        #[serde(flatten)]
        role: &'a RoleEntry,
        /// Files from outside the binary that change a built-in role.
        #[serde(skip_serializing_if = "<[Custom]>::is_empty")]
        changed_by: &'a [Custom],
    }
    #[derive(Serialize)]
    struct Listing<'a> {
        roles: Vec<Marked<'a>>,
        kits: &'a [KitEntry],
        /// Every template file in effect that is not built in.
        #[serde(skip_serializing_if = "<[Custom]>::is_empty")]
        custom_files: &'a [Custom],
    }
    let roles = roles.iter().zip(changes);
    to_json(&Listing {
        roles: roles
            .map(|(role, c)| Marked {
                role,
                changed_by: c,
            })
            .collect(),
        kits,
        custom_files: custom,
    })
}
