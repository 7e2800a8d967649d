//! `agentgen kit`: a team of agents, all or nothing.
//!
//! The kit's shared questions are gathered once. Each member is then
//! gathered from layered answers, later winning: the kit's shared defaults;
//! the answers the kit fixes for that member; the shared answers the user
//! gave (files, `--set`, prompts); the user's `agents.<name>` answers; and
//! `--set AGENT.KEY=VALUE`. A shared answer reaches every member whose role
//! asks a question of that key. Every agent is rendered in memory and every
//! destination checked (names, duplicates, existing files) before the first
//! file is written; one problem means nothing is written, and every problem
//! is listed. With `--plugin DIR` the team is written as a Claude Code
//! plugin: `.claude-plugin/plugin.json`, `agents/` and a README.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::agent;
use crate::answers::{self, Answers, Gathered, Given, GivenAnswers};
use crate::catalog::Catalog;
use crate::config::{Action, GenerateConfig, Input, KitConfig};
use crate::error::{Error, Origin, Problem, Result};
use crate::generate;
use crate::kit::Kit;
use crate::output::{self, Console, Overwrite};
use crate::prompt::{CustomiseOnce, Prompter};
use crate::question::closest;
use crate::render::Renderer;
use crate::role::{self, Role};
use crate::target::{Overrides, Target};
use crate::value::{Raw, Value};

/// Answers the user gave for a kit: shared keys, and per agent.
#[derive(Default)]
struct UserAnswers {
    shared: GivenAnswers,
    agents: HashMap<String, GivenAnswers>,
    /// `targets:` at the top level, for every agent.
    shared_targets: Overrides,
    /// `agents.<name>.targets`.
    agent_targets: HashMap<String, Overrides>,
}

/// One member, rendered for every target.
struct Member {
    name: String,
    role: String,
    files: Vec<(Target, String)>,
    gathered: Gathered,
    overrides: Overrides,
}

/// A member rendered, with what to tell the user about it.
struct RenderedMember {
    member: Member,
    warnings: Vec<String>,
    /// Target notes, each prefixed with its target.
    notes: Vec<String>,
}

/// What rendering any member needs: the same for every member.
struct Job<'a> {
    kit: &'a Kit,
    shared: &'a Gathered,
    user: &'a UserAnswers,
    renderer: &'a Renderer,
    catalog: &'a Catalog,
    generate: &'a GenerateConfig,
}

impl Job<'_> {
    /// Gathers one member's answers and renders it for every target; a
    /// problem names the member.
    fn render(
        &self,
        member: &crate::kit::Member,
        role: &Role,
        prompter: &mut dyn Prompter,
    ) -> Result<RenderedMember> {
        self.render_member(member, role, prompter)
            .map_err(|e| match e {
                // Already about the whole run, or already names the agent.
                Error::Interrupted | Error::InvalidAgent { .. } => e,
                e => Error::Member {
                    agent: member.agent_name().to_owned(),
                    role: role.name.clone(),
                    source: Box::new(e),
                },
            })
    }

    fn render_member(
        &self,
        member: &crate::kit::Member,
        role: &Role,
        prompter: &mut dyn Prompter,
    ) -> Result<RenderedMember> {
        let name = member.agent_name();
        let given = member_answers(self.kit, member, role, self.shared, self.user);
        let gathered = answers::gather(role, &given, prompter, self.renderer)?;
        let warnings = gathered
            .warnings
            .iter()
            .map(|w| format!("{name}: {w}"))
            .collect();
        let agent = agent::build(role, &gathered, self.renderer, self.catalog)?;
        // Kept until the end of the run for every member, so only what is
        // used later is kept: not the templates' copy of the answers, nor
        // the body, which the files hold.
        let mut gathered = gathered;
        gathered.context = minijinja::Value::UNDEFINED;
        let overrides = member_overrides(self.kit, member, self.user)?;
        let mut files = Vec::new();
        let mut notes = Vec::new();
        for (target, file) in generate::render_all(&agent, self.generate, &overrides)? {
            notes.extend(file.notes.iter().map(|n| format!("{}: {n}", target.id())));
            files.push((target, file.text));
        }
        Ok(RenderedMember {
            member: Member {
                name: agent.name,
                role: role.name.clone(),
                files,
                gathered,
                overrides,
            },
            warnings,
            notes,
        })
    }
}

/// Threads for rendering `members` agents: one per core, but a thread per
/// at least 16 agents, below which starting one costs more than it saves.
fn worker_count(members: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(members / 16).max(1)
}

/// Renders every member on `threads` threads, each taking the next member
/// when it is free. The results are in member order, so messages and the
/// first error are the same as in a run on one thread.
fn render_in_parallel(
    job: &Job,
    threads: usize,
    prompter: &dyn Prompter,
) -> Vec<Result<RenderedMember>> {
    let next = AtomicUsize::new(0);
    let members: Vec<_> = job.kit.members().collect();
    let mut results: Vec<(usize, Result<RenderedMember>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .filter_map(|_| prompter.detached())
            .map(|mut prompter| {
                let (next, members) = (&next, &members);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((member, role)) = members.get(i) else {
                            return done;
                        };
                        done.push((i, job.render(member, role, prompter.as_mut())));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

pub fn run(config: &KitConfig, catalog: &Catalog, console: &Console) -> Result<()> {
    let generate = &config.generate;
    // The user named DIR, but not what is inside it: a link there leading
    // out of DIR is refused as at `.claude/agents`, before anything is asked.
    if let Some(dir) = &config.plugin {
        for rel in ["agents", ".claude-plugin"] {
            output::check_project_folder(dir, Path::new(rel))?;
        }
    }
    let kit = Kit::load(catalog, &config.kit)?;
    check_names(&kit)?;
    let mut shared_role = kit.as_role();
    if config.plugin.is_some() {
        shared_role
            .questions
            .extend(plugin_questions(catalog, &kit)?);
    }
    let user = read_user_answers(&kit, &shared_role, generate)?;
    let renderer = Renderer::new(catalog.clone());
    let mut prompter = CustomiseOnce::new(generate::prompter(generate));
    let interactive = generate.input == Input::Prompt;

    let mut shared_given = GivenAnswers::default();
    shared_given.layer(
        user.shared
            .iter()
            .filter(|g| shared_role.question(&g.key).is_some())
            .cloned(),
    );
    if interactive {
        let names: Vec<&str> = kit.agents.iter().map(|m| m.agent_name()).collect();
        console.note(&format!(
            "The {} kit: {}\nAgents: {}.\nShared answers come first, then each agent's own; Esc or Ctrl-C cancels, and nothing is written until the end.",
            kit.name,
            kit.summary,
            names.join(", ")
        ));
    }
    let shared = answers::gather(&shared_role, &shared_given, &mut prompter, &renderer)?;
    for warning in &shared.warnings {
        console.warn(warning);
    }

    let job = Job {
        kit: &kit,
        shared: &shared,
        user: &user,
        renderer: &renderer,
        catalog,
        generate,
    };
    let threads = worker_count(kit.agents.len());
    let results = match prompter.detached() {
        // Nobody is asked anything, so members are independent.
        Some(_) if threads > 1 => render_in_parallel(&job, threads, &prompter),
        _ => {
            let mut results = Vec::with_capacity(kit.agents.len());
            for (index, (member, role)) in kit.members().enumerate() {
                if interactive {
                    console.note(&format!(
                        "\nAgent {} of {}: {} ({})",
                        index + 1,
                        kit.agents.len(),
                        member.agent_name(),
                        role.name
                    ));
                }
                let result = job.render(member, role, &mut prompter)?;
                // Said now, while the user is looking at this agent.
                for warning in &result.warnings {
                    console.warn(warning);
                }
                results.push(Ok(RenderedMember {
                    warnings: Vec::new(),
                    ..result
                }));
            }
            results
        }
    };
    let mut rendered = Vec::with_capacity(kit.agents.len());
    // The same note for many agents is said once, with the agents named.
    let mut notes: Vec<(String, Vec<String>)> = Vec::new();
    for result in results {
        let result = result?;
        for warning in &result.warnings {
            console.warn(warning);
        }
        let name = &result.member.name;
        for line in result.notes {
            match notes.iter_mut().find(|(n, _)| *n == line) {
                Some((_, agents)) => agents.push(name.clone()),
                None => notes.push((line, vec![name.clone()])),
            }
        }
        rendered.push(result.member);
    }

    for (note, agents) in &notes {
        let who = if agents.len() == rendered.len() && agents.len() > 1 {
            "every agent".to_owned()
        } else {
            agents.join(", ")
        };
        console.note(&format!("{note} ({who})"));
    }
    let mut files = Vec::with_capacity(rendered.len() * generate.targets.len() + 3);
    for member in &mut rendered {
        for (target, text) in &mut member.files {
            if let Some(dir) = generate.destination.dir(*target) {
                let path = dir.join(target.file_name(&member.name));
                files.push((path, std::mem::take(text)));
            }
        }
    }
    if let Some(dir) = &config.plugin {
        files.push((
            dir.join(".claude-plugin/plugin.json"),
            plugin_json(&shared.answers),
        ));
        files.push((
            dir.join("README.md"),
            plugin_readme(&kit, &shared.answers, &rendered),
        ));
    }
    if let Some(path) = &generate.save_answers {
        files.push((
            path.clone(),
            saved_file(&kit, &shared_role, &shared, &rendered, &user),
        ));
    }
    let plan = output::plan(files)?;
    // Without a terminal to ask, every file in the way is listed at once.
    let refused = match generate.action {
        Action::Write(Overwrite::Refuse) => generate.terminal.is_none(),
        Action::DryRun(Overwrite::Refuse) => true,
        _ => false,
    };
    if refused && plan.replaced().next().is_some() {
        return Err(Error::KitProblems {
            kit: kit.name.clone(),
            problems: Vec::new(),
            conflicts: plan.replaced().map(PathBuf::from).collect(),
        });
    }
    let heading = format!(
        "Ready to write the {} kit ({} agents):",
        kit.name,
        rendered.len()
    );
    generate::deliver(&plan, generate, &mut prompter, console, &heading)
}

/// Agent names must be valid and unique before anyone is asked anything.
fn check_names(kit: &Kit) -> Result<()> {
    let mut problems = Vec::new();
    let mut first_named: HashMap<&str, usize> = HashMap::with_capacity(kit.agents.len());
    for (i, member) in kit.agents.iter().enumerate() {
        let name = member.agent_name();
        if let Some(reason) = agent::name_problem(name) {
            problems.push(format!(
                "agent {} ({}): '{name}' cannot be an agent name: {reason}",
                i + 1,
                member.role
            ));
        }
        if let Some(&first) = first_named.get(name) {
            problems.push(format!(
                "agents {} and {} are both named '{name}'; give one of them a `name:` in the kit",
                first + 1,
                i + 1
            ));
        } else {
            first_named.insert(name, i);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::KitProblems {
            kit: kit.name.clone(),
            problems,
            conflicts: Vec::new(),
        })
    }
}

/// Reads answers files and `--set` flags for a kit, checking that every
/// shared key is asked by the kit or one of its roles and that every
/// per-agent answer names a member.
fn read_user_answers(
    kit: &Kit,
    shared_role: &Role,
    config: &GenerateConfig,
) -> Result<UserAnswers> {
    let mut user = UserAnswers::default();
    let mut problems = Vec::new();
    let members: Vec<&str> = kit.agents.iter().map(|m| m.agent_name()).collect();
    let is_member: HashSet<&str> = members.iter().copied().collect();
    let mut per_agent = |agent: &str, given: Given, problems: &mut Vec<Problem>| {
        if is_member.contains(agent) && given.key == answers::TARGETS_KEY {
            match Overrides::parse(&given.raw, &given.origin) {
                Ok(overrides) => user
                    .agent_targets
                    .entry(agent.to_owned())
                    .or_default()
                    .layer(overrides),
                Err(Error::InvalidAnswers { problems: found }) => problems.extend(found),
                Err(e) => problems.push(Problem {
                    origin: given.origin.clone(),
                    key: format!("agents.{agent}.targets"),
                    message: e.to_string(),
                }),
            }
        } else if is_member.contains(agent) {
            user.agents
                .entry(agent.to_owned())
                .or_default()
                .layer([given]);
        } else {
            let mut message = format!("the kit {} has no agent named '{agent}'", kit.name);
            match closest(agent, members.iter().copied()) {
                Some(c) => message.push_str(&format!("; did you mean '{c}'?")),
                None => message.push_str(&format!("; its agents are {}", members.join(", "))),
            }
            problems.push(Problem {
                origin: given.origin.clone(),
                key: format!("agents.{agent}"),
                message,
            });
        }
    };
    let mut shared = Vec::new();
    for file in &config.answer_files {
        for given in answers::read_file(file)? {
            if given.key == answers::TARGETS_KEY {
                user.shared_targets
                    .layer(Overrides::parse(&given.raw, &given.origin)?);
                continue;
            }
            if given.key != "agents" {
                shared.push(given);
                continue;
            }
            let Raw::Map(agents) = &given.raw else {
                problems.push(Problem {
                    origin: given.origin.clone(),
                    key: "agents".into(),
                    message: "expected a mapping from agent names to their answers".into(),
                });
                continue;
            };
            for (agent, answers) in agents {
                let origin = Origin::File {
                    path: file.clone(),
                    line: None,
                };
                match answers {
                    Raw::Map(entries) => {
                        for (key, raw) in entries {
                            per_agent(
                                agent,
                                Given::new(key.clone(), raw.clone(), origin.clone()),
                                &mut problems,
                            );
                        }
                    }
                    Raw::Null => {}
                    _ => problems.push(Problem {
                        origin,
                        key: format!("agents.{agent}"),
                        message: "expected a mapping of this agent's answers".into(),
                    }),
                }
            }
        }
    }
    for (agent, given) in &config.sets {
        match agent {
            Some(agent) => per_agent(agent, given.clone(), &mut problems),
            None => shared.push(given.clone()),
        }
    }
    for given in shared {
        if given.key == answers::TARGETS_KEY {
            match Overrides::parse(&given.raw, &given.origin) {
                Ok(overrides) => user.shared_targets.layer(overrides),
                Err(Error::InvalidAnswers { problems: found }) => problems.extend(found),
                Err(e) => return Err(e),
            }
        } else if given.key == "name" {
            problems.push(Problem {
                origin: given.origin.clone(),
                key: given.key.clone(),
                message: "an agent name cannot be shared; set it for one agent under `agents:` (or with --set AGENT.name=NAME)".into(),
            });
        } else if kit.knows(&given.key) || shared_role.question(&given.key).is_some() {
            user.shared.layer([Given {
                shared: true,
                ..given
            }]);
        } else {
            let mut message = format!(
                "neither the kit {} nor any of its roles asks this",
                kit.name
            );
            if let Some(c) = closest(&given.key, kit.keys()) {
                message.push_str(&format!("; did you mean '{c}'?"));
            }
            problems.push(Problem {
                origin: given.origin.clone(),
                key: given.key.clone(),
                message,
            });
        }
    }
    if problems.is_empty() {
        Ok(user)
    } else {
        Err(Error::InvalidAnswers { problems })
    }
}

/// The answers one member is gathered from, lowest priority first.
fn member_answers(
    kit: &Kit,
    member: &crate::kit::Member,
    role: &Role,
    shared: &Gathered,
    user: &UserAnswers,
) -> GivenAnswers {
    let kit_origin = || Origin::Kit {
        kit: kit.name.clone(),
    };
    let from_shared = |defaulted: bool| {
        shared
            .answers
            .entries()
            .iter()
            .filter(move |(key, value)| {
                value.is_some()
                    && role.question(key).is_some()
                    && shared.defaulted.contains(key) == defaulted
            })
            .map(move |(key, value)| Given {
                shared: true,
                ..Given::new(
                    key.clone(),
                    value.as_ref().map_or(Raw::Null, Value::to_raw),
                    kit_origin(),
                )
            })
    };
    let mut given = GivenAnswers::default();
    given.layer(from_shared(true));
    given.layer(
        member
            .answers()
            .iter()
            .filter(|(key, _)| key != answers::TARGETS_KEY)
            .map(|(key, raw)| Given::new(key.clone(), raw.clone(), kit_origin())),
    );
    given.layer(from_shared(false));
    given.layer(
        user.shared
            .iter()
            .filter(|g| {
                role.question(&g.key).is_some() && kit.questions.iter().all(|q| q.key != g.key)
            })
            .cloned(),
    );
    if let Some(own) = user.agents.get(member.agent_name()) {
        given.layer(own.iter().cloned());
    }
    given.layer([Given::new(
        "name",
        Raw::Str(member.agent_name().to_owned()),
        kit_origin(),
    )]);
    given
}

/// A member's per-target fields: the kit's, then the user's shared ones,
/// then the user's for this agent.
fn member_overrides(
    kit: &Kit,
    member: &crate::kit::Member,
    user: &UserAnswers,
) -> Result<Overrides> {
    let mut overrides = Overrides::default();
    if let Some((_, raw)) = member
        .answers()
        .iter()
        .find(|(k, _)| k == answers::TARGETS_KEY)
    {
        overrides.layer(Overrides::parse(
            raw,
            &Origin::Kit {
                kit: kit.name.clone(),
            },
        )?);
    }
    overrides.layer(user.shared_targets.clone());
    if let Some(own) = user.agent_targets.get(member.agent_name()) {
        overrides.layer(own.clone());
    }
    Ok(overrides)
}

/// The plugin manifest's questions, with the kit's name and summary as
/// defaults.
fn plugin_questions(catalog: &Catalog, kit: &Kit) -> Result<Vec<crate::question::Question>> {
    let found = catalog
        .find("questions/plugin.yaml")?
        .ok_or_else(|| Error::usage("the template set has no questions/plugin.yaml"))?;
    let entries: Vec<role::Entry> = role::parse(&found)?;
    let mut questions = role::expand(catalog, entries, &found.location)?;
    for q in &mut questions {
        match q.key.as_str() {
            "plugin_name" => q.set_default(Raw::Str(kit.name.clone())),
            "plugin_description" => q.set_default(Raw::Str(
                kit.description
                    .clone()
                    .unwrap_or_else(|| kit.summary.clone()),
            )),
            _ => {}
        }
    }
    Ok(questions)
}

/// `.claude-plugin/plugin.json`: the manifest Claude Code reads (name,
/// version, description, author); agents are found in `agents/`.
fn plugin_json(shared: &Answers) -> String {
    let mut manifest = serde_json::Map::new();
    for (field, key) in [
        ("name", "plugin_name"),
        ("version", "plugin_version"),
        ("description", "plugin_description"),
    ] {
        if let Some(value) = shared.str(key) {
            manifest.insert(field.into(), value.into());
        }
    }
    if let Some(author) = shared.str("plugin_author") {
        let mut person = serde_json::Map::new();
        person.insert("name".into(), author.into());
        if let Some(email) = shared.str("plugin_email") {
            person.insert("email".into(), email.into());
        }
        manifest.insert("author".into(), person.into());
    }
    // A map of strings always encodes.
    serde_json::to_string_pretty(&manifest).expect("a JSON object of strings") + "\n"
}

fn plugin_readme(kit: &Kit, shared: &Answers, rendered: &[Member]) -> String {
    let name = shared.str("plugin_name").unwrap_or(&kit.name);
    let mut out = format!(
        "# {name}\n\n{}\n\nA Claude Code plugin with {} agents, generated by agentgen from the `{}` kit.\n\n## Agents\n\n| Agent | Role | Use it when |\n| --- | --- | --- |\n",
        shared
            .str("plugin_description")
            .unwrap_or(&kit.summary)
            .trim(),
        rendered.len(),
        kit.name
    );
    for r in rendered {
        let description = r.gathered.answers.str("description").unwrap_or_default();
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            r.name,
            r.role,
            first_sentence(description).replace('|', "\\|")
        ));
    }
    out.push_str(&format!(
        "\n## Install\n\nPublish this folder in a plugin marketplace (a repository whose \
         `.claude-plugin/marketplace.json` lists it), then in Claude Code run \
         `/plugin install {name}@<marketplace>`. The agents then appear in `/agents` in every project.\n\n\
         To change the agents, edit the answers and generate again:\n\n\
         ```sh\nagentgen kit {} --plugin <this folder> --answers answers.yaml --force\n```\n",
        kit.name
    ));
    out
}

/// The first sentence of a description, on one line.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(end) => flat[..=end].to_owned(),
        None => flat,
    }
}

/// The final answers of a kit run as an answers file: the shared answers,
/// then each agent's own under `agents:`. Replaying it with `--answers`
/// writes the same files.
fn saved_file(
    kit: &Kit,
    shared_role: &Role,
    shared: &Gathered,
    rendered: &[Member],
    user: &UserAnswers,
) -> String {
    let mut entries: Vec<(String, Raw)> = shared
        .answers
        .entries()
        .iter()
        .filter(|(key, _)| !shared.skipped.contains(key) && shared_role.question(key).is_some())
        .map(|(key, value)| (key.clone(), value.as_ref().map_or(Raw::Null, Value::to_raw)))
        .collect();
    let agents = rendered
        .iter()
        .map(|r| {
            let mut answers: Vec<(String, Raw)> = answers::final_answers(&r.gathered)
                .into_iter()
                .filter(|(key, _)| key != "name")
                .collect();
            if !r.overrides.is_empty() {
                answers.push((answers::TARGETS_KEY.into(), r.overrides.to_raw()));
            }
            (r.name.clone(), Raw::Map(answers))
        })
        .collect();
    entries.push(("agents".into(), Raw::Map(agents)));
    if !user.shared_targets.is_empty() {
        entries.push((answers::TARGETS_KEY.into(), user.shared_targets.to_raw()));
    }
    answers::answers_file("kit", "kit", &kit.name, &entries)
}
