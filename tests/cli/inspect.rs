//! `list`, `show` and `answers`: what a user reads before generating.

use crate::support::*;

#[test]
fn list_shows_roles_with_summaries() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.run(["list"]));
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("backend-architect "))
        .expect("backend-architect is listed");
    assert!(
        line.ends_with("Designs APIs, data stores and service boundaries that stay fast, safe and operable at scale."),
        "{line}"
    );
}

#[test]
fn list_json_is_for_scripts() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.run(["list", "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let roles = json["roles"].as_array().unwrap();
    let role = roles
        .iter()
        .find(|r| r["name"] == "backend-architect")
        .unwrap();
    assert_eq!(role["source"], "embedded");
    assert!(role["summary"].as_str().unwrap().len() > 20);
    assert!(role.get("problem").is_none());
}

#[test]
fn show_describes_every_question() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.run(["show", "backend-architect"]));
    for expected in [
        "name  (string)",
        "default: \"backend-architect\"",
        "model  (choice, optional)",
        "choices: sonnet, opus, haiku, inherit",
        "or any value that is: a full model id such as claude-sonnet-4-5",
        "examples  (records, optional)",
        "items: at most 10",
        "asked only when: insights",
        "Claude Code reads this to decide when to delegate",
    ] {
        assert!(out.contains(expected), "{expected:?} missing from:\n{out}");
    }
}

#[test]
fn show_json_lists_keys_types_defaults_and_choices() {
    let sb = Sandbox::new();
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["show", "backend-architect", "--json"]))).unwrap();
    let questions = json["questions"].as_array().unwrap();
    let model = questions.iter().find(|q| q["key"] == "model").unwrap();
    assert_eq!(model["type"], "choice");
    assert_eq!(model["default"], "sonnet");
    assert_eq!(model["choices"][0], "sonnet");
    let examples = questions.iter().find(|q| q["key"] == "examples").unwrap();
    assert_eq!(examples["fields"].as_array().unwrap().len(), 4);
}

#[test]
fn show_and_answers_refuse_unknown_roles() {
    let sb = Sandbox::new();
    sb.agentgen(["show", "backend-architekt"])
        .fails(2)
        .stderr_has(
            "there is no role or kit named 'backend-architekt' (did you mean 'backend-architect'?)",
        )
        .run();
    sb.agentgen(["show", "startpu"])
        .fails(2)
        .stderr_has("(did you mean 'startup'?)")
        .run();
    sb.agentgen(["answers", "nope"]).fails(2).run();
}

#[test]
fn the_answers_file_saved_unchanged_gives_the_defaults_agent() {
    let sb = Sandbox::new();
    let answers = stdout_of(sb.run(["answers", "backend-architect"]));
    assert!(answers.starts_with("# Answers for the agentgen role \"backend-architect\""));
    assert!(
        answers.contains(
            "\n# Used only when `insights`.\n# insights_file: .claude/memory/insights.md\n"
        )
    );
    assert!(answers.contains("# This default follows earlier answers"));
    let parsed: serde_yaml::Mapping = serde_yaml::from_str(&answers).unwrap();
    assert!(parsed.contains_key("description") && parsed.contains_key("responsibilities"));
    assert!(
        !parsed.contains_key("insights_file"),
        "skipped questions are commented out"
    );
    sb.write("answers.yaml", &answers);
    let from_file =
        stdout_of(sb.run(["new", "backend-architect", "--stdout", "-a", "answers.yaml"]));
    let defaults = stdout_of(sb.run(["new", "backend-architect", "--stdout", "--defaults"]));
    assert_eq!(from_file, defaults);
}

#[test]
fn help_lists_the_commands() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.run(["--help"]));
    for command in ["new", "list", "show", "answers"] {
        assert!(out.contains(&format!("  {command} ")), "{out}");
    }
    let new = stdout_of(sb.run(["new", "--help"]));
    assert!(
        new.contains("--answers <FILE>")
            && new.contains("--set <KEY=VALUE>")
            && new.contains("--dry-run")
    );
}

#[test]
fn show_says_which_kit_answers_a_role_takes_and_how_it_narrows_them() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.run(["show", "frontend-developer"]));
    // Help text is wrapped: compare the words.
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "from a kit: the team's languages, only TypeScript, JavaScript, HTML,",
        "always with HTML, CSS",
        "from a kit: follows the team's languages: TypeScript or JavaScript gives Vitest, Testing Library; always with Playwright, axe-core",
        "from a kit: the team's project, as given",
        "From a kit it takes compact_descriptions, model, project, insights, insights_file as given, and frameworks, languages, test_frameworks as shown above.",
    ] {
        assert!(
            words.contains(expected),
            "{expected:?} missing from:\n{out}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["show", "frontend-developer", "--json"]))).unwrap();
    let takes = json["takes_shared"].as_array().expect("takes_shared");
    let entry = |key: &str| takes.iter().find(|t| t["question"] == key).cloned();
    let languages = entry("languages").expect("languages is taken");
    assert_eq!(languages["from"], "languages");
    assert_eq!(languages["only"][0], "TypeScript");
    assert_eq!(languages["keep"], serde_json::json!(["HTML", "CSS"]));
    let tests = entry("test_frameworks").expect("test_frameworks is taken");
    assert_eq!(tests["from"], "languages");
    assert_eq!(
        tests["map"][0]["if"],
        serde_json::json!(["TypeScript", "JavaScript"])
    );
    assert_eq!(
        tests["map"][0]["then"],
        serde_json::json!(["Vitest", "Testing Library"])
    );
    let project = entry("project").expect("the plain key project is taken");
    assert_eq!(
        project,
        serde_json::json!({"question": "project", "from": "project"})
    );
    assert!(entry("wcag_level").is_none(), "{takes:?}");

    // A role that declares nothing takes only the plain keys it asks.
    let out = stdout_of(sb.run(["show", "api-designer"]));
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("It declares no stack answer (languages, frameworks, ...), so the kit's stack answers leave its own defaults"),
        "{out}"
    );
    assert!(!words.contains("only TypeScript"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["show", "api-designer", "--json"]))).unwrap();
    let mut taken: Vec<&str> = (json["takes_shared"].as_array().unwrap().iter())
        .map(|t| t["question"].as_str().unwrap())
        .collect();
    taken.sort();
    assert_eq!(
        taken,
        [
            "compact_descriptions",
            "insights",
            "insights_file",
            "model",
            "project"
        ]
    );
}
