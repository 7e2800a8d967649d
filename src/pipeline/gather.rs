//! The answers of each agent in a batch, from its layers.
//!
//! An agent's answers are layered, later winning: the team's shared
//! answers that nobody gave (their defaults); the answers the command fixes
//! for the agent (a kit's answers for its member); the shared answers the
//! user gave; and the user's answers for this agent. A shared answer
//! reaches an agent only when its role asks a question of that key. The
//! question walk itself is [`crate::answers::gather`].

use crate::answers::{self, Gathered, Given, GivenAnswers};
use crate::error::{Error, Origin, Result};
use crate::prompt::Prompter;
use crate::prompt::settled::Settled;
use crate::render::Renderer;
use crate::role::Role;
use crate::value::{Raw, Value};

use super::{Request, Shared};

/// Gathers the team's shared answers.
pub fn shared(
    shared: &Shared,
    prompter: &mut dyn Prompter,
    renderer: &Renderer,
) -> Result<Gathered> {
    answers::gather(&shared.role, &shared.given, prompter, renderer)
}

/// Gathers one agent's answers over its layers; an error names the agent
/// when the request is labelled.
pub fn agent(
    request: &Request,
    shared: Option<(&Shared, &Gathered)>,
    prompter: &mut dyn Prompter,
    renderer: &Renderer,
) -> Result<Gathered> {
    let given = layers(request, shared);
    let mut prompter = Settled::new(prompter, left_empty(shared));
    answers::gather(request.role, &given, &mut prompter, renderer).map_err(|e| label(request, e))
}

/// The shared questions answered with nothing: a member does not ask them
/// again but keeps its role's default.
fn left_empty(shared: Option<(&Shared, &Gathered)>) -> Vec<String> {
    let Some((_, gathered)) = shared else {
        return Vec::new();
    };
    (gathered.answers.entries().iter())
        .filter(|(_, value)| value.is_none())
        .map(|(key, _)| key.clone())
        .collect()
}

/// The error about one agent of a team names the agent and its role.
pub fn label(request: &Request, error: Error) -> Error {
    match (&request.label, error) {
        // Already about the whole run, or already names the agent.
        (_, e @ (Error::Interrupted | Error::InvalidAgent { .. })) | (None, e) => e,
        (Some(agent), e) => Error::Member {
            agent: agent.clone(),
            role: request.role.name.clone(),
            source: Box::new(e),
        },
    }
}

/// The answers one agent is gathered from, lowest priority first.
fn layers(request: &Request, shared: Option<(&Shared, &Gathered)>) -> GivenAnswers {
    let role = request.role;
    let mut given = GivenAnswers::default();
    if let Some((spec, gathered)) = shared {
        given.layer(from_shared(role, gathered, &spec.origin, true));
        given.layer(request.fixed.iter().cloned());
        given.layer(from_shared(role, gathered, &spec.origin, false));
    } else {
        given.layer(request.fixed.iter().cloned());
    }
    given.layer(request.given.iter().cloned());
    given
}

/// The shared answers this role asks, either those nobody gave
/// (`defaulted`) or those somebody did.
fn from_shared<'a>(
    role: &'a Role,
    shared: &'a Gathered,
    origin: &'a Origin,
    defaulted: bool,
) -> impl Iterator<Item = Given> + 'a {
    shared
        .answers
        .entries()
        .iter()
        .filter(move |(key, value)| {
            value.is_some()
                && role.question(key).is_some()
                && shared.defaulted.contains(key) == defaulted
        })
        .map(move |(key, value)| Given {
            shared: true,
            ..Given::new(
                key.clone(),
                value.as_ref().map_or(Raw::Null, Value::to_raw),
                origin.clone(),
            )
        })
}
