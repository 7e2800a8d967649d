//! Asking a person: the question flow, the [`Prompter`] trait, its
//! non-terminal forms, and (in [`terminal`]) the dialoguer implementation.
//!
//! Gathering answers ([`crate::answers::gather`]) hands every open question
//! to a [`Session`], which owns the flow that is the same whoever answers:
//! advanced questions are asked only after a "customise?" yes, and a
//! records question is asked field by field with "Add another?". The
//! [`Prompter`] underneath only knows two primitives: ask one question, and
//! answer one yes/no [`Confirm`]. A prompter may answer, leave an optional
//! question empty, or decline to ask, in which case the default is taken or
//! the question is reported as missing. Keeping this behind a trait lets the
//! terminal be swapped for a script in tests, and makes "no terminal, never
//! prompt" a type ([`NoPrompt`]) rather than a flag.

pub mod approved;
mod cursor;
pub mod line_editor;
pub mod revisit;
pub mod settled;
pub mod terminal;

use std::path::Path;

use crate::error::{Error, Result};
use crate::question::{Kind, MAX_ITEMS, Question, Spelling};
use crate::value::{Raw, Record, Value};

/// Checks a reply the way a given answer is checked; the error says why the
/// value was refused, so the prompter can say so and ask again.
pub type Validate<'a> = &'a dyn Fn(&Raw, Spelling) -> std::result::Result<Option<Value>, String>;

/// One question to ask.
#[derive(Clone)]
pub struct Ask<'a> {
    pub question: &'a Question,
    /// The default, already rendered and checked.
    pub default: Option<&'a Value>,
    pub validate: Validate<'a>,
    /// Where the question sits, when it is a field of a record
    /// ("Example 2").
    pub context: Option<String>,
}

/// What a prompter did with a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Value(Value),
    /// The person left an optional question empty.
    Empty,
    /// The question was not asked; its default applies, if it has one.
    NotAsked,
    /// The person pressed Esc: ask the previous question again.
    Back,
}

/// A yes/no question of the flow itself.
#[derive(Debug, Clone, Copy)]
pub enum Confirm<'a> {
    /// Whether to answer the advanced questions too.
    Customise,
    /// Whether to keep a records question's default items.
    KeepDefaults {
        question: &'a Question,
        default: &'a Value,
    },
    /// Whether to add an item to a records question that has `count`.
    AddItem {
        question: &'a Question,
        count: usize,
    },
    /// Whether an existing file may be replaced.
    Overwrite(&'a Path),
    /// Whether to use untrusted project templates for this run; the text
    /// says what they change (see `trust::require`).
    Trust(&'a str),
    /// After a late failure, whether to save the answers typed so far.
    SaveAnswers,
}

pub trait Prompter {
    /// Asks one question of any type but records.
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply>;

    /// Answers a yes/no question; `None` means nobody was asked.
    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>>;

    /// Asks one question whose default came from somewhere worth naming:
    /// `note` says where ("detected: Cargo.toml"). A prompter that shows
    /// defaults shows the note with it; the others ask as [`Prompter::ask`]
    /// does, so a wrapper that does not pass it on only loses the note.
    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        let _ = note;
        self.ask(ask)
    }

    /// A prompter that answers exactly as this one would, for use on
    /// another thread; `None` when this one may ask a person, whose
    /// answers come one at a time and in order.
    fn detached(&self) -> Option<Box<dyn Prompter + Send>> {
        None
    }

    /// The questions that follow are for `agent`, a team's member by name
    /// (`None`: the team's shared questions, or a solo agent's). Only a
    /// prompter that answers differently per agent needs it
    /// ([`revisit::Revisit`]); the others pass it on or ignore it.
    fn scope(&mut self, agent: Option<&str>) {
        let _ = agent;
    }
}

/// Asks a question of the flow itself (the review screen, a file name):
/// there is no previous question to go back to, so Esc asks it again
/// rather than being taken for an answer.
pub fn ask_flow(prompter: &mut dyn Prompter, ask: Ask<'_>) -> Result<Reply> {
    loop {
        match prompter.ask(ask.clone())? {
            Reply::Back => continue,
            other => return Ok(other),
        }
    }
}

/// The question flow over a prompter, for one run.
pub struct Session<'p> {
    prompter: &'p mut dyn Prompter,
    customise: Option<bool>,
    asked_last: bool,
}

impl<'p> Session<'p> {
    pub fn new(prompter: &'p mut dyn Prompter) -> Session<'p> {
        Session {
            prompter,
            customise: None,
            asked_last: false,
        }
    }

    /// Whether the last question went to the prompter, rather than being
    /// held back as an advanced one: what going back may return to.
    pub fn asked_last(&self) -> bool {
        self.asked_last
    }

    pub fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        self.ask_noted(ask, None)
    }

    /// [`Session::ask`], with a note on where the default came from.
    pub fn ask_noted(&mut self, ask: Ask<'_>, note: Option<&str>) -> Result<Reply> {
        let q = ask.question;
        self.asked_last = false;
        // The gate only hides what has an answer without asking.
        if q.advanced && (ask.default.is_some() || !q.required) && !self.customise()? {
            return Ok(Reply::NotAsked);
        }
        self.asked_last = true;
        if q.kind == Kind::Records {
            return self.records(ask);
        }
        match note {
            Some(note) => self.prompter.ask_noted(ask, note),
            None => self.prompter.ask(ask),
        }
    }

    fn customise(&mut self) -> Result<bool> {
        if self.customise.is_none() {
            self.customise = Some(self.prompter.confirm(Confirm::Customise)? == Some(true));
        }
        Ok(self.customise == Some(true))
    }

    /// Keep the default items, or enter items field by field.
    fn records(&mut self, ask: Ask<'_>) -> Result<Reply> {
        let q = ask.question;
        let mut items = Vec::new();
        if let Some(default @ Value::Records(defaults)) = ask.default
            && !defaults.is_empty()
        {
            if self.prompter.confirm(Confirm::KeepDefaults {
                question: q,
                default,
            })? != Some(false)
            {
                return Ok(Reply::NotAsked);
            }
            // Not all of them: keep, edit or remove each one.
            match self.each_item(q, defaults)? {
                Some(kept) => items = kept,
                None => return Ok(Reply::Back),
            }
        }
        let max = q.max_items.unwrap_or(MAX_ITEMS).min(MAX_ITEMS);
        let min = q.min_items.unwrap_or(0);
        while items.len() < max {
            if items.len() >= min {
                let count = items.len();
                match self
                    .prompter
                    .confirm(Confirm::AddItem { question: q, count })?
                {
                    Some(true) => {}
                    Some(false) => break,
                    // Nobody to ask: the default (or a missing answer) applies.
                    None if items.is_empty() => return Ok(Reply::NotAsked),
                    None => break,
                }
            }
            match self.record(q, items.len() + 1, None)? {
                Some(item) => items.push(item),
                // Esc in a field: back to before this records question.
                None => return Ok(Reply::Back),
            }
        }
        match (ask.validate)(&Raw::Seq(items), Spelling::Parsed) {
            Ok(Some(value)) => Ok(Reply::Value(value)),
            Ok(None) => Ok(Reply::Empty),
            Err(why) => Err(Error::usage(format!("{}: {why}", q.key))),
        }
    }

    /// Keep, edit or remove each default item; `None` when the person
    /// went back.
    fn each_item(&mut self, q: &Question, defaults: &[Record]) -> Result<Option<Vec<Raw>>> {
        let noun = item_noun(q);
        let first = q.fields.first().map(|f| f.key.as_str()).unwrap_or_default();
        let mut kept = Vec::new();
        for (i, record) in defaults.iter().enumerate() {
            let label = record
                .get(first)
                .and_then(Value::as_str)
                .unwrap_or_default();
            let label: String = label.chars().take(50).collect();
            let yaml = format!(
                "{{key: {}, prompt: {}, type: choice, choices: [keep, edit, remove]}}",
                crate::yaml::double_quoted(&format!("item:{}", q.key)),
                crate::yaml::double_quoted(&format!("{noun} {} ({label})", i + 1)),
            );
            let choice: Question = crate::yaml::from_str(&yaml)
                .map_err(|e| Error::usage(format!("{}: {}", q.key, e.message)))?;
            let keep = Value::Str("keep".into());
            let check = |raw: &Raw, spelling: Spelling| {
                choice.check(raw, spelling).map(Some).map_err(|m| m.message)
            };
            let reply = self.prompter.ask(Ask {
                question: &choice,
                default: Some(&keep),
                validate: &check,
                context: None,
            })?;
            let item = Value::Records(vec![record.clone()]).to_raw();
            let Raw::Seq(mut one) = item else { continue };
            match reply {
                Reply::Back => return Ok(None),
                Reply::Value(Value::Str(c)) if c == "remove" => {}
                Reply::Value(Value::Str(c)) if c == "edit" => {
                    match self.record(q, kept.len() + 1, Some(record))? {
                        Some(edited) => kept.push(edited),
                        None => return Ok(None),
                    }
                }
                _ => kept.append(&mut one),
            }
        }
        Ok(Some(kept))
    }

    /// One record, field by field (each field's default taken from
    /// `existing` when an item is edited); `None` when the person went back.
    fn record(
        &mut self,
        q: &Question,
        number: usize,
        existing: Option<&Record>,
    ) -> Result<Option<Raw>> {
        let mut entries = Vec::new();
        for field in &q.fields {
            let current = existing.and_then(|r| r.get(&field.key));
            let check = |raw: &Raw, spelling: Spelling| match raw {
                Raw::Null if field.required => Err("needs a value".to_owned()),
                Raw::Null => Ok(None),
                raw => field.check(raw, spelling).map(Some).map_err(|m| m.message),
            };
            let reply = self.prompter.ask(Ask {
                question: field,
                default: current,
                validate: &check,
                context: Some(format!("{} {number}", item_noun(q))),
            })?;
            match reply {
                Reply::Value(value) => entries.push((field.key.clone(), value.to_raw())),
                Reply::Empty => {}
                // Enter on an edited item keeps the field as it was.
                Reply::NotAsked if current.is_some() => {
                    let kept = current.map(Value::to_raw).unwrap_or(Raw::Null);
                    entries.push((field.key.clone(), kept));
                }
                Reply::NotAsked if field.required => {
                    return Err(Error::usage(format!(
                        "{}: {} needs a value",
                        q.key, field.key
                    )));
                }
                Reply::NotAsked => {}
                Reply::Back => return Ok(None),
            }
        }
        Ok(Some(Raw::Map(entries)))
    }
}

/// "Example", "Responsibility": what one item of a records question is
/// called, from its `item:` or else its key less a trailing "s".
pub fn item_noun(q: &Question) -> String {
    let word = match &q.item {
        Some(item) => item.trim().to_owned(),
        None => q.key.strip_suffix('s').unwrap_or(&q.key).replace('_', " "),
    };
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Never asks: used when stdin is not a terminal, so a script never hangs.
pub struct NoPrompt;

impl Prompter for NoPrompt {
    fn ask(&mut self, _: Ask<'_>) -> Result<Reply> {
        Ok(Reply::NotAsked)
    }

    fn confirm(&mut self, _: Confirm<'_>) -> Result<Option<bool>> {
        Ok(None)
    }

    fn detached(&self) -> Option<Box<dyn Prompter + Send>> {
        Some(Box::new(NoPrompt))
    }
}

/// `--defaults`: takes every default, and asks the inner prompter only about
/// questions that have none.
pub struct AcceptDefaults<P>(pub P);

impl<P: Prompter + ?Sized> Prompter for &mut P {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        (**self).ask(ask)
    }

    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        (**self).ask_noted(ask, note)
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        (**self).confirm(confirm)
    }

    fn detached(&self) -> Option<Box<dyn Prompter + Send>> {
        (**self).detached()
    }

    fn scope(&mut self, agent: Option<&str>) {
        (**self).scope(agent)
    }
}

impl<P: Prompter> Prompter for AcceptDefaults<P> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        if ask.default.is_some() || !ask.question.required {
            Ok(Reply::NotAsked)
        } else {
            self.0.ask(ask)
        }
    }

    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        if ask.default.is_some() || !ask.question.required {
            Ok(Reply::NotAsked)
        } else {
            self.0.ask_noted(ask, note)
        }
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        match confirm {
            Confirm::Customise => Ok(Some(false)),
            Confirm::KeepDefaults { .. } => Ok(Some(true)),
            Confirm::AddItem { .. }
            | Confirm::Overwrite(_)
            | Confirm::Trust(_)
            | Confirm::SaveAnswers => self.0.confirm(confirm),
        }
    }

    fn detached(&self) -> Option<Box<dyn Prompter + Send>> {
        let inner = self.0.detached()?;
        Some(Box::new(AcceptDefaults(inner)))
    }

    fn scope(&mut self, agent: Option<&str>) {
        self.0.scope(agent)
    }
}

/// Remembers the answer to "answer the advanced questions too?", so a kit
/// asks it once for the whole team rather than once per agent.
pub struct CustomiseOnce<P> {
    inner: P,
    customise: Option<Option<bool>>,
}

impl<P> CustomiseOnce<P> {
    pub fn new(inner: P) -> CustomiseOnce<P> {
        CustomiseOnce {
            inner,
            customise: None,
        }
    }
}

impl<P: Prompter> Prompter for CustomiseOnce<P> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        self.inner.ask(ask)
    }

    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        self.inner.ask_noted(ask, note)
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        match (confirm, self.customise) {
            (Confirm::Customise, Some(answer)) => Ok(answer),
            (Confirm::Customise, None) => {
                let answer = self.inner.confirm(confirm)?;
                self.customise = Some(answer);
                Ok(answer)
            }
            _ => self.inner.confirm(confirm),
        }
    }

    fn detached(&self) -> Option<Box<dyn Prompter + Send>> {
        let inner = self.inner.detached()?;
        Some(Box::new(CustomiseOnce {
            inner,
            customise: self.customise,
        }))
    }

    fn scope(&mut self, agent: Option<&str>) {
        self.inner.scope(agent)
    }
}

impl<P: Prompter + ?Sized> Prompter for Box<P> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        (**self).ask(ask)
    }

    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        (**self).ask_noted(ask, note)
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        (**self).confirm(confirm)
    }

    fn detached(&self) -> Option<Box<dyn Prompter + Send>> {
        (**self).detached()
    }

    fn scope(&mut self, agent: Option<&str>) {
        (**self).scope(agent)
    }
}

/// A prompter that replays a script, for tests of question flows. Each step
/// names what it expects to be asked (a question key, or `customise`,
/// `keep:<key>`, `add:<key>`, `overwrite`), so a flow that asks in a
/// different order fails the test.
#[cfg(test)]
pub struct Scripted {
    steps: std::collections::VecDeque<(String, Raw)>,
    asked: Vec<String>,
    rejections: Vec<(String, String)>,
    accept_defaults: bool,
    /// Each question asked with a note, the note and the default offered.
    notes: Vec<(String, String, Option<Value>)>,
}

#[cfg(test)]
impl Scripted {
    pub fn new<'a>(steps: impl IntoIterator<Item = (&'a str, Raw)>) -> Scripted {
        Scripted {
            steps: steps.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            asked: Vec::new(),
            rejections: Vec::new(),
            accept_defaults: false,
            notes: Vec::new(),
        }
    }

    /// Questions that have a default (or are optional) and no scripted step
    /// are not asked.
    pub fn accept_defaults(mut self) -> Scripted {
        self.accept_defaults = true;
        self
    }

    /// Everything asked, in order (question keys and confirm labels).
    pub fn asked(&self) -> &[String] {
        &self.asked
    }

    pub fn rejections(&self) -> &[(String, String)] {
        &self.rejections
    }

    /// The questions asked with a note on their default: key, note and
    /// the default offered.
    pub fn notes(&self) -> &[(String, String, Option<Value>)] {
        &self.notes
    }

    pub fn finished(&self) -> bool {
        self.steps.is_empty()
    }

    fn next(&mut self, label: &str, skippable: bool) -> Option<Raw> {
        self.asked.push(label.to_owned());
        match self.steps.front() {
            Some((k, _)) if k == label => self.steps.pop_front().map(|(_, raw)| raw),
            _ if self.accept_defaults && skippable => None,
            next => panic!("asked '{label}' but the script expected {next:?}"),
        }
    }
}

#[cfg(test)]
impl Prompter for Scripted {
    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        let default = ask.default.cloned();
        (self.notes).push((ask.question.key.clone(), note.to_owned(), default));
        self.ask(ask)
    }

    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        let label = ask.question.key.clone();
        let skippable = ask.default.is_some() || !ask.question.required;
        // A step `back:KEY` is the person pressing Esc at KEY.
        if self
            .steps
            .front()
            .is_some_and(|(k, _)| *k == format!("back:{label}"))
        {
            self.steps.pop_front();
            self.asked.push(format!("back:{label}"));
            return Ok(Reply::Back);
        }
        loop {
            let Some(raw) = self.next(&label, skippable) else {
                return Ok(Reply::NotAsked);
            };
            match (ask.validate)(&raw, Spelling::Parsed) {
                Ok(Some(value)) => return Ok(Reply::Value(value)),
                Ok(None) => return Ok(Reply::Empty),
                Err(why) => self.rejections.push((label.clone(), why)),
            }
        }
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        let label = match confirm {
            Confirm::Customise => "customise".to_owned(),
            Confirm::KeepDefaults { question, .. } => format!("keep:{}", question.key),
            Confirm::AddItem { question, .. } => format!("add:{}", question.key),
            Confirm::Overwrite(_) => "overwrite".to_owned(),
            Confirm::Trust(_) => "trust".to_owned(),
            Confirm::SaveAnswers => "save".to_owned(),
        };
        match self.next(&label, true) {
            Some(Raw::Bool(answer)) => Ok(Some(answer)),
            Some(other) => panic!("the script answers '{label}' with {other}, not true/false"),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    //! The whole question flow, driven through a scripted prompter.

    use super::*;
    use crate::answers::{Gathered, GivenAnswers, gather};
    use crate::catalog::Catalog;
    use crate::render::Renderer;
    use crate::role::{Role, test_role};
    use crate::value::Record;

    #[test]
    fn default_items_can_be_kept_edited_or_removed_one_by_one() {
        let r = role(
            "
  - key: examples
    prompt: E
    type: records
    default: [{user: one, why: a}, {user: two, why: b}, {user: three, why: c}]
    fields: [{key: user, prompt: U, type: string}, {key: why, prompt: W, type: string, required: false}]
",
        );
        let mut script = Scripted::new([
            ("keep:examples", Raw::Bool(false)),
            ("item:examples", s("remove")),
            ("item:examples", s("edit")),
            ("user", s("TWO")),
            ("item:examples", s("keep")),
            ("add:examples", Raw::Bool(false)),
        ])
        .accept_defaults();
        let out = run(&r, &mut script).unwrap();
        assert!(script.finished(), "{:?}", script.asked());
        let Some(Value::Records(items)) = out.answers.get("examples") else {
            panic!()
        };
        let users: Vec<_> = items
            .iter()
            .map(|r| r.get("user").and_then(Value::as_str))
            .collect();
        assert_eq!(users, [Some("TWO"), Some("three")]);
        // The edited item's other field keeps its value (Enter at `why`).
        assert_eq!(items[0].get("why").and_then(Value::as_str), Some("b"));
    }

    #[test]
    fn records_items_are_named_by_item_or_the_key() {
        let named = |yaml: &str| item_noun(&crate::yaml::from_str::<Question>(yaml).unwrap());
        let fields = "fields: [{key: f, prompt: F, type: string}]";
        assert_eq!(
            named(&format!(
                "{{key: responsibilities, prompt: R, type: records, item: responsibility, {fields}}}"
            )),
            "Responsibility"
        );
        assert_eq!(
            named(&format!(
                "{{key: examples, prompt: E, type: records, {fields}}}"
            )),
            "Example"
        );
    }

    fn s(v: &str) -> Raw {
        Raw::Str(v.into())
    }

    fn role(questions: &str) -> Role {
        test_role(questions)
    }

    fn run(role: &Role, script: &mut Scripted) -> Result<Gathered> {
        gather(
            role,
            &GivenAnswers::default(),
            script,
            &Renderer::new(Catalog::embedded()),
        )
    }

    const EXAMPLES: &str = "
  - {key: name, prompt: N, type: string, default: t}
  - key: examples
    prompt: E
    type: records
    required: false
    max_items: 3
    fields:
      - {key: user, prompt: U, type: text}
      - {key: note, prompt: C, type: string, required: false}
    default: [{user: hello}]
";

    #[test]
    fn records_keep_their_defaults_with_one_yes() {
        let r = role(EXAMPLES);
        let mut script = Scripted::new([("name", s("n")), ("keep:examples", Raw::Bool(true))]);
        let out = run(&r, &mut script).unwrap();
        assert!(script.finished());
        let Some(Value::Records(items)) = out.answers.get("examples") else {
            panic!()
        };
        assert_eq!(items[0].get("user"), Some(&Value::Str("hello".into())));
    }

    #[test]
    fn records_loop_field_by_field_until_no_more() {
        let r = role(EXAMPLES);
        let mut script = Scripted::new([
            ("name", s("n")),
            ("keep:examples", Raw::Bool(false)),
            // Not all kept: the one default item is removed.
            ("item:examples", s("remove")),
            ("add:examples", Raw::Bool(true)),
            ("user", s("first")),
            ("note", Raw::Null),
            ("add:examples", Raw::Bool(true)),
            ("user", Raw::Null), // refused: the field is required
            ("user", s("second")),
            ("note", s("why")),
            ("add:examples", Raw::Bool(false)),
        ]);
        let out = run(&r, &mut script).unwrap();
        assert!(script.finished());
        assert_eq!(
            script.rejections(),
            [("user".to_owned(), "needs a value".to_owned())]
        );
        let expected = Value::Records(vec![
            Record(vec![
                ("user".into(), Some(Value::Str("first".into()))),
                ("note".into(), None),
            ]),
            Record(vec![
                ("user".into(), Some(Value::Str("second".into()))),
                ("note".into(), Some(Value::Str("why".into()))),
            ]),
        ]);
        assert_eq!(out.answers.get("examples"), Some(&expected));
    }

    #[test]
    fn records_stop_at_their_maximum() {
        let r = role(EXAMPLES);
        let mut steps = vec![
            ("name", s("n")),
            ("keep:examples", Raw::Bool(false)),
            ("item:examples", s("remove")),
        ];
        for text in ["a", "b", "c"] {
            steps.extend([
                ("add:examples", Raw::Bool(true)),
                ("user", s(text)),
                ("note", Raw::Null),
            ]);
        }
        let mut script = Scripted::new(steps);
        let out = run(&r, &mut script).unwrap();
        assert!(script.finished(), "no fourth 'add another?' is asked");
        assert!(
            matches!(out.answers.get("examples"), Some(Value::Records(items)) if items.len() == 3)
        );
    }

    const ADVANCED: &str = "
  - {key: name, prompt: N, type: string, default: t}
  - {key: layout, prompt: L, type: choice, choices: [a, b], default: a, advanced: true}
  - {key: style, prompt: S, type: string, default: x, advanced: true}
  - {key: must, prompt: M, type: string, advanced: true}
";

    #[test]
    fn advanced_questions_wait_for_a_yes_to_customise() {
        let r = role(ADVANCED);
        let mut no = Scripted::new([
            ("name", s("n")),
            ("customise", Raw::Bool(false)),
            ("must", s("m")),
        ]);
        let out = run(&r, &mut no).unwrap();
        assert_eq!(
            no.asked(),
            ["name", "customise", "must"],
            "a required question without default is always asked"
        );
        assert_eq!(out.answers.str("layout"), Some("a"));

        let mut yes = Scripted::new([
            ("name", s("n")),
            ("customise", Raw::Bool(true)),
            ("layout", s("b")),
            ("style", s("y")),
            ("must", s("m")),
        ]);
        let out = run(&r, &mut yes).unwrap();
        assert_eq!(out.answers.str("layout"), Some("b"));
        assert_eq!(
            yes.asked().iter().filter(|a| *a == "customise").count(),
            1,
            "asked once"
        );
    }

    #[test]
    fn accept_defaults_asks_only_what_has_no_default() {
        let r = role(ADVANCED);
        let mut inner = Scripted::new([("must", s("m"))]);
        let out = gather(
            &r,
            &GivenAnswers::default(),
            &mut AcceptDefaults(&mut inner),
            &Renderer::new(Catalog::embedded()),
        )
        .unwrap();
        assert_eq!(inner.asked(), ["must"]);
        assert_eq!(out.answers.str("name"), Some("t"));
    }

    #[test]
    fn a_whole_backend_architect_session() {
        let catalog = Catalog::embedded();
        let renderer = Renderer::new(catalog.clone());
        let r = Role::load(&catalog, "backend-architect").unwrap();
        let mut script = Scripted::new([
            ("name", s("Platform Architect")), // refused, with a suggestion
            ("name", s("platform-architect")),
            (
                "description",
                s("Use this agent when the platform needs design work."),
            ),
            ("keep:examples", Raw::Bool(false)),
            // Not all kept: each of the three defaults is removed.
            ("item:examples", s("remove")),
            ("item:examples", s("remove")),
            ("item:examples", s("remove")),
            ("add:examples", Raw::Bool(true)),
            ("context", s("A new service")),
            ("user", s("Design the billing API")),
            ("assistant", s("I'll ask the platform-architect agent.")),
            ("commentary", Raw::Null),
            ("add:examples", Raw::Bool(false)),
            ("customise", Raw::Bool(false)),
            ("tools", Raw::Seq(vec![s("Read"), s("Grep")])),
            ("model", s("opus")),
            ("color", Raw::Null),
            ("title", s("principal engineer")),
            ("sections", Raw::Seq(vec![s("stack"), s("communication")])),
            ("languages", Raw::Seq(vec![s("Rust")])),
            ("frameworks", Raw::Seq(vec![])),
            ("databases", Raw::Seq(vec![s("PostgreSQL")])),
            ("message_queues", Raw::Null),
            ("cloud", Raw::Seq(vec![s("AWS")])),
            ("insights", Raw::Bool(true)),
            ("insights_file", s("docs/insights.md")),
            ("insights_section", s("Platform")),
        ]);
        let out = gather(&r, &GivenAnswers::default(), &mut script, &renderer).unwrap();
        assert!(script.finished());
        assert!(
            script.rejections()[0]
                .1
                .contains("try 'platform-architect'"),
            "{:?}",
            script.rejections()
        );
        let agent = crate::agent::build(&r, &out, &renderer, &catalog).unwrap();
        assert_eq!(agent.name, "platform-architect");
        assert_eq!(agent.tools, ["Read", "Grep"]);
        assert_eq!(
            (agent.model.as_deref(), agent.color.as_deref()),
            (Some("opus"), None)
        );
        assert_eq!(agent.description.matches("<example>").count(), 1);
        assert!(agent.body.starts_with("You are a principal engineer"));
        assert!(
            agent
                .body
                .contains("- Languages: Rust\n- Databases: PostgreSQL\n- Cloud: AWS\n"),
            "{}",
            agent.body
        );
        assert!(
            agent.body.contains("@docs/insights.md")
                && agent.body.contains("## Communication style")
        );
        assert!(!agent.body.contains("## Operating principles"));
    }
}
