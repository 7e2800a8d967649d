//! Hostile answers: files and flags built to break the reader, each checked
//! for its exact message and exit code, and for leaving every file as it
//! was. Refusals run with `--force` over an agent file that is already
//! there, so a run that wrote anything at all would show.
//!
//! The files are made at run time (the 50 MiB one too); expected messages
//! are derived from the input (columns are counted from the text built) and
//! from the documented limits: 1 MiB per file, 128 levels of nesting, and
//! 100 000 values or 1 MiB of text repeated by aliases.

use std::io::Write;

use crate::support::*;

const AGENT: &str = ".claude/agents/backend-architect.md";
const EXISTING: &str =
    "---\nname: backend-architect\ndescription: The agent that was here first.\n---\n\nKeep me.\n";

/// `new backend-architect --force` over an existing agent file, so that a
/// run that wrote anything at all would show; nothing may appear on
/// standard output.
fn over_existing(sb: &Sandbox) -> Run<'_> {
    sb.write(AGENT, EXISTING);
    sb.agentgen(["new", "backend-architect", "--force"])
        .stdout_is("")
}

/// Writes `a.yaml` with `contents` and expects `-a a.yaml` to be refused
/// with exactly `stderr`.
fn file_refused(contents: impl AsRef<[u8]>, stderr: &str) {
    let sb = Sandbox::new();
    sb.write("a.yaml", contents);
    over_existing(&sb)
        .args(["-a", "a.yaml"])
        .fails(2)
        .stderr_is(stderr)
        .run();
}

fn syntax(place: &str, message: &str) -> String {
    format!("error: a.yaml:{place}: {message}. Fix the YAML syntax at that place.\n")
}

fn problems(lines: &[&str]) -> String {
    let count = match lines.len() {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    };
    let mut out = format!("error: {count} in the answers; nothing was written:\n");
    for line in lines {
        out.push_str(&format!("  {line}\n"));
    }
    out
}

fn defaults(sb: &Sandbox) -> String {
    stdout_of(sb.run(["new", "backend-architect", "--stdout", "--defaults"]))
}

// ── Malformed YAML ──────────────────────────────────────────────────────

#[test]
fn an_unclosed_quote_is_reported_where_the_file_ends_and_where_it_opened() {
    // Three lines, so the end of the file is line 4, column 1; the quote
    // opens after `description: ` (13 characters).
    file_refused(
        "model: opus\ndescription: \"never closed\ncolor: red\n",
        &syntax(
            "4:1",
            "found unexpected end of stream, while scanning a quoted scalar at line 2 column 14",
        ),
    );
}

#[test]
fn a_tab_used_for_indentation_is_reported_at_the_tab() {
    file_refused(
        "model: opus\ntools:\n\t- Read\n",
        &syntax(
            "3:1",
            "found character that cannot start any token, while scanning for the next token",
        ),
    );
}

#[test]
fn a_control_character_is_reported_at_its_line_and_column() {
    // `title: ab` is 9 characters, so the NUL is column 10 of line 2.
    file_refused(
        "model: opus\ntitle: ab\u{0}c\n",
        &syntax("2:10", "control characters are not allowed"),
    );
}

#[test]
fn a_second_document_is_refused() {
    file_refused(
        "model: opus\n---\nmodel: haiku\n",
        "error: a.yaml: the text holds more than one YAML document (a `---` line starts another); keep only one.\n",
    );
}

#[test]
fn an_unknown_tag_is_refused_by_name() {
    // The value starts after `model: `, at column 8.
    file_refused(
        "model: !custom opus\n",
        &syntax(
            "1:8",
            "model: the tag !custom is not supported; remove it, and quote the value if it starts with !",
        ),
    );
}

#[test]
fn an_integer_beyond_64_bits_is_refused_with_a_hint() {
    file_refused(
        "title: 123456789012345678901234567890\n",
        &syntax(
            "1:8",
            "title: the number 123456789012345678901234567890 is too large; put it in quotes if it is meant as text",
        ),
    );
}

#[test]
fn a_nul_escaped_into_a_body_answer_is_refused() {
    // Found by fuzzing: YAML forbids a raw NUL, but "\0" spells one, and a
    // one-line answer put it into the body, writing a file that `lint`
    // refuses as binary. The frontmatter escapes it, so a description may
    // hold one (see frontmatter.rs).
    file_refused(
        "title: \"staff\\0engineer\"\n",
        "error: the agent 'backend-architect' would not load in Claude Code: the body would contain a NUL character (U+0000), which makes the file binary; remove the \\0 from the answers\n",
    );
}

// ── Not a mapping ───────────────────────────────────────────────────────

#[test]
fn a_file_that_is_one_value_is_not_an_answers_file() {
    for (contents, shape) in [
        ("just some words\n", "text"),
        ("42\n", "a number"),
        ("true\n", "true/false"),
        ("'quoted: text'\n", "text"),
    ] {
        file_refused(
            contents,
            &format!(
                "error: a.yaml: an answers file must be a mapping of question keys to values (key: value), not {shape}.\n"
            ),
        );
    }
}

#[test]
fn keys_must_be_text() {
    file_refused(
        "[a, b]: 1\n",
        &syntax("1:1", "a mapping key must be text, not a list"),
    );
    file_refused(
        "~: 1\n",
        &syntax("1:1", "a mapping key must be text, not nothing (null)"),
    );
}

#[test]
fn files_with_nothing_in_them_mean_all_defaults() {
    let sb = Sandbox::new();
    let expected = defaults(&sb);
    for (name, contents) in [
        ("comments.yaml", "# only a comment\n\n   \n# and another\n"),
        ("marker.yaml", "---\n"),
        ("tilde.yaml", "~\n"),
        ("bom.yaml", "\u{feff}"),
    ] {
        sb.write(name, contents);
        let out = stdout_of(sb.run(["new", "backend-architect", "--stdout", "-a", name]));
        assert_eq!(out, expected, "{name}");
    }
}

// ── Wrong types, for every question type ────────────────────────────────

#[test]
fn every_question_type_refuses_every_wrong_shape_with_the_line() {
    let sb = Sandbox::new();
    sb.write(
        "a.yaml",
        "title: [a, b]\n\
         closing: {a: b}\n\
         insights: 1\n\
         model: [opus]\n\
         sections: 5\n\
         expertise: {a: 1}\n\
         examples: some text\n\
         responsibilities: [just text]\n",
    );
    over_existing(&sb)
        .args(["-a", "a.yaml"])
        .fails(2)
        .stderr_is(problems(&[
            "a.yaml:1: title: expected text, found a list",
            "a.yaml:2: closing: expected text, found a mapping",
            "a.yaml:3: insights: expected true or false, found a number (1)",
            "a.yaml:4: model: expected text, found a list",
            "a.yaml:5: sections: expected a list such as [a, b], found a number (5)",
            "a.yaml:6: expertise: expected a list such as [a, b], found a mapping",
            "a.yaml:7: examples: expected a list of mappings with the fields context, user, assistant, commentary, found text (\"some text\")",
            "a.yaml:8: responsibilities: [0]: expected a mapping with the fields title, summary, items, found text (\"just text\")",
        ]))
        .run();
}

#[test]
fn wrong_shapes_inside_lists_and_records_name_the_item_and_field() {
    let sb = Sandbox::new();
    sb.write(
        "a.yaml",
        "sections: [principles, nope]\n\
         expertise: [ok, [nested]]\n\
         examples:\n  - context: [1]\n    user: u\n    assistant: a\n\
         responsibilities:\n  - title: t\n    items: 5\n",
    );
    over_existing(&sb)
        .args(["-a", "a.yaml"])
        .fails(2)
        .stderr_is(problems(&[
            "a.yaml:1: sections: [1]: 'nope' is not one of principles, process, decisions, implementation, code_review, new_features, stack, stack_notes, patterns, practices, database_patterns, output, handoffs, communication",
            "a.yaml:2: expertise: [1]: expected text, found a list",
            "a.yaml:3: examples: [0].context: expected text, found a list",
            "a.yaml:7: responsibilities: [0].items: expected a list such as [a, b], found a number (5)",
        ]))
        .run();
}

#[test]
fn unknown_targets_and_long_unknown_keys_are_listed_short() {
    file_refused(
        "targets: {opencod: {model: x}}\n",
        &problems(&[
            "a.yaml:1: targets.opencod: there is no target 'opencod'; did you mean 'opencode'?",
        ]),
    );
    // An explicit key (`? key`) may be longer than the 1024 characters of
    // a plain one; it is not on a `key:` line, so it has no line number.
    let shown = format!("{}… (5000 characters)", "k".repeat(80));
    file_refused(
        format!("? {}\n: 1\n", "k".repeat(5000)),
        &problems(&[&format!(
            "a.yaml: {shown}: the role backend-architect has no question with this key; `agentgen show backend-architect` lists them"
        )]),
    );
}

#[test]
fn a_value_a_megabyte_long_is_quoted_short() {
    let sb = Sandbox::new();
    sb.write("a.yaml", format!("model: {}\n", "x".repeat(1_000_000)));
    let shown = format!("{}… (1000000 characters)", "x".repeat(80));
    over_existing(&sb)
        .args(["-a", "a.yaml"])
        .fails(2)
        .stderr_is(problems(&[&format!(
            "a.yaml:1: model: '{shown}' is not one of sonnet, opus, haiku, inherit; other values must be a full model id such as claude-sonnet-4-5"
        )]))
        .run();
    // A name is checked on its own, and its suggestion is cut to the
    // longest name allowed (64 characters).
    let name = "x".repeat(100_000);
    let short = "x".repeat(64);
    over_existing(&sb)
        .args(["--name", &name])
        .fails(2)
        .stderr_is(format!(
            "error: '{}… (100000 characters)' cannot be an agent name: it is longer than 64 characters. Use '{short}' instead, for example with --name {short}.\n",
            "x".repeat(80)
        ))
        .run();
}

#[test]
fn twenty_thousand_unknown_keys_are_all_listed_with_their_lines() {
    // Each key and its value take 11 bytes; twenty thousand fit in 1 MiB.
    // Every one is unknown, and every one is reported with its line.
    let sb = Sandbox::new();
    let keys: String = (0..20_000).map(|i| format!("zz{i:05}: 1\n")).collect();
    sb.write("a.yaml", keys);
    let stderr = over_existing(&sb)
        .args(["-a", "a.yaml"])
        .fails(2)
        .run()
        .stderr;
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "error: 20000 problems in the answers; nothing was written:"
    );
    assert_eq!(lines.len(), 20_001);
    for (i, line) in lines[1..].iter().enumerate() {
        let start = format!(
            "  a.yaml:{}: zz{i:05}: the role backend-architect has no question with this key",
            i + 1
        );
        assert!(line.starts_with(&start), "{line}");
    }
}

// ── Encodings ───────────────────────────────────────────────────────────

#[test]
fn a_byte_order_mark_is_skipped_and_lines_still_count_from_one() {
    let sb = Sandbox::new();
    sb.write("good.yaml", "\u{feff}model: opus\n");
    let out = stdout_of(sb.run(["new", "backend-architect", "--stdout", "-a", "good.yaml"]));
    assert_eq!(AgentFile::parse(&out).str("model"), Some("opus"));
    sb.write("bad.yaml", "\u{feff}model: opus\ninsights: maybe\n");
    std::fs::remove_file(sb.path().join("good.yaml")).unwrap();
    over_existing(&sb)
        .args(["-a", "bad.yaml"])
        .fails(2)
        .stderr_is(problems(&[
            "bad.yaml:2: insights: expected true or false, found text (\"maybe\")",
        ]))
        .run();
}

#[test]
fn crlf_and_lone_cr_line_ends_keep_their_line_numbers() {
    for ending in ["\r\n", "\r"] {
        file_refused(
            format!("model: opus{ending}insights: maybe{ending}"),
            &problems(&["a.yaml:2: insights: expected true or false, found text (\"maybe\")"]),
        );
    }
}

#[test]
fn bytes_that_are_not_utf8_are_refused_at_their_place() {
    // Line 3 is `title: caf` (10 characters) before the Latin-1 é; the
    // lines before it take 12 and 11 bytes.
    file_refused(
        b"model: opus\ncolor: red\ntitle: caf\xe9\n",
        "error: a.yaml: the file is not UTF-8 text (byte 0xe9 at line 3, column 11, offset 33); save it as UTF-8.\n",
    );
    // An overlong encoding of '/' is not UTF-8 either.
    file_refused(
        b"title: a\xc0\xafb\n",
        "error: a.yaml: the file is not UTF-8 text (byte 0xc0 at line 1, column 9, offset 8); save it as UTF-8.\n",
    );
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("model: opus\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    file_refused(
        utf16,
        "error: a.yaml: the file is not UTF-8 text but UTF-16; save it as UTF-8.\n",
    );
}

// ── Size ────────────────────────────────────────────────────────────────

const TOO_LARGE: &str =
    "  caused by: it is larger than the 1024 KiB agentgen reads from an answers file\n";

fn unreadable(name: &str) -> String {
    format!(
        "error: cannot read the answers file {name}; check the path given to --answers\n{TOO_LARGE}"
    )
}

/// `len` bytes of valid YAML: comment lines, then one answer.
fn padded(len: usize) -> Vec<u8> {
    let answer = b"color: red\n";
    let line = b"# padding padding padding padding padding padding padding padding\n";
    let mut out = Vec::with_capacity(len);
    while out.len() + line.len() + answer.len() <= len {
        out.extend_from_slice(line);
    }
    out.resize(len - answer.len(), b'#');
    // The last padding line ends in `#`s; end it.
    out.pop();
    out.push(b'\n');
    out.extend_from_slice(answer);
    assert_eq!(out.len(), len);
    out
}

#[test]
fn a_file_of_exactly_one_mebibyte_is_read_and_one_byte_more_is_not() {
    let sb = Sandbox::new();
    sb.write("max.yaml", padded(1024 * 1024));
    let out = stdout_of(sb.run(["new", "backend-architect", "--stdout", "-a", "max.yaml"]));
    assert_eq!(AgentFile::parse(&out).str("color"), Some("red"));
    std::fs::remove_file(sb.path().join("max.yaml")).unwrap();
    sb.write("over.yaml", padded(1024 * 1024 + 1));
    over_existing(&sb)
        .args(["-a", "over.yaml"])
        .fails(2)
        .stderr_is(unreadable("over.yaml"))
        .run();
}

#[test]
fn a_50_mib_file_is_refused_at_the_cap() {
    let sb = Sandbox::new();
    let path = sb.path().join("huge.yaml");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let line = b"# padding padding padding padding padding padding padding padding\n";
    let mut written = 0;
    while written < 50 * 1024 * 1024 {
        file.write_all(line).unwrap();
        written += line.len();
    }
    file.flush().unwrap();
    drop(file);
    over_existing(&sb)
        .args(["-a", "huge.yaml"])
        .fails(2)
        .stderr_is(unreadable("huge.yaml"))
        .run();
}

#[test]
fn a_50_mib_stream_on_standard_input_is_refused_at_the_cap() {
    let sb = Sandbox::new();
    let bytes = b"# padding\n".repeat(5 * 1024 * 1024);
    over_existing(&sb)
        .args(["-a", "-"])
        .stdin(bytes)
        .fails(2)
        .stderr_is(unreadable("-"))
        .run();
}

#[cfg(unix)]
#[test]
fn an_endless_file_is_refused_unread_so_it_is_never_read_whole() {
    // /dev/zero never ends: reading it whole would never finish. It is not
    // a regular file, so it is not read at all.
    let sb = Sandbox::new();
    over_existing(&sb)
        .args(["-a", "/dev/zero"])
        .fails(2)
        .stderr_is(
            "error: cannot read the answers file /dev/zero: it is a character device, not a \
             regular file; agentgen reads only regular files\n",
        )
        .run();
}

// ── Nesting ─────────────────────────────────────────────────────────────

const TOO_DEEP: &str = "lists and mappings are nested more than 128 levels deep here; agentgen reads at most 128 levels";

#[test]
fn ten_thousand_brackets_stop_at_the_129th_level() {
    // The file's mapping is level 1, so the 128th bracket opens level 129;
    // `tools: ` takes 7 columns before the first.
    file_refused(
        format!("tools: {}\n", "[".repeat(10_000)),
        &syntax(&format!("1:{}", 7 + 128), TOO_DEEP),
    );
    // `{a: ` takes 4 columns per level.
    file_refused(
        format!("tools: {}\n", "{a: ".repeat(10_000)),
        &syntax(&format!("1:{}", 8 + 4 * 127), TOO_DEEP),
    );
}

#[test]
fn nesting_by_indentation_stops_at_the_129th_level() {
    // Line n + 1 opens level n + 1 with `-` after 2n spaces.
    let mut text = String::from("tools:\n");
    for n in 1..300 {
        text.push_str(&format!("{}-\n", "  ".repeat(n)));
    }
    file_refused(text, &syntax(&format!("129:{}", 2 * 128 + 1), TOO_DEEP));
}

#[test]
fn nesting_in_set_values_is_not_yaml_so_it_is_text() {
    // A --set value that is not valid YAML is taken as typed: a list
    // question then finds text, shown short.
    let sb = Sandbox::new();
    let deep = "[".repeat(10_000);
    over_existing(&sb)
        .args(["--set", &format!("tools={deep}")])
        .fails(2)
        .stderr_is(problems(&[&format!(
            "--set: tools: expected a list such as [a, b], found text ({:?}… (10000 characters))",
            "[".repeat(80)
        )]))
        .run();
    // A text question takes it as it is.
    let out = stdout_of(sb.run([
        "new",
        "backend-architect",
        "--stdout",
        "--set",
        &format!("title={}", &deep[..200]),
    ]));
    let body = AgentFile::parse(&out).body;
    assert!(
        body.starts_with(&format!("You are a {} who", &deep[..200])),
        "{body}"
    );
}

// ── Aliases ─────────────────────────────────────────────────────────────

const ALIAS_BOMB: &str = "the aliases (*name) in this document repeat more than 100000 values or 1024 KiB of text, which agentgen refuses as an alias bomb; write the values out instead";

/// Nine levels of nine aliases each: a billion `lol`s once expanded.
fn billion_laughs() -> String {
    let mut text = format!("a: &a [{}]\n", ["lol"; 9].join(", "));
    for level in b'b'..=b'i' {
        let (this, prev) = (level as char, (level - 1) as char);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{this}: &{this} [{refs}]\n"));
    }
    text
}

#[test]
fn a_billion_laughs_stops_at_the_alias_that_passes_the_limit() {
    // Expanded sizes: a 10 values, b 91, c 820, d 7381, e 66430. The
    // aliases of b to e repeat 90 + 819 + 7380 + 66429 = 74718 values; the
    // first *e on line 6 (`f: &f [` is 7 columns) passes 100000.
    file_refused(billion_laughs(), &syntax("6:8", ALIAS_BOMB));
}

#[test]
fn many_aliases_of_a_long_list_stop_at_the_limit() {
    // Each alias repeats the list and its 1000 items: 1001 values. After 99
    // aliases that is 99099; the 100th passes 100000. `b: [` is 4 columns
    // and each `*a,` 3 more. (Before the limit, a 600 KB file of this shape
    // with 150000 items and 100000 aliases grew past 23 GB; this test keeps
    // to sizes that stay small even if the limit were lost.)
    let items = vec!["x"; 1000].join(",");
    let aliases = vec!["*a"; 200].join(",");
    file_refused(
        format!("a: &a [{items}]\nb: [{aliases}]\n"),
        &syntax(&format!("2:{}", 5 + 3 * 99), ALIAS_BOMB),
    );
}

#[test]
fn aliases_of_a_long_text_stop_at_one_mebibyte_of_text() {
    // 100 KiB repeated: the 11th alias passes 1 MiB; each `*a, ` is 4
    // columns after `b: [`.
    let text = "x".repeat(100 * 1024);
    let aliases = vec!["*a"; 20].join(", ");
    file_refused(
        format!("a: &a '{text}'\nb: [{aliases}]\n"),
        &syntax(&format!("2:{}", 5 + 4 * 10), ALIAS_BOMB),
    );
}

#[test]
fn an_alias_inside_its_own_value_is_refused() {
    // `tools: &t [Read, ` is 17 columns.
    file_refused(
        "tools: &t [Read, *t]\n",
        &syntax(
            "1:18",
            "the alias *t is used inside the value it names, so that value never ends",
        ),
    );
}

#[test]
fn ordinary_aliases_still_work() {
    let sb = Sandbox::new();
    sb.write("a.yaml", "languages: &l [Go, Rust]\nframeworks: *l\n");
    let out = stdout_of(sb.run(["new", "backend-architect", "--stdout", "-a", "a.yaml"]));
    let body = AgentFile::parse(&out).body;
    assert!(
        body.contains("- Languages: Go, Rust\n- Frameworks: Go, Rust\n"),
        "{body}"
    );
}

#[test]
fn a_custom_role_with_an_alias_bomb_is_refused_before_it_is_built() {
    let sb = Sandbox::new();
    sb.write(
        "t/roles/laughs/role.yaml",
        format!(
            "name: laughs\nsummary: Hostile.\nquestions:\n  - use: identity\n    defaults:\n      name: laughs\n      description: Use it.\n{}",
            billion_laughs()
                .lines()
                .map(|l| format!("x{l}\n"))
                .collect::<String>()
        ),
    );
    sb.write("t/roles/laughs/agent.md.j2", "Body.\n");
    // The bomb starts on line 8, so its sixth line is line 13 (role
    // definition errors give the line only).
    sb.agentgen([
        "--templates",
        "t",
        "new",
        "laughs",
        "--defaults",
        "-o",
        "out",
    ])
    .fails(1)
    .stderr_is(format!(
        "note: templates from outside agentgen are in use:\n  {} (--templates): 2 files\n\
         error: role definition {} line 13: {ALIAS_BOMB}\n",
        sb.path().join("t").display(),
        sb.path().join("t/roles/laughs/role.yaml").display()
    ))
    .run();
    assert!(!sb.exists("out"));
}

// ── Duplicates ──────────────────────────────────────────────────────────

#[test]
fn duplicate_keys_are_refused_however_they_are_spelled() {
    file_refused(
        "model: opus\n\"model\": haiku\n",
        &syntax("2:1", "duplicate key 'model'"),
    );
    // A number key is read as the text it spells.
    file_refused("1: a\n'1': b\n", &syntax("2:1", "duplicate key '1'"));
    // Inside a record the mapping is named; it starts at line 2, column 5.
    file_refused(
        "examples:\n  - context: a\n    context: b\n    user: u\n    assistant: a\n",
        &syntax("2:5", "examples[0]: duplicate key 'context'"),
    );
}

// ── Agent files (`lint`) ────────────────────────────────────────────────

#[test]
fn lint_reads_hostile_frontmatter_without_building_it() {
    let sb = Sandbox::new();
    let bomb: String = billion_laughs()
        .lines()
        .map(|l| format!("x{l}\n"))
        .collect();
    sb.write(
        ".claude/agents/bomb.md",
        format!("---\nname: bomb\ndescription: Use it.\n{bomb}---\nBody.\n"),
    );
    sb.write(
        ".claude/agents/deep.md",
        format!(
            "---\nname: deep\ndescription: Use it.\nmodel: {}\n---\nBody.\n",
            "[".repeat(10_000)
        ),
    );
    // Only warnings, so lint succeeds; without --fix it writes nothing.
    let out = sb
        .agentgen(["lint", "--json", ".claude/agents"])
        .succeeds()
        .writes_nothing()
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let findings: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap().rsplit('/').next().unwrap();
            format!("{file}:{}:{}", f["line"], f["rule"].as_str().unwrap())
        })
        .collect();
    // Strict YAML refuses both files (aliases repeat too much; nesting too
    // deep), so each is read line by line as Claude Code's lenient retry
    // does, and the first line strict YAML rejects on its own is named:
    // `xb` repeats an anchor of another line, and `model` is too deep.
    let mut expected = vec!["bomb.md:5:lenient-yaml".to_owned()];
    expected.extend((4..=12).map(|line| format!("bomb.md:{line}:unknown-field")));
    expected.extend([
        "deep.md:4:lenient-yaml".into(),
        "deep.md:4:unknown-model".into(),
    ]);
    assert_eq!(findings, expected);
    assert_eq!(
        json["findings"][11]["message"],
        format!(
            "'{}… (10000 characters)' is not a Claude Code model",
            "[".repeat(80)
        )
    );
    assert_eq!(json["files"], 2);
}

// ── Text on the command line ────────────────────────────────────────────

#[test]
fn text_set_on_the_command_line_stays_as_typed_where_yaml_reads_null() {
    // YAML reads `#1 ...` as a comment and `---` as a document start, both
    // null: an optional answer vanished and a required one "needed a value".
    let sb = Sandbox::new();
    let out = stdout_of(sb.run([
        "new",
        "backend-architect",
        "--stdout",
        "--set",
        "experience=#1 for 10 years",
        "--set",
        "title=---",
    ]));
    let body = AgentFile::parse(&out).body;
    assert!(
        body.starts_with("You are a --- who designs"),
        "the required title is kept: {body}"
    );
    assert!(
        body.contains(" You have #1 for 10 years of hands-on experience"),
        "the optional experience is kept: {body}"
    );
    for typed in ["~", "null", "# just a comment"] {
        let out = stdout_of(sb.run([
            "new",
            "backend-architect",
            "--stdout",
            "--set",
            &format!("experience={typed}"),
        ]));
        let body = AgentFile::parse(&out).body;
        assert!(
            body.contains(&format!(" You have {typed} of hands-on")),
            "{typed}: {body}"
        );
    }
}

#[test]
fn an_empty_set_is_still_no_answer_and_lists_still_read_yaml() {
    let sb = Sandbox::new();
    // Nothing typed is no answer: refused for a required question...
    over_existing(&sb)
        .args(["--set", "title="])
        .fails(2)
        .stderr_is(problems(&[
            "--set: title: needs a value; this question is required",
        ]))
        .run();
    // ...and nothing said for an optional one.
    let out = stdout_of(sb.run([
        "new",
        "backend-architect",
        "--stdout",
        "--set",
        "experience=",
    ]));
    assert!(!out.contains("of hands-on experience"), "{out}");
    // A list question still reads the value as YAML.
    let out = stdout_of(sb.run([
        "new",
        "backend-architect",
        "--stdout",
        "--set",
        "tools=[Read, Grep]",
    ]));
    let agent = AgentFile::parse(&out);
    assert_eq!(agent.str("tools"), Some("Read, Grep"), "{out}");
}
