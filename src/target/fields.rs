//! The values a tool accepts in each of its fields, as data.
//!
//! A target's [`super::Spec`] lists, next to the names of the fields the
//! tool reads, the [`Rule`] each value must follow and what the tool does
//! when it does not: refuse the file ([`Severity::Error`]) or ignore the
//! value ([`Severity::Warning`]). The same table checks a file agentgen
//! writes, a file `lint` reads, and (through [`accepts`]) an answer before
//! it becomes a field, so the three can never disagree.

use crate::finding::{Finding, Severity};
use crate::value::{Raw, quoted};

/// The shape of a field's value.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// One of these words, or a whole number.
    OneOfOrInt(&'static [&'static str]),
    /// true or false.
    Bool,
    /// A whole number no smaller than this.
    IntAtLeast(i64),
    /// A number in this range.
    Number(f64, f64),
    /// Text that is not blank.
    Text,
    /// A list of non-blank texts.
    Names,
    /// A list of texts, or one comma-separated text.
    NameList,
}

/// One field's rule: its key, its shape, and how the tool treats a value
/// of another shape.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub key: &'static str,
    pub kind: Kind,
    pub bad: Severity,
}

/// A rule for `key`: the tool refuses the file when it is broken.
pub const fn refuses(key: &'static str, kind: Kind) -> Rule {
    Rule {
        key,
        kind,
        bad: Severity::Error,
    }
}

/// A rule for `key`: the tool ignores a broken value.
pub const fn ignores(key: &'static str, kind: Kind) -> Rule {
    Rule {
        key,
        kind,
        bad: Severity::Warning,
    }
}

impl Kind {
    /// What the field accepts, for messages: "one of a, b", "true or false".
    pub fn describe(self) -> String {
        match self {
            Kind::OneOf(words) => format!("one of {}", words.join(", ")),
            Kind::OneOfOrInt(words) => format!("one of {}, or a whole number", words.join(", ")),
            Kind::Bool => "true or false".into(),
            Kind::IntAtLeast(min) => format!("a whole number of at least {min}"),
            Kind::Number(lo, hi) => format!("a number from {lo} to {hi}"),
            Kind::Text => "text".into(),
            Kind::Names => "a list of names".into(),
            Kind::NameList => "a list of names, or one comma-separated text".into(),
        }
    }
}

/// Whether `value` has the shape `kind` asks for.
pub fn accepts(kind: Kind, value: &Raw) -> bool {
    let name = |v: &Raw| matches!(v, Raw::Str(s) if !s.trim().is_empty());
    match (kind, value) {
        (Kind::OneOf(words) | Kind::OneOfOrInt(words), Raw::Str(s)) => words.contains(&s.as_str()),
        (Kind::OneOfOrInt(_), Raw::Int(_)) => true,
        (Kind::Bool, Raw::Bool(_)) => true,
        (Kind::IntAtLeast(min), Raw::Int(n)) => *n >= min,
        (Kind::Number(lo, hi), Raw::Int(n)) => (lo..=hi).contains(&(*n as f64)),
        (Kind::Number(lo, hi), Raw::Float(n)) => (lo..=hi).contains(n),
        (Kind::Text, v) => name(v),
        (Kind::Names | Kind::NameList, Raw::Seq(items)) => items.iter().all(name),
        (Kind::NameList, v) => name(v),
        _ => false,
    }
}

/// A finding for each field whose value breaks its rule.
pub fn check(rules: &[Rule], tool: &str, fields: &[(String, Raw)]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (key, value) in fields {
        let Some(rule) = rules.iter().find(|r| r.key == key) else {
            continue;
        };
        if accepts(rule.kind, value) {
            continue;
        }
        let shown = match value {
            Raw::Str(s) => format!("'{}'", quoted(s)),
            other => other.to_string(),
        };
        let effect = match rule.bad {
            Severity::Error => format!("{tool} refuses the file"),
            Severity::Warning => format!("{tool} ignores it"),
        };
        let finding = match rule.bad {
            Severity::Error => Finding::error,
            Severity::Warning => Finding::warning,
        };
        findings.push(
            finding(
                "invalid-value",
                format!(
                    "`{key}` is {shown}, but it must be {}; {effect}",
                    rule.kind.describe()
                ),
                format!("write {} for `{key}`", rule.kind.describe()),
            )
            .at(key),
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let s = |x: &str| Raw::Str(x.into());
        assert!(accepts(Kind::OneOf(&["a", "b"]), &s("a")));
        assert!(!accepts(Kind::OneOf(&["a", "b"]), &s("c")));
        assert!(accepts(Kind::OneOfOrInt(&["low"]), &Raw::Int(3)));
        assert!(!accepts(Kind::OneOf(&["low"]), &Raw::Int(3)));
        assert!(accepts(Kind::IntAtLeast(1), &Raw::Int(1)));
        assert!(!accepts(Kind::IntAtLeast(1), &Raw::Int(0)));
        assert!(!accepts(Kind::IntAtLeast(1), &s("3")));
        assert!(accepts(Kind::Bool, &Raw::Bool(false)));
        assert!(!accepts(Kind::Bool, &s("yes")));
        assert!(accepts(Kind::NameList, &s("a, b")));
        assert!(accepts(Kind::Names, &Raw::Seq(vec![s("a")])));
        assert!(!accepts(Kind::Names, &s("a")));
        assert!(!accepts(Kind::Names, &Raw::Seq(vec![Raw::Int(1)])));
    }

    #[test]
    fn a_broken_value_names_the_field_and_what_it_accepts() {
        let rules = [refuses("mode", Kind::OneOf(&["primary", "subagent"]))];
        let f = check(&rules, "OpenCode", &[("mode".into(), Raw::Str("x".into()))]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.contains("`mode`"), "{}", f[0].message);
        assert!(
            f[0].message.contains("primary, subagent"),
            "{}",
            f[0].message
        );
    }
}
