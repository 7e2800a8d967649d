//! Hostile templates in a custom root: each must end the run with a message
//! that names the file and line to fix, exit code 1, and nothing written.
//! `custom_templates` covers the first cases (a loop, macro recursion, an
//! include with `..`, a symlink out of the root, a syntax error, an
//! undefined variable in the role's own template, a huge template file);
//! these are the ones it leaves open.

use crate::support::*;

#[test]
fn an_undefined_variable_in_an_included_partial_names_the_partial_line_and_includer() {
    let sb = Sandbox::new();
    sb.write("t/partials/owner.j2", "Owner:\n{{ ownr }}\n");
    sb.write(
        "t/partials/team.j2",
        "Team:\n{% include \"partials/owner.j2\" %}\n",
    );
    custom_role(
        &sb,
        "t",
        "includer",
        "",
        "one\ntwo\n{% include \"partials/team.j2\" %}\n",
    );
    let stderr = custom_new_fails(
        &sb,
        "includer",
        &[],
        1,
        &[
            "t/partials/owner.j2 line 2: undefined value: `ownr` is undefined",
            "included from ",
        ],
    );
    let chain = stderr.split("included from ").skip(1).collect::<Vec<_>>();
    assert_eq!(chain.len(), 2, "{stderr}");
    assert!(chain[0].contains("t/partials/team.j2 line 2"), "{stderr}");
    assert!(
        chain[1].contains("t/roles/includer/agent.md.j2 line 3"),
        "{stderr}"
    );
}

#[test]
fn an_undefined_variable_inside_an_imported_macro_is_named() {
    let sb = Sandbox::new();
    sb.write(
        "t/partials/macros.j2",
        "\n\n{% macro owner() %}{{ nobody }}{% endmacro %}\n",
    );
    custom_role(
        &sb,
        "t",
        "macro-user",
        "",
        "{% import \"partials/macros.j2\" as m %}\n{{ m.owner() }}\n",
    );
    custom_new_fails(
        &sb,
        "macro-user",
        &[],
        1,
        &["t/partials/macros.j2 line 3: undefined value: `nobody` is undefined"],
    );
}

#[test]
fn undefined_names_in_conditions_loops_and_attributes_stop_the_render() {
    let cases = [
        ("a\n{% if missoin %}x{% endif %}\n", "line 2", "`missoin`"),
        (
            "a\nb\n{% for s in sectons %}{{ s }}{% endfor %}\n",
            "line 3",
            "`sectons`",
        ),
        ("a\nb\nc\n{{ name.first }}\n", "line 4", "`name.first`"),
        ("{{ missoin | upper }}\n", "line 1", "`missoin`"),
    ];
    for (body, line, name) in cases {
        let sb = Sandbox::new();
        custom_role(&sb, "t", "typo", "", body);
        custom_new_fails(
            &sb,
            "typo",
            &[],
            1,
            &[
                &format!("t/roles/typo/agent.md.j2 {line}: undefined value: {name} is undefined"),
                "check its spelling",
            ],
        );
    }
}

#[test]
fn a_template_that_includes_itself_stops_with_one_short_message() {
    let sb = Sandbox::new();
    custom_role(
        &sb,
        "t",
        "mirror",
        "",
        "{% include \"roles/mirror/agent.md.j2\" %}\n",
    );
    let stderr = custom_new_fails(
        &sb,
        "mirror",
        &[],
        1,
        &[
            "t/roles/mirror/agent.md.j2 line 1: invalid operation: recursion limit exceeded",
            "; included from ",
            " times)",
        ],
    );
    assert_eq!(stderr.matches("included from").count(), 1, "{stderr}");
}

#[test]
fn huge_output_is_cut_off_at_the_cap() {
    let sb = Sandbox::new();
    let line = "x".repeat(1000);
    custom_role(
        &sb,
        "t",
        "flood",
        "",
        &format!("{{% for i in range(5000) %}}{line}\n{{% endfor %}}"),
    );
    custom_new_fails(
        &sb,
        "flood",
        &[],
        1,
        &[
            "t/roles/flood/agent.md.j2: the output is larger than 1024 KiB",
            "look for a loop that repeats too often",
        ],
    );

    custom_role(&sb, "t", "repeat", "", "{{ 'x' * 3000000 }}");
    custom_new_fails(
        &sb,
        "repeat",
        &[],
        1,
        &["the output is larger than 1024 KiB"],
    );

    custom_role(&sb, "t", "bomb", "", "{{ 'x' * 100000000000 }}");
    custom_new_fails(
        &sb,
        "bomb",
        &[],
        1,
        &["t/roles/bomb/agent.md.j2 line 1: invalid operation: repeated string is too large"],
    );
}

#[test]
fn a_default_that_grows_without_end_is_cut_off_too() {
    let sb = Sandbox::new();
    // Defaults are rendered too; before the cap applied to them, a default
    // like this (with 20,000 rounds) took 2 GB and five seconds.
    custom_role(
        &sb,
        "t",
        "swell",
        "  - key: filler\n    prompt: Filler\n    type: string\n    default: \"{% for i in range(50) %}{{ 'x' * 100000 }}{% endfor %}\"\n",
        "{{ filler | length }}\n",
    );
    custom_new_fails(
        &sb,
        "swell",
        &[],
        1,
        &["roles/swell/role.yaml, default of 'filler': the output is larger than 1024 KiB"],
    );
}

#[test]
fn deeply_nested_syntax_is_refused_without_a_crash() {
    let sb = Sandbox::new();
    let parens = format!("{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
    custom_role(&sb, "t", "nested", "", &parens);
    custom_new_fails(
        &sb,
        "nested",
        &[],
        1,
        &[
            "t/roles/nested/agent.md.j2 line 1: syntax error: template exceeds maximum recursion limits",
        ],
    );
    let blocks = format!(
        "{}x{}",
        "{% if true %}".repeat(3000),
        "{% endif %}".repeat(3000)
    );
    custom_role(&sb, "t", "blocks", "", &blocks);
    custom_new_fails(&sb, "blocks", &[], 1, &["maximum recursion limits"]);
}

#[test]
fn includes_imports_and_extends_cannot_leave_the_root() {
    let sb = Sandbox::new();
    sb.write("secret.txt", "the secret\n");
    let secret = sb.path().join("secret.txt");
    let secret = secret.to_str().unwrap();
    let cases = [
        format!("{{% include \"{secret}\" %}}"),
        "{% extends \"../../../secret.txt\" %}".to_owned(),
        format!("{{% import \"{secret}\" as s %}}"),
        "{% from \"partials/../../secret.txt\" import x %}".to_owned(),
        "{% include \"..\\\\secret.txt\" %}".to_owned(),
    ];
    for body in cases {
        custom_role(&sb, "t", "escaper", "", &body);
        let stderr = custom_new_fails(
            &sb,
            "escaper",
            &[],
            1,
            &[
                "t/roles/escaper/agent.md.j2 line 1: invalid operation: ",
                "is not a template name: names are relative paths inside the template root",
            ],
        );
        assert!(!stderr.contains("the secret"), "{body}: {stderr}");
    }

    // A template name taken from an answer is held to the same rule.
    custom_role(
        &sb,
        "t",
        "chooser",
        "  - key: part\n    prompt: Part\n    type: string\n    default: partials/a.j2\n",
        "{% include part %}\n",
    );
    let stderr = custom_new_fails(
        &sb,
        "chooser",
        &["--set", &format!("part={secret}")],
        1,
        &["is not a template name"],
    );
    assert!(!stderr.contains("the secret"), "{stderr}");
}

#[test]
fn a_hostile_template_in_the_seventh_agent_of_a_kit_writes_nothing() {
    let sb = Sandbox::new();
    custom_role(&sb, "t", "worker", "", "A worker.\n");
    custom_role(
        &sb,
        "t",
        "looper",
        "",
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    );
    let mut kit = "name: eight\nsummary: Eight agents, the seventh hostile.\nagents:\n".to_owned();
    for i in 1..=8 {
        let role = if i == 7 { "looper" } else { "worker" };
        kit.push_str(&format!("  - role: {role}\n    name: agent-{i}\n"));
    }
    sb.write("eight.yaml", kit);
    for i in 1..=8 {
        sb.write(&format!("out/agent-{i}.md"), format!("old {i}\n"));
    }
    let before = sb.snapshot();
    let assert = sb
        .run([
            "--templates",
            "t",
            "kit",
            "./eight.yaml",
            "--defaults",
            "-o",
            "out",
            "--force",
        ])
        .code(1);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("t/roles/looper/agent.md.j2") && stderr.contains("ran out of fuel"),
        "{stderr}"
    );
    assert_eq!(sb.snapshot(), before, "every old agent is intact");
}

#[test]
fn an_alias_bomb_in_a_role_definition_is_refused_quickly() {
    let sb = Sandbox::new();
    // Nine levels of nine aliases: 387 million strings if expanded.
    let mut bomb = "[x, x, x, x, x, x, x, x, x]".to_owned();
    for level in 0..8 {
        let aliases = vec![format!("*l{level}"); 8].join(", ");
        bomb = format!("[&l{level} {bomb}, {aliases}]");
    }
    custom_role(
        &sb,
        "t",
        "laughs",
        &format!("  - key: pile\n    prompt: Pile\n    type: list\n    default: {bomb}\n"),
        "x\n",
    );
    custom_new_fails(
        &sb,
        "laughs",
        &[],
        1,
        &[
            "t/roles/laughs/role.yaml",
            "line 11",
            "refuses as an alias bomb",
        ],
    );
}

// ── Memory bombs ────────────────────────────────────────────────────────

/// The address space each memory bomb runs in, for `ulimit -v` (KiB):
/// room for a run, a kit's threads and the 128 MiB render budget, and far
/// less than any bomb asks for, so a bomb that got past the budget would
/// end in an abort (exit 134), not in exit 1.
const MEMORY_LIMIT: &str = "-v 786432";

const OVER_MEMORY: &str = "needed more than 128 MiB of memory, far more than any agent needs";

/// Runs `agentgen --templates t ARGS` under [`MEMORY_LIMIT`] over an
/// existing agent file (with `--force` among the args, a run that wrote
/// anything would show) and expects exit 1 with each of `messages`.
fn bomb_refused(sb: &Sandbox, args: &[&str], messages: &[&str]) -> String {
    sb.write("out/old.md", "old\n");
    let before = sb.snapshot();
    let output = sb
        .cmd_with_ulimit(MEMORY_LIMIT, ["--templates", "t"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{args:?}: a clean exit 1, not an abort or a kill: {stderr}"
    );
    for m in messages.iter().chain([&OVER_MEMORY]) {
        assert!(stderr.contains(m), "{args:?}: expected {m:?} in:\n{stderr}");
    }
    assert!(
        output.stdout.is_empty(),
        "{args:?}: nothing on standard output"
    );
    assert_eq!(sb.snapshot(), before, "{args:?}: nothing was written");
    stderr
}

fn new_bomb(sb: &Sandbox, role: &str) -> String {
    bomb_refused(
        sb,
        &["new", role, "--defaults", "-o", "out", "--force"],
        &[&format!("t/roles/{role}/agent.md.j2: ")],
    )
}

/// Forty doublings of one character: 1 TiB if it ran to the end.
fn doubling(var: &str, start: &str, op: &str) -> String {
    let mut text = format!("{{% set {var} = {start} %}}");
    for _ in 0..40 {
        text.push_str(&format!("{{% set {var} = {var} {op} {var} %}}"));
    }
    text
}

#[test]
fn a_join_over_a_large_range_ends_cleanly_under_a_memory_limit() {
    let sb = Sandbox::new();
    // A gigabyte for a few units of fuel.
    custom_role(
        &sb,
        "t",
        "joiner",
        "",
        "{{ (range(100000)|join(\"x\" * 10000))|length }}\n",
    );
    new_bomb(&sb, "joiner");
}

#[test]
fn strings_and_lists_that_double_end_cleanly_under_a_memory_limit() {
    let sb = Sandbox::new();
    let strings = format!("{}{{{{ s|length }}}}\n", doubling("s", "\"x\"", "~"));
    custom_role(&sb, "t", "concat", "", &strings);
    new_bomb(&sb, "concat");

    let lists = format!("{}{{{{ l|length }}}}\n", doubling("l", "[1]", "+"));
    custom_role(&sb, "t", "lists", "", &lists);
    new_bomb(&sb, "lists");
}

#[test]
fn string_filters_that_multiply_end_cleanly_under_a_memory_limit() {
    let cases = [
        "{{ ('x' * 100000)|replace('x', 'y' * 100000)|length }}",
        "{{ ('x\\n' * 100000)|indent(100000)|length }}",
        "{{ ('%s' * 100000)|format(*(['y' * 100000] * 100000))|length }}",
    ];
    for (i, body) in cases.into_iter().enumerate() {
        let sb = Sandbox::new();
        let role = format!("filter-{i}");
        custom_role(&sb, "t", &role, "", &format!("{body}\n"));
        new_bomb(&sb, &role);
    }
}

#[test]
fn a_bomb_in_a_default_or_a_condition_ends_cleanly_even_for_answers() {
    let sb = Sandbox::new();
    let bomb = doubling("s", "\"x\"", "~").replace('"', "'");
    custom_role(
        &sb,
        "t",
        "swollen",
        &format!(
            "  - key: filler\n    prompt: Filler\n    type: string\n    default: \"{bomb}{{{{ s }}}}\"\n"
        ),
        "{{ filler|length }}\n",
    );
    let place = "roles/swollen/role.yaml, default of 'filler'";
    bomb_refused(
        &sb,
        &["new", "swollen", "--defaults", "-o", "out", "--force"],
        &[place],
    );
    bomb_refused(&sb, &["answers", "swollen"], &[place]);

    custom_role(
        &sb,
        "t",
        "iffy",
        "  - key: extra\n    prompt: Extra\n    type: string\n    required: false\n    when: \"(range(100000)|join('x' * 10000))|length > 0\"\n",
        "{{ extra }}\n",
    );
    bomb_refused(
        &sb,
        &["new", "iffy", "--defaults", "-o", "out", "--force"],
        &["roles/iffy/role.yaml, question 'extra', when"],
    );
}

#[test]
fn a_bomb_in_one_member_of_a_kit_rendered_on_every_core_ends_cleanly() {
    let sb = Sandbox::new();
    custom_role(&sb, "t", "worker", "", "A worker.\n");
    custom_role(
        &sb,
        "t",
        "joiner",
        "",
        "{{ (range(100000)|join(\"x\" * 10000))|length }}\n",
    );
    // Enough members for a thread per core.
    let mut kit = "name: crowd\nsummary: Many agents, one hostile.\nagents:\n".to_owned();
    for i in 1..=64 {
        let role = if i == 40 { "joiner" } else { "worker" };
        kit.push_str(&format!("  - role: {role}\n    name: agent-{i}\n"));
    }
    sb.write("crowd.yaml", kit);
    bomb_refused(
        &sb,
        &["kit", "./crowd.yaml", "--defaults", "-o", "out", "--force"],
        &["t/roles/joiner/agent.md.j2: "],
    );
}

// ── Time and size ───────────────────────────────────────────────────────

#[test]
fn thousands_of_costly_defaults_stop_at_the_run_fuel_budget() {
    let sb = Sandbox::new();
    // Each default stays under the fuel of one render; three hundred of
    // them (of the 500 questions a role may ask) do not fit in the run's.
    let mut questions = String::new();
    for i in 0..300 {
        questions.push_str(&format!(
            "  - key: q{i}\n    prompt: Q\n    type: string\n    default: \"{{% for i in range(COSTLY) %}}{{% endfor %}}{i}\"\n"
        ));
    }
    let questions = questions.replace("COSTLY", &COSTLY_LOOP.to_string());
    custom_role(&sb, "t", "costly", &questions, "{{ q0 }}\n");
    let stderr = custom_new_fails(
        &sb,
        "costly",
        &[],
        1,
        &[
            "roles/costly/role.yaml, default of 'q",
            "the templates of this run did more than 20 million instructions in all",
        ],
    );
    // The budget, not the cap on one render, stopped it.
    assert!(!stderr.contains("fuel"), "{stderr}");
    // One such default alone is fine.
    custom_role(
        &sb,
        "t",
        "one",
        &questions[..questions.find("  - key: q1\n").unwrap()],
        "{{ q0 }}\n",
    );
    sb.run(["--templates", "t", "new", "one", "--defaults", "--stdout"])
        .success();
}

/// Loop rounds that spend most of one render's 100,000 units of fuel.
const COSTLY_LOOP: u32 = 30_000;

#[test]
fn oversized_template_folders_are_refused_naming_the_file_and_limit() {
    let sb = Sandbox::new();
    // Too many roles in one folder: refused before any is read.
    for i in 0..501 {
        std::fs::create_dir_all(sb.path().join(format!("many/roles/r{i}"))).unwrap();
    }
    let assert = sb.run(["--templates", "many", "list"]).code(1);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains(
            "/many/roles: it holds more than 500 roles, the most agentgen reads from one folder"
        ),
        "{stderr}"
    );

    // Too many questions in one role.
    let mut questions = String::new();
    for i in 0..495 {
        questions.push_str(&format!(
            "  - key: q{i}\n    prompt: Q\n    type: string\n    default: x\n"
        ));
    }
    custom_role(&sb, "t", "quiz", &questions, "x\n");
    custom_new_fails(
        &sb,
        "quiz",
        &[],
        1,
        &[
            "t/roles/quiz/role.yaml",
            "questions, more than the 500 agentgen accepts from one role",
        ],
    );

    // A definition too large to be a role.
    let filler = format!("# {}\n", "x".repeat(1000)).repeat(300);
    custom_role(&sb, "t", "fat", &filler, "x\n");
    custom_new_fails(
        &sb,
        "fat",
        &[],
        1,
        &[
            "t/roles/fat/role.yaml",
            "larger than the 256 KiB agentgen reads from a YAML definition",
        ],
    );
}

#[test]
fn many_roles_sharing_one_large_question_set_stop_at_the_run_read_budget() {
    let sb = Sandbox::new();
    // 200 KiB of comments: under the cap for one definition, but read again
    // for every role that uses it.
    let filler = format!("# {}\n", "x".repeat(1000)).repeat(200);
    sb.write(
        "t/questions/big.yaml",
        format!("{filler}- key: extra\n  prompt: Extra\n  type: string\n  default: x\n"),
    );
    let mut kit = "name: echo\nsummary: Many roles, one large set.\nagents:\n".to_owned();
    for i in 0..200 {
        custom_role(&sb, "t", &format!("r{i}"), "  - use: big\n", "x\n");
        kit.push_str(&format!("  - role: r{i}\n    name: agent-{i}\n"));
    }
    sb.write("echo.yaml", kit);
    let assert = sb
        .run([
            "--templates",
            "t",
            "kit",
            "./echo.yaml",
            "--defaults",
            "--dry-run",
            "-o",
            "out",
        ])
        .code(1);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("t/questions/big.yaml: reading it takes this run past the 8 MiB agentgen reads from template folders in all"),
        "{stderr}"
    );
}

#[test]
fn a_kit_of_agents_that_each_write_nearly_a_mebibyte_stops_at_the_run_output_budget() {
    let sb = Sandbox::new();
    // Each body is under the 1 MiB cap of one render; seventy of them are
    // more than a run may hold.
    custom_role(&sb, "t", "wordy", "", "{{ 'x' * 1000000 }}\n");
    let mut kit = "name: chorus\nsummary: Many wordy agents.\nagents:\n".to_owned();
    for i in 0..70 {
        kit.push_str(&format!("  - role: wordy\n    name: agent-{i}\n"));
    }
    sb.write("chorus.yaml", kit);
    let before = sb.snapshot();
    let assert = sb
        .run([
            "--templates",
            "t",
            "kit",
            "./chorus.yaml",
            "--defaults",
            "-o",
            "out",
        ])
        .code(1);
    let stderr = stderr_of(&assert);
    // Agents render on every core, so the render that overdraws the budget
    // may be an agent's body or its description; the agent is named.
    assert!(
        stderr.contains("(wordy role): template ")
            && stderr.contains(": the templates of this run wrote more than 64 MiB in all"),
        "{stderr}"
    );
    assert_eq!(sb.snapshot(), before, "nothing was written");
}
