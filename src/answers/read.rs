//! Reading answers as given: answers files (YAML mappings, capped in
//! size) and `--set KEY=VALUE` flags, each answer with the place it came
//! from so that every later message can point at it.

use std::path::Path;

use super::{AGENTS_KEY, Given};
use crate::error::{Error, Origin, Result};
use crate::read::{self, Refusal};
use crate::value::Raw;
use crate::yaml;

/// Reads an answers file: a YAML mapping from question keys to values.
/// `-` reads standard input. An empty file gives no answers.
pub fn read_file(path: &Path) -> Result<Vec<Given>> {
    parse_file(path, read_capped(path)?)
}

/// Reads the contents of an answers file; `path` names it in messages.
/// The text must be UTF-8 (a leading byte-order mark is skipped) and a
/// YAML mapping, or empty.
pub fn parse_file(path: &Path, bytes: Vec<u8>) -> Result<Vec<Given>> {
    let text = String::from_utf8(bytes).map_err(|e| Error::AnswersSyntax {
        path: path.to_owned(),
        line: None,
        column: None,
        message: not_utf8(e.as_bytes(), e.utf8_error().valid_up_to()),
    })?;
    let raw = yaml::parse(&text).map_err(|e| Error::AnswersSyntax {
        path: path.to_owned(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let entries = match raw {
        Raw::Null => Vec::new(),
        Raw::Map(entries) => entries,
        other => {
            return Err(Error::AnswersSyntax {
                path: path.to_owned(),
                line: None,
                column: None,
                message: format!(
                    "an answers file must be a mapping of question keys to values (key: value), not {}",
                    other.kind_name()
                ),
            });
        }
    };
    let lines = yaml::top_level_key_lines(&text);
    Ok(entries
        .into_iter()
        .map(|(key, raw)| {
            let origin = Origin::File {
                path: path.to_owned(),
                line: lines.get(&key).copied(),
            };
            let mut given = Given::new(key, raw, origin);
            // A kit's per-agent answers are reported by their own lines.
            if given.key == AGENTS_KEY && matches!(given.raw, Raw::Map(_)) {
                given.nested_lines = yaml::nested_key_lines(&text, AGENTS_KEY);
            }
            given
        })
        .collect())
}

/// Why `bytes` is not UTF-8, with the place of the first bad byte: a
/// byte offset alone is hard to find in an editor.
fn not_utf8(bytes: &[u8], valid_up_to: usize) -> String {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return "the file is not UTF-8 text but UTF-16; save it as UTF-8".into();
    }
    // Everything before the bad byte is valid, so it can be counted in.
    let before = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let (line, column) = yaml::line_and_column(before, valid_up_to);
    format!(
        "the file is not UTF-8 text (byte 0x{:02x} at line {line}, column {column}, offset {valid_up_to}); save it as UTF-8",
        bytes[valid_up_to]
    )
}

/// The bytes of an answers file, or of standard input for `-`, read
/// through [`crate::read`]: only a regular file, and at most its limit.
fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let what = "an answers file";
    let read = if path == Path::new("-") {
        read::stdin_capped(what)
    } else {
        read::read_capped(path, what)
    };
    read.map_err(|refusal| match refusal {
        Refusal::NotRegular(reason) => Error::Refused {
            action: "read the answers file",
            path: path.to_owned(),
            reason,
        },
        other => Error::AnswersUnreadable {
            path: path.to_owned(),
            source: other.into_io(),
        },
    })
}

/// Reads one `--set KEY=VALUE`. The value is read as YAML, so
/// `--set tools='[Read, Grep]'` is a list; its typed text is kept for
/// text questions, so `--set version=1.10` stays `1.10`.
pub fn parse_set(arg: &str) -> Result<Given> {
    let Some((key, value)) = arg.split_once('=') else {
        return Err(Error::usage(format!(
            "--set needs KEY=VALUE, got '{arg}'. For example: --set model=opus or --set tools='[Read, Grep]'"
        )));
    };
    let key = key.trim();
    if key.is_empty() {
        return Err(Error::usage(format!("--set '{arg}' has no key before '='")));
    }
    let raw = yaml::parse(value).unwrap_or_else(|_| Raw::Str(value.to_owned()));
    Ok(Given {
        typed: Some(value.to_owned()),
        ..Given::new(key, raw, Origin::Set)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Raw {
        Raw::Str(v.into())
    }

    #[test]
    fn bytes_that_are_not_utf8_are_placed() {
        let message = |bytes: &[u8]| {
            parse_file(Path::new("a.yaml"), bytes.to_vec())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            message(b"model: opus\ntitle: caf\xe9\n"),
            "a.yaml: the file is not UTF-8 text (byte 0xe9 at line 2, column 11, offset 22); save it as UTF-8."
        );
        assert_eq!(
            message(b"\xff\xfem\x00"),
            "a.yaml: the file is not UTF-8 text but UTF-16; save it as UTF-8."
        );
        let bom = parse_file(Path::new("a.yaml"), "\u{feff}model: opus\n".into()).unwrap();
        assert_eq!(
            (bom[0].key.as_str(), &bom[0].raw),
            ("model", &Raw::Str("opus".into()))
        );
        assert_eq!(
            bom[0].origin,
            Origin::File {
                path: "a.yaml".into(),
                line: Some(1)
            }
        );
    }

    #[test]
    fn set_values_are_yaml_but_keep_their_text() {
        let g = parse_set("tools=[Read, Grep]").unwrap();
        assert_eq!(g.raw, Raw::Seq(vec![s("Read"), s("Grep")]));
        let g = parse_set("version=1.10").unwrap();
        assert_eq!(g.typed.as_deref(), Some("1.10"));
        assert!(parse_set("novalue").is_err());
        assert_eq!(parse_set("k=a: b: c").unwrap().raw, s("a: b: c"));
    }
}
