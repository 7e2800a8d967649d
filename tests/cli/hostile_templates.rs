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
    let stderr = custom_new(&sb, "includer")
        .fails(1)
        .stderr_has("t/partials/owner.j2 line 2: undefined value: `ownr` is undefined")
        .stderr_has("included from ")
        .run()
        .stderr;
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
    custom_new(&sb, "macro-user")
        .fails(1)
        .stderr_has("t/partials/macros.j2 line 3: undefined value: `nobody` is undefined")
        .run();
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
        custom_new(&sb, "typo")
            .fails(1)
            .stderr_has(format!(
                "t/roles/typo/agent.md.j2 {line}: undefined value: {name} is undefined"
            ))
            .stderr_has("check its spelling")
            .run();
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
    let stderr = custom_new(&sb, "mirror")
        .fails(1)
        .stderr_has(
            "t/roles/mirror/agent.md.j2 line 1: invalid operation: recursion limit exceeded",
        )
        .stderr_has("; included from ")
        .stderr_has(" times)")
        .run()
        .stderr;
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
    custom_new(&sb, "flood")
        .fails(1)
        .stderr_has("t/roles/flood/agent.md.j2: the output is larger than 1024 KiB")
        .stderr_has("look for a loop that repeats too often")
        .run();

    custom_role(&sb, "t", "repeat", "", "{{ 'x' * 3000000 }}");
    custom_new(&sb, "repeat")
        .fails(1)
        .stderr_has("the output is larger than 1024 KiB")
        .run();

    custom_role(&sb, "t", "bomb", "", "{{ 'x' * 100000000000 }}");
    custom_new(&sb, "bomb")
        .fails(1)
        .stderr_has(
            "t/roles/bomb/agent.md.j2 line 1: invalid operation: repeated string is too large",
        )
        .run();
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
    custom_new(&sb, "swell")
        .fails(1)
        .stderr_has(
            "roles/swell/role.yaml, default of 'filler': the output is larger than 1024 KiB",
        )
        .run();
}

#[test]
fn deeply_nested_syntax_is_refused_without_a_crash() {
    let sb = Sandbox::new();
    let parens = format!("{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
    custom_role(&sb, "t", "nested", "", &parens);
    custom_new(&sb, "nested")
        .fails(1)
        .stderr_has("t/roles/nested/agent.md.j2 line 1: syntax error: template exceeds maximum recursion limits")
        .run();
    let blocks = format!(
        "{}x{}",
        "{% if true %}".repeat(3000),
        "{% endif %}".repeat(3000)
    );
    custom_role(&sb, "t", "blocks", "", &blocks);
    custom_new(&sb, "blocks")
        .fails(1)
        .stderr_has("maximum recursion limits")
        .run();
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
        let stderr = custom_new(&sb, "escaper")
            .fails(1)
            .stderr_has("t/roles/escaper/agent.md.j2 line 1: invalid operation: ")
            .stderr_has("is not a template name: names are relative paths inside the template root")
            .run()
            .stderr;
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
    let stderr = custom_new(&sb, "chooser")
        .args(["--set", &format!("part={secret}")])
        .fails(1)
        .stderr_has("is not a template name")
        .run()
        .stderr;
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
    // Every old agent is intact.
    let stderr = sb
        .agentgen([
            "--templates",
            "t",
            "kit",
            "./eight.yaml",
            "--defaults",
            "-o",
            "out",
            "--force",
        ])
        .fails(1)
        .run()
        .stderr;
    assert!(
        stderr.contains("t/roles/looper/agent.md.j2") && stderr.contains("ran out of fuel"),
        "{stderr}"
    );
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
    custom_new(&sb, "laughs")
        .fails(1)
        .stderr_has("t/roles/laughs/role.yaml")
        .stderr_has("line 11")
        .stderr_has("refuses as an alias bomb")
        .run();
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
    // A clean exit 1, not an abort (134) or a kill; nothing written.
    let mut run = sb
        .agentgen(["--templates", "t"])
        .args(args)
        .ulimit(MEMORY_LIMIT)
        .fails(1)
        .stdout_is("");
    for m in messages.iter().chain([&OVER_MEMORY]) {
        run = run.stderr_has(*m);
    }
    run.run().stderr
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
    let stderr = custom_new(&sb, "costly")
        .fails(1)
        .stderr_has("roles/costly/role.yaml, default of 'q")
        .stderr_has("the templates of this run did more than 20 million instructions in all")
        .run()
        .stderr;
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
    sb.agentgen(["--templates", "many", "list"])
        .fails(1)
        .stderr_has(
            "/many/roles: it holds more than 500 roles, the most agentgen reads from one folder",
        )
        .run();

    // Too many questions in one role.
    let mut questions = String::new();
    for i in 0..495 {
        questions.push_str(&format!(
            "  - key: q{i}\n    prompt: Q\n    type: string\n    default: x\n"
        ));
    }
    custom_role(&sb, "t", "quiz", &questions, "x\n");
    custom_new(&sb, "quiz")
        .fails(1)
        .stderr_has("t/roles/quiz/role.yaml")
        .stderr_has("questions, more than the 500 agentgen accepts from one role")
        .run();

    // A definition too large to be a role.
    let filler = format!("# {}\n", "x".repeat(1000)).repeat(300);
    custom_role(&sb, "t", "fat", &filler, "x\n");
    custom_new(&sb, "fat")
        .fails(1)
        .stderr_has("t/roles/fat/role.yaml")
        .stderr_has("larger than the 256 KiB agentgen reads from a YAML definition")
        .run();
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
    let stderr = sb
        .agentgen([
            "--templates",
            "t",
            "kit",
            "./echo.yaml",
            "--defaults",
            "--dry-run",
            "-o",
            "out",
        ])
        .fails(1)
        .run()
        .stderr;
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
    let stderr = sb
        .agentgen([
            "--templates",
            "t",
            "kit",
            "./chorus.yaml",
            "--defaults",
            "-o",
            "out",
        ])
        .fails(1)
        .run()
        .stderr;
    // Agents render on every core, so the render that overdraws the budget
    // may be an agent's body or its description; the agent is named.
    assert!(
        stderr.contains("(wordy role): template ")
            && stderr.contains(": the templates of this run wrote more than 64 MiB in all"),
        "{stderr}"
    );
    assert_eq!(sb.snapshot(), before, "nothing was written");
}

#[test]
fn a_list_that_hits_the_run_read_budget_says_it_is_incomplete_and_fails() {
    let sb = Sandbox::new();
    // 200 KiB of comments, under the cap for one definition but read again
    // for every role that uses it: fifty roles are past the 8 MiB a run
    // reads from template folders, so the last ones cannot be read.
    let filler = format!("# {}\n", "x".repeat(1000)).repeat(200);
    sb.write(
        "t/questions/big.yaml",
        format!("{filler}- key: extra\n  prompt: Extra\n  type: string\n  default: x\n"),
    );
    for i in 0..50 {
        custom_role(&sb, "t", &format!("r{i:02}"), "  - use: big\n", "x\n");
    }
    for json in [false, true] {
        let run = sb.agentgen(["--templates", "t", "list"]);
        let run = if json { run.args(["--json"]) } else { run };
        let out = run
            .fails(1)
            .stderr_has("t/questions/big.yaml: reading it takes this run past the 8 MiB agentgen reads from template folders in all")
            .stderr_has("so this listing is incomplete")
            .run();
        // What could be read is still shown, the rest marked unusable.
        assert!(
            out.stdout.contains("A custom role for tests."),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("run past the 8 MiB"), "{}", out.stdout);
    }
    // Under the budget the same folder lists cleanly.
    for i in 20..50 {
        std::fs::remove_dir_all(sb.path().join(format!("t/roles/r{i:02}"))).unwrap();
    }
    sb.agentgen(["--templates", "t", "list"])
        .succeeds()
        .stdout_has("r19")
        .run();
}
