//! `--json` on `new`, `kit` and `convert`: one JSON document on standard
//! output naming every file and what was done to it, and every answer a
//! target left out, with the same notes still said on standard error; and
//! Codex skills written, not dropped.

use serde_json::Value;

use crate::support::*;

/// Skills and MCP servers: Cursor has a field for neither.
const SKILLS_AND_SERVERS: [&str; 4] = [
    "--set",
    "skills=[pdf, frontend-design]",
    "--set",
    "mcp_servers=[{name: github, command: npx, args: [-y, server-github]}]",
];

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}):\n{stdout}"))
}

fn list<'a>(report: &'a Value, key: &str) -> &'a Vec<Value> {
    report[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is not a list: {report:#}"))
}

/// The dropped entries of one target and agent.
fn dropped<'a>(report: &'a Value, target: &str, agent: &str) -> Vec<&'a Value> {
    list(report, "dropped")
        .iter()
        .filter(|d| d["target"] == target && d["agent"] == agent)
        .collect()
}

/// Every answer key a target left out for an agent.
fn dropped_answers(report: &Value, target: &str, agent: &str) -> Vec<String> {
    let entries = dropped(report, target, agent);
    entries
        .iter()
        .flat_map(|d| d["answers"].as_array().unwrap())
        .map(|a| a.as_str().unwrap().to_owned())
        .collect()
}

/// Every entry's line is also said on standard error, after its target.
fn said_on_stderr(report: &Value, stderr: &str) {
    for entry in list(report, "dropped")
        .iter()
        .chain(list(report, "adapted"))
    {
        let note = entry["note"].as_str().unwrap();
        assert!(!note.is_empty() && entry["reason"].as_str().is_some_and(|r| note.ends_with(r)));
        assert!(
            stderr.contains(note),
            "{note:?} is not on standard error:\n{stderr}"
        );
    }
}

#[test]
fn new_json_lists_the_files_and_what_cursor_and_codex_drop() {
    let sb = Sandbox::new();
    let out = sb
        .agentgen(["new", "backend-architect", "--defaults", "--json"])
        .args(["--target", "cursor", "--target", "codex"])
        .args(SKILLS_AND_SERVERS)
        .succeeds()
        .run();
    let report = json(&out.stdout);
    assert_eq!(report["dry_run"], false);
    let files = list(&report, "files");
    let rows: Vec<(&str, &str, &str)> = files
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or("-");
            (text("path"), text("target"), text("action"))
        })
        .collect();
    assert_eq!(
        rows,
        [
            (".cursor/agents/backend-architect.md", "cursor", "created"),
            (".codex/agents/backend-architect.toml", "codex", "created"),
            ("agentgen.yaml", "-", "created"),
            ("agentgen.lock", "-", "created"),
        ]
    );
    assert!(
        files
            .iter()
            .take(2)
            .all(|f| f["agent"] == "backend-architect")
    );
    let cursor = dropped_answers(&report, "cursor", "backend-architect");
    for key in ["skills", "mcp_servers", "color", "model"] {
        assert!(cursor.contains(&key.to_owned()), "{key}: {cursor:?}");
    }
    let skills_row = dropped(&report, "cursor", "backend-architect")
        .into_iter()
        .find(|d| {
            d["answers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "skills")
        })
        .unwrap();
    assert_eq!(skills_row["reason"], "Cursor has no field for them");
    assert_eq!(skills_row["source"], Value::Null);
    // Codex writes both: skills as rules, the server as a table.
    let codex = dropped_answers(&report, "codex", "backend-architect");
    assert!(
        !codex.iter().any(|a| a == "skills" || a == "mcp_servers"),
        "{codex:?}"
    );
    assert_eq!(codex.len(), 2, "model and color only: {codex:?}");
    said_on_stderr(&report, &out.stderr);
    assert!(
        out.stderr
            .contains("created .cursor/agents/backend-architect.md")
    );
}

#[test]
fn a_run_with_nothing_dropped_says_so_with_empty_lists() {
    let sb = Sandbox::new();
    let out = sb
        .agentgen(["new", "backend-architect", "--defaults", "--json"])
        .args(SKILLS_AND_SERVERS)
        .succeeds()
        .run();
    let report = json(&out.stdout);
    assert_eq!(list(&report, "dropped").len(), 0, "{report:#}");
    assert_eq!(list(&report, "adapted").len(), 0, "{report:#}");
    assert_eq!(list(&report, "files")[0]["target"], "claude");
    assert!(!out.stderr.contains("left out"), "{}", out.stderr);
}

#[test]
fn a_dry_run_reports_what_it_would_do_and_writes_nothing() {
    let sb = Sandbox::new();
    sb.run(["new", "backend-architect", "--defaults"]);
    let out = sb
        .agentgen([
            "new",
            "backend-architect",
            "--defaults",
            "--dry-run",
            "--json",
        ])
        .args(["--set", "title=principal architect"])
        .succeeds()
        .writes_nothing()
        .run();
    let report = json(&out.stdout);
    assert_eq!(report["dry_run"], true);
    let actions: Vec<&str> = list(&report, "files")
        .iter()
        .map(|f| f["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["replaced", "replaced", "replaced"], "{report:#}");
    assert!(!out.stdout.contains("would "), "no text plan on stdout");
}

#[test]
fn json_with_stdout_is_refused() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "backend-architect", "--defaults", "--stdout", "--json"])
        .fails(2)
        .stderr_has("--json prints a report of the files on standard output, where --stdout prints the agent itself")
        .stdout_is("")
        .run();
}

#[test]
fn kit_json_lists_every_members_dropped_answers() {
    let sb = Sandbox::new();
    let out = sb
        .agentgen([
            "kit",
            "quality-gate",
            "--defaults",
            "--json",
            "--target",
            "cursor",
        ])
        .args(SKILLS_AND_SERVERS)
        .succeeds()
        .run();
    let report = json(&out.stdout);
    let members = [
        "code-reviewer",
        "test-reviewer",
        "security-auditor",
        "architecture-reviewer",
    ];
    for member in members {
        let answers = dropped_answers(&report, "cursor", member);
        for key in ["skills", "mcp_servers"] {
            assert!(
                answers.contains(&key.to_owned()),
                "{member} {key}: {answers:?}"
            );
        }
        let path = format!(".cursor/agents/{member}.md");
        let row = list(&report, "files")
            .iter()
            .find(|f| f["path"] == path.as_str());
        assert_eq!(row.expect(&path)["agent"], member);
    }
    assert_eq!(
        list(&report, "files").len(),
        members.len() + 2,
        "{report:#}"
    );
    said_on_stderr(&report, &out.stderr);
}

#[test]
fn kit_plugin_json_lists_the_fields_a_plugin_ignores_per_agent() {
    let sb = Sandbox::new();
    let out = sb
        .agentgen([
            "kit",
            "quality-gate",
            "--defaults",
            "--json",
            "--plugin",
            "plug",
        ])
        .args(["--set", "initial_prompt=Read the diff first."])
        .succeeds()
        .run();
    let report = json(&out.stdout);
    for member in ["code-reviewer", "security-auditor"] {
        let answers = dropped_answers(&report, "claude", member);
        assert!(
            answers.contains(&"initial_prompt".to_owned()),
            "{member}: {report:#}"
        );
    }
    let paths: Vec<&str> = list(&report, "files")
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"plug/.claude-plugin/plugin.json"),
        "{paths:?}"
    );
}

const HAND_WRITTEN: &str = "---\nname: helper\ndescription: Use it when things break.\ntools: Read, Grep\nskills: [pdf]\nmcpServers:\n  - gh:\n      command: npx\n---\nYou help.\n";

#[test]
fn convert_json_lists_what_cursor_drops_from_each_source() {
    let sb = Sandbox::new();
    sb.write(".claude/agents/helper.md", HAND_WRITTEN);
    let out = sb
        .agentgen(["convert", ".claude/agents/helper.md", "--json"])
        .args(["--target", "cursor", "--target", "codex"])
        .succeeds()
        .run();
    let report = json(&out.stdout);
    let cursor = dropped(&report, "cursor", "helper");
    let answers = dropped_answers(&report, "cursor", "helper");
    assert!(answers.contains(&"skills".to_owned()), "{answers:?}");
    assert!(answers.contains(&"mcp_servers".to_owned()), "{answers:?}");
    assert!(
        cursor
            .iter()
            .all(|d| d["source"] == ".claude/agents/helper.md")
    );
    let codex = dropped_answers(&report, "codex", "helper");
    assert_eq!(
        codex,
        ["tools"],
        "Codex writes skills and servers: {report:#}"
    );
    let actions: Vec<(&str, &str)> = list(&report, "files")
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            (".cursor/agents/helper.md", "created"),
            (".codex/agents/helper.toml", "created"),
        ]
    );
    said_on_stderr(&report, &out.stderr);
}

#[test]
fn convert_json_with_nothing_dropped_has_empty_lists() {
    let sb = Sandbox::new();
    sb.write(".claude/agents/helper.md", HAND_WRITTEN);
    let out = sb
        .agentgen([
            "convert",
            ".claude/agents/helper.md",
            "--json",
            "--target",
            "copilot",
        ])
        .succeeds()
        .run();
    let report = json(&out.stdout);
    assert_eq!(list(&report, "dropped").len(), 0, "{report:#}");
    assert_eq!(list(&report, "files").len(), 1);
}

#[test]
fn codex_writes_skills_as_skill_rules_and_lint_accepts_them() {
    let sb = Sandbox::new();
    let out = sb
        .agentgen([
            "new",
            "backend-architect",
            "--defaults",
            "--target",
            "codex",
        ])
        .args(["--set", "skills=[pdf]"])
        .succeeds()
        .run();
    assert!(!out.stderr.contains("skills"), "{}", out.stderr);
    let codex: toml::Table =
        toml::from_str(&sb.read(".codex/agents/backend-architect.toml")).unwrap();
    let rule = &codex["skills"]["config"][0];
    assert_eq!(rule["name"].as_str(), Some("pdf"));
    assert_eq!(rule["enabled"].as_bool(), Some(true));
    sb.agentgen(["lint", "--strict", ".codex"])
        .succeeds()
        .stdout_has("0 errors, 0 warnings")
        .run();
    // What Codex would refuse, lint refuses.
    let text = sb.read(".codex/agents/backend-architect.toml");
    let broken = text.replace("enabled = true\n", "");
    sb.write(".codex/agents/backend-architect.toml", broken);
    sb.agentgen(["lint", ".codex"])
        .fails(1)
        .stdout_has("needs `enabled = true` or `enabled = false`")
        .run();
}

#[test]
fn a_marketplace_extended_after_the_plugin_is_the_last_file_updated() {
    let sb = Sandbox::new();
    sb.run([
        "kit",
        "quality-gate",
        "--defaults",
        "--marketplace",
        "market",
    ]);
    let out = sb
        .agentgen([
            "kit",
            "startup",
            "--defaults",
            "--marketplace",
            "market",
            "--json",
        ])
        .succeeds()
        .run();
    let report = json(&out.stdout);
    let last = list(&report, "files").last().unwrap();
    assert_eq!(last["path"], "market/.claude-plugin/marketplace.json");
    assert_eq!(last["action"], "updated");
    assert_eq!(last["target"], Value::Null);
    assert!(
        sb.read("market/.claude-plugin/marketplace.json")
            .contains("startup")
    );
}
