//! `new`'s review screen in a terminal, inside a project (a git work
//! tree), where the agent is recorded in agentgen.yaml: an edit there
//! records the edited answer and leaves every default the person accepted
//! unrecorded, so later template improvements still reach the agent.

#![cfg(unix)]

use std::process::Command;

use crate::pty::{DOWN, answer, exit_code, spawn};
use crate::support::*;

/// Most answers of a backend architect; the title and the sections are
/// left to the prompt.
const ANSWERS: &str = "name: cursor\ndescription: Use it.\nexamples: []\ntools: [Read]\n\
    model: sonnet\ncolor: blue\nlanguages: []\nframeworks: []\ndatabases: []\n\
    message_queues: []\ncloud: []\ninsights: false\n";

/// A sandbox that is a git work tree, so `new` records its agent.
fn repo() -> Sandbox {
    let sb = Sandbox::new();
    let out = Command::new("git")
        .args(["init", "-q", "."])
        .current_dir(sb.path())
        .env("HOME", sb.home())
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git init: {out:?}");
    sb
}

/// The answers agentgen.yaml records for the agent `name`, as key: value.
fn recorded(sb: &Sandbox, name: &str) -> Vec<(String, serde_yaml::Value)> {
    let text = sb.read("agentgen.yaml");
    let manifest: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let answers = &manifest["agents"][name]["answers"];
    let Some(answers) = answers.as_mapping() else {
        panic!("no answers for {name} in:\n{text}")
    };
    (answers.iter())
        .map(|(k, v)| (k.as_str().unwrap().to_owned(), v.clone()))
        .collect()
}

#[test]
fn an_edit_on_the_review_screen_records_the_edit_and_no_default() {
    let sb = repo();
    sb.write("answers.yaml", ANSWERS);
    let mut p = spawn(&sb, &["new", "backend-architect", "-a", "answers.yaml"]);
    answer(&mut p, "Answer the advanced questions too", "n");
    // The title's default, then the sections' default: Enter keeps both.
    answer(&mut p, "Who is the agent?", "\r");
    answer(&mut p, "Sections to include", "\r");
    p.exp_string("Your answers for backend-architect").unwrap();
    answer(&mut p, "Write the agent?", &format!("{DOWN}\r"));
    answer(&mut p, "Which answer (its key)?", "title\r");
    answer(&mut p, "Who is the agent?", "staff architect\r");
    // The screen again: the edit is marked, the defaults are not.
    p.exp_string("Your answers for backend-architect").unwrap();
    p.exp_string("* title").unwrap();
    p.exp_string("   sections").unwrap();
    answer(&mut p, "Write the agent?", "\r");
    p.exp_string("created .claude/agents/cursor.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let body = sb.read(".claude/agents/cursor.md");
    assert!(body.contains("staff architect"), "{body}");
    let recorded = recorded(&sb, "cursor");
    let keys: Vec<&str> = recorded.iter().map(|(k, _)| k.as_str()).collect();
    // The answers file's answers (but the name, the entry's own) and the
    // edit; not the sections, nor any other default.
    let mut expected: Vec<&str> = (ANSWERS.lines())
        .filter_map(|l| l.split_once(':').map(|(k, _)| k))
        .filter(|k| *k != "name")
        .collect();
    expected.push("title");
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted, expected, "{}", sb.read("agentgen.yaml"));
    let title = recorded.iter().find(|(k, _)| k == "title").map(|(_, v)| v);
    assert_eq!(title.and_then(|v| v.as_str()), Some("staff architect"));
}
