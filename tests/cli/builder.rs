//! The test builder's own guarantees (`support::Run`), proved on real runs:
//! a failed run that writes is caught unless it says why it may, a run that
//! should write nothing is held to it, and a failure message tells the
//! whole story. Without these, every "nothing was written" in the other
//! modules could pass without checking anything.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::support::*;

const LENIENT: &str = ".claude/agents/lenient.md";

/// One agent file `lint --fix` can repair (a description that strict YAML
/// refuses) and one it cannot, so the fixing run still exits 1.
fn fixable_and_broken(sb: &Sandbox) -> String {
    let lenient = "---\nname: lenient\ndescription: use it when: x\n---\nbody\n";
    sb.write(LENIENT, lenient);
    sb.write(".claude/agents/broken.md", "just text\n");
    lenient.to_owned()
}

/// The message of the panic that `run` ends in.
fn panic_message<R: std::fmt::Debug>(run: impl FnOnce() -> R) -> String {
    let payload = catch_unwind(AssertUnwindSafe(run)).expect_err("the run must panic");
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .unwrap_or_default(),
    }
}

#[test]
fn a_failing_run_that_writes_is_caught() {
    let sb = Sandbox::new();
    fixable_and_broken(&sb);
    let message = panic_message(|| {
        sb.agentgen(["lint", "--fix", ".claude/agents"])
            .fails(1)
            .run()
    });
    assert!(
        message.contains(&format!(
            "the sandbox changed although the run failed: changed {LENIENT}"
        )),
        "{message}"
    );
}

#[test]
fn a_failing_run_may_write_only_when_it_says_why() {
    let sb = Sandbox::new();
    let old = fixable_and_broken(&sb);
    let out = sb
        .agentgen(["lint", "--fix", ".claude/agents"])
        .fails(1)
        .writes_anyway("lint --fix repairs one file and still reports the other")
        .stdout_has(format!("fixed {LENIENT}"))
        .stdout_has(".claude/agents/broken.md: error[no-frontmatter]")
        .stdout_lacks("fixed .claude/agents/broken.md")
        .run();
    assert_eq!(out.code, 1);
    assert_ne!(sb.read(LENIENT), old, "the fix was written");
}

#[test]
fn writes_nothing_holds_a_successful_run_to_it() {
    let sb = Sandbox::new();
    let message = panic_message(|| {
        sb.agentgen(["new", "backend-architect", "--defaults"])
            .succeeds()
            .writes_nothing()
            .run()
    });
    assert!(
        message
            .contains("the sandbox changed although the run should write nothing: added .claude"),
        "{message}"
    );
    // HOME is inside the sandbox, so a write there is caught too.
    let sb = Sandbox::new();
    let message = panic_message(|| {
        sb.agentgen(["new", "backend-architect", "--defaults", "--user"])
            .writes_nothing()
            .run()
    });
    assert!(message.contains("added home/.claude"), "{message}");
}

#[test]
fn a_failure_message_shows_the_command_the_exit_code_and_both_outputs() {
    let sb = Sandbox::new();
    let message = panic_message(|| {
        sb.agentgen(["show"])
            .arg("nope")
            .env("AGENTGEN_TEST", "1")
            .stdin("x")
            .fails(3)
            .stdout_has("never printed")
            .stderr_lacks("there is no role")
            .stderr_is("something else")
            .run()
    });
    for part in [
        "agentgen did not run as expected:",
        "  - expected exit code 3, got exit status: 2\n",
        "  - standard output lacks \"never printed\"\n",
        "  - standard error has \"there is no role\"\n",
        "  - standard error is not exactly \"something else\"\n",
        "    first difference at line 1: expected \"something else\", found \"error: there is no role",
        "command: agentgen show nope\n",
        "  with AGENTGEN_TEST=1\n",
        "  with 1 bytes on standard input\n",
        "exit status: 2\n",
        "--- standard output ---\n\n--- standard error ---\nerror: there is no role or kit named 'nope'",
    ] {
        assert!(message.contains(part), "{part:?} missing from:\n{message}");
    }
}

#[test]
fn assert_unchanged_names_what_changed() {
    // The check the pseudo-terminal tests use, which run no builder.
    let sb = Sandbox::new();
    sb.write("kept.md", "old\n");
    sb.write("gone.md", "x\n");
    let before = sb.snapshot();
    sb.assert_unchanged(&before);
    sb.write("kept.md", "new\n");
    std::fs::remove_file(sb.path().join("gone.md")).unwrap();
    sb.write("home/new.md", "x\n");
    let message = panic_message(|| sb.assert_unchanged(&before));
    assert_eq!(
        message,
        "the sandbox changed: removed gone.md, changed kept.md, added home/new.md"
    );
}

#[cfg(unix)]
#[test]
fn a_link_swapped_for_its_contents_or_a_new_mode_is_a_change() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    sb.write("real.md", "x\n");
    std::os::unix::fs::symlink("real.md", sb.path().join("link.md")).unwrap();
    let before = sb.snapshot();
    // The same bytes, but no longer a link.
    std::fs::remove_file(sb.path().join("link.md")).unwrap();
    sb.write("link.md", "x\n");
    let message = panic_message(|| sb.assert_unchanged(&before));
    assert_eq!(message, "the sandbox changed: removed the link link.md");

    let sb = Sandbox::new();
    let file = sb.write("a.md", "x\n");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = sb.snapshot();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let message = panic_message(|| sb.assert_unchanged(&before));
    assert_eq!(message, "the sandbox changed: changed a.md");
}
