//! Asking a person at a terminal: the dialoguer implementation of
//! [`Prompter`], and the only module that uses dialoguer.
//!
//! One prompt per question type: one-line text in a line editor that
//! re-asks with the reason when a value is refused; multi-line text in
//! `$VISUAL`/`$EDITOR` when set, otherwise line by line until an empty line;
//! Confirm for booleans; Select for choices (default highlighted);
//! MultiSelect with the defaults ticked; comma-separated lists; and records
//! field by field with "Add another?". Every prompt shows the question's
//! help on a dim line and its default. When a question is answered, its help
//! and prompt are replaced by one summary line, so the transcript stays
//! short. Advanced questions are asked only if the person chooses to
//! customise. Everything is drawn on standard error, so `--stdout` output
//! stays clean. Esc at a question goes back to the previous one; Ctrl-C
//! at any prompt cancels the run.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use console::{Term, measure_text_width, style, truncate_str};
use dialoguer::Confirm as YesNo;
use dialoguer::theme::{ColorfulTheme, Theme};

mod asking;
mod wrapped;

use super::line_editor::{Edit, LineEditor};
use super::{Ask, Confirm, Prompter, Reply, Validate};
use crate::error::{Error, Result};
use crate::question::{Kind, Question, Spelling};
use crate::value::{Raw, Value};

/// The widest default shown inside a prompt line.
const DEFAULT_IN_LINE: usize = 40;

/// Set by [`went_back`] when Esc ends a prompt.
static WENT_BACK: AtomicBool = AtomicBool::new(false);

/// Makes Ctrl-C a clean cancellation while prompts are shown: the cursor is
/// shown again, the run ends with exit code 130, and nothing is written.
///
/// SIGINT arrives two ways. Inside a prompt's key read, the terminal
/// library restores the terminal and raises it itself; between key reads
/// the terminal driver sends it. Either way the one handler of
/// [`crate::signals`] ends the process, since nothing has been written
/// yet; this only tells it to restore the cursor. Once prompting is over
/// ([`finish_prompts`]) a signal during the write is handled there.
pub fn install_interrupt_handler() {
    crate::signals::set_prompting(true);
}

/// Prompting is over; see [`install_interrupt_handler`].
pub fn finish_prompts() {
    crate::signals::set_prompting(false);
}

pub struct Terminal {
    term: Term,
    theme: ColorfulTheme,
    editor: Option<String>,
    /// Terminal rows written for the current question, cleared when it is
    /// answered.
    rows: usize,
}

impl Terminal {
    /// `colors` false honours NO_COLOR; `editor` is `$VISUAL` or `$EDITOR`.
    pub fn new(colors: bool, editor: Option<String>) -> Terminal {
        if !colors {
            console::set_colors_enabled(false);
            console::set_colors_enabled_stderr(false);
        }
        Terminal {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
            editor,
            rows: 0,
        }
    }

    /// Writes a line that will be cleared when the question is answered.
    fn transient(&mut self, text: &str) -> Result<()> {
        self.rows += rows_of(text, self.width());
        self.term.write_line(text).map_err(terminal_error)
    }

    fn width(&self) -> usize {
        usize::from(self.term.size().1).max(1)
    }

    /// Replaces everything written for the question with its summary line.
    fn settle(&mut self, summary: &str) -> Result<()> {
        self.term
            .clear_last_lines(self.rows)
            .map_err(terminal_error)?;
        self.rows = 0;
        self.term.write_line(summary).map_err(terminal_error)
    }

    fn help(&mut self, q: &Question) -> Result<()> {
        if let Some(help) = &q.help {
            self.transient(&format!("  {}", style(help.trim()).dim()))?;
        }
        Ok(())
    }

    /// A yes/no question that stays on screen as its answer's line.
    fn yes_no(&mut self, prompt: &str, default: bool) -> Result<bool> {
        let answer = YesNo::with_theme(&self.theme)
            .with_prompt(prompt)
            .default(default)
            .report(false)
            .interact_on_opt(&self.term);
        let drawn = wrapped::confirm(&self.theme, prompt, Some(default));
        self.clear_left_behind(&drawn)?;
        let answer = settled(answer)?;
        let mut line = String::new();
        let _ = (self.theme).format_confirm_prompt_selection(&mut line, prompt, Some(answer));
        self.term.write_line(&line).map_err(terminal_error)?;
        Ok(answer)
    }

    /// Clears the rows of `drawn` that dialoguer left when it cleared a
    /// prompt whose lines wrapped (see [`wrapped`]); they are just above
    /// the cursor.
    fn clear_left_behind(&self, drawn: &[String]) -> Result<()> {
        match wrapped::left_behind(drawn, self.width()) {
            0 => Ok(()),
            rows => self.term.clear_last_lines(rows).map_err(terminal_error),
        }
    }

    /// Counts the rows of `drawn` that dialoguer left, to be cleared with
    /// the question's other rows when it is answered or left.
    fn count_left_behind(&mut self, drawn: &[String]) {
        self.rows += wrapped::left_behind(drawn, self.width());
    }

    /// Reads one line of text; `Ok(None)` when cancelled.
    fn line(&mut self, prompt: &str, default: Option<&str>, initial: &str) -> Result<String> {
        let mut rendered = String::new();
        // A long default is cut in the prompt line, so it is shown whole on
        // a dim line above first: what Enter keeps must be visible.
        if let Some(full) = default.filter(|d| measure_text_width(d) > DEFAULT_IN_LINE) {
            self.transient(&format!("  {}", style(format!("default: {full}")).dim()))?;
        }
        let default = default.map(|d| truncate_str(d, DEFAULT_IN_LINE, "…").into_owned());
        let _ = self
            .theme
            .format_input_prompt(&mut rendered, prompt, default.as_deref());
        let mut editor = LineEditor::new(&self.term, rendered, initial);
        let edit = editor.run().map_err(terminal_error)?;
        self.rows += editor.rows() + 1;
        match edit {
            Edit::Done(text) => Ok(text),
            Edit::Back => Err(went_back()),
            Edit::Cancelled => Err(cancelled(&self.term)),
        }
    }

    fn error_line(&mut self, message: &str) -> Result<()> {
        let mut rendered = String::new();
        let _ = self.theme.format_error(&mut rendered, message);
        self.transient(&rendered)
    }

    fn summary(&self, prompt: &str, shown: &str) -> String {
        let mut rendered = String::new();
        let _ = self
            .theme
            .format_input_prompt_selection(&mut rendered, prompt, shown);
        rendered
    }

    /// Asks until `validate` accepts the reply. `read` gets the previous
    /// attempt's text to start from.
    fn until_valid(
        &mut self,
        q: &Question,
        default: Option<&Value>,
        validate: Validate<'_>,
        mut read: impl FnMut(&mut Terminal, &str) -> Result<Input>,
    ) -> Result<Reply> {
        let mut previous = String::new();
        loop {
            let (raw, text) = match read(self, &previous)? {
                Input::KeepDefault => {
                    let shown = default.map(show).unwrap_or_default();
                    return self.done(q, Reply::NotAsked, &shown);
                }
                Input::Raw(raw, text) => (raw, text),
            };
            match validate(&raw, Spelling::Parsed) {
                Ok(Some(value)) => {
                    let shown = show(&value);
                    return self.done(q, Reply::Value(value), &shown);
                }
                Ok(None) => return self.done(q, Reply::Empty, "(none)"),
                Err(why) => {
                    self.error_line(&why)?;
                    previous = text;
                }
            }
        }
    }

    fn done(&mut self, q: &Question, reply: Reply, shown: &str) -> Result<Reply> {
        let line = self.summary(&q.prompt, &truncate_str(shown, 60, "…"));
        self.settle(&line)?;
        Ok(reply)
    }
}

/// What a prompt read, before it is checked.
enum Input {
    KeepDefault,
    /// The value and the text it was typed as (to start a retry from).
    Raw(Raw, String),
}

impl Prompter for Terminal {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        // A record's field is shown with its place: "Example 2 · Situation".
        let labelled;
        let q = match &ask.context {
            Some(context) => {
                let mut field = ask.question.clone();
                field.prompt = format!("{context} · {}", field.prompt);
                labelled = field;
                &labelled
            }
            None => ask.question,
        };
        self.help(q)?;
        let (default, validate) = (ask.default, ask.validate);
        let reply = match q.kind {
            Kind::String => self.ask_string(q, default, validate),
            Kind::Text => self.ask_text(q, default, validate),
            Kind::Bool => self.ask_bool(q, default),
            Kind::Choice => self.ask_choice(q, default, validate),
            Kind::Multiselect => self.ask_multiselect(q, default, validate),
            Kind::List => self.ask_list(q, default, validate),
            // Session asks records field by field.
            Kind::Records => Ok(Reply::NotAsked),
        };
        let reply = match reply {
            Err(Error::Interrupted) if WENT_BACK.swap(false, Ordering::SeqCst) => {
                // Clear this question; the previous one is asked next.
                let _ = self.term.clear_last_lines(self.rows);
                self.rows = 0;
                return Ok(Reply::Back);
            }
            other => other?,
        };
        if crate::signals::received().is_some() {
            return Err(cancelled(&self.term));
        }
        self.rows = 0;
        // Enter on a picked default is the default kept, as Enter on a
        // text prompt is: not an answer of the person's own (the review
        // screen marks only those, and the manifest records only those).
        let picked = matches!(q.kind, Kind::Bool | Kind::Choice | Kind::Multiselect);
        Ok(match reply {
            Reply::Value(value) if picked && ask.default == Some(&value) => Reply::NotAsked,
            other => other,
        })
    }

    /// The note (where the default came from) goes on a dim line above
    /// the question, cleared with it once it is answered.
    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        self.transient(&format!("  {}", style(note).dim()))?;
        self.ask(ask)
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        let answer = self.confirm_on_screen(confirm);
        // Esc at a question of the flow itself cancels, as before.
        WENT_BACK.store(false, Ordering::SeqCst);
        answer
    }
}

impl Terminal {
    fn confirm_on_screen(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        let answer = match confirm {
            Confirm::Customise => self.yes_no(
                "Answer the advanced questions too (layout, section titles and lists, persona details)?",
                false,
            )?,
            Confirm::KeepDefaults { question, default } => {
                self.help(question)?;
                let first = question.fields.first().map(|f| f.key.as_str()).unwrap_or_default();
                let Value::Records(records) = default else { return Ok(None) };
                for (i, record) in records.iter().enumerate() {
                    let label = record.get(first).and_then(Value::as_str).unwrap_or_default();
                    let line = format!("{}. {}", i + 1, truncate_str(label, 70, "…"));
                    self.transient(&format!("  {}", style(line).dim()))?;
                }
                let prompt = format!(
                    "{}: keep all {}? (no: keep, edit or remove each)",
                    question.prompt,
                    records.len()
                );
                let keep = self.yes_no(&prompt, true)?;
                // The list stays on screen as context for what follows.
                self.rows = 0;
                keep
            }
            Confirm::AddItem { question, count } => {
                let noun = super::item_noun(question).to_lowercase();
                let prompt = if count == 0 { format!("Add an {noun}?") } else { format!("Add another {noun}?") };
                let prompt = if count == 0 && !noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    format!("Add a {noun}?")
                } else {
                    prompt
                };
                self.yes_no(&prompt, count == 0)?
            }
            Confirm::Overwrite(path) => self.yes_no(&format!("{} exists. Overwrite it?", path.display()), false)?,
            Confirm::Trust(text) => self.yes_no(text, false)?,
            Confirm::SaveAnswers => self.yes_no("Nothing was written. Save your answers to a file, to replay them?", true)?,
        };
        Ok(Some(answer))
    }
}

/// A dialoguer result: cancelled (Esc, q, Ctrl-C) becomes
/// [`Error::Interrupted`].
fn settled<T>(result: dialoguer::Result<Option<T>>) -> Result<T> {
    let term = Term::stderr();
    match result {
        Ok(Some(value)) if crate::signals::received().is_none() => Ok(value),
        // Esc (or q) in a select or confirm; Ctrl-C ends the process.
        Ok(_) if crate::signals::received().is_none() => Err(went_back()),
        Ok(_) => Err(cancelled(&term)),
        Err(dialoguer::Error::IO(e)) if e.kind() == io::ErrorKind::Interrupted => {
            Err(cancelled(&term))
        }
        Err(dialoguer::Error::IO(e)) => Err(terminal_error(e)),
    }
}

/// Esc was pressed. The prompt's own code only knows errors, so this is
/// carried as [`Error::Interrupted`] with a flag that [`Terminal::ask`]
/// turns into [`Reply::Back`]; anywhere else (a confirm of the flow) Esc
/// still cancels.
fn went_back() -> Error {
    let _ = Term::stderr().show_cursor();
    WENT_BACK.store(true, Ordering::SeqCst);
    Error::Interrupted
}

/// Restores what a prompt may have changed (a hidden cursor) and reports
/// the cancellation.
fn cancelled(term: &Term) -> Error {
    let _ = term.show_cursor();
    let _ = term.write_line("");
    Error::Interrupted
}

fn terminal_error(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::Interrupted {
        return cancelled(&Term::stderr());
    }
    Error::Stream {
        stream: "the terminal",
        source: e,
    }
}

/// How many terminal rows `text` takes.
fn rows_of(text: &str, width: usize) -> usize {
    text.split('\n')
        .map(|line| measure_text_width(line).div_ceil(width).max(1))
        .sum()
}

/// A one-line rendering of an answer for the summary line.
fn show(value: &Value) -> String {
    match value {
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Str(s) => s.lines().next().unwrap_or_default().to_owned(),
        Value::List(items) if items.is_empty() => "(none)".into(),
        Value::List(items) => items.join(", "),
        Value::Records(records) => format!("{} entered", records.len()),
    }
}
