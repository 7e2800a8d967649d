//! A question's `shared:` declaration: which team-wide answer (a kit's
//! shared answer or a detected one) reaches the question, and how it is
//! narrowed to what the question means in its role. A stack word means
//! different things to different roles (a frontend's languages are not a
//! backend's), so apart from a few plain keys a shared answer reaches only
//! a question that declares it.

use serde::{Deserialize, Serialize};

use super::{Kind, Question, Spelling, is_identifier};
use crate::value::Raw;

/// Shared keys every role means the same way: a team's answer to one of
/// these reaches every role asking a question of that key, with no
/// declaration. Every other shared answer (languages, frameworks, ...)
/// reaches only a question that declares `shared:`, because a stack word
/// means different things to different roles.
pub const PLAIN_SHARED: &[&str] = &[
    "project",
    "model",
    "insights",
    "insights_file",
    "compact_descriptions",
];

/// A question's `shared:` declaration: which team-wide answer it takes
/// (its own key unless `from` says otherwise) and how that answer is
/// narrowed to what the question means. `shared: {}` takes it as it is.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    /// The shared key whose answer this question takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Only these items of the shared list are taken (ignoring case), in
    /// the shared answer's order; every item when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only: Vec<String>,
    /// Items added after those taken, whatever the shared answer holds
    /// (a frontend's HTML and CSS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keep: Vec<String>,
    /// Each shared item gives these items instead of itself: a test
    /// framework list that follows the languages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub map: Vec<Mapping>,
}

/// One line of a `shared.map`: the items `when` one shared item is one of
/// `items` (ignoring case).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(rename = "if")]
    pub when: Vec<String>,
    pub then: Vec<String>,
}

impl Share {
    /// The shared key this question takes.
    pub fn source<'a>(&'a self, key: &'a str) -> &'a str {
        self.from.as_deref().unwrap_or(key)
    }

    /// The items this declaration makes of the shared items: those that
    /// fit, then the kept ones; empty when nothing fits and nothing is kept.
    pub fn items(&self, shared: &[String]) -> Vec<String> {
        let has = |list: &[String], item: &str| list.iter().any(|x| x.eq_ignore_ascii_case(item));
        let mut out: Vec<String> = Vec::new();
        let push = |item: &str, out: &mut Vec<String>| {
            if !has(out, item) {
                out.push(item.to_owned());
            }
        };
        for item in shared {
            if !self.map.is_empty() {
                for line in self.map.iter().filter(|m| has(&m.when, item)) {
                    line.then.iter().for_each(|t| push(t, &mut out));
                }
            } else if self.only.is_empty() || has(&self.only, item) {
                push(item, &mut out);
            }
        }
        self.keep.iter().for_each(|k| push(k, &mut out));
        out
    }

    /// Problems with the declaration on `question`.
    pub(super) fn problems(&self, question: &Question) -> Vec<String> {
        let mut problems = Vec::new();
        if let Some(from) = &self.from
            && !is_identifier(from)
        {
            problems.push(format!("shared.from '{from}' is not a question key"));
        }
        if !self.map.is_empty() && !self.only.is_empty() {
            problems.push("shared takes `map` or `only`, not both".into());
        }
        if matches!(question.kind, Kind::Bool | Kind::Records)
            && (self.from.is_some()
                || !self.only.is_empty()
                || !self.keep.is_empty()
                || !self.map.is_empty())
        {
            problems.push(format!(
                "shared can only narrow a list or one value, not {}",
                question.kind.name()
            ));
        }
        let blank = |v: &[String]| v.iter().any(|x| x.trim().is_empty());
        if blank(&self.only)
            || blank(&self.keep)
            || self
                .map
                .iter()
                .any(|m| m.when.is_empty() || blank(&m.when) || blank(&m.then))
        {
            problems.push("shared lists hold non-empty names".into());
        }
        problems
    }
}

impl Question {
    /// What this question takes of a team-wide answer to `source`, or
    /// nothing (the role's own default stays). A plain shared key is taken
    /// as it is; any other only through a `shared:` declaration, narrowed
    /// by it (possibly to an empty list, for an optional list). A list narrowed for a one-value question gives its first item
    /// the question accepts.
    pub fn take_shared(&self, source: &str, value: &Raw) -> Option<Raw> {
        let Some(share) = &self.shared else {
            return (source == self.key && PLAIN_SHARED.contains(&source)).then(|| value.clone());
        };
        if share.source(&self.key) != source {
            return None;
        }
        let items: Vec<String> = match value {
            Raw::Seq(items) => items
                .iter()
                .filter_map(|r| match r {
                    Raw::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            Raw::Str(s) => vec![s.clone()],
            other => return Some(other.clone()),
        };
        let items = share.items(&items);
        match self.kind {
            // Nothing fitting means the role works with none of it (an
            // empty optional list says nothing), not with its own default,
            // which would contradict the team's answer; a question that
            // needs a value keeps its default instead.
            Kind::List | Kind::Multiselect
                if !items.is_empty() || (!self.required && self.min_items.unwrap_or(0) == 0) =>
            {
                Some(Raw::Seq(items.into_iter().map(Raw::Str).collect()))
            }
            Kind::List | Kind::Multiselect => None,
            _ => items
                .into_iter()
                .map(Raw::Str)
                .find(|raw| self.check(raw, Spelling::Parsed).is_ok()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(yaml: &str) -> Question {
        crate::yaml::from_str(yaml).unwrap()
    }

    fn s(v: &str) -> Raw {
        Raw::Str(v.to_owned())
    }

    fn seq(items: &[&str]) -> Raw {
        Raw::Seq(items.iter().map(|i| s(i)).collect())
    }

    #[test]
    fn shared_answers_reach_only_declared_or_plain_questions() {
        let plain = q("{key: project, prompt: P, type: string}");
        assert_eq!(plain.take_shared("project", &s("Acme")), Some(s("Acme")));
        let undeclared = q("{key: languages, prompt: P, type: list}");
        assert_eq!(undeclared.take_shared("languages", &seq(&["Go"])), None);
        let other = q("{key: languages, prompt: P, type: list, shared: {}}");
        assert_eq!(other.take_shared("frameworks", &seq(&["Go"])), None);
        assert_eq!(
            other.take_shared("languages", &seq(&["Go"])),
            Some(seq(&["Go"]))
        );
    }

    #[test]
    fn shared_lists_are_narrowed_kept_and_mapped() {
        let front = q("{key: languages, prompt: P, type: list, required: false,
            shared: {only: [TypeScript, HTML, CSS], keep: [HTML, CSS]}}");
        assert_eq!(
            front.take_shared("languages", &seq(&["Go", "typescript"])),
            Some(seq(&["typescript", "HTML", "CSS"]))
        );
        assert_eq!(
            front.take_shared("languages", &seq(&["Python"])),
            Some(seq(&["HTML", "CSS"]))
        );
        let tests = q(
            "{key: test_frameworks, prompt: P, type: list, required: false,
            shared: {from: languages, map: [{if: [Python], then: [pytest]},
                                            {if: [TypeScript, JavaScript], then: [Vitest]}]}}",
        );
        assert_eq!(
            tests.take_shared("languages", &seq(&["JavaScript", "Python", "TypeScript"])),
            Some(seq(&["Vitest", "pytest"]))
        );
        assert_eq!(tests.take_shared("test_frameworks", &seq(&["Jest"])), None);
        // Nothing fits: an optional list says none, a required one keeps
        // its default.
        assert_eq!(
            tests.take_shared("languages", &seq(&["Haskell"])),
            Some(seq(&[]))
        );
        let needed = q("{key: languages, prompt: P, type: list, shared: {only: [Go]}}");
        assert_eq!(needed.take_shared("languages", &seq(&["Rust"])), None);
    }

    #[test]
    fn a_one_value_question_takes_the_first_item_it_accepts() {
        let lang = q(
            "{key: language, prompt: P, type: choice, choices: [Go, Rust],
            shared: {from: languages}}",
        );
        assert_eq!(
            lang.take_shared("languages", &seq(&["Haskell", "Rust", "Go"])),
            Some(s("Rust"))
        );
        assert_eq!(lang.take_shared("languages", &seq(&["Haskell"])), None);
    }

    #[test]
    fn bad_shared_declarations_are_definition_problems() {
        let bad = q(
            "{key: on, prompt: P, type: bool, shared: {from: Lang, only: [x], map: [{if: [a], then: ['']}]}}",
        );
        let problems = bad.check_definition(true).join("\n");
        assert!(problems.contains("shared.from 'Lang'"), "{problems}");
        assert!(problems.contains("not both"), "{problems}");
        assert!(problems.contains("not bool"), "{problems}");
        assert!(problems.contains("non-empty names"), "{problems}");
        let fine = q("{key: on, prompt: P, type: bool, shared: {}}");
        assert!(fine.check_definition(true).is_empty());
    }
}
