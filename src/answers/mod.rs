//! Answers: what the user gave, and what a role's questions made of it.
//!
//! [`read`] parses answers files and `--set` flags; [`sources`] reads
//! every source a run names into one [`UserAnswers`] (shared answers,
//! per-agent answers, per-target fields), with one error policy: every
//! problem is collected, with its file and line, before anything else
//! happens. [`gather`] walks a role's questions over the layered answers,
//! asking a [`crate::prompt::Prompter`] what is still open, and [`saved`]
//! writes final answers back out as a file that replays them. An answer
//! under a key that was renamed is refused with its new name
//! ([`crate::question::renamed`]); [`frontmatter`] refuses a typed `\n` in
//! answers that land in the frontmatter, which lint would warn about.

mod check;
pub mod frontmatter;
pub mod gather;
pub mod read;
pub mod saved;
pub mod sources;

use std::collections::HashMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::error::Origin;
use crate::value::{Raw, Value};

pub use gather::{Gathered, RENDER_KEYS, gather};
pub use read::{parse_file, parse_set, read_file};
pub use sources::UserAnswers;

/// The key under which answers hold per-target fields
/// (`targets: {opencode: {model: ...}}`); it belongs to no role.
pub const TARGETS_KEY: &str = "targets";

/// The key of a kit answers file that holds each agent's own answers.
pub const AGENTS_KEY: &str = "agents";

/// One answer as given, before it is checked.
#[derive(Clone, Debug)]
pub struct Given {
    pub key: String,
    pub raw: Raw,
    pub origin: Origin,
    /// For `--set`, the text after `=` as typed.
    pub typed: Option<String>,
    /// Given for a whole kit rather than this agent: not worth a warning
    /// when this agent's role skips the question.
    pub shared: bool,
    /// For a mapping read from a file (a kit's `agents:`), the lines of the
    /// keys inside it, as `NAME` and `NAME.KEY`.
    pub nested_lines: HashMap<String, usize>,
}

impl Given {
    pub fn new(key: impl Into<String>, raw: Raw, origin: Origin) -> Given {
        Given {
            key: key.into(),
            raw,
            origin,
            typed: None,
            shared: false,
            nested_lines: HashMap::new(),
        }
    }
}

/// All given answers, later sources already layered over earlier ones.
#[derive(Clone, Debug, Default)]
pub struct GivenAnswers {
    entries: Vec<Given>,
    /// The place of each key in `entries`: an answers file may hold a
    /// hundred thousand (unknown) keys, and searching the list for each
    /// would take minutes.
    index: HashMap<String, usize>,
}

impl GivenAnswers {
    /// Adds answers from a later source; a key given again replaces the
    /// earlier value.
    pub fn layer(&mut self, answers: impl IntoIterator<Item = Given>) {
        for given in answers {
            match self.index.get(&given.key) {
                Some(&at) => self.entries[at] = given,
                None => {
                    self.index.insert(given.key.clone(), self.entries.len());
                    self.entries.push(given);
                }
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&Given> {
        self.index.get(key).map(|&at| &self.entries[at])
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Given> {
        self.entries.iter()
    }
}

/// The final answers of one role, in question order. `None` is an optional
/// question that was left empty; it is `none` in templates. A question that
/// was skipped (its `when` was false) and has no default is absent, and
/// undefined in templates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    entries: Vec<(String, Option<Value>)>,
}

impl Answers {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_ref())
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    pub fn entries(&self) -> &[(String, Option<Value>)] {
        &self.entries
    }

    pub(crate) fn push(&mut self, key: &str, value: Option<Value>) {
        self.entries.push((key.to_owned(), value));
    }
}

impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
