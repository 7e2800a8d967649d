//! `agentgen trust`: show what a template folder changes and record it,
//! with a digest of its contents, in the user's trust store, so runs that
//! write outside the project may use it (see [`crate::trust`]).

use std::path::Path;

use crate::catalog::{Catalog, Custom, Source};
use crate::config::Env;
use crate::error::{Error, Result};
use crate::output::{self, Console, Overwrite};
use crate::trust::{self, Store};

pub fn run(dir: Option<&Path>, env: &Env, console: &Console) -> Result<()> {
    let dir = dir.unwrap_or(Path::new(".agentgen/templates"));
    let catalog = Catalog::with_roots(&[(dir.to_owned(), Source::Project)])?;
    let (folder, _) = catalog.user_roots().remove(0);
    let store_path = env.trust_store().ok_or_else(|| {
        Error::usage(
            "agentgen trust keeps its list in $XDG_CONFIG_HOME or $HOME/.config; set one of them",
        )
    })?;
    let digest = trust::digest(&folder)?;
    let files = catalog.custom_files();
    let listing = trust::describe(&files.iter().collect::<Vec<&Custom>>());
    let store = Store::load(&store_path)?;
    if store.trusts(&folder, &digest) {
        return console.out(&format!(
            "{} is already trusted as it is ({digest}).\n",
            folder.display()
        ));
    }
    let plan = output::plan(vec![(store_path.clone(), store.with(&folder, &digest))])?;
    output::write(&plan, Overwrite::Replace)?;
    console.out(&format!(
        "Trusted {} ({digest}); it changes:\n{}Recorded in {}. A change to the folder needs `agentgen trust` again.\n",
        folder.display(),
        if listing.is_empty() { "  nothing (it holds no files)\n" } else { &listing },
        store_path.display()
    ))
}
