//! `agentgen answers`: a commented answers file for a role or kit.

use crate::catalog::Catalog;
use crate::error::Result;
use crate::inspect;
use crate::output::Console;
use crate::render::Renderer;

pub fn run(catalog: &Catalog, name: &str, console: &Console) -> Result<()> {
    let subject = inspect::resolve(catalog, name)?;
    let renderer = Renderer::new(catalog.clone());
    console.out(&inspect::answers_file(&subject, &renderer)?)
}
