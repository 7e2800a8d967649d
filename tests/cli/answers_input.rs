//! Answers from files, --set, --name and defaults, and every way they can
//! be wrong. Each refusal is checked for its message, its exit code, and
//! that nothing was written.

use predicates::str::contains;

use crate::support::*;

fn agent(sb: &Sandbox, args: &[&str]) -> AgentFile {
    let out = stdout_of(
        sb.cmd(["new", "backend-architect", "--stdout"])
            .args(args)
            .assert(),
    );
    AgentFile::parse(&out)
}

#[test]
fn later_answers_files_win_and_set_wins_over_files() {
    let sb = Sandbox::new();
    sb.write("a.yaml", "model: opus\ncolor: red\ntitle: first title\n");
    sb.write("b.yaml", "color: green\n");
    let a = agent(
        &sb,
        &["-a", "a.yaml", "-a", "b.yaml", "--set", "model=haiku"],
    );
    assert_eq!(a.str("model"), Some("haiku"));
    assert_eq!(a.str("color"), Some("green"));
    assert!(a.body.starts_with("You are a first title"), "{}", a.body);
}

#[test]
fn name_flag_sets_the_name_and_the_file_name() {
    let sb = Sandbox::new();
    sb.write("a.yaml", "name: from-file\n");
    sb.run([
        "new",
        "backend-architect",
        "-a",
        "a.yaml",
        "--name",
        "api-lead",
    ])
    .success();
    let a = AgentFile::parse(&sb.read(".claude/agents/api-lead.md"));
    assert_eq!(a.str("name"), Some("api-lead"));
    assert!(
        a.str("description").unwrap().contains("The api-lead agent"),
        "defaults follow the name"
    );
}

#[test]
fn set_reads_lists_and_booleans_as_yaml_and_text_as_typed() {
    let sb = Sandbox::new();
    let a = agent(
        &sb,
        &[
            "--set",
            "tools=[Read, Grep]",
            "--set",
            "insights=true",
            "--set",
            "title=staff engineer: platform",
        ],
    );
    assert_eq!(a.str("tools"), Some("Read, Grep"));
    assert!(a.body.contains("## Memory Integration Protocol"));
    assert!(a.body.starts_with("You are a staff engineer: platform who"));
}

#[test]
fn null_leaves_an_optional_field_out() {
    let sb = Sandbox::new();
    sb.write("a.yaml", "model: null\ncolor: ~\n");
    let a = agent(&sb, &["-a", "a.yaml"]);
    assert_eq!(a.keys(), ["name", "description"]);
}

#[test]
fn answers_can_come_from_stdin() {
    let sb = Sandbox::new();
    let out = sb
        .cmd(["new", "backend-architect", "--stdout", "-a", "-"])
        .write_stdin("color: cyan\n")
        .assert();
    assert_eq!(AgentFile::parse(&stdout_of(out)).str("color"), Some("cyan"));
}

#[test]
fn an_empty_answers_file_means_all_defaults() {
    let sb = Sandbox::new();
    sb.write("empty.yaml", "");
    let from_file = stdout_of(sb.run(["new", "backend-architect", "--stdout", "-a", "empty.yaml"]));
    let defaults = stdout_of(sb.run(["new", "backend-architect", "--stdout", "--defaults"]));
    assert_eq!(from_file, defaults);
}

#[test]
fn wrong_types_name_the_file_line_and_key() {
    let sb = Sandbox::new();
    sb.write(
        "a.yaml",
        "# my answers\nmodel: opus\ninsights: yes\ntools: {Read: 1}\nexperience: 15\n",
    );
    sb.agentgen(["new", "backend-architect", "-a", "a.yaml"])
        .fails(2)
        .stderr_has("3 problems in the answers; nothing was written")
        .stderr_has("a.yaml:3: insights: expected true or false, found text (\"yes\")")
        .stderr_has("a.yaml:4: tools: expected a list such as [a, b], found a mapping")
        .stderr_has(
            "a.yaml:5: experience: expected text, found a number (15); put the value in quotes",
        )
        .run();
}

#[test]
fn a_value_outside_the_choices_suggests_the_closest() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "backend-architect", "--set", "model=sonet"])
        .fails(2)
        .stderr_has("--set: model: 'sonet' is not one of sonnet, opus, haiku, inherit (did you mean 'sonnet'?)")
        .run();
    // A full model id is accepted through the choice's pattern.
    assert_eq!(
        agent(&sb, &["--set", "model=claude-opus-4-1"]).str("model"),
        Some("claude-opus-4-1")
    );
}

#[test]
fn a_pattern_mismatch_says_what_is_expected() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "backend-architect", "--set", "tools=[Read, grep]"])
        .fails(2)
        .stderr_has("tools: [1]: 'grep' must be a tool name such as Read")
        .run();
}

#[test]
fn too_many_items_are_refused() {
    let sb = Sandbox::new();
    let examples: Vec<String> = (0..11)
        .map(|i| format!("  - {{context: c{i}, user: u, assistant: a}}\n"))
        .collect();
    sb.write("a.yaml", format!("examples:\n{}", examples.concat()));
    sb.agentgen(["new", "backend-architect", "-a", "a.yaml"])
        .fails(2)
        .stderr_has("a.yaml:1: examples: has 11 items; at most 10 are allowed")
        .run();
}

#[test]
fn records_report_the_item_and_field() {
    let sb = Sandbox::new();
    sb.write(
        "a.yaml",
        "examples:\n  - context: c\n    user: u\n    assistant: a\n  - context: c\n    usr: u\n    assistant: a\n",
    );
    sb.agentgen(["new", "backend-architect", "-a", "a.yaml"])
        .fails(2)
        .stderr_has("examples: [1]: unknown field 'usr' (did you mean 'user'?)")
        .run();
}

#[test]
fn unknown_keys_suggest_the_closest_known_key() {
    let sb = Sandbox::new();
    sb.write("a.yaml", "model: opus\ncolour: blue\nzzz: 1\n");
    sb.agentgen(["new", "backend-architect", "-a", "a.yaml"])
        .fails(2)
        .stderr_has("a.yaml:2: colour: the role backend-architect has no question with this key; did you mean 'color'?")
        .stderr_has("a.yaml:3: zzz: the role backend-architect has no question with this key; `agentgen show backend-architect` lists them")
        .run();
}

#[test]
fn a_required_answer_cannot_be_emptied() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "backend-architect", "--set", "description="])
        .fails(2)
        .stderr_has("--set: description: needs a value; this question is required")
        .run();
    sb.write("blank.yaml", "title: '   '\n");
    sb.agentgen(["new", "backend-architect", "-a", "blank.yaml"])
        .fails(2)
        .stderr_has("blank.yaml:1: title: must not be empty")
        .run();
    std::fs::remove_file(sb.path().join("blank.yaml")).unwrap();
}

#[test]
fn malformed_yaml_reports_line_and_column() {
    let sb = Sandbox::new();
    sb.write("bad.yaml", "model: opus\ntools: [Read, Grep\ncolor: red\n");
    sb.agentgen(["new", "backend-architect", "-a", "bad.yaml"])
        .fails(2)
        .stderr_has("bad.yaml:3:6: did not find expected ',' or ']', while parsing a flow sequence at line 2 column 8")
        .stderr_has("Fix the YAML syntax")
        .run();
}

#[test]
fn duplicate_keys_are_refused() {
    let sb = Sandbox::new();
    sb.write("dup.yaml", "model: opus\nmodel: haiku\n");
    sb.agentgen(["new", "backend-architect", "-a", "dup.yaml"])
        .fails(2)
        .stderr_has("dup.yaml:2:1: duplicate key 'model'")
        .run();
}

#[test]
fn an_answers_file_must_be_a_mapping() {
    let sb = Sandbox::new();
    sb.write("list.yaml", "- model\n- opus\n");
    sb.agentgen(["new", "backend-architect", "-a", "list.yaml"])
        .fails(2)
        .stderr_has("list.yaml: an answers file must be a mapping of question keys to values")
        .run();
}

#[test]
fn a_missing_or_unreadable_answers_file_is_bad_input() {
    let sb = Sandbox::new();
    let stderr = sb
        .agentgen(["new", "backend-architect", "-a", "nope.yaml"])
        .fails(2)
        .stderr_has("cannot read the answers file nope.yaml")
        .stderr_has("caused by:")
        .run()
        .stderr;
    assert!(stderr.contains("No such file"), "{stderr}");
    std::fs::create_dir(sb.path().join("folder")).unwrap();
    sb.agentgen(["new", "backend-architect", "-a", "folder"])
        .fails(2)
        .stderr_has("it is a folder, not a file")
        .run();
    sb.write("latin1.yaml", b"model: \xe9\n");
    sb.agentgen(["new", "backend-architect", "-a", "latin1.yaml"])
        .fails(2)
        .stderr_has("latin1.yaml: the file is not UTF-8 text")
        .run();
}

#[test]
fn an_oversized_answers_file_is_refused_without_reading_it_whole() {
    let sb = Sandbox::new();
    let line = "# padding padding padding padding padding padding padding padding\n";
    sb.write("big.yaml", line.repeat(2 * 1024 * 1024 / line.len()));
    sb.agentgen(["new", "backend-architect", "-a", "big.yaml"])
        .fails(2)
        .stderr_has("larger than the 1024 KiB agentgen reads")
        .run();
}

#[test]
fn set_without_equals_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "backend-architect", "--set", "model"])
        .fails(2)
        .stderr_has("--set needs KEY=VALUE, got 'model'")
        .run();
}

#[test]
fn answers_for_skipped_questions_warn_but_do_not_fail() {
    let sb = Sandbox::new();
    let assert = sb
        .cmd([
            "new",
            "backend-architect",
            "--stdout",
            "--set",
            "insights_file=x.md",
        ])
        .assert()
        .success()
        .stderr(contains(
            "warning: --set: insights_file is ignored: that question applies only when `insights`",
        ));
    assert!(!stdout_of(assert).contains("x.md"));
}

#[test]
fn without_a_terminal_nothing_is_asked_and_defaults_apply() {
    let sb = Sandbox::new();
    let start = std::time::Instant::now();
    let out = stdout_of(sb.run(["new", "backend-architect", "--stdout"]));
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "never waits for input"
    );
    let defaults = stdout_of(sb.run(["new", "backend-architect", "--stdout", "--defaults"]));
    assert_eq!(out, defaults);
}

#[test]
fn saved_answers_replay_to_a_byte_identical_agent() {
    let sb = Sandbox::new();
    sb.write("mine.yaml", "description: |\n  Two lines\n  of text.\nmodel: null\ninsights: true\nexamples:\n  - {context: c, user: \"u: x\", assistant: a}\n");
    sb.run([
        "new",
        "backend-architect",
        "-a",
        "mine.yaml",
        "--set",
        "tools=[Read]",
        "--set",
        "title=lead: apis",
        "-o",
        "first",
        "--save-answers",
        "saved.yaml",
    ])
    .success()
    .stderr(contains("created saved.yaml"));
    let saved = sb.read("saved.yaml");
    assert!(saved.starts_with("# Answers for the agentgen role \"backend-architect\""));
    assert!(
        saved.contains("\nmodel: null\n"),
        "an emptied optional answer is kept as null:\n{saved}"
    );
    assert!(
        saved.contains("\ninsights_file: .claude/memory/insights.md\n"),
        "defaults are included"
    );
    sb.run([
        "new",
        "backend-architect",
        "-a",
        "saved.yaml",
        "-o",
        "second",
    ])
    .success();
    assert_eq!(
        sb.read("first/backend-architect.md"),
        sb.read("second/backend-architect.md")
    );
}

#[test]
fn save_answers_never_replaces_a_file_without_force() {
    let sb = Sandbox::new();
    sb.write("saved.yaml", "precious: true\n");
    // Neither the answers nor the agent are written.
    sb.agentgen(["new", "backend-architect", "--save-answers", "saved.yaml"])
        .fails(3)
        .stderr_has("saved.yaml already exists")
        .run();
    sb.run([
        "new",
        "backend-architect",
        "--save-answers",
        "saved.yaml",
        "--force",
    ])
    .success();
    assert!(sb.read("saved.yaml").contains("name: backend-architect"));
}

#[test]
fn save_answers_works_with_stdout() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.run([
        "new",
        "backend-architect",
        "--stdout",
        "--save-answers",
        "a.yaml",
    ]));
    AgentFile::parse(&out);
    assert!(sb.exists("a.yaml") && !sb.exists(".claude"));
}

#[test]
fn a_wrong_tool_name_is_refused_where_it_is_given_with_lints_suggestion() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "backend-architect", "--defaults"])
        .args(["--set", "tools=[Read, Grp]"])
        .fails(2)
        .stderr_has("--set: tools: [1]: 'Grp' must be a tool name such as Read or Bash(git diff:*), * for every tool, or an MCP tool such as mcp__github__create_issue (did you mean 'Grep'?)")
        .run();
    sb.write("a.yaml", "tools: Read, Grp\n");
    sb.agentgen(["new", "backend-architect", "--defaults", "-a", "a.yaml"])
        .fails(2)
        .stderr_has("a.yaml:1: tools: [1]: 'Grp' must be a tool name such as Read or Bash(git diff:*), * for every tool, or an MCP tool such as mcp__github__create_issue (did you mean 'Grep'?)")
        .run();
    // Command patterns and MCP tools are tools too.
    sb.agentgen(["new", "backend-architect", "--defaults", "--dry-run"])
        .args([
            "--set",
            "tools=[Read, Bash(git diff:*), mcp__github__create_issue]",
        ])
        .succeeds()
        .run();
}

#[test]
fn tools_and_disallowed_tools_are_checked_against_the_one_claude_table() {
    let sb = Sandbox::new();
    let new = || sb.agentgen(["new", "backend-architect", "--defaults"]);
    // A deny list gets the same check, and the same suggestion, as `tools`.
    new()
        .args(["--set", "disallowed_tools=[Read, Grp]"])
        .fails(2)
        .stderr_has("--set: disallowed_tools: [1]: 'Grp' must be a Claude Code tool name such as Edit, Write or Bash(rm:*), or an MCP tool such as mcp__github__delete_repo (did you mean 'Grep'?)")
        .run();
    // A retired tool would deny nothing: say what replaced it.
    new()
        .args(["--set", "disallowed_tools=[LS]"])
        .fails(2)
        .stderr_has(
            "disallowed_tools: [0]: 'LS' is no longer a Claude Code tool (use Glob or Bash(ls:*))",
        )
        .run();
    // A name near no tool: the table itself is the help.
    new()
        .args(["--set", "tools=[Frobnicate]"])
        .fails(2)
        .stderr_has("tools: [0]: 'Frobnicate' must be a tool name such as Read")
        .stderr_has("(Claude Code's tools are Agent, AskUserQuestion, Bash,")
        .run();
    // Rules in parentheses are still refused when malformed, by the pattern.
    new()
        .args(["--set", "disallowed_tools=[Bash(rm]"])
        .fails(2)
        .stderr_has("disallowed_tools: [0]: 'Bash(rm' must be a Claude Code tool name")
        .run();
    // Every tool in the table passes both questions (and so cannot drift
    // from a second list).
    new()
        .args([
            "--dry-run",
            "--set",
            "tools=[TaskStop, Monitor, Bash(ls:*), LS]",
        ])
        .args([
            "--set",
            "disallowed_tools=[Skill, SlashCommand, mcp__github__delete_repo]",
        ])
        .succeeds()
        .run();
}

#[test]
fn the_tool_questions_offer_exactly_the_tools_they_accept() {
    // The refusal of a name near no tool lists the table the check uses;
    // what the prompts offer (the questions' choices) must be that list, or
    // the two drift apart again.
    let sb = Sandbox::new();
    let stderr = sb
        .agentgen(["new", "backend-architect", "--defaults"])
        .args(["--set", "disallowed_tools=[Frobnicate]"])
        .fails(2)
        .run()
        .stderr;
    let (_, table) = stderr
        .split_once("Claude Code's tools are ")
        .unwrap_or_else(|| panic!("{stderr}"));
    let table: Vec<&str> = table[..table.find(')').unwrap()].split(", ").collect();
    assert!(table.contains(&"Grep") && table.len() > 10, "{table:?}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["show", "backend-architect", "--json"]))).unwrap();
    for key in ["tools", "disallowed_tools"] {
        let question = (json["questions"].as_array().unwrap().iter())
            .find(|q| q["key"] == key)
            .unwrap_or_else(|| panic!("no {key}"));
        let choices: Vec<&str> = (question["choices"].as_array().unwrap().iter())
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(choices, table, "{key}");
    }
}
