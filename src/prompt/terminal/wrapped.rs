//! The rows a dialoguer prompt leaves on screen when its lines are wider
//! than the terminal.
//!
//! dialoguer counts each line it draws as one terminal row when it clears
//! them: at 80 columns, a yes/no, choice or multi-select prompt whose text
//! wraps leaves its first rows behind, a stale half-line above the answer.
//! Here each line is drawn into a string with the same theme and measured
//! by its display width, so the prompter knows how many rows above the
//! cursor are left, and clears them itself.

use console::measure_text_width;
use dialoguer::theme::Theme;

use crate::prompt::line_editor::end_row;

/// The lines of a yes/no prompt, as dialoguer draws them.
pub(super) fn confirm(theme: &dyn Theme, prompt: &str, default: Option<bool>) -> Vec<String> {
    let mut line = String::new();
    let _ = theme.format_confirm_prompt(&mut line, prompt, default);
    vec![line]
}

/// The lines of a choice: the prompt, then one per item.
pub(super) fn select(theme: &dyn Theme, prompt: &str, items: &[&str]) -> Vec<String> {
    let mut lines = vec![String::new()];
    let _ = theme.format_select_prompt(&mut lines[0], prompt);
    for item in items {
        let mut line = String::new();
        let _ = theme.format_select_prompt_item(&mut line, item, false);
        lines.push(line);
    }
    lines
}

/// The lines of a multi-select: the prompt, then one per item.
pub(super) fn multi_select(theme: &dyn Theme, prompt: &str, items: &[String]) -> Vec<String> {
    let mut lines = vec![String::new()];
    let _ = theme.format_multi_select_prompt(&mut lines[0], prompt);
    for item in items {
        let mut line = String::new();
        let _ = theme.format_multi_select_prompt_item(&mut line, item, false, false);
        lines.push(line);
    }
    lines
}

/// Rows dialoguer does not clear: each line took one row more for every
/// time it wrapped, and dialoguer cleared one.
pub(super) fn left_behind(lines: &[String], width: usize) -> usize {
    let width = width.max(1);
    (lines.iter())
        .map(|line| end_row(measure_text_width(line), width))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dialoguer::theme::ColorfulTheme;

    #[test]
    fn a_prompt_wider_than_the_terminal_leaves_a_row_per_wrap() {
        console::set_colors_enabled_stderr(false);
        let theme = ColorfulTheme::default();
        let short = confirm(&theme, "Overwrite it?", Some(false));
        assert_eq!(left_behind(&short, 80), 0);
        // With "? " before it and " (y/n) › no" after: two rows at 80.
        let long = "Answer the advanced questions too (layout, section titles and lists)?";
        let lines = confirm(&theme, long, Some(false));
        assert!(measure_text_width(&lines[0]) > 80, "{lines:?}");
        assert_eq!(left_behind(&lines, 80), 1);
        assert_eq!(left_behind(&lines, 40), 2);
        // A choice: the prompt wraps once, the short items not at all.
        let lines = select(&theme, &"x".repeat(100), &["a", "b"]);
        assert_eq!(lines.len(), 3);
        assert_eq!(left_behind(&lines, 80), 1);
    }
}
