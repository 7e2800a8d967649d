//! Bounded, read-only access to the project being detected: folder listings
//! and small regular files, addressed by paths relative to the project root.
//!
//! Detection runs before anything is asked, in any folder a user happens to
//! be in, so it must be cheap and must never hang or fail: every limit here
//! (folders listed, entries per folder, bytes per file, bytes in all) is a
//! hard cap, links are never followed below the root, and only regular files
//! are opened (a FIFO named `package.json` would otherwise block forever).

use std::collections::{BTreeSet, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest file read; larger ones (generated manifests, lockfiles) are
/// skipped, since what detection needs sits in small hand-written files.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;
/// Bytes read in one detection, all files together.
pub const MAX_TOTAL_BYTES: u64 = 8 * 1024 * 1024;
/// Folders listed in one detection, the root included.
pub const MAX_FOLDERS: usize = 64;
/// Entries looked at in one folder. Listing is in no particular order, so
/// the cap is far above any real project root (a manifest past it would be
/// missed) and only stops a folder of millions of generated files.
pub const MAX_ENTRIES: usize = 10_000;

/// Folder names never entered: dependencies, build output and VCS data are
/// large and say nothing about the project's own choices.
const SKIPPED: &[&str] = &[
    "node_modules",
    "target",
    ".git",
    "vendor",
    "dist",
    "build",
    ".venv",
    "venv",
    "__pycache__",
];

/// One folder's regular files and subfolders (not links), by name, sorted,
/// so detection does not depend on the order the file system lists them.
#[derive(Debug, Default)]
pub struct Folder {
    /// Relative to the root, `/`-separated; empty for the root itself.
    pub rel: String,
    pub files: BTreeSet<String>,
    pub dirs: BTreeSet<String>,
}

impl Folder {
    pub fn has(&self, name: &str) -> bool {
        self.files.contains(name)
    }

    /// The relative path of `name` in this folder.
    pub fn path(&self, name: &str) -> String {
        join(&self.rel, name)
    }

    /// Files whose name satisfies `pred`, in name order.
    pub fn files_where<'a>(
        &'a self,
        pred: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.files
            .iter()
            .map(String::as_str)
            .filter(move |n| pred(n))
    }
}

/// `rel/name`, or `name` at the root.
pub fn join(rel: &str, name: &str) -> String {
    if rel.is_empty() {
        name.to_owned()
    } else {
        format!("{rel}/{name}")
    }
}

/// The project root with the budget of one detection.
pub struct Tree<'a> {
    root: &'a Path,
    listed: HashSet<String>,
    bytes_read: u64,
}

impl<'a> Tree<'a> {
    pub fn new(root: &'a Path) -> Tree<'a> {
        Tree {
            root,
            listed: HashSet::new(),
            bytes_read: 0,
        }
    }

    fn full(&self, rel: &str) -> PathBuf {
        if rel.is_empty() {
            self.root.to_path_buf()
        } else {
            self.root.join(rel)
        }
    }

    /// Lists a folder once. `None` when it was listed before, the folder
    /// budget is spent, the name is one never entered, or it cannot be read.
    pub fn list(&mut self, rel: &str) -> Option<Folder> {
        if self.listed.len() >= MAX_FOLDERS || self.listed.contains(rel) {
            return None;
        }
        if rel.split('/').any(|part| SKIPPED.contains(&part)) {
            return None;
        }
        self.listed.insert(rel.to_owned());
        let mut folder = Folder {
            rel: rel.to_owned(),
            ..Folder::default()
        };
        for entry in fs::read_dir(self.full(rel)).ok()?.take(MAX_ENTRIES) {
            let Ok(entry) = entry else { continue };
            // DirEntry::file_type does not follow links: a link is neither.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            if kind.is_file() {
                folder.files.insert(name);
            } else if kind.is_dir() && !SKIPPED.contains(&name.as_str()) {
                folder.dirs.insert(name);
            }
        }
        Some(folder)
    }

    /// The text of a regular file of at most [`MAX_FILE_BYTES`], or `None`
    /// for anything else: missing, a link, a FIFO or device, too large,
    /// unreadable, or past the byte budget. Invalid UTF-8 is replaced, as
    /// manifests are text and a stray byte should not hide the rest.
    pub fn read(&mut self, rel: &str) -> Option<String> {
        let file = open_regular(&self.full(rel))?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            return None;
        }
        let left = MAX_TOTAL_BYTES.checked_sub(self.bytes_read)?;
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        // The length may grow after the check: read no more than the cap.
        file.take(MAX_FILE_BYTES.min(left) + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        self.bytes_read += bytes.len() as u64;
        if bytes.len() as u64 > MAX_FILE_BYTES.min(left) {
            return None;
        }
        Some(match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }
}

/// Opens a file for reading without following a final link and without
/// blocking on a FIFO; the caller checks the type of what was opened.
#[cfg(unix)]
fn open_regular(path: &Path) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
        .ok()
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> Option<File> {
    // Without O_NOFOLLOW, check the type first; opening a named pipe on
    // Windows does not block.
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    OpenOptions::new().read(true).open(path).ok()
}

/// A member folder named by a workspace manifest (`crates/*`, `./apps/web`),
/// as folder paths relative to the root: `(folder, whole)` where `whole`
/// says the pattern names every subfolder of `folder`. Patterns that could
/// leave the project (`..`, absolute paths) or use other glob syntax are
/// ignored.
pub fn member_pattern(base: &str, pattern: &str) -> Option<(String, bool)> {
    let pattern = pattern.trim();
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let (folder, whole) = match pattern
        .strip_suffix("/**")
        .or_else(|| pattern.strip_suffix("/*"))
    {
        Some(folder) => (folder, true),
        None => (pattern.trim_end_matches('/'), false),
    };
    let safe = !folder.is_empty()
        && !folder.starts_with('/')
        && !folder.contains('\\')
        && !folder.contains(['*', '?', '[', '{', '!', ':'])
        && folder
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    safe.then(|| (join(base, folder), whole))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_patterns_stay_inside_the_project() {
        assert_eq!(member_pattern("", "./apps/*"), Some(("apps".into(), true)));
        assert_eq!(
            member_pattern("", "crates/core/"),
            Some(("crates/core".into(), false))
        );
        assert_eq!(member_pattern("sub", "x/**"), Some(("sub/x".into(), true)));
        for bad in [
            "../x",
            "/etc",
            "a/../../b",
            "a/*/b",
            "!apps/x",
            "*",
            "",
            "C:\\x",
        ] {
            assert_eq!(member_pattern("", bad), None, "{bad}");
        }
    }

    #[test]
    fn reads_only_small_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("small"), "hello").unwrap();
        fs::write(
            dir.path().join("large"),
            vec![b'a'; MAX_FILE_BYTES as usize + 1],
        )
        .unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        let mut tree = Tree::new(dir.path());
        assert_eq!(tree.read("small").as_deref(), Some("hello"));
        assert_eq!(tree.read("large"), None);
        assert_eq!(tree.read("sub"), None);
        assert_eq!(tree.read("missing"), None);
    }

    #[cfg(unix)]
    #[test]
    fn never_follows_links_nor_blocks_on_fifos() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("package.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        fs::write(dir.path().join("real"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let mut tree = Tree::new(dir.path());
        if made {
            assert_eq!(tree.read("package.json"), None);
        }
        assert_eq!(tree.read("link"), None);
        let root = tree.list("").unwrap();
        assert!(root.has("real"));
        assert!(!root.has("link") && !root.has("package.json"));
        assert!(
            !root.dirs.contains("loop"),
            "a link to a folder is not entered"
        );
    }

    #[test]
    fn lists_each_folder_once_and_skips_dependency_folders() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("node_modules/x")).unwrap();
        fs::create_dir_all(dir.path().join("apps/web")).unwrap();
        let mut tree = Tree::new(dir.path());
        let root = tree.list("").unwrap();
        assert!(root.dirs.contains("apps") && !root.dirs.contains("node_modules"));
        assert!(tree.list("").is_none(), "listed once");
        assert!(tree.list("node_modules/x").is_none());
        assert!(tree.list("apps/web").is_some());
    }

    #[test]
    fn stops_listing_after_the_folder_budget() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..MAX_FOLDERS + 5 {
            fs::create_dir(dir.path().join(format!("d{i}"))).unwrap();
        }
        let mut tree = Tree::new(dir.path());
        let listed = (0..MAX_FOLDERS + 5)
            .filter(|i| tree.list(&format!("d{i}")).is_some())
            .count();
        assert_eq!(listed, MAX_FOLDERS);
    }
}
