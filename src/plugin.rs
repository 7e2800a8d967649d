//! A team written as a Claude Code plugin (`kit --plugin DIR`): its extra
//! questions, `.claude-plugin/plugin.json`, a README that lists the agents
//! and says how to install them, and an icon.
//!
//! The icon is `DIR/icon.png`, shown under the README's heading. Claude
//! Code's plugin and marketplace manifests have no icon field (2.1.197:
//! `claude plugin validate --strict` fails on `icon` in either, "Unknown
//! field"), so the icon is a file beside them and no manifest names it. The
//! built-in one is a 64x64 PNG (assets/plugin-icon.png, drawn by a few
//! lines of Python with zlib and struct); an icon already in the folder is
//! kept, and `--plugin-icon FILE` writes the user's own PNG instead.

use crate::answers::Answers;
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::kit::Kit;
use crate::pipeline::Agent;
use crate::role;
use crate::value::Raw;

/// The plugin manifest's questions, with the kit's name and summary as
/// defaults.
pub fn questions(catalog: &Catalog, kit: &Kit) -> Result<Vec<crate::question::Question>> {
    let found = catalog
        .find("questions/plugin.yaml")?
        .ok_or_else(|| Error::usage("the template set has no questions/plugin.yaml"))?;
    let entries: Vec<role::Entry> = role::parse(&found, "question set")?;
    let mut questions = role::expand(catalog, entries, &found.location, "question set")?;
    for q in &mut questions {
        match q.key.as_str() {
            "plugin_name" => q.set_default(Raw::Str(kit.name.clone())),
            "plugin_description" => q.set_default(Raw::Str(
                kit.description
                    .clone()
                    .unwrap_or_else(|| kit.summary.clone()),
            )),
            // Claude Code's strict validation wants an author: git's
            // identity is the likely one.
            "plugin_author" => {
                if let Some(name) = git_config("user.name") {
                    q.set_default(Raw::Str(name));
                }
            }
            "plugin_email" => {
                if let Some(email) = git_config("user.email") {
                    q.set_default(Raw::Str(email));
                }
            }
            _ => {}
        }
    }
    Ok(questions)
}

/// A value of the user's git configuration, if git is there and has it.
fn git_config(key: &str) -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["config", "--get", key])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let value = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !value.is_empty() && !value.contains('\n')).then_some(value)
}

/// The manifest's author: the answer, or the plugin's maintainers.
fn author(shared: &Answers) -> serde_json::Map<String, serde_json::Value> {
    let mut person = serde_json::Map::new();
    let name = match shared.str("plugin_author") {
        Some(author) => author.to_owned(),
        None => format!(
            "{} maintainers",
            shared.str("plugin_name").unwrap_or("plugin")
        ),
    };
    person.insert("name".into(), name.into());
    if let Some(email) = shared
        .str("plugin_email")
        .filter(|_| shared.str("plugin_author").is_some())
    {
        person.insert("email".into(), email.into());
    }
    person
}

/// `LICENSE`: the chosen license's text, with this year and the author.
pub fn license(shared: &Answers) -> String {
    let holder = author(shared)["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let year = current_year();
    let text = match shared.str("plugin_license").unwrap_or("MIT") {
        "BSD-3-Clause" => BSD_3_CLAUSE,
        "ISC" => ISC,
        _ => MIT,
    };
    text.replace("<YEAR>", &year.to_string())
        .replace("<HOLDER>", &holder)
}

fn current_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    // Days to a civil year (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    yoe + era * 400 + i64::from(mp >= 10)
}

const MIT: &str = "MIT License

Copyright (c) <YEAR> <HOLDER>

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the \"Software\"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
";

const ISC: &str = "ISC License

Copyright (c) <YEAR> <HOLDER>

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED \"AS IS\" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
";

const BSD_3_CLAUSE: &str = "BSD 3-Clause License

Copyright (c) <YEAR>, <HOLDER>

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
";

/// `.claude-plugin/plugin.json`: the manifest Claude Code reads (name,
/// version, description, author); agents are found in `agents/`.
pub fn manifest(shared: &Answers) -> String {
    let mut manifest = serde_json::Map::new();
    for (field, key) in [
        ("name", "plugin_name"),
        ("version", "plugin_version"),
        ("description", "plugin_description"),
    ] {
        if let Some(value) = shared.str(key) {
            manifest.insert(field.into(), value.into());
        }
    }
    manifest.insert("author".into(), author(shared).into());
    if let Some(license) = shared.str("plugin_license") {
        manifest.insert("license".into(), license.into());
    }
    // A map of strings always encodes.
    serde_json::to_string_pretty(&manifest).expect("a JSON object of strings") + "\n"
}

pub fn readme(kit: &Kit, shared: &Answers, rendered: &[Agent]) -> String {
    let name = shared.str("plugin_name").unwrap_or(&kit.name);
    let mut out = format!(
        "# {name}\n\n<img src=\"{ICON_FILE}\" alt=\"\" width=\"64\" height=\"64\">\n\n{}\n\nA Claude Code plugin with {} agents, generated by agentgen from the `{}` kit.\n\n## Agents\n\n| Agent | Role | Use it when |\n| --- | --- | --- |\n",
        shared
            .str("plugin_description")
            .unwrap_or(&kit.summary)
            .trim(),
        rendered.len(),
        kit.name
    );
    for r in rendered {
        let description = r.gathered.answers.str("description").unwrap_or_default();
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            r.name,
            r.role,
            first_sentence(description).replace('|', "\\|")
        ));
    }
    out.push_str(&format!(
        "\n## Install\n\nPublish this folder in a plugin marketplace (a repository whose \
         `.claude-plugin/marketplace.json` lists it), then in Claude Code run \
         `/plugin install {name}@<marketplace>`. The agents then appear in `/agents` in every project.\n\n\
         To change the agents, edit the answers and generate again:\n\n\
         ```sh\nagentgen kit {} --plugin <this folder> --answers answers.yaml --force\n```\n",
        kit.name
    ));
    out
}

/// The first sentence of a description, on one line.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(end) => flat[..=end].to_owned(),
        None => flat,
    }
}
/// `.claude-plugin/marketplace.json`, created or extended: the
/// marketplace's name (its folder's), owner (the plugin's author) and
/// description, and one entry per plugin with a `./` source and the
/// plugin's version; a plugin listed already is replaced.
pub fn marketplace(
    existing: Option<&str>,
    dir: &std::path::Path,
    source: &std::path::Path,
    shared: &Answers,
) -> Result<String> {
    use serde_json::{Map, Value};
    let mut market: Map<String, Value> = match existing {
        Some(text) => serde_json::from_str(text).map_err(|e| {
            Error::usage(format!(
                "{}/.claude-plugin/marketplace.json is not a JSON object: {e}",
                dir.display()
            ))
        })?,
        None => Map::new(),
    };
    let folder = (dir.file_name().map(|n| n.to_owned()))
        .or_else(|| dir.canonicalize().ok()?.file_name().map(|n| n.to_owned()))
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name: String = folder
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_owned();
    let name = if name.is_empty() {
        "agents".to_owned()
    } else {
        name
    };
    market.entry("name").or_insert_with(|| name.into());
    market
        .entry("owner")
        .or_insert_with(|| author(shared).into());
    market
        .entry("description")
        .or_insert_with(|| "Claude Code agents generated by agentgen".into());
    let plugin_name = shared.str("plugin_name").unwrap_or_default();
    let mut entry = Map::new();
    entry.insert("name".into(), plugin_name.into());
    let source = format!("./{}", source.to_string_lossy().replace('\\', "/"));
    entry.insert("source".into(), source.into());
    for (field, key) in [
        ("description", "plugin_description"),
        ("version", "plugin_version"),
    ] {
        if let Some(value) = shared.str(key) {
            entry.insert(field.into(), value.trim().into());
        }
    }
    let plugins = market
        .entry("plugins")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(list) = plugins else {
        return Err(Error::usage("the marketplace's `plugins` is not a list"));
    };
    list.retain(|p| p.get("name").and_then(Value::as_str) != Some(plugin_name));
    list.push(entry.into());
    // Strings, maps and lists always encode.
    Ok(serde_json::to_string_pretty(&market).expect("JSON encodes") + "\n")
}

/// An agent file as a plugin ships it: without the fields Claude Code
/// ignores in a plugin's agents (`Spec::plugin_ignored`), so the plugin
/// holds nothing that does not apply. Returns the text and the fields
/// left out; a file that does not read back is returned unchanged.
pub fn without_ignored(text: &str) -> (String, Vec<String>) {
    use crate::agent_file::{self, Format};
    let ignored = crate::target::Target::Claude.spec().plugin_ignored;
    let Ok(parsed) = agent_file::parse(Format::Markdown, text) else {
        return (text.to_owned(), Vec::new());
    };
    let mut doc = parsed.doc;
    let dropped: Vec<String> = (doc.fields.iter())
        .filter(|(k, _)| ignored.contains(&k.as_str()))
        .map(|(k, _)| k.clone())
        .collect();
    if dropped.is_empty() {
        return (text.to_owned(), dropped);
    }
    doc.fields.retain(|(k, _)| !ignored.contains(&k.as_str()));
    (agent_file::serialize(Format::Markdown, &doc), dropped)
}

/// The icon's file name in a plugin's folder.
pub const ICON_FILE: &str = "icon.png";

/// The built-in icon: a 64x64 PNG.
pub const ICON: &[u8] = include_bytes!("../assets/plugin-icon.png");

/// The icon a plugin in `dir` gets: the user's (`chosen`, already checked
/// by `config::read_icon`), the built-in one, or none when `dir` already has an
/// icon and the user chose none: that one is kept.
pub fn icon(dir: &std::path::Path, chosen: Option<&[u8]>) -> Option<(std::path::PathBuf, Vec<u8>)> {
    let path = dir.join(ICON_FILE);
    match chosen {
        Some(bytes) => Some((path, bytes.to_vec())),
        None if std::fs::symlink_metadata(&path).is_ok() => None,
        None => Some((path, ICON.to_vec())),
    }
}

#[cfg(test)]
mod icon_tests {
    use super::*;

    #[test]
    fn the_built_in_icon_is_a_small_square_png() {
        assert_eq!(crate::config::png_size(ICON), Some((64, 64)));
        assert!(ICON.ends_with(b"IEND\xaeB`\x82"), "a whole PNG");
    }

    #[test]
    fn an_icon_in_the_folder_is_kept_unless_the_user_chose_one() {
        let dir = tempfile::tempdir().unwrap();
        let (path, bytes) = icon(dir.path(), None).unwrap();
        assert_eq!(
            (path.file_name().unwrap(), bytes.as_slice()),
            ("icon.png".as_ref(), ICON)
        );
        std::fs::write(dir.path().join("icon.png"), b"theirs").unwrap();
        assert_eq!(icon(dir.path(), None), None);
        assert_eq!(icon(dir.path(), Some(b"mine")).unwrap().1, b"mine");
    }
}
