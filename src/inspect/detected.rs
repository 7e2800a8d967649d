//! What `show` and `answers` say of the stack detected in the project
//! they run in: the value each of a role's questions would be offered as
//! its default, and the files that show it.
//!
//! The values come from the same place as those `new` offers
//! ([`crate::pipeline::detected`] read once by the command, narrowed per
//! question by [`crate::pipeline::gather::fitting`]), so what `show` says
//! is what the prompt offers, and an answers file printed by `answers`
//! replays to the agent `new --defaults` writes in the same project.

use serde::Serialize;

use crate::answers::{Given, GivenAnswers};
use crate::error::Origin;
use crate::role::Role;
use crate::value::Raw;

/// The detected defaults of one role, by question key.
pub struct Offered {
    given: GivenAnswers,
}

/// One question's detected default, as `show --json` prints it.
#[derive(Serialize)]
pub struct Detected<'a> {
    pub value: &'a Raw,
    /// The files that show it, each once.
    pub sources: Vec<&'a str>,
}

impl Offered {
    /// What `role` takes of `detected` (empty with `--no-detect` or
    /// outside a project with a known stack).
    pub fn new(role: &Role, detected: &[Given]) -> Offered {
        let mut given = GivenAnswers::default();
        // Later layers win, as in `new`: a question fed by two detected
        // keys takes the last.
        given.layer(crate::pipeline::gather::fitting(role, detected));
        Offered { given }
    }

    /// The answers to gather over, so the defaults written are the ones
    /// `new` would take.
    pub fn given(&self) -> &GivenAnswers {
        &self.given
    }

    pub fn get(&self, key: &str) -> Option<Detected<'_>> {
        let given = self.given.get(key)?;
        let sources = match &given.origin {
            Origin::Detected { files } => crate::detect::sources(files),
            _ => Vec::new(),
        };
        Some(Detected {
            value: &given.raw,
            sources,
        })
    }
}

impl Detected<'_> {
    /// "Cargo.toml, go.mod", with control characters in a file name shown
    /// escaped, so it stays one line of text or one YAML comment.
    pub fn files(&self) -> String {
        let shown: Vec<String> = (self.sources.iter())
            .map(|f| crate::detect::comment_text(f))
            .collect();
        shown.join(", ")
    }
}

/// `show --json` of a role: each question the project's stack answers
/// gets a `detected` field with the value and its sources; the role's own
/// `default` is left as it is.
pub fn mark_json(role_json: &mut serde_json::Value, offered: &Offered) {
    let Some(questions) = role_json["questions"].as_array_mut() else {
        return;
    };
    for question in questions {
        let key = question["key"].as_str().unwrap_or_default().to_owned();
        if let Some(detected) = offered.get(&key) {
            question["detected"] = serde_json::json!(detected);
        }
    }
}
