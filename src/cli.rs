//! The command line, as clap reads it.
//!
//! These types only describe flags; the `///` comments are the help text.
//! Nothing here decides behaviour: [`crate::config`] turns these raw flags
//! into a checked configuration before any work starts.

use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::error::{Error, Result};
use crate::target::Target;

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
    disable_help_subcommand = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Extra template folder (roles/, kits/, partials/, questions/) that
    /// overrides the built-in templates; repeatable, first wins. Also read
    /// from AGENTGEN_TEMPLATES (a path list) and .agentgen/templates/.
    #[arg(long = "templates", value_name = "DIR", global = true)]
    pub templates: Vec<PathBuf>,

    /// Ignore .agentgen/templates/ in the current folder: only the built-in
    /// templates (and any named by --templates or AGENTGEN_TEMPLATES).
    #[arg(long, global = true)]
    pub no_project_templates: bool,

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
    /// Shared questions are answered once. A plain answer (project, model,
    /// insights) reaches every agent whose role asks it; a stack answer
    /// (languages, frameworks, ...) reaches only the roles that declare they
    /// take it, narrowed to what it means there (`agentgen show ROLE` says
    /// which). Every agent is rendered and every path checked before the
    /// first file is written.
    Kit(KitArgs),
    /// Make the project's agents match agentgen.yaml with today's templates,
    /// keeping hand edits.
    ///
    /// Unedited files take the new render; edited ones are merged (fields as
    /// data, the body by lines); a real conflict leaves conflict markers (or
    /// FILE.rej with --conflict rej) and exits 1. Agents no longer in the
    /// manifest lose their unedited files. All or nothing.
    Sync(SyncArgs),
    /// Take agents (or kits) out of agentgen.yaml and remove their files,
    /// keeping any file you edited.
    Remove {
        /// Agent or kit names, as agentgen.yaml lists them.
        #[arg(required = true)]
        names: Vec<String>,
    },
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
        /// Show the role's own defaults, not those the project's files
        /// (Cargo.toml, package.json, ...) give its stack questions.
        #[arg(long)]
        no_detect: bool,
    },
    /// Check agent files for problems that make a tool skip or misread them.
    ///
    /// Folders are searched for the agent files of every tool (.claude/agents,
    /// .opencode/agent, .github/agents, .gemini/agents, .cursor/agents,
    /// .codex/agents). Exits with 1 when any error remains.
    Lint(LintArgs),
    /// Write existing agent files for other tools.
    ///
    /// Each file is read as `lint` reads it (hand-written ones too) and
    /// written for every --target with the same checks as `new`, into each
    /// tool's project folder or under -o DIR; what a tool cannot express is
    /// reported.
    Convert(ConvertArgs),
    /// Print a commented answers file for a role or kit, with every default filled in.
    ///
    /// Save it, edit it, and pass it back with `agentgen new <ROLE> -a FILE`
    /// (or `agentgen kit <KIT> -a FILE`).
    Answers {
        /// The role or kit (see `agentgen list`), or a kit file.
        name: String,
        /// Write the role's own defaults, not those the project's files
        /// (Cargo.toml, package.json, ...) give its stack questions.
        #[arg(long)]
        no_detect: bool,
    },
    /// Show the project's stack: languages, frameworks, databases, queues,
    /// clouds, test frameworks, package managers, CI and infrastructure.
    ///
    /// Reads the manifests, lockfiles, container, Terraform, Kubernetes and
    /// CI files of DIR and of its usual monorepo folders (packages/, apps/,
    /// services/, libs/, cmd/ and workspace members), never the whole tree.
    /// Each value names the file that shows it.
    Detect {
        /// The project folder to read.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Trust a project's template folder to shape agents written outside it.
    ///
    /// Shows what the folder overrides and adds, then records it with a
    /// digest of its contents in the user's config folder
    /// ($XDG_CONFIG_HOME/agentgen/trusted.yaml). Any later change to the
    /// folder needs trust again. Without trust, `--user`, or `-o`,
    /// `--plugin` and `--save-answers` outside the project, refuse to use it.
    Trust {
        /// The template folder [default: .agentgen/templates].
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
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
    /// Print the help of agentgen or of one command (same as `agentgen COMMAND --help`).
    Help {
        /// The command to describe.
        command: Option<String>,
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

    /// Write the team as a plugin into the Claude Code marketplace in DIR:
    /// DIR/plugins/<kit>/ and DIR/.claude-plugin/marketplace.json, created
    /// or extended.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["plugin", "out", "stdout", "user"])]
    pub marketplace: Option<PathBuf>,

    /// With --plugin or --marketplace: the plugin's icon, a PNG file (a
    /// square one shows best), written as icon.png. Without it a built-in
    /// icon is written, unless the plugin folder already has an icon.png.
    #[arg(long, value_name = "FILE")]
    pub plugin_icon: Option<PathBuf>,

    #[command(flatten)]
    pub generate: GenerateArgs,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Write nothing; exit 1 if a sync would change a file or an owned file
    /// has lint errors (conflict markers included). For CI and pre-commit.
    #[arg(long)]
    pub check: bool,

    /// With --check, print the unified diff a sync would apply.
    #[arg(long, requires = "check")]
    pub diff: bool,

    /// Print what would change (or changed) as JSON.
    #[arg(long)]
    pub json: bool,

    /// How a conflict is left: markers in the file (inline), or the file
    /// untouched and the conflicted text in FILE.rej (rej).
    #[arg(long, value_name = "STYLE", default_value = "inline", value_parser = ["inline", "rej"])]
    pub conflict: String,

    /// Replace files in the way that agentgen did not write.
    #[arg(long)]
    pub force: bool,

    /// Do not read the project's files for stack defaults.
    #[arg(long)]
    pub no_detect: bool,
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

    /// Fail on warnings too, not only on errors (for CI).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Agent files to convert.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The tool to write for (repeatable, at least one): claude, opencode,
    /// copilot, gemini, cursor, codex, or all.
    #[arg(long = "target", value_name = "TARGET", required = true, value_parser = clap::builder::PossibleValuesParser::new(TARGETS))]
    pub targets: Vec<String>,

    /// Write under DIR instead of the current folder (with one target, the
    /// files go straight into DIR).
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Replace existing files.
    #[arg(long)]
    pub force: bool,

    /// Print a JSON report on standard output: every file and what was done
    /// to it, and every field a target left out or wrote in another form.
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
    #[arg(short = 'a', long = "answers", value_name = "FILE")]
    pub answers: Vec<PathBuf>,

    /// Set one answer (repeatable). The value is read as YAML, so --set tools='[Read, Grep]' is a
    /// list (as is 'tools=Read, Grep') and --set insights=true a boolean; text answers keep the
    /// text as typed.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Accept every default without asking, even in a terminal.
    #[arg(long)]
    pub defaults: bool,

    /// Write into DIR instead of .claude/agents/ (with several targets, DIR is
    /// the project folder each target's folder goes under).
    #[arg(short = 'o', long = "out", value_name = "DIR", conflicts_with_all = ["stdout", "user"])]
    pub out: Option<PathBuf>,

    /// Print the agent to standard output instead of writing its file (one target).
    #[arg(long, conflicts_with_all = ["user", "dry_run"])]
    pub stdout: bool,

    /// Write to the user's agents folder (~/.claude/agents/), for every project.
    /// (`command()` replaces this text with every target's folder.)
    #[arg(long)]
    pub user: bool,

    /// Replace existing files without asking.
    #[arg(long)]
    pub force: bool,

    /// Show what would be written where, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Do not read the project's files (Cargo.toml, package.json, go.mod,
    /// ...) for defaults of the stack questions; see `agentgen detect`.
    #[arg(long)]
    pub no_detect: bool,

    /// Do not record the agents in the project's agentgen.yaml and
    /// agentgen.lock (files written with -o or --user, and agents printed to
    /// standard output, never are).
    #[arg(long)]
    pub no_record: bool,

    /// Also write every final answer (defaults included) to FILE, to replay
    /// later with --answers FILE.
    #[arg(long, value_name = "FILE")]
    pub save_answers: Option<PathBuf>,

    /// Print a JSON report on standard output: every file and what was done
    /// to it (or would be, with --dry-run), and every answer a target left
    /// out or wrote in another form. Messages stay on standard error.
    #[arg(long)]
    pub json: bool,
}

/// The command line as agentgen parses it: the derived definition with the
/// help that differs between `new` and `kit`, since both flatten
/// [`GenerateArgs`]. `--help`, `help`, completions and the manual pages all
/// come from here.
pub fn command() -> clap::Command {
    let user = format!(
        "Write to the user's agents folder of each target, for every project: {}.",
        Target::ALL
            .iter()
            .map(|t| format!(
                "{} for {}",
                t.user_dir(std::path::Path::new("~")).display(),
                t.id()
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Cli::command()
        .mut_subcommand("new", |new| new.mut_arg("user", |a| a.help(user.clone())))
        .mut_subcommand("kit", |kit| {
            kit.mut_arg("user", |a| a.help(user.clone()))
                // Refused for a kit (config.rs says why), so not offered.
                .mut_arg("stdout", |a| a.hide(true))
                .mut_arg("answers", |a| {
                    a.help(
                        "Read answers from a YAML file (repeatable; later files win; - is stdin). \
                         It may hold shared keys and an `agents:` map by agent name.",
                    )
                })
                .mut_arg("set", |a| {
                    a.help(
                        "Set one answer for the team (repeatable): it reaches the agents whose role \
                         asks the key, a stack answer only those whose role declares it takes it \
                         (`agentgen show ROLE`); AGENT.KEY=VALUE sets one agent's answer. The value is read as YAML, so \
                         --set 'languages=Go, TypeScript' is a list; text answers keep the text as typed.",
                    )
                })
        })
}

/// Parses the process's arguments, exiting as clap does on a bad command
/// line, with agentgen's own suggestion for a mistyped command.
pub fn parse() -> Cli {
    let mut command = command();
    let matches = command
        .try_get_matches_from_mut(std::env::args_os())
        .unwrap_or_else(|err| suggest_command(&command, err).exit());
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.format(&mut command).exit())
}

/// clap's guess for an unknown command scores by shared letters, so `nwe`
/// gets `answers`; a typo is an edit or a swap away from the real name.
fn suggest_command(command: &clap::Command, mut err: clap::Error) -> clap::Error {
    if err.kind() != ErrorKind::InvalidSubcommand {
        return err;
    }
    let Some(ContextValue::String(typed)) = err.get(ContextKind::InvalidSubcommand) else {
        return err;
    };
    match closest_command(command, typed) {
        Some(name) => {
            err.insert(
                ContextKind::SuggestedSubcommand,
                ContextValue::Strings(vec![name]),
            );
        }
        None => {
            err.remove(ContextKind::SuggestedSubcommand);
        }
    }
    err
}

/// The visible command at most one edit or swap (two for long names) from `typed`.
fn closest_command(command: &clap::Command, typed: &str) -> Option<String> {
    command
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| (strsim::osa_distance(typed, s.get_name()), s.get_name()))
        .filter(|(distance, name)| *distance <= if name.len() > 5 { 2 } else { 1 })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name.to_owned())
}

/// The long help of agentgen or of one of its commands, for `agentgen help`.
pub fn help_text(name: Option<&str>) -> Result<String> {
    let mut command = command();
    command.build();
    let Some(name) = name else {
        return Ok(command.render_long_help().to_string());
    };
    if let Some(sub) = command.find_subcommand_mut(name) {
        return Ok(sub.render_long_help().to_string());
    }
    let hint = closest_command(&command, name)
        .map(|n| format!(" Did you mean '{n}'?"))
        .unwrap_or_default();
    Err(Error::usage(format!(
        "there is no command named '{name}'.{hint} Run `agentgen help` to see them."
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn a_swapped_letter_suggests_the_command() {
        let command = command();
        assert_eq!(closest_command(&command, "nwe").as_deref(), Some("new"));
        assert_eq!(
            closest_command(&command, "answrs").as_deref(),
            Some("answers")
        );
        assert_eq!(closest_command(&command, "zzz"), None);
    }
}
