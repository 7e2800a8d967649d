//! `agentgen detect`: the real binary run in copies of the fixture projects
//! in tests/fixtures/projects.

use std::fs;
use std::path::Path;

use crate::support::*;

/// Copies a fixture project into the sandbox under `project/`, so the run
/// reads a folder no other test shares and the repository is never written.
fn copy_fixture(sb: &Sandbox, name: &str) {
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
    copy(
        &repo(&format!("tests/fixtures/projects/{name}")),
        &sb.path().join("project"),
    );
}

fn names(json: &serde_json::Value, key: &str) -> Vec<String> {
    json[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} missing from {json}"))
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn json_in_the_current_folder() {
    let sb = Sandbox::new();
    copy_fixture(&sb, "django-app");
    let out = sb
        .cmd(["detect", "--json"])
        .current_dir(sb.path().join("project"))
        .assert();
    let json: serde_json::Value = serde_json::from_str(&stdout_of(out)).unwrap();
    assert_eq!(names(&json, "languages"), ["Python"]);
    assert_eq!(
        names(&json, "frameworks"),
        ["Django", "Django REST framework", "Celery"]
    );
    assert_eq!(names(&json, "databases"), ["PostgreSQL", "Redis"]);
    assert_eq!(names(&json, "ci"), ["GitHub Actions"]);
    assert_eq!(json["ci"][0]["evidence"], ".github/workflows/test.yml");
    assert_eq!(names(&json, "infrastructure"), ["Docker", "Docker Compose"]);
}

#[test]
fn json_for_a_named_folder() {
    let sb = Sandbox::new();
    copy_fixture(&sb, "monorepo");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["detect", "--json", "project"]))).unwrap();
    assert_eq!(names(&json, "languages"), ["TypeScript", "Go", "Python"]);
    assert_eq!(json["frameworks"][0]["evidence"], "apps/web/package.json");
    assert_eq!(names(&json, "message_queues"), ["RabbitMQ"]);
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 9, "{keys:?}");
}

#[test]
fn yaml_lists_every_category_in_order_with_evidence() {
    let sb = Sandbox::new();
    copy_fixture(&sb, "go-kafka-aws");
    let out = stdout_of(sb.run(["detect", "project"]));
    let keys: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "languages",
            "frameworks",
            "databases",
            "message_queues",
            "cloud",
            "test_frameworks",
            "package_managers",
            "ci",
            "infrastructure"
        ]
    );
    assert!(
        out.contains("message_queues:\n  - Kafka  # go.mod\n"),
        "{out}"
    );
    assert!(
        out.contains("  - Terraform  # terraform/main.tf\n"),
        "{out}"
    );
    assert!(out.contains("frameworks: []\n"), "{out}");
}

#[test]
fn detecting_writes_nothing() {
    let sb = Sandbox::new();
    copy_fixture(&sb, "nextjs-app");
    let before = sb.snapshot();
    sb.run(["detect", "project"]).success();
    assert_eq!(sb.snapshot(), before);
}

#[test]
fn an_empty_folder_has_empty_lists() {
    let sb = Sandbox::new();
    fs::create_dir(sb.path().join("empty")).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["detect", "--json", "empty"]))).unwrap();
    for (key, value) in json.as_object().unwrap() {
        assert_eq!(value, &serde_json::json!([]), "{key}");
    }
}

#[test]
fn a_missing_folder_is_bad_input() {
    let sb = Sandbox::new();
    sb.agentgen(["detect", "no-such-folder"])
        .fails(2)
        .stderr_has("no-such-folder is not a folder")
        .run();
}
