//! Every role and kit, rendered with its defaults in an empty project and
//! over the stack detected in each fixture project
//! (tests/fixtures/projects), for every target, parses strictly and
//! passes `agentgen lint --strict` with no finding. Roles, kits and
//! fixtures are all enumerated, so a new one is covered without touching
//! this file.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::stack_defaults::{fixture_names, fixture_project};
use crate::support::*;

/// Every file below `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            match path.is_dir() {
                true => stack.push(path),
                false => out.push(path),
            }
        }
    }
    out
}

/// `agentgen ARGS` in the sandbox, started and not waited for: the runs
/// of one project are independent, so they overlap.
fn start(sb: &Sandbox, args: &[&str]) -> (String, Child) {
    let child = Command::new(env!("CARGO_BIN_EXE_agentgen"))
        .args(args)
        .current_dir(sb.path())
        .env("HOME", sb.home())
        .env_remove("AGENTGEN_TEMPLATES")
        .env_remove("XDG_CONFIG_HOME")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("agentgen starts");
    (args.join(" "), child)
}

/// Renders every role (`new`) and kit for every target into `out/`, then
/// lints it all at once; returns what went wrong.
fn check(project: &str, sb: &Sandbox, roles: &[String], kits: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut runs = Vec::new();
    // One folder per run, so that overlapping runs never share one.
    for role in roles {
        let dir = format!("out/roles/{role}");
        runs.push(start(
            sb,
            &["new", role, "--defaults", "--target", "all", "-o", &dir],
        ));
    }
    for kit in kits {
        let dir = format!("out/kits/{kit}");
        runs.push(start(
            sb,
            &["kit", kit, "--defaults", "--target", "all", "-o", &dir],
        ));
    }
    for (what, child) in runs {
        let out = child.wait_with_output().unwrap();
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            problems.push(format!("{project}: `{what}` failed: {stderr}"));
        }
    }
    let written = files(&sb.path().join("out"));
    for file in written
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        // Panics, naming the file, unless serde_yaml reads the frontmatter.
        let parsed = std::panic::catch_unwind(|| AgentFile::parse(&text));
        if parsed.is_err() {
            problems.push(format!("{project}: {} does not parse", file.display()));
        }
    }
    let lint = sb
        .cmd(["lint", "--strict", "--json", "out"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&lint.stdout)
        .unwrap_or_else(|e| panic!("{project}: lint --json: {e}: {lint:?}"));
    if report["files"] != written.len() {
        let linted = &report["files"];
        problems.push(format!(
            "{project}: lint checked {linted} of {} files",
            written.len()
        ));
    }
    for finding in report["findings"].as_array().unwrap() {
        problems.push(format!("{project}: {finding}"));
    }
    if !lint.status.success() && problems.is_empty() {
        problems.push(format!("{project}: lint failed: {lint:?}"));
    }
    problems
}

#[test]
fn every_role_and_kit_passes_lint_over_every_fixture_stack() {
    let empty = Sandbox::new();
    let list: serde_json::Value =
        serde_json::from_str(&stdout_of(empty.run(["list", "--json"]))).unwrap();
    let names = |key: &str| -> Vec<String> {
        (list[key].as_array().unwrap().iter())
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let (roles, kits) = (names("roles"), names("kits"));
    assert!(roles.len() >= 15 && kits.len() >= 6, "{roles:?} {kits:?}");
    // Its own project root, like the fixtures, so nothing above the
    // temporary folder is read for a stack.
    let git = Command::new("git")
        .args(["init", "-q", "."])
        .current_dir(empty.path())
        .output()
        .expect("git runs");
    assert!(git.status.success(), "git init: {git:?}");
    let mut problems = check("(no stack)", &empty, &roles, &kits);
    for fixture in fixture_names() {
        let sb = fixture_project(&fixture);
        // The fixture's stack is what the agents are rendered over.
        let detected = stdout_of(sb.run(["detect"]));
        assert!(detected.contains("  - "), "{fixture}: nothing detected");
        problems.extend(check(&fixture, &sb, &roles, &kits));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
