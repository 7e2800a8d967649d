//! Copilot CLI also loads the Claude Code agents in `.claude/agents`. The
//! Claude file keeps `color` (Claude Code shows it; Copilot passes over a
//! key it does not know, see src/target/copilot.rs for the evidence), and
//! Copilot's own file never has one.

use crate::support::*;

#[test]
fn with_claude_and_copilot_only_claudes_file_has_a_colour_and_both_lint_clean() {
    let sb = Sandbox::new();
    let out = sb
        .agentgen([
            "new",
            "backend-architect",
            "--defaults",
            "--set",
            "color=green",
        ])
        .args(["--target", "claude", "--target", "copilot", "--json"])
        .succeeds()
        .run();
    let claude = AgentFile::parse(&sb.read(".claude/agents/backend-architect.md"));
    assert_eq!(claude.str("color"), Some("green"));
    let copilot = AgentFile::parse(&sb.read(".github/agents/backend-architect.agent.md"));
    assert!(copilot.str("color").is_none());
    // Copilot's dropping of the colour is said, not silent.
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let colour = report["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["target"] == "copilot" && d["answers"][0] == "color");
    assert!(colour.is_some(), "{report:#}");
    sb.agentgen(["lint", "--strict", ".claude", ".github"])
        .succeeds()
        .stdout_has("checked 2 files: 0 errors, 0 warnings")
        .run();
}

#[test]
fn lint_warns_about_a_colour_in_copilots_own_file() {
    let sb = Sandbox::new();
    sb.write(
        ".github/agents/a.agent.md",
        "---\nname: a\ndescription: Use it.\ncolor: green\n---\nDo it.\n",
    );
    sb.agentgen(["lint", ".github"])
        .succeeds()
        .stdout_has("unknown field `color`")
        .run();
}
