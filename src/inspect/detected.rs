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

/// The detected defaults of one role, or of a kit's shared questions, by
/// question key.
pub struct Offered {
    given: GivenAnswers,
    /// A kit's: keeping a detected value answers nothing for the team, and
    /// each member takes its own share of it
    /// ([`crate::pipeline::gather::shared`]).
    team: bool,
}

/// One question's detected default, as `show --json` prints it.
#[derive(Serialize)]
pub struct Detected<'a> {
    pub value: &'a Raw,
    /// The files that show it, each once.
    pub sources: Vec<&'a str>,
    /// For a kit's shared question: the value is offered, and kept it
    /// leaves each agent its own share of it rather than answering.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub per_agent: bool,
}

impl Offered {
    /// What `role` takes of `detected` (empty with `--no-detect` or
    /// outside a project with a known stack).
    pub fn new(role: &Role, detected: &[Given]) -> Offered {
        let mut given = GivenAnswers::default();
        // Later layers win, as in `new`: a question fed by two detected
        // keys takes the last.
        given.layer(crate::pipeline::gather::fitting(role, detected));
        Offered { given, team: false }
    }

    /// What a kit's shared questions (`team`, the kit as a role) offer.
    pub fn team(team: &Role, detected: &[Given]) -> Offered {
        let mut given = GivenAnswers::default();
        given.layer(crate::pipeline::gather::team_fitting(team, detected));
        Offered { given, team: true }
    }

    /// The answers to gather over, so the defaults written are the ones
    /// `new` would take; none for a kit, whose members take their own.
    pub fn given(&self) -> GivenAnswers {
        match self.team {
            true => GivenAnswers::default(),
            false => self.given.clone(),
        }
    }

    pub fn get(&self, key: &str) -> Option<Detected<'_>> {
        let given = self.given.get(key)?;
        let sources = match &given.origin {
            Origin::Detected { files } => crate::error::distinct(files),
            _ => Vec::new(),
        };
        Some(Detected {
            value: &given.raw,
            sources,
            per_agent: self.team,
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
