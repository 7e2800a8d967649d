//! Targets: the tools that read agents, and how each one wants its file.
//!
//! An [`Agent`] is written in the neutral vocabulary of the templates
//! (Claude Code's model aliases and tool names). Each target module holds
//! one table, its [`Spec`]: where the file goes (project and user scope),
//! its file name and format, the fields the tool reads, the per-target
//! answers it takes, how an agent becomes its fields (names, value maps,
//! what cannot be expressed and is dropped with a note), and the rules a
//! file must follow to load, which `lint` applies too. Everything else
//! here reads those tables. [`Target::render`] converts, serializes, reads
//! the file back with the same reader `lint` uses ([`crate::agent_file`]),
//! and refuses to return a file that its own target would reject or
//! mis-read.

pub mod claude;
pub mod claude_fields;
pub mod codex;
pub mod copilot;
pub mod cursor;
pub mod fields;
pub mod gemini;
pub mod opencode;
mod overrides;
pub mod read;
mod tools;

use std::path::{Path, PathBuf};

pub use crate::agent_file::{Document, Format};
pub use overrides::{Accepts, Overrides};
pub use tools::{Access, access, can_write, effective_tools, tool_base};

use crate::agent::Agent;
use crate::agent_file;
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::question::closest;
use crate::value::{Raw, quoted};
use tools::mapped_tools;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Claude,
    OpenCode,
    Copilot,
    Gemini,
    Cursor,
    Codex,
}

/// How a target turns an agent, and its per-target answers, into its
/// fields, adding a note for each thing it drops.
pub type Convert = fn(&Agent, &[(String, Raw)], &mut Vec<Note>) -> Document;

/// Something a target could not write as the agent had it: the answers it
/// concerns, whether they were left out or written in another form, and
/// why. The run says its line (`skills left out: Cursor has no field for
/// them`); `--json` lists its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The answer keys concerned, as the questions name them (`skills`,
    /// `mcp_servers`); for `convert`, the source file's fields.
    pub answers: Vec<String>,
    /// The values left out when only some were (tool names, a server's
    /// name); empty when the whole answer was.
    pub values: Vec<String>,
    /// Left out (true), or written in another form (false).
    pub dropped: bool,
    /// Why, in the tool's terms.
    pub reason: String,
    text: String,
}

impl Note {
    /// `subject left out: reason`.
    pub fn left_out(
        answers: &[&str],
        values: Vec<String>,
        subject: impl std::fmt::Display,
        reason: impl Into<String>,
    ) -> Note {
        let reason = reason.into();
        Note {
            answers: answers.iter().map(|a| (*a).to_owned()).collect(),
            values,
            dropped: true,
            text: format!("{subject} left out: {reason}"),
            reason,
        }
    }

    /// `what: reason`, for an answer written in another form than asked.
    pub fn adapted(
        answers: &[&str],
        values: Vec<String>,
        what: impl std::fmt::Display,
        reason: impl Into<String>,
    ) -> Note {
        let reason = reason.into();
        Note {
            answers: answers.iter().map(|a| (*a).to_owned()).collect(),
            values,
            dropped: false,
            text: format!("{what}: {reason}"),
            reason,
        }
    }

    /// Fields of a file being converted that no answer holds:
    /// `subject not converted: reason`.
    pub fn not_converted(fields: Vec<String>, reason: impl Into<String>) -> Note {
        let reason = reason.into();
        Note {
            text: format!("{} not converted: {reason}", fields.join(", ")),
            answers: fields,
            values: Vec::new(),
            dropped: true,
            reason,
        }
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Everything agentgen knows about one tool, in one place.
pub struct Spec {
    /// The name used on the command line and in answers files.
    pub id: &'static str,
    /// The tool's own name, for messages.
    pub name: &'static str,
    pub format: Format,
    /// The folder, relative to a project root, where the tool looks for
    /// project agents.
    pub project_dir: &'static str,
    /// The folder, relative to the home folder, for agents available in
    /// every project of this user.
    pub user_dir: &'static str,
    /// What follows the agent's name in its file name.
    pub suffix: &'static str,
    /// Where the tool finds agent files: a folder named like the first
    /// directly holding one named like any of the second.
    pub found_in: &'static [(&'static str, &'static [&'static str])],
    /// The fields the tool reads; any other is reported by `lint`.
    pub fields: &'static [&'static str],
    /// What each field's value must be, and what the tool does otherwise.
    pub values: &'static [fields::Rule],
    /// What the tool does with a field it does not read: how grave that
    /// is, and what happens, for the message.
    pub unknown: (Severity, &'static str),
    /// Fields the tool reads without error but ignores, with why: `lint`
    /// warns, and agentgen never writes them.
    pub ignored: &'static [(&'static str, &'static str)],
    /// Fields the tool ignores in an agent that comes with a plugin.
    pub plugin_ignored: &'static [&'static str],
    /// The fields it takes from `targets: {<id>: ...}` in the answers.
    pub overrides: &'static [(&'static str, Accepts)],
    /// Whether it has named agent colours (others drop `color` with a note).
    pub named_colors: bool,
    /// The agent's answers beyond name, description, tools, model and
    /// colour ([`Agent::set_fields`]) that this target writes in some form;
    /// any other that an agent sets is reported as dropped.
    pub expresses: &'static [&'static str],
    /// The target's fields for an agent, with notes on what was dropped.
    pub convert: Convert,
    /// The tool's own rules for a file, given as data.
    pub check: fn(&Document) -> Vec<Finding>,
}

/// A rendered file and the notes about what the target could not express.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    pub text: String,
    pub notes: Vec<Note>,
}

impl Target {
    pub const ALL: [Target; 6] = [
        Target::Claude,
        Target::OpenCode,
        Target::Copilot,
        Target::Gemini,
        Target::Cursor,
        Target::Codex,
    ];

    /// This target's table.
    pub fn spec(self) -> &'static Spec {
        match self {
            Target::Claude => &claude::SPEC,
            Target::OpenCode => &opencode::SPEC,
            Target::Copilot => &copilot::SPEC,
            Target::Gemini => &gemini::SPEC,
            Target::Cursor => &cursor::SPEC,
            Target::Codex => &codex::SPEC,
        }
    }

    pub fn id(self) -> &'static str {
        self.spec().id
    }

    pub fn from_id(id: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.id() == id)
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn format(self) -> Format {
        self.spec().format
    }

    pub fn project_dir(self) -> &'static Path {
        Path::new(self.spec().project_dir)
    }

    pub fn user_dir(self, home: &Path) -> PathBuf {
        home.join(self.spec().user_dir)
    }

    /// The file name of an agent; the name was checked by
    /// [`crate::names::check`], so it is one path component.
    pub fn file_name(self, agent_name: &str) -> String {
        format!("{agent_name}{}", self.spec().suffix)
    }

    /// The target that reads the file at `path`, judged by the folders
    /// around it, as each tool finds its agents. The most specific suffix
    /// wins (`x.agent.md` in `.github/agents` is Copilot's).
    pub fn detect(path: &Path) -> Option<Target> {
        let name = path.file_name()?.to_str()?;
        let dirs: Vec<&str> = path
            .parent()?
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .collect();
        let found_in = |spec: &Spec| {
            spec.found_in.iter().any(|(outer, inner)| {
                dirs.windows(2)
                    .any(|w| w[0] == *outer && inner.contains(&w[1]))
            })
        };
        let mut by_suffix: Vec<Target> = Target::ALL
            .into_iter()
            .filter(|t| name.ends_with(t.spec().suffix))
            .collect();
        // Claude Code last: its folders are the fallback for plain `.md`.
        by_suffix.sort_by_key(|t| {
            (
                std::cmp::Reverse(t.spec().suffix.len()),
                *t == Target::Claude,
            )
        });
        by_suffix
            .into_iter()
            .find(|&t| found_in(t.spec()) || (t == Target::Claude && is_plugin_agent(path)))
    }

    /// The target of an agent file found where no tool looks (a folder
    /// written with `-o DIR`), judged by its name and its fields: `None`
    /// when it is not an agent file at all. `head` is the file's start.
    pub fn guess(path: &Path, head: &str) -> Option<Target> {
        let name = path.file_name()?.to_str()?;
        let key = |k: &str| head.lines().any(|l| l.starts_with(&format!("{k}:")));
        if name.ends_with(".toml") {
            return head
                .lines()
                .any(|l| l.starts_with("developer_instructions"))
                .then_some(Target::Codex);
        }
        if !name.ends_with(".md") || !head.starts_with("---") || !key("description") {
            return None;
        }
        let has_any = |target: Target, keys: &[&str]| keys.iter().any(|k| key(k)).then_some(target);
        if name.ends_with(Target::Copilot.spec().suffix) {
            return Some(Target::Copilot);
        }
        has_any(Target::Gemini, &["kind", "display_name", "timeout_mins"])
            .or_else(|| has_any(Target::OpenCode, &["mode", "permission", "steps"]))
            .or_else(|| has_any(Target::Cursor, &["readonly", "is_background"]))
            .or(Some(Target::Claude))
    }

    /// The target's own rules for a file, given as data.
    pub fn check(self, doc: &Document) -> Vec<Finding> {
        let spec = self.spec();
        let mut findings = (spec.check)(doc);
        let known = spec.fields;
        let (unknown, effect) = spec.unknown;
        for (key, _) in &doc.fields {
            if let Some((_, why)) = spec.ignored.iter().find(|(k, _)| k == key) {
                findings.push(
                    Finding::warning(
                        "ignored-field",
                        format!("{} ignores `{key}`: {why}", self.name()),
                        "remove it",
                    )
                    .at(key),
                );
            } else if !known.contains(&key.as_str()) {
                // Suggest only a spelling this tool reads and acts on.
                let acted_on = known
                    .iter()
                    .copied()
                    .filter(|k| !spec.ignored.iter().any(|(i, _)| i == k));
                let mut hint = format!("{} does not read this field; remove it", self.name());
                if let Some(c) = closest(key, acted_on) {
                    hint = format!("did you mean `{c}`? {hint}");
                }
                let message = format!("unknown field `{}`: {effect}", quoted(key));
                let finding = match unknown {
                    Severity::Error => Finding::error("unknown-field", message, hint),
                    Severity::Warning => Finding::warning("unknown-field", message, hint),
                };
                findings.push(finding.at(key));
            }
        }
        findings.extend(fields::check(spec.values, self.name(), &doc.fields));
        if self.format() == Format::Markdown && doc.body.trim().is_empty() {
            findings.push(Finding::warning(
                "empty-body",
                "the body is empty, so the agent has no instructions",
                "write the agent's instructions below the frontmatter",
            ));
        }
        // The frontmatter escapes a NUL, but the body is written as it is,
        // and a NUL makes the file binary: tools skip it, and `lint`
        // refuses it before reading a field (so only rendering meets this).
        if self.format() == Format::Markdown && doc.body.contains('\0') {
            findings.push(Finding::error(
                "binary",
                "the body would contain a NUL character (U+0000), which makes the file binary; remove the \\0 from the answers",
                "remove the NUL character",
            ));
        }
        findings
    }

    /// The file for an agent: converted, serialized, read back and checked.
    pub fn render(self, agent: &Agent, overrides: &Overrides) -> Result<Rendered> {
        let mut notes = Vec::new();
        let spec = self.spec();
        let doc = (spec.convert)(agent, overrides.for_target(self), &mut notes);
        if !spec.named_colors && agent.color.is_some() && !spec.expresses.contains(&"color") {
            let why = format!("{} has no named agent colours", self.name());
            notes.push(Note::left_out(&["color"], Vec::new(), "color", why));
        }
        let dropped: Vec<&str> = agent
            .set_fields()
            .into_iter()
            .filter(|f| !spec.expresses.contains(f))
            .collect();
        if !dropped.is_empty() {
            let why = format!("{} has no field for them", self.name());
            notes.push(Note::left_out(
                &dropped,
                Vec::new(),
                dropped.join(", "),
                why,
            ));
        }
        let errors: Vec<String> = self
            .check(&doc)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.message)
            .collect();
        if !errors.is_empty() {
            return Err(Error::InvalidAgent {
                name: agent.name.clone(),
                target: self.name(),
                problems: errors,
            });
        }
        let text = agent_file::serialize(spec.format, &doc);
        self.read_back(agent, &doc, &text)?;
        Ok(Rendered { text, notes })
    }

    /// Reads the text back the way `lint` does and compares it with the data
    /// it came from; any difference is a bug in agentgen, never in input.
    fn read_back(self, agent: &Agent, doc: &Document, text: &str) -> Result<()> {
        let fail = |detail: String| Error::SelfCheck {
            name: agent.name.clone(),
            detail,
        };
        let parsed = agent_file::parse(self.format(), text).map_err(|f| fail(f.message))?;
        if parsed.lenient.is_some() {
            return Err(fail("only a lenient reader accepts it".into()));
        }
        if parsed.dashes.is_some() {
            return Err(fail("`---` appears inside the frontmatter".into()));
        }
        if parsed.doc != *doc {
            return Err(fail(format!("read back as {:?}", parsed.doc.fields)));
        }
        Ok(())
    }
}

/// An agent file in a plugin's `agents/` folder, next to `.claude-plugin/`.
pub fn is_plugin_agent(path: &Path) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    dir.file_name().is_some_and(|n| n == "agents")
        && dir
            .parent()
            .is_some_and(|root| root.join(".claude-plugin").is_dir())
}

/// The description rules every target shares: it must be there and hold
/// text. (A literal backslash-n matters only to Claude Code.)
fn description_rules(doc: &Document) -> Vec<Finding> {
    claude::check_description(doc)
        .into_iter()
        .filter(|f| f.rule != "literal-newline")
        .collect()
}

/// The model for a target that does not speak Claude Code's aliases: the
/// per-target answer if there is one; otherwise none (the tool's default),
/// with a note when the agent named a model.
fn foreign_model(
    target: Target,
    agent: &Agent,
    overrides: &[(String, Raw)],
    notes: &mut Vec<Note>,
    why: &str,
) -> Option<Raw> {
    if let Some(model) = overridden(overrides, "model") {
        return Some(model.clone());
    }
    if let Some(model) = agent.model.as_deref().filter(|m| *m != "inherit") {
        let why = format!("{why}; set targets.{}.model to choose one", target.id());
        let subject = format!("model '{model}'");
        notes.push(Note::left_out(
            &["model"],
            vec![model.to_owned()],
            subject,
            why,
        ));
    }
    None
}

/// The override value of `key`, if any.
fn overridden<'a>(overrides: &'a [(String, Raw)], key: &str) -> Option<&'a Raw> {
    overrides.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_follows_each_tools_folders() {
        let cases = [
            (".claude/agents/a.md", Some(Target::Claude)),
            ("x/.claude/agents/team/a.md", Some(Target::Claude)),
            (".opencode/agent/a.md", Some(Target::OpenCode)),
            ("home/.config/opencode/agent/a.md", Some(Target::OpenCode)),
            (".github/agents/a.agent.md", Some(Target::Copilot)),
            (".github/agents/a.md", None),
            (".gemini/agents/a.md", Some(Target::Gemini)),
            (".cursor/agents/a.md", Some(Target::Cursor)),
            (".codex/agents/a.toml", Some(Target::Codex)),
            ("docs/a.md", None),
            (".claude/agents/a.txt", None),
        ];
        for (path, target) in cases {
            assert_eq!(Target::detect(Path::new(path)), target, "{path}");
        }
    }

    #[test]
    fn a_nul_in_a_markdown_body_is_an_error() {
        let doc = |body: &str| Document {
            fields: vec![
                ("name".into(), Raw::Str("a".into())),
                ("description".into(), Raw::Str("Use \0 it.".into())),
            ],
            body: body.into(),
        };
        let binary = |target: Target, body: &str| {
            target
                .check(&doc(body))
                .iter()
                .any(|f| f.rule == "binary" && f.severity == Severity::Error)
        };
        for target in Target::ALL {
            let markdown = target.format() == Format::Markdown;
            assert_eq!(binary(target, "You are \0 here.\n"), markdown, "{target:?}");
            assert!(!binary(target, "You are here.\n"), "{target:?}");
        }
    }

    /// Found by the answers_loader fuzz target: a NUL in a one-line answer
    /// (`--set` there; `"\0"` in an answers file) reached the body, and
    /// agentgen wrote a file that its own `lint` refuses as binary.
    #[test]
    fn fuzz_answers_loader_nul_in_body() {
        use crate::answers::{GivenAnswers, gather, parse_set};
        use crate::catalog::Catalog;
        use crate::prompt::NoPrompt;
        use crate::render::Renderer;
        use crate::role::Role;

        let input = include_bytes!("../../tests/fixtures/fuzz/answers_loader/nul-in-body");
        let mut given = GivenAnswers::default();
        for line in std::str::from_utf8(input).unwrap().lines() {
            if line.contains('=') {
                given.layer([parse_set(line).unwrap()]);
            }
        }
        let catalog = Catalog::embedded();
        let role = Role::load(&catalog, "backend-architect").unwrap();
        let renderer = Renderer::new(catalog.clone());
        let gathered = gather(&role, &given, &mut NoPrompt, &renderer).unwrap();
        let agent = crate::agent::build(&role, &gathered, &renderer, &catalog).unwrap();
        assert!(agent.body.contains('\0'));
        let Err(Error::InvalidAgent { problems, .. }) =
            Target::Claude.render(&agent, &Overrides::default())
        else {
            panic!("an agent with a NUL in its body was rendered")
        };
        assert_eq!(
            problems,
            [
                "the body would contain a NUL character (U+0000), which makes the file binary; remove the \\0 from the answers"
            ]
        );
    }
}
