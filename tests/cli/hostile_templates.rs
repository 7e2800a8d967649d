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
