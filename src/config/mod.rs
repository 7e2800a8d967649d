//! Raw flags become a checked configuration here, before any work starts.
//!
//! Every decision the flags imply (where files go, whether to ask, whether
//! to replace) is made once and expressed as an enum, so no boolean mode is
//! passed down the call chain and a contradictory combination is refused
//! with exit code 2 before a template is loaded. A default project folder
//! that links out of the project is refused here too, before anyone is
//! asked anything.

use std::path::{Path, PathBuf};

use crate::answers::{self, Given};
use crate::cli::{GenerateArgs, KitArgs, NewArgs, SyncArgs};
use crate::error::{Error, Result};
use crate::output::{self, Overwrite};
use crate::project::Project;
use crate::project::reconcile::ConflictStyle;
use crate::prompt::terminal::{self, Terminal};
use crate::prompt::{AcceptDefaults, NoPrompt, Prompter};
use crate::target::Target;

mod env;
mod icon;
pub use env::{Env, outside_project, project_root};
pub use icon::{png_size, read_icon};

/// How open questions are answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// A terminal is attached: ask.
    Prompt,
    /// `--defaults`: take every default; ask (if there is a terminal) only
    /// what has none.
    Defaults,
    /// No terminal: never ask; defaults apply, and a required question
    /// without one is an error.
    Never,
}

/// Whether prompts may use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colors {
    Auto,
    /// `NO_COLOR` is set.
    Never,
}

/// What the interactive prompts need to know about the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerminalSettings {
    pub colors: Colors,
    /// `$VISUAL` or `$EDITOR`, for multi-line answers.
    pub editor: Option<String>,
}

/// Where agent files go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Each target's project folder (`.claude/agents/`, ...) under this
    /// root: the current folder, or `-o DIR` with several targets.
    Projects(PathBuf),
    /// `-o DIR` with one target: the files go straight into DIR.
    Folder(PathBuf),
    /// `--user`: each target's folder under this home folder.
    User(PathBuf),
    /// The document on standard output; no file.
    Stdout,
}

impl Destination {
    /// The folder a target's file goes into; `None` for standard output.
    pub fn dir(&self, target: Target) -> Option<PathBuf> {
        match self {
            Destination::Projects(root) => Some(root.join(target.project_dir())),
            Destination::Folder(dir) => Some(dir.clone()),
            Destination::User(home) => Some(target.user_dir(home)),
            Destination::Stdout => None,
        }
    }
}

/// What to do with the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Write(Overwrite),
    /// `--dry-run`: report the plan, refusing what a real run would refuse,
    /// and write nothing.
    DryRun(Overwrite),
}

/// What `new` and `kit` share: where answers come from, who may be asked,
/// where files go and whether they may replace others.
#[derive(Clone, Debug)]
pub struct GenerateConfig {
    pub answer_files: Vec<PathBuf>,
    /// `--set` flags, each with the agent it is for (`AGENT.KEY=VALUE` in a
    /// kit) or `None`.
    pub sets: Vec<(Option<String>, Given)>,
    pub input: Input,
    /// Present when standard input and standard error are both terminals
    /// and standard input is not read for answers: only then can anyone be
    /// asked.
    pub terminal: Option<TerminalSettings>,
    /// `--save-answers FILE`.
    pub save_answers: Option<PathBuf>,
    /// The tools to write for, in the order given, without repeats.
    pub targets: Vec<Target>,
    pub destination: Destination,
    pub action: Action,
    /// The project whose manifest and lock the run records into: set when
    /// the files go to the project's own folders, unless `--no-record`.
    pub project: Option<Project>,
    /// The project folder whose stack is detected for defaults, unless
    /// `--no-detect`.
    pub detect: Option<PathBuf>,
    /// `--templates` folders, recorded in the manifest when inside the
    /// project.
    pub templates: Vec<PathBuf>,
    /// The project's manifest as read at the start of the run.
    pub manifest: Option<crate::project::manifest::Manifest>,
    /// `--json`: the run's report as JSON on standard output.
    pub json: bool,
}

/// The checked configuration of `agentgen new`.
#[derive(Clone, Debug)]
pub struct NewConfig {
    pub role: String,
    pub name: Option<String>,
    pub generate: GenerateConfig,
}

/// The checked configuration of `agentgen kit`.
#[derive(Clone, Debug)]
pub struct KitConfig {
    pub kit: String,
    /// `--plugin DIR`: write the team as a Claude Code plugin there.
    pub plugin: Option<PathBuf>,
    /// `--marketplace DIR`: the marketplace the plugin (in
    /// DIR/plugins/<kit>) is listed in.
    pub marketplace: Option<PathBuf>,
    /// `--plugin-icon FILE`: the PNG it holds, checked before any question.
    pub plugin_icon: Option<Vec<u8>>,
    pub generate: GenerateConfig,
}

/// The checked configuration of `agentgen sync`.
#[derive(Clone, Debug)]
pub struct SyncConfig {
    pub project: Project,
    pub check: bool,
    pub diff: bool,
    pub json: bool,
    pub conflict: ConflictStyle,
    pub force: bool,
    /// The folder whose stack is detected, unless `--no-detect`.
    pub detect: Option<PathBuf>,
}

impl SyncConfig {
    pub fn from_args(args: SyncArgs, env: &Env) -> SyncConfig {
        SyncConfig {
            project: env.project.clone(),
            check: args.check,
            diff: args.diff,
            json: args.json,
            conflict: match args.conflict.as_str() {
                "rej" => ConflictStyle::Reject,
                _ => ConflictStyle::Inline,
            },
            force: args.force,
            detect: (!args.no_detect).then(|| env.project.root.clone()),
        }
    }
}

impl NewConfig {
    pub fn from_args(args: NewArgs, env: &Env) -> Result<NewConfig> {
        let generate = GenerateConfig::from_args(args.generate, env, false)?;
        generate.check_project_folders()?;
        Ok(NewConfig {
            role: args.role,
            name: args.name,
            generate,
        })
    }
}

impl KitConfig {
    pub fn from_args(args: KitArgs, env: &Env) -> Result<KitConfig> {
        if args.generate.stdout {
            return Err(Error::usage(
                "a kit writes several files, so it cannot go to standard output; use --dry-run to see them, or -o DIR",
            ));
        }
        let mut generate = GenerateConfig::from_args(args.generate, env, true)?;
        let plugin = match &args.marketplace {
            Some(market) => {
                let stem = Path::new(&args.kit).file_stem().map(|s| s.to_owned());
                Some(market.join("plugins").join(stem.unwrap_or_default()))
            }
            None => args.plugin,
        };
        if let Some(dir) = &plugin {
            if generate.targets != [Target::Claude] {
                return Err(Error::usage(
                    "--plugin writes a Claude Code plugin, so it takes only --target claude; write other targets without --plugin",
                ));
            }
            generate.destination = Destination::Folder(dir.join("agents"));
        }
        generate.check_project_folders()?;
        let plugin_icon = match (&args.plugin_icon, &plugin) {
            (Some(path), Some(_)) => Some(read_icon(path)?),
            (Some(_), None) => {
                return Err(Error::usage(
                    "--plugin-icon is the icon of a plugin; use it with --plugin DIR or --marketplace DIR",
                ));
            }
            (None, _) => None,
        };
        Ok(KitConfig {
            kit: args.kit,
            plugin,
            marketplace: args.marketplace,
            plugin_icon,
            generate,
        })
    }
}

impl GenerateConfig {
    /// Who answers open questions: a person at the terminal, the defaults,
    /// or nobody.
    pub fn prompter(&self) -> Box<dyn Prompter> {
        let terminal = self.terminal.as_ref().map(|settings| {
            terminal::install_interrupt_handler();
            Terminal::new(settings.colors == Colors::Auto, settings.editor.clone())
        });
        match (self.input, terminal) {
            (Input::Prompt, Some(terminal)) => Box::new(terminal),
            (Input::Defaults, Some(terminal)) => Box::new(AcceptDefaults(terminal)),
            (Input::Defaults, None) => Box::new(AcceptDefaults(NoPrompt)),
            (Input::Never | Input::Prompt, _) => Box::new(NoPrompt),
        }
    }

    /// The terminal that may be asked whether to use untrusted project
    /// templates: present whenever anyone can be asked, `--defaults` or
    /// not, since that question has no default to take.
    pub fn trust_prompter(&self) -> Option<Terminal> {
        self.terminal.as_ref().map(|settings| {
            terminal::install_interrupt_handler();
            Terminal::new(settings.colors == Colors::Auto, settings.editor.clone())
        })
    }

    /// Whether a person answers the questions, so the run explains itself.
    pub fn interactive(&self) -> bool {
        self.input == Input::Prompt
    }

    /// The targets' default folders under a project must not lead out of
    /// it through a link (see [`output::check_project_folder`]); refused
    /// here, before anyone is asked anything. A folder the user named
    /// (`-o DIR` with one target, `--plugin`) and `--user` are followed.
    fn check_project_folders(&self) -> Result<()> {
        if let Destination::Projects(root) = &self.destination {
            for target in &self.targets {
                output::check_project_folder(root, target.project_dir())?;
            }
        }
        Ok(())
    }

    fn from_args(args: GenerateArgs, env: &Env, per_agent_sets: bool) -> Result<GenerateConfig> {
        let targets = targets(&args.targets);
        if args.stdout && targets.len() > 1 {
            return Err(Error::usage(
                "--stdout prints one agent file; choose one --target, or write the files with -o DIR",
            ));
        }
        if args.json && args.stdout {
            return Err(Error::usage(
                "--json prints a report of the files on standard output, where --stdout prints the agent itself; use -o DIR or --dry-run with --json, or --stdout without it",
            ));
        }
        let sets = sets(&args.set, per_agent_sets)?;
        let reads_stdin = args.answers.iter().any(|p| p.as_os_str() == "-");
        if args.answers.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            return Err(Error::usage("standard input (-a -) can be read only once"));
        }
        let terminal = (env.interactive && !reads_stdin).then(|| TerminalSettings {
            colors: if env.no_color {
                Colors::Never
            } else {
                Colors::Auto
            },
            editor: env.editor.clone(),
        });
        let input = if args.defaults {
            Input::Defaults
        } else if terminal.is_some() {
            Input::Prompt
        } else {
            Input::Never
        };
        let destination = destination(&args, env, targets.len())?;
        let project = match &destination {
            Destination::Projects(_) if args.out.is_none() && !args.no_record => {
                Some(env.project.clone())
            }
            _ => None,
        };
        let overwrite = if args.force {
            Overwrite::Replace
        } else {
            Overwrite::Refuse
        };
        let action = if args.dry_run {
            Action::DryRun(overwrite)
        } else {
            Action::Write(overwrite)
        };
        Ok(GenerateConfig {
            answer_files: args.answers,
            sets,
            input,
            terminal,
            save_answers: args.save_answers,
            targets,
            destination,
            action,
            project,
            detect: (!args.no_detect).then(|| env.project.root.clone()),
            templates: Vec::new(),
            manifest: None,
            json: args.json,
        })
    }
}

/// The targets named, in order and without repeats (`all` is every one);
/// Claude Code when none is.
fn targets(ids: &[String]) -> Vec<Target> {
    let mut targets: Vec<Target> = Vec::new();
    for id in ids {
        let chosen: Vec<Target> = match id.as_str() {
            "all" => Target::ALL.to_vec(),
            id => Target::from_id(id).into_iter().collect(),
        };
        for target in chosen {
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
    }
    if targets.is_empty() {
        targets.push(Target::Claude);
    }
    targets
}

/// The `--set` flags, each with the agent it is for when a kit's
/// `AGENT.KEY=VALUE` names one.
fn sets(flags: &[String], per_agent: bool) -> Result<Vec<(Option<String>, Given)>> {
    flags
        .iter()
        .map(|s| {
            let given = answers::parse_set(s)?;
            Ok(match given.key.split_once('.') {
                Some((agent, key)) if per_agent => {
                    let key = key.to_owned();
                    (Some(agent.to_owned()), Given { key, ..given })
                }
                _ => (None, given),
            })
        })
        .collect()
}

/// Where the files go, from `--stdout`, `-o DIR` and `--user`.
fn destination(args: &GenerateArgs, env: &Env, targets: usize) -> Result<Destination> {
    Ok(if args.stdout {
        Destination::Stdout
    } else if let Some(dir) = &args.out {
        if targets == 1 {
            Destination::Folder(dir.clone())
        } else {
            Destination::Projects(dir.clone())
        }
    } else if args.user {
        let home = env.home.as_ref().ok_or_else(|| {
            Error::usage("--user needs the HOME environment variable to find ~/.claude/agents; set HOME or use -o DIR")
        })?;
        Destination::User(home.clone())
    } else {
        Destination::Projects(env.project.root.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn config(args: &[&str], env: &Env) -> Result<NewConfig> {
        let cli =
            crate::cli::Cli::try_parse_from(["agentgen", "new", "r"].iter().chain(args)).unwrap();
        let crate::cli::Command::New(new) = cli.command else {
            unreachable!()
        };
        NewConfig::from_args(new, env)
    }

    const TTY: Env = Env {
        home: None,
        interactive: true,
        no_color: false,
        editor: None,
        templates: None,
        project: Project {
            root: PathBuf::new(),
        },
        config_home: None,
    };

    #[test]
    fn input_mode_follows_the_terminal_and_flags() {
        assert_eq!(config(&[], &TTY).unwrap().generate.input, Input::Prompt);
        assert_eq!(
            config(&["--defaults"], &TTY).unwrap().generate.input,
            Input::Defaults
        );
        assert_eq!(
            config(&["-a", "-"], &TTY).unwrap().generate.input,
            Input::Never
        );
        let pipe = Env {
            interactive: false,
            ..TTY
        };
        assert_eq!(config(&[], &pipe).unwrap().generate.input, Input::Never);
        assert_eq!(config(&[], &pipe).unwrap().generate.terminal, None);
        let no_color = Env {
            no_color: true,
            ..TTY
        };
        assert_eq!(
            config(&[], &no_color)
                .unwrap()
                .generate
                .terminal
                .unwrap()
                .colors,
            Colors::Never
        );
    }

    #[test]
    fn destinations() {
        let home = Env {
            home: Some("/home/u".into()),
            ..TTY
        };
        let dir = |args: &[&str]| {
            let c = config(args, &home).unwrap().generate;
            c.targets
                .iter()
                .map(|t| c.destination.dir(*t).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(dir(&[]), [PathBuf::from(".claude/agents")]);
        assert_eq!(dir(&["--user"]), [PathBuf::from("/home/u/.claude/agents")]);
        assert_eq!(dir(&["-o", "x"]), [PathBuf::from("x")]);
        assert_eq!(
            dir(&["-o", "x", "--target", "claude", "--target", "codex"]),
            [
                PathBuf::from("x/.claude/agents"),
                PathBuf::from("x/.codex/agents")
            ]
        );
        assert_eq!(dir(&["--target", "all", "--target", "claude"]).len(), 6);
        assert!(matches!(
            config(&["--user"], &TTY),
            Err(Error::Usage { .. })
        ));
        assert!(matches!(
            config(&["--stdout", "--target", "all"], &TTY),
            Err(Error::Usage { .. })
        ));
    }
}
