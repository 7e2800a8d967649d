//! Hostile names, paths and failing writes: each case ends with its exact
//! outcome (message and exit code) and proves what was, or was not,
//! written. `names` and `output_files` cover the plain cases (separators,
//! control characters, a folder in the way, `-o` under a file); these are
//! the ones an attacker or a full disk would try.

use std::path::Path;

use predicates::str::contains;

use crate::support::*;

const AGENT: &str = ".claude/agents/backend-architect.md";

#[test]
fn look_alike_hidden_absolute_and_overlong_names_are_refused() {
    let sb = Sandbox::new();
    // A Cyrillic 'а' looks like the ASCII letter: the message must say
    // which character it is, and no suggestion may drop it silently.
    let stderr = sb.agentgen(["new", "backend-architect", "-o", "out"])
        .args(["--name", "b\u{430}ckend"])
        .fails(2)
        .stderr_has("'\u{430}' is not allowed: it is U+0430, outside ASCII, even if it looks like a plain letter")
        .run()
        .stderr;
    assert!(!stderr.contains("instead"), "{stderr}");
    // Fullwidth letters are the ASCII ones in another form: suggested back.
    sb.agentgen(["new", "backend-architect", "-o", "out"])
        .args(["--name", "ｂａｃｋｅｎｄ"])
        .fails(2)
        .stderr_has("'ｂ' is not allowed: it is U+FF42, outside ASCII")
        .run();
    sb.agentgen(["new", "backend-architect", "-o", "out"])
        .args(["--name", "ｂａｃｋｅｎｄ"])
        .fails(2)
        .stderr_has("Use 'backend' instead, for example with --name backend.")
        .run();
    sb.agentgen(["new", "backend-architect", "-o", "out"])
        .args(["--name", ".hidden"])
        .fails(2)
        .stderr_has("'.hidden' cannot be an agent name: it must start with a lowercase letter")
        .run();
    sb.agentgen(["new", "backend-architect", "-o", "out"])
        .args(["--name", "/abs"])
        .fails(2)
        .stderr_has("it contains a path separator or '..'")
        .run();
    sb.agentgen(["new", "backend-architect", "-o", "out"])
        .args(["--name", "/etc/passwd"])
        .fails(2)
        .stderr_has("it contains a path separator or '..'")
        .run();
    let long = "a".repeat(300);
    sb.agentgen(["new", "backend-architect", "-o", "out"])
        .args(["--name", &long])
        .fails(2)
        .stderr_has("it is longer than 64 characters")
        .run();
    sb.agentgen(["new", "backend-architect", "-o", "out"])
        .args(["--set", "name=nul"])
        .fails(2)
        .stderr_has("Windows reserves it for a device")
        .run();
}

#[test]
fn a_kit_refuses_hostile_member_names_all_at_once() {
    let sb = Sandbox::new();
    let long = "a".repeat(300);
    sb.write(
        "team.yaml",
        format!(
            "name: hostile\nsummary: s\nagents:\n  - role: backend-architect\n    name: ../../escape\n  - role: backend-architect\n    name: \"b\u{430}ckend\"\n  - role: backend-architect\n    name: .hidden\n  - role: backend-architect\n    name: {long}\n  - role: backend-architect\n    name: con\n"
        ),
    );
    sb.agentgen(["kit", "./team.yaml", "--defaults"])
        .fails(2)
        .stderr_has("the kit hostile cannot be written (5 problems); nothing was written")
        .stderr_has("agent 1 (backend-architect): '../../escape' cannot be an agent name: it contains a path separator")
        .stderr_has("agent 2 (backend-architect): 'b\u{430}ckend' cannot be an agent name: '\u{430}' is not allowed: it is U+0430")
        .stderr_has("agent 3 (backend-architect): '.hidden' cannot be an agent name: it must start with a lowercase letter")
        .stderr_has("agent 4 (backend-architect): ")
        .stderr_has("longer than 64 characters")
        .stderr_has("agent 5 (backend-architect): 'con' cannot be an agent name: Windows reserves it")
        .run();
}

#[test]
fn role_names_cannot_reach_outside_the_catalogue() {
    let sb = Sandbox::new();
    sb.write("secret.txt", "the secret\n");
    for role in ["../secret.txt", "/etc/passwd", "roles/../../secret", ""] {
        let stderr = sb.agentgen(["new", role]).fails(2).run().stderr;
        assert!(
            stderr.contains(&format!("there is no role named '{role}'")),
            "{role:?}: {stderr}"
        );
        assert!(!stderr.contains("the secret"));
    }
}

#[test]
fn an_overlong_folder_name_fails_cleanly() {
    let sb = Sandbox::new();
    let dir = "d".repeat(300);
    sb.agentgen(["new", "backend-architect", "-o", &dir])
        .fails(1)
        .stderr_has(format!("cannot inspect {dir}"))
        .stderr_has("File name too long")
        .run();
}

#[cfg(unix)]
mod links {
    use std::os::unix::fs::symlink;

    use super::*;

    /// A folder outside the sandbox with a key in it, standing in for
    /// `~/.ssh`.
    struct Outside(tempfile::TempDir);

    const KEY: &str = "ssh-ed25519 AAAA the key\n";

    impl Outside {
        fn new() -> Outside {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("authorized_keys"), KEY).unwrap();
            Outside(dir)
        }

        fn path(&self) -> &Path {
            self.0.path()
        }

        fn key(&self) -> std::path::PathBuf {
            self.path().join("authorized_keys")
        }

        /// Nothing was added, removed or changed.
        fn untouched(&self) {
            assert_eq!(names(self.path()), ["authorized_keys"]);
            assert_eq!(std::fs::read_to_string(self.key()).unwrap(), KEY);
        }
    }

    /// The run must be refused before anything is asked or written.
    fn link_refused(sb: &Sandbox, outside: &Outside, args: &[&str], link: &str) {
        sb.agentgen(args)
            .fails(1)
            .stderr_has(format!("error: {link} is a link to "))
            .stderr_has("agentgen does not follow links out of the project for its default folders")
            .stderr_has(
                "Remove the link, or name the folder with -o DIR if you mean to write there.",
            )
            .run();
        outside.untouched();
    }

    #[test]
    fn a_default_folder_linked_out_of_the_project_is_refused() {
        let sb = Sandbox::new();
        let ssh = Outside::new();
        symlink(ssh.path(), sb.path().join(".claude")).unwrap();
        let new = ["new", "backend-architect", "--defaults"];
        link_refused(&sb, &ssh, &new, ".claude");
        link_refused(&sb, &ssh, &[&new[..], &["--force"]].concat(), ".claude");
        link_refused(
            &sb,
            &ssh,
            &["kit", "startup", "--defaults", "--force"],
            ".claude",
        );
        sb.agentgen(new)
            .fails(1)
            .stderr_has(format!(
                ".claude is a link to {}, outside the project folder {};",
                ssh.path().canonicalize().unwrap().display(),
                sb.path().canonicalize().unwrap().display()
            ))
            .run();

        let sb = Sandbox::new();
        std::fs::create_dir(sb.path().join(".claude")).unwrap();
        symlink(ssh.path(), sb.path().join(".claude/agents")).unwrap();
        link_refused(
            &sb,
            &ssh,
            &["kit", "startup", "--defaults"],
            ".claude/agents",
        );

        // Another target's default folder, and the project folders under
        // -o DIR with several targets.
        let sb = Sandbox::new();
        symlink(ssh.path(), sb.path().join(".codex")).unwrap();
        link_refused(
            &sb,
            &ssh,
            &[&new[..], &["--target", "all"]].concat(),
            ".codex",
        );
        std::fs::create_dir(sb.path().join("proj")).unwrap();
        symlink(ssh.path(), sb.path().join("proj/.gemini")).unwrap();
        let several = ["-o", "proj", "--target", "claude", "--target", "gemini"];
        link_refused(&sb, &ssh, &[&new[..], &several].concat(), "proj/.gemini");
    }

    #[test]
    fn a_dangling_default_folder_link_is_refused() {
        let sb = Sandbox::new();
        let ssh = Outside::new();
        let missing = ssh.path().join("missing");
        symlink(&missing, sb.path().join(".claude")).unwrap();
        link_refused(
            &sb,
            &ssh,
            &["new", "backend-architect", "--defaults"],
            ".claude",
        );
        sb.agentgen(["new", "backend-architect", "--defaults"])
            .fails(1)
            .stderr_has(format!(
                ".claude is a link to {}, which does not lead to an existing folder in the project folder",
                missing.display()
            ))
            .run();
    }

    #[test]
    fn links_the_user_chose_are_followed() {
        // Inside the project: a repository may keep its agents elsewhere.
        let sb = Sandbox::new();
        std::fs::create_dir_all(sb.path().join("config/claude")).unwrap();
        symlink("config/claude", sb.path().join(".claude")).unwrap();
        sb.run(["new", "backend-architect", "--defaults"])
            .success()
            .stderr(contains("created .claude/agents/backend-architect.md"));
        AgentFile::parse(&sb.read("config/claude/agents/backend-architect.md"));

        // -o DIR names the folder, link or not.
        let sb = Sandbox::new();
        std::fs::create_dir(sb.path().join("elsewhere")).unwrap();
        symlink(sb.path().join("elsewhere"), sb.path().join("named")).unwrap();
        sb.run(["new", "backend-architect", "--defaults", "-o", "named"])
            .success();
        AgentFile::parse(&sb.read("elsewhere/backend-architect.md"));

        // --user: a home folder linked to dotfiles is the user's own.
        let sb = Sandbox::new();
        std::fs::create_dir(sb.path().join("dotfiles")).unwrap();
        symlink(sb.path().join("dotfiles"), sb.home().join(".claude")).unwrap();
        sb.run(["new", "backend-architect", "--defaults", "--user"])
            .success();
        AgentFile::parse(&sb.read("dotfiles/agents/backend-architect.md"));
    }

    #[test]
    fn plugin_folders_linked_out_of_the_plugin_are_refused() {
        for inner in ["agents", ".claude-plugin"] {
            let sb = Sandbox::new();
            let ssh = Outside::new();
            std::fs::create_dir(sb.path().join("plug")).unwrap();
            symlink(ssh.path(), sb.path().join("plug").join(inner)).unwrap();
            let kit = ["kit", "startup", "--defaults", "--plugin", "plug"];
            link_refused(&sb, &ssh, &kit, &format!("plug/{inner}"));
            link_refused(
                &sb,
                &ssh,
                &[&kit[..], &["--force"]].concat(),
                &format!("plug/{inner}"),
            );
            sb.agentgen(kit)
                .fails(1)
                .stderr_is(format!(
                    "error: plug/{inner} is a link to {}, outside the project folder {}; agentgen \
                     does not follow links out of the project for its default folders, since a \
                     repository could aim them anywhere. Remove the link, or name the folder with \
                     -o DIR if you mean to write there.\n",
                    ssh.path().canonicalize().unwrap().display(),
                    sb.path().join("plug").canonicalize().unwrap().display()
                ))
                .run();
        }
        // A link inside the plugin folder is followed.
        let sb = Sandbox::new();
        std::fs::create_dir_all(sb.path().join("plug/real")).unwrap();
        symlink("real", sb.path().join("plug/agents")).unwrap();
        sb.run(["kit", "startup", "--defaults", "--plugin", "plug"])
            .success();
        AgentFile::parse(&sb.read("plug/real/test-engineer.md"));
    }

    #[test]
    fn an_agent_file_that_is_a_link_is_replaced_never_written_through() {
        let sb = Sandbox::new();
        let ssh = Outside::new();
        std::fs::create_dir_all(sb.path().join(".claude/agents")).unwrap();
        let link = sb.path().join(AGENT);
        symlink(ssh.key(), &link).unwrap();
        sb.agentgen(["new", "backend-architect", "--defaults"])
            .fails(3)
            .stderr_has(format!("{AGENT} already exists"))
            .run();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        ssh.untouched();

        sb.run(["new", "backend-architect", "--defaults", "--force"])
            .success()
            .stderr(contains(format!("replaced {AGENT}")));
        assert!(
            link.symlink_metadata().unwrap().is_file(),
            "the link itself was replaced"
        );
        AgentFile::parse(&sb.read(AGENT));
        ssh.untouched();
    }

    #[test]
    fn kit_files_linked_to_each_other_or_outside_each_get_their_own_file() {
        let sb = Sandbox::new();
        let ssh = Outside::new();
        let agents = sb.path().join(".claude/agents");
        std::fs::create_dir_all(&agents).unwrap();
        symlink(ssh.key(), agents.join("test-engineer.md")).unwrap();
        // Written through, the second agent would overwrite the first.
        symlink("backend-architect.md", agents.join("code-reviewer.md")).unwrap();
        sb.write(".claude/agents/backend-architect.md", "mine\n");
        sb.agentgen(["kit", "startup", "--defaults"])
            .fails(3)
            .stderr_has("(3 problems)")
            .stderr_has("test-engineer.md already exists")
            .stderr_has("code-reviewer.md already exists")
            .run();

        sb.run(["kit", "startup", "--defaults", "--force"])
            .success();
        for name in ["backend-architect", "code-reviewer", "test-engineer"] {
            let path = agents.join(format!("{name}.md"));
            assert!(path.symlink_metadata().unwrap().is_file(), "{name}");
            let agent = AgentFile::parse(&std::fs::read_to_string(&path).unwrap());
            assert_eq!(agent.str("name"), Some(name));
        }
        ssh.untouched();
    }

    #[test]
    fn a_read_only_folder_for_the_second_target_leaves_the_first_unwritten() {
        use std::os::unix::fs::PermissionsExt;
        let sb = Sandbox::new();
        std::fs::create_dir_all(sb.path().join("proj/.claude/agents")).unwrap();
        let ro = sb.path().join("proj/.codex/agents");
        std::fs::create_dir_all(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        let restore =
            || std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        if !read_only_binds(&ro) {
            restore();
            return;
        }
        // No Claude agent is written either.
        let stderr = sb
            .agentgen([
                "kit",
                "startup",
                "--defaults",
                "-o",
                "proj",
                "--target",
                "claude",
                "--target",
                "codex",
            ])
            .fails(1)
            .run()
            .stderr;
        restore();
        assert!(
            stderr.contains(
                "cannot create a temporary file in proj/.codex/agents; nothing was changed"
            ),
            "{stderr}"
        );
    }
}

#[test]
fn saved_answers_aimed_at_the_agent_itself_are_refused() {
    let sb = Sandbox::new();
    for path in [AGENT, "./.claude/agents/backend-architect.md"] {
        sb.agentgen([
            "new",
            "backend-architect",
            "--defaults",
            "--save-answers",
            path,
        ])
        .fails(2)
        .stderr_has(format!(
            "{path} would be written twice in one run, the second file replacing the first; give --save-answers (or -o) a path of its own"
        ))
        .run();
    }
    sb.agentgen([
        "kit",
        "startup",
        "--defaults",
        "--plugin",
        "p",
        "--save-answers",
        "p/agents/test-engineer.md",
    ])
    .fails(2)
    .stderr_has("p/agents/test-engineer.md would be written twice")
    .run();
}

#[test]
fn a_parent_that_is_a_file_stops_a_kit_before_any_write() {
    let sb = Sandbox::new();
    sb.write(".claude", "not a folder\n");
    sb.agentgen(["kit", "startup", "--defaults"])
        .fails(1)
        .stderr_has("cannot write .claude/agents/backend-architect.md")
        .stderr_has(".claude is a file, not a folder")
        .run();

    let sb = Sandbox::new();
    sb.write("blocker", "x\n");
    // No agent was written either.
    sb.agentgen([
        "kit",
        "startup",
        "--defaults",
        "--save-answers",
        "blocker/answers.yaml",
    ])
    .fails(1)
    .stderr_has("cannot write blocker/answers.yaml")
    .stderr_has("blocker is a file, not a folder")
    .run();
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_disk_leaves_the_old_file_and_no_temporary_file() {
    let sb = Sandbox::new();
    sb.write(AGENT, "old\n");
    // 1 block of 512 bytes; the agent is about 9 KB.
    sb.agentgen(["new", "backend-architect", "--defaults", "--force"])
        .ulimit("-f 1")
        .fails(1)
        .stderr_has(format!(
            "error: cannot write {AGENT}; nothing was changed. Check that the folder is writable and the disk has room, then run again."
        ))
        .stderr_has("caused by: File too large")
        .run();
    assert_eq!(
        names(&sb.path().join(".claude/agents")),
        ["backend-architect.md"]
    );
}

#[test]
fn a_large_kit_does_not_hold_a_descriptor_per_file() {
    let sb = Sandbox::new();
    sb.write(
        "t/roles/worker/role.yaml",
        "name: worker\nsummary: A worker.\nquestions:\n  - use: identity\n    defaults:\n      name: worker\n      description: Use this agent in tests.\n",
    );
    sb.write("t/roles/worker/agent.md.j2", "A worker.\n");
    let mut kit = "name: crowd\nsummary: Many agents.\nagents:\n".to_owned();
    for i in 1..=100 {
        kit.push_str(&format!("  - role: worker\n    name: agent-{i}\n"));
    }
    sb.write("crowd.yaml", kit);
    // 32 descriptors for 100 files: staging keeps none open between files.
    sb.agentgen([
        "--templates",
        "t",
        "kit",
        "./crowd.yaml",
        "--defaults",
        "-o",
        "out",
    ])
    .ulimit("-n 32")
    .succeeds()
    .run();
    assert_eq!(names(&sb.path().join("out")).len(), 100);
}

/// A custom role whose agent named `agent-7` is 200 KB and every other a
/// few hundred bytes, and a kit of eight of them.
fn kit_of_eight(sb: &Sandbox) {
    let line = "x".repeat(1000);
    custom_role(
        sb,
        "t",
        "worker",
        "",
        &format!(
            "A worker.\n{{% if name == 'agent-7' %}}{{% for i in range(200) %}}{line}\n{{% endfor %}}{{% endif %}}"
        ),
    );
    let mut kit = "name: eight\nsummary: Eight agents.\nagents:\n".to_owned();
    for i in 1..=8 {
        kit.push_str(&format!("  - role: worker\n    name: agent-{i}\n"));
    }
    sb.write("eight.yaml", kit);
}

#[test]
fn a_kit_that_fails_on_agent_seven_writes_no_file() {
    let sb = Sandbox::new();
    kit_of_eight(&sb);
    // The limit (50 KB) lets the small agents through and stops the
    // seventh, after six temporary files were already written.
    let kit = |out: &str, force: bool| {
        let mut args = vec![
            "--templates",
            "t",
            "kit",
            "./eight.yaml",
            "--defaults",
            "-o",
        ];
        args.push(out);
        if force {
            args.push("--force");
        }
        sb.agentgen(args).ulimit("-f 100")
    };
    // No agent, no temporary file, and no folder made by the run.
    kit("fresh/agents", false)
        .fails(1)
        .stderr_has("error: cannot write fresh/agents/agent-7.md; nothing was changed")
        .stderr_has("File too large")
        .run();

    for i in 1..=8 {
        sb.write(&format!("old/agent-{i}.md"), format!("old {i}\n"));
    }
    // Every old agent is intact.
    kit("old", true)
        .fails(1)
        .stderr_has("cannot write old/agent-7.md; nothing was changed")
        .run();

    // Without the limit the same kit is written.
    sb.run([
        "--templates",
        "t",
        "kit",
        "./eight.yaml",
        "--defaults",
        "-o",
        "old",
        "--force",
    ])
    .success();
    assert!(sb.read("old/agent-7.md").len() > 200_000);
}

/// Inputs that are not regular files: each is refused at once with exit
/// code 2, unread. The FIFOs and links live outside the sandbox, whose
/// snapshot would itself block reading them.
#[cfg(unix)]
mod special_files {
    use std::os::unix::fs::symlink;
    use std::path::PathBuf;
    use std::process::{Command, Output, Stdio};
    use std::time::{Duration, Instant};

    use super::*;

    /// A FIFO at `path`, with no writer: a plain open of it blocks.
    fn fifo(path: &Path) -> PathBuf {
        let name = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        path.to_owned()
    }

    /// `agentgen ARGS` in the sandbox with standard input a pipe kept
    /// open, so a read of it would block; killed after 20 s.
    fn run_with_open_stdin(sb: &Sandbox, args: &[&str]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_agentgen"))
            .args(args)
            .current_dir(sb.path())
            .env("HOME", sb.home())
            .env_remove("AGENTGEN_TEMPLATES")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let _open = child.stdin.take();
        let deadline = Instant::now() + Duration::from_secs(20);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                child.kill().unwrap();
                panic!("agentgen {args:?} hangs");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        child.wait_with_output().unwrap()
    }

    /// `args` must end with exit code 2 and exactly `message` on standard
    /// error, at once, with nothing written.
    fn refused(sb: &Sandbox, args: &[&str], message: &str) {
        let before = sb.snapshot();
        let started = Instant::now();
        let output = run_with_open_stdin(sb, args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr, format!("error: {message}\n"), "{args:?}");
        assert!(started.elapsed() < Duration::from_secs(5), "{args:?}");
        assert_eq!(sb.snapshot(), before, "{args:?}: nothing was written");
    }

    #[test]
    fn kit_answers_and_lint_inputs_must_be_regular_files() {
        let sb = Sandbox::new();
        let special = tempfile::tempdir().unwrap();
        let at = |name: &str| special.path().join(name).to_str().unwrap().to_owned();
        let pipe = fifo(&special.path().join("pipe.yaml"));
        symlink("/dev/zero", special.path().join("zero.yaml")).unwrap();
        symlink("/dev/stdin", special.path().join("stdin.md")).unwrap();
        symlink(&pipe, special.path().join("pipe.md")).unwrap();
        let fifo_is =
            "it is a FIFO (named pipe), not a regular file; agentgen reads only regular files";
        let device_is =
            "it is a character device, not a regular file; agentgen reads only regular files";

        let zero = at("zero.yaml");
        refused(
            &sb,
            &["kit", &zero, "--defaults"],
            &format!("cannot read the kit file {zero}: {device_is}"),
        );
        let pipe = at("pipe.yaml");
        refused(
            &sb,
            &["kit", &pipe, "--defaults"],
            &format!("cannot read the kit file {pipe}: {fifo_is}"),
        );
        for answers in [&zero, &pipe] {
            let is = if answers == &zero { device_is } else { fifo_is };
            refused(
                &sb,
                &["new", "backend-architect", "--defaults", "-a", answers],
                &format!("cannot read the answers file {answers}: {is}"),
            );
        }
        let md = at("pipe.md");
        refused(&sb, &["lint", &md], &format!("cannot lint {md}: {fifo_is}"));
        // Standard input is a pipe here, kept open.
        let stdin = at("stdin.md");
        refused(
            &sb,
            &["lint", &stdin],
            &format!("cannot lint {stdin}: {fifo_is}"),
        );
    }

    #[test]
    fn a_fifo_among_agent_files_is_reported_not_read() {
        let sb = Sandbox::new();
        let special = tempfile::tempdir().unwrap();
        let agents = special.path().join(".claude/agents");
        std::fs::create_dir_all(&agents).unwrap();
        fifo(&agents.join("stuck.md"));
        let dir = special.path().to_str().unwrap();
        let output = run_with_open_stdin(&sb, &["lint", dir]);
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            format!(
                "{dir}/.claude/agents/stuck.md: error[not-a-file]: skipped: it is a FIFO (named pipe), \
                 not a regular file; agentgen reads only regular files\n    \
                 fix: no tool loads an agent from it; remove it from the agents folder\n\
                 checked 1 file: 1 error, 0 warnings\n"
            )
        );
    }

    #[test]
    fn only_regular_files_and_links_are_replaced() {
        let sb = Sandbox::new();
        // A socket stands in for /dev/null: as root, --force replaced the
        // device itself. Unlike a FIFO, the snapshot can open it (and
        // fails, harmlessly).
        let socket = "saved.yaml";
        let _listener = std::os::unix::net::UnixListener::bind(sb.path().join(socket)).unwrap();
        let before = sb.snapshot();
        for force in [&[][..], &["--force"][..]] {
            sb.cmd([
                "new",
                "backend-architect",
                "--defaults",
                "--save-answers",
                socket,
            ])
            .args(force)
            .assert()
            .code(2)
            .stderr(format!(
                "error: cannot replace {socket}: it is a socket, not a regular file; \
                     agentgen replaces only regular files and links\n"
            ));
            assert_eq!(sb.snapshot(), before);
        }
        let meta = std::fs::symlink_metadata(sb.path().join(socket)).unwrap();
        assert!(std::os::unix::fs::FileTypeExt::is_socket(&meta.file_type()));
    }
}
