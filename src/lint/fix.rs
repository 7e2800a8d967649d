//! `lint --fix`: repair only the fields that need it, keep every other byte.
//!
//! The frontmatter is cut into entries: a top-level `key:` line with the
//! lines that continue it (indented lines, `- ` items, blank lines), and
//! loose top-level comments. Each entry is read strictly on its own. Only
//! an entry that needs a fix is rewritten, as one `key: "value"` line: one
//! strict YAML refuses (read the way lenient loaders do: the rest of the
//! line, outer quotes removed), one holding `---` (where Claude Code would
//! end the frontmatter), and with `--fix-newlines` a description holding a
//! literal `\n`. Every other entry, comments and blank lines included, and
//! the body stay byte for byte, so a `|` description elsewhere keeps its
//! line breaks. When a repair would have to guess (a broken value over
//! several lines, a ` #` that may start a comment, a comment inside an
//! entry to rewrite) or the result would not read back with the same
//! values, the file is refused with the reason instead.

use std::path::{Path, PathBuf};

use super::{Fix, Linted};
use crate::agent_file::{Format, Parsed, parse};
use crate::finding::Finding;
use crate::target::Target;
use crate::value::Raw;
use crate::yaml::{self, TextStyle};

/// What `--fix` does to one file.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Nothing to repair.
    Unchanged,
    /// The file's new text.
    Fixed(String),
    /// A repair was needed but would have to guess; why.
    Refused(String),
}

#[cfg(test)]
impl Outcome {
    /// The new text, when there is one.
    pub fn text(self) -> Option<String> {
        match self {
            Outcome::Fixed(text) => Some(text),
            _ => None,
        }
    }
}

/// Where the fix of the file at `path` is written: the file itself, or,
/// when `path` is a link, the file it leads to if that lies inside the
/// project (the folder [`crate::config::project_root`] finds from the
/// current folder); replacing the link with a fixed copy would leave the
/// shared file broken. `Err` says why a link's target is left alone.
pub fn destination(path: &Path) -> Result<PathBuf, String> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(path.to_owned());
    }
    let target = path
        .canonicalize()
        .map_err(|e| format!("it is a link whose target cannot be read ({e})"))?;
    let cwd =
        std::env::current_dir().map_err(|e| format!("the current folder is unknown ({e})"))?;
    let root = crate::config::project_root(&cwd);
    if target.starts_with(&root) {
        Ok(target)
    } else {
        Err(format!(
            "it is a link to {}, outside the project {}; fix that file where it lives (agentgen lint --fix {0})",
            target.display(),
            root.display()
        ))
    }
}

/// One piece of the frontmatter: a field with its continuation lines, or
/// lines that belong to no field.
struct Entry<'a> {
    key: Option<String>,
    text: &'a str,
    /// 1-based line in the file where it starts.
    line: usize,
}

/// Repairs `text`, already read as `parsed`. `newlines`: also turn a
/// literal `\n` in the description into a line break.
pub fn fix(text: &str, parsed: &Parsed, newlines: bool) -> Outcome {
    let literal_newline = parsed
        .doc
        .str("description")
        .is_some_and(|d| d.contains("\\n"));
    let needed =
        parsed.lenient.is_some() || parsed.dashes.is_some() || (newlines && literal_newline);
    let (Some(closing), true) = (parsed.closing, needed) else {
        return Outcome::Unchanged;
    };
    let start = text.find('\n').map_or(0, |i| i + 1);
    if start > closing {
        return Outcome::Unchanged;
    }
    let first_line = text[..start].matches('\n').count() + 1;
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..start]);
    let mut expected: Vec<(String, Raw)> = Vec::new();
    let mut changed = false;
    for entry in entries(&text[start..closing], first_line) {
        let Some(key) = &entry.key else {
            out.push_str(entry.text);
            continue;
        };
        match repair(key, &entry, newlines) {
            Ok((value, None)) => {
                expected.push((key.clone(), value));
                out.push_str(entry.text);
            }
            Ok((value, Some(new))) => {
                expected.push((key.clone(), value));
                out.push_str(&new);
                changed = true;
            }
            Err(reason) => return Outcome::Refused(reason),
        }
    }
    if !changed {
        return match (parsed.lenient.is_some(), parsed.dashes.is_some()) {
            (false, false) => Outcome::Unchanged,
            _ => Outcome::Refused(
                "every field reads on its own, but the frontmatter as a whole does not (a repeated key, or an indentation problem); fix it by hand".to_owned(),
            ),
        };
    }
    out.push_str(&text[closing..]);
    match parse(Format::Markdown, &out) {
        Ok(again)
            if again.lenient.is_none()
                && again.dashes.is_none()
                && again.doc.fields == expected
                && again.doc.body == parsed.doc.body =>
        {
            Outcome::Fixed(out)
        }
        _ => Outcome::Refused(
            "a repair would not read back with the same values; fix the frontmatter by hand"
                .to_owned(),
        ),
    }
}

/// The frontmatter cut into entries (see the module docs).
fn entries(frontmatter: &str, first_line: usize) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry<'_>> = Vec::new();
    let mut offset = 0;
    let mut current: Option<(usize, usize, Option<String>)> = None;
    for (index, line) in frontmatter.split_inclusive('\n').enumerate() {
        let starts_field = line.starts_with(|c: char| !c.is_whitespace() && c != '-' && c != '#');
        let loose = line.starts_with('#');
        if starts_field || loose {
            if let Some((from, at, key)) = current.take() {
                out.push(Entry {
                    key,
                    text: &frontmatter[from..offset],
                    line: at,
                });
            }
            // A field line whose key cannot be found gets an empty key,
            // which `repair` refuses.
            let key = starts_field.then(|| {
                yaml::top_level_key_lines(line)
                    .into_keys()
                    .next()
                    .unwrap_or_default()
            });
            current = Some((offset, first_line + index, key));
        } else if current.is_none() {
            current = Some((offset, first_line + index, None));
        }
        offset += line.len();
    }
    if let Some((from, at, key)) = current {
        out.push(Entry {
            key,
            text: &frontmatter[from..],
            line: at,
        });
    }
    out
}

/// The entry's value, and its new text when it needs a repair; an error
/// says why it cannot be repaired without guessing.
fn repair(key: &str, entry: &Entry<'_>, newlines: bool) -> Result<(Raw, Option<String>), String> {
    let here = format!("`{key}` (line {})", entry.line);
    let (value, broken) = match yaml::parse(entry.text) {
        Ok(Raw::Map(mut fields)) if fields.len() == 1 && fields[0].0 == key => {
            (fields.pop().map(|(_, v)| v).unwrap_or(Raw::Null), false)
        }
        Ok(_) if key.is_empty() => {
            return Err(format!(
                "line {} is not a `key: value` field; fix it by hand",
                entry.line
            ));
        }
        Ok(_) => return Err(format!("{here} does not read as one field; fix it by hand")),
        Err(_) => (lenient_value(entry, &here)?, true),
    };
    let (value, newline_fix) = match value {
        Raw::Str(s) if newlines && key == "description" && s.contains("\\n") => {
            (Raw::Str(s.replace("\\n", "\n")), true)
        }
        other => (other, false),
    };
    let dashes = entry.text.contains("---");
    if !broken && !dashes && !newline_fix {
        return Ok((value, None));
    }
    let body_lines = entry.text.trim_end().lines().count();
    let has_comment = entry.text.lines().any(|l| l.trim_start().starts_with('#'))
        || (!broken && entry.text.contains(" #"));
    if has_comment {
        return Err(format!(
            "{here} needs a rewrite, which would drop the comment in it; move the comment to a line of its own, then run --fix again"
        ));
    }
    if broken && body_lines > 1 {
        return Err(format!(
            "{here} is not valid YAML and continues over several lines; quote the value by hand"
        ));
    }
    let trailing = &entry.text[entry.text.trim_end().len()..];
    let ending = if entry.text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let line = yaml::emit_mapping(&[(key.to_owned(), value.clone())], TextStyle::Escaped);
    let line = line.trim_end_matches('\n').replace('\n', ending);
    // The blank lines that followed the field stay.
    let trailing = trailing.split_once('\n').map_or("", |(_, rest)| rest);
    Ok((value, Some(format!("{line}{ending}{trailing}"))))
}

/// A one-line value strict YAML refuses, read as lenient loaders read it:
/// the rest of the line, trimmed, outer quotes removed. A ` #` is refused:
/// it may be a comment or part of the value, and a guess would change one.
fn lenient_value(entry: &Entry<'_>, here: &str) -> Result<Raw, String> {
    let first = entry.text.lines().next().unwrap_or_default();
    let rest = first
        .split_once(':')
        .map(|(_, rest)| rest.trim())
        .ok_or_else(|| format!("{here} has no `:`; fix it by hand"))?;
    if rest.contains(" #") || rest.starts_with('#') {
        return Err(format!(
            "the value of {here} holds ` #`, which may start a comment or belong to the value; quote it by hand"
        ));
    }
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|q| rest.strip_prefix(*q).and_then(|r| r.strip_suffix(*q)))
        .unwrap_or(rest);
    Ok(Raw::Str(unquoted.to_owned()))
}

/// The file as it is after `--fix`: the fixed text parsed again when the
/// fix reads back strictly (it is then kept in `linted`), else `parsed`.
pub(super) fn apply_fix(
    target: Target,
    text: &str,
    parsed: Parsed,
    fix: Fix,
    linted: &mut Linted,
) -> Parsed {
    match fix_text(target, text, &parsed, fix) {
        // A fix is written only if it reads back strictly.
        // ...and keeps every field, the body and the agent's name.
        Outcome::Fixed(new_text) => match parse(target.format(), &new_text) {
            Ok(reparsed)
                if reparsed.lenient.is_none()
                    && reparsed.dashes.is_none()
                    && keeps_values(&parsed, &reparsed) =>
            {
                linted.fixed = Some(new_text);
                reparsed
            }
            Ok(_) => {
                let finding = Finding::warning(
                    "not-fixed",
                    "--fix left the file as it is: a rewrite would change a value it did not mean to",
                    "fix it by hand",
                );
                linted.findings.push((None, finding));
                parsed
            }
            Err(_) => parsed,
        },
        Outcome::Refused(why) => {
            let finding = Finding::warning(
                "not-fixed",
                format!("--fix left the file as it is: {why}"),
                "fix it by hand",
            );
            linted.findings.push((None, finding));
            parsed
        }
        Outcome::Unchanged => parsed,
    }
}

/// Whether a fixed file still holds every field of the file it fixes,
/// in order, with the same body and the same agent name. Values are not
/// compared one by one: the lenient reading of a broken file may read an
/// untouched block scalar differently from the strict reading after.
fn keeps_values(before: &Parsed, after: &Parsed) -> bool {
    let keys = |p: &Parsed| {
        p.doc
            .fields
            .iter()
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>()
    };
    after.doc.body == before.doc.body
        && keys(after) == keys(before)
        && after.doc.get("name") == before.doc.get("name")
}

/// The file with only the fields that need it repaired (see [`fix()`]),
/// when `fix` allows; the body and every other byte are kept.
pub(super) fn fix_text(target: Target, text: &str, parsed: &Parsed, fix: Fix) -> Outcome {
    if fix == Fix::No || target.format() != Format::Markdown {
        return Outcome::Unchanged;
    }
    self::fix(text, parsed, fix == Fix::FrontmatterAndNewlines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str, newlines: bool) -> Outcome {
        let parsed = parse(Format::Markdown, text).unwrap();
        fix(text, &parsed, newlines)
    }

    #[test]
    fn only_the_broken_field_changes() {
        let text = "---\n# who\nname: a # the name\ndescription: Use it when: x\n\ntools: Read\nnotes: |\n  one\n  two\n---\nbody\n";
        let Outcome::Fixed(new) = fixed(text, false) else {
            panic!()
        };
        assert_eq!(
            new,
            "---\n# who\nname: a # the name\ndescription: \"Use it when: x\"\n\ntools: Read\nnotes: |\n  one\n  two\n---\nbody\n"
        );
    }

    #[test]
    fn a_clean_file_is_unchanged_and_guesses_are_refused() {
        assert_eq!(fixed("---\nname: a\n---\nb\n", false), Outcome::Unchanged);
        let Outcome::Refused(why) =
            fixed("---\nname: a\ndescription: when: x # note\n---\n", false)
        else {
            panic!()
        };
        assert!(why.contains("`description` (line 3) holds ` #`"), "{why}");
        let Outcome::Refused(why) = fixed("---\ndescription: when: x\n  more: y\n---\n", false)
        else {
            panic!()
        };
        assert!(why.contains("several lines"), "{why}");
    }

    #[test]
    fn dashes_and_newlines_rewrite_only_their_field() {
        let text = "---\nname: a\ndescription: x --- y\\nz\r\ntools: [Read]\n---\nb\n";
        let Outcome::Fixed(new) = fixed(text, true) else {
            panic!()
        };
        assert_eq!(
            new,
            "---\nname: a\ndescription: \"x --\\x2d y\\nz\"\r\ntools: [Read]\n---\nb\n"
        );
    }
}
