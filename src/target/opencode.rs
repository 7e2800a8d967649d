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
//! - tool access is `permission`, with `edit` (covering write, edit and
//!   patch), `bash` and `webfetch` set to `allow`, `ask` or `deny`; `bash`
//!   may instead map command patterns to those values;
//! - OpenCode refuses the whole configuration over one bad agent file, so
//!   every value is checked.

use super::fields::{Kind, Rule, refuses};
use super::{
    Accepts, Access, Document, Format, Spec, Target, access, description_rules, foreign_model,
    overridden, tool_base,
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

pub fn convert(agent: &Agent, overrides: &[(String, Raw)], notes: &mut Vec<String>) -> Document {
    let mut doc = Document::default();
    doc.push("description", Raw::Str(agent.description.clone()));
    doc.push("mode", Raw::Str("subagent".into()));
    let why = "OpenCode needs provider/model-id";
    if let Some(model) = foreign_model(Target::OpenCode, agent, overrides, notes, why) {
        doc.push("model", model);
    }
    if let Some(t) = overridden(overrides, "temperature") {
        doc.push("temperature", t.clone());
    }
    if !agent.tools.is_empty() {
        doc.push("permission", permission(&agent.tools, notes));
    }
    doc.body = agent.body.clone();
    doc
}

/// The `permission` block for a Claude tool list: each of edit, bash and
/// webfetch is allowed when a matching tool is listed and denied when none
/// is. `Bash(cmd:*)` entries become command patterns.
fn permission(tools: &[String], notes: &mut Vec<String>) -> Raw {
    let allow = |yes: bool| Raw::Str(if yes { "allow" } else { "deny" }.into());
    let edit = tools.iter().any(|t| access(t) == Access::Edit);
    let webfetch = tools.iter().any(|t| tool_base(t) == "WebFetch");
    let plain_bash = tools.iter().any(|t| t == "Bash");
    let patterns: Vec<String> = tools
        .iter()
        .filter(|t| tool_base(t) == "Bash" && t.as_str() != "Bash")
        .filter_map(|t| t.strip_prefix("Bash(")?.strip_suffix(')'))
        .map(|p| match p.strip_suffix(":*") {
            Some(prefix) => format!("{prefix}*"),
            None => p.to_owned(),
        })
        .collect();
    let bash = if plain_bash || patterns.is_empty() {
        allow(plain_bash)
    } else {
        let mut rules = vec![("*".to_owned(), allow(false))];
        rules.extend(patterns.into_iter().map(|p| (p, allow(true))));
        Raw::Map(rules)
    };
    let dropped: Vec<&str> = tools
        .iter()
        .filter(|t| matches!(access(t), Access::Mcp | Access::Delegate | Access::Other))
        .map(String::as_str)
        .collect();
    if !dropped.is_empty() {
        notes.push(format!(
            "tools {} left out: OpenCode's permissions cover only edit, bash and webfetch",
            dropped.join(", ")
        ));
    }
    Raw::Map(vec![
        ("edit".into(), allow(edit)),
        ("bash".into(), bash),
        ("webfetch".into(), allow(webfetch)),
    ])
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
        let p = permission(&tools, &mut notes);
        let expected = Raw::Map(vec![
            ("edit".into(), Raw::Str("allow".into())),
            (
                "bash".into(),
                Raw::Map(vec![
                    ("*".into(), Raw::Str("deny".into())),
                    ("git diff*".into(), Raw::Str("allow".into())),
                ]),
            ),
            ("webfetch".into(), Raw::Str("deny".into())),
        ]);
        assert_eq!(p, expected);
        assert_eq!(notes.len(), 1, "{notes:?}");
    }
}
