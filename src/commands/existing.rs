//! The existing-file check before the first question of `new`, in a
//! terminal: if the agent's file is already there, the person chooses to
//! use another name, to overwrite it, or to cancel, before answering
//! anything, rather than learning it after the last answer.
//!
//! The name is the one given (`--name`, `--set name=`, an answers file) or
//! the role's default; a name typed later at the prompt is checked by the
//! usual consent before writing.

use std::path::PathBuf;

use crate::answers::{Given, GivenAnswers};
use crate::config::{Action, GenerateConfig};
use crate::error::{Error, Origin, Result};
use crate::output::Overwrite;
use crate::prompt::{Ask, Prompter, Reply};
use crate::question::{Question, Spelling};
use crate::role::Role;
use crate::value::{Raw, Value};

const ANOTHER: &str = "use another name";
const OVERWRITE: &str = "overwrite it";
const CANCEL: &str = "cancel";

/// What the person chose about the existing files.
pub enum Choice {
    /// Nothing in the way, or nobody to ask: go on as usual.
    Nothing,
    /// Replace these files without asking again.
    Overwrite(Vec<PathBuf>),
}

/// Asks about an existing agent file before any question; a new name goes
/// into `given`. Only for a prompted run that would write files.
pub fn before_questions(
    role: &Role,
    given: &mut GivenAnswers,
    generate: &GenerateConfig,
    prompter: &mut dyn Prompter,
    owned: &[PathBuf],
) -> Result<Choice> {
    if !generate.interactive() || generate.action != Action::Write(Overwrite::Refuse) {
        return Ok(Choice::Nothing);
    }
    let Some(name) = given_name(role, given) else {
        return Ok(Choice::Nothing);
    };
    // A file agentgen owns (agentgen.lock) is merged, never in the way.
    let mut existing = existing_files(generate, &name);
    existing.retain(|path| !owned.contains(path));
    let Some(first) = existing.first() else {
        return Ok(Choice::Nothing);
    };
    let prompt = crate::yaml::double_quoted(&format!("{} exists", first.display()));
    let Ok(what) = crate::yaml::from_str::<Question>(&format!(
        "{{key: existing, prompt: {prompt}, type: choice, choices: ['{ANOTHER}', '{OVERWRITE}', '{CANCEL}'], \
         help: 'Decide now; nothing is written until every question is answered.'}}"
    )) else {
        // A path no prompt can show; the consent before writing still asks.
        return Ok(Choice::Nothing);
    };
    match ask(prompter, &what, Value::Str(ANOTHER.into()), &|_| Ok(()))?.as_str() {
        OVERWRITE => Ok(Choice::Overwrite(existing)),
        CANCEL => Err(Error::Interrupted),
        _ => {
            let name = ask_name(prompter, generate)?;
            given.layer([Given::new("name", Raw::Str(name), Origin::Prompt)]);
            Ok(Choice::Nothing)
        }
    }
}

/// The agent name as given, or the role's plain default.
fn given_name(role: &Role, given: &GivenAnswers) -> Option<String> {
    let raw = match given.get("name") {
        Some(g) => g.raw.clone(),
        None => role.question("name")?.default.clone()?,
    };
    match raw {
        Raw::Str(name) if !name.contains("{{") && crate::names::check(&name).is_ok() => Some(name),
        _ => None,
    }
}

fn existing_files(generate: &GenerateConfig, name: &str) -> Vec<PathBuf> {
    (generate.targets.iter())
        .filter_map(|&t| Some(generate.destination.dir(t)?.join(t.file_name(name))))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect()
}

/// A new agent name whose files do not exist yet.
fn ask_name(prompter: &mut dyn Prompter, generate: &GenerateConfig) -> Result<String> {
    let question: Question = crate::yaml::from_str(
        "{key: name, prompt: Agent name, type: string, \
         help: 'Lowercase letters, digits and hyphens; also the file name.'}",
    )
    .expect("the built-in question is valid");
    let free = |name: &str| -> std::result::Result<(), String> {
        crate::names::check(name).map_err(|e| e.to_string())?;
        match existing_files(generate, name).first() {
            Some(path) => Err(format!("{} exists too", path.display())),
            None => Ok(()),
        }
    };
    let reply = ask(prompter, &question, Value::Str(String::new()), &free)?;
    Ok(reply)
}

/// Asks one built-in question; `extra` adds a check to the question's own.
fn ask(
    prompter: &mut dyn Prompter,
    question: &Question,
    default: Value,
    extra: &dyn Fn(&str) -> std::result::Result<(), String>,
) -> Result<String> {
    let validate = |raw: &Raw, spelling: Spelling| {
        let value = question.check(raw, spelling).map_err(|m| m.message)?;
        extra(value.as_str().unwrap_or_default())?;
        Ok(Some(value))
    };
    let default = Some(&default).filter(|d| d.as_str() != Some(""));
    match crate::prompt::ask_flow(
        prompter,
        Ask {
            question,
            default,
            validate: &validate,
            context: None,
        },
    )? {
        Reply::Value(Value::Str(text)) => Ok(text),
        _ => match default {
            Some(Value::Str(text)) => Ok(text.clone()),
            _ => Err(Error::Interrupted),
        },
    }
}
