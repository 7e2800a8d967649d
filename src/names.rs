//! Agent names: the one rule every part of agentgen applies to them.
//!
//! An agent's name is also its file name, so it is checked before anything
//! is rendered: by the answers checks, by role and kit loading (a role or
//! kit name is the default agent name), by the targets' own rules and by
//! lint. Keeping the rule here, apart from agents, answers and roles, means
//! none of those modules needs to import another for it.

use heck::ToKebabCase;

use crate::error::{Error, Result};

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
pub fn problem(name: &str) -> Option<String> {
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
pub fn suggest(name: &str) -> Option<String> {
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
    (candidate != name && problem(&candidate).is_none()).then_some(candidate)
}

/// The ASCII character a fullwidth form (U+FF01 to U+FF5E) stands for.
fn from_fullwidth(c: char) -> char {
    match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Checks an agent name, with a suggestion in the error where one exists.
pub fn check(name: &str) -> Result<()> {
    match problem(name) {
        None => Ok(()),
        Some(reason) => Err(Error::InvalidName {
            name: name.to_owned(),
            reason,
            suggestion: suggest(name),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["backend-architect", "a", "api2", "x-1-y"] {
            assert_eq!(problem(ok), None, "{ok}");
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
            assert!(problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("Backend Architect").as_deref(),
            Some("backend-architect")
        );
        assert_eq!(
            suggest("backend_architect").as_deref(),
            Some("backend-architect")
        );
        assert_eq!(
            suggest("BackendArchitect").as_deref(),
            Some("backend-architect")
        );
        assert_eq!(suggest("CON").as_deref(), Some("con-agent"));
        assert_eq!(suggest("../etc"), None);
        assert_eq!(suggest("日本"), None);
        assert_eq!(suggest("b\u{430}ckend"), None, "no letter is dropped");
        assert_eq!(suggest("café"), None);
        assert_eq!(
            suggest("ｂａｃｋｅｎｄ－ａｐｉ").as_deref(),
            Some("backend-api")
        );
        assert_eq!(suggest("Backend ✨").as_deref(), Some("backend"));
    }
}
