//! `agentgen.lock`: every file agentgen owns in the project, and the base
//! of the next three-way merge.
//!
//! For each file: its path (relative to the project root), the agent and
//! target it is, the digest of exactly what agentgen last wrote there, the
//! agentgen version and a digest of the templates that rendered it, and
//! the pristine render (`base`), kept as a list of lines so that the
//! committed file diffs line by line. A teammate's fresh clone can sync
//! with nothing else: no git history, no network, no home folder. The lock
//! is JSON, which no agent tool reads as an agent and which parses fast
//! for `sync --check` in CI.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The lock's format; a lock from a newer agentgen is refused, not guessed.
pub const VERSION: u32 = 1;

/// The largest lock agentgen writes or reads: it keeps each owned agent's
/// render (about 10 KiB), so this is room for a few thousand agents while
/// bounding what a hostile repository's lock can make a run hold.
pub const MAX_LOCK_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    pub version: u32,
    /// For each manifest entry (`agents/NAME`, `kits/KIT`) last synced with
    /// built-in templates: a digest of everything its render depends on
    /// (agentgen's version, the entry, the manifest's targets, the detected
    /// stack). When it still matches, `sync` knows the render would be the
    /// same without rendering.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub inputs: std::collections::BTreeMap<String, String>,
    pub files: Vec<Locked>,
}

/// One file agentgen owns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locked {
    pub path: String,
    /// The manifest entry that wants the file: `agents/NAME` or
    /// `kits/KIT`.
    pub entry: String,
    pub agent: String,
    pub target: String,
    /// Digest of what agentgen wrote (a merge or the render).
    pub written: String,
    /// The agentgen version that wrote it.
    pub agentgen: String,
    /// Digest of the templates that rendered `base`.
    pub templates: String,
    /// The pristine render, line by line: the base of the next merge.
    pub base: Vec<String>,
}

impl Locked {
    pub fn base_text(&self) -> String {
        join_lines(&self.base)
    }
}

/// Splits text into the lines the lock keeps; [`join_lines`] gives the
/// text back exactly (a text ending in a newline ends in an empty line).
pub fn split_lines(text: &str) -> Vec<String> {
    text.split('\n').map(str::to_owned).collect()
}

pub fn join_lines(lines: &[String]) -> String {
    lines.join("\n")
}

impl Lock {
    /// Reads the lock, or an empty one when the project has none.
    pub fn read(path: &Path) -> Result<Lock> {
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() || meta.len() > MAX_LOCK_BYTES => {
                return Err(Error::Project {
                    path: path.to_owned(),
                    line: None,
                    message: format!(
                        "it is not a regular file of at most {} MiB; agentgen writes this file: restore it from version control",
                        MAX_LOCK_BYTES / 1024 / 1024
                    ),
                });
            }
            _ => {}
        }
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Lock::new()),
            Err(e) => {
                return Err(Error::Project {
                    path: path.to_owned(),
                    line: None,
                    message: format!("cannot read it: {e}"),
                });
            }
        };
        let lock: Lock = serde_json::from_str(&text).map_err(|e| Error::Project {
            path: path.to_owned(),
            line: Some(e.line()),
            message: format!(
                "{e}; agentgen writes this file: restore it from version control, or delete it and run `agentgen sync` (edited agents then need --force)"
            ),
        })?;
        if lock.version > VERSION {
            return Err(Error::Project {
                path: path.to_owned(),
                line: None,
                message: format!(
                    "it was written by a newer agentgen (lock version {}); upgrade agentgen",
                    lock.version
                ),
            });
        }
        Ok(lock)
    }

    pub fn new() -> Lock {
        Lock {
            version: VERSION,
            inputs: Default::default(),
            files: Vec::new(),
        }
    }

    pub fn get(&self, path: &str) -> Option<&Locked> {
        self.files.iter().find(|f| f.path == path)
    }

    /// Records a file, replacing its earlier entry.
    pub fn put(&mut self, entry: Locked) {
        match self.files.iter_mut().find(|f| f.path == entry.path) {
            Some(slot) => *slot = entry,
            None => self.files.push(entry),
        }
    }

    pub fn remove(&mut self, path: &str) {
        self.files.retain(|f| f.path != path);
    }

    /// The lock as written: files in path order, so that it diffs well.
    pub fn to_text(&self) -> String {
        let mut sorted = self.clone();
        sorted.files.sort_by(|a, b| a.path.cmp(&b.path));
        // Plain data always encodes.
        serde_json::to_string_pretty(&sorted).expect("the lock encodes as JSON") + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip() {
        for text in ["", "a", "a\n", "a\nb", "a\n\nb\n\n", "\n"] {
            assert_eq!(join_lines(&split_lines(text)), text, "{text:?}");
        }
    }
}
