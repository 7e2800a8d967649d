//! Everything agentgen writes: standard output, standard error and files.
//!
//! No other module prints or writes (the interactive prompts draw on the
//! terminal through dialoguer, in `prompt::terminal`). Commands produce text
//! and file plans; this module delivers them. Files are planned first and
//! written second: [`plan`] checks every destination (a folder in the way or
//! a parent that is not a folder is refused) and notes which files already
//! exist, so the caller can refuse or ask before a single byte is written
//! and a refusal leaves the disk as it was. [`write`] then writes each file
//! atomically: the contents go to a
//! temporary file in the destination folder, which is renamed over the
//! destination, so a failure leaves the old file or the new one, never a
//! part. A refused overwrite is also enforced at the rename itself, so a
//! file that appears between the check and the write is not replaced.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Whether existing files may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    Refuse,
    Replace,
}

/// One file to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: PathBuf,
    pub contents: String,
    /// A file (or link) is already at `path`.
    pub replaces: bool,
}

/// Files checked and ready to be written.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
}

impl Plan {
    /// The files that already exist.
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

/// Checks every destination and returns the plan, or the first problem.
pub fn plan(files: Vec<(PathBuf, String)>) -> Result<Plan> {
    let mut planned = Vec::with_capacity(files.len());
    for (path, contents) in files {
        let replaces = check_destination(&path)?;
        planned.push(PlannedFile {
            path,
            contents,
            replaces,
        });
    }
    Ok(Plan { files: planned })
}

/// Whether something already exists at `path`; an error when nothing could
/// ever be written there.
fn check_destination(path: &Path) -> Result<bool> {
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
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io("inspect", path, e)),
    }
}

/// Writes every planned file, each atomically. With `Overwrite::Refuse`, a
/// file that appeared since planning is not replaced.
pub fn write(plan: &Plan, overwrite: Overwrite) -> Result<()> {
    for file in &plan.files {
        write_atomic(&file.path, file.contents.as_bytes(), overwrite)?;
    }
    Ok(())
}

fn write_atomic(path: &Path, contents: &[u8], overwrite: Overwrite) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".agentgen-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The usual mode of a new file; the umask applies at creation.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a temporary file in", dir, e))?;
    // A replaced file keeps its permissions, as with an editor's save.
    if let Ok(meta) = fs::metadata(path)
        && meta.is_file()
    {
        let _ = fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io("write", path, e))?;
    let persisted = match overwrite {
        Overwrite::Replace => tmp.persist(path),
        Overwrite::Refuse => tmp.persist_noclobber(path),
    };
    // On failure the temporary file is dropped with the error, and removed.
    persisted.map(drop).map_err(|e| match e.error.kind() {
        io::ErrorKind::AlreadyExists => Error::Exists {
            path: path.to_owned(),
        },
        _ => Error::io("write", path, e.error),
    })
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
    fn a_parent_that_is_a_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("f"), "").unwrap();
        let err = plan(vec![(dir.path().join("f/x/a.md"), "".into())]).unwrap_err();
        let cause = std::error::Error::source(&err)
            .map(|c| c.to_string())
            .unwrap_or_default();
        assert!(cause.contains("is a file, not a folder"), "{err}: {cause}");
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
