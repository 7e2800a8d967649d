//! Language ecosystems: the manifests and lockfiles of one folder, read
//! into facts. Cargo, npm and friends, and Go are read here; Python, Ruby
//! and PHP in `interpreted`, JVM and .NET in `managed`.
//!
//! Each reader takes what it needs and ignores the rest: a manifest that
//! does not parse still says which language the folder uses, but nothing
//! more. Readers run in a fixed order so the facts come out in the same
//! order on every machine.

use serde_json::Value as Json;

use super::interpreted::{php, python, ruby};
use super::managed::{dotnet, jvm};
use super::rules;
use super::scan::{self, Folder, Tree};
use super::{Category, Facts};

use Category::{
    Databases as D, Frameworks as F, Languages as L, PackageManagers as P, TestFrameworks as T,
};

/// Lockfiles and the package manager each one names; only their presence
/// counts, so large lockfiles are never read.
const LOCKFILES: &[(&str, &str)] = &[
    ("package-lock.json", "npm"),
    ("npm-shrinkwrap.json", "npm"),
    ("pnpm-lock.yaml", "pnpm"),
    ("yarn.lock", "Yarn"),
    ("bun.lockb", "Bun"),
    ("bun.lock", "Bun"),
    ("Cargo.lock", "Cargo"),
    ("poetry.lock", "Poetry"),
    ("uv.lock", "uv"),
    ("pdm.lock", "PDM"),
    ("Pipfile.lock", "Pipenv"),
    ("go.sum", "Go modules"),
    ("Gemfile.lock", "Bundler"),
    ("composer.lock", "Composer"),
    ("gradle.lockfile", "Gradle"),
    ("packages.lock.json", "NuGet"),
];

/// Ecosystems whose presence is all that is read: a Swift package, a
/// CocoaPods or Flutter app, a setup.py (code, not data), an Elixir
/// project, a Deno program.
const MARKERS: &[(&str, Category, &str)] = &[
    ("Package.swift", L, "Swift"),
    ("Package.swift", P, "Swift Package Manager"),
    ("Podfile", P, "CocoaPods"),
    ("setup.py", L, "Python"),
    ("pubspec.yaml", L, "Dart"),
    ("pubspec.yaml", P, "pub"),
    ("mix.exs", L, "Elixir"),
    ("mix.exs", P, "Mix"),
    ("deno.json", L, "TypeScript"),
    ("deno.json", P, "Deno"),
];

/// Test runners recognised by their configuration file's name, which a
/// project may have without listing the runner where it is read here.
const TEST_CONFIGS: &[(&str, &str)] = &[
    ("jest.config", "Jest"),
    ("vitest.config", "Vitest"),
    ("playwright.config", "Playwright"),
    ("cypress.config", "Cypress"),
    (".mocharc", "Mocha"),
    ("pytest.ini", "pytest"),
    ("conftest.py", "pytest"),
];

/// Reads the manifests of one folder. Returns the workspace members they
/// name, as `(folder, whole)` pairs for [`scan::member_pattern`].
pub fn visit(tree: &mut Tree, folder: &Folder, facts: &mut Facts) -> Vec<(String, bool)> {
    let mut members = Vec::new();
    if folder.has("Cargo.toml") {
        members.extend(cargo(tree, folder, facts));
    }
    if folder.has("package.json") {
        members.extend(node(tree, folder, facts));
    }
    if folder.has("pnpm-workspace.yaml") {
        members.extend(pnpm_workspace(tree, folder));
    }
    if folder.has("go.mod") {
        go(tree, folder, facts);
    }
    if folder.has("go.work") {
        members.extend(go_work(tree, folder));
    }
    let python_members = python(tree, folder, facts);
    members.extend(members_of(folder, python_members));
    if folder.has("Gemfile") {
        ruby(tree, folder, facts);
    }
    let subprojects = jvm(tree, folder, facts);
    members.extend(members_of(folder, subprojects));
    if folder.has("composer.json") {
        php(tree, folder, facts);
    }
    dotnet(tree, folder, facts);
    for &(file, category, name) in MARKERS {
        if folder.has(file) {
            facts.add(category, name, &folder.path(file));
        }
    }
    if folder.has("pubspec.yaml") {
        flutter(tree, folder, facts);
    }
    for &(file, manager) in LOCKFILES {
        if folder.has(file) {
            facts.add(P, manager, &folder.path(file));
        }
    }
    for name in &folder.files {
        if let Some(&(_, runner)) = TEST_CONFIGS.iter().find(|(p, _)| name.starts_with(p)) {
            facts.add(T, runner, &folder.path(name));
        }
    }
    members
}

pub(super) fn members_of(
    folder: &Folder,
    patterns: impl IntoIterator<Item = String>,
) -> Vec<(String, bool)> {
    patterns
        .into_iter()
        .filter_map(|p| scan::member_pattern(&folder.rel, &p))
        .collect()
}

fn strings(value: Option<&Json>) -> Vec<String> {
    value
        .and_then(Json::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn cargo(tree: &mut Tree, folder: &Folder, facts: &mut Facts) -> Vec<(String, bool)> {
    let path = folder.path("Cargo.toml");
    facts.add(L, "Rust", &path);
    facts.add(P, "Cargo", &path);
    // Rust's built-in test harness: every crate has it, most use only it.
    facts.add(T, "cargo test", &path);
    let Some(table) = tree
        .read(&path)
        .and_then(|text| toml::from_str::<toml::Table>(&text).ok())
    else {
        return Vec::new();
    };
    let workspace = table.get("workspace").and_then(toml::Value::as_table);
    let mut sections: Vec<&toml::Table> = Vec::new();
    for key in ["dependencies", "dev-dependencies", "build-dependencies"] {
        sections.extend(table.get(key).and_then(toml::Value::as_table));
    }
    sections.extend(workspace.and_then(|w| w.get("dependencies")?.as_table()));
    if let Some(targets) = table.get("target").and_then(toml::Value::as_table) {
        for target in targets.values().filter_map(toml::Value::as_table) {
            for key in ["dependencies", "dev-dependencies"] {
                sections.extend(target.get(key).and_then(toml::Value::as_table));
            }
        }
    }
    let mut packages = Vec::new();
    for (name, spec) in sections.iter().flat_map(|s| s.iter()) {
        // A renamed dependency names its real package.
        let package = spec
            .get("package")
            .and_then(toml::Value::as_str)
            .unwrap_or(name);
        packages.push(package);
        cargo_features(package, spec, facts, &path);
    }
    rules::apply(rules::CARGO, packages, facts, &path);
    let patterns = workspace
        .and_then(|w| w.get("members")?.as_array())
        .map(|m| m.iter().filter_map(|v| v.as_str().map(str::to_owned)));
    members_of(folder, patterns.into_iter().flatten())
}

/// The database of an ORM or driver crate that supports several, from the
/// features the project turns on (`sqlx = { features = ["postgres"] }`).
fn cargo_features(package: &str, spec: &toml::Value, facts: &mut Facts, path: &str) {
    if !matches!(package, "sqlx" | "diesel" | "sea-orm" | "sea-query") {
        return;
    }
    let features = spec.get("features").and_then(toml::Value::as_array);
    for feature in features
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
    {
        for (word, database) in [
            ("postgres", "PostgreSQL"),
            ("mysql", "MySQL"),
            ("sqlite", "SQLite"),
        ] {
            if feature.contains(word) {
                facts.add(D, database, path);
            }
        }
    }
}

fn node(tree: &mut Tree, folder: &Folder, facts: &mut Facts) -> Vec<(String, bool)> {
    let path = folder.path("package.json");
    let json: Json = tree
        .read(&path)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Json::Null);
    if folder.has("tsconfig.json") {
        facts.add(L, "TypeScript", &folder.path("tsconfig.json"));
    }
    let names = ["dependencies", "devDependencies"]
        .into_iter()
        .filter_map(|key| json.get(key)?.as_object())
        .flat_map(|deps| deps.keys().map(String::as_str));
    rules::apply(rules::NPM, names, facts, &path);
    facts.add(L, "JavaScript", &path);
    if let Some(manager) = json.get("packageManager").and_then(Json::as_str) {
        let name = manager.split('@').next().unwrap_or_default();
        let display = match name {
            "npm" => Some("npm"),
            "pnpm" => Some("pnpm"),
            "yarn" => Some("Yarn"),
            "bun" => Some("Bun"),
            _ => None,
        };
        if let Some(display) = display {
            facts.add(P, display, &path);
        }
    }
    prisma(tree, folder, facts);
    let workspaces = json.get("workspaces");
    let patterns = match workspaces {
        Some(Json::Object(map)) => strings(map.get("packages")),
        other => strings(other),
    };
    members_of(folder, patterns)
}

/// The database a Prisma schema's datasource names.
fn prisma(tree: &mut Tree, folder: &Folder, facts: &mut Facts) {
    let path = if folder.dirs.contains("prisma") {
        folder.path("prisma/schema.prisma")
    } else if folder.has("schema.prisma") {
        folder.path("schema.prisma")
    } else {
        return;
    };
    let Some(text) = tree.read(&path) else {
        return;
    };
    facts.add(F, "Prisma", &path);
    let mut in_datasource = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with("datasource ") {
            in_datasource = true;
        } else if line.starts_with('}') {
            in_datasource = false;
        } else if in_datasource && line.starts_with("provider") {
            let value = line.split('"').nth(1).unwrap_or_default();
            let database = match value {
                "postgresql" | "postgres" => "PostgreSQL",
                "mysql" => "MySQL",
                "sqlite" => "SQLite",
                "mongodb" => "MongoDB",
                "sqlserver" => "SQL Server",
                "cockroachdb" => "CockroachDB",
                _ => continue,
            };
            facts.add(D, database, &path);
        }
    }
}

fn pnpm_workspace(tree: &mut Tree, folder: &Folder) -> Vec<(String, bool)> {
    let Some(text) = tree.read(&folder.path("pnpm-workspace.yaml")) else {
        return Vec::new();
    };
    // Block-style `packages:` list, the form pnpm documents; read by lines
    // since only these strings matter.
    let mut in_packages = false;
    let mut patterns = Vec::new();
    for line in crate::yaml::lines(&text) {
        if !line.starts_with([' ', '-', '\t']) {
            in_packages = line.trim_end() == "packages:";
        } else if let Some(item) = in_packages
            .then(|| line.trim().strip_prefix("- "))
            .flatten()
        {
            patterns.push(unquote(item).to_owned());
        }
    }
    members_of(folder, patterns)
}

/// A scalar without its quotes and trailing comment.
pub fn unquote(text: &str) -> &str {
    let text = text.trim();
    for quote in ['"', '\''] {
        if let Some(rest) = text.strip_prefix(quote) {
            return rest.split(quote).next().unwrap_or_default();
        }
    }
    text.split(" #").next().unwrap_or_default().trim()
}

/// A Dart package that depends on the Flutter SDK is a Flutter app.
fn flutter(tree: &mut Tree, folder: &Folder, facts: &mut Facts) {
    let path = folder.path("pubspec.yaml");
    let text = tree.read(&path).unwrap_or_default();
    if crate::yaml::lines(&text).any(|l| l.trim() == "sdk: flutter") {
        facts.add(F, "Flutter", &path);
    }
}

fn go(tree: &mut Tree, folder: &Folder, facts: &mut Facts) {
    let path = folder.path("go.mod");
    facts.add(L, "Go", &path);
    facts.add(P, "Go modules", &path);
    facts.add(T, "Go testing", &path);
    let Some(text) = tree.read(&path) else {
        return;
    };
    let mut in_require = false;
    let mut modules = Vec::new();
    for line in text.lines().map(str::trim) {
        let module = if in_require {
            if line.starts_with(')') {
                in_require = false;
                continue;
            }
            line
        } else if line.starts_with("require (") || line == "require(" {
            in_require = true;
            continue;
        } else if let Some(rest) = line.strip_prefix("require ") {
            rest
        } else {
            continue;
        };
        // Indirect requirements are what dependencies need, not choices
        // the project made.
        if module.contains("// indirect") {
            continue;
        }
        modules.extend(module.split_whitespace().next());
    }
    rules::apply(rules::GO, modules, facts, &path);
}

fn go_work(tree: &mut Tree, folder: &Folder) -> Vec<(String, bool)> {
    let Some(text) = tree.read(&folder.path("go.work")) else {
        return Vec::new();
    };
    let mut in_use = false;
    let mut patterns = Vec::new();
    for line in text.lines().map(str::trim) {
        if in_use {
            if line.starts_with(')') {
                in_use = false;
            } else if !line.is_empty() && !line.starts_with("//") {
                patterns.push(line.to_owned());
            }
        } else if line.starts_with("use (") || line == "use(" {
            in_use = true;
        } else if let Some(rest) = line.strip_prefix("use ") {
            patterns.push(rest.trim().to_owned());
        }
    }
    members_of(folder, patterns)
}
