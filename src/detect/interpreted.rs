//! Python, Ruby and PHP manifests: pyproject.toml, requirements*.txt,
//! Pipfile and setup.cfg; Gemfile; composer.json.
//!
//! Python spreads its dependencies over many files and many tables of
//! pyproject.toml (PEP 621, PEP 735 groups, Poetry, PDM, uv), so every
//! list is gathered into one set of normalised names before the rules run.

use serde_json::Value as Json;

use super::rules;
use super::scan::{Folder, Tree};
use super::{Category, Facts};

use Category::{Languages as L, PackageManagers as P, TestFrameworks as T};

/// The normalised name at the start of a requirement (`Django>=5`,
/// `psycopg[binary]==3.2`, `celery ; python_version > "3"`): lower case,
/// with `_` and `.` as `-`, as PEP 503 compares names.
pub fn requirement_name(spec: &str) -> Option<String> {
    let spec = spec.trim();
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
        .unwrap_or(spec.len());
    let name = &spec[..end];
    (!name.is_empty()).then(|| name.to_ascii_lowercase().replace(['_', '.'], "-"))
}

/// Reads the Python manifests of one folder; returns the members of a uv
/// workspace (`[tool.uv.workspace] members`).
pub fn python(tree: &mut Tree, folder: &Folder, facts: &mut Facts) -> Vec<String> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut members = Vec::new();
    if folder.has("pyproject.toml") {
        let path = folder.path("pyproject.toml");
        facts.add(L, "Python", &path);
        if let Some(table) = tree
            .read(&path)
            .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
        {
            pyproject(&table, facts, &path, &mut found);
            if let Some(list) = tool(&table, &["uv", "workspace", "members"]) {
                members.extend(array_strings(list).into_iter().map(str::to_owned));
            }
        }
    }
    for path in requirements_files(tree, folder) {
        facts.add(L, "Python", &path);
        facts.add(P, "pip", &path);
        for line in tree.read(&path).unwrap_or_default().lines() {
            // Options (-r, -e, --index-url) and comments name no package.
            if !line.trim_start().starts_with(['-', '#']) {
                found.extend(requirement_name(line).map(|n| (n, path.clone())));
            }
        }
    }
    if folder.has("Pipfile") {
        let path = folder.path("Pipfile");
        facts.add(L, "Python", &path);
        facts.add(P, "Pipenv", &path);
        if let Some(table) = tree
            .read(&path)
            .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
        {
            for key in ["packages", "dev-packages"] {
                let names = table.get(key).and_then(toml::Value::as_table);
                for name in names.into_iter().flat_map(|t| t.keys()) {
                    found.extend(requirement_name(name).map(|n| (n, path.clone())));
                }
            }
        }
    }
    if folder.has("setup.cfg") {
        let path = folder.path("setup.cfg");
        facts.add(L, "Python", &path);
        // install_requires and extras are indented continuation lines; a
        // name that no rule knows is simply not reported.
        for line in tree.read(&path).unwrap_or_default().lines() {
            let spec = match line.split_once('=') {
                Some((key, value)) if key.trim() == "install_requires" => value,
                _ if line.starts_with([' ', '\t']) => line,
                _ => continue,
            };
            found.extend(requirement_name(spec).map(|n| (n, path.clone())));
        }
    }
    let found: Vec<(&str, &str)> = found
        .iter()
        .map(|(n, p)| (n.as_str(), p.as_str()))
        .collect();
    rules::apply_with(rules::PYTHON, &found, facts);
    members
}

/// `requirements*.txt`, the main list first (so it is the evidence for what
/// it shares with requirements-dev.txt), then the files of a
/// `requirements/` folder (`base.txt`, `production.txt`), a common layout
/// of Django projects.
fn requirements_files(tree: &mut Tree, folder: &Folder) -> Vec<String> {
    let mut names: Vec<&str> = folder
        .files_where(|n| n.starts_with("requirements") && n.ends_with(".txt"))
        .collect();
    names.sort_by_key(|n| *n != "requirements.txt");
    let mut paths: Vec<String> = names.into_iter().map(|n| folder.path(n)).collect();
    if folder.dirs.contains("requirements") {
        if let Some(sub) = tree.list(&folder.path("requirements")) {
            paths.extend(
                sub.files_where(|n| n.ends_with(".txt"))
                    .map(|n| sub.path(n)),
            );
        }
    }
    paths
}

fn pyproject(
    table: &toml::Table,
    facts: &mut Facts,
    path: &str,
    found: &mut Vec<(String, String)>,
) {
    let mut specs: Vec<&str> = Vec::new();
    let project = table.get("project");
    if let Some(deps) = project.and_then(|p| p.get("dependencies")) {
        specs.extend(array_strings(deps));
    }
    // Lists of requirements keyed by extra or group name.
    let grouped = [
        project.and_then(|p| p.get("optional-dependencies")),
        table.get("dependency-groups"),
        tool(table, &["pdm", "dev-dependencies"]),
    ];
    for groups in grouped
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
    {
        specs.extend(groups.values().flat_map(array_strings));
    }
    if let Some(deps) = tool(table, &["uv", "dev-dependencies"]) {
        specs.extend(array_strings(deps));
    }
    // Poetry keys its dependencies by name.
    if let Some(poetry) = tool(table, &["poetry"]) {
        facts.add(P, "Poetry", path);
        let mut tables = vec![poetry.get("dependencies"), poetry.get("dev-dependencies")];
        if let Some(groups) = poetry.get("group").and_then(toml::Value::as_table) {
            tables.extend(groups.values().map(|g| g.get("dependencies")));
        }
        for deps in tables
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_table)
        {
            specs.extend(deps.keys().map(String::as_str));
        }
    }
    if tool(table, &["pytest"]).is_some() {
        facts.add(T, "pytest", path);
    }
    found.extend(
        specs
            .into_iter()
            .filter_map(requirement_name)
            .map(|n| (n, path.to_owned())),
    );
}

fn array_strings(v: &toml::Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default()
}

/// `[tool.<a>.<b>...]` of a pyproject table.
fn tool<'a>(table: &'a toml::Table, keys: &[&str]) -> Option<&'a toml::Value> {
    let mut value = table.get("tool")?;
    for key in keys {
        value = value.get(key)?;
    }
    Some(value)
}

pub fn ruby(tree: &mut Tree, folder: &Folder, facts: &mut Facts) {
    let path = folder.path("Gemfile");
    facts.add(L, "Ruby", &path);
    facts.add(P, "Bundler", &path);
    let text = tree.read(&path).unwrap_or_default();
    let gems = text.lines().filter_map(|line| {
        let rest = line.trim_start().strip_prefix("gem ")?.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        rest[1..].split(quote).next()
    });
    rules::apply(rules::RUBY, gems, facts, &path);
}

pub fn php(tree: &mut Tree, folder: &Folder, facts: &mut Facts) {
    let path = folder.path("composer.json");
    facts.add(L, "PHP", &path);
    facts.add(P, "Composer", &path);
    let json: Json = tree
        .read(&path)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Json::Null);
    let names = ["require", "require-dev"]
        .into_iter()
        .filter_map(|key| json.get(key)?.as_object())
        .flat_map(|deps| deps.keys().map(String::as_str));
    rules::apply(rules::PHP, names, facts, &path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_names_are_normalised() {
        for (spec, name) in [
            ("Django>=5.0", "django"),
            ("psycopg[binary]==3.2.1", "psycopg"),
            (
                "  Flask_SQLAlchemy ; python_version > '3.8'",
                "flask-sqlalchemy",
            ),
            ("zope.interface", "zope-interface"),
        ] {
            assert_eq!(requirement_name(spec).as_deref(), Some(name), "{spec}");
        }
        assert_eq!(requirement_name(">=1"), None);
        assert_eq!(requirement_name(""), None);
    }
}
