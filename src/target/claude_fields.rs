//! Claude Code's structured fields, `mcpServers` and `hooks`: how an
//! agent's servers and hooks are written, and the rules the tool applies
//! when it reads them (a bad server is dropped; bad hooks stop the agent).
//! Other targets reuse [`server_config`] for their own MCP fields.

use crate::agent::{Agent, McpServer};
use crate::finding::Finding;
use crate::value::{Raw, quoted};

/// The hook events an agent's `hooks` may name.
pub const HOOK_EVENTS: &[&str] = &[
    "PreToolUse",
    "PostToolUse",
    "PostToolUseFailure",
    "Notification",
    "UserPromptSubmit",
    "Stop",
    "SubagentStart",
    "SubagentStop",
    "PreCompact",
    "SessionStart",
    "SessionEnd",
    "PermissionRequest",
];

/// `mcpServers`: a name alone, or `{name: {command, args, env}}` or
/// `{name: {type: http, url}}`; environment values are `${NAME}` references.
pub fn mcp_servers(agent: &Agent) -> Option<Raw> {
    if agent.mcp_servers.is_empty() {
        return None;
    }
    let items = agent
        .mcp_servers
        .iter()
        .map(|server| match server_config(server, "type", "http") {
            None => Raw::Str(server.name.clone()),
            Some(config) => Raw::Map(vec![(server.name.clone(), config)]),
        })
        .collect();
    Some(Raw::Seq(items))
}

/// A server's settings as most tools spell them (`command`, `args`, `env`,
/// or `url` with a transport key), or `None` for a name alone.
pub fn server_config(server: &McpServer, type_key: &str, http: &str) -> Option<Raw> {
    let mut config = Vec::new();
    if let Some(command) = &server.command {
        config.push(("command".to_owned(), Raw::Str(command.clone())));
        if !server.args.is_empty() {
            let args = server.args.iter().cloned().map(Raw::Str).collect();
            config.push(("args".to_owned(), Raw::Seq(args)));
        }
    } else if let Some(url) = &server.url {
        config.push((type_key.to_owned(), Raw::Str(http.to_owned())));
        config.push(("url".to_owned(), Raw::Str(url.clone())));
    } else {
        return None;
    }
    if !server.env.is_empty() {
        let env = server
            .env
            .iter()
            .map(|name| (name.clone(), Raw::Str(format!("${{{name}}}"))))
            .collect();
        config.push(("env".to_owned(), Raw::Map(env)));
    }
    Some(Raw::Map(config))
}

/// `hooks`: events in the order first used, each with its matchers.
pub fn hooks(agent: &Agent) -> Option<Raw> {
    let mut events: Vec<(String, Raw)> = Vec::new();
    for hook in &agent.hooks {
        let mut matcher = Vec::new();
        if let Some(m) = &hook.matcher {
            matcher.push(("matcher".to_owned(), Raw::Str(m.clone())));
        }
        let command = Raw::Map(vec![
            ("type".to_owned(), Raw::Str("command".into())),
            ("command".to_owned(), Raw::Str(hook.command.clone())),
        ]);
        matcher.push(("hooks".to_owned(), Raw::Seq(vec![command])));
        match events.iter_mut().find(|(e, _)| *e == hook.event) {
            Some((_, Raw::Seq(list))) => list.push(Raw::Map(matcher)),
            _ => events.push((hook.event.clone(), Raw::Seq(vec![Raw::Map(matcher)]))),
        }
    }
    (!events.is_empty()).then_some(Raw::Map(events))
}

/// Hooks: a map from hook events to lists of matchers, each with a list
/// of hooks. Claude Code does not load an agent whose hooks are invalid,
/// and an empty list (`hooks: []`) removes the agent altogether.
pub fn check_hooks(hooks: &Raw) -> Vec<Finding> {
    let bad = |message: String| {
        vec![
            Finding::error(
                "invalid-hooks",
                format!("{message}; Claude Code does not load this agent"),
                "write `hooks:` as a map of events (PreToolUse, PostToolUse, Stop, ...) to lists of `{matcher, hooks: [{type: command, command}]}`",
            )
            .at("hooks"),
        ]
    };
    let events = match hooks {
        Raw::Map(events) => events,
        Raw::Seq(items) if items.is_empty() => return bad("`hooks` is an empty list".into()),
        other => {
            return bad(format!(
                "`hooks` must be a map of events, not {}",
                other.kind_name()
            ));
        }
    };
    for (event, matchers) in events {
        if !HOOK_EVENTS.contains(&event.as_str()) {
            let known = match crate::question::closest(event, HOOK_EVENTS.iter().copied()) {
                Some(c) => format!(" (did you mean {c}?)"),
                None => String::new(),
            };
            return bad(format!("'{}' is not a hook event{known}", quoted(event)));
        }
        let Raw::Seq(matchers) = matchers else {
            return bad(format!("`hooks.{event}` must be a list of matchers"));
        };
        for matcher in matchers {
            if let Some(problem) = matcher_problem(matcher) {
                return bad(format!("a matcher under `hooks.{event}` {problem}"));
            }
        }
    }
    Vec::new()
}

/// What is wrong with one hook matcher, if anything.
fn matcher_problem(matcher: &Raw) -> Option<&'static str> {
    let Raw::Map(entries) = matcher else {
        return Some("is not a map");
    };
    let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    if get("matcher").is_some_and(|m| !matches!(m, Raw::Str(_))) {
        return Some("has a `matcher` that is not text");
    }
    let Some(Raw::Seq(hooks)) = get("hooks") else {
        return Some("has no `hooks` list");
    };
    let valid = |hook: &Raw| {
        let Raw::Map(fields) = hook else { return false };
        let text = |key: &str| {
            fields
                .iter()
                .any(|(k, v)| k == key && matches!(v, Raw::Str(s) if !s.trim().is_empty()))
        };
        match fields.iter().find(|(k, _)| k == "type").map(|(_, v)| v) {
            Some(Raw::Str(t)) if t == "command" => text("command"),
            Some(Raw::Str(t)) if t == "prompt" || t == "agent" => text("prompt"),
            Some(Raw::Str(t)) if t == "http" => text("url"),
            _ => false,
        }
    };
    if hooks.is_empty() || !hooks.iter().all(valid) {
        return Some("has a hook without `type: command` and a `command` (or a prompt or url)");
    }
    None
}

/// MCP servers: names of configured servers, or `{name: config}` with a
/// `command` (stdio) or a `url` (http, sse). Claude Code drops a bad item.
pub fn check_mcp_servers(servers: &Raw) -> Vec<Finding> {
    let hint = "list server names, or `- name: {command: ..., args: [...]}` / `- name: {url: ...}`";
    let Raw::Seq(items) = servers else {
        return vec![
            Finding::warning(
                "invalid-value",
                format!(
                    "`mcpServers` must be a list, not {}; Claude Code ignores it",
                    servers.kind_name()
                ),
                hint,
            )
            .at("mcpServers"),
        ];
    };
    let good = |item: &Raw| match item {
        Raw::Str(name) => !name.trim().is_empty(),
        Raw::Map(entries) => {
            entries.len() == 1
                && matches!(&entries[0].1, Raw::Map(config)
            if config.iter().any(|(k, v)| (k == "command" || k == "url") && matches!(v, Raw::Str(_))))
        }
        _ => false,
    };
    items
        .iter()
        .filter(|item| !good(item))
        .map(|item| {
            Finding::warning(
                "invalid-value",
                format!("the MCP server {item} is neither a name nor `name: {{command or url}}`; Claude Code drops it"),
                hint,
            )
            .at("mcpServers")
        })
        .collect()
}
