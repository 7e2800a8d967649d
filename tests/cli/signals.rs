//! SIGTERM and SIGINT sent to a real run at chosen and random moments, as
//! CI cancellation and `timeout` send them (no terminal): a kit is written
//! in full or not at all, no temporary file or new folder is left, and the
//! run says which with exit code 130 or 143.
#![cfg(unix)]

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Sandbox, Snapshot, custom_role};

const MEMBERS: usize = 1000;

/// A kit file of `MEMBERS` agents of one small custom role, in `t`.
fn big_kit(sb: &Sandbox) {
    custom_role(sb, "t", "r", "", "Agent {{ name }}.\n");
    let mut kit = String::from("name: big\nsummary: Many agents.\nagents:\n");
    for i in 0..MEMBERS {
        kit.push_str(&format!("  - role: r\n    name: agent-{i}\n"));
    }
    sb.write("big.yaml", kit);
}

fn spawn_kit(sb: &Sandbox) -> Child {
    Command::new(env!("CARGO_BIN_EXE_agentgen"))
        .args(["--templates", "t", "kit", "./big.yaml", "--defaults"])
        .args(["-o", "out"])
        .current_dir(sb.path())
        .env("HOME", sb.home())
        .env_remove("AGENTGEN_TEMPLATES")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("agentgen starts")
}

/// Waits until the process has a handler for `signal`, so a signal sent
/// in its first milliseconds tests agentgen, not the start of the process.
fn wait_for_handler(child: &Child, signal: i32) {
    if cfg!(target_os = "linux") {
        let status = format!("/proc/{}/status", child.id());
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let caught = std::fs::read_to_string(&status)
                .ok()
                .and_then(|s| {
                    let line = s.lines().find(|l| l.starts_with("SigCgt:"))?.to_owned();
                    u64::from_str_radix(line["SigCgt:".len()..].trim(), 16).ok()
                })
                .unwrap_or(0);
            if caught & (1 << (signal - 1)) != 0 {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        panic!("agentgen never installed a handler for signal {signal}");
    } else {
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// When to send the signal.
#[derive(Clone, Copy, Debug)]
enum Moment {
    /// As soon as the output folder exists: temporary files are being
    /// written.
    FolderAppears,
    /// As soon as the first temporary file exists.
    TempFileAppears,
    /// As soon as the first agent file exists (the files are renamed in
    /// kit order): renames have begun.
    AgentAppears,
    /// After this many milliseconds.
    After(u64),
}

/// Polls until `ready` holds or the child has ended.
fn wait_until(child: &mut Child, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ready() && Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        // Short, but leaving the cores to agentgen.
        std::thread::sleep(Duration::from_micros(100));
    }
}

/// Whether `dir` holds a file whose name passes `test`.
fn has_file(dir: &Path, test: impl Fn(&str) -> bool) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(|e| e.ok())
            .any(|e| test(&e.file_name().to_string_lossy()))
    })
}

fn run_and_signal(sb: &Sandbox, signal: i32, moment: Moment) -> Output {
    let mut child = spawn_kit(sb);
    wait_for_handler(&child, signal);
    let out = sb.path().join("out");
    match moment {
        Moment::FolderAppears => wait_until(&mut child, || out.exists()),
        Moment::TempFileAppears => wait_until(&mut child, || {
            has_file(&out, |n| n.starts_with(".agentgen-"))
        }),
        Moment::AgentAppears => {
            // One stat, not a listing of a thousand temporary files.
            wait_until(&mut child, || out.join("agent-0.md").exists())
        }
        Moment::After(ms) => std::thread::sleep(Duration::from_millis(ms)),
    }
    // SAFETY: kill(2) on our own child, still unreaped, so its pid is ours.
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
    child.wait_with_output().expect("agentgen ends")
}

/// A small xorshift generator: random moments without a dependency; the
/// seed is printed so a failure can be replayed.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Run `run` of the 20: the signal and the moment it is sent, then the
/// checks; returns whether every agent was written.
fn signalled_run(sb: &Sandbox, before: &Snapshot, run: u64, seed: &mut u64) -> bool {
    let (signal, name, code) = if run % 2 == 0 {
        (libc::SIGTERM, "SIGTERM", 143)
    } else {
        (libc::SIGINT, "SIGINT", 130)
    };
    let moment = match (run / 2) % 5 {
        0 => Moment::FolderAppears,
        1 => Moment::TempFileAppears,
        2 => Moment::AgentAppears,
        _ => Moment::After(next(seed) % 301),
    };
    let output = run_and_signal(sb, signal, moment);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    let context = format!(
        "run {run}, {name} at {moment:?}: {:?}\n{last}",
        output.status
    );
    if sb.snapshot() == *before {
        assert_eq!(output.status.code(), Some(code), "{context}");
        assert_eq!(
            last,
            format!("error: interrupted by {name}; nothing was changed"),
            "{context}"
        );
        return false;
    }
    let out = sb.path().join("out");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap_or_else(|e| panic!("{context}: {e}"))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut expected: Vec<String> = (0..MEMBERS).map(|i| format!("agent-{i}.md")).collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "all or nothing, no temporary file: {context}"
    );
    match output.status.code() {
        Some(0) => assert!(last.starts_with("created out/agent-"), "{context}"),
        c => {
            assert_eq!(c, Some(code), "{context}");
            assert_eq!(
                last,
                format!("error: interrupted by {name} after every file was written in full"),
                "{context}"
            );
        }
    }
    assert!(
        sb.snapshot()
            .keys()
            .all(|p| p.starts_with("out") || before.contains_key(p)),
        "nothing else was written: {context}"
    );
    std::fs::remove_dir_all(&out).unwrap();
    true
}

#[test]
fn a_signal_at_any_moment_leaves_a_kit_whole_or_absent() {
    let started = Instant::now();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("seed {seed}");
    // Two sandboxes, ten runs each side by side: on a busy machine most of
    // a run is waiting for a core.
    let wrote_all: Vec<bool> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2u64)
            .map(|worker| {
                scope.spawn(move || {
                    let sb = Sandbox::new();
                    big_kit(&sb);
                    let before = sb.snapshot();
                    let mut seed = seed.wrapping_add(worker);
                    (worker * 10..worker * 10 + 10)
                        .map(|run| signalled_run(&sb, &before, run, &mut seed))
                        .collect::<Vec<bool>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("no run failed"))
            .collect()
    });
    let all = wrote_all.iter().filter(|&&all| all).count();
    eprintln!(
        "{} runs wrote nothing, {all} wrote every agent, in {:?}",
        wrote_all.len() - all,
        started.elapsed()
    );
    assert_eq!(wrote_all.len(), 20);
    // Four runs were signalled once renames had begun (or after the run
    // ended): each must have finished them.
    assert!(all >= 4, "{all} runs wrote every agent");
}

#[test]
fn sighup_without_a_terminal_exits_130_and_writes_nothing() {
    let sb = Sandbox::new();
    big_kit(&sb);
    let before = sb.snapshot();
    let output = run_and_signal(&sb, libc::SIGHUP, Moment::TempFileAppears);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert_eq!(
        stderr.lines().last(),
        Some("error: interrupted by SIGHUP; nothing was changed")
    );
    assert_eq!(sb.snapshot(), before, "nothing was written");
}

/// On a terminal too: SIGTERM (a closed IDE, `kill`) at a prompt ends the
/// run with 143, the cursor shown again, and nothing written.
#[test]
fn sigterm_at_a_prompt_exits_143_and_writes_nothing() {
    use rexpect::process::WaitStatus;
    use rexpect::reader::Options;

    let sb = Sandbox::new();
    let before = sb.snapshot();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_agentgen"));
    cmd.args(["new", "backend-architect", "--save-answers", "saved.yaml"])
        .current_dir(sb.path())
        .env("HOME", sb.home())
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env_remove("AGENTGEN_TEMPLATES");
    let options = Options::new()
        .timeout_ms(Some(10_000))
        .strip_ansi_escape_codes(false);
    let mut p = rexpect::session::spawn_with_options(cmd, options).unwrap();
    p.exp_string("Agent name").unwrap();
    std::thread::sleep(Duration::from_millis(50));
    p.process_mut()
        .signal(rexpect::process::Signal::SIGTERM)
        .unwrap();
    let before_message = p
        .exp_string("error: interrupted by SIGTERM; nothing was changed")
        .unwrap();
    assert!(
        before_message.ends_with("\x1b[?25h\r\n"),
        "the cursor is shown again, on a line of its own: {before_message:?}"
    );
    p.exp_eof().unwrap();
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 143),
        other => panic!("agentgen did not exit normally: {other:?}"),
    }
    assert_eq!(sb.snapshot(), before);
}
