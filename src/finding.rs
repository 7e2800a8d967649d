//! Findings: what `lint` reports and what a target's own checks return.
//!
//! A finding names its rule (a stable id scripts can match on), says what
//! is wrong and how to fix it, and, where it concerns one field, which key
//! (the reader turns the key into a line number) or else which line.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub rule: &'static str,
    pub message: String,
    pub hint: String,
    /// The frontmatter key the finding is about, if it is about one.
    #[serde(skip)]
    pub key: Option<String>,
    /// The 1-based line in the file, when the reader knows it.
    #[serde(skip)]
    pub line: Option<usize>,
}

impl Finding {
    pub fn error(
        rule: &'static str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Finding {
        Finding {
            severity: Severity::Error,
            rule,
            message: message.into(),
            hint: hint.into(),
            key: None,
            line: None,
        }
    }

    pub fn warning(
        rule: &'static str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(rule, message, hint)
        }
    }

    /// The finding concerns this frontmatter key.
    pub fn at(mut self, key: &str) -> Finding {
        self.key = Some(key.to_owned());
        self
    }
}
