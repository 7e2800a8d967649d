//! `agentgen list`: the roles and kits, one line each.

use crate::catalog::Catalog;
use crate::error::Result;
use crate::inspect;
use crate::output::Console;

/// Prints the listing, each role or kit that could not be read marked with
/// its problem. One broken role does not fail the listing, but a run that
/// hit the read budget for template folders could not read everything
/// after that point, so it fails (exit 1) after printing what it could.
pub fn run(catalog: &Catalog, json: bool, console: &Console) -> Result<()> {
    console.out(&inspect::list(catalog, json)?)?;
    match catalog
        .over_budget("so this listing is incomplete: what it marks with this problem was not read")
    {
        Some(error) => Err(error),
        None => Ok(()),
    }
}
