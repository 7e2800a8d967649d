//! Whether a question's declaration in a `role.yaml` is sound, apart from
//! any answer: its key is an identifier, its type has the choices or fields
//! it needs and nothing only another type takes, its pattern compiles, and
//! its record fields and sharing are allowed where it stands. Every problem
//! is returned, so a role author sees them all at once.

use super::{Kind, Question};

impl Question {
    /// Checks that the declaration itself is sound. Returns every problem.
    pub fn check_definition(&self, top_level: bool) -> Vec<String> {
        let mut problems = Vec::new();
        let mut say = |m: String| problems.push(format!("question '{}': {m}", self.key));
        if !is_identifier(&self.key) {
            say(
                "keys are lowercase letters, digits and underscores, starting with a letter".into(),
            );
        }
        match self.kind {
            Kind::Choice | Kind::Multiselect if self.choices.is_empty() => {
                say("needs choices".into())
            }
            Kind::Records if self.fields.is_empty() => say("needs fields".into()),
            _ => {}
        }
        if !matches!(self.kind, Kind::Choice | Kind::Multiselect | Kind::List)
            && !self.choices.is_empty()
        {
            say(format!(
                "choices are only for choice, multiselect and list, not {}",
                self.kind.name()
            ));
        }
        if self.kind != Kind::Records && !self.fields.is_empty() {
            say("fields are only for records".into());
        }
        if self.kind != Kind::Records && self.item.is_some() {
            say("`item` names one record; it is only for records".into());
        }
        if let Some(p) = &self.pattern {
            if let Err(e) = regex_lite::Regex::new(p) {
                say(format!("pattern does not compile: {e}"));
            }
            if matches!(self.kind, Kind::Bool | Kind::Multiselect | Kind::Records) {
                say(format!("a pattern does not apply to {}", self.kind.name()));
            }
        }
        if !top_level && (self.when.is_some() || self.kind == Kind::Records) {
            say("record fields cannot have `when` or be records themselves".into());
        }
        for (i, field) in self.fields.iter().enumerate() {
            if self.fields[..i].iter().any(|f| f.key == field.key) {
                say(format!("field '{}' is declared twice", field.key));
            }
        }
        if let Some(share) = &self.shared {
            if !top_level {
                say("record fields cannot be shared".into());
            }
            share.problems(self).into_iter().for_each(&mut say);
        }
        for field in &self.fields {
            problems.extend(field.check_definition(false));
        }
        problems
    }
}

/// Lowercase letters, digits and underscores, starting with a letter.
pub fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
