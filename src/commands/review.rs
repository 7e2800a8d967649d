//! The review screen of an interactive `new`, shown once every question is
//! answered and before anything is written: every answer on one line each
//! (`*` marks one that is not the default), then write, edit an answer,
//! save the answers and quit, or cancel. Enter writes, so a session that
//! accepts every default stays a run of Enters.
//!
//! Editing re-runs the question walk with every other answer given, so
//! only the edited question is asked, plus any question its new value
//! makes apply (conditions are evaluated again), and then the screen comes
//! back.

use console::truncate_str;

use crate::answers::{Gathered, Given, GivenAnswers, saved};
use crate::error::{Error, Origin, Result};
use crate::output::Console;
use crate::prompt::{Ask, Confirm, Prompter, Reply};
use crate::question::{Question, Spelling};
use crate::role::Role;
use crate::value::{Raw, Value};

const WRITE: &str = "write";
const EDIT: &str = "edit an answer";
const SAVE: &str = "save the answers and quit";
const CANCEL: &str = "cancel";

/// What the person chose on the review screen.
pub enum Choice {
    Write,
    /// Ask again with these answers: every answer but the edited one.
    Edit(GivenAnswers),
    SaveAndQuit,
}

/// Shows the answers and asks what to do; cancel is an error.
pub fn review(
    role: &Role,
    gathered: &Gathered,
    prompter: &mut dyn Prompter,
    console: &Console,
) -> Result<Choice> {
    let answers = saved::final_answers(gathered);
    console.note(&screen(role, gathered, &answers));
    let choices = [WRITE, EDIT, SAVE, CANCEL];
    match pick(prompter, "review", "Write the agent?", &choices, WRITE)?.as_str() {
        EDIT => {
            let key = which(prompter, &answers)?;
            Ok(Choice::Edit(given_except(&answers, &key)))
        }
        SAVE => Ok(Choice::SaveAndQuit),
        CANCEL => Err(Error::Interrupted),
        _ => Ok(Choice::Write),
    }
}

/// Every answer, `*` before those that are not the role's default.
fn screen(role: &Role, gathered: &Gathered, answers: &[(String, Raw)]) -> String {
    let width = answers.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = format!("\nYour answers for {} (* not the default):", role.name);
    for (key, _) in answers {
        let value = gathered.answers.get(key);
        let mark = if gathered.defaulted.contains(key) {
            ' '
        } else {
            '*'
        };
        let shown = value.map(one_line).unwrap_or_else(|| "(none)".into());
        out.push_str(&format!(
            "\n {mark} {key:<width$}  {}",
            truncate_str(&shown, 60, "…")
        ));
    }
    out
}

fn one_line(value: &Value) -> String {
    match value {
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Str(s) => s.lines().next().unwrap_or_default().to_owned(),
        Value::List(items) if items.is_empty() => "(none)".into(),
        Value::List(items) => items.join(", "),
        Value::Records(records) => format!("{} items", records.len()),
    }
}

/// The answers as given answers, all but `key`, so that only `key` (and
/// what its answer makes apply) is asked again.
fn given_except(answers: &[(String, Raw)], key: &str) -> GivenAnswers {
    let mut given = GivenAnswers::default();
    given.layer(
        (answers.iter())
            .filter(|(k, _)| k != key)
            .map(|(k, raw)| Given::new(k.clone(), raw.clone(), Origin::Prompt)),
    );
    given
}

/// The key of the answer to edit, typed (a role has too many answers to
/// scroll through), with a suggestion for a near miss.
fn which(prompter: &mut dyn Prompter, answers: &[(String, Raw)]) -> Result<String> {
    let question: Question = crate::yaml::from_str(
        "{key: edit, prompt: Which answer (its key)?, type: string, \
         help: 'The key as listed above, such as model.'}",
    )
    .map_err(|e| Error::usage(format!("review: {}", e.message)))?;
    let keys: Vec<&str> = answers.iter().map(|(k, _)| k.as_str()).collect();
    let validate = |raw: &Raw, spelling: Spelling| {
        let value = question.check(raw, spelling).map_err(|m| m.message)?;
        let typed = value.as_str().unwrap_or_default().trim();
        if keys.contains(&typed) {
            return Ok(Some(Value::Str(typed.to_owned())));
        }
        let mut why = format!("'{typed}' is not one of the keys listed above");
        if let Some(near) = crate::question::closest(typed, keys.iter().copied()) {
            why.push_str(&format!("; did you mean '{near}'?"));
        }
        Err(why)
    };
    match crate::prompt::ask_flow(
        prompter,
        Ask {
            question: &question,
            default: None,
            validate: &validate,
            context: None,
        },
    )? {
        Reply::Value(Value::Str(key)) => Ok(key),
        _ => Err(Error::Interrupted),
    }
}

/// One choice among `choices`, by a built-in choice question.
fn pick(
    prompter: &mut dyn Prompter,
    key: &str,
    prompt: &str,
    choices: &[&str],
    default: &str,
) -> Result<String> {
    let listed = choices
        .iter()
        .map(|c| crate::yaml::double_quoted(c))
        .collect::<Vec<_>>()
        .join(", ");
    let question: Question = crate::yaml::from_str(&format!(
        "{{key: {key}, prompt: {}, type: choice, choices: [{listed}]}}",
        crate::yaml::double_quoted(prompt)
    ))
    .map_err(|e| Error::usage(format!("review: {}", e.message)))?;
    let default = Value::Str(default.to_owned());
    let validate = |raw: &Raw, spelling: Spelling| {
        question
            .check(raw, spelling)
            .map(Some)
            .map_err(|m| m.message)
    };
    let reply = crate::prompt::ask_flow(
        prompter,
        Ask {
            question: &question,
            default: Some(&default),
            validate: &validate,
            context: None,
        },
    )?;
    Ok(match reply {
        Reply::Value(Value::Str(choice)) => choice,
        _ => default.as_str().unwrap_or_default().to_owned(),
    })
}

/// While an answer is edited, an advanced question is asked without first
/// asking whether to answer the advanced questions.
pub struct Editing<'p>(pub &'p mut dyn Prompter);

impl Prompter for Editing<'_> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        self.0.ask(ask)
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        match confirm {
            Confirm::Customise => Ok(Some(true)),
            other => self.0.confirm(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::gather;
    use crate::catalog::Catalog;
    use crate::prompt::Scripted;
    use crate::render::Renderer;

    /// One question of every type, and one that applies only when `memory`.
    const EVERY_TYPE: &str = "
  - {key: name, prompt: Name, type: string, default: t}
  - {key: notes, prompt: Notes, type: text, default: some notes}
  - {key: memory, prompt: Memory, type: bool, default: false}
  - {key: memory_file, prompt: File, type: string, when: memory, default: notes.md}
  - {key: model, prompt: Model, type: choice, choices: [sonnet, opus], default: sonnet}
  - {key: sections, prompt: Sections, type: multiselect, choices: [a, b], default: [a]}
  - {key: tools, prompt: Tools, type: list, default: [Read]}
  - key: examples
    prompt: Examples
    type: records
    default: [{user: hi}]
    fields: [{key: user, prompt: User, type: string}]
";

    fn s(v: &str) -> Raw {
        Raw::Str(v.into())
    }

    #[test]
    fn editing_asks_only_the_edited_question_of_each_type() {
        let role = crate::role::test_role(EVERY_TYPE);
        let renderer = Renderer::new(Catalog::embedded());
        let mut first = Scripted::new([]).accept_defaults();
        let gathered = gather(&role, &GivenAnswers::default(), &mut first, &renderer).unwrap();
        let answers = saved::final_answers(&gathered);
        let edits = [
            ("name", s("other")),
            ("notes", s("new notes")),
            ("model", s("opus")),
            ("sections", Raw::Seq(vec![s("b")])),
            ("tools", Raw::Seq(vec![s("Grep")])),
        ];
        for (key, new) in edits {
            let given = given_except(&answers, key);
            let mut script = Scripted::new([(key, new.clone())]);
            let out = gather(&role, &given, &mut script, &renderer).unwrap();
            assert_eq!(script.asked(), [key], "editing {key}");
            assert_eq!(out.answers.get(key).map(Value::to_raw), Some(new), "{key}");
        }
        // Records: the default items are offered again, then replaced.
        let given = given_except(&answers, "examples");
        let mut script = Scripted::new([
            ("keep:examples", Raw::Bool(false)),
            ("item:examples", s("remove")),
            ("add:examples", Raw::Bool(true)),
            ("user", s("hello")),
            ("add:examples", Raw::Bool(false)),
        ]);
        let out = gather(&role, &given, &mut script, &renderer).unwrap();
        assert!(script.finished(), "{:?}", script.asked());
        let Some(Value::Records(records)) = out.answers.get("examples") else {
            panic!()
        };
        assert_eq!(
            records[0].get("user").and_then(Value::as_str),
            Some("hello")
        );
    }

    #[test]
    fn an_edit_that_makes_a_question_apply_asks_it_too() {
        let role = crate::role::test_role(EVERY_TYPE);
        let renderer = Renderer::new(Catalog::embedded());
        let mut first = Scripted::new([]).accept_defaults();
        let gathered = gather(&role, &GivenAnswers::default(), &mut first, &renderer).unwrap();
        let answers = saved::final_answers(&gathered);
        assert!(
            answers.iter().all(|(k, _)| k != "memory_file"),
            "skipped at first"
        );
        let given = given_except(&answers, "memory");
        let mut script = Scripted::new([("memory", Raw::Bool(true)), ("memory_file", s("m.md"))]);
        let out = gather(&role, &given, &mut script, &renderer).unwrap();
        assert_eq!(script.asked(), ["memory", "memory_file"]);
        assert_eq!(out.answers.str("memory_file"), Some("m.md"));
    }

    #[test]
    fn the_screen_marks_answers_that_are_not_the_default() {
        let role = crate::role::test_role(EVERY_TYPE);
        let renderer = Renderer::new(Catalog::embedded());
        let mut script = Scripted::new([("model", s("opus"))]).accept_defaults();
        let gathered = gather(&role, &GivenAnswers::default(), &mut script, &renderer).unwrap();
        let text = screen(&role, &gathered, &saved::final_answers(&gathered));
        assert!(text.contains("\n * model "), "{text}");
        assert!(text.contains("\n   tools "), "{text}");
        assert!(text.contains("examples  1 items"), "{text}");
    }
}
