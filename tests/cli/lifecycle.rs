//! Agents as code: the project manifest and lock, `sync` keeping hand
//! edits through answer and template changes, conflicts, `sync --check`,
//! `remove`, and a fresh clone syncing to the same bytes. Every test runs
//! in a real git work tree, as users do.

use std::process::Command;

use proptest::prelude::*;

use crate::support::*;

const REVIEWER: &str = ".claude/agents/code-reviewer.md";
const AGENT: &str = ".claude/agents/helper.md";

fn git(sb: &Sandbox, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(sb.path())
        .env("HOME", sb.home())
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

/// A sandbox that is a git work tree.
fn repo() -> Sandbox {
    let sb = Sandbox::new();
    git(&sb, &["init", "-q", "."]);
    sb
}

/// A project template folder `t` with the role `helper`, whose body is
/// `body` (a template), recorded as the project's template source.
fn helper_role(sb: &Sandbox, body: &str) {
    custom_role(sb, "t", "helper", "", body);
}

/// Replaces one line of a file.
fn edit(sb: &Sandbox, path: &str, from: &str, to: &str) {
    let text = sb.read(path);
    assert!(text.contains(from), "{from:?} not in {path}:\n{text}");
    sb.write(path, text.replacen(from, to, 1));
}

#[test]
fn new_records_the_agent_and_a_subfolder_writes_at_the_root() {
    let sb = repo();
    std::fs::create_dir_all(sb.path().join("src/api")).unwrap();
    let mut cmd = sb.cmd(["new", "code-reviewer", "--defaults", "--set", "model=opus"]);
    cmd.current_dir(sb.path().join("src/api"))
        .assert()
        .success();
    assert!(sb.exists(REVIEWER), "written at the git root");
    assert!(!sb.exists("src/api/.claude"));
    let manifest = sb.read("agentgen.yaml");
    assert!(
        manifest.contains(
            "agents:\n  code-reviewer:\n    role: code-reviewer\n    answers:\n      model: opus\n"
        ),
        "only the answer that differs is kept:\n{manifest}"
    );
    let lock: serde_json::Value = serde_json::from_str(&sb.read("agentgen.lock")).unwrap();
    let file = &lock["files"][0];
    assert_eq!(file["path"], REVIEWER);
    assert_eq!(file["target"], "claude");
    let base: Vec<&str> = file["base"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(base.join("\n"), sb.read(REVIEWER), "the pristine render");
    // --no-record and --stdout leave the project alone.
    sb.agentgen(["new", "debugger", "--defaults", "--no-record"])
        .succeeds()
        .run();
    assert!(!sb.read("agentgen.yaml").contains("debugger"));
}

#[test]
fn an_edit_survives_an_answer_change_and_a_template_change() {
    let sb = repo();
    helper_role(&sb, "Line one.\n\nLine two.\n\nLine three.\n");
    sb.run(["--templates", "t", "new", "helper", "--defaults"])
        .success();
    assert!(sb.read("agentgen.yaml").contains("templates:\n  - t\n"));
    edit(&sb, AGENT, "Line one.", "Line one, as we say it.");
    // An answer changes: the frontmatter takes it, the edit stays.
    let manifest = sb.read("agentgen.yaml");
    sb.write(
        "agentgen.yaml",
        manifest.replace(
            "    role: helper\n",
            "    role: helper\n    answers:\n      model: opus\n",
        ),
    );
    sb.agentgen(["sync"])
        .succeeds()
        .stderr_has(format!("merged with your edits {AGENT}"))
        .run();
    let text = sb.read(AGENT);
    assert!(text.contains("model: opus"), "{text}");
    assert!(text.contains("Line one, as we say it."), "{text}");
    // The template changes another line: both land, no flags needed.
    helper_role(&sb, "Line one.\n\nLine two, improved.\n\nLine three.\n");
    sb.agentgen(["sync", "--check"])
        .fails(1)
        .stderr_has(AGENT)
        .run();
    sb.run(["sync"]).success();
    let text = sb.read(AGENT);
    assert!(text.contains("Line one, as we say it."), "{text}");
    assert!(text.contains("Line two, improved."), "{text}");
    assert!(text.contains("model: opus"), "{text}");
    // Edits that merge cleanly are not stale: CI stays green.
    sb.agentgen(["sync", "--check"])
        .succeeds()
        .writes_nothing()
        .run();
}

#[test]
fn a_user_field_survives_a_template_change_to_the_description() {
    let sb = repo();
    custom_role(&sb, "t", "helper", "", "Body.\n");
    sb.run(["--templates", "t", "new", "helper", "--defaults"])
        .success();
    edit(&sb, AGENT, "model: sonnet\n", "model: opus\n");
    let role = sb.read("t/roles/helper/role.yaml");
    sb.write(
        "t/roles/helper/role.yaml",
        role.replace(
            "Use this agent in tests.",
            "Use this agent in tests, now better.",
        ),
    );
    sb.run(["sync"]).success();
    let text = sb.read(AGENT);
    assert!(text.contains("model: opus"), "{text}");
    assert!(text.contains("now better"), "{text}");
}

#[test]
fn a_conflict_leaves_markers_exits_1_and_fails_the_check() {
    let sb = repo();
    helper_role(&sb, "Line one.\n\nLine two.\n");
    sb.run(["--templates", "t", "new", "helper", "--defaults"])
        .success();
    edit(&sb, AGENT, "Line two.", "Line two, ours.");
    helper_role(&sb, "Line one.\n\nLine two, theirs.\n");
    // --conflict rej leaves the file byte for byte and writes FILE.rej.
    let before = sb.read(AGENT);
    sb.agentgen(["sync", "--conflict", "rej"])
        .fails(1)
        .writes_anyway("a conflict is written to FILE.rej for the user")
        .stderr_has(format!("{AGENT}.rej"))
        .run();
    assert_eq!(sb.read(AGENT), before);
    let rej = sb.read(&format!("{AGENT}.rej"));
    assert!(
        rej.contains("<<<<<<< yours\nLine two, ours.\n=======\nLine two, theirs.\n>>>>>>>"),
        "{rej}"
    );
    std::fs::remove_file(sb.path().join(format!("{AGENT}.rej"))).unwrap();

    // Inline: markers in the body, exit 1, and the check fails on them.
    let sb = repo();
    helper_role(&sb, "Line one.\n\nLine two.\n");
    sb.run(["--templates", "t", "new", "helper", "--defaults"])
        .success();
    edit(&sb, AGENT, "Line two.", "Line two, ours.");
    helper_role(&sb, "Line one.\n\nLine two, theirs.\n");
    sb.agentgen(["sync"])
        .fails(1)
        .writes_anyway("the conflict markers are written for the user to resolve")
        .stderr_has("could not be merged with your edits")
        .stderr_has(AGENT)
        .run();
    let text = sb.read(AGENT);
    assert!(text.contains("<<<<<<< yours\nLine two, ours.\n=======\nLine two, theirs.\n>>>>>>> agentgen (new template)\n"), "{text}");
    sb.agentgen(["sync", "--check"])
        .fails(1)
        .stderr_has(AGENT)
        .run();
    sb.agentgen(["lint", AGENT])
        .fails(1)
        .stdout_has("conflict-markers")
        .run();
    // Resolved by hand: the lock took the new render as the base.
    sb.write(
        AGENT,
        text.replace("<<<<<<< yours\nLine two, ours.\n=======\n", "")
            .replace(">>>>>>> agentgen (new template)\n", ""),
    );
    sb.agentgen(["sync", "--check"]).succeeds().run();
}

#[test]
fn a_deleted_file_comes_back_and_a_fresh_clone_syncs_to_the_same_bytes() {
    let sb = repo();
    sb.run(["kit", "startup", "--defaults", "--set", "project=Ledger"])
        .success();
    edit(&sb, REVIEWER, "You are", "Here, you are");
    git(&sb, &["add", "-A"]);
    git(&sb, &["commit", "-qm", "agents"]);
    std::fs::remove_file(sb.path().join(REVIEWER)).unwrap();
    sb.agentgen(["sync", "--check"])
        .fails(1)
        .stderr_has(REVIEWER)
        .run();
    sb.agentgen(["sync"])
        .succeeds()
        .stderr_has(format!("restored {REVIEWER}"))
        .run();
    git(&sb, &["checkout", "--", REVIEWER]);

    // A teammate's clone: no home folder state, no history needed.
    let clone = Sandbox::new();
    git(&clone, &["clone", "-q", sb.path().to_str().unwrap(), "c"]);
    let mut check = clone.cmd(["sync", "--check"]);
    check.current_dir(clone.path().join("c")).assert().success();
    let mut sync = clone.cmd(["sync"]);
    sync.current_dir(clone.path().join("c")).assert().success();
    for file in ["agentgen.yaml", "agentgen.lock", REVIEWER] {
        assert_eq!(clone.read(&format!("c/{file}")), sb.read(file), "{file}");
    }
}

#[test]
fn rerunning_a_kit_merges_edits_without_force() {
    let sb = repo();
    sb.run(["kit", "startup", "--defaults"]).success();
    edit(&sb, REVIEWER, "You are", "In this repo, you are");
    sb.agentgen([
        "kit",
        "startup",
        "--defaults",
        "--set",
        "code-reviewer.model=opus",
    ])
    .succeeds()
    .stderr_has(format!("merged with your edits {REVIEWER}"))
    .run();
    let text = sb.read(REVIEWER);
    assert!(
        text.contains("In this repo, you are") && text.contains("model: opus"),
        "{text}"
    );
    assert!(sb.read("agentgen.yaml").contains("kits:\n  startup:\n"));
}

#[test]
fn removing_an_entry_removes_unedited_files_and_keeps_edited_ones() {
    let sb = repo();
    sb.run(["new", "code-reviewer", "--defaults"]).success();
    sb.run(["new", "debugger", "--defaults"]).success();
    edit(
        &sb,
        ".claude/agents/debugger.md",
        "You are",
        "We say: you are",
    );
    sb.agentgen(["remove", "code-reviewer", "debugger"])
        .succeeds()
        .stderr_has(format!("removed {REVIEWER}"))
        .stderr_has("kept .claude/agents/debugger.md")
        .run();
    assert!(!sb.exists(REVIEWER));
    assert!(sb.exists(".claude/agents/debugger.md"));
    assert!(!sb.read("agentgen.yaml").contains("debugger:"));
    assert!(!sb.read("agentgen.lock").contains("debugger"));
    // Taken out by editing the manifest: sync does the same.
    sb.run(["new", "code-reviewer", "--defaults"]).success();
    let manifest = sb.read("agentgen.yaml");
    sb.write(
        "agentgen.yaml",
        manifest.replace("  code-reviewer:\n    role: code-reviewer\n", ""),
    );
    sb.agentgen(["sync"])
        .succeeds()
        .stderr_has(format!("removed {REVIEWER}"))
        .run();
    assert!(!sb.exists(REVIEWER));
}

#[test]
fn unknown_answers_and_missing_roles_are_named_with_file_and_line() {
    let sb = repo();
    sb.write(
        "agentgen.yaml",
        "targets: [claude]\nagents:\n  a:\n    role: code-reviewer\n    answers:\n      strictnes: strict\n  b:\n    role: no-such-role\n",
    );
    sb.agentgen(["sync"])
        .fails(2)
        .stderr_has("agentgen.yaml:3")
        .stderr_has("strictnes")
        .stderr_has("did you mean 'strictness'?")
        .run();
    sb.write(
        "agentgen.yaml",
        "targets: [claude]\nagents:\n  a:\n    role: code-reviewer\n  b:\n    role: no-such-role\n",
    );
    sb.agentgen(["sync"])
        .fails(2)
        .stderr_has("agentgen.yaml:5: `b`: there is no role named 'no-such-role'")
        .run();
}

#[test]
fn a_dry_run_shows_the_plan_when_a_file_is_in_the_way() {
    let sb = repo();
    sb.write(REVIEWER, "mine\n");
    sb.agentgen(["new", "code-reviewer", "--defaults", "--dry-run"])
        .fails(3)
        .stdout_has(format!("would refuse to replace {REVIEWER}: agentgen did not write it; --force would replace it"))
        .stdout_has("would create agentgen.yaml")
        .run();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Edits of lines the template change does not touch are all kept,
    /// and every line the template changed arrives.
    #[test]
    fn sync_keeps_every_edit_away_from_template_changes(
        lines in 6usize..14,
        edits in proptest::collection::btree_set(0usize..14, 1..4),
        changes in proptest::collection::btree_set(0usize..14, 1..4),
    ) {
        // Edited and changed lines keep a line apart, so no change touches
        // an edit (touching changes conflict, as in git).
        let edits: Vec<usize> = edits.into_iter().filter(|e| *e < lines).collect();
        let changes: Vec<usize> = changes
            .into_iter()
            .filter(|c| *c < lines && edits.iter().all(|e| e.abs_diff(*c) > 1))
            .collect();
        prop_assume!(!edits.is_empty() && !changes.is_empty());
        let body = |changed: &[usize]| {
            (0..lines)
                .map(|i| if changed.contains(&i) { format!("Line {i}, improved.\n") } else { format!("Line {i}.\n") })
                .collect::<String>()
        };
        let sb = repo();
        helper_role(&sb, &body(&[]));
        sb.run(["--templates", "t", "new", "helper", "--defaults"]).success();
        for &e in &edits {
            edit(&sb, AGENT, &format!("Line {e}.\n"), &format!("Line {e}, ours.\n"));
        }
        helper_role(&sb, &body(&changes));
        sb.run(["sync"]).success();
        let text = sb.read(AGENT);
        for &e in &edits {
            prop_assert!(text.contains(&format!("Line {e}, ours.\n")), "edit {e} lost:\n{text}");
        }
        for &c in &changes {
            prop_assert!(text.contains(&format!("Line {c}, improved.\n")), "change {c} missing:\n{text}");
        }
    }
}

#[test]
fn sync_renders_again_when_the_detected_stack_changes() {
    // Nothing changed: sync has nothing to do, and says so without
    // rendering (the lock's record of the inputs). A new manifest file in
    // the project changes the stack it detects, so the agent is stale.
    let sb = repo();
    sb.run(["new", "code-reviewer", "--defaults"]).success();
    sb.agentgen(["sync", "--check"])
        .succeeds()
        .writes_nothing()
        .run();
    sb.write(
        "package.json",
        r#"{"name": "web", "devDependencies": {"typescript": "5.6.0", "vitest": "2.1.0"}}"#,
    );
    sb.agentgen(["sync", "--check"])
        .fails(1)
        .stderr_has(REVIEWER)
        .run();
    sb.run(["sync"]).success();
    assert!(sb.read(REVIEWER).contains("TypeScript"));
    sb.agentgen(["sync", "--check"])
        .succeeds()
        .writes_nothing()
        .run();
}

#[test]
fn a_file_replaced_with_force_is_owned_from_then_on() {
    let sb = repo();
    sb.write(REVIEWER, "mine\n");
    sb.agentgen(["new", "code-reviewer", "--defaults"])
        .fails(3)
        .run();
    sb.run(["new", "code-reviewer", "--defaults", "--force"])
        .success();
    edit(&sb, REVIEWER, "You are", "Here, you are");
    // No --force needed now: the edit is merged, not overwritten.
    sb.agentgen(["new", "code-reviewer", "--defaults", "--set", "model=opus"])
        .succeeds()
        .stderr_has(format!("merged with your edits {REVIEWER}"))
        .run();
    let text = sb.read(REVIEWER);
    assert!(
        text.contains("Here, you are") && text.contains("model: opus"),
        "{text}"
    );
}

/// `sync --check` skips reading a file that is byte for byte agentgen's
/// own render; an edit that breaks the file is still caught, even where
/// nothing the render depends on changed.
#[test]
fn the_check_still_lints_an_owned_file_edited_into_an_error() {
    let sb = repo();
    sb.run(["kit", "startup", "--defaults"]).success();
    sb.agentgen(["sync", "--check"]).succeeds().run();
    // A clean edit: merged on the next sync, nothing stale.
    edit(&sb, REVIEWER, "You are", "Here, you are");
    sb.agentgen(["sync", "--check"]).succeeds().run();
    // `---` inside the frontmatter: Claude Code would skip the agent.
    edit(
        &sb,
        REVIEWER,
        "name: code-reviewer\n",
        "name: code-reviewer\n---\n",
    );
    sb.agentgen(["sync", "--check"])
        .fails(1)
        .stderr_has(REVIEWER)
        .run();
}
