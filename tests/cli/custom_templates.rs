//! Custom template roots: where they come from, what they override, and
//! the limits that make a hostile template fail cleanly with nothing
//! written.

use predicates::str::contains;

use crate::support::*;

#[test]
fn a_custom_role_renders_and_lists_its_source() {
    let sb = Sandbox::new();
    custom_role(
        &sb,
        "t",
        "house-style",
        "",
        "You write in the house style.\n",
    );
    sb.run(["--templates", "t", "list"])
        .success()
        .stdout(contains("house-style"))
        .stdout(contains("A custom role for tests.  [--templates]"));
    let out = stdout_of(sb.run(["--templates", "t", "new", "house-style", "--stdout"]));
    let agent = AgentFile::parse(&out);
    assert_eq!(agent.str("name"), Some("house-style"));
    assert_eq!(agent.body, "You write in the house style.\n");
}

#[test]
fn a_custom_role_overrides_the_built_in_one_of_the_same_name() {
    let sb = Sandbox::new();
    custom_role(
        &sb,
        "t",
        "backend-architect",
        "",
        "Our own backend architect.\n",
    );
    let out = stdout_of(sb.run(["--templates", "t", "new", "backend-architect", "--stdout"]));
    assert_eq!(AgentFile::parse(&out).body, "Our own backend architect.\n");
    let without = stdout_of(sb.run(["new", "backend-architect", "--stdout"]));
    assert!(without.contains("## Core responsibilities"));
}

#[test]
fn roots_come_from_the_flag_the_environment_and_the_project_folder_in_that_order() {
    let sb = Sandbox::new();
    custom_role(&sb, "flag", "who", "", "from the flag\n");
    custom_role(&sb, "env", "who", "", "from the environment\n");
    custom_role(&sb, ".agentgen/templates", "who", "", "from the project\n");
    let body = |args: &[&str], env: Option<&str>| {
        let mut cmd = sb.cmd(args);
        if let Some(env) = env {
            cmd.env("AGENTGEN_TEMPLATES", sb.path().join(env));
        }
        AgentFile::parse(&stdout_of(cmd.assert())).body
    };
    let new = ["new", "who", "--stdout"];
    assert_eq!(body(&new, None), "from the project\n");
    assert_eq!(body(&new, Some("env")), "from the environment\n");
    let with_flag = ["--templates", "flag", "new", "who", "--stdout"];
    assert_eq!(body(&with_flag, Some("env")), "from the flag\n");
}

#[test]
fn a_missing_template_folder_is_bad_usage() {
    let sb = Sandbox::new();
    sb.run(["--templates", "nope", "list"])
        .code(2)
        .stderr(contains("cannot use the template folder nope"));
}

#[test]
fn without_a_terminal_missing_required_answers_are_listed_quickly() {
    let sb = Sandbox::new();
    let questions = "  - {key: mission, prompt: Mission, type: string}\n  - {key: owner, prompt: Owner, type: string}\n";
    custom_role(
        &sb,
        "t",
        "needs-input",
        questions,
        "{{ mission }} {{ owner }}\n",
    );
    let before = sb.snapshot();
    let start = std::time::Instant::now();
    let assert = sb
        .run(["--templates", "t", "new", "needs-input"])
        .code(2)
        .stderr(contains(
            "no answer for these required questions: mission, owner",
        ))
        .stderr(contains("agentgen answers needs-input > answers.yaml"));
    assert!(
        start.elapsed() < std::time::Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    drop(assert);
    assert_eq!(sb.snapshot(), before);
}

#[test]
fn an_endless_loop_runs_out_of_fuel() {
    let sb = Sandbox::new();
    let body = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}";
    custom_role(&sb, "t", "looper", "", body);
    custom_new_fails(
        &sb,
        "looper",
        &[],
        1,
        &[
            "t/roles/looper/agent.md.j2",
            "engine ran out of fuel",
            "a loop that does not end",
        ],
    );
}

#[test]
fn endless_recursion_is_stopped() {
    let sb = Sandbox::new();
    custom_role(
        &sb,
        "t",
        "recurser",
        "",
        "{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}",
    );
    custom_new_fails(&sb, "recurser", &[], 1, &["recurser", "recursion"]);
}

#[test]
fn an_include_outside_the_root_is_refused() {
    let sb = Sandbox::new();
    sb.write("secret.txt", "the secret\n");
    custom_role(
        &sb,
        "t",
        "escaper",
        "",
        "{% include \"../../../secret.txt\" %}",
    );
    let stderr = custom_new_fails(&sb, "escaper", &[], 1, &["escaper"]);
    assert!(!stderr.contains("the secret"));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_root_is_refused() {
    let sb = Sandbox::new();
    sb.write("secret.txt", "the secret\n");
    custom_role(&sb, "t", "linker", "", "{% include \"partials/leak.j2\" %}");
    std::fs::create_dir_all(sb.path().join("t/partials")).unwrap();
    std::os::unix::fs::symlink(
        sb.path().join("secret.txt"),
        sb.path().join("t/partials/leak.j2"),
    )
    .unwrap();
    let stderr = custom_new_fails(&sb, "linker", &[], 1, &["outside its template root"]);
    assert!(!stderr.contains("the secret"));
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let sb = Sandbox::new();
    custom_role(&sb, "t", "broken", "", "line one\nline two\n{% if %}\n");
    custom_new_fails(
        &sb,
        "broken",
        &[],
        1,
        &["t/roles/broken/agent.md.j2 line 3", "syntax error"],
    );
}

#[test]
fn an_undefined_variable_names_the_variable_and_line() {
    let sb = Sandbox::new();
    custom_role(&sb, "t", "typo", "", "fine\n{{ missoin }}\n");
    custom_new_fails(
        &sb,
        "typo",
        &[],
        1,
        &["t/roles/typo/agent.md.j2 line 2", "undefined", "missoin"],
    );
}

#[test]
fn a_malformed_role_definition_names_the_file_line_and_problem() {
    let sb = Sandbox::new();
    sb.write(
        "t/roles/bad/role.yaml",
        "name: bad\nsummary: s\nquestions:\n  - key: x\n    promt: X\n    type: string\n",
    );
    sb.write("t/roles/bad/agent.md.j2", "x");
    custom_new_fails(
        &sb,
        "bad",
        &[],
        1,
        &["t/roles/bad/role.yaml", "line", "unknown field `promt`"],
    );

    sb.write("t/roles/bad/role.yaml", "name: bad\nsummary: [a list]\n");
    custom_new_fails(
        &sb,
        "bad",
        &[],
        1,
        &[
            "t/roles/bad/role.yaml line 2",
            "summary: invalid type: sequence, expected a string",
        ],
    );

    sb.write(
        "t/roles/bad/role.yaml",
        "name: other\nsummary: s\nquestions: []\n",
    );
    custom_new_fails(
        &sb,
        "bad",
        &[],
        1,
        &[
            "name 'other' differs from its folder 'bad'",
            "every role needs a 'name' question",
        ],
    );
}

#[test]
fn huge_template_files_are_refused() {
    let sb = Sandbox::new();
    custom_role(&sb, "t", "big", "", &"x".repeat(2 * 1024 * 1024));
    custom_new_fails(&sb, "big", &[], 1, &["larger than the 1024 KiB"]);
}

#[test]
fn the_readme_worked_example_works() {
    let sb = Sandbox::new();
    let root = repo("examples/templates");
    let out = stdout_of(
        sb.cmd(["--templates"])
            .arg(&root)
            .args([
                "new",
                "release-manager",
                "--defaults",
                "--stdout",
                "--set",
                "project=Orbit",
            ])
            .assert(),
    );
    let agent = AgentFile::parse(&out);
    assert_eq!(agent.str("tools"), Some("Read, Grep, Glob, Bash"));
    assert!(
        agent
            .body
            .starts_with("You are a release manager for Orbit.")
    );
    sb.cmd(["--templates"])
        .arg(&root)
        .args([
            "kit",
            "release-team",
            "--defaults",
            "--set",
            "project=Orbit",
        ])
        .assert()
        .success();
    let writer = AgentFile::parse(&sb.read(".claude/agents/changelog-writer.md"));
    assert!(
        writer.body.starts_with("You are a release notes writer"),
        "{}",
        &writer.body[..80]
    );
    assert!(writer.body.contains("Orbit"));
    assert!(
        sb.exists(".claude/agents/release-manager.md")
            && sb.exists(".claude/agents/test-engineer.md")
    );
}
