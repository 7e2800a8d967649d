//! The three-way merge behind `agentgen sync`: re-render an agent with the
//! current templates and keep the user's hand edits. Pure: no files, no
//! printing. Three versions of one agent document go in:
//!
//! - **base**: the render agentgen wrote last time (kept in the lock file);
//! - **ours**: the file as it is on disk, maybe edited by the user;
//! - **theirs**: the new render of the template.
//!
//! A document is fields plus a body (YAML frontmatter and markdown, or a
//! Codex TOML table whose instructions are the body); the targets read and
//! write it, this module only merges the data: [`merge_fields`] key by key,
//! [`merge_lines`] line by line, [`merge_document`] both.
//!
//! # Body rules (diff3)
//!
//! - Where only one side changed lines, that side's lines are taken; where
//!   both made the same change, it is taken once.
//! - Where both changed the same lines differently, or their changes touch
//!   (no unchanged line between them, as in git), the region becomes a
//!   conflict block.
//! - Shortcuts, byte for byte: ours == theirs gives ours; theirs == base
//!   gives ours; ours == base gives theirs.
//! - Lines are compared without their endings (`\n`, `\r\n`, lone `\r`).
//!   The user's lines keep their own endings; lines from the template and
//!   marker lines take the ending most of the user's lines use (LF on a
//!   tie, the template's if the user's text has none).
//! - The newline at the end of the text is merged as one more line: if the
//!   user added or removed it, the user's choice stays, else the
//!   template's is taken. A text that ends inside a conflict block ends
//!   with the `>>>>>>>` line and its newline.
//!
//! # Field rules
//!
//! Per key, comparing values as data (`==`), a missing key being a value
//! of its own:
//!
//! - changed by the user only: the user's value; changed by the template
//!   only: the template's; changed by both to the same value: that value;
//! - changed by both differently: a conflict; the user's value stays in the
//!   fields (or stays absent, if the user removed the key) and the
//!   conflict is reported with base, user's and template's values;
//! - so a key the user removed stays removed unless the template changed
//!   it (conflict); a key the template added appears; a key the template
//!   removed goes unless the user changed it (conflict, the key stays);
//! - order: the user's keys in the user's order; a key the template added
//!   goes right after the key before it in the template (the nearest one
//!   that is in the result), or first if there is none;
//! - shortcuts, on the whole mapping (values and order): ours == theirs or
//!   theirs == base gives ours; ours == base gives theirs, in the
//!   template's order.
//!
//! # Conflict markers
//!
//! A conflict block in the body, each line ended like the user's lines:
//!
//! ```text
//! <<<<<<< yours
//! the user's lines
//! =======
//! the template's lines
//! >>>>>>> agentgen (new template)
//! ```
//!
//! Each field conflict becomes one such block at the top of the body (in
//! the order of [`merge_fields`]'s conflicts), so the file still loads in
//! the agent tool while `agentgen lint` fails on the markers. Each side
//! holds the field as the caller renders it (for example `model: opus`)
//! and is empty if that side has no such key; both labels name the field:
//!
//! ```text
//! <<<<<<< yours: field model
//! model: opus
//! =======
//! model: haiku
//! >>>>>>> agentgen (new template): field model
//! ```
//!
//! The markers are git's, seven characters, so editors that highlight git
//! conflicts highlight these. [`has_conflict_markers`] reports a line that
//! starts with `<<<<<<< ` or `>>>>>>> ` (or is that marker alone), and a
//! `=======` line only inside an open `<<<<<<<` block, since a lone
//! `=======` line underlines a heading in markdown.

mod fields;
mod lines;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use fields::{FieldConflict, FieldMerge, merge_fields};
pub use lines::{
    Labels, LineSpan, OURS_LABEL, THEIRS_LABEL, TextMerge, has_conflict_markers, merge_lines,
};

use lines::{Writer, line_ending, split_lines};

/// One agent document as data: its fields in file order, and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Document<V> {
    pub fields: Vec<(String, V)>,
    pub body: String,
}

/// The merged document and every conflict left in it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentMerge<V> {
    pub document: Document<V>,
    /// Field conflicts first (their blocks open the body), then the body's,
    /// top to bottom.
    pub conflicts: Vec<Conflict<V>>,
}

impl<V> DocumentMerge<V> {
    /// Whether the merge left no conflict.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// One conflict of a document merge and the lines of its block in the
/// merged body (counted from the body's first line).
#[derive(Debug, Clone, PartialEq)]
pub enum Conflict<V> {
    Field {
        conflict: FieldConflict<V>,
        lines: LineSpan,
    },
    Body {
        lines: LineSpan,
    },
}

impl<V> Conflict<V> {
    /// The lines of the conflict's block in the merged body.
    pub fn lines(&self) -> LineSpan {
        match self {
            Conflict::Field { lines, .. } | Conflict::Body { lines } => *lines,
        }
    }

    /// The field's name, for a field conflict.
    pub fn field(&self) -> Option<&str> {
        match self {
            Conflict::Field { conflict, .. } => Some(&conflict.key),
            Conflict::Body { .. } => None,
        }
    }
}

/// Merges a whole document: fields by [`merge_fields`], the body by
/// [`merge_lines`], and one conflict block per conflicting field at the top
/// of the body, each side drawn by `render(key, value)` (for example
/// `model: opus`; it may span lines).
pub fn merge_document<V: PartialEq + Clone>(
    base: &Document<V>,
    ours: &Document<V>,
    theirs: &Document<V>,
    labels: Labels<'_>,
    render: impl Fn(&str, &V) -> String,
) -> DocumentMerge<V> {
    let fields = merge_fields(&base.fields, &ours.fields, &theirs.fields);
    let body = merge_lines(&base.body, &ours.body, &theirs.body, labels);
    if fields.conflicts.is_empty() {
        let conflicts = body.conflicts.iter().map(|&lines| Conflict::Body { lines });
        return DocumentMerge {
            conflicts: conflicts.collect(),
            document: Document {
                fields: fields.fields,
                body: body.text,
            },
        };
    }

    let eol = line_ending(&ours.body, &theirs.body);
    let mut blocks = Writer::new(eol, 256);
    let mut conflicts = Vec::with_capacity(fields.conflicts.len() + body.conflicts.len());
    for conflict in fields.conflicts {
        let side = |value: &Option<V>| {
            value
                .as_ref()
                .map(|v| render(&conflict.key, v))
                .unwrap_or_default()
        };
        let (mine, new) = (side(&conflict.ours), side(&conflict.theirs));
        let note = format!(": field {}", conflict.key);
        let first = blocks.line_count() + 1;
        blocks.conflict(labels, &note, &unended(&mine), &unended(&new));
        let lines = LineSpan {
            first,
            last: blocks.line_count(),
        };
        conflicts.push(Conflict::Field { conflict, lines });
    }
    let offset = blocks.line_count();
    let mut text = blocks.finish(true).text;
    text.push_str(&body.text);
    conflicts.extend(body.conflicts.iter().map(|lines| Conflict::Body {
        lines: lines.shifted(offset),
    }));
    DocumentMerge {
        document: Document {
            fields: fields.fields,
            body: text,
        },
        conflicts,
    }
}

/// The lines of a rendered field, their endings dropped so the block takes
/// the body's ending throughout.
fn unended(text: &str) -> Vec<lines::Line<'_>> {
    let mut lines = split_lines(text);
    for line in &mut lines {
        line.end = "";
    }
    lines
}
