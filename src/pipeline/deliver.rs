//! Delivering a run: a dry-run report, or the plan written after the
//! consent it needs.
//!
//! Replacing a file needs `--force` or a "yes" at the prompt for each file
//! that exists; anything else ends the run with nothing written. A team
//! without a terminal to ask lists every file in the way at once. Then
//! [`output::write`] writes all or nothing, and the user is told what was
//! created, replaced or left unchanged.

use std::path::PathBuf;

use crate::config::{Action, Destination, GenerateConfig, Input};
use crate::error::{Error, Result};
use crate::output::{self, Console, Outcome, Overwrite, Plan};
use crate::prompt::terminal;
use crate::prompt::{Confirm, Prompter};

use super::record::Owned;

/// A team's files in the way, when nobody can be asked or it is a dry
/// run, are all listed in one error.
fn refuse_for_team(plan: &Plan, config: &GenerateConfig, kit: &str, owned: &Owned) -> Result<()> {
    let refused = match config.action {
        Action::Write(Overwrite::Refuse) => config.terminal.is_none(),
        Action::DryRun(Overwrite::Refuse) => true,
        _ => false,
    };
    let foreign = foreign(plan, owned);
    if refused && !foreign.is_empty() {
        return Err(Error::KitProblems {
            kit: kit.to_owned(),
            problems: Vec::new(),
            conflicts: foreign,
        });
    }
    Ok(())
}

/// Existing files the plan would replace that agentgen does not own.
fn foreign(plan: &Plan, owned: &Owned) -> Vec<PathBuf> {
    plan.replaced()
        .filter(|p| !owned.free.contains(*p))
        .map(PathBuf::from)
        .collect()
}

/// Reports a dry run, or writes the plan after the consent it needs,
/// telling the user what was created and replaced.
pub fn deliver(
    plan: &Plan,
    config: &GenerateConfig,
    prompter: &mut dyn Prompter,
    console: &Console,
    heading: &str,
    team: Option<&str>,
    owned: &Owned,
) -> Result<()> {
    match config.action {
        Action::DryRun(overwrite) => {
            // The plan is shown even when a file is in the way; with
            // --json the command prints it as data instead.
            if !config.json {
                console.out(&dry_run_report(plan, owned, overwrite))?;
            }
            if let Some(kit) = team {
                refuse_for_team(plan, config, kit, owned)?;
            }
            match foreign(plan, owned).into_iter().next() {
                Some(path) if overwrite == Overwrite::Refuse => Err(Error::Exists { path }),
                _ => Ok(()),
            }
        }
        Action::Write(overwrite) => {
            if let Some(kit) = team {
                refuse_for_team(plan, config, kit, owned)?;
            }
            let foreign = foreign(plan, owned);
            let will_ask = overwrite == Overwrite::Refuse && !foreign.is_empty();
            if config.input == Input::Prompt || (config.terminal.is_some() && will_ask) {
                console.note(&summary(heading, config, plan, owned));
            }
            let mut overwrite = consent(&foreign, overwrite, prompter)?;
            if plan.replaced().next().is_some() && foreign.is_empty() {
                // Only files agentgen owns are replaced; the merge kept
                // their edits.
                overwrite = Overwrite::Replace;
            }
            terminal::finish_prompts();
            let outcomes = output::write(plan, overwrite)?;
            for (file, outcome) in plan.files.iter().zip(outcomes) {
                let verb = match (owned.verbs.get(&file.path), outcome) {
                    (_, Outcome::Unchanged) | (None, _) => outcome.verb(),
                    (Some(verb), _) => verb,
                };
                console.note(&format!("{verb} {}", file.path.display()));
            }
            match owned.conflicts.is_empty() {
                true => Ok(()),
                false => Err(Error::Conflicts {
                    files: owned.conflicts.clone(),
                }),
            }
        }
    }
}

/// Replacing a file needs `--force` or a "yes" at the prompt for each
/// file that exists; anything else ends the run with nothing written.
fn consent(
    existing: &[PathBuf],
    overwrite: Overwrite,
    prompter: &mut dyn Prompter,
) -> Result<Overwrite> {
    if overwrite == Overwrite::Replace {
        return Ok(Overwrite::Replace);
    }
    for path in existing {
        if prompter.confirm(Confirm::Overwrite(path))? != Some(true) {
            return Err(Error::Exists { path: path.clone() });
        }
    }
    Ok(if existing.is_empty() {
        Overwrite::Refuse
    } else {
        Overwrite::Replace
    })
}

fn summary(heading: &str, config: &GenerateConfig, plan: &Plan, owned: &Owned) -> String {
    let mut out = format!("\n{heading}");
    if config.destination == Destination::Stdout {
        out.push_str("\n  agent    to standard output");
    }
    for file in &plan.files {
        let label = if Some(&file.path) == config.save_answers.as_ref() {
            "answers"
        } else {
            "file"
        };
        let state = match (file.outcome(), owned.verbs.get(&file.path)) {
            (Outcome::Unchanged, _) => "unchanged",
            (_, Some(verb)) => verb,
            (Outcome::Created, None) => "new file",
            (Outcome::Replaced, None) if owned.free.contains(&file.path) => "updated",
            (Outcome::Replaced, None) => "replaces an existing file",
        };
        out.push_str(&format!("\n  {label:<8} {} ({state})", file.path.display()));
    }
    out
}

/// Each file with what would happen to it; a file agentgen does not own
/// is named, with what `--force` would do.
fn dry_run_report(plan: &Plan, owned: &Owned, overwrite: Overwrite) -> String {
    let mut report = String::new();
    for file in &plan.files {
        let path = file.path.display();
        let bytes = file.contents.len();
        let foreign = !owned.free.contains(&file.path);
        report.push_str(&match (file.outcome(), owned.verbs.get(&file.path)) {
            (Outcome::Unchanged, _) => format!("would leave {path} unchanged ({bytes} bytes)\n"),
            (_, Some(&"conflict")) => {
                format!("would leave conflict markers in {path} ({bytes} bytes)\n")
            }
            (_, Some(verb)) => format!("would be {verb}: {path} ({bytes} bytes)\n"),
            (Outcome::Created, None) => format!("would create {path} ({bytes} bytes)\n"),
            (Outcome::Replaced, None) if foreign && overwrite == Overwrite::Refuse => format!(
                "would refuse to replace {path}: agentgen did not write it; --force would replace it ({bytes} bytes)\n"
            ),
            (Outcome::Replaced, None) => format!("would replace {path} ({bytes} bytes)\n"),
        });
    }
    report
}
