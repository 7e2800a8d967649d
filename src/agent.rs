//! The agent document: frontmatter data plus a markdown body.
//!
//! An [`Agent`] is built from a role and its answers: the body and the
//! description are rendered by templates, every other field is copied from
//! the answers as data. Nothing here writes YAML text; a target
//! ([`crate::target`]) turns an agent into a file, and [`crate::agent_file`]
//! reads one back.

use crate::answers::Gathered;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::names;
use crate::render::{Renderer, tidy};
use crate::role::Role;
use crate::value::{Record, Value};

/// An agent, independent of the tool that will read it. Fields are in
/// Claude Code's vocabulary; `None` or empty means "not set", and the
/// field is left out of every file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Agent {
    pub name: String,
    pub description: String,
    /// Claude Code tool names; empty means the agent inherits every tool.
    pub tools: Vec<String>,
    /// Tools taken away from whatever the agent would otherwise have.
    pub disallowed_tools: Vec<String>,
    pub model: Option<String>,
    pub color: Option<String>,
    pub permission_mode: Option<String>,
    pub max_turns: Option<u32>,
    /// low, medium, high, xhigh, max, or a number as text.
    pub effort: Option<String>,
    pub skills: Vec<String>,
    pub mcp_servers: Vec<McpServer>,
    pub hooks: Vec<Hook>,
    /// Claude Code's own agent memory: user, project or local.
    pub memory_scope: Option<String>,
    pub initial_prompt: Option<String>,
    pub background: Option<bool>,
    pub omit_claude_md: Option<bool>,
    pub isolation: Option<String>,
    pub auto_compact_window: Option<u64>,
    pub body: String,
}

impl Agent {
    /// The answers beyond name, description, tools, model and colour that
    /// this agent sets, by question key, for the dropped-field report.
    pub fn set_fields(&self) -> Vec<&'static str> {
        let fields = [
            ("disallowed_tools", !self.disallowed_tools.is_empty()),
            ("permission_mode", self.permission_mode.is_some()),
            ("max_turns", self.max_turns.is_some()),
            ("effort", self.effort.is_some()),
            ("skills", !self.skills.is_empty()),
            ("mcp_servers", !self.mcp_servers.is_empty()),
            ("hooks", !self.hooks.is_empty()),
            ("memory_scope", self.memory_scope.is_some()),
            ("initial_prompt", self.initial_prompt.is_some()),
            ("background", self.background.is_some()),
            ("omit_claude_md", self.omit_claude_md.is_some()),
            ("isolation", self.isolation.is_some()),
            ("auto_compact_window", self.auto_compact_window.is_some()),
        ];
        fields
            .into_iter()
            .filter(|(_, set)| *set)
            .map(|(k, _)| k)
            .collect()
    }
}

/// An MCP server: a name alone (configured elsewhere), a command that
/// starts it, or a URL. `env` holds variable names only; every target
/// writes them as references to the variable, never as values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct McpServer {
    pub name: String,
    pub command: Option<String>,
    pub args: Vec<String>,
    pub env: Vec<String>,
    pub url: Option<String>,
}

/// One hook: on `event`, for tools matching `matcher`, run `command`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hook {
    pub event: String,
    pub matcher: Option<String>,
    pub command: String,
}

/// Renders the agent a role describes with these answers.
pub fn build(
    role: &Role,
    gathered: &Gathered,
    renderer: &Renderer,
    catalog: &Catalog,
) -> Result<Agent> {
    let answers = &gathered.answers;
    let name = answers.str("name").unwrap_or_default().to_owned();
    names::check(&name)?;
    let ctx = &gathered.context;
    // Not trimmed: the description is the user's text, kept exactly.
    let description = renderer.render(&description_template(role, catalog), ctx)?;
    let body = tidy(&renderer.render(&role.body_template(), ctx)?);
    let text = |key: &str| {
        answers
            .str(key)
            .map(str::to_owned)
            .filter(|s| !s.trim().is_empty())
    };
    let list = |key: &str| match answers.get(key) {
        Some(Value::List(items)) => items.clone(),
        _ => Vec::new(),
    };
    let flag = |key: &str| match answers.get(key) {
        Some(Value::Bool(b)) => Some(*b),
        _ => None,
    };
    // The questions' patterns allow only digits here, within range.
    let number = |key: &str| text(key).and_then(|n| n.parse::<u64>().ok());
    let records = |key: &str| match answers.get(key) {
        Some(Value::Records(records)) => records.clone(),
        _ => Vec::new(),
    };
    Ok(Agent {
        name,
        description,
        tools: list("tools"),
        disallowed_tools: list("disallowed_tools"),
        model: text("model"),
        color: text("color"),
        permission_mode: text("permission_mode"),
        max_turns: number("max_turns").and_then(|n| u32::try_from(n).ok()),
        effort: text("effort"),
        skills: list("skills"),
        mcp_servers: records("mcp_servers").iter().map(mcp_server).collect(),
        hooks: records("hooks").iter().map(hook).collect(),
        memory_scope: text("memory_scope"),
        initial_prompt: text("initial_prompt"),
        background: flag("background"),
        omit_claude_md: flag("omit_claude_md"),
        isolation: text("isolation"),
        auto_compact_window: number("auto_compact_window"),
        body,
    })
}

/// The role's own description template, or the shared one.
fn description_template(role: &Role, catalog: &Catalog) -> String {
    let own = format!("roles/{}/description.j2", role.name);
    if catalog.has(&own) {
        own
    } else {
        "partials/description.j2".to_owned()
    }
}

/// One `mcp_servers` answer as a server.
fn mcp_server(record: &Record) -> McpServer {
    McpServer {
        name: field(record, "name").unwrap_or_default(),
        command: field(record, "command"),
        args: items(record, "args"),
        env: items(record, "env"),
        url: field(record, "url"),
    }
}

/// One `hooks` answer as a hook.
fn hook(record: &Record) -> Hook {
    Hook {
        event: field(record, "event").unwrap_or_default(),
        matcher: field(record, "matcher"),
        command: field(record, "command").unwrap_or_default(),
    }
}

/// A text field of a record answer; blank is not set.
fn field(record: &Record, key: &str) -> Option<String> {
    record
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .filter(|s| !s.trim().is_empty())
}

/// A list field of a record answer; missing is empty.
fn items(record: &Record, key: &str) -> Vec<String> {
    record
        .get(key)
        .and_then(Value::as_list)
        .map(<[String]>::to_vec)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{GivenAnswers, gather};
    use crate::prompt::NoPrompt;

    #[test]
    fn a_render_compiles_only_the_templates_it_uses() {
        let catalog = Catalog::embedded();
        let renderer = Renderer::new(catalog.clone());
        let role = Role::load(&catalog, "backend-architect").unwrap();
        let gathered = gather(&role, &GivenAnswers::default(), &mut NoPrompt, &renderer).unwrap();
        build(&role, &gathered, &renderer, &catalog).unwrap();
        assert_eq!(
            renderer.loaded_templates(),
            [
                "partials/communication.j2",
                "partials/description.j2",
                "partials/lists.j2",
                "partials/stack_note.j2",
                "roles/backend-architect/agent.md.j2"
            ],
            "insights.j2 is not compiled when insights is off"
        );
    }
}
