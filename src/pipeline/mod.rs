//! The one path from answers to files, shared by every command that
//! generates agents.
//!
//! A command describes its run as a [`Batch`]: a list of agent
//! [`Request`]s (role, answer layers, targets, destination) and, for a
//! kit, the questions the whole team shares. `new` makes a batch of one,
//! `kit` one request per member. The pipeline then:
//! 1. gathers the shared answers once, then each agent's answers over its
//!    layers ([`gather`]), asking a person only what is still open;
//! 2. renders each agent and each target's file, checked and read back
//!    ([`produce`]), on every core when nobody is asked;
//! 3. plans every file, asks before replacing, and writes all or nothing
//!    ([`deliver`]).
//!
//! Commands add their own files (saved answers, a plugin manifest) between
//! steps 2 and 3. Nothing is written before step 3, so any error before it
//! leaves the disk as it was.

pub mod deliver;
pub mod gather;
pub mod kit;
pub mod manifest;
pub mod produce;
pub mod record;

use std::path::PathBuf;

use crate::answers::{Gathered, Given, GivenAnswers};
use crate::config::Destination;
use crate::role::Role;
use crate::target::{Overrides, Target};

pub use deliver::deliver;
pub use produce::produce;

/// One agent a command asks for.
pub struct Request<'a> {
    pub role: &'a Role,
    /// The agent's name as the command knows it, for messages about it
    /// (a kit member's); errors then name the agent and its role.
    pub label: Option<String>,
    /// Answers the command fixes (a kit's answers for its member), over
    /// the team's defaults and under what the user gave.
    pub fixed: Vec<Given>,
    /// What the user gave for this agent, already layered.
    pub given: GivenAnswers,
    pub overrides: Overrides,
    pub targets: Vec<Target>,
    pub destination: Destination,
}

/// Questions a whole team shares, gathered once before any agent.
pub struct Shared {
    /// The shared questions, as a role without a body.
    pub role: Role,
    /// The user's answers to them.
    pub given: GivenAnswers,
    /// Where answers the team fixes come from, for messages.
    pub origin: crate::error::Origin,
}

/// What a command hands the pipeline.
pub struct Batch<'a> {
    pub shared: Option<Shared>,
    pub requests: Vec<Request<'a>>,
    /// Every member of a team, for the `team` its members' templates see
    /// (each without itself); empty for a solo agent.
    pub team: Vec<Teammate>,
    /// What the project's files say of its stack, offered to every agent
    /// under every other answer (see [`crate::detect`]).
    pub detected: Vec<Given>,
}

/// One member of a team, as the other members' templates see it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Teammate {
    pub name: String,
    pub role: String,
    /// What to hand this member, from its role's `handoff:`.
    pub handoff: Option<String>,
}

/// The stack detected in the project folder, as answers (none without a
/// folder).
pub fn detected(root: Option<&std::path::Path>) -> Vec<Given> {
    let Some(root) = root else {
        return Vec::new();
    };
    let root = if root.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        root
    };
    crate::detect::evidenced(&crate::detect::detect(root))
        .into_iter()
        .map(|a| {
            Given::new(
                a.key,
                a.raw,
                crate::error::Origin::Detected { files: a.files },
            )
        })
        .collect()
}

/// One target's file of one agent.
pub struct File {
    pub target: Target,
    /// Where it goes; `None` for standard output.
    pub path: Option<PathBuf>,
    pub text: String,
    /// What the target could not write as the agent had it.
    pub notes: Vec<crate::target::Note>,
}

/// One agent, produced.
pub struct Agent {
    pub name: String,
    pub role: String,
    /// The final answers, without the templates' copy of them.
    pub gathered: Gathered,
    pub overrides: Overrides,
    pub files: Vec<File>,
}

/// What the pipeline made of a batch, before anything is written.
pub struct Produced {
    /// The shared answers, when the batch had shared questions.
    pub shared: Option<Gathered>,
    pub agents: Vec<Agent>,
    /// The detected stack they were rendered over, for the lock's record
    /// of what the render depended on.
    pub detected: Vec<Given>,
}

impl Produced {
    /// Every file that has a path, for the plan.
    pub fn files(&mut self) -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        for agent in &mut self.agents {
            for file in &mut agent.files {
                if let Some(path) = &file.path {
                    out.push((path.clone(), std::mem::take(&mut file.text)));
                }
            }
        }
        out
    }

    /// The text of a file meant for standard output, if any.
    pub fn printed(&self) -> Option<&str> {
        self.agents
            .iter()
            .flat_map(|a| &a.files)
            .find(|f| f.path.is_none())
            .map(|f| f.text.as_str())
    }
}
