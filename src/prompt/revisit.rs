//! A prompter for walking an agent's or a team's questions again after
//! one answer was edited on the review screen (of `new` or `kit`), without
//! asking again what the person already settled.
//!
//! Answers the person typed are given back to the walk as answers, so
//! they are never asked. A default the person accepted cannot be given
//! back as a value: it may depend on an edited answer (a default written
//! over another answer), and a value given for a member would outrank a
//! shared answer the edit now supplies. So those keys are answered here
//! with "not asked" instead, which takes whatever the walk's layers or
//! the question's default give, exactly as the first walk did; a detected
//! value the person kept is one of them too. The keys
//! are kept per agent ([`Prompter::scope`]): the same key can be a
//! default for one member and newly open for another, whose edit made
//! the question apply; that one is asked.

use super::{Ask, Confirm, Prompter, Reply};
use crate::error::Result;

pub struct Revisit<'p> {
    inner: &'p mut dyn Prompter,
    /// Per agent (`None`: the shared questions), the keys whose default
    /// the person accepted.
    kept: Vec<(Option<String>, Vec<String>)>,
    current: Option<String>,
}

impl<'p> Revisit<'p> {
    pub fn new(
        inner: &'p mut dyn Prompter,
        kept: Vec<(Option<String>, Vec<String>)>,
    ) -> Revisit<'p> {
        Revisit {
            inner,
            kept,
            current: None,
        }
    }

    fn keeps(&self, key: &str) -> bool {
        (self.kept.iter())
            .find(|(agent, _)| *agent == self.current)
            .is_some_and(|(_, keys)| keys.iter().any(|k| k == key))
    }

    /// Whether this question keeps its earlier default unasked. A record's
    /// field, or a question that can no longer fall back on a default,
    /// goes to the person.
    fn kept(&self, ask: &Ask<'_>) -> bool {
        let q = ask.question;
        ask.context.is_none() && self.keeps(&q.key) && (ask.default.is_some() || !q.required)
    }
}

impl Prompter for Revisit<'_> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        match self.kept(&ask) {
            true => Ok(Reply::NotAsked),
            false => self.inner.ask(ask),
        }
    }

    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        match self.kept(&ask) {
            true => Ok(Reply::NotAsked),
            false => self.inner.ask_noted(ask, note),
        }
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        match confirm {
            // Default items kept before are kept again.
            Confirm::KeepDefaults { question, .. } if self.keeps(&question.key) => Ok(Some(true)),
            other => self.inner.confirm(other),
        }
    }

    fn scope(&mut self, agent: Option<&str>) {
        self.current = agent.map(str::to_owned);
        self.inner.scope(agent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{GivenAnswers, gather};
    use crate::catalog::Catalog;
    use crate::prompt::Scripted;
    use crate::render::Renderer;
    use crate::value::Raw;

    const ROLE: &str = "
  - {key: name, prompt: Name, type: string, default: t}
  - {key: memory, prompt: Memory, type: bool, default: false}
  - {key: memory_file, prompt: File, type: string, when: memory, default: notes.md}
  - {key: title, prompt: Title, type: string, default: 'the {{ name }} lead'}
";

    #[test]
    fn kept_keys_are_not_asked_for_their_agent_only() {
        let role = crate::role::test_role(ROLE);
        let renderer = Renderer::new(Catalog::embedded());
        let kept = vec![
            (None, vec!["memory".to_owned()]),
            (
                Some("a".to_owned()),
                vec!["memory_file".to_owned(), "title".to_owned()],
            ),
        ];
        let mut script =
            Scripted::new([("memory_file", Raw::Str("b.md".into()))]).accept_defaults();
        let mut revisit = Revisit::new(&mut script, kept);
        let mut given = GivenAnswers::default();
        given.layer([crate::answers::Given::new(
            "memory",
            Raw::Bool(true),
            crate::error::Origin::Prompt,
        )]);
        given.layer([crate::answers::Given::new(
            "name",
            Raw::Str("x".into()),
            crate::error::Origin::Prompt,
        )]);
        // Agent a kept memory_file and title: nothing is asked, and the
        // title's default follows the new name.
        revisit.scope(Some("a"));
        let out = gather(&role, &given, &mut revisit, &renderer).unwrap();
        assert_eq!(out.answers.str("memory_file"), Some("notes.md"));
        assert_eq!(out.answers.str("title"), Some("the x lead"));
        // Agent b kept nothing of the kind: its memory_file is asked.
        revisit.scope(Some("b"));
        let out = gather(&role, &given, &mut revisit, &renderer).unwrap();
        assert_eq!(out.answers.str("memory_file"), Some("b.md"));
        assert!(script.finished());
        assert_eq!(script.asked(), ["memory_file", "title"].map(String::from));
    }
}
