//! Claude Code: `.claude/agents/<name>.md` (user scope `~/.claude/agents/`).
//!
//! Rules, from Claude Code's subagent documentation
//! (code.claude.com/docs/en/sub-agents) and from how its loader behaves
//! (DESIGN.md):
//! - `name` and `description` are required; a file without a description
//!   is skipped silently. Names are lowercase letters, digits and hyphens.
//! - `tools` is a comma-separated string of tool names; omitted, the agent
//!   inherits every tool. A list in which no tool exists stops the agent
//!   from launching.
//! - `model` is `sonnet`, `opus`, `haiku`, `inherit` or a full model id.
//! - `color` is one of eight names.
//! - the other subagent fields (disallowedTools, permissionMode, maxTurns,
//!   skills, mcpServers, hooks, memory, background, isolation, effort,
//!   initialPrompt, omitClaudeMd, autoCompactWindow) are in [`VALUES`] and
//!   [`super::claude_fields`]: a bad value is ignored, except hooks, which
//!   stop the agent from loading (`hooks: []` removes it). Unknown keys
//!   load with a warning; a plugin's agents ignore permissionMode, hooks,
//!   mcpServers and initialPrompt.
//! - The frontmatter ends at the first `---`, even inside a quoted value,
//!   and a literal backslash-n in a value becomes a line break.

use super::claude_fields::{check_hooks, check_mcp_servers, hooks, mcp_servers};
use super::fields::{Kind, Rule, ignores};
use super::{Access, Document, Format, Spec, access, tool_base};
use crate::agent::Agent;
use crate::finding::{Finding, Severity};
use crate::names;
use crate::value::{Raw, quoted};

pub const MODELS: &[&str] = &["sonnet", "opus", "haiku", "inherit"];
pub const COLORS: &[&str] = &[
    "red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan",
];

/// Claude Code's tools today.
pub const TOOLS: &[&str] = &[
    "Agent",
    "AskUserQuestion",
    "Bash",
    "BashOutput",
    "Edit",
    "ExitPlanMode",
    "Glob",
    "Grep",
    "KillShell",
    "Monitor",
    "NotebookEdit",
    "Read",
    "Skill",
    "SlashCommand",
    "Task",
    "TaskStop",
    "TodoWrite",
    "WebFetch",
    "WebSearch",
    "Write",
];

/// Tools Claude Code renamed; both names still work and mean one tool.
pub const RENAMED: &[(&str, &str)] = &[("Task", "Agent"), ("KillShell", "TaskStop")];

/// Tools Claude Code no longer has, with what replaced them.
pub const RETIRED_TOOLS: &[(&str, &str)] = &[
    ("MultiEdit", "Edit"),
    ("LS", "Glob or Bash(ls:*)"),
    ("NotebookRead", "Read"),
    ("KillBash", "KillShell"),
];

/// Everything agentgen knows about Claude Code; see [`super::Spec`].
pub const SPEC: Spec = Spec {
    id: "claude",
    name: "Claude Code",
    format: Format::Markdown,
    project_dir: ".claude/agents",
    user_dir: ".claude/agents",
    suffix: ".md",
    found_in: &[(".claude", &["agents"])],
    fields: FIELDS,
    values: VALUES,
    unknown: (
        Severity::Warning,
        "Claude Code loads the agent but does not recognize or apply it",
    ),
    ignored: &[],
    plugin_ignored: &["permissionMode", "hooks", "mcpServers", "initialPrompt"],
    overrides: &[],
    named_colors: true,
    expresses: &[
        "disallowed_tools",
        "permission_mode",
        "max_turns",
        "effort",
        "skills",
        "mcp_servers",
        "hooks",
        "memory_scope",
        "initial_prompt",
        "background",
        "omit_claude_md",
        "isolation",
        "auto_compact_window",
    ],
    convert: |agent, _, notes| convert(agent, notes),
    check,
};

pub const FIELDS: &[&str] = &[
    "name",
    "description",
    "tools",
    "disallowedTools",
    "model",
    "color",
    "permissionMode",
    "maxTurns",
    "skills",
    "mcpServers",
    "hooks",
    "memory",
    "background",
    "isolation",
    "effort",
    "initialPrompt",
    "omitClaudeMd",
    "autoCompactWindow",
];

pub const EFFORTS: &[&str] = &["low", "medium", "high", "xhigh", "max"];
pub const PERMISSION_MODES: &[&str] = &[
    "default",
    "acceptEdits",
    "plan",
    "auto",
    "dontAsk",
    "bypassPermissions",
];
pub const MEMORY_SCOPES: &[&str] = &["user", "project", "local"];
pub const ISOLATIONS: &[&str] = &["worktree", "remote"];
/// The smallest `autoCompactWindow` Claude Code takes without a warning.
pub const MIN_COMPACT_WINDOW: i64 = 100_000;

/// What each field's value must be. Claude Code loads an agent with a bad
/// value and ignores the value (hooks and tools, checked in [`check`], are
/// the exceptions that stop the agent).
pub const VALUES: &[Rule] = &[
    ignores("disallowedTools", Kind::NameList),
    ignores("effort", Kind::OneOfOrInt(EFFORTS)),
    ignores("permissionMode", Kind::OneOf(PERMISSION_MODES)),
    ignores("maxTurns", Kind::IntAtLeast(1)),
    ignores("skills", Kind::NameList),
    ignores("memory", Kind::OneOf(MEMORY_SCOPES)),
    ignores("initialPrompt", Kind::Text),
    ignores("background", Kind::Bool),
    ignores("omitClaudeMd", Kind::Bool),
    ignores("isolation", Kind::OneOf(ISOLATIONS)),
    ignores("autoCompactWindow", Kind::IntAtLeast(MIN_COMPACT_WINDOW)),
];

pub fn convert(agent: &Agent, _notes: &mut Vec<super::Note>) -> Document {
    let mut doc = Document::default();
    let text = |s: &Option<String>| s.clone().map(Raw::Str);
    let names = |items: &[String]| (!items.is_empty()).then(|| Raw::Str(items.join(", ")));
    let list = |items: &[String]| {
        (!items.is_empty()).then(|| Raw::Seq(items.iter().cloned().map(Raw::Str).collect()))
    };
    // An effort is a word or a number, and Claude Code reads a number as one.
    let effort = agent.effort.as_ref().map(|e| match e.parse::<i64>() {
        Ok(n) => Raw::Int(n),
        Err(_) => Raw::Str(e.clone()),
    });
    let fields = [
        ("name", Some(Raw::Str(agent.name.clone()))),
        ("description", Some(Raw::Str(agent.description.clone()))),
        ("tools", names(&agent.tools)),
        ("disallowedTools", names(&agent.disallowed_tools)),
        ("model", text(&agent.model)),
        ("color", text(&agent.color)),
        ("permissionMode", text(&agent.permission_mode)),
        ("maxTurns", agent.max_turns.map(|n| Raw::Int(n.into()))),
        ("skills", list(&agent.skills)),
        ("mcpServers", mcp_servers(agent)),
        ("hooks", hooks(agent)),
        ("memory", text(&agent.memory_scope)),
        ("background", agent.background.map(Raw::Bool)),
        ("isolation", text(&agent.isolation)),
        ("effort", effort),
        ("initialPrompt", text(&agent.initial_prompt)),
        ("omitClaudeMd", agent.omit_claude_md.map(Raw::Bool)),
        (
            "autoCompactWindow",
            agent
                .auto_compact_window
                .and_then(|n| i64::try_from(n).ok())
                .map(Raw::Int),
        ),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            doc.push(key, value);
        }
    }
    doc.body = agent.body.clone();
    doc
}

pub fn check(doc: &Document) -> Vec<Finding> {
    let mut findings = Vec::new();
    match doc.get("name") {
        None => findings.push(Finding::error(
            "missing-name",
            "there is no `name`",
            "add `name:` with the agent's name in lowercase letters, digits and hyphens",
        )),
        Some(Raw::Str(name)) => {
            if let Some(reason) = names::problem(name) {
                let hint = match names::suggest(name) {
                    Some(s) => format!("use `{s}`"),
                    None => "use lowercase letters, digits and single hyphens".into(),
                };
                findings.push(
                    Finding::error(
                        "invalid-name",
                        format!("the name '{}' is invalid: {reason}", quoted(name)),
                        hint,
                    )
                    .at("name"),
                );
            }
        }
        Some(other) => findings.push(
            Finding::error(
                "invalid-name",
                format!("`name` must be text, not {}", other.kind_name()),
                "quote it",
            )
            .at("name"),
        ),
    }
    findings.extend(check_description(doc));
    if let Some(tools) = doc.get("tools") {
        findings.extend(check_tools(tools));
    }
    if let Some(hooks) = doc.get("hooks") {
        findings.extend(check_hooks(hooks));
    }
    if let Some(servers) = doc.get("mcpServers") {
        findings.extend(check_mcp_servers(servers));
    }
    match doc.get("model") {
        Some(Raw::Str(model)) if !is_model(model) => findings.push(
            Finding::warning(
                "unknown-model",
                format!("'{}' is not a Claude Code model", quoted(model)),
                format!(
                    "use {} or a full model id such as claude-sonnet-4-5",
                    MODELS.join(", ")
                ),
            )
            .at("model"),
        ),
        _ => {}
    }
    match doc.get("color") {
        Some(Raw::Str(color)) if !COLORS.contains(&color.as_str()) => findings.push(
            Finding::warning(
                "unknown-color",
                format!("'{}' is not a Claude Code colour", quoted(color)),
                format!("use one of {}", COLORS.join(", ")),
            )
            .at("color"),
        ),
        _ => {}
    }
    findings
}

/// A description must be there and not empty, and a literal backslash-n
/// reads differently in Claude Code (a line break) and everywhere else.
pub fn check_description(doc: &Document) -> Vec<Finding> {
    match doc.get("description") {
        None | Some(Raw::Null) => vec![Finding::error(
            "missing-description",
            "there is no `description`; Claude Code skips such an agent without a word",
            "add `description:` saying when to use the agent",
        )],
        Some(Raw::Str(d)) if d.trim().is_empty() => vec![
            Finding::error(
                "missing-description",
                "the description is empty; Claude Code skips such an agent without a word",
                "say when to use the agent",
            )
            .at("description"),
        ],
        Some(Raw::Str(d)) if d.contains("\\n") => vec![
            Finding::warning(
                "literal-newline",
                "the description holds a literal \\n, which Claude Code turns into a line break and other tools show as is",
                "use a real line break in a quoted value (`agentgen lint --fix --fix-newlines` does it)",
            )
            .at("description"),
        ],
        Some(Raw::Str(_)) => Vec::new(),
        Some(other) => vec![
            Finding::error(
                "missing-description",
                format!("`description` must be text, not {}", other.kind_name()),
                "quote it",
            )
            .at("description"),
        ],
    }
}

pub(crate) fn check_tools(tools: &Raw) -> Vec<Finding> {
    let names: Vec<String> = match tools {
        Raw::Str(list) => list
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        Raw::Seq(items) => items
            .iter()
            .filter_map(|i| match i {
                Raw::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        Raw::Null => return Vec::new(),
        other => {
            return vec![
                Finding::error(
                    "no-valid-tools",
                    format!(
                        "`tools` must be a comma-separated list, not {}",
                        other.kind_name()
                    ),
                    "write `tools: Read, Grep, Glob`",
                )
                .at("tools"),
            ];
        }
    };
    let mut findings = Vec::new();
    let mut valid = 0;
    for tool in &names {
        let base = tool_base(tool);
        if TOOLS.contains(&base) || base == "*" || access(tool) == Access::Mcp {
            valid += 1;
        } else if let Some((_, instead)) = RETIRED_TOOLS.iter().find(|(old, _)| *old == base) {
            findings.push(
                Finding::warning(
                    "unknown-tool",
                    format!("{base} is no longer a Claude Code tool"),
                    format!("use {instead}"),
                )
                .at("tools"),
            );
        } else {
            let hint = match crate::question::closest(base, TOOLS.iter().copied()) {
                Some(c) => format!("did you mean {c}?"),
                None => format!("Claude Code's tools are {}", TOOLS.join(", ")),
            };
            findings.push(
                Finding::warning(
                    "unknown-tool",
                    format!("{} is not a Claude Code tool", quoted(base)),
                    hint,
                )
                .at("tools"),
            );
        }
    }
    if !names.is_empty() && valid == 0 {
        findings.push(
            Finding::error(
                "no-valid-tools",
                "none of the listed tools exists, and Claude Code refuses to launch such an agent",
                "list real tools, or remove `tools` to give the agent every tool",
            )
            .at("tools"),
        );
    }
    findings
}

/// An alias Claude Code knows, or a full model id (`claude-` followed by
/// lowercase letters, digits, dots and hyphens).
pub fn is_model(model: &str) -> bool {
    MODELS.contains(&model)
        || model.strip_prefix("claude-").is_some_and(|id| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::target::{Overrides, Target};

    fn agent() -> Agent {
        Agent {
            name: "backend-architect".into(),
            description: "Use it: when --- things\nbreak".into(),
            tools: vec!["Read".into(), "Bash(git diff:*)".into()],
            model: Some("sonnet".into()),
            color: Some("blue".into()),
            body: "You are.\n".into(),
            ..Agent::default()
        }
    }

    fn render(agent: &Agent) -> crate::error::Result<String> {
        Target::Claude
            .render(agent, &Overrides::default())
            .map(|r| r.text)
    }

    #[test]
    fn fields_are_in_claude_order_and_read_back() {
        let text = render(&agent()).unwrap();
        let keys: Vec<&str> = text
            .lines()
            .skip(1)
            .take(5)
            .map(|l| l.split(':').next().unwrap())
            .collect();
        assert_eq!(keys, ["name", "description", "tools", "model", "color"]);
        assert!(text.contains("tools: Read, Bash(git diff:*)\n"), "{text}");
        assert!(text.ends_with("---\n\nYou are.\n"));
        assert_eq!(text.matches("---").count(), 2, "{text}");
    }

    #[test]
    fn empty_fields_are_omitted() {
        let mut a = agent();
        a.tools.clear();
        a.model = None;
        a.color = None;
        let text = render(&a).unwrap();
        assert!(!text.contains("tools:") && !text.contains("model:") && !text.contains("color:"));
    }

    #[test]
    fn an_agent_that_would_not_load_is_refused() {
        let mut a = agent();
        a.description = " ".into();
        a.tools = vec!["Nonsense".into()];
        let Err(Error::InvalidAgent { problems, .. }) = render(&a) else {
            panic!()
        };
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn model_ids() {
        assert!(is_model("claude-sonnet-4-5-20250929"));
        assert!(is_model("inherit"));
        assert!(!is_model("claude-"));
        assert!(!is_model("Claude-Opus"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Whatever the strings, the frontmatter reads back identical with
        /// a strict parser (serde_yaml, used directly) and holds no `---`.
        #[test]
        fn any_strings_read_back_identical(
            description in "\\PC*[^\\s]\\PC*|(?s).*[a-z].*",
            tools in proptest::collection::vec("[A-Z][a-z]{0,6}\\([^,\\n\\r()]*\\)", 0..5),
            name in "[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,4}){0,3}",
            body in "(?s).*",
        ) {
            let mut tools = tools;
            tools.push("Read".into());
            let agent = Agent {
                name,
                description,
                tools,
                model: Some("claude-opus-4-1".into()),
                color: Some("cyan".into()),
                body,
                ..Agent::default()
            };
            // A NUL would make the file binary; the body is written as it
            // is, so rendering refuses it (the frontmatter escapes it).
            if agent.body.contains('\0') {
                let refused = matches!(render(&agent), Err(Error::InvalidAgent { .. }));
                proptest::prop_assert!(refused, "a NUL in the body was written");
                return Ok(());
            }
            let text = render(&agent).unwrap();
            let parts = crate::agent_file::split(&text).unwrap();
            proptest::prop_assert!(!parts.frontmatter.contains("---"));
            let parsed: serde_yaml::Mapping = serde_yaml::from_str(parts.frontmatter).unwrap();
            proptest::prop_assert_eq!(parsed.get("name").and_then(|v| v.as_str()), Some(agent.name.as_str()));
            proptest::prop_assert_eq!(parsed.get("description").and_then(|v| v.as_str()), Some(agent.description.as_str()));
            let tools = agent.tools.join(", ");
            proptest::prop_assert_eq!(parsed.get("tools").and_then(|v| v.as_str()), Some(tools.as_str()));
            proptest::prop_assert_eq!(parts.body.strip_prefix('\n'), Some(agent.body.as_str()));
        }
    }
}
