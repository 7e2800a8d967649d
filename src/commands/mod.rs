//! The subcommands, one file each. A command turns its checked
//! configuration into work for the library (a batch for the pipeline, a
//! lint run, a description of a role) and hands the result to the output
//! module; commands never call one another.

mod answers;
mod completions;
mod existing;
mod kit;
mod lint;
mod list;
mod man;
mod new;
mod rescue;
mod review;
mod show;

use std::path::PathBuf;

use crate::catalog::{Catalog, Folder};
use crate::cli::{Cli, Command};
use crate::config::{Env, KitConfig, NewConfig};
use crate::error::{Error, Result};
use crate::output::Console;

/// Runs one command line.
pub fn run(cli: Cli) -> Result<()> {
    if !cli.templates.is_empty() && !reads_templates(&cli.command) {
        return Err(Error::usage(
            "--templates changes which roles and kits exist; this command reads none, so it has no effect here",
        ));
    }
    let env = Env::from_process();
    let roots = env.template_roots(&cli.templates);
    let catalog = if roots.is_empty() {
        Catalog::embedded()
    } else {
        Catalog::with_roots(&roots)?
    };
    let console = Console::new();
    let templates = cli.templates.clone();
    run_command(cli.command, &catalog, &env, &console).map_err(|e| with_templates(e, &templates))
}

fn run_command(command: Command, catalog: &Catalog, env: &Env, console: &Console) -> Result<()> {
    match command {
        Command::New(args) => new::run(&NewConfig::from_args(args, env)?, catalog, console),
        Command::Kit(args) => kit::run(&KitConfig::from_args(args, env)?, catalog, console),
        Command::Lint(args) => lint::run(&args, console),
        Command::List { json } => list::run(catalog, json, console),
        Command::Show { name, json } => show::run(catalog, &name, json, console),
        Command::Answers { name } => answers::run(catalog, &name, console),
        Command::Completions { shell } => completions::run(catalog, shell, console),
        Command::Man { out } => man::run(out.as_deref(), console),
        Command::Help { command } => console.out(&crate::cli::help_text(command.as_deref())?),
    }
}

/// Whether a command uses the catalogue, so that `--templates` means something.
fn reads_templates(command: &Command) -> bool {
    !matches!(
        command,
        Command::Lint(_) | Command::Man { .. } | Command::Help { .. }
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
