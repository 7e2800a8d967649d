//! Trust for project templates: whether a cloned repository's
//! `.agentgen/templates/` may shape files written outside the project.
//!
//! Inside its own project a repository's templates add no risk (it could
//! ship the generated files directly), but an agent written to
//! `~/.claude/agents` or another folder outside the project works for every
//! project, so there a project template folder must be trusted first, like
//! direnv's `allow`. `agentgen trust` records the folder's canonical path
//! with a digest of its contents in `trusted.yaml` in the user's config
//! folder (`$XDG_CONFIG_HOME/agentgen/`, by default `~/.config/agentgen/`);
//! any change to the contents, a file added, removed, renamed or edited,
//! changes the digest and needs trust again.
//!
//! The digest is SHA-256 (the `sha2` crate) over every file's relative
//! name, its link target when it is a link, and its contents, in name
//! order, each field prefixed by its length so no two folders share one
//! input. A collision-resistant hash matters: whoever controls the
//! repository controls the contents, and must not be able to change them
//! while keeping a trusted digest. This module decides and describes; the
//! store file is written by [`crate::output`].

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::catalog::{self, Catalog, Custom, MAX_TEMPLATE_BYTES, Source};
use crate::error::{Error, Result};
use crate::prompt::{Confirm, Prompter};
use crate::yaml;

/// The trust store's file name in the config folder.
const STORE_FILE: &str = "agentgen/trusted.yaml";

/// The trusted template folders, as read from the store.
#[derive(Debug, Default)]
pub struct Store {
    entries: Vec<Trusted>,
}

/// One trusted folder: its canonical path and the digest it was trusted at.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct Trusted {
    folder: String,
    digest: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreFile {
    #[serde(default)]
    trusted: Vec<Trusted>,
}

/// Where the store lives: `$XDG_CONFIG_HOME/agentgen/trusted.yaml` when
/// that is an absolute path (the XDG rule), else under `$HOME/.config`.
pub fn store_path(config_home: Option<&Path>, home: Option<&Path>) -> Option<PathBuf> {
    match config_home.filter(|p| p.is_absolute()) {
        Some(dir) => Some(dir.join(STORE_FILE)),
        None => home.map(|h| h.join(".config").join(STORE_FILE)),
    }
}

impl Store {
    /// The store at `path`; empty when the file does not exist.
    pub fn load(path: &Path) -> Result<Store> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Store::default()),
            Err(e) => return Err(Error::io("read the trust file", path, e)),
        };
        let file: StoreFile = yaml::from_str(&text).map_err(|e| {
            Error::io(
                "read the trust file",
                path,
                std::io::Error::other(format!(
                    "line {}: {}; fix or remove it",
                    e.line.unwrap_or(0),
                    e.message
                )),
            )
        })?;
        Ok(Store {
            entries: file.trusted,
        })
    }

    /// Whether `folder` (canonical) is trusted with exactly this digest.
    pub fn trusts(&self, folder: &Path, digest: &str) -> bool {
        let folder = folder.to_string_lossy();
        self.entries
            .iter()
            .any(|e| e.folder == folder && e.digest == digest)
    }

    /// The store's text with `folder` trusted at `digest`, replacing any
    /// earlier entry for the folder.
    pub fn with(mut self, folder: &Path, digest: &str) -> String {
        let folder = folder.to_string_lossy().into_owned();
        self.entries.retain(|e| e.folder != folder);
        self.entries.push(Trusted {
            folder,
            digest: digest.to_owned(),
        });
        self.entries.sort_by(|a, b| a.folder.cmp(&b.folder));
        let mut out = String::from(
            "# Template folders trusted by `agentgen trust` to shape agent files written outside\n\
             # their project. A folder whose contents no longer match its digest is not trusted.\n\
             trusted:\n",
        );
        for e in &self.entries {
            out.push_str(&format!(
                "  - folder: {}\n    digest: {}\n",
                yaml::double_quoted(&e.folder),
                yaml::double_quoted(&e.digest)
            ));
        }
        out
    }
}

/// The digest of a template folder's contents (see the module docs).
pub fn digest(dir: &Path) -> Result<String> {
    let files = catalog::root_files(dir);
    if files.len() >= catalog::MAX_LISTED {
        return Err(Error::usage(format!(
            "{} holds {} files or more, too many for a template folder; agentgen does not trust it",
            dir.display(),
            catalog::MAX_LISTED
        )));
    }
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    for (name, path) in files {
        field(name.as_bytes());
        let link = std::fs::read_link(&path).unwrap_or_default();
        field(link.to_string_lossy().as_bytes());
        field(&contents(&path).map_err(|e| Error::io("read", &path, e))?);
    }
    let sum = hasher.finalize();
    let hex: String = sum.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("sha256:{hex}"))
}

/// A regular file's bytes, read up to one byte past the template cap (what
/// the catalogue would read, and enough to tell a bigger file apart); a
/// missing target, a folder or a device reads as a marker.
fn contents(path: &Path) -> std::io::Result<Vec<u8>> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {
            let mut bytes = Vec::new();
            std::fs::File::open(path)?
                .take(MAX_TEMPLATE_BYTES + 1)
                .read_to_end(&mut bytes)?;
            Ok(bytes)
        }
        Ok(_) => Ok(b"\0not a file".to_vec()),
        Err(_) => Ok(b"\0missing".to_vec()),
    }
}

/// The files of `root` in effect, one per line: overrides first.
pub fn describe(files: &[&Custom]) -> String {
    let mut out = String::new();
    let (overrides, adds): (Vec<&&Custom>, Vec<&&Custom>) = files.iter().partition(|f| f.overrides);
    for f in overrides {
        out.push_str(&format!("  overrides built-in {}\n", f.name));
    }
    for f in adds {
        out.push_str(&format!("  adds {}\n", f.name));
    }
    out
}

/// The run's notice on standard error: which user template folders are in
/// effect and each file that replaces a built-in one; `None` when every
/// template comes from the binary.
pub fn notice(catalog: &Catalog) -> Option<String> {
    let files = catalog.custom_files();
    if files.is_empty() {
        return None;
    }
    let mut out = String::from("note: templates from outside agentgen are in use:\n");
    for (dir, source) in catalog.user_roots() {
        let here: Vec<&Custom> = files.iter().filter(|f| f.path.starts_with(&dir)).collect();
        if here.is_empty() {
            continue;
        }
        let count = match here.len() {
            1 => "1 file".to_owned(),
            n => format!("{n} files"),
        };
        out.push_str(&format!("  {} ({source}): {count}\n", dir.display()));
        for f in here.iter().filter(|f| f.overrides) {
            out.push_str(&format!("    overrides built-in {}\n", f.name));
        }
    }
    out.pop();
    Some(out)
}

/// The files from outside the binary that change what `role` renders:
/// its own files, and every partial and question set its texts name,
/// followed through the texts of those in turn. Names are found by their
/// spelling (`partials/…`, `questions/…`, `use: SET`), which can only
/// over-report: a text that names a file may still not use it.
pub fn role_changes(catalog: &Catalog, files: &[Custom], role: &str) -> Vec<Custom> {
    let own = format!("roles/{role}/");
    let names = regex_lite::Regex::new(
        r#"(partials|questions)/[A-Za-z0-9_./-]+|"?use"?\s*:\s*"?([A-Za-z0-9_-]+)"#,
    )
    .expect("a valid pattern");
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = vec![format!("{own}role.yaml"), format!("{own}agent.md.j2")];
    while let Some(name) = queue.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Ok(Some(found)) = catalog.find(&name) else {
            continue;
        };
        for m in names.captures_iter(&found.text) {
            queue.push(match m.get(2) {
                Some(set) => format!("questions/{}.yaml", set.as_str()),
                None => m[0].to_owned(),
            });
        }
    }
    files
        .iter()
        .filter(|f| f.name.starts_with(&own) || seen.contains(&f.name))
        .cloned()
        .collect()
}

/// Checks that every project template folder of the catalogue is trusted,
/// for a run that writes to `place`, outside the project. An untrusted one
/// is shown and asked about when `terminal` can ask (default no); refused
/// (exit 2) otherwise. A yes holds for this run only.
pub fn require(
    catalog: &Catalog,
    store: &Store,
    place: &Path,
    terminal: Option<&mut dyn Prompter>,
) -> Result<()> {
    let mut terminal = terminal;
    let files = catalog.custom_files();
    for (dir, source) in catalog.user_roots() {
        if source != Source::Project || store.trusts(&dir, &digest(&dir)?) {
            continue;
        }
        let here: Vec<&Custom> = files.iter().filter(|f| f.path.starts_with(&dir)).collect();
        let listing = describe(&here);
        let question = format!(
            "The project templates in {} are not trusted, and this run writes outside the project, to {}. They change:\n{listing}\
             Use them for this run? (`agentgen trust` trusts them for good)",
            dir.display(),
            place.display()
        );
        let yes = match terminal.as_deref_mut() {
            Some(t) => t.confirm(Confirm::Trust(&question))? == Some(true),
            None => false,
        };
        if !yes {
            return Err(Error::Untrusted {
                folder: dir,
                place: place.to_owned(),
                listing,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_to_the_folder_changes_the_digest() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("partials")).unwrap();
        std::fs::write(d.join("partials/a.j2"), "a").unwrap();
        let first = digest(d).unwrap();
        assert!(
            first.starts_with("sha256:") && first.len() == 7 + 64,
            "{first}"
        );
        assert_eq!(digest(d).unwrap(), first);
        std::fs::write(d.join("partials/a.j2"), "b").unwrap();
        let edited = digest(d).unwrap();
        assert_ne!(edited, first);
        std::fs::rename(d.join("partials/a.j2"), d.join("partials/b.j2")).unwrap();
        let renamed = digest(d).unwrap();
        assert_ne!(renamed, edited);
        std::fs::write(d.join("x"), "").unwrap();
        assert_ne!(digest(d).unwrap(), renamed);
    }

    #[test]
    fn the_store_round_trips_and_matches_path_and_digest() {
        let text = Store::default().with(Path::new("/p/q \"r\""), "sha256:1");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trusted.yaml");
        std::fs::write(&path, &text).unwrap();
        let store = Store::load(&path).unwrap();
        assert!(store.trusts(Path::new("/p/q \"r\""), "sha256:1"));
        assert!(!store.trusts(Path::new("/p/q \"r\""), "sha256:2"));
        assert!(!store.trusts(Path::new("/p/q"), "sha256:1"));
        let again = store.with(Path::new("/p/q \"r\""), "sha256:2");
        assert_eq!(again.matches("folder:").count(), 1, "{again}");
        assert!(
            Store::load(&dir.path().join("none"))
                .unwrap()
                .entries
                .is_empty()
        );
    }

    #[test]
    fn the_store_follows_xdg() {
        let home = Some(Path::new("/h"));
        assert_eq!(
            store_path(None, home).unwrap(),
            Path::new("/h/.config/agentgen/trusted.yaml")
        );
        assert_eq!(
            store_path(Some(Path::new("/x")), home).unwrap(),
            Path::new("/x/agentgen/trusted.yaml")
        );
        assert_eq!(
            store_path(Some(Path::new("rel")), home).unwrap(),
            Path::new("/h/.config/agentgen/trusted.yaml")
        );
        assert_eq!(store_path(None, None), None);
    }
}
