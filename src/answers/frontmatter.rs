//! Answers whose text lands in an agent's frontmatter description (the
//! description itself and the example conversations appended to it) may
//! not hold a typed backslash-n: `agentgen lint` warns about it
//! (`literal-newline`), and agentgen's own output must never trip its own
//! lint. The answer is refused where it is read (answers file, `--set`,
//! the manifest, or the prompt, which asks again) with lint's reason,
//! taken from lint's own check rather than restated here, and what to
//! type instead.
//!
//! A real line break is fine: in an answers file it is a block scalar
//! (`description: |`) or a `"...\n..."` quoted value, and that is exactly
//! what lint's fix writes. Body-only answers are not checked: a `\n` in a
//! body is text the agent reads, and no tool unescapes it.

use crate::agent_file::Document;
use crate::target::claude::check_description;
use crate::value::{Raw, Value};

/// Question keys whose text becomes part of the frontmatter description
/// (partials/description.j2 appends the examples to the description).
const IN_DESCRIPTION: &[&str] = &["description", "examples"];

/// What to do instead, after lint's reason.
const INSTEAD: &str = "type a real line break instead (in an answers file, a block scalar: \
`description: |` with the lines indented under it), or leave the \\n out";

/// Why the answer to `key` cannot be `value`: lint's reason, with where in
/// the answer (`[0].user` for a record's field) when it is not the whole
/// answer. `None` when the answer holds no typed `\n` or does not land in
/// the frontmatter.
pub fn literal_newline(key: &str, value: &Value) -> Option<String> {
    if !IN_DESCRIPTION.contains(&key) {
        return None;
    }
    let (at, text) = texts(value)
        .into_iter()
        .find(|(_, t)| lint_reason(t).is_some())?;
    let reason = lint_reason(text)?;
    let at = if at.is_empty() { at } else { format!("{at}: ") };
    Some(format!("{at}{reason}; {INSTEAD}"))
}

/// lint's `literal-newline` finding for `text` as a description, if any.
fn lint_reason(text: &str) -> Option<String> {
    let doc = Document {
        fields: vec![("description".into(), Raw::Str(text.to_owned()))],
        body: String::new(),
    };
    check_description(&doc)
        .into_iter()
        .find(|f| f.rule == "literal-newline")
        .map(|f| f.message)
}

/// Every text in an answer, with its place inside it (empty for the
/// answer itself).
fn texts(value: &Value) -> Vec<(String, &str)> {
    match value {
        Value::Bool(_) => Vec::new(),
        Value::Str(s) => vec![(String::new(), s.as_str())],
        Value::List(items) => (items.iter().enumerate())
            .map(|(i, s)| (format!("[{i}]"), s.as_str()))
            .collect(),
        Value::Records(records) => {
            let mut out = Vec::new();
            for (i, record) in records.iter().enumerate() {
                for (field, value) in &record.0 {
                    let Some(value) = value else { continue };
                    for (within, text) in texts(value) {
                        out.push((format!("[{i}].{field}{within}"), text));
                    }
                }
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Record;

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    #[test]
    fn a_typed_backslash_n_in_the_description_is_refused_with_lint_reason() {
        let message = literal_newline("description", &s("Reviews code.\\nUse it often")).unwrap();
        assert!(
            message.starts_with("the description holds a literal \\n, which Claude Code turns"),
            "{message}"
        );
        assert!(message.contains("description: |"), "{message}");
        assert_eq!(literal_newline("description", &s("Two\nlines")), None);
        // `C:\new` holds a backslash-n too, and lint warns about it.
        assert!(literal_newline("description", &s("C:\\new")).is_some());
    }

    #[test]
    fn an_example_field_is_placed_and_body_answers_are_not_checked() {
        let example = Record(vec![
            ("context".into(), Some(s("A change"))),
            ("user".into(), Some(s("Look at this\\nplease"))),
            ("commentary".into(), None),
        ]);
        let examples = Value::Records(vec![Record::default(), example]);
        let message = literal_newline("examples", &examples).unwrap();
        assert!(
            message.starts_with("[1].user: the description holds a literal \\n"),
            "{message}"
        );
        assert_eq!(literal_newline("title", &s("a\\nb")), None);
        assert_eq!(literal_newline("closing", &s("a\\nb")), None);
    }
}
