//! Unit tests of the merge rules, one or more per rule of the module
//! documentation.

use super::lines::split_lines;
use super::*;

fn merge(base: &str, ours: &str, theirs: &str) -> TextMerge {
    merge_lines(base, ours, theirs, Labels::default())
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn keys(merged: &FieldMerge<String>) -> Vec<&str> {
    merged.fields.iter().map(|(k, _)| k.as_str()).collect()
}

// ---- merge_lines ----

#[test]
fn edits_to_different_regions_are_both_kept() {
    let base = "a\nb\nc\nd\ne\n";
    let m = merge(base, "A\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n");
    assert!(m.is_clean());
    assert_eq!(m.text, "A\nb\nc\nd\nE\n");
}

#[test]
fn one_sided_changes_take_that_side() {
    let base = "a\nb\nc\n";
    assert_eq!(merge(base, base, "a\nB\nc\n").text, "a\nB\nc\n");
    assert_eq!(merge(base, "a\nB\nc\n", base).text, "a\nB\nc\n");
}

#[test]
fn the_same_change_on_both_sides_is_taken_once() {
    let base = "a\nb\nc\nd\n";
    let both = "a\nB\nc\nd\nnew\n";
    let m = merge(base, both, both);
    assert!(m.is_clean());
    assert_eq!(m.text, both);
    // The same change between edits of one side only.
    let base = "a\nb\nc\nd\ne\n";
    let m = merge(base, "A\nb\nC\nd\ne\n", "a\nb\nC\nd\nE\n");
    assert!(m.is_clean(), "{}", m.text);
    assert_eq!(m.text, "A\nb\nC\nd\nE\n");
}

#[test]
fn different_changes_to_one_line_conflict_with_markers() {
    let m = merge("a\nmodel\nc\n", "a\nmine\nc\n", "a\nnew\nc\n");
    assert_eq!(
        m.text,
        "a\n<<<<<<< yours\nmine\n=======\nnew\n>>>>>>> agentgen (new template)\nc\n"
    );
    assert_eq!(m.conflicts, vec![LineSpan { first: 2, last: 6 }]);
}

#[test]
fn touching_changes_conflict() {
    // The user edits line b, the template inserts right after it: no
    // unchanged line between, so git and diff3 call it a conflict.
    let m = merge("a\nb\nc\n", "a\nB\nc\n", "a\nb\ninserted\nc\n");
    assert_eq!(m.conflicts.len(), 1, "{}", m.text);
    assert!(
        m.text
            .contains("<<<<<<< yours\nB\n=======\nb\ninserted\n>>>>>>>")
    );
}

#[test]
fn user_deletion_against_template_edit_conflicts_with_an_empty_side() {
    let m = merge("a\nb\nc\n", "a\nc\n", "a\nB\nc\n");
    assert_eq!(
        m.text,
        "a\n<<<<<<< yours\n=======\nB\n>>>>>>> agentgen (new template)\nc\n"
    );
}

#[test]
fn conflict_spans_count_lines_of_the_merged_text() {
    let base = "1\n2\n3\n4\n5\n6\n7\n";
    let m = merge(base, "1\nx\n3\n4\n5\ny\n7\n", "1\nX\n3\n4\n5\nY\n7\n");
    assert_eq!(
        m.conflicts,
        vec![
            LineSpan { first: 2, last: 6 },
            LineSpan {
                first: 10,
                last: 14
            }
        ]
    );
    let lines: Vec<&str> = m.text.lines().collect();
    for span in &m.conflicts {
        assert!(lines[span.first - 1].starts_with("<<<<<<< "));
        assert!(lines[span.last - 1].starts_with(">>>>>>> "));
    }
}

#[test]
fn labels_are_the_callers_and_stay_on_one_line() {
    let labels = Labels {
        ours: "mine\nsneaky",
        theirs: "new",
    };
    let m = merge_lines("a\n", "b\n", "c\n", labels);
    assert_eq!(m.text, "<<<<<<< mine sneaky\nb\n=======\nc\n>>>>>>> new\n");
}

#[test]
fn shortcuts_return_a_side_byte_for_byte() {
    // Odd bytes (lone CR, no final newline) survive untouched.
    let (base, odd) = ("a\nb\n", "x\ry\r\nz");
    assert_eq!(merge(base, base, odd).text, odd);
    assert_eq!(merge(base, odd, base).text, odd);
    assert_eq!(merge("whatever\n", odd, odd).text, odd);
}

#[test]
fn a_crlf_file_keeps_crlf_and_takes_template_lines_in_crlf() {
    let base = "a\nb\nc\nd\n";
    let ours = "A\r\nb\r\nc\r\nd\r\n";
    let theirs = "a\nb\nc\nD\nnew\n";
    let m = merge(base, ours, theirs);
    assert!(m.is_clean(), "{}", m.text);
    assert_eq!(m.text, "A\r\nb\r\nc\r\nD\r\nnew\r\n");
}

#[test]
fn a_crlf_file_gets_crlf_markers() {
    let m = merge("a\nb\n", "a\r\nB\r\n", "a\nX\n");
    assert_eq!(
        m.text,
        "a\r\n<<<<<<< yours\r\nB\r\n=======\r\nX\r\n>>>>>>> agentgen (new template)\r\n"
    );
}

#[test]
fn only_line_endings_changed_by_the_user_is_no_conflict() {
    let base = "a\nb\nc\n";
    let m = merge(base, "a\r\nb\r\nc\r\n", "a\nB\nc\n");
    assert!(m.is_clean());
    assert_eq!(m.text, "a\r\nB\r\nc\r\n");
}

#[test]
fn mixed_endings_of_the_user_are_kept_line_by_line() {
    let base = "a\nb\nc\nd\ne\n";
    let ours = "a\r\nb\nc\r\nd\ne\r\n";
    let m = merge(base, ours, "a\nb\nc\nd\nE\n");
    // Three CRLF lines against two LF: the template's line takes CRLF.
    assert_eq!(m.text, "a\r\nb\nc\r\nd\nE\r\n");
}

#[test]
fn a_final_newline_the_user_removed_stays_removed() {
    let m = merge("a\nb\nc\n", "a\nb\nc", "A\nb\nc\n");
    assert!(m.is_clean(), "{}", m.text);
    assert_eq!(m.text, "A\nb\nc");
}

#[test]
fn a_final_newline_the_user_added_stays() {
    let m = merge("a\nb\nc", "a\nb\nc\n", "A\nb\nc");
    assert!(m.is_clean(), "{}", m.text);
    assert_eq!(m.text, "A\nb\nc\n");
}

#[test]
fn a_final_newline_change_of_the_template_is_taken() {
    let m = merge("a\nb\nc", "A\nb\nc", "a\nb\nc\n");
    assert!(m.is_clean(), "{}", m.text);
    assert_eq!(m.text, "A\nb\nc\n");
    let m = merge("a\nb\nc\n", "A\nb\nc\n", "a\nb\nc");
    assert_eq!(m.text, "A\nb\nc");
}

#[test]
fn a_last_line_without_newline_gets_one_when_lines_follow_it() {
    // The user's unfinished last line ends up before the template's new
    // lines, so it needs an ending: the user's.
    let m = merge(
        "a\r\nb\r\nc\r\nd",
        "A\r\nb\r\nc\r\nd",
        "a\r\nb\r\nc\r\nd\r\ne\r\n",
    );
    assert!(m.is_clean(), "{:?}", m.text);
    assert_eq!(m.text, "A\r\nb\r\nc\r\nd\r\ne\r\n");
}

#[test]
fn a_conflict_at_the_end_keeps_the_closing_markers_newline() {
    let m = merge("a\nb", "a\nB", "a\nX");
    assert_eq!(
        m.text,
        "a\n<<<<<<< yours\nB\n=======\nX\n>>>>>>> agentgen (new template)\n"
    );
}

#[test]
fn empty_texts_merge() {
    assert_eq!(merge("", "", "").text, "");
    assert_eq!(merge("", "", "new\n").text, "new\n");
    assert_eq!(merge("a\n", "", "a\n").text, "");
    let m = merge("", "mine\n", "theirs\n");
    assert_eq!(m.conflicts.len(), 1);
}

#[test]
fn lines_ended_by_a_lone_cr_do_not_swallow_an_empty_lf_line() {
    // The user's lines end in CR; the merge puts a marker (in CR) before
    // the user's empty LF line, which must not join the marker as CRLF.
    let m = merge("a\n\n", "a\r\n\n\r\r", "a\r\n");
    assert_eq!(m.conflicts, vec![LineSpan { first: 2, last: 7 }]);
    assert_eq!(split_lines(&m.text).len(), 7, "{:?}", m.text);
    assert_eq!(has_conflict_markers(&m.text), [2, 6, 7]);
}

// ---- has_conflict_markers ----

#[test]
fn markers_written_by_a_merge_are_found() {
    let m = merge("a\nb\nc\n", "a\nB\nc\n", "a\nX\nc\n");
    assert_eq!(has_conflict_markers(&m.text), vec![2, 4, 6]);
    let m = merge("a\nb\n", "a\r\nB\r\n", "a\nX\n");
    assert_eq!(has_conflict_markers(&m.text), vec![2, 4, 6]);
}

#[test]
fn marker_lines_are_recognised_exactly() {
    let text = "<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> other\n<<<<<<<\n>>>>>>>\n";
    assert_eq!(has_conflict_markers(text), vec![1, 3, 5, 6, 7]);
    // Not markers: longer runs, a marker inside a line, no space after it.
    let text = "<<<<<<<< eight\n x <<<<<<< y\n<<<<<<<x\n>>>>>>>>\n ======= \n";
    assert!(has_conflict_markers(text).is_empty());
}

#[test]
fn a_lone_equals_line_is_a_heading_not_a_marker() {
    assert!(has_conflict_markers("Title\n=======\n\ntext\n").is_empty());
    // Inside an open block it is the separator, even with CRLF.
    assert_eq!(has_conflict_markers("<<<<<<< a\r\n=======\r\n"), vec![1, 2]);
    // After a closed block it is a heading again.
    assert_eq!(
        has_conflict_markers("<<<<<<< a\n>>>>>>> b\nT\n=======\n"),
        vec![1, 2]
    );
}

// ---- merge_fields ----

#[test]
fn field_changed_by_one_side_takes_that_value() {
    let base = fields(&[("name", "x"), ("model", "sonnet"), ("color", "red")]);
    let ours = fields(&[("name", "x"), ("model", "opus"), ("color", "red")]);
    let theirs = fields(&[("name", "x"), ("model", "sonnet"), ("color", "blue")]);
    let m = merge_fields(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(
        m.fields,
        fields(&[("name", "x"), ("model", "opus"), ("color", "blue")])
    );
}

#[test]
fn field_changed_by_both_to_the_same_value_takes_it() {
    let base = fields(&[("model", "sonnet")]);
    let both = fields(&[("model", "opus")]);
    let m = merge_fields(&base, &both, &both);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.fields, both);
}

#[test]
fn field_changed_differently_conflicts_and_keeps_the_users_value() {
    let base = fields(&[("model", "sonnet"), ("name", "x")]);
    let ours = fields(&[("model", "opus"), ("name", "x")]);
    let theirs = fields(&[("model", "haiku"), ("name", "x")]);
    let m = merge_fields(&base, &ours, &theirs);
    assert_eq!(m.fields, ours);
    assert_eq!(
        m.conflicts,
        vec![FieldConflict {
            key: "model".into(),
            base: Some("sonnet".into()),
            ours: Some("opus".into()),
            theirs: Some("haiku".into()),
        }]
    );
}

#[test]
fn field_the_user_deleted_stays_deleted_unless_the_template_changed_it() {
    let base = fields(&[("name", "x"), ("color", "red"), ("model", "sonnet")]);
    let ours = fields(&[("name", "x")]);
    let theirs = fields(&[("name", "x"), ("color", "red"), ("model", "opus")]);
    let m = merge_fields(&base, &ours, &theirs);
    assert_eq!(m.fields, ours, "both stay deleted");
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].key, "model");
    assert_eq!(m.conflicts[0].ours, None);
    assert_eq!(m.conflicts[0].theirs.as_deref(), Some("opus"));
}

#[test]
fn field_the_template_added_appears_after_its_predecessor() {
    let base = fields(&[("name", "x"), ("description", "d"), ("model", "m")]);
    // The user reordered the keys.
    let ours = fields(&[("model", "m"), ("name", "x"), ("description", "d")]);
    let theirs = fields(&[
        ("first", "1"),
        ("name", "x"),
        ("tools", "Read"),
        ("color", "red"),
        ("description", "d"),
        ("model", "m"),
        ("last", "z"),
    ]);
    let m = merge_fields(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    // "last" follows "model", its predecessor in the template, wherever
    // the user moved "model".
    let expected = ["first", "model", "last", "name", "tools", "color"];
    assert_eq!(keys(&m), [&expected[..], &["description"]].concat());
}

#[test]
fn new_key_follows_the_nearest_predecessor_still_present() {
    let base = fields(&[("a", "1"), ("b", "2")]);
    let ours = fields(&[("b", "2")]);
    // The user deleted a; the template added x first and c after a. a
    // stays deleted, so c follows a's own predecessor, x.
    let theirs = fields(&[("x", "0"), ("a", "1"), ("c", "3"), ("b", "2")]);
    let m = merge_fields(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(keys(&m), ["x", "c", "b"]);
    // The template removed a and added c after b.
    let ours = fields(&[("b", "2"), ("a", "1")]);
    let theirs = fields(&[("b", "2"), ("c", "3")]);
    assert_eq!(keys(&merge_fields(&base, &ours, &theirs)), ["b", "c"]);
}

#[test]
fn field_the_template_removed_goes_unless_the_user_changed_it() {
    let base = fields(&[("name", "x"), ("color", "red"), ("model", "m")]);
    let ours = fields(&[("name", "x"), ("color", "red"), ("model", "mine")]);
    let theirs = fields(&[("name", "x")]);
    let m = merge_fields(&base, &ours, &theirs);
    assert_eq!(m.fields, fields(&[("name", "x"), ("model", "mine")]));
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].key, "model");
    assert_eq!(m.conflicts[0].theirs, None);
}

#[test]
fn field_added_by_both_differently_conflicts() {
    let base = fields(&[]);
    let ours = fields(&[("model", "opus")]);
    let theirs = fields(&[("model", "haiku")]);
    let m = merge_fields(&base, &ours, &theirs);
    assert_eq!(m.fields, ours);
    assert_eq!(m.conflicts[0].base, None);
}

#[test]
fn fields_the_user_left_alone_take_the_templates_order() {
    let base = fields(&[("name", "x"), ("model", "m")]);
    let theirs = fields(&[("model", "m2"), ("name", "x"), ("color", "red")]);
    assert_eq!(merge_fields(&base, &base, &theirs).fields, theirs);
    // Reordered by the user only: the user's order stays.
    let ours = fields(&[("model", "m"), ("name", "x")]);
    assert_eq!(merge_fields(&base, &ours, &base).fields, ours);
}

#[test]
fn a_repeated_key_counts_once() {
    let base = fields(&[("a", "1")]);
    let ours = fields(&[("a", "1"), ("a", "2")]);
    let theirs = fields(&[("a", "1"), ("b", "2"), ("b", "3")]);
    let m = merge_fields(&base, &ours, &theirs);
    assert_eq!(m.fields, fields(&[("a", "1"), ("b", "2")]));
}

#[test]
fn fields_are_compared_as_data() {
    // Any PartialEq value: here numbers, where 1.0 == 1.0 whatever its text.
    let base = vec![("temperature".to_owned(), 0.5), ("top_p".to_owned(), 1.0)];
    let ours = vec![("temperature".to_owned(), 0.2), ("top_p".to_owned(), 1.0)];
    let theirs = vec![("temperature".to_owned(), 0.5), ("top_p".to_owned(), 0.9)];
    let m = merge_fields(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(
        m.fields,
        vec![("temperature".to_owned(), 0.2), ("top_p".to_owned(), 0.9)]
    );
}

// ---- merge_document ----

fn doc(pairs: &[(&str, &str)], body: &str) -> Document<String> {
    Document {
        fields: fields(pairs),
        body: body.to_owned(),
    }
}

fn yaml_line(key: &str, value: &String) -> String {
    format!("{key}: {value}")
}

#[test]
fn document_without_conflicts_merges_fields_and_body() {
    let base = doc(
        &[("name", "x"), ("model", "sonnet")],
        "\nIntro.\n\nRules.\n",
    );
    let ours = doc(
        &[("name", "x"), ("model", "opus")],
        "\nIntro, mine.\n\nRules.\n",
    );
    let theirs = doc(
        &[("name", "x"), ("model", "sonnet"), ("color", "red")],
        "\nIntro.\n\nRules, new.\n",
    );
    let m = merge_document(&base, &ours, &theirs, Labels::default(), yaml_line);
    assert!(m.is_clean());
    assert_eq!(
        m.document,
        doc(
            &[("name", "x"), ("model", "opus"), ("color", "red")],
            "\nIntro, mine.\n\nRules, new.\n"
        )
    );
}

#[test]
fn field_conflicts_open_the_body_as_marker_blocks() {
    let base = doc(&[("model", "sonnet"), ("color", "red")], "\nBody.\n");
    let ours = doc(&[("model", "opus")], "\nBody.\n");
    let theirs = doc(&[("model", "haiku"), ("color", "blue")], "\nBody.\n");
    let m = merge_document(&base, &ours, &theirs, Labels::default(), yaml_line);
    assert_eq!(m.document.fields, fields(&[("model", "opus")]));
    assert_eq!(
        m.document.body,
        "<<<<<<< yours: field model\nmodel: opus\n=======\nmodel: haiku\n\
         >>>>>>> agentgen (new template): field model\n\
         <<<<<<< yours: field color\n=======\ncolor: blue\n\
         >>>>>>> agentgen (new template): field color\n\nBody.\n"
    );
    let spans: Vec<_> = m.conflicts.iter().map(|c| (c.field(), c.lines())).collect();
    assert_eq!(
        spans,
        [
            (Some("model"), LineSpan { first: 1, last: 5 }),
            (Some("color"), LineSpan { first: 6, last: 9 }),
        ]
    );
    assert_eq!(has_conflict_markers(&m.document.body), [1, 3, 5, 6, 7, 9]);
}

#[test]
fn body_conflict_lines_are_shifted_below_the_field_blocks() {
    let base = doc(&[("model", "sonnet")], "a\nb\nc\n");
    let ours = doc(&[("model", "opus")], "a\nB\nc\n");
    let theirs = doc(&[("model", "haiku")], "a\nX\nc\n");
    let m = merge_document(&base, &ours, &theirs, Labels::default(), yaml_line);
    assert_eq!(m.conflicts.len(), 2);
    let body = m.conflicts[1].lines();
    assert_eq!(body, LineSpan { first: 7, last: 11 });
    let lines: Vec<&str> = m.document.body.lines().collect();
    assert_eq!(lines[body.first - 1], "<<<<<<< yours");
    assert_eq!(lines[body.last - 1], ">>>>>>> agentgen (new template)");
}

#[test]
fn field_blocks_take_the_bodys_crlf_and_multi_line_values() {
    let base = doc(&[("tools", "Read")], "a\n");
    let ours = doc(&[("tools", "Read\nWrite")], "a\r\n");
    let theirs = doc(&[("tools", "Grep")], "a\n");
    let render = |key: &str, value: &String| {
        let items: Vec<String> = value.lines().map(|v| format!("  - {v}")).collect();
        format!("{key}:\n{}\n", items.join("\n"))
    };
    let m = merge_document(&base, &ours, &theirs, Labels::default(), render);
    assert_eq!(
        m.document.body,
        "<<<<<<< yours: field tools\r\ntools:\r\n  - Read\r\n  - Write\r\n=======\r\n\
         tools:\r\n  - Grep\r\n>>>>>>> agentgen (new template): field tools\r\na\r\n"
    );
}
