//! The one error type of agentgen.
//!
//! Every failure the tool can report is a variant here. Each variant carries
//! the context a user needs to act (the file and line, the answer key, the
//! path that was refused) and decides its own exit code, so no caller ever
//! picks a number. Messages are plain sentences that end with what to do next;
//! `main` prints the message and the `source()` chain and exits with
//! [`Error::exit_code`].

use std::fmt;
use std::path::PathBuf;

use crate::value::quoted;

/// Exit codes, as documented in the README and DESIGN.md.
pub use crate::exit;

/// Where an answer came from; used to point at the place to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// An answers file, with the line of the top-level key when it is known.
    File { path: PathBuf, line: Option<usize> },
    /// A `--set KEY=VALUE` flag.
    Set,
    /// The `--name` flag.
    NameFlag,
    /// An answer typed at an interactive prompt.
    Prompt,
    /// A role's own default.
    Default { role: String },
    /// A kit: one of its shared answers, or an answer it fixes for a member.
    Kit { kit: String },
    /// The project's own files (`agentgen detect` shows which): as
    /// detected, the file that showed each item of the value, in order;
    /// once a question takes the value, the files of what it took.
    Detected { files: Vec<String> },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File {
                path,
                line: Some(line),
            } => write!(f, "{}:{line}", path.display()),
            Origin::File { path, line: None } => write!(f, "{}", path.display()),
            Origin::Set => f.write_str("--set"),
            Origin::NameFlag => f.write_str("--name"),
            Origin::Prompt => f.write_str("prompt"),
            Origin::Default { role } => write!(f, "default of role {role}"),
            Origin::Kit { kit } => write!(f, "kit {kit}"),
            Origin::Detected { files } => match distinct(files).as_slice() {
                [] => f.write_str("detected in the project"),
                sources => write!(f, "detected in {}", sources.join(", ")),
            },
        }
    }
}

/// The distinct files behind a detected answer, in order: what a note on
/// a detected default names.
pub fn distinct(files: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for file in files {
        if !out.contains(&file.as_str()) {
            out.push(file);
        }
    }
    out
}

/// One thing wrong with one answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub origin: Origin,
    /// The answer key, with a path inside it where that helps
    /// (`examples[2].user`).
    pub key: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.origin,
            quoted(&self.key),
            self.message
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Flags that contradict each other or cannot be used as given.
    #[error("{message}")]
    Usage { message: String },

    /// A role or kit that no template root has.
    #[error("there is no {kind} named '{name}'{}. Run `agentgen list` to see them.", suggest(.suggestion))]
    Unknown {
        /// "role", "kit", or "role or kit".
        kind: &'static str,
        name: String,
        suggestion: Option<String>,
    },

    /// Everything that keeps a kit from being written, all at once.
    #[error("{}", list_kit_problems(.kit, .problems, .conflicts))]
    KitProblems {
        kit: String,
        problems: Vec<String>,
        conflicts: Vec<PathBuf>,
    },

    #[error("cannot read the answers file {}; check the path given to --answers", .path.display())]
    AnswersUnreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}{}: {message}.{}", .path.display(), at(*.line, *.column), fix_at(*.line))]
    AnswersSyntax {
        path: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },

    #[error("{}", list_problems(.problems))]
    InvalidAnswers { problems: Vec<Problem> },

    #[error(
        "no answer for {}: {}. There is no terminal to ask on, so give them in an answers \
         file (-a FILE) or with --set KEY=VALUE; `agentgen {flags}answers {role} > answers.yaml` \
         writes a file to start from.",
        plural(.keys.len(), "this required question", "these required questions"),
        .keys.join(", ")
    )]
    MissingAnswers {
        role: String,
        keys: Vec<String>,
        /// The global flags the suggested command needs (`--templates DIR `).
        flags: String,
    },

    #[error("'{}' cannot be an agent name: {reason}.{}", quoted(.name), suggest_name(.suggestion))]
    InvalidName {
        name: String,
        reason: String,
        suggestion: Option<String>,
    },

    #[error(
        "{} already exists; agentgen never overwrites a file without consent. \
         Run again with --force to replace it, or choose another place with -o DIR.",
        .path.display()
    )]
    Exists { path: PathBuf },

    /// Phase 1 of a write failed: no destination was touched, and the
    /// temporary files were removed.
    #[error(
        "cannot {action} {}; nothing was changed. Check that the folder is writable and \
         the disk has room, then run again.",
        .path.display()
    )]
    NotWritten {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A rename in phase 2 of a write failed after others succeeded.
    #[error("{}", partly_written(.path, .written))]
    PartlyWritten {
        path: PathBuf,
        /// The files that already have their new contents.
        written: Vec<PathBuf>,
        #[source]
        source: std::io::Error,
    },

    /// A default project folder that is a link leading out of the project.
    #[error(
        "{} is a link to {}, {}; agentgen does not follow links out of the project \
         for its default folders, since a repository could aim them anywhere. Remove the \
         link, or name the folder with -o DIR if you mean to write there.",
        .folder.display(),
        .target.display(),
        link_problem(*.resolved, .project)
    )]
    LinkOutOfProject {
        folder: PathBuf,
        /// Where the link leads: resolved, or as written when it does not
        /// resolve.
        target: PathBuf,
        resolved: bool,
        /// The project folder, resolved.
        project: PathBuf,
    },

    /// An input that is not a regular file, or a file too large to read
    /// or to write; refused before anything is read or written.
    #[error("cannot {action} {}: {reason}", .path.display())]
    Refused {
        action: &'static str,
        path: PathBuf,
        reason: String,
    },

    #[error("cannot {action} {}", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write to {stream}")]
    Stream {
        stream: &'static str,
        #[source]
        source: std::io::Error,
    },

    /// A role template or a question expression failed to compile or render.
    #[error("template {template}{}: {message}", line_suffix(*.line))]
    Template {
        template: String,
        line: Option<usize>,
        message: String,
    },

    /// A template folder given with --templates or AGENTGEN_TEMPLATES that
    /// cannot be used.
    #[error("cannot use the template folder {}; check --templates and AGENTGEN_TEMPLATES", .path.display())]
    TemplateRoot {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A sync wrote files with conflict markers (or `.rej` files): the run
    /// did its work, but the user must resolve them.
    #[error("{} could not be merged with your edits; resolve the conflict markers (or the .rej files), then run `agentgen sync --check`:\n{}", plural(.files.len(), "1 file", &format!("{} files", .files.len())), list_paths(.files))]
    Conflicts { files: Vec<PathBuf> },

    /// `sync --check` found files that a sync would change.
    #[error("{} not up to date with agentgen.yaml and the templates; run `agentgen sync`:\n{}", plural(.files.len(), "1 file is", &format!("{} files are", .files.len())), list_paths(.files))]
    OutOfDate { files: Vec<PathBuf> },

    /// The project's manifest or lock cannot be used.
    #[error("{}{}: {message}", .path.display(), .line.map(|l| format!(":{l}")).unwrap_or_default())]
    Project {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },

    /// A definition file (a role's role.yaml, a kit, a question set) that
    /// does not follow its format.
    #[error("{kind} definition {file}{}: {message}", line_suffix(*.line))]
    Definition {
        /// "role", "kit" or "question set".
        kind: &'static str,
        file: String,
        line: Option<usize>,
        message: String,
    },

    /// The document agentgen built does not satisfy the rules of its target.
    /// For embedded roles this is a bug; for answers it is bad input.
    #[error("the agent '{name}' would not load in {target}: {}", .problems.join("; "))]
    InvalidAgent {
        name: String,
        target: &'static str,
        problems: Vec<String>,
    },

    /// The serialized frontmatter did not read back as the data it was built
    /// from. This is always a bug in agentgen, never in the input.
    #[error(
        "internal check failed: the frontmatter written for '{name}' does not read back \
         identically ({detail}); nothing was written. Please report this as a bug."
    )]
    SelfCheck { name: String, detail: String },

    /// A problem with one member of a kit, which names the agent: in a
    /// kit of a hundred agents, "undefined value" alone says too little.
    #[error("agent '{agent}' ({role} role): {source}")]
    Member {
        agent: String,
        role: String,
        source: Box<Error>,
    },

    #[error("cancelled; nothing was written")]
    Interrupted,

    /// SIGINT, SIGTERM or SIGHUP arrived while files were written: they
    /// were all written, or none was.
    #[error("{}", .signal.message(*.written))]
    Signalled {
        signal: crate::signals::Signal,
        written: bool,
    },

    /// Untrusted project templates for a run that writes outside the
    /// project; nothing was written.
    #[error(
        "the project templates in {} are not trusted, and this run writes outside the project, to {}. \
         They change:\n{listing}Nothing was written. To go on, read them and run `agentgen trust` to trust \
         the folder as it is now, name it for this run with `--templates {}`, or use the built-in \
         templates with `--no-project-templates`.",
        .folder.display(), .place.display(), .folder.display()
    )]
    Untrusted {
        folder: PathBuf,
        place: PathBuf,
        /// What the folder changes, one line each.
        listing: String,
    },

    /// `lint` found errors; the findings were already printed.
    #[error("{errors} {} in agent files; see the findings above", plural(*.errors, "error", "errors"))]
    LintFailed { errors: usize },
}

impl Error {
    /// The process exit code for this error (see the README's table).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. }
            | Error::Unknown { .. }
            | Error::AnswersUnreadable { .. }
            | Error::AnswersSyntax { .. }
            | Error::InvalidAnswers { .. }
            | Error::MissingAnswers { .. }
            | Error::InvalidName { .. }
            | Error::InvalidAgent { .. }
            | Error::TemplateRoot { .. }
            | Error::Project { .. }
            | Error::Refused { .. }
            | Error::Untrusted { .. } => exit::USAGE,
            Error::Conflicts { .. } | Error::OutOfDate { .. } => exit::RUNTIME,
            Error::Exists { .. } => exit::REFUSED,
            // Conflicts alone are a refusal to overwrite; anything else is
            // bad input.
            Error::KitProblems { problems, .. } if problems.is_empty() => exit::REFUSED,
            Error::KitProblems { .. } => exit::USAGE,
            Error::Member { source, .. } => source.exit_code(),
            Error::Interrupted => exit::INTERRUPTED,
            Error::Signalled { signal, .. } => signal.exit_code(),
            Error::LintFailed { .. } => exit::RUNTIME,
            // A destination that appeared while the others were renamed
            // is a refusal to overwrite, like Exists.
            Error::PartlyWritten { source, .. }
                if source.kind() == std::io::ErrorKind::AlreadyExists =>
            {
                exit::REFUSED
            }
            Error::NotWritten { .. }
            | Error::PartlyWritten { .. }
            | Error::LinkOutOfProject { .. } => exit::RUNTIME,
            Error::Io { .. }
            | Error::Stream { .. }
            | Error::Template { .. }
            | Error::Definition { .. }
            | Error::SelfCheck { .. } => exit::RUNTIME,
        }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn suggest(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean '{s}'?)"),
        None => String::new(),
    }
}

fn suggest_name(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" Use '{s}' instead, for example with --name {s}."),
        None => " Use lowercase letters, digits and single hyphens, starting with a letter.".into(),
    }
}

fn at(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// The advice after a problem in an answers file: a place to fix when there
/// is one; otherwise the message says what the whole file needs.
fn fix_at(line: Option<usize>) -> &'static str {
    match line {
        Some(_) => " Fix the YAML syntax at that place.",
        None => "",
    }
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|l| format!(" line {l}")).unwrap_or_default()
}

fn list_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("  {}", p.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { one.into() } else { many.into() }
}

fn list_kit_problems(kit: &str, problems: &[String], conflicts: &[PathBuf]) -> String {
    let count = problems.len() + conflicts.len();
    let mut out = format!(
        "the kit {kit} cannot be written ({}); nothing was written:",
        plural(count, "1 problem", &format!("{count} problems"))
    );
    for p in problems {
        out.push_str("\n  ");
        out.push_str(p);
    }
    for path in conflicts {
        out.push_str(&format!("\n  {} already exists", path.display()));
    }
    if !conflicts.is_empty() {
        out.push_str("\nRun again with --force to replace existing files, or choose another place with -o DIR.");
    }
    out
}

fn partly_written(path: &std::path::Path, written: &[PathBuf]) -> String {
    let mut out = format!(
        "cannot write {}, so the run stopped partway; the files not listed here were left as they were. {} already {} the new contents:",
        path.display(),
        plural(written.len(), "This file", "These files"),
        plural(written.len(), "has", "have"),
    );
    for p in written {
        out.push_str(&format!("\n  {}", p.display()));
    }
    out.push_str("\nFix the cause below and run the same command again to finish.");
    out
}

fn link_problem(resolved: bool, project: &std::path::Path) -> String {
    if resolved {
        format!("outside the project folder {}", project.display())
    } else {
        format!(
            "which does not lead to an existing folder in the project folder {}",
            project.display()
        )
    }
}

fn list_problems(problems: &[Problem]) -> String {
    let mut out = format!(
        "{} in the answers; nothing was written:",
        plural(
            problems.len(),
            "1 problem",
            &format!("{} problems", problems.len())
        )
    );
    for p in problems {
        out.push_str("\n  ");
        out.push_str(&p.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_the_documented_exit_code() {
        let io = || std::io::Error::other("boom");
        let cases: Vec<(Error, u8)> = vec![
            (Error::usage("x"), 2),
            (
                Error::Unknown {
                    kind: "role",
                    name: "x".into(),
                    suggestion: None,
                },
                2,
            ),
            (
                Error::AnswersUnreadable {
                    path: "a".into(),
                    source: io(),
                },
                2,
            ),
            (Error::InvalidAnswers { problems: vec![] }, 2),
            (
                Error::MissingAnswers {
                    role: "r".into(),
                    keys: vec!["k".into()],
                    flags: String::new(),
                },
                2,
            ),
            (Error::Exists { path: "p".into() }, 3),
            (Error::io("write", "p", io()), 1),
            (
                Error::Member {
                    agent: "a".into(),
                    role: "r".into(),
                    source: Box::new(Error::usage("x")),
                },
                2,
            ),
            (
                Error::NotWritten {
                    action: "write",
                    path: "p".into(),
                    source: io(),
                },
                1,
            ),
            (
                Error::PartlyWritten {
                    path: "p".into(),
                    written: vec!["q".into()],
                    source: io(),
                },
                1,
            ),
            (
                Error::PartlyWritten {
                    path: "p".into(),
                    written: vec!["q".into()],
                    source: std::io::ErrorKind::AlreadyExists.into(),
                },
                3,
            ),
            (
                Error::LinkOutOfProject {
                    folder: ".claude".into(),
                    target: "/home/u/.ssh".into(),
                    resolved: true,
                    project: "/p".into(),
                },
                1,
            ),
            (
                Error::SelfCheck {
                    name: "n".into(),
                    detail: "d".into(),
                },
                1,
            ),
            (Error::Interrupted, 130),
        ];
        for (err, code) in cases {
            assert_eq!(err.exit_code(), code, "{err}");
        }
    }

    #[test]
    fn problems_are_listed_one_per_line_with_their_origin() {
        let err = Error::InvalidAnswers {
            problems: vec![Problem {
                origin: Origin::File {
                    path: "a.yaml".into(),
                    line: Some(3),
                },
                key: "model".into(),
                message: "'gpt' is not one of sonnet, opus".into(),
            }],
        };
        assert_eq!(
            err.to_string(),
            "1 problem in the answers; nothing was written:\n  a.yaml:3: model: 'gpt' is not one of sonnet, opus"
        );
    }
}
