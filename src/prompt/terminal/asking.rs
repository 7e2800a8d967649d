//! The prompt for each question type, one method each: one-line text,
//! multi-line text (in `$VISUAL`/`$EDITOR` or line by line), yes/no, a
//! choice, a multi-select and a comma-separated list. The shared drawing
//! and retry logic is in the parent module.

use console::{style, truncate_str};
use dialoguer::{Confirm as YesNo, Editor, MultiSelect, Select};

use super::{Input, Terminal, settled, show, terminal_error, wrapped};
use crate::error::{Error, Result};
use crate::prompt::{Reply, Validate};
use crate::question::{Question, Spelling};
use crate::value::{Raw, Value};

impl Terminal {
    pub(super) fn ask_string(
        &mut self,
        q: &Question,
        default: Option<&Value>,
        validate: Validate<'_>,
    ) -> Result<Reply> {
        let default_text = default.and_then(Value::as_str).map(str::to_owned);
        let clearable = clearable(q, default);
        if clearable {
            self.transient(&format!("  {}", style(CLEAR_HINT).dim()))?;
        }
        self.until_valid(q, default, validate, |t, previous| {
            let text = t.line(&q.prompt, default_text.as_deref(), previous)?;
            Ok(if text.is_empty() && default_text.is_some() {
                Input::KeepDefault
            } else if text.is_empty() || (clearable && text.trim() == "-") {
                Input::Raw(Raw::Null, text)
            } else {
                Input::Raw(Raw::Str(text.clone()), text)
            })
        })
    }

    pub(super) fn ask_text(
        &mut self,
        q: &Question,
        default: Option<&Value>,
        validate: Validate<'_>,
    ) -> Result<Reply> {
        let default_text = default.and_then(Value::as_str).map(str::to_owned);
        if let Some(editor) = self.editor.clone() {
            return self.until_valid(q, default, validate, |t, previous| {
                t.transient(&format!(
                    "{} (opening {editor}; save and close to continue)",
                    q.prompt
                ))?;
                let start = if previous.is_empty() {
                    default_text.as_deref().unwrap_or("")
                } else {
                    previous
                };
                let edited = Editor::new()
                    .executable(&editor)
                    .extension(".md")
                    .edit(start)
                    .map_err(|e| terminal_error(e.into()))?;
                Ok(match edited {
                    None if default_text.is_some() => Input::KeepDefault,
                    None => Input::Raw(Raw::Null, String::new()),
                    Some(text) => Input::Raw(Raw::Str(text.clone()), text),
                })
            });
        }
        if let Some(text) = &default_text {
            let preview = text.lines().next().unwrap_or_default();
            self.transient(&format!(
                "  {}",
                style(format!("default: {}", truncate_str(preview, 70, "…"))).dim()
            ))?;
        }
        let clearable = clearable(q, default);
        let hint = match (default_text.is_some(), clearable) {
            (true, true) => {
                "Type the text; an empty line ends it. Enter on the first line keeps the default; - alone leaves it empty."
            }
            (true, false) => {
                "Type the text; an empty line ends it. Enter on the first line keeps the default."
            }
            _ => "Type the text; an empty line ends it.",
        };
        self.transient(&format!("  {}", style(hint).dim()))?;
        self.until_valid(q, default, validate, |t, _| {
            let mut lines: Vec<String> = Vec::new();
            loop {
                let prompt = if lines.is_empty() {
                    q.prompt.clone()
                } else {
                    "  ...".to_owned()
                };
                let line = t.line(&prompt, None, "")?;
                if line.is_empty() {
                    break;
                }
                lines.push(line);
            }
            if clearable && lines.len() == 1 && lines[0].trim() == "-" {
                return Ok(Input::Raw(Raw::Null, String::new()));
            }
            Ok(match (lines.is_empty(), default_text.is_some()) {
                (true, true) => Input::KeepDefault,
                (true, false) => Input::Raw(Raw::Null, String::new()),
                _ => {
                    let text = lines.join("\n");
                    Input::Raw(Raw::Str(text.clone()), text)
                }
            })
        })
    }

    pub(super) fn ask_bool(&mut self, q: &Question, default: Option<&Value>) -> Result<Reply> {
        let default = matches!(default, Some(Value::Bool(true)));
        let answer = YesNo::with_theme(&self.theme)
            .with_prompt(&q.prompt)
            .default(default)
            .report(false)
            .interact_on_opt(&self.term);
        self.count_left_behind(&wrapped::confirm(&self.theme, &q.prompt, Some(default)));
        let answer = settled(answer)?;
        self.done(
            q,
            Reply::Value(Value::Bool(answer)),
            if answer { "yes" } else { "no" },
        )
    }

    pub(super) fn ask_choice(
        &mut self,
        q: &Question,
        default: Option<&Value>,
        validate: Validate<'_>,
    ) -> Result<Reply> {
        const OTHER: &str = "other…";
        const NONE: &str = "(none)";
        let mut items: Vec<&str> = q.choices.iter().map(String::as_str).collect();
        if q.pattern.is_some() {
            items.push(OTHER);
        }
        if !q.required {
            items.push(NONE);
        }
        let default_text = default.and_then(Value::as_str);
        let index = match default_text {
            Some(d) => items
                .iter()
                .position(|i| *i == d)
                .or_else(|| items.iter().position(|i| *i == OTHER)),
            None => items.iter().position(|i| *i == NONE),
        };
        let picked = Select::with_theme(&self.theme)
            .with_prompt(&q.prompt)
            .items(&items)
            .default(index.unwrap_or(0))
            .report(false)
            .interact_on_opt(&self.term);
        self.count_left_behind(&wrapped::select(&self.theme, &q.prompt, &items));
        let picked = settled(picked)?;
        match items[picked] {
            NONE => self.done(q, Reply::Empty, NONE),
            OTHER => {
                let initial = default_text
                    .filter(|d| !q.choices.iter().any(|c| c == d))
                    .unwrap_or("")
                    .to_owned();
                let mut first = true;
                self.until_valid(q, default, validate, |t, previous| {
                    let start = if first { initial.as_str() } else { previous };
                    first = false;
                    let text = t.line(&q.prompt, None, start)?;
                    Ok(Input::Raw(Raw::Str(text.clone()), text))
                })
            }
            choice => match validate(&Raw::Str(choice.to_owned()), Spelling::Parsed) {
                Ok(Some(value)) => self.done(q, Reply::Value(value), choice),
                Ok(None) => self.done(q, Reply::Empty, NONE),
                // Every listed choice passes its own question's check.
                Err(why) => Err(Error::usage(format!("{}: {why}", q.key))),
            },
        }
    }

    pub(super) fn ask_multiselect(
        &mut self,
        q: &Question,
        default: Option<&Value>,
        validate: Validate<'_>,
    ) -> Result<Reply> {
        let ticked: Vec<bool> = q
            .choices
            .iter()
            .map(|c| {
                default
                    .and_then(Value::as_list)
                    .is_some_and(|d| d.contains(c))
            })
            .collect();
        self.transient(&format!("  {}", style("Space ticks, Enter accepts.").dim()))?;
        loop {
            let picked = MultiSelect::with_theme(&crate::prompt::cursor::Cursored(&self.theme))
                .with_prompt(&q.prompt)
                .items(&q.choices)
                .defaults(&ticked)
                .report(false)
                .interact_on_opt(&self.term);
            let theme = crate::prompt::cursor::Cursored(&self.theme);
            self.count_left_behind(&wrapped::multi_select(&theme, &q.prompt, &q.choices));
            let picked = settled(picked)?;
            let raw = Raw::Seq(
                picked
                    .iter()
                    .map(|&i| Raw::Str(q.choices[i].clone()))
                    .collect(),
            );
            match validate(&raw, Spelling::Parsed) {
                Ok(value) => {
                    let shown = value.as_ref().map(show).unwrap_or_else(|| "(none)".into());
                    let line = self.summary(&q.prompt, &truncate_str(&shown, 60, "…"));
                    self.settle(&line)?;
                    return Ok(value.map_or(Reply::Empty, Reply::Value));
                }
                Err(why) => self.error_line(&why)?,
            }
        }
    }

    pub(super) fn ask_list(
        &mut self,
        q: &Question,
        default: Option<&Value>,
        validate: Validate<'_>,
    ) -> Result<Reply> {
        // A default list is filled in, so single items can be kept, edited
        // or removed in place; unchanged, it is the default.
        let default_text = default.and_then(Value::as_list).map(|items| {
            match items.iter().any(|i| i.contains(',')) {
                true => format!(
                    "[{}]",
                    (items.iter().map(|i| crate::yaml::double_quoted(i)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                false => items.join(", "),
            }
        });
        let prefilled = default_text.clone().filter(|d| !d.is_empty());
        let hint = match (q.required, prefilled.is_some()) {
            (true, false) => "Separate items with commas, or write a list: [\"a, b\", c].",
            (false, false) => {
                "Separate items with commas, or write a list: [\"a, b\", c]; - for none."
            }
            (true, true) => "The default items are filled in: edit them, or Enter keeps them.",
            (false, true) => {
                "The default items are filled in: edit them, or Enter keeps them; - or an empty line for none."
            }
        };
        self.transient(&format!("  {}", style(hint).dim()))?;
        self.until_valid(q, default, validate, |t, previous| {
            let start = match (previous.is_empty(), &prefilled) {
                (true, Some(text)) => text.as_str(),
                _ => previous,
            };
            let text = t.line(&q.prompt, None, start)?;
            let trimmed = text.trim();
            Ok(if prefilled.as_deref() == Some(trimmed) {
                Input::KeepDefault
            } else if trimmed.is_empty() && prefilled.is_some() && !q.required {
                Input::Raw(Raw::Seq(Vec::new()), text)
            } else if trimmed.is_empty() && default.is_some() && prefilled.is_none() {
                Input::KeepDefault
            } else if trimmed.is_empty() {
                Input::Raw(Raw::Null, text)
            } else if trimmed == "-" {
                Input::Raw(Raw::Seq(Vec::new()), text)
            } else if let Some(Raw::Seq(items)) = trimmed
                .starts_with('[')
                .then(|| crate::yaml::parse(trimmed).ok())
                .flatten()
            {
                // A YAML list keeps commas inside items: ["Go, mostly", Rust].
                Input::Raw(Raw::Seq(items), text)
            } else {
                let items = trimmed
                    .split(',')
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .map(|i| Raw::Str(i.to_owned()))
                    .collect();
                Input::Raw(Raw::Seq(items), text)
            })
        })
    }
}

const CLEAR_HINT: &str = "Enter keeps the default; - alone leaves this answer empty.";

/// An optional question with a default: Enter keeps the default, so `-`
/// is the way to leave it empty (as for lists), and the prompt says so.
fn clearable(q: &Question, default: Option<&Value>) -> bool {
    !q.required && default.is_some()
}
