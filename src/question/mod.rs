//! The question model: what a role asks, and what an answer must look like.
//!
//! A question is declared in a role's `role.yaml` with a key, a prompt, help,
//! a type and, as its type needs, choices, a pattern and item limits. This
//! module owns that declaration, the checks that a declaration is sound
//! ([`Question::check_definition`]), and the conversion of a [`Raw`] answer
//! into a checked [`Value`] ([`Question::check`]), and the keys that were
//! renamed ([`renamed`]). It knows nothing about where answers come from or
//! how they are asked.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::value::{Raw, Record, Value, quoted};

mod definition;
pub mod renamed;
mod share;
pub use definition::is_identifier;
pub use share::{Mapping, PLAIN_SHARED, Share};

/// The type of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One line of text.
    String,
    /// Multi-line text.
    Text,
    Bool,
    /// One of `choices` (or, when a pattern is given, any value matching it).
    Choice,
    /// Any subset of `choices`, in the order given.
    Multiselect,
    /// A list of one-line strings.
    List,
    /// A list of records whose fields are themselves questions.
    Records,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Text => "text",
            Kind::Bool => "bool",
            Kind::Choice => "choice",
            Kind::Multiselect => "multiselect",
            Kind::List => "list",
            Kind::Records => "records",
        }
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One question of a role (or one field of a records question).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub key: String,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(rename = "type")]
    pub kind: Kind,
    /// The default answer. Strings inside it may use `{{ key }}` to refer to
    /// earlier answers; they are rendered before the value is checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Raw>,
    /// A required question must end with a value; an optional one may stay
    /// empty, and its field is then left out of the agent.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// A regular expression the whole value (or each list item) must match.
    /// For a choice, values outside `choices` are accepted when they match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Said after "must match" when a value fails the pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern_help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    /// The fields of each record, for `records` questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Question>,
    /// What one item of a `records` question is called in prompts
    /// ("responsibility": "Add another responsibility?"); without it the
    /// key less a trailing "s" (`examples` → "example").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// A minijinja expression over earlier answers; when false the question
    /// is skipped and its key holds its default, or nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Advanced questions are asked interactively only when the user asks to
    /// customise; everywhere else they behave like any other question.
    #[serde(default, skip_serializing_if = "is_false")]
    pub advanced: bool,
    /// Which team-wide (kit or detected) answer this question takes, and
    /// how it is filtered; without it only the plain shared keys reach it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<Share>,
    /// The compiled `pattern`, built on first use.
    #[serde(skip)]
    compiled: OnceLock<Option<regex_lite::Regex>>,
    /// The checked `default`, when it holds no template text, kept after
    /// its first use: a kit would check the same default for every agent.
    #[serde(skip)]
    pub(crate) checked_default: OnceLock<Result<Option<Value>, String>>,
}

/// The largest number of items any list answer may hold, whatever the role
/// says; it bounds the work a hostile answers file can cause.
pub const MAX_ITEMS: usize = 1000;

/// One line of text as list items: split on commas, each item trimmed;
/// blank text is the empty list. An empty item (`a,,b`) is kept, so the
/// item check reports it rather than silently dropping it.
pub fn split_list(text: &str) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    text.split(',').map(|item| item.trim().to_owned()).collect()
}

/// A problem found in one answer, relative to the question's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Path inside the answer (`[2].user`), empty for the answer itself.
    pub at: String,
    pub message: String,
}

impl Mismatch {
    fn new(message: impl Into<String>) -> Mismatch {
        Mismatch {
            at: String::new(),
            message: message.into(),
        }
    }

    fn within(mut self, prefix: &str) -> Mismatch {
        self.at = format!("{prefix}{}", self.at);
        self
    }
}

/// Where a raw answer came from matters for scalars: a `--set` value's
/// original text is kept, so `--set version=1.10` means the text `1.10`,
/// while an answers file must quote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spelling<'a> {
    /// Only the parsed value is known.
    Parsed,
    /// The text the user typed, before YAML read it.
    Typed(&'a str),
}

impl Question {
    /// Replaces the default, forgetting the checked one.
    pub fn set_default(&mut self, default: Raw) {
        self.default = Some(default);
        self.checked_default = OnceLock::new();
    }

    /// Checks an answer and turns it into a typed value. `Raw::Null` is "no
    /// answer", which the caller handles before calling this.
    pub fn check(&self, raw: &Raw, spelling: Spelling) -> Result<Value, Mismatch> {
        match self.kind {
            Kind::String | Kind::Text | Kind::Choice => {
                let text = self.text_of(raw, spelling)?;
                self.check_text(text).map(Value::Str)
            }
            Kind::Bool => match raw {
                Raw::Bool(b) => Ok(Value::Bool(*b)),
                other => Err(Mismatch::new(format!(
                    "expected true or false, found {}",
                    describe(other)
                ))),
            },
            Kind::Multiselect | Kind::List => {
                let items = self.list_of(raw)?;
                self.check_items(&items)?;
                Ok(Value::List(items))
            }
            Kind::Records => {
                let Raw::Seq(items) = raw else {
                    return Err(Mismatch::new(format!(
                        "expected a list of mappings with the fields {}, found {}",
                        self.field_keys(),
                        describe(raw)
                    )));
                };
                self.check_count(items.len())?;
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        self.check_record(item)
                            .map_err(|m| m.within(&format!("[{i}]")))
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Records)
            }
        }
    }

    fn text_of(&self, raw: &Raw, spelling: Spelling) -> Result<String, Mismatch> {
        match (raw, spelling) {
            // On the command line, text is taken as typed, so spaces, colons
            // and line breaks survive; a quoted value is read as a YAML
            // string, so `--set 'd="a\nb"'` can spell escapes.
            (Raw::Str(s), Spelling::Typed(text)) if text.trim_start().starts_with(['"', '\'']) => {
                Ok(s.clone())
            }
            (_, Spelling::Typed(text)) => Ok(text.to_owned()),
            (Raw::Str(s), Spelling::Parsed) => Ok(s.clone()),
            (Raw::Int(_) | Raw::Float(_) | Raw::Bool(_), Spelling::Parsed) => {
                Err(Mismatch::new(format!(
                    "expected text, found {} ({raw}); put the value in quotes to keep it as text",
                    raw.kind_name()
                )))
            }
            (other, Spelling::Parsed) => Err(Mismatch::new(format!(
                "expected text, found {}",
                describe(other)
            ))),
        }
    }

    fn check_text(&self, text: String) -> Result<String, Mismatch> {
        if self.kind != Kind::Text && text.contains(['\n', '\r']) {
            return Err(Mismatch::new("must be a single line"));
        }
        if self.required && text.trim().is_empty() {
            return Err(Mismatch::new("must not be empty"));
        }
        if self.kind == Kind::Choice {
            if self.choices.contains(&text) || self.pattern_matches(&text) {
                return Ok(text);
            }
            let mut message = format!(
                "'{}' is not one of {}",
                quoted(&text),
                self.choices.join(", ")
            );
            if let Some(closest) = closest(&text, self.choices.iter().map(String::as_str)) {
                message.push_str(&format!(" (did you mean '{closest}'?)"));
            }
            if let Some(help) = &self.pattern_help {
                message.push_str(&format!("; other values must be {help}"));
            }
            return Err(Mismatch::new(message));
        }
        if !text.is_empty() && !self.pattern_matches(&text) {
            return Err(self.pattern_mismatch(&text));
        }
        Ok(text)
    }

    /// The items of a list answer: a YAML list, or one line of text split
    /// on commas, the way people write lists and Claude Code writes
    /// `tools: Read, Grep`. An item that holds a comma needs the YAML list
    /// form (`["Go, mostly", Rust]`), so text opening with `[` is not split.
    fn list_of(&self, raw: &Raw) -> Result<Vec<String>, Mismatch> {
        let items = match raw {
            Raw::Seq(items) => items,
            // Text that opens like a YAML list or mapping is one that did
            // not parse, not a list of one odd item.
            Raw::Str(text) if !text.trim_start().starts_with(['[', '{']) => {
                return Ok(split_list(text));
            }
            other => {
                return Err(Mismatch::new(format!(
                    "expected a list such as [a, b], found {}",
                    describe(other)
                )));
            }
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Raw::Str(s) => Ok(s.clone()),
                other => Err(Mismatch {
                    at: format!("[{i}]"),
                    message: format!("expected text, found {}", describe(other)),
                }),
            })
            .collect()
    }

    fn check_items(&self, items: &[String]) -> Result<(), Mismatch> {
        self.check_count(items.len())?;
        for (i, item) in items.iter().enumerate() {
            let at = |message: String| Mismatch {
                at: format!("[{i}]"),
                message,
            };
            if item.contains(['\n', '\r']) {
                return Err(at("must be a single line".into()));
            }
            if item.trim().is_empty() {
                return Err(at("must not be empty".into()));
            }
            if self.kind == Kind::Multiselect && !self.choices.contains(item) {
                let mut message = format!(
                    "'{}' is not one of {}",
                    quoted(item),
                    self.choices.join(", ")
                );
                if let Some(c) = closest(item, self.choices.iter().map(String::as_str)) {
                    message.push_str(&format!(" (did you mean '{c}'?)"));
                }
                return Err(at(message));
            }
            if self.kind == Kind::List && !self.pattern_matches(item) {
                let mut mismatch = self.pattern_mismatch(item);
                // A list's choices are the names it knows, for a suggestion
                // (`Grp` -> Grep); the pattern alone decides what passes.
                let name = item.split_once('(').map_or(item.as_str(), |(n, _)| n);
                if let Some(c) = closest(name, self.choices.iter().map(String::as_str)) {
                    mismatch
                        .message
                        .push_str(&format!(" (did you mean '{c}'?)"));
                }
                return Err(mismatch.within(&format!("[{i}]")));
            }
            if items[..i].contains(item) {
                return Err(at(format!("'{}' is listed twice", quoted(item))));
            }
        }
        Ok(())
    }

    fn check_count(&self, n: usize) -> Result<(), Mismatch> {
        let max = self.max_items.unwrap_or(MAX_ITEMS).min(MAX_ITEMS);
        if n > max {
            return Err(Mismatch::new(format!(
                "has {n} items; at most {max} are allowed"
            )));
        }
        if let Some(min) = self.min_items
            && n < min
        {
            return Err(Mismatch::new(format!(
                "has {n} items; at least {min} are needed"
            )));
        }
        Ok(())
    }

    fn check_record(&self, raw: &Raw) -> Result<Record, Mismatch> {
        let Raw::Map(entries) = raw else {
            return Err(Mismatch::new(format!(
                "expected a mapping with the fields {}, found {}",
                self.field_keys(),
                describe(raw)
            )));
        };
        for (key, _) in entries {
            if !self.fields.iter().any(|f| f.key == *key) {
                let key = quoted(key);
                let mut message = format!(
                    "unknown field '{key}'; the fields are {}",
                    self.field_keys()
                );
                if let Some(c) = closest(&key, self.fields.iter().map(|f| f.key.as_str())) {
                    message = format!("unknown field '{key}' (did you mean '{c}'?)");
                }
                return Err(Mismatch::new(message));
            }
        }
        let mut record = Record::default();
        for field in &self.fields {
            let at = format!(".{}", field.key);
            match raw.get(&field.key) {
                None | Some(Raw::Null) if field.required => {
                    return Err(Mismatch::new("is missing").within(&at));
                }
                None | Some(Raw::Null) => record.0.push((field.key.clone(), None)),
                Some(value) => {
                    let value = field
                        .check(value, Spelling::Parsed)
                        .map_err(|m| m.within(&at))?;
                    record.0.push((field.key.clone(), Some(value)));
                }
            }
        }
        Ok(record)
    }

    fn pattern_matches(&self, text: &str) -> bool {
        let compiled = self.compiled.get_or_init(|| {
            self.pattern
                .as_deref()
                .and_then(|p| regex_lite::Regex::new(p).ok())
        });
        match (&self.pattern, compiled) {
            (None, _) => self.kind != Kind::Choice,
            (Some(_), Some(re)) => re.is_match(text),
            // check_definition refuses a pattern that does not compile, so
            // this is only reached for an unchecked role: match nothing.
            (Some(_), None) => false,
        }
    }

    fn pattern_mismatch(&self, text: &str) -> Mismatch {
        let rule = match &self.pattern_help {
            Some(help) => help.clone(),
            None => format!(
                "match the pattern {}",
                self.pattern.as_deref().unwrap_or("")
            ),
        };
        Mismatch::new(format!("'{}' must be {rule}", quoted(text)))
    }

    fn field_keys(&self) -> String {
        self.fields
            .iter()
            .map(|f| f.key.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The closest of `candidates` to `word`, if any is close enough to be a
/// plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn describe(raw: &Raw) -> String {
    match raw {
        Raw::Seq(_) | Raw::Map(_) | Raw::Null => raw.kind_name().to_string(),
        scalar => format!("{} ({scalar})", scalar.kind_name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(yaml: &str) -> Question {
        crate::yaml::from_str(yaml).unwrap()
    }

    fn s(v: &str) -> Raw {
        Raw::Str(v.into())
    }

    #[test]
    fn strings_are_single_line_and_match_their_pattern() {
        let name = q(
            "{key: name, prompt: Name, type: string, pattern: '^[a-z]+$', pattern_help: lowercase}",
        );
        assert_eq!(
            name.check(&s("abc"), Spelling::Parsed),
            Ok(Value::Str("abc".into()))
        );
        assert_eq!(
            name.check(&s("a\nb"), Spelling::Parsed)
                .unwrap_err()
                .message,
            "must be a single line"
        );
        assert_eq!(
            name.check(&s("ABC"), Spelling::Parsed).unwrap_err().message,
            "'ABC' must be lowercase"
        );
        assert_eq!(
            name.check(&s(" "), Spelling::Parsed).unwrap_err().message,
            "must not be empty"
        );
    }

    #[test]
    fn numbers_need_quotes_in_files_but_not_on_the_command_line() {
        let v = q("{key: v, prompt: V, type: string}");
        let err = v.check(&Raw::Float(1.1), Spelling::Parsed).unwrap_err();
        assert!(
            err.message.contains("put the value in quotes"),
            "{}",
            err.message
        );
        assert_eq!(
            v.check(&Raw::Float(1.1), Spelling::Typed("1.10")),
            Ok(Value::Str("1.10".into()))
        );
    }

    #[test]
    fn choices_suggest_the_closest_and_accept_the_pattern() {
        let model = q(
            "{key: model, prompt: M, type: choice, choices: [sonnet, opus], pattern: '^claude-'}",
        );
        assert!(model.check(&s("claude-x"), Spelling::Parsed).is_ok());
        let err = model.check(&s("sonet"), Spelling::Parsed).unwrap_err();
        assert_eq!(
            err.message,
            "'sonet' is not one of sonnet, opus (did you mean 'sonnet'?)"
        );
    }

    #[test]
    fn lists_check_every_item_and_their_count() {
        let tools = q("{key: tools, prompt: T, type: list, max_items: 2, pattern: '^[A-Z]'}");
        let list = |items: &[&str]| Raw::Seq(items.iter().map(|i| s(i)).collect());
        assert!(
            tools
                .check(&list(&["Read", "Grep"]), Spelling::Parsed)
                .is_ok()
        );
        assert_eq!(
            tools
                .check(&list(&["Read", "Grep", "Glob"]), Spelling::Parsed)
                .unwrap_err()
                .message,
            "has 3 items; at most 2 are allowed"
        );
        let err = tools
            .check(&list(&["Read", "grep"]), Spelling::Parsed)
            .unwrap_err();
        assert_eq!(err.at, "[1]");
        let twice = tools
            .check(&list(&["Read", "Read"]), Spelling::Parsed)
            .unwrap_err();
        assert_eq!(twice.message, "'Read' is listed twice");
        // Issue 14: one line of text is a comma-separated list.
        assert_eq!(
            tools.check(&s("Read, Grep"), Spelling::Parsed),
            Ok(Value::List(vec!["Read".into(), "Grep".into()]))
        );
        assert_eq!(
            tools.check(&s("Read"), Spelling::Parsed),
            Ok(Value::List(vec!["Read".into()]))
        );
        let empty = tools.check(&s("Read,"), Spelling::Parsed).unwrap_err();
        assert_eq!(
            (empty.at.as_str(), empty.message.as_str()),
            ("[1]", "must not be empty")
        );
        for wrong in [Raw::Int(3), s("[Read, Grep")] {
            let message = tools.check(&wrong, Spelling::Parsed).unwrap_err().message;
            assert!(
                message.contains("expected a list such as [a, b]"),
                "{message}"
            );
        }
    }

    #[test]
    fn records_check_fields_and_name_the_place() {
        let ex = q("{key: examples, prompt: E, type: records, fields: [\
                    {key: user, prompt: U, type: text}, \
                    {key: commentary, prompt: C, type: text, required: false}]}");
        let rec = |entries: Vec<(&str, Raw)>| {
            Raw::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
        };
        let ok = ex
            .check(
                &Raw::Seq(vec![rec(vec![("user", s("hi"))])]),
                Spelling::Parsed,
            )
            .unwrap();
        let expected = Record(vec![
            ("user".into(), Some(Value::Str("hi".into()))),
            ("commentary".into(), None),
        ]);
        assert_eq!(ok, Value::Records(vec![expected]));
        let missing = ex
            .check(
                &Raw::Seq(vec![rec(vec![("commentary", s("x"))])]),
                Spelling::Parsed,
            )
            .unwrap_err();
        assert_eq!(
            (missing.at.as_str(), missing.message.as_str()),
            ("[0].user", "is missing")
        );
        let typo = ex
            .check(
                &Raw::Seq(vec![rec(vec![("usr", s("x"))])]),
                Spelling::Parsed,
            )
            .unwrap_err();
        assert_eq!(typo.message, "unknown field 'usr' (did you mean 'user'?)");
    }

    #[test]
    fn definitions_are_checked() {
        let bad = q("{key: Bad-Key, prompt: P, type: choice, pattern: '('}");
        let problems = bad.check_definition(true);
        assert_eq!(problems.len(), 3, "{problems:?}");
        let item = q("{key: k, prompt: P, type: list, item: thing}");
        assert_eq!(
            item.check_definition(true),
            ["question 'k': `item` names one record; it is only for records"]
        );
    }
}
