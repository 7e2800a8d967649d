//! `agentgen new`: one role, one agent.
//!
//! The steps, in order, each able to stop the run before anything is
//! written: find the role; read every answers file and flag; check every
//! given answer; ask or default what is still open; render the agent; let the
//! target serialize and check it; plan the file (refusing an existing one
//! without consent); and only then write it, or print it.

use crate::agent;
use crate::answers;
use crate::catalog::Catalog;
use crate::config::{Action, Destination, Input, NewConfig};
use crate::error::Result;
use crate::output::{self, Console};
use crate::prompt::{AcceptDefaults, NoPrompt, Prompter};
use crate::render::Renderer;

pub fn run(config: &NewConfig, catalog: &Catalog, console: &Console) -> Result<()> {
    let role = catalog.role(&config.role)?;
    let given = answers::read_all(&config.answer_files, &config.sets, config.name.as_deref())?;
    let renderer = Renderer::new(catalog.clone());
    let mut prompter: Box<dyn Prompter> = match config.input {
        Input::Never | Input::Prompt => Box::new(NoPrompt),
        Input::Defaults => Box::new(AcceptDefaults(NoPrompt)),
    };
    let gathered = answers::gather(&role, &given, prompter.as_mut(), &renderer)?;
    for warning in &gathered.warnings {
        console.warn(warning);
    }
    let agent = agent::build(&role, &gathered.answers, &renderer, catalog)?;
    let text = config.target.render(&agent)?;
    let dir = match &config.destination {
        Destination::Stdout => return console.out(&text),
        Destination::Folder(dir) => dir,
    };
    let path = dir.join(config.target.file_name(&agent.name));
    match config.action {
        Action::DryRun(overwrite) => {
            let plan = output::plan(vec![(path, text)], overwrite)?;
            let mut report = String::new();
            for file in &plan.files {
                let verb = if file.replaces { "replace" } else { "create" };
                report.push_str(&format!(
                    "would {verb} {} ({} bytes)\n",
                    file.path.display(),
                    file.contents.len()
                ));
            }
            console.out(&report)
        }
        Action::Write(overwrite) => {
            let plan = output::plan(vec![(path, text)], overwrite)?;
            output::write(&plan)?;
            for file in &plan.files {
                let verb = if file.replaces { "replaced" } else { "created" };
                console.note(&format!("{verb} {}", file.path.display()));
            }
            Ok(())
        }
    }
}
