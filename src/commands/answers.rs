//! `agentgen answers`: a commented answers file for a role or kit, with
//! the defaults the project's detected stack gives them.

use std::path::Path;

use crate::catalog::Catalog;
use crate::error::Result;
use crate::inspect;
use crate::output::Console;
use crate::pipeline;
use crate::render::Renderer;

/// `detect` is the project folder whose stack gives defaults, `None` with
/// `--no-detect`.
pub fn run(catalog: &Catalog, name: &str, detect: Option<&Path>, console: &Console) -> Result<()> {
    let subject = inspect::resolve(catalog, name)?;
    let renderer = Renderer::new(catalog.clone());
    let detected = pipeline::detected(detect);
    console.out(&inspect::answers_file(&subject, &renderer, &detected)?)
}
