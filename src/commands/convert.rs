//! `agentgen convert`: existing agent files, hand-written ones included,
//! written for other tools. Each file is read leniently (as `lint` reads
//! it) in the format its folder says, turned into a neutral agent, and
//! written for every `--target` by the same strict writer and checks as
//! `agentgen new`, with the same report of what a target cannot express.
//! Files go into each tool's project folder, or under `-o DIR`; nothing
//! is written unless every file converts.

use std::path::Path;

use crate::agent_file;
use crate::cli::ConvertArgs;
use crate::error::{Error, Result};
use crate::output::{self, Console, Overwrite, Owners, RunReport};
use crate::target::{Overrides, Target};

pub fn run(args: &ConvertArgs, console: &Console) -> Result<()> {
    let targets = targets(&args.targets)?;
    let mut files = Vec::new();
    // With --json, the run's report (see `output::RunReport`); the notes
    // are said on standard error either way.
    let mut report = RunReport::default();
    let mut owners = Owners::new();
    for path in &args.files {
        let (agent, notes) = read(path)?;
        for note in &notes {
            console.note(&format!("{}: {note}", path.display()));
        }
        report.notes(None, &agent.name, Some(path), &notes);
        for &target in &targets {
            let rendered = target.render(&agent, &Overrides::default())?;
            if !rendered.notes.is_empty() {
                let said: Vec<String> = rendered.notes.iter().map(|n| n.to_string()).collect();
                console.note(&format!(
                    "{} ({}): {}",
                    target.id(),
                    agent.name,
                    said.join("; ")
                ));
            }
            report.notes(Some(target), &agent.name, Some(path), &rendered.notes);
            let dir = match &args.out {
                Some(dir) if targets.len() == 1 => dir.clone(),
                Some(dir) => dir.join(target.project_dir()),
                None => target.project_dir().to_path_buf(),
            };
            let dest = dir.join(target.file_name(&agent.name));
            // `--target all` includes the file's own tool: the file is
            // already there, so it is left as it is.
            if same_file(&dest, path) {
                console.note(&format!(
                    "{}: already a {} agent; left as it is",
                    path.display(),
                    target.name()
                ));
                continue;
            }
            owners.insert(dest.clone(), (target, agent.name.clone()));
            files.push((dest, rendered.text));
        }
    }
    let plan = output::plan(files)?;
    let overwrite = if args.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    let outcomes = output::write(&plan, overwrite)?;
    for (file, outcome) in plan.files.iter().zip(outcomes) {
        console.note(&format!("{} {}", outcome.verb(), file.path.display()));
    }
    if args.json {
        report.files_of(&plan, &owners, &Default::default());
        console.json(&report)?;
    }
    Ok(())
}

/// The targets named on the command line; `all` is every one.
fn targets(ids: &[String]) -> Result<Vec<Target>> {
    if ids.iter().any(|id| id == "all") {
        return Ok(Target::ALL.to_vec());
    }
    let mut out = Vec::new();
    for id in ids {
        let target = Target::from_id(id)
            .ok_or_else(|| Error::usage(format!("there is no target '{id}'")))?;
        if !out.contains(&target) {
            out.push(target);
        }
    }
    Ok(out)
}

/// One file as a neutral agent, with notes on what was not taken.
fn read(path: &Path) -> Result<(crate::agent::Agent, Vec<crate::target::Note>)> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    let source = Target::detect(path)
        .or_else(|| Target::guess(path, &text))
        .unwrap_or(if path.extension().is_some_and(|e| e == "toml") {
            Target::Codex
        } else {
            Target::Claude
        });
    let parsed = agent_file::parse(source.format(), &text).map_err(|f| {
        Error::usage(format!(
            "{} cannot be read as a {} agent: {}",
            path.display(),
            source.name(),
            f.message
        ))
    })?;
    let stem = stem(path);
    Ok(crate::target::read::agent(source, &parsed.doc, &stem))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The agent name a file name gives: `x.agent.md`, `x.md`, `x.toml` → x.
fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    [".agent.md", ".md", ".toml"]
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name)
        .to_owned()
}
