//! Claude Code tool names, and what each lets an agent do.
//!
//! Agents are written in Claude Code's tool vocabulary; targets that
//! express access more coarsely (a permission map, a read-only flag) or
//! with other names translate from it here, dropping what has no
//! counterpart with a note.

use super::Target;
use crate::value::Raw;

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

/// The tools an agent really has, for targets with only an allow list:
/// its list less its disallowed tools, or, when it has no list but
/// disallows some, every Claude Code tool less those. Empty means every
/// tool, as in Claude Code.
pub fn effective_tools(agent: &crate::agent::Agent) -> Vec<String> {
    // Disallowing a tool disallows it under its old or new name too.
    let same = |a: &str, b: &str| {
        a == b
            || super::claude::RENAMED
                .iter()
                .any(|&(old, new)| (a, b) == (old, new) || (a, b) == (new, old))
    };
    let denied = |t: &str| agent.disallowed_tools.iter().any(|d| same(d, t));
    if agent.disallowed_tools.is_empty() {
        return agent.tools.clone();
    }
    if agent.tools.is_empty() {
        return super::claude::TOOLS
            .iter()
            .filter(|t| !denied(t))
            .map(|t| (*t).to_owned())
            .collect();
    }
    agent.tools.iter().filter(|t| !denied(t)).cloned().collect()
}

/// Whether an agent with these tools can change files or run commands.
/// An empty list means every tool, so it can.
pub fn can_write(tools: &[String]) -> bool {
    tools.is_empty()
        || tools
            .iter()
            .any(|t| matches!(access(t), Access::Edit | Access::Execute))
}

/// A tool list translated name by name; tools with no counterpart are
/// left out and command patterns widened, each with a note.
pub(super) fn mapped_tools(
    target: Target,
    tools: &[String],
    map: fn(&str) -> Option<String>,
    notes: &mut Vec<super::Note>,
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
            let why = format!("{} cannot limit commands per agent", target.name());
            let what = format!("{tool} widened");
            notes.push(super::Note::adapted(
                &["tools"],
                vec![tool.clone()],
                what,
                why,
            ));
        }
    }
    if !dropped.is_empty() {
        let why = format!("{} has no such tool", target.name());
        let subject = format!("tools {}", dropped.join(", "));
        let values = dropped.iter().map(|t| (*t).to_owned()).collect();
        notes.push(super::Note::left_out(&["tools"], values, subject, why));
    }
    Raw::Seq(mapped.into_iter().map(Raw::Str).collect())
}
