//! A prompter that does not ask again what a team already settled.
//!
//! In a kit, the shared questions are asked once, before any member's. A
//! shared answer left empty reaches no member (each role keeps its own
//! default), but the member's question is then still open, and without
//! this wrapper every member whose role asks it would ask it again (Cloud
//! platforms three times in the platform kit). The member takes its own
//! default instead, as if nobody had been asked.

use super::{Ask, Confirm, Prompter, Reply};
use crate::error::Result;

pub struct Settled<'p> {
    inner: &'p mut dyn Prompter,
    /// Keys the person already answered, for the whole team, with nothing.
    keys: Vec<String>,
}

impl<'p> Settled<'p> {
    pub fn new(inner: &'p mut dyn Prompter, keys: Vec<String>) -> Settled<'p> {
        Settled { inner, keys }
    }
}

impl Settled<'_> {
    /// Whether the team already settled this question.
    fn settled(&self, ask: &Ask<'_>) -> bool {
        let q = ask.question;
        // A required question with no default cannot fall back on one, so
        // it is still asked rather than reported missing.
        ask.context.is_none()
            && self.keys.contains(&q.key)
            && (ask.default.is_some() || !q.required)
    }
}

impl Prompter for Settled<'_> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        if self.settled(&ask) {
            return Ok(Reply::NotAsked);
        }
        self.inner.ask(ask)
    }

    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        if self.settled(&ask) {
            return Ok(Reply::NotAsked);
        }
        self.inner.ask_noted(ask, note)
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        self.inner.confirm(confirm)
    }

    fn detached(&self) -> Option<Box<dyn Prompter + Send>> {
        // Asking nobody, the inner prompter asks nothing to skip.
        self.inner.detached()
    }

    fn scope(&mut self, agent: Option<&str>) {
        self.inner.scope(agent)
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

    const MEMBER: &str = "
  - {key: name, prompt: Name, type: string, default: t}
  - {key: cloud, prompt: Cloud platforms, type: list, default: [AWS]}
  - {key: regions, prompt: Regions, type: list, required: false}
  - {key: owner, prompt: Owner, type: string}
  - {key: topic, prompt: Topic, type: string}
";

    #[test]
    fn a_settled_key_takes_the_members_default_unasked() {
        let role = crate::role::test_role(MEMBER);
        let renderer = Renderer::new(Catalog::embedded());
        // `owner` is settled but required with no default: still asked.
        let mut script = Scripted::new([
            ("owner", Raw::Str("me".into())),
            ("topic", Raw::Str("t".into())),
        ])
        .accept_defaults();
        let settled = ["cloud", "regions", "owner"].map(String::from).to_vec();
        let mut prompter = Settled::new(&mut script, settled);
        let out = gather(&role, &GivenAnswers::default(), &mut prompter, &renderer).unwrap();
        assert!(
            !script
                .asked()
                .iter()
                .any(|k| k == "cloud" || k == "regions")
        );
        assert!(
            script.asked().iter().any(|k| k == "owner"),
            "{:?}",
            script.asked()
        );
        assert_eq!(
            out.answers.get("cloud").and_then(|v| v.as_list()),
            Some(&["AWS".to_owned()][..])
        );
        assert_eq!(out.answers.get("regions"), None);
    }
}
