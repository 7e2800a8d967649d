//! `agentgen kit`: teams of agents, shared answers, all or nothing, and
//! plugin output.

use predicates::str::contains;

use crate::support::*;

const KITS: &[&str] = &[
    "startup",
    "backend",
    "frontend",
    "security",
    "data",
    "full-stack",
    "ai-product",
    "quality-gate",
    "platform",
    "modernization",
];

/// Every agent file in `dir`, by file name.
fn agents_in(sb: &Sandbox, dir: &str) -> Vec<(String, AgentFile)> {
    let mut files: Vec<_> = std::fs::read_dir(sb.path().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let agent = AgentFile::parse(&sb.read(&format!("{dir}/{f}")));
            (f, agent)
        })
        .collect()
}

#[test]
fn every_built_in_kit_writes_every_agent_with_defaults() {
    for kit in KITS {
        let sb = Sandbox::new();
        let show = stdout_of(sb.run(["show", kit]));
        let members = show
            .lines()
            .skip_while(|l| *l != "Agents:")
            .skip(1)
            .take_while(|l| !l.is_empty())
            .count();
        assert!(members >= 4, "{kit}: {show}");
        sb.run(["kit", kit, "--defaults"]).success();
        let agents = agents_in(&sb, ".claude/agents");
        assert_eq!(agents.len(), members, "{kit}");
        for (file, agent) in agents {
            assert_eq!(format!("{}.md", agent.str("name").unwrap()), file);
            let description = agent.str("description").unwrap();
            assert!(
                description.starts_with("Use this agent"),
                "{kit}/{file}: {description}"
            );
            assert!(description.contains("<example>"), "{kit}/{file}");
        }
    }
}

#[test]
fn the_startup_kit_has_its_five_agents() {
    let sb = Sandbox::new();
    sb.run(["kit", "startup", "--defaults"]).success();
    let names: Vec<String> = agents_in(&sb, ".claude/agents")
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        names,
        [
            "backend-architect.md",
            "code-reviewer.md",
            "devops-engineer.md",
            "frontend-developer.md",
            "test-engineer.md"
        ]
    );
}

#[test]
fn the_quality_gate_kit_is_read_only() {
    let sb = Sandbox::new();
    sb.run(["kit", "quality-gate", "--defaults"]).success();
    let agents = agents_in(&sb, ".claude/agents");
    assert_eq!(agents.len(), 4);
    for (file, agent) in agents {
        let tools = agent
            .str("tools")
            .unwrap_or_else(|| panic!("{file} lists no tools"));
        for tool in tools.split(", ") {
            assert!(
                !["Edit", "Write", "NotebookEdit"].contains(&tool),
                "{file} may edit files: {tools}"
            );
        }
    }
}

#[test]
fn the_ai_product_kit_audits_against_the_llm_top_10() {
    let sb = Sandbox::new();
    sb.run(["kit", "ai-product", "--defaults"]).success();
    let auditor = AgentFile::parse(&sb.read(".claude/agents/security-auditor.md"));
    assert!(
        auditor
            .body
            .contains("the OWASP Top 10 for LLM Applications"),
        "{}",
        auditor.body
    );
}

#[test]
fn shared_answers_reach_every_agent_that_asks_them() {
    let sb = Sandbox::new();
    sb.write("team.yaml", "project: Acme Payments\nmodel: opus\n");
    sb.run([
        "kit",
        "startup",
        "-a",
        "team.yaml",
        "--set",
        "languages=[Elixir]",
    ])
    .success();
    for (file, agent) in agents_in(&sb, ".claude/agents") {
        assert_eq!(agent.str("model"), Some("opus"), "{file}");
        assert!(
            agent.body.contains("Acme Payments"),
            "{file} does not name the project"
        );
    }
    let backend = AgentFile::parse(&sb.read(".claude/agents/backend-architect.md"));
    assert!(
        backend.body.contains("- Languages: Elixir\n"),
        "{}",
        backend.body
    );
}

#[test]
fn per_agent_answers_beat_shared_ones() {
    let sb = Sandbox::new();
    sb.write(
        "team.yaml",
        "model: opus\nagents:\n  code-reviewer:\n    model: haiku\n    color: red\n",
    );
    sb.run([
        "kit",
        "startup",
        "-a",
        "team.yaml",
        "--set",
        "test-engineer.model=sonnet",
    ])
    .success();
    let model = |name: &str| {
        AgentFile::parse(&sb.read(&format!(".claude/agents/{name}.md")))
            .str("model")
            .map(str::to_owned)
    };
    assert_eq!(model("code-reviewer").as_deref(), Some("haiku"));
    assert_eq!(model("test-engineer").as_deref(), Some("sonnet"));
    assert_eq!(model("backend-architect").as_deref(), Some("opus"));
}

#[test]
fn a_conflict_on_the_fifth_file_writes_nothing_at_all() {
    let sb = Sandbox::new();
    sb.write(".claude/agents/test-engineer.md", "our own test engineer\n");
    sb.agentgen(["kit", "startup", "--defaults"])
        .fails(3)
        .stderr_has("the kit startup cannot be written (1 problem); nothing was written")
        .stderr_has(".claude/agents/test-engineer.md already exists")
        .stderr_has("--force")
        .run();
    sb.run(["kit", "startup", "--defaults", "--force"])
        .success();
    assert!(
        sb.read(".claude/agents/test-engineer.md")
            .starts_with("---\nname: test-engineer\n")
    );
}

#[test]
fn every_conflict_is_listed() {
    let sb = Sandbox::new();
    sb.write(".claude/agents/test-engineer.md", "x\n");
    sb.write(".claude/agents/backend-architect.md", "y\n");
    sb.agentgen(["kit", "startup", "--dry-run"])
        .fails(3)
        .stderr_has("(2 problems)")
        .stderr_has("backend-architect.md already exists")
        .stderr_has("test-engineer.md already exists")
        .run();
    sb.run(["kit", "startup", "--dry-run", "--force"])
        .success()
        .stdout(contains(
            "would replace .claude/agents/backend-architect.md",
        ))
        .stdout(contains("would create .claude/agents/code-reviewer.md"));
}

const USER_KIT: &str = "\
name: api-team
summary: Two backend architects with different jobs.
questions:
  - use: team
agents:
  - role: backend-architect
    name: payments-architect
    answers:
      title: payments architect
      color: green
  - role: backend-architect
    name: platform-architect
    answers:
      title: platform architect
";

#[test]
fn a_user_kit_file_works() {
    let sb = Sandbox::new();
    sb.write("api-team.yaml", USER_KIT);
    sb.run([
        "kit",
        "./api-team.yaml",
        "-o",
        "out",
        "--set",
        "project=Ledger",
    ])
    .success();
    let agents = agents_in(&sb, "out");
    assert_eq!(agents.len(), 2);
    let (_, payments) = &agents[0];
    assert_eq!(payments.str("name"), Some("payments-architect"));
    assert_eq!(payments.str("color"), Some("green"));
    assert!(payments.body.starts_with("You are a payments architect"));
    assert!(payments.body.contains("Ledger"));
    assert!(agents[1].1.body.starts_with("You are a platform architect"));
}

#[test]
fn a_user_kit_file_needs_only_its_agents() {
    let sb = Sandbox::new();
    sb.write(
        "reviewers.yaml",
        "agents:\n  - role: code-reviewer\n  - role: security-auditor\n",
    );
    sb.run(["kit", "reviewers.yaml", "-o", "out"]).success();
    let agents = agents_in(&sb, "out");
    assert_eq!(agents.len(), 2);
    let saved = sb.path().join("saved.yaml");
    sb.agentgen(["kit", "reviewers.yaml", "-o", "out2", "--save-answers"])
        .arg(&saved)
        .succeeds()
        .run();
    assert!(
        sb.read("saved.yaml").contains("agentgen kit reviewers "),
        "the kit is named after its file: {}",
        sb.read("saved.yaml")
    );
}

#[test]
fn a_broken_kit_file_is_called_a_kit_definition() {
    let sb = Sandbox::new();
    sb.write("k.yaml", "agents:\n  - rol: code-reviewer\n");
    sb.agentgen(["kit", "k.yaml"])
        .fails(1)
        .stderr_has("error: kit definition k.yaml")
        .stderr_lacks("role definition")
        .run();
}

#[test]
fn duplicate_and_invalid_agent_names_are_all_listed_before_anything_is_asked() {
    let sb = Sandbox::new();
    sb.write(
        "bad.yaml",
        "name: bad-team\nsummary: s\nagents:\n  - role: backend-architect\n  - role: backend-architect\n  - role: backend-architect\n    name: Bad Name\n",
    );
    sb.agentgen(["kit", "bad.yaml"])
        .fails(2)
        .stderr_has("(2 problems)")
        .stderr_has("agents 1 and 2 are both named 'backend-architect'")
        .stderr_has("agent 3 (backend-architect): 'Bad Name' cannot be an agent name")
        .run();
}

#[test]
fn answers_for_unknown_agents_or_keys_are_refused_with_suggestions() {
    let sb = Sandbox::new();
    sb.write(
        "team.yaml",
        "projet: x\nagents:\n  code-reviewr:\n    model: opus\n",
    );
    sb.agentgen(["kit", "startup", "-a", "team.yaml"])
        .fails(2)
        .stderr_has("projet: neither the kit startup nor any of its roles asks this; did you mean 'project'?")
        .stderr_has("agents.code-reviewr: the kit startup has no agent named 'code-reviewr'; did you mean 'code-reviewer'?")
        .run();
    sb.agentgen(["kit", "startup", "--set", "name=x"])
        .fails(2)
        .stderr_has("an agent name cannot be shared")
        .run();
}

#[test]
fn a_kit_cannot_go_to_standard_output() {
    let sb = Sandbox::new();
    sb.agentgen(["kit", "startup", "--stdout"])
        .fails(2)
        .stderr_has("cannot go to standard output")
        .run();
}

#[test]
fn plugin_output_is_a_claude_code_plugin() {
    let sb = Sandbox::new();
    sb.run([
        "kit",
        "startup",
        "--plugin",
        "acme-agents",
        "--set",
        "plugin_name=acme-agents",
        "--set",
        "plugin_version=1.2.0",
        "--set",
        "plugin_author=Acme Platform Team",
        "--set",
        "plugin_email=platform@acme.test",
    ])
    .success();
    let manifest: serde_json::Value =
        serde_json::from_str(&sb.read("acme-agents/.claude-plugin/plugin.json")).unwrap();
    assert_eq!(manifest["name"], "acme-agents");
    assert_eq!(manifest["version"], "1.2.0");
    assert!(
        manifest["description"]
            .as_str()
            .unwrap()
            .contains("backend architect")
    );
    assert_eq!(manifest["author"]["name"], "Acme Platform Team");
    assert_eq!(manifest["author"]["email"], "platform@acme.test");
    let agents = agents_in(&sb, "acme-agents/agents");
    assert_eq!(agents.len(), 5);
    let readme = sb.read("acme-agents/README.md");
    assert!(readme.starts_with("# acme-agents\n"));
    for (file, _) in &agents {
        let name = file.trim_end_matches(".md");
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "{name} missing from the README"
        );
    }
    assert!(!sb.exists(".claude"), "a plugin goes only into its folder");
}

#[test]
fn plugin_answers_are_checked() {
    let sb = Sandbox::new();
    sb.agentgen([
        "kit",
        "startup",
        "--plugin",
        "p",
        "--set",
        "plugin_version=one",
    ])
    .fails(2)
    .stderr_has("plugin_version: 'one' must be a semantic version such as 1.0.0")
    .run();
}

#[test]
fn kit_answers_replay_to_identical_files() {
    let sb = Sandbox::new();
    sb.write(
        "team.yaml",
        "project: Replay\nagents:\n  code-reviewer:\n    model: null\n",
    );
    sb.run([
        "kit",
        "startup",
        "-a",
        "team.yaml",
        "-o",
        "first",
        "--save-answers",
        "saved.yaml",
    ])
    .success();
    sb.run(["kit", "startup", "-a", "saved.yaml", "-o", "second"])
        .success();
    for (file, _) in agents_in(&sb, "first") {
        assert_eq!(
            sb.read(&format!("first/{file}")),
            sb.read(&format!("second/{file}")),
            "{file}"
        );
    }
    assert!(
        AgentFile::parse(&sb.read("second/code-reviewer.md"))
            .str("model")
            .is_none()
    );
}

#[test]
fn list_show_and_answers_cover_kits() {
    let sb = Sandbox::new();
    sb.run(["list"])
        .success()
        .stdout(contains("Kits:"))
        .stdout(contains(
            "backend-architect, frontend-developer, devops-engineer, test-engineer, code-reviewer",
        ));
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["list", "--json"]))).unwrap();
    assert!(
        json["kits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["name"] == "startup")
    );
    sb.run(["show", "startup"])
        .success()
        .stdout(contains("Shared questions"));
    let answers = stdout_of(sb.run(["answers", "startup"]));
    sb.write("answers.yaml", &answers);
    sb.run(["kit", "startup", "-a", "answers.yaml", "-o", "a"])
        .success();
    sb.run(["kit", "startup", "--defaults", "-o", "b"])
        .success();
    for (file, _) in agents_in(&sb, "a") {
        assert_eq!(sb.read(&format!("a/{file}")), sb.read(&format!("b/{file}")));
    }
    sb.agentgen(["show", "nope"])
        .fails(2)
        .stderr_has("there is no role or kit named 'nope'")
        .run();
}

/// A kit file of `count` members of a custom role `r`, each with the
/// answer `mark: m<i>`.
fn many_member_kit(sb: &Sandbox, count: usize) {
    custom_role(
        sb,
        "t",
        "r",
        "  - key: mark\n    prompt: Mark\n    type: string\n    default: none\n",
        "Agent {{ name }} marked {{ mark }}.\n{% if mark == 'm7' %}{{ seventh_is_undefined }}{% elif mark == 'm30' %}{{ thirtieth_is_undefined }}{% endif %}\n",
    );
    let mut kit = String::from("name: many\nsummary: Many agents.\nagents:\n");
    for i in 0..count {
        kit.push_str(&format!(
            "  - role: r\n    name: agent-{i}\n    answers:\n      mark: x{i}\n"
        ));
    }
    sb.write("many.yaml", kit);
}

#[test]
fn a_large_kit_renders_every_member_in_order() {
    // Large enough to be rendered on several threads where there are
    // several cores; the files and messages must not show it.
    let sb = Sandbox::new();
    many_member_kit(&sb, 64);
    let assert = sb
        .run([
            "--templates",
            "t",
            "kit",
            "many.yaml",
            "--defaults",
            "-o",
            "out",
        ])
        .success();
    let stderr = stderr_of(&assert);
    let created: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("created"))
        .collect();
    let expected: Vec<String> = (0..64)
        .map(|i| format!("created out{}agent-{i}.md", std::path::MAIN_SEPARATOR))
        .collect();
    assert_eq!(created, expected);
    for i in [0, 31, 63] {
        let text = sb.read(&format!("out/agent-{i}.md"));
        assert!(
            text.contains(&format!("Agent agent-{i} marked x{i}.")),
            "{text}"
        );
    }
}

#[test]
fn the_first_failing_member_of_a_large_kit_is_reported_and_nothing_is_written() {
    let sb = Sandbox::new();
    many_member_kit(&sb, 64);
    let kit = sb
        .read("many.yaml")
        .replace("mark: x7\n", "mark: m7\n")
        .replace("mark: x30\n", "mark: m30\n");
    sb.write("many.yaml", kit);
    // Nothing is written.
    let stderr = sb
        .agentgen([
            "--templates",
            "t",
            "kit",
            "many.yaml",
            "--defaults",
            "-o",
            "out",
        ])
        .fails(1)
        .run()
        .stderr;
    let note = format!(
        "note: templates from outside agentgen are in use:\n  {} (--templates): 2 files\n",
        sb.path().join("t").display()
    );
    assert!(
        stderr.starts_with(&format!("{note}error: agent 'agent-7' (r role): template ")),
        "the member is named: {stderr}"
    );
    assert!(stderr.contains("seventh_is_undefined"), "{stderr}");
    assert!(!stderr.contains("thirtieth"), "{stderr}");
}

#[test]
fn every_problem_under_agents_is_reported_at_once_with_its_line() {
    let sb = Sandbox::new();
    sb.write(
        "team.yaml",
        "project: Acme\n\
         agents:\n\
         \x20 code-reviewr:\n\
         \x20   strictness: strict\n\
         \x20   model: opus\n\
         \x20 frontend-develper:\n\
         \x20   frameworks: [React]\n\
         \x20 test-engineer:\n\
         \x20   nope: 1\n\
         \x20 code-reviewer:\n\
         \x20   strictness: strictt\n",
    );
    sb.agentgen(["kit", "startup", "-a", "team.yaml", "--defaults"])
        .args(["--set", "devops-engineer.model=gpt"])
        .fails(2)
        .stderr_has("error: 5 problems in the answers; nothing was written:")
        .stderr_has("team.yaml:3: agents.code-reviewr: the kit startup has no agent named 'code-reviewr'; did you mean 'code-reviewer'?")
        .stderr_has("team.yaml:6: agents.frontend-develper: the kit startup has no agent named 'frontend-develper'")
        .stderr_has("team.yaml:9: agents.test-engineer.nope: the role test-engineer has no question with this key")
        .stderr_has("team.yaml:11: agents.code-reviewer.strictness: 'strictt' is not one of lenient, balanced, strict")
        .stderr_has("--set: agents.devops-engineer.model:")
        .run();
}
