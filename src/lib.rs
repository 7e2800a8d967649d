//! agentgen writes AI-agent definition files: markdown with YAML frontmatter,
//! such as Claude Code's `.claude/agents/backend-architect.md`, from role
//! templates embedded in the binary.
//!
//! The flow of `agentgen new`: [`cli`] reads the flags and [`config`] turns
//! them into a checked configuration; [`catalog`] finds the role;
//! [`answers`] gathers and checks answers against the role's [`question`]s,
//! asking through a [`prompt::Prompter`] when a person is there; [`agent`]
//! renders the body and description with [`render`]; a [`target`] serializes
//! the frontmatter as data (never as template text) with [`yaml`] and reads
//! it back to prove it loads; [`output`] plans every file, refuses to replace
//! one without consent, and writes atomically. Library code never prints:
//! [`output`] owns standard output, standard error and files, and errors are
//! returned as one [`Error`] type that chooses its own exit code.

pub mod agent;
pub mod answers;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod error;
pub mod generate;
pub mod inspect;
pub mod output;
pub mod prompt;
pub mod question;
pub mod render;
pub mod role;
pub mod target;
pub mod value;
pub mod yaml;

pub use error::Error;

use cli::{Cli, Command};
use config::{Env, NewConfig};
use role::Role;

/// Runs one command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    let catalog = catalog::Catalog::embedded();
    let console = output::Console::new();
    match cli.command {
        Command::New(args) => {
            let config = NewConfig::from_args(args, &Env::from_process())?;
            generate::run(&config, &catalog, &console)
        }
        Command::List { json } => console.out(&inspect::list(&catalog, json)?),
        Command::Show { role, json } => {
            console.out(&inspect::show(&Role::load(&catalog, &role)?, json)?)
        }
        Command::Answers { role } => {
            let role = Role::load(&catalog, &role)?;
            let renderer = render::Renderer::new(catalog.clone());
            console.out(&inspect::answers_file(&role, &renderer)?)
        }
    }
}
