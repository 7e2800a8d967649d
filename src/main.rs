//! The `agentgen` executable: parse the command line, run it, report.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = agentgen::cli::Cli::parse();
    match agentgen::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::from(err.exit_code())
        }
    }
}
