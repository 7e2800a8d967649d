//! One template root and the reading of its files: a file found by name
//! (the embedded root's YAML as the JSON build.rs compiled; a user folder's
//! file only when it resolves inside the folder, as a regular file within
//! its size cap), whether a file exists without reading it, the names in
//! its `roles/` and `kits/` folders, and the refusal of a folder with too
//! many of them.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::{
    COMPILED, EMBEDDED, Folder, Format, Found, MAX_DEFINITION_BYTES, MAX_ENTRIES,
    MAX_TEMPLATE_BYTES, Source,
};
use crate::error::{Error, Result};

/// One template root: the embedded one, or a user folder.
#[derive(Clone, Debug)]
pub(super) struct Root {
    pub(super) source: Source,
    /// The folder, canonicalized; `None` for the embedded root.
    pub(super) dir: Option<PathBuf>,
}

impl Root {
    pub(super) fn find(&self, name: &str) -> Result<Option<Found>> {
        let Some(dir) = &self.dir else {
            let (files, format) = match name.ends_with(".yaml") {
                true => (&COMPILED, Format::Json),
                false => (&EMBEDDED, Format::Text),
            };
            return Ok(files
                .get_file(name)
                .and_then(|f| f.contents_utf8())
                .map(|text| Found {
                    text: Cow::Borrowed(text),
                    format,
                    source: Source::Embedded,
                    location: format!("{name} (built in)"),
                }));
        };
        let path = dir.join(name);
        let canonical = match path.canonicalize() {
            Ok(p) => p,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io("read the template", path, e)),
        };
        if !canonical.starts_with(dir) {
            return Err(Error::Template {
                template: path.display().to_string(),
                line: None,
                message: format!(
                    "it resolves to {}, outside its template root {}; templates may only use files inside their root",
                    canonical.display(),
                    dir.display()
                ),
            });
        }
        if !canonical.is_file() {
            return Ok(None);
        }
        let cap = match name.ends_with(".yaml") {
            true => MAX_DEFINITION_BYTES,
            false => MAX_TEMPLATE_BYTES,
        };
        let text =
            read_capped(&canonical, cap).map_err(|e| Error::io("read the template", &path, e))?;
        Ok(Some(Found {
            text: Cow::Owned(text),
            format: Format::Text,
            source: self.source,
            location: path.display().to_string(),
        }))
    }

    pub(super) fn has(&self, name: &str) -> bool {
        match &self.dir {
            None if name.ends_with(".yaml") => COMPILED.get_file(name).is_some(),
            None => EMBEDDED.get_file(name).is_some(),
            Some(dir) => dir
                .join(name)
                .canonicalize()
                .is_ok_and(|path| path.starts_with(dir) && path.is_file()),
        }
    }

    pub(super) fn names(&self, folder: Folder) -> Vec<String> {
        let sub = match folder {
            Folder::Roles => "roles",
            Folder::Kits => "kits",
        };
        let entry_name = |file_name: &str, is_dir: bool, has_role: bool| -> Option<String> {
            match folder {
                Folder::Roles if is_dir && has_role => Some(file_name.to_owned()),
                Folder::Kits if !is_dir => file_name.strip_suffix(".yaml").map(str::to_owned),
                _ => None,
            }
        };
        match &self.dir {
            None => EMBEDDED
                .get_dir(sub)
                .map(|d| {
                    let dirs = d.dirs().filter_map(|sub_dir| {
                        let name = sub_dir.path().file_name()?.to_str()?;
                        let has_role = sub_dir.get_file(sub_dir.path().join("role.yaml")).is_some();
                        entry_name(name, true, has_role)
                    });
                    let files = d
                        .files()
                        .filter_map(|f| entry_name(f.path().file_name()?.to_str()?, false, false));
                    dirs.chain(files).collect()
                })
                .unwrap_or_default(),
            Some(dir) => std::fs::read_dir(dir.join(sub))
                .map(|entries| {
                    entries
                        .filter_map(|e| {
                            let e = e.ok()?;
                            let path = e.path();
                            let name = e.file_name().into_string().ok()?;
                            entry_name(&name, path.is_dir(), path.join("role.yaml").is_file())
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// Refuses a custom root with more than [`MAX_ENTRIES`] roles or kits;
/// listing or suggesting names loads each of them.
pub(super) fn count_entries(root: &Path) -> Result<()> {
    for (sub, what) in [("roles", "roles"), ("kits", "kits")] {
        let dir = root.join(sub);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        if entries.take(MAX_ENTRIES + 1).count() > MAX_ENTRIES {
            return Err(Error::Template {
                template: dir.display().to_string(),
                line: None,
                message: format!(
                    "it holds more than {MAX_ENTRIES} {what}, the most agentgen reads from one folder; split them into several template folders"
                ),
            });
        }
    }
    Ok(())
}

/// A template file, through [`crate::read`] (a regular file within the one
/// limit), then within `cap`, as UTF-8.
fn read_capped(path: &Path, cap: u64) -> std::io::Result<String> {
    let what = match cap == MAX_TEMPLATE_BYTES {
        true => "a template file",
        false => "a YAML definition",
    };
    let bytes = crate::read::read_capped(path, what).map_err(crate::read::Refusal::into_io)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::other(format!(
            "it is larger than the {} KiB agentgen reads from {what}",
            cap / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::other("it is not UTF-8 text"))
}
