//! `agentgen.yaml`: the agents a project wants, written by people and by
//! agentgen alike.
//!
//! ```yaml
//! targets: [claude, opencode]      # the tools every agent is written for
//! templates: [.agentgen/templates] # template folders, relative to the root
//! agents:
//!   billing-architect:             # the agent's name
//!     role: backend-architect
//!     answers:                     # only what differs from the defaults
//!       project: Billing
//! kits:
//!   startup:                       # a kit's name, or a kit file's path
//!     answers:                     # shared answers, and `agents:` per member
//!       project: Billing
//! ```
//!
//! agentgen edits the text of the entries it changes and nothing else, so
//! comments, blank lines and key order elsewhere survive its edits.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::target::Target;
use crate::value::Raw;
use crate::yaml::{self, TextStyle};

/// The sections that hold entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Agents,
    Kits,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::Agents => "agents",
            Section::Kits => "kits",
        }
    }
}

/// One entry: an agent of a role, or a kit.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub section: Section,
    /// The agent's name, or the kit's name or path.
    pub name: String,
    /// The role (agents only).
    pub role: Option<String>,
    /// The tools to write for, when not the manifest's.
    pub targets: Option<Vec<Target>>,
    pub answers: Vec<(String, Raw)>,
    /// The 1-based line of the entry's name.
    pub line: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub path: PathBuf,
    pub text: String,
    pub targets: Vec<Target>,
    pub templates: Vec<String>,
    pub entries: Vec<Entry>,
}

impl Manifest {
    /// Reads the manifest; a project without one has an empty manifest.
    pub fn read(path: &Path) -> Result<Option<Manifest>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(problem(path, None, format!("cannot read it: {e}"))),
        };
        Manifest::parse(path, text).map(Some)
    }

    /// Reads the manifest only if it names template sources, for a run
    /// that records nothing but may use them: a manifest without a
    /// `templates:` line is not parsed at all.
    pub fn read_sources(path: &Path) -> Result<Option<Manifest>> {
        match std::fs::read_to_string(path) {
            Ok(text) if text.lines().any(|l| l.starts_with("templates:")) => {
                Manifest::parse(path, text).map(Some)
            }
            _ => Ok(None),
        }
    }

    pub fn empty(path: &Path) -> Manifest {
        Manifest {
            path: path.to_owned(),
            targets: vec![Target::Claude],
            ..Manifest::default()
        }
    }

    pub fn parse(path: &Path, text: String) -> Result<Manifest> {
        let raw = yaml::parse(&text).map_err(|e| problem(path, e.line, e.message))?;
        let top = match raw {
            Raw::Map(entries) => entries,
            Raw::Null => Vec::new(),
            other => {
                let message = format!("expected a mapping, not {}", other.kind_name());
                return Err(problem(path, None, message));
            }
        };
        let lines = yaml::top_level_key_lines(&text);
        let mut manifest = Manifest::empty(path);
        for (key, value) in top {
            let line = lines.get(&key).copied();
            match key.as_str() {
                "targets" => manifest.targets = targets(path, line, &value)?,
                "templates" => manifest.templates = strings(path, line, &value, "templates")?,
                "agents" => manifest.read_section(Section::Agents, value, &text)?,
                "kits" => manifest.read_section(Section::Kits, value, &text)?,
                other => {
                    let message = format!(
                        "unknown key `{other}`; the manifest holds targets, templates, agents and kits"
                    );
                    return Err(problem(path, line, message));
                }
            }
        }
        manifest.text = text;
        Ok(manifest)
    }

    fn read_section(&mut self, section: Section, value: Raw, text: &str) -> Result<()> {
        let path = self.path.clone();
        let entries = match value {
            Raw::Map(entries) => entries,
            Raw::Null => return Ok(()),
            _ => {
                let message = format!("`{}` must map names to entries", section.key());
                return Err(problem(&path, None, message));
            }
        };
        let starts = entry_lines(text, section);
        for (name, body) in entries {
            let line = starts
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(0, |(_, l)| l + 1);
            self.entries
                .push(read_entry(&path, section, name, body, line)?);
        }
        Ok(())
    }

    pub fn get(&self, section: Section, name: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.section == section && e.name == name)
    }

    /// The manifest's text with `entry` added, or replacing the entry of
    /// the same name; every other line is kept.
    pub fn with_entry(&self, entry: &Entry) -> String {
        let block = emit_entry(entry, &self.targets);
        let text = ensure_section(&self.text, entry.section);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let (start, end) = section_range(&lines, entry.section).expect("the section exists");
        let mut out: Vec<String> = lines[..start].iter().map(|l| l.to_string()).collect();
        let entries = entry_ranges(&lines, start, end);
        match entries.iter().find(|(n, _, _)| *n == entry.name) {
            // The entry's own comments stay above it.
            Some(&(_, s, e)) => {
                out.extend(lines[start..s].iter().map(|l| l.to_string()));
                out.push(block);
                out.extend(lines[e..].iter().map(|l| l.to_string()));
            }
            None => {
                let last = entries.last().map_or(start, |&(_, _, e)| e);
                out.extend(lines[start..last].iter().map(|l| l.to_string()));
                out.push(block);
                out.extend(lines[last..].iter().map(|l| l.to_string()));
            }
        }
        out.concat()
    }

    /// Adds `entry`, or replaces the entry of the same name, in both the
    /// text (as [`Manifest::with_entry`] writes it) and the data, without
    /// reading the text again: parsing YAML is most of what recording an
    /// agent costs, and the text was written from this very data (the
    /// `put_reads_back_as_parse` test holds the two together).
    pub fn put(&mut self, mut entry: Entry) {
        self.text = self.with_entry(&entry);
        // Targets equal to the manifest's are not written, so not read.
        if entry.targets.as_deref() == Some(&self.targets[..]) {
            entry.targets = None;
        }
        entry.line = entry_lines(&self.text, entry.section)
            .iter()
            .find(|(name, _)| *name == entry.name)
            .map_or(0, |(_, line)| line + 1);
        let same = |e: &Entry| e.section == entry.section && e.name == entry.name;
        match self.entries.iter_mut().find(|e| same(e)) {
            Some(old) => *old = entry,
            None => self.entries.push(entry),
        }
    }

    /// The manifest's text with `templates:` listing these folders (added
    /// before the sections when missing); every other line is kept.
    pub fn with_templates(&self, templates: &[String]) -> String {
        let value = Raw::Seq(templates.iter().map(|t| Raw::Str(t.clone())).collect());
        let block = yaml::emit_mapping(&[("templates".to_owned(), value)], TextStyle::Block);
        let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
        let at = lines.iter().position(|l| l.starts_with("templates:"));
        let (start, end) = match at {
            Some(at) => {
                let end = (at + 1..lines.len())
                    .find(|&i| is_top_key(lines[i]))
                    .unwrap_or(lines.len());
                (at, end)
            }
            None => {
                let at = (lines.iter())
                    .position(|l| l.starts_with("agents:") || l.starts_with("kits:"))
                    .unwrap_or(lines.len());
                (at, at)
            }
        };
        [lines[..start].concat(), block, lines[end..].concat()].concat()
    }

    /// The manifest's text without the entry `name` of `section`.
    pub fn without_entry(&self, section: Section, name: &str) -> String {
        let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
        let Some((start, end)) = section_range(&lines, section) else {
            return self.text.clone();
        };
        match entry_ranges(&lines, start, end)
            .into_iter()
            .find(|(n, _, _)| n == name)
        {
            Some((_, s, e)) => {
                // The comment lines right above the entry go with it.
                let mut s = s;
                while s > start && lines[s - 1].trim_start().starts_with('#') {
                    s -= 1;
                }
                [&lines[..s], &lines[e..]].concat().concat()
            }
            None => self.text.clone(),
        }
    }
}

/// A new manifest's text: the targets and template sources, then empty
/// sections are added as entries arrive.
pub fn new_text(targets: &[Target], templates: &[String]) -> String {
    let mut out = String::from(
        "# The agents this project wants. `agentgen sync` writes them; `agentgen sync --check`\n# tells CI whether they are up to date. Answers here are only those that differ from\n# each role's defaults, so template improvements reach the team.\n",
    );
    let ids: Vec<Raw> = targets.iter().map(|t| Raw::Str(t.id().into())).collect();
    let mut top = vec![("targets".to_owned(), Raw::Seq(ids))];
    if !templates.is_empty() {
        let dirs = templates.iter().map(|t| Raw::Str(t.clone())).collect();
        top.push(("templates".to_owned(), Raw::Seq(dirs)));
    }
    out.push_str(&yaml::emit_mapping(&top, TextStyle::Block));
    out
}

fn read_entry(
    path: &Path,
    section: Section,
    name: String,
    body: Raw,
    line: usize,
) -> Result<Entry> {
    let at = Some(line).filter(|l| *l > 0);
    let fields = match body {
        Raw::Map(fields) => fields,
        // `startup:` alone: a kit with nothing but its defaults.
        Raw::Null => Vec::new(),
        _ => {
            let message = format!("`{name}` must be a mapping (role, targets, answers)");
            return Err(problem(path, at, message));
        }
    };
    let mut entry = Entry {
        section,
        name,
        role: None,
        targets: None,
        answers: Vec::new(),
        line,
    };
    for (key, value) in fields {
        match (key.as_str(), &value, section) {
            ("role", Raw::Str(role), Section::Agents) => entry.role = Some(role.clone()),
            ("targets", _, _) => entry.targets = Some(targets(path, at, &value)?),
            ("answers", Raw::Map(answers), _) => entry.answers = answers.clone(),
            ("answers", Raw::Null, _) => {}
            _ => {
                let keys = match section {
                    Section::Agents => "role, targets and answers",
                    Section::Kits => "targets and answers",
                };
                let message = format!("`{}.{key}`: an entry holds {keys}", entry.name);
                return Err(problem(path, at, message));
            }
        }
    }
    if section == Section::Agents && entry.role.is_none() {
        let message = format!(
            "`{}` needs `role:`, the role it is generated from",
            entry.name
        );
        return Err(problem(path, at, message));
    }
    Ok(entry)
}

fn targets(path: &Path, line: Option<usize>, value: &Raw) -> Result<Vec<Target>> {
    strings(path, line, value, "targets")?
        .iter()
        .map(|id| {
            Target::from_id(id).ok_or_else(|| {
                let ids = Target::ALL.map(Target::id).join(", ");
                problem(
                    path,
                    line,
                    format!("there is no target '{id}'; the targets are {ids}"),
                )
            })
        })
        .collect()
}

fn strings(path: &Path, line: Option<usize>, value: &Raw, key: &str) -> Result<Vec<String>> {
    match value {
        Raw::Seq(items) => items
            .iter()
            .map(|item| match item {
                Raw::Str(s) => Ok(s.clone()),
                _ => Err(problem(
                    path,
                    line,
                    format!("`{key}` must be a list of names"),
                )),
            })
            .collect(),
        Raw::Str(s) => Ok(vec![s.clone()]),
        _ => Err(problem(
            path,
            line,
            format!("`{key}` must be a list of names"),
        )),
    }
}

fn problem(path: &Path, line: Option<usize>, message: String) -> Error {
    Error::Project {
        path: path.to_owned(),
        line,
        message,
    }
}

/// An entry as manifest text, indented under its section.
fn emit_entry(entry: &Entry, default_targets: &[Target]) -> String {
    let mut fields = Vec::new();
    if let Some(role) = &entry.role {
        fields.push(("role".to_owned(), Raw::Str(role.clone())));
    }
    if let Some(targets) = entry.targets.as_ref().filter(|t| *t != default_targets) {
        let ids = targets.iter().map(|t| Raw::Str(t.id().into())).collect();
        fields.push(("targets".to_owned(), Raw::Seq(ids)));
    }
    if !entry.answers.is_empty() {
        fields.push(("answers".to_owned(), Raw::Map(entry.answers.clone())));
    }
    let body = yaml::emit_mapping(&fields, TextStyle::Block);
    let mut out = format!("  {}:\n", yaml::scalar(&entry.name));
    for line in body.lines() {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The text with the section's key present (appended when missing).
fn ensure_section(text: &str, section: Section) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if section_range(&lines, section).is_some() {
        return text.to_owned();
    }
    let mut out = text.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(section.key());
    out.push_str(":\n");
    out
}

/// Whether a line opens a top-level key.
fn is_top_key(line: &str) -> bool {
    line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-')
}

/// The lines of a section's entries: from after its `key:` line to the
/// next top-level key.
fn section_range(lines: &[&str], section: Section) -> Option<(usize, usize)> {
    let key = format!("{}:", section.key());
    let at = lines.iter().position(|l| {
        let l = l.trim_end();
        l == key || l.starts_with(&format!("{key} #"))
    })?;
    let end = (at + 1..lines.len())
        .find(|&i| is_top_key(lines[i]))
        .unwrap_or(lines.len());
    Some((at + 1, end))
}

/// Each entry of a section with its lines `[start, end)`, from its name's
/// line; the comment and blank lines after it that precede the next entry
/// (or the section's end) are left out.
fn entry_ranges(lines: &[&str], start: usize, end: usize) -> Vec<(String, usize, usize)> {
    let mut starts: Vec<(String, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        if let Some(name) = entry_name(line) {
            starts.push((name, i));
        }
    }
    let mut out = Vec::new();
    for (n, (name, s)) in starts.iter().enumerate() {
        let mut e = starts.get(n + 1).map_or(end, |(_, next)| *next);
        // Leave the comments and blank lines that precede the next entry
        // (or end the section) where they are.
        while e > *s + 1 && is_filler(lines[e - 1]) {
            e -= 1;
        }
        out.push((name.clone(), *s, e));
    }
    out
}

fn is_filler(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The name of an entry that starts on this line (`  name:` with two
/// spaces), unquoted.
fn entry_name(line: &str) -> Option<String> {
    let rest = line.strip_prefix("  ")?;
    if rest.starts_with([' ', '#', '-']) {
        return None;
    }
    let key = rest.trim_end().strip_suffix(':').or_else(|| {
        let (key, after) = rest.split_once(": ")?;
        after.trim_start().starts_with('#').then_some(key)
    })?;
    // A plain key (an agent name, a kit name or path) is its own text;
    // only a quoted one needs the YAML reader.
    if !key.starts_with(['"', '\'']) {
        return Some(key.trim().to_owned());
    }
    match yaml::parse(&format!("{key}: x")) {
        Ok(Raw::Map(mut m)) if m.len() == 1 => m.pop().map(|(k, _)| k),
        _ => None,
    }
}

/// Each entry's name and 0-based line in a section, for messages.
fn entry_lines(text: &str, section: Section) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some((start, end)) = section_range(&lines, section) else {
        return Vec::new();
    };
    entry_ranges(&lines, start, end)
        .into_iter()
        .map(|(name, s, _)| (name, s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(text: &str) -> Manifest {
        Manifest::parse(Path::new("agentgen.yaml"), text.to_owned()).unwrap()
    }

    const TEXT: &str = "# our agents\ntargets: [claude]\n\nagents:\n  # the architect\n  api-architect:\n    role: backend-architect # keep\n    answers:\n      project: Ledger\n\n  # reviews\n  code-reviewer:\n    role: code-reviewer\n# the end\n";

    #[test]
    fn put_reads_back_as_parse() {
        let mut m = manifest(TEXT);
        let tricky = Raw::Str("a: b # c\n\"quoted\" 'x' - y".into());
        let answers = vec![
            ("project".to_owned(), tricky),
            ("on".to_owned(), Raw::Bool(true)),
            ("count".to_owned(), Raw::Str("007".into())),
            ("none".to_owned(), Raw::Null),
            ("list".to_owned(), Raw::Seq(vec![Raw::Str("[x]".into())])),
        ];
        let entries = [
            ("code-reviewer", Some(vec![Target::Claude]), answers.clone()),
            (
                "new-one",
                Some(vec![Target::Codex, Target::Cursor]),
                answers,
            ),
            ("bare", None, Vec::new()),
        ];
        for (name, targets, answers) in entries {
            m.put(Entry {
                section: Section::Agents,
                name: name.into(),
                role: Some("code-reviewer".into()),
                targets,
                answers,
                line: 0,
            });
            let again = manifest(&m.text);
            assert_eq!(again.entries, m.entries, "{}", m.text);
        }
    }

    #[test]
    fn entries_are_read_with_their_lines() {
        let m = manifest(TEXT);
        assert_eq!(m.entries.len(), 2);
        assert_eq!(m.entries[0].name, "api-architect");
        assert_eq!(m.entries[0].line, 6);
        assert_eq!(m.entries[1].line, 12);
        assert_eq!(m.entries[0].answers[0].0, "project");
    }

    #[test]
    fn edits_keep_every_other_line() {
        let m = manifest(TEXT);
        let mut entry = m.entries[1].clone();
        entry.answers = vec![("model".into(), Raw::Str("opus".into()))];
        let edited = m.with_entry(&entry);
        assert!(edited.starts_with("# our agents\ntargets: [claude]\n\nagents:\n  # the architect\n  api-architect:\n    role: backend-architect # keep\n"));
        assert!(edited.contains("  # reviews\n  code-reviewer:\n    role: code-reviewer\n    answers:\n      model: opus\n# the end\n"), "{edited}");
        let added = m.with_entry(&Entry {
            name: "debugger".into(),
            role: Some("debugger".into()),
            ..entry.clone()
        });
        assert!(
            added.ends_with("    role: code-reviewer\n  debugger:\n    role: debugger\n    answers:\n      model: opus\n# the end\n"),
            "{added}"
        );
        let removed = m.without_entry(Section::Agents, "api-architect");
        assert_eq!(
            removed,
            "# our agents\ntargets: [claude]\n\nagents:\n\n  # reviews\n  code-reviewer:\n    role: code-reviewer\n# the end\n"
        );
        assert_eq!(manifest(&added).entries.len(), 3);
    }

    #[test]
    fn problems_name_the_line() {
        let err = Manifest::parse(
            Path::new("agentgen.yaml"),
            "agents:\n  a:\n    rol: x\n".into(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "agentgen.yaml:2: `a.rol`: an entry holds role, targets and answers"
        );
    }
}
