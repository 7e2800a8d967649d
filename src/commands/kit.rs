//! `agentgen kit`: a team of agents, all or nothing.
//!
//! Reads the user's answers for the kit, has [`pipeline::kit`] make the
//! team's batch, and delivers it. With `--plugin DIR` the team is written
//! as a Claude Code plugin, with its manifest and README.

use std::path::Path;

use crate::answers::sources::{KitKeys, Shape};
use crate::answers::{Given, UserAnswers, saved};
use crate::catalog::Catalog;
use crate::config::KitConfig;
use crate::error::{Error, Origin, Problem, Result};
use crate::kit::Kit;
use crate::output::{self, Console};
use crate::pipeline::record::{Owned, Recording, kit_entry};
use crate::pipeline::{self, kit::Keys};
use crate::plugin;
use crate::project::manifest::{Entry, Section};
use crate::project::reconcile::ConflictStyle;
use crate::prompt::CustomiseOnce;

use super::rescue::Rescue;

pub fn run(config: &KitConfig, catalog: &Catalog, console: &Console) -> Result<()> {
    let generate = &config.generate;
    // The user named DIR, but not what is inside it: a link there leading
    // out of DIR is refused as at `.claude/agents`, before anything is asked.
    if let Some(dir) = &config.plugin {
        for rel in ["agents", ".claude-plugin"] {
            output::check_project_folder(dir, Path::new(rel))?;
        }
    }
    let kit = Kit::load(catalog, &config.kit).map_err(|e| super::other_command(e, catalog))?;
    kit.check_names()?;
    let mut shared_role = kit.as_role();
    if config.plugin.is_some() {
        shared_role
            .questions
            .extend(plugin::questions(catalog, &kit)?);
    }
    let keys = Keys {
        kit: &kit,
        shared: &shared_role,
    };
    let mut recording = match &generate.project {
        Some(project) => Some(Recording::open(
            project,
            ConflictStyle::Inline,
            generate.manifest.clone(),
        )?),
        None => None,
    };
    let entry_name = match &recording {
        Some(r) if Path::new(&config.kit).is_file() => r.project.relative(Path::new(&config.kit)),
        _ => config.kit.clone(),
    };
    // The manifest's answers for this kit come first, under the user's.
    let mut sources = Vec::new();
    let manifest_path = generate.project.as_ref().map(|p| p.manifest_path());
    if let (Some(r), Some(path)) = (&recording, &manifest_path)
        && let Some(entry) = r.manifest.get(Section::Kits, &entry_name)
    {
        sources.push((path.as_path(), manifest_answers(entry, path)));
    }
    let read: Vec<_> = (generate.answer_files.iter())
        .map(|f| Ok((f.as_path(), crate::answers::read_file(f)?)))
        .collect::<Result<_>>()?;
    sources.extend(read);
    let (user, mut problems) =
        UserAnswers::collect(sources, &generate.sets, None, Shape::Kit(&keys));
    // Every problem under `agents:` at once, not the first member's only.
    problems.extend(member_problems(&kit, &user));
    if !problems.is_empty() {
        return Err(Error::InvalidAnswers { problems });
    }
    let mut prompter = CustomiseOnce::new(generate.prompter());
    if generate.interactive() {
        let names = keys.members();
        console.note(&format!(
            "The {} kit: {}\nAgents: {}.\nShared answers come first, then each agent's own; Esc or Ctrl-C cancels, and nothing is written until the end.",
            kit.name,
            kit.summary,
            names.join(", ")
        ));
    }
    let mut batch = pipeline::kit::batch(
        &kit,
        &shared_role,
        &user,
        &generate.targets,
        &generate.destination,
    )?;
    batch.detected = pipeline::detected(generate.detect.as_deref());
    let interactive = generate.interactive();
    let mut produced = pipeline::produce(&batch, &mut prompter, catalog, console, interactive)?;
    let mut owned = Owned::default();
    let mut files = match &mut recording {
        Some(recording) => {
            let key = format!("kits/{entry_name}");
            let files = recording.settle(&mut produced, catalog, |_| key.clone(), &mut owned);
            let shared = produced.shared.as_ref().expect("a kit has shared answers");
            let entry = kit_entry(entry_name.clone(), shared, &produced.agents, &user);
            recording.enter(Entry {
                targets: Some(generate.targets.clone()),
                ..entry
            });
            recording.use_templates(&generate.templates);
            files
        }
        None => produced.files(),
    };
    if let Some(recording) = &recording {
        files.extend(recording.files(&mut owned));
    }
    let shared = produced.shared.as_ref().expect("a kit has shared answers");
    if config.plugin.is_some() {
        plugin_agents(&mut files, console);
    }
    let mut market_file = None;
    if let Some(dir) = &config.plugin {
        let manifest = plugin::manifest(&shared.answers);
        files.push((dir.join(".claude-plugin/plugin.json"), manifest));
        let readme = plugin::readme(&kit, &shared.answers, &produced.agents);
        files.push((dir.join("README.md"), readme));
        files.push((dir.join("LICENSE"), plugin::license(&shared.answers)));
        if let Some(market) = &config.marketplace {
            let path = market.join(".claude-plugin/marketplace.json");
            let existing = match std::fs::read_to_string(&path) {
                Ok(text) => Some(text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(crate::error::Error::io("read", &path, e)),
            };
            let source = dir.strip_prefix(market).unwrap_or(dir);
            let text = plugin::marketplace(existing.as_deref(), market, source, &shared.answers)?;
            // An existing marketplace is extended, not replaced: it is
            // written after the plugin, and only if the plugin was.
            match existing {
                Some(_) => market_file = Some((path, text)),
                None => files.push((path, text)),
            }
        }
    }
    let agents: Vec<_> = (produced.agents.iter())
        .map(|a| (a.name.as_str(), &a.gathered, &a.overrides))
        .collect();
    let answers = saved::kit_file(&kit, &shared_role, shared, &agents, &user);
    if let Some(path) = &generate.save_answers {
        files.push((path.clone(), answers.clone()));
    }
    let heading = format!(
        "Ready to write the {} kit ({} agents):",
        kit.name,
        produced.agents.len()
    );
    let rescue = Rescue {
        answers,
        replay: format!("agentgen kit {}", config.kit),
        stem: &kit.name,
    };
    let delivered = output::plan(files).and_then(|plan| {
        let name = Some(kit.name.as_str());
        pipeline::deliver(
            &plan,
            generate,
            &mut prompter,
            console,
            &heading,
            name,
            &owned,
        )
    });
    match delivered {
        Err(failure) if generate.interactive() => {
            return Err(rescue.offer(failure, &mut prompter, console));
        }
        other => other?,
    }
    if let Some((path, text)) = market_file {
        if let crate::config::Action::Write(_) = generate.action {
            let plan = output::plan(vec![(path.clone(), text)])?;
            output::write(&plan, output::Overwrite::Replace)?;
            console.note(&format!("updated {}", path.display()));
        }
    }
    Ok(())
}

/// A manifest kit entry's answers, placed at its line.
fn manifest_answers(entry: &Entry, path: &Path) -> Vec<Given> {
    let origin = Origin::File {
        path: path.to_owned(),
        line: Some(entry.line),
    };
    (entry.answers.iter())
        .map(|(key, raw)| Given::new(key.clone(), raw.clone(), origin.clone()))
        .collect()
}

/// A plugin's agents lose the fields Claude Code ignores there; the run
/// says which, once, naming the agents.
fn plugin_agents(files: &mut [(std::path::PathBuf, String)], console: &Console) {
    let mut dropped: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for (path, text) in files.iter_mut() {
        let (new_text, fields) = plugin::without_ignored(text);
        if fields.is_empty() {
            continue;
        }
        *text = new_text;
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        match dropped.iter_mut().find(|(f, _)| *f == fields) {
            Some((_, names)) => names.extend(name),
            None => dropped.push((fields, name.into_iter().collect())),
        }
    }
    for (fields, names) in dropped {
        console.note(&format!(
            "claude: {} left out: Claude Code ignores them in a plugin's agents ({})",
            fields.join(", "),
            names.join(", ")
        ));
    }
}

/// The problems in each member's own answers (`agents.NAME`), checked
/// against its role before anything is asked.
fn member_problems(kit: &Kit, user: &UserAnswers) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (member, role) in kit.members() {
        let name = member.agent_name();
        let Some(own) = user.agents.get(name) else {
            continue;
        };
        for mut problem in crate::answers::gather::problems(role, own) {
            problem.key = format!("agents.{name}.{}", problem.key);
            problems.push(problem);
        }
    }
    problems
}
