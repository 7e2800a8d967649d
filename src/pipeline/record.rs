//! Recording a run in its project: what agentgen writes into a project's
//! own folders is reconciled with the lock (hand edits merged, never
//! replaced), and the manifest says which agents the project wants.
//!
//! A run that records adds, to the files it writes, the manifest with its
//! entries added or updated and the lock with every file it wrote. Files
//! the lock owns are replaced without asking, since the merge keeps the
//! user's edits; any other file in the way still needs `--force` or a yes.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::{Agent, Produced};
use crate::answers::UserAnswers;
use crate::answers::{Gathered, TARGETS_KEY};
use crate::catalog::Catalog;
use crate::error::Result;
use crate::project::Project;
use crate::project::lock::Lock;
use crate::project::manifest::{Entry, Manifest, Section, new_text};
use crate::project::reconcile::{Change, ConflictStyle, Owner, Reconciled};
use crate::target::Overrides;
use crate::value::{Raw, Value};

/// What deliver needs to know about a recorded plan.
#[derive(Default)]
pub struct Owned {
    /// Files that may be replaced without consent: the lock owns them, or
    /// they are the manifest and lock themselves.
    pub free: HashSet<PathBuf>,
    /// What happens to each file, where it is more than created/replaced.
    pub verbs: HashMap<PathBuf, &'static str>,
    /// Files left with conflict markers (or `.rej` files).
    pub conflicts: Vec<PathBuf>,
}

/// A project's manifest and lock, open for one run.
pub struct Recording<'a> {
    pub project: &'a Project,
    pub manifest: Manifest,
    /// Whether the manifest existed before this run.
    existed: bool,
    pub owner: Owner<'a>,
    /// The lock as the run read it: when nothing changed it, it is not
    /// written out again (a lock keeps every owned file's render, so
    /// serializing it was most of a `sync --check` with nothing to do).
    read: Lock,
}

impl<'a> Recording<'a> {
    /// Opens the project's lock; `manifest` is the project's manifest as
    /// the run read it (`None` when it has none yet).
    pub fn open(
        project: &'a Project,
        style: ConflictStyle,
        manifest: Option<Manifest>,
    ) -> Result<Recording<'a>> {
        let path = project.manifest_path();
        let existed = manifest.is_some();
        let lock = Lock::read(&project.lock_path())?;
        Ok(Recording {
            project,
            manifest: manifest.unwrap_or_else(|| Manifest::empty(&path)),
            existed,
            read: lock.clone(),
            owner: Owner {
                project,
                lock,
                style,
            },
        })
    }

    /// The files the lock owns, as paths from the current folder.
    pub fn owned_paths(&self) -> Vec<PathBuf> {
        (self.owner.lock.files.iter())
            .map(|f| self.project.resolve(&f.path))
            .collect()
    }

    /// Reconciles every file of `produced` with the lock, records it for
    /// the manifest entry `entry(agent)`, and returns the files to write.
    pub fn settle(
        &mut self,
        produced: &mut Produced,
        catalog: &Catalog,
        entry: impl Fn(&Agent) -> String,
        owned: &mut Owned,
    ) -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        // Once per role: a kit's agents share roles, and a custom role's
        // files would otherwise be read (and counted against the run's
        // read budget) again for every agent.
        let mut digests: HashMap<String, String> = HashMap::new();
        for agent in &mut produced.agents {
            let templates = (digests.entry(agent.role.clone()))
                .or_insert_with(|| templates_digest(catalog, &agent.role))
                .clone();
            let entry = entry(agent);
            for file in &mut agent.files {
                let Some(path) = &file.path else { continue };
                let render = std::mem::take(&mut file.text);
                let reconciled = self.owner.reconcile(path, file.target, &agent.name, render);
                self.note(&reconciled, owned);
                // A file in the way is owned too once it is replaced (with
                // --force or a yes); a refused run writes no lock at all.
                self.owner.record(&reconciled, &entry, &templates);
                files.push((reconciled.path.clone(), reconciled.text.clone()));
                files.extend(reconciled.reject.clone());
            }
        }
        files
    }

    fn note(&self, file: &Reconciled, owned: &mut Owned) {
        let path = file.path.clone();
        if !matches!(file.change, Change::Foreign | Change::Create) {
            owned.free.insert(path.clone());
        }
        if matches!(
            file.change,
            Change::Merge | Change::Conflict | Change::Restore
        ) {
            owned.verbs.insert(path.clone(), file.change.verb());
        }
        if file.change == Change::Conflict {
            owned.conflicts.push(match &file.reject {
                Some((rej, _)) => rej.clone(),
                None => path,
            });
        }
    }

    /// Adds or updates a manifest entry.
    pub fn enter(&mut self, entry: Entry) {
        if !self.existed && self.manifest.text.is_empty() {
            let targets = entry.targets.clone().unwrap_or_default();
            self.manifest.text = new_text(&targets, &self.manifest.templates);
            self.manifest.targets = targets;
        }
        self.manifest.put(entry);
    }

    /// Notes in the lock what the entry's render depended on (see
    /// [`super::manifest::inputs_digest`]), so that a `sync` with nothing
    /// changed need not render it again.
    pub fn note_inputs(
        &mut self,
        section: Section,
        name: &str,
        catalog: &Catalog,
        detected: &[crate::answers::Given],
    ) {
        let Some(entry) = self.manifest.get(section, name) else {
            return;
        };
        let key = super::manifest::entry_key(entry);
        match super::manifest::inputs_digest(catalog, &self.manifest, entry, detected) {
            Some(digest) => self.owner.lock.inputs.insert(key, digest),
            None => self.owner.lock.inputs.remove(&key),
        };
    }

    /// Records template folders the run used (`--templates`, inside the
    /// project) as the manifest's template sources, so that a later `sync`
    /// needs no flags.
    pub fn use_templates(&mut self, dirs: &[PathBuf]) {
        let mut templates = self.manifest.templates.clone();
        for dir in dirs {
            let root = &self.project.root;
            let within = root.as_os_str().is_empty() || dir.starts_with(root);
            let rel = self.project.relative(dir);
            let inside = within
                && dir.is_relative()
                && !rel.is_empty()
                && !rel.split('/').any(|c| c == "..");
            if inside && !templates.contains(&rel) {
                templates.push(rel);
            }
        }
        if templates != self.manifest.templates {
            let text = self.manifest.with_templates(&templates);
            if let Ok(manifest) = Manifest::parse(&self.manifest.path, text) {
                self.manifest = manifest;
            }
        }
    }

    /// The manifest and lock as files of the plan; the lock only when the
    /// run changed it, or its file is missing.
    pub fn files(&self, owned: &mut Owned) -> Vec<(PathBuf, String)> {
        let manifest = self.project.manifest_path();
        let lock = self.project.lock_path();
        owned.free.insert(manifest.clone());
        owned.free.insert(lock.clone());
        let mut files = vec![(manifest, self.manifest.text.clone())];
        if self.owner.lock != self.read || !lock.is_file() {
            files.push((lock, self.owner.lock.to_text()));
        }
        files
    }
}

/// What a user answered for an agent, as the manifest keeps it: only
/// answers that are not defaults (nor a kit's), and per-target fields.
pub fn recorded(gathered: &Gathered, overrides: &Overrides) -> Vec<(String, Raw)> {
    let mut out: Vec<(String, Raw)> = gathered
        .answered
        .iter()
        .filter(|key| *key != "name")
        .map(|key| {
            let value = gathered.answers.get(key);
            (key.clone(), value.map_or(Raw::Null, Value::to_raw))
        })
        .collect();
    if !overrides.is_empty() {
        out.push((TARGETS_KEY.to_owned(), overrides.to_raw()));
    }
    out
}

/// A kit's manifest entry: the shared answers the user gave, then under
/// `agents:` each member's own, then the per-target fields for all.
pub fn kit_entry(name: String, shared: &Gathered, agents: &[Agent], user: &UserAnswers) -> Entry {
    let mut answers = recorded(shared, &user.shared_targets);
    let members: Vec<(String, Raw)> = agents
        .iter()
        .filter_map(|a| {
            let own = user.agent_targets.get(&a.name).cloned().unwrap_or_default();
            let answers = recorded(&a.gathered, &own);
            (!answers.is_empty()).then(|| (a.name.clone(), Raw::Map(answers)))
        })
        .collect();
    if !members.is_empty() {
        answers.push(("agents".to_owned(), Raw::Map(members)));
    }
    Entry {
        section: Section::Kits,
        name,
        role: None,
        targets: None,
        answers,
        line: 0,
    }
}

/// A digest of a role's own templates, for the lock. Built-in templates
/// are fixed for a build of agentgen, so they are named by its version and
/// a digest build.rs made of them, rather than hashed on every run.
fn templates_digest(catalog: &Catalog, role: &str) -> String {
    let built_in = || {
        format!(
            "built-in:{}:{}",
            env!("CARGO_PKG_VERSION"),
            env!("AGENTGEN_TEMPLATES_DIGEST")
        )
    };
    if catalog.user_roots().is_empty() {
        return built_in();
    }
    let mut text = String::new();
    let mut custom = false;
    for file in ["role.yaml", "agent.md.j2"] {
        let name = format!("roles/{role}/{file}");
        if let Ok(Some(found)) = catalog.find(&name) {
            custom |= found.source != crate::catalog::Source::Embedded;
            text.push_str(&name);
            text.push('\0');
            text.push_str(&found.text);
        }
    }
    match custom {
        true => crate::project::digest(text.as_bytes()),
        false => built_in(),
    }
}
