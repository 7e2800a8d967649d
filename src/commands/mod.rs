//! The subcommands, one file each. A command turns its checked
//! configuration into work for the library (a batch for the pipeline, a
//! lint run, a description of a role) and hands the result to the output
//! module; commands never call one another.

mod answers;
mod completions;
mod convert;
mod detect;
mod existing;
mod kit;
mod lint;
mod list;
mod man;
mod new;
mod remove;
mod rescue;
mod review;
mod show;
mod sync;
mod trust;

use std::path::PathBuf;

use std::path::Path;

use crate::catalog::{Catalog, Folder, Source};
use crate::cli::{Cli, Command};
use crate::config::{self, Env, GenerateConfig, KitConfig, NewConfig, SyncConfig};
use crate::error::{Error, Result};
use crate::output::Console;
use crate::project::manifest::Manifest;
use crate::prompt::Prompter;

/// Runs one command line.
pub fn run(cli: Cli) -> Result<()> {
    if !cli.templates.is_empty() && !reads_templates(&cli.command) {
        return Err(Error::usage(
            "--templates changes which roles and kits exist; this command reads none, so it has no effect here",
        ));
    }
    let env = Env::from_process();
    let console = Console::new();
    // The project's manifest, read once, by the commands that use it.
    let manifest = || Manifest::read(&env.project.manifest_path());
    // What a run that records nothing needs of it: its template sources.
    let sources = || Manifest::read_sources(&env.project.manifest_path());
    let no_project = cli.no_project_templates;
    let catalog = |m: Option<&Manifest>| catalog(&env, &cli.templates, no_project, m, &console);
    let templates = cli.templates.clone();
    let result = match cli.command {
        Command::New(args) => {
            let mut config = NewConfig::from_args(args, &env)?;
            config.generate.templates = cli.templates.clone();
            config.generate.manifest = match config.generate.project {
                Some(_) => manifest()?,
                None => sources()?,
            };
            let catalog = catalog(config.generate.manifest.as_ref())?;
            check_trust(&config.generate, None, &catalog, &env)?;
            new::run(&config, &catalog, &console)
        }
        Command::Kit(args) => {
            let mut config = KitConfig::from_args(args, &env)?;
            config.generate.templates = cli.templates.clone();
            config.generate.manifest = match config.generate.project {
                Some(_) => manifest()?,
                None => sources()?,
            };
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
        Command::List { json } => list::run(&catalog(sources()?.as_ref())?, json, &console),
        Command::Show { name, json } => {
            show::run(&catalog(sources()?.as_ref())?, &name, json, &console)
        }
        Command::Answers { name } => answers::run(&catalog(sources()?.as_ref())?, &name, &console),
        Command::Detect { dir, json } => detect::run(&dir, json, &console),
        Command::Trust { dir } => trust::run(dir.as_deref(), &env, &console),
        Command::Completions { shell } => {
            completions::run(&catalog(sources()?.as_ref())?, shell, &console)
        }
        Command::Man { out } => man::run(out.as_deref(), &console),
        Command::Help { command } => console.out(&crate::cli::help_text(command.as_deref())?),
    };
    result.map_err(|e| with_templates(e, &templates))
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

/// Whether a command uses the catalogue, so that `--templates` means something.
fn reads_templates(command: &Command) -> bool {
    !matches!(
        command,
        Command::Lint(_)
            | Command::Man { .. }
            | Command::Help { .. }
            | Command::Detect { .. }
            | Command::Convert(_)
            | Command::Remove { .. }
            | Command::Trust { .. }
    )
}

/// An unknown role that is a kit (`agentgen new startup`), or an unknown kit
/// that is a role, says which command takes it; other errors pass through.
fn other_command(err: Error, catalog: &Catalog) -> Error {
    let Error::Unknown { kind, name, .. } = &err else {
        return err;
    };
    let (folder, is, command) = match *kind {
        "role" => (Folder::Kits, "a kit", "kit"),
        "kit" => (Folder::Roles, "a role", "new"),
        _ => return err,
    };
    if catalog.names(folder).iter().any(|(n, _)| n == name) {
        return Error::usage(format!(
            "'{name}' is {is}, not a {kind}; run `agentgen {command} {name}`"
        ));
    }
    err
}

/// A missing answer suggests `agentgen answers ROLE`; with `--templates` on
/// the command line the suggestion needs it too, or it finds no such role.
fn with_templates(err: Error, templates: &[PathBuf]) -> Error {
    match err {
        Error::MissingAnswers { role, keys, .. } if !templates.is_empty() => {
            let flags = templates
                .iter()
                .map(|dir| format!("--templates {} ", shell_word(&dir.display().to_string())))
                .collect();
            Error::MissingAnswers { role, keys, flags }
        }
        Error::Member {
            agent,
            role,
            source,
        } => Error::Member {
            agent,
            role,
            source: Box::new(with_templates(*source, templates)),
        },
        other => other,
    }
}

/// `word` as one shell word, quoted only when it needs to be.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./~=+:,@".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}
