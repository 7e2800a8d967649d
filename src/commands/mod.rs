//! The subcommands, one file each. A command turns its checked
//! configuration into work for the library (a batch for the pipeline, a
//! lint run, a description of a role) and hands the result to the output
//! module; commands never call one another.

mod answers;
mod completions;
mod kit;
mod lint;
mod list;
mod man;
mod new;
mod show;

use crate::catalog::Catalog;
use crate::cli::{Cli, Command};
use crate::config::{Env, KitConfig, NewConfig};
use crate::error::Result;
use crate::output::Console;

/// Runs one command line.
pub fn run(cli: Cli) -> Result<()> {
    let env = Env::from_process();
    let roots = env.template_roots(&cli.templates);
    let catalog = if roots.is_empty() {
        Catalog::embedded()
    } else {
        Catalog::with_roots(&roots)?
    };
    let console = Console::new();
    match cli.command {
        Command::New(args) => new::run(&NewConfig::from_args(args, &env)?, &catalog, &console),
        Command::Kit(args) => kit::run(&KitConfig::from_args(args, &env)?, &catalog, &console),
        Command::Lint(args) => lint::run(&args, &console),
        Command::List { json } => list::run(&catalog, json, &console),
        Command::Show { name, json } => show::run(&catalog, &name, json, &console),
        Command::Answers { name } => answers::run(&catalog, &name, &console),
        Command::Completions { shell } => completions::run(&catalog, shell, &console),
        Command::Man { out } => man::run(out.as_deref(), &console),
    }
}
