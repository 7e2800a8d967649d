//! `agentgen completions <SHELL>`: a shell completion script.
//!
//! The script is clap_complete's static script for the command line, with
//! one addition: the role and kit arguments of `new`, `kit`, `show` and
//! `answers` are given the names the catalogue holds when the script is
//! generated (built-in templates plus `--templates`, AGENTGEN_TEMPLATES and
//! .agentgen/templates/), so the shell completes them without calling
//! agentgen again. A static script is chosen over clap_complete's dynamic
//! mode because it needs no hook in `main`, loads instantly, and every
//! shell can check it with its own parser (`bash -n`, `zsh -n`); the price
//! is that roles added later appear after the script is generated again.
//! clap_complete's fish script completes no positional values, so fish
//! gets the names as extra `complete` lines; PowerShell and Elvish complete
//! subcommands and flags only.

use clap::builder::PossibleValuesParser;
use clap_complete::Shell;

use crate::catalog::{Catalog, Folder};
use crate::error::Result;
use crate::output::Console;

pub fn run(catalog: &Catalog, shell: Shell, console: &Console) -> Result<()> {
    console.out(&script(catalog, shell))
}

/// The completion script for `shell`, with the catalogue's names.
pub fn script(catalog: &Catalog, shell: Shell) -> String {
    let names = Names::of(catalog);
    let mut command = names.limit(crate::cli::command());
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "agentgen", &mut out);
    let mut text = String::from_utf8_lossy(&out).into_owned();
    if shell == Shell::Fish {
        text.push_str(&names.fish());
    }
    text
}

/// The role and kit names of the catalogue.
struct Names {
    roles: Vec<String>,
    kits: Vec<String>,
}

impl Names {
    fn of(catalog: &Catalog) -> Names {
        let names = |folder| -> Vec<String> {
            catalog
                .names(folder)
                .into_iter()
                .map(|(name, _)| name)
                .collect()
        };
        Names {
            roles: names(Folder::Roles),
            kits: names(Folder::Kits),
        }
    }

    fn both(&self) -> Vec<String> {
        self.roles.iter().chain(&self.kits).cloned().collect()
    }

    /// The command line with the role and kit arguments limited to the
    /// names, for completion only: parsing keeps accepting kit files.
    fn limit(&self, command: clap::Command) -> clap::Command {
        let limit = |arg: &'static str, values: Vec<String>| {
            move |sub: clap::Command| {
                sub.mut_arg(arg, |a| a.value_parser(PossibleValuesParser::new(values)))
            }
        };
        command
            .mut_subcommand("new", limit("role", self.roles.clone()))
            .mut_subcommand("kit", limit("kit", self.kits.clone()))
            .mut_subcommand("show", limit("name", self.both()))
            .mut_subcommand("answers", limit("name", self.both()))
    }

    /// Fish lines offering the names after each subcommand; `new` takes no
    /// file, the others also take a kit file, so only `new` turns files off.
    fn fish(&self) -> String {
        let line = |sub: &str, files: &str, names: &[String]| {
            format!(
                "complete -c agentgen -n \"__fish_agentgen_using_subcommand {sub}\"{files} -a \"{}\"\n",
                names.join(" ")
            )
        };
        [
            line("new", " -f", &self.roles),
            line("kit", "", &self.kits),
            line("show", "", &self.both()),
            line("answers", "", &self.both()),
        ]
        .concat()
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_script_offers_roles_and_kits() {
        let text = script(&Catalog::embedded(), Shell::Bash);
        assert!(text.contains("backend-architect"), "no role in the script");
        assert!(text.contains("startup"), "no kit in the script");
    }
}
