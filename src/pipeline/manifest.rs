//! The project manifest as batches: each entry of `agentgen.yaml` becomes
//! what `new` or `kit` would have made of it, with the manifest's answers
//! in place of the user's (each placed at its entry's line), so `sync` goes
//! through the same pipeline as the commands that wrote the files.

use std::path::Path;

use super::{Batch, Request};
use crate::answers::sources::Shape;
use crate::answers::{Given, GivenAnswers, TARGETS_KEY, UserAnswers};
use crate::catalog::Catalog;
use crate::config::Destination;
use crate::error::{Error, Origin, Result};
use crate::kit::Kit;
use crate::pipeline::kit::Keys;
use crate::project::Project;
use crate::project::manifest::{Entry, Manifest, Section};
use crate::role::Role;
use crate::target::Overrides;

/// What an entry needs loaded before it can be a batch.
pub enum Loaded {
    Agent(Role),
    Kit(Kit, Role),
}

/// Loads an entry's role or kit; a missing one is an error at the entry's
/// line.
pub fn load(catalog: &Catalog, manifest: &Manifest, entry: &Entry) -> Result<Loaded> {
    let at = |e: Error| Error::Project {
        path: manifest.path.clone(),
        line: Some(entry.line),
        message: format!("`{}`: {e}", entry.name),
    };
    match entry.section {
        Section::Agents => {
            let role = entry.role.as_deref().unwrap_or_default();
            Ok(Loaded::Agent(Role::load(catalog, role).map_err(at)?))
        }
        Section::Kits => {
            let kit = Kit::load(catalog, &entry.name).map_err(at)?;
            kit.check_names().map_err(at)?;
            let shared = kit.as_role();
            Ok(Loaded::Kit(kit, shared))
        }
    }
}

/// The batch of one entry.
pub fn batch<'a>(
    project: &Project,
    manifest: &Manifest,
    entry: &Entry,
    loaded: &'a Loaded,
) -> Result<Batch<'a>> {
    let targets = entry.targets.clone().unwrap_or(manifest.targets.clone());
    let destination = Destination::Projects(project.root.clone());
    let origin = Origin::File {
        path: manifest.path.clone(),
        line: Some(entry.line),
    };
    let answers: Vec<Given> = (entry.answers.iter())
        .map(|(key, raw)| Given::new(key.clone(), raw.clone(), origin.clone()))
        .collect();
    match loaded {
        Loaded::Agent(role) => {
            let mut given = GivenAnswers::default();
            let mut overrides = Overrides::default();
            for g in answers {
                if g.key == TARGETS_KEY {
                    overrides.layer(Overrides::parse(&g.raw, &g.origin)?);
                } else {
                    given.layer([g]);
                }
            }
            given.layer([Given::new(
                "name",
                crate::value::Raw::Str(entry.name.clone()),
                origin,
            )]);
            Ok(Batch {
                shared: None,
                requests: vec![Request {
                    role,
                    label: None,
                    fixed: Vec::new(),
                    given,
                    overrides,
                    targets,
                    destination,
                }],
                team: Vec::new(),
                detected: Vec::new(),
            })
        }
        Loaded::Kit(kit, shared) => {
            let keys = Keys { kit, shared };
            let file: &Path = &manifest.path;
            let user =
                UserAnswers::from_sources(vec![(file, answers)], &[], None, Shape::Kit(&keys))?;
            super::kit::batch(kit, shared, &user, &targets, &destination)
        }
    }
}

/// The lock's name for the entry that wants a file.
pub fn entry_key(entry: &Entry) -> String {
    match entry.section {
        Section::Agents => format!("agents/{}", entry.name),
        Section::Kits => format!("kits/{}", entry.name),
    }
}

/// A digest of everything an entry's render depends on, when that is
/// known without rendering: the built-in templates (named by agentgen's
/// version and a digest of them made at build time), the entry, the manifest's targets and the detected stack.
/// `None` with templates from outside the binary, whose files would have to
/// be read and hashed: those entries are always rendered.
pub fn inputs_digest(
    catalog: &Catalog,
    manifest: &Manifest,
    entry: &Entry,
    detected: &[Given],
) -> Option<String> {
    if !catalog.user_roots().is_empty() {
        return None;
    }
    let ids = |targets: &[crate::target::Target]| {
        targets.iter().map(|t| t.id()).collect::<Vec<_>>().join(",")
    };
    let mut text = format!(
        "agentgen {} {}\ntargets {}\n{:?} {} {:?} {:?}\n",
        env!("CARGO_PKG_VERSION"),
        env!("AGENTGEN_TEMPLATES_DIGEST"),
        ids(&manifest.targets),
        entry.section,
        entry.name,
        entry.role,
        entry.targets.as_deref().map(ids),
    );
    // JSON rather than YAML: the text is only hashed, and serde_json
    // writes it in a fraction of the emitter's time.
    let answers = serde_json::to_string(&entry.answers).ok()?;
    text.push_str(&answers);
    for given in detected {
        let value = serde_json::to_string(&(&given.key, &given.raw)).ok()?;
        text.push('\n');
        text.push_str(&value);
    }
    Some(crate::project::digest(text.as_bytes()))
}
