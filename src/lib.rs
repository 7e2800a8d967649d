//! agentgen writes AI-agent definition files: markdown with YAML frontmatter,
//! such as Claude Code's `.claude/agents/backend-architect.md`, from role
//! templates embedded in the binary or found in the user's template folders.
//!
//! The layout, in the order a run flows through it:
//! - [`cli`] reads the flags; [`config`] checks them into a configuration
//!   that answers questions (who is asked, where a file goes);
//! - [`commands`]: one thin file per subcommand, which builds a batch of
//!   agent requests and hands it on; commands never call one another;
//! - [`catalog`] finds templates in the binary and the user's folders;
//!   [`role`], [`question`] and [`kit`] read role and kit definitions;
//!   [`names`] holds the agent-name rule all of them apply;
//! - [`answers`]: every answer source read once ([`answers::sources`]),
//!   the question walk ([`answers::gather`]) and saved answers files,
//!   asking through a [`prompt::Prompter`] only what is still open;
//! - [`pipeline`]: the one path from a batch to files: gather the answers
//!   (shared questions once), render each agent ([`agent`], [`render`]) and
//!   each [`target`]'s file, then plan and deliver;
//! - [`target`]: one table per tool (paths, fields, accepted values, what
//!   it drops); [`agent_file`] reads and writes an agent file as data, for
//!   generation's read-back and for [`lint`] alike, which reports
//!   [`finding`]s;
//! - [`detect`] reads the stack of the project being written into, for
//!   `agentgen detect` and as an answer layer under the user's;
//! - [`output`] owns standard output, standard error and files: it plans
//!   every file and writes them all or none. [`plugin`] and [`inspect`]
//!   make the extra texts of `kit --plugin`, `list`, `show` and `answers`.
//!
//! Library code never prints, and errors are one [`Error`] type that
//! chooses its own exit code.

pub mod agent;
pub mod agent_file;
pub mod answers;
pub mod budget;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod detect;
pub mod error;
pub mod exit;
pub mod finding;
pub mod inspect;
pub mod kit;
pub mod lint;
pub mod merge;
pub mod names;
pub mod output;
pub mod pipeline;
pub mod plugin;
pub mod project;
pub mod prompt;
pub mod question;
pub mod read;
pub mod render;
pub mod role;
pub mod signals;
pub mod target;
pub mod trust;
pub mod value;
pub mod yaml;

pub use commands::run;
pub use error::Error;
