//! Guards on the built-in role library as a whole: roles stay distinct
//! from each other, every role and kit survives a round trip through its
//! own answers file, agents that cannot edit are never told to edit, and a
//! role cannot declare a question whose key answers files reserve. Roles
//! and kits are enumerated with `agentgen list --json`, so a new role is
//! covered without touching this file.

use std::collections::{BTreeMap, HashSet};

use crate::support::*;

/// The roles and kits `agentgen list --json` reports.
fn library(sb: &Sandbox) -> (Vec<String>, Vec<String>) {
    let out = stdout_of(sb.run(["list", "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .unwrap_or_else(|| panic!("`list --json` has no {key} array"))
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let (roles, kits) = (names("roles"), names("kits"));
    assert!(roles.len() >= 15 && kits.len() >= 6, "{roles:?} {kits:?}");
    (roles, kits)
}

fn body_of(text: &str) -> String {
    AgentFile::parse(text).body
}

/// Lowercased 5-word shingles of a text.
fn shingles(text: &str) -> HashSet<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(5).map(|w| w.join(" ")).collect()
}

/// The share of the smaller set's shingles that the other also has.
fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    a.intersection(b).count() as f64 / a.len().min(b.len()).max(1) as f64
}

#[test]
fn no_two_roles_share_more_than_a_third_of_their_wording() {
    let sb = Sandbox::new();
    let (roles, _) = library(&sb);
    let bodies: Vec<(String, HashSet<String>)> = roles
        .iter()
        .map(|r| {
            let out = stdout_of(sb.run(["new", r, "--defaults", "--stdout"]));
            (r.clone(), shingles(&body_of(&out)))
        })
        .collect();
    let mut worst = (0.0, String::new());
    for (i, (a, sa)) in bodies.iter().enumerate() {
        assert!(sa.len() > 200, "{a}: a body of {} shingles", sa.len());
        for (b, sb_) in &bodies[i + 1..] {
            let share = overlap(sa, sb_);
            assert!(
                share <= 0.35,
                "{a} and {b} share {:.0}% of their 5-word shingles",
                share * 100.0
            );
            if share > worst.0 {
                worst = (share, format!("{a}/{b}"));
            }
        }
    }
    // Guards the measure: a body compared with itself overlaps fully.
    assert_eq!(overlap(&bodies[0].1, &bodies[0].1), 1.0);
    assert!(worst.0 < 0.35, "worst pair {}", worst.1);
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &std::path::Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walk(dir) {
        let rel = entry.strip_prefix(dir).unwrap().display().to_string();
        out.insert(rel, std::fs::read_to_string(&entry).unwrap());
    }
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn every_role_and_kit_round_trips_through_its_answers_file() {
    let sb = Sandbox::new();
    let (roles, kits) = library(&sb);
    for role in &roles {
        let answers = stdout_of(sb.run(["answers", role]));
        let replayed = stdout_of(
            sb.cmd(["new", role, "-a", "-", "--stdout"])
                .write_stdin(answers)
                .assert(),
        );
        let defaults = stdout_of(sb.run(["new", role, "--defaults", "--stdout"]));
        assert_eq!(replayed, defaults, "{role}: answers file vs --defaults");
    }
    for kit in &kits {
        let answers = stdout_of(sb.run(["answers", kit]));
        let (a, b) = (format!("{kit}-answers"), format!("{kit}-defaults"));
        sb.cmd(["kit", kit, "-a", "-", "-o", &a])
            .write_stdin(answers)
            .assert()
            .success();
        sb.run(["kit", kit, "--defaults", "-o", &b]).success();
        let (replayed, defaults) = (files(&sb.path().join(&a)), files(&sb.path().join(&b)));
        assert!(!defaults.is_empty(), "{kit}: wrote nothing");
        assert_eq!(replayed, defaults, "{kit}: answers file vs --defaults");
    }
}

/// Sentences that tell the agent to change a file itself.
fn edit_instructions(body: &str) -> Vec<String> {
    const VERBS: &[&str] = &["update", "edit", "write", "add it", "record", "modify"];
    const NOT_ITSELF: &[&str] = &[
        "cannot",
        "can't",
        "do not",
        "don't",
        "never",
        "no editing",
        "no tool that edits",
        "edit no files",
        "caller",
        "leave the change",
    ];
    body.split(['\n', '.', ';'])
        .map(str::to_lowercase)
        .filter(|s| s.contains("file") && VERBS.iter().any(|v| s.contains(v)))
        .filter(|s| !NOT_ITSELF.iter().any(|n| s.contains(n)))
        .collect()
}

#[test]
fn agents_without_editing_tools_are_never_told_to_edit_a_file() {
    // Guards the detector with the sentence that was the bug.
    assert!(
        !edit_instructions(
            "Record what you decided in your own section of the shared insights file before you report back."
        )
        .is_empty()
    );
    let sb = Sandbox::new();
    let (roles, _) = library(&sb);
    let mut read_only = 0;
    for role in &roles {
        let show: serde_json::Value =
            serde_json::from_str(&stdout_of(sb.run(["show", role, "--json"]))).unwrap();
        let questions = show["questions"].as_array().unwrap();
        let tools: Vec<&str> = questions
            .iter()
            .find(|q| q["key"] == "tools")
            .and_then(|q| q["default"].as_array())
            .map(|t| t.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let edits = tools.is_empty()
            || tools.iter().any(|t| {
                ["Edit", "Write", "MultiEdit"]
                    .iter()
                    .any(|e| t.starts_with(e))
            });
        if edits {
            continue;
        }
        read_only += 1;
        let mut cmd = sb.cmd(["new", role, "--defaults", "--stdout"]);
        for q in questions.iter().filter(|q| q["type"] == "bool") {
            cmd.args(["--set", &format!("{}=true", q["key"].as_str().unwrap())]);
        }
        let out = stdout_of(cmd.assert());
        assert!(
            out.contains("Memory Integration Protocol"),
            "{role}: insights on"
        );
        let found = edit_instructions(&body_of(&out));
        assert!(
            found.is_empty(),
            "{role} has tools {tools:?} but is told to edit: {found:?}"
        );
    }
    assert!(
        read_only >= 2,
        "code-reviewer and security-auditor at least"
    );
}

#[test]
fn reserved_answers_keys_are_refused_as_question_keys() {
    for key in ["targets", "agents"] {
        let sb = Sandbox::new();
        custom_role(
            &sb,
            "t",
            "r",
            &format!("  - key: {key}\n    prompt: P\n    type: list\n    required: false\n"),
            "body",
        );
        let file = sb.path().join("t/roles/r/role.yaml");
        let stderr = custom_new(&sb, "r")
            .fails(1)
            .stderr_has(format!("'{key}' is reserved"))
            .run()
            .stderr;
        // Three header lines and four of `use: identity`; the key is on
        // the eighth.
        let place = format!("{} line 8", file.display());
        assert!(stderr.contains(&place), "expected {place:?} in:\n{stderr}");
    }
}

#[test]
fn kit_members_name_their_teammates_and_solo_agents_do_not() {
    let sb = Sandbox::new();
    sb.run(["kit", "backend", "--defaults", "-o", "kit"])
        .success();
    let member = AgentFile::parse(&sb.read("kit/backend-architect.md"));
    assert!(member.body.contains("## Your teammates"));
    for mate in ["api-designer", "database-architect", "security-auditor"] {
        assert!(member.body.contains(&format!("**{mate}**")), "{mate}");
    }
    let description = member.str("description").unwrap();
    assert!(
        description.contains("use database-architect"),
        "{description}"
    );
    let solo = stdout_of(sb.run(["new", "backend-architect", "--defaults", "--stdout"]));
    assert!(!solo.contains("## Your teammates"));
    assert!(
        !AgentFile::parse(&solo)
            .str("description")
            .unwrap()
            .contains("In this team")
    );
}
