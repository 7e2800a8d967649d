//! agentgen's insights file protocol used to be the answer `memory` (with
//! `memory_file`, `memory_section`, ...), which a reader could take for
//! Claude Code's own `memory` field. It is now `insights`; an answer that
//! still uses an old key, from any source (answers file, `--set`, a kit's
//! per-agent answers, the project manifest read by `sync`), is refused
//! with exit 2, nothing written, and the new name, never silently dropped.

use crate::support::*;

const NOTE: &str = "(Claude Code's own memory is `memory_scope`)";

/// The message for one old key, as it follows `ORIGIN: KEY: `.
fn renamed(old: &str, new: &str) -> String {
    format!("{old}: `{old}` is now `{new}` {NOTE}")
}

#[test]
fn an_answers_file_with_an_old_key_is_refused_at_its_line() {
    let sb = Sandbox::new();
    sb.write("a.yaml", "model: opus\nmemory: true\n");
    sb.agentgen(["new", "backend-architect", "--defaults", "-a", "a.yaml"])
        .fails(2)
        .stderr_has(format!("a.yaml:2: {}", renamed("memory", "insights")))
        .stderr_has("nothing was written")
        .run();
}

#[test]
fn every_old_key_is_refused_with_its_new_name() {
    // A saved answers file from before the rename holds all of them.
    let old = [
        ("memory", "insights", "true"),
        ("memory_file", "insights_file", "docs/notes.md"),
        ("memory_section", "insights_section", "Platform"),
        ("memory_layout_title", "insights_layout_title", "Layout"),
        ("memory_layout", "insights_layout", "[{heading: Work}]"),
    ];
    let sb = Sandbox::new();
    let saved: String = (old.iter())
        .map(|(key, _, value)| format!("{key}: {value}\n"))
        .collect();
    sb.write("saved.yaml", format!("name: platform\n{saved}"));
    let mut run = sb
        .agentgen(["new", "backend-architect", "--defaults", "-a", "saved.yaml"])
        .fails(2)
        .stderr_has(format!("{} problems in the answers", old.len()));
    for (line, (key, new, _)) in old.iter().enumerate() {
        run = run.stderr_has(format!("saved.yaml:{}: {}", line + 2, renamed(key, new)));
    }
    run.run();
    for (key, new, value) in old {
        sb.agentgen(["new", "code-reviewer", "--defaults", "--set"])
            .arg(format!("{key}={value}"))
            .fails(2)
            .stderr_has(format!("--set: {}", renamed(key, new)))
            .run();
    }
}

#[test]
fn the_new_keys_are_taken_and_claude_memory_stays_apart() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.run([
        "new",
        "code-reviewer",
        "--defaults",
        "--stdout",
        "--set",
        "insights=true",
        "--set",
        "insights_file=docs/notes.md",
        "--set",
        "insights_section=Reviews",
        "--set",
        "memory_scope=project",
    ]));
    let agent = AgentFile::parse(&out);
    assert_eq!(agent.str("memory"), Some("project"), "Claude's own field");
    assert!(out.contains("## Memory Integration Protocol"), "{out}");
    assert!(
        out.contains("look for the heading \"## Reviews\" in @docs/notes.md"),
        "{out}"
    );
}

#[test]
fn a_kit_refuses_an_old_shared_key_and_an_old_per_agent_key() {
    let sb = Sandbox::new();
    sb.agentgen(["kit", "startup", "--defaults", "--set", "memory=true"])
        .fails(2)
        .stderr_has(format!("--set: {}", renamed("memory", "insights")))
        .run();
    sb.write(
        "k.yaml",
        "insights: true\nagents:\n  code-reviewer:\n    memory_section: Reviews\n",
    );
    sb.agentgen(["kit", "startup", "--defaults", "-a", "k.yaml"])
        .fails(2)
        .stderr_has(format!(
            "k.yaml:4: agents.code-reviewer.{}",
            renamed("memory_section", "insights_section")
        ))
        .run();
}

#[test]
fn sync_refuses_a_manifest_recorded_with_an_old_key() {
    let sb = Sandbox::new();
    std::fs::create_dir(sb.path().join(".git")).unwrap();
    let agent = "agents:\n  code-reviewer:\n    role: code-reviewer\n    answers:\n";
    sb.write(
        "agentgen.yaml",
        format!("targets: [claude]\n{agent}      memory: true\n"),
    );
    sb.agentgen(["sync"])
        .fails(2)
        .stderr_has(format!(
            "agentgen.yaml:3: {}",
            renamed("memory", "insights")
        ))
        .run();
    sb.write(
        "agentgen.yaml",
        "targets: [claude]\nkits:\n  startup:\n    answers:\n      memory_file: x.md\n",
    );
    sb.agentgen(["sync"])
        .fails(2)
        .stderr_has(format!(
            "agentgen.yaml:3: {}",
            renamed("memory_file", "insights_file")
        ))
        .run();
    // With the new key the same manifest syncs.
    sb.write(
        "agentgen.yaml",
        format!("targets: [claude]\n{agent}      insights: true\n"),
    );
    sb.run(["sync"]).success();
    assert!(
        (sb.read(".claude/agents/code-reviewer.md")).contains("## Memory Integration Protocol")
    );
}

#[test]
fn a_custom_role_that_asks_memory_itself_keeps_it() {
    // The rename is about agentgen's built-in question set: a user's own
    // role may still ask a question called `memory`.
    let sb = Sandbox::new();
    custom_role(
        &sb,
        "t",
        "helper",
        "  - key: memory\n    prompt: Remember?\n    type: bool\n    default: false\n",
        "{% if memory %}Remember.{% endif %}\n",
    );
    let out = stdout_of(sb.run([
        "--templates",
        "t",
        "new",
        "helper",
        "--defaults",
        "--stdout",
        "--set",
        "memory=true",
    ]));
    assert!(out.contains("Remember."), "{out}");
    // A role that asks neither name gets the usual unknown-key message.
    sb.agentgen(["--templates", "t", "new", "helper", "--defaults"])
        .args(["--set", "memory_file=x.md"])
        .fails(2)
        .stderr_has("memory_file: the role helper has no question with this key")
        .stderr_lacks("is now")
        .run();
}

#[test]
fn a_custom_role_that_uses_the_old_question_set_is_told_its_new_name() {
    let sb = Sandbox::new();
    custom_role(&sb, "t", "helper", "  - use: memory\n", "Body.\n");
    custom_new(&sb, "helper")
        .fails(1)
        .stderr_has("`use: memory`: there is no question set questions/memory.yaml; ")
        .stderr_has(renamed("memory", "insights").split_once(": ").unwrap().1)
        .run();
    custom_role(&sb, "t", "helper", "  - use: insights\n", "Body.\n");
    custom_new(&sb, "helper").run();
}
