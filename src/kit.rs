//! Kit definitions: `kits/<kit>.yaml`, or any kit file given by path.
//!
//! A kit is a named team of agents generated together. It declares shared
//! questions, asked once, whose answers flow into every member whose role
//! asks a question of the same key (the project, the languages, the model),
//! and its members: each a role, an optional agent name (the role's name by
//! default), and answers the kit fixes for that member. Loading a kit loads
//! and checks every member role, so a kit that names a missing role or gives
//! two members one name is refused before anything is asked.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::agent;
use crate::catalog::{Catalog, Folder, Format, Found, Source};
use crate::error::{Error, Result};
use crate::question::{Question, closest};
use crate::read::Refusal;
use crate::role::{self, Entry, Role};
use crate::value::Raw;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KitFile {
    name: String,
    summary: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    questions: Vec<Entry>,
    agents: Vec<Member>,
}

/// One member of a kit, as written.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub role: String,
    /// The agent's name; the role's name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Answers the kit fixes for this member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Raw>,
}

impl Member {
    pub fn agent_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.role)
    }

    /// The kit's answers for this member, in written order.
    pub fn answers(&self) -> &[(String, Raw)] {
        match &self.answers {
            Some(Raw::Map(entries)) => entries,
            _ => &[],
        }
    }
}

/// A loaded kit with its member roles.
#[derive(Clone, Debug, Serialize)]
pub struct Kit {
    pub name: String,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub questions: Vec<Question>,
    pub agents: Vec<Member>,
    /// The distinct member roles, each loaded once however many members
    /// share it: a kit of a thousand agents has a handful of roles.
    #[serde(skip)]
    pub roles: Vec<Role>,
    /// For each member, its role's index in `roles`.
    #[serde(skip)]
    role_of: Vec<usize>,
    #[serde(skip)]
    pub source: Source,
    /// The file, for messages.
    #[serde(skip)]
    pub location: String,
}

/// A kit's line in `list`.
#[derive(Clone, Debug, Serialize)]
pub struct KitEntry {
    pub name: String,
    pub summary: String,
    pub agents: Vec<String>,
    pub source: Source,
    /// Why the kit cannot be used, when it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// Keys a kit's shared questions may not use: they are per agent.
const PER_AGENT_KEYS: &[&str] = &["name", "agents"];

impl Kit {
    /// Loads a kit by name from the catalogue, or from a file when the
    /// argument is a path (contains a slash or ends in `.yaml`).
    pub fn load(catalog: &Catalog, name_or_path: &str) -> Result<Kit> {
        let found = if is_path(name_or_path) {
            read_file(Path::new(name_or_path))?
        } else {
            let file = format!("kits/{name_or_path}.yaml");
            let found = match agent::name_problem(name_or_path) {
                None => catalog.find(&file)?,
                Some(_) => None,
            };
            found.ok_or_else(|| {
                let names = catalog.names(Folder::Kits);
                Error::Unknown {
                    kind: "kit",
                    name: name_or_path.to_owned(),
                    suggestion: closest(name_or_path, names.iter().map(|(n, _)| n.as_str()))
                        .map(str::to_owned),
                }
            })?
        };
        let file: KitFile = role::parse(&found)?;
        let questions = role::expand(catalog, file.questions, &found.location)?;
        let problem = |message: String| Error::RoleDefinition {
            file: found.location.clone(),
            line: None,
            message,
        };
        let mut problems = Vec::new();
        if let Some(reason) = agent::name_problem(&file.name) {
            problems.push(format!("kit name '{}': {reason}", file.name));
        }
        if file.summary.contains('\n') || file.summary.trim().is_empty() {
            problems.push("summary must be one non-empty line".into());
        }
        problems.extend(role::check_questions(&questions));
        for q in &questions {
            if PER_AGENT_KEYS.contains(&q.key.as_str()) {
                problems.push(format!(
                    "a shared question cannot be '{}': it is per agent",
                    q.key
                ));
            }
        }
        if file.agents.is_empty() {
            problems.push("a kit needs at least one agent".into());
        }
        for (i, member) in file.agents.iter().enumerate() {
            if !matches!(member.answers, None | Some(Raw::Map(_)) | Some(Raw::Null)) {
                problems.push(format!(
                    "agent {} ({}): answers must be a mapping",
                    i + 1,
                    member.agent_name()
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problem(problems.join("; ")));
        }
        let mut roles: Vec<Role> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut role_of = Vec::with_capacity(file.agents.len());
        for member in &file.agents {
            let i = match index.get(member.role.as_str()) {
                Some(&i) => i,
                None => {
                    roles.push(Role::load(catalog, &member.role)?);
                    index.insert(&member.role, roles.len() - 1);
                    roles.len() - 1
                }
            };
            role_of.push(i);
        }
        Ok(Kit {
            name: file.name,
            summary: file.summary,
            description: file.description,
            questions,
            agents: file.agents,
            roles,
            role_of,
            source: found.source,
            location: found.location,
        })
    }

    /// Every kit in the catalogue, sorted by name; one that cannot be
    /// loaded is listed with its problem.
    pub fn entries(catalog: &Catalog) -> Vec<KitEntry> {
        catalog
            .names(Folder::Kits)
            .into_iter()
            .map(|(name, source)| match Kit::load(catalog, &name) {
                Ok(kit) => KitEntry {
                    agents: kit
                        .agents
                        .iter()
                        .map(|m| m.agent_name().to_owned())
                        .collect(),
                    name: kit.name,
                    summary: kit.summary,
                    source: kit.source,
                    problem: None,
                },
                Err(e) => KitEntry {
                    name,
                    summary: String::new(),
                    agents: Vec::new(),
                    source,
                    problem: Some(e.to_string()),
                },
            })
            .collect()
    }

    /// Each member with its role.
    pub fn members(&self) -> impl Iterator<Item = (&Member, &Role)> {
        self.agents
            .iter()
            .zip(&self.role_of)
            .map(|(member, &i)| (member, &self.roles[i]))
    }

    /// The kit's shared questions as a role, so they are gathered like
    /// any role's.
    pub fn as_role(&self) -> Role {
        Role {
            name: self.name.clone(),
            summary: self.summary.clone(),
            questions: self.questions.clone(),
            source: self.source,
        }
    }

    /// Whether any member's role asks `key`, or the kit itself does.
    pub fn knows(&self, key: &str) -> bool {
        self.questions.iter().any(|q| q.key == key)
            || self.roles.iter().any(|r| r.question(key).is_some())
    }

    /// Every key the kit or a member asks, for suggestions.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.questions.iter().map(|q| q.key.as_str()).collect();
        for role in &self.roles {
            keys.extend(role.questions.iter().map(|q| q.key.as_str()));
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

fn is_path(arg: &str) -> bool {
    arg.contains('/') || arg.contains('\\') || arg.ends_with(".yaml") || arg.ends_with(".yml")
}

fn read_file(path: &Path) -> Result<Found> {
    let action = "read the kit file";
    let bytes = crate::read::read_capped(path, "a kit file").map_err(|refusal| match refusal {
        Refusal::NotRegular(reason) | Refusal::TooLarge(reason) => Error::Refused {
            action,
            path: path.to_owned(),
            reason,
        },
        Refusal::Io(e) => Error::io(action, path, e),
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::io(action, path, std::io::Error::other("it is not UTF-8 text")))?;
    Ok(Found {
        text: text.into(),
        format: Format::Text,
        source: Source::File,
        location: path.display().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_kit_loads_with_its_roles() {
        let catalog = Catalog::embedded();
        let kits = Kit::entries(&catalog);
        assert!(kits.iter().any(|k| k.name == "startup"), "{kits:?}");
        for entry in kits {
            let kit = Kit::load(&catalog, &entry.name).unwrap();
            assert_eq!(kit.members().count(), kit.agents.len());
            for (member, role) in kit.members() {
                assert_eq!(member.role, role.name);
            }
        }
    }

    #[test]
    fn unknown_kits_suggest_the_closest() {
        let err = Kit::load(&Catalog::embedded(), "startpu").unwrap_err();
        assert!(
            matches!(err, Error::Unknown { suggestion: Some(ref s), .. } if s == "startup"),
            "{err}"
        );
    }
}
