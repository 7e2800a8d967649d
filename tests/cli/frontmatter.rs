//! Any string a user types comes back exactly when the agent file is read
//! by a strict YAML parser, and never puts `---` inside the frontmatter.

use crate::support::*;

/// Strings that break naive frontmatter writers.
pub const HOSTILE: &[&str] = &[
    "---",
    "a --- b",
    "----- five",
    "--- \n---\n...",
    "key: value",
    "ends with colon:",
    "# not a comment",
    "text # not a comment either",
    "'single quotes'",
    "\"double quotes\"",
    "it's",
    "back\\slash",
    "C:\\new\\table",
    "literal \\n, not a newline",
    "  leading spaces",
    "trailing spaces  ",
    "line one\nline two",
    "\nstarts with a newline",
    "ends with a newline\n",
    "windows\r\nline",
    "tab\tseparated",
    "yes",
    "no",
    "on",
    "off",
    "~",
    "null",
    "true",
    "0x10",
    "0o17",
    "1e3",
    "1_000",
    ".inf",
    "2024-01-01",
    "12:30",
    "@mention",
    "`backticks`",
    "!tag",
    "&anchor",
    "*alias",
    "| pipe",
    "> fold",
    "%directive",
    "- dash item",
    "? question",
    "[a, b]",
    "{a: b}",
    "{{ not_a_template }}",
    "{% raw %}",
    "<example>not a real example</example>",
    "emoji 🦀🚀 and ZWJ 👩‍💻",
    "日本語のテキスト",
    "Ελληνικά και العربية",
    "\u{feff}byte order mark",
    "nel\u{85}line",
    "line\u{2028}separator",
    "bell\u{7}and escape\u{1b}[31m",
    "nul\u{0}byte",
    "del\u{7f}",
];

fn render_description(sb: &Sandbox, description: &str) -> AgentFile {
    let mut answers = serde_yaml::Mapping::new();
    answers.insert("description".into(), description.into());
    answers.insert("examples".into(), serde_yaml::Value::Sequence(vec![]));
    sb.write("answers.yaml", serde_yaml::to_string(&answers).unwrap());
    let out = stdout_of(sb.run(["new", "backend-architect", "--stdout", "-a", "answers.yaml"]));
    AgentFile::parse(&out)
}

/// A hostile string holding a typed backslash-n (`C:\new`): agentgen
/// refuses it in the description and its examples, since lint would warn
/// about the file (typed_newlines.rs); every other one must come back.
fn typed_backslash_n(s: &str) -> bool {
    s.contains("\\n")
}

#[test]
fn hostile_descriptions_read_back_identical() {
    let sb = Sandbox::new();
    for s in HOSTILE {
        if typed_backslash_n(s) {
            let mut answers = serde_yaml::Mapping::new();
            answers.insert("description".into(), (*s).into());
            sb.write("answers.yaml", serde_yaml::to_string(&answers).unwrap());
            sb.agentgen(["new", "backend-architect", "--stdout", "-a", "answers.yaml"])
                .fails(2)
                .stderr_has("description: the description holds a literal \\n")
                .run();
            continue;
        }
        let agent = render_description(&sb, s);
        assert_eq!(
            agent.str("description"),
            Some(*s),
            "frontmatter:\n{}",
            agent.frontmatter
        );
        assert!(!agent.frontmatter.contains("---"), "{}", agent.frontmatter);
        assert!(
            !agent.frontmatter.contains("\\n") || s.contains('\n') || s.contains('\r'),
            "a literal backslash-n appears only as the escape of a real newline:\n{}",
            agent.frontmatter
        );
    }
}

#[test]
fn hostile_example_text_is_kept_inside_the_description() {
    let sb = Sandbox::new();
    let typable: Vec<&str> = (HOSTILE.iter().copied())
        .filter(|s| !typed_backslash_n(s))
        .collect();
    assert_eq!(HOSTILE.len() - typable.len(), 2, "C:\\new and literal \\n");
    let examples: Vec<serde_yaml::Value> = typable
        .chunks(3)
        .map(|c| {
            // The context is a one-line field; the others take any text.
            let mut m = serde_yaml::Mapping::new();
            m.insert("context".into(), "ctx".into());
            for (key, text) in ["user", "assistant", "commentary"].iter().zip(c) {
                m.insert((*key).into(), format!("x{text}").into());
            }
            for key in ["user", "assistant"] {
                if !m.contains_key(key) {
                    m.insert(key.into(), "filler".into());
                }
            }
            serde_yaml::Value::Mapping(m)
        })
        .collect();
    for style in ["blocks", "list", "inline"] {
        let mut answers = serde_yaml::Mapping::new();
        answers.insert(
            "examples".into(),
            serde_yaml::Value::Sequence(examples[..10].to_vec()),
        );
        assert!(
            examples.len() > 10,
            "the list is longer than the ten examples a role allows"
        );
        answers.insert("example_style".into(), style.into());
        sb.write("answers.yaml", serde_yaml::to_string(&answers).unwrap());
        let out = stdout_of(sb.run(["new", "backend-architect", "--stdout", "-a", "answers.yaml"]));
        let agent = AgentFile::parse(&out);
        let description = agent.str("description").unwrap();
        for s in typable[..30].iter() {
            assert!(
                description.contains(&format!("x{s}")),
                "{style}: {s:?} missing from {description:?}"
            );
        }
        assert!(!agent.frontmatter.contains("---"));
    }
    for s in HOSTILE.iter().filter(|s| typed_backslash_n(s)) {
        let example = format!("examples:\n  - {{context: ctx, user: filler, assistant: {s:?}}}\n");
        sb.write("answers.yaml", example);
        sb.agentgen(["new", "backend-architect", "--stdout", "-a", "answers.yaml"])
            .fails(2)
            .stderr_has("examples: [0].assistant: the description holds a literal \\n")
            .run();
    }
}

#[test]
fn tools_with_dashes_and_colons_read_back_identical() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.run([
        "new",
        "backend-architect",
        "--stdout",
        "--set",
        "tools=[Read, 'Bash(git log ---oneline:*)', 'Bash(echo #x: y)', mcp__github__create_issue]",
    ]));
    let agent = AgentFile::parse(&out);
    assert_eq!(
        agent.str("tools"),
        Some("Read, Bash(git log ---oneline:*), Bash(echo #x: y), mcp__github__create_issue")
    );
    assert!(!agent.frontmatter.contains("---"));
}

#[test]
fn ordinary_values_stay_readable() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.run([
        "new",
        "backend-architect",
        "--stdout",
        "--set",
        "tools=[Read, Grep]",
    ]));
    assert!(out.contains("\nname: backend-architect\n"));
    assert!(out.contains("\ntools: Read, Grep\n"));
    assert!(out.contains("\nmodel: sonnet\n"));
    assert!(out.contains("\ncolor: blue\n"));
}
