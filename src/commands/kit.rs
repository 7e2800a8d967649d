//! `agentgen kit`: a team of agents, all or nothing.
//!
//! The kit's shared questions become the batch's shared questions, each
//! member one request: the kit's answers for that member are fixed under
//! the user's, the user's shared answers reach a member whose role asks
//! them (unless the kit asks them itself, in which case they arrive through
//! the shared answers), then the user's `agents.NAME` answers and the
//! member's name. With `--plugin DIR` the team is written as a Claude Code
//! plugin, with its manifest and README.

use crate::answers::sources::{KitKeys, Shape};
use crate::answers::{self, Given, GivenAnswers, TARGETS_KEY, UserAnswers, saved};
use crate::catalog::Catalog;
use crate::config::KitConfig;
use crate::error::{Error, Origin, Problem, Result};
use crate::kit::{Kit, Member};
use crate::output::{self, Console};
use crate::pipeline::{self, Batch, Request, Shared};
use crate::plugin;
use crate::prompt::CustomiseOnce;
use crate::role::Role;
use crate::target::Overrides;
use crate::value::Raw;

use super::rescue::Rescue;

/// What reading the user's answers needs to know about a kit.
struct Keys<'a> {
    kit: &'a Kit,
    shared: &'a Role,
}

impl KitKeys for Keys<'_> {
    fn kit_name(&self) -> &str {
        &self.kit.name
    }

    fn members(&self) -> Vec<&str> {
        self.kit.agents.iter().map(Member::agent_name).collect()
    }

    fn asks(&self, key: &str) -> bool {
        self.kit.knows(key) || self.shared.question(key).is_some()
    }

    fn keys(&self) -> Vec<&str> {
        self.kit.keys()
    }
}

pub fn run(config: &KitConfig, catalog: &Catalog, console: &Console) -> Result<()> {
    let generate = &config.generate;
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
    let (user, mut problems) = UserAnswers::read_with_problems(
        &generate.answer_files,
        &generate.sets,
        None,
        Shape::Kit(&keys),
    )?;
    // Every problem under `agents:` at once, not the first member's only.
    problems.extend(member_problems(&kit, &user));
    if !problems.is_empty() {
        return Err(Error::InvalidAnswers { problems });
    }
    let mut prompter = CustomiseOnce::new(generate.prompter());
    if generate.interactive() {
        let names = keys.members();
        console.note(&format!(
            "The {} kit: {}\nAgents: {}.\nShared answers come first, then each agent's own; Esc goes back one question; Ctrl-C cancels, and nothing is written until the end.",
            kit.name,
            kit.summary,
            names.join(", ")
        ));
    }
    let mut shared_given = GivenAnswers::default();
    shared_given.layer(
        (user.shared.iter())
            .filter(|g| shared_role.question(&g.key).is_some())
            .cloned(),
    );
    let origin = Origin::Kit {
        kit: kit.name.clone(),
    };
    let requests = kit
        .members()
        .map(|(member, role)| request(&kit, member, role, &user, config, &origin))
        .collect::<Result<_>>()?;
    let batch = Batch {
        shared: Some(Shared {
            role: shared_role.clone(),
            given: shared_given,
            origin,
        }),
        requests,
    };
    let interactive = generate.interactive();
    let mut produced = pipeline::produce(&batch, &mut prompter, catalog, console, interactive)?;
    let mut files = produced.files();
    let shared = produced.shared.as_ref().expect("a kit has shared answers");
    if let Some(dir) = &config.plugin {
        let manifest = plugin::manifest(&shared.answers);
        files.push((dir.join(".claude-plugin/plugin.json"), manifest));
        let readme = plugin::readme(&kit, &shared.answers, &produced.agents);
        files.push((dir.join("README.md"), readme));
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
    deliver(
        files,
        config,
        &kit.name,
        &heading,
        rescue,
        &mut prompter,
        console,
    )
}

/// Writes the team, or, when that fails after a prompted session, offers
/// to save the answers first.
fn deliver(
    files: Vec<(std::path::PathBuf, String)>,
    config: &KitConfig,
    kit: &str,
    heading: &str,
    rescue: Rescue,
    prompter: &mut dyn crate::prompt::Prompter,
    console: &Console,
) -> Result<()> {
    let generate = &config.generate;
    let delivered = output::plan(files)
        .and_then(|plan| pipeline::deliver(&plan, generate, prompter, console, heading, Some(kit)));
    match delivered {
        Err(failure) if generate.interactive() => Err(rescue.offer(failure, prompter, console)),
        other => other,
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
        for mut problem in answers::gather::problems(role, own) {
            problem.key = format!("agents.{name}.{}", problem.key);
            problems.push(problem);
        }
    }
    problems
}

/// One member's request: the kit's answers for it, the user's shared
/// answers its role asks (the kit's own questions arrive as shared
/// answers), the user's answers for this agent, and its name.
fn request<'a>(
    kit: &Kit,
    member: &Member,
    role: &'a Role,
    user: &UserAnswers,
    config: &KitConfig,
    origin: &Origin,
) -> Result<Request<'a>> {
    let name = member.agent_name();
    let fixed = (member.answers().iter())
        .filter(|(key, _)| key != TARGETS_KEY)
        .map(|(key, raw)| Given::new(key.clone(), raw.clone(), origin.clone()))
        .collect();
    let mut given = GivenAnswers::default();
    given.layer(
        (user.shared.iter())
            .filter(|g| {
                role.question(&g.key).is_some() && kit.questions.iter().all(|q| q.key != g.key)
            })
            .cloned(),
    );
    if let Some(own) = user.agents.get(name) {
        given.layer(own.iter().cloned());
    }
    given.layer([Given::new(
        "name",
        Raw::Str(name.to_owned()),
        origin.clone(),
    )]);
    Ok(Request {
        role,
        label: Some(name.to_owned()),
        fixed,
        given,
        overrides: overrides(member, user, origin)?,
        targets: config.generate.targets.clone(),
        destination: config.generate.destination.clone(),
    })
}

/// A member's per-target fields: the kit's, then the user's shared ones,
/// then the user's for this agent.
fn overrides(member: &Member, user: &UserAnswers, origin: &Origin) -> Result<Overrides> {
    let mut overrides = Overrides::default();
    if let Some((_, raw)) = member.answers().iter().find(|(k, _)| k == TARGETS_KEY) {
        overrides.layer(Overrides::parse(raw, origin)?);
    }
    overrides.layer(user.shared_targets.clone());
    if let Some(own) = user.agent_targets.get(member.agent_name()) {
        overrides.layer(own.clone());
    }
    Ok(overrides)
}
