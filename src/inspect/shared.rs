//! What `show ROLE` says about the team-wide answers a role takes: for each
//! question, whether a kit's (or a detected) answer reaches it and how its
//! `shared:` declaration narrows it, in words for people and as a list for
//! `--json`. The rules themselves live in [`crate::question::Share`]; this
//! only describes them, so the text cannot promise what the walk does not do.

use serde::Serialize;

use crate::question::{Mapping, PLAIN_SHARED, Question};
use crate::role::Role;

/// One team-wide answer a role takes: the question it lands in, the shared
/// key it comes from, and the narrowing (all empty: taken as given).
#[derive(Serialize)]
pub(super) struct Taken<'a> {
    question: &'a str,
    from: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    only: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    keep: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    map: &'a [Mapping],
    /// By a `shared:` declaration, not as a plain key.
    #[serde(skip)]
    declared: bool,
}

/// What `question` takes from a kit, if anything: a declaration, or a plain
/// shared key (which every role means the same way) as given.
pub(super) fn taken(question: &Question) -> Option<Taken<'_>> {
    let key = question.key.as_str();
    match &question.shared {
        Some(share) => Some(Taken {
            question: key,
            from: share.source(key),
            only: &share.only,
            keep: &share.keep,
            map: &share.map,
            declared: true,
        }),
        None => PLAIN_SHARED.contains(&key).then_some(Taken {
            question: key,
            from: key,
            only: &[],
            keep: &[],
            map: &[],
            declared: false,
        }),
    }
}

/// Every team-wide answer the role takes, in question order (`--json`).
pub(super) fn all(role: &Role) -> Vec<Taken<'_>> {
    role.questions.iter().filter_map(taken).collect()
}

/// One line for a question's description: "from a kit: ...".
pub(super) fn line(taken: &Taken) -> String {
    let from = taken.from;
    let mut text = if !taken.map.is_empty() {
        let lines: Vec<String> = (taken.map.iter())
            .map(|m| format!("{} gives {}", m.when.join(" or "), m.then.join(", ")))
            .collect();
        format!("follows the team's {from}: {}", lines.join("; "))
    } else if !taken.only.is_empty() {
        format!("the team's {from}, only {}", taken.only.join(", "))
    } else {
        format!("the team's {from}, as given")
    };
    if !taken.keep.is_empty() {
        text.push_str(&format!("; always with {}", taken.keep.join(", ")));
    }
    format!("from a kit: {text}")
}

/// The closing summary: which keys come as given, which as declared, and for
/// a role that declares nothing, that a kit's stack answers pass it by.
pub(super) fn summary(role: &Role) -> String {
    let all = all(role);
    let keys = |declared: bool| {
        (all.iter().filter(|t| t.declared == declared))
            .map(|t| t.question)
            .collect::<Vec<_>>()
    };
    let (plain, declared) = (keys(false), keys(true));
    let mut out = String::new();
    if !plain.is_empty() {
        out.push_str(&format!(
            "From a kit it takes {} as given",
            plain.join(", ")
        ));
    }
    if declared.is_empty() {
        if !out.is_empty() {
            out.push_str(". ");
        }
        out.push_str(
            "It declares no stack answer (languages, frameworks, ...), so the kit's stack \
             answers leave its own defaults.",
        );
    } else {
        out.push_str(if plain.is_empty() {
            "From a kit it takes "
        } else {
            ", and "
        });
        out.push_str(&format!("{} as shown above.", declared.join(", ")));
    }
    out
}
