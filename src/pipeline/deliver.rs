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

/// A team's files in the way, when nobody can be asked or it is a dry
/// run, are all listed in one error.
fn refuse_for_team(plan: &Plan, config: &GenerateConfig, kit: &str) -> Result<()> {
    let refused = match config.action {
        Action::Write(Overwrite::Refuse) => config.terminal.is_none(),
        Action::DryRun(Overwrite::Refuse) => true,
        _ => false,
    };
    if refused && plan.replaced().next().is_some() {
        return Err(Error::KitProblems {
            kit: kit.to_owned(),
            problems: Vec::new(),
            conflicts: plan.replaced().map(PathBuf::from).collect(),
        });
    }
    Ok(())
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
) -> Result<()> {
    if let Some(kit) = team {
        refuse_for_team(plan, config, kit)?;
    }
    match config.action {
        Action::DryRun(overwrite) => {
            if overwrite == Overwrite::Refuse {
                plan.refuse_existing()?;
            }
            console.out(&dry_run_report(plan))
        }
        Action::Write(overwrite) => {
            let will_ask = overwrite == Overwrite::Refuse && plan.replaced().next().is_some();
            if config.input == Input::Prompt || (config.terminal.is_some() && will_ask) {
                console.note(&summary(heading, config, plan));
            }
            let overwrite = consent(plan, overwrite, prompter)?;
            terminal::finish_prompts();
            let outcomes = output::write(plan, overwrite)?;
            for (file, outcome) in plan.files.iter().zip(outcomes) {
                console.note(&format!("{} {}", outcome.verb(), file.path.display()));
            }
            Ok(())
        }
    }
}

/// Replacing a file needs `--force` or a "yes" at the prompt for each
/// file that exists; anything else ends the run with nothing written.
fn consent(plan: &Plan, overwrite: Overwrite, prompter: &mut dyn Prompter) -> Result<Overwrite> {
    if overwrite == Overwrite::Replace {
        return Ok(Overwrite::Replace);
    }
    let existing: Vec<PathBuf> = plan.replaced().map(PathBuf::from).collect();
    for path in &existing {
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

fn summary(heading: &str, config: &GenerateConfig, plan: &Plan) -> String {
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
        let state = match file.outcome() {
            Outcome::Created => "new file",
            Outcome::Replaced => "replaces an existing file",
            Outcome::Unchanged => "unchanged",
        };
        out.push_str(&format!("\n  {label:<8} {} ({state})", file.path.display()));
    }
    out
}

fn dry_run_report(plan: &Plan) -> String {
    let mut report = String::new();
    for file in &plan.files {
        let path = file.path.display();
        let bytes = file.contents.len();
        report.push_str(&match file.outcome() {
            Outcome::Created => format!("would create {path} ({bytes} bytes)\n"),
            Outcome::Replaced => format!("would replace {path} ({bytes} bytes)\n"),
            Outcome::Unchanged => format!("would leave {path} unchanged ({bytes} bytes)\n"),
        });
    }
    report
}
