//! `agentgen completions` and `agentgen man`: the scripts are checked by
//! the shells themselves (`bash -n`, `zsh -n` where installed), bash's
//! script is run to complete a role name, and the manual pages are written
//! and read back.

use std::path::Path;
use std::process::Command;

use crate::support::*;

/// The script for `shell`, saved in the sandbox (the run itself writes nothing).
fn script(sb: &Sandbox, shell: &str, templates: &[&str]) -> std::path::PathBuf {
    let out = sb
        .agentgen(templates.iter().copied().chain(["completions", shell]))
        .succeeds()
        .writes_nothing()
        .run();
    sb.write(&format!("agentgen.{shell}"), out.stdout)
}

fn installed(shell: &str) -> bool {
    Command::new(shell).arg("-c").arg("true").output().is_ok()
}

/// `bash -n` / `zsh -n`: the shell parses the script without running it.
fn parses(shell: &str, path: &Path) {
    let out = Command::new(shell).arg("-n").arg(path).output().unwrap();
    assert!(
        out.status.success(),
        "{shell} -n refused the script: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What bash's completion function offers for the words of `line`.
fn bash_completes(path: &Path, line: &str) -> Vec<String> {
    let program = format!(
        "source '{}'\nCOMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}\nread -ra COMP_WORDS <<< \"$COMP_LINE\"\n\
         [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')\nCOMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n\
         _agentgen agentgen \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        path.display()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_script_parses_and_completes_roles_kits_and_subcommands() {
    if !installed("bash") {
        return;
    }
    let sb = Sandbox::new();
    let path = script(&sb, "bash", &[]);
    parses("bash", &path);
    assert_eq!(
        bash_completes(&path, "agentgen new backend-a"),
        ["backend-architect"]
    );
    assert_eq!(bash_completes(&path, "agentgen kit star"), ["startup"]);
    let commands = bash_completes(&path, "agentgen com");
    assert!(commands.contains(&"completions".to_owned()), "{commands:?}");
    let shells = bash_completes(&path, "agentgen completions z");
    assert_eq!(shells, ["zsh"]);
}

#[test]
fn bash_script_completes_a_role_from_a_template_folder() {
    if !installed("bash") {
        return;
    }
    let sb = Sandbox::new();
    custom_role(&sb, "t", "zz-house-style", "", "body\n");
    let path = script(&sb, "bash", &["--templates", "t"]);
    assert_eq!(
        bash_completes(&path, "agentgen new zz-"),
        ["zz-house-style"]
    );
}

#[test]
fn zsh_script_parses_and_offers_role_names() {
    let sb = Sandbox::new();
    custom_role(&sb, "t", "zz-house-style", "", "body\n");
    let path = script(&sb, "zsh", &["--templates", "t"]);
    let text = std::fs::read_to_string(&path).unwrap();
    // The role argument of `new` lists the role names as its values.
    let role_spec = text
        .lines()
        .find(|l| l.starts_with("':role -- The role to generate"))
        .expect("a spec for new's role argument");
    for role in ["backend-architect", "zz-house-style"] {
        assert!(role_spec.contains(role), "{role} missing from {role_spec}");
    }
    if installed("zsh") {
        parses("zsh", &path);
    }
}

#[test]
fn every_shell_has_a_script() {
    let sb = Sandbox::new();
    let fish = sb
        .agentgen(["completions", "fish"])
        .succeeds()
        .writes_nothing()
        .run();
    assert!(
        fish.stdout
            .contains("__fish_agentgen_using_subcommand new\" -f -a \"ai-engineer"),
        "fish: no role names after new"
    );
    for shell in ["powershell", "elvish"] {
        let out = sb
            .agentgen(["completions", shell])
            .succeeds()
            .writes_nothing()
            .run();
        assert!(
            out.stdout.contains("completions"),
            "{shell}: no subcommands"
        );
    }
    sb.agentgen(["completions", "tcsh"])
        .fails(2)
        .stderr_has("possible values: bash, elvish, fish, powershell, zsh")
        .run();
}

#[test]
fn man_prints_the_main_page_and_writes_every_page() {
    let sb = Sandbox::new();
    let out = sb.agentgen(["man"]).succeeds().writes_nothing().run();
    assert!(out.stdout.contains(".TH agentgen 1"), "{}", out.stdout);
    assert!(
        out.stdout.contains("agentgen\\-kit(1)"),
        "no reference to agentgen-kit(1)"
    );
    sb.agentgen(["man", "--out", "man1"])
        .succeeds()
        .stderr_has("created man1/agentgen-new.1")
        .run();
    let new = sb.read("man1/agentgen-new.1");
    assert!(new.contains(".TH agentgen-new 1"), "{new}");
    assert!(
        new.contains("\\-\\-save\\-answers"),
        "new's page lacks its flags"
    );
    if Command::new("man").arg("--version").output().is_ok() {
        let out = Command::new("man")
            .arg("-l")
            .arg(sb.path().join("man1/agentgen-new.1"))
            .env("MANPAGER", "cat")
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("--save-answers"),
            "man could not render it: {text}"
        );
    }
}
