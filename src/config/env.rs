//! The facts a configuration is resolved against, and the project they
//! place it in: [`Env`] (the process environment, gathered once so tests
//! can supply their own), the user template folders in priority order,
//! the project root around a folder, and whether a place this run writes
//! lands outside the project.

use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};

use super::{Destination, GenerateConfig};
use crate::catalog::Source;
use crate::project::Project;

/// Facts about the process environment that flags are resolved against,
/// gathered in one place so tests can supply their own.
#[derive(Clone, Debug)]
pub struct Env {
    pub home: Option<PathBuf>,
    /// Both standard input and standard error are terminals; dialoguer
    /// needs both.
    pub interactive: bool,
    pub no_color: bool,
    pub editor: Option<String>,
    /// `AGENTGEN_TEMPLATES`, a path list.
    pub templates: Option<std::ffi::OsString>,
    /// The project around the current folder.
    pub project: Project,
    /// `XDG_CONFIG_HOME`, where the trust store lives (see [`crate::trust`]).
    pub config_home: Option<PathBuf>,
}

impl Env {
    pub fn from_process() -> Env {
        let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
        Env {
            home: std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
            no_color: var("NO_COLOR").is_some(),
            editor: var("VISUAL").or_else(|| var("EDITOR")),
            templates: std::env::var_os("AGENTGEN_TEMPLATES").filter(|v| !v.is_empty()),
            project: std::env::current_dir()
                .map(|cwd| Project::find(&cwd))
                .unwrap_or(Project {
                    root: PathBuf::new(),
                }),
            config_home: std::env::var_os("XDG_CONFIG_HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
        }
    }

    /// The trust store's path, when HOME or XDG_CONFIG_HOME gives one.
    pub fn trust_store(&self) -> Option<PathBuf> {
        crate::trust::store_path(self.config_home.as_deref(), self.home.as_deref())
    }

    /// The user template folders, highest priority first: `--templates`
    /// flags in order, then `AGENTGEN_TEMPLATES`, then the template sources
    /// the project's manifest names (relative to its root), then the
    /// project's `.agentgen/templates/` when it has one; project folders
    /// only unless `--no-project-templates` says not to. A project folder
    /// also named by a flag or the variable counts as named (trusted for
    /// the run), not as a project folder.
    pub fn template_roots(
        &self,
        flags: &[PathBuf],
        recorded: &[String],
        no_project: bool,
    ) -> Vec<(PathBuf, Source)> {
        let mut roots: Vec<(PathBuf, Source)> =
            flags.iter().map(|d| (d.clone(), Source::Flag)).collect();
        if let Some(list) = &self.templates {
            roots.extend(
                std::env::split_paths(list)
                    .filter(|p| !p.as_os_str().is_empty())
                    .map(|p| (p, Source::Env)),
            );
        }
        let named = |dir: &Path, roots: &[(PathBuf, Source)]| {
            let canonical = dir.canonicalize().ok();
            roots
                .iter()
                .any(|(r, _)| r.canonicalize().ok() == canonical)
        };
        let mut project_dirs: Vec<PathBuf> =
            recorded.iter().map(|d| self.project.resolve(d)).collect();
        project_dirs.push(self.project.root.join(".agentgen/templates"));
        for dir in project_dirs {
            if !no_project && dir.is_dir() && !named(&dir, &roots) {
                roots.push((dir, Source::Project));
            }
        }
        roots
    }
}

/// The project root around `start`, as an absolute path (canonical when
/// it can be): the same rule as [`Project::find`].
pub fn project_root(start: &Path) -> PathBuf {
    let start = start.canonicalize().unwrap_or_else(|_| start.to_owned());
    let root = start.join(Project::find(&start).root);
    root.canonicalize().unwrap_or(root)
}

/// Where `path` (relative to `cwd`) lands, resolving links in the part
/// that exists and `..` lexically in the rest.
fn resolve(cwd: &Path, path: &Path) -> PathBuf {
    let full = cwd.join(path);
    let mut existing = full.as_path();
    let mut rest = Vec::new();
    while existing.canonicalize().is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            // `..` or the root: resolve the rest lexically.
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_owned());
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                out.pop();
            }
            _ => out.push(part),
        }
    }
    out
}

/// The first place this run writes outside the project at `root`
/// (canonical), if any: `--user` always is; `-o`, `--plugin` and
/// `--save-answers` are when they resolve outside it. Standard output is
/// not a place.
pub fn outside_project(
    generate: &GenerateConfig,
    plugin: Option<&Path>,
    cwd: &Path,
    root: &Path,
) -> Option<PathBuf> {
    let mut places: Vec<PathBuf> = generate
        .targets
        .iter()
        .filter_map(|t| generate.destination.dir(*t))
        .collect();
    if let (Destination::User(_), Some(first)) = (&generate.destination, places.first()) {
        return Some(first.clone());
    }
    places.extend(plugin.map(Path::to_owned));
    places.extend(generate.save_answers.clone());
    places
        .into_iter()
        .find(|p| !resolve(cwd, p).starts_with(root))
}
