//! Kit definitions: `kits/<kit>.yaml`, or any kit file given by path.
//!
//! A kit is a named team of agents generated together. It declares shared
//! questions, asked once, whose answers reach the members whose role takes
//! them (a plain key such as the project or the model wherever it is asked,
//! a stack answer such as the languages only where a role's `shared:`
//! declares it; see question::share), and its members: each a role, an optional agent name (the role's name by
//! default), and answers the kit fixes for that member. Loading a kit loads
//! and checks every member role, so a kit that names a missing role or gives
//! two members one name is refused before anything is asked.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Folder, Format, Found, Source};
use crate::error::{Error, Result};
use crate::names;
use crate::question::{Question, closest};
use crate::read::Refusal;
use crate::role::{self, Entry, Role};
use crate::value::Raw;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KitFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    summary: Option<String>,
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
        let by_path = is_path(name_or_path);
        let found = if by_path {
            read_file(Path::new(name_or_path))?
        } else {
            find(catalog, name_or_path)?
        };
        let file: KitFile = role::parse(&found, "kit")?;
        // A user's own kit file needs only its agents: its name is the
        // file's stem, and a summary is for the catalogue's listing.
        let name = match (&file.name, by_path) {
            (Some(name), _) => name.clone(),
            (None, true) => stem(name_or_path),
            (None, false) => String::new(),
        };
        let summary = match (&file.summary, by_path) {
            (Some(summary), _) => summary.clone(),
            (None, true) => format!("the agents of {name_or_path}"),
            (None, false) => String::new(),
        };
        let questions = role::expand(catalog, file.questions, &found.location, "kit")?;
        let problems = problems(&name, &file.summary, by_path, &questions, &file.agents);
        if !problems.is_empty() {
            return Err(Error::Definition {
                kind: "kit",
                file: found.location.clone(),
                line: None,
                message: problems.join("; "),
            });
        }
        let (roles, role_of) = load_roles(catalog, &file.agents)?;
        Ok(Kit {
            name,
            summary,
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

    /// Agent names must be valid and unique before anyone is asked anything.
    pub fn check_names(&self) -> Result<()> {
        let mut problems = Vec::new();
        let mut first_named: HashMap<&str, usize> = HashMap::with_capacity(self.agents.len());
        for (i, member) in self.agents.iter().enumerate() {
            let name = member.agent_name();
            if let Some(reason) = names::problem(name) {
                problems.push(format!(
                    "agent {} ({}): '{name}' cannot be an agent name: {reason}",
                    i + 1,
                    member.role
                ));
            }
            if let Some(&first) = first_named.get(name) {
                problems.push(format!(
                    "agents {} and {} are both named '{name}'; give one of them a `name:` in the kit",
                    first + 1,
                    i + 1
                ));
            } else {
                first_named.insert(name, i);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::KitProblems {
                kit: self.name.clone(),
                problems,
                conflicts: Vec::new(),
            })
        }
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
            handoff: None,
            questions: self.questions.clone(),
            source: self.source,
            location: self.location.clone(),
            kind: "kit",
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

/// A kit of the catalogue by name, or an error that suggests the closest.
fn find(catalog: &Catalog, name: &str) -> Result<Found> {
    let found = match names::problem(name) {
        None => catalog.find(&format!("kits/{name}.yaml"))?,
        Some(_) => None,
    };
    found.ok_or_else(|| {
        let names = catalog.names(Folder::Kits);
        Error::Unknown {
            kind: "kit",
            name: name.to_owned(),
            suggestion: closest(name, names.iter().map(|(n, _)| n.as_str())).map(str::to_owned),
        }
    })
}

/// The name of a kit file that does not give one: its file name without
/// the extension.
fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What is wrong with a kit's definition, every problem at once.
fn problems(
    name: &str,
    summary: &Option<String>,
    by_path: bool,
    questions: &[Question],
    agents: &[Member],
) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(reason) = names::problem(name) {
        problems.push(format!("kit name '{name}': {reason}"));
    }
    match summary {
        Some(s) if s.contains('\n') || s.trim().is_empty() => {
            problems.push("summary must be one non-empty line".into())
        }
        None if !by_path => problems.push("missing field `summary`".into()),
        _ => {}
    }
    problems.extend(role::check_questions(questions));
    for q in questions {
        if PER_AGENT_KEYS.contains(&q.key.as_str()) {
            problems.push(format!(
                "a shared question cannot be '{}': it is per agent",
                q.key
            ));
        }
    }
    if agents.is_empty() {
        problems.push("a kit needs at least one agent".into());
    }
    for (i, member) in agents.iter().enumerate() {
        if !matches!(member.answers, None | Some(Raw::Map(_)) | Some(Raw::Null)) {
            problems.push(format!(
                "agent {} ({}): answers must be a mapping",
                i + 1,
                member.agent_name()
            ));
        }
    }
    problems
}

/// Each distinct role of the members, loaded once, and the index of each
/// member's role.
fn load_roles(catalog: &Catalog, agents: &[Member]) -> Result<(Vec<Role>, Vec<usize>)> {
    let mut roles: Vec<Role> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut role_of = Vec::with_capacity(agents.len());
    for member in agents {
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
    Ok((roles, role_of))
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
