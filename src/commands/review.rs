//! The review screen of an interactive `new` or `kit`, shown once every
//! question is answered and before anything is written: every answer on
//! one line each (`*` marks one that is not the default), then write, edit
//! an answer, save the answers and quit, or cancel. Enter writes, so a
//! session that accepts every default stays a run of Enters. A kit's
//! screen lists the shared answers, then each member's own; editing one
//! first asks whose.
//!
//! Editing asks the one question again over the other answers, plus any
//! question its new value makes apply (conditions are evaluated again),
//! then walks the agent (or the whole team) again: what the person typed
//! is given back, and what they left to defaults is left to them again
//! (see [`team()`] and [`solo()`]), so a default written over another
//! answer follows the edit and only typed answers are recorded. Esc while
//! choosing what to edit, or at the edited question, comes back to the
//! screen.
//!
//! An advanced question that the edit makes apply is asked only when the
//! person chose to answer the advanced questions, or when the edited
//! question is itself advanced: then they are already past that choice
//! for this answer, and what it opens belongs with it ([`Editing`]).

mod team;

pub use team::{Reviewed, team};

use console::truncate_str;

use crate::answers::{Gathered, saved};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::output::Console;
use crate::pipeline::{Batch, Produced};
use crate::prompt::revisit::Revisit;
use crate::prompt::{Ask, Confirm, Prompter, Reply};
use crate::question::{Question, Spelling};
use crate::render::Renderer;
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
    /// Edit the answer with this key.
    Edit(String),
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
                Some(key) => return Ok(Choice::Edit(key)),
                // Esc at "Which answer?": back to the screen.
                None => continue,
            },
            SAVE => return Ok(Choice::SaveAndQuit),
            CANCEL => return Err(Error::Interrupted),
            _ => return Ok(Choice::Write),
        }
    }
}

/// Shows a solo agent's review screen until the person writes, or saves
/// the answers and quits; each edit asks its question, then walks the
/// agent again over a fresh `batch`. `prompter` should remember the
/// answer to "advanced questions too?" ([`crate::prompt::CustomiseOnce`]),
/// as the walk after an edit goes by it.
pub fn solo<'a>(
    role: &'a Role,
    mut produced: Produced,
    batch: &dyn Fn() -> Batch<'a>,
    prompter: &mut dyn Prompter,
    catalog: &Catalog,
    console: &Console,
) -> Result<Reviewed> {
    let renderer = Renderer::new(catalog.clone());
    loop {
        let gathered = &produced.agents[0].gathered;
        let key = match review(role, gathered, prompter, console)? {
            Choice::Write => return Ok(Reviewed::Write(produced)),
            Choice::SaveAndQuit => return Ok(Reviewed::SaveAndQuit(produced)),
            Choice::Edit(key) => key,
        };
        let part = solo_part(role, gathered, saved::final_answers(gathered));
        let mut editing = Editing::new(prompter, role, &key);
        let Some(asked) = team::ask_again(&part, &key, &mut editing, &renderer)? else {
            continue;
        };
        let mut next = batch();
        let kept = team::revisit(&mut next, std::slice::from_ref(&part), 0, &asked);
        let mut revisiting = Revisit::new(prompter, kept);
        // Not introduced again: only what the edit opened is asked.
        produced = crate::pipeline::produce(&next, &mut revisiting, catalog, console, false)?;
    }
}

/// A solo agent's one part of the screen.
fn solo_part<'a>(role: &'a Role, gathered: &'a Gathered, answers: Vec<(String, Raw)>) -> Part<'a> {
    Part {
        label: None,
        role,
        gathered,
        answers,
        fixed: Vec::new(),
        compact: false,
        given_by_shared: Vec::new(),
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
    let part = solo_part(role, gathered, answers.to_vec());
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

/// The prompter of an edit's own walk. The edited question is asked even
/// when advanced; an advanced question that the edit makes apply is asked
/// only if the person chose to answer the advanced questions (asked now,
/// if they never were) or the edited question is itself advanced, so a
/// "no" still holds for the rest. (The walk's gate on advanced questions
/// is lifted for the edit, so that the edited one is asked at all.)
pub struct Editing<'p> {
    inner: &'p mut dyn Prompter,
    key: String,
    /// Whether the edited question is advanced.
    advanced: bool,
}

impl<'p> Editing<'p> {
    pub fn new(inner: &'p mut dyn Prompter, role: &Role, key: &str) -> Editing<'p> {
        let advanced = role.question(key).is_some_and(|q| q.advanced);
        Editing {
            inner,
            key: key.to_owned(),
            advanced,
        }
    }

    /// Whether `question` (`optional`: it can go without an answer) is an
    /// advanced question the edit opened that the person chose not to
    /// answer: its default applies.
    fn held_back(&mut self, question: &Question, optional: bool) -> Result<bool> {
        if !question.advanced || !optional || self.advanced || question.key == self.key {
            return Ok(false);
        }
        Ok(self.inner.confirm(Confirm::Customise)? != Some(true))
    }

    /// [`Editing::held_back`] for a question to ask; a record's field is
    /// its record's business.
    fn held_back_ask(&mut self, ask: &Ask<'_>) -> Result<bool> {
        let optional = ask.default.is_some() || !ask.question.required;
        Ok(ask.context.is_none() && self.held_back(ask.question, optional)?)
    }
}

impl Prompter for Editing<'_> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        match self.held_back_ask(&ask)? {
            true => Ok(Reply::NotAsked),
            false => self.inner.ask(ask),
        }
    }

    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        match self.held_back_ask(&ask)? {
            true => Ok(Reply::NotAsked),
            false => self.inner.ask_noted(ask, note),
        }
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        // A records question asks its items itself, starting here.
        if let Confirm::KeepDefaults { question, .. } = confirm
            && self.held_back(question, true)?
        {
            return Ok(Some(true));
        }
        self.inner.confirm(confirm)
    }

    fn scope(&mut self, agent: Option<&str>) {
        self.inner.scope(agent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{GivenAnswers, gather};
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

    /// What editing `key` of the agent `gathered` asks, as the review does.
    fn edit_once(
        role: &Role,
        gathered: &Gathered,
        key: &str,
        script: &mut Scripted,
    ) -> Option<team::Asked> {
        let renderer = Renderer::new(Catalog::embedded());
        let part = solo_part(role, gathered, saved::final_answers(gathered));
        let mut editing = Editing::new(script, role, key);
        team::ask_again(&part, key, &mut editing, &renderer).unwrap()
    }

    fn typed(asked: &team::Asked, key: &str) -> Option<Raw> {
        (asked.answers.iter())
            .find(|g| g.key == key)
            .map(|g| g.raw.clone())
    }

    #[test]
    fn editing_asks_only_the_edited_question_of_each_type() {
        let role = crate::role::test_role(EVERY_TYPE);
        let renderer = Renderer::new(Catalog::embedded());
        let mut first = Scripted::new([]).accept_defaults();
        let gathered = gather(&role, &GivenAnswers::default(), &mut first, &renderer).unwrap();
        let edits = [
            ("name", s("other")),
            ("notes", s("new notes")),
            ("model", s("opus")),
            ("sections", Raw::Seq(vec![s("b")])),
            ("tools", Raw::Seq(vec![s("Grep")])),
        ];
        for (key, new) in edits {
            let mut script = Scripted::new([(key, new.clone())]);
            let asked = edit_once(&role, &gathered, key, &mut script).unwrap();
            assert_eq!(script.asked(), [key], "editing {key}");
            assert_eq!(typed(&asked, key), Some(new), "{key}");
            assert_eq!(asked.answers.len(), 1, "{key}");
        }
        // Records: the default items are offered again, then replaced.
        let mut script = Scripted::new([
            ("keep:examples", Raw::Bool(false)),
            ("item:examples", s("remove")),
            ("add:examples", Raw::Bool(true)),
            ("user", s("hello")),
            ("add:examples", Raw::Bool(false)),
        ]);
        let asked = edit_once(&role, &gathered, "examples", &mut script).unwrap();
        assert!(script.finished(), "{:?}", script.asked());
        let Some(Raw::Seq(records)) = typed(&asked, "examples") else {
            panic!("{:?}", typed(&asked, "examples"))
        };
        let Raw::Map(fields) = &records[0] else {
            panic!()
        };
        assert_eq!(fields[0], ("user".to_owned(), s("hello")));
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
        let mut script = Scripted::new([("memory", Raw::Bool(true)), ("memory_file", s("m.md"))]);
        let asked = edit_once(&role, &gathered, "memory", &mut script).unwrap();
        assert_eq!(script.asked(), ["memory", "memory_file"]);
        assert_eq!(typed(&asked, "memory_file"), Some(s("m.md")));
    }

    /// Edits `key` of the ADVANCED role after a first walk that answered
    /// "advanced questions too?" with `customise`; returns the edit and
    /// what the edit asked.
    fn advanced_edit<'a>(
        customise: bool,
        key: &str,
        steps: impl IntoIterator<Item = (&'a str, Raw)>,
    ) -> (team::Asked, Vec<String>) {
        let role = crate::role::test_role(ADVANCED);
        let renderer = Renderer::new(Catalog::embedded());
        let mut first = Scripted::new([("customise", Raw::Bool(customise))]).accept_defaults();
        let mut once = crate::prompt::CustomiseOnce::new(&mut first);
        let gathered = gather(&role, &GivenAnswers::default(), &mut once, &renderer).unwrap();
        let mut script = Scripted::new(steps);
        // The person's first answer, remembered; the edit asks the rest.
        let mut once = crate::prompt::CustomiseOnce::new(&mut script);
        once.confirm(Confirm::Customise).unwrap();
        let part = solo_part(&role, &gathered, saved::final_answers(&gathered));
        let mut editing = Editing::new(&mut once, &role, key);
        let asked = team::ask_again(&part, key, &mut editing, &renderer).unwrap();
        assert!(script.finished(), "{:?}", script.asked());
        let mut after = script.asked().to_vec();
        after.retain(|k| k != "customise");
        (asked.unwrap(), after)
    }

    /// `memory` opens `memory_file`, and a name other than t opens
    /// `style`: all three advanced.
    const ADVANCED: &str = "
  - {key: name, prompt: Name, type: string, default: t}
  - {key: memory, prompt: Memory, type: bool, default: false, advanced: true}
  - {key: memory_file, prompt: File, type: string, when: memory, default: notes.md, advanced: true}
  - {key: style, prompt: Style, type: string, default: x, advanced: true, when: 'name != \"t\"'}
";

    #[test]
    fn after_a_no_to_advanced_questions_an_edit_does_not_ask_the_advanced_ones_it_opens() {
        let (asked, after) = advanced_edit(
            false,
            "name",
            [("customise", Raw::Bool(false)), ("name", s("u"))],
        );
        assert_eq!(after, ["name"]);
        assert_eq!(typed(&asked, "name"), Some(s("u")));
        assert_eq!(asked.answers.len(), 1, "the style stays a default");
        assert_eq!(asked.defaulted, ["style"]);
        // Said yes: the style the edit opened is asked.
        let steps = [
            ("customise", Raw::Bool(true)),
            ("name", s("u")),
            ("style", s("y")),
        ];
        let (asked, after) = advanced_edit(true, "name", steps);
        assert_eq!(after, ["name", "style"]);
        assert_eq!(typed(&asked, "style"), Some(s("y")));
    }

    #[test]
    fn an_edited_advanced_question_asks_the_advanced_ones_it_opens() {
        let steps = [
            ("customise", Raw::Bool(false)),
            ("memory", Raw::Bool(true)),
            ("memory_file", s("m.md")),
        ];
        let (asked, after) = advanced_edit(false, "memory", steps);
        assert_eq!(after, ["memory", "memory_file"]);
        assert_eq!(typed(&asked, "memory_file"), Some(s("m.md")));
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

    /// A solo backend architect, walked with every default but what the
    /// script says, then reviewed as `new` does.
    struct Solo {
        role: Role,
        catalog: Catalog,
        detected: Vec<crate::answers::Given>,
    }

    impl Solo {
        fn backend() -> Solo {
            let catalog = Catalog::embedded();
            let role = Role::load(&catalog, "backend-architect").unwrap();
            Solo {
                role,
                catalog,
                detected: Vec::new(),
            }
        }

        fn batch(&self) -> Batch<'_> {
            Batch {
                shared: None,
                requests: vec![crate::pipeline::Request {
                    role: &self.role,
                    label: None,
                    fixed: Vec::new(),
                    given: GivenAnswers::default(),
                    overrides: Default::default(),
                    targets: vec![crate::target::Target::Claude],
                    destination: crate::config::Destination::Stdout,
                }],
                team: Vec::new(),
                detected: self.detected.clone(),
            }
        }

        /// The first walk, then the review, both driven by `script`; the
        /// agent written.
        fn written(&self, script: &mut Scripted) -> Gathered {
            let console = Console::new();
            let mut once = crate::prompt::CustomiseOnce::new(script);
            let produced =
                crate::pipeline::produce(&self.batch(), &mut once, &self.catalog, &console, true)
                    .unwrap();
            let batch = || self.batch();
            let reviewed = solo(
                &self.role,
                produced,
                &batch,
                &mut once,
                &self.catalog,
                &console,
            );
            match reviewed.unwrap() {
                Reviewed::Write(mut produced) => produced.agents.remove(0).gathered,
                Reviewed::SaveAndQuit(_) => panic!("saved and quit"),
            }
        }
    }

    fn recorded_keys(gathered: &Gathered) -> Vec<String> {
        let recorded = crate::pipeline::record::recorded(gathered, &Default::default());
        recorded.into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn after_an_edit_only_typed_answers_are_recorded() {
        let solo = Solo::backend();
        let mut script = Scripted::new([
            ("model", s("opus")),
            ("review", s(EDIT)),
            ("edit", s("title")),
            ("title", s("staff engineer")),
            ("review", s(WRITE)),
        ])
        .accept_defaults();
        let gathered = solo.written(&mut script);
        assert!(script.finished(), "{:?}", script.asked());
        // What the manifest records: the answer typed before and the edit,
        // no default.
        assert_eq!(recorded_keys(&gathered), ["model", "title"]);
        assert_eq!(gathered.answers.str("title"), Some("staff engineer"));
        assert!(gathered.defaulted.iter().any(|k| k == "tools"));
        // The walk after the edit asked nothing.
        let at = script.asked().iter().position(|k| k == "review").unwrap();
        let after = &script.asked()[at..];
        assert_eq!(
            after,
            ["review", "edit", "title", "review"].map(String::from)
        );
    }

    #[test]
    fn an_edit_that_takes_the_default_makes_the_answer_a_default_again() {
        let solo = Solo::backend();
        let mut script = Scripted::new([
            ("model", s("opus")),
            ("review", s(EDIT)),
            ("edit", s("model")),
            // No step for model: its default is taken, as by Enter.
            ("review", s(WRITE)),
        ])
        .accept_defaults();
        let gathered = solo.written(&mut script);
        assert!(script.finished(), "{:?}", script.asked());
        assert_eq!(gathered.answers.str("model"), Some("sonnet"));
        assert!(gathered.defaulted.iter().any(|k| k == "model"));
        assert_eq!(recorded_keys(&gathered), Vec::<String>::new());
    }

    #[test]
    fn esc_while_choosing_or_at_the_edited_question_comes_back_to_the_screen() {
        let solo = Solo::backend();
        let mut script = Scripted::new([
            ("review", s(EDIT)),
            ("back:edit", Raw::Null),
            ("review", s(EDIT)),
            ("edit", s("title")),
            ("back:title", Raw::Null),
            ("review", s(WRITE)),
        ])
        .accept_defaults();
        let gathered = solo.written(&mut script);
        assert!(script.finished(), "{:?}", script.asked());
        assert_eq!(
            gathered.answers.str("title"),
            Some("senior backend architect")
        );
        assert_eq!(recorded_keys(&gathered), Vec::<String>::new());
    }

    #[test]
    fn a_default_written_over_an_edited_answer_follows_it() {
        let solo = Solo::backend();
        let mut script = Scripted::new([
            ("review", s(EDIT)),
            ("edit", s("name")),
            ("name", s("svc-architect")),
            ("review", s(WRITE)),
        ])
        .accept_defaults();
        let gathered = solo.written(&mut script);
        assert!(script.finished(), "{:?}", script.asked());
        let description = gathered.answers.str("description").unwrap();
        assert!(
            description.contains("The svc-architect agent"),
            "{description}"
        );
        assert!(gathered.defaulted.iter().any(|k| k == "description"));
        assert_eq!(
            recorded_keys(&gathered),
            Vec::<String>::new(),
            "name is the entry's own"
        );
        assert_eq!(gathered.answered, ["name"]);
    }

    #[test]
    fn after_an_edit_the_screen_marks_only_the_edited_answer() {
        let solo = Solo::backend();
        let mut script = Scripted::new([
            ("review", s(EDIT)),
            ("edit", s("name")),
            ("name", s("svc-architect")),
            ("review", s(WRITE)),
        ])
        .accept_defaults();
        let gathered = solo.written(&mut script);
        let text = screen(&solo.role, &gathered, &saved::final_answers(&gathered));
        let marked: Vec<&str> = (text.lines())
            .filter_map(|l| l.strip_prefix(" * "))
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(marked, ["name"], "{text}");
    }

    #[test]
    fn an_edit_asks_neither_a_kept_detected_value_nor_the_advanced_questions_again() {
        let mut solo = Solo::backend();
        let files = vec!["Cargo.toml".to_owned()];
        solo.detected = vec![crate::answers::Given::new(
            "languages",
            Raw::Seq(vec![s("Rust")]),
            crate::error::Origin::Detected { files },
        )];
        let mut script = Scripted::new([
            ("customise", Raw::Bool(false)),
            ("review", s(EDIT)),
            ("edit", s("insights")),
            ("insights", Raw::Bool(true)),
            ("insights_file", s("docs/notes.md")),
            ("review", s(WRITE)),
        ])
        .accept_defaults();
        let gathered = solo.written(&mut script);
        assert!(script.finished(), "{:?}", script.asked());
        let at = script.asked().iter().position(|k| k == "review").unwrap();
        let after = &script.asked()[at..];
        // insights_section is asked (and its default taken); the advanced
        // layout questions the edit opened are not.
        let expected = [
            "review",
            "edit",
            "insights",
            "insights_file",
            "insights_section",
            "review",
        ];
        assert_eq!(after, expected.map(String::from));
        assert_eq!(
            script.notes().len(),
            1,
            "languages offered once: {:?}",
            script.notes()
        );
        assert_eq!(recorded_keys(&gathered), ["insights", "insights_file"]);
        let languages = gathered.answers.get("languages").map(Value::to_raw);
        assert_eq!(languages, Some(Raw::Seq(vec![s("Rust")])));
    }
}
