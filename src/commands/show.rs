//! `agentgen show`: the questions of a role or kit.

use crate::catalog::Catalog;
use crate::error::Result;
use crate::inspect;
use crate::output::Console;

pub fn run(catalog: &Catalog, name: &str, json: bool, console: &Console) -> Result<()> {
    let subject = inspect::resolve(catalog, name)?;
    console.out(&inspect::show(catalog, &subject, json)?)
}
