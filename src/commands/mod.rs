//! The subcommands, one file each. A command turns its checked
//! configuration into work for the library (a batch for the pipeline, a
//! lint run, a description of a role) and hands the result to the output
//! module; commands never call one another.

mod answers;
mod convert;
mod detect;
mod kit;
mod lint;
mod list;
mod new;
mod remove;
mod show;
mod sync;

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::cli::{Cli, Command};
use crate::config::{Env, KitConfig, NewConfig, SyncConfig};
use crate::error::Result;
use crate::output::Console;
use crate::project::manifest::Manifest;

/// Runs one command line.
pub fn run(cli: Cli) -> Result<()> {
    let env = Env::from_process();
    let console = Console::new();
    // The project's manifest, read once, by the commands that use it.
    let manifest = || Manifest::read(&env.project.manifest_path());
    let catalog = |m: Option<&Manifest>| catalog(&env, &cli.templates, m);
    match cli.command {
        Command::New(args) => {
            let mut config = NewConfig::from_args(args, &env)?;
            config.generate.templates = cli.templates.clone();
            config.generate.manifest = manifest()?;
            new::run(
                &config,
                &catalog(config.generate.manifest.as_ref())?,
                &console,
            )
        }
        Command::Kit(args) => {
            let mut config = KitConfig::from_args(args, &env)?;
            config.generate.templates = cli.templates.clone();
            config.generate.manifest = manifest()?;
            kit::run(
                &config,
                &catalog(config.generate.manifest.as_ref())?,
                &console,
            )
        }
        Command::Lint(args) => lint::run(&args, &console),
        Command::Sync(args) => {
            let m = manifest()?;
            let config = SyncConfig::from_args(args, &env);
            sync::run(&config, &catalog(m.as_ref())?, m, &console)
        }
        Command::Remove { names } => remove::run(&env.project, manifest()?, &names, &console),
        Command::Convert(args) => convert::run(&args, &console),
        Command::List { json } => list::run(&catalog(manifest()?.as_ref())?, json, &console),
        Command::Show { name, json } => {
            show::run(&catalog(manifest()?.as_ref())?, &name, json, &console)
        }
        Command::Answers { name } => answers::run(&catalog(manifest()?.as_ref())?, &name, &console),
        Command::Detect { dir, json } => detect::run(&dir, json, &console),
    }
}

/// The templates a command may use: the built-in ones under the user's
/// folders (`--templates`, `AGENTGEN_TEMPLATES`) and the project's (the
/// manifest's template sources, `.agentgen/templates`). Loaded only by the
/// commands that render or describe templates.
fn catalog(env: &Env, flags: &[PathBuf], manifest: Option<&Manifest>) -> Result<Catalog> {
    let recorded = manifest.map_or(&[][..], |m| &m.templates[..]);
    let roots = env.template_roots(flags, recorded);
    if roots.is_empty() {
        Ok(Catalog::embedded())
    } else {
        Catalog::with_roots(&roots)
    }
}
