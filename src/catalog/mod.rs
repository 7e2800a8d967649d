//! The template catalogue: which roles and kits exist, and where each
//! template file comes from.
//!
//! Templates live in roots with the same layout: `roles/<role>/role.yaml`
//! and `roles/<role>/agent.md.j2`, `kits/<kit>.yaml`, shared question sets
//! in `questions/`, and shared template pieces in `partials/`. The built-in
//! root is embedded in the binary (include_dir). Users add roots with
//! `--templates DIR`, the `AGENTGEN_TEMPLATES` path list and
//! `.agentgen/templates/` in the current folder, in that priority over the
//! built-in one: a file in a higher root hides the same file below it, so a
//! custom role with a built-in role's name replaces it.
//!
//! Custom roots are untrusted input. A template name is a relative
//! `/`-separated path; one that tries to leave its root (`..`, an absolute
//! path, or a symlink that resolves outside) is never read, and files are
//! read only up to a size cap. Reading is lazy: the renderer's loader asks
//! for a template only when a render uses it.
//!
//! So that a custom root cannot make a run slow, its size is capped too:
//! at most [`MAX_ENTRIES`] roles and kits in a folder (counted once, when
//! the catalogue is made), [`MAX_DEFINITION_BYTES`] per YAML definition,
//! [`MAX_TEMPLATE_BYTES`] per template, and [`MAX_RUN_BYTES`] read from
//! custom roots in all, whatever links make files repeat. Each refusal
//! names the file or folder and the limit.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use include_dir::{Dir, include_dir};
use serde::Serialize;

use crate::error::{Error, Result};

mod root;
use root::{Root, count_entries};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The built-in `.yaml` definitions, read at build time and stored as JSON
/// under the same names (see build.rs): parsing JSON is several times
/// cheaper than parsing YAML, and a role file is read on every run.
static COMPILED: Dir<'static> = include_dir!("$OUT_DIR/compiled");

/// Template files larger than this are refused: real ones are a few
/// kilobytes.
pub const MAX_TEMPLATE_BYTES: u64 = crate::read::MAX_FILE_BYTES;

/// YAML definitions (roles, question sets, kits) larger than this are
/// refused: the largest built-in role is about 21 KiB, and reading YAML
/// is slow enough that a few hundred megabyte-sized roles took half a
/// minute to list.
pub const MAX_DEFINITION_BYTES: u64 = 256 * 1024;

/// Roles (or kits) one template folder may hold; there are 15 built in.
pub const MAX_ENTRIES: usize = 500;

/// Bytes a run may read from custom template roots in all. Reading YAML
/// runs at a few megabytes a second on a busy machine, so this keeps the
/// worst `list` to a few seconds; a team of fifty custom roles reads about
/// one megabyte.
pub const MAX_RUN_BYTES: u64 = 8 * 1024 * 1024;

/// Questions one role may ask, its question sets included; a built-in
/// role asks about thirty.
pub const MAX_QUESTIONS: usize = 500;

/// Where a template root came from; shown by `list` for each role and kit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// `--templates DIR`.
    Flag,
    /// The `AGENTGEN_TEMPLATES` environment variable.
    Env,
    /// `.agentgen/templates/` in the current folder.
    Project,
    Embedded,
    /// A kit file given by its path.
    File,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Flag => "--templates",
            Source::Env => "AGENTGEN_TEMPLATES",
            Source::Project => ".agentgen/templates",
            Source::Embedded => "built in",
            Source::File => "file",
        })
    }
}

/// How a found definition file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// As the user wrote it: templates and YAML definitions from a folder.
    Text,
    /// A built-in YAML definition, converted to JSON when agentgen was built.
    Json,
}

/// A template file found in a root.
#[derive(Clone, Debug)]
pub struct Found {
    pub text: Cow<'static, str>,
    pub format: Format,
    pub source: Source,
    /// Where to point a user at: the file's path, or the template name for
    /// a built-in file.
    pub location: String,
}

/// The template roots, highest priority first.
#[derive(Clone, Debug)]
pub struct Catalog {
    roots: Arc<[Root]>,
    /// Bytes read from custom roots so far, against [`MAX_RUN_BYTES`];
    /// shared by the clones of one catalogue.
    read: Arc<AtomicU64>,
    /// The first file refused for taking the run past [`MAX_RUN_BYTES`]:
    /// a command that carries on past a refused file (`list` shows each
    /// role's problem) still learns the run could not read everything.
    over_budget: Arc<OnceLock<String>>,
}

impl Default for Catalog {
    fn default() -> Catalog {
        Catalog::embedded()
    }
}

impl Catalog {
    /// The catalogue of the templates built into the binary.
    pub fn embedded() -> Catalog {
        Catalog {
            roots: Arc::new([Root {
                source: Source::Embedded,
                dir: None,
            }]),
            read: Arc::default(),
            over_budget: Arc::default(),
        }
    }

    /// The built-in root under the given user roots (highest priority
    /// first). Every user root must be an existing folder.
    pub fn with_roots(dirs: &[(PathBuf, Source)]) -> Result<Catalog> {
        let mut roots = Vec::with_capacity(dirs.len() + 1);
        for (dir, source) in dirs {
            let canonical = dir.canonicalize().map_err(|e| Error::TemplateRoot {
                path: dir.clone(),
                source: e,
            })?;
            if !canonical.is_dir() {
                return Err(Error::TemplateRoot {
                    path: dir.clone(),
                    source: std::io::Error::other("it is not a folder"),
                });
            }
            count_entries(&canonical)?;
            roots.push(Root {
                source: *source,
                dir: Some(canonical),
            });
        }
        roots.push(Root {
            source: Source::Embedded,
            dir: None,
        });
        Ok(Catalog {
            roots: roots.into(),
            read: Arc::default(),
            over_budget: Arc::default(),
        })
    }

    /// A template or definition file by its name relative to the roots,
    /// from the highest root that has it.
    pub fn find(&self, name: &str) -> Result<Option<Found>> {
        if !is_safe_name(name) {
            return Ok(None);
        }
        for root in self.roots.iter() {
            if let Some(found) = root.find(name)? {
                if root.dir.is_some() {
                    self.charge(&found)?;
                }
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// Counts a file read from a custom root against [`MAX_RUN_BYTES`].
    fn charge(&self, found: &Found) -> Result<()> {
        let bytes = found.text.len() as u64;
        let before = self.read.fetch_add(bytes, Ordering::Relaxed);
        if before + bytes <= MAX_RUN_BYTES {
            return Ok(());
        }
        self.over_budget.get_or_init(|| found.location.clone());
        Err(over_budget(&found.location, ""))
    }

    /// The error for a run that went past [`MAX_RUN_BYTES`], naming the
    /// first file it refused, with `consequence` ("so ...") appended; none
    /// while the run is within it.
    pub fn over_budget(&self, consequence: &str) -> Option<Error> {
        let location = self.over_budget.get()?;
        Some(over_budget(location, consequence))
    }

    /// The source text of a template, for the renderer's loader.
    pub fn source(&self, name: &str) -> Result<Option<Cow<'static, str>>> {
        Ok(self.find(name)?.map(|f| f.text))
    }

    /// Whether a template of this name exists in any root. Nothing is
    /// read, so asking once per agent of a kit costs no part of
    /// [`MAX_RUN_BYTES`]; a file that cannot be read is reported when it is
    /// rendered.
    pub fn has(&self, name: &str) -> bool {
        is_safe_name(name) && self.roots.iter().any(|root| root.has(name))
    }

    /// Where a template name resolves, for messages.
    pub fn locate(&self, name: &str) -> String {
        match self.find(name) {
            Ok(Some(found)) => found.location,
            _ => name.to_owned(),
        }
    }

    /// The names in a folder of every root (`roles` lists folders that hold a
    /// role.yaml, `kits` lists `.yaml` files), each with the highest root
    /// that has it.
    pub fn names(&self, folder: Folder) -> Vec<(String, Source)> {
        let mut names = BTreeMap::new();
        for root in self.roots.iter().rev() {
            for name in root.names(folder) {
                names.insert(name, root.source);
            }
        }
        names.into_iter().collect()
    }

    /// Every template file (`.j2`) in every root, for checks and tests.
    pub fn template_names(&self) -> Vec<String> {
        fn walk(dir: &Dir<'static>, out: &mut Vec<String>) {
            for file in dir.files() {
                if let Some(path) = file.path().to_str()
                    && path.ends_with(".j2")
                {
                    out.push(path.to_owned());
                }
            }
            for sub in dir.dirs() {
                walk(sub, out);
            }
        }
        let mut names = Vec::new();
        walk(&EMBEDDED, &mut names);
        names.sort();
        names
    }
}

/// The refusal of the file at `location` for taking the run past
/// [`MAX_RUN_BYTES`]; a runtime error (exit 1): the folder is not wrong,
/// only too much for one run.
fn over_budget(location: &str, consequence: &str) -> Error {
    let mut message = format!(
        "reading it takes this run past the {} MiB agentgen reads from template folders in all; look for many large roles, or links that repeat one",
        MAX_RUN_BYTES / (1024 * 1024)
    );
    if !consequence.is_empty() {
        message.push_str(&format!("; {consequence}"));
    }
    Error::Template {
        template: location.to_owned(),
        line: None,
        message,
    }
}

/// A file of a user root that is in effect: no higher root has the same
/// name. What `trust`, the run's notice and `list`/`show` report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Custom {
    /// The template name, relative to the root (`partials/lists.j2`).
    pub name: String,
    pub source: Source,
    /// The file on disk.
    pub path: PathBuf,
    /// Whether it hides a file built into the binary.
    pub overrides: bool,
}

/// At most this many files are listed per root, and folders this deep: a
/// hostile folder may hold a link loop or millions of files.
pub const MAX_LISTED: usize = 10_000;
const MAX_DEPTH: usize = 16;

impl Catalog {
    /// The user roots (canonical folder and source), highest priority first.
    pub fn user_roots(&self) -> Vec<(PathBuf, Source)> {
        self.roots
            .iter()
            .filter_map(|r| r.dir.clone().map(|d| (d, r.source)))
            .collect()
    }

    /// Every file of the user roots that is in effect, by name, with
    /// whether it replaces a built-in file.
    pub fn custom_files(&self) -> Vec<Custom> {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for (dir, source) in self.user_roots() {
            for (name, path) in root_files(&dir) {
                if is_safe_name(&name) && seen.insert(name.clone()) {
                    let overrides = EMBEDDED.get_file(&name).is_some();
                    out.push(Custom {
                        name,
                        source,
                        path,
                        overrides,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}

/// The files below `dir` (links followed while they stay inside it), as
/// relative `/`-separated names with their paths, sorted by name.
pub fn root_files(dir: &Path) -> Vec<(String, PathBuf)> {
    fn walk(root: &Path, dir: &Path, prefix: &str, depth: usize, out: &mut Vec<(String, PathBuf)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let path = entry.path();
            let inside = path.canonicalize().is_ok_and(|c| c.starts_with(root));
            let rel = format!("{prefix}{name}");
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() && inside && depth < MAX_DEPTH => {
                    walk(root, &path, &format!("{rel}/"), depth + 1, out)
                }
                Ok(meta) if meta.is_dir() => {}
                _ => out.push((rel, path)),
            }
            if out.len() >= MAX_LISTED {
                return;
            }
        }
    }
    let mut out = Vec::new();
    if let Ok(root) = dir.canonicalize() {
        walk(&root, &root, "", 0, &mut out);
    }
    out.sort();
    out
}

/// The folders of a root that hold named things.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folder {
    Roles,
    Kits,
}

/// Template names are relative `/`-separated paths that stay inside the root.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains('\0')
        && !name.contains(':')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// build.rs stores the built-in YAML as JSON; both must read as the
    /// same tree, key order included, once build.rs's tags on question
    /// entries are taken off (role::entry decodes the tagged form).
    #[test]
    fn compiled_definitions_match_their_yaml() {
        fn untag(raw: crate::value::Raw, tags: &mut usize) -> crate::value::Raw {
            use crate::value::Raw;
            match raw {
                Raw::Map(mut fields)
                    if fields.len() == 1
                        && ["=question", "=set"].contains(&fields[0].0.as_str()) =>
                {
                    *tags += 1;
                    untag(fields.remove(0).1, tags)
                }
                Raw::Map(fields) => Raw::Map(
                    fields
                        .into_iter()
                        .map(|(k, v)| (k, untag(v, tags)))
                        .collect(),
                ),
                Raw::Seq(items) => Raw::Seq(items.into_iter().map(|i| untag(i, tags)).collect()),
                other => other,
            }
        }
        let mut tags = 0;
        fn walk(dir: &Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
            out.extend(
                dir.files()
                    .filter(|f| f.path().extension().is_some_and(|e| e == "yaml")),
            );
            dir.dirs().for_each(|d| walk(d, out));
        }
        let mut files = Vec::new();
        walk(&EMBEDDED, &mut files);
        assert!(files.len() >= 20, "{}", files.len());
        for file in files {
            let name = file.path().to_str().unwrap();
            let yaml = crate::yaml::parse(file.contents_utf8().unwrap()).unwrap();
            let json = COMPILED.get_file(name).and_then(|f| f.contents_utf8());
            let json: crate::value::Raw = serde_json::from_str(json.unwrap()).unwrap();
            assert_eq!(untag(json, &mut tags), yaml, "{name}");
        }
        // Every role, kit and set entry is tagged: hundreds of them.
        assert!(tags > 500, "{tags} tagged entries");
        let found = Catalog::embedded()
            .find("roles/debugger/role.yaml")
            .unwrap()
            .unwrap();
        assert_eq!(found.format, Format::Json);
        let found = Catalog::embedded()
            .find("partials/lists.j2")
            .unwrap()
            .unwrap();
        assert_eq!(found.format, Format::Text);
    }

    #[test]
    fn names_cannot_leave_the_root() {
        let catalog = Catalog::embedded();
        for name in [
            "../Cargo.toml",
            "/etc/passwd",
            "roles/../../x",
            "a\\b",
            "",
            "roles//x",
            "C:/x",
        ] {
            assert!(catalog.find(name).unwrap().is_none(), "{name}");
        }
    }

    #[test]
    fn user_roots_come_first_and_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("partials")).unwrap();
        std::fs::write(dir.path().join("partials/lists.j2"), "mine").unwrap();
        let catalog = Catalog::with_roots(&[(dir.path().to_owned(), Source::Flag)]).unwrap();
        let found = catalog.find("partials/lists.j2").unwrap().unwrap();
        assert_eq!((found.text.as_ref(), found.source), ("mine", Source::Flag));
        assert_eq!(
            catalog
                .find("partials/insights.j2")
                .unwrap()
                .unwrap()
                .source,
            Source::Embedded
        );
        let missing = Catalog::with_roots(&[(dir.path().join("nope"), Source::Flag)]).unwrap_err();
        assert!(matches!(missing, Error::TemplateRoot { .. }));
    }

    #[test]
    fn asking_whether_a_file_exists_reads_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("partials")).unwrap();
        let big = "x".repeat(MAX_TEMPLATE_BYTES as usize);
        std::fs::write(dir.path().join("partials/big.j2"), big).unwrap();
        let catalog = Catalog::with_roots(&[(dir.path().to_owned(), Source::Flag)]).unwrap();
        // Twenty reads would be past the run's read budget.
        for _ in 0..20 {
            assert!(catalog.has("partials/big.j2"));
        }
        assert!(catalog.find("partials/big.j2").unwrap().is_some());
        assert!(catalog.has("partials/insights.j2"), "built in");
        assert!(!catalog.has("partials/none.j2"));
        assert!(!catalog.has("../partials/big.j2"));
    }

    #[test]
    fn reading_stops_at_the_run_budget_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("partials")).unwrap();
        let big = "x".repeat(MAX_TEMPLATE_BYTES as usize);
        std::fs::write(dir.path().join("partials/big.j2"), big).unwrap();
        let catalog = Catalog::with_roots(&[(dir.path().to_owned(), Source::Flag)]).unwrap();
        let reads = (MAX_RUN_BYTES / MAX_TEMPLATE_BYTES) as usize;
        for _ in 0..reads {
            catalog.find("partials/big.j2").unwrap();
        }
        let err = catalog.clone().find("partials/big.j2").unwrap_err();
        assert!(
            err.to_string()
                .contains("partials/big.j2: reading it takes this run past the 8 MiB"),
            "{err}"
        );
        // The embedded root is not counted.
        assert!(catalog.find("partials/insights.j2").unwrap().is_some());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_root_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("partials")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret"),
            dir.path().join("partials/x.j2"),
        )
        .unwrap();
        let catalog = Catalog::with_roots(&[(dir.path().to_owned(), Source::Flag)]).unwrap();
        let err = catalog.find("partials/x.j2").unwrap_err();
        assert!(
            err.to_string().contains("outside its template root"),
            "{err}"
        );
    }
}
