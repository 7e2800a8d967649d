//! The review screen of an interactive `new` or `kit`, shown once every
//! question is answered and before anything is written: every answer on
//! one line each (`*` marks one that is not the default), then write, edit
//! an answer, save the answers and quit, or cancel. Enter writes, so a
//! session that accepts every default stays a run of Enters. A kit's
//! screen lists the shared answers, then each member's own; editing one
//! first asks whose.
//!
//! Editing a solo agent's answer re-runs the question walk with every
//! other answer given, so only the edited question is asked, plus any
//! question its new value makes apply (conditions are evaluated again),
//! and then the screen comes back. A team's edit asks the one question the
//! same way, then walks the whole team again with what the person typed
//! given and what they left to defaults still left to them (see [`team()`]),
//! so a shared answer reaches the members as at first. Esc while choosing
//! what to edit comes back to the screen.

mod team;

pub use team::{Reviewed, team};

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
const CHOICES: [&str; 4] = [WRITE, EDIT, SAVE, CANCEL];

/// What the person chose on the review screen of a solo agent.
pub enum Choice {
    Write,
    /// Ask again with these answers: every answer but the edited one.
    Edit(GivenAnswers),
    SaveAndQuit,
}

/// What the person chose on a team's review screen.
pub enum TeamChoice {
    Write,
    /// Edit the answer `key` of `parts[part]`.
    Edit {
        part: usize,
        key: String,
    },
    SaveAndQuit,
}

/// One block of a review screen: a solo agent's answers, a team's shared
/// answers, or one member's own.
pub struct Part<'a> {
    /// "shared" or the member's name; `None` for a solo agent.
    pub label: Option<String>,
    pub role: &'a Role,
    pub gathered: &'a Gathered,
    /// The answers listed, which are those that can be edited here.
    pub answers: Vec<(String, Raw)>,
    /// Keys the kit answers for this member: its defaults, not marked.
    pub fixed: Vec<String>,
    /// Lists only the answers that are not defaults, then the others' keys
    /// on one line: a team has too many answers to list every one.
    pub compact: bool,
    /// A member's keys that a shared answer gave it, each with that shared
    /// key: edited as the shared answer, so not listed here.
    pub given_by_shared: Vec<(String, String)>,
}

/// Shows the answers and asks what to do; cancel is an error.
pub fn review(
    role: &Role,
    gathered: &Gathered,
    prompter: &mut dyn Prompter,
    console: &Console,
) -> Result<Choice> {
    let answers = saved::final_answers(gathered);
    loop {
        console.note(&screen(role, gathered, &answers));
        match pick_flow(prompter, "Write the agent?", WRITE)?.as_str() {
            EDIT => match which(prompter, &answers, &[])? {
                Some(key) => return Ok(Choice::Edit(given_except(&answers, &key))),
                // Esc at "Which answer?": back to the screen.
                None => continue,
            },
            SAVE => return Ok(Choice::SaveAndQuit),
            CANCEL => return Err(Error::Interrupted),
            _ => return Ok(Choice::Write),
        }
    }
}

/// A team's review screen: `parts` are the shared answers, then each
/// member's; cancel is an error.
pub fn review_team(
    title: &str,
    parts: &[Part<'_>],
    prompter: &mut dyn Prompter,
    console: &Console,
) -> Result<TeamChoice> {
    loop {
        console.note(&screen_of(title, parts));
        match pick_flow(prompter, "Write the agents?", WRITE)?.as_str() {
            EDIT => {
                let Some(part_at) = whose(prompter, parts)? else {
                    continue;
                };
                let part = &parts[part_at];
                match which(prompter, &part.answers, &part.given_by_shared)? {
                    Some(key) => return Ok(TeamChoice::Edit { part: part_at, key }),
                    None => continue,
                }
            }
            SAVE => return Ok(TeamChoice::SaveAndQuit),
            CANCEL => return Err(Error::Interrupted),
            _ => return Ok(TeamChoice::Write),
        }
    }
}

/// Every answer, `*` before those that are not the role's default.
fn screen(role: &Role, gathered: &Gathered, answers: &[(String, Raw)]) -> String {
    let part = Part {
        label: None,
        role,
        gathered,
        answers: answers.to_vec(),
        fixed: Vec::new(),
        compact: false,
        given_by_shared: Vec::new(),
    };
    screen_of(&format!("Your answers for {}", role.name), &[part])
}

fn screen_of(title: &str, parts: &[Part<'_>]) -> String {
    let width = (parts.iter().flat_map(|p| &p.answers))
        .map(|(k, _)| k.len())
        .max()
        .unwrap_or(0);
    let mut out = format!("\n{title} (* not the default):");
    for part in parts {
        let indent = match &part.label {
            Some(label) => {
                out.push_str(&format!("\n {label}:"));
                "  "
            }
            None => "",
        };
        if part.answers.is_empty() {
            out.push_str(&format!("\n{indent}   (nothing of its own)"));
        }
        let (mut unlisted, mut advanced) = (Vec::new(), 0);
        for (key, _) in &part.answers {
            let value = part.gathered.answers.get(key);
            let default = part.gathered.defaulted.contains(key) || part.fixed.contains(key);
            if default && part.compact {
                match part.role.question(key).is_some_and(|q| q.advanced) {
                    true => advanced += 1,
                    false => unlisted.push(key.as_str()),
                }
                continue;
            }
            let mark = if default { ' ' } else { '*' };
            let shown = value.map(one_line).unwrap_or_else(|| "(none)".into());
            out.push_str(&format!(
                "\n{indent} {mark} {key:<width$}  {}",
                truncate_str(&shown, 60, "…")
            ));
        }
        if !unlisted.is_empty() || advanced > 0 {
            let mut line = format!("\n{indent}   at their defaults: {}", unlisted.join(", "));
            if advanced > 0 {
                let role = &part.role.name;
                let sep = if unlisted.is_empty() { "" } else { "; " };
                line.push_str(&format!("{sep}{advanced} advanced (agentgen show {role})"));
            }
            out.push_str(&line);
        }
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

/// Whose answer to edit, when the screen has several parts with answers;
/// `None` when Esc goes back to the screen.
fn whose(prompter: &mut dyn Prompter, parts: &[Part<'_>]) -> Result<Option<usize>> {
    let labelled: Vec<(usize, &str)> = (parts.iter().enumerate())
        .filter(|(_, p)| !p.answers.is_empty())
        .filter_map(|(i, p)| Some((i, p.label.as_deref()?)))
        .collect();
    if let [(only, _)] = labelled[..] {
        return Ok(Some(only));
    }
    let labels: Vec<&str> = labelled.iter().map(|(_, l)| *l).collect();
    let Some(first) = labels.first() else {
        return Ok(None);
    };
    let picked = pick(prompter, "whose", "Whose answer?", &labels, first)?;
    Ok(picked.and_then(|p| labelled.iter().find(|(_, l)| *l == p).map(|(i, _)| *i)))
}

/// The key of the answer to edit, typed (a role has too many answers to
/// scroll through), with a suggestion for a near miss, or where to edit
/// an answer a shared one gave; `None` when Esc goes back to the screen.
fn which(
    prompter: &mut dyn Prompter,
    answers: &[(String, Raw)],
    given_by_shared: &[(String, String)],
) -> Result<Option<String>> {
    let question: Question = crate::yaml::from_str(
        "{key: edit, prompt: Which answer (its key)?, type: string, \
         help: 'The key as listed above, such as model; Esc goes back to the list.'}",
    )
    .map_err(|e| Error::usage(format!("review: {}", e.message)))?;
    let keys: Vec<&str> = answers.iter().map(|(k, _)| k.as_str()).collect();
    let validate = |raw: &Raw, spelling: Spelling| {
        let value = question.check(raw, spelling).map_err(|m| m.message)?;
        let typed = value.as_str().unwrap_or_default().trim();
        if keys.contains(&typed) {
            return Ok(Some(Value::Str(typed.to_owned())));
        }
        if let Some((_, shared)) = given_by_shared.iter().find(|(k, _)| k == typed) {
            return Err(format!(
                "'{typed}' is the shared answer '{shared}' here: edit that one, under shared"
            ));
        }
        let mut why = format!("'{typed}' is not one of the keys listed above");
        if let Some(near) = crate::question::closest(typed, keys.iter().copied()) {
            why.push_str(&format!("; did you mean '{near}'?"));
        }
        Err(why)
    };
    let ask = Ask {
        question: &question,
        default: None,
        validate: &validate,
        context: None,
    };
    match prompter.ask(ask)? {
        Reply::Value(Value::Str(key)) => Ok(Some(key)),
        Reply::Back => Ok(None),
        _ => Err(Error::Interrupted),
    }
}

/// The review's own choice: nothing to go back to, so Esc asks again.
fn pick_flow(prompter: &mut dyn Prompter, prompt: &str, default: &str) -> Result<String> {
    loop {
        if let Some(choice) = pick(prompter, "review", prompt, &CHOICES, default)? {
            return Ok(choice);
        }
    }
}

/// One choice among `choices`, by a built-in choice question; `None` for
/// Esc.
fn pick(
    prompter: &mut dyn Prompter,
    key: &str,
    prompt: &str,
    choices: &[&str],
    default: &str,
) -> Result<Option<String>> {
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
    let reply = prompter.ask(Ask {
        question: &question,
        default: Some(&default),
        validate: &validate,
        context: None,
    })?;
    Ok(match reply {
        Reply::Value(Value::Str(choice)) => Some(choice),
        Reply::Back => None,
        _ => default.as_str().map(str::to_owned),
    })
}

/// While an answer is edited, an advanced question is asked without first
/// asking whether to answer the advanced questions.
pub struct Editing<'p>(pub &'p mut dyn Prompter);

impl Prompter for Editing<'_> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        self.0.ask(ask)
    }

    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        self.0.ask_noted(ask, note)
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        match confirm {
            Confirm::Customise => Ok(Some(true)),
            other => self.0.confirm(other),
        }
    }

    fn scope(&mut self, agent: Option<&str>) {
        self.0.scope(agent)
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
