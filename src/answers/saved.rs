//! Saved answers files: the final answers of a run written as YAML that
//! replays them (`--save-answers`), with a header that says how.

use super::{Gathered, TARGETS_KEY, UserAnswers};
use crate::kit::Kit;
use crate::role::Role;
use crate::target::Overrides;
use crate::value::{Raw, Value};
use crate::yaml;

/// The final answers as an answers file (`--save-answers`): every answer of
/// every question that applied, defaults included, with `null` for an
/// optional question left empty. Replaying it with `--answers` gives the
/// same agent, byte for byte; skipped questions are left out, since they
/// would be skipped again.
pub fn saved_file(role: &Role, gathered: &Gathered, overrides: &Overrides) -> String {
    let mut entries = final_answers(gathered);
    if !overrides.is_empty() {
        entries.push((TARGETS_KEY.into(), overrides.to_raw()));
    }
    answers_file("role", "new", &role.name, &entries)
}

/// A saved answers file: a header that says how to replay it, then the
/// answers. `kind` is "role" or "kit", `command` the one that replays it.
pub fn answers_file(kind: &str, command: &str, name: &str, entries: &[(String, Raw)]) -> String {
    format!(
        "# Answers for the agentgen {kind} \"{name}\", saved by agentgen {version}.\n\
         # Replay them with: agentgen {command} {name} --answers <this file>\n\n{}",
        yaml::emit_mapping(entries, yaml::TextStyle::Block),
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Every answer of every question that applied, for saving; `null` for
/// an optional question left empty.
pub fn final_answers(gathered: &Gathered) -> Vec<(String, Raw)> {
    gathered
        .answers
        .entries()
        .iter()
        .filter(|(key, _)| !gathered.skipped.contains(key))
        .map(|(key, value)| (key.clone(), value.as_ref().map_or(Raw::Null, Value::to_raw)))
        .collect()
}

/// The final answers of a kit run as an answers file: the shared answers,
/// then each agent's own under `agents:`. Replaying it with `--answers`
/// writes the same files.
pub fn kit_file(
    kit: &Kit,
    shared_role: &Role,
    shared: &Gathered,
    agents: &[(&str, &Gathered, &Overrides)],
    user: &UserAnswers,
) -> String {
    let mut entries: Vec<(String, Raw)> = shared
        .answers
        .entries()
        .iter()
        .filter(|(key, _)| !shared.skipped.contains(key) && shared_role.question(key).is_some())
        .map(|(key, value)| (key.clone(), value.as_ref().map_or(Raw::Null, Value::to_raw)))
        .collect();
    let agents = agents
        .iter()
        .map(|(name, gathered, overrides)| {
            let mut answers: Vec<(String, Raw)> = final_answers(gathered)
                .into_iter()
                .filter(|(key, _)| key != "name")
                .collect();
            if !overrides.is_empty() {
                answers.push((TARGETS_KEY.into(), overrides.to_raw()));
            }
            (name.to_string(), Raw::Map(answers))
        })
        .collect();
    entries.push(("agents".into(), Raw::Map(agents)));
    if !user.shared_targets.is_empty() {
        entries.push((TARGETS_KEY.into(), user.shared_targets.to_raw()));
    }
    answers_file("kit", "kit", &kit.name, &entries)
}
