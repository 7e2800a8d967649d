//! `agentgen convert`: existing agent files, hand-written ones included,
//! written for other tools with the same checks and dropped-field report
//! as `new`.

use crate::support::*;

const HAND_WRITTEN: &str = "---\nname: helper\ndescription: Use it when things break\ntools: Read, Grep, Bash(git diff:*)\nmodel: opus\ncolor: green\nmaxTurns: 12\nmcpServers:\n  - gh:\n      command: npx\n      env:\n        TOKEN: not-a-reference\n---\nYou help.\n";

#[test]
fn a_hand_written_claude_agent_is_written_for_every_other_tool_and_lints_clean() {
    let sb = Sandbox::new();
    sb.write(".claude/agents/helper.md", HAND_WRITTEN);
    let out = sb
        .agentgen(["convert", ".claude/agents/helper.md", "--target", "all"])
        .succeeds()
        .run();
    assert!(
        out.stderr
            .contains("mcp_servers left out: Cursor has no field for them"),
        "{}",
        out.stderr
    );
    let gemini = AgentFile::parse(&sb.read(".gemini/agents/helper.md"));
    assert_eq!(gemini.fields["max_turns"].as_i64(), Some(12));
    assert_eq!(
        gemini.fields["mcp_servers"]["gh"]["env"]["TOKEN"],
        "${TOKEN}"
    );
    let opencode = AgentFile::parse(&sb.read(".opencode/agent/helper.md"));
    assert_eq!(opencode.fields["permission"]["websearch"], "deny");
    for path in [
        ".opencode/agent/helper.md",
        ".gemini/agents/helper.md",
        ".github/agents/helper.agent.md",
        ".cursor/agents/helper.md",
        ".codex/agents/helper.toml",
    ] {
        assert!(
            !sb.read(path).contains("not-a-reference"),
            "{path}: a literal secret was copied"
        );
    }
    // The Claude file itself is unchanged; every written file lints clean.
    assert_eq!(sb.read(".claude/agents/helper.md"), HAND_WRITTEN);
    sb.agentgen([
        "lint",
        "--strict",
        ".opencode",
        ".gemini",
        ".github",
        ".cursor",
        ".codex",
    ])
    .succeeds()
    .stdout_has("checked 5 files: 0 errors, 0 warnings")
    .run();
}

#[test]
fn convert_writes_under_out_and_refuses_to_replace_without_force() {
    let sb = Sandbox::new();
    sb.write("agents/helper.md", HAND_WRITTEN);
    sb.agentgen([
        "convert",
        "agents/helper.md",
        "--target",
        "codex",
        "-o",
        "out",
    ])
    .succeeds()
    .run();
    assert!(sb.exists("out/helper.toml"));
    sb.write(
        "agents/helper.md",
        HAND_WRITTEN.replace("You help.", "You help more."),
    );
    sb.agentgen([
        "convert",
        "agents/helper.md",
        "--target",
        "codex",
        "-o",
        "out",
    ])
    .fails(3)
    .run();
    sb.agentgen([
        "convert",
        "agents/helper.md",
        "--target",
        "codex",
        "-o",
        "out",
        "--force",
    ])
    .succeeds()
    .run();
    assert!(sb.read("out/helper.toml").contains("You help more."));
}

#[test]
fn a_file_no_reader_accepts_is_refused_and_nothing_is_written() {
    let sb = Sandbox::new();
    sb.write(".claude/agents/broken.md", "no frontmatter here\n");
    sb.write(".claude/agents/helper.md", HAND_WRITTEN);
    sb.agentgen([
        "convert",
        ".claude/agents/helper.md",
        ".claude/agents/broken.md",
        "--target",
        "gemini",
    ])
    .fails(2)
    .stderr_has("cannot be read as a Claude Code agent")
    .run();
}
