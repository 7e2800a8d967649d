//! Per-target answers: `targets: {<target>: {<field>: <value>}}`.
//!
//! Some fields exist only for one tool (an OpenCode `provider/model` id, a
//! Gemini turn limit). Answers hold them under `targets:`, each target's
//! table says which it takes and what each must look like, and they are
//! checked when the answers are read, with every problem collected.

use super::Target;
use crate::error::{Error, Origin, Problem, Result};
use crate::question::closest;
use crate::value::{Raw, quoted};

/// What an override field accepts.
#[derive(Clone, Copy, Debug)]
pub enum Accepts {
    /// Text matching the check; the string says what it must be.
    Text(fn(&str) -> bool, &'static str),
    /// A number in a range.
    Number(f64, f64),
    /// A whole number of at least this.
    Count(i64),
    OneOf(&'static [&'static str]),
    /// What the target's own value table says ([`super::fields`]).
    Shape(super::fields::Kind),
}

/// Per-target answers: `targets: {<target>: {<field>: <value>}}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    entries: Vec<(Target, Vec<(String, Raw)>)>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self.entries.iter().all(|(_, fields)| fields.is_empty())
    }

    /// The overrides as an answers-file value.
    pub fn to_raw(&self) -> Raw {
        Raw::Map(
            self.entries
                .iter()
                .filter(|(_, fields)| !fields.is_empty())
                .map(|(t, fields)| (t.id().to_owned(), Raw::Map(fields.clone())))
                .collect(),
        )
    }

    pub fn for_target(&self, target: Target) -> &[(String, Raw)] {
        self.entries
            .iter()
            .find(|(t, _)| *t == target)
            .map(|(_, fields)| fields.as_slice())
            .unwrap_or(&[])
    }

    /// Adds a later source's overrides; a field given again replaces the
    /// earlier value.
    pub fn layer(&mut self, other: Overrides) {
        for (target, fields) in other.entries {
            let slot = match self.entries.iter().position(|(t, _)| *t == target) {
                Some(i) => &mut self.entries[i].1,
                None => {
                    self.entries.push((target, Vec::new()));
                    &mut self.entries.last_mut().expect("just pushed").1
                }
            };
            for (key, value) in fields {
                match slot.iter_mut().find(|(k, _)| *k == key) {
                    Some(existing) => existing.1 = value,
                    None => slot.push((key, value)),
                }
            }
        }
    }

    /// Reads and checks the value of a `targets` answer.
    pub fn parse(raw: &Raw, origin: &Origin) -> Result<Overrides> {
        let mut problems = Vec::new();
        let mut overrides = Overrides::default();
        let problem = |key: String, message: String| Problem {
            origin: origin.clone(),
            key,
            message,
        };
        let Raw::Map(targets) = raw else {
            return Err(Error::InvalidAnswers {
                problems: vec![problem(
                    "targets".into(),
                    "expected a mapping such as {opencode: {model: anthropic/claude-sonnet-4-5}}"
                        .into(),
                )],
            });
        };
        for (id, fields) in targets {
            let Some(target) = Target::from_id(id) else {
                let ids = Target::ALL.map(Target::id);
                let id = quoted(id);
                let mut message = format!(
                    "there is no target '{id}'; the targets are {}",
                    ids.join(", ")
                );
                if let Some(c) = closest(&id, ids) {
                    message = format!("there is no target '{id}'; did you mean '{c}'?");
                }
                problems.push(problem(format!("targets.{id}"), message));
                continue;
            };
            let accepted = target.spec().overrides;
            let Raw::Map(fields) = fields else {
                problems.push(problem(
                    format!("targets.{id}"),
                    "expected a mapping of fields".into(),
                ));
                continue;
            };
            let mut checked = Vec::new();
            for (key, value) in fields {
                let at = format!("targets.{id}.{key}");
                let Some((_, accepts)) = accepted.iter().find(|(k, _)| k == key) else {
                    let names: Vec<&str> = accepted.iter().map(|(k, _)| *k).collect();
                    let message = if names.is_empty() {
                        format!("{} takes no per-target fields", target.name())
                    } else {
                        format!("{} takes only {}", target.name(), names.join(", "))
                    };
                    problems.push(problem(at, message));
                    continue;
                };
                match check_override(*accepts, value) {
                    Ok(()) => checked.push((key.clone(), value.clone())),
                    Err(message) => problems.push(problem(at, message)),
                }
            }
            overrides.entries.push((target, checked));
        }
        if problems.is_empty() {
            Ok(overrides)
        } else {
            Err(Error::InvalidAnswers { problems })
        }
    }
}

fn check_override(accepts: Accepts, value: &Raw) -> std::result::Result<(), String> {
    match (accepts, value) {
        (Accepts::Text(ok, _), Raw::Str(s)) if ok(s) => Ok(()),
        (Accepts::Text(_, what), other) => Err(format!("must be {what}, not {other}")),
        (Accepts::Number(min, max), Raw::Int(i)) if (min..=max).contains(&(*i as f64)) => Ok(()),
        (Accepts::Number(min, max), Raw::Float(x)) if (min..=max).contains(x) => Ok(()),
        (Accepts::Number(min, max), other) => {
            Err(format!("must be a number from {min} to {max}, not {other}"))
        }
        (Accepts::Count(min), Raw::Int(i)) if *i >= min => Ok(()),
        (Accepts::Count(min), other) => Err(format!(
            "must be a whole number of at least {min}, not {other}"
        )),
        (Accepts::OneOf(choices), Raw::Str(s)) if choices.contains(&s.as_str()) => Ok(()),
        (Accepts::OneOf(choices), other) => Err(format!(
            "must be one of {}, not {other}",
            choices.join(", ")
        )),
        (Accepts::Shape(kind), v) if super::fields::accepts(kind, v) => Ok(()),
        (Accepts::Shape(kind), other) => Err(format!("must be {}, not {other}", kind.describe())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_are_checked() {
        let raw = crate::yaml::parse(
            "opencode: {model: anthropic/claude-sonnet-4-5, temperature: 0.2}\ngemini: {max_turns: 0}\ncodx: {}\ncursor: {colour: x}\n",
        )
        .unwrap();
        let Err(Error::InvalidAnswers { problems }) = Overrides::parse(&raw, &Origin::Set) else {
            panic!()
        };
        let messages: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.key, p.message))
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages[0]
                .starts_with("targets.gemini.max_turns: must be a whole number of at least 1")
        );
        assert_eq!(
            messages[1],
            "targets.codx: there is no target 'codx'; did you mean 'codex'?"
        );
        assert!(messages[2].starts_with("targets.cursor.colour: Cursor takes only model"));
    }
}
