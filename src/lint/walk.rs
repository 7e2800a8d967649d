//! Finding the agent files `agentgen lint` checks: the paths named, every
//! agent file below a folder (skipping folders that never hold agents),
//! and the links met on the way, which are followed only inside the
//! project and never back into a folder already searched. A path that
//! cannot be read becomes a finding in the report, not an error.

use std::path::{Path, PathBuf};

use super::{Located, Report};
use crate::finding::Finding;
use crate::read;
use crate::target::Target;

/// Folders never searched: they hold no agents and can be huge.
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    ".venv",
    "vendor",
    "__pycache__",
];

/// Adds the agent files at `path`: the file itself when it was named
/// explicitly, or every agent file below a folder.
pub(super) fn collect(
    path: &Path,
    explicit: bool,
    out: &mut Vec<(PathBuf, Target)>,
    report: &mut Report,
) {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) => {
            report.findings.push(Located {
                file: path.to_owned(),
                line: None,
                finding: Finding::error(
                    "unreadable",
                    format!("cannot read it: {e}"),
                    "check the path",
                ),
            });
            return;
        }
    };
    if meta.is_dir() {
        collect_folder(path, out, report);
        return;
    }
    // Links to folders are followed only inside the project and never
    // back into a folder being searched (a link can make a cycle); links
    // to files are checked like files.
    if meta.file_type().is_symlink() && path.is_dir() {
        match follows(path) {
            Ok(()) => {
                collect_folder(path, out, report);
            }
            Err(why) if explicit => report.findings.push(Located {
                file: path.to_owned(),
                line: None,
                finding: Finding::warning(
                    "not-followed",
                    why,
                    "lint the folder it leads to by its own path",
                ),
            }),
            Err(_) => {}
        }
        return;
    }
    let target = match Target::detect(path) {
        Some(target) => target,
        None if explicit && path.extension().is_some_and(|e| e == "toml") => Target::Codex,
        None if explicit => Target::Claude,
        // In a folder no tool reads (such as one written with `-o DIR`),
        // an agent file is known by its fields.
        None => match head(path).and_then(|head| Target::guess(path, &head)) {
            Some(target) => target,
            None => return,
        },
    };
    out.push((path.to_owned(), target));
}

/// Adds every agent file below the folder at `path`.
fn collect_folder(path: &Path, out: &mut Vec<(PathBuf, Target)>, report: &mut Report) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            report.findings.push(Located {
                file: path.to_owned(),
                line: None,
                finding: Finding::error(
                    "unreadable",
                    format!("cannot list it: {e}"),
                    "check permissions",
                ),
            });
            return;
        }
    };
    entries.sort();
    for entry in entries {
        let skip = entry
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| SKIPPED_DIRS.contains(&n));
        if !skip {
            collect(&entry, false, out, report);
        }
    }
}

/// Whether the link to a folder at `path` is followed: only when it leads
/// inside the project and not to a folder above one on the way to it
/// (which would loop); `Err` says why not.
fn follows(path: &Path) -> Result<(), String> {
    let target = path
        .canonicalize()
        .map_err(|e| format!("cannot follow the link: {e}"))?;
    let cwd = std::env::current_dir().map_err(|e| format!("the current folder is unknown: {e}"))?;
    let root = crate::config::project_root(&cwd);
    if !target.starts_with(&root) {
        return Err(format!(
            "a link to {}, outside the project {}, is not followed",
            target.display(),
            root.display()
        ));
    }
    let loops = cwd
        .join(path)
        .ancestors()
        .skip(1)
        .filter_map(|a| a.canonicalize().ok())
        .any(|a| a.starts_with(&target));
    match loops {
        true => Err(format!(
            "a link back to {}, which is already searched, is not followed",
            target.display()
        )),
        false => Ok(()),
    }
}

/// The first few KiB of a file, if it is a regular file: through the one
/// reader that never blocks on a FIFO or a device.
fn head(path: &Path) -> Option<String> {
    let bytes = read::read_capped(path, "an agent file").ok()?;
    let end = bytes.len().min(8 * 1024);
    Some(String::from_utf8_lossy(&bytes[..end]).into_owned())
}
