//! Property tests of the line merge: edits of the user and of the template
//! that do not touch always combine, and a side equal to the base never
//! changes the other side.

use proptest::prelude::*;

use super::lines::{merge_regions, split_lines};
use super::*;

/// What happens at one place of the base: a gap between lines (insert
/// there) or a line (replace it by `n` lines, `n == 0` deleting it).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Edit {
    Keep,
    Ours(usize),
    Theirs(usize),
}

/// Drops every edit that would touch an edit of the other side: between
/// an edit of the user and one of the template there must be a base line
/// that neither changes (diff3 merges touching edits into one conflict).
fn separate(edits: &mut [Edit]) {
    // Places alternate: gap 0, line 0, gap 1, line 1, ..., gap n.
    let mut last: Option<Edit> = None;
    let mut kept_line_since = true;
    for (place, edit) in edits.iter_mut().enumerate() {
        let is_line = place % 2 == 1;
        let owner = |e: Edit| matches!(e, Edit::Ours(_));
        if *edit != Edit::Keep {
            let clash = last.is_some_and(|l| owner(l) != owner(*edit)) && !kept_line_since;
            if clash {
                *edit = Edit::Keep;
            }
        }
        if *edit == Edit::Keep {
            kept_line_since |= is_line;
        } else {
            last = Some(*edit);
            kept_line_since = false;
        }
    }
}

/// The base, the user's text, the template's text and the text with both
/// sets of edits applied. Every line is unique, so each diff is certain.
fn texts(lines: usize, edits: &[Edit]) -> [Vec<String>; 4] {
    let mut out: [Vec<String>; 4] = Default::default();
    let mut fresh = 0;
    for (place, edit) in edits.iter().enumerate() {
        let base_line = (place % 2 == 1).then(|| format!("base line {}", place / 2));
        if let Some(line) = &base_line {
            out[0].push(line.clone());
        }
        let (side, count) = match *edit {
            Edit::Keep => {
                for text in &mut out[1..] {
                    text.extend(base_line.clone());
                }
                continue;
            }
            Edit::Ours(n) => (1, n),
            Edit::Theirs(n) => (2, n),
        };
        let other = 3 - side;
        out[other].extend(base_line);
        for _ in 0..count {
            fresh += 1;
            let line = format!("{} line {fresh}", ["", "mine", "new"][side]);
            out[side].push(line.clone());
            out[3].push(line);
        }
    }
    debug_assert_eq!(out[0].len(), lines);
    out
}

fn join(lines: &[String], eol: &str) -> String {
    lines.iter().map(|l| format!("{l}{eol}")).collect()
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => Just(Edit::Keep),
        1 => (0usize..3).prop_map(Edit::Ours),
        1 => (0usize..3).prop_map(Edit::Theirs),
    ]
}

fn plan() -> impl Strategy<Value = (usize, Vec<Edit>)> {
    (1usize..60).prop_flat_map(|lines| {
        proptest::collection::vec(edit(), 2 * lines + 1).prop_map(move |mut edits| {
            separate(&mut edits);
            (lines, edits)
        })
    })
}

/// Any text: few distinct lines (so many repeats), any line endings, with
/// or without a final newline.
fn any_text() -> impl Strategy<Value = String> {
    let line = prop_oneof!["[abc]{0,2}", Just("a".to_owned())];
    let end = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
    (proptest::collection::vec((line, end), 0..12), any::<bool>()).prop_map(|(lines, cut)| {
        let mut text: String = lines.iter().map(|(l, e)| format!("{l}{e}")).collect();
        if cut && text.ends_with('\n') {
            text.pop();
            text.push('z');
        }
        text
    })
}

/// LF text, with or without a final newline.
fn lf_text() -> impl Strategy<Value = String> {
    any_text().prop_map(|t| t.replace("\r\n", "\n").replace('\r', "\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn separate_edits_combine_without_conflict((lines, edits) in plan(), crlf in any::<bool>()) {
        let [base, ours, theirs, expected] = texts(lines, &edits);
        // The user's editor may also have turned the file into CRLF.
        let eol = if crlf { "\r\n" } else { "\n" };
        let merged = merge(&join(&base, "\n"), &join(&ours, eol), &join(&theirs, "\n"));
        prop_assert!(merged.is_clean(), "{}", merged.text);
        prop_assert_eq!(merged.text, join(&expected, eol));
    }

    #[test]
    fn a_side_equal_to_the_base_yields_the_other(
        base in any_text(), ours in any_text(), theirs in any_text(),
    ) {
        prop_assert_eq!(merge(&base, &base, &theirs), clean(&theirs));
        prop_assert_eq!(merge(&base, &ours, &base), clean(&ours));
        prop_assert_eq!(merge(&base, &ours, &ours), clean(&ours));
    }

    /// The same, through the region merge rather than the byte shortcuts.
    #[test]
    fn regions_reproduce_a_side_equal_to_the_base(
        base in lf_text(), ours in any_text(), theirs in lf_text(),
    ) {
        let regions = |b: &str, o: &str, t: &str| merge_regions(b, o, t, Labels::default());
        prop_assert_eq!(regions(&base, &base, &theirs), clean(&theirs));
        prop_assert_eq!(regions(&base, &ours, &base), clean(&ours));
        prop_assert_eq!(regions(&base, &ours, &ours), clean(&ours));
        // Line endings alone are no change: a template equal to the base
        // up to endings leaves the user's text exactly as it is.
        prop_assert_eq!(regions(&base, &ours, &base.replace('\n', "\r\n")), clean(&ours));
    }

    #[test]
    fn conflict_spans_point_at_the_markers(
        base in any_text(), ours in any_text(), theirs in any_text(),
    ) {
        let merged = merge(&base, &ours, &theirs);
        let found = has_conflict_markers(&merged.text);
        prop_assert_eq!(found.len(), 3 * merged.conflicts.len());
        let lines = split_lines(&merged.text);
        for span in &merged.conflicts {
            prop_assert!(lines[span.first - 1].content.starts_with("<<<<<<< yours"));
            prop_assert!(lines[span.last - 1].content.starts_with(">>>>>>> agentgen"));
            prop_assert!(found.contains(&span.first) && found.contains(&span.last));
        }
    }
}

/// A mapping of up to eight keys in any order, with small values.
fn mapping() -> impl Strategy<Value = Vec<(String, u8)>> {
    proptest::sample::subsequence((0..8).collect::<Vec<u8>>(), 0..=8)
        .prop_flat_map(|keys| {
            let n = keys.len();
            (
                Just(keys).prop_shuffle(),
                proptest::collection::vec(0u8..3, n),
            )
        })
        .prop_map(|(keys, values)| {
            keys.into_iter()
                .zip(values)
                .map(|(k, v)| (format!("k{k}"), v))
                .collect()
        })
}

/// `to` with `from`'s values (or absence) for the keys in `keys`.
fn take_keys(to: &[(String, u8)], from: &[(String, u8)], keys: &[String]) -> Vec<(String, u8)> {
    let mut out: Vec<(String, u8)> = to
        .iter()
        .filter(|(k, _)| !keys.contains(k))
        .cloned()
        .collect();
    out.extend(from.iter().filter(|(k, _)| keys.contains(k)).cloned());
    out
}

fn sorted(mut fields: Vec<(String, u8)>) -> Vec<(String, u8)> {
    fields.sort();
    fields
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The user changes some keys, the template others: no conflict, each
    /// key holds the value of the side that changed it, and the user's
    /// keys keep the user's order.
    #[test]
    fn fields_changed_on_different_keys_combine(
        base in mapping(), mine in mapping(), new in mapping(), split in any::<u8>(),
    ) {
        let keys = |side: u8| -> Vec<String> {
            (0..8).filter(|i| split >> i & 1 == side).map(|k| format!("k{k}")).collect()
        };
        let (user_keys, template_keys) = (keys(1), keys(0));
        let ours = take_keys(&base, &mine, &user_keys);
        let theirs = take_keys(&base, &new, &template_keys);
        let merged = merge_fields(&base, &ours, &theirs);
        prop_assert!(merged.conflicts.is_empty());
        let expected = take_keys(&take_keys(&base, &mine, &user_keys), &new, &template_keys);
        prop_assert_eq!(sorted(merged.fields.clone()), sorted(expected));
        let kept: Vec<&String> = merged.fields.iter().map(|(k, _)| k)
            .filter(|k| ours.iter().any(|(o, _)| o == *k)).collect();
        let user_order: Vec<&String> = ours.iter().map(|(k, _)| k)
            .filter(|k| merged.fields.iter().any(|(m, _)| m == *k)).collect();
        // (A user who changed nothing gets the template's order.)
        if ours != base {
            prop_assert_eq!(kept, user_order);
        }
    }

    #[test]
    fn fields_equal_to_the_base_yield_the_other(
        base in mapping(), ours in mapping(), theirs in mapping(),
    ) {
        prop_assert_eq!(merge_fields(&base, &base, &theirs).fields, theirs.clone());
        prop_assert_eq!(merge_fields(&base, &ours, &base).fields, ours.clone());
        prop_assert_eq!(merge_fields(&base, &ours, &ours).fields, ours);
    }
}

fn merge(base: &str, ours: &str, theirs: &str) -> TextMerge {
    merge_lines(base, ours, theirs, Labels::default())
}

fn clean(text: &str) -> TextMerge {
    TextMerge {
        text: text.to_owned(),
        conflicts: Vec::new(),
    }
}
