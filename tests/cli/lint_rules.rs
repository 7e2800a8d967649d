//! `agentgen lint` agrees with the tools: for each rule of the per-target
//! tables, a file the tool accepts has no finding, and a file the tool
//! rejects, drops or ignores has the finding that says so. Also the folder
//! walk (any folder, none found fails) and `--strict`.

use crate::support::*;

/// Lints one file at `path` as JSON, expecting exit `code`; returns the
/// findings as `severity:rule` and the JSON.
fn lint_one(path: &str, text: &str, code: i32) -> (Vec<String>, serde_json::Value) {
    let sb = Sandbox::new();
    sb.write(path, text);
    let run = sb.agentgen(["lint", "--json", "."]).writes_nothing();
    let out = match code {
        0 => run.succeeds().run(),
        code => run.fails(code).run(),
    };
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let mut rules: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}",
                f["severity"].as_str().unwrap(),
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    rules.sort();
    (rules, json)
}

fn clean(path: &str, text: &str) {
    let (rules, json) = lint_one(path, text, 0);
    assert!(rules.is_empty(), "{path}: {json}");
}

const CLAUDE: &str = ".claude/agents/a.md";

#[test]
fn claude_fields_and_tools_it_accepts_raise_nothing() {
    clean(
        CLAUDE,
        "---\nname: a\ndescription: d\ntools: Read, TaskStop, Monitor, Agent, mcp__github__x\n\
         disallowedTools: [Write, Edit]\nmodel: opus\ncolor: cyan\neffort: xhigh\npermissionMode: plan\n\
         maxTurns: 12\nskills: [pdf]\nmcpServers:\n  - github\n  - local:\n      command: npx\n      args: [x]\n\
         memory: project\ninitialPrompt: Start by reading the plan.\nbackground: false\nomitClaudeMd: true\n\
         isolation: worktree\nautoCompactWindow: 200000\nhooks:\n  PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command\n          command: ./check.sh\n---\nbody\n",
    );
    clean(
        CLAUDE,
        "---\nname: a\ndescription: d\neffort: 3\n---\nbody\n",
    );
}

#[test]
fn claude_values_it_ignores_are_warnings_naming_what_it_accepts() {
    let (rules, json) = lint_one(
        CLAUDE,
        "---\nname: a\ndescription: d\npermissionMode: yolo\neffort: huge\nautoCompactWindow: 5000\nmaxTurns: 0\n---\nbody\n",
        0,
    );
    assert_eq!(rules, ["warning:invalid-value"; 4], "{json}");
    let text = json.to_string();
    assert!(
        text.contains("default, acceptEdits, plan, auto, dontAsk, bypassPermissions"),
        "{text}"
    );
    assert!(text.contains("at least 100000"), "{text}");
}

#[test]
fn claude_hooks_that_stop_the_agent_are_errors() {
    for hooks in [
        "hooks: []",
        "hooks: {PreToolUse: [{matcher: Bash}]}",
        "hooks: {BeforeEverything: [{hooks: [{type: command, command: x}]}]}",
        "hooks: {Stop: [{hooks: [{type: command}]}]}",
        "hooks: run.sh",
    ] {
        let (rules, json) = lint_one(
            CLAUDE,
            &format!("---\nname: a\ndescription: d\n{hooks}\n---\nbody\n"),
            1,
        );
        assert_eq!(rules, ["error:invalid-hooks"], "{hooks}: {json}");
    }
}

#[test]
fn a_bad_mcp_server_item_is_dropped_with_a_warning() {
    let (rules, _) = lint_one(
        CLAUDE,
        "---\nname: a\ndescription: d\nmcpServers:\n  - github\n  - broken: {args: [x]}\n---\nbody\n",
        0,
    );
    assert_eq!(rules, ["warning:invalid-value"]);
}

#[test]
fn plugin_agents_warn_about_fields_plugins_ignore() {
    let sb = Sandbox::new();
    sb.write("plug/.claude-plugin/plugin.json", "{\"name\": \"plug\"}\n");
    let agent = "---\nname: a\ndescription: d\npermissionMode: plan\nmcpServers: [github]\ninitialPrompt: go\nhooks:\n  Stop:\n    - hooks:\n        - type: command\n          command: x\n---\nbody\n";
    sb.write("plug/agents/a.md", agent);
    let out = sb.agentgen(["lint", "--json", "plug"]).succeeds().run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let ignored: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "plugin-ignored" && f["severity"] == "warning")
        .collect();
    assert_eq!(ignored.len(), 4, "{json}");
    // The same agent in .claude/agents is clean.
    clean(CLAUDE, agent);
}

#[test]
fn opencode_named_colour_breaks_opencode_and_hex_or_theme_does_not() {
    let file = ".opencode/agent/a.md";
    let (rules, json) = lint_one(
        file,
        "---\ndescription: d\nmode: subagent\ncolor: blue\n---\nbody\n",
        1,
    );
    assert_eq!(rules, ["error:invalid-value"], "{json}");
    assert!(
        json.to_string().contains("every OpenCode command"),
        "{json}"
    );
    clean(
        file,
        "---\ndescription: d\nmode: subagent\ncolor: \"#3b82f6\"\nhidden: true\nsteps: 5\n---\nbody\n",
    );
    clean(
        file,
        "---\ndescription: d\nmode: subagent\ncolor: accent\npermission:\n  task: deny\n  websearch: deny\n  skill: allow\n  external_directory: ask\n---\nbody\n",
    );
    let (rules, _) = lint_one(
        file,
        "---\ndescription: d\nhidden: sometimes\n---\nbody\n",
        1,
    );
    assert_eq!(rules, ["error:invalid-value"]);
}

#[test]
fn gemini_takes_its_own_spellings_and_refuses_others() {
    let file = ".gemini/agents/a.md";
    clean(
        file,
        "---\nname: a\ndescription: d\ndisplay_name: A\nkind: local\ntools: [read_file, grep_search]\nmcp_servers:\n  github:\n    command: npx\ntimeout_mins: 5\n---\nbody\n",
    );
    let (rules, json) = lint_one(
        file,
        "---\nname: a\ndescription: d\nmcpServers: {}\n---\nbody\n",
        1,
    );
    assert_eq!(rules, ["error:unknown-field"], "{json}");
    let (rules, _) = lint_one(
        file,
        "---\nname: a\ndescription: d\ntools: [save_memory]\n---\nbody\n",
        1,
    );
    assert_eq!(rules, ["error:refused-tool"]);
}

#[test]
fn codex_takes_approval_policy_and_drops_a_role_over_an_unknown_key() {
    let file = ".codex/agents/a.toml";
    let base = "name = \"a\"\ndescription = \"d\"\ndeveloper_instructions = \"x\"\n";
    clean(
        file,
        &format!(
            "{base}approval_policy = \"on-request\"\nweb_search = \"live\"\nnickname_candidates = [\"Ada\"]\n"
        ),
    );
    let (rules, json) = lint_one(file, &format!("{base}colour = \"red\"\n"), 1);
    assert_eq!(rules, ["error:unknown-field"], "{json}");
    assert!(json.to_string().contains("drops the whole role"), "{json}");
    let (rules, _) = lint_one(file, &format!("{base}approval_policy = \"sometimes\"\n"), 1);
    assert_eq!(rules, ["error:invalid-value"]);
}

#[test]
fn copilot_reads_skills_and_ignores_vs_code_fields() {
    let file = ".github/agents/a.agent.md";
    clean(
        file,
        "---\nname: a\ndescription: d\nskills: [pdf]\nstrict-tools-list: true\ninfer: false\n---\nbody\n",
    );
    for key in [
        "target: vscode",
        "handoffs: []",
        "argument-hint: x",
        "metadata: {a: b}",
    ] {
        let (rules, json) = lint_one(
            file,
            &format!("---\nname: a\ndescription: d\n{key}\n---\nbody\n"),
            0,
        );
        assert_eq!(rules, ["warning:ignored-field"], "{key}: {json}");
    }
}

#[test]
fn did_you_mean_suggests_only_spellings_the_tool_acts_on() {
    let (_, json) = lint_one(
        ".gemini/agents/a.md",
        "---\nname: a\ndescription: d\nmcpServer: {}\n---\nbody\n",
        1,
    );
    let text = json.to_string();
    assert!(text.contains("did you mean `mcp_servers`"), "{text}");
    let (_, json) = lint_one(
        ".github/agents/a.agent.md",
        "---\nname: a\ndescription: d\nhandof: []\n---\nbody\n",
        0,
    );
    assert!(!json.to_string().contains("`handoffs`"), "{json}");
}

#[test]
fn any_folder_holding_agents_is_checked_and_an_empty_one_fails() {
    let sb = Sandbox::new();
    sb.run(["new", "code-reviewer", "--defaults", "-o", "out"])
        .success();
    sb.run([
        "new",
        "code-reviewer",
        "--defaults",
        "--target",
        "codex",
        "-o",
        "codex-out",
    ])
    .success();
    sb.agentgen(["lint", "out", "codex-out"])
        .succeeds()
        .stdout_has("checked 2 files: 0 errors, 0 warnings")
        .run();
    std::fs::create_dir_all(sb.path().join("empty")).unwrap();
    sb.write("empty/notes.md", "not an agent\n");
    sb.agentgen(["lint", "empty"])
        .fails(1)
        .stdout_has("error[no-agent-files]")
        .run();
}

#[test]
fn strict_makes_warnings_fail() {
    let sb = Sandbox::new();
    sb.write(
        CLAUDE,
        "---\nname: a\ndescription: d\ncolor: teal\n---\nbody\n",
    );
    sb.agentgen(["lint", "."]).succeeds().run();
    sb.agentgen(["lint", "--strict", "."])
        .fails(1)
        .writes_nothing()
        .run();
}
