//! The line-based three-way merge of one text (diff3 semantics) and the
//! search for leftover conflict markers.
//!
//! `similar`'s `TextMerge` finds the merge regions (which base lines each
//! side changed, and where the changes overlap); this file draws the result
//! itself, because the output must keep the user's line endings and carry
//! agentgen's labels, and the caller needs each conflict's lines. Lines are
//! compared without their line ending, so a file the user's editor turned
//! into CRLF, or whose last newline it added or removed, still merges line
//! for line with the LF text agentgen renders.

use similar::{MergeResolution, TextMergeConfig};

/// The label on a conflict's `<<<<<<<` line: the file as the user has it.
pub const OURS_LABEL: &str = "yours";
/// The label on a conflict's `>>>>>>>` line: the new render of the template.
pub const THEIRS_LABEL: &str = "agentgen (new template)";

/// Marker lines, as written by [`merge_lines`] and found by
/// [`has_conflict_markers`]. Seven characters, as git writes them, so
/// editors and merge tools that know git's markers know these.
pub(crate) const OPEN: &str = "<<<<<<<";
pub(crate) const SPLIT: &str = "=======";
pub(crate) const CLOSE: &str = ">>>>>>>";

/// The words on the two labelled marker lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels<'a> {
    /// After `<<<<<<< `: the side holding the user's lines.
    pub ours: &'a str,
    /// After `>>>>>>> `: the side holding the new template's lines.
    pub theirs: &'a str,
}

impl Default for Labels<'_> {
    fn default() -> Self {
        Labels {
            ours: OURS_LABEL,
            theirs: THEIRS_LABEL,
        }
    }
}

/// Lines of a merged text, counted from 1, first and last included: one
/// conflict block, from its `<<<<<<<` line to its `>>>>>>>` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineSpan {
    pub first: usize,
    pub last: usize,
}

impl LineSpan {
    /// The same lines, `by` lines further down.
    pub fn shifted(self, by: usize) -> LineSpan {
        LineSpan {
            first: self.first + by,
            last: self.last + by,
        }
    }
}

/// A merged text and the conflict blocks in it, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMerge {
    pub text: String,
    pub conflicts: Vec<LineSpan>,
}

impl TextMerge {
    /// Whether both sides' changes went in without a conflict.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }

    fn clean(text: &str) -> TextMerge {
        TextMerge {
            text: text.to_owned(),
            conflicts: Vec::new(),
        }
    }
}

/// One line of a text: its content and the ending that closed it (`\n`,
/// `\r\n`, a lone `\r`, or nothing for a last line without one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    pub content: &'a str,
    pub end: &'a str,
}

/// Splits `text` into lines the way `similar` does (at `\n`, `\r\n` and a
/// lone `\r`, which CommonMark also takes as line endings), so the merge
/// regions it reports index these lines.
pub(crate) fn split_lines(text: &str) -> Vec<Line<'_>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 32 + 1);
    let (mut start, mut at) = (0, 0);
    while at < bytes.len() {
        let end_len = match bytes[at] {
            b'\n' => 1,
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => 2,
            b'\r' => 1,
            _ => {
                at += 1;
                continue;
            }
        };
        lines.push(Line {
            content: &text[start..at],
            end: &text[at..at + end_len],
        });
        at += end_len;
        start = at;
    }
    if start < bytes.len() {
        lines.push(Line {
            content: &text[start..],
            end: "",
        });
    }
    lines
}

/// The text again with every line ended by `\n`: what the regions are
/// computed on, so line endings never make two equal lines differ.
fn normalized(lines: &[Line<'_>]) -> String {
    let mut text = String::with_capacity(lines.iter().map(|l| l.content.len() + 1).sum());
    for line in lines {
        text.push_str(line.content);
        text.push('\n');
    }
    text
}

/// The line ending most lines of `lines` use; LF wins a tie, since that is
/// what agentgen writes.
fn dominant_ending(lines: &[Line<'_>]) -> Option<&'static str> {
    let (mut lf, mut crlf, mut cr) = (0usize, 0usize, 0usize);
    for line in lines {
        match line.end {
            "\n" => lf += 1,
            "\r\n" => crlf += 1,
            "\r" => cr += 1,
            _ => {}
        }
    }
    if lf + crlf + cr == 0 {
        None
    } else if lf >= crlf && lf >= cr {
        Some("\n")
    } else if crlf >= cr {
        Some("\r\n")
    } else {
        Some("\r")
    }
}

/// The ending for lines agentgen adds to the user's text (template lines,
/// markers): the user's own, else the template's, else LF.
pub(crate) fn line_ending(ours: &str, theirs: &str) -> &'static str {
    dominant_ending(&split_lines(ours))
        .or_else(|| dominant_ending(&split_lines(theirs)))
        .unwrap_or("\n")
}

/// Whether `text` ends with a line ending (an empty text counts as ending
/// cleanly: it has no unfinished line).
fn ends_with_newline(text: &str) -> bool {
    text.is_empty() || text.ends_with(['\n', '\r'])
}

/// Merges `ours` and `theirs`, two descendants of `base`, line by line: a
/// region only one side changed takes that side's lines, a region both
/// changed the same way takes them once, and a region both changed
/// differently (or where their changes touch) becomes a conflict block.
/// See the module documentation of [`crate::merge`] for the exact rules.
pub fn merge_lines(base: &str, ours: &str, theirs: &str, labels: Labels<'_>) -> TextMerge {
    // Exact shortcuts first: they return a side byte for byte.
    if ours == theirs || theirs == base {
        return TextMerge::clean(ours);
    }
    if ours == base {
        return TextMerge::clean(theirs);
    }
    merge_regions(base, ours, theirs, labels)
}

/// [`merge_lines`] without its shortcuts: the merge of every region.
pub(super) fn merge_regions(base: &str, ours: &str, theirs: &str, labels: Labels<'_>) -> TextMerge {
    let (base_lines, our_lines, their_lines) =
        (split_lines(base), split_lines(ours), split_lines(theirs));
    // Borrowed, not owned: similar tokenizes owned input into owned lines,
    // which measured several times slower.
    let texts = [&base_lines, &our_lines, &their_lines].map(|lines| normalized(lines));
    let merge = TextMergeConfig::new().merge_lines(&texts[0], &texts[1], &texts[2]);
    debug_assert_eq!(merge.ours_len(), our_lines.len());
    debug_assert_eq!(merge.theirs_len(), their_lines.len());

    let eol = dominant_ending(&our_lines)
        .or_else(|| dominant_ending(&their_lines))
        .unwrap_or("\n");
    let mut out = Writer::new(eol, ours.len().max(theirs.len()) + 64);
    for region in merge.regions() {
        let mine = &our_lines[region.ours_range()];
        let new = &their_lines[region.theirs_range()];
        match region.resolution() {
            MergeResolution::Unchanged | MergeResolution::Ours | MergeResolution::Both => {
                out.own_lines(mine);
            }
            MergeResolution::Theirs => out.added_lines(new),
            MergeResolution::Conflict => out.conflict(labels, "", mine, new),
            // A kind of region a later similar may add: show both sides
            // rather than guess.
            _ => out.conflict(labels, "", mine, new),
        }
    }
    // The newline at the end is merged like one more line: taken from the
    // side that added or removed it (both sides changing it agree).
    let final_newline = if ends_with_newline(ours) == ends_with_newline(base) {
        ends_with_newline(theirs)
    } else {
        ends_with_newline(ours)
    };
    out.finish(final_newline)
}

/// Builds merged text and counts its lines.
pub(crate) struct Writer {
    text: String,
    eol: &'static str,
    lines: usize,
    conflicts: Vec<LineSpan>,
    /// Length of the last line's ending, if that line came from a side
    /// (not a marker): dropped when the merged text ends without one.
    last_end: Option<usize>,
}

impl Writer {
    pub(crate) fn new(eol: &'static str, capacity: usize) -> Writer {
        Writer {
            text: String::with_capacity(capacity),
            eol,
            lines: 0,
            conflicts: Vec::new(),
            last_end: None,
        }
    }

    fn line(&mut self, content: &str, end: &str) {
        let end = if end.is_empty() { self.eol } else { end };
        if content.is_empty() && end.starts_with('\n') && self.text.ends_with('\r') {
            // After a line ended by a lone CR, this LF would read as the
            // second half of a CRLF and the line would vanish: end the line
            // before with CRLF instead (only lines from different sides
            // meet like this, never two lines of one text).
            self.text.push('\n');
            self.last_end = self.last_end.map(|len| len + 1);
        }
        self.text.push_str(content);
        self.text.push_str(end);
        self.lines += 1;
        self.last_end = Some(end.len());
    }

    /// The user's lines, each with the ending the user gave it.
    fn own_lines(&mut self, lines: &[Line<'_>]) {
        for line in lines {
            self.line(line.content, line.end);
        }
    }

    /// Template lines, in the user's line ending.
    fn added_lines(&mut self, lines: &[Line<'_>]) {
        for line in lines {
            self.line(line.content, self.eol);
        }
    }

    fn marker(&mut self, marker: &str, label: &str) {
        self.text.push_str(marker);
        if !label.is_empty() {
            self.text.push(' ');
            // A label is one line: a line break in it would add a line
            // that reads as merged content.
            self.text.extend(label.chars().map(|c| match c {
                '\r' | '\n' => ' ',
                c => c,
            }));
        }
        self.text.push_str(self.eol);
        self.lines += 1;
        self.last_end = None;
    }

    /// A conflict block: the user's lines, then the template's. `note`
    /// follows each label (say which field the block is about).
    pub(crate) fn conflict(
        &mut self,
        labels: Labels<'_>,
        note: &str,
        ours: &[Line<'_>],
        theirs: &[Line<'_>],
    ) {
        let first = self.lines + 1;
        self.marker(OPEN, &format!("{}{note}", labels.ours));
        self.own_lines(ours);
        self.marker(SPLIT, "");
        self.added_lines(theirs);
        self.marker(CLOSE, &format!("{}{note}", labels.theirs));
        self.conflicts.push(LineSpan {
            first,
            last: self.lines,
        });
    }

    /// The text, its last line's ending dropped if `final_newline` is
    /// false (a marker line always keeps its ending).
    pub(crate) fn finish(mut self, final_newline: bool) -> TextMerge {
        if let (false, Some(len)) = (final_newline, self.last_end) {
            self.text.truncate(self.text.len() - len);
        }
        TextMerge {
            text: self.text,
            conflicts: self.conflicts,
        }
    }

    pub(crate) fn line_count(&self) -> usize {
        self.lines
    }
}

/// The lines (counted from 1) of `text` that are conflict markers: a line
/// starting with `<<<<<<< ` or `>>>>>>> ` (or that marker alone), and a
/// `=======` line that follows an unclosed `<<<<<<<` line. A lone
/// `=======` elsewhere is not reported: in markdown it underlines a
/// heading.
pub fn has_conflict_markers(text: &str) -> Vec<usize> {
    let is_marker = |line: &str, marker: &str| {
        line.strip_prefix(marker)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    };
    let mut found = Vec::new();
    let mut open = false;
    for (index, line) in split_lines(text).iter().enumerate() {
        let line = line.content;
        if is_marker(line, OPEN) {
            open = true;
        } else if is_marker(line, CLOSE) {
            open = false;
        } else if !(open && line == SPLIT) {
            continue;
        }
        found.push(index + 1);
    }
    found
}
