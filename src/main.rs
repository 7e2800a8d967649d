//! The `agentgen` executable: parse the command line, run it, report.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = agentgen::cli::Cli::parse();
    match agentgen::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let mut said = err.to_string();
            eprintln!("error: {said}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                // A message that already quotes its cause is not repeated.
                let text = cause.to_string();
                if !said.ends_with(&text) {
                    eprintln!("  caused by: {text}");
                }
                said = text;
                source = cause.source();
            }
            ExitCode::from(err.exit_code())
        }
    }
}
