//! `agentgen sync`: the project's files made to match its manifest with
//! today's templates, keeping hand edits; `sync --check` for CI.
//!
//! Every entry of `agentgen.yaml` is produced through the pipeline as
//! `new` or `kit` would, each file reconciled with the lock (replaced when
//! unedited, merged when edited, marked where both changed), files of
//! entries no longer in the manifest removed when unedited, and the whole
//! run written all or nothing. `--check` writes nothing and fails when a
//! sync would change anything or an owned file has lint errors.

use std::collections::HashSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::config::SyncConfig;
use crate::error::{Error, Result};
use crate::lint::{self, Fix};
use crate::output::{self, Console, Overwrite};
use crate::pipeline::manifest as entries;
use crate::pipeline::record::{Owned, Recording};
use crate::pipeline::{self, Produced};
use crate::project::manifest::Manifest;
use crate::prompt::NoPrompt;
use crate::target::Target;

/// One file and what the sync does to it.
#[derive(Serialize)]
struct Row {
    path: PathBuf,
    change: &'static str,
}

pub fn run(
    config: &SyncConfig,
    catalog: &Catalog,
    manifest: Option<Manifest>,
    console: &Console,
) -> Result<()> {
    let project = &config.project;
    let mut recording = Recording::open(project, config.conflict, manifest)?;
    if recording.manifest.text.is_empty() && recording.manifest.entries.is_empty() {
        return Err(Error::usage(format!(
            "there is no {} in this project; `agentgen new ROLE` or `agentgen kit KIT` starts one",
            project.manifest_path().display()
        )));
    }
    let manifest = recording.manifest.clone();
    let mut owned = Owned::default();
    let Rendered {
        mut files,
        rows,
        produced: produced_paths,
    } = render(
        config,
        catalog,
        &manifest,
        &mut recording,
        &mut owned,
        console,
    )?;
    let wanted: HashSet<String> = manifest.entries.iter().map(entries::entry_key).collect();
    recording
        .owner
        .lock
        .inputs
        .retain(|key, _| wanted.contains(key));
    let (removed, kept) = orphans(&mut recording, &produced_paths)?;
    files.extend(recording.files(&mut owned));
    let plan = output::plan(files)?;
    let report: Vec<Row> = plan
        .files
        .iter()
        .map(|f| Row {
            path: f.path.clone(),
            change: change_of(f, &owned),
        })
        .collect();
    if config.check {
        let broken = lint_errors(&recording, &rows);
        return check(config, console, &plan, &report, &removed, &kept, &broken);
    }
    let foreign: Vec<PathBuf> = plan
        .replaced()
        .filter(|p| !owned.free.contains(*p))
        .map(PathBuf::from)
        .collect();
    if let (Some(path), false) = (foreign.first(), config.force) {
        return Err(Error::Exists { path: path.clone() });
    }
    let overwrite = Overwrite::Replace;
    output::write(&plan, overwrite)?;
    output::remove(&removed)?;
    say(config, console, &report, &removed, &kept)?;
    match owned.conflicts.is_empty() {
        true => Ok(()),
        false => Err(Error::Conflicts {
            files: owned.conflicts,
        }),
    }
}

/// What the manifest's entries give: the files to write, every file of
/// theirs with its target (for `--check`'s lint), and the
/// project-relative paths they produce (the others are orphans).
struct Rendered {
    files: Vec<(PathBuf, String)>,
    rows: Vec<(PathBuf, Target)>,
    produced: HashSet<String>,
}

/// Renders every entry whose inputs changed since the lock recorded them
/// and settles its files against the project; the others keep theirs.
fn render(
    config: &SyncConfig,
    catalog: &Catalog,
    manifest: &Manifest,
    recording: &mut Recording<'_>,
    owned: &mut Owned,
    console: &Console,
) -> Result<Rendered> {
    let detected = pipeline::detected(config.detect.as_deref());
    let mut out = Rendered {
        files: Vec::new(),
        rows: Vec::new(),
        produced: HashSet::new(),
    };
    for entry in &manifest.entries {
        let key = entries::entry_key(entry);
        let inputs = entries::inputs_digest(catalog, manifest, entry, &detected);
        if let Some(files) = unchanged(recording, &key, inputs.as_deref()) {
            // Nothing it depends on changed: the render would be the same,
            // so the files stay as they are (edited or not).
            for (path, target) in files {
                out.produced.insert(recording.project.relative(&path));
                out.rows.push((path, target));
            }
            continue;
        }
        let loaded = entries::load(catalog, manifest, entry)?;
        let mut batch = entries::batch(&config.project, manifest, entry, &loaded)?;
        batch.detected = detected.clone();
        let mut produced: Produced =
            pipeline::produce(&batch, &mut NoPrompt, catalog, console, false)?;
        let before = out.files.len();
        (out.files).extend(recording.settle(&mut produced, catalog, |_| key.clone(), owned));
        for (path, _) in &out.files[before..] {
            out.produced.insert(recording.project.relative(path));
        }
        out.rows.extend(
            produced
                .agents
                .iter()
                .flat_map(|a| &a.files)
                .filter_map(|f| f.path.clone().map(|path| (path, f.target))),
        );
        match inputs {
            Some(digest) => recording.owner.lock.inputs.insert(key, digest),
            None => recording.owner.lock.inputs.remove(&key),
        };
    }
    Ok(out)
}

/// The files of an entry whose inputs are as the lock recorded them, when
/// every one of them is still on disk: nothing to render.
fn unchanged(
    recording: &Recording,
    key: &str,
    inputs: Option<&str>,
) -> Option<Vec<(PathBuf, Target)>> {
    let lock = &recording.owner.lock;
    if inputs.is_none() || lock.inputs.get(key).map(String::as_str) != inputs {
        return None;
    }
    let mut files = Vec::new();
    for locked in lock.files.iter().filter(|f| f.entry == key) {
        let path = recording.project.resolve(&locked.path);
        let target = Target::from_id(&locked.target)?;
        if !path.is_file() {
            return None;
        }
        files.push((path, target));
    }
    (!files.is_empty()).then_some(files)
}

/// What a planned file's row says.
fn change_of(file: &output::PlannedFile, owned: &Owned) -> &'static str {
    match (file.outcome(), owned.verbs.get(&file.path)) {
        (output::Outcome::Unchanged, _) => "unchanged",
        (_, Some(verb)) => verb,
        (output::Outcome::Created, None) => "created",
        (output::Outcome::Replaced, None) if owned.free.contains(&file.path) => "updated",
        (output::Outcome::Replaced, None) => "replaced (not agentgen's)",
    }
}

/// Lock entries the manifest no longer wants: an unedited file is removed,
/// an edited one kept and reported; both leave the lock.
fn orphans(
    recording: &mut Recording,
    produced: &HashSet<String>,
) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut removed = Vec::new();
    let mut kept = Vec::new();
    let gone: Vec<_> = (recording.owner.lock.files.iter())
        .filter(|f| !produced.contains(&f.path))
        .cloned()
        .collect();
    for locked in gone {
        let path = recording.project.resolve(&locked.path);
        match std::fs::read_to_string(&path) {
            Ok(text) if text == locked.base_text() => removed.push(path),
            Ok(_) => kept.push(path),
            Err(_) => {}
        }
        recording.owner.lock.remove(&locked.path);
    }
    Ok((removed, kept))
}

fn say(
    config: &crate::config::SyncConfig,
    console: &Console,
    report: &[Row],
    removed: &[PathBuf],
    kept: &[PathBuf],
) -> Result<()> {
    if config.json {
        let json = serde_json::json!({ "files": report, "removed": removed, "kept": kept });
        return console.out(&(serde_json::to_string_pretty(&json).expect("plain data") + "\n"));
    }
    for row in report.iter().filter(|r| r.change != "unchanged") {
        console.note(&format!("{} {}", row.change, row.path.display()));
    }
    for path in removed {
        console.note(&format!("removed {}", path.display()));
    }
    for path in kept {
        console.note(&format!(
            "kept {} (you edited it; it is no longer in agentgen.yaml, so agentgen leaves it to you)",
            path.display()
        ));
    }
    Ok(())
}

/// `--check`: what a sync would change, and lint errors in owned files.
fn check(
    config: &SyncConfig,
    console: &Console,
    plan: &output::Plan,
    report: &[Row],
    removed: &[PathBuf],
    kept: &[PathBuf],
    broken: &[PathBuf],
) -> Result<()> {
    let mut stale: Vec<PathBuf> = report
        .iter()
        .filter(|r| r.change != "unchanged")
        .map(|r| r.path.clone())
        .collect();
    stale.extend(removed.iter().cloned());
    for path in broken {
        if !stale.contains(path) {
            stale.push(path.clone());
        }
    }
    if config.json {
        let json = serde_json::json!({ "files": report, "removed": removed, "kept": kept, "out_of_date": stale });
        console.out(&(serde_json::to_string_pretty(&json).expect("plain data") + "\n"))?;
    } else if config.diff {
        console.out(&diff(plan, &stale))?;
    }
    match stale.is_empty() {
        true => Ok(()),
        false => Err(Error::OutOfDate { files: stale }),
    }
}

/// The owned files that lint finds an error in (conflict markers among
/// them). A file that is byte for byte agentgen's own render by this
/// build, as the lock keeps it, is not read again as YAML: it passed the
/// target's checks when it was rendered (a render with an error is
/// refused), so lint could only agree, and reading every frontmatter
/// strictly was two thirds of a `sync --check` with nothing to do. A file
/// edited by hand, merged, or holding conflict markers differs from its
/// render and is linted.
fn lint_errors(recording: &Recording<'_>, files: &[(PathBuf, Target)]) -> Vec<PathBuf> {
    let lock = &recording.owner.lock;
    let mut broken = Vec::new();
    for (path, target) in files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let rel = recording.project.relative(path);
        let pristine = lock.get(&rel).is_some_and(|locked| {
            locked.agentgen == env!("CARGO_PKG_VERSION") && locked.base_text().as_bytes() == bytes
        });
        if pristine {
            continue;
        }
        let linted = lint::lint_bytes(*target, bytes, Fix::No);
        let severe = |f: &crate::finding::Finding| f.severity == crate::finding::Severity::Error;
        if linted.findings.iter().any(|(_, f)| severe(f)) {
            broken.push(path.clone());
        }
    }
    broken
}

/// The unified diff from each stale file on disk to what a sync writes.
fn diff(plan: &output::Plan, stale: &[PathBuf]) -> String {
    let mut out = String::new();
    for file in plan.files.iter().filter(|f| stale.contains(&f.path)) {
        let old = std::fs::read_to_string(&file.path).unwrap_or_default();
        let name = file.path.display().to_string();
        let new = String::from_utf8_lossy(&file.contents);
        let diff = similar::TextDiff::from_lines(&old, &new);
        out.push_str(
            &diff
                .unified_diff()
                .header(&format!("a/{name}"), &format!("b/{name}"))
                .to_string(),
        );
    }
    out
}
