//! A one-line text editor on the terminal, for text prompts.
//!
//! dialoguer's `Input` ignores Esc, and agentgen promises that Esc goes
//! back one question at any prompt, so text is read here instead, with the
//! same theme. The
//! editor supports typing anywhere in the line (arrows, Home, End,
//! Backspace, Delete), redraws correctly when the line wraps, and returns
//! [`Edit::Back`] for Esc and [`Edit::Cancelled`] for Ctrl-C.

use console::{Key, Term, measure_text_width};

/// What the person did with the line.
pub enum Edit {
    Done(String),
    /// Esc: the person wants the previous question.
    Back,
    /// Ctrl-C.
    Cancelled,
}

pub struct LineEditor<'t> {
    term: &'t Term,
    /// The rendered prompt, escape codes included.
    prompt: String,
    prompt_width: usize,
    chars: Vec<char>,
    pos: usize,
    /// Terminal row of the cursor, counted from the prompt's first row.
    cursor_row: usize,
}

impl<'t> LineEditor<'t> {
    pub fn new(term: &'t Term, prompt: String, initial: &str) -> LineEditor<'t> {
        let chars: Vec<char> = initial.chars().collect();
        LineEditor {
            term,
            prompt_width: measure_text_width(&prompt),
            prompt,
            pos: chars.len(),
            chars,
            cursor_row: 0,
        }
    }

    /// Draws the prompt and reads keys until Enter, Esc or Ctrl-C.
    pub fn run(&mut self) -> std::io::Result<Edit> {
        self.redraw()?;
        loop {
            let key = match self.term.read_key() {
                Ok(key) => key,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                    return Ok(Edit::Cancelled);
                }
                Err(e) => return Err(e),
            };
            match key {
                Key::Enter => {
                    self.pos = self.chars.len();
                    self.redraw()?;
                    self.term.write_line("")?;
                    return Ok(Edit::Done(self.chars.iter().collect()));
                }
                Key::Escape => return Ok(Edit::Back),
                Key::CtrlC => return Ok(Edit::Cancelled),
                // Ctrl-U, as in a shell: clear the line (a refused value is
                // kept for correcting, and this starts over).
                Key::Char('\u{15}') => {
                    self.chars.clear();
                    self.pos = 0;
                }
                Key::Char(c) if !c.is_control() => {
                    self.chars.insert(self.pos, c);
                    self.pos += 1;
                }
                Key::Backspace if self.pos > 0 => {
                    self.pos -= 1;
                    self.chars.remove(self.pos);
                }
                Key::Del if self.pos < self.chars.len() => {
                    self.chars.remove(self.pos);
                }
                Key::ArrowLeft if self.pos > 0 => self.pos -= 1,
                Key::ArrowRight if self.pos < self.chars.len() => self.pos += 1,
                Key::Home => self.pos = 0,
                Key::End => self.pos = self.chars.len(),
                _ => continue,
            }
            self.redraw()?;
        }
    }

    /// Rows the prompt and text take, counted from 0, for clearing them.
    pub fn rows(&self) -> usize {
        end_row(
            self.prompt_width + self.text_width(self.chars.len()),
            self.width(),
        )
    }

    fn width(&self) -> usize {
        usize::from(self.term.size().1).max(1)
    }

    fn text_width(&self, upto: usize) -> usize {
        measure_text_width(&self.chars[..upto].iter().collect::<String>())
    }

    /// Rewrites the whole line, then puts the cursor at `pos`. The line may
    /// wrap over several terminal rows; the cursor row is tracked so the
    /// next redraw starts from the prompt's first row.
    fn redraw(&mut self) -> std::io::Result<()> {
        let width = self.width();
        if self.cursor_row > 0 {
            self.term.move_cursor_up(self.cursor_row)?;
        }
        self.term.write_str("\r")?;
        self.term.clear_to_end_of_screen()?;
        let text: String = self.chars.iter().collect();
        self.term.write_str(&format!("{}{text}", self.prompt))?;
        let total = self.prompt_width + self.text_width(self.chars.len());
        let end = end_row(total, width);
        let target = self.prompt_width + self.text_width(self.pos);
        if target == total {
            self.cursor_row = end;
        } else {
            // From the end of the text: to column 0 of its row, up to the
            // target row, right to the target column.
            let (row, col) = (target / width, target % width);
            self.term.write_str("\r")?;
            if end > row {
                self.term.move_cursor_up(end - row)?;
            }
            if col > 0 {
                self.term.move_cursor_right(col)?;
            }
            self.cursor_row = row;
        }
        self.term.flush()
    }
}

/// The row the cursor is on after writing `total` columns from column 0.
/// A line that exactly fills the last row leaves the cursor on that row
/// (terminals wrap only when the next character arrives).
pub(crate) fn end_row(total: usize, width: usize) -> usize {
    if total > 0 && total % width == 0 {
        total / width - 1
    } else {
        total / width
    }
}

#[cfg(test)]
mod tests {
    use super::end_row;

    #[test]
    fn rows_account_for_the_pending_wrap() {
        assert_eq!(end_row(0, 80), 0);
        assert_eq!(end_row(79, 80), 0);
        assert_eq!(end_row(80, 80), 0);
        assert_eq!(end_row(81, 80), 1);
        assert_eq!(end_row(160, 80), 1);
    }
}
