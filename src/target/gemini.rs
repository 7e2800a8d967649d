//! Gemini CLI: `.gemini/agents/<name>.md` (user scope `~/.gemini/agents/`).
//!
//! Rules, from Gemini CLI's subagent documentation
//! (github.com/google-gemini/gemini-cli, docs/core/subagents.md) and its
//! tool names (packages/core/src/tools/definitions):
//! - `name` (lowercase letters, digits, hyphens and underscores) and
//!   `description` are required; `kind: local` runs the agent in the CLI;
//! - `tools` lists Gemini tool names (read_file, grep_search, glob,
//!   list_directory, write_file, replace, run_shell_command, web_fetch,
//!   google_web_search, write_todos, ...); omitted, the agent inherits every
//!   tool;
//! - `model` names a Gemini model, `temperature` is 0 to 2, `max_turns` a
//!   positive whole number (also from the agent's max_turns),
//!   `timeout_mins` and `display_name`; the others come only from
//!   `targets: {gemini: {...}}`, since Claude aliases are not Gemini models;
//! - `mcp_servers` (not `mcpServers`) maps names to servers;
//! - its schema is strict: one unknown key, or the `save_memory` tool,
//!   and the whole file is refused.

use super::fields::{Kind, Rule, refuses};
use super::{
    Accepts, Document, Format, Spec, Target, description_rules, foreign_model, mapped_tools,
    overridden, tool_base,
};
use crate::agent::Agent;
use crate::finding::{Finding, Severity};
use crate::value::Raw;

/// Everything agentgen knows about Gemini CLI; see [`super::Spec`].
pub const SPEC: Spec = Spec {
    id: "gemini",
    name: "Gemini CLI",
    format: Format::Markdown,
    project_dir: ".gemini/agents",
    user_dir: ".gemini/agents",
    suffix: ".md",
    found_in: &[(".gemini", &["agents"])],
    fields: FIELDS,
    values: VALUES,
    // Its frontmatter schema is strict: one key it does not know, and the
    // file is refused.
    unknown: (Severity::Error, "Gemini CLI refuses the whole file"),
    ignored: &[],
    plugin_ignored: &[],
    overrides: OVERRIDES,
    named_colors: false,
    expresses: &["disallowed_tools", "max_turns", "mcp_servers"],
    convert,
    check,
};

pub const FIELDS: &[&str] = &[
    "name",
    "description",
    "display_name",
    "kind",
    "tools",
    "mcp_servers",
    "model",
    "temperature",
    "max_turns",
    "timeout_mins",
];

pub const OVERRIDES: &[(&str, Accepts)] = &[
    (
        "model",
        Accepts::Text(
            |m| !m.trim().is_empty(),
            "a Gemini model name, such as gemini-2.5-pro",
        ),
    ),
    ("temperature", Accepts::Number(0.0, 2.0)),
    ("max_turns", Accepts::Count(1)),
    ("timeout_mins", Accepts::Shape(Kind::IntAtLeast(1))),
    ("display_name", Accepts::Shape(Kind::Text)),
];

const TOOLS: &[&str] = &[
    "read_file",
    "read_many_files",
    "grep_search",
    "search_file_content",
    "glob",
    "list_directory",
    "write_file",
    "replace",
    "run_shell_command",
    "web_fetch",
    "google_web_search",
    "write_todos",
];

/// Tools Gemini CLI has but refuses in an agent's list.
const REFUSED_TOOLS: &[&str] = &["save_memory"];

/// A bad value in any of these makes Gemini CLI refuse the file.
pub const VALUES: &[Rule] = &[
    refuses("display_name", Kind::Text),
    refuses("temperature", Kind::Number(0.0, 2.0)),
    refuses("max_turns", Kind::IntAtLeast(1)),
    refuses("timeout_mins", Kind::IntAtLeast(1)),
];

fn gemini_tool(tool: &str) -> Option<String> {
    Some(
        match tool_base(tool) {
            "Read" | "NotebookRead" => "read_file",
            "Write" => "write_file",
            "Edit" | "MultiEdit" => "replace",
            "Grep" => "grep_search",
            "Glob" => "glob",
            "LS" => "list_directory",
            "Bash" | "BashOutput" | "KillBash" | "KillShell" => "run_shell_command",
            "WebFetch" => "web_fetch",
            "WebSearch" => "google_web_search",
            "TodoWrite" => "write_todos",
            _ => return None,
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
    if let Some(display) = overridden(overrides, "display_name") {
        doc.push("display_name", display.clone());
    }
    doc.push("kind", Raw::Str("local".into()));
    if let Some(tools) = tools(agent, notes) {
        doc.push("tools", tools);
    }
    if let Some(servers) = mcp_servers(agent, notes) {
        doc.push("mcp_servers", servers);
    }
    let why = "Gemini CLI uses Gemini models";
    if let Some(model) = foreign_model(Target::Gemini, agent, overrides, notes, why) {
        doc.push("model", model);
    }
    if let Some(t) = overridden(overrides, "temperature") {
        doc.push("temperature", t.clone());
    }
    let turns = agent.max_turns.map(|n| Raw::Int(n.into()));
    if let Some(turns) = overridden(overrides, "max_turns").cloned().or(turns) {
        doc.push("max_turns", turns);
    }
    if let Some(t) = overridden(overrides, "timeout_mins") {
        doc.push("timeout_mins", t.clone());
    }
    doc.body = agent.body.clone();
    doc
}

/// The tool list: the tools the agent really has (its list less what it
/// disallows), in Gemini's names.
fn tools(agent: &Agent, notes: &mut Vec<super::Note>) -> Option<Raw> {
    let tools = super::effective_tools(agent);
    (!tools.is_empty()).then(|| mapped_tools(Target::Gemini, &tools, gemini_tool, notes))
}

/// `mcp_servers`: a map of server names to their settings; a server known
/// only by name is configured elsewhere, which Gemini cannot refer to.
fn mcp_servers(agent: &Agent, notes: &mut Vec<super::Note>) -> Option<Raw> {
    let mut servers = Vec::new();
    for server in &agent.mcp_servers {
        match super::claude_fields::server_config(server, "type", "http") {
            Some(Raw::Map(mut config)) => {
                // Gemini names the URL of a streamable HTTP server httpUrl.
                if server.url.is_some() {
                    config.retain(|(k, _)| k != "type");
                    for entry in config.iter_mut().filter(|(k, _)| k == "url") {
                        entry.0 = "httpUrl".into();
                    }
                }
                servers.push((server.name.clone(), Raw::Map(config)));
            }
            _ => notes.push(super::Note::left_out(
                &["mcp_servers"],
                vec![server.name.clone()],
                format!("MCP server {}", server.name),
                "Gemini CLI needs its command or url",
            )),
        }
    }
    (!servers.is_empty()).then_some(Raw::Map(servers))
}

pub fn check(doc: &Document) -> Vec<Finding> {
    let mut findings = description_rules(doc);
    match doc.get("name") {
        Some(Raw::Str(name))
            if !name.is_empty()
                && name.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                }) => {}
        Some(other) => findings.push(
            Finding::error(
                "invalid-name",
                format!(
                    "the name {other} is not lowercase letters, digits, hyphens and underscores"
                ),
                "rename the agent",
            )
            .at("name"),
        ),
        None => findings.push(Finding::error(
            "missing-name",
            "there is no `name`",
            "add `name:`",
        )),
    }
    match doc.get("kind") {
        Some(Raw::Str(k)) if k == "local" || k == "remote" => {}
        None => {}
        Some(other) => findings.push(
            Finding::error(
                "invalid-value",
                format!("kind {other} is not local or remote"),
                "use `kind: local`",
            )
            .at("kind"),
        ),
    }
    if let Some(Raw::Seq(items)) = doc.get("tools") {
        for item in items {
            match item {
                Raw::Str(t) if TOOLS.contains(&t.as_str()) || t.starts_with("mcp_") || t == "*" => {
                }
                Raw::Str(t) if REFUSED_TOOLS.contains(&t.as_str()) => findings.push(
                    Finding::error(
                        "refused-tool",
                        format!("Gemini CLI refuses an agent that lists {t}"),
                        format!("remove {t} from `tools`"),
                    )
                    .at("tools"),
                ),
                other => findings.push(
                    Finding::warning(
                        "unknown-tool",
                        format!("{other} is not a Gemini CLI tool"),
                        "use Gemini CLI's tool names",
                    )
                    .at("tools"),
                ),
            }
        }
    }
    findings
}
