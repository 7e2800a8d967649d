//! `lint --fix` against files built to make it change what it should not:
//! each case checks the message, the exit code and the exact bytes on disk
//! (or that nothing changed at all).

use crate::support::*;

const AGENT: &str = ".claude/agents/a.md";

/// One field that needs the lenient reader, among fields, comments and
/// blank lines that must survive byte for byte.
const MIXED: &str = "---\n\
# Owned by the platform team.\n\
name: a # keep this comment\n\
description: |\n  First line.\n\n  Third line, after a blank one.\n\
summary: use it when: things break\n\
\n\
tools: Read, Grep\n\
model: >\n  folded\n  text\n\
---\n\
Body: kept as is.\n";

#[test]
fn only_the_broken_field_changes_byte_for_byte() {
    let sb = Sandbox::new();
    sb.write(AGENT, MIXED);
    sb.agentgen(["lint", "--fix", ".claude/agents"])
        .stdout_has(format!("fixed {AGENT}"))
        .stdout_lacks("lenient-yaml")
        .run();
    assert_eq!(
        sb.read(AGENT),
        MIXED.replace(
            "summary: use it when: things break\n",
            "summary: \"use it when: things break\"\n"
        )
    );
    // Fixed once, there is nothing left to fix.
    sb.agentgen(["lint", "--fix", ".claude/agents"])
        .stdout_lacks("fixed")
        .writes_nothing()
        .run();
}

#[test]
fn a_repair_that_would_guess_is_refused_with_the_reason() {
    let cases = [
        (
            "---\nname: a\ndescription: when: x # is this a comment?\n---\nb\n",
            "`description` (line 3) holds ` #`",
        ),
        (
            "---\nname: a\ndescription: when: x\n  and: more\n---\nb\n",
            "continues over several lines",
        ),
        (
            "---\nname: a\ndescription: a --- b # note\n---\nb\n",
            "`description` (line 3) needs a rewrite, which would drop the comment in it",
        ),
    ];
    for (text, why) in cases {
        let sb = Sandbox::new();
        sb.write(AGENT, text);
        let run = sb
            .agentgen(["lint", "--fix", AGENT])
            .stdout_has("not-fixed")
            .stdout_has(why)
            .stdout_lacks("fixed .claude");
        // A `---` left inside the frontmatter stays an error.
        match text.contains("a --- b") {
            true => run.fails(1).run(),
            false => run.writes_nothing().run(),
        };
        assert_eq!(sb.read(AGENT), text);
    }
}

#[cfg(unix)]
#[test]
fn a_linked_agent_file_is_fixed_at_its_target_inside_the_project() {
    let sb = Sandbox::new();
    let shared = sb.write("shared/a.md", MIXED);
    std::fs::create_dir_all(sb.path().join(".claude/agents")).unwrap();
    std::os::unix::fs::symlink("../../shared/a.md", sb.path().join(AGENT)).unwrap();
    let shared = shared.canonicalize().unwrap();
    sb.agentgen(["lint", "--fix", ".claude/agents"])
        .stdout_has(format!(
            "fixed {} (the file the link {AGENT} leads to)",
            shared.display()
        ))
        .run();
    let link = std::fs::read_link(sb.path().join(AGENT)).unwrap();
    assert_eq!(link, std::path::Path::new("../../shared/a.md"));
    assert!(sb.read("shared/a.md").contains("summary: \"use it when"));
}

#[cfg(unix)]
#[test]
fn a_linked_agent_file_outside_the_project_is_left_alone() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join("proj/.git")).unwrap();
    sb.write("elsewhere/a.md", MIXED);
    std::fs::create_dir_all(sb.path().join("proj/.claude/agents")).unwrap();
    std::os::unix::fs::symlink(
        sb.path().join("elsewhere/a.md"),
        sb.path().join("proj").join(AGENT),
    )
    .unwrap();
    sb.agentgen(["lint", "--fix", ".claude/agents"])
        .in_dir("proj")
        .stdout_has("warning[not-fixed]: --fix left the file as it is: it is a link to ")
        .stdout_has("outside the project")
        .stdout_has("warning[lenient-yaml]")
        .stdout_lacks("fixed .claude")
        .writes_nothing()
        .run();
}

#[cfg(unix)]
#[test]
fn an_agents_folder_linked_inside_the_project_is_searched() {
    let sb = Sandbox::new();
    sb.write(
        "shared/agents/a.md",
        "---\nname: a\ndescription: d\n---\nb\n",
    );
    std::fs::create_dir_all(sb.path().join(".claude")).unwrap();
    std::os::unix::fs::symlink("../shared/agents", sb.path().join(".claude/agents")).unwrap();
    for path in [".claude/agents", "."] {
        sb.agentgen(["lint", path])
            .stdout_has("checked 1 file: 0 errors")
            .writes_nothing()
            .run();
    }
    // A link back up must not make the walk loop. The builder's snapshot
    // follows links and would loop itself, so this run goes without it
    // (lint without --fix writes nothing in any case).
    std::os::unix::fs::symlink("../..", sb.path().join("shared/agents/up")).unwrap();
    sb.cmd(["lint", "."])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success()
        .stdout(predicates::str::contains("checked 1 file: 0 errors"));
}

#[cfg(unix)]
#[test]
fn an_agents_folder_linked_out_of_the_project_is_not_searched() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join("proj/.claude")).unwrap();
    std::fs::create_dir_all(sb.path().join("proj/.git")).unwrap();
    sb.write("far/a.md", MIXED);
    std::os::unix::fs::symlink(sb.path().join("far"), sb.path().join("proj/.claude/agents"))
        .unwrap();
    sb.agentgen(["lint", "--fix", ".claude/agents"])
        .in_dir("proj")
        .stdout_has("warning[not-followed]: a link to ")
        .stdout_has("checked 0 files")
        .writes_nothing()
        .run();
}
