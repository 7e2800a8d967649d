//! The account of a generating run (`new`, `kit`, `convert`) that `--json`
//! prints: every file with what the run did or would do to it, and every
//! answer a target could not write as given, as one JSON document on
//! standard output. Commands fill it in; this module owns its shape (kept
//! stable, and described in the README next to `sync --json`) and prints
//! it through [`Console::json`], as `sync --json` and `lint --json` print.
//!
//! The shape:
//! ```json
//! {"dry_run": false,
//!  "files": [{"path": "...", "target": "cursor", "agent": "x", "action": "created"}],
//!  "dropped": [{"target": "cursor", "agent": "x", "source": null,
//!               "answers": ["skills"], "values": [], "reason": "...", "note": "..."}],
//!  "adapted": [...]}
//! ```
//! `target` and `agent` are null for a file that is no agent (the
//! project's manifest and lock, saved answers, a plugin's manifest);
//! `source` is the file `convert` read, null otherwise. `dropped` lists
//! what was left out, `adapted` what was written in another form; an empty
//! list means nothing was.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Console, Outcome, Plan};
use crate::error::Result;
use crate::target::{Note, Target};

/// One run, as `--json` reports it.
#[derive(Debug, Default, Serialize)]
pub struct RunReport {
    /// Nothing was written: the actions are what a run would do.
    pub dry_run: bool,
    pub files: Vec<FileRow>,
    /// Answers left out of a target's file.
    pub dropped: Vec<NoteRow>,
    /// Answers written in another form than given.
    pub adapted: Vec<NoteRow>,
}

/// One file of the run.
#[derive(Debug, Serialize)]
pub struct FileRow {
    pub path: PathBuf,
    pub target: Option<&'static str>,
    pub agent: Option<String>,
    /// created, replaced, unchanged, merged with your edits, conflict...:
    /// the word the run's own report uses.
    pub action: &'static str,
}

/// One note of one target about one agent.
#[derive(Debug, Serialize)]
pub struct NoteRow {
    pub target: Option<&'static str>,
    pub agent: String,
    /// The file `convert` read; null for `new` and `kit`.
    pub source: Option<PathBuf>,
    pub answers: Vec<String>,
    pub values: Vec<String>,
    pub reason: String,
    /// The line the run says on standard error.
    pub note: String,
}

/// Which agent and target each agent file of a run belongs to.
pub type Owners = HashMap<PathBuf, (Target, String)>;

impl RunReport {
    /// The planned files, each with its owner (if it is an agent's file)
    /// and the action the run reports for it: `verbs` holds the project's
    /// own words (merged, conflict...) where it has one.
    pub fn files_of(
        &mut self,
        plan: &Plan,
        owners: &Owners,
        verbs: &HashMap<PathBuf, &'static str>,
    ) {
        for file in &plan.files {
            let outcome = file.outcome();
            let action = match verbs.get(&file.path) {
                Some(verb) if outcome != Outcome::Unchanged => verb,
                _ => outcome.verb(),
            };
            let owner = owners.get(&file.path);
            self.files.push(FileRow {
                path: file.path.clone(),
                target: owner.map(|(t, _)| t.id()),
                agent: owner.map(|(_, a)| a.clone()),
                action,
            });
        }
    }

    /// A target's notes about an agent (`target` None: notes on reading
    /// `source`), each in `dropped` or `adapted`.
    pub fn notes(
        &mut self,
        target: Option<Target>,
        agent: &str,
        source: Option<&Path>,
        notes: &[Note],
    ) {
        for note in notes {
            let row = NoteRow {
                target: target.map(Target::id),
                agent: agent.to_owned(),
                source: source.map(Path::to_path_buf),
                answers: note.answers.clone(),
                values: note.values.clone(),
                reason: note.reason.clone(),
                note: note.to_string(),
            };
            match note.dropped {
                true => self.dropped.push(row),
                false => self.adapted.push(row),
            }
        }
    }
}

impl Console {
    /// A value as pretty-printed JSON on standard output, one document.
    pub fn json(&self, value: &impl Serialize) -> Result<()> {
        let text = serde_json::to_string_pretty(value).expect("plain data");
        self.out(&(text + "\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_sorted_into_dropped_and_adapted_and_files_keep_their_words() {
        let dir = tempfile::tempdir().unwrap();
        let agent_file = dir.path().join("a.md");
        let merged = dir.path().join("b.md");
        std::fs::write(&merged, "old").unwrap();
        let plan = super::super::plan(vec![
            (agent_file.clone(), "a".into()),
            (merged.clone(), "b".into()),
        ])
        .unwrap();
        let owners = Owners::from([(agent_file.clone(), (Target::Cursor, "a".to_owned()))]);
        let verbs = HashMap::from([(merged.clone(), "merged with your edits")]);
        let mut report = RunReport::default();
        report.files_of(&plan, &owners, &verbs);
        let notes = [
            Note::left_out(&["skills"], Vec::new(), "skills", "no field"),
            Note::adapted(
                &["tools"],
                vec!["Bash(git:*)".into()],
                "Bash(git:*) widened",
                "why",
            ),
        ];
        report.notes(Some(Target::Cursor), "a", None, &notes);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["files"][0]["target"], "cursor");
        assert_eq!(json["files"][0]["action"], "created");
        assert_eq!(json["files"][1]["target"], serde_json::Value::Null);
        assert_eq!(json["files"][1]["action"], "merged with your edits");
        assert_eq!(json["dropped"][0]["answers"][0], "skills");
        assert_eq!(json["dropped"][0]["note"], "skills left out: no field");
        assert_eq!(json["adapted"][0]["values"][0], "Bash(git:*)");
        assert_eq!(json["dropped"].as_array().unwrap().len(), 1);
    }
}
