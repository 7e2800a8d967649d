//! JVM and .NET builds: pom.xml, build.gradle(.kts), and C#/F# project and
//! solution files.
//!
//! These are XML or code, not data, so they are read as words: every run
//! of name characters (`org.springframework.boot`, `spring-boot-starter-web`,
//! `junit-jupiter`) is looked up in the rules. That finds coordinates
//! wherever a build spells them (tags, `group:artifact:version` strings,
//! plugin ids) without parsing three build languages.

use std::collections::BTreeSet;

use super::rules::{self, Rule};
use super::scan::{Folder, Tree};
use super::{Category, Facts};

use Category::{Frameworks as F, Languages as L, PackageManagers as P};

/// Project files a solution may name and that are read, at most.
const MAX_PROJECTS: usize = 16;

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c)))
        .filter(|w| !w.is_empty())
}

fn apply_words(rules: &[Rule], text: &str, facts: &mut Facts, path: &str) {
    // Each word once: a large pom.xml repeats `dependency` thousands of times.
    let unique: BTreeSet<&str> = words(text).collect();
    rules::apply(rules, unique, facts, path);
}

const GRADLE_FILES: &[&str] = &[
    "build.gradle.kts",
    "build.gradle",
    "settings.gradle.kts",
    "settings.gradle",
];

/// Reads the builds of one folder; returns the subprojects they include
/// (Maven `<module>`s, Gradle `include`s), where the dependencies of a
/// multi-project build usually are.
pub fn jvm(tree: &mut Tree, folder: &Folder, facts: &mut Facts) -> Vec<String> {
    let mut members = Vec::new();
    let builds = [("pom.xml", "Maven")]
        .into_iter()
        .chain(GRADLE_FILES.iter().map(|f| (*f, "Gradle")))
        .filter(|(file, _)| folder.has(file));
    for (file, manager) in builds.collect::<Vec<_>>() {
        let path = folder.path(file);
        let text = tree.read(&path).unwrap_or_default();
        // The Kotlin plugin or standard library makes it a Kotlin build;
        // otherwise a JVM build is a Java one.
        let kotlin = text.contains("kotlin(\"")
            || words(&text).any(|w| {
                w.starts_with("org.jetbrains.kotlin")
                    || w.starts_with("kotlin-stdlib")
                    || w == "kotlin-maven-plugin"
            });
        let language = if kotlin { "Kotlin" } else { "Java" };
        if !file.starts_with("settings.") {
            facts.add(L, language, &path);
        }
        facts.add(P, manager, &path);
        apply_words(rules::JVM, &text, facts, &path);
        if file == "pom.xml" {
            members.extend(maven_modules(&text));
        } else if file.starts_with("settings.") {
            members.extend(gradle_includes(&text));
        }
    }
    members
}

fn maven_modules(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split("<module>")
        .skip(1)
        .filter_map(|rest| Some(rest.split_once("</module>")?.0.trim().to_owned()))
}

/// `include("app", ":libs:core")` or `include 'app'`: project paths, with
/// `:` as the folder separator.
fn gradle_includes(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines().map(str::trim) {
        if !line.starts_with("include") || line.starts_with("includeBuild") {
            continue;
        }
        let quoted = line.split(['"', '\'']).skip(1).step_by(2);
        found.extend(quoted.map(|p| p.trim_start_matches(':').replace(':', "/")));
    }
    found
}

pub fn dotnet(tree: &mut Tree, folder: &Folder, facts: &mut Facts) {
    let mut projects: Vec<String> = folder
        .files_where(|n| n.ends_with(".csproj") || n.ends_with(".fsproj"))
        .map(|n| folder.path(n))
        .collect();
    // A solution at the root names projects in subfolders (`src\Api\Api.csproj`).
    let solutions: Vec<String> = folder
        .files_where(|n| n.ends_with(".sln"))
        .map(|n| folder.path(n))
        .collect();
    for solution in &solutions {
        facts.add(P, "NuGet", solution);
        for line in tree.read(solution).unwrap_or_default().lines() {
            if !line.starts_with("Project(") {
                continue;
            }
            let Some(file) = line.split('"').nth(5) else {
                continue;
            };
            let file = file.replace('\\', "/");
            let safe = (file.ends_with(".csproj") || file.ends_with(".fsproj"))
                && !file.starts_with('/')
                && file.split('/').all(|p| p != ".." && !p.is_empty());
            if safe {
                projects.push(super::scan::join(&folder.rel, &file));
            }
        }
    }
    projects.dedup();
    for path in projects.iter().take(MAX_PROJECTS) {
        let language = if path.ends_with(".fsproj") {
            "F#"
        } else {
            "C#"
        };
        facts.add(L, language, path);
        facts.add(P, "NuGet", path);
        let Some(text) = tree.read(path) else {
            continue;
        };
        if text.contains("Microsoft.NET.Sdk.Web") {
            facts.add(F, "ASP.NET Core", path);
        }
        let references = text
            .split("Include=\"")
            .skip(1)
            .filter_map(|r| r.split('"').next());
        rules::apply(rules::DOTNET, references, facts, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subprojects_of_maven_and_gradle_builds() {
        let pom = "<modules>\n  <module>api</module>\n  <module> core </module>\n</modules>";
        assert_eq!(maven_modules(pom).collect::<Vec<_>>(), ["api", "core"]);
        let settings = "rootProject.name = \"x\"\ninclude(\"app\", \":libs:core\")\ninclude 'cli'\nincludeBuild(\"build-logic\")\n";
        assert_eq!(gradle_includes(settings), ["app", "libs/core", "cli"]);
    }

    #[test]
    fn build_files_are_read_as_words() {
        let text = r#"implementation("org.springframework.boot:spring-boot-starter-web:3.3.0")"#;
        let found: Vec<&str> = words(text).collect();
        assert!(found.contains(&"org.springframework.boot"));
        assert!(found.contains(&"spring-boot-starter-web"));
        assert!(found.contains(&"3.3.0"));
    }
}
