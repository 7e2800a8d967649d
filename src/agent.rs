//! The agent document: frontmatter data plus a markdown body.
//!
//! An [`Agent`] is built from a role and its answers: the body and the
//! description are rendered by templates, every other field is copied from
//! the answers as data. Nothing here writes YAML text; a target
//! ([`crate::target`]) turns an agent into a file. This module also owns the
//! agent-name rule, which decides file names and so is checked before any
//! rendering, and the reading of an agent file back into frontmatter and
//! body, the way Claude Code splits it.

use heck::ToKebabCase;

use crate::answers::Gathered;
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::render::{Renderer, tidy};
use crate::role::Role;
use crate::value::Value;

/// Longest agent name agentgen writes. Claude Code sets no limit, but the
/// name is also a file name, and 64 matches the limit Anthropic uses for
/// skill names.
pub const MAX_NAME_LEN: usize = 64;

/// Names Windows reserves for devices: `con.md` cannot be created there.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why `name` cannot be an agent name, or `None` if it can. An agent name is
/// lowercase ASCII letters, digits and single hyphens, starting with a letter.
pub fn name_problem(name: &str) -> Option<String> {
    let reason = if name.is_empty() {
        "it is empty".to_owned()
    } else if name.chars().any(char::is_control) {
        "it contains control characters".to_owned()
    } else if name.contains(['/', '\\']) || name.contains("..") {
        "it contains a path separator or '..'; an agent name is a file name, and -o DIR chooses the folder".to_owned()
    } else if name.starts_with('-') {
        "it starts with '-'".to_owned()
    } else if name.chars().count() > MAX_NAME_LEN {
        format!("it is longer than {MAX_NAME_LEN} characters")
    } else if let Some(c) = name.chars().find(|c| !c.is_ascii()) {
        // Named by code point: a Cyrillic 'а' or a fullwidth 'ｂ' looks
        // like the ASCII letter it is not, so the character alone would
        // not show the user what to change.
        format!(
            "'{c}' is not allowed: it is U+{:04X}, outside ASCII, even if it looks like a plain letter; use lowercase letters a-z, digits and hyphens",
            u32::from(c)
        )
    } else if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        "it must start with a lowercase letter".to_owned()
    } else if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        format!("'{c}' is not allowed; use lowercase letters, digits and hyphens")
    } else if name.contains("--") || name.ends_with('-') {
        "hyphens must separate words: no doubled or trailing hyphen".to_owned()
    } else if RESERVED.contains(&name) {
        "Windows reserves it for a device, so the file could not be created there".to_owned()
    } else {
        return None;
    };
    Some(reason)
}

/// A valid name close to `name`, if one can be made by re-casing it.
/// Fullwidth forms become their ASCII letters; any other letter outside
/// ASCII means no suggestion, since dropping it would make another word
/// (`bаckend` with a Cyrillic `а` is not `bckend`).
pub fn suggest_name(name: &str) -> Option<String> {
    if name.contains(['/', '\\']) || name.contains("..") || name.chars().any(char::is_control) {
        return None;
    }
    let ascii: String = name.chars().map(from_fullwidth).collect();
    if ascii.chars().any(|c| c.is_alphanumeric() && !c.is_ascii()) {
        return None;
    }
    let kebab: String = ascii
        .to_kebab_case()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
        .collect();
    let trimmed = kebab
        .trim_matches('-')
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
    let mut candidate = trimmed.chars().take(MAX_NAME_LEN).collect::<String>();
    while candidate.ends_with('-') {
        candidate.pop();
    }
    if RESERVED.contains(&candidate.as_str()) {
        candidate.push_str("-agent");
    }
    (candidate != name && name_problem(&candidate).is_none()).then_some(candidate)
}

/// The ASCII character a fullwidth form (U+FF01 to U+FF5E) stands for.
fn from_fullwidth(c: char) -> char {
    match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Checks an agent name, with a suggestion in the error where one exists.
pub fn check_name(name: &str) -> Result<()> {
    match name_problem(name) {
        None => Ok(()),
        Some(reason) => Err(Error::InvalidName {
            name: name.to_owned(),
            reason,
            suggestion: suggest_name(name),
        }),
    }
}

/// An agent, independent of the tool that will read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Agent {
    pub name: String,
    pub description: String,
    /// Claude Code tool names; empty means the agent inherits every tool.
    pub tools: Vec<String>,
    pub model: Option<String>,
    pub color: Option<String>,
    pub body: String,
}

/// Renders the agent a role describes with these answers.
pub fn build(
    role: &Role,
    gathered: &Gathered,
    renderer: &Renderer,
    catalog: &Catalog,
) -> Result<Agent> {
    let answers = &gathered.answers;
    let name = answers.str("name").unwrap_or_default().to_owned();
    check_name(&name)?;
    let ctx = &gathered.context;
    let own = format!("roles/{}/description.j2", role.name);
    let description_template = if catalog.has(&own) {
        own
    } else {
        "partials/description.j2".to_owned()
    };
    // Not trimmed: the description is the user's text, kept exactly.
    let description = renderer.render(&description_template, ctx)?;
    let body = tidy(&renderer.render(&role.body_template(), ctx)?);
    let text = |key: &str| {
        answers
            .str(key)
            .map(str::to_owned)
            .filter(|s| !s.trim().is_empty())
    };
    let tools = match answers.get("tools") {
        Some(Value::List(items)) => items.clone(),
        _ => Vec::new(),
    };
    Ok(Agent {
        name,
        description,
        tools,
        model: text("model"),
        color: text("color"),
        body,
    })
}

/// An agent file split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts<'a> {
    /// The text between the opening `---` line and the closing one.
    pub frontmatter: &'a str,
    pub body: &'a str,
}

/// Splits an agent file the way Claude Code does: the file must open with a
/// `---` line, and the frontmatter ends at the next `---`, wherever it is,
/// even in the middle of a line. Returns `None` when there is no
/// frontmatter.
pub fn split(text: &str) -> Option<Parts<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let end = rest.find("---")?;
    let frontmatter = &rest[..end];
    let after = &rest[end + 3..];
    let body = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .unwrap_or(after);
    Some(Parts { frontmatter, body })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{GivenAnswers, gather};
    use crate::prompt::NoPrompt;

    #[test]
    fn a_render_compiles_only_the_templates_it_uses() {
        let catalog = Catalog::embedded();
        let renderer = Renderer::new(catalog.clone());
        let role = Role::load(&catalog, "backend-architect").unwrap();
        let gathered = gather(&role, &GivenAnswers::default(), &mut NoPrompt, &renderer).unwrap();
        build(&role, &gathered, &renderer, &catalog).unwrap();
        assert_eq!(
            renderer.loaded_templates(),
            [
                "partials/communication.j2",
                "partials/description.j2",
                "partials/lists.j2",
                "partials/stack_note.j2",
                "roles/backend-architect/agent.md.j2"
            ],
            "memory.j2 is not compiled when memory is off"
        );
    }

    #[test]
    fn names() {
        for ok in ["backend-architect", "a", "api2", "x-1-y"] {
            assert_eq!(name_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "Backend",
            "a_b",
            "a--b",
            "a-",
            "-a",
            "1a",
            "../x",
            "a/b",
            "a\\b",
            "a\u{7}",
            "con",
            "ａｂｃ",
            &"a".repeat(65),
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest_name("Backend Architect").as_deref(),
            Some("backend-architect")
        );
        assert_eq!(
            suggest_name("backend_architect").as_deref(),
            Some("backend-architect")
        );
        assert_eq!(
            suggest_name("BackendArchitect").as_deref(),
            Some("backend-architect")
        );
        assert_eq!(suggest_name("CON").as_deref(), Some("con-agent"));
        assert_eq!(suggest_name("../etc"), None);
        assert_eq!(suggest_name("日本"), None);
        assert_eq!(suggest_name("b\u{430}ckend"), None, "no letter is dropped");
        assert_eq!(suggest_name("café"), None);
        assert_eq!(
            suggest_name("ｂａｃｋｅｎｄ－ａｐｉ").as_deref(),
            Some("backend-api")
        );
        assert_eq!(suggest_name("Backend ✨").as_deref(), Some("backend"));
    }

    #[test]
    fn split_ends_at_the_first_three_dashes_anywhere() {
        let parts = split("---\nname: a\n---\nbody\n").unwrap();
        assert_eq!(
            parts,
            Parts {
                frontmatter: "name: a\n",
                body: "body\n"
            }
        );
        let cut = split("---\ndescription: \"x --- y\"\n---\nbody").unwrap();
        assert_eq!(cut.frontmatter, "description: \"x ");
        assert_eq!(split("no frontmatter"), None);
    }
}
