//! Prepares the built-in templates for embedding.
//!
//! Every `.yaml` definition under `templates/` (roles, kits, question sets)
//! is read here with agentgen's own YAML module and written to
//! `$OUT_DIR/compiled/` as JSON, which the binary embeds beside the
//! templates. Reading YAML is the largest cost of a run (a role file is
//! 20 KB, and libyaml scans it a character at a time); reading the same
//! tree as JSON takes a fraction of that, and the built-in files never
//! change after the build. Files from the user's template folders are
//! still read as YAML, with line numbers in their messages. A built-in
//! file that is not valid YAML fails the build, naming the file and line.
//!
//! Cargo reruns this when anything under `templates/` changes, including
//! files that were added or deleted (include_dir alone notices only edits
//! to files it already embeds).

use std::fs;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/value.rs"]
mod value;

// Through an inline module, so that src/yaml.rs finds its own submodules
// (src/yaml/) as it does in the crate.
#[path = "src"]
mod shared {
    #[allow(dead_code, unused_imports)]
    pub mod yaml;
}

use shared::yaml;
use value::Raw;

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=src/yaml.rs");
    println!("cargo:rerun-if-changed=src/yaml");
    println!("cargo:rerun-if-changed=src/value.rs");
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("compiled");
    if out.exists() {
        fs::remove_dir_all(&out).expect("clear the compiled templates");
    }
    fs::create_dir_all(&out).expect("create the compiled templates folder");
    let mut digest = Fnv(0xcbf2_9ce4_8422_2325);
    compile(Path::new("templates"), Path::new(""), &out, &mut digest);
    // Names this build's built-in templates in agentgen.lock, so `sync`
    // knows when they changed without reading them.
    println!(
        "cargo:rustc-env=AGENTGEN_TEMPLATES_DIGEST={:016x}",
        digest.0
    );
}

/// FNV-1a over every template file's path and bytes: not for security
/// (the binary is what it is), only to tell builds' templates apart.
struct Fnv(u64);

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Converts every `.yaml` file below `root/rel` into `out/rel`, keeping
/// the file names (`role.yaml` holds JSON in the output).
fn compile(root: &Path, rel: &Path, out: &Path, digest: &mut Fnv) {
    let dir = root.join(rel);
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("read a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().expect("an entry has a name");
        let rel = rel.join(name);
        if path.is_dir() {
            compile(root, &rel, out, digest);
            continue;
        }
        digest.add(rel.to_string_lossy().as_bytes());
        digest.add(&fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())));
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            let raw = yaml::parse(&text).unwrap_or_else(|e| {
                panic!("{}:{}: {}", path.display(), e.line.unwrap_or(0), e.message)
            });
            check_representable(&raw, &path);
            let raw = tag_entries(raw, &rel);
            let json = serde_json::to_string(&raw).expect("a tree of plain values serializes");
            let dest = out.join(&rel);
            fs::create_dir_all(dest.parent().expect("a file has a folder"))
                .expect("create a compiled templates folder");
            fs::write(&dest, json).unwrap_or_else(|e| panic!("write {}: {e}", dest.display()));
        }
    }
}

/// Wraps each entry of a definition's question list in a one-key map,
/// `{"=question": ...}` or `{"=set": ...}`, so that the binary decodes it
/// straight into its type (src/role/entry.rs, `Entry`) instead of through an
/// untyped tree, which was half of loading a role. A key with `=` cannot
/// be a YAML question's field, so the two forms never meet.
fn tag_entries(raw: Raw, rel: &Path) -> Raw {
    let under = |folder: &str| rel.starts_with(folder);
    match raw {
        Raw::Seq(items) if under("questions") => Raw::Seq(items.into_iter().map(tag).collect()),
        Raw::Map(fields) if under("roles") || under("kits") => Raw::Map(
            fields
                .into_iter()
                .map(|(key, value)| match (key.as_str(), value) {
                    ("questions", Raw::Seq(items)) => {
                        (key, Raw::Seq(items.into_iter().map(tag).collect()))
                    }
                    (_, value) => (key, value),
                })
                .collect(),
        ),
        other => other,
    }
}

fn tag(entry: Raw) -> Raw {
    let set = matches!(&entry, Raw::Map(fields) if fields.iter().any(|(k, _)| k == "use"));
    let tag = if set { "=set" } else { "=question" };
    Raw::Map(vec![(tag.to_owned(), entry)])
}

/// JSON has no NaN or infinity; serde_json would quietly write `null`.
fn check_representable(raw: &Raw, path: &Path) {
    match raw {
        Raw::Float(x) if !x.is_finite() => {
            panic!("{}: the number {x} cannot be embedded", path.display())
        }
        Raw::Seq(items) => items.iter().for_each(|i| check_representable(i, path)),
        Raw::Map(entries) => entries
            .iter()
            .for_each(|(_, v)| check_representable(v, path)),
        _ => {}
    }
}
