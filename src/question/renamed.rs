//! Question keys that were renamed, as data: an answers file, a `--set`
//! flag, a project manifest or a saved answers file written before a
//! rename still holds the old key, and reading it as just another unknown
//! key would drop the setting or suggest something unrelated. Where a role
//! (or kit) asks the new key, the old one is refused with its new name, so
//! the user edits one word and nothing is silently lost (src/answers). A
//! custom role's `use:` of a renamed question set is told the same
//! (src/role.rs).
//!
//! A rename is refused rather than translated on purpose: an old `memory:`
//! line may have been meant as Claude Code's own memory field, and only
//! the user knows which of the two they wanted.

/// One renamed key and why it was renamed.
pub struct Renamed {
    pub old: &'static str,
    pub new: &'static str,
    /// What the old name might be mistaken for, said after the rename.
    pub note: &'static str,
}

/// agentgen's insights file protocol was called `memory`, which collides
/// with Claude Code's own `memory` field (the question `memory_scope`).
const INSIGHTS_NOTE: &str = "Claude Code's own memory is `memory_scope`";

pub const RENAMED: &[Renamed] = &[
    Renamed {
        old: "memory",
        new: "insights",
        note: INSIGHTS_NOTE,
    },
    Renamed {
        old: "memory_file",
        new: "insights_file",
        note: INSIGHTS_NOTE,
    },
    Renamed {
        old: "memory_section",
        new: "insights_section",
        note: INSIGHTS_NOTE,
    },
    Renamed {
        old: "memory_layout_title",
        new: "insights_layout_title",
        note: INSIGHTS_NOTE,
    },
    Renamed {
        old: "memory_layout",
        new: "insights_layout",
        note: INSIGHTS_NOTE,
    },
];

/// The message for `key` when it is an old name whose new name `asks`
/// accepts; `None` for any other key, which is reported as unknown.
pub fn message(key: &str, asks: impl Fn(&str) -> bool) -> Option<String> {
    let r = RENAMED.iter().find(|r| r.old == key && asks(r.new))?;
    Some(format!("`{}` is now `{}` ({})", r.old, r.new, r.note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_key_is_named_with_its_new_one_only_where_that_is_asked() {
        assert_eq!(
            message("memory", |k| k == "insights").as_deref(),
            Some("`memory` is now `insights` (Claude Code's own memory is `memory_scope`)")
        );
        assert_eq!(
            message("memory_layout", |_| true).as_deref(),
            Some(
                "`memory_layout` is now `insights_layout` (Claude Code's own memory is `memory_scope`)"
            )
        );
        assert_eq!(message("memory", |k| k == "memory_scope"), None);
        assert_eq!(message("memory_scope", |_| true), None);
    }

    #[test]
    fn every_rename_is_to_a_different_key_and_no_key_is_renamed_twice() {
        for (i, r) in RENAMED.iter().enumerate() {
            assert_ne!(r.old, r.new);
            assert!(RENAMED[i + 1..].iter().all(|o| o.old != r.old));
            assert!(RENAMED.iter().all(|o| o.old != r.new), "{} chains", r.new);
        }
    }
}
