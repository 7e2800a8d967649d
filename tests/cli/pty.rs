//! The interactive prompts, driven through a real pseudo-terminal: keys are
//! sent as a person would type them (arrows, space, enter, text, Ctrl-C,
//! Esc) and the files written, or not written, are checked.

#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use rexpect::process::WaitStatus;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

use crate::support::*;

pub(crate) const DOWN: &str = "\x1b[B";
pub(crate) const ESC: &str = "\x1b";

/// `agentgen ARGS` on a pseudo-terminal in the sandbox.
pub(crate) fn spawn(sb: &Sandbox, args: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_agentgen"));
    cmd.args(args)
        .current_dir(sb.path())
        .env("HOME", sb.home())
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env_remove("AGENTGEN_TEMPLATES");
    spawn_with_options(cmd, options()).unwrap()
}

pub(crate) fn options() -> Options {
    Options::new()
        .timeout_ms(Some(10_000))
        .strip_ansi_escape_codes(true)
}

/// Waits for the process to end and returns its exit code.
pub(crate) fn exit_code(p: &mut PtySession) -> i32 {
    p.exp_eof().unwrap();
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("agentgen did not exit normally: {other:?}"),
    }
}

/// `text` as rexpect reads it: one char per byte, so UTF-8 symbols such as
/// `❯` arrive as several characters.
pub(crate) fn as_read(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

pub(crate) fn send(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// Waits for `prompt`, then types `keys`.
pub(crate) fn answer(p: &mut PtySession, prompt: &str, keys: &str) {
    p.exp_string(prompt)
        .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
    // Let the prompt finish drawing and read the terminal before typing.
    std::thread::sleep(Duration::from_millis(50));
    send(p, keys);
}

/// Every other answer, so the session below reaches each prompt type once.
const REST: &str = "
color: cyan
title: staff platform engineer
languages: [Rust]
frameworks: [Axum]
databases: [PostgreSQL]
message_queues: [NATS]
cloud: [Hetzner]
insights_file: docs/insights.md
insights_section: Platform
";

#[test]
fn one_prompt_of_every_type() {
    let sb = Sandbox::new();
    sb.write("rest.yaml", REST);
    let mut p = spawn(
        &sb,
        &[
            "new",
            "backend-architect",
            "-a",
            "rest.yaml",
            "--save-answers",
            "saved.yaml",
        ],
    );
    // string
    answer(&mut p, "Agent name", "Pty Agent\r");
    answer(
        &mut p,
        "try 'pty-agent'",
        "\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7fpty-agent\r",
    );
    // text, two lines then an empty line
    answer(
        &mut p,
        "When should Claude hand work to this agent?",
        "Use this agent for pty tests.\r",
    );
    answer(&mut p, "  ...", "It has two lines.\r");
    answer(&mut p, "  ...", "\r");
    // records: decline the defaults, add one, stop
    answer(&mut p, "keep all 3?", "n");
    // One by one: keep, edit or remove each; all three removed here.
    for n in 1..=3 {
        answer(
            &mut p,
            &format!("Example {n} ("),
            &format!("{DOWN}{DOWN}\r"),
        );
    }
    answer(&mut p, "Add an example?", "y");
    answer(&mut p, "Situation", "A terminal test\r");
    answer(&mut p, "What the user says", "Try the prompts\r");
    answer(&mut p, "  ...", "\r");
    answer(
        &mut p,
        "How the assistant hands over",
        "I'll use the pty-agent agent\r",
    );
    answer(&mut p, "  ...", "\r");
    answer(&mut p, "Why this agent", "\r");
    answer(&mut p, "Add another example?", "n");
    answer(&mut p, "Answer the advanced questions too", "n");
    // list
    answer(&mut p, "Tools the agent may use", "Read, Grep, Bash\r");
    // choice: one down from sonnet is opus
    answer(&mut p, "Model", &format!("{DOWN}\r"));
    // multiselect: untick the first section (principles), accept
    answer(&mut p, "Sections to include", " \r");
    // bool
    answer(&mut p, "record its decisions", "y");
    answer(&mut p, "Write the agent?", "\r");
    p.exp_string("created .claude/agents/pty-agent.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);

    let agent = AgentFile::parse(&sb.read(".claude/agents/pty-agent.md"));
    assert_eq!(agent.str("name"), Some("pty-agent"));
    assert_eq!(agent.str("tools"), Some("Read, Grep, Bash"));
    assert_eq!(agent.str("model"), Some("opus"));
    assert_eq!(agent.str("color"), Some("cyan"));
    let description = agent.str("description").unwrap();
    assert!(
        description.starts_with("Use this agent for pty tests.\nIt has two lines. Examples:"),
        "{description}"
    );
    assert!(description.contains("user: \"Try the prompts\""));
    assert_eq!(description.matches("<example>").count(), 1);
    assert!(
        !description.contains("<commentary>"),
        "the empty commentary is left out"
    );
    assert!(!agent.body.contains("## Operating principles"));
    assert!(agent.body.contains("## How you work") && agent.body.contains("@docs/insights.md"));

    // The saved answers replay to the same agent, byte for byte, without a terminal.
    sb.run([
        "new",
        "backend-architect",
        "-a",
        "saved.yaml",
        "-o",
        "replay",
    ])
    .success();
    assert_eq!(
        sb.read("replay/pty-agent.md"),
        sb.read(".claude/agents/pty-agent.md")
    );
}

#[test]
fn ctrl_c_mid_way_writes_nothing_and_exits_130() {
    // Issue 14: Esc now goes back one question (tested below); Ctrl-C
    // still cancels, at a text prompt and at a choice.
    for (at, keys) in [("When should Claude", "half-typed"), ("Model", "")] {
        let sb = Sandbox::new();
        let before = sb.snapshot();
        let mut p = spawn(
            &sb,
            &[
                "new",
                "backend-architect",
                "--save-answers",
                "saved.yaml",
                "--set",
                "examples=[]",
                "--set",
                "tools=[Read]",
            ],
        );
        answer(&mut p, "Agent name", "\r");
        if at == "Model" {
            answer(&mut p, "When should Claude", "\r");
            answer(&mut p, "Answer the advanced questions too", "n");
        }
        answer(&mut p, at, keys);
        send(&mut p, "\x03");
        p.exp_string("cancelled; nothing was written").unwrap();
        assert_eq!(exit_code(&mut p), 130, "{at}");
        sb.assert_unchanged(&before);
    }
}

#[test]
fn esc_goes_back_one_question_and_keeps_the_other_answers() {
    let sb = Sandbox::new();
    let mut p = spawn(
        &sb,
        &[
            "new",
            "backend-architect",
            "--set",
            "examples=[]",
            "--set",
            "tools=[Read]",
        ],
    );
    answer(
        &mut p,
        "Agent name",
        &format!("{}first\r", "\x7f".repeat(20)),
    );
    answer(&mut p, "When should Claude", "Use it for tests.\r");
    answer(&mut p, "  ...", "\r");
    answer(&mut p, "Answer the advanced questions too", "n");
    // Esc at a choice: back to the description, then Esc again: the name.
    answer(&mut p, "Model", ESC);
    answer(&mut p, "When should Claude", ESC);
    answer(
        &mut p,
        "Agent name",
        &format!("{}second\r", "\x7f".repeat(20)),
    );
    answer(&mut p, "When should Claude", "Use it for tests.\r");
    answer(&mut p, "  ...", "\r");
    // The advanced questions were declined once; not asked again.
    answer(&mut p, "Model", &format!("{DOWN}\r"));
    answer(&mut p, "Colour", "\r");
    answer(&mut p, "Who is the agent?", "\r");
    answer(&mut p, "Sections to include", "\r");
    for prompt in [
        "Languages",
        "Frameworks",
        "Databases",
        "Message queues",
        "Cloud platforms",
    ] {
        answer(&mut p, prompt, "\r");
    }
    answer(&mut p, "record its decisions", "n");
    answer(&mut p, "Write the agent?", "\r");
    p.exp_string("created .claude/agents/second.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let agent = AgentFile::parse(&sb.read(".claude/agents/second.md"));
    assert_eq!(agent.str("model"), Some("opus"));
    assert!(!sb.exists(".claude/agents/first.md"));
}

#[test]
fn no_to_overwrite_leaves_the_file_and_exits_3() {
    let sb = Sandbox::new();
    sb.write(".claude/agents/backend-architect.md", "my edits\n");
    let before = sb.snapshot();
    let mut p = spawn(&sb, &["new", "backend-architect", "--defaults"]);
    p.exp_string("Ready to write the agent 'backend-architect'")
        .unwrap();
    p.exp_string("(replaces an existing file)").unwrap();
    answer(&mut p, "backend-architect.md exists. Overwrite it?", "n");
    p.exp_string("already exists").unwrap();
    assert_eq!(exit_code(&mut p), 3);
    sb.assert_unchanged(&before);

    let mut p = spawn(&sb, &["new", "backend-architect", "--defaults"]);
    answer(&mut p, "Overwrite it?", "y");
    p.exp_string("replaced .claude/agents/backend-architect.md")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    AgentFile::parse(&sb.read(".claude/agents/backend-architect.md"));
}

#[test]
fn with_stdout_redirected_prompts_still_work_and_stdout_gets_only_the_agent() {
    let sb = Sandbox::new();
    let bin = env!("CARGO_BIN_EXE_agentgen");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "'{bin}' new backend-architect --stdout --set examples=[] > agent.md"
        ))
        .current_dir(sb.path())
        .env("HOME", sb.home())
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1");
    let mut p = spawn_with_options(cmd, options()).unwrap();
    answer(&mut p, "Agent name", "redirected\r");
    answer(&mut p, "When should Claude", "\r");
    answer(&mut p, "Answer the advanced questions too", "n");
    answer(&mut p, "Tools the agent may use", "\r");
    answer(&mut p, "Model", "\r");
    answer(&mut p, "Colour", "\r");
    answer(&mut p, "Who is the agent?", "\r");
    answer(&mut p, "Sections to include", "\r");
    for prompt in [
        "Languages",
        "Frameworks",
        "Databases",
        "Message queues",
        "Cloud platforms",
    ] {
        answer(&mut p, prompt, "\r");
    }
    answer(&mut p, "record its decisions", "n");
    answer(&mut p, "Write the agent?", "\r");
    assert_eq!(exit_code(&mut p), 0);
    let out = sb.read("agent.md");
    let agent = AgentFile::parse(&out);
    assert_eq!(agent.str("name"), Some("redirected"));
    assert!(
        !out.contains("Agent name"),
        "no prompt text on standard output"
    );
}

/// Every answer of backend-architect but the advanced ones and `sections`,
/// so a session asks two questions.
const MOST: &str = "name: cursor\ndescription: Use it.\nexamples: []\ntools: [Read]\nmodel: sonnet\n\
    color: blue\ntitle: architect\nlanguages: []\nframeworks: []\ndatabases: []\n\
    message_queues: []\ncloud: []\ninsights: false\n";

#[test]
fn with_no_color_the_multi_select_shows_which_item_is_current() {
    let sb = Sandbox::new();
    sb.write("most.yaml", MOST);
    let mut p = spawn(
        &sb,
        &["new", "backend-architect", "-a", "most.yaml", "--stdout"],
    );
    answer(&mut p, "Answer the advanced questions too", "n");
    // NO_COLOR is set by `spawn`: the first item carries the cursor.
    p.exp_string("Sections to include").unwrap();
    p.exp_string(&as_read("\r\n❯ ✔ principles\r\n  ✔ process"))
        .unwrap();
    // One down: the cursor moves to the second item.
    send(&mut p, DOWN);
    p.exp_string(&as_read("  ✔ principles\r\n❯ ✔ process"))
        .unwrap();
    send(&mut p, "\r");
    answer(&mut p, "Write the agent?", "\r");
    assert_eq!(exit_code(&mut p), 0);
}

/// The agent `MOST` gives (named cursor) with every other default, as a
/// replay must.
fn most_with_defaults(sb: &Sandbox) -> String {
    let args = [
        "new",
        "backend-architect",
        "-a",
        "most.yaml",
        "--name",
        "cursor",
        "--defaults",
        "--stdout",
    ];
    stdout_of(sb.run(args))
}

#[test]
fn a_refused_overwrite_offers_to_save_the_answers_and_they_replay() {
    let sb = Sandbox::new();
    // The name is typed, so the file in the way shows only at the end.
    sb.write("most.yaml", MOST.replace("name: cursor\n", ""));
    sb.write(".claude/agents/cursor.md", "my edits\n");
    let mut p = spawn(&sb, &["new", "backend-architect", "-a", "most.yaml"]);
    answer(
        &mut p,
        "Agent name",
        &format!("{}cursor\r", "\x7f".repeat(20)),
    );
    answer(&mut p, "Answer the advanced questions too", "n");
    answer(&mut p, "Sections to include", "\r");
    answer(&mut p, "Write the agent?", "\r");
    answer(&mut p, "cursor.md exists. Overwrite it?", "n");
    answer(&mut p, "Save your answers to a file", "y");
    answer(&mut p, "Save the answers to", "\r");
    p.exp_string("Saved your answers to cursor.answers.yaml. Replay them with:")
        .unwrap();
    p.exp_string("agentgen new backend-architect --answers cursor.answers.yaml")
        .unwrap();
    assert_eq!(exit_code(&mut p), 3);
    assert_eq!(sb.read(".claude/agents/cursor.md"), "my edits\n");
    let replayed = sb.run([
        "new",
        "backend-architect",
        "--answers",
        "cursor.answers.yaml",
        "--stdout",
    ]);
    assert_eq!(stdout_of(replayed), most_with_defaults(&sb));
}

#[test]
fn a_late_failure_offers_to_save_the_answers_and_they_replay() {
    let sb = Sandbox::new();
    sb.write("most.yaml", MOST);
    // A file where the output folder should be: the write fails at the end.
    sb.write("out", "not a folder\n");
    let mut p = spawn(
        &sb,
        &["new", "backend-architect", "-a", "most.yaml", "-o", "out"],
    );
    answer(&mut p, "Answer the advanced questions too", "n");
    answer(&mut p, "Sections to include", "\r");
    answer(&mut p, "Write the agent?", "\r");
    answer(&mut p, "Save your answers to a file", "y");
    answer(&mut p, "Save the answers to", "mine.yaml\r");
    p.exp_string("Saved your answers to mine.yaml").unwrap();
    assert_ne!(exit_code(&mut p), 0);
    assert_eq!(sb.read("out"), "not a folder\n");
    let replayed = sb.run([
        "new",
        "backend-architect",
        "--answers",
        "mine.yaml",
        "--stdout",
    ]);
    assert_eq!(stdout_of(replayed), most_with_defaults(&sb));
}

#[test]
fn an_existing_file_is_found_before_the_first_question_and_another_name_chosen() {
    let sb = Sandbox::new();
    sb.write("most.yaml", MOST);
    sb.write(".claude/agents/cursor.md", "my edits\n");
    let mut p = spawn(&sb, &["new", "backend-architect", "-a", "most.yaml"]);
    // Asked first, with "use another name" as the default.
    p.exp_string(".claude/agents/cursor.md exists").unwrap();
    answer(&mut p, "use another name", "\r");
    answer(&mut p, "Agent name", "cursor\r");
    answer(
        &mut p,
        ".claude/agents/cursor.md exists too",
        &"\x7f".repeat(6),
    );
    send(&mut p, "cursor-two\r");
    answer(&mut p, "Answer the advanced questions too", "n");
    answer(&mut p, "Sections to include", "\r");
    answer(&mut p, "Write the agent?", "\r");
    p.exp_string("created .claude/agents/cursor-two.md")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(sb.read(".claude/agents/cursor.md"), "my edits\n");
    let agent = AgentFile::parse(&sb.read(".claude/agents/cursor-two.md"));
    assert_eq!(agent.str("name"), Some("cursor-two"));
}

#[test]
fn overwrite_chosen_before_the_questions_is_not_asked_again() {
    let sb = Sandbox::new();
    sb.write("most.yaml", MOST);
    sb.write(".claude/agents/cursor.md", "my edits\n");
    let mut p = spawn(&sb, &["new", "backend-architect", "-a", "most.yaml"]);
    answer(&mut p, "use another name", &format!("{DOWN}\r"));
    answer(&mut p, "Answer the advanced questions too", "n");
    answer(&mut p, "Sections to include", "\r");
    answer(&mut p, "Write the agent?", "\r");
    p.exp_string("replaced .claude/agents/cursor.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(
        AgentFile::parse(&sb.read(".claude/agents/cursor.md")).str("name"),
        Some("cursor")
    );
}

#[test]
fn the_review_screen_edits_one_answer_and_comes_back() {
    let sb = Sandbox::new();
    sb.write("most.yaml", MOST);
    let mut p = spawn(&sb, &["new", "backend-architect", "-a", "most.yaml"]);
    answer(&mut p, "Answer the advanced questions too", "n");
    answer(&mut p, "Sections to include", "\r");
    // Every answer is listed; the model came from the file, so it is marked.
    p.exp_string("Your answers for backend-architect").unwrap();
    p.exp_string("* model").unwrap();
    answer(&mut p, "Write the agent?", &format!("{DOWN}\r"));
    answer(&mut p, "Which answer (its key)?", "modle\r");
    answer(&mut p, "did you mean 'model'?", &"\x7f".repeat(5));
    send(&mut p, "model\r");
    // Only that question is asked again: one down from sonnet is opus.
    answer(&mut p, "Model", &format!("{DOWN}\r"));
    p.exp_string("Your answers for backend-architect").unwrap();
    answer(&mut p, "Write the agent?", "\r");
    p.exp_string("created .claude/agents/cursor.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let agent = AgentFile::parse(&sb.read(".claude/agents/cursor.md"));
    assert_eq!(agent.str("model"), Some("opus"));
    assert_eq!(
        agent.str("tools"),
        Some("Read"),
        "the other answers are kept"
    );
}

#[test]
fn the_review_screen_saves_the_answers_and_quits() {
    let sb = Sandbox::new();
    sb.write("most.yaml", MOST);
    let mut p = spawn(&sb, &["new", "backend-architect", "-a", "most.yaml"]);
    answer(&mut p, "Answer the advanced questions too", "n");
    answer(&mut p, "Sections to include", "\r");
    answer(&mut p, "Write the agent?", &format!("{DOWN}{DOWN}\r"));
    answer(&mut p, "Save the answers to", "\r");
    p.exp_string("Saved your answers to cursor.answers.yaml")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert!(!sb.exists(".claude"), "no agent is written");
    let replayed = sb.run([
        "new",
        "backend-architect",
        "--answers",
        "cursor.answers.yaml",
        "--stdout",
    ]);
    assert_eq!(stdout_of(replayed), most_with_defaults(&sb));
}

#[test]
fn a_wrong_tool_is_asked_again_with_the_reason_and_the_text_kept() {
    let sb = Sandbox::new();
    sb.write("most.yaml", MOST.replace("tools: [Read]\n", ""));
    let mut p = spawn(&sb, &["new", "backend-architect", "-a", "most.yaml"]);
    answer(&mut p, "Answer the advanced questions too", "n");
    answer(&mut p, "Tools the agent may use", "Read, Grp\r");
    // The reason, then the same line with what was typed, to correct.
    p.exp_string("'Grp' must be a tool name").unwrap();
    p.exp_string("(did you mean 'Grep'?)").unwrap();
    answer(&mut p, "Read, Grp", &"\x7f".repeat(3));
    send(&mut p, "Grap");
    // Ctrl-U clears the line, as in a shell.
    send(&mut p, "\x15Read, Grep\r");
    answer(&mut p, "Sections to include", "\r");
    answer(&mut p, "Write the agent?", "\r");
    p.exp_string("created .claude/agents/cursor.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let agent = AgentFile::parse(&sb.read(".claude/agents/cursor.md"));
    assert_eq!(agent.str("tools"), Some("Read, Grep"));
}

#[test]
fn an_optional_answer_with_a_default_can_be_left_empty_with_a_dash() {
    let sb = Sandbox::new();
    let motto =
        "  - {key: motto, prompt: Motto, type: string, required: false, default: Ship it}\n";
    custom_role(&sb, "t", "clear", motto, "[{{ motto or \"\" }}]\n");
    // Every other answer from the answers file agentgen writes.
    let all = stdout_of(sb.run(["--templates", "t", "answers", "clear"]));
    let others: String = all
        .lines()
        .filter(|l| !l.starts_with("motto"))
        .map(|l| format!("{l}\n"))
        .collect();
    sb.write("others.yaml", others);
    let mut p = spawn(
        &sb,
        &[
            "--templates",
            "t",
            "new",
            "clear",
            "-a",
            "others.yaml",
            "-o",
            "out",
        ],
    );
    p.exp_string("- alone leaves this answer empty").unwrap();
    answer(&mut p, "Motto (Ship it)", "-\r");
    answer(&mut p, "Write the agent?", "\r");
    p.exp_string("created out/clear.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let agent = AgentFile::parse(&sb.read("out/clear.md"));
    assert!(agent.body.contains("[]"), "{}", agent.body);
}

#[test]
fn a_long_default_is_shown_whole_above_the_prompt() {
    let sb = Sandbox::new();
    let long = "Ship small changes behind flags and measure every single one of them";
    let motto = format!("  - {{key: motto, prompt: Motto, type: string, default: {long}}}\n");
    custom_role(&sb, "t", "long", &motto, "[{{ motto }}]\n");
    let all = stdout_of(sb.run(["--templates", "t", "answers", "long"]));
    let others: String = all
        .lines()
        .filter(|l| !l.starts_with("motto"))
        .map(|l| format!("{l}\n"))
        .collect();
    sb.write("others.yaml", others);
    let mut p = spawn(
        &sb,
        &[
            "--templates",
            "t",
            "new",
            "long",
            "-a",
            "others.yaml",
            "-o",
            "out",
        ],
    );
    p.exp_string(&format!("default: {long}")).unwrap();
    answer(&mut p, "Motto", "\r");
    answer(&mut p, "Write the agent?", "\r");
    assert_eq!(exit_code(&mut p), 0);
    assert!(sb.read("out/long.md").contains(&format!("[{long}]")));
}

/// A custom role with one list question (default Go, Rust, Python), every
/// other answer from a file; returns the session at that question.
fn list_session(sb: &Sandbox) -> PtySession {
    let langs = "  - {key: langs, prompt: Languages used, type: list, required: false, default: [Go, Rust, Python]}\n";
    custom_role(sb, "t", "langs", langs, "[{{ langs | join('|') }}]\n");
    let all = stdout_of(sb.run(["--templates", "t", "answers", "langs"]));
    // Everything but `langs:` and its items.
    let mut in_langs = false;
    let others: String = all
        .lines()
        .filter(|l| {
            if !l.starts_with([' ', '-']) {
                in_langs = l.starts_with("langs:");
            }
            !in_langs
        })
        .map(|l| format!("{l}\n"))
        .collect();
    sb.write("others.yaml", others);
    spawn(
        sb,
        &[
            "--templates",
            "t",
            "new",
            "langs",
            "-a",
            "others.yaml",
            "-o",
            "out",
        ],
    )
}

#[test]
fn a_default_list_is_filled_in_to_keep_edit_or_remove_single_items() {
    let sb = Sandbox::new();
    let mut p = list_session(&sb);
    // Remove the last item in place, edit the first.
    answer(&mut p, "Languages used", &"\x7f".repeat(", Python".len()));
    send(&mut p, "\x01"); // Ctrl-A: to the start
    send(&mut p, "\x1b[3~\x1b[3~Golang\r");
    answer(&mut p, "Write the agent?", "\r");
    assert_eq!(exit_code(&mut p), 0);
    assert!(
        sb.read("out/langs.md").contains("[Golang|Rust]"),
        "{}",
        sb.read("out/langs.md")
    );

    let sb = Sandbox::new();
    let mut p = list_session(&sb);
    answer(&mut p, "Languages used", "\r");
    answer(&mut p, "Write the agent?", "\r");
    assert_eq!(exit_code(&mut p), 0);
    assert!(sb.read("out/langs.md").contains("[Go|Rust|Python]"));
}

#[test]
fn a_typed_backslash_n_in_the_description_is_asked_again_with_lint_reason() {
    let sb = Sandbox::new();
    sb.write("most.yaml", MOST.replace("description: Use it.\n", ""));
    let mut p = spawn(&sb, &["new", "backend-architect", "-a", "most.yaml"]);
    answer(
        &mut p,
        "When should Claude hand work to this agent?",
        "Use it.\\nOften.\r",
    );
    answer(&mut p, "  ...", "\r");
    // lint's reason, then the question again: two real lines are taken.
    p.exp_string("the description holds a literal \\n").unwrap();
    p.exp_string("type a real line break instead").unwrap();
    answer(
        &mut p,
        "When should Claude hand work to this agent?",
        "\x15Use it.\r",
    );
    answer(&mut p, "  ...", "Often.\r");
    answer(&mut p, "  ...", "\r");
    answer(&mut p, "Answer the advanced questions too", "n");
    answer(&mut p, "Sections to include", "\r");
    answer(&mut p, "Write the agent?", "\r");
    p.exp_string("created .claude/agents/cursor.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let agent = AgentFile::parse(&sb.read(".claude/agents/cursor.md"));
    assert_eq!(agent.str("description"), Some("Use it.\nOften."));
}

#[test]
fn esc_at_which_answer_goes_back_to_the_review_screen() {
    let sb = Sandbox::new();
    sb.write("most.yaml", MOST);
    let mut p = spawn(&sb, &["new", "backend-architect", "-a", "most.yaml"]);
    answer(&mut p, "Answer the advanced questions too", "n");
    answer(&mut p, "Sections to include", "\r");
    p.exp_string("Your answers for backend-architect").unwrap();
    answer(&mut p, "Write the agent?", &format!("{DOWN}\r"));
    answer(&mut p, "Which answer (its key)?", "mod");
    send(&mut p, ESC);
    // The screen again, and its choice: not "Which answer?" again.
    p.exp_string("Your answers for backend-architect").unwrap();
    answer(&mut p, "Write the agent?", "\r");
    p.exp_string("created .claude/agents/cursor.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let agent = AgentFile::parse(&sb.read(".claude/agents/cursor.md"));
    assert_eq!(agent.str("model"), Some("sonnet"), "nothing was edited");
}

/// An answers file for `role` with every answer but `key` (a list).
fn all_but(sb: &Sandbox, role: &str, key: &str) -> String {
    let answers = stdout_of(sb.run(["answers", role, "--no-detect"]));
    let mut out = String::new();
    let mut skipping = false;
    for line in answers.lines() {
        skipping = line.starts_with(&format!("{key}:")) || (skipping && line.starts_with("  - "));
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(!out.contains(&format!("\n{key}:")) && out.contains("\nframeworks:"));
    out
}

#[test]
fn a_detected_default_is_offered_with_its_file_and_can_be_changed() {
    // Enter keeps the detected value (unrecorded: the project decides it);
    // an edit replaces it (recorded in the manifest as the person's).
    for (keys, said) in [("\r", "Rust"), ("\x7f\x7f\x7f\x7fRust, SQL\r", "Rust, SQL")] {
        let sb = crate::stack_defaults::fixture_project("rust-service");
        sb.write("rest.yaml", all_but(&sb, "backend-architect", "languages"));
        let mut p = spawn(&sb, &["new", "backend-architect", "-a", "rest.yaml"]);
        p.exp_string("detected: Cargo.toml").unwrap();
        answer(&mut p, "Languages", keys);
        answer(&mut p, "Write the agent?", "\r");
        p.exp_string("created .claude/agents/backend-architect.md")
            .unwrap();
        assert_eq!(exit_code(&mut p), 0, "{said}");
        let agent = sb.read(".claude/agents/backend-architect.md");
        assert!(
            agent.contains(&format!("\n- Languages: {said}\n")),
            "{said}: {agent}"
        );
        let manifest = sb.read("agentgen.yaml");
        assert_eq!(manifest.contains("languages"), said != "Rust", "{manifest}");
    }
}

#[test]
fn a_kit_offers_the_detected_stack_and_enter_leaves_each_agent_its_share() {
    let sb = crate::stack_defaults::fixture_project("rust-service");
    sb.write(
        "team.yaml",
        "name: team\nsummary: One reviewer.\ndescription: One reviewer.\nquestions:\n  - use: team\nagents:\n  - role: code-reviewer\n",
    );
    // The reviewer's own answers, all but its languages, so that only the
    // team's questions are asked.
    let mut answers = String::from("agents:\n  code-reviewer:\n");
    for line in all_but(&sb, "code-reviewer", "languages").lines() {
        if !line.is_empty() {
            answers.push_str(&format!("    {line}\n"));
        }
    }
    sb.write("answers.yaml", answers);
    let mut p = spawn(&sb, &["kit", "team.yaml", "-a", "answers.yaml"]);
    answer(&mut p, "Project the team works on", "\r");
    p.exp_string("detected: Cargo.toml").unwrap();
    answer(&mut p, "Main programming languages", "\r");
    answer(&mut p, "Main frameworks", "\r");
    answer(&mut p, "Databases", "\r");
    answer(&mut p, "Cloud platforms", "\r");
    answer(&mut p, "short description", "\r");
    answer(&mut p, "Model for every agent", "\r");
    answer(&mut p, "record their decisions", "\r");
    // kit's review screen: Enter writes.
    answer(&mut p, "Write the agents?", "\r");
    p.exp_string("created .claude/agents/code-reviewer.md")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let reviewer = sb.read(".claude/agents/code-reviewer.md");
    assert!(reviewer.contains("You review Rust code."), "{reviewer}");
}
