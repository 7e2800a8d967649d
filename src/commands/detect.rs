//! `agentgen detect`: the project's stack, as agentgen sees it.

use std::path::Path;

use crate::detect;
use crate::error::Result;
use crate::output::Console;

pub fn run(dir: &Path, json: bool, console: &Console) -> Result<()> {
    console.out(&detect::report(dir, json)?)
}
