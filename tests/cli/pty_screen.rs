//! What a session leaves on the screen of an 80-column terminal: every
//! answered question is one summary line, and a prompt wider than the
//! terminal (a text prompt with its default, a yes/no, a choice, a
//! multi-select, the flow's own yes/no) leaves none of its rows behind.
//! The session's output is fed to a terminal emulator (vt100), whose
//! screen is then read row by row.

#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_with_options};

use crate::pty::{DOWN, options};
use crate::support::*;

const ROWS: u16 = 60;
const COLS: u16 = 80;

/// A session on an 80-column pseudo-terminal, with everything it wrote
/// kept for the emulator.
struct Screen {
    p: PtySession,
    seen: Vec<u8>,
}

impl Screen {
    fn spawn(sb: &Sandbox, args: &[&str]) -> Screen {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!("stty cols {COLS} rows {ROWS}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_agentgen"))
            .args(args)
            .current_dir(sb.path())
            .env("HOME", sb.home())
            .env("TERM", "xterm-256color")
            .env("NO_COLOR", "1")
            .env_remove("VISUAL")
            .env_remove("EDITOR")
            .env_remove("AGENTGEN_TEMPLATES");
        let options = options().strip_ansi_escape_codes(false);
        Screen {
            p: spawn_with_options(cmd, options).unwrap(),
            seen: Vec::new(),
        }
    }

    /// rexpect hands back one char per byte read.
    fn keep(&mut self, text: &str) {
        self.seen.extend(text.chars().map(|c| c as u8));
    }

    /// Waits for `prompt` (ASCII), then types `keys`.
    fn answer(&mut self, prompt: &str, keys: &str) {
        let before =
            (self.p.exp_string(prompt)).unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
        self.keep(&before);
        self.keep(prompt);
        std::thread::sleep(Duration::from_millis(50));
        self.p.send(keys).unwrap();
        self.p.flush().unwrap();
    }

    /// Waits for `text` (ASCII).
    fn wait_for(&mut self, text: &str) {
        let before =
            (self.p.exp_string(text)).unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
        self.keep(&before);
        self.keep(text);
    }

    /// Waits for the end; the exit code and the rows of the final screen.
    fn finish(mut self) -> (i32, Vec<String>) {
        let rest = self.p.exp_eof().unwrap();
        self.keep(&rest);
        let code = match self.p.process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("agentgen did not exit normally: {other:?}"),
        };
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(ROWS), size(COLS), 0);
        parser.process(&self.seen);
        let rows = parser.screen().rows(0, COLS).collect();
        (code, rows)
    }
}

/// A role whose prompts are all wider than 80 columns with their default,
/// one of each type, and an advanced question, so the flow's own long
/// yes/no ("Answer the advanced questions too ...?") is asked too.
fn wide_role(sb: &Sandbox) {
    sb.write(
        "t/roles/wide/role.yaml",
        r#"name: wide
summary: Long prompts.
questions:
  - {key: name, prompt: Agent name, type: string, default: wide}
  - {key: description, prompt: Description, type: string, default: Use this agent in tests.}
  - {key: motto, prompt: "Which motto should the agent repeat to itself before every single change it makes", type: string, default: "Ship small changes often"}
  - {key: pace, prompt: "How fast should the agent move when the team is under pressure from a release date", type: choice, choices: [slow, steady, fast], default: steady}
  - {key: bold, prompt: "Should the agent take risks when the measurements say the change is probably safe enough", type: bool, default: false}
  - {key: areas, prompt: "Which areas of the code base should the agent look at before it proposes any change", type: multiselect, choices: [api, db, ui], default: [api]}
  - {key: extra, prompt: Extra, type: string, default: x, advanced: true}
"#,
    );
    sb.write(
        "t/roles/wide/agent.md.j2",
        "Motto: {{ motto }}; {{ pace }}; {{ bold }}; {{ areas | join(',') }}\n",
    );
}

#[test]
fn at_80_columns_long_prompts_leave_no_stale_rows() {
    let sb = Sandbox::new();
    wide_role(&sb);
    let mut s = Screen::spawn(&sb, &["--templates", "t", "new", "wide", "-o", "out"]);
    s.answer("Agent name", "\r");
    s.answer("Description", "\r");
    s.answer("before every single change", "Measure twice\r");
    s.answer("release date", &format!("{DOWN}\r"));
    s.answer("probably safe enough", "y");
    s.answer("proposes any change", &format!("{DOWN} \r"));
    s.answer("Answer the advanced questions too", "n");
    s.answer("Write the agent?", "\r");
    s.wait_for("created out/wide.md");
    let (code, rows) = s.finish();
    let screen = rows.join("\n");
    assert_eq!(code, 0, "{screen}");
    assert!(
        sb.read("out/wide.md")
            .contains("Motto: Measure twice; fast; True; api,db"),
        "{}",
        sb.read("out/wide.md")
    );
    // Every prompt was answered: none is left on screen, whole or in part.
    let open: Vec<&String> = rows.iter().filter(|r| r.starts_with("? ")).collect();
    assert!(open.is_empty(), "stale prompt rows {open:?} in:\n{screen}");
    // Nor the lines drawn above one (a multi-select's hint): the rows a
    // wrapped prompt took are counted, so the clearing reaches them.
    assert!(!screen.contains("Space ticks"), "{screen}");
    // Each long question is one summary, its second row right below it.
    for (first, second) in [
        ("before every single change it ma", "kes · Measure twice"),
        ("pressure from a release", "date · fast"),
        ("change is probably s", "afe enough · yes"),
        ("before it proposes any c", "hange · api, db"),
        ("section titles and lists, persona d", "etails)? · no"),
    ] {
        let at = (rows
            .iter()
            .position(|r| r.starts_with("✔ ") && r.contains(first)))
        .unwrap_or_else(|| panic!("no summary with {first:?} in:\n{screen}"));
        assert!(rows[at + 1].starts_with(second), "{first:?} in:\n{screen}");
        let times = rows.iter().filter(|r| r.contains(first)).count();
        assert_eq!(times, 1, "{first:?} more than once in:\n{screen}");
    }
}
