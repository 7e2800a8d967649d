//! A team's review: the screen of a kit (the shared answers, then each
//! member's own) until the person writes or saves and quits, and what an
//! edit does to the team.
//!
//! Editing asks the one question again over the other answers of its part
//! ([`ask_again`]), then walks the whole team again: what the person typed
//! is given back, and what they left to a default is left to it again
//! through [`Revisit`], per agent, so that defaults written over other
//! answers follow the edit and a shared answer reaches the members as it
//! did at first ([`revisit`]).

use super::{Part, TeamChoice, review_team};
use crate::answers::{Given, GivenAnswers, saved};
use crate::catalog::Catalog;
use crate::error::{Error, Origin, Result};
use crate::kit::Kit;
use crate::output::Console;
use crate::pipeline::{Batch, Produced};
use crate::prompt::revisit::Revisit;
use crate::prompt::{Ask, Confirm, Prompter, Reply};
use crate::render::Renderer;
use crate::role::Role;
use crate::value::{Raw, Value};

/// How a team's review ended.
pub enum Reviewed {
    Write(Produced),
    SaveAndQuit(Produced),
}

/// Shows a team's review screen until the person writes, or saves the
/// answers and quits; each edit asks its question, then walks the team
/// again over a fresh `batch`.
pub fn team<'a>(
    kit: &'a Kit,
    shared_role: &'a Role,
    mut produced: Produced,
    batch: &dyn Fn() -> Result<Batch<'a>>,
    prompter: &mut dyn Prompter,
    catalog: &Catalog,
    console: &Console,
) -> Result<Reviewed> {
    let renderer = Renderer::new(catalog.clone());
    let title = format!("Your answers for the {} kit", kit.name);
    loop {
        let parts = team_parts(kit, shared_role, &produced);
        let (part, key) = match review_team(&title, &parts, prompter, console)? {
            TeamChoice::Write => return Ok(Reviewed::Write(produced)),
            TeamChoice::SaveAndQuit => return Ok(Reviewed::SaveAndQuit(produced)),
            TeamChoice::Edit { part, key } => (part, key),
        };
        let mut editing = super::Editing::new(prompter, parts[part].role, &key);
        let Some(asked) = ask_again(&parts[part], &key, &mut editing, &renderer)? else {
            continue;
        };
        let mut next = batch()?;
        let kept = revisit(&mut next, &parts, part, &asked);
        let mut revisiting = Revisit::new(prompter, kept);
        // Not introduced again: only what the edit opened is asked.
        produced = crate::pipeline::produce(&next, &mut revisiting, catalog, console, false)?;
    }
}

/// Asks the answer `key` of `part` again, every other answer of the part
/// given (so its conditions see them); returns what was asked: the edited
/// answer, and any question its new value makes apply. `None` when Esc
/// went back to the review.
pub fn ask_again(
    part: &Part<'_>,
    key: &str,
    prompter: &mut dyn Prompter,
    renderer: &Renderer,
) -> Result<Option<Asked>> {
    let finals = saved::final_answers(part.gathered);
    let mut given = GivenAnswers::default();
    // Marked shared, so that only what is asked counts as answered and a
    // question the edit turns off is dropped without a warning.
    given.layer(
        finals
            .iter()
            .filter(|(k, _)| k != key)
            .map(|(k, raw)| Given {
                shared: true,
                ..Given::new(k.clone(), raw.clone(), Origin::Prompt)
            }),
    );
    let mut once = EditOnce {
        inner: prompter,
        back: false,
    };
    let gathered = match crate::answers::gather(part.role, &given, &mut once, renderer) {
        Err(Error::Interrupted) if once.back => return Ok(None),
        other => other?,
    };
    let asked = |k: &String| given.get(k).is_none() && !gathered.skipped.contains(k);
    // A default the person accepted in the edit stays a default.
    let defaulted = (gathered.defaulted.iter())
        .filter(|k| asked(k))
        .cloned()
        .collect();
    let answers = (gathered.answers.entries().iter())
        .filter(|(k, _)| asked(k) && !gathered.defaulted.contains(k))
        .map(|(k, v)| {
            let raw = v.as_ref().map_or(Raw::Null, Value::to_raw);
            Given::new(k.clone(), raw, Origin::Prompt)
        })
        .collect();
    Ok(Some(Asked {
        answers,
        defaulted,
        skipped: gathered.skipped,
    }))
}

/// What [`ask_again`] asked: the answers typed, the questions left to
/// their defaults, and the part's questions that no longer apply.
pub struct Asked {
    pub answers: Vec<Given>,
    pub defaulted: Vec<String>,
    pub skipped: Vec<String>,
}

/// Prepares a team's walk after an edit: to each part's layers (the
/// shared answers, then each member's, as in `parts`; a solo agent's one
/// part) add what the person typed, and the edit on `edited`; returns,
/// per agent, the keys whose default (or detected value) the person
/// accepted, for [`crate::prompt::revisit::Revisit`].
pub fn revisit(
    batch: &mut Batch<'_>,
    parts: &[Part<'_>],
    edited: usize,
    asked: &Asked,
) -> Vec<(Option<String>, Vec<String>)> {
    let mut kept = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let g = part.gathered;
        let edit = (i == edited).then_some(asked);
        let dropped = |key: &String| {
            edit.is_some_and(|a| {
                a.skipped.contains(key)
                    || a.defaulted.contains(key)
                    || a.answers.iter().any(|x| x.key == *key)
            })
        };
        let typed = (g.answered.iter()).filter(|k| !dropped(k)).map(|k| {
            let raw = g.answers.get(k).map_or(Raw::Null, Value::to_raw);
            Given::new(k.clone(), raw, Origin::Prompt)
        });
        // A solo agent's batch has no shared part: its one part is its
        // request.
        let layers = match (&mut batch.shared, i) {
            (Some(shared), 0) => Some(&mut shared.given),
            (Some(_), n) => batch.requests.get_mut(n - 1).map(|r| &mut r.given),
            (None, n) => batch.requests.get_mut(n).map(|r| &mut r.given),
        };
        if let Some(layers) = layers {
            layers.layer(typed);
            layers.layer(edit.into_iter().flat_map(|a| a.answers.iter().cloned()));
        }
        // Defaults, and detected values the person kept (neither answered
        // nor defaulted), stay unasked; so do the edit's own defaults.
        let detected = (batch.detected.iter())
            .map(|d| &d.key)
            .filter(|k| g.answers.get(k).is_some() && !g.answered.contains(k));
        let defaults = (g.defaulted.iter().chain(detected))
            .filter(|k| !g.skipped.contains(k) && !dropped(k))
            .chain(edit.into_iter().flat_map(|a| &a.defaulted))
            .cloned()
            .collect();
        // The shared part is asked with no agent in scope.
        let scope = (i > 0).then(|| part.label.clone()).flatten();
        kept.push((scope, defaults));
    }
    kept
}

/// The edit's own walk: advanced questions are asked without asking
/// first, and Esc ends the walk (back to the review) rather than going
/// back a question.
struct EditOnce<'p> {
    inner: &'p mut dyn Prompter,
    back: bool,
}

impl EditOnce<'_> {
    /// Esc ends the edit rather than going back a question.
    fn ended(&mut self, reply: Reply) -> Result<Reply> {
        match reply {
            Reply::Back => {
                self.back = true;
                Err(Error::Interrupted)
            }
            other => Ok(other),
        }
    }
}

impl Prompter for EditOnce<'_> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        let reply = self.inner.ask(ask)?;
        self.ended(reply)
    }

    fn ask_noted(&mut self, ask: Ask<'_>, note: &str) -> Result<Reply> {
        let reply = self.inner.ask_noted(ask, note)?;
        self.ended(reply)
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        match confirm {
            Confirm::Customise => Ok(Some(true)),
            other => self.inner.confirm(other),
        }
    }
}

/// A kit's review parts: the shared answers the kit asks, then each
/// member's answers but its name and those a shared answer gave it
/// (edited as the shared answer).
pub fn team_parts<'a>(
    kit: &'a Kit,
    shared_role: &'a Role,
    produced: &'a Produced,
) -> Vec<Part<'a>> {
    let Some(shared) = &produced.shared else {
        return Vec::new();
    };
    let mut parts = vec![Part {
        label: Some("shared".into()),
        role: shared_role,
        answers: (saved::final_answers(shared).into_iter())
            .filter(|(key, _)| shared_role.question(key).is_some())
            .collect(),
        gathered: shared,
        fixed: Vec::new(),
        compact: false,
        given_by_shared: Vec::new(),
    }];
    for ((member, role), agent) in kit.members().zip(&produced.agents) {
        let gathered = &agent.gathered;
        // The shared key that gave this member `key`, if one did.
        let from_shared = |key: &str| {
            if gathered.answered.iter().any(|k| k == key) {
                return None;
            }
            let q = role.question(key)?;
            (shared.answers.entries().iter())
                .find(|(k, v)| {
                    v.as_ref()
                        .is_some_and(|v| q.take_shared(k, &v.to_raw()).is_some())
                })
                .map(|(k, _)| (key.to_owned(), k.clone()))
        };
        let (mut answers, mut given_by_shared) = (Vec::new(), Vec::new());
        for (key, raw) in saved::final_answers(gathered) {
            match from_shared(&key) {
                Some(pair) => given_by_shared.push(pair),
                None if key != "name" => answers.push((key, raw)),
                None => {}
            }
        }
        parts.push(Part {
            label: Some(agent.name.clone()),
            role,
            answers,
            gathered,
            fixed: member.answers().iter().map(|(k, _)| k.clone()).collect(),
            compact: true,
            given_by_shared,
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::super::{CANCEL, EDIT, SAVE, WRITE, screen_of};
    use super::*;
    use crate::prompt::Scripted;

    fn s(v: &str) -> Raw {
        Raw::Str(v.into())
    }

    /// The backend kit, produced with every default, through `script`.
    struct Team {
        kit: Kit,
        shared_role: Role,
        user: crate::answers::UserAnswers,
        catalog: Catalog,
    }

    impl Team {
        fn backend() -> Team {
            let catalog = Catalog::embedded();
            let kit = Kit::load(&catalog, "backend").unwrap();
            let shared_role = kit.as_role();
            Team {
                kit,
                shared_role,
                user: Default::default(),
                catalog,
            }
        }

        fn batch(&self) -> Result<Batch<'_>> {
            let targets = [crate::target::Target::Claude];
            let stdout = crate::config::Destination::Stdout;
            crate::pipeline::kit::batch(&self.kit, &self.shared_role, &self.user, &targets, &stdout)
        }

        /// The first walk, then the review driven by `script`.
        fn review(&self, script: &mut dyn Prompter) -> Result<Reviewed> {
            let console = Console::new();
            let mut once = crate::prompt::CustomiseOnce::new(script);
            let first = self.batch()?;
            let produced =
                crate::pipeline::produce(&first, &mut once, &self.catalog, &console, true)?;
            let batch = || self.batch();
            team(
                &self.kit,
                &self.shared_role,
                produced,
                &batch,
                &mut once,
                &self.catalog,
                &console,
            )
        }
    }

    fn written(reviewed: Reviewed) -> Produced {
        match reviewed {
            Reviewed::Write(produced) => produced,
            Reviewed::SaveAndQuit(_) => panic!("saved and quit"),
        }
    }

    /// The script's steps after the first walk, which takes every default.
    fn after_first_walk<'a>(steps: impl IntoIterator<Item = (&'a str, Raw)>) -> Scripted {
        Scripted::new(steps).accept_defaults()
    }

    fn asked_after(script: &Scripted, first: &str) -> Vec<String> {
        let at = script.asked().iter().position(|k| k == first).unwrap();
        script.asked()[at..].to_vec()
    }

    #[test]
    fn a_team_edit_of_a_shared_answer_reaches_every_member_and_asks_nothing_else() {
        let team = Team::backend();
        let mut script = after_first_walk([
            ("review", s(EDIT)),
            ("whose", s("shared")),
            ("edit", s("model")),
            ("model", s("opus")),
            ("review", s(WRITE)),
        ]);
        let produced = written(team.review(&mut script).unwrap());
        assert!(script.finished(), "{:?}", script.asked());
        assert_eq!(
            asked_after(&script, "review"),
            ["review", "whose", "edit", "model", "review"].map(String::from),
            "the walk after the edit asks nothing"
        );
        assert_eq!(produced.agents.len(), 5);
        for agent in &produced.agents {
            assert_eq!(
                agent.gathered.answers.str("model"),
                Some("opus"),
                "{}",
                agent.name
            );
        }
    }

    #[test]
    fn a_team_edit_of_a_members_answer_asks_what_it_opens_for_that_member_only() {
        let team = Team::backend();
        let mut script = after_first_walk([
            ("review", s(EDIT)),
            ("whose", s("api-designer")),
            ("edit", s("insights")),
            ("insights", Raw::Bool(true)),
            ("insights_file", s("docs/api.md")),
            ("review", s(WRITE)),
        ]);
        let produced = written(team.review(&mut script).unwrap());
        assert!(script.finished(), "{:?}", script.asked());
        let after = asked_after(&script, "review");
        for key in ["insights", "insights_file", "whose", "edit"] {
            let times = after.iter().filter(|k| *k == key).count();
            assert_eq!(times, 1, "{key} in {after:?}");
        }
        assert!(
            !after.iter().any(|k| k == "tools" || k == "description"),
            "{after:?}"
        );
        for agent in &produced.agents {
            let insights = agent.gathered.answers.get("insights");
            let api = agent.name == "api-designer";
            assert_eq!(insights, Some(&Value::Bool(api)), "{}", agent.name);
        }
        let api = &produced.agents[1].gathered;
        assert_eq!(api.answers.str("insights_file"), Some("docs/api.md"));
        // The edited answers count as answered; the rest stay defaults.
        assert!(api.answered.iter().any(|k| k == "insights"));
        assert!(
            api.defaulted.iter().any(|k| k == "tools"),
            "{:?}",
            api.defaulted
        );
    }

    #[test]
    fn esc_while_choosing_a_team_answer_comes_back_to_the_screen() {
        let team = Team::backend();
        let mut script = after_first_walk([
            ("review", s(EDIT)),
            ("back:whose", Raw::Null),
            ("review", s(EDIT)),
            ("whose", s("shared")),
            ("back:edit", Raw::Null),
            ("review", s(EDIT)),
            ("whose", s("shared")),
            ("edit", s("project")),
            // Esc at the edited question itself: back to the screen too.
            ("back:project", Raw::Null),
            ("review", s(WRITE)),
        ]);
        written(team.review(&mut script).unwrap());
        assert!(script.finished(), "{:?}", script.asked());
    }

    #[test]
    fn a_team_review_can_save_and_quit_or_cancel() {
        let team = Team::backend();
        let mut script = after_first_walk([("review", s(SAVE))]);
        let reviewed = team.review(&mut script).unwrap();
        assert!(matches!(reviewed, Reviewed::SaveAndQuit(_)));
        let mut script = after_first_walk([("review", s(CANCEL))]);
        assert!(matches!(team.review(&mut script), Err(Error::Interrupted)));
    }

    #[test]
    fn the_team_screen_lists_shared_answers_then_each_members_own() {
        let team = Team::backend();
        let mut script = after_first_walk([("project", s("Acme"))]);
        let console = Console::new();
        let mut once = crate::prompt::CustomiseOnce::new(&mut script);
        let batch = team.batch().unwrap();
        let produced =
            crate::pipeline::produce(&batch, &mut once, &team.catalog, &console, true).unwrap();
        let parts = team_parts(&team.kit, &team.shared_role, &produced);
        let text = screen_of("Your answers for the backend kit", &parts);
        assert!(text.contains("\n shared:\n   * project "), "{text}");
        assert!(text.contains("\n backend-architect:\n"), "{text}");
        // A member's defaults are named on one line, not listed one by one.
        assert!(
            text.contains("\n     at their defaults: description, "),
            "{text}"
        );
        assert!(
            text.contains(" advanced (agentgen show backend-architect)"),
            "{text}"
        );
        assert!(
            !text.contains("\n     * tools") && !text.contains("\n       tools"),
            "{text}"
        );
        // The project reached every member through the shared answers: it
        // is edited there, not listed again under each member.
        assert_eq!(text.matches(" project ").count(), 1, "{text}");
        let names = text
            .lines()
            .filter(|l| l.trim_start_matches([' ', '*']).starts_with("name "));
        assert_eq!(names.count(), 0, "a member's name is the kit's: {text}");
    }
    #[test]
    fn a_members_answer_given_by_a_shared_one_is_edited_there() {
        let team = Team::backend();
        let mut script = after_first_walk([
            ("project", s("Acme")),
            ("review", s(EDIT)),
            ("whose", s("backend-architect")),
            // Refused, saying where it is edited; then the model instead.
            ("edit", s("project")),
            ("edit", s("model")),
            ("model", s("opus")),
            ("review", s(WRITE)),
        ]);
        let produced = written(team.review(&mut script).unwrap());
        assert!(script.finished(), "{:?}", script.asked());
        let why = &script.rejections()[0].1;
        assert!(why.contains("the shared answer 'project'"), "{why}");
        let first = &produced.agents[0].gathered;
        assert_eq!(first.answers.str("model"), Some("opus"));
        // The other members keep their roles' own models, as defaults.
        for agent in &produced.agents[1..] {
            let defaulted = &agent.gathered.defaulted;
            assert!(defaulted.iter().any(|k| k == "model"), "{}", agent.name);
        }
        let projects = (produced.agents.iter()).map(|a| a.gathered.answers.str("project"));
        assert!(projects.into_iter().all(|p| p == Some("Acme")));
    }
}
