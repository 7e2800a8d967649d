//! `agentgen new`: one role, one agent.
//!
//! Builds a batch of one request from the user's answers (over the
//! manifest's answers for this agent, when the project already has it),
//! runs it through the pipeline, records the agent in the project when the
//! files go to the project's own folders, adds the saved answers file when
//! asked for, and writes the files or prints the agent.

use crate::answers::sources::Shape;
use crate::answers::{Given, GivenAnswers, UserAnswers, saved};
use crate::catalog::Catalog;
use crate::config::{Action, NewConfig};
use crate::error::{Origin, Result};
use crate::output::{self, Console};
use crate::pipeline::record::{Owned, Recording, recorded};
use crate::pipeline::{self, Batch, Request};
use crate::project::manifest::{Entry, Section};
use crate::project::reconcile::ConflictStyle;
use crate::role::Role;
use crate::value::Raw;

pub fn run(config: &NewConfig, catalog: &Catalog, console: &Console) -> Result<()> {
    let generate = &config.generate;
    let role = Role::load(catalog, &config.role)?;
    let user = UserAnswers::read(
        &generate.answer_files,
        &generate.sets,
        config.name.as_deref(),
        Shape::Single,
    )?;
    let mut recording = match &generate.project {
        Some(project) => Some(Recording::open(
            project,
            ConflictStyle::Inline,
            generate.manifest.clone(),
        )?),
        None => None,
    };
    let mut given = GivenAnswers::default();
    if let Some(recording) = &recording {
        given.layer(from_manifest(recording, &role, &user));
    }
    given.layer(user.shared.iter().cloned());
    let mut prompter = generate.prompter();
    if generate.interactive() {
        console.note(&format!(
            "New {} agent: {}\nEnter accepts a default; Esc or Ctrl-C cancels, and nothing is written until the end.",
            role.name, role.summary
        ));
    }
    let batch = Batch {
        shared: None,
        requests: vec![Request {
            role: &role,
            label: None,
            fixed: Vec::new(),
            given,
            overrides: user.shared_targets,
            targets: generate.targets.clone(),
            destination: generate.destination.clone(),
        }],
        team: Vec::new(),
        detected: pipeline::detected(generate.detect.as_deref()),
    };
    let interactive = generate.interactive();
    let mut produced = pipeline::produce(&batch, prompter.as_mut(), catalog, console, interactive)?;
    let printed = produced.printed().map(str::to_owned);
    let mut owned = Owned::default();
    let mut files = match &mut recording {
        Some(recording) => {
            let entry = |a: &pipeline::Agent| format!("agents/{}", a.name);
            recording.settle(&mut produced, catalog, entry, &mut owned)
        }
        None => produced.files(),
    };
    let agent = &produced.agents[0];
    if let Some(recording) = &mut recording {
        recording.enter(Entry {
            section: Section::Agents,
            name: agent.name.clone(),
            role: Some(role.name.clone()),
            targets: Some(generate.targets.clone()),
            answers: recorded(&agent.gathered, &agent.overrides),
            line: 0,
        });
        recording.use_templates(&generate.templates);
        files.extend(recording.files(&mut owned));
    }
    if let Some(path) = &generate.save_answers {
        let text = saved::saved_file(&role, &agent.gathered, &agent.overrides);
        files.push((path.clone(), text));
    }
    let plan = output::plan(files)?;
    let heading = format!("Ready to write the agent '{}':", agent.name);
    let prompter = prompter.as_mut();
    pipeline::deliver(&plan, generate, prompter, console, &heading, None, &owned)?;
    if let (Some(text), Action::Write(_)) = (printed, generate.action) {
        console.out(&text)?;
    }
    Ok(())
}

/// The manifest's answers for the agent this run makes, under the user's:
/// running `new` again for an agent the project has changes only what the
/// user gives now.
fn from_manifest(recording: &Recording, role: &Role, user: &UserAnswers) -> Vec<Given> {
    let name = match user.shared.get("name").map(|g| &g.raw) {
        Some(Raw::Str(name)) => name.clone(),
        _ => role.name.clone(),
    };
    let manifest = &recording.manifest;
    let Some(entry) = manifest.get(Section::Agents, &name) else {
        return Vec::new();
    };
    if entry.role.as_deref() != Some(role.name.as_str()) {
        return Vec::new();
    }
    let origin = Origin::File {
        path: manifest.path.clone(),
        line: Some(entry.line),
    };
    entry
        .answers
        .iter()
        .filter(|(key, _)| key != crate::answers::TARGETS_KEY)
        .map(|(key, raw)| Given::new(key.clone(), raw.clone(), origin.clone()))
        .collect()
}
