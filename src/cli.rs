//! The command line, as clap reads it.
//!
//! These types only describe flags; the `///` comments are the help text.
//! Nothing here decides behaviour: [`crate::config`] turns these raw flags
//! into a checked configuration before any work starts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Writes AI-agent definition files (markdown with YAML frontmatter) from
/// role templates built into the binary.
///
/// Answers come from question defaults, answers files (-a), --set flags and,
/// in a terminal, prompts; later sources win. Without a terminal agentgen
/// never prompts.
#[derive(Debug, Parser)]
#[command(
    name = "agentgen",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Extra template folder (roles/, kits/, partials/, questions/) that
    /// overrides the built-in templates; repeatable, first wins. Also read
    /// from AGENTGEN_TEMPLATES (a path list) and .agentgen/templates/.
    #[arg(long = "templates", value_name = "DIR", global = true)]
    pub templates: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate one agent from a role.
    ///
    /// Writes .claude/agents/<name>.md under the current folder unless -o,
    /// --user or --stdout says otherwise. An existing file is never replaced
    /// without --force or a yes at the prompt.
    New(NewArgs),
    /// Generate a team of agents from a kit, all or nothing.
    ///
    /// Shared questions are answered once and flow into every agent whose
    /// role asks them. Every agent is rendered and every path checked before
    /// the first file is written.
    Kit(KitArgs),
    /// List the roles and kits, one line each.
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Show the questions of a role or kit: key, type, default, choices and help.
    Show {
        /// The role or kit to describe (see `agentgen list`), or a kit file.
        name: String,
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Check agent files for problems that make a tool skip or misread them.
    ///
    /// Folders are searched for the agent files of every tool (.claude/agents,
    /// .opencode/agent, .github/agents, .gemini/agents, .cursor/agents,
    /// .codex/agents). Exits with 1 when any error remains.
    Lint(LintArgs),
    /// Print a commented answers file for a role or kit, with every default filled in.
    ///
    /// Save it, edit it, and pass it back with `agentgen new <ROLE> -a FILE`
    /// (or `agentgen kit <KIT> -a FILE`).
    Answers {
        /// The role or kit (see `agentgen list`), or a kit file.
        name: String,
    },
    /// Print a shell completion script that also completes role and kit names.
    ///
    /// The names are those known when the script is made (built-in roles and
    /// --templates folders); make it again after adding roles. For example:
    /// `agentgen completions bash > ~/.local/share/bash-completion/completions/agentgen`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page agentgen(1), or write every page into a folder.
    ///
    /// For example: `agentgen man --out ~/.local/share/man/man1`, then `man agentgen`.
    Man {
        /// Write agentgen.1 and one page per subcommand (agentgen-new.1, ...) into DIR.
        #[arg(long = "out", short = 'o', value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The role to generate (see `agentgen list`).
    pub role: String,

    /// The agent's name (same as --set name=NAME); also its file name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    #[command(flatten)]
    pub generate: GenerateArgs,
}

#[derive(Debug, Args)]
pub struct KitArgs {
    /// The kit to generate (see `agentgen list`), or a kit file (FILE.yaml).
    pub kit: String,

    /// Write the team as a Claude Code plugin in DIR: .claude-plugin/plugin.json,
    /// agents/<name>.md and a README.md.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["out", "stdout", "user"])]
    pub plugin: Option<PathBuf>,

    #[command(flatten)]
    pub generate: GenerateArgs,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Agent files, or folders to search for them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Rewrite frontmatter that only lenient readers accept, or that holds
    /// `---`, as agentgen writes it; values and bodies are kept.
    #[arg(long)]
    pub fix: bool,

    /// With --fix, also turn a literal \n in descriptions into a line break.
    #[arg(long)]
    pub fix_newlines: bool,

    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The tools agentgen writes for, as `--target` takes them.
pub const TARGETS: &[&str] = &[
    "claude", "opencode", "copilot", "gemini", "cursor", "codex", "all",
];

/// The flags `new` and `kit` share.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The tool to write for (repeatable): claude (the default), opencode, copilot, gemini,
    /// cursor, codex, or all.
    #[arg(long = "target", value_name = "TARGET", value_parser = clap::builder::PossibleValuesParser::new(TARGETS))]
    pub targets: Vec<String>,

    /// Read answers from a YAML file (repeatable; later files win; - is stdin).
    /// For a kit it may hold shared keys and an `agents:` map by agent name.
    #[arg(short = 'a', long = "answers", value_name = "FILE")]
    pub answers: Vec<PathBuf>,

    /// Set one answer (repeatable). The value is read as YAML, so --set tools='[Read, Grep]' is a
    /// list and --set memory=true a boolean; text answers keep the text as typed. For a kit,
    /// AGENT.KEY=VALUE sets one agent's answer.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Accept every default without asking, even in a terminal.
    #[arg(long)]
    pub defaults: bool,

    /// Write into DIR instead of .claude/agents/ (with several targets, DIR is
    /// the project folder each target's folder goes under).
    #[arg(short = 'o', long = "out", value_name = "DIR", conflicts_with_all = ["stdout", "user"])]
    pub out: Option<PathBuf>,

    /// Print the agent to standard output instead of writing its file (one target; not for kits).
    #[arg(long, conflicts_with_all = ["user", "dry_run"])]
    pub stdout: bool,

    /// Write to the user's agents folder (~/.claude/agents/), for every project.
    #[arg(long)]
    pub user: bool,

    /// Replace existing files without asking.
    #[arg(long)]
    pub force: bool,

    /// Show what would be written where, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Also write every final answer (defaults included) to FILE, to replay
    /// later with --answers FILE.
    #[arg(long, value_name = "FILE")]
    pub save_answers: Option<PathBuf>,
}
