//! The existing-file check before the first question of `new` and `kit`,
//! in a terminal: if an agent's file is already there, the person chooses
//! what to do before answering anything, rather than learning it after
//! the last answer. For `new`: use another name, overwrite it, or cancel.
//!
//! The name is the one given (`--name`, `--set name=`, an answers file) or
//! the role's default; a name typed later at the prompt is checked by the
//! usual consent before writing.
//!
//! For `kit`, every member's files are checked at once and listed on one
//! screen: overwrite them all, or cancel. There is no "another name": a
//! member's name is the kit's (its teammates' templates name it, and the
//! kit's answers files and manifest entry are keyed by it), and another
//! output folder would not be replayed by a saved answers file nor kept
//! in the project's record; cancelling says how to write elsewhere (`-o`).

use std::path::PathBuf;

use crate::answers::{Given, GivenAnswers};
use crate::config::{Action, GenerateConfig};
use crate::error::{Error, Origin, Result};
use crate::output::{Console, Overwrite};
use crate::prompt::{Ask, Prompter, Reply};
use crate::question::{Question, Spelling};
use crate::role::Role;
use crate::value::{Raw, Value};

const ANOTHER: &str = "use another name";
const OVERWRITE: &str = "overwrite it";
const CANCEL: &str = "cancel";
const OVERWRITE_ALL: &str = "overwrite them all";

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
    if !asks_first(generate) {
        return Ok(Choice::Nothing);
    }
    let Some(name) = given_name(role, given) else {
        return Ok(Choice::Nothing);
    };
    let existing = in_the_way(generate, &[&name], owned);
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

/// Asks about a team's existing files before any question: one screen
/// lists them all, then overwrite them all, or cancel (the default, since
/// nothing has been answered yet).
pub fn before_team(
    names: &[&str],
    generate: &GenerateConfig,
    prompter: &mut dyn Prompter,
    owned: &[PathBuf],
    console: &Console,
) -> Result<Choice> {
    if !asks_first(generate) {
        return Ok(Choice::Nothing);
    }
    let existing = in_the_way(generate, names, owned);
    if existing.is_empty() {
        return Ok(Choice::Nothing);
    }
    let listed: Vec<String> = existing
        .iter()
        .map(|p| format!("  {}", p.display()))
        .collect();
    console.note(&format!(
        "These files of the team exist already:\n{}",
        listed.join("\n")
    ));
    let what: Question = crate::yaml::from_str(&format!(
        "{{key: existing, prompt: 'Replace them?', type: choice, choices: ['{OVERWRITE_ALL}', '{CANCEL}'], \
         help: 'Decide now; nothing is written until every question is answered. To keep them, cancel and write the team elsewhere with -o DIR.'}}"
    ))
    .map_err(|e| Error::usage(format!("existing files: {}", e.message)))?;
    match ask(prompter, &what, Value::Str(CANCEL.into()), &|_| Ok(()))?.as_str() {
        OVERWRITE_ALL => Ok(Choice::Overwrite(existing)),
        _ => Err(Error::Interrupted),
    }
}

/// Only a prompted run that would write files, refusing to replace them
/// unasked, asks before the questions.
fn asks_first(generate: &GenerateConfig) -> bool {
    generate.interactive() && generate.action == Action::Write(Overwrite::Refuse)
}

/// The files of agents `names` that exist; a file agentgen owns
/// (agentgen.lock) is merged, never in the way.
fn in_the_way(generate: &GenerateConfig, names: &[&str], owned: &[PathBuf]) -> Vec<PathBuf> {
    (names.iter())
        .flat_map(|name| existing_files(generate, name))
        .filter(|path| !owned.contains(path))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Destination, Input};
    use crate::prompt::Scripted;
    use crate::target::Target;

    fn config(root: &std::path::Path, input: Input) -> GenerateConfig {
        GenerateConfig {
            answer_files: Vec::new(),
            sets: Vec::new(),
            input,
            terminal: None,
            save_answers: None,
            targets: vec![Target::Claude],
            destination: Destination::Projects(root.to_owned()),
            action: Action::Write(Overwrite::Refuse),
            project: None,
            detect: None,
            templates: Vec::new(),
            manifest: None,
            json: false,
        }
    }

    fn team_of_three(root: &std::path::Path) -> Vec<PathBuf> {
        let dir = root.join(".claude/agents");
        std::fs::create_dir_all(&dir).unwrap();
        let paths = ["a", "c"].map(|n| dir.join(format!("{n}.md")));
        for path in &paths {
            std::fs::write(path, "mine\n").unwrap();
        }
        paths.to_vec()
    }

    #[test]
    fn a_teams_files_in_the_way_are_settled_at_once_before_any_question() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = team_of_three(tmp.path());
        let generate = config(tmp.path(), Input::Prompt);
        let console = Console::new();
        let names = ["a", "b", "c"];
        let mut script = Scripted::new([("existing", Raw::Str(OVERWRITE_ALL.into()))]);
        let choice = before_team(&names, &generate, &mut script, &[], &console).unwrap();
        let Choice::Overwrite(approved) = choice else {
            panic!("not approved")
        };
        assert_eq!(approved, paths, "both files, asked once");
        assert!(script.finished());

        let mut script = Scripted::new([("existing", Raw::Str(CANCEL.into()))]);
        let cancelled = before_team(&names, &generate, &mut script, &[], &console);
        assert!(matches!(cancelled, Err(Error::Interrupted)));

        // A file agentgen owns is merged, not in the way; with none left,
        // nothing is asked (the script is empty).
        let mut script = Scripted::new([]);
        let choice = before_team(&names, &generate, &mut script, &paths, &console).unwrap();
        assert!(matches!(choice, Choice::Nothing));
    }

    #[test]
    fn a_scripted_kit_run_is_not_asked_about_existing_files() {
        let tmp = tempfile::tempdir().unwrap();
        team_of_three(tmp.path());
        for input in [Input::Defaults, Input::Never] {
            let generate = config(tmp.path(), input);
            let mut script = Scripted::new([]);
            let choice = before_team(&["a"], &generate, &mut script, &[], &Console::new());
            assert!(matches!(choice, Ok(Choice::Nothing)));
            assert!(script.asked().is_empty());
        }
    }
}
