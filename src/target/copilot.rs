//! GitHub Copilot: `.github/agents/<name>.agent.md` (user scope
//! `~/.copilot/agents/`).
//!
//! Rules, from GitHub's custom agents configuration reference
//! (docs.github.com/en/copilot/reference/custom-agents-configuration):
//! - `description` is required; `name` defaults to the file name;
//! - `tools` is a YAML list of tool aliases: read, edit, search, execute,
//!   web, todo and agent, or `<server>/<tool>` for an MCP tool; omitted,
//!   the agent has every tool;
//! - `model` names a Copilot model; Claude aliases are not Copilot model
//!   names, so it is taken only from `targets: {copilot: {model: ...}}`;
//! - `mcp-servers`, `skills`, `infer`, `user-invocable` and
//!   `disable-model-invocation` are read; `target`, `handoffs`,
//!   `argument-hint` and `metadata` are read but ignored by Copilot CLI;
//! - the body (the agent's prompt) may be at most 30,000 characters.
//!
//! Copilot CLI also loads Claude Code's agents: it discovers custom agents
//! in `.claude/agents` as well as `.github/agents` (its changelog, in
//! @github/copilot 1.0.102's package: "Custom agents in nested
//! .github/agents and .claude/agents directories are now discovered...").
//! A Claude file's `color` is not a key Copilot's agent loader knows (its
//! keys, in the native runtime's string table beside `infer`: infer,
//! disable-model-invocation, user-invocable, deferred-tool-loading,
//! strict-tools-list, include-custom-instructions), and the only
//! custom-agent diagnostics in that table are a malformed frontmatter, a
//! reserved name and an unavailable model, none for an unknown key: Copilot
//! passes over `color` (read from its strings, not seen running: loading
//! agents needs a signed-in session). So the Claude file keeps `color`,
//! which Claude Code shows, and agentgen never writes `color` in Copilot's
//! own files (`named_colors: false`).

use super::fields::{Kind, Rule, ignores};
use super::{
    Accepts, Document, Format, Spec, Target, description_rules, foreign_model, mapped_tools,
    tool_base,
};
use crate::agent::Agent;
use crate::finding::{Finding, Severity};
use crate::value::Raw;

/// Everything agentgen knows about GitHub Copilot; see [`super::Spec`].
pub const SPEC: Spec = Spec {
    id: "copilot",
    name: "GitHub Copilot",
    format: Format::Markdown,
    project_dir: ".github/agents",
    user_dir: ".copilot/agents",
    suffix: ".agent.md",
    // Copilot CLI reads `.claude/agents` too, as Claude Code's files (see
    // the module documentation); those are Claude's to check.
    found_in: &[(".github", &["agents"]), (".copilot", &["agents"])],
    fields: FIELDS,
    values: VALUES,
    unknown: (Severity::Warning, "Copilot ignores it"),
    ignored: IGNORED,
    plugin_ignored: &[],
    overrides: OVERRIDES,
    named_colors: false,
    expresses: &["disallowed_tools", "skills", "mcp_servers"],
    convert,
    check,
};

pub const FIELDS: &[&str] = &[
    "name",
    "description",
    "tools",
    "model",
    "mcp-servers",
    "skills",
    "strict-tools-list",
    "infer",
    "user-invocable",
    "disable-model-invocation",
    "agents",
    "target",
    "argument-hint",
    "handoffs",
    "metadata",
];

/// Fields of the agent format that Copilot CLI reads but does not act on
/// (VS Code and github.com use them).
pub const IGNORED: &[(&str, &str)] = &[
    ("target", "Copilot CLI loads the agent wherever it runs"),
    ("argument-hint", "only VS Code shows it"),
    ("handoffs", "only VS Code offers handoffs"),
    ("metadata", "only github.com reads it"),
];

pub const VALUES: &[Rule] = &[
    ignores("skills", Kind::Names),
    ignores("strict-tools-list", Kind::Bool),
    ignores("infer", Kind::Bool),
    ignores("user-invocable", Kind::Bool),
    ignores("disable-model-invocation", Kind::Bool),
];

pub const OVERRIDES: &[(&str, Accepts)] = &[
    (
        "model",
        Accepts::Text(|m| !m.trim().is_empty(), "a Copilot model name"),
    ),
    ("infer", Accepts::Shape(Kind::Bool)),
    ("user-invocable", Accepts::Shape(Kind::Bool)),
    ("disable-model-invocation", Accepts::Shape(Kind::Bool)),
];

/// The longest prompt Copilot accepts.
pub const MAX_BODY_CHARS: usize = 30_000;

const ALIASES: &[&str] = &["read", "edit", "search", "execute", "web", "todo", "agent"];

/// The Copilot alias for a Claude Code tool, if it has one.
pub fn alias(tool: &str) -> Option<String> {
    let base = tool_base(tool);
    Some(
        match base {
            "Read" | "NotebookRead" => "read",
            "Edit" | "MultiEdit" | "Write" | "NotebookEdit" => "edit",
            "Grep" | "Glob" | "LS" => "search",
            "Bash" | "BashOutput" | "KillBash" | "KillShell" => "execute",
            "WebFetch" | "WebSearch" => "web",
            "TodoWrite" => "todo",
            "Task" | "Agent" => "agent",
            _ => {
                let (server, name) = base.strip_prefix("mcp__")?.split_once("__")?;
                return Some(format!("{server}/{name}"));
            }
        }
        .to_owned(),
    )
}

pub fn convert(
    agent: &Agent,
    overrides: &[(String, Raw)],
    notes: &mut Vec<super::Note>,
) -> Document {
    let mut doc = Document::default();
    doc.push("name", Raw::Str(agent.name.clone()));
    doc.push("description", Raw::Str(agent.description.clone()));
    // Copilot has only an allow list: the tools the agent really has.
    let tools = super::effective_tools(agent);
    if !tools.is_empty() {
        doc.push("tools", mapped_tools(Target::Copilot, &tools, alias, notes));
    }
    let why = "Copilot names its models differently";
    if let Some(model) = foreign_model(Target::Copilot, agent, overrides, notes, why) {
        doc.push("model", model);
    }
    if let Some(servers) = mcp_servers(agent, notes) {
        doc.push("mcp-servers", servers);
    }
    if !agent.skills.is_empty() {
        let skills = agent.skills.iter().cloned().map(Raw::Str).collect();
        doc.push("skills", Raw::Seq(skills));
    }
    for key in ["infer", "user-invocable", "disable-model-invocation"] {
        if let Some(value) = super::overridden(overrides, key) {
            doc.push(key, value.clone());
        }
    }
    doc.body = agent.body.clone();
    doc
}

/// `mcp-servers`: server names to `{type: local, command, args, env}` or
/// `{type: http, url}`, each offering all its tools; environment values
/// are `${NAME}` references.
fn mcp_servers(agent: &Agent, notes: &mut Vec<super::Note>) -> Option<Raw> {
    let mut servers = Vec::new();
    for server in &agent.mcp_servers {
        let Some(Raw::Map(mut config)) =
            super::claude_fields::server_config(server, "type", "http")
        else {
            notes.push(super::Note::left_out(
                &["mcp_servers"],
                vec![server.name.clone()],
                format!("MCP server {}", server.name),
                "Copilot needs its command or url",
            ));
            continue;
        };
        if server.command.is_some() {
            config.insert(0, ("type".to_owned(), Raw::Str("local".into())));
        }
        config.push(("tools".to_owned(), Raw::Seq(vec![Raw::Str("*".into())])));
        servers.push((server.name.clone(), Raw::Map(config)));
    }
    (!servers.is_empty()).then_some(Raw::Map(servers))
}

pub fn check(doc: &Document) -> Vec<Finding> {
    let mut findings = description_rules(doc);
    match doc.get("tools") {
        Some(Raw::Seq(items)) => {
            for item in items {
                match item {
                    Raw::Str(t) if ALIASES.contains(&t.as_str()) || t.contains('/') => {}
                    other => findings.push(
                        Finding::warning(
                            "unknown-tool",
                            format!("{other} is not a Copilot tool alias"),
                            format!("use {} or <server>/<tool>", ALIASES.join(", ")),
                        )
                        .at("tools"),
                    ),
                }
            }
        }
        Some(Raw::Null) | None => {}
        Some(other) => findings.push(
            Finding::error(
                "invalid-value",
                format!("`tools` must be a list, not {}", other.kind_name()),
                "write `tools: [read, search]`",
            )
            .at("tools"),
        ),
    }
    let length = doc.body.chars().count();
    if length > MAX_BODY_CHARS {
        findings.push(Finding::error(
            "body-too-long",
            format!("the body has {length} characters; Copilot reads at most {MAX_BODY_CHARS}"),
            "shorten the instructions",
        ));
    }
    findings
}
