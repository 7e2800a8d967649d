//! The built-in role library as a whole: every role renders into an agent
//! that loads, no two roles are near-copies of each other, and the README's
//! catalogue matches the templates.

use std::collections::HashSet;

use crate::support::*;

struct Listed {
    roles: Vec<(String, String)>,
    kits: Vec<(String, String, Vec<String>)>,
}

fn listed(sb: &Sandbox) -> Listed {
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.run(["list", "--json"]))).unwrap();
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
    Listed {
        roles: json["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (text(&r["name"]), text(&r["summary"])))
            .collect(),
        kits: json["kits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| {
                let agents = k["agents"].as_array().unwrap().iter().map(text).collect();
                (text(&k["name"]), text(&k["summary"]), agents)
            })
            .collect(),
    }
}

fn render(sb: &Sandbox, role: &str, extra: &[&str]) -> AgentFile {
    let out = stdout_of(
        sb.cmd(["new", role, "--defaults", "--stdout"])
            .args(extra)
            .assert(),
    );
    AgentFile::parse(&out)
}

#[test]
fn the_library_has_the_promised_roles() {
    let sb = Sandbox::new();
    let names: Vec<String> = listed(&sb).roles.into_iter().map(|(n, _)| n).collect();
    for role in [
        "backend-architect",
        "frontend-developer",
        "mobile-developer",
        "devops-engineer",
        "database-architect",
        "api-designer",
        "security-auditor",
        "code-reviewer",
        "test-engineer",
        "performance-engineer",
        "debugger",
        "data-engineer",
        "ml-engineer",
        "technical-writer",
        "product-manager",
        "ai-engineer",
        "prompt-engineer",
        "language-specialist",
        "architecture-reviewer",
        "legacy-modernizer",
        "incident-responder",
        "cloud-architect",
        "ui-ux-designer",
    ] {
        assert!(names.iter().any(|n| n == role), "{role} is missing");
    }
}

#[test]
fn every_role_renders_an_agent_that_loads() {
    let sb = Sandbox::new();
    for (role, _) in listed(&sb).roles {
        let agent = render(&sb, &role, &[]);
        // language-specialist is named after its language (see
        // language_specialist_follows_its_language); every other role by itself.
        let name = agent.str("name").unwrap();
        if role == "language-specialist" {
            assert_eq!(name, "python-specialist");
        } else {
            assert_eq!(name, role);
        }
        let description = agent.str("description").unwrap();
        assert!(
            description.starts_with("Use this agent when"),
            "{role}: {description}"
        );
        let examples = description.matches("<example>").count();
        assert!((2..=4).contains(&examples), "{role}: {examples} examples");
        assert!(
            (2_500..=12_000).contains(&agent.body.len()),
            "{role}: a body of {} characters",
            agent.body.len()
        );
        assert!(agent.body.contains("## "), "{role} has sections");

        let with_insights = render(
            &sb,
            &role,
            &["--set", "insights=true", "--set", "project=Acme"],
        );
        assert!(
            with_insights
                .body
                .contains("## Memory Integration Protocol"),
            "{role}"
        );
        assert!(
            with_insights.body.contains("Acme"),
            "{role} does not name the project"
        );
    }
}

#[test]
fn language_specialist_follows_its_language() {
    let sb = Sandbox::new();
    let rust = render(&sb, "language-specialist", &["--set", "language=Rust"]);
    let python = render(&sb, "language-specialist", &["--set", "language=Python"]);
    assert_eq!(rust.str("name"), Some("rust-specialist"));
    assert_eq!(python.str("name"), Some("python-specialist"));
    for word in ["clippy", "cargo", "unsafe", "borrow"] {
        assert!(rust.body.contains(word), "Rust lacks {word}");
        assert!(!python.body.contains(word), "Python mentions {word}");
    }
    for word in ["pytest", "ruff", "mypy", "venv"] {
        assert!(python.body.contains(word), "Python lacks {word}");
        assert!(!rust.body.contains(word), "Rust mentions {word}");
    }
    // Names must stay valid agent names for languages whose own names are not.
    for (language, name) in [("C#", "csharp-specialist"), ("C++", "cpp-specialist")] {
        let agent = render(
            &sb,
            "language-specialist",
            &["--set", &format!("language={language}")],
        );
        assert_eq!(agent.str("name"), Some(name));
        assert!(agent.body.contains(&format!("## Idiomatic {language}")));
    }
    // An explicit name still wins over the language's.
    let named = render(
        &sb,
        "language-specialist",
        &["--set", "language=Go", "--name", "gopher"],
    );
    assert_eq!(named.str("name"), Some("gopher"));
}

/// Word 5-grams of a body.
fn shingles(text: &str) -> HashSet<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(5).map(|w| w.join(" ")).collect()
}

#[test]
fn no_two_roles_are_near_copies() {
    let sb = Sandbox::new();
    let bodies: Vec<(String, HashSet<String>)> = listed(&sb)
        .roles
        .into_iter()
        .map(|(role, _)| {
            let body = render(&sb, &role, &["--set", "insights=true"]).body;
            (role, shingles(&body))
        })
        .collect();
    let mut worst = (0.0, String::new());
    for (i, (a, sa)) in bodies.iter().enumerate() {
        for (b, sb_) in &bodies[i + 1..] {
            let shared = sa.intersection(sb_).count() as f64;
            let similarity = shared / sa.union(sb_).count() as f64;
            if similarity > worst.0 {
                worst = (similarity, format!("{a} and {b}"));
            }
        }
    }
    // The shared insights file protocol alone makes any two roles about 0.1
    // alike; two roles written from one text would be well above 0.3.
    assert!(worst.0 < 0.25, "{} are {:.2} alike", worst.1, worst.0);
}

fn catalogue(listed: &Listed) -> String {
    let mut out = String::from(
        "<!-- catalogue:start: generated from the templates by tests/cli/catalogue.rs; UPDATE_GOLDEN=1 cargo test refreshes it -->\n\
         | Role | What it does |\n| --- | --- |\n",
    );
    for (name, summary) in &listed.roles {
        out.push_str(&format!("| `{name}` | {summary} |\n"));
    }
    out.push_str("\n| Kit | Agents | What it is for |\n| --- | --- | --- |\n");
    for (name, summary, agents) in &listed.kits {
        out.push_str(&format!(
            "| `{name}` | {} | {summary} |\n",
            agents.join(", ")
        ));
    }
    out.push_str("<!-- catalogue:end -->");
    out
}

#[test]
fn the_readme_catalogue_is_current() {
    let sb = Sandbox::new();
    let expected = catalogue(&listed(&sb));
    let path = repo("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find("<!-- catalogue:start")
        .expect("the README has a catalogue");
    let end = readme.find("<!-- catalogue:end -->").unwrap() + "<!-- catalogue:end -->".len();
    if readme[start..end] == expected {
        return;
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(
            &path,
            format!("{}{expected}{}", &readme[..start], &readme[end..]),
        )
        .unwrap();
        return;
    }
    panic!("README.md's catalogue is stale; run UPDATE_GOLDEN=1 cargo test and review the diff");
}
