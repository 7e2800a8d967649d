//! Codex: `.codex/agents/<name>.toml` (user scope `~/.codex/agents/`).
//!
//! Rules, from Codex's subagent documentation
//! (developers.openai.com/codex/subagents):
//! - a custom agent is a TOML file with `name`, `description` and
//!   `developer_instructions` (the agent's instructions: agentgen's body);
//! - `model` names an OpenAI model, so it comes only from
//!   `targets: {codex: {model: ...}}`; `model_reasoning_effort` comes
//!   from there too, else from Claude's `effort` (the shared levels keep
//!   their names, `max` becomes `xhigh`, a token count is left out);
//! - `approval_policy`, `web_search`, `nickname_candidates` and
//!   `[mcp_servers.<name>]` are read too; an unknown key drops the role;
//! - `sandbox_mode` is read-only, workspace-write or danger-full-access;
//!   agentgen writes read-only when the tool list has no tool that edits
//!   files or runs commands, and otherwise leaves the session's setting.
//!
//! Skills, from Codex's source (codex-rs/config/src/skills_config.rs and
//! core-skills/src/config_rules.rs, Codex 0.16x): a role file is a config
//! layer, applied at session-flag precedence when the role is spawned, and
//! `[[skills.config]]` rules from that layer apply to it. Each entry names
//! one skill by `name` (or by `path`, resolved against the role file's
//! folder; never both) and must say `enabled`, a boolean; an entry without
//! `enabled`, or with a value of the wrong type, fails the role's config
//! and so the role. Codex finds skills itself (`.agents/skills`,
//! `.codex/skills`, `~/.codex/skills`); a rule only turns a found skill on
//! or off for the role. So agentgen writes each skill as
//! `{name = "...", enabled = true}`: the skill stays on for the role even
//! when the user's config turns it off, and a name Codex does not find is
//! ignored, as Claude Code ignores an unknown skill. Codex does not preload
//! the skill's text as Claude Code does; the model loads it when it needs it.
//! Checked with Codex 0.171.0 (`codex debug prompt-input` lists the roles
//! that load): such a file loads; `enabled = "yes"`, no `enabled`,
//! `name = 3` or `skills = ["pdf"]` drop the role; both selectors, neither,
//! or an unknown key in `[skills]` or a rule leave it loaded.

use super::fields::{Kind, Rule, refuses};
use super::{
    Accepts, Document, Format, Note, Spec, Target, can_write, description_rules, foreign_model,
    overridden,
};
use crate::agent::Agent;
use crate::finding::{Finding, Severity};
use crate::value::{Raw, quoted};

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
    expresses: &["permission_mode", "mcp_servers", "skills", "effort"],
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

/// Claude Code's `effort` as Codex's `model_reasoning_effort`: both say
/// how hard the model thinks, and the levels they share keep their names.
/// `max` is Codex's highest, `xhigh`; a number of thinking tokens has no
/// Codex form.
fn reasoning_effort(agent: &Agent, notes: &mut Vec<Note>) -> Option<&'static str> {
    let effort = agent.effort.as_deref()?;
    let shared = |level: &&&str| super::claude::EFFORTS.contains(*level);
    if let Some(level) = EFFORTS.iter().filter(shared).find(|l| **l == effort) {
        return Some(level);
    }
    if effort == "max" {
        let what = "effort max written as model_reasoning_effort xhigh";
        notes.push(Note::adapted(
            &["effort"],
            vec![effort.into()],
            what,
            "Codex's highest level",
        ));
        return Some("xhigh");
    }
    let why = "Codex's model_reasoning_effort takes a level, not a number (targets.codex.model_reasoning_effort)";
    notes.push(Note::left_out(
        &["effort"],
        vec![effort.into()],
        "effort",
        why,
    ));
    None
}

pub fn convert(agent: &Agent, overrides: &[(String, Raw)], notes: &mut Vec<Note>) -> Document {
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
    match overridden(overrides, "model_reasoning_effort") {
        Some(effort) => doc.push("model_reasoning_effort", effort.clone()),
        None => {
            if let Some(effort) = reasoning_effort(agent, notes) {
                doc.push("model_reasoning_effort", Raw::Str(effort.into()));
            }
        }
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
        let why = "Codex sets approval_policy instead (targets.codex.approval_policy)";
        notes.push(Note::left_out(
            &["permission_mode"],
            Vec::new(),
            "permission_mode",
            why,
        ));
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
        let why = "Codex grants tools through sandbox_mode";
        notes.push(Note::left_out(&["tools"], Vec::new(), "tool list", why));
    }
    doc.push("developer_instructions", Raw::Str(agent.body.clone()));
    // Tables come after every plain key in TOML, so they go last.
    if let Some(servers) = mcp_servers(agent, notes) {
        doc.push("mcp_servers", servers);
    }
    if !agent.skills.is_empty() {
        doc.push("skills", skills(&agent.skills));
    }
    doc
}

/// `[[skills.config]]`: one rule per skill, by name, turned on.
fn skills(names: &[String]) -> Raw {
    let rules = names
        .iter()
        .map(|name| {
            Raw::Map(vec![
                ("name".to_owned(), Raw::Str(name.clone())),
                ("enabled".to_owned(), Raw::Bool(true)),
            ])
        })
        .collect();
    Raw::Map(vec![("config".to_owned(), Raw::Seq(rules))])
}

/// The keys Codex reads in `[skills]` and in each `[[skills.config]]`.
const SKILLS_KEYS: &[&str] = &["config", "bundled", "include_instructions"];
const SKILL_RULE_KEYS: &[&str] = &["name", "path", "enabled"];

/// `[skills]` as Codex reads it: a table whose `config` is a list of
/// rules, each with a boolean `enabled` and one selector. A value of the
/// wrong shape fails the role's config, so the role; a rule with both
/// selectors or neither is skipped with a warning in Codex's log, and a
/// key Codex does not read is passed over (Codex 0.171.0 lists the role
/// in each case; `codex debug prompt-input` shows which roles load).
fn check_skills(doc: &Document) -> Vec<Finding> {
    let Some(skills) = doc.get("skills") else {
        return Vec::new();
    };
    let broken = |message: String| {
        Finding::error(
            "invalid-value",
            format!("{message}; Codex cannot load the role's config, so it drops the role"),
            "write each skill as [[skills.config]] with name = \"...\" and enabled = true",
        )
        .at("skills")
    };
    let Raw::Map(table) = skills else {
        return vec![broken(
            "`skills` must be a table (`[[skills.config]]` entries), not a list or a text".into(),
        )];
    };
    let mut findings = Vec::new();
    for (key, value) in table {
        if !SKILLS_KEYS.contains(&key.as_str()) {
            findings.push(passed_over(format!("skills.{}", quoted(key))));
        } else if key == "config" {
            findings.extend(check_skill_rules(value, &broken));
        }
    }
    findings
}

/// A key in `[skills]` or in a rule that Codex does not read, and ignores.
fn passed_over(key: String) -> Finding {
    Finding::warning(
        "unknown-field",
        format!("`{key}` is not a key Codex reads; Codex ignores it"),
        "remove it",
    )
    .at("skills")
}

fn check_skill_rules(value: &Raw, broken: &dyn Fn(String) -> Finding) -> Vec<Finding> {
    let Raw::Seq(rules) = value else {
        return vec![broken("`skills.config` must be a list of tables".into())];
    };
    let mut findings = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let at = format!("skills.config[{i}]");
        let Raw::Map(fields) = rule else {
            findings.push(broken(format!("`{at}` must be a table")));
            continue;
        };
        let get = |k: &str| fields.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        if let Some(key) = fields
            .iter()
            .map(|(k, _)| k)
            .find(|k| !SKILL_RULE_KEYS.contains(&k.as_str()))
        {
            findings.push(passed_over(format!("{at}.{}", quoted(key))));
        }
        if !matches!(get("enabled"), Some(Raw::Bool(_))) {
            findings.push(broken(format!(
                "`{at}` needs `enabled = true` or `enabled = false`"
            )));
        }
        for key in ["name", "path"] {
            if get(key).is_some_and(|v| !matches!(v, Raw::Str(_))) {
                findings.push(broken(format!("`{at}.{key}` must be text")));
            }
        }
        if get("name").is_some() == get("path").is_some() {
            findings.push(
                Finding::warning(
                    "invalid-value",
                    format!("`{at}` must name a skill by `name` or by `path`, not both or neither; Codex ignores it"),
                    "keep one of `name` and `path`",
                )
                .at("skills"),
            );
        }
    }
    findings
}

/// `disabled` when a tool list leaves out WebSearch; otherwise Codex's own
/// setting.
fn tools_web_search(tools: &[String]) -> Option<Raw> {
    let searches = tools.iter().any(|t| super::tool_base(t) == "WebSearch");
    (!tools.is_empty() && !searches).then(|| Raw::Str("disabled".into()))
}

/// `[mcp_servers.<name>]` tables: `command` and `args`, or `url`; the
/// environment is passed through by name (`env_vars`), never as values.
fn mcp_servers(agent: &Agent, notes: &mut Vec<Note>) -> Option<Raw> {
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
            notes.push(Note::left_out(
                &["mcp_servers"],
                vec![server.name.clone()],
                format!("MCP server {}", server.name),
                "Codex needs its command or url",
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
    findings.extend(check_skills(doc));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent_file;

    fn rules(toml: &str) -> Vec<Finding> {
        let text = format!(
            "name = \"a\"\ndescription = \"Use it.\"\ndeveloper_instructions = \"Do it.\"\n{toml}"
        );
        let parsed = agent_file::parse(Format::Toml, &text).unwrap();
        check(&parsed.doc)
    }

    fn errors(findings: &[Finding]) -> usize {
        let bad = findings.iter().filter(|f| f.severity == Severity::Error);
        bad.count()
    }

    #[test]
    fn claude_effort_becomes_the_reasoning_effort_codex_has() {
        let render = |effort: &str| {
            let agent = Agent {
                name: "a".into(),
                description: "Use it.".into(),
                body: "Do it.".into(),
                effort: Some(effort.into()),
                ..Agent::default()
            };
            let overrides = super::super::Overrides::default();
            Target::Codex.render(&agent, &overrides).unwrap()
        };
        for level in ["low", "medium", "high", "xhigh"] {
            let out = render(level);
            let line = format!("model_reasoning_effort = \"{level}\"\n");
            assert!(out.text.contains(&line), "{}", out.text);
            assert!(!out.notes.iter().any(|n| n.answers == ["effort"]));
        }
        let max = render("max");
        assert!(max.text.contains("model_reasoning_effort = \"xhigh\"\n"));
        let note = max.notes.iter().find(|n| n.answers == ["effort"]).unwrap();
        assert!(!note.dropped, "max is adapted, not dropped");
        let tokens = render("20000");
        assert!(
            !tokens.text.contains("model_reasoning_effort"),
            "{}",
            tokens.text
        );
        let note = tokens
            .notes
            .iter()
            .find(|n| n.answers == ["effort"])
            .unwrap();
        assert!(note.dropped && note.values == ["20000"]);
    }

    #[test]
    fn skills_are_written_as_enabled_name_rules() {
        let agent = Agent {
            name: "a".into(),
            description: "Use it.".into(),
            body: "Do it.".into(),
            skills: vec!["pdf".into(), "frontend-design".into()],
            ..Agent::default()
        };
        let rendered = Target::Codex
            .render(&agent, &super::super::Overrides::default())
            .unwrap();
        assert!(
            rendered.text.contains(
                "[[skills.config]]\nname = \"pdf\"\nenabled = true\n\n[[skills.config]]\nname = \"frontend-design\"\nenabled = true\n"
            ),
            "{}",
            rendered.text
        );
        assert!(
            rendered
                .notes
                .iter()
                .all(|n| !n.answers.contains(&"skills".to_owned())),
            "{:?}",
            rendered.notes
        );
        let parsed = agent_file::parse(Format::Toml, &rendered.text).unwrap();
        assert!(check(&parsed.doc).is_empty());
    }

    #[test]
    fn lint_takes_what_codex_takes_and_refuses_what_it_refuses() {
        for ok in [
            "[[skills.config]]\nname = \"pdf\"\nenabled = false\n",
            "[[skills.config]]\npath = \"../skills/pdf/SKILL.md\"\nenabled = true\n",
            "[skills]\ninclude_instructions = false\n",
        ] {
            assert!(rules(ok).is_empty(), "{ok}: {:?}", rules(ok));
        }
        for (bad, message) in [
            ("skills = [\"pdf\"]\n", "must be a table"),
            (
                "[[skills.config]]\nname = \"pdf\"\n",
                "needs `enabled = true`",
            ),
            (
                "[[skills.config]]\nname = \"pdf\"\nenabled = \"yes\"\n",
                "needs `enabled = true`",
            ),
            (
                "[[skills.config]]\nname = 3\nenabled = true\n",
                "must be text",
            ),
        ] {
            let found = rules(bad);
            assert_eq!(errors(&found), 1, "{bad}: {found:?}");
            assert!(
                found.iter().any(|f| f.message.contains(message)),
                "{bad}: {found:?}"
            );
        }
        for (ignored, message) in [
            (
                "[[skills.config]]\nskill = \"pdf\"\nname = \"pdf\"\nenabled = true\n",
                "`skills.config[0].skill` is not a key Codex reads; Codex ignores it",
            ),
            (
                "[skills]\nconfigs = []\n",
                "`skills.configs` is not a key Codex reads",
            ),
        ] {
            let found = rules(ignored);
            assert_eq!(errors(&found), 0, "{ignored}: {found:?}");
            assert!(
                found.iter().any(|f| f.message.contains(message)),
                "{ignored}: {found:?}"
            );
        }
        let both = rules("[[skills.config]]\nname = \"pdf\"\npath = \"p\"\nenabled = true\n");
        assert_eq!(errors(&both), 0, "{both:?}");
        assert!(
            both.iter()
                .any(|f| f.message.contains("not both or neither")),
            "{both:?}"
        );
    }
}
