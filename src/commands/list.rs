//! `agentgen list`: the roles and kits, one line each.

use crate::catalog::Catalog;
use crate::error::Result;
use crate::inspect;
use crate::output::Console;

pub fn run(catalog: &Catalog, json: bool, console: &Console) -> Result<()> {
    console.out(&inspect::list(catalog, json)?)
}
