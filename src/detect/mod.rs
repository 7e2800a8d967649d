//! Stack detection: reads the project agentgen writes into and says which
//! languages, frameworks, databases, queues, clouds, test frameworks,
//! package managers, CI systems and infrastructure tools it uses, each with
//! the file that shows it.
//!
//! Role defaults describe somebody's project; detected facts describe this
//! one. [`detect`] is pure and never fails: it reads the root and one level
//! of the usual monorepo folders (and the workspace members the root
//! manifests name), within the bounds of `scan`, and skips anything
//! unreadable or malformed. [`answers`] turns the facts into answers under
//! the keys the roles ask, to be layered between question defaults and kit
//! answers; [`evidenced`] keeps the file behind each item, so a prompt,
//! `show` and `answers` can say where a detected default came from
//! ([`note`], [`sources`]). They are defaults: offered at a prompt, taken
//! silently when nobody is asked. [`report`] renders the facts for
//! `agentgen detect`.
//!
//! The ecosystem readers live in `ecosystems`, `interpreted` and `managed`,
//! containers, infrastructure and CI in `infra`, and the name tables in
//! `rules`.

mod ecosystems;
mod infra;
mod interpreted;
mod managed;
mod rules;
mod scan;

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::error::{Error, Result};
use crate::value::Raw;
use crate::yaml;

pub use scan::{MAX_FILE_BYTES, MAX_FOLDERS, MAX_TOTAL_BYTES};

/// What a fact is about; also the key it is printed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    Languages,
    Frameworks,
    Databases,
    MessageQueues,
    Cloud,
    TestFrameworks,
    PackageManagers,
    Ci,
    Infrastructure,
}

impl Category {
    /// Every category, in the order they are printed.
    pub const ALL: [Category; 9] = [
        Category::Languages,
        Category::Frameworks,
        Category::Databases,
        Category::MessageQueues,
        Category::Cloud,
        Category::TestFrameworks,
        Category::PackageManagers,
        Category::Ci,
        Category::Infrastructure,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Category::Languages => "languages",
            Category::Frameworks => "frameworks",
            Category::Databases => "databases",
            Category::MessageQueues => "message_queues",
            Category::Cloud => "cloud",
            Category::TestFrameworks => "test_frameworks",
            Category::PackageManagers => "package_managers",
            Category::Ci => "ci",
            Category::Infrastructure => "infrastructure",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One detected value and the file (relative to the root, `/`-separated)
/// that first showed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Found {
    pub name: &'static str,
    pub evidence: String,
}

/// Everything detected, per category, in the order it was found (the root
/// first, then the first subfolder of each monorepo folder, then the
/// second...), without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    lists: [Vec<Found>; 9],
}

impl Facts {
    pub fn get(&self, category: Category) -> &[Found] {
        &self.lists[category.index()]
    }

    /// The display names of one category.
    pub fn names(&self, category: Category) -> Vec<&'static str> {
        self.get(category).iter().map(|f| f.name).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.lists.iter().all(Vec::is_empty)
    }

    /// Records a value unless it is already known: the first file keeps it.
    pub(crate) fn add(&mut self, category: Category, name: &'static str, evidence: &str) {
        let list = &mut self.lists[category.index()];
        if !list.iter().any(|f| f.name == name) {
            list.push(Found {
                name,
                evidence: evidence.to_owned(),
            });
        }
    }

    fn has(&self, category: Category, name: &str) -> bool {
        self.get(category).iter().any(|f| f.name == name)
    }

    fn remove(&mut self, category: Category, name: &str) {
        self.lists[category.index()].retain(|f| f.name != name);
    }
}

impl Serialize for Facts {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Category::ALL.len()))?;
        for category in Category::ALL {
            map.serialize_entry(category.key(), self.get(category))?;
        }
        map.end()
    }
}

/// Usual monorepo folders: each of their subfolders is read like the root.
const MONOREPO_FOLDERS: &[&str] = &["packages", "apps", "services", "libs", "cmd"];

/// Reads the project at `root` and returns what it uses. Never fails:
/// what cannot be read says nothing.
pub fn detect(root: &Path) -> Facts {
    let mut facts = Facts::default();
    let mut tree = scan::Tree::new(root);
    let Some(top) = tree.list("") else {
        return facts;
    };
    let members = ecosystems::visit(&mut tree, &top, &mut facts);
    infra::visit_root(&mut tree, &top, &mut facts);
    infra::visit(&mut tree, &top, &mut facts);

    let mut folders: Vec<(String, bool)> = members;
    folders.extend(
        MONOREPO_FOLDERS
            .iter()
            .filter(|name| top.dirs.contains(**name))
            .map(|name| (name.to_string(), true)),
    );
    folders.extend(
        infra::FOLDERS
            .iter()
            .filter(|name| top.dirs.contains(**name))
            .map(|name| (name.to_string(), false)),
    );
    let mut groups: Vec<Vec<String>> = Vec::new();
    for (rel, whole) in folders {
        if !whole {
            groups.push(vec![rel]);
        } else if let Some(folder) = tree.list(&rel) {
            groups.push(folder.dirs.iter().map(|c| folder.path(c)).collect());
        }
    }
    // Round robin over the groups: with 300 packages under packages/, the
    // folder budget must still reach services/ and deploy/.
    let longest = groups.iter().map(Vec::len).max().unwrap_or(0);
    for index in 0..longest {
        for rel in groups.iter().filter_map(|group| group.get(index)) {
            if let Some(folder) = tree.list(rel) {
                visit_listed(&mut tree, &folder, &mut facts);
            }
        }
    }
    finish(&mut facts);
    facts
}

/// Subfolders read in one deployment folder: `charts/` of fifty charts
/// would otherwise spend the budget the services need.
const MAX_INFRA_CHILDREN: usize = 8;

/// A folder below the root: its manifests and infrastructure files, and
/// for infrastructure folders (`k8s/`, `charts/`) one more level, where
/// environments and charts usually sit.
fn visit_listed(tree: &mut scan::Tree, folder: &scan::Folder, facts: &mut Facts) {
    ecosystems::visit(tree, folder, facts);
    infra::visit(tree, folder, facts);
    if infra::is_infra_folder(&folder.rel) && !folder.rel.contains('/') {
        for child in folder.dirs.iter().take(MAX_INFRA_CHILDREN) {
            if let Some(sub) = tree.list(&folder.path(child)) {
                infra::visit(tree, &sub, facts);
            }
        }
    }
}

/// Conclusions drawn from the whole: a repository with TypeScript writes
/// its JavaScript config files in JavaScript, which does not make
/// JavaScript a language its agents should know separately; a Helm chart
/// deploys to Kubernetes.
fn finish(facts: &mut Facts) {
    if facts.has(Category::Languages, "TypeScript") {
        facts.remove(Category::Languages, "JavaScript");
    }
    if let Some(helm) = facts
        .get(Category::Infrastructure)
        .iter()
        .find(|f| f.name == "Helm")
    {
        let evidence = helm.evidence.clone();
        facts.add(Category::Infrastructure, "Kubernetes", &evidence);
    }
}

/// Infrastructure tools asked as infrastructure-as-code (`iac`).
const IAC: &[&str] = &[
    "Terraform",
    "OpenTofu",
    "Pulumi",
    "AWS CDK",
    "CloudFormation",
];
/// Infrastructure tools asked as packaging and deployment tools.
const DEPLOY: &[&str] = &["Docker", "Helm", "Kustomize", "Argo CD"];

/// One detected answer: a key the roles ask, its value, and the file that
/// showed each item of it (one file for a single value), so a prompt or
/// `agentgen show` can say where a default came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub key: String,
    pub raw: Raw,
    pub files: Vec<String>,
}

/// The facts as answers, under the keys the roles ask: lists of display
/// names, and `platform: kubernetes` when Kubernetes manifests or charts
/// were found. A category with nothing found gives no answer, so the
/// role's own default stays.
pub fn answers(facts: &Facts) -> Vec<(String, Raw)> {
    evidenced(facts)
        .into_iter()
        .map(|a| (a.key, a.raw))
        .collect()
}

/// [`answers`], each with the files that show it.
pub fn evidenced(facts: &Facts) -> Vec<Answer> {
    let mut out = Vec::new();
    let mut push = |key: &str, found: Vec<&Found>| {
        if !found.is_empty() {
            out.push(Answer {
                key: key.to_owned(),
                raw: Raw::Seq(found.iter().map(|f| Raw::Str(f.name.to_owned())).collect()),
                files: found.iter().map(|f| f.evidence.clone()).collect(),
            });
        }
    };
    for category in [
        Category::Languages,
        Category::Frameworks,
        Category::Databases,
        Category::MessageQueues,
        Category::Cloud,
        Category::Ci,
        Category::TestFrameworks,
    ] {
        push(category.key(), facts.get(category).iter().collect());
    }
    let infra = facts.get(Category::Infrastructure);
    let among = |names: &[&str]| infra.iter().filter(|f| names.contains(&f.name)).collect();
    push("iac", among(IAC));
    push("deploy_tools", among(DEPLOY));
    if let Some(kubernetes) = infra.iter().find(|f| f.name == "Kubernetes") {
        out.push(Answer {
            key: "platform".to_owned(),
            raw: Raw::Str("kubernetes".to_owned()),
            files: vec![kubernetes.evidence.clone()],
        });
    }
    out
}

/// "detected: Cargo.toml, go.mod": the note a prompt shows beside a
/// detected default, naming the files it came from.
pub fn note(origin: &crate::error::Origin) -> String {
    match origin {
        crate::error::Origin::Detected { files } if !files.is_empty() => {
            format!("detected: {}", crate::error::distinct(files).join(", "))
        }
        _ => "detected in the project".to_owned(),
    }
}

/// `agentgen detect`: the facts of `dir` as YAML (evidence in comments) or
/// JSON (evidence as a field).
pub fn report(dir: &Path, json: bool) -> Result<String> {
    if !dir.is_dir() {
        return Err(Error::usage(format!(
            "{} is not a folder; give the project folder to detect, or nothing for the current one",
            dir.display()
        )));
    }
    let facts = detect(dir);
    Ok(if json {
        let mut text = serde_json::to_string_pretty(&facts).expect("facts serialize");
        text.push('\n');
        text
    } else {
        to_yaml(&facts)
    })
}

/// One key per category in a fixed order, one value per line with the
/// file that shows it as a comment.
pub fn to_yaml(facts: &Facts) -> String {
    let mut out = String::new();
    for category in Category::ALL {
        let found = facts.get(category);
        if found.is_empty() {
            let _ = writeln!(out, "{}: []", category.key());
            continue;
        }
        let _ = writeln!(out, "{}:", category.key());
        for f in found {
            let _ = writeln!(
                out,
                "  - {}  # {}",
                yaml::scalar(f.name),
                comment_text(&f.evidence)
            );
        }
    }
    out
}

/// A file name for a comment: control characters (a newline in a file
/// name would end the comment) are shown escaped.
pub(crate) fn comment_text(path: &str) -> String {
    path.chars()
        .flat_map(|c| {
            let shown: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            shown
        })
        .collect()
}

#[cfg(test)]
mod tests;
