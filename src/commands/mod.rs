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
mod trust;

use std::path::PathBuf;

use std::path::Path;

use crate::catalog::{Catalog, Source};
use crate::cli::{Cli, Command};
use crate::config::{self, Env, GenerateConfig, KitConfig, NewConfig, SyncConfig};
use crate::error::{Error, Result};
use crate::output::Console;
use crate::project::manifest::Manifest;
use crate::prompt::Prompter;

/// Runs one command line.
pub fn run(cli: Cli) -> Result<()> {
    let env = Env::from_process();
    let console = Console::new();
    // The project's manifest, read once, by the commands that use it.
    let manifest = || Manifest::read(&env.project.manifest_path());
    let no_project = cli.no_project_templates;
    let catalog = |m: Option<&Manifest>| catalog(&env, &cli.templates, no_project, m, &console);
    match cli.command {
        Command::New(args) => {
            let mut config = NewConfig::from_args(args, &env)?;
            config.generate.templates = cli.templates.clone();
            config.generate.manifest = manifest()?;
            let catalog = catalog(config.generate.manifest.as_ref())?;
            check_trust(&config.generate, None, &catalog, &env)?;
            new::run(&config, &catalog, &console)
        }
        Command::Kit(args) => {
            let mut config = KitConfig::from_args(args, &env)?;
            config.generate.templates = cli.templates.clone();
            config.generate.manifest = manifest()?;
            let catalog = catalog(config.generate.manifest.as_ref())?;
            check_trust(&config.generate, config.plugin.as_deref(), &catalog, &env)?;
            kit::run(&config, &catalog, &console)
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
        Command::Trust { dir } => trust::run(dir.as_deref(), &env, &console),
    }
}

/// The templates a command may use: the built-in ones under the user's
/// folders (`--templates`, `AGENTGEN_TEMPLATES`) and the project's (the
/// manifest's template sources, `.agentgen/templates`). Loaded only by the
/// commands that render or describe templates, which say once on standard
/// error which templates come from outside the binary.
fn catalog(
    env: &Env,
    flags: &[PathBuf],
    no_project: bool,
    manifest: Option<&Manifest>,
    console: &Console,
) -> Result<Catalog> {
    let recorded = manifest.map_or(&[][..], |m| &m.templates[..]);
    let roots = env.template_roots(flags, recorded, no_project);
    let catalog = if roots.is_empty() {
        Catalog::embedded()
    } else {
        Catalog::with_roots(&roots)?
    };
    if let Some(notice) = crate::trust::notice(&catalog) {
        console.note(&notice);
    }
    Ok(catalog)
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
