//! A typed backslash-n in an answer that lands in the frontmatter (the
//! description, or an example conversation appended to it) would make a
//! file that `agentgen lint` warns about (`literal-newline`). It is refused
//! where it is read, for every target, with lint's reason and what to type
//! instead; nothing is written. A real line break is fine, and body-only
//! answers may hold a `\n`.

use proptest::prelude::*;

use crate::support::*;

const TARGETS: &[&str] = &["claude", "opencode", "copilot", "gemini", "cursor", "codex"];

/// lint's reason, as the refusal quotes it.
const REASON: &str = "the description holds a literal \\n, which Claude Code turns into a line break and other tools show as is";

/// What the refusal says to do instead.
const INSTEAD: &str = "type a real line break instead";

#[test]
fn a_typed_backslash_n_in_the_description_is_refused_for_every_target() {
    let sb = Sandbox::new();
    sb.write(
        "a.yaml",
        "model: opus\ndescription: Reviews code.\\nUse it often\n",
    );
    for target in TARGETS {
        sb.agentgen(["new", "code-reviewer", "--defaults", "-o", "o"])
            .args(["--target", target])
            .args(["--set", "description=Reviews code.\\nUse it often"])
            .fails(2)
            .stderr_has(format!("--set: description: {REASON}; {INSTEAD}"))
            .stderr_has("nothing was written")
            .run();
        sb.agentgen([
            "new",
            "code-reviewer",
            "--defaults",
            "-o",
            "o",
            "-a",
            "a.yaml",
        ])
        .args(["--target", target])
        .fails(2)
        .stderr_has(format!("a.yaml:2: description: {REASON}"))
        .run();
    }
}

#[test]
fn a_typed_backslash_n_in_an_example_is_refused_at_its_field() {
    let sb = Sandbox::new();
    sb.write(
        "a.yaml",
        "examples:\n  - context: A change\n    user: 'Review this\\nplease'\n    assistant: I'll ask the reviewer.\n",
    );
    sb.agentgen([
        "new",
        "code-reviewer",
        "--defaults",
        "-a",
        "a.yaml",
        "--target",
        "all",
    ])
    .fails(2)
    .stderr_has(format!("a.yaml:1: examples: [0].user: {REASON}"))
    .run();
}

#[test]
fn a_kit_member_and_the_manifest_are_refused_the_same_way() {
    let sb = Sandbox::new();
    sb.agentgen(["kit", "startup", "--defaults", "-o", "o"])
        .args(["--set", "code-reviewer.description=Reviews.\\nOften"])
        .fails(2)
        .stderr_has(format!("--set: agents.code-reviewer.description: {REASON}"))
        .run();
    std::fs::create_dir(sb.path().join(".git")).unwrap();
    sb.write(
        "agentgen.yaml",
        "targets: [claude]\nagents:\n  code-reviewer:\n    role: code-reviewer\n    answers:\n      description: Reviews.\\nOften\n",
    );
    sb.agentgen(["sync"])
        .fails(2)
        .stderr_has(format!("agentgen.yaml:3: description: {REASON}"))
        .run();
}

#[test]
fn a_real_line_break_is_taken_and_lints_clean_for_every_target() {
    let sb = Sandbox::new();
    sb.write(
        "a.yaml",
        "description: |\n  Reviews code.\n  Use it often.\ntitle: reviewer who writes a\\n in prose\n",
    );
    sb.run([
        "new",
        "code-reviewer",
        "--defaults",
        "-a",
        "a.yaml",
        "--target",
        "all",
        "-o",
        "o",
    ])
    .success();
    let claude = AgentFile::parse(&sb.read("o/.claude/agents/code-reviewer.md"));
    assert!(
        claude
            .str("description")
            .unwrap()
            .starts_with("Reviews code.\nUse it often."),
        "{:?}",
        claude.str("description")
    );
    assert!(
        claude.body.contains("reviewer who writes a\\n in prose"),
        "body text is kept"
    );
    let out = stdout_of(sb.run(["lint", "--strict", "o"]));
    assert!(
        out.contains("checked 6 files: 0 errors, 0 warnings"),
        "{out}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Wherever the backslash-n is typed, for whichever target, the answer
    /// is refused and nothing is written.
    #[test]
    fn a_backslash_n_anywhere_in_a_description_is_refused(
        before in "[A-Za-z][A-Za-z ,.]{0,20}",
        after in "[A-Za-z ,.]{0,20}",
        target in proptest::sample::select(TARGETS),
    ) {
        let sb = Sandbox::new();
        sb.agentgen(["new", "debugger", "--defaults", "-o", "o", "--target", target])
            .arg("--set")
            .arg(format!("description={before}\\n{after}"))
            .fails(2)
            .stderr_has(REASON)
            .run();
    }
}
