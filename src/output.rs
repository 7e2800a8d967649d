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
//! file, or a link), which only `--force` or a "yes" may replace. Two files
//! for one place in one run are refused. A refusal leaves the disk as it
//! was.
//!
//! [`write`] then writes the whole plan in two phases, so that a failure
//! leaves nothing half done:
//! 1. Stage: every file's contents go to a temporary file `.agentgen-*.tmp`
//!    in its destination folder (folders are created as needed), closed
//!    once written so a batch of any size needs one descriptor. Then one
//!    durability barrier for the batch: on Linux one `syncfs` per file
//!    system (or an fsync when it holds a single file), elsewhere an fsync
//!    per file. Any failure here (a read-only folder, a full disk, a file
//!    size limit) removes every temporary file and every folder this run
//!    created, if it is still empty, and no destination was touched.
//! 2. Commit: each temporary file is renamed onto its destination. The
//!    rename replaces what is there, a link included, and never writes
//!    through it. With refusal of overwrites a destination that appeared
//!    since planning is found before the first rename and is not replaced
//!    (and the rename itself will not replace one that appears later). A
//!    failure here is rare; the remaining temporary files are removed and
//!    the error lists the files already written.
//!
//! Links: agentgen never writes through a link at a file's own path, and
//! [`check_project_folder`] refuses a default project folder
//! (`.claude/agents` and the like) that is, or sits under, a link leading out
//! of the project, since a hostile repository could point it at `~/.ssh`.
//! A folder the user names (`-o DIR`, `--plugin DIR`, `--save-answers`) and
//! the user's own home (`--user`) are followed: the user chose them.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::TempPath;

use crate::error::{Error, Result};
use crate::read;
use crate::signals::{self, Writing};

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
    pub contents: String,
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
        // What lint would skip unread is never written.
        if contents.len() as u64 > read::MAX_FILE_BYTES {
            return Err(Error::Refused {
                action: "write",
                path,
                reason: read::too_large(read::ANY_FILE),
            });
        }
        let existing = check_destination(&path, contents.as_bytes())?;
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

/// Writes the plan in two phases (see the module documentation) and
/// returns each file's outcome, in plan order. With `Overwrite::Refuse`, a
/// file that appeared since planning is not replaced.
///
/// SIGINT, SIGTERM and SIGHUP (see [`crate::signals`]) stop the first
/// phase, which then cleans up as after any failure; in the second they
/// wait for the last rename. Either way the run ends with
/// [`Error::Signalled`], saying which of the two happened.
pub fn write(plan: &Plan, overwrite: Overwrite) -> Result<Vec<Outcome>> {
    let writing = signals::writing();
    let mut folders = Folders::default();
    let result = stage(plan, &mut folders).and_then(|staged| match signals::received() {
        Some(signal) => Err(Error::Signalled {
            signal,
            written: false,
        }),
        None => commit(staged, overwrite, &writing),
    });
    if result.is_err() {
        folders.remove_created();
    }
    drop(writing);
    result?;
    // A signal during the renames; one after this ends the run at once.
    if let Some(signal) = signals::received() {
        return Err(Error::Signalled {
            signal,
            written: true,
        });
    }
    Ok(plan.files.iter().map(PlannedFile::outcome).collect())
}

/// A planned file's contents in its temporary file, not yet in place. The
/// file is closed: a kit of thousands of files must not need thousands of
/// descriptors (the usual limit is 1,024). Dropping it removes the file.
struct Staged<'a> {
    path: &'a Path,
    dir: &'a Path,
    tmp: TempPath,
}

/// Phase 1: every temporary file written, then made durable. On an error
/// the temporary files made so far are removed as the vector drops.
fn stage<'a>(plan: &'a Plan, folders: &mut Folders) -> Result<Vec<Staged<'a>>> {
    let mut staged = Vec::with_capacity(plan.files.len());
    for file in plan.files.iter().filter(|f| !f.unchanged) {
        if let Some(signal) = signals::received() {
            return Err(Error::Signalled {
                signal,
                written: false,
            });
        }
        let path = file.path.as_path();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        folders
            .create(dir)
            .map_err(|e| not_written("create the folder", dir, e))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".agentgen-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The usual mode of a new file; the umask applies at creation.
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(dir)
            .map_err(|e| not_written("create a temporary file in", dir, e))?;
        // A replaced file keeps its permissions, as with an editor's save;
        // a link's target is not consulted.
        if file.replaces
            && let Ok(meta) = fs::symlink_metadata(path)
            && meta.is_file()
        {
            let _ = tmp.as_file().set_permissions(meta.permissions());
        }
        // Through the File: NamedTempFile's own Write names the temporary
        // path in its errors, a file the user never sees.
        let mut handle = tmp.as_file();
        handle
            .write_all(file.contents.as_bytes())
            .and_then(|()| early_sync(handle))
            .map_err(|e| not_written("write", path, e))?;
        staged.push(Staged {
            path,
            dir,
            tmp: tmp.into_temp_path(),
        });
    }
    barrier(&staged)?;
    Ok(staged)
}

/// One durability barrier for the whole batch, so the renames of phase 2
/// never expose a file whose contents are not yet on disk. syncfs flushes
/// a whole file system, so one call covers every file on it; a lone file
/// needs only its own fsync, which does not wait for the unrelated writes
/// of other programs.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn barrier(staged: &[Staged]) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let mut device_of: HashMap<&Path, u64> = HashMap::new();
    let mut devices: HashMap<u64, Vec<&Staged>> = HashMap::new();
    for s in staged {
        let dev = match device_of.get(s.dir) {
            Some(dev) => *dev,
            None => {
                let dev = fs::metadata(s.dir)
                    .map_err(|e| not_written("write", s.path, e))?
                    .dev();
                device_of.insert(s.dir, dev);
                dev
            }
        };
        devices.entry(dev).or_default().push(s);
    }
    for files in devices.values() {
        let first = files[0];
        let synced = if let [lone] = files.as_slice() {
            fs::File::open(&lone.tmp).and_then(|f| f.sync_all())
        } else {
            fs::File::open(first.dir)
                .and_then(|dir| rustix::fs::syncfs(&dir).map_err(io::Error::from))
        };
        synced.map_err(|e| not_written("write", first.path, e))?;
    }
    Ok(())
}

/// Elsewhere each file was synced as it was written (see [`early_sync`]).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn barrier(_staged: &[Staged]) -> Result<()> {
    Ok(())
}

/// Without syncfs, each file is synced while its descriptor is open.
fn early_sync(file: &fs::File) -> io::Result<()> {
    if cfg!(any(target_os = "linux", target_os = "android")) {
        Ok(())
    } else {
        file.sync_all()
    }
}

/// Phase 2: every temporary file renamed onto its destination.
fn commit(staged: Vec<Staged>, overwrite: Overwrite, writing: &Writing) -> Result<()> {
    if overwrite == Overwrite::Refuse
        && let Some(s) = staged.iter().find(|s| s.path.symlink_metadata().is_ok())
    {
        return Err(Error::Exists {
            path: s.path.to_owned(),
        });
    }
    let mut written: Vec<PathBuf> = Vec::new();
    // From the first rename on, a signal says the files were written: the
    // renames finish before the run ends.
    if !staged.is_empty() {
        writing.wrote();
    }
    // Dropping the iterator on an early return removes the temporary files
    // not yet renamed.
    for s in staged {
        let persisted = match overwrite {
            Overwrite::Replace => s.tmp.persist(s.path),
            Overwrite::Refuse => s.tmp.persist_noclobber(s.path),
        };
        // On failure the temporary file is dropped with the error, and
        // removed.
        if let Err(e) = persisted {
            let source = e.error;
            return Err(match (written.is_empty(), source.kind()) {
                (true, io::ErrorKind::AlreadyExists) => Error::Exists {
                    path: s.path.to_owned(),
                },
                (true, _) => not_written("write", s.path, source),
                (false, _) => Error::PartlyWritten {
                    path: s.path.to_owned(),
                    written,
                    source,
                },
            });
        }
        written.push(s.path.to_owned());
    }
    Ok(())
}

fn not_written(action: &'static str, path: &Path, source: io::Error) -> Error {
    Error::NotWritten {
        action,
        path: path.to_owned(),
        source,
    }
}

/// The folders a write needs, and which of them this run created, so a
/// failed write can remove them again.
#[derive(Default)]
struct Folders {
    /// Folders known to exist, checked once each.
    present: HashSet<PathBuf>,
    /// Folders this run created, parents first.
    created: Vec<PathBuf>,
}

impl Folders {
    fn create(&mut self, dir: &Path) -> io::Result<()> {
        if self.present.contains(dir) {
            return Ok(());
        }
        let mut missing = Vec::new();
        let mut at = dir;
        loop {
            match fs::metadata(at) {
                Ok(meta) if meta.is_dir() => break,
                Ok(_) => {
                    return Err(io::Error::other(format!(
                        "{} is a file, not a folder",
                        at.display()
                    )));
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => missing.push(at),
                Err(e) => return Err(e),
            }
            match at.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => at = parent,
                _ => break,
            }
        }
        for folder in missing.into_iter().rev() {
            match fs::create_dir(folder) {
                Ok(()) => self.created.push(folder.to_owned()),
                // Made meanwhile by someone else: not ours to remove.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && folder.is_dir() => {}
                Err(e) => return Err(e),
            }
        }
        self.present.insert(dir.to_owned());
        Ok(())
    }

    /// Removes the folders this run created, deepest first, where they are
    /// still empty; a folder holding a file written or kept stays.
    fn remove_created(&self) {
        for folder in self.created.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Refuses a default project folder (`rel`, such as `.claude/agents`,
/// under `root`) that is, or sits under, a link leading out of `root`, or
/// a link that does not resolve. `root` itself may be a link: the user
/// named it, or it is the current folder. Checked before anything is asked,
/// so a hostile repository cannot aim agentgen at another folder.
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
        let _ = writeln!(io::stderr().lock(), "{text}");
    }

    /// A warning on standard error.
    pub fn warn(&self, text: &str) {
        let _ = writeln!(io::stderr().lock(), "warning: {text}");
    }
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
    fn replaces_atomically_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "old").unwrap();
        let p = plan(vec![(path.clone(), "new".into())]).unwrap();
        assert!(p.files[0].replaces);
        write(&p, Overwrite::Replace).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_that_appears_after_planning_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let p = plan(vec![(path.clone(), "new".into())]).unwrap();
        p.refuse_existing().unwrap();
        fs::write(&path, "theirs").unwrap();
        assert!(matches!(
            write(&p, Overwrite::Refuse),
            Err(Error::Exists { .. })
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "theirs");
        let left = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 1, "no temporary file is left");
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

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
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
    fn a_link_at_the_destination_is_replaced_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        fs::write(&target, "text").unwrap();
        let link = dir.path().join("out/a.md");
        fs::create_dir(dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        // Same contents behind the link: still not "unchanged", since the
        // link is not followed.
        let p = plan(vec![(link.clone(), "text".into())]).unwrap();
        assert_eq!(p.files[0].outcome(), Outcome::Replaced);
        assert!(p.refuse_existing().is_err());
        let p = plan(vec![(link.clone(), "new".into())]).unwrap();
        write(&p, Overwrite::Replace).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_file());
        assert_eq!(fs::read_to_string(&link).unwrap(), "new");
        assert_eq!(fs::read_to_string(&target).unwrap(), "text");
    }

    #[test]
    fn a_failure_while_staging_leaves_no_file_and_no_new_folder() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept.md");
        fs::write(&kept, "old").unwrap();
        let p = plan(vec![
            (kept.clone(), "new".into()),
            (dir.path().join("a/b/first.md"), "1".into()),
            (dir.path().join("blocked/second.md"), "2".into()),
        ])
        .unwrap();
        // After planning, a file takes the place of the second folder.
        fs::write(dir.path().join("blocked"), "").unwrap();
        let err = write(&p, Overwrite::Replace).unwrap_err();
        assert!(
            matches!(&err, Error::NotWritten { action: "create the folder", path, .. } if path.ends_with("blocked")),
            "{err:?}"
        );
        assert!(err.to_string().contains("nothing was changed"), "{err}");
        assert_eq!(fs::read_to_string(&kept).unwrap(), "old");
        assert_eq!(names(dir.path()), ["blocked", "kept.md"]);
    }

    #[test]
    fn a_failed_rename_lists_the_files_already_written() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("first.md");
        let second = dir.path().join("second.md");
        let third = dir.path().join("third.md");
        let p = plan(vec![
            (first.clone(), "1".into()),
            (second.clone(), "2".into()),
            (third.clone(), "3".into()),
        ])
        .unwrap();
        // A folder with a file in it cannot be renamed over.
        fs::create_dir(&second).unwrap();
        fs::write(second.join("x"), "").unwrap();
        let err = write(&p, Overwrite::Replace).unwrap_err();
        let Error::PartlyWritten { path, written, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(
            (path, written.as_slice()),
            (&second, [first.clone()].as_slice())
        );
        assert_eq!(err.exit_code(), 1);
        assert!(
            err.to_string()
                .contains(&format!("\n  {}\n", first.display())),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&first).unwrap(), "1");
        assert_eq!(
            names(dir.path()),
            ["first.md", "second.md"],
            "no temporary file is left, and the third file was not written"
        );
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

    #[cfg(unix)]
    #[test]
    fn replaced_files_keep_their_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let p = plan(vec![(path.clone(), "new".into())]).unwrap();
        write(&p, Overwrite::Replace).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
