//! Asking a person: the [`Prompter`] trait and its non-terminal forms.
//!
//! Gathering answers ([`crate::answers::gather`]) calls a prompter for every
//! question that is still open. A prompter may answer, leave an optional
//! question empty, or decline to ask, in which case the default is taken or
//! the question is reported as missing. Keeping this behind a trait lets the
//! terminal implementation be swapped for a script in tests, and makes "no
//! terminal, never prompt" a type ([`NoPrompt`]) rather than a flag.

use crate::error::Result;
use crate::question::{Question, Spelling};
use crate::value::{Raw, Value};

/// Checks a reply the way a given answer is checked; the error says why the
/// value was refused, so the prompter can say so and ask again.
pub type Validate<'a> = &'a dyn Fn(&Raw, Spelling) -> std::result::Result<Option<Value>, String>;

/// One question to ask.
pub struct Ask<'a> {
    pub question: &'a Question,
    /// The default, already rendered and checked.
    pub default: Option<&'a Value>,
    pub validate: Validate<'a>,
}

/// What a prompter did with a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Value(Value),
    /// The person left an optional question empty.
    Empty,
    /// The question was not asked; its default applies, if it has one.
    NotAsked,
}

pub trait Prompter {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply>;
}

/// Never asks: used when stdin is not a terminal, so a script never hangs.
pub struct NoPrompt;

impl Prompter for NoPrompt {
    fn ask(&mut self, _: Ask<'_>) -> Result<Reply> {
        Ok(Reply::NotAsked)
    }
}

/// `--defaults`: takes every default, and asks the inner prompter only about
/// questions that have none.
pub struct AcceptDefaults<P>(pub P);

impl<P: Prompter> Prompter for AcceptDefaults<P> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        if ask.default.is_some() || !ask.question.required {
            Ok(Reply::NotAsked)
        } else {
            self.0.ask(ask)
        }
    }
}

/// A prompter that replays a script of replies, for tests of question flows.
/// Each step names the key it expects to be asked, so a flow that asks in a
/// different order fails the test.
#[cfg(test)]
pub struct Scripted {
    steps: std::collections::VecDeque<(String, Raw)>,
    asked: Vec<String>,
    rejections: Vec<(String, String)>,
    accept_defaults: bool,
}

#[cfg(test)]
impl Scripted {
    pub fn new<'a>(steps: impl IntoIterator<Item = (&'a str, Raw)>) -> Scripted {
        Scripted {
            steps: steps.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            asked: Vec::new(),
            rejections: Vec::new(),
            accept_defaults: false,
        }
    }

    /// Questions that have a default (or are optional) and no scripted step
    /// are not asked.
    pub fn accept_defaults(mut self) -> Scripted {
        self.accept_defaults = true;
        self
    }

    pub fn asked(&self) -> &[String] {
        &self.asked
    }

    pub fn rejections(&self) -> &[(String, String)] {
        &self.rejections
    }
}

#[cfg(test)]
impl Prompter for Scripted {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        let key = &ask.question.key;
        self.asked.push(key.clone());
        loop {
            match self.steps.front() {
                Some((k, _)) if k == key => {}
                _ if self.accept_defaults && (ask.default.is_some() || !ask.question.required) => {
                    return Ok(Reply::NotAsked);
                }
                next => panic!("asked '{key}' but the script expected {next:?}"),
            }
            let (_, raw) = self.steps.pop_front().expect("checked above");
            match (ask.validate)(&raw, Spelling::Parsed) {
                Ok(Some(value)) => return Ok(Reply::Value(value)),
                Ok(None) => return Ok(Reply::Empty),
                Err(why) => self.rejections.push((key.clone(), why)),
            }
        }
    }
}
