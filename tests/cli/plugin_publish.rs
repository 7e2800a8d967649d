//! `kit --plugin` and `kit --marketplace`: a plugin that Claude Code's
//! strict validation accepts (author, license, LICENSE), and a marketplace
//! created by one kit and extended by the next.

use crate::support::*;

fn json(sb: &Sandbox, path: &str) -> serde_json::Value {
    serde_json::from_str(&sb.read(path)).unwrap()
}

#[test]
fn a_plugin_has_an_author_object_a_license_and_its_text() {
    let sb = Sandbox::new();
    sb.run([
        "kit",
        "quality-gate",
        "--defaults",
        "--plugin",
        "plug",
        "--set",
        "plugin_author=Ada Lovelace",
        "--set",
        "plugin_email=ada@example.com",
        "--set",
        "plugin_license=ISC",
    ])
    .success();
    let manifest = json(&sb, "plug/.claude-plugin/plugin.json");
    assert_eq!(manifest["author"]["name"], "Ada Lovelace");
    assert_eq!(manifest["author"]["email"], "ada@example.com");
    assert_eq!(manifest["license"], "ISC");
    let license = sb.read("plug/LICENSE");
    assert!(
        license.starts_with("ISC License\n\nCopyright (c) "),
        "{license}"
    );
    assert!(license.contains("Ada Lovelace"), "{license}");
}

#[test]
fn without_an_author_answer_the_manifest_still_names_one_and_defaults_to_mit() {
    let sb = Sandbox::new();
    sb.run(["kit", "quality-gate", "--defaults", "--plugin", "plug"])
        .success();
    let manifest = json(&sb, "plug/.claude-plugin/plugin.json");
    assert!(
        manifest["author"]["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty()),
        "{manifest}"
    );
    assert_eq!(manifest["license"], "MIT");
    assert!(sb.read("plug/LICENSE").starts_with("MIT License\n"));
    sb.agentgen([
        "kit",
        "quality-gate",
        "--defaults",
        "--plugin",
        "p2",
        "--set",
        "plugin_license=GPL",
    ])
    .fails(2)
    .stderr_has("'GPL' is not one of MIT, BSD-3-Clause, ISC")
    .run();
}

#[test]
fn a_marketplace_is_created_then_extended_by_a_second_kit() {
    let sb = Sandbox::new();
    sb.run([
        "kit",
        "quality-gate",
        "--defaults",
        "--marketplace",
        "market",
    ])
    .success();
    assert!(sb.exists("market/plugins/quality-gate/agents/code-reviewer.md"));
    sb.run(["kit", "startup", "--defaults", "--marketplace", "market"])
        .success();
    let market = json(&sb, "market/.claude-plugin/marketplace.json");
    assert_eq!(market["name"], "market");
    assert!(market["owner"]["name"].is_string(), "{market}");
    assert!(market["description"].is_string(), "{market}");
    let plugins = market["plugins"].as_array().unwrap();
    let names: Vec<&str> = plugins
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["quality-gate", "startup"]);
    for plugin in plugins {
        let name = plugin["name"].as_str().unwrap();
        assert_eq!(plugin["source"], format!("./plugins/{name}"));
        let manifest = json(
            &sb,
            &format!("market/plugins/{name}/.claude-plugin/plugin.json"),
        );
        assert_eq!(plugin["version"], manifest["version"], "{name}");
    }
    // Generating the first kit again replaces its entry, not adds one.
    sb.run([
        "kit",
        "quality-gate",
        "--defaults",
        "--marketplace",
        "market",
        "--force",
    ])
    .success();
    let market = json(&sb, "market/.claude-plugin/marketplace.json");
    assert_eq!(market["plugins"].as_array().unwrap().len(), 2, "{market}");
    sb.agentgen(["lint", "--strict", "market"]).succeeds().run();
}
