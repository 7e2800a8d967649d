//! The template catalogue: which roles exist and where their files are.
//!
//! Templates ship inside the binary (include_dir) under `templates/`:
//! `roles/<role>/role.yaml` and `roles/<role>/agent.md.j2` for each role,
//! shared pieces in `partials/`. The catalogue answers three questions: which
//! roles are there (for `list`), what is this role's definition (parsed and
//! checked `role.yaml`), and what is the source of this template name (for
//! the renderer's loader, which asks only for the templates a render uses).
//! Template names are `/`-separated paths relative to a template root; a
//! name that tries to leave the root is never resolved.

use std::borrow::Cow;

use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::question::{Kind, Question, closest};
use crate::yaml;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Where a role was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Embedded,
}

/// The set of template roots, highest priority first.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    _private: (),
}

/// A role's entry in `list`.
#[derive(Clone, Debug, Serialize)]
pub struct RoleEntry {
    pub name: String,
    pub summary: String,
    pub source: Source,
}

/// A role definition as written in `role.yaml`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub name: String,
    /// One line for `list`.
    pub summary: String,
    pub questions: Vec<Question>,
    #[serde(skip)]
    pub source: Option<Source>,
}

/// The keys whose answers become frontmatter fields; a role that declares
/// them must give them these types.
const FIELD_KINDS: &[(&str, &[Kind])] = &[
    ("name", &[Kind::String]),
    ("description", &[Kind::String, Kind::Text]),
    ("examples", &[Kind::Records]),
    ("tools", &[Kind::List, Kind::Multiselect]),
    ("model", &[Kind::Choice, Kind::String]),
    ("color", &[Kind::Choice, Kind::String]),
];

impl Role {
    /// The name of the body template.
    pub fn body_template(&self) -> String {
        format!("roles/{}/agent.md.j2", self.name)
    }

    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// Every problem with this definition; empty when it is sound.
    fn check(&self, dir_name: &str) -> Vec<String> {
        let mut problems = Vec::new();
        if self.name != dir_name {
            problems.push(format!(
                "name '{}' differs from its folder '{dir_name}'",
                self.name
            ));
        }
        if self.summary.contains('\n') || self.summary.trim().is_empty() {
            problems.push("summary must be one non-empty line".into());
        }
        for (i, q) in self.questions.iter().enumerate() {
            if self.questions[..i]
                .iter()
                .any(|earlier| earlier.key == q.key)
            {
                problems.push(format!("question '{}' is declared twice", q.key));
            }
            problems.extend(q.check_definition(true));
        }
        for (key, kinds) in FIELD_KINDS {
            match self.question(key) {
                Some(q) if !kinds.contains(&q.kind) => problems.push(format!(
                    "question '{key}' must have type {}",
                    kinds[0].name()
                )),
                None if matches!(*key, "name" | "description") => {
                    problems.push(format!("every role needs a '{key}' question"))
                }
                _ => {}
            }
        }
        problems
    }
}

impl Catalog {
    /// The catalogue of the templates built into the binary.
    pub fn embedded() -> Catalog {
        Catalog::default()
    }

    /// The source text of a template or definition file, by its name
    /// relative to the template root.
    pub fn source(&self, name: &str) -> Option<Cow<'static, str>> {
        if !is_safe_name(name) {
            return None;
        }
        EMBEDDED
            .get_file(name)
            .and_then(|f| f.contents_utf8())
            .map(Cow::Borrowed)
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        is_safe_name(name) && EMBEDDED.get_file(name).is_some()
    }

    fn role_names(&self) -> Vec<String> {
        let mut names: Vec<String> = EMBEDDED
            .get_dir("roles")
            .map(|roles| {
                roles
                    .dirs()
                    .filter(|d| d.get_file(d.path().join("role.yaml")).is_some())
                    .filter_map(|d| d.path().file_name()?.to_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Every role with its summary, sorted by name.
    pub fn roles(&self) -> Result<Vec<RoleEntry>> {
        self.role_names()
            .into_iter()
            .map(|name| {
                let role = self.role(&name)?;
                Ok(RoleEntry {
                    name: role.name,
                    summary: role.summary,
                    source: Source::Embedded,
                })
            })
            .collect()
    }

    /// A role's checked definition.
    pub fn role(&self, name: &str) -> Result<Role> {
        let file = format!("roles/{name}/role.yaml");
        let Some(text) = (is_role_name(name)).then(|| self.source(&file)).flatten() else {
            let names = self.role_names();
            return Err(Error::UnknownRole {
                name: name.to_owned(),
                suggestion: closest(name, names.iter().map(String::as_str)).map(str::to_owned),
            });
        };
        let mut role: Role = yaml::from_str(&text).map_err(|e| Error::RoleDefinition {
            file: file.clone(),
            line: e.line,
            message: e.message,
        })?;
        let problems = role.check(name);
        if !problems.is_empty() {
            return Err(Error::RoleDefinition {
                file,
                line: None,
                message: problems.join("; "),
            });
        }
        role.source = Some(Source::Embedded);
        Ok(role)
    }

    /// Every template file name in the catalogue (for checks and tests).
    pub fn template_names(&self) -> Vec<String> {
        fn walk(dir: &Dir<'static>, out: &mut Vec<String>) {
            for file in dir.files() {
                if let Some(path) = file.path().to_str()
                    && path.ends_with(".j2")
                {
                    out.push(path.to_owned());
                }
            }
            for sub in dir.dirs() {
                walk(sub, out);
            }
        }
        let mut names = Vec::new();
        walk(&EMBEDDED, &mut names);
        names.sort();
        names
    }
}

/// A role name is also a folder name: the same rule as agent names.
fn is_role_name(name: &str) -> bool {
    crate::agent::name_problem(name).is_none()
}

/// Template names are relative `/`-separated paths that stay inside the root.
fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains('\0')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_role_is_sound() {
        let catalog = Catalog::embedded();
        let roles = catalog.roles().unwrap();
        assert!(roles.iter().any(|r| r.name == "backend-architect"));
        for entry in roles {
            let role = catalog.role(&entry.name).unwrap();
            assert!(
                catalog.has(&role.body_template()),
                "{} has no body template",
                role.name
            );
        }
    }

    #[test]
    fn unknown_roles_suggest_the_closest() {
        let err = Catalog::embedded().role("backend-architekt").unwrap_err();
        assert!(
            matches!(err, Error::UnknownRole { suggestion: Some(ref s), .. } if s == "backend-architect")
        );
    }

    #[test]
    fn names_cannot_leave_the_root() {
        let catalog = Catalog::embedded();
        for name in [
            "../Cargo.toml",
            "/etc/passwd",
            "roles/../../x",
            "a\\b",
            "",
            "roles//x",
        ] {
            assert!(catalog.source(name).is_none(), "{name}");
        }
        assert!(
            Catalog::embedded()
                .role("../roles/backend-architect")
                .is_err()
        );
    }
}
