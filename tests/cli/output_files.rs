//! Where `agentgen new` writes, and how it refuses to destroy work.

use predicates::str::contains;

use crate::support::*;

const AGENT: &str = ".claude/agents/backend-architect.md";

#[test]
fn the_readme_command_writes_a_loadable_agent() {
    let sb = Sandbox::new();
    let answers = repo("examples/backend-architect.yaml");
    let assert = sb
        .cmd(["new", "backend-architect", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    assert!(stderr_of(&assert).contains("created .claude/agents/backend-architect.md"));
    let agent = AgentFile::parse(&sb.read(AGENT));
    assert_eq!(
        agent.keys(),
        ["name", "description", "tools", "model", "color"]
    );
    assert_eq!(agent.str("name"), Some("backend-architect"));
    assert_eq!(
        agent.str("tools"),
        Some("Read, Grep, Glob, Edit, Write, Bash, WebFetch")
    );
    assert!(
        agent
            .str("description")
            .unwrap()
            .starts_with("Use this agent when")
    );
    assert_eq!(
        agent
            .str("description")
            .unwrap()
            .matches("<example>")
            .count(),
        2
    );
    golden("backend-architect.example.md", &sb.read(AGENT));
}

#[test]
fn defaults_render_the_golden_agent() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.run(["new", "backend-architect", "--defaults", "--stdout"]));
    AgentFile::parse(&out);
    golden("backend-architect.defaults.md", &out);
}

#[test]
fn stdout_prints_the_document_and_writes_nothing() {
    let sb = Sandbox::new();
    let out = sb
        .agentgen(["new", "backend-architect", "--stdout"])
        .succeeds()
        .writes_nothing()
        .run()
        .stdout;
    assert!(out.starts_with("---\nname: backend-architect\n"));
}

#[test]
fn out_dir_writes_there_creating_folders() {
    let sb = Sandbox::new();
    sb.run([
        "new",
        "backend-architect",
        "-o",
        "deep/agents/dir",
        "--name",
        "api-architect",
    ])
    .success();
    AgentFile::parse(&sb.read("deep/agents/dir/api-architect.md"));
    assert!(!sb.exists(".claude"));
}

#[test]
fn user_scope_writes_under_home() {
    let sb = Sandbox::new();
    sb.run(["new", "backend-architect", "--user"]).success();
    assert!(sb.exists("home/.claude/agents/backend-architect.md"));
    assert!(!sb.exists(".claude"));
}

#[test]
fn user_scope_without_home_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "backend-architect", "--user"])
        .env_remove("HOME")
        .fails(2)
        .stderr_has("--user needs the HOME environment variable")
        .run();
}

#[test]
fn an_existing_file_is_never_replaced_without_force() {
    let sb = Sandbox::new();
    sb.write(AGENT, "my own edits\n");
    // The file is untouched and nothing else appeared.
    sb.agentgen(["new", "backend-architect"])
        .fails(3)
        .stderr_has(".claude/agents/backend-architect.md already exists")
        .stderr_has("--force")
        .run();
}

#[test]
fn force_replaces_the_file_atomically() {
    let sb = Sandbox::new();
    sb.write(AGENT, "old\n");
    sb.run(["new", "backend-architect", "--force"])
        .success()
        .stderr(contains("replaced .claude/agents/backend-architect.md"));
    AgentFile::parse(&sb.read(AGENT));
    let names: Vec<_> = std::fs::read_dir(sb.path().join(".claude/agents"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        ["backend-architect.md"],
        "no temporary file is left behind"
    );
}

#[test]
fn an_identical_agent_is_left_untouched_and_needs_no_force() {
    // Outside a recorded project (the project's own files are owned
    // through agentgen.lock; see lifecycle.rs): consent is about files
    // agentgen does not own.
    let sb = Sandbox::new();
    sb.run(["new", "backend-architect", "--defaults", "--no-record"])
        .success();
    let path = sb.path().join(AGENT);
    // An old time, so an untouched file cannot match by chance.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    sb.agentgen(["new", "backend-architect", "--defaults", "--no-record"])
        .succeeds()
        .writes_nothing()
        .stderr_has(format!("unchanged {AGENT}"))
        .run();
    sb.agentgen([
        "new",
        "backend-architect",
        "--defaults",
        "--no-record",
        "--force",
    ])
    .succeeds()
    .writes_nothing()
    .stderr_has(format!("unchanged {AGENT}"))
    .run();
    sb.agentgen([
        "new",
        "backend-architect",
        "--defaults",
        "--no-record",
        "--dry-run",
    ])
    .succeeds()
    .writes_nothing()
    .stdout_has(format!("would leave {AGENT} unchanged ("))
    .run();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), old);

    // One changed answer: the file differs, so consent is needed again.
    sb.agentgen([
        "new",
        "backend-architect",
        "--defaults",
        "--no-record",
        "--set",
        "model=opus",
    ])
    .fails(3)
    .stderr_has(format!("{AGENT} already exists"))
    .run();

    // A kit run over its own output changes nothing and asks nothing.
    sb.run(["kit", "startup", "--defaults", "-o", "team"])
        .success();
    let stderr = sb
        .agentgen(["kit", "startup", "--defaults", "-o", "team"])
        .succeeds()
        .writes_nothing()
        .run()
        .stderr;
    assert_eq!(stderr.matches("unchanged team/").count(), 5, "{stderr}");
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "backend-architect", "--dry-run"])
        .succeeds()
        .writes_nothing()
        .stdout_has("would create .claude/agents/backend-architect.md (")
        .stdout_has("bytes)")
        .run();

    sb.write(AGENT, "mine\n");
    sb.agentgen(["new", "backend-architect", "--dry-run"])
        .fails(3)
        .run();
    sb.agentgen(["new", "backend-architect", "--dry-run", "--force"])
        .succeeds()
        .writes_nothing()
        .stdout_has("would replace .claude/agents/backend-architect.md")
        .run();
}

#[test]
fn a_folder_in_the_way_or_a_file_as_parent_is_refused() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join(AGENT)).unwrap();
    sb.agentgen(["new", "backend-architect", "--force"])
        .fails(1)
        .stderr_has("a folder is in the way")
        .run();

    let sb = Sandbox::new();
    sb.write("blocker", "x");
    sb.agentgen(["new", "backend-architect", "-o", "blocker/agents"])
        .fails(1)
        .stderr_has("blocker is a file, not a folder")
        .run();
}

#[cfg(unix)]
#[test]
fn an_unwritable_folder_fails_cleanly_and_leaves_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    sb.write("ro/backend-architect.md", "old\n");
    let ro = sb.path().join("ro");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if !read_only_binds(&ro) {
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let stderr = sb
        .agentgen(["new", "backend-architect", "-o", "ro", "--force"])
        .fails(1)
        .run()
        .stderr;
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(stderr.contains("cannot create a temporary file in"));
    assert_eq!(sb.read("ro/backend-architect.md"), "old\n");
    assert_eq!(std::fs::read_dir(&ro).unwrap().count(), 1);
}

#[test]
fn flags_that_contradict_each_other_are_refused() {
    let sb = Sandbox::new();
    for args in [
        &["--stdout", "-o", "x"][..],
        &["--stdout", "--user"],
        &["--stdout", "--dry-run"],
        &["-o", "x", "--user"],
    ] {
        sb.agentgen(["new", "backend-architect"])
            .args(args)
            .fails(2)
            .run();
    }
    assert_eq!(
        sb.snapshot().len(),
        1,
        "only the sandbox's home folder exists"
    );
}

#[test]
fn an_unknown_role_suggests_the_closest() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "backend-architekt"])
        .fails(2)
        .stderr_has(
            "there is no role named 'backend-architekt' (did you mean 'backend-architect'?)",
        )
        .stderr_has("agentgen list")
        .run();
}

#[test]
fn an_agent_lint_would_skip_as_too_large_is_never_written() {
    let sb = Sandbox::new();
    // Under the renderer's own limit (1 MiB of body), over the file limit
    // once the frontmatter is added.
    custom_role(&sb, "t", "big", "", "{{ 'y' * 1048500 }}\n");
    let reason = "it is larger than the 1024 KiB agentgen reads from a file";
    custom_new(&sb, "big")
        .fails(2)
        .stderr_has("note: templates from outside agentgen are in use:")
        .stderr_has(format!("\nerror: cannot write out/big.md: {reason}\n"))
        .run();
    custom_new(&sb, "big")
        .arg("--force")
        .fails(2)
        .stderr_has(reason)
        .run();

    // lint says the same of such a file.
    let body = "y".repeat(1024 * 1024);
    sb.write(
        ".claude/agents/big.md",
        format!("---\nname: big\ndescription: Use this agent in tests.\n---\n{body}\n"),
    );
    let stdout = stdout_of(sb.run(["lint", ".claude/agents/big.md"]).success());
    assert!(
        stdout.starts_with(&format!(
            ".claude/agents/big.md: warning[too-large]: skipped: {reason}\n"
        )),
        "{stdout}"
    );
}

#[test]
fn bash_for_every_command_is_written_for_opencode_as_plain_allow() {
    // `Bash(*)` once became the pattern "*" next to the "*": deny default,
    // a duplicate key the self-check refused as a bug.
    let sb = Sandbox::new();
    let before = sb.snapshot();
    let args = [
        "new",
        "backend-architect",
        "--defaults",
        "--target",
        "opencode",
    ];
    for tools in [
        "tools=[Read, Bash(*)]",
        "tools=[Bash(git:*), Bash(git*), Bash(:*)]",
    ] {
        let out = stdout_of(sb.run([&args[..], &["--stdout", "--set", tools]].concat()));
        let agent = AgentFile::parse(&out);
        assert_eq!(
            agent.keys(),
            ["description", "mode", "color", "permission"],
            "{tools}"
        );
        // Every permission key is written (issue 12): bash is plain allow,
        // and what the tools do not cover is denied.
        for line in [
            "\n  edit: deny\n",
            "\n  bash: allow\n",
            "\n  webfetch: deny\n",
        ] {
            assert!(out.contains(line), "{tools}: {line:?} in {out}");
        }
    }
    assert_eq!(sb.snapshot(), before, "--stdout writes no file");
    let out = stdout_of(
        sb.run(
            [
                &args[..],
                &[
                    "--stdout",
                    "--set",
                    "tools=[Bash(git:*), Bash(git*), Bash(ls)]",
                ],
            ]
            .concat(),
        ),
    );
    assert!(
        out.contains("\n  bash:\n    \"*\": deny\n    git*: allow\n    ls: allow\n"),
        "{out}"
    );
}
