//! Every field each tool reads: an agent that sets every Claude Code field
//! (and the per-target fields), written for every target, checked against
//! golden files and against agentgen's own lint; each bad value refused
//! with the field and its accepted values named, nothing written; and the
//! report of what each target could not express.

use crate::support::*;

/// Every Claude Code field, and each target's own fields.
const EVERY_FIELD: &str = r#"
example_style: inline
tools: [Read, Grep, Glob, Edit, Bash, WebFetch, mcp__github__create_issue]
disallowed_tools: [WebFetch]
model: opus
color: green
permission_mode: acceptEdits
max_turns: "30"
effort: high
skills: [pdf, frontend-design]
mcp_servers:
  - {name: github, command: npx, args: [-y, "@modelcontextprotocol/server-github"], env: [GITHUB_TOKEN]}
  - {name: docs, url: "https://docs.example.com/mcp"}
  - {name: shared}
hooks:
  - {event: PreToolUse, matcher: Bash, command: ./scripts/guard.sh}
  - {event: Stop, command: ./scripts/notify.sh}
memory_scope: project
initial_prompt: Read the open pull requests first.
background: false
omit_claude_md: true
isolation: worktree
auto_compact_window: "150000"
targets:
  opencode: {model: anthropic/claude-opus-4-1, hidden: false, mode: subagent}
  gemini: {model: gemini-2.5-pro, timeout_mins: 10, display_name: Backend Architect}
  codex: {model: gpt-5-codex, approval_policy: on-request, nickname_candidates: [Ada, Brook]}
  copilot: {model: Claude Opus 4.1, infer: true, user-invocable: true, disable-model-invocation: false}
  cursor: {model: inherit}
"#;

const FILES: &[(&str, &str)] = &[
    (".claude/agents/backend-architect.md", "claude.md"),
    (".opencode/agent/backend-architect.md", "opencode.md"),
    (
        ".github/agents/backend-architect.agent.md",
        "copilot.agent.md",
    ),
    (".gemini/agents/backend-architect.md", "gemini.md"),
    (".cursor/agents/backend-architect.md", "cursor.md"),
    (".codex/agents/backend-architect.toml", "codex.toml"),
];

fn every_field(sb: &Sandbox) -> String {
    sb.write("every.yaml", EVERY_FIELD);
    stderr_of(
        &sb.run([
            "new",
            "backend-architect",
            "-a",
            "every.yaml",
            "--target",
            "all",
        ])
        .success(),
    )
}

#[test]
fn an_agent_with_every_field_matches_the_golden_files_and_lints_clean() {
    let sb = Sandbox::new();
    every_field(&sb);
    for (path, golden_name) in FILES {
        golden(
            &format!("targets/every-field/{golden_name}"),
            &sb.read(path),
        );
    }
    sb.agentgen(["lint", "--strict", "."])
        .succeeds()
        .stdout_has("checked 6 files: 0 errors, 0 warnings")
        .run();
}

#[test]
fn claude_gets_every_field_in_its_own_spelling_and_order() {
    let sb = Sandbox::new();
    every_field(&sb);
    let agent = AgentFile::parse(&sb.read(".claude/agents/backend-architect.md"));
    assert_eq!(
        agent.keys(),
        [
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
            "autoCompactWindow"
        ]
    );
    assert_eq!(agent.fields["maxTurns"].as_i64(), Some(30));
    assert_eq!(agent.fields["autoCompactWindow"].as_i64(), Some(150_000));
    let github = &agent.fields["mcpServers"][0]["github"];
    assert_eq!(
        github["env"]["GITHUB_TOKEN"], "${GITHUB_TOKEN}",
        "a reference, never a value"
    );
    assert_eq!(agent.fields["mcpServers"][2], "shared");
    assert_eq!(
        agent.fields["hooks"]["PreToolUse"][0]["hooks"][0]["command"],
        "./scripts/guard.sh"
    );
}

#[test]
fn other_targets_get_what_they_can_express() {
    let sb = Sandbox::new();
    every_field(&sb);
    let opencode = AgentFile::parse(&sb.read(".opencode/agent/backend-architect.md"));
    assert_eq!(opencode.fields["steps"].as_i64(), Some(30));
    let permission = &opencode.fields["permission"];
    assert_eq!(permission["edit"], "allow");
    assert_eq!(permission["webfetch"], "deny", "WebFetch is disallowed");
    assert_eq!(permission["websearch"], "deny", "no WebSearch in the list");
    assert_eq!(permission["task"], "deny", "no Task or Agent in the list");
    let gemini = AgentFile::parse(&sb.read(".gemini/agents/backend-architect.md"));
    assert_eq!(gemini.fields["max_turns"].as_i64(), Some(30));
    assert_eq!(
        gemini.fields["mcp_servers"]["docs"]["httpUrl"],
        "https://docs.example.com/mcp"
    );
    assert_eq!(gemini.fields["display_name"], "Backend Architect");
    let gemini_tools = gemini.fields["tools"].as_sequence().unwrap();
    assert!(
        !gemini_tools.iter().any(|t| t == "web_fetch"),
        "WebFetch is disallowed"
    );
    let copilot = AgentFile::parse(&sb.read(".github/agents/backend-architect.agent.md"));
    assert_eq!(copilot.fields["skills"][1], "frontend-design");
    assert_eq!(
        copilot.fields["mcp-servers"]["github"]["env"]["GITHUB_TOKEN"],
        "${GITHUB_TOKEN}"
    );
    assert!(copilot.str("color").is_none());
    let copilot_tools = copilot.fields["tools"].as_sequence().unwrap();
    assert!(
        !copilot_tools.iter().any(|t| t == "web"),
        "WebFetch is disallowed"
    );
    let cursor = AgentFile::parse(&sb.read(".cursor/agents/backend-architect.md"));
    assert_eq!(cursor.fields["is_background"], false);
    let codex: toml::Table =
        toml::from_str(&sb.read(".codex/agents/backend-architect.toml")).unwrap();
    let github = &codex["mcp_servers"]["github"];
    assert_eq!(github["env_vars"][0].as_str(), Some("GITHUB_TOKEN"));
    assert_eq!(codex["approval_policy"].as_str(), Some("on-request"));
    assert_eq!(codex["web_search"].as_str(), Some("disabled"));
    // No file anywhere holds a secret's value: only references to it.
    for (path, _) in FILES {
        let text = sb.read(path);
        assert!(!text.contains("ghp_"), "{path}");
    }
}

#[test]
fn what_each_target_drops_is_said_once_per_target() {
    let sb = Sandbox::new();
    let stderr = every_field(&sb);
    for line in [
        "cursor: disallowed_tools, max_turns, effort, skills, mcp_servers, hooks, memory_scope, initial_prompt, omit_claude_md, isolation, auto_compact_window left out: Cursor has no field for them",
        "gemini: permission_mode, effort, skills, hooks, memory_scope, initial_prompt, background, omit_claude_md, isolation, auto_compact_window left out: Gemini CLI has no field for them",
        "gemini: MCP server shared left out: Gemini CLI needs its command or url",
    ] {
        assert!(stderr.contains(line), "{line:?} missing from:\n{stderr}");
    }
    assert!(
        !stderr.contains("claude:"),
        "Claude Code takes every field:\n{stderr}"
    );
    assert_eq!(
        stderr.matches("cursor: disallowed_tools").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn each_bad_value_is_refused_naming_the_field_and_what_it_accepts() {
    let cases: &[(&str, &str)] = &[
        (
            "permission_mode=yolo",
            "permission_mode: 'yolo' is not one of default, acceptEdits, plan, auto, dontAsk, bypassPermissions",
        ),
        (
            "effort=huge",
            "effort: 'huge' is not one of low, medium, high, xhigh, max",
        ),
        (
            "max_turns=0",
            "max_turns: '0' must be a whole number from 1 to 999999",
        ),
        (
            "memory_scope=team",
            "memory_scope: 'team' is not one of user, project, local",
        ),
        (
            "isolation=docker",
            "isolation: 'docker' is not one of worktree, remote",
        ),
        (
            "auto_compact_window=5000",
            "auto_compact_window: '5000' must be a whole number of tokens from 100000 up",
        ),
        ("background=maybe", "background: expected true or false"),
        ("omit_claude_md=1", "omit_claude_md: expected true or false"),
        (
            "skills=[Bad Skill]",
            "skills: [0]: 'Bad Skill' must be a skill name",
        ),
        (
            "disallowed_tools=[Wrte]",
            "disallowed_tools: [0]: 'Wrte' must be a Claude Code tool name such as Edit",
        ),
        ("tools=[Read, Grp]", "(did you mean 'Grep'?)"),
        (
            "mcp_servers=[{name: x, url: ftp://x}]",
            "mcp_servers: [0].url: 'ftp://x' must be an http:// or https:// URL",
        ),
        (
            "mcp_servers=[{name: x, env: [GITHUB_TOKEN=ghp_secret]}]",
            "must be a variable name such as GITHUB_TOKEN",
        ),
        (
            "hooks=[{event: Start, command: x}]",
            "'Start' is not one of PreToolUse, PostToolUse, Stop",
        ),
    ];
    for (set, message) in cases {
        let sb = Sandbox::new();
        sb.agentgen(["new", "backend-architect", "--set", set])
            .fails(2)
            .stderr_has(*message)
            .run();
    }
}

#[test]
fn reviewers_are_read_only_by_default() {
    let sb = Sandbox::new();
    sb.run(["kit", "quality-gate", "--defaults"]).success();
    let code = AgentFile::parse(&sb.read(".claude/agents/code-reviewer.md"));
    assert_eq!(
        code.str("disallowedTools"),
        Some("Edit, Write, NotebookEdit")
    );
    let arch = AgentFile::parse(&sb.read(".claude/agents/architecture-reviewer.md"));
    assert_eq!(arch.str("permissionMode"), Some("plan"));
}

#[test]
fn plugin_agents_leave_out_what_plugins_ignore_and_say_so() {
    let sb = Sandbox::new();
    let stderr = stderr_of(
        &sb.run([
            "kit",
            "quality-gate",
            "--defaults",
            "--plugin",
            "plug",
            "--set",
            "architecture-reviewer.initial_prompt=Start with the ADRs.",
        ])
        .success(),
    );
    assert!(
        stderr.contains("claude: permissionMode, initialPrompt left out: Claude Code ignores them in a plugin's agents (architecture-reviewer)"),
        "{stderr}"
    );
    let arch = AgentFile::parse(&sb.read("plug/agents/architecture-reviewer.md"));
    assert!(arch.str("permissionMode").is_none() && arch.str("initialPrompt").is_none());
    sb.agentgen(["lint", "--strict", "plug"])
        .succeeds()
        .stdout_has("checked 4 files: 0 errors, 0 warnings")
        .run();
}
