//! `agentgen kit`: a team of agents, all or nothing.
//!
//! Reads the user's answers for the kit, has [`pipeline::kit`] make the
//! team's batch, and delivers it. In a terminal, the team's existing files
//! are settled before the first question, every answer is reviewed before
//! writing, and a late failure offers to save the answers (the helpers
//! beside this file, shared with `new`). With `--plugin DIR` the team is
//! written as a Claude Code plugin, with its manifest and README.

use std::path::{Path, PathBuf};

use crate::answers::gather::Gathered;
use crate::answers::sources::{KitKeys, Shape};
use crate::answers::{Given, UserAnswers, saved};
use crate::catalog::Catalog;
use crate::config::{GenerateConfig, KitConfig};
use crate::error::{Error, Origin, Problem, Result};
use crate::kit::Kit;
use crate::output::{self, Console};
use crate::pipeline::record::{Owned, Recording, kit_entry};
use crate::pipeline::{self, Agent, Produced, kit::Keys};
use crate::plugin;
use crate::project::manifest::{Entry, Section};
use crate::project::reconcile::ConflictStyle;
use crate::prompt::approved::Approved;
use crate::prompt::{CustomiseOnce, Prompter};
use crate::role::Role;

use super::existing::{self, Choice};
use super::json::Json;
use super::rescue::Rescue;
use super::review::{self, Reviewed};

pub fn run(config: &KitConfig, catalog: &Catalog, console: &Console) -> Result<()> {
    let generate = &config.generate;
    check_plugin_folders(config)?;
    let kit = Kit::load(catalog, &config.kit).map_err(|e| super::other_command(e, catalog))?;
    kit.check_names()?;
    let shared_role = shared_role(config, catalog, &kit)?;
    let keys = Keys {
        kit: &kit,
        shared: &shared_role,
    };
    let mut recording = open_recording(generate)?;
    let entry_name = match &recording {
        Some(r) if Path::new(&config.kit).is_file() => r.project.relative(Path::new(&config.kit)),
        _ => config.kit.clone(),
    };
    let user = read_user(generate, recording.as_ref(), &entry_name, &keys)?;
    if generate.interactive() {
        introduce(&keys, console);
    }
    let mut prompter = team_prompter(&keys, generate, recording.as_ref(), console)?;
    let Some(mut produced) =
        produce_reviewed(config, &keys, &user, prompter.as_mut(), catalog, console)?
    else {
        return Ok(());
    };
    let mut owned = Owned::default();
    let mut files = match recording.as_mut() {
        Some(recording) => record(
            recording,
            &mut produced,
            catalog,
            &entry_name,
            &user,
            generate,
            &mut owned,
        ),
        None => produced.files(),
    };
    let mut json = Json::of(&produced, generate);
    let shared = produced.shared.as_ref().expect("a kit has shared answers");
    let agents = &produced.agents;
    let market_file = plugin_files(config, &kit, shared, agents, &mut files, console, &mut json)?;
    if let (Some(json), Some((path, _))) = (json.as_mut(), &market_file) {
        json.after(path.clone(), "updated");
    }
    let agents: Vec<_> = (produced.agents.iter())
        .map(|a| (a.name.as_str(), &a.gathered, &a.overrides))
        .collect();
    let answers = saved::kit_file(&kit, &shared_role, shared, &agents, &user);
    if let Some(path) = &generate.save_answers {
        files.push((path.clone(), answers.clone()));
    }
    let mut files: Vec<_> = (files.into_iter())
        .map(|(path, text)| (path, text.into_bytes()))
        .collect();
    // A plugin's icon: the user's, the built-in one, or the one already
    // in its folder, kept.
    let icon = config.plugin.as_deref();
    files.extend(icon.and_then(|dir| plugin::icon(dir, config.plugin_icon.as_deref())));
    let delivery = Delivery {
        heading: format!(
            "Ready to write the {} kit ({} agents):",
            kit.name,
            produced.agents.len()
        ),
        rescue: Rescue {
            answers,
            replay: format!("agentgen kit {}", config.kit),
            stem: &kit.name,
        },
        owned: &owned,
        json,
    };
    deliver(files, generate, delivery, prompter.as_mut(), console)?;
    if let Some((path, text)) = market_file {
        update_marketplace(generate, path, text, console)?;
    }
    Ok(())
}

/// The prompter of a kit run: the advanced questions offered once for the
/// team and, in a terminal, the team's existing files settled before the
/// first question (the consent before writing does not ask again about
/// those the person chose to overwrite).
fn team_prompter(
    keys: &Keys<'_>,
    generate: &GenerateConfig,
    recording: Option<&Recording<'_>>,
    console: &Console,
) -> Result<Box<dyn Prompter>> {
    let mut prompter: Box<dyn Prompter> = Box::new(CustomiseOnce::new(generate.prompter()));
    let owned = recording.map(|r| r.owned_paths()).unwrap_or_default();
    let names = keys.members();
    if let Choice::Overwrite(paths) =
        existing::before_team(&names, generate, prompter.as_mut(), &owned, console)?
    {
        prompter = Box::new(Approved::new(prompter, paths));
    }
    Ok(prompter)
}

/// The team's answers gathered and rendered and, in a prompted run,
/// reviewed until the person chooses to write; `None` when they saved the
/// answers and quit instead.
fn produce_reviewed(
    config: &KitConfig,
    keys: &Keys<'_>,
    user: &UserAnswers,
    prompter: &mut dyn Prompter,
    catalog: &Catalog,
    console: &Console,
) -> Result<Option<Produced>> {
    let generate = &config.generate;
    let detected = pipeline::detected(generate.detect.as_deref());
    let batch = || {
        let mut batch = pipeline::kit::batch(
            keys.kit,
            keys.shared,
            user,
            &generate.targets,
            &generate.destination,
        )?;
        batch.detected = detected.clone();
        Ok(batch)
    };
    let interactive = generate.interactive();
    let produced = pipeline::produce(&batch()?, prompter, catalog, console, interactive)?;
    if !interactive {
        return Ok(Some(produced));
    }
    match review::team(
        keys.kit,
        keys.shared,
        produced,
        &batch,
        prompter,
        catalog,
        console,
    )? {
        Reviewed::Write(produced) => Ok(Some(produced)),
        Reviewed::SaveAndQuit(produced) => {
            let shared = produced.shared.as_ref().expect("a kit has shared answers");
            let agents: Vec<_> = (produced.agents.iter())
                .map(|a| (a.name.as_str(), &a.gathered, &a.overrides))
                .collect();
            let rescue = Rescue {
                answers: saved::kit_file(keys.kit, keys.shared, shared, &agents, user),
                replay: format!("agentgen kit {}", config.kit),
                stem: &keys.kit.name,
            };
            rescue.save_to_file(prompter, console)?;
            Ok(None)
        }
    }
}

/// The user named DIR, but not what is inside it: a link there leading
/// out of DIR is refused as at `.claude/agents`, before anything is asked.
fn check_plugin_folders(config: &KitConfig) -> Result<()> {
    if let Some(dir) = &config.plugin {
        for rel in ["agents", ".claude-plugin"] {
            output::check_project_folder(dir, Path::new(rel))?;
        }
    }
    Ok(())
}

/// The kit's shared questions, with the plugin's own when the team is
/// written as a plugin.
fn shared_role(config: &KitConfig, catalog: &Catalog, kit: &Kit) -> Result<Role> {
    let mut shared_role = kit.as_role();
    if config.plugin.is_some() {
        shared_role
            .questions
            .extend(plugin::questions(catalog, kit)?);
    }
    Ok(shared_role)
}

/// What a person answering is told first: the kit, its agents, and how
/// the questions go.
fn introduce(keys: &Keys<'_>, console: &Console) {
    let kit = keys.kit;
    console.note(&format!(
        "The {} kit: {}\nAgents: {}.\nShared answers come first, then each agent's own, then all of them to review; Esc goes back one question; Ctrl-C cancels, and nothing is written until the end.",
        kit.name,
        kit.summary,
        keys.members().join(", ")
    ));
}

/// The project's manifest and lock, opened when the files go to the
/// project's own folders.
fn open_recording(generate: &GenerateConfig) -> Result<Option<Recording<'_>>> {
    match &generate.project {
        Some(project) => Ok(Some(Recording::open(
            project,
            ConflictStyle::Inline,
            generate.manifest.clone(),
        )?)),
        None => Ok(None),
    }
}

/// Everything the user gave for the kit, over the manifest's answers for
/// it; every problem at once (the members' own answers too), before
/// anything is asked.
fn read_user(
    generate: &GenerateConfig,
    recording: Option<&Recording<'_>>,
    entry_name: &str,
    keys: &Keys<'_>,
) -> Result<UserAnswers> {
    // The manifest's answers for this kit come first, under the user's.
    let mut sources = Vec::new();
    let manifest_path = generate.project.as_ref().map(|p| p.manifest_path());
    if let (Some(r), Some(path)) = (recording, &manifest_path)
        && let Some(entry) = r.manifest.get(Section::Kits, entry_name)
    {
        sources.push((path.as_path(), manifest_answers(entry, path)));
    }
    let read: Vec<_> = (generate.answer_files.iter())
        .map(|f| Ok((f.as_path(), crate::answers::read_file(f)?)))
        .collect::<Result<_>>()?;
    sources.extend(read);
    let (user, mut problems) =
        UserAnswers::collect(sources, &generate.sets, None, Shape::Kit(keys));
    // Every problem under `agents:` at once, not the first member's only.
    problems.extend(member_problems(keys.kit, &user));
    if !problems.is_empty() {
        return Err(Error::InvalidAnswers { problems });
    }
    Ok(user)
}

/// The team's files settled against the project, with the kit entered in
/// the manifest and the manifest and lock added.
fn record(
    recording: &mut Recording<'_>,
    produced: &mut Produced,
    catalog: &Catalog,
    entry_name: &str,
    user: &UserAnswers,
    generate: &GenerateConfig,
    owned: &mut Owned,
) -> Vec<(PathBuf, String)> {
    let key = format!("kits/{entry_name}");
    let mut files = recording.settle(produced, catalog, |_| key.clone(), owned);
    let shared = produced.shared.as_ref().expect("a kit has shared answers");
    let entry = kit_entry(entry_name.to_owned(), shared, &produced.agents, user);
    recording.enter(Entry {
        targets: Some(generate.targets.clone()),
        ..entry
    });
    recording.use_templates(&generate.templates);
    recording.note_inputs(Section::Kits, entry_name, catalog, &produced.detected);
    files.extend(recording.files(owned));
    files
}

/// With `--plugin DIR`: the agents without the fields a plugin ignores,
/// and the plugin's manifest, README and licence, plus the marketplace
/// with `--marketplace`. A marketplace that already exists is returned to
/// be written after everything else, not added to `files`.
fn plugin_files(
    config: &KitConfig,
    kit: &Kit,
    shared: &Gathered,
    agents: &[Agent],
    files: &mut Vec<(PathBuf, String)>,
    console: &Console,
    json: &mut Option<Json>,
) -> Result<Option<(PathBuf, String)>> {
    let Some(dir) = &config.plugin else {
        return Ok(None);
    };
    plugin_agents(files, console, json);
    let manifest = plugin::manifest(&shared.answers);
    files.push((dir.join(".claude-plugin/plugin.json"), manifest));
    let readme = plugin::readme(kit, &shared.answers, agents);
    files.push((dir.join("README.md"), readme));
    files.push((dir.join("LICENSE"), plugin::license(&shared.answers)));
    let Some(market) = &config.marketplace else {
        return Ok(None);
    };
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
        Some(_) => Ok(Some((path, text))),
        None => {
            files.push((path, text));
            Ok(None)
        }
    }
}

/// Plans and delivers the team's files; a failure in a terminal offers to
/// save the answers (`rescue`, whose stem is the kit's name).
fn deliver(
    files: Vec<(PathBuf, Vec<u8>)>,
    generate: &GenerateConfig,
    delivery: Delivery<'_>,
    prompter: &mut dyn Prompter,
    console: &Console,
) -> Result<()> {
    let Delivery {
        heading,
        rescue,
        owned,
        json,
    } = delivery;
    let delivered = output::plan_bytes(files).and_then(|plan| {
        let name = Some(rescue.stem);
        Json::around(json, &plan, owned, console, || {
            pipeline::deliver(&plan, generate, prompter, console, &heading, name, owned)
        })
    });
    match delivered {
        Err(failure) if generate.interactive() => Err(rescue.offer(failure, prompter, console)),
        other => other,
    }
}

/// What delivering the team needs besides its files: the consent's
/// heading, the answers to offer on a late failure, the files agentgen
/// owns, and the `--json` report when asked for.
struct Delivery<'a> {
    heading: String,
    rescue: Rescue<'a>,
    owned: &'a Owned,
    json: Option<Json>,
}

/// Writes the extended marketplace once the plugin is written (never in a
/// dry run or a print).
fn update_marketplace(
    generate: &GenerateConfig,
    path: PathBuf,
    text: String,
    console: &Console,
) -> Result<()> {
    if let crate::config::Action::Write(_) = generate.action {
        let plan = output::plan(vec![(path.clone(), text)])?;
        output::write(&plan, output::Overwrite::Replace)?;
        console.note(&format!("updated {}", path.display()));
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
/// says which, once, naming the agents (and `--json` lists each agent's).
fn plugin_agents(files: &mut [(PathBuf, String)], console: &Console, json: &mut Option<Json>) {
    let mut dropped: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for (path, text) in files.iter_mut() {
        let (new_text, fields) = plugin::without_ignored(text);
        if fields.is_empty() {
            continue;
        }
        *text = new_text;
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        if let (Some(json), Some(name)) = (json.as_mut(), &name) {
            json.plugin_dropped(name, &fields);
        }
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
