//! The multi-select theme: the colourful theme with a cursor.
//!
//! dialoguer's colourful theme marks the current item of a multi-select
//! only by its colour, so with NO_COLOR (or on a terminal that drops
//! attributes) nothing shows which item Space would tick. This theme puts
//! the same `❯` that single selects use in front of the current item, and
//! two spaces in front of the others, so the columns stay aligned.

use std::fmt;

use dialoguer::theme::{ColorfulTheme, Theme};

pub struct Cursored<'a>(pub &'a ColorfulTheme);

impl Theme for Cursored<'_> {
    fn format_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_prompt(f, prompt)
    }

    fn format_error(&self, f: &mut dyn fmt::Write, err: &str) -> fmt::Result {
        self.0.format_error(f, err)
    }

    fn format_multi_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_multi_select_prompt(f, prompt)
    }

    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        self.0
            .format_multi_select_prompt_selection(f, prompt, selections)
    }

    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let cursor = match active {
            true => &self.0.active_item_prefix,
            false => &self.0.inactive_item_prefix,
        };
        write!(f, "{cursor} ")?;
        self.0
            .format_multi_select_prompt_item(f, text, checked, active)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_item_has_a_cursor_without_colour() {
        console::set_colors_enabled_stderr(false);
        let theme = ColorfulTheme::default();
        let cursored = Cursored(&theme);
        let (mut active, mut other) = (String::new(), String::new());
        cursored
            .format_multi_select_prompt_item(&mut active, "Go", false, true)
            .unwrap();
        cursored
            .format_multi_select_prompt_item(&mut other, "Go", true, false)
            .unwrap();
        assert!(active.starts_with("❯ "), "{active:?}");
        assert!(other.starts_with("  "), "{other:?}");
        // Aligned: the same item is as wide with and without the cursor.
        assert_eq!(
            console::measure_text_width(&active),
            console::measure_text_width(&other),
            "{active:?} / {other:?}"
        );
    }
}
