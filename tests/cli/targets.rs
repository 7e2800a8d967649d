//! `--target`: one agent, every tool, each file in its tool's place and
//! format, checked by an independent parser against that tool's rules.

use crate::support::*;

/// Answers that exercise every conversion: a restricted tool list with a
/// command pattern, and per-target fields.
const ANSWERS: &str = "
tools: [Read, Grep, Glob, Bash(git diff:*), WebFetch]
targets:
  opencode: {model: anthropic/claude-sonnet-4-5, temperature: 0.2}
  copilot: {model: Claude Sonnet 4.5}
  gemini: {model: gemini-2.5-pro, temperature: 0.3, max_turns: 20}
  cursor: {model: fast}
  codex: {model: gpt-5-codex, model_reasoning_effort: high}
";

/// The frontmatter of a markdown agent file, parsed strictly, and its body.
fn frontmatter(text: &str) -> (serde_yaml::Mapping, String) {
    let agent = AgentFile::parse(text);
    (agent.fields, agent.body)
}

fn keys(map: &serde_yaml::Mapping) -> Vec<&str> {
    map.keys().map(|k| k.as_str().unwrap()).collect()
}

fn list(map: &serde_yaml::Mapping, key: &str) -> Vec<String> {
    map[key]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn render_all(sb: &Sandbox) -> String {
    sb.write("answers.yaml", ANSWERS);
    let assert = sb
        .run([
            "new",
            "backend-architect",
            "-a",
            "answers.yaml",
            "--target",
            "all",
        ])
        .success();
    stderr_of(&assert)
}

#[test]
fn target_all_writes_six_files_in_each_tools_place() {
    let sb = Sandbox::new();
    render_all(&sb);
    for path in [
        ".claude/agents/backend-architect.md",
        ".opencode/agent/backend-architect.md",
        ".github/agents/backend-architect.agent.md",
        ".gemini/agents/backend-architect.md",
        ".cursor/agents/backend-architect.md",
        ".codex/agents/backend-architect.toml",
    ] {
        assert!(sb.exists(path), "{path} is missing");
    }
    // The project records the agent: its manifest and lock, and nothing else.
    assert!(sb.exists("agentgen.yaml") && sb.exists("agentgen.lock"));
    let count = walk_files(sb.path())
        .into_iter()
        .filter(|p| {
            !p.ends_with("answers.yaml")
                && !p.ends_with("agentgen.yaml")
                && !p.ends_with("agentgen.lock")
        })
        .count();
    assert_eq!(count, 6);
}

fn walk_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn opencode_has_no_name_a_provider_model_and_permissions() {
    let sb = Sandbox::new();
    render_all(&sb);
    let text = sb.read(".opencode/agent/backend-architect.md");
    golden("targets/opencode.md", &text);
    let (fm, body) = frontmatter(&text);
    assert_eq!(
        keys(&fm),
        [
            "description",
            "mode",
            "model",
            "temperature",
            "color",
            "permission"
        ]
    );
    assert_eq!(fm["color"], "#3b82f6", "Claude's blue as hex");
    assert_eq!(fm["mode"], "subagent");
    assert_eq!(fm["model"], "anthropic/claude-sonnet-4-5");
    assert_eq!(fm["temperature"].as_f64(), Some(0.2));
    let permission = fm["permission"].as_mapping().unwrap();
    assert_eq!(permission["edit"], "deny", "no editing tool was listed");
    assert_eq!(permission["webfetch"], "allow");
    // Not in the Claude tool list, so not allowed here either.
    assert_eq!(permission["websearch"], "deny");
    assert_eq!(permission["task"], "deny");
    let bash = permission["bash"].as_mapping().unwrap();
    assert_eq!(bash["*"], "deny");
    assert_eq!(bash["git diff*"], "allow");
    assert!(body.starts_with("You are a senior backend architect"));
}

#[test]
fn copilot_has_aliases_and_its_own_model() {
    let sb = Sandbox::new();
    render_all(&sb);
    let text = sb.read(".github/agents/backend-architect.agent.md");
    golden("targets/copilot.agent.md", &text);
    let (fm, body) = frontmatter(&text);
    assert_eq!(keys(&fm), ["name", "description", "tools", "model"]);
    assert_eq!(list(&fm, "tools"), ["read", "search", "execute", "web"]);
    assert_eq!(fm["model"], "Claude Sonnet 4.5");
    assert!(body.chars().count() < 30_000);
}

#[test]
fn gemini_has_kind_local_and_gemini_tool_names() {
    let sb = Sandbox::new();
    render_all(&sb);
    let text = sb.read(".gemini/agents/backend-architect.md");
    golden("targets/gemini.md", &text);
    let (fm, _) = frontmatter(&text);
    assert_eq!(
        keys(&fm),
        [
            "name",
            "description",
            "kind",
            "tools",
            "model",
            "temperature",
            "max_turns"
        ]
    );
    assert_eq!(fm["kind"], "local");
    assert_eq!(
        list(&fm, "tools"),
        [
            "read_file",
            "grep_search",
            "glob",
            "run_shell_command",
            "web_fetch"
        ]
    );
    let name = fm["name"].as_str().unwrap();
    assert!(
        name.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    );
    assert_eq!(fm["max_turns"].as_i64(), Some(20));
}

#[test]
fn cursor_inherits_the_model_and_is_readonly_only_without_write_tools() {
    let sb = Sandbox::new();
    render_all(&sb);
    let text = sb.read(".cursor/agents/backend-architect.md");
    golden("targets/cursor.md", &text);
    let (fm, _) = frontmatter(&text);
    assert_eq!(
        keys(&fm),
        ["name", "description", "model"],
        "Bash can run commands, so not readonly"
    );
    assert_eq!(fm["model"], "fast");

    let out = stdout_of(sb.run([
        "new",
        "backend-architect",
        "--stdout",
        "--target",
        "cursor",
        "--set",
        "tools=[Read, Grep]",
    ]));
    let (fm, _) = frontmatter(&out);
    assert_eq!(fm["model"], "inherit");
    assert_eq!(fm["readonly"], true);
}

#[test]
fn codex_is_toml_with_instructions_and_a_sandbox() {
    let sb = Sandbox::new();
    render_all(&sb);
    let text = sb.read(".codex/agents/backend-architect.toml");
    golden("targets/codex.toml", &text);
    let table: toml::Table = toml::from_str(&text).unwrap();
    let keys: Vec<&str> = table.keys().map(String::as_str).collect();
    // The Claude tool list has no WebSearch, so Codex must not search.
    assert_eq!(table["web_search"].as_str(), Some("disabled"));
    assert_eq!(
        keys,
        [
            "name",
            "description",
            "model",
            "model_reasoning_effort",
            "web_search",
            "developer_instructions"
        ]
    );
    assert!(
        table["developer_instructions"]
            .as_str()
            .unwrap()
            .starts_with("You are a senior backend architect")
    );
    assert!(table["description"].as_str().unwrap().contains("<example>"));

    let out = stdout_of(sb.run([
        "new",
        "backend-architect",
        "--stdout",
        "--target",
        "codex",
        "--set",
        "tools=[Read, Grep]",
    ]));
    let table: toml::Table = toml::from_str(&out).unwrap();
    assert_eq!(table["sandbox_mode"].as_str(), Some("read-only"));
    assert!(
        table.get("model").is_none(),
        "a Claude alias is not an OpenAI model"
    );
}

#[test]
fn claude_output_is_unchanged_by_other_targets() {
    let sb = Sandbox::new();
    render_all(&sb);
    let with_all = sb.read(".claude/agents/backend-architect.md");
    let alone = stdout_of(sb.run(["new", "backend-architect", "--stdout", "-a", "answers.yaml"]));
    assert_eq!(with_all, alone);
}

#[test]
fn what_a_target_cannot_express_is_said_in_one_line_each() {
    let sb = Sandbox::new();
    let stderr = render_all(&sb);
    // OpenCode takes the colour as hex, so it is not dropped there.
    assert!(!stderr.contains("opencode: color left out"), "{stderr}");
    for line in [
        "gemini: color left out: Gemini CLI has no named agent colours",
        "copilot: Bash(git diff:*) widened: GitHub Copilot cannot limit commands per agent",
        "cursor: tool list left out: Cursor grants tools as a whole",
        "codex: color left out: Codex has no named agent colours",
    ] {
        assert!(stderr.contains(line), "{line:?} missing from:\n{stderr}");
    }
    let without_override = stderr_of(
        &sb.run([
            "new",
            "backend-architect",
            "--stdout",
            "--target",
            "opencode",
        ])
        .success(),
    );
    assert!(
        without_override
            .contains("opencode: model 'sonnet' left out: OpenCode needs provider/model-id")
    );
}

#[test]
fn per_target_answers_are_checked() {
    let sb = Sandbox::new();
    sb.agentgen([
        "new",
        "backend-architect",
        "--set",
        "targets={opencode: {model: sonnet}, codx: {}}",
    ])
    .fails(2)
    .stderr_has("targets.opencode.model: must be provider/model-id")
    .stderr_has("targets.codx: there is no target 'codx'; did you mean 'codex'?")
    .run();
    sb.agentgen([
        "new",
        "backend-architect",
        "--set",
        "targets={gemini: {max_turns: -1, colour: red}}",
    ])
    .fails(2)
    .stderr_has("targets.gemini.max_turns: must be a whole number of at least 1")
    .stderr_has("targets.gemini.colour: Gemini CLI takes only model, temperature, max_turns")
    .run();
}

#[test]
fn several_targets_cannot_share_stdout_and_plugins_are_for_claude() {
    let sb = Sandbox::new();
    sb.agentgen([
        "new",
        "backend-architect",
        "--stdout",
        "--target",
        "claude",
        "--target",
        "codex",
    ])
    .fails(2)
    .stderr_has("--stdout prints one agent file")
    .run();
    sb.agentgen(["kit", "startup", "--plugin", "p", "--target", "codex"])
        .fails(2)
        .stderr_has("--plugin writes a Claude Code plugin")
        .run();
}

#[test]
fn out_dir_with_several_targets_is_a_project_root() {
    let sb = Sandbox::new();
    sb.run([
        "new",
        "backend-architect",
        "-o",
        "proj",
        "--target",
        "claude",
        "--target",
        "gemini",
    ])
    .success();
    assert!(sb.exists("proj/.claude/agents/backend-architect.md"));
    assert!(sb.exists("proj/.gemini/agents/backend-architect.md"));
}

#[test]
fn user_scope_uses_each_tools_home_folder() {
    let sb = Sandbox::new();
    sb.run(["new", "backend-architect", "--user", "--target", "all"])
        .success();
    for path in [
        "home/.claude/agents/backend-architect.md",
        "home/.config/opencode/agent/backend-architect.md",
        "home/.copilot/agents/backend-architect.agent.md",
        "home/.gemini/agents/backend-architect.md",
        "home/.cursor/agents/backend-architect.md",
        "home/.codex/agents/backend-architect.toml",
    ] {
        assert!(sb.exists(path), "{path}");
    }
}

#[test]
fn every_role_renders_for_every_target_and_lints_clean() {
    // agentgen's own output never trips its own lint, strict included:
    // every role alone and a whole kit (whose descriptions name their
    // teammates), each for every target.
    let sb = Sandbox::new();
    sb.run([
        "kit",
        "full-stack",
        "--defaults",
        "--target",
        "all",
        "-o",
        "team",
    ])
    .success();
    let list: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["list", "--json"]))).expect("list --json is JSON");
    let roles: Vec<&str> = (list["roles"].as_array().unwrap().iter())
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(roles.len() >= 20, "{roles:?}");
    for role in &roles {
        sb.run(["new", role, "--defaults", "--target", "all", "-o", "solo"])
            .success();
    }
    let out = stdout_of(sb.run(["lint", "--strict", "team", "solo"]));
    assert!(out.ends_with("0 errors, 0 warnings\n"), "{out}");
    let files = (11 + roles.len()) * 6;
    assert!(out.contains(&format!("checked {files} files")), "{out}");
}

#[test]
fn kits_take_per_target_answers_shared_and_per_agent() {
    let sb = Sandbox::new();
    sb.write(
        "team.yaml",
        "targets:\n  opencode: {model: anthropic/claude-sonnet-4-5}\nagents:\n  code-reviewer:\n    targets:\n      opencode: {model: anthropic/claude-opus-4-1}\n",
    );
    sb.run([
        "kit",
        "startup",
        "-a",
        "team.yaml",
        "--target",
        "opencode",
        "--save-answers",
        "saved.yaml",
    ])
    .success();
    let model = |name: &str| {
        let (fm, _) = frontmatter(&sb.read(&format!(".opencode/agent/{name}.md")));
        fm["model"].as_str().unwrap().to_owned()
    };
    assert_eq!(model("backend-architect"), "anthropic/claude-sonnet-4-5");
    assert_eq!(model("code-reviewer"), "anthropic/claude-opus-4-1");
    sb.run([
        "kit",
        "startup",
        "-a",
        "saved.yaml",
        "--target",
        "opencode",
        "-o",
        "again",
    ])
    .success();
    assert_eq!(
        sb.read("again/code-reviewer.md"),
        sb.read(".opencode/agent/code-reviewer.md")
    );
}
