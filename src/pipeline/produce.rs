//! Every agent of a batch, gathered and rendered for each of its targets,
//! in memory.
//!
//! When a person may be asked, agents are done one after another, in
//! order, each introduced. When nobody is asked, agents are independent:
//! a large batch is spread over every core, and the results are put back
//! in request order, so messages and the first error are the same as in a
//! run on one thread. Each target's file is checked and read back by the
//! target itself; the first that cannot take an agent stops the run.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::gather;
use super::{Agent, Batch, File, Produced, Request, Shared};
use crate::agent;
use crate::answers::Gathered;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::output::Console;
use crate::prompt::Prompter;
use crate::render::Renderer;

/// What producing any agent needs: the same for every agent.
struct Job<'a> {
    shared: Option<(&'a Shared, &'a Gathered)>,
    team: &'a [super::Teammate],
    detected: &'a [crate::answers::Given],
    renderer: &'a Renderer,
    catalog: &'a Catalog,
}

/// One agent produced, with what to tell the user about it.
struct Done {
    agent: Agent,
    warnings: Vec<String>,
    /// Target notes, each prefixed with its target.
    notes: Vec<String>,
}

/// Gathers and renders every agent of the batch; `interactive` says a
/// person is answering, so each agent is introduced.
pub fn produce(
    batch: &Batch,
    prompter: &mut dyn Prompter,
    catalog: &Catalog,
    console: &Console,
    interactive: bool,
) -> Result<Produced> {
    let renderer = Renderer::new(catalog.clone());
    let shared = match &batch.shared {
        Some(spec) => {
            prompter.scope(None);
            let gathered = gather::shared(spec, &batch.detected, prompter, &renderer)?;
            for warning in &gathered.warnings {
                console.warn(warning);
            }
            Some(gathered)
        }
        None => None,
    };
    let job = Job {
        shared: batch.shared.as_ref().zip(shared.as_ref()),
        team: &batch.team,
        detected: &batch.detected,
        renderer: &renderer,
        catalog,
    };
    let threads = worker_count(batch.requests.len());
    let results = match prompter.detached() {
        // Nobody is asked anything, so agents are independent.
        Some(_) if threads > 1 => in_parallel(&job, &batch.requests, threads, prompter),
        _ => in_order(&job, &batch.requests, prompter, console, interactive),
    };
    let mut agents = Vec::with_capacity(batch.requests.len());
    // The same note for many agents is said once, with the agents named.
    let mut notes: Vec<(String, Vec<String>)> = Vec::new();
    for result in results {
        let done = result?;
        for warning in &done.warnings {
            console.warn(warning);
        }
        for line in done.notes {
            match notes.iter_mut().find(|(n, _)| *n == line) {
                Some((_, who)) => who.push(done.agent.name.clone()),
                None => notes.push((line, vec![done.agent.name.clone()])),
            }
        }
        agents.push(done.agent);
    }
    for (note, who) in &notes {
        console.note(&match batch.shared {
            None => note.clone(),
            Some(_) if who.len() == agents.len() && who.len() > 1 => {
                format!("{note} (every agent)")
            }
            Some(_) => format!("{note} ({})", who.join(", ")),
        });
    }
    Ok(Produced {
        shared,
        agents,
        detected: batch.detected.clone(),
    })
}

impl Job<'_> {
    /// Gathers one agent's answers and renders it for every target.
    fn produce(&self, request: &Request, prompter: &mut dyn Prompter) -> Result<Done> {
        let detected = self.detected;
        let mut gathered = gather::agent(request, self.shared, detected, prompter, self.renderer)?;
        if let (false, Some(name)) = (self.team.is_empty(), &request.label) {
            gathered.context = with_teammates(self.team, name, &gathered.context);
        }
        self.render(request, gathered)
            .map_err(|e| gather::label(request, e))
    }

    fn render(&self, request: &Request, mut gathered: Gathered) -> Result<Done> {
        let prefix = match &request.label {
            Some(name) => format!("{name}: "),
            None => String::new(),
        };
        let warnings = gathered
            .warnings
            .iter()
            .map(|w| format!("{prefix}{w}"))
            .collect();
        let built = agent::build(request.role, &gathered, self.renderer, self.catalog)?;
        // Kept until the end of the run for every agent, so only what is
        // used later is kept: not the templates' copy of the answers, nor
        // the body, which the files hold.
        gathered.context = minijinja::Value::UNDEFINED;
        let mut files = Vec::with_capacity(request.targets.len());
        let mut notes = Vec::new();
        for &target in &request.targets {
            let rendered = target.render(&built, &request.overrides)?;
            notes.extend(
                rendered
                    .notes
                    .iter()
                    .map(|n| format!("{}: {n}", target.id())),
            );
            let path = (request.destination.dir(target))
                .map(|dir| dir.join(target.file_name(&built.name)));
            files.push(File {
                target,
                path,
                text: rendered.text,
                notes: rendered.notes,
            });
        }
        Ok(Done {
            agent: Agent {
                name: built.name,
                role: request.role.name.clone(),
                gathered,
                overrides: request.overrides.clone(),
                files,
            },
            warnings,
            notes,
        })
    }
}

/// A member's render context: its answers plus `team`, the other members
/// with what to hand each, so its body can name its teammates and its
/// description can leave their work to them. Solo renders keep the empty
/// `team` that gathering adds.
fn with_teammates(
    team: &[super::Teammate],
    name: &str,
    context: &minijinja::Value,
) -> minijinja::Value {
    let others: Vec<&super::Teammate> = team.iter().filter(|m| m.name != name).collect();
    let team = minijinja::Value::from(minijinja::value::Serde(&others));
    minijinja::context! { team => team, ..context.clone() }
}

/// One agent after another, each introduced when a person is answering;
/// warnings are said at once, while the user is looking at that agent.
fn in_order(
    job: &Job,
    requests: &[Request],
    prompter: &mut dyn Prompter,
    console: &Console,
    interactive: bool,
) -> Vec<Result<Done>> {
    let mut results = Vec::with_capacity(requests.len());
    for (index, request) in requests.iter().enumerate() {
        if let (true, Some(name)) = (interactive, &request.label) {
            console.note(&format!(
                "\nAgent {} of {}: {name} ({})",
                index + 1,
                requests.len(),
                request.role.name
            ));
        }
        prompter.scope(request.label.as_deref());
        match job.produce(request, prompter) {
            Ok(done) => {
                for warning in &done.warnings {
                    console.warn(warning);
                }
                results.push(Ok(Done {
                    warnings: Vec::new(),
                    ..done
                }));
            }
            Err(e) => {
                results.push(Err(e));
                break;
            }
        }
    }
    results
}

/// Threads for producing `agents` agents: one per core, but a thread per
/// at least 16 agents, below which starting one costs more than it saves.
fn worker_count(agents: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(agents / 16).max(1)
}

/// Produces every agent on `threads` threads, each taking the next agent
/// when it is free. The results are in request order.
fn in_parallel(
    job: &Job,
    requests: &[Request],
    threads: usize,
    prompter: &dyn Prompter,
) -> Vec<Result<Done>> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, Result<Done>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .filter_map(|_| prompter.detached())
            .map(|mut prompter| {
                let next = &next;
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(request) = requests.get(i) else {
                            return done;
                        };
                        done.push((i, job.produce(request, prompter.as_mut())));
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
