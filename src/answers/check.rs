//! Checking given answers against their questions, before anything is
//! asked: each value with its question's own rules, plus the rules no
//! question type carries (the agent-name rule, tool names against the
//! Claude table, a typed `\n` in the frontmatter, renamed keys), every
//! problem collected with the file and line (or flag) it came from.

use super::{Given, GivenAnswers, frontmatter};
use crate::error::{Error, Problem, Result};
use crate::names;
use crate::question::{Kind, Question, Spelling, closest, renamed};
use crate::role::Role;
use crate::value::{Raw, Value};

/// Every problem in answers given for `role`, without asking anything: a
/// kit checks each member's own answers this way before gathering any, so
/// that all of them are reported at once.
pub fn problems(role: &Role, given: &GivenAnswers) -> Vec<Problem> {
    match check_given(role, given) {
        Ok(_) => Vec::new(),
        Err(Error::InvalidAnswers { problems }) => problems,
        Err(other) => {
            let origin = given.get("name").map(|g| g.origin.clone());
            vec![Problem {
                origin: origin.unwrap_or(crate::error::Origin::NameFlag),
                key: "name".into(),
                message: other.to_string(),
            }]
        }
    }
}

/// A given answer and its checked value (`None` for an explicit null on an
/// optional question).
pub(super) struct Checked<'a> {
    pub(super) given: &'a Given,
    pub(super) value: Option<Value>,
}

/// The checked value of every given answer (`None` for an explicit null on
/// an optional question), or every problem found.
pub(super) fn check_given<'a>(role: &Role, given: &'a GivenAnswers) -> Result<Vec<Checked<'a>>> {
    let mut checked = Vec::new();
    let mut problems = Vec::new();
    for g in given.iter() {
        let Some(question) = role.question(&g.key) else {
            problems.push(Problem {
                origin: g.origin.clone(),
                key: g.key.clone(),
                message: unknown_key(role, &g.key),
            });
            continue;
        };
        let spelling = g.typed.as_deref().map_or(Spelling::Parsed, Spelling::Typed);
        match check_one(question, &g.raw, spelling) {
            Ok(value) => checked.push(Checked { given: g, value }),
            Err(message) => problems.push(Problem {
                origin: g.origin.clone(),
                key: g.key.clone(),
                message,
            }),
        }
    }
    if let Some(bad_name) = name_error(role, given) {
        return Err(bad_name);
    }
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(Error::InvalidAnswers { problems })
    }
}

/// Why `key` is not an answer for `role`: an old name with its new one,
/// or the closest key the role asks.
fn unknown_key(role: &Role, key: &str) -> String {
    if let Some(message) = renamed::message(key, |new| role.question(new).is_some()) {
        return message;
    }
    let mut message = format!("the role {} has no question with this key", role.name);
    match closest(key, role.questions.iter().map(|q| q.key.as_str())) {
        Some(c) => message.push_str(&format!("; did you mean '{c}'?")),
        None => message.push_str(&format!("; `agentgen show {}` lists them", role.name)),
    }
    message
}

/// Tool names that are not Claude Code tools, with lint's suggestion, so a
/// typo is refused where it is typed (prompt, `--set`, answers file)
/// rather than written and reported by `lint` later. Agents are written in
/// Claude Code's tool vocabulary and other targets translate from it, so
/// this one table (lint's, in target::claude) serves every target and both
/// `tools` and `disallowed_tools`; the questions' patterns check only the
/// shape of an entry. Each problem reads like the question's own pattern
/// refusal (`[1]: 'Grp' must be <help> (did you mean 'Grep'?)`).
/// A retired tool (`LS`) is still accepted in `tools`, as lint only warns
/// about it: real agents list them and Claude Code skips them. Denying one
/// denies nothing, so `disallowed_tools` refuses it and names its successor.
fn tool_problems(question: &Question, tools: &[String]) -> Option<String> {
    use crate::target::claude::{RETIRED_TOOLS, TOOLS};
    use crate::target::{Access, access, tool_base};
    let help = question
        .pattern_help
        .as_deref()
        .unwrap_or("a Claude Code tool");
    let problems: Vec<String> = (tools.iter().enumerate())
        .filter_map(|(i, tool)| {
            let base = tool_base(tool);
            if TOOLS.contains(&base) || base == "*" || access(tool) == Access::Mcp {
                return None;
            }
            let quoted = crate::value::quoted(tool);
            if let Some((_, instead)) = RETIRED_TOOLS.iter().find(|(old, _)| *old == base) {
                return (question.key != "tools").then(|| {
                    format!("[{i}]: '{quoted}' is no longer a Claude Code tool (use {instead})")
                });
            }
            let hint = match closest(base, TOOLS.iter().copied()) {
                Some(c) => format!("did you mean '{c}'?"),
                None => format!("Claude Code's tools are {}", TOOLS.join(", ")),
            };
            Some(format!("[{i}]: '{quoted}' must be {help} ({hint})"))
        })
        .collect();
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// A refused agent name is its own error, with a suggestion, because it is
/// the most common mistake and decides the file name.
fn name_error(role: &Role, given: &GivenAnswers) -> Option<Error> {
    let g = given.get("name")?;
    role.question("name")?;
    let Raw::Str(name) = &g.raw else { return None };
    names::check(name).err()
}

/// Checks a value for one question, adding the agent-name rule for `name`
/// and refusing a typed `\n` in text that lands in the frontmatter.
/// The message says what is wrong with the value; `None` is an optional
/// question answered with nothing.
pub(super) fn check_one(
    question: &Question,
    raw: &Raw,
    spelling: Spelling,
) -> Result<Option<Value>, String> {
    // Text typed after `--set key=` is the answer to a text question even
    // where YAML reads it as null (`#1 for 10 years` is a comment, `---` a
    // document start, `~` null): it must not vanish or count as missing.
    let typed;
    let raw = match (spelling, question.kind) {
        (Spelling::Typed(text), Kind::String | Kind::Text | Kind::Choice)
            if !text.is_empty() && matches!(raw, Raw::Null) =>
        {
            typed = Raw::Str(text.to_owned());
            &typed
        }
        _ => raw,
    };
    if matches!(raw, Raw::Null)
        || matches!(raw, Raw::Str(s) if s.is_empty() && !question.required && question.kind != Kind::Bool)
    {
        return if question.required {
            Err("needs a value; this question is required".into())
        } else {
            Ok(None)
        };
    }
    let value = question.check(raw, spelling).map_err(|m| {
        if m.at.is_empty() {
            m.message
        } else {
            format!("{}: {}", m.at, m.message)
        }
    })?;
    if let Some(problem) = frontmatter::literal_newline(&question.key, &value) {
        return Err(problem);
    }
    if matches!(question.key.as_str(), "tools" | "disallowed_tools")
        && let Value::List(tools) = &value
        && let Some(problem) = tool_problems(question, tools)
    {
        return Err(problem);
    }
    if question.key == "name"
        && let Value::Str(name) = &value
        && let Some(reason) = names::problem(name)
    {
        return Err(match names::suggest(name) {
            Some(suggestion) => format!("{reason}; try '{suggestion}'"),
            None => reason,
        });
    }
    Ok(Some(value))
}
