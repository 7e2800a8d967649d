//! `kit` in a terminal, through a real pseudo-terminal: the team's
//! existing files settled before the first question, the review screen
//! with an edit of a shared answer, and saving the answers to replay.
//! A small custom kit of two agents keeps each session short.

#![cfg(unix)]

use rexpect::session::PtySession;

use crate::pty::{DOWN, ESC, answer, exit_code, spawn};
use crate::support::*;

/// A role of four questions, and the kit `duo` of two agents of it that
/// shares one question, the model.
fn duo(sb: &Sandbox) {
    sb.write(
        "t/roles/helper/role.yaml",
        "name: helper\nsummary: A small role for kit tests.\nquestions:\n\
         \x20 - {key: name, prompt: Agent name, type: string, default: helper}\n\
         \x20 - {key: description, prompt: Description, type: string, default: Use this agent in tests.}\n\
         \x20 - {key: model, prompt: Model, type: choice, choices: [sonnet, opus, haiku], default: sonnet}\n\
         \x20 - {key: motto, prompt: Motto, type: string, default: Ship it}\n",
    );
    sb.write("t/roles/helper/agent.md.j2", "Motto: {{ motto }}\n");
    sb.write(
        "t/kits/duo.yaml",
        "name: duo\nsummary: Two helpers.\nquestions:\n\
         \x20 - {key: model, prompt: Model for every agent, type: choice, choices: [sonnet, opus, haiku], required: false}\n\
         agents:\n  - {role: helper, name: first}\n  - {role: helper, name: second}\n",
    );
}

/// `kit duo -o out` on a pseudo-terminal.
fn session(sb: &Sandbox) -> PtySession {
    spawn(sb, &["--templates", "t", "kit", "duo", "-o", "out"])
}

/// Answers every question of the duo: the shared model left empty, each
/// agent's motto as given (Enter keeps the default).
fn answer_all(p: &mut PtySession, mottos: [&str; 2]) {
    answer(p, "Model for every agent", "\r");
    for motto in mottos {
        answer(p, "Description", "\r");
        answer(p, "Motto", &format!("{motto}\r"));
    }
}

#[test]
fn kit_review_edits_a_shared_answer_and_writes() {
    let sb = Sandbox::new();
    duo(&sb);
    let mut p = session(&sb);
    answer_all(&mut p, ["", ""]);
    p.exp_string("Your answers for the duo kit").unwrap();
    answer(&mut p, "Write the agents?", &format!("{DOWN}\r"));
    answer(&mut p, "Whose answer?", "\r");
    // Esc at "Which answer?" comes back to the review screen.
    answer(&mut p, "Which answer (its key)?", ESC);
    p.exp_string("Your answers for the duo kit").unwrap();
    answer(&mut p, "Write the agents?", &format!("{DOWN}\r"));
    answer(&mut p, "Whose answer?", "\r");
    answer(&mut p, "Which answer (its key)?", "model\r");
    // From (none), two up is opus; nothing else is asked again.
    answer(&mut p, "Model for every agent", "\x1b[A\x1b[A\r");
    p.exp_string("Your answers for the duo kit").unwrap();
    p.exp_string("* model").unwrap();
    answer(&mut p, "Write the agents?", "\r");
    p.exp_string("created out/second.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    for name in ["first", "second"] {
        let agent = AgentFile::parse(&sb.read(&format!("out/{name}.md")));
        assert_eq!(agent.str("model"), Some("opus"), "{name}");
        assert!(agent.body.contains("Motto: Ship it"), "{}", agent.body);
    }
}

#[test]
fn kit_with_an_existing_member_file_cancelled_writes_nothing() {
    let sb = Sandbox::new();
    duo(&sb);
    sb.write("out/second.md", "my edits\n");
    let before = sb.snapshot();
    let mut p = session(&sb);
    // Before the first question: the files in the way, on one screen.
    p.exp_string("These files of the team exist already")
        .unwrap();
    p.exp_string("out/second.md").unwrap();
    // Cancel is the default: nothing has been answered yet.
    answer(&mut p, "Replace them?", "\r");
    p.exp_string("cancelled; nothing was written").unwrap();
    assert_eq!(exit_code(&mut p), 130);
    sb.assert_unchanged(&before);
}

#[test]
fn kit_overwrite_chosen_first_is_not_asked_again() {
    let sb = Sandbox::new();
    duo(&sb);
    sb.write("out/second.md", "my edits\n");
    let mut p = session(&sb);
    answer(&mut p, "Replace them?", "\x1b[A\r");
    answer_all(&mut p, ["", ""]);
    answer(&mut p, "Write the agents?", "\r");
    p.exp_string("replaced out/second.md").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert!(sb.read("out/second.md").contains("name: second"));
}

#[test]
fn kit_save_answers_and_quit_replays_to_identical_files() {
    let sb = Sandbox::new();
    duo(&sb);
    let mut p = session(&sb);
    answer_all(&mut p, ["Keep going", ""]);
    answer(&mut p, "Write the agents?", &format!("{DOWN}{DOWN}\r"));
    answer(&mut p, "Save the answers to", "\r");
    p.exp_string("Saved your answers to duo.answers.yaml. Replay them with:")
        .unwrap();
    p.exp_string("agentgen kit duo --answers duo.answers.yaml")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert!(!sb.exists("out"), "nothing is written");
    // The saved answers replay, without a terminal, to the files the
    // session would have written.
    sb.run([
        "--templates",
        "t",
        "kit",
        "duo",
        "-a",
        "duo.answers.yaml",
        "-o",
        "replay",
    ])
    .success();
    sb.run([
        "--templates",
        "t",
        "kit",
        "duo",
        "--defaults",
        "--set",
        "first.motto=Keep going",
        "-o",
        "expected",
    ])
    .success();
    for name in ["first", "second"] {
        let replayed = sb.read(&format!("replay/{name}.md"));
        assert_eq!(replayed, sb.read(&format!("expected/{name}.md")), "{name}");
    }
    assert!(sb.read("replay/first.md").contains("Motto: Keep going"));
    assert!(sb.read("replay/second.md").contains("Motto: Ship it"));
}

#[test]
fn kit_late_failure_offers_to_save_the_answers_and_they_replay() {
    let sb = Sandbox::new();
    duo(&sb);
    // A file where the output folder should be: the write fails at the end.
    sb.write("out", "not a folder\n");
    let mut p = session(&sb);
    answer_all(&mut p, ["Keep going", ""]);
    answer(&mut p, "Write the agents?", "\r");
    answer(&mut p, "Save your answers to a file", "y");
    answer(&mut p, "Save the answers to", "mine.yaml\r");
    p.exp_string("Saved your answers to mine.yaml").unwrap();
    assert_ne!(exit_code(&mut p), 0);
    assert_eq!(sb.read("out"), "not a folder\n");
    let replay = [
        "--templates",
        "t",
        "kit",
        "duo",
        "-a",
        "mine.yaml",
        "-o",
        "replay",
    ];
    sb.run(replay).success();
    assert!(sb.read("replay/first.md").contains("Motto: Keep going"));
    assert!(sb.read("replay/second.md").contains("Motto: Ship it"));
}
