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
    sb.agentgen(["--templates", "nope", "list"])
        .fails(2)
        .stderr_has("cannot use the template folder nope")
        .run();
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
    // The time includes the builder's two snapshots of this small sandbox.
    let start = std::time::Instant::now();
    sb.agentgen(["--templates", "t", "new", "needs-input"])
        .fails(2)
        .stderr_has("no answer for these required questions: mission, owner")
        // Issue 14: the suggestion repeats --templates, or it finds no such role.
        .stderr_has("agentgen --templates t answers needs-input > answers.yaml")
        .run();
    assert!(
        start.elapsed() < std::time::Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn an_endless_loop_runs_out_of_fuel() {
    let sb = Sandbox::new();
    let body = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}";
    custom_role(&sb, "t", "looper", "", body);
    custom_new(&sb, "looper")
        .fails(1)
        .stderr_has("t/roles/looper/agent.md.j2")
        .stderr_has("engine ran out of fuel")
        .stderr_has("a loop that does not end")
        .run();
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
    custom_new(&sb, "recurser")
        .fails(1)
        .stderr_has("recurser")
        .stderr_has("recursion")
        .run();
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
    let stderr = custom_new(&sb, "escaper")
        .fails(1)
        .stderr_has("escaper")
        .run()
        .stderr;
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
    let stderr = custom_new(&sb, "linker")
        .fails(1)
        .stderr_has("outside its template root")
        .run()
        .stderr;
    assert!(!stderr.contains("the secret"));
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let sb = Sandbox::new();
    custom_role(&sb, "t", "broken", "", "line one\nline two\n{% if %}\n");
    custom_new(&sb, "broken")
        .fails(1)
        .stderr_has("t/roles/broken/agent.md.j2 line 3")
        .stderr_has("syntax error")
        .run();
}

#[test]
fn an_undefined_variable_names_the_variable_and_line() {
    let sb = Sandbox::new();
    custom_role(&sb, "t", "typo", "", "fine\n{{ missoin }}\n");
    custom_new(&sb, "typo")
        .fails(1)
        .stderr_has("t/roles/typo/agent.md.j2 line 2")
        .stderr_has("undefined")
        .stderr_has("missoin")
        .run();
}

#[test]
fn a_malformed_role_definition_names_the_file_line_and_problem() {
    let sb = Sandbox::new();
    sb.write(
        "t/roles/bad/role.yaml",
        "name: bad\nsummary: s\nquestions:\n  - key: x\n    promt: X\n    type: string\n",
    );
    sb.write("t/roles/bad/agent.md.j2", "x");
    custom_new(&sb, "bad")
        .fails(1)
        .stderr_has("t/roles/bad/role.yaml")
        .stderr_has("line")
        .stderr_has("unknown field `promt`")
        .run();

    sb.write("t/roles/bad/role.yaml", "name: bad\nsummary: [a list]\n");
    custom_new(&sb, "bad")
        .fails(1)
        .stderr_has("t/roles/bad/role.yaml line 2")
        .stderr_has("summary: invalid type: sequence, expected a string")
        .run();

    sb.write(
        "t/roles/bad/role.yaml",
        "name: other\nsummary: s\nquestions: []\n",
    );
    custom_new(&sb, "bad")
        .fails(1)
        .stderr_has("name 'other' differs from its folder 'bad'")
        .stderr_has("every role needs a 'name' question")
        .run();
}

#[test]
fn huge_template_files_are_refused() {
    let sb = Sandbox::new();
    custom_role(&sb, "t", "big", "", &"x".repeat(2 * 1024 * 1024));
    custom_new(&sb, "big")
        .fails(1)
        .stderr_has("larger than the 1024 KiB")
        .run();
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
