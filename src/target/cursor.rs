//! Cursor: `.cursor/agents/<name>.md` (user scope `~/.cursor/agents/`).
//!
//! Rules, from Cursor's subagent documentation
//! (cursor.com/docs/agent/subagents):
//! - `name` and `description` say who the agent is and when to use it;
//! - `model` is `inherit` (the parent's model, the default agentgen
//!   writes), `fast`, or a model id; Claude aliases other than `inherit` are
//!   not Cursor model names, so another model comes only from
//!   `targets: {cursor: {model: ...}}`;
//! - Cursor has no per-tool list; `readonly: true` keeps an agent from
//!   writing, and agentgen sets it when the tool list has no tool that
//!   edits files or runs commands.

use super::{Accepts, Document, Format, Spec, Target, can_write, description_rules, foreign_model};
use crate::agent::Agent;
use crate::finding::{Finding, Severity};
use crate::value::Raw;

/// Everything agentgen knows about Cursor; see [`super::Spec`].
pub const SPEC: Spec = Spec {
    id: "cursor",
    name: "Cursor",
    format: Format::Markdown,
    project_dir: ".cursor/agents",
    user_dir: ".cursor/agents",
    suffix: ".md",
    found_in: &[(".cursor", &["agents"])],
    fields: FIELDS,
    values: &[],
    unknown: (Severity::Warning, "Cursor ignores it"),
    ignored: &[],
    plugin_ignored: &[],
    overrides: OVERRIDES,
    named_colors: false,
    expresses: &["permission_mode", "background"],
    convert,
    check,
};

pub const FIELDS: &[&str] = &["name", "description", "model", "readonly", "is_background"];

pub const OVERRIDES: &[(&str, Accepts)] = &[(
    "model",
    Accepts::Text(
        |m| !m.trim().is_empty(),
        "inherit, fast or a Cursor model id",
    ),
)];

pub fn convert(
    agent: &Agent,
    overrides: &[(String, Raw)],
    notes: &mut Vec<super::Note>,
) -> Document {
    let mut doc = Document::default();
    doc.push("name", Raw::Str(agent.name.clone()));
    doc.push("description", Raw::Str(agent.description.clone()));
    let why = "Cursor names its models differently, so it inherits the parent's";
    let model = foreign_model(Target::Cursor, agent, overrides, notes, why);
    doc.push("model", model.unwrap_or_else(|| Raw::Str("inherit".into())));
    // Plan mode, or no tool that writes, is Cursor's read-only agent.
    let plan = agent.permission_mode.as_deref() == Some("plan");
    if plan || !can_write(&super::effective_tools(agent)) {
        doc.push("readonly", Raw::Bool(true));
    }
    if agent.permission_mode.is_some() && !plan {
        let why = "Cursor has only readonly";
        notes.push(super::Note::left_out(
            &["permission_mode"],
            Vec::new(),
            "permission_mode",
            why,
        ));
    }
    if let Some(background) = agent.background {
        doc.push("is_background", Raw::Bool(background));
    }
    if !agent.tools.is_empty() {
        let why = "Cursor grants tools as a whole (readonly says whether it may write)";
        notes.push(super::Note::left_out(
            &["tools"],
            Vec::new(),
            "tool list",
            why,
        ));
    }
    doc.body = agent.body.clone();
    doc
}

pub fn check(doc: &Document) -> Vec<Finding> {
    let mut findings = description_rules(doc);
    for key in ["readonly", "is_background"] {
        match doc.get(key) {
            None | Some(Raw::Bool(_)) => {}
            Some(other) => findings.push(
                Finding::error(
                    "invalid-value",
                    format!("`{key}` must be true or false, not {other}"),
                    "write true or false",
                )
                .at(key),
            ),
        }
    }
    findings
}
