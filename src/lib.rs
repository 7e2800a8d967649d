//! agentgen writes AI-agent definition files: markdown with YAML frontmatter,
//! such as Claude Code's `.claude/agents/backend-architect.md`, from role
//! templates embedded in the binary or found in the user's template folders.
//!
//! The flow of `agentgen new`: [`cli`] reads the flags and [`config`] turns
//! them into a checked configuration; [`catalog`] finds template files in
//! their roots and [`role`] loads the role; [`answers`] gathers and checks
//! answers against the role's [`question`]s, asking through a
//! [`prompt::Prompter`] when a person is there; [`agent`] renders the body
//! and description with [`render`]; a [`target`] serializes the frontmatter
//! as data (never as template text) with [`yaml`] and reads it back to prove
//! it loads; [`output`] plans every file, refuses to replace one without
//! consent, and writes them all or none. `agentgen kit` ([`team`], with [`kit`]
//! definitions) does the same for a team, all or nothing. Each [`target`]
//! (Claude Code, OpenCode, Copilot, Gemini CLI, Cursor, Codex) owns its paths,
//! field spelling and rules; [`lint`] applies the same rules to files on
//! disk and reports [`finding`]s. Library code never
//! prints: [`output`] owns standard output, standard error and files (the
//! interactive prompts draw on the terminal in [`prompt::terminal`]), and
//! errors are returned as one [`Error`] type that chooses its own exit code.

pub mod agent;
pub mod answers;
pub mod budget;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod error;
pub mod finding;
pub mod generate;
pub mod inspect;
pub mod kit;
pub mod lint;
pub mod output;
pub mod prompt;
pub mod question;
pub mod render;
pub mod role;
pub mod target;
pub mod team;
pub mod value;
pub mod yaml;

pub use error::Error;

use cli::{Cli, Command};
use config::{Env, KitConfig, NewConfig};

/// Runs one command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    let env = Env::from_process();
    let roots = env.template_roots(&cli.templates);
    let catalog = if roots.is_empty() {
        catalog::Catalog::embedded()
    } else {
        catalog::Catalog::with_roots(&roots)?
    };
    let console = output::Console::new();
    match cli.command {
        Command::New(args) => {
            let config = NewConfig::from_args(args, &env)?;
            generate::run(&config, &catalog, &console)
        }
        Command::Kit(args) => {
            let config = KitConfig::from_args(args, &env)?;
            team::run(&config, &catalog, &console)
        }
        Command::Lint(args) => {
            let fix = match (args.fix || args.fix_newlines, args.fix_newlines) {
                (false, _) => lint::Fix::No,
                (true, false) => lint::Fix::Frontmatter,
                (true, true) => lint::Fix::FrontmatterAndNewlines,
            };
            let report = lint::run(&args.paths, fix);
            if !report.writes.is_empty() {
                let plan = output::plan(report.writes.clone())?;
                output::write(&plan, output::Overwrite::Replace)?;
            }
            let text = if args.json {
                lint::to_json(&report)
            } else {
                lint::to_text(&report)
            };
            console.out(&text)?;
            match report.errors() {
                0 => Ok(()),
                errors => Err(Error::LintFailed { errors }),
            }
        }
        Command::List { json } => console.out(&inspect::list(&catalog, json)?),
        Command::Show { name, json } => {
            console.out(&inspect::show(&inspect::resolve(&catalog, &name)?, json)?)
        }
        Command::Answers { name } => {
            let subject = inspect::resolve(&catalog, &name)?;
            let renderer = render::Renderer::new(catalog.clone());
            console.out(&inspect::answers_file(&subject, &renderer)?)
        }
    }
}
