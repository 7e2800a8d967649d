//! Detected stack values are defaults, shown as such: `show` and `answers`
//! run in copies of the fixture projects (tests/fixtures/projects) give
//! the detected value with the files that show it, `--no-detect` gives
//! the role's own, and an answers file printed in a project replays to
//! the agents `--defaults` writes there. (The prompt's note is tested on a
//! pseudo-terminal in `pty`.)

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::*;

/// A sandbox holding a copy of the fixture project `name` at its root,
/// made a git work tree so that it is its own project root whatever lies
/// above the temporary folder.
pub fn fixture_project(name: &str) -> Sandbox {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let sb = Sandbox::new();
    copy(&repo(&format!("tests/fixtures/projects/{name}")), sb.path());
    let git = Command::new("git")
        .args(["init", "-q", "."])
        .current_dir(sb.path())
        .env("HOME", sb.home())
        .output()
        .expect("git runs");
    assert!(git.status.success(), "git init: {git:?}");
    sb
}

/// Every fixture project's name.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(repo("tests/fixtures/projects"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 5, "{names:?}");
    names
}

const OWN_LANGUAGES: &str = r#"["Go", "Python", "TypeScript", "Java", "Rust"]"#;

#[test]
fn show_gives_the_detected_default_with_its_file_and_the_roles_own() {
    let sb = fixture_project("rust-service");
    // From a subfolder too: the project root is read, not the folder.
    sb.agentgen(["show", "backend-architect"])
        .in_dir("src")
        .succeeds()
        .writes_nothing()
        .stdout_has("      default: [\"Rust\"]  (detected: Cargo.toml)\n")
        .stdout_has(format!("      role default: {OWN_LANGUAGES}\n"))
        .stdout_has("      default: [\"Axum\", \"Tokio\", \"SQLx\"]  (detected: Cargo.toml)\n")
        .stdout_has("      default: [\"PostgreSQL\"]  (detected: Cargo.toml)\n")
        .run();
    sb.agentgen(["show", "backend-architect", "--no-detect"])
        .succeeds()
        .stdout_has(format!("      default: {OWN_LANGUAGES}\n"))
        .stdout_lacks("detected")
        .stdout_lacks("role default")
        .run();
}

#[test]
fn show_json_adds_a_detected_field_beside_the_roles_default() {
    let sb = fixture_project("go-kafka-aws");
    let json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&stdout_of(sb.run(args))).unwrap()
    };
    let question = |json: &serde_json::Value, key: &str| {
        let questions = json["questions"].as_array().unwrap();
        questions.iter().find(|q| q["key"] == key).unwrap().clone()
    };
    let shown = json(&["show", "devops-engineer", "--json"]);
    let platform = question(&shown, "platform");
    assert_eq!(
        platform["detected"],
        serde_json::json!({"value": "kubernetes", "sources": ["k8s/deployment.yaml"]})
    );
    let iac = question(&shown, "iac");
    assert_eq!(iac["detected"]["value"], serde_json::json!(["Terraform"]));
    assert_eq!(
        iac["detected"]["sources"],
        serde_json::json!(["terraform/main.tf"])
    );
    let plain = json(&["show", "devops-engineer", "--json", "--no-detect"]);
    // The role's own default is the same either way; only `detected` goes.
    assert_eq!(platform["default"], question(&plain, "platform")["default"]);
    let questions = plain["questions"].as_array().unwrap();
    assert!(questions.iter().all(|q| q.get("detected").is_none()));
}

#[test]
fn answers_marks_each_detected_default_on_its_key() {
    let sb = fixture_project("rust-service");
    sb.agentgen(["answers", "backend-architect"])
        .succeeds()
        .writes_nothing()
        .stdout_has("\nlanguages:  # detected from Cargo.toml\n  - Rust\n\n")
        .stdout_has("\ndatabases:  # detected from Cargo.toml\n  - PostgreSQL\n\n")
        .run();
    sb.agentgen(["answers", "backend-architect", "--no-detect"])
        .succeeds()
        .stdout_has("\nlanguages:\n  - Go\n  - Python\n")
        .stdout_lacks("detected")
        .run();
    // Outside any project with a stack, nothing is said to be detected.
    Sandbox::new()
        .agentgen(["answers", "backend-architect"])
        .succeeds()
        .stdout_lacks("detected")
        .run();
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn answers_printed_in_a_project_replay_to_its_defaults() {
    let sb = fixture_project("go-kafka-aws");
    let list: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["list", "--json"]))).unwrap();
    let names = |key: &str| -> Vec<String> {
        (list[key].as_array().unwrap().iter())
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut marked = 0;
    for role in names("roles") {
        let answers = stdout_of(sb.run(["answers", &role]));
        marked += answers.matches("# detected from ").count();
        let replayed = stdout_of(
            sb.cmd(["new", &role, "-a", "-", "--stdout"])
                .write_stdin(answers)
                .assert(),
        );
        let defaults = stdout_of(sb.run(["new", &role, "--defaults", "--stdout"]));
        assert_eq!(replayed, defaults, "{role}: answers file vs --defaults");
    }
    // The project's stack reached the files: the check replays detected
    // values, not only the roles' own defaults.
    assert!(marked >= 10, "only {marked} detected values marked");
    for kit in names("kits") {
        let answers = stdout_of(sb.run(["answers", &kit]));
        let (a, b) = (format!("out/{kit}-answers"), format!("out/{kit}-defaults"));
        sb.cmd(["kit", &kit, "-a", "-", "-o", &a])
            .write_stdin(answers)
            .assert()
            .success();
        sb.run(["kit", &kit, "--defaults", "-o", &b]).success();
        let (replayed, defaults) = (files(&sb.path().join(&a)), files(&sb.path().join(&b)));
        assert!(!defaults.is_empty(), "{kit}: wrote nothing");
        assert_eq!(replayed, defaults, "{kit}: answers file vs --defaults");
    }
    let devops = sb.read("out/platform-defaults/devops-engineer.md");
    assert!(
        devops.contains("Kubernetes") && devops.contains("Terraform"),
        "{devops}"
    );
}

#[test]
fn a_kit_shows_the_detected_stack_its_agents_share() {
    let sb = fixture_project("rust-service");
    let kept = "; kept, each agent takes its own share of it\n";
    sb.agentgen(["show", "startup"])
        .succeeds()
        .stdout_has(format!("      detected: [\"Rust\"]  (Cargo.toml){kept}"))
        .run();
    // The shared key stays empty, so replaying the file leaves each agent
    // its own share, as `kit --defaults` does.
    sb.agentgen(["answers", "startup"])
        .succeeds()
        .stdout_has("# Detected: [\"Rust\"] (Cargo.toml). Left empty, each agent takes its own share of it.\nlanguages:\n")
        .run();
    for args in [["show", "startup"], ["answers", "startup"]] {
        sb.agentgen(args)
            .arg("--no-detect")
            .succeeds()
            .stdout_lacks("etected")
            .run();
    }
}

#[test]
fn a_narrowed_default_names_the_files_of_what_the_role_kept() {
    // The monorepo's Go and Python are not front-end languages, so
    // frontend-developer's default names only the TypeScript's file.
    let sb = fixture_project("monorepo");
    sb.agentgen(["show", "frontend-developer"])
        .succeeds()
        .stdout_has(
            "      default: [\"TypeScript\", \"HTML\", \"CSS\"]  (detected: package.json)\n",
        )
        .run();
    let kit: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["show", "frontend", "--json"]))).unwrap();
    let questions = kit["questions"].as_array().unwrap();
    let languages = questions.iter().find(|q| q["key"] == "languages").unwrap();
    assert_eq!(
        languages["detected"],
        serde_json::json!({
            "value": ["TypeScript", "Go", "Python"],
            "sources": ["package.json", "services/api/go.mod", "services/worker/requirements.txt"],
            "per_agent": true
        })
    );
}
