//! List answers as people write them (issue 14, item 4): a YAML list, or
//! one line split on commas (Claude Code's own `tools: Read, Grep`), in
//! answers files and `--set` alike; a YAML list keeps a comma in an item.

use crate::support::*;

fn agent(sb: &Sandbox, args: &[&str]) -> String {
    sb.agentgen(["new", "backend-architect", "--defaults", "--stdout"])
        .args(args)
        .succeeds()
        .writes_nothing()
        .run()
        .stdout
}

#[test]
fn comma_separated_text_is_the_same_list_in_files_and_set() {
    let sb = Sandbox::new();
    let listed = agent(&sb, &["--set", "tools=[Read, Grep]"]);
    assert_eq!(AgentFile::parse(&listed).str("tools"), Some("Read, Grep"));
    assert_eq!(agent(&sb, &["--set", "tools=Read, Grep"]), listed);
    assert_eq!(agent(&sb, &["--set", "tools=Read,Grep"]), listed);
    sb.write("a.yaml", "tools: Read, Grep\n");
    assert_eq!(agent(&sb, &["-a", "a.yaml"]), listed);
}

#[test]
fn a_yaml_list_keeps_a_comma_inside_an_item() {
    let sb = Sandbox::new();
    sb.write("a.yaml", "priorities: [\"Latency, then cost\", Security]\n");
    let text = agent(&sb, &["-a", "a.yaml"]);
    assert!(text.contains("Latency, then cost and Security"), "{text}");
    let split = agent(&sb, &["--set", "priorities=Latency, then cost"]);
    assert!(split.contains("Latency and then cost"), "{split}");
}

#[test]
fn comma_separated_items_are_checked_one_by_one() {
    let sb = Sandbox::new();
    sb.agentgen(["kit", "startup", "--defaults", "--dry-run"])
        .args(["--set", "languages=Go, TypeScript"])
        .succeeds()
        .run();
    sb.write("a.yaml", "tools: Read,, Grep\n");
    sb.agentgen(["new", "backend-architect", "--defaults", "-a", "a.yaml"])
        .fails(2)
        .stderr_has("a.yaml:1: tools: [1]: must not be empty")
        .run();
}
