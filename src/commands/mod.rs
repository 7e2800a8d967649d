//! The subcommands, one file each. A command turns its checked
//! configuration into work for the library (a batch for the pipeline, a
//! lint run, a description of a role) and hands the result to the output
//! module; commands never call one another.

mod answers;
mod kit;
mod lint;
mod list;
mod new;
mod show;
mod trust;

use std::path::Path;

use crate::catalog::{Catalog, Source};
use crate::cli::{Cli, Command};
use crate::config::{self, Env, GenerateConfig, KitConfig, NewConfig};
use crate::error::{Error, Result};
use crate::output::Console;
use crate::prompt::Prompter;

/// Runs one command line.
pub fn run(cli: Cli) -> Result<()> {
    let env = Env::from_process();
    let console = Console::new();
    let roots = env.template_roots(&cli.templates, cli.no_project_templates);
    let catalog = if roots.is_empty() {
        Catalog::embedded()
    } else {
        Catalog::with_roots(&roots)?
    };
    let uses_templates = !matches!(cli.command, Command::Lint(_) | Command::Trust { .. });
    if let Some(notice) = crate::trust::notice(&catalog).filter(|_| uses_templates) {
        console.note(&notice);
    }
    match cli.command {
        Command::New(args) => {
            let config = NewConfig::from_args(args, &env)?;
            check_trust(&config.generate, None, &catalog, &env)?;
            new::run(&config, &catalog, &console)
        }
        Command::Kit(args) => {
            let config = KitConfig::from_args(args, &env)?;
            check_trust(&config.generate, config.plugin.as_deref(), &catalog, &env)?;
            kit::run(&config, &catalog, &console)
        }
        Command::Lint(args) => lint::run(&args, &console),
        Command::List { json } => list::run(&catalog, json, &console),
        Command::Show { name, json } => show::run(&catalog, &name, json, &console),
        Command::Answers { name } => answers::run(&catalog, &name, &console),
        Command::Trust { dir } => trust::run(dir.as_deref(), &env, &console),
    }
}

/// Project templates may shape files outside the project only when trusted
/// (see [`crate::trust`]); checked before anything is asked or written.
fn check_trust(
    generate: &GenerateConfig,
    plugin: Option<&Path>,
    catalog: &Catalog,
    env: &Env,
) -> Result<()> {
    let has_project = catalog
        .user_roots()
        .iter()
        .any(|(_, source)| *source == Source::Project);
    if !has_project {
        return Ok(());
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io("find", ".", e))?;
    let root = config::project_root(&cwd);
    let Some(place) = config::outside_project(generate, plugin, &cwd, &root) else {
        return Ok(());
    };
    let store = match env.trust_store() {
        Some(path) => crate::trust::Store::load(&path)?,
        None => crate::trust::Store::default(),
    };
    let mut terminal = generate.trust_prompter();
    let terminal = terminal.as_mut().map(|t| t as &mut dyn Prompter);
    crate::trust::require(catalog, &store, &place, terminal)
}
