//! `agentgen lint`: checking agent files before a tool silently skips them.
//!
//! Files are found by path (each tool's agent folders), read with a size
//! cap, and parsed the way the tools read them: the frontmatter ends at the
//! closing `---` line, YAML is parsed strictly, and when that fails a
//! lenient line-by-line reading (close to Claude Code's own retry) decides
//! whether the file still loads there. The result is checked against the
//! target's rules ([`Target::check`]) and the rules no target module can see
//! alone (dashes that cut the frontmatter short, two agents with one name).
//! `--fix` rewrites only the frontmatter, as agentgen serializes it, keeping
//! every value and the body byte for byte. Nothing here touches the disk
//! except reading: fixes are returned for the output module to write.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::agent_file::{Parsed, parse as parse_agent};
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::read::{self, Refusal};
use crate::target::Target;
use crate::value::Raw;

mod fix;
use fix::apply_fix;
mod walk;

/// Files larger than this are skipped with a finding; agentgen never
/// writes one (the one limit of [`crate::read`]).
pub const MAX_FILE_BYTES: u64 = crate::read::MAX_FILE_BYTES;

/// Agents found so far, by target and folder: name, file, line of the name.
type Names = HashMap<(Target, PathBuf), Vec<(String, PathBuf, Option<usize>)>>;

/// What `--fix` may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fix {
    No,
    /// Rewrite frontmatter that only a lenient reader accepts or that holds
    /// `---`.
    Frontmatter,
    /// Also turn a literal `\n` in descriptions into a line break.
    FrontmatterAndNewlines,
}

/// A finding in a file.
#[derive(Clone, Debug, Serialize)]
pub struct Located {
    pub file: PathBuf,
    pub line: Option<usize>,
    #[serde(flatten)]
    pub finding: Finding,
}

/// The outcome of a lint run.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub files: usize,
    pub findings: Vec<Located>,
    /// Files whose frontmatter `--fix` rewrote.
    pub fixed: Vec<PathBuf>,
    /// The new contents of the fixed files, for the output module.
    #[serde(skip)]
    pub writes: Vec<(PathBuf, String)>,
    /// Fixed files reached through a link: the file, and the link.
    #[serde(skip)]
    pub through_links: Vec<(PathBuf, PathBuf)>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }
}

/// The findings for people: one line each, with the fix under it.
pub fn to_text(report: &Report) -> String {
    let mut out = String::new();
    for located in &report.findings {
        let place = match located.line {
            Some(line) => format!("{}:{line}", located.file.display()),
            None => located.file.display().to_string(),
        };
        let f = &located.finding;
        out.push_str(&format!(
            "{place}: {}[{}]: {}\n    fix: {}\n",
            f.severity.label(),
            f.rule,
            f.message,
            f.hint
        ));
    }
    for file in &report.fixed {
        match report.through_links.iter().find(|(f, _)| f == file) {
            Some((_, link)) => out.push_str(&format!(
                "fixed {} (the file the link {} leads to)\n",
                file.display(),
                link.display()
            )),
            None => out.push_str(&format!("fixed {}\n", file.display())),
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "checked {}: {}, {}\n",
        plural(report.files, "file"),
        plural(report.errors(), "error"),
        plural(report.warnings(), "warning")
    ));
    out
}

/// The findings for scripts.
pub fn to_json(report: &Report) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        files: usize,
        errors: usize,
        warnings: usize,
        findings: &'a [Located],
        fixed: &'a [PathBuf],
    }
    let json = Json {
        files: report.files,
        errors: report.errors(),
        warnings: report.warnings(),
        findings: &report.findings,
        fixed: &report.fixed,
    };
    // Paths, numbers and strings always encode.
    serde_json::to_string_pretty(&json).expect("findings encode as JSON") + "\n"
}

/// Lints files and folders. A path named that is neither a folder nor a
/// regular file (a FIFO, `/dev/stdin`) is refused before anything is read.
pub fn run(paths: &[PathBuf], fix: Fix) -> Result<Report> {
    refuse_irregular(paths)?;
    let mut report = Report::default();
    let mut files = Vec::new();
    for path in paths {
        walk::collect(path, true, &mut files, &mut report);
    }
    // One file reached twice (a folder and a link to it inside the
    // project, or two paths given) is checked once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|(path, _)| seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())));
    // A CI gate that checks nothing must not pass.
    if files.is_empty() && report.findings.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        report.findings.push(Located {
            file: paths.first().cloned().unwrap_or_default(),
            line: None,
            finding: Finding::error(
                "no-agent-files",
                format!("no agent file found in {}", shown.join(", ")),
                "name a folder or file that holds agent files",
            ),
        });
    }
    let mut names = Names::new();
    for (path, target) in files {
        report.files += 1;
        if let Some((name, line)) = lint_file(&path, target, fix, &mut report) {
            let scope = (
                target,
                path.parent().map(Path::to_path_buf).unwrap_or_default(),
            );
            names.entry(scope).or_default().push((name, path, line));
        }
    }
    duplicate_names(names, &mut report);
    Ok(report)
}

/// Refuses a path named that is neither a folder nor a regular file.
fn refuse_irregular(paths: &[PathBuf]) -> Result<()> {
    for path in paths {
        if let Ok(meta) = std::fs::metadata(path)
            && !meta.is_dir()
            && !meta.is_file()
        {
            return Err(Error::Refused {
                action: "lint",
                path: path.clone(),
                reason: read::not_regular(&meta, "agentgen reads only regular files"),
            });
        }
    }
    Ok(())
}

/// One finding for each agent that shares its name with an earlier one
/// (by path) in the same folder for the same tool.
fn duplicate_names(names: Names, report: &mut Report) {
    let mut scopes: Vec<_> = names.into_iter().collect();
    scopes.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, mut agents) in scopes {
        agents.sort_by(|a, b| a.1.cmp(&b.1));
        for (i, (name, path, line)) in agents.iter().enumerate() {
            if let Some((_, first, _)) = agents[..i].iter().find(|(n, _, _)| n == name) {
                report.findings.push(Located {
                    file: path.clone(),
                    line: *line,
                    finding: Finding::error(
                        "duplicate-name",
                        format!(
                            "another agent in this folder is named '{name}' ({})",
                            first.display()
                        ),
                        "rename one of them; the tool loads only one",
                    ),
                });
            }
        }
    }
}

/// Lints one file; returns the agent's name (and the line it is on) for
/// the duplicate check.
fn lint_file(
    path: &Path,
    target: Target,
    fix: Fix,
    report: &mut Report,
) -> Option<(String, Option<usize>)> {
    let mut push = |line: Option<usize>, finding: Finding| {
        report.findings.push(Located {
            file: path.to_owned(),
            line,
            finding,
        })
    };
    let bytes = match read_file(path) {
        Ok(bytes) => bytes,
        Err(finding) => {
            push(None, finding);
            return None;
        }
    };
    let mut linted = lint_bytes(target, bytes.clone(), fix);
    // A fix that cannot be written (a link out of the project) is not
    // made: the findings are those of the file as it stays.
    let place = linted.fixed.as_ref().map(|_| fix::destination(path));
    if let Some(Err(why)) = &place {
        linted = lint_bytes(target, bytes, Fix::No);
        linted.findings.push((
            None,
            Finding::warning(
                "not-fixed",
                format!("--fix left the file as it is: {why}"),
                "fix the file where it lives",
            ),
        ));
    }
    for (line, finding) in linted.findings {
        push(line, finding);
    }
    if crate::target::is_plugin_agent(path) {
        for (line, finding) in plugin_ignored(target, &linted.keys) {
            push(line, finding);
        }
    }
    if let (Some(new_text), Some(Ok(place))) = (linted.fixed, place) {
        if place != path {
            report.through_links.push((place.clone(), path.to_owned()));
        }
        report.writes.push((place.clone(), new_text));
        report.fixed.push(place);
    }
    if !linted.read {
        return None;
    }
    // A file without a name field is known by its file name.
    linted.name.or_else(|| {
        path.file_name()
            .and_then(|n| n.to_str())
            .map(|n| {
                n.trim_end_matches(".md")
                    .trim_end_matches(".agent")
                    .trim_end_matches(".toml")
                    .to_owned()
            })
            .map(|name| (name, None))
    })
}

/// The bytes of one file, through the capped reader; a file that cannot
/// be read is a finding.
fn read_file(path: &Path) -> std::result::Result<Vec<u8>, Finding> {
    read::read_capped(path, read::ANY_FILE).map_err(|refusal| match refusal {
        Refusal::TooLarge(reason) => Finding::warning(
            "too-large",
            format!("skipped: {reason}"),
            "an agent file this large is almost certainly not one; move it out of the agents folder",
        ),
        Refusal::NotRegular(reason) => Finding::error(
            "not-a-file",
            format!("skipped: {reason}"),
            "no tool loads an agent from it; remove it from the agents folder",
        ),
        Refusal::Io(e) => Finding::error(
            "unreadable",
            format!("cannot read it: {e}"),
            "check permissions",
        ),
    })
}

/// The keys a tool ignores in an agent that comes with a plugin, one
/// finding each.
fn plugin_ignored(
    target: Target,
    keys: &[(String, Option<usize>)],
) -> Vec<(Option<usize>, Finding)> {
    let ignored = target.spec().plugin_ignored;
    keys.iter()
        .filter(|(k, _)| ignored.contains(&k.as_str()))
        .map(|(key, line)| {
            let finding = Finding::warning(
                "plugin-ignored",
                format!(
                    "{} ignores `{key}` in an agent that comes with a plugin",
                    target.name()
                ),
                "remove it, or ask users to copy the agent into .claude/agents",
            )
            .at(key);
            (*line, finding)
        })
        .collect()
}

/// What linting the contents of one file found.
#[derive(Clone, Debug, Default)]
pub struct Linted {
    /// Each finding with its 1-based line, when known.
    pub findings: Vec<(Option<usize>, Finding)>,
    /// The new contents, when a fix rewrote the frontmatter.
    pub fixed: Option<String>,
    /// Whether the file could be read as an agent at all; only then does it
    /// take part in the duplicate-name check.
    pub read: bool,
    /// The agent's `name` field and its line.
    pub name: Option<(String, Option<usize>)>,
    /// Every frontmatter key, with its line, for rules that depend on
    /// where the file is.
    pub keys: Vec<(String, Option<usize>)>,
}

/// Lints the contents of one agent file for `target`: binary and
/// non-UTF-8 files are refused, the text is [`parse`]d the way the tool
/// reads it, a fix is made if `fix` allows and it reads back strictly, and
/// every finding is returned. This is the whole check `agentgen lint`
/// makes of a file once it has its bytes.
pub fn lint_bytes(target: Target, bytes: Vec<u8>, fix: Fix) -> Linted {
    let mut linted = Linted::default();
    if bytes.contains(&0) {
        linted.findings.push((
            None,
            Finding::error(
                "binary",
                "the file is binary, not text",
                "remove it from the agents folder",
            ),
        ));
        return linted;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        linted.findings.push((
            None,
            Finding::error("not-utf8", "the file is not UTF-8 text", "save it as UTF-8"),
        ));
        return linted;
    };
    let parsed = match parse_agent(target.format(), &text) {
        Ok(parsed) => parsed,
        Err(finding) => {
            linted.findings.push((finding.line, finding));
            return linted;
        }
    };
    linted.read = true;
    // Left by `agentgen sync` where a template change met an edit.
    for line in crate::merge::has_conflict_markers(&text) {
        linted.findings.push((
            Some(line),
            Finding::error(
                "conflict-markers",
                "a conflict marker from `agentgen sync` is left here; the tool would read it as instructions",
                "keep the lines you want between the markers, delete the marker lines, then run `agentgen sync --check`",
            ),
        ));
    }
    let parsed = apply_fix(target, &text, parsed, fix, &mut linted);
    for finding in findings(target, &parsed) {
        let line = finding
            .key
            .as_ref()
            .and_then(|k| parsed.key_lines.get(k).copied());
        let line = match finding.rule {
            "dashes-in-frontmatter" => parsed.dashes,
            _ => line,
        };
        linted.findings.push((line, finding));
    }
    linted.keys = parsed
        .doc
        .fields
        .iter()
        .map(|(k, _)| (k.clone(), parsed.key_lines.get(k).copied()))
        .collect();
    if let Some(Raw::Str(name)) = parsed.doc.get("name") {
        linted.name = Some((name.clone(), parsed.key_lines.get("name").copied()));
    }
    linted
}

/// Every finding for a parsed file: the reading itself, then the target's
/// rules.
pub fn findings(target: Target, parsed: &Parsed) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(key) = &parsed.lenient {
        out.push(
            Finding::warning(
                "lenient-yaml",
                format!(
                    "the value of `{key}` is not valid YAML; Claude Code's lenient reader accepts it, but OpenCode and other strict readers fail on the whole file"
                ),
                "quote the value, or run `agentgen lint --fix`",
            )
            .at(key),
        );
    }
    if parsed.dashes.is_some() {
        out.push(Finding::error(
            "dashes-in-frontmatter",
            "`---` appears inside the frontmatter; Claude Code ends the frontmatter there and skips the agent",
            "avoid three dashes in a row in a value, or run `agentgen lint --fix`",
        ));
    }
    out.extend(target.check(&parsed.doc));
    out
}

#[cfg(test)]
mod tests {
    use super::fix::fix_text;
    use super::*;
    use crate::agent_file::Format;

    #[test]
    fn a_lenient_only_file_names_the_key() {
        let text = "---\nname: a\ndescription: Use it when: things happen\n---\nbody\n";
        let parsed = parse_agent(Format::Markdown, text).unwrap();
        assert_eq!(parsed.lenient.as_deref(), Some("description"));
        assert_eq!(
            parsed.doc.str("description"),
            Some("Use it when: things happen")
        );
        assert_eq!(parsed.key_lines.get("description"), Some(&3));
    }

    #[test]
    fn fixing_keeps_values_and_body() {
        let text = "---\nname: a\ndescription: Use it when: things --- happen\\nreally\ntools: Read\n---\n\nbody  \n---\nmore\n";
        let parsed = parse_agent(Format::Markdown, text).unwrap();
        assert!(parsed.dashes.is_some());
        let fixed = fix_text(Target::Claude, text, &parsed, Fix::Frontmatter)
            .text()
            .unwrap();
        let again = parse_agent(Format::Markdown, &fixed).unwrap();
        assert_eq!(again.lenient, None);
        assert_eq!(again.dashes, None);
        assert_eq!(again.doc, parsed.doc);
        assert!(fixed.ends_with("---\n\nbody  \n---\nmore\n"));
        let newlines = fix_text(Target::Claude, text, &parsed, Fix::FrontmatterAndNewlines)
            .text()
            .unwrap();
        let again = parse_agent(Format::Markdown, &newlines).unwrap();
        assert_eq!(
            again.doc.str("description"),
            Some("Use it when: things --- happen\nreally")
        );
    }

    #[test]
    fn unreadable_frontmatter_reports_its_line() {
        let err = parse_agent(
            Format::Markdown,
            "---\nname: a\nnot a field at all\n---\nbody",
        )
        .unwrap_err();
        assert_eq!(err.rule, "unparsable-frontmatter");
        assert!(err.line.is_some());
        assert_eq!(
            parse_agent(Format::Markdown, "").unwrap_err().message,
            "the file is empty"
        );
        assert_eq!(
            parse_agent(Format::Markdown, "---\nname: a\n")
                .unwrap_err()
                .rule,
            "no-frontmatter"
        );
    }

    #[test]
    fn bytes_are_checked_before_they_are_parsed() {
        let rules = |bytes: &[u8]| {
            let linted = lint_bytes(Target::Claude, bytes.to_vec(), Fix::No);
            let rules: Vec<&str> = linted.findings.iter().map(|(_, f)| f.rule).collect();
            (linted.read, rules)
        };
        assert_eq!(rules(b"---\nname: a\0\n---\n"), (false, vec!["binary"]));
        assert_eq!(rules(b"---\nname: \xe9\n---\n"), (false, vec!["not-utf8"]));
        let crlf = b"---\r\nname: a\r\ndescription: Use it.\r\n---\r\nbody\r\n";
        let linted = lint_bytes(Target::Claude, crlf.to_vec(), Fix::No);
        assert!(linted.read, "{:?}", linted.findings);
        assert_eq!(linted.name, Some(("a".to_owned(), Some(2))));
        let bom = lint_bytes(
            Target::Claude,
            "\u{feff}---\nname: a\n---\n".into(),
            Fix::No,
        );
        assert_eq!(bom.findings.len(), 1);
        assert_eq!(
            bom.findings[0].1.message,
            "the file starts with an invisible byte-order mark (U+FEFF), so its first line is not `---`; save it as UTF-8 without a BOM"
        );
    }

    /// Found by the lint_reader fuzz target (a wrong expectation in the
    /// target, not a bug in lint). A fix once rewrote the whole frontmatter
    /// and dropped its blank lines, moving the name up a line; it now
    /// rewrites only the broken field, so the name keeps its value and its
    /// line, and the blank line stays.
    #[test]
    fn fuzz_lint_reader_fix_keeps_the_name_line() {
        let input = include_bytes!("../../tests/fixtures/fuzz/lint_reader/fix-moves-name-line.md");
        let unfixed = lint_bytes(Target::Claude, input.to_vec(), Fix::No);
        assert_eq!(unfixed.name, Some(("fne it.".to_owned(), Some(3))));
        let fixed = lint_bytes(Target::Claude, input.to_vec(), Fix::Frontmatter);
        assert_eq!(fixed.name, Some(("fne it.".to_owned(), Some(3))));
        let text = fixed.fixed.unwrap();
        assert_eq!(
            text,
            "---\n \nname: fne it.\nx: \"*x]\"\n---\ny: [*x, *x]\n---\nBody.\n"
        );
        let again = lint_bytes(Target::Claude, text.into_bytes(), Fix::No);
        assert!(again.findings.iter().all(|(_, f)| f.rule != "lenient-yaml"));
    }

    proptest::proptest! {
        #[test]
        fn reading_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let text = String::from_utf8_lossy(&bytes);
            for target in Target::ALL {
                if let Ok(parsed) = parse_agent(target.format(), &text) {
                    let _ = findings(target, &parsed);
                    let _ = fix_text(target, &text, &parsed, Fix::FrontmatterAndNewlines).text();
                }
            }
        }

        #[test]
        fn frontmatter_shaped_text_never_panics(
            lines in proptest::collection::vec("[a-z]{1,6}(: .{0,20})?|  - .{0,10}|---|.{0,20}", 0..12),
            body in ".{0,40}",
        ) {
            let text = format!("---\n{}\n---\n{body}", lines.join("\n"));
            if let Ok(parsed) = parse_agent(Format::Markdown, &text) {
                let _ = findings(Target::Claude, &parsed);
                if let Some(fixed) = fix_text(Target::Claude, &text, &parsed, Fix::FrontmatterAndNewlines).text() {
                    let again = parse_agent(Format::Markdown, &fixed);
                    proptest::prop_assert!(again.is_ok(), "a fix that does not read back: {fixed:?}");
                }
            }
        }

        /// Arbitrary bytes, as `lint` reads them from a file: binary, not
        /// UTF-8, a byte-order mark, any line endings. Nothing panics, and
        /// a fix always reads back strictly with the same name.
        #[test]
        fn any_bytes_lint_without_panicking(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            check_bytes(&bytes)?;
        }

        /// Frontmatter-shaped files built from hostile pieces, so the
        /// reader gets past the first line far more often than with random
        /// bytes.
        #[test]
        fn hostile_files_lint_without_panicking(
            opening in proptest::sample::select(&["---\n", "---\r\n", "\u{feff}---\n", "--- \n", ""][..]),
            pieces in proptest::collection::vec(proptest::sample::select(HOSTILE_PIECES), 0..24),
            endings in proptest::collection::vec(proptest::sample::select(&["\n", "\r\n", "\r", ""][..]), 24),
        ) {
            let mut bytes = opening.as_bytes().to_vec();
            for (piece, ending) in pieces.iter().zip(&endings) {
                bytes.extend_from_slice(piece);
                bytes.extend_from_slice(ending.as_bytes());
            }
            check_bytes(&bytes)?;
        }
    }

    /// Lines and fragments that have broken YAML readers, as bytes.
    const HOSTILE_PIECES: &[&[u8]] = &[
        b"---",
        b"--- ",
        b"name: a",
        b"name: A Bad Name",
        b"description: Use it when: things happen",
        b"description: \"line\\none\"",
        b"description: a --- b",
        b"tools: [Read, Grep",
        b"tools:",
        b"  - Read",
        b"- x",
        b"model: &m sonnet",
        b"color: *m",
        b"a: &a [x, x, x, x]",
        b"b: [*a, *a, *a, *a]",
        b"c: *c",
        b"deep: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        b"? complex",
        b": value",
        b"\tindented: tab",
        b"key: \xff\xfe invalid",
        b"nul: \x00",
        b"bom: \xef\xbb\xbf",
        b"name = \"toml\"",
        b"[table]",
        b"%YAML 1.2",
        b"!tag value",
        b"|",
        b"  block",
        b"name: \xe2\x80\xa8",
        b"...",
        b"",
        b"body text",
    ];

    fn check_bytes(bytes: &[u8]) -> Result<(), proptest::test_runner::TestCaseError> {
        for target in Target::ALL {
            for fix in [Fix::No, Fix::Frontmatter, Fix::FrontmatterAndNewlines] {
                let linted = lint_bytes(target, bytes.to_vec(), fix);
                proptest::prop_assert!(
                    linted.read || linted.findings.len() == 1,
                    "an unreadable file has exactly one finding: {:?}",
                    linted.findings
                );
                if let Some(fixed) = linted.fixed {
                    proptest::prop_assert!(fix != Fix::No);
                    let again = lint_bytes(target, fixed.clone().into_bytes(), Fix::No);
                    proptest::prop_assert!(again.read, "a fix that does not read back: {fixed:?}");
                    proptest::prop_assert!(
                        again
                            .findings
                            .iter()
                            .all(|(_, f)| f.rule != "lenient-yaml"
                                && f.rule != "dashes-in-frontmatter"),
                        "a fix that still needs fixing: {fixed:?}: {:?}",
                        again.findings
                    );
                    // A fix keeps every value, the name too (its line may
                    // move: a fix drops blank lines).
                    let unfixed = lint_bytes(target, bytes.to_vec(), Fix::No);
                    proptest::prop_assert_eq!(
                        linted.name.as_ref().map(|(name, _)| name),
                        unfixed.name.as_ref().map(|(name, _)| name)
                    );
                }
            }
        }
        Ok(())
    }
}
