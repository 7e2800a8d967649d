//! The `agentgen` executable: parse the command line, run it, report.

use std::io::Write;
use std::process::ExitCode;

/// Counts what template renders allocate, so a hostile template ends the
/// run with a message instead of exhausting memory (see `budget`).
#[global_allocator]
static ALLOCATOR: agentgen::budget::Counting = agentgen::budget::Counting;

fn main() -> ExitCode {
    agentgen::signals::install();
    let cli = agentgen::cli::parse();
    match agentgen::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Not eprintln!, which panics when standard error cannot be
            // written (a file past `ulimit -f`); the exit code still tells.
            let mut stderr = std::io::stderr().lock();
            let mut said = err.to_string();
            let _ = writeln!(stderr, "error: {said}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                // A message that already quotes its cause is not repeated.
                let text = cause.to_string();
                if !said.ends_with(&text) {
                    let _ = writeln!(stderr, "  caused by: {text}");
                }
                said = text;
                source = cause.source();
            }
            ExitCode::from(err.exit_code())
        }
    }
}
