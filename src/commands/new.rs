//! `agentgen new`: one role, one agent.
//!
//! Builds a batch of one request from the user's answers (over the
//! manifest's answers for this agent, when the project already has it),
//! checks for an existing file before the first question, runs the batch
//! through the pipeline (reviewed before writing when a person answers),
//! records the agent in the project when the files go to the project's own
//! folders, adds the saved answers file when asked for, and writes the
//! files or prints the agent. A late failure in a terminal offers to save
//! the answers.

use std::path::PathBuf;

use crate::answers::sources::Shape;
use crate::answers::{Given, GivenAnswers, UserAnswers, saved};
use crate::catalog::Catalog;
use crate::config::{Action, GenerateConfig, NewConfig};
use crate::error::{Origin, Result};
use crate::output::{self, Console};
use crate::pipeline::record::{Owned, Recording, recorded};
use crate::pipeline::{self, Agent, Batch, Produced, Request};
use crate::project::manifest::{Entry, Section};
use crate::project::reconcile::ConflictStyle;
use crate::prompt::approved::Approved;
use crate::prompt::{CustomiseOnce, Prompter};
use crate::role::Role;
use crate::target::Overrides;
use crate::value::Raw;

use super::existing::{self, Choice};
use super::json::Json;
use super::rescue::Rescue;
use super::review::{self, Reviewed};

pub fn run(config: &NewConfig, catalog: &Catalog, console: &Console) -> Result<()> {
    let generate = &config.generate;
    let role = Role::load(catalog, &config.role).map_err(|e| super::other_command(e, catalog))?;
    let user = UserAnswers::read(
        &generate.answer_files,
        &generate.sets,
        config.name.as_deref(),
        Shape::Single,
    )?;
    let mut recording = open_recording(generate)?;
    let mut prompter = generate.prompter();
    if generate.interactive() {
        console.note(&format!(
            "New {} agent: {}\nEnter accepts a default; Esc goes back one question; Ctrl-C cancels, and nothing is written until the end.",
            role.name, role.summary
        ));
    }
    let mut given = GivenAnswers::default();
    if let Some(recording) = &recording {
        given.layer(from_manifest(recording, &role, &user));
    }
    given.layer(user.shared.iter().cloned());
    let owned_paths = recording
        .as_ref()
        .map(|r| r.owned_paths())
        .unwrap_or_default();
    if let Choice::Overwrite(paths) =
        existing::before_questions(&role, &mut given, generate, prompter.as_mut(), &owned_paths)?
    {
        prompter = Box::new(Approved::new(prompter, paths));
    }
    let Some(mut produced) = produce_reviewed(
        &role,
        given,
        &user.shared_targets,
        generate,
        prompter.as_mut(),
        catalog,
        console,
    )?
    else {
        return Ok(());
    };
    let printed = produced.printed().map(str::to_owned);
    let mut owned = Owned::default();
    let files = files_to_write(
        recording.as_mut(),
        &mut produced,
        &role,
        generate,
        catalog,
        &mut owned,
    );
    let json = Json::of(&produced, generate);
    let agent = &produced.agents[0];
    let heading = format!("Ready to write the agent '{}':", agent.name);
    let delivered = output::plan(files).and_then(|plan| {
        let prompter = prompter.as_mut();
        Json::around(json, &plan, &owned, console, || {
            pipeline::deliver(&plan, generate, prompter, console, &heading, None, &owned)
        })
    });
    if let Err(failure) = delivered {
        if !generate.interactive() {
            return Err(failure);
        }
        return Err(rescue(&role, agent).offer(failure, prompter.as_mut(), console));
    }
    if let (Some(text), Action::Write(_)) = (printed, generate.action) {
        console.out(&text)?;
    }
    Ok(())
}

/// The project's manifest and lock, opened when the files go to the
/// project's own folders.
fn open_recording(generate: &GenerateConfig) -> Result<Option<Recording<'_>>> {
    match &generate.project {
        Some(project) => {
            let manifest = generate.manifest.clone();
            Ok(Some(Recording::open(
                project,
                ConflictStyle::Inline,
                manifest,
            )?))
        }
        None => Ok(None),
    }
}

/// Every file the run writes: the agent's files (settled against the
/// project when it is recorded there, with the manifest and lock), then
/// the saved answers file when asked for.
fn files_to_write(
    recording: Option<&mut Recording<'_>>,
    produced: &mut Produced,
    role: &Role,
    generate: &GenerateConfig,
    catalog: &Catalog,
    owned: &mut Owned,
) -> Vec<(PathBuf, String)> {
    let mut files = match recording {
        Some(recording) => {
            let entry = |a: &Agent| format!("agents/{}", a.name);
            let mut files = recording.settle(produced, catalog, entry, owned);
            let agent = &produced.agents[0];
            recording.enter(Entry {
                section: Section::Agents,
                name: agent.name.clone(),
                role: Some(role.name.clone()),
                targets: Some(generate.targets.clone()),
                answers: recorded(&agent.gathered, &agent.overrides),
                line: 0,
            });
            recording.use_templates(&generate.templates);
            recording.note_inputs(Section::Agents, &agent.name, catalog, &produced.detected);
            files.extend(recording.files(owned));
            files
        }
        None => produced.files(),
    };
    if let Some(path) = &generate.save_answers {
        let agent = &produced.agents[0];
        let text = saved::saved_file(role, &agent.gathered, &agent.overrides);
        files.push((path.clone(), text));
    }
    files
}

/// The agent's answers gathered and rendered and, in a prompted run,
/// reviewed until the person chooses to write; `None` when they saved the
/// answers and quit instead.
fn produce_reviewed(
    role: &Role,
    given: GivenAnswers,
    targets: &Overrides,
    generate: &GenerateConfig,
    prompter: &mut dyn Prompter,
    catalog: &Catalog,
    console: &Console,
) -> Result<Option<Produced>> {
    let interactive = generate.interactive();
    let detected = pipeline::detected(generate.detect.as_deref());
    let batch = || Batch {
        shared: None,
        requests: vec![Request {
            role,
            label: None,
            fixed: Vec::new(),
            given: given.clone(),
            overrides: targets.clone(),
            targets: generate.targets.clone(),
            destination: generate.destination.clone(),
        }],
        team: Vec::new(),
        detected: detected.clone(),
    };
    // The review's edits go by the first answer to "advanced questions too?".
    let mut prompter = CustomiseOnce::new(prompter);
    let produced = pipeline::produce(&batch(), &mut prompter, catalog, console, interactive)?;
    if !interactive {
        return Ok(Some(produced));
    }
    match review::solo(role, produced, &batch, &mut prompter, catalog, console)? {
        Reviewed::Write(produced) => Ok(Some(produced)),
        Reviewed::SaveAndQuit(produced) => {
            rescue(role, &produced.agents[0]).save_to_file(&mut prompter, console)?;
            Ok(None)
        }
    }
}

/// What a failed or quit session can still save: the answers, replayable.
fn rescue<'a>(role: &Role, agent: &'a Agent) -> Rescue<'a> {
    Rescue {
        answers: saved::saved_file(role, &agent.gathered, &agent.overrides),
        replay: format!("agentgen new {}", role.name),
        stem: &agent.name,
    }
}

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
