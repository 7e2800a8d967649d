//! Every YAML read and write of agentgen goes through this module.
//!
//! Reading uses serde_yaml (archived upstream), and only here, so it can be
//! swapped in one place; [`limits`] first refuses documents nested too
//! deeply or inflated by aliases, reading libyaml's events directly because
//! serde_yaml's own guards come too late for hostile input. Writing does not use it: agentgen's own emitter
//! below writes the small subset of YAML that frontmatter and answers files
//! need, in a form chosen to survive every reader agents meet. Claude Code's
//! loader ends the frontmatter at the first `---` it sees, even inside a
//! quoted value, and turns a literal backslash-n into a newline; strict YAML
//! 1.2 parsers and YAML 1.1 parsers disagree about `yes`, `0x10` and dates.
//! So a string is written plain only when it is unambiguous to all of them,
//! and otherwise double-quoted with escapes that never spell `---` or `\n`
//! by accident.

use std::collections::HashMap;

use serde::de::DeserializeOwned;

use crate::value::Raw;

mod limits;

pub use limits::{MAX_ALIAS_BYTES, MAX_ALIAS_VALUES, MAX_DEPTH};

/// A YAML document that did not parse, with the place of the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

/// Parses a document into a typed value (role and kit definitions). A
/// document nested too deeply or whose aliases repeat too much is refused
/// before it is built (see [`limits`]).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    limits::check(text)?;
    serde_yaml::from_str(text).map_err(|err| {
        let location = err.location();
        // serde_yaml puts " at line L column C" into its messages; the
        // location is reported separately.
        let message = strip_location(&err.to_string());
        // libyaml's reader (control characters, bad encoding) gives a byte
        // offset instead, and serde_yaml the start of the file as location.
        if let Some((problem, offset)) = message
            .rsplit_once(" at position ")
            .and_then(|(problem, n)| Some((problem, n.parse::<usize>().ok()?)))
        {
            let (line, column) = line_and_column(text, offset);
            return SyntaxError {
                line: Some(line),
                column: Some(column),
                message: problem.to_owned(),
            };
        }
        let message = match message.as_str() {
            // Its own guards still apply to nesting by indentation alone
            // and to values that aliases repeat; say what happened in the
            // words the limits use.
            "recursion limit exceeded" => limits::too_deep(),
            "repetition limit exceeded" => limits::alias_bomb(),
            "deserializing from YAML containing more than one document is not supported" => {
                "the text holds more than one YAML document (a `---` line starts another); \
                 keep only one"
                    .to_owned()
            }
            _ => message,
        };
        SyntaxError {
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message,
        }
    })
}

/// The 1-based line and column (in characters) of a byte offset, counting
/// lines as [`lines`] does.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = lines(before).count().max(1);
    let last = lines(before).last().unwrap_or_default();
    // A line break right before the offset starts a new, empty line.
    let (line, last) = if before.ends_with(['\n', '\r']) {
        (line + 1, "")
    } else {
        (line, last)
    };
    (line, last.chars().count() + 1)
}

/// The lines of a text, ended by `\n`, `\r\n` or a lone `\r` as libyaml
/// ends them, so that line numbers agree with its messages, without their
/// endings. (libyaml also ends lines at U+0085, U+2028 and U+2029, which
/// editors do not; those are not line ends here.)
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\n', '\r']) {
            Some(at) => {
                let next = if current[at..].starts_with("\r\n") {
                    at + 2
                } else {
                    at + 1
                };
                rest = (next < current.len()).then(|| &current[next..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                (!current.is_empty()).then_some(current)
            }
        }
    })
}

fn strip_location(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_owned();
    };
    let rest = &message[start + " at line ".len()..];
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix(" column ").unwrap_or(rest);
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    format!("{}{}", &message[..start], rest)
}

/// Parses a document into an untyped tree. An empty document is `Null`.
pub fn parse(text: &str) -> Result<Raw, SyntaxError> {
    from_str::<Raw>(text).map_err(|mut err| {
        // serde_yaml places a duplicate key at the start of its mapping;
        // point at the repeated key itself when it is a top-level one.
        let duplicate = err
            .message
            .strip_prefix("duplicate key '")
            .and_then(|rest| rest.strip_suffix('\''));
        if let Some(line) = duplicate.and_then(|key| second_key_line(text, key)) {
            err.line = Some(line);
            err.column = Some(1);
        }
        err
    })
}

fn second_key_line(text: &str, key: &str) -> Option<usize> {
    lines(text)
        .enumerate()
        .filter(|(_, line)| block_key(line).as_deref() == Some(key))
        .nth(1)
        .map(|(index, _)| index + 1)
}

/// The 1-based line of each top-level mapping key in `text`, for messages
/// that point at the place to fix. serde_yaml does not report positions of
/// values, so this reads the block-style layout agentgen's users write:
/// a key at column 0 followed by `:`. Keys in flow mappings are not found,
/// and the caller then reports the file without a line.
pub fn top_level_key_lines(text: &str) -> HashMap<String, usize> {
    let mut found = HashMap::new();
    for (index, line) in lines(text).enumerate() {
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        if let Some(key) = block_key(line) {
            found.entry(key).or_insert(index + 1);
        }
    }
    found
}

/// The 1-based lines of the keys one and two levels under the top-level
/// key `top` (`agents:` in a kit's answers file), as `NAME` and
/// `NAME.KEY`, read from the block layout like [`top_level_key_lines`]:
/// the first indented key sets the first level's indentation, and a
/// deeper key right under a first-level one sets the second's. Keys in
/// flow mappings and deeper levels are not found.
pub fn nested_key_lines(text: &str, top: &str) -> HashMap<String, usize> {
    let mut found = HashMap::new();
    let mut inside = false;
    let (mut first, mut second) = (None::<usize>, None::<usize>);
    let mut parent = String::new();
    for (index, line) in lines(text).enumerate() {
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if indent == 0 {
            inside = block_key(line).as_deref() == Some(top);
            continue;
        }
        let Some(key) = block_key(body).filter(|_| inside) else {
            continue;
        };
        let level_one = *first.get_or_insert(indent);
        if indent == level_one {
            parent = key.clone();
            second = None;
            found.entry(key).or_insert(index + 1);
        } else if indent > level_one && *second.get_or_insert(indent) == indent {
            found.entry(format!("{parent}.{key}")).or_insert(index + 1);
        }
    }
    found
}

fn block_key(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if first.is_whitespace() || "#-[{?&*!|>%@`".contains(first) {
        return None;
    }
    if first == '"' || first == '\'' {
        let end = line[1..].find(first)? + 1;
        let rest = &line[end + 1..];
        return rest
            .trim_start()
            .starts_with(':')
            .then(|| line[1..end].to_string());
    }
    let colon = line
        .find(": ")
        .or_else(|| line.strip_suffix(':').map(|s| s.len()))?;
    Some(line[..colon].trim_end().to_string())
}

/// How multi-line strings are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextStyle {
    /// Always one line, newlines escaped: the frontmatter form, which every
    /// agent loader reads the same way.
    Escaped,
    /// Literal block scalars (`|`) where the text allows it: the form people
    /// edit, used for answers files.
    Block,
}

/// Writes a block mapping, one entry per key, in the given order. A `Null`
/// value is written as `null` (an answer left empty on purpose), except in
/// the mappings of a list, where an absent field and an empty one mean the
/// same and the field is left out.
pub fn emit_mapping(entries: &[(String, Raw)], style: TextStyle) -> String {
    let mut out = String::new();
    for (key, value) in entries {
        push_key(&mut out, 0, key);
        emit_value(&mut out, 0, value, style);
    }
    out
}

fn emit_entry(out: &mut String, indent: usize, key: &str, value: &Raw, style: TextStyle) {
    if matches!(value, Raw::Null) {
        return;
    }
    push_key(out, indent, key);
    emit_value(out, indent, value, style);
}

fn push_key(out: &mut String, indent: usize, key: &str) {
    push_indent(out, indent);
    out.push_str(&scalar(key));
    out.push(':');
}

/// Writes the value after `key:` (or after `- `), including the final newline.
fn emit_value(out: &mut String, indent: usize, value: &Raw, style: TextStyle) {
    match value {
        Raw::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Raw::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Raw::Seq(items) => {
            out.push('\n');
            for item in items {
                push_indent(out, indent + 2);
                out.push('-');
                match item {
                    Raw::Map(entries) if !entries.is_empty() => {
                        // The first entry shares the dash's line.
                        let mut first = true;
                        for (k, v) in entries {
                            if matches!(v, Raw::Null) {
                                continue;
                            }
                            if first {
                                out.push(' ');
                                out.push_str(&scalar(k));
                                out.push(':');
                                emit_value(out, indent + 4, v, style);
                                first = false;
                            } else {
                                emit_entry(out, indent + 4, k, v, style);
                            }
                        }
                        if first {
                            out.push_str(" {}\n");
                        }
                    }
                    other => emit_value(out, indent + 2, other, style),
                }
            }
        }
        Raw::Map(entries) => {
            out.push('\n');
            for (k, v) in entries {
                push_key(out, indent + 2, k);
                emit_value(out, indent + 2, v, style);
            }
        }
        Raw::Str(s) if style == TextStyle::Block && block_ok(s) => {
            let chomp = if s.ends_with('\n') { "" } else { "-" };
            out.push_str(" |");
            out.push_str(chomp);
            out.push('\n');
            for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                if !line.is_empty() {
                    push_indent(out, indent + 2);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        scalar_value => {
            out.push(' ');
            out.push_str(&scalar_raw(scalar_value));
            out.push('\n');
        }
    }
}

fn push_indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn scalar_raw(value: &Raw) -> String {
    match value {
        Raw::Null => "null".into(),
        Raw::Bool(b) => b.to_string(),
        Raw::Int(i) => i.to_string(),
        Raw::Float(x) if x.is_nan() => ".nan".into(),
        Raw::Float(x) if x.is_infinite() => if *x > 0.0 { ".inf" } else { "-.inf" }.into(),
        Raw::Float(x) => {
            let s = x.to_string();
            if s.contains('.') || s.contains('e') {
                s
            } else {
                format!("{s}.0")
            }
        }
        Raw::Str(s) => scalar(s),
        Raw::Seq(_) | Raw::Map(_) => unreachable!("collections are written as blocks"),
    }
}

/// A literal block keeps text exactly only if every line is printable, the
/// first line does not start with a space (that would need an indentation
/// indicator), no line ends in white space and at most one newline ends it.
fn block_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.ends_with("\n\n")
        && s.split('\n').all(|line| !line.ends_with([' ', '\t']))
        && s.chars()
            .all(|c| c == '\n' || (printable(c) && c != '\t' && c != '\r'))
        && !s.contains("---")
}

/// A string as a YAML scalar: plain when that is unambiguous everywhere,
/// otherwise double-quoted.
pub fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_owned()
    } else {
        double_quoted(s)
    }
}

/// Words that some YAML reader (1.1 or 1.2, in any case spelling) turns
/// into something other than a string.
const SPECIAL_WORDS: &[&str] = &["true", "false", "yes", "no", "on", "off", "y", "n", "null"];

fn plain_ok(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    // A path such as `.claude/x` or `/srv` may stay plain; `.inf`, `.nan`
    // and `.5` are numbers.
    let starts_well = first.is_ascii_alphabetic()
        || ("./_".contains(first)
            && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && ![".inf", ".nan"].iter().any(|w| s.eq_ignore_ascii_case(w)));
    starts_well
        && !s.ends_with([' ', ':'])
        && !SPECIAL_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains("---")
        && s.chars()
            .all(|c| printable(c) && !"\\\"\t[]{}\u{85}\u{2028}\u{2029}\u{a0}".contains(c))
}

/// YAML's c-printable set, minus the byte-order mark.
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// A double-quoted scalar. Two escapes go beyond the usual ones: a third
/// dash in a row is written `\x2d`, so `---` never appears in the file; and
/// a backslash followed by `n` is written `\x5c`, so a loader that replaces
/// the two characters `\n` before parsing cannot change the value.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut dashes = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' {
            if dashes == 2 {
                out.push_str("\\x2d");
                dashes = 0;
            } else {
                out.push('-');
                dashes += 1;
            }
            continue;
        }
        dashes = 0;
        match c {
            '"' => out.push_str("\\\""),
            '\\' if chars.peek() == Some(&'n') => out.push_str("\\x5c"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn nested_key_lines_find_agents_and_their_keys() {
        let text = "project: x\nagents:\n  # a comment\n  code-reviewer:\n    strictness: strict\n    tools: [Read,\n      Grep]\n\n  frontend-developer:\n    frameworks:\n      - React\nmodel: opus\n  stray: 1\n";
        let lines = nested_key_lines(text, "agents");
        assert_eq!(lines.get("code-reviewer"), Some(&4));
        assert_eq!(lines.get("code-reviewer.strictness"), Some(&5));
        assert_eq!(lines.get("code-reviewer.tools"), Some(&6));
        assert_eq!(lines.get("frontend-developer"), Some(&9));
        assert_eq!(lines.get("frontend-developer.frameworks"), Some(&10));
        assert_eq!(lines.len(), 5, "{lines:?}");
    }

    use super::*;

    fn roundtrip(s: &str) -> Raw {
        let doc = emit_mapping(&[("k".into(), Raw::Str(s.into()))], TextStyle::Escaped);
        assert!(!doc.contains("---"), "{doc}");
        parse(&doc)
            .unwrap_or_else(|e| panic!("{doc}: {e:?}"))
            .get("k")
            .cloned()
            .unwrap()
    }

    #[test]
    fn hostile_strings_read_back_identical() {
        for s in [
            "---",
            "----",
            "-----x",
            "a --- b",
            "key: value",
            "# not a comment",
            "a #b",
            "'single'",
            "\"double\"",
            "back\\slash",
            "C:\\new\\table",
            "\\n literal",
            " leading",
            "trailing ",
            "line\nbreak",
            "\n",
            "",
            "yes",
            "No",
            "~",
            "null",
            "0x10",
            "1e3",
            "2001-12-14",
            ".inf",
            "@at",
            "`tick`",
            "!tag",
            "&anchor",
            "*alias",
            "|",
            ">",
            "%x",
            "- item",
            "? q",
            "[a]",
            "{a: 1}",
            ".inf",
            ".NaN",
            "/abs",
            "_x",
            ".x",
            "tab\there",
            "emoji 🦀",
            "日本語",
            "\u{feff}bom",
            "\u{85}nel",
            "\u{2028}",
            "\u{0}nul",
            "\u{7f}",
            "\u{1b}[31m",
            "a\r\nb",
        ] {
            assert_eq!(roundtrip(s), Raw::Str(s.into()), "{s:?}");
        }
    }

    #[test]
    fn ordinary_values_stay_plain() {
        assert_eq!(scalar("backend-architect"), "backend-architect");
        assert_eq!(scalar("Read, Grep, Glob"), "Read, Grep, Glob");
        assert_eq!(scalar("sonnet"), "sonnet");
        assert_eq!(
            scalar(".claude/memory/insights.md"),
            ".claude/memory/insights.md"
        );
        assert_eq!(scalar(".Inf"), "\".Inf\"");
        assert_eq!(scalar(".5"), "\".5\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("Use this: now"), "\"Use this: now\"");
    }

    #[test]
    fn three_dashes_and_backslash_n_never_appear_literally() {
        assert_eq!(double_quoted("a---b"), "\"a--\\x2db\"");
        assert_eq!(double_quoted("------"), "\"--\\x2d--\\x2d\"");
        assert_eq!(double_quoted("x\\ny"), "\"x\\x5cny\"");
        assert!(!double_quoted("\\\\n").contains("\\n"));
    }

    #[test]
    fn block_text_reads_back_identical() {
        for s in ["one\ntwo", "one\ntwo\n", "a\n\nb", "x: y\n# z"] {
            let doc = emit_mapping(&[("k".into(), Raw::Str(s.into()))], TextStyle::Block);
            assert!(doc.starts_with("k: |"), "{doc}");
            assert_eq!(
                parse(&doc).unwrap().get("k"),
                Some(&Raw::Str(s.into())),
                "{doc}"
            );
        }
    }

    #[test]
    fn nested_values_read_back_identical() {
        let value = Raw::Map(vec![
            (
                "list".into(),
                Raw::Seq(vec![Raw::Str("a".into()), Raw::Str("b: c".into())]),
            ),
            ("empty".into(), Raw::Seq(vec![])),
            (
                "records".into(),
                Raw::Seq(vec![Raw::Map(vec![
                    ("user".into(), Raw::Str("hi\nthere".into())),
                    ("tags".into(), Raw::Seq(vec![Raw::Str("x".into())])),
                    ("ok".into(), Raw::Bool(true)),
                ])]),
            ),
            ("n".into(), Raw::Int(3)),
            ("f".into(), Raw::Float(0.5)),
        ]);
        let Raw::Map(entries) = &value else {
            unreachable!()
        };
        for style in [TextStyle::Block, TextStyle::Escaped] {
            let doc = emit_mapping(entries, style);
            assert_eq!(parse(&doc).unwrap(), value, "{doc}");
        }
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = parse("a: 1\nb: [1, 2\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("flow sequence"), "{}", err.message);
        let dup = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(
            (dup.message.as_str(), dup.line),
            ("duplicate key 'a'", Some(3))
        );
    }

    #[test]
    fn lines_end_where_libyaml_ends_them() {
        let text = "a\nb\r\nc\rd\u{2028}e\n";
        assert_eq!(
            lines(text).collect::<Vec<_>>(),
            ["a", "b", "c", "d\u{2028}e"]
        );
        assert_eq!(lines("").count(), 0);
        assert_eq!(lines("\n\n").collect::<Vec<_>>(), ["", ""]);
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 2), (2, 1));
        assert_eq!(line_and_column(text, 5), (3, 1));
        assert_eq!(line_and_column(text, 6), (3, 2));
        assert_eq!(line_and_column(text, 7), (4, 1));
        assert_eq!(
            line_and_column("é: x", 2),
            (1, 2),
            "columns count characters"
        );
        let lines = top_level_key_lines("a: 1\rb: 2\r\nc: 3\n");
        assert_eq!((lines["a"], lines["b"], lines["c"]), (1, 2, 3));
    }

    #[test]
    fn reader_errors_and_extra_documents_say_where_and_what() {
        let err = parse("a: 1\nb: x\u{0}y\n").unwrap_err();
        assert_eq!(
            (err.line, err.column, err.message.as_str()),
            (Some(2), Some(5), "control characters are not allowed")
        );
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(
            err.message,
            "the text holds more than one YAML document (a `---` line starts another); keep only one"
        );
        let err = parse("a: !custom x\n").unwrap_err();
        assert_eq!(
            err.message,
            "a: the tag !custom is not supported; remove it, and quote the value if it starts with !"
        );
    }

    #[test]
    fn finds_top_level_key_lines() {
        let lines =
            top_level_key_lines("# c\nname: x\ntools:\n  - Read\n\"quoted key\": 1\nempty:\n");
        assert_eq!(lines.get("name"), Some(&2));
        assert_eq!(lines.get("tools"), Some(&3));
        assert_eq!(lines.get("quoted key"), Some(&5));
        assert_eq!(lines.get("empty"), Some(&6));
        assert_eq!(lines.len(), 4);
    }
}
