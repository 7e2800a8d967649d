//! A prompter that already has the person's consent to replace some files,
//! given before the first question, so the consent before writing does
//! not ask about them a second time.

use std::path::PathBuf;

use super::{Ask, Confirm, Prompter, Reply};
use crate::error::Result;

pub struct Approved<P> {
    inner: P,
    paths: Vec<PathBuf>,
}

impl<P> Approved<P> {
    pub fn new(inner: P, paths: Vec<PathBuf>) -> Approved<P> {
        Approved { inner, paths }
    }
}

impl<P: Prompter> Prompter for Approved<P> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        self.inner.ask(ask)
    }

    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        self.inner.ask_noted(ask, note)
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        match confirm {
            Confirm::Overwrite(path) if self.paths.iter().any(|p| p == path) => Ok(Some(true)),
            other => self.inner.confirm(other),
        }
    }

    fn detached(&self) -> Option<Box<dyn Prompter + Send>> {
        // A detached prompter asks nobody, so it has nothing to approve.
        self.inner.detached()
    }

    fn scope(&mut self, agent: Option<&str>) {
        self.inner.scope(agent)
    }
}
