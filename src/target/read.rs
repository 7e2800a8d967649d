//! Reading an existing agent file back into a neutral [`Agent`], for
//! `agentgen convert`. The file is read leniently, as `lint` reads it, in
//! whatever format its folder says; every field the neutral agent can
//! hold is taken, in Claude Code's vocabulary, and what cannot be taken
//! (a foreign model id, a field no question asks) is noted, never
//! dropped silently.

use super::{Target, tool_base};
use crate::agent::{Agent, Hook, McpServer};
use crate::agent_file::Document;
use crate::value::Raw;

/// The agent a parsed file describes, with notes on what was not taken.
/// `stem` names the agent when the file has no `name` (OpenCode).
pub fn agent(source: Target, doc: &Document, stem: &str) -> (Agent, Vec<super::Note>) {
    let mut notes = Vec::new();
    let text = |key: &str| {
        doc.str(key)
            .map(str::to_owned)
            .filter(|s| !s.trim().is_empty())
    };
    let mut agent = Agent {
        name: text("name").unwrap_or_else(|| stem.to_owned()),
        description: text("description").unwrap_or_default(),
        body: match source {
            Target::Codex => text("developer_instructions").unwrap_or_default(),
            _ => doc.body.trim_start_matches('\n').to_owned(),
        },
        ..Agent::default()
    };
    match source {
        Target::Claude => claude_fields(&mut agent, doc),
        other => {
            let taken = ["name", "description", "developer_instructions"];
            let left: Vec<&str> = (doc.fields.iter())
                .map(|(k, _)| k.as_str())
                .filter(|k| !taken.contains(k))
                .collect();
            if !left.is_empty() {
                let why = format!(
                    "they are {}'s own; set them again under targets:",
                    other.name()
                );
                let left = left.into_iter().map(str::to_owned).collect();
                notes.push(super::Note::not_converted(left, why));
            }
        }
    }
    (agent, notes)
}

/// A comma-separated string or a list, as Claude Code takes tool lists.
fn names(raw: Option<&Raw>) -> Vec<String> {
    match raw {
        Some(Raw::Str(s)) => split_tools(s),
        Some(Raw::Seq(items)) => items
            .iter()
            .filter_map(|i| match i {
                Raw::Str(s) => Some(s.trim().to_owned()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// Splits `Read, Bash(git diff:*), Grep` at the commas outside brackets.
fn split_tools(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(list[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(list[start..].trim().to_owned());
    out.retain(|t| !t.is_empty() && !tool_base(t).is_empty());
    out
}

fn claude_fields(agent: &mut Agent, doc: &Document) {
    let text = |key: &str| doc.str(key).map(str::to_owned);
    let int = |key: &str| match doc.get(key) {
        Some(Raw::Int(n)) => Some(*n),
        _ => None,
    };
    let flag = |key: &str| match doc.get(key) {
        Some(Raw::Bool(b)) => Some(*b),
        _ => None,
    };
    agent.tools = names(doc.get("tools"));
    agent.disallowed_tools = names(doc.get("disallowedTools"));
    agent.model = text("model");
    agent.color = text("color");
    agent.permission_mode = text("permissionMode");
    agent.max_turns = int("maxTurns").and_then(|n| u32::try_from(n).ok());
    agent.effort = match doc.get("effort") {
        Some(Raw::Int(n)) => Some(n.to_string()),
        Some(Raw::Str(s)) => Some(s.clone()),
        _ => None,
    };
    agent.skills = names(doc.get("skills"));
    agent.mcp_servers = servers(doc.get("mcpServers"));
    agent.hooks = hooks(doc.get("hooks"));
    agent.memory_scope = text("memory");
    agent.initial_prompt = text("initialPrompt");
    agent.background = flag("background");
    agent.omit_claude_md = flag("omitClaudeMd");
    agent.isolation = text("isolation");
    agent.auto_compact_window = int("autoCompactWindow").and_then(|n| u64::try_from(n).ok());
}

fn servers(raw: Option<&Raw>) -> Vec<McpServer> {
    let Some(Raw::Seq(items)) = raw else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Raw::Str(name) => out.push(McpServer {
                name: name.clone(),
                ..McpServer::default()
            }),
            Raw::Map(entries) => {
                for (name, config) in entries {
                    let get = |key: &str| match config {
                        Raw::Map(c) => c.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                        _ => None,
                    };
                    let text = |key: &str| match get(key) {
                        Some(Raw::Str(s)) => Some(s.clone()),
                        _ => None,
                    };
                    // Only variable names are kept: a literal secret in
                    // the source is never copied into another file.
                    let env = match get("env") {
                        Some(Raw::Map(vars)) => vars.iter().map(|(k, _)| k.clone()).collect(),
                        _ => Vec::new(),
                    };
                    out.push(McpServer {
                        name: name.clone(),
                        command: text("command"),
                        args: names(get("args")),
                        env,
                        url: text("url"),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn hooks(raw: Option<&Raw>) -> Vec<Hook> {
    let Some(Raw::Map(events)) = raw else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (event, matchers) in events {
        let Raw::Seq(matchers) = matchers else {
            continue;
        };
        for matcher in matchers {
            let Raw::Map(m) = matcher else { continue };
            let get = |key: &str| m.iter().find(|(k, _)| k == key).map(|(_, v)| v);
            let pattern = match get("matcher") {
                Some(Raw::Str(s)) if !s.is_empty() => Some(s.clone()),
                _ => None,
            };
            let Some(Raw::Seq(commands)) = get("hooks") else {
                continue;
            };
            for command in commands {
                let Raw::Map(c) = command else { continue };
                if let Some((_, Raw::Str(cmd))) = c.iter().find(|(k, _)| k == "command") {
                    out.push(Hook {
                        event: event.clone(),
                        matcher: pattern.clone(),
                        command: cmd.clone(),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_lists_split_outside_brackets() {
        assert_eq!(
            split_tools("Read, Bash(git diff:*, x), Grep"),
            ["Read", "Bash(git diff:*, x)", "Grep"]
        );
    }
}
