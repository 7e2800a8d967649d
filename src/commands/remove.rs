//! `agentgen remove NAME...`: agents (or kits) taken out of the project's
//! manifest, with their files removed where the user never edited them.
//! An edited file is kept and reported: it is the user's now.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::output::{self, Console, Overwrite};
use crate::pipeline::record::{Owned, Recording};
use crate::project::Project;
use crate::project::manifest::{Manifest, Section};
use crate::project::reconcile::ConflictStyle;

pub fn run(
    project: &Project,
    manifest: Option<Manifest>,
    names: &[String],
    console: &Console,
) -> Result<()> {
    let mut recording = Recording::open(project, ConflictStyle::Inline, manifest)?;
    let mut text = recording.manifest.clone();
    let mut entries = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        let found = [Section::Agents, Section::Kits]
            .into_iter()
            .find(|s| text.get(*s, name).is_some());
        match found {
            Some(section) => {
                let without = text.without_entry(section, name);
                text = Manifest::parse(&text.path, without)?;
                entries.push(match section {
                    Section::Agents => format!("agents/{name}"),
                    Section::Kits => format!("kits/{name}"),
                });
            }
            None => unknown.push(name.clone()),
        }
    }
    if !unknown.is_empty() {
        let known: Vec<&str> = text.entries.iter().map(|e| e.name.as_str()).collect();
        return Err(Error::usage(format!(
            "{} has no agent or kit named {}; it has {}",
            project.manifest_path().display(),
            unknown.join(", "),
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        )));
    }
    recording.manifest = text;
    for entry in &entries {
        recording.owner.lock.inputs.remove(entry);
    }
    let mut removed: Vec<PathBuf> = Vec::new();
    let mut kept = Vec::new();
    let owned_files: Vec<_> = (recording.owner.lock.files.iter())
        .filter(|f| entries.contains(&f.entry))
        .cloned()
        .collect();
    for locked in owned_files {
        let path = project.resolve(&locked.path);
        match std::fs::read_to_string(&path) {
            Ok(disk) if disk == locked.base_text() => removed.push(path),
            Ok(_) => kept.push(path),
            Err(_) => {}
        }
        recording.owner.lock.remove(&locked.path);
    }
    let plan = output::plan(recording.files(&mut Owned::default()))?;
    output::write(&plan, Overwrite::Replace)?;
    output::remove(&removed)?;
    for path in &removed {
        console.note(&format!("removed {}", path.display()));
    }
    for path in &kept {
        console.note(&format!(
            "kept {} (you edited it; agentgen no longer manages it)",
            path.display()
        ));
    }
    Ok(())
}
