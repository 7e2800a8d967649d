//! `agentgen lint`: every finding, the seeds, `--fix`, JSON, and files
//! that are not agent files at all.

use predicates::str::contains;

use crate::support::*;

const SEEDS: &[&str] = &[
    "000_96e61f3fc2fdcd70",
    "001_5c4ab42e9830e9da",
    "002_f8d637a12cf1ce96",
    "003_d00556b8bb3ea39a",
    "004_fd76292242161fe4",
];

/// The seeds as agent files, each in its own project so their shared name
/// is no duplicate.
fn seeds(sb: &Sandbox) -> Vec<String> {
    SEEDS
        .iter()
        .map(|stem| {
            let text =
                std::fs::read_to_string(repo(&format!("tests/fixtures/seeds/{stem}.txt"))).unwrap();
            let path = format!("{stem}/.claude/agents/backend-architect.md");
            sb.write(&path, text);
            path
        })
        .collect()
}

/// `lint --json ARGS` as parsed JSON, expecting exit `code` (1 when it
/// finds an error) and, without --fix, no file changed.
fn lint_json(sb: &Sandbox, args: &[&str], code: i32) -> serde_json::Value {
    let run = sb.agentgen(["lint", "--json"]).args(args).writes_nothing();
    let out = match code {
        0 => run.succeeds().run(),
        code => run.fails(code).run(),
    };
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

/// The rules found in one file, sorted.
fn rules(json: &serde_json::Value, file_part: &str) -> Vec<String> {
    let mut rules: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().unwrap().contains(file_part))
        .map(|f| {
            format!(
                "{}:{}",
                f["severity"].as_str().unwrap(),
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    rules.sort();
    rules
}

#[test]
fn the_seeds_three_lenient_two_clean_but_for_tools() {
    let sb = Sandbox::new();
    seeds(&sb);
    // Warnings alone do not fail.
    let json = lint_json(&sb, &["."], 0);
    assert_eq!(json["files"], 5);
    assert_eq!(json["errors"], 0);
    assert_eq!(rules(&json, "000_"), ["warning:lenient-yaml"]);
    assert_eq!(rules(&json, "001_"), Vec::<String>::new());
    assert_eq!(rules(&json, "002_"), ["warning:unknown-tool"]);
    assert_eq!(
        rules(&json, "003_"),
        [
            "warning:lenient-yaml",
            "warning:literal-newline",
            "warning:unknown-tool",
            "warning:unknown-tool",
            "warning:unknown-tool"
        ]
    );
    assert_eq!(
        rules(&json, "004_"),
        [
            "warning:lenient-yaml",
            "warning:literal-newline",
            "warning:unknown-tool"
        ]
    );
    let lenient = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "lenient-yaml")
        .unwrap();
    assert_eq!(lenient["line"], 3);
    assert!(
        lenient["message"]
            .as_str()
            .unwrap()
            .contains("`description`")
    );
    assert!(lenient["message"].as_str().unwrap().contains("OpenCode"));
    assert!(!lenient["hint"].as_str().unwrap().is_empty());
}

/// The frontmatter values and the body of an agent file, read leniently
/// line by line as the seeds need.
fn values_and_body(text: &str) -> (Vec<(String, String)>, String) {
    let rest = text.strip_prefix("---\n").unwrap();
    let end = rest.find("\n---\n").unwrap();
    let fields = rest[..end]
        .lines()
        .map(|l| {
            let (k, v) = l.split_once(": ").unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect();
    (fields, rest[end..].to_owned())
}

#[test]
fn fix_makes_every_seed_strict_without_changing_values_or_body() {
    let sb = Sandbox::new();
    let paths = seeds(&sb);
    let before: Vec<String> = paths.iter().map(|p| sb.read(p)).collect();
    let out = stdout_of(sb.run(["lint", "--fix", "."]));
    for stem in ["000_", "003_", "004_"] {
        assert!(out.contains(&format!("fixed ./{stem}")), "{out}");
    }
    for (path, old) in paths.iter().zip(&before) {
        let new = sb.read(path);
        let agent = AgentFile::parse(&new);
        let (old_fields, old_body) = values_and_body(old);
        let (new_body_start, _) = (new.find("\n---\n").unwrap(), ());
        assert_eq!(&new[new_body_start..], old_body, "{path}: the body changed");
        assert_eq!(
            agent.keys(),
            old_fields
                .iter()
                .map(|(k, _)| k.clone())
                .collect::<Vec<_>>()
        );
        for (key, old_value) in old_fields {
            let old_value = serde_yaml::from_str::<serde_yaml::Value>(&format!("k: {old_value}"))
                .ok()
                .and_then(|v| v["k"].as_str().map(str::to_owned))
                .unwrap_or(old_value);
            assert_eq!(agent.str(&key), Some(old_value.as_str()), "{path}: {key}");
        }
    }
    let json = lint_json(&sb, &["."], 0);
    assert!(
        !json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "lenient-yaml"),
        "{json}"
    );
    assert_eq!(
        sb.read(&paths[1]),
        before[1],
        "a clean file is not rewritten"
    );
}

#[test]
fn fix_newlines_turns_literal_backslash_n_into_line_breaks() {
    let sb = Sandbox::new();
    let paths = seeds(&sb);
    sb.run(["lint", "--fix-newlines", "."]).success();
    let agent = AgentFile::parse(&sb.read(&paths[3]));
    let description = agent.str("description").unwrap();
    assert!(!description.contains("\\n") && description.contains("\n\nExamples:\n- <example>"));
}

fn one(sb: &Sandbox, text: &str, code: i32) -> serde_json::Value {
    sb.write(".claude/agents/a.md", text);
    lint_json(sb, &[".claude/agents/a.md"], code)
}

#[test]
fn each_error_rule() {
    let cases: &[(&str, &str)] = &[
        ("just text\n", "no-frontmatter"),
        ("", "no-frontmatter"),
        ("---\nname: a\ndescription: d\n", "no-frontmatter"),
        (
            "---\nname: a\nnot a field at all\n---\nbody\n",
            "unparsable-frontmatter",
        ),
        (
            "---\nname: a\ndescription: \"use it --- now\"\n---\nbody\n",
            "dashes-in-frontmatter",
        ),
        ("---\ndescription: d\n---\nbody\n", "missing-name"),
        ("---\nname: a\n---\nbody\n", "missing-description"),
        (
            "---\nname: Not Valid\ndescription: d\n---\nbody\n",
            "invalid-name",
        ),
        (
            "---\nname: a\ndescription: d\ntools: Foo, Bar\n---\nbody\n",
            "no-valid-tools",
        ),
    ];
    for (text, rule) in cases {
        let sb = Sandbox::new();
        let json = one(&sb, text, 1);
        let found = json["findings"].as_array().unwrap();
        assert!(
            found
                .iter()
                .any(|f| f["rule"] == *rule && f["severity"] == "error"),
            "{rule} not found in {json}"
        );
        assert!(
            found
                .iter()
                .all(|f| !f["hint"].as_str().unwrap().is_empty())
        );
    }
}

#[test]
fn each_warning_rule() {
    let cases: &[(&str, &str)] = &[
        (
            "---\nname: a\ndescription: use it when: x\n---\nbody\n",
            "lenient-yaml",
        ),
        (
            "---\nname: a\ndescription: d\nmodel: gpt-4\n---\nbody\n",
            "unknown-model",
        ),
        (
            "---\nname: a\ndescription: d\ncolor: teal\n---\nbody\n",
            "unknown-color",
        ),
        (
            "---\nname: a\ndescription: d\ntools: Read, LS\n---\nbody\n",
            "unknown-tool",
        ),
        (
            "---\nname: a\ndescription: d\ntools: Read, Raed\n---\nbody\n",
            "unknown-tool",
        ),
        (
            "---\nname: a\ndescription: d\nmodle: opus\n---\nbody\n",
            "unknown-field",
        ),
        ("---\nname: a\ndescription: d\n---\n\n", "empty-body"),
        (
            "---\nname: a\ndescription: 'one\\ntwo'\n---\nbody\n",
            "literal-newline",
        ),
    ];
    for (text, rule) in cases {
        let sb = Sandbox::new();
        let json = one(&sb, text, 0);
        assert!(
            json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == *rule && f["severity"] == "warning"),
            "{rule} not found in {json}"
        );
    }
    let sb = Sandbox::new();
    let json = one(
        &sb,
        "---\nname: a\ndescription: d\nmodle: opus\n---\nbody\n",
        0,
    );
    assert!(
        json["findings"][0]["hint"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `model`?")
    );
    assert_eq!(json["findings"][0]["line"], 4);
}

#[test]
fn two_agents_with_one_name_in_one_folder() {
    let sb = Sandbox::new();
    sb.write(
        ".claude/agents/one.md",
        "---\nname: same\ndescription: d\n---\nbody\n",
    );
    sb.write(
        ".claude/agents/two.md",
        "---\nname: same\ndescription: d\n---\nbody\n",
    );
    sb.write(
        "other/.claude/agents/three.md",
        "---\nname: same\ndescription: d\n---\nbody\n",
    );
    let json = lint_json(&sb, &["."], 1);
    let dupes: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "duplicate-name")
        .collect();
    assert_eq!(dupes.len(), 1, "{json}");
    assert!(dupes[0]["file"].as_str().unwrap().ends_with("two.md"));
    assert_eq!(dupes[0]["line"], 2, "the name line");
}

#[test]
fn folders_are_searched_for_every_tools_files() {
    let sb = Sandbox::new();
    sb.run(["new", "backend-architect", "--target", "all", "-o", "proj"])
        .success();
    sb.write("proj/docs/notes.md", "not an agent\n");
    sb.write("proj/node_modules/x/.claude/agents/broken.md", "broken\n");
    let json = lint_json(&sb, &["proj"], 0);
    assert_eq!(
        json["files"], 6,
        "docs and node_modules are not agent files: {json}"
    );
}

#[test]
fn other_targets_rules_apply_by_path() {
    let sb = Sandbox::new();
    sb.write(
        ".opencode/agent/a.md",
        "---\ndescription: d\nmode: sometimes\nmodel: sonnet\n---\nbody\n",
    );
    sb.write(
        ".gemini/agents/b.md",
        "---\nname: B!\ndescription: d\nkind: local\ntools: [read_file, nope]\n---\nbody\n",
    );
    sb.write(
        ".github/agents/c.agent.md",
        format!(
            "---\ndescription: d\ntools: [read, fly]\n---\n{}\n",
            "x".repeat(30_001)
        ),
    );
    sb.write(
        ".codex/agents/d.toml",
        "name = \"d\"\ndescription = \"d\"\nsandbox_mode = \"open\"\n",
    );
    sb.write(
        ".cursor/agents/e.md",
        "---\nname: e\ndescription: d\nreadonly: perhaps\n---\nbody\n",
    );
    let json = lint_json(&sb, &["."], 1);
    assert_eq!(
        rules(&json, "a.md"),
        ["error:invalid-value", "error:unknown-model"]
    );
    assert_eq!(
        rules(&json, "b.md"),
        ["error:invalid-name", "warning:unknown-tool"]
    );
    assert_eq!(
        rules(&json, "c.agent.md"),
        ["error:body-too-long", "warning:unknown-tool"]
    );
    assert_eq!(
        rules(&json, "d.toml"),
        ["error:invalid-value", "error:missing-instructions"]
    );
    assert_eq!(rules(&json, "e.md"), ["error:invalid-value"]);
}

#[test]
fn files_that_are_not_agent_text_never_crash_it() {
    let sb = Sandbox::new();
    sb.write(".claude/agents/binary.md", [0u8, 159, 146, 150, 0, 1, 2]);
    sb.write(".claude/agents/latin1.md", b"---\nname: caf\xe9\n---\n");
    sb.write(".claude/agents/empty.md", "");
    let big = format!(
        "---\nname: big\ndescription: d\n---\n{}",
        "x".repeat(1024 * 1024 + 10)
    );
    sb.write(".claude/agents/big.md", big);
    let json = lint_json(&sb, &["."], 1);
    assert_eq!(rules(&json, "binary.md"), ["error:binary"]);
    assert_eq!(rules(&json, "latin1.md"), ["error:not-utf8"]);
    assert_eq!(rules(&json, "empty.md"), ["error:no-frontmatter"]);
    assert_eq!(rules(&json, "big.md"), ["warning:too-large"]);
}

#[test]
fn text_output_names_file_line_rule_and_fix() {
    let sb = Sandbox::new();
    sb.write(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: d\ncolor: teal\n---\nbody\n",
    );
    sb.run(["lint", "."])
        .success()
        .stdout(contains(
            "./.claude/agents/a.md:4: warning[unknown-color]: 'teal' is not a Claude Code colour",
        ))
        .stdout(contains("    fix: use one of red, blue"))
        .stdout(contains("checked 1 file: 0 errors, 1 warning"));
    sb.agentgen(["lint", "nope"])
        .fails(1)
        .stdout_has("nope: error[unreadable]")
        .run();
}

#[test]
fn agentgen_output_always_lints_clean() {
    let sb = Sandbox::new();
    sb.run(["kit", "full-stack", "--defaults", "--set", "insights=true"])
        .success();
    let out = stdout_of(sb.run(["lint", ".claude"]));
    assert!(
        out.ends_with("checked 11 files: 0 errors, 0 warnings\n"),
        "{out}"
    );
}
