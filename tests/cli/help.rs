//! Help texts and the suggestions a mistake gets: each says what is true
//! for the command at hand, and every suggested command works.

use crate::support::*;

#[test]
fn new_help_has_no_kit_text_and_kit_help_offers_no_stdout() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "--help"])
        .succeeds()
        .writes_nothing()
        .stdout_lacks("agents:")
        .stdout_lacks("AGENT.KEY")
        .stdout_has("--stdout")
        .run();
    sb.agentgen(["kit", "--help"])
        .succeeds()
        .writes_nothing()
        .stdout_has("AGENT.KEY=VALUE")
        .stdout_has("`agents:` map")
        .stdout_lacks("--stdout")
        .run();
}

#[test]
fn user_help_names_every_targets_folder() {
    let sb = Sandbox::new();
    for command in ["new", "kit"] {
        let out = sb.agentgen([command, "--help"]).succeeds().run();
        // Help is wrapped to the width; compare the words.
        let words = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        for folder in [
            "~/.claude/agents for claude",
            "~/.config/opencode/agent for opencode",
            "~/.codex/agents for codex",
        ] {
            assert!(words.contains(folder), "{command} --help lacks {folder}");
        }
    }
}

#[test]
fn help_takes_help_and_a_command() {
    let sb = Sandbox::new();
    sb.agentgen(["help", "--help"])
        .succeeds()
        .stdout_has("Usage: agentgen help")
        .run();
    sb.agentgen(["help", "new"])
        .succeeds()
        .stdout_has("Usage: agentgen new [OPTIONS] <ROLE>")
        .run();
    sb.agentgen(["help"])
        .succeeds()
        .stdout_has("completions")
        .run();
    sb.agentgen(["help", "nwe"])
        .fails(2)
        .stderr_has("there is no command named 'nwe'. Did you mean 'new'?")
        .run();
}

#[test]
fn a_mistyped_command_suggests_the_near_one_or_none() {
    let sb = Sandbox::new();
    sb.agentgen(["nwe", "debugger"])
        .fails(2)
        .stderr_has("a similar subcommand exists: 'new'")
        .stderr_lacks("'answers'")
        .run();
    sb.agentgen(["zzzz"])
        .fails(2)
        .stderr_has("unrecognized subcommand 'zzzz'")
        .stderr_lacks("similar")
        .run();
}

#[test]
fn lint_refuses_templates_it_would_ignore() {
    let sb = Sandbox::new();
    sb.write(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: d\n---\nbody\n",
    );
    sb.agentgen(["lint", "--templates", "t", ".claude/agents"])
        .fails(2)
        .stderr_has("--templates changes which roles and kits exist; this command reads none")
        .run();
}

#[test]
fn a_kit_given_to_new_and_a_role_given_to_kit_name_the_right_command() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "startup", "--defaults"])
        .fails(2)
        .stderr_has("'startup' is a kit, not a role; run `agentgen kit startup`")
        .run();
    sb.agentgen(["kit", "debugger", "--defaults"])
        .fails(2)
        .stderr_has("'debugger' is a role, not a kit; run `agentgen new debugger`")
        .run();
}

#[test]
fn the_answers_command_suggested_for_a_missing_answer_works() {
    let sb = Sandbox::new();
    let topic = "  - key: topic\n    type: text\n    prompt: Topic\n    required: true\n";
    custom_role(&sb, "my templates", "need", topic, "{{ topic }}\n");
    let out = sb
        .agentgen(["--templates", "my templates", "new", "need", "--stdout"])
        .fails(2)
        .stderr_has("`agentgen --templates 'my templates' answers need > answers.yaml`")
        .run();
    assert!(out.stderr.contains("topic"), "{}", out.stderr);
    // The suggested command, as a shell would split it, finds the role.
    sb.agentgen(["--templates", "my templates", "answers", "need"])
        .succeeds()
        .writes_nothing()
        .stdout_has("topic:")
        .run();
}

#[test]
fn kit_texts_say_a_stack_answer_reaches_only_the_roles_that_take_it() {
    let sb = Sandbox::new();
    let words = |args: &[&str]| {
        let out = sb.agentgen(args.iter().copied()).succeeds().run();
        out.stdout.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    // Each text a kit's user reads about shared answers: the help, `show`
    // on a kit and the answers file it writes.
    for text in [
        words(&["kit", "--help"]),
        words(&["show", "startup"]),
        words(&["answers", "startup"]),
    ] {
        for wrong in [
            "flow into every agent",
            "each answer reaches every agent",
            "Shared answers reach every agent",
            "shared by every agent that asks it",
        ] {
            assert!(!text.contains(wrong), "says '{wrong}': {text}");
        }
        assert!(
            text.contains("declare"),
            "does not mention `shared:` declarations: {text}"
        );
    }
}
