//! Codex: `.codex/agents/<name>.toml` (user scope `~/.codex/agents/`).
//!
//! Rules, from Codex's subagent documentation
//! (developers.openai.com/codex/subagents):
//! - a custom agent is a TOML file with `name`, `description` and
//!   `developer_instructions` (the agent's instructions: agentgen's body);
//! - `model` names an OpenAI model, so it comes only from
//!   `targets: {codex: {model: ...}}`, as does `model_reasoning_effort`;
//! - `approval_policy`, `web_search`, `nickname_candidates` and
//!   `[mcp_servers.<name>]` are read too; an unknown key drops the role;
//! - `sandbox_mode` is read-only, workspace-write or danger-full-access;
//!   agentgen writes read-only when the tool list has no tool that edits
//!   files or runs commands, and otherwise leaves the session's setting.

use super::fields::{Kind, Rule, refuses};
use super::{
    Accepts, Document, Format, Spec, Target, can_write, description_rules, foreign_model,
    overridden,
};
use crate::agent::Agent;
use crate::finding::{Finding, Severity};
use crate::value::Raw;

/// Everything agentgen knows about Codex; see [`super::Spec`].
pub const SPEC: Spec = Spec {
    id: "codex",
    name: "Codex",
    format: Format::Toml,
    project_dir: ".codex/agents",
    user_dir: ".codex/agents",
    suffix: ".toml",
    found_in: &[(".codex", &["agents"])],
    fields: FIELDS,
    values: VALUES,
    unknown: (Severity::Error, "Codex drops the whole role"),
    ignored: &[],
    plugin_ignored: &[],
    overrides: OVERRIDES,
    named_colors: false,
    expresses: &["permission_mode", "mcp_servers"],
    convert,
    check,
};

pub const FIELDS: &[&str] = &[
    "name",
    "description",
    "developer_instructions",
    "nickname_candidates",
    "model",
    "model_reasoning_effort",
    "sandbox_mode",
    "approval_policy",
    "web_search",
    "mcp_servers",
    "skills",
];

const SANDBOX_MODES: &[&str] = &["read-only", "workspace-write", "danger-full-access"];
const EFFORTS: &[&str] = &["none", "minimal", "low", "medium", "high", "xhigh"];
pub const APPROVAL_POLICIES: &[&str] = &["untrusted", "on-failure", "on-request", "never"];
pub const WEB_SEARCH: &[&str] = &["disabled", "cached", "live"];

/// A bad value in any of these drops the role, like an unknown key.
pub const VALUES: &[Rule] = &[
    refuses("nickname_candidates", Kind::Names),
    refuses("sandbox_mode", Kind::OneOf(SANDBOX_MODES)),
    refuses("model_reasoning_effort", Kind::OneOf(EFFORTS)),
    refuses("approval_policy", Kind::OneOf(APPROVAL_POLICIES)),
    refuses("web_search", Kind::OneOf(WEB_SEARCH)),
];

pub const OVERRIDES: &[(&str, Accepts)] = &[
    (
        "model",
        Accepts::Text(
            |m| !m.trim().is_empty(),
            "an OpenAI model name, such as gpt-5-codex",
        ),
    ),
    ("model_reasoning_effort", Accepts::OneOf(EFFORTS)),
    ("sandbox_mode", Accepts::OneOf(SANDBOX_MODES)),
    ("approval_policy", Accepts::OneOf(APPROVAL_POLICIES)),
    ("web_search", Accepts::OneOf(WEB_SEARCH)),
    ("nickname_candidates", Accepts::Shape(Kind::Names)),
];

pub fn convert(agent: &Agent, overrides: &[(String, Raw)], notes: &mut Vec<String>) -> Document {
    let mut doc = Document::default();
    doc.push("name", Raw::Str(agent.name.clone()));
    doc.push("description", Raw::Str(agent.description.clone()));
    if let Some(model) = foreign_model(
        Target::Codex,
        agent,
        overrides,
        notes,
        "Codex uses OpenAI models",
    ) {
        doc.push("model", model);
    }
    if let Some(effort) = overridden(overrides, "model_reasoning_effort") {
        doc.push("model_reasoning_effort", effort.clone());
    }
    if let Some(names) = overridden(overrides, "nickname_candidates") {
        doc.push("nickname_candidates", names.clone());
    }
    let plan = agent.permission_mode.as_deref() == Some("plan");
    match overridden(overrides, "sandbox_mode") {
        Some(mode) => doc.push("sandbox_mode", mode.clone()),
        None if plan || !can_write(&super::effective_tools(agent)) => {
            doc.push("sandbox_mode", Raw::Str("read-only".into()))
        }
        None => {}
    }
    if agent.permission_mode.is_some() && !plan {
        notes.push("permission_mode left out: Codex sets approval_policy instead (targets.codex.approval_policy)".into());
    }
    if let Some(policy) = overridden(overrides, "approval_policy") {
        doc.push("approval_policy", policy.clone());
    }
    // A tool list without WebSearch must not gain web search here.
    let web = tools_web_search(&super::effective_tools(agent));
    if let Some(web) = overridden(overrides, "web_search").cloned().or(web) {
        doc.push("web_search", web);
    }
    if !agent.tools.is_empty() {
        notes.push("tool list left out: Codex grants tools through sandbox_mode".into());
    }
    doc.push("developer_instructions", Raw::Str(agent.body.clone()));
    // Tables come after every plain key in TOML, so they go last.
    if let Some(servers) = mcp_servers(agent, notes) {
        doc.push("mcp_servers", servers);
    }
    doc
}

/// `disabled` when a tool list leaves out WebSearch; otherwise Codex's own
/// setting.
fn tools_web_search(tools: &[String]) -> Option<Raw> {
    let searches = tools.iter().any(|t| super::tool_base(t) == "WebSearch");
    (!tools.is_empty() && !searches).then(|| Raw::Str("disabled".into()))
}

/// `[mcp_servers.<name>]` tables: `command` and `args`, or `url`; the
/// environment is passed through by name (`env_vars`), never as values.
fn mcp_servers(agent: &Agent, notes: &mut Vec<String>) -> Option<Raw> {
    let mut servers = Vec::new();
    for server in &agent.mcp_servers {
        let mut config = Vec::new();
        if let Some(command) = &server.command {
            config.push(("command".to_owned(), Raw::Str(command.clone())));
            let args = server.args.iter().cloned().map(Raw::Str).collect();
            config.push(("args".to_owned(), Raw::Seq(args)));
        } else if let Some(url) = &server.url {
            config.push(("url".to_owned(), Raw::Str(url.clone())));
        } else {
            notes.push(format!(
                "MCP server {} left out: Codex needs its command or url",
                server.name
            ));
            continue;
        }
        if !server.env.is_empty() {
            let names = server.env.iter().cloned().map(Raw::Str).collect();
            config.push(("env_vars".to_owned(), Raw::Seq(names)));
        }
        servers.push((server.name.clone(), Raw::Map(config)));
    }
    (!servers.is_empty()).then_some(Raw::Map(servers))
}

pub fn check(doc: &Document) -> Vec<Finding> {
    let mut findings = description_rules(doc);
    match doc.get("name") {
        Some(Raw::Str(n)) if !n.trim().is_empty() => {}
        _ => findings.push(Finding::error(
            "missing-name",
            "there is no `name`",
            "add `name = \"...\"`",
        )),
    }
    match doc.get("developer_instructions") {
        Some(Raw::Str(i)) if !i.trim().is_empty() => {}
        Some(Raw::Str(_)) => findings.push(Finding::warning(
            "empty-body",
            "`developer_instructions` is empty, so the agent has no instructions",
            "write the agent's instructions",
        )),
        _ => findings.push(Finding::error(
            "missing-instructions",
            "there is no `developer_instructions`",
            "add the agent's instructions as `developer_instructions`",
        )),
    }
    findings
}
