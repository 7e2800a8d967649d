//! `agentgen man`: manual pages in roff, made by clap_mangen from the same
//! command-line definition as `--help`.
//!
//! Without `--out` the main page, agentgen(1), goes to standard output;
//! with `--out DIR` every page (agentgen.1 and agentgen-new.1, -kit.1, ...
//! one per subcommand, which agentgen(1) refers to) is written into DIR,
//! all or nothing, through the output module like any other file.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::{self, Console};

pub fn run(out: Option<&Path>, console: &Console) -> Result<()> {
    let pages = pages()?;
    let Some(dir) = out else {
        return console.out(&pages[0].1);
    };
    let files: Vec<(PathBuf, String)> = pages
        .into_iter()
        .map(|(name, text)| (dir.join(name), text))
        .collect();
    let plan = output::plan(files)?;
    // Generated pages hold nothing a person wrote: replacing them is safe.
    let outcomes = output::write(&plan, output::Overwrite::Replace)?;
    for (file, outcome) in plan.files.iter().zip(outcomes) {
        console.note(&format!("{} {}", outcome.verb(), file.path.display()));
    }
    Ok(())
}

/// Every page as (file name, roff text), agentgen.1 first.
pub fn pages() -> Result<Vec<(String, String)>> {
    let mut command = crate::cli::command();
    command.build();
    let mut pages = vec![render(command.clone())?];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push(render(sub.clone())?);
    }
    Ok(pages)
}

fn render(command: clap::Command) -> Result<(String, String)> {
    let man = clap_mangen::Man::new(command);
    let mut out = Vec::new();
    man.render(&mut out).map_err(|source| Error::Stream {
        stream: "the manual page",
        source,
    })?;
    Ok((
        man.get_filename(),
        String::from_utf8_lossy(&out).into_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_per_subcommand_and_the_main_page_lists_them() {
        let pages = pages().unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "agentgen.1");
        for sub in ["new", "kit", "lint", "completions", "man"] {
            assert!(
                names.contains(&format!("agentgen-{sub}.1").as_str()),
                "{names:?}"
            );
        }
        assert!(pages[0].1.contains(".TH agentgen 1"), "not a roff page");
        assert!(
            pages[0].1.contains("agentgen\\-new(1)"),
            "main page does not refer to new"
        );
    }
}
