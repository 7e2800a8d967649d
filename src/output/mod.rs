//! Everything agentgen writes: standard output, standard error and files.
//!
//! No other module prints or writes (the interactive prompts draw on the
//! terminal through dialoguer, in `prompt::terminal`). Commands produce text
//! and file plans; this module delivers them.
//!
//! Files are planned first and written second. [`plan`] checks every
//! destination (a folder in the way or a parent that is not a folder is
//! refused) and notes what is already there: nothing, a file with exactly
//! the planned contents (left alone, reported as `unchanged`, and needing no
//! consent since nothing would be lost), or something else (a different
//! file, or a link), which only `--force` or a "yes" may replace. A device,
//! FIFO or socket is never replaced, and no file is written that is larger
//! than agentgen (and so `lint`) reads ([`crate::read::MAX_FILE_BYTES`]).
//! Two files for one place in one run are refused. A refusal leaves the
//! disk as it was. [`write`] (in `write.rs`) then writes the whole plan, all
//! or nothing, even when a signal comes.
//!
//! Links: agentgen never writes through a link at a file's own path, and
//! [`check_project_folder`] refuses a default project folder
//! (`.claude/agents` and the like, and `agents/` and `.claude-plugin/` in a
//! `--plugin` folder) that is, or sits under, a link leading out of the
//! project, since a hostile repository could point it at `~/.ssh`. A
//! folder the user names (`-o DIR`, `--plugin DIR`, `--save-answers`) and
//! the user's own home (`--user`) are followed: the user chose them.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::read;

mod report;
mod write;

pub use report::{FileRow, NoteRow, Owners, RunReport};
pub use write::write;

/// Whether existing files may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    Refuse,
    Replace,
}

/// What happens, or happened, to one planned file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Replaced,
    /// The file already had exactly these contents; it was not touched.
    Unchanged,
}

impl Outcome {
    /// The word a report uses: `created PATH`.
    pub fn verb(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Replaced => "replaced",
            Outcome::Unchanged => "unchanged",
        }
    }
}

/// One file to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: PathBuf,
    /// Text for every file but a plugin's icon.
    pub contents: Vec<u8>,
    /// Something else is at `path`: a file with other contents, or a link
    /// (never followed, so always replaced rather than compared).
    pub replaces: bool,
    /// A regular file with exactly `contents` is at `path`.
    pub unchanged: bool,
}

impl PlannedFile {
    pub fn outcome(&self) -> Outcome {
        if self.unchanged {
            Outcome::Unchanged
        } else if self.replaces {
            Outcome::Replaced
        } else {
            Outcome::Created
        }
    }
}

/// Files checked and ready to be written.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
}

impl Plan {
    /// The files that exist and would change: what needs consent.
    pub fn replaced(&self) -> impl Iterator<Item = &Path> {
        self.files
            .iter()
            .filter(|f| f.replaces)
            .map(|f| f.path.as_path())
    }

    /// The refusal a run without consent to replace files ends with.
    pub fn refuse_existing(&self) -> Result<()> {
        match self.replaced().next() {
            Some(path) => Err(Error::Exists {
                path: path.to_owned(),
            }),
            None => Ok(()),
        }
    }
}

/// What is at a destination now.
enum Existing {
    Nothing,
    Same,
    Different,
}

/// Checks every destination and returns the plan, or the first problem.
/// Two files for the same place (`--save-answers` naming the agent's own
/// file) are refused: the second would silently replace the first.
pub fn plan(files: Vec<(PathBuf, String)>) -> Result<Plan> {
    plan_bytes(
        files
            .into_iter()
            .map(|(p, c)| (p, c.into_bytes()))
            .collect(),
    )
}

/// [`plan`] for files that may not be text (a plugin's icon).
pub fn plan_bytes(files: Vec<(PathBuf, Vec<u8>)>) -> Result<Plan> {
    let mut planned = Vec::with_capacity(files.len());
    let mut places = HashSet::with_capacity(files.len());
    let mut resolved = HashMap::new();
    for (path, contents) in files {
        if !places.insert(place(&path, &mut resolved)) {
            return Err(Error::usage(format!(
                "{} would be written twice in one run, the second file replacing the first; \
                 give --save-answers (or -o) a path of its own",
                path.display()
            )));
        }
        // What lint would skip unread is never written. The project's lock
        // is no agent: it holds every owned agent's render, and has its own
        // limit, which its reader applies too.
        let limit = match path.file_name() {
            Some(name) if name == crate::project::LOCK => crate::project::lock::MAX_LOCK_BYTES,
            _ => read::MAX_FILE_BYTES,
        };
        if contents.len() as u64 > limit {
            return Err(Error::Refused {
                action: "write",
                path,
                reason: read::too_large(read::ANY_FILE),
            });
        }
        let existing = check_destination(&path, &contents)?;
        planned.push(PlannedFile {
            path,
            contents,
            replaces: matches!(existing, Existing::Different),
            unchanged: matches!(existing, Existing::Same),
        });
    }
    Ok(Plan { files: planned })
}

/// Where `path` lands, for telling two spellings of one place apart
/// (`./a.md`, `a.md`, `sub/../a.md` with `sub` a folder): the resolved
/// folder when it exists, the path without `.` parts otherwise. Folders
/// are resolved once each.
fn place(path: &Path, resolved: &mut HashMap<PathBuf, Option<PathBuf>>) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir = resolved
        .entry(dir.to_owned())
        .or_insert_with(|| dir.canonicalize().ok());
    match (dir, path.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => path
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect(),
    }
}

/// What is at `path`; an error when nothing could ever be written there.
fn check_destination(path: &Path, contents: &[u8]) -> Result<Existing> {
    let mut ancestor = path.parent();
    while let Some(dir) = ancestor.filter(|d| !d.as_os_str().is_empty()) {
        match fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => {
                return Err(Error::io(
                    "write",
                    path,
                    io::Error::other(format!("{} is a file, not a folder", dir.display())),
                ));
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                ancestor = dir.parent()
            }
            Err(e) => return Err(Error::io("inspect", dir, e)),
        }
    }
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Err(Error::io(
            "write",
            path,
            io::Error::other("a folder is in the way"),
        )),
        // Only a regular file is compared: reading through a link would
        // follow it, and the link itself is replaced anyway.
        Ok(meta) if meta.is_file() && meta.len() == contents.len() as u64 => match fs::read(path) {
            Ok(old) if old == contents => Ok(Existing::Same),
            _ => Ok(Existing::Different),
        },
        // A device, FIFO or socket is never replaced: as root, --force
        // would otherwise remove /dev/null itself.
        Ok(meta) if !meta.is_file() && !meta.file_type().is_symlink() => Err(Error::Refused {
            action: "replace",
            path: path.to_owned(),
            reason: read::not_regular(&meta, "agentgen replaces only regular files and links"),
        }),
        Ok(_) => Ok(Existing::Different),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Existing::Nothing),
        Err(e) => Err(Error::io("inspect", path, e)),
    }
}

/// Refuses a default project folder (`rel`, such as `.claude/agents`,
/// under `root`) that is, or sits under, a link leading out of `root`, or
/// a link that does not resolve. `root` itself may be a link: the user
/// named it, or it is the current folder. Checked before anything is asked,
/// so a hostile repository cannot aim agentgen at another folder.
/// Removes files a run no longer wants (agents taken out of the project's
/// manifest, unedited), after its other files are written. A file already
/// gone is fine.
pub fn remove(paths: &[PathBuf]) -> Result<()> {
    for path in paths {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::io("remove", path, source)),
        }
    }
    Ok(())
}

pub fn check_project_folder(root: &Path, rel: &Path) -> Result<()> {
    let root_dir = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let Ok(resolved_root) = root_dir.canonicalize() else {
        // No root yet: -o DIR that does not exist; it will be created with
        // real folders below it.
        return Ok(());
    };
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let (target, resolved) = match at.canonicalize() {
                    Ok(resolved) if resolved.starts_with(&resolved_root) => continue,
                    Ok(resolved) => (resolved, true),
                    Err(_) => (fs::read_link(&at).unwrap_or_default(), false),
                };
                return Err(Error::LinkOutOfProject {
                    folder: at,
                    target,
                    resolved,
                    project: resolved_root,
                });
            }
            Ok(_) => {}
            // Missing: created as a real folder when the file is written.
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// Standard output and standard error.
#[derive(Debug, Default)]
pub struct Console {
    _private: (),
}

impl Console {
    pub fn new() -> Console {
        Console::default()
    }

    /// Writes to standard output. A closed pipe (`agentgen list | head -1`)
    /// is not an error: the reader has what it wanted.
    pub fn out(&self, text: &str) -> Result<()> {
        let mut stdout = io::stdout().lock();
        match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Stream {
                stream: "standard output",
                source: e,
            }),
            _ => Ok(()),
        }
    }

    /// A status line on standard error.
    pub fn note(&self, text: &str) {
        line_to_stderr(format!("{text}\n"));
    }

    /// A warning on standard error.
    pub fn warn(&self, text: &str) {
        line_to_stderr(format!("warning: {text}\n"));
    }
}

/// One line in one write: standard error is unbuffered, and `writeln!`
/// writes the text and its line break separately, so a signal's message
/// (see [`crate::signals`]) could land between them, mid-line.
fn line_to_stderr(line: String) {
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_existing_files_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("a.md");
        fs::write(&old, "old").unwrap();
        let new = dir.path().join("sub/b.md");
        let p = plan(vec![(new, "b".into()), (old.clone(), "a".into())]).unwrap();
        let err = p.refuse_existing().unwrap_err();
        assert!(matches!(err, Error::Exists { ref path } if *path == old));
        assert_eq!(fs::read_to_string(&old).unwrap(), "old");
        assert!(!dir.path().join("sub").exists(), "planning creates nothing");
    }

    #[test]
    fn the_same_place_twice_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        let twice = |other: PathBuf| {
            let err = plan(vec![(a.clone(), "1".into()), (other, "2".into())]).unwrap_err();
            assert!(matches!(err, Error::Usage { .. }), "{err:?}");
            assert!(err.to_string().contains("would be written twice"), "{err}");
        };
        twice(a.clone());
        twice(dir.path().join("./a.md"));
        fs::create_dir(dir.path().join("sub")).unwrap();
        twice(dir.path().join("sub/../a.md"));
        plan(vec![
            (a.clone(), "1".into()),
            (dir.path().join("b.md"), "2".into()),
        ])
        .unwrap();
        assert!(!a.exists());
    }

    #[test]
    fn a_parent_that_is_a_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("f"), "").unwrap();
        let err = plan(vec![(dir.path().join("f/x/a.md"), "".into())]).unwrap_err();
        let cause = std::error::Error::source(&err)
            .map(|c| c.to_string())
            .unwrap_or_default();
        assert!(cause.contains("is a file, not a folder"), "{err}: {cause}");
    }

    #[test]
    fn identical_contents_are_left_alone_and_need_no_consent() {
        let dir = tempfile::tempdir().unwrap();
        let same = dir.path().join("same.md");
        let other = dir.path().join("other.md");
        fs::write(&same, "text").unwrap();
        fs::write(&other, "text").unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        fs::File::options()
            .write(true)
            .open(&same)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let p = plan(vec![
            (same.clone(), "text".into()),
            (other.clone(), "texT".into()),
            (dir.path().join("new.md"), "text".into()),
        ])
        .unwrap();
        let outcomes: Vec<Outcome> = p.files.iter().map(PlannedFile::outcome).collect();
        assert_eq!(
            outcomes,
            [Outcome::Unchanged, Outcome::Replaced, Outcome::Created]
        );
        assert_eq!(p.replaced().collect::<Vec<_>>(), [other.as_path()]);
        assert_eq!(write(&p, Overwrite::Replace).unwrap(), outcomes);
        assert_eq!(fs::metadata(&same).unwrap().modified().unwrap(), old);
        assert_eq!(fs::read_to_string(&other).unwrap(), "texT");

        let again = plan(vec![(same.clone(), "text".into())]).unwrap();
        again.refuse_existing().unwrap();
        assert_eq!(
            write(&again, Overwrite::Refuse).unwrap(),
            [Outcome::Unchanged]
        );
        assert_eq!(fs::metadata(&same).unwrap().modified().unwrap(), old);
    }

    #[cfg(unix)]
    #[test]
    fn project_folders_may_not_link_out_of_the_project() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        let outside = dir.path().join("outside");
        fs::create_dir_all(project.join("config/agents")).unwrap();
        fs::create_dir(&outside).unwrap();
        let rel = Path::new(".claude/agents");
        check_project_folder(&project, rel).unwrap();

        symlink("config", project.join(".claude")).unwrap();
        check_project_folder(&project, rel).unwrap();
        fs::remove_file(project.join(".claude")).unwrap();

        symlink(&outside, project.join(".claude")).unwrap();
        let err = check_project_folder(&project, rel).unwrap_err();
        assert!(
            matches!(&err, Error::LinkOutOfProject { folder, resolved: true, .. } if folder.ends_with(".claude")),
            "{err:?}"
        );
        fs::remove_file(project.join(".claude")).unwrap();

        fs::create_dir(project.join(".claude")).unwrap();
        symlink("../../outside", project.join(".claude/agents")).unwrap();
        assert!(check_project_folder(&project, rel).is_err());
        fs::remove_file(project.join(".claude/agents")).unwrap();
        symlink("nowhere", project.join(".claude/agents")).unwrap();
        assert!(matches!(
            check_project_folder(&project, rel),
            Err(Error::LinkOutOfProject {
                resolved: false,
                ..
            })
        ));

        // The project folder itself may be a link: the user named it.
        symlink(&project, dir.path().join("named")).unwrap();
        fs::remove_file(project.join(".claude/agents")).unwrap();
        check_project_folder(&dir.path().join("named"), rel).unwrap();
    }

    #[test]
    fn a_file_over_the_read_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let limit = read::MAX_FILE_BYTES as usize;
        plan(vec![(path.clone(), "x".repeat(limit))]).unwrap();
        let err = plan(vec![(path.clone(), "x".repeat(limit + 1))]).unwrap_err();
        assert!(
            matches!(
                &err,
                Error::Refused {
                    action: "write",
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(err.exit_code(), 2);
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_and_links_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("s.yaml");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let err = plan(vec![(socket.clone(), "a".into())]).unwrap_err();
        assert!(
            err.to_string().ends_with(
                "it is a socket, not a regular file; agentgen replaces only regular files and links"
            ),
            "{err}"
        );
        let link = dir.path().join("l.yaml");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        assert!(plan(vec![(link, "a".into())]).unwrap().files[0].replaces);
    }
}
