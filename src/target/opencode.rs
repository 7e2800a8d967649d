//! OpenCode: `.opencode/agent/<name>.md` (user scope
//! `~/.config/opencode/agent/`).
//!
//! Rules, from OpenCode's agent documentation (opencode.ai/docs/agents) and
//! its permission model (opencode.ai/docs/permissions):
//! - the file name is the agent's name, so there is no `name` field;
//! - `description` is required; `mode: subagent` makes the agent one the
//!   main agent delegates to;
//! - `model` is `provider/model-id`; a Claude alias such as `sonnet` cannot
//!   be turned into one without inventing an id, so it is taken only from
//!   `targets: {opencode: {model: ...}}` in the answers, or left out (the
//!   agent then uses OpenCode's default model);
//! - tool access is `permission`, one key per kind of tool (read, edit
//!   covering write, edit and patch, glob, grep, list, bash, task, webfetch,
//!   websearch, skill, todowrite, external_directory, ...) set to `allow`,
//!   `ask` or `deny`; `bash` may instead map command patterns to those;
//! - `color` is `#rrggbb` or a theme colour: a named colour such as `blue`
//!   breaks every OpenCode command; `steps`, `hidden` and `mode` are read;
//! - OpenCode refuses the whole configuration over one bad agent file, so
//!   every value is checked.

use super::fields::{Kind, Rule, refuses};
use super::{
    Accepts, Document, Format, Spec, Target, description_rules, foreign_model, overridden,
    tool_base,
};
use crate::agent::Agent;
use crate::finding::{Finding, Severity};
use crate::value::{Raw, quoted};

/// Everything agentgen knows about OpenCode; see [`super::Spec`].
pub const SPEC: Spec = Spec {
    id: "opencode",
    name: "OpenCode",
    format: Format::Markdown,
    project_dir: ".opencode/agent",
    user_dir: ".config/opencode/agent",
    suffix: ".md",
    found_in: &[
        (".opencode", &["agent", "agents"]),
        ("opencode", &["agent", "agents"]),
    ],
    fields: FIELDS,
    values: VALUES,
    // Unknown keys are kept as model options, not refused.
    unknown: (
        Severity::Warning,
        "OpenCode passes it to the model as an option",
    ),
    ignored: &[],
    plugin_ignored: &[],
    overrides: OVERRIDES,
    named_colors: false,
    expresses: &["color", "disallowed_tools", "permission_mode", "max_turns"],
    convert,
    check,
};

pub const FIELDS: &[&str] = &[
    "description",
    "mode",
    "model",
    "temperature",
    "top_p",
    "prompt",
    "tools",
    "permission",
    "disable",
    "hidden",
    "color",
    "maxSteps",
    "steps",
    "variant",
    "name",
];

pub const OVERRIDES: &[(&str, Accepts)] = &[
    (
        "model",
        Accepts::Text(
            is_model,
            "provider/model-id, such as anthropic/claude-sonnet-4-5",
        ),
    ),
    ("temperature", Accepts::Number(0.0, 2.0)),
    ("mode", Accepts::OneOf(MODES)),
    ("hidden", Accepts::Shape(Kind::Bool)),
    ("steps", Accepts::Shape(Kind::IntAtLeast(1))),
    (
        "color",
        Accepts::Text(is_color, "#rrggbb or a theme colour"),
    ),
];

/// Claude Code's colour names as hex, so an agent keeps its colour.
const COLOR_HEX: &[(&str, &str)] = &[
    ("red", "#ef4444"),
    ("blue", "#3b82f6"),
    ("green", "#22c55e"),
    ("yellow", "#eab308"),
    ("purple", "#a855f7"),
    ("orange", "#f97316"),
    ("pink", "#ec4899"),
    ("cyan", "#06b6d4"),
];

const MODES: &[&str] = &["primary", "subagent", "all"];

/// The theme colours an agent's `color` may name (otherwise `#rrggbb`).
pub const THEME_COLORS: &[&str] = &[
    "primary",
    "secondary",
    "accent",
    "success",
    "warning",
    "error",
    "info",
];

/// The permission keys OpenCode reads.
pub const PERMISSIONS: &[&str] = &[
    "read",
    "edit",
    "glob",
    "grep",
    "list",
    "bash",
    "task",
    "external_directory",
    "todowrite",
    "todoread",
    "webfetch",
    "websearch",
    "codesearch",
    "lsp",
    "skill",
    "doom_loop",
];

/// OpenCode validates the whole configuration, agents included, when any
/// command starts: one bad value here breaks every OpenCode command.
pub const VALUES: &[Rule] = &[
    refuses("mode", Kind::OneOf(MODES)),
    refuses("temperature", Kind::Number(0.0, 2.0)),
    refuses("top_p", Kind::Number(0.0, 1.0)),
    refuses("steps", Kind::IntAtLeast(1)),
    refuses("maxSteps", Kind::IntAtLeast(1)),
    refuses("hidden", Kind::Bool),
    refuses("disable", Kind::Bool),
];

/// A hex colour (`#rrggbb`) or a theme colour name.
pub fn is_color(color: &str) -> bool {
    THEME_COLORS.contains(&color)
        || color
            .strip_prefix('#')
            .is_some_and(|hex| hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()))
}
const ACTIONS: &[&str] = &["allow", "ask", "deny"];

fn is_model(model: &str) -> bool {
    model.split_once('/').is_some_and(|(provider, id)| {
        !provider.is_empty() && !id.is_empty() && !model.contains(char::is_whitespace)
    })
}

pub fn convert(
    agent: &Agent,
    overrides: &[(String, Raw)],
    notes: &mut Vec<super::Note>,
) -> Document {
    let mut doc = Document::default();
    doc.push("description", Raw::Str(agent.description.clone()));
    let mode = overridden(overrides, "mode").cloned();
    doc.push("mode", mode.unwrap_or_else(|| Raw::Str("subagent".into())));
    let why = "OpenCode needs provider/model-id";
    if let Some(model) = foreign_model(Target::OpenCode, agent, overrides, notes, why) {
        doc.push("model", model);
    }
    if let Some(t) = overridden(overrides, "temperature") {
        doc.push("temperature", t.clone());
    }
    let steps = agent.max_turns.map(|n| Raw::Int(n.into()));
    if let Some(steps) = overridden(overrides, "steps").cloned().or(steps) {
        doc.push("steps", steps);
    }
    if let Some(hidden) = overridden(overrides, "hidden") {
        doc.push("hidden", hidden.clone());
    }
    let color = agent.color.as_deref().and_then(|c| {
        let hex = COLOR_HEX.iter().find(|(name, _)| *name == c);
        hex.map(|(_, hex)| Raw::Str((*hex).to_owned()))
    });
    match overridden(overrides, "color").cloned().or(color) {
        Some(color) => doc.push("color", color),
        None => {
            if let Some(c) = &agent.color {
                notes.push(super::Note::left_out(
                    &["color"],
                    vec![c.clone()],
                    format!("color '{c}'"),
                    "it is not a Claude Code colour OpenCode has a hex for",
                ));
            }
        }
    }
    if let Some(permission) = permission(agent, notes) {
        doc.push("permission", permission);
    }
    doc.body = agent.body.clone();
    doc
}

/// OpenCode's permission keys and the Claude Code tools each stands for.
const PERMISSION_TOOLS: &[(&str, &[&str])] = &[
    ("read", &["Read", "NotebookRead"]),
    ("edit", &["Edit", "Write", "MultiEdit", "NotebookEdit"]),
    ("glob", &["Glob", "LS"]),
    ("grep", &["Grep"]),
    ("list", &["Glob", "LS"]),
    ("bash", &["Bash"]),
    ("task", &["Task", "Agent"]),
    ("webfetch", &["WebFetch"]),
    ("websearch", &["WebSearch"]),
    ("skill", &["Skill"]),
    ("todowrite", &["TodoWrite"]),
];

/// The `permission` block: with a tool list, every permission key is
/// allowed only when a tool it stands for is listed and denied otherwise
/// (an agent without WebSearch or Task gets neither); disallowed tools
/// and plan mode deny what they cover. `Bash(cmd:*)` entries become
/// command patterns. `None` when nothing is restricted.
fn permission(agent: &Agent, notes: &mut Vec<super::Note>) -> Option<Raw> {
    // The tools it really has: its list less what it disallows.
    let tools = &super::effective_tools(agent);
    let listed = |names: &[&str]| tools.iter().any(|t| names.contains(&tool_base(t)));
    let plan = agent.permission_mode.as_deref() == Some("plan");
    let action = |yes: bool| Raw::Str(if yes { "allow" } else { "deny" }.into());
    let mut rules = Vec::new();
    for (key, names) in PERMISSION_TOOLS {
        let read_only = plan && matches!(*key, "edit" | "bash");
        let allowed = if tools.is_empty() {
            true
        } else {
            listed(names)
        };
        let value = if *key == "bash" && allowed && !read_only {
            bash_rules(tools)
        } else {
            action(allowed && !read_only)
        };
        // With no tool list, write only what is taken away.
        if !tools.is_empty() || value == action(false) {
            rules.push(((*key).to_owned(), value));
        }
    }
    if plan {
        let what = "permission_mode plan written as edit and bash denied";
        let why = "OpenCode has no plan mode per agent";
        notes.push(super::Note::adapted(
            &["permission_mode"],
            vec!["plan".into()],
            what,
            why,
        ));
    } else if agent.permission_mode.is_some() {
        let why = "OpenCode has no permission modes per agent";
        notes.push(super::Note::left_out(
            &["permission_mode"],
            Vec::new(),
            "permission_mode",
            why,
        ));
    }
    let dropped: Vec<&str> = tools
        .iter()
        .filter(|t| {
            !PERMISSION_TOOLS
                .iter()
                .any(|(_, names)| names.contains(&tool_base(t)))
        })
        .map(String::as_str)
        .collect();
    if !dropped.is_empty() {
        let subject = format!("tools {}", dropped.join(", "));
        let values = dropped.iter().map(|t| (*t).to_owned()).collect();
        let why = "OpenCode has no permission for them";
        notes.push(super::Note::left_out(&["tools"], values, subject, why));
    }
    (!rules.is_empty()).then_some(Raw::Map(rules))
}

/// `bash`: allow for plain `Bash`, or deny all but the listed patterns.
/// `bash` for a tool list: plain allow for `Bash`; otherwise `Bash(cmd:*)`
/// entries become command patterns after a leading `"*": deny` (OpenCode
/// applies the last matching pattern). A pattern of only `*` (`Bash(*)`)
/// matches every command, so it is plain allow: as a pattern it would
/// repeat the key `"*"`. Patterns that come out the same (`Bash(git:*)`,
/// `Bash(git*)`) are written once.
fn bash_rules(tools: &[String]) -> Raw {
    let allow = |yes: bool| Raw::Str(if yes { "allow" } else { "deny" }.into());
    if tools.is_empty() || tools.iter().any(|t| t == "Bash") {
        return allow(true);
    }
    let mut patterns: Vec<String> = Vec::new();
    for pattern in tools
        .iter()
        .filter(|t| tool_base(t) == "Bash")
        .filter_map(|t| t.strip_prefix("Bash(")?.strip_suffix(')'))
        .map(|p| match p.strip_suffix(":*") {
            Some(prefix) => format!("{prefix}*"),
            None => p.to_owned(),
        })
    {
        if !patterns.contains(&pattern) {
            patterns.push(pattern);
        }
    }
    if patterns.iter().any(|p| p.chars().all(|c| c == '*')) {
        return allow(true);
    }
    let mut rules = vec![("*".to_owned(), allow(false))];
    rules.extend(patterns.into_iter().map(|p| (p, allow(true))));
    Raw::Map(rules)
}

pub fn check(doc: &Document) -> Vec<Finding> {
    let mut findings = description_rules(doc);
    match doc.get("color") {
        Some(Raw::Str(color)) if is_color(color) => {}
        None => {}
        Some(other) => findings.push(
            Finding::error(
                "invalid-value",
                format!(
                    "color {other} is not #rrggbb or a theme colour; OpenCode refuses its whole configuration, so every OpenCode command fails"
                ),
                format!("write a hex colour such as \"#3b82f6\", or one of {}", THEME_COLORS.join(", ")),
            )
            .at("color"),
        ),
    }
    match doc.get("model") {
        Some(Raw::Str(model)) if !is_model(model) => findings.push(
            Finding::error(
                "unknown-model",
                format!("model '{}' is not provider/model-id", quoted(model)),
                "write it as provider/model-id, such as anthropic/claude-sonnet-4-5",
            )
            .at("model"),
        ),
        _ => {}
    }
    if let Some(Raw::Map(rules)) = doc.get("permission") {
        for (key, _) in rules {
            if !PERMISSIONS.contains(&key.as_str()) {
                let hint = match crate::question::closest(key, PERMISSIONS.iter().copied()) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("the keys are {}", PERMISSIONS.join(", ")),
                };
                findings.push(
                    Finding::warning(
                        "unknown-permission",
                        format!("OpenCode has no permission `{}`", quoted(key)),
                        hint,
                    )
                    .at("permission"),
                );
            }
        }
        for (key, value) in rules {
            let ok = match value {
                Raw::Str(action) => ACTIONS.contains(&action.as_str()),
                Raw::Map(patterns) => patterns
                    .iter()
                    .all(|(_, v)| matches!(v, Raw::Str(a) if ACTIONS.contains(&a.as_str()))),
                _ => false,
            };
            if !ok {
                findings.push(
                    Finding::error(
                        "invalid-value",
                        format!("permission `{key}` must be allow, ask or deny"),
                        "use allow, ask or deny, or a map of command patterns to them",
                    )
                    .at("permission"),
                );
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools_become_permissions() {
        let mut notes = Vec::new();
        let tools: Vec<String> = ["Read", "Edit", "Bash(git diff:*)", "mcp__github__x"]
            .map(String::from)
            .to_vec();
        let agent = Agent {
            tools,
            ..Agent::default()
        };
        let p = permission(&agent, &mut notes).unwrap();
        let s = |v: &str| Raw::Str(v.into());
        let bash = Raw::Map(vec![
            ("*".into(), s("deny")),
            ("git diff*".into(), s("allow")),
        ]);
        let expected = Raw::Map(vec![
            ("read".into(), s("allow")),
            ("edit".into(), s("allow")),
            ("glob".into(), s("deny")),
            ("grep".into(), s("deny")),
            ("list".into(), s("deny")),
            ("bash".into(), bash),
            ("task".into(), s("deny")),
            ("webfetch".into(), s("deny")),
            ("websearch".into(), s("deny")),
            ("skill".into(), s("deny")),
            ("todowrite".into(), s("deny")),
        ]);
        assert_eq!(p, expected);
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn a_pattern_for_every_command_is_plain_allow_and_duplicates_go() {
        let bash = |tools: &[&str]| {
            let tools: Vec<String> = tools.iter().map(|t| t.to_string()).collect();
            bash_rules(&tools)
        };
        let allow = Raw::Str("allow".into());
        assert_eq!(bash(&["Bash(*)"]), allow);
        assert_eq!(bash(&["Bash(git:*)", "Bash(:*)"]), allow);
        assert_eq!(bash(&["Bash(**)"]), allow);
        assert_eq!(
            bash(&["Bash(git:*)", "Bash(git*)", "Bash(ls)"]),
            Raw::Map(vec![
                ("*".into(), Raw::Str("deny".into())),
                ("git*".into(), allow.clone()),
                ("ls".into(), allow),
            ])
        );
    }

    #[test]
    fn disallowed_tools_and_plan_mode_are_denied() {
        let mut notes = Vec::new();
        let agent = Agent {
            disallowed_tools: vec!["WebSearch".into(), "Task".into()],
            ..Agent::default()
        };
        let Some(Raw::Map(p)) = permission(&agent, &mut notes) else {
            panic!()
        };
        let get = |key: &str| p.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let s = |v: &str| Some(Raw::Str(v.into()));
        assert_eq!(get("task"), s("deny"));
        assert_eq!(get("websearch"), s("deny"));
        assert_eq!(get("edit"), s("allow"));
        assert_eq!(get("bash"), s("allow"));
        assert_eq!(permission(&Agent::default(), &mut notes), None);
        let plan = Agent {
            permission_mode: Some("plan".into()),
            ..Agent::default()
        };
        let deny = Raw::Str("deny".into());
        let expected = Raw::Map(vec![("edit".into(), deny.clone()), ("bash".into(), deny)]);
        assert_eq!(permission(&plan, &mut notes), Some(expected));
    }
}
