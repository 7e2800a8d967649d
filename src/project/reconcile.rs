//! What to write where agentgen already wrote: a new render meets the file
//! on disk and the lock's record of the last render.
//!
//! For each file agentgen renders:
//! - nothing on disk: created (or restored, when the lock owns it);
//! - on disk and owned by the lock: a three-way merge with the lock's
//!   pristine render as base, the file as the user's side and the new
//!   render as the template's. Unedited files simply take the new render;
//!   edits the template did not touch are kept; frontmatter merges field
//!   by field as data, the body line by line; a real conflict leaves
//!   git-style markers in the body (or, with `--conflict rej`, the file
//!   alone and the conflicted text in `FILE.rej`);
//! - on disk and not owned: the same bytes are adopted; other bytes are
//!   another's file, which only `--force` replaces.
//!
//! After a write, the lock records the new render as the base, as a merge
//! commit would: once the user resolves the markers, the file merges
//! cleanly again.

use std::path::{Path, PathBuf};

use super::Project;
use super::lock::{Lock, Locked, split_lines};
use crate::agent_file::{self, Document, Format};
use crate::merge::{self, Labels};
use crate::target::Target;
use crate::value::Raw;
use crate::yaml::{self, TextStyle};

/// How a conflict is left for the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictStyle {
    /// Markers in the file's body.
    Inline,
    /// The file untouched; the conflicted text in `FILE.rej`.
    Reject,
}

/// What happens to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Create,
    /// Owned, but missing on disk: written again.
    Restore,
    /// Owned and unedited: the new render replaces it.
    Replace,
    /// Owned and edited: the edits merged with the new render.
    Merge,
    /// Owned and edited where the template changed too.
    Conflict,
    Unchanged,
    /// Someone else's file is there.
    Foreign,
}

impl Change {
    pub fn verb(self) -> &'static str {
        match self {
            Change::Create => "created",
            Change::Restore => "restored",
            Change::Replace => "replaced",
            Change::Merge => "merged with your edits",
            Change::Conflict => "conflict",
            Change::Unchanged => "unchanged",
            Change::Foreign => "replaced (not agentgen's)",
        }
    }
}

/// One file, reconciled.
#[derive(Clone, Debug)]
pub struct Reconciled {
    pub path: PathBuf,
    pub agent: String,
    pub target: Target,
    pub change: Change,
    /// What to write at `path` (for a rejected conflict: the file as it is).
    pub text: String,
    /// `FILE.rej` and its text, for a rejected conflict.
    pub reject: Option<(PathBuf, String)>,
    /// The new render: the next base.
    pub render: String,
    /// How many conflict blocks `text` (or the `.rej`) holds.
    pub conflicts: usize,
}

/// The lock of a run and the rules it applies.
pub struct Owner<'a> {
    pub project: &'a Project,
    pub lock: Lock,
    pub style: ConflictStyle,
}

impl Owner<'_> {
    /// Decides what to write for a new render at `path`.
    pub fn reconcile(
        &self,
        path: &Path,
        target: Target,
        agent: &str,
        render: String,
    ) -> Reconciled {
        let key = self.project.relative(path);
        let disk = std::fs::read_to_string(path).ok();
        let locked = self.lock.get(&key);
        let mut out = Reconciled {
            path: path.to_owned(),
            agent: agent.to_owned(),
            target,
            change: Change::Create,
            text: render.clone(),
            reject: None,
            render,
            conflicts: 0,
        };
        let (Some(ours), Some(locked)) = (disk.as_deref(), locked) else {
            out.change = match (disk.as_deref(), locked) {
                (None, Some(_)) => Change::Restore,
                (None, None) => Change::Create,
                (Some(d), None) if d == out.render => Change::Unchanged,
                (Some(_), _) => Change::Foreign,
            };
            return out;
        };
        let base = locked.base_text();
        let merged = merge_text(target.format(), &base, ours, &out.render);
        out.conflicts = merged.conflicts;
        out.change = if merged.text == ours {
            Change::Unchanged
        } else if ours == base {
            Change::Replace
        } else if merged.conflicts > 0 {
            Change::Conflict
        } else {
            Change::Merge
        };
        out.text = merged.text;
        if out.change == Change::Conflict && self.style == ConflictStyle::Reject {
            let mut rej = path.as_os_str().to_owned();
            rej.push(".rej");
            out.reject = Some((PathBuf::from(rej), std::mem::take(&mut out.text)));
            out.text = ours.to_owned();
        }
        out
    }

    /// Records what a run wrote for a manifest entry. A file the run leaves
    /// as it is keeps its record, so a sync that changes nothing leaves the
    /// lock as it was.
    pub fn record(&mut self, file: &Reconciled, entry: &str, templates: &str) {
        let path = self.project.relative(&file.path);
        if file.change == Change::Unchanged
            && let Some(old) = self.lock.get(&path)
            && old.base_text() == file.render
            && old.entry == entry
        {
            return;
        }
        self.lock.put(Locked {
            path: self.project.relative(&file.path),
            entry: entry.to_owned(),
            agent: file.agent.clone(),
            target: file.target.id().to_owned(),
            written: super::digest(file.text.as_bytes()),
            agentgen: env!("CARGO_PKG_VERSION").to_owned(),
            templates: templates.to_owned(),
            base: split_lines(&file.render),
        });
    }
}

/// A merged text and how many conflict blocks it holds.
pub struct Merged {
    pub text: String,
    pub conflicts: usize,
}

/// Merges a file's three versions: as documents (fields as data, the body
/// by lines) when all three read as agent files, else as plain lines.
pub fn merge_text(format: Format, base: &str, ours: &str, theirs: &str) -> Merged {
    if ours == theirs || theirs == base {
        return Merged {
            text: ours.to_owned(),
            conflicts: 0,
        };
    }
    if ours == base {
        return Merged {
            text: theirs.to_owned(),
            conflicts: 0,
        };
    }
    let read = |text: &str| {
        agent_file::parse(format, text)
            .ok()
            .map(|p| to_merge(format, p.doc))
    };
    if let (Some(b), Some((o, at)), Some(t)) = (read(base), read(ours), read(theirs)) {
        let merged = merge::merge_document(&b.0, &o, &t.0, Labels::default(), |key, value| {
            yaml::emit_mapping(&[(key.to_owned(), value.clone())], TextStyle::Escaped)
        });
        let conflicts = merged.conflicts.len();
        let text = agent_file::serialize(format, &from_merge(format, merged.document, at));
        return Merged { text, conflicts };
    }
    let merged = merge::merge_lines(base, ours, theirs, Labels::default());
    Merged {
        conflicts: merged.conflicts.len(),
        text: merged.text,
    }
}

/// The field that holds a TOML agent's instructions, merged as its body.
const TOML_BODY: &str = "developer_instructions";

/// A document as the merge sees it, with the place its TOML instructions
/// field had, so that they go back where the user keeps them.
fn to_merge(format: Format, mut doc: Document) -> (merge::Document<Raw>, usize) {
    let mut at = doc.fields.len();
    if format == Format::Toml
        && let Some(i) = doc.fields.iter().position(|(k, _)| k == TOML_BODY)
        && let (_, Raw::Str(body)) = doc.fields.remove(i)
    {
        doc.body = body;
        at = i;
    }
    let fields = doc.fields;
    (
        merge::Document {
            fields,
            body: doc.body,
        },
        at,
    )
}

fn from_merge(format: Format, doc: merge::Document<Raw>, at: usize) -> Document {
    let mut out = Document {
        fields: doc.fields,
        body: doc.body,
    };
    if format == Format::Toml {
        let body = std::mem::take(&mut out.body);
        let at = at.min(out.fields.len());
        out.fields
            .insert(at, (TOML_BODY.to_owned(), Raw::Str(body)));
    }
    out
}
