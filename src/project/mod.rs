//! The project agentgen writes into, and the two files that make its
//! agents code: the manifest `agentgen.yaml` (what the project wants,
//! edited by people) and the lock `agentgen.lock` (what agentgen wrote,
//! written only by agentgen).
//!
//! The project root is the nearest folder upward that holds
//! `agentgen.yaml`; else the root of the git work tree around the current
//! folder; else the current folder. Paths are kept relative to the current
//! folder (`../..`), so messages name files the way the user would type
//! them.

pub mod lock;
pub mod manifest;
pub mod reconcile;

use std::path::{Path, PathBuf};

pub const MANIFEST: &str = "agentgen.yaml";
pub const LOCK: &str = "agentgen.lock";

/// Where the project is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// The root, relative to the current folder (empty for the current
    /// folder itself).
    pub root: PathBuf,
}

impl Project {
    /// Finds the project around `cwd` (an absolute path).
    pub fn find(cwd: &Path) -> Project {
        let mut git = None;
        let mut up = PathBuf::new();
        for dir in cwd.ancestors() {
            if dir.join(MANIFEST).is_file() {
                return Project { root: up };
            }
            if git.is_none() && dir.join(".git").exists() {
                git = Some(up.clone());
            }
            up.push("..");
        }
        Project {
            root: git.unwrap_or_default(),
        }
    }

    pub fn manifest_path(&self) -> PathBuf {
        self.root.join(MANIFEST)
    }

    pub fn lock_path(&self) -> PathBuf {
        self.root.join(LOCK)
    }

    /// A path inside the project, as the manifest and lock record it:
    /// relative to the root, with `/` separators.
    pub fn relative(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// A path the manifest or lock records, as a path from the current
    /// folder.
    pub fn resolve(&self, recorded: &str) -> PathBuf {
        self.root.join(recorded)
    }
}

/// A short, stable digest of some text (SHA-256, hex), for the lock.
pub fn digest(text: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(text);
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for byte in hash {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_the_nearest_manifest_then_git_then_here() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(Project::find(&deep).root, PathBuf::new());
        std::fs::create_dir(dir.path().join("a/.git")).unwrap();
        assert_eq!(Project::find(&deep).root, PathBuf::from("../.."));
        std::fs::write(dir.path().join("a/b").join(MANIFEST), "").unwrap();
        assert_eq!(Project::find(&deep).root, PathBuf::from(".."));
    }
}
