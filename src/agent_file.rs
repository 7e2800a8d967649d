//! The agent file: its layout, and reading and writing it as data.
//!
//! A file is a [`Document`]: fields in order and a markdown body (TOML
//! files keep their instructions in a field). [`parse`] reads a file the
//! way the tools read it: the frontmatter ends at the closing `---` line,
//! YAML is parsed strictly, and when that fails a lenient line-by-line
//! reading (close to Claude Code's own retry) decides whether the file
//! still loads there. [`serialize`] writes a document as agentgen writes
//! every file. Generation reads back what it wrote with the same reader that
//! `lint` uses, so the two can never disagree, and neither imports the other.

use std::collections::HashMap;

use crate::finding::Finding;
use crate::value::Raw;
use crate::yaml::{self, TextStyle};

/// How a target's file is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// YAML frontmatter between `---` lines, then a markdown body.
    Markdown,
    /// A TOML document; the instructions are one of its fields.
    Toml,
}

/// A target's file as data: fields in order, and the markdown body (empty
/// for TOML targets).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub fields: Vec<(String, Raw)>,
    pub body: String,
}

impl Document {
    pub fn get(&self, key: &str) -> Option<&Raw> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Raw::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn push(&mut self, key: &str, value: Raw) {
        self.fields.push((key.to_owned(), value));
    }
}

/// A file read the way its tool reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub doc: Document,
    /// Set when only the lenient reading succeeded: the first key whose
    /// value strict YAML rejects.
    pub lenient: Option<String>,
    /// 1-based line of each top-level key in the file.
    pub key_lines: HashMap<String, usize>,
    /// 1-based line of a `---` inside the frontmatter, where Claude Code
    /// would end it.
    pub dashes: Option<usize>,
    /// Byte offset in the file where the closing `---` line begins (markdown).
    pub closing: Option<usize>,
}

/// Reads a file the way a tool reading `format` does. An error finding
/// carries the line, when known.
pub fn parse(format: Format, text: &str) -> Result<Parsed, Finding> {
    match format {
        Format::Markdown => parse_markdown(text),
        Format::Toml => parse_toml(text),
    }
}

fn parse_markdown(text: &str) -> Result<Parsed, Finding> {
    let (start, closing) = bounds(text)?;
    let frontmatter = &text[start..closing];
    let after = &text[closing..];
    let after = &after[after.find('\n').map_or(after.len(), |i| i + 1)..];
    let body = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .unwrap_or(after);
    let dashes = frontmatter
        .find("---")
        .map(|at| text[..start + at].matches('\n').count() + 1);
    let key_lines = yaml::top_level_key_lines(frontmatter)
        .into_iter()
        .map(|(k, line)| (k, line + 1))
        .collect();
    let (fields, lenient) = fields(frontmatter)?;
    Ok(Parsed {
        doc: Document {
            fields,
            body: body.to_owned(),
        },
        lenient,
        key_lines,
        dashes,
        closing: Some(closing),
    })
}

/// Where the frontmatter starts (after the opening `---` line) and where
/// the closing `---` line begins.
fn bounds(text: &str) -> Result<(usize, usize), Finding> {
    let no_frontmatter = || {
        Finding::error(
            "no-frontmatter",
            if text.trim().is_empty() {
                "the file is empty".to_owned()
            } else if text.starts_with("\u{feff}---") {
                // The mark is invisible in editors, so say it is there.
                "the file starts with an invisible byte-order mark (U+FEFF), so its first line is not `---`; save it as UTF-8 without a BOM".to_owned()
            } else {
                "the file does not start with a `---` frontmatter line".to_owned()
            },
            "start the file with `---`, the fields (name, description, ...), and a closing `---`",
        )
    };
    let first_line_end = text.find('\n').ok_or_else(no_frontmatter)?;
    if text[..first_line_end].trim_end() != "---" {
        return Err(no_frontmatter());
    }
    let start = first_line_end + 1;
    let mut offset = start;
    let mut closing = None;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            closing = Some(offset);
            break;
        }
        offset += line.len();
    }
    let closing = closing.ok_or_else(|| {
        Finding::error(
            "no-frontmatter",
            "the frontmatter has no closing `---` line",
            "end the fields with a line that holds only `---`",
        )
    })?;
    Ok((start, closing))
}

/// Fields in file order.
type Fields = Vec<(String, Raw)>;

/// The fields of the frontmatter, read strictly, or leniently (with the
/// first key strict YAML rejects) when only that works.
fn fields(frontmatter: &str) -> Result<(Fields, Option<String>), Finding> {
    Ok(match yaml::parse(frontmatter) {
        Ok(Raw::Map(fields)) => (fields, None),
        Ok(Raw::Null) => (Vec::new(), None),
        Ok(other) => {
            return Err(Finding::error(
                "unparsable-frontmatter",
                format!(
                    "the frontmatter is {}, not a mapping of fields",
                    other.kind_name()
                ),
                "write one `key: value` per line",
            ));
        }
        Err(strict) => match lenient(frontmatter) {
            Some((fields, key)) => (fields, Some(key)),
            None => {
                let mut finding = Finding::error(
                    "unparsable-frontmatter",
                    format!("no YAML reader accepts the frontmatter: {}", strict.message),
                    "fix the YAML at that line; quote values that hold `: ` or start with a special character",
                );
                finding.line = strict.line.map(|l| l + 1);
                return Err(finding);
            }
        },
    })
}

/// Reads frontmatter one `key: value` line at a time, as lenient loaders
/// do: a value runs to the end of its line, and indented lines continue it
/// (`- item` lines make a list). Returns the fields and the first key whose
/// value strict YAML rejects, or `None` when even this fails.
fn lenient(frontmatter: &str) -> Option<(Vec<(String, Raw)>, String)> {
    let mut fields: Vec<(String, Raw)> = Vec::new();
    let mut culprit = None;
    for line in frontmatter.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if line.starts_with([' ', '\t', '-']) {
            let (_, value) = fields.last_mut()?;
            let item = line.trim();
            match (value, item.strip_prefix("- ")) {
                (Raw::Seq(items), Some(entry)) => items.push(scalar(entry)),
                (v @ Raw::Null, Some(entry)) => *v = Raw::Seq(vec![scalar(entry)]),
                (Raw::Str(s), _) => {
                    s.push(' ');
                    s.push_str(item);
                }
                _ => return None,
            }
            continue;
        }
        let (key, rest) = match line.split_once(": ") {
            Some((k, r)) => (k, r.trim()),
            None => (line.strip_suffix(':')?, ""),
        };
        let key = key.trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return None;
        }
        let strict = yaml::parse(&format!("k: {rest}\n"));
        let value = match strict {
            Ok(Raw::Map(mut entries)) if entries.len() == 1 => entries.pop().map(|(_, v)| v)?,
            _ => {
                culprit.get_or_insert_with(|| key.to_owned());
                Raw::Str(unquote(rest).to_owned())
            }
        };
        fields.push((key.to_owned(), value));
    }
    // If every value reads strictly on its own, the problem is elsewhere
    // (indentation, structure) and a lenient reading would be a guess.
    Some((fields, culprit?))
}

fn scalar(text: &str) -> Raw {
    match yaml::parse(&format!("k: {text}\n")) {
        Ok(Raw::Map(mut entries)) if entries.len() == 1 => {
            entries.pop().map_or(Raw::Null, |(_, v)| v)
        }
        _ => Raw::Str(unquote(text).to_owned()),
    }
}

fn unquote(text: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    text
}

fn parse_toml(text: &str) -> Result<Parsed, Finding> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let mut finding = Finding::error(
            "unparsable-frontmatter",
            format!("the TOML does not parse: {}", e.message()),
            "fix the TOML at that line",
        );
        finding.line = line;
        finding
    })?;
    let fields = table.into_iter().map(|(k, v)| (k, from_toml(v))).collect();
    let key_lines = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (key, _) = line.split_once('=')?;
            let key = key.trim();
            (!line.starts_with(char::is_whitespace) && !key.is_empty())
                .then(|| (key.to_owned(), i + 1))
        })
        .collect();
    Ok(Parsed {
        doc: Document {
            fields,
            body: String::new(),
        },
        lenient: None,
        key_lines,
        dashes: None,
        closing: None,
    })
}

fn from_toml(value: toml::Value) -> Raw {
    match value {
        toml::Value::String(s) => Raw::Str(s),
        toml::Value::Integer(i) => Raw::Int(i),
        toml::Value::Float(x) => Raw::Float(x),
        toml::Value::Boolean(b) => Raw::Bool(b),
        toml::Value::Datetime(d) => Raw::Str(d.to_string()),
        toml::Value::Array(items) => Raw::Seq(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => Raw::Map(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
    }
}

/// The file text for a document.
pub fn serialize(format: Format, doc: &Document) -> String {
    match format {
        Format::Markdown => {
            let frontmatter = yaml::emit_mapping(&doc.fields, TextStyle::Escaped);
            format!("---\n{frontmatter}---\n\n{}", doc.body)
        }
        Format::Toml => {
            let mut table = toml::Table::new();
            for (key, value) in &doc.fields {
                if let Some(value) = to_toml(value) {
                    table.insert(key.clone(), value);
                }
            }
            // A table of strings, numbers and booleans always encodes.
            toml::to_string_pretty(&table).expect("a TOML table of scalars")
        }
    }
}

fn to_toml(raw: &Raw) -> Option<toml::Value> {
    Some(match raw {
        Raw::Null => return None,
        Raw::Bool(b) => toml::Value::Boolean(*b),
        Raw::Int(i) => toml::Value::Integer(*i),
        Raw::Float(x) => toml::Value::Float(*x),
        Raw::Str(s) => toml::Value::String(s.clone()),
        Raw::Seq(items) => toml::Value::Array(items.iter().filter_map(to_toml).collect()),
        Raw::Map(entries) => toml::Value::Table(
            entries
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), to_toml(v)?)))
                .collect(),
        ),
    })
}

/// An agent file split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts<'a> {
    /// The text between the opening `---` line and the closing one.
    pub frontmatter: &'a str,
    pub body: &'a str,
}

/// Splits an agent file the way Claude Code does: the file must open with a
/// `---` line, and the frontmatter ends at the next `---`, wherever it is,
/// even in the middle of a line. Returns `None` when there is no
/// frontmatter.
pub fn split(text: &str) -> Option<Parts<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let end = rest.find("---")?;
    let frontmatter = &rest[..end];
    let after = &rest[end + 3..];
    let body = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .unwrap_or(after);
    Some(Parts { frontmatter, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_ends_at_the_first_three_dashes_anywhere() {
        let parts = split("---\nname: a\n---\nbody\n").unwrap();
        assert_eq!(
            parts,
            Parts {
                frontmatter: "name: a\n",
                body: "body\n"
            }
        );
        let cut = split("---\ndescription: \"x --- y\"\n---\nbody").unwrap();
        assert_eq!(cut.frontmatter, "description: \"x ");
        assert_eq!(split("no frontmatter"), None);
    }
}
