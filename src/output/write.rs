//! Writing a plan: every file or none, whatever fails and whenever a
//! signal comes.
//!
//! Two phases, so that a failure leaves nothing half done:
//! 1. Stage: every file's contents go to a temporary file `.agentgen-*.tmp`
//!    in its destination folder (folders are created as needed), closed
//!    once written so a batch of any size needs one descriptor. Then one
//!    durability barrier for the batch: on Linux one `syncfs` per file
//!    system (or an fsync when it holds a single file), elsewhere an fsync
//!    per file. Any failure here (a read-only folder, a full disk, a file
//!    size limit, SIGINT, SIGTERM or SIGHUP) removes every temporary file
//!    and every folder this run created, if it is still empty, and no
//!    destination was touched.
//! 2. Commit: each temporary file is renamed onto its destination. The
//!    rename replaces what is there, a link included, and never writes
//!    through it. With refusal of overwrites a destination that appeared
//!    since planning is found before the first rename and is not replaced
//!    (and the rename itself will not replace one that appears later). A
//!    signal now waits for the last rename (they take milliseconds). A
//!    failure here is rare; the remaining temporary files are removed and
//!    the error lists the files already written.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::TempPath;

use super::{Outcome, Overwrite, Plan, PlannedFile};
use crate::error::{Error, Result};
use crate::signals::{self, Writing};

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
            .write_all(&file.contents)
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
        // From the first rename on, the renames finish before a signal
        // ends the run, and it then says the files were written.
        if written.len() == 1 {
            writing.wrote();
        }
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

#[cfg(test)]
mod tests {
    use super::super::plan;
    use super::*;

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
