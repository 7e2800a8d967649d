//! `agentgen new`: one role, one agent.
//!
//! Builds a batch of one request from the user's answers, runs it through
//! the pipeline, adds the saved answers file when asked for, and writes
//! the files or prints the agent.

use crate::answers::sources::Shape;
use crate::answers::{UserAnswers, saved};
use crate::catalog::Catalog;
use crate::config::{Action, NewConfig};
use crate::error::Result;
use crate::output::{self, Console};
use crate::pipeline::{self, Batch, Request};
use crate::role::Role;

use super::existing::{self, Choice};
use super::rescue::Rescue;
use super::review;
use crate::prompt::approved::Approved;

pub fn run(config: &NewConfig, catalog: &Catalog, console: &Console) -> Result<()> {
    let generate = &config.generate;
    let role = Role::load(catalog, &config.role).map_err(|e| super::other_command(e, catalog))?;
    let user = UserAnswers::read(
        &generate.answer_files,
        &generate.sets,
        config.name.as_deref(),
        Shape::Single,
    )?;
    let mut prompter = generate.prompter();
    if generate.interactive() {
        console.note(&format!(
            "New {} agent: {}\nEnter accepts a default; Esc goes back one question; Ctrl-C cancels, and nothing is written until the end.",
            role.name, role.summary
        ));
    }
    let mut given = user.shared;
    if let Choice::Overwrite(paths) =
        existing::before_questions(&role, &mut given, generate, prompter.as_mut())?
    {
        prompter = Box::new(Approved::new(prompter, paths));
    }
    let interactive = generate.interactive();
    let mut editing = false;
    let mut produced = loop {
        let batch = Batch {
            shared: None,
            requests: vec![Request {
                role: &role,
                label: None,
                fixed: Vec::new(),
                given: given.clone(),
                overrides: user.shared_targets.clone(),
                targets: generate.targets.clone(),
                destination: generate.destination.clone(),
            }],
        };
        let produced = match editing {
            // An edited advanced question is asked without asking first
            // whether to answer the advanced questions.
            true => {
                let mut asker = review::Editing(prompter.as_mut());
                pipeline::produce(&batch, &mut asker, catalog, console, interactive)?
            }
            false => pipeline::produce(&batch, prompter.as_mut(), catalog, console, interactive)?,
        };
        if !interactive {
            break produced;
        }
        let agent = &produced.agents[0];
        match review::review(&role, &agent.gathered, prompter.as_mut(), console)? {
            review::Choice::Write => break produced,
            review::Choice::Edit(answers) => (given, editing) = (answers, true),
            review::Choice::SaveAndQuit => {
                let rescue = Rescue {
                    answers: saved::saved_file(&role, &agent.gathered, &agent.overrides),
                    replay: format!("agentgen new {}", role.name),
                    stem: &agent.name,
                };
                return rescue.save_to_file(prompter.as_mut(), console);
            }
        }
    };
    let printed = produced.printed().map(str::to_owned);
    let mut files = produced.files();
    let agent = &produced.agents[0];
    if let Some(path) = &generate.save_answers {
        let text = saved::saved_file(&role, &agent.gathered, &agent.overrides);
        files.push((path.clone(), text));
    }
    let heading = format!("Ready to write the agent '{}':", agent.name);
    let delivered = output::plan(files).and_then(|plan| {
        pipeline::deliver(&plan, generate, prompter.as_mut(), console, &heading, None)
    });
    if let Err(failure) = delivered {
        if !generate.interactive() {
            return Err(failure);
        }
        let rescue = Rescue {
            answers: saved::saved_file(&role, &agent.gathered, &agent.overrides),
            replay: format!("agentgen new {}", role.name),
            stem: &agent.name,
        };
        return Err(rescue.offer(failure, prompter.as_mut(), console));
    }
    if let (Some(text), Action::Write(_)) = (printed, generate.action) {
        console.out(&text)?;
    }
    Ok(())
}
