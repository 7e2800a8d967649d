//! Role definitions: `roles/<role>/role.yaml`, read and checked.
//!
//! A role has a name, a one-line summary and an ordered list of questions.
//! An entry of that list is either a question or `use: <set>`, which splices
//! in the questions of `questions/<set>.yaml` (the identity questions every
//! role shares, the insights file protocol, ...) with `defaults:` replacing the
//! set's defaults for this role. Shared sets keep fifteen roles from
//! carrying fifteen copies of the same questions. A definition is checked
//! completely when it is loaded, and every problem is reported with the file
//! (and, where the YAML parser knows it, the line). A question may not use
//! a key that answers files reserve (`targets`, `agents`) or that the
//! render context adds. An optional `handoff:` line says what kit
//! teammates should hand to the role.

use serde::de;
use serde::{Deserialize as DeriveDeserialize, Serialize};

use crate::catalog::{Catalog, Folder, Format, Found, Source};
use crate::error::{Error, Result};
use crate::question::{Kind, Question, closest};
use crate::value::{Raw, RawDeserializer};
use crate::yaml;

mod entry;
pub use entry::{Entry, UseSet};

/// A role, its question sets spliced in.
#[derive(Clone, Debug, Serialize)]
pub struct Role {
    pub name: String,
    /// One line for `list`.
    pub summary: String,
    /// What teammates in a kit should hand to this role, in one line;
    /// other members' bodies list it under "Your teammates".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handoff: Option<String>,
    pub questions: Vec<Question>,
    #[serde(skip)]
    pub source: Source,
    /// Where it is defined, and what kind of definition that is ("role",
    /// or "kit" for a kit's shared questions), for messages.
    #[serde(skip)]
    pub location: String,
    #[serde(skip)]
    pub kind: &'static str,
}

/// A role's line in `list`.
#[derive(Clone, Debug, Serialize)]
pub struct RoleEntry {
    pub name: String,
    pub summary: String,
    pub source: Source,
    /// Why the role cannot be used, when it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

#[derive(DeriveDeserialize)]
#[serde(deny_unknown_fields)]
struct RoleFile {
    name: String,
    summary: String,
    #[serde(default)]
    handoff: Option<String>,
    questions: Vec<Entry>,
}

/// Decodes an untyped tree into a typed definition.
pub fn decode<T: de::DeserializeOwned>(raw: &Raw) -> std::result::Result<T, String> {
    T::deserialize(RawDeserializer(raw)).map_err(|e| e.to_string())
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

    /// Loads and checks a role from the catalogue.
    pub fn load(catalog: &Catalog, name: &str) -> Result<Role> {
        let file = format!("roles/{name}/role.yaml");
        let found = match crate::names::problem(name) {
            None => catalog.find(&file)?,
            Some(_) => None,
        };
        let Some(found) = found else {
            let names = catalog.names(Folder::Roles);
            return Err(Error::Unknown {
                kind: "role",
                name: name.to_owned(),
                suggestion: closest(name, names.iter().map(|(n, _)| n.as_str())).map(str::to_owned),
            });
        };
        let definition: RoleFile = parse(&found, "role")?;
        let questions = expand(catalog, definition.questions, &found.location, "role")?;
        check_reserved(&questions, &found)?;
        if questions.len() > crate::catalog::MAX_QUESTIONS {
            return Err(Error::Definition {
                kind: "role",
                file: found.location,
                line: None,
                message: format!(
                    "it asks {} questions, more than the {} agentgen accepts from one role",
                    questions.len(),
                    crate::catalog::MAX_QUESTIONS
                ),
            });
        }
        let role = Role {
            name: definition.name,
            summary: definition.summary,
            handoff: definition.handoff,
            questions,
            source: found.source,
            location: found.location.clone(),
            kind: "role",
        };
        // A catalogue of built-in templates only holds roles this build was
        // tested with (`every_embedded_role_is_sound`): checking them again
        // on every run is a third of loading one.
        if catalog.user_roots().is_empty() {
            return Ok(role);
        }
        let mut problems = role.problems(name);
        if catalog.find(&role.body_template())?.is_none() {
            problems.push(format!(
                "the body template {} is missing",
                role.body_template()
            ));
        }
        if !problems.is_empty() {
            return Err(Error::Definition {
                kind: "role",
                file: found.location,
                line: None,
                message: problems.join("; "),
            });
        }
        Ok(role)
    }

    /// Every role with its summary, sorted by name. A role that cannot be
    /// loaded is listed with its problem, so one broken custom role does not
    /// hide the others.
    pub fn entries(catalog: &Catalog) -> Vec<RoleEntry> {
        catalog
            .names(Folder::Roles)
            .into_iter()
            .map(|(name, source)| match Role::load(catalog, &name) {
                Ok(role) => RoleEntry {
                    name: role.name,
                    summary: role.summary,
                    source: role.source,
                    problem: None,
                },
                Err(e) => RoleEntry {
                    name,
                    summary: String::new(),
                    source,
                    problem: Some(e.to_string()),
                },
            })
            .collect()
    }

    /// Every problem with this definition; empty when it is sound.
    fn problems(&self, dir_name: &str) -> Vec<String> {
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
        if self
            .handoff
            .as_ref()
            .is_some_and(|h| h.contains('\n') || h.trim().is_empty())
        {
            problems.push("handoff must be one non-empty line".into());
        }
        problems.extend(check_questions(&self.questions));
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

/// Question keys a role may not declare, with why: an answers file uses
/// `targets:` for per-target fields and `agents:` for a kit's per-agent
/// answers, so such a question could never be answered; and the render
/// context adds its own keys (`defaulted`, `team`) after the answers.
fn reserved_key(key: &str) -> Option<&'static str> {
    if key == crate::answers::TARGETS_KEY {
        Some("answers files hold per-target fields under `targets:`")
    } else if key == "agents" {
        Some("kit answers files hold per-agent answers under `agents:`")
    } else if crate::answers::RENDER_KEYS.contains(&key) {
        Some("agentgen adds it to the render context itself")
    } else {
        None
    }
}

/// Refuses a question whose key collides with a reserved answers key,
/// naming the role file, the key and, for a file on disk, its line.
fn check_reserved(questions: &[Question], found: &Found) -> Result<()> {
    let Some((key, why)) = questions
        .iter()
        .find_map(|q| reserved_key(&q.key).map(|why| (q.key.as_str(), why)))
    else {
        return Ok(());
    };
    let line = match found.format {
        Format::Text => key_line(&found.text, key),
        Format::Json => None,
    };
    Err(Error::Definition {
        kind: "role",
        file: found.location.clone(),
        line,
        message: format!(
            "question key '{key}' is reserved ({why}), so it could never be answered; rename it"
        ),
    })
}

/// The 1-based line of `key: <key>` in a YAML definition, block or flow
/// style, quoted or not.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.split(['{', ','])
                .map(|part| part.trim_start().trim_start_matches("- ").trim_start())
                .filter_map(|part| part.strip_prefix("key:"))
                .any(|rest| {
                    rest.trim()
                        .trim_end_matches('}')
                        .trim()
                        .trim_matches(['"', '\''])
                        == key
                })
        })
        .map(|i| i + 1)
}

/// Parses a definition file, reporting its location on failure.
/// `kind` says what it defines: "role", "kit" or "question set".
pub fn parse<T: de::DeserializeOwned>(found: &Found, kind: &'static str) -> Result<T> {
    let problem = |line, message| Error::Definition {
        kind,
        file: found.location.clone(),
        line,
        message,
    };
    match found.format {
        Format::Text => yaml::from_str(&found.text).map_err(|e| problem(e.line, e.message)),
        // Built in and converted at build time: a problem here is in the
        // definition's content (an unknown field), not its syntax.
        Format::Json => serde_json::from_str(&found.text).map_err(|e| {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or_default();
            problem(None, message.to_owned())
        }),
    }
}

/// Splices question sets into a list of entries.
/// `location` and `kind` name the definition that uses the sets.
pub fn expand(
    catalog: &Catalog,
    entries: Vec<Entry>,
    location: &str,
    kind: &'static str,
) -> Result<Vec<Question>> {
    let mut questions = Vec::new();
    for entry in entries {
        match entry {
            Entry::Question(q) => questions.push(*q),
            Entry::Use(set) => questions.extend(splice(catalog, set, location, kind)?),
        }
    }
    Ok(questions)
}

fn splice(
    catalog: &Catalog,
    set: UseSet,
    location: &str,
    kind: &'static str,
) -> Result<Vec<Question>> {
    let problem = |message: String| Error::Definition {
        kind,
        file: location.to_owned(),
        line: None,
        message,
    };
    let file = format!("questions/{}.yaml", set.set);
    let found = match crate::catalog::is_safe_name(&set.set) {
        true => catalog.find(&file)?,
        false => None,
    }
    .ok_or_else(|| {
        let mut message = format!("`use: {}`: there is no question set {file}", set.set);
        let has_set = |new: &str| catalog.has(&format!("questions/{new}.yaml"));
        if let Some(rename) = crate::question::renamed::message(&set.set, has_set) {
            message.push_str(&format!("; {rename}"));
        }
        problem(message)
    })?;
    let entries: Vec<Entry> = parse(&found, "question set")?;
    let mut questions = Vec::new();
    for entry in entries {
        match entry {
            Entry::Question(q) => questions.push(*q),
            Entry::Use(_) => {
                return Err(Error::Definition {
                    kind: "question set",
                    file: found.location.clone(),
                    line: None,
                    message: "a question set cannot `use` another set".into(),
                });
            }
        }
    }
    match set.defaults {
        None | Some(Raw::Null) => {}
        Some(Raw::Map(defaults)) => {
            for (key, value) in defaults {
                let Some(q) = questions.iter_mut().find(|q| q.key == key) else {
                    let keys: Vec<&str> = questions.iter().map(|q| q.key.as_str()).collect();
                    return Err(problem(format!(
                        "`use: {}` sets a default for '{key}', which the set does not ask; it asks {}",
                        set.set,
                        keys.join(", ")
                    )));
                };
                q.set_default(value);
            }
        }
        Some(_) => {
            return Err(problem(format!(
                "`use: {}`: defaults must be a mapping",
                set.set
            )));
        }
    }
    if let Some(when) = &set.when {
        for q in questions.iter_mut().filter(|q| q.when.is_none()) {
            q.when = Some(when.clone());
        }
    }
    Ok(questions)
}

/// Problems with a list of questions: each question's own, and keys
/// declared twice.
pub fn check_questions(questions: &[Question]) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        if questions[..i].iter().any(|earlier| earlier.key == q.key) {
            problems.push(format!("question '{}' is declared twice", q.key));
        }
        problems.extend(q.check_definition(true));
    }
    problems
}

/// A role from a `questions:` list alone, for tests of question flows.
#[cfg(test)]
pub fn test_role(questions: &str) -> Role {
    let entries: Vec<Entry> = yaml::from_str(questions).unwrap();
    Role {
        name: "t".into(),
        summary: "s".into(),
        handoff: None,
        questions: expand(&Catalog::embedded(), entries, "test", "role").unwrap(),
        source: Source::Embedded,
        location: "test".into(),
        kind: "role",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_role_is_sound() {
        let catalog = Catalog::embedded();
        let roles = Role::entries(&catalog);
        assert!(roles.iter().any(|r| r.name == "backend-architect"));
        for entry in roles {
            let role = Role::load(&catalog, &entry.name).unwrap();
            // Loading skips these checks for built-in roles: this is where
            // they are made.
            assert_eq!(
                role.problems(&entry.name),
                Vec::<String>::new(),
                "{}",
                entry.name
            );
            assert!(catalog.has(&role.body_template()), "{}", entry.name);
        }
    }

    /// Built-in roles load from build.rs's tagged JSON; read from their
    /// YAML instead (the templates folder as a user's), every role must
    /// come out the same, question by question.
    #[test]
    fn tagged_and_yaml_definitions_load_alike() {
        let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let yaml = Catalog::with_roots(&[(templates, Source::Flag)]).unwrap();
        let embedded = Catalog::embedded();
        let roles = Role::entries(&embedded);
        assert!(roles.len() >= 20);
        for entry in roles {
            let tagged = Role::load(&embedded, &entry.name).unwrap();
            let read = Role::load(&yaml, &entry.name).unwrap();
            assert_eq!(read.source, Source::Flag, "{} was read as YAML", entry.name);
            assert_eq!(
                serde_json::to_value(&tagged).unwrap(),
                serde_json::to_value(&read).unwrap(),
                "{}",
                entry.name
            );
        }
    }

    #[test]
    fn unknown_roles_suggest_the_closest() {
        let err = Role::load(&Catalog::embedded(), "backend-architekt").unwrap_err();
        assert!(
            matches!(err, Error::Unknown { suggestion: Some(ref s), .. } if s == "backend-architect")
        );
        assert!(Role::load(&Catalog::embedded(), "../roles/backend-architect").is_err());
    }

    fn custom(files: &[(&str, &str)]) -> (tempfile::TempDir, Catalog) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let catalog = Catalog::with_roots(&[(dir.path().to_owned(), Source::Flag)]).unwrap();
        (dir, catalog)
    }

    #[test]
    fn sets_are_spliced_with_their_defaults_replaced() {
        let (_dir, catalog) = custom(&[
            (
                "roles/r/role.yaml",
                "name: r\nsummary: s\nquestions:\n  - use: identity\n    defaults: {name: r, color: red}\n",
            ),
            ("roles/r/agent.md.j2", "body"),
        ]);
        let role = Role::load(&catalog, "r").unwrap();
        assert_eq!(
            role.question("color").unwrap().default,
            Some(Raw::Str("red".into()))
        );
        assert_eq!(role.source, Source::Flag);
    }

    #[test]
    fn malformed_definitions_name_the_file_line_and_problem() {
        let (dir, catalog) = custom(&[
            (
                "roles/r/role.yaml",
                "name: r\nsummary: s\nquestions:\n  - key: a\n    promt: A\n    type: string\n",
            ),
            ("roles/r/agent.md.j2", "body"),
        ]);
        let err = Role::load(&catalog, "r").unwrap_err().to_string();
        let file = dir.path().join("roles/r/role.yaml");
        assert!(err.contains(&file.display().to_string()), "{err}");
        assert!(err.contains("line"), "{err}");
        assert!(err.contains("unknown field `promt`"), "{err}");

        let (_dir, catalog) = custom(&[
            (
                "roles/r/role.yaml",
                "name: r\nsummary: s\nquestions:\n  - use: identity\n    defaults: {nmae: x}\n",
            ),
            ("roles/r/agent.md.j2", "body"),
        ]);
        let err = Role::load(&catalog, "r").unwrap_err().to_string();
        assert!(
            err.contains("sets a default for 'nmae', which the set does not ask"),
            "{err}"
        );
    }

    #[test]
    fn reserved_question_keys_are_refused_with_their_line() {
        for (key, line) in [("targets", 6), ("agents", 6), ("defaulted", 6)] {
            let yaml = format!(
                "name: r\nsummary: s\nquestions:\n  - use: identity\n    defaults: {{name: r}}\n  - key: {key}\n    prompt: P\n    type: string\n"
            );
            let (dir, catalog) = custom(&[
                ("roles/r/role.yaml", &yaml),
                ("roles/r/agent.md.j2", "body"),
            ]);
            let err = Role::load(&catalog, "r").unwrap_err();
            let file = dir.path().join("roles/r/role.yaml").display().to_string();
            assert!(
                matches!(&err, Error::Definition { file: f, line: Some(l), message, .. }
                    if *f == file && *l == line && message.contains(&format!("'{key}' is reserved"))),
                "{err}"
            );
        }
        assert_eq!(
            key_line("a: 1\n  - {key: targets, type: list}\n", "targets"),
            Some(2)
        );
        assert_eq!(key_line("  - key: \"team\"\n", "team"), Some(1));
        assert_eq!(key_line("  - key: targets_x\n", "targets"), None);
    }

    #[test]
    fn entries_decode_straight_from_the_tree() {
        let raw = crate::yaml::parse(
            "key: k\nprompt: K\ntype: choice\nchoices: [a, b]\nrequired: false\nhelp: null\nmin_items: 1\n",
        )
        .unwrap();
        let q: Question = decode(&raw).unwrap();
        assert_eq!(
            (q.key.as_str(), q.kind, q.required),
            ("k", Kind::Choice, false)
        );
        assert_eq!((q.choices.len(), q.help, q.min_items), (2, None, Some(1)));
        for (yaml, message) in [
            (
                "key: k\nprompt: K\ntype: strng\n",
                "unknown variant `strng`",
            ),
            ("key: k\nprompt: K\ntype: [string]\n", "expected one of"),
            (
                "key: k\nprompt: 3\ntype: string\n",
                "invalid type: integer `3`, expected a string",
            ),
            (
                "key: k\nprompt: K\ntype: bool\nrequired: maybe\n",
                "expected a boolean",
            ),
        ] {
            let err = decode::<Question>(&crate::yaml::parse(yaml).unwrap()).unwrap_err();
            assert!(err.contains(message), "{yaml}: {err}");
        }
    }
}
