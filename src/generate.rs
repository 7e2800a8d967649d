//! `agentgen new`: one role, one agent; and the delivery steps it shares
//! with `agentgen kit`.
//!
//! The steps, in order, each able to stop the run before anything is
//! written: find the role; read every answers file and flag; check every
//! given answer; ask or default what is still open; render the agent; let
//! the target serialize and check it; plan the files (the agent and, with
//! `--save-answers`, the answers), refusing to replace an existing one
//! without `--force` or a "yes" at the prompt; and only then write them, or
//! print the agent.

use std::path::PathBuf;

use crate::agent::{self, Agent};
use crate::answers;
use crate::catalog::Catalog;
use crate::config::{Action, Colors, Destination, GenerateConfig, Input, NewConfig};
use crate::error::{Error, Result};
use crate::output::{self, Console, Outcome, Overwrite, Plan};
use crate::prompt::terminal::{self, Terminal};
use crate::prompt::{AcceptDefaults, Confirm, NoPrompt, Prompter};
use crate::render::Renderer;
use crate::role::Role;
use crate::target::{Overrides, Rendered, Target};

pub fn run(config: &NewConfig, catalog: &Catalog, console: &Console) -> Result<()> {
    let generate = &config.generate;
    let role = Role::load(catalog, &config.role)?;
    let sets: Vec<_> = generate
        .sets
        .iter()
        .map(|(_, given)| given.clone())
        .collect();
    let (given, overrides) =
        answers::read_all(&generate.answer_files, &sets, config.name.as_deref())?;
    let renderer = Renderer::new(catalog.clone());
    let mut prompter = prompter(generate);
    if generate.input == Input::Prompt {
        console.note(&format!(
            "New {} agent: {}\nEnter accepts a default; Esc or Ctrl-C cancels, and nothing is written until the end.",
            role.name, role.summary
        ));
    }
    let gathered = answers::gather(&role, &given, prompter.as_mut(), &renderer)?;
    for warning in &gathered.warnings {
        console.warn(warning);
    }
    let agent = agent::build(&role, &gathered, &renderer, catalog)?;
    let mut files = Vec::new();
    let mut printed = None;
    for (target, rendered) in render_all(&agent, generate, &overrides)? {
        for note in &rendered.notes {
            console.note(&format!("{}: {note}", target.id()));
        }
        match generate.destination.dir(target) {
            Some(dir) => files.push((dir.join(target.file_name(&agent.name)), rendered.text)),
            None => printed = Some(rendered.text),
        }
    }
    if let Some(path) = &generate.save_answers {
        files.push((
            path.clone(),
            answers::saved_file(&role, &gathered, &overrides),
        ));
    }
    let plan = output::plan(files)?;
    let heading = format!("Ready to write the agent '{}':", agent.name);
    deliver(&plan, generate, prompter.as_mut(), console, &heading)?;
    if let (Some(text), Action::Write(_)) = (printed, generate.action) {
        console.out(&text)?;
    }
    Ok(())
}

/// The agent's file for every target, each checked; the first target that
/// cannot take the agent stops the run before anything is written.
pub fn render_all(
    agent: &Agent,
    config: &GenerateConfig,
    overrides: &Overrides,
) -> Result<Vec<(Target, Rendered)>> {
    config
        .targets
        .iter()
        .map(|target| Ok((*target, target.render(agent, overrides)?)))
        .collect()
}

/// Who answers open questions, from the configuration.
pub fn prompter(config: &GenerateConfig) -> Box<dyn Prompter> {
    let terminal = config.terminal.as_ref().map(|settings| {
        terminal::install_interrupt_handler();
        Terminal::new(settings.colors == Colors::Auto, settings.editor.clone())
    });
    match (config.input, terminal) {
        (Input::Prompt, Some(terminal)) => Box::new(terminal),
        (Input::Defaults, Some(terminal)) => Box::new(AcceptDefaults(terminal)),
        (Input::Defaults, None) => Box::new(AcceptDefaults(NoPrompt)),
        (Input::Never | Input::Prompt, _) => Box::new(NoPrompt),
    }
}

/// Reports a dry run, or writes the plan after the consent it needs,
/// telling the user what was created and replaced.
pub fn deliver(
    plan: &Plan,
    config: &GenerateConfig,
    prompter: &mut dyn Prompter,
    console: &Console,
    heading: &str,
) -> Result<()> {
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
