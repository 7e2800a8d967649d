//! Targets: the tools that read agents, and how each one wants its file.
//!
//! An [`Agent`] is written in the neutral vocabulary of the templates
//! (Claude Code's model aliases and tool names). Each target module owns, for
//! its tool: where the file goes (project and user scope), how the agent
//! becomes its fields (names, value maps, what cannot be expressed and is
//! dropped with a note), and the rules a file must follow to load, which
//! `lint` applies too. [`Target::render`] converts, serializes, reads the
//! file back with the same reader `lint` uses, and refuses to return a file
//! that its own target would reject or mis-read.

pub mod claude;
pub mod codex;
pub mod copilot;
pub mod cursor;
pub mod gemini;
pub mod opencode;

use std::path::{Path, PathBuf};

use crate::agent::Agent;
use crate::error::{Error, Origin, Problem, Result};
use crate::finding::{Finding, Severity};
use crate::question::closest;
use crate::value::{Raw, quoted};
use crate::yaml::{self, TextStyle};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Claude,
    OpenCode,
    Copilot,
    Gemini,
    Cursor,
    Codex,
}

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

    fn push(&mut self, key: &str, value: Raw) {
        self.fields.push((key.to_owned(), value));
    }
}

/// A rendered file and the notes about what the target could not express.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    pub text: String,
    pub notes: Vec<String>,
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

    /// The name used on the command line and in answers files.
    pub fn id(self) -> &'static str {
        match self {
            Target::Claude => "claude",
            Target::OpenCode => "opencode",
            Target::Copilot => "copilot",
            Target::Gemini => "gemini",
            Target::Cursor => "cursor",
            Target::Codex => "codex",
        }
    }

    pub fn from_id(id: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.id() == id)
    }

    /// The tool's own name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Target::Claude => "Claude Code",
            Target::OpenCode => "OpenCode",
            Target::Copilot => "GitHub Copilot",
            Target::Gemini => "Gemini CLI",
            Target::Cursor => "Cursor",
            Target::Codex => "Codex",
        }
    }

    pub fn format(self) -> Format {
        match self {
            Target::Codex => Format::Toml,
            _ => Format::Markdown,
        }
    }

    /// The folder, relative to a project root, where the tool looks for
    /// project agents.
    pub fn project_dir(self) -> &'static Path {
        Path::new(match self {
            Target::Claude => ".claude/agents",
            Target::OpenCode => ".opencode/agent",
            Target::Copilot => ".github/agents",
            Target::Gemini => ".gemini/agents",
            Target::Cursor => ".cursor/agents",
            Target::Codex => ".codex/agents",
        })
    }

    /// The folder for agents available in every project of this user.
    pub fn user_dir(self, home: &Path) -> PathBuf {
        home.join(match self {
            Target::Claude => ".claude/agents",
            Target::OpenCode => ".config/opencode/agent",
            Target::Copilot => ".copilot/agents",
            Target::Gemini => ".gemini/agents",
            Target::Cursor => ".cursor/agents",
            Target::Codex => ".codex/agents",
        })
    }

    /// The file name of an agent; the name was checked by
    /// [`crate::agent::check_name`], so it is one path component.
    pub fn file_name(self, agent_name: &str) -> String {
        match self {
            Target::Copilot => format!("{agent_name}.agent.md"),
            Target::Codex => format!("{agent_name}.toml"),
            _ => format!("{agent_name}.md"),
        }
    }

    /// The target that reads the file at `path`, judged by the folders
    /// around it, as each tool finds its agents.
    pub fn detect(path: &Path) -> Option<Target> {
        let name = path.file_name()?.to_str()?;
        let dirs: Vec<&str> = path
            .parent()?
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .collect();
        let has_pair = |outer: &str, inner: &[&str]| {
            dirs.windows(2)
                .any(|w| w[0] == outer && inner.contains(&w[1]))
        };
        if name.ends_with(".toml") {
            return has_pair(".codex", &["agents"]).then_some(Target::Codex);
        }
        if !name.ends_with(".md") {
            return None;
        }
        if name.ends_with(".agent.md")
            && (has_pair(".github", &["agents"]) || has_pair(".copilot", &["agents"]))
        {
            return Some(Target::Copilot);
        }
        if has_pair(".opencode", &["agent", "agents"]) || has_pair("opencode", &["agent", "agents"])
        {
            return Some(Target::OpenCode);
        }
        if has_pair(".gemini", &["agents"]) {
            return Some(Target::Gemini);
        }
        if has_pair(".cursor", &["agents"]) {
            return Some(Target::Cursor);
        }
        if has_pair(".claude", &["agents"]) || is_plugin_agent(path) {
            return Some(Target::Claude);
        }
        None
    }

    /// The target's fields for an agent, with notes on what was dropped.
    fn convert(
        self,
        agent: &Agent,
        overrides: &[(String, Raw)],
        notes: &mut Vec<String>,
    ) -> Document {
        match self {
            Target::Claude => claude::convert(agent, notes),
            Target::OpenCode => opencode::convert(agent, overrides, notes),
            Target::Copilot => copilot::convert(agent, overrides, notes),
            Target::Gemini => gemini::convert(agent, overrides, notes),
            Target::Cursor => cursor::convert(agent, overrides, notes),
            Target::Codex => codex::convert(agent, overrides, notes),
        }
    }

    /// The target's own rules for a file, given as data.
    pub fn check(self, doc: &Document) -> Vec<Finding> {
        let mut findings = match self {
            Target::Claude => claude::check(doc),
            Target::OpenCode => opencode::check(doc),
            Target::Copilot => copilot::check(doc),
            Target::Gemini => gemini::check(doc),
            Target::Cursor => cursor::check(doc),
            Target::Codex => codex::check(doc),
        };
        let known = self.known_fields();
        for (key, _) in &doc.fields {
            if !known.contains(&key.as_str()) {
                let mut hint = format!("{} does not read this field; remove it", self.name());
                if let Some(c) = closest(key, known.iter().copied()) {
                    hint = format!("did you mean `{c}`? {hint}");
                }
                if self == Target::OpenCode {
                    hint.push_str(
                        " (OpenCode rejects the whole configuration over one bad agent file)",
                    );
                }
                findings.push(
                    Finding::warning(
                        "unknown-field",
                        format!("unknown field `{}`", quoted(key)),
                        hint,
                    )
                    .at(key),
                );
            }
        }
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

    fn known_fields(self) -> &'static [&'static str] {
        match self {
            Target::Claude => claude::FIELDS,
            Target::OpenCode => opencode::FIELDS,
            Target::Copilot => copilot::FIELDS,
            Target::Gemini => gemini::FIELDS,
            Target::Cursor => cursor::FIELDS,
            Target::Codex => codex::FIELDS,
        }
    }

    /// The fields this target takes from `targets: {<target>: ...}` in the
    /// answers, and what each must look like.
    fn override_fields(self) -> &'static [(&'static str, Accepts)] {
        match self {
            Target::Claude => &[],
            Target::OpenCode => opencode::OVERRIDES,
            Target::Copilot => copilot::OVERRIDES,
            Target::Gemini => gemini::OVERRIDES,
            Target::Cursor => cursor::OVERRIDES,
            Target::Codex => codex::OVERRIDES,
        }
    }

    /// The file for an agent: converted, serialized, read back and checked.
    pub fn render(self, agent: &Agent, overrides: &Overrides) -> Result<Rendered> {
        let mut notes = Vec::new();
        let doc = self.convert(agent, overrides.for_target(self), &mut notes);
        if self != Target::Claude && agent.color.is_some() {
            notes.push(format!(
                "color left out: {} has no named agent colours",
                self.name()
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
        let text = self.serialize(&doc);
        self.read_back(agent, &doc, &text)?;
        Ok(Rendered { text, notes })
    }

    /// The file text for a document.
    pub fn serialize(self, doc: &Document) -> String {
        match self.format() {
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

    /// Reads the text back the way `lint` does and compares it with the data
    /// it came from; any difference is a bug in agentgen, never in input.
    fn read_back(self, agent: &Agent, doc: &Document, text: &str) -> Result<()> {
        let fail = |detail: String| Error::SelfCheck {
            name: agent.name.clone(),
            detail,
        };
        let parsed = crate::lint::parse(self, text).map_err(|f| fail(f.message))?;
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
fn is_plugin_agent(path: &Path) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    dir.file_name().is_some_and(|n| n == "agents")
        && dir
            .parent()
            .is_some_and(|root| root.join(".claude-plugin").is_dir())
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

/// What an override field accepts.
#[derive(Clone, Copy, Debug)]
pub enum Accepts {
    /// Text matching the check; the string says what it must be.
    Text(fn(&str) -> bool, &'static str),
    /// A number in a range.
    Number(f64, f64),
    /// A whole number of at least this.
    Count(i64),
    OneOf(&'static [&'static str]),
}

/// Per-target answers: `targets: {<target>: {<field>: <value>}}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    entries: Vec<(Target, Vec<(String, Raw)>)>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self.entries.iter().all(|(_, fields)| fields.is_empty())
    }

    /// The overrides as an answers-file value.
    pub fn to_raw(&self) -> Raw {
        Raw::Map(
            self.entries
                .iter()
                .filter(|(_, fields)| !fields.is_empty())
                .map(|(t, fields)| (t.id().to_owned(), Raw::Map(fields.clone())))
                .collect(),
        )
    }

    pub fn for_target(&self, target: Target) -> &[(String, Raw)] {
        self.entries
            .iter()
            .find(|(t, _)| *t == target)
            .map(|(_, fields)| fields.as_slice())
            .unwrap_or(&[])
    }

    /// Adds a later source's overrides; a field given again replaces the
    /// earlier value.
    pub fn layer(&mut self, other: Overrides) {
        for (target, fields) in other.entries {
            let slot = match self.entries.iter().position(|(t, _)| *t == target) {
                Some(i) => &mut self.entries[i].1,
                None => {
                    self.entries.push((target, Vec::new()));
                    &mut self.entries.last_mut().expect("just pushed").1
                }
            };
            for (key, value) in fields {
                match slot.iter_mut().find(|(k, _)| *k == key) {
                    Some(existing) => existing.1 = value,
                    None => slot.push((key, value)),
                }
            }
        }
    }

    /// Reads and checks the value of a `targets` answer.
    pub fn parse(raw: &Raw, origin: &Origin) -> Result<Overrides> {
        let mut problems = Vec::new();
        let mut overrides = Overrides::default();
        let problem = |key: String, message: String| Problem {
            origin: origin.clone(),
            key,
            message,
        };
        let Raw::Map(targets) = raw else {
            return Err(Error::InvalidAnswers {
                problems: vec![problem(
                    "targets".into(),
                    "expected a mapping such as {opencode: {model: anthropic/claude-sonnet-4-5}}"
                        .into(),
                )],
            });
        };
        for (id, fields) in targets {
            let Some(target) = Target::from_id(id) else {
                let ids = Target::ALL.map(Target::id);
                let id = quoted(id);
                let mut message = format!(
                    "there is no target '{id}'; the targets are {}",
                    ids.join(", ")
                );
                if let Some(c) = closest(&id, ids) {
                    message = format!("there is no target '{id}'; did you mean '{c}'?");
                }
                problems.push(problem(format!("targets.{id}"), message));
                continue;
            };
            let accepted = target.override_fields();
            let Raw::Map(fields) = fields else {
                problems.push(problem(
                    format!("targets.{id}"),
                    "expected a mapping of fields".into(),
                ));
                continue;
            };
            let mut checked = Vec::new();
            for (key, value) in fields {
                let at = format!("targets.{id}.{key}");
                let Some((_, accepts)) = accepted.iter().find(|(k, _)| k == key) else {
                    let names: Vec<&str> = accepted.iter().map(|(k, _)| *k).collect();
                    let message = if names.is_empty() {
                        format!("{} takes no per-target fields", target.name())
                    } else {
                        format!("{} takes only {}", target.name(), names.join(", "))
                    };
                    problems.push(problem(at, message));
                    continue;
                };
                match check_override(*accepts, value) {
                    Ok(()) => checked.push((key.clone(), value.clone())),
                    Err(message) => problems.push(problem(at, message)),
                }
            }
            overrides.entries.push((target, checked));
        }
        if problems.is_empty() {
            Ok(overrides)
        } else {
            Err(Error::InvalidAnswers { problems })
        }
    }
}

fn check_override(accepts: Accepts, value: &Raw) -> std::result::Result<(), String> {
    match (accepts, value) {
        (Accepts::Text(ok, _), Raw::Str(s)) if ok(s) => Ok(()),
        (Accepts::Text(_, what), other) => Err(format!("must be {what}, not {other}")),
        (Accepts::Number(min, max), Raw::Int(i)) if (min..=max).contains(&(*i as f64)) => Ok(()),
        (Accepts::Number(min, max), Raw::Float(x)) if (min..=max).contains(x) => Ok(()),
        (Accepts::Number(min, max), other) => {
            Err(format!("must be a number from {min} to {max}, not {other}"))
        }
        (Accepts::Count(min), Raw::Int(i)) if *i >= min => Ok(()),
        (Accepts::Count(min), other) => Err(format!(
            "must be a whole number of at least {min}, not {other}"
        )),
        (Accepts::OneOf(choices), Raw::Str(s)) if choices.contains(&s.as_str()) => Ok(()),
        (Accepts::OneOf(choices), other) => Err(format!(
            "must be one of {}, not {other}",
            choices.join(", ")
        )),
    }
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
    notes: &mut Vec<String>,
    why: &str,
) -> Option<Raw> {
    if let Some(model) = overridden(overrides, "model") {
        return Some(model.clone());
    }
    if let Some(model) = agent.model.as_deref().filter(|m| *m != "inherit") {
        notes.push(format!(
            "model '{model}' left out: {why}; set targets.{}.model to choose one",
            target.id()
        ));
    }
    None
}

/// A tool list translated name by name; tools with no counterpart are
/// left out and command patterns widened, each with a note.
fn mapped_tools(
    target: Target,
    tools: &[String],
    map: fn(&str) -> Option<String>,
    notes: &mut Vec<String>,
) -> Raw {
    let mut mapped: Vec<String> = Vec::new();
    let mut dropped = Vec::new();
    for tool in tools {
        match map(tool) {
            Some(name) if !mapped.contains(&name) => mapped.push(name),
            Some(_) => {}
            None => dropped.push(tool.as_str()),
        }
        if tool.contains('(') && tool_base(tool) == "Bash" {
            notes.push(format!(
                "{tool} widened: {} cannot limit commands per agent",
                target.name()
            ));
        }
    }
    if !dropped.is_empty() {
        notes.push(format!(
            "tools {} left out: {} has no such tool",
            dropped.join(", "),
            target.name()
        ));
    }
    Raw::Seq(mapped.into_iter().map(Raw::Str).collect())
}

/// The override value of `key`, if any.
fn overridden<'a>(overrides: &'a [(String, Raw)], key: &str) -> Option<&'a Raw> {
    overrides.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// What a Claude Code tool lets an agent do, for targets that express
/// access more coarsely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Edit,
    Execute,
    Web,
    Todo,
    Delegate,
    Mcp,
    Other,
}

/// The tool's name without its argument: `Bash(git diff:*)` is `Bash`.
pub fn tool_base(tool: &str) -> &str {
    tool.split_once('(').map_or(tool, |(base, _)| base)
}

pub fn access(tool: &str) -> Access {
    match tool_base(tool) {
        "Read" | "Grep" | "Glob" | "LS" | "NotebookRead" => Access::Read,
        "Edit" | "Write" | "MultiEdit" | "NotebookEdit" => Access::Edit,
        "Bash" | "BashOutput" | "KillBash" | "KillShell" => Access::Execute,
        "WebFetch" | "WebSearch" => Access::Web,
        "TodoWrite" => Access::Todo,
        "Task" | "Agent" => Access::Delegate,
        t if t.starts_with("mcp__") => Access::Mcp,
        _ => Access::Other,
    }
}

/// Whether an agent with these tools can change files or run commands.
/// An empty list means every tool, so it can.
pub fn can_write(tools: &[String]) -> bool {
    tools.is_empty()
        || tools
            .iter()
            .any(|t| matches!(access(t), Access::Edit | Access::Execute))
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

    #[test]
    fn overrides_are_checked() {
        let raw = crate::yaml::parse(
            "opencode: {model: anthropic/claude-sonnet-4-5, temperature: 0.2}\ngemini: {max_turns: 0}\ncodx: {}\ncursor: {colour: x}\n",
        )
        .unwrap();
        let Err(Error::InvalidAnswers { problems }) = Overrides::parse(&raw, &Origin::Set) else {
            panic!()
        };
        let messages: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.key, p.message))
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages[0]
                .starts_with("targets.gemini.max_turns: must be a whole number of at least 1")
        );
        assert_eq!(
            messages[1],
            "targets.codx: there is no target 'codx'; did you mean 'codex'?"
        );
        assert!(messages[2].starts_with("targets.cursor.colour: Cursor takes only model"));
    }
}
