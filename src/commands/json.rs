//! `--json` for `new` and `kit`: the run's [`RunReport`] (every file and
//! what was done to it, every answer a target left out or wrote in another
//! form), filled in from what the pipeline produced and printed once.
//!
//! The human lines (`created PATH`, `cursor: skills left out: ...`) stay
//! on standard error: the JSON goes alone to standard output, so a script
//! reads it whole, while a person watching the run, or a CI log, still
//! sees what happened. A run that fails prints no JSON, except a dry run
//! (the plan is printed before a file in the way is refused, as the text
//! plan is) and a run that wrote its files but left conflict markers.

use std::path::PathBuf;

use heck::ToSnakeCase;

use crate::config::{Action, GenerateConfig};
use crate::error::{Error, Result};
use crate::output::{Console, FileRow, Owners, Plan, RunReport};
use crate::pipeline::Produced;
use crate::pipeline::record::Owned;
use crate::target::{Note, Target};

/// A run's report while it is being made.
pub struct Json {
    report: RunReport,
    owners: Owners,
    /// Files written after the plan (an existing marketplace, extended
    /// once the plugin is written), with their action.
    after: Vec<(PathBuf, &'static str)>,
}

impl Json {
    /// The report of `produced`'s agents, when `--json` asked for one.
    /// Called before the files are taken for the plan or after: only their
    /// paths and notes are read.
    pub fn of(produced: &Produced, generate: &GenerateConfig) -> Option<Json> {
        if !generate.json {
            return None;
        }
        let mut json = Json {
            report: RunReport {
                dry_run: matches!(generate.action, Action::DryRun(_)),
                ..RunReport::default()
            },
            owners: Owners::new(),
            after: Vec::new(),
        };
        for agent in &produced.agents {
            for file in &agent.files {
                if let Some(path) = &file.path {
                    json.owners
                        .insert(path.clone(), (file.target, agent.name.clone()));
                }
                let notes = &file.notes;
                (json.report).notes(Some(file.target), &agent.name, None, notes);
            }
        }
        Some(json)
    }

    /// Fields Claude Code ignores in a plugin's agents, left out of
    /// `agent`'s file (`fields` in Claude Code's spelling).
    pub fn plugin_dropped(&mut self, agent: &str, fields: &[String]) {
        let answers: Vec<String> = fields.iter().map(|f| f.to_snake_case()).collect();
        let answers: Vec<&str> = answers.iter().map(String::as_str).collect();
        let why = "Claude Code ignores them in a plugin's agents";
        let note = Note::left_out(&answers, Vec::new(), fields.join(", "), why);
        (self.report).notes(Some(Target::Claude), agent, None, &[note]);
    }

    /// A file the command writes after the plan, listed after its files.
    pub fn after(&mut self, path: PathBuf, action: &'static str) {
        self.after.push((path, action));
    }

    /// Delivers `plan` with `deliver` and prints the report: before a dry
    /// run's delivery, which may then refuse; after a real one, and after
    /// one that ended in conflicts, since its files were written.
    pub fn around(
        json: Option<Json>,
        plan: &Plan,
        owned: &Owned,
        console: &Console,
        deliver: impl FnOnce() -> Result<()>,
    ) -> Result<()> {
        let Some(mut json) = json else {
            return deliver();
        };
        json.report.files_of(plan, &json.owners, &owned.verbs);
        for (path, action) in json.after.drain(..) {
            let (target, agent) = (None, None);
            (json.report.files).push(FileRow {
                path,
                target,
                agent,
                action,
            });
        }
        if json.report.dry_run {
            console.json(&json.report)?;
            return deliver();
        }
        match deliver() {
            Ok(()) => console.json(&json.report),
            Err(conflicts @ Error::Conflicts { .. }) => {
                console.json(&json.report)?;
                Err(conflicts)
            }
            Err(other) => Err(other),
        }
    }
}
