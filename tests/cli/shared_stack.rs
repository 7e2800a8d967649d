//! Shared stack answers mean the same thing in every member: every kit
//! (enumerated with `agentgen list --json`) is rendered with several
//! stacks, and no member may state a language, framework or test tool
//! that contradicts them; detected answers follow the same rule.

use std::fs;

use crate::support::*;

/// One stack given to a whole kit, with the words that contradict it.
struct Stack {
    sets: &'static [&'static str],
    /// Words no member's stack statement may hold for this stack.
    foreign: &'static [&'static str],
}

const STACKS: &[Stack] = &[
    Stack {
        sets: &["languages=[Go, TypeScript]", "frameworks=[Gin, React]"],
        foreign: &[
            "Python",
            "pytest",
            "Django",
            "FastAPI",
            "Java",
            "Rust",
            "Ruby",
            "Express",
            "Spring Boot",
        ],
    },
    Stack {
        sets: &["languages=[Python]", "frameworks=[Django]"],
        foreign: &[
            "Go",
            "Go's testing package",
            "TypeScript",
            "Vitest",
            "Jest",
            "Gin",
            "Express",
            "Java",
            "Rust",
            "React",
        ],
    },
    Stack {
        sets: &["languages=[Rust]", "frameworks=[Axum]"],
        foreign: &[
            "Go",
            "Python",
            "pytest",
            "Django",
            "TypeScript",
            "Vitest",
            "Java",
            "Gin",
        ],
    },
];

/// The places an agent states its stack: the stack lists (`- Languages:`,
/// `- Frameworks:`, `- Testing:`, `- Test frameworks:`) and the opening
/// sentences that say what it works in or reviews.
fn stack_statements(body: &str) -> Vec<String> {
    let lists = [
        "- Languages:",
        "- Frameworks:",
        "- Testing:",
        "- Test frameworks:",
    ];
    let mut out: Vec<String> = body
        .lines()
        .filter(|l| lists.iter().any(|p| l.starts_with(p)))
        .map(str::to_owned)
        .collect();
    for opening in ["You work in ", "You work mainly in ", "You review "] {
        for (at, _) in body.match_indices(opening) {
            let rest = &body[at..];
            let end = rest.find(". ").unwrap_or(rest.len());
            out.push(rest[..end].to_owned());
        }
    }
    out
}

/// Whether `text` names `word` as a whole word.
fn names(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let apart = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '\'');
        apart(before) && apart(after)
    })
}

/// Every kit's name and its members' file names, from `list --json`.
fn kits(sb: &Sandbox) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["list", "--json"]))).unwrap();
    json["kits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The agents a run wrote, by file name, with their text.
fn agents(sb: &Sandbox) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(sb.path().join(".claude/agents"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn generate(kit: &str, sets: &[&str], detect: bool) -> Sandbox {
    let sb = Sandbox::new();
    let mut args = vec!["kit".to_owned(), kit.to_owned()];
    for set in sets {
        args.extend(["--set".to_owned(), (*set).to_owned()]);
    }
    if !detect {
        args.push("--no-detect".into());
    }
    sb.agentgen(args).succeeds().run();
    sb
}

#[test]
fn no_member_states_a_stack_that_contradicts_the_shared_answers() {
    let kits = kits(&Sandbox::new());
    assert!(kits.len() >= 10, "{kits:?}");
    let mut problems = Vec::new();
    let mut statements = 0;
    for stack in STACKS {
        for kit in &kits {
            let sb = generate(kit, stack.sets, false);
            for (file, text) in agents(&sb) {
                for line in stack_statements(&text) {
                    statements += 1;
                    for word in stack.foreign.iter().filter(|w| names(&line, w)) {
                        problems.push(format!("{kit} {file} ({:?}): {word} in {line}", stack.sets));
                    }
                }
            }
        }
    }
    // The check reads real statements, not nothing.
    assert!(statements > 100, "only {statements} stack statements found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn each_role_takes_the_shared_languages_in_its_own_sense() {
    let sb = generate("startup", &["languages=[Go, TypeScript]"], false);
    let frontend = sb.read(".claude/agents/frontend-developer.md");
    assert!(
        frontend.contains("writing TypeScript, HTML and CSS"),
        "{frontend}"
    );
    assert!(!names(&stack_statements(&frontend).join("\n"), "Go"));
    let devops = sb.read(".claude/agents/devops-engineer.md");
    assert!(
        devops.contains("- Languages: Go, TypeScript, Bash"),
        "{devops}"
    );
    let tests = sb.read(".claude/agents/test-engineer.md");
    assert!(
        tests.contains("Go's testing package, Vitest and Playwright"),
        "{tests}"
    );
    assert!(!tests.contains("pytest"), "{tests}");
}

#[test]
fn an_undeclared_question_keeps_its_default_and_plain_keys_reach_everyone() {
    // ui-ux-designer asks `platforms`; nothing shared declares it, so a
    // custom kit's shared `platforms` answer must not reach it, while the
    // plain `project` key reaches every member.
    let sb = Sandbox::new();
    sb.write(
        "team.yaml",
        "name: team\nsummary: Two roles.\ndescription: Two roles.\nquestions:\n  - use: team\n  - key: platforms\n    prompt: Platforms\n    type: list\n    required: false\nagents:\n  - role: ui-ux-designer\n  - role: language-specialist\n",
    );
    sb.agentgen([
        "kit",
        "team.yaml",
        "--no-detect",
        "--set",
        "platforms=[desktop]",
        "--set",
        "project=Acme Ledger",
        "--set",
        "languages=[Haskell, Go, Rust]",
    ])
    .succeeds()
    .run();
    let designer = sb.read(".claude/agents/ui-ux-designer.md");
    let plain = stack_statements(&designer).join("\n");
    assert!(designer.contains("Acme Ledger"), "{designer}");
    assert!(!names(&plain, "desktop"), "{plain}");
    // A one-value question takes the first shared item it accepts.
    let specialist = sb.read(".claude/agents/language-specialist.md");
    assert!(specialist.contains("Acme Ledger"), "{specialist}");
    assert!(names(&specialist, "Go"), "{specialist}");
    assert!(!names(&specialist, "Python"), "{specialist}");
}

#[test]
fn detected_answers_follow_the_same_rule() {
    let sb = Sandbox::new();
    sb.write(
        "package.json",
        r#"{"name": "web", "dependencies": {"react": "^19.0.0", "express": "^5.0.0"},
            "devDependencies": {"typescript": "^5.6.0", "vitest": "^2.0.0"}}"#,
    );
    sb.write("tsconfig.json", "{}");
    sb.agentgen(["kit", "startup"]).succeeds().run();
    let frontend = sb.read(".claude/agents/frontend-developer.md");
    let said = stack_statements(&frontend).join("\n");
    // TypeScript detected; HTML and CSS kept; Express is no UI framework.
    assert!(names(&said, "TypeScript") && names(&said, "HTML"), "{said}");
    assert!(names(&said, "React") && !names(&said, "Express"), "{said}");
    let devops = sb.read(".claude/agents/devops-engineer.md");
    assert!(devops.contains("Bash"), "{devops}");
    let tests = sb.read(".claude/agents/test-engineer.md");
    let said = stack_statements(&tests).join("\n");
    assert!(!names(&said, "pytest") && !names(&said, "Go"), "{said}");
}

#[test]
fn a_bad_shared_declaration_is_a_definition_error_naming_the_file() {
    let sb = Sandbox::new();
    custom_role(
        &sb,
        "tpl",
        "odd",
        "  - key: langs\n    prompt: Languages\n    type: list\n    shared: {from: Languages, only: [Go], map: [{if: [Go], then: [go test]}]}\n",
        "{{ langs }}\n",
    );
    sb.agentgen([
        "--templates",
        "tpl",
        "new",
        "odd",
        "--defaults",
        "-o",
        "out",
    ])
    .fails(1)
    .stderr_has("roles/odd/role.yaml")
    .stderr_has("shared.from 'Languages' is not a question key")
    .stderr_has("`map` or `only`, not both")
    .run();
}

#[test]
fn a_single_agent_s_test_tools_follow_its_own_languages() {
    let sb = Sandbox::new();
    sb.agentgen([
        "new",
        "test-engineer",
        "--no-detect",
        "--set",
        "languages=[Go]",
    ])
    .succeeds()
    .run();
    let said = stack_statements(&sb.read(".claude/agents/test-engineer.md")).join("\n");
    assert!(
        said.contains("You work in Go with Go's testing package"),
        "{said}"
    );
    assert!(!names(&said, "pytest") && !names(&said, "Vitest"), "{said}");
    // The user's own answer for the tools still wins.
    sb.agentgen(["new", "test-engineer", "--no-detect", "--force"])
        .args([
            "--set",
            "languages=[Go]",
            "--set",
            "test_frameworks=[Ginkgo]",
        ])
        .succeeds()
        .run();
    let said = stack_statements(&sb.read(".claude/agents/test-engineer.md")).join("\n");
    assert!(said.contains("You work in Go with Ginkgo"), "{said}");
}

#[test]
fn tools_derived_from_shared_languages_do_not_override_what_the_kit_fixed() {
    let sb = Sandbox::new();
    sb.write(
        "team.yaml",
        "name: team\nsummary: Two testers.\ndescription: Two testers.\nquestions:\n  - use: team\nagents:\n  - role: test-engineer\n    name: fixed-tester\n    answers:\n      test_frameworks: [Ginkgo]\n  - role: test-engineer\n    name: free-tester\n",
    );
    sb.agentgen(["kit", "team.yaml", "--no-detect", "--set", "languages=[Go]"])
        .succeeds()
        .run();
    let fixed = stack_statements(&sb.read(".claude/agents/fixed-tester.md")).join("\n");
    assert!(fixed.contains("You work in Go with Ginkgo"), "{fixed}");
    let free = stack_statements(&sb.read(".claude/agents/free-tester.md")).join("\n");
    assert!(
        free.contains("You work in Go with Go's testing package"),
        "{free}"
    );
}
