//! `agentgen lint`: check agent files, fix what `--fix` allows, report.

use crate::cli::LintArgs;
use crate::error::{Error, Result};
use crate::lint::{self, Fix};
use crate::output::{self, Console};

pub fn run(args: &LintArgs, console: &Console) -> Result<()> {
    let fix = match (args.fix || args.fix_newlines, args.fix_newlines) {
        (false, _) => Fix::No,
        (true, false) => Fix::Frontmatter,
        (true, true) => Fix::FrontmatterAndNewlines,
    };
    let report = lint::run(&args.paths, fix)?;
    if !report.writes.is_empty() {
        let plan = output::plan(report.writes.clone())?;
        output::write(&plan, output::Overwrite::Replace)?;
    }
    let text = if args.json {
        lint::to_json(&report)
    } else {
        lint::to_text(&report)
    };
    console.out(&text)?;
    // --strict: a warning fails the run like an error.
    let failing = report.errors() + if args.strict { report.warnings() } else { 0 };
    match failing {
        0 => Ok(()),
        errors => Err(Error::LintFailed { errors }),
    }
}
