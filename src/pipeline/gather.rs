//! The answers of each agent in a batch, from its layers.
//!
//! An agent's answers are layered, later winning: the team's shared
//! answers that nobody gave (their defaults); the answers the command fixes
//! for the agent (a kit's answers for its member); the shared answers the
//! user gave; and the user's answers for this agent. A shared answer
//! (or a detected one) reaches an agent only where its role's question
//! means the same thing: a plain shared key such as `project`, or a
//! question whose `shared:` declaration takes it, narrowed. Detected
//! answers lie under all of these and are defaults, not answers: the walk
//! offers them to a person with a note naming their files, and takes them
//! when nobody is asked. The question walk itself is
//! [`crate::answers::gather`].

use crate::answers::{self, Gathered, Given, GivenAnswers};
use crate::error::{Error, Origin, Result};
use crate::prompt::settled::Settled;
use crate::prompt::{Ask, Confirm, Prompter, Reply};
use crate::question::{Question, Spelling};
use crate::render::Renderer;
use crate::role::Role;
use crate::value::Raw;

use super::{Request, Shared};

/// Gathers the team's shared answers. A person is offered the project's
/// detected stack as the default of a shared stack question (see
/// `Offering`); nobody else sees a difference.
pub fn shared(
    shared: &Shared,
    detected: &[Given],
    prompter: &mut dyn Prompter,
    renderer: &Renderer,
) -> Result<Gathered> {
    let mut offered = GivenAnswers::default();
    offered.layer(team_fitting(&shared.role, detected));
    let mut prompter = Offering {
        inner: prompter,
        detected: offered,
    };
    answers::gather(&shared.role, &shared.given, &mut prompter, renderer)
}

/// The detected answers a kit's shared questions can show: the kit's own
/// questions are the team's, so a detected key meets the question of the
/// same key, unnarrowed, where the question accepts it.
pub fn team_fitting<'a>(team: &'a Role, detected: &'a [Given]) -> impl Iterator<Item = Given> + 'a {
    detected
        .iter()
        .filter(|g| {
            let question = team.question(&g.key);
            question.is_some_and(|q| q.check(&g.raw, Spelling::Parsed).is_ok())
        })
        .cloned()
}

/// Shows a kit's shared stack question (languages, cloud...) with the
/// detected value as its default and a note naming the files. Keeping it
/// answers nothing for the team: each member then takes what its own
/// role uses of the detected stack, exactly as in a run nobody is asked
/// in, and is not asked again. Typing something else is a shared answer
/// like any other. Only questions without a default of their own are
/// offered one, so keeping it never means the kit's default instead.
struct Offering<'p> {
    inner: &'p mut dyn Prompter,
    detected: GivenAnswers,
}

impl Prompter for Offering<'_> {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        let q = ask.question;
        let offered = (ask.context.is_none() && ask.default.is_none() && !q.required)
            .then(|| self.detected.get(&q.key))
            .flatten();
        let Some(given) = offered else {
            return self.inner.ask(ask);
        };
        let Ok(Some(value)) = (ask.validate)(&given.raw, Spelling::Parsed) else {
            return self.inner.ask(ask);
        };
        let note = crate::detect::note(&given.origin);
        let ask = Ask {
            default: Some(&value),
            ..ask
        };
        Ok(match self.inner.ask_noted(ask, &note)? {
            Reply::Value(v) if v == value => Reply::NotAsked,
            other => other,
        })
    }

    fn confirm(&mut self, confirm: Confirm<'_>) -> Result<Option<bool>> {
        self.inner.confirm(confirm)
    }

    fn detached(&self) -> Option<Box<dyn Prompter + Send>> {
        // Asking nobody, it has nothing to offer.
        self.inner.detached()
    }
}

/// Gathers one agent's answers over its layers; an error names the agent
/// when the request is labelled.
pub fn agent(
    request: &Request,
    shared: Option<(&Shared, &Gathered)>,
    detected: &[Given],
    prompter: &mut dyn Prompter,
    renderer: &Renderer,
) -> Result<Gathered> {
    let mut given = GivenAnswers::default();
    given.layer(fitting(request.role, detected));
    given.layer(layers(request, shared).iter().cloned());
    let mut prompter = Settled::new(prompter, left_empty(shared));
    answers::gather(request.role, &given, &mut prompter, renderer).map_err(|e| label(request, e))
}

/// The shared questions answered with nothing: a member does not ask them
/// again but keeps its role's default.
fn left_empty(shared: Option<(&Shared, &Gathered)>) -> Vec<String> {
    let Some((_, gathered)) = shared else {
        return Vec::new();
    };
    (gathered.answers.entries().iter())
        .filter(|(_, value)| value.is_none())
        .map(|(key, _)| key.clone())
        .collect()
}

/// The error about one agent of a team names the agent and its role.
pub fn label(request: &Request, error: Error) -> Error {
    match (&request.label, error) {
        // Already about the whole run, or already names the agent.
        (_, e @ (Error::Interrupted | Error::InvalidAgent { .. })) | (None, e) => e,
        (Some(agent), e) => Error::Member {
            agent: agent.clone(),
            role: request.role.name.clone(),
            source: Box::new(e),
        },
    }
}

/// The answers one agent is gathered from, lowest priority first.
fn layers(request: &Request, shared: Option<(&Shared, &Gathered)>) -> GivenAnswers {
    let role = request.role;
    let mut given = GivenAnswers::default();
    if let Some((spec, gathered)) = shared {
        given.layer(from_shared(role, gathered, &spec.origin, true));
        given.layer(request.fixed.iter().cloned());
        // A value derived from another shared key (test tools from the
        // languages) does not override what the kit fixed for this very
        // question; a shared answer to the key itself does.
        let fixed = |key: &str| request.fixed.iter().any(|g| g.key == key);
        given.layer(
            from_shared(role, gathered, &spec.origin, false)
                .filter(|g| !(fixed(&g.key) && gathered.answers.get(&g.key).is_none())),
        );
    } else {
        given.layer(request.fixed.iter().cloned());
    }
    let own: Vec<&Given> = request.fixed.iter().chain(request.given.iter()).collect();
    given.layer(derived(role, &own));
    given.layer(request.given.iter().cloned());
    given
}

/// What the agent's own answers imply for its other questions: a question
/// whose `shared:` takes another key (test tools `from: languages`)
/// follows this agent's answer to that key too, below anything the user
/// gave for the question itself, so `new test-engineer --set
/// languages=[Go]` names no pytest.
fn derived(role: &Role, own: &[&Given]) -> Vec<Given> {
    let mut out = Vec::new();
    for q in &role.questions {
        let Some(source) = q.shared.as_ref().and_then(|s| s.from.as_deref()) else {
            continue;
        };
        // The last answer to the source key is the one that counts.
        let Some(answer) = own.iter().rev().find(|g| g.key == source && g.key != q.key) else {
            continue;
        };
        if let Some(raw) = q.take_shared(source, &answer.raw) {
            out.push(Given {
                shared: true,
                ..Given::new(q.key.clone(), raw, answer.origin.clone())
            });
        }
    }
    out
}

/// The detected answers this role can take, each narrowed to what the
/// question means by its `shared:` declaration
/// ([`crate::question::Question::take_shared`]) and kept only where the
/// question accepts it (a role whose `iac` is one choice does not take a
/// detected list of tools). They are defaults, so they are quietly left
/// out where they do not fit, and reported nowhere. `new` offers them as
/// defaults under every other answer, and `show` and `answers` describe
/// them, so all three read the project the same way.
pub fn fitting<'a>(role: &'a Role, detected: &'a [Given]) -> impl Iterator<Item = Given> + 'a {
    role.questions.iter().flat_map(move |q| {
        detected.iter().filter_map(move |g| {
            let raw = q.take_shared(&g.key, &g.raw)?;
            q.check(&raw, Spelling::Parsed).ok()?;
            let origin = narrowed(q, g);
            Some(Given {
                shared: true,
                ..Given::new(q.key.clone(), raw, origin)
            })
        })
    })
}

/// The origin of a detected answer as `question` takes it: the files of
/// the items that make a difference to what it takes, so
/// frontend-developer's TypeScript names package.json and not the go.mod
/// of the Go it leaves out, and its test tools (made from the languages)
/// name package.json too. Items a declaration adds whatever it is given
/// (HTML and CSS) come from no file. When no single item makes a
/// difference, every file is named.
fn narrowed(question: &Question, given: &Given) -> Origin {
    let (Origin::Detected { files }, Raw::Seq(items)) = (&given.origin, &given.raw) else {
        return given.origin.clone();
    };
    let take = |items: Vec<Raw>| question.take_shared(&given.key, &Raw::Seq(items));
    let nothing = take(Vec::new());
    let kept: Vec<String> = (items.iter().zip(files))
        .filter(|(item, _)| take(vec![(*item).clone()]) != nothing)
        .map(|(_, file)| file.clone())
        .collect();
    Origin::Detected {
        files: match kept.is_empty() {
            true => files.clone(),
            false => kept,
        },
    }
}

/// The shared answers this role takes, either those nobody gave
/// (`defaulted`) or those somebody did, each narrowed to what the role's
/// question means ([`crate::question::Question::take_shared`]): a shared
/// answer reaches only a plain shared key or a question declaring it.
fn from_shared<'a>(
    role: &'a Role,
    shared: &'a Gathered,
    origin: &'a Origin,
    defaulted: bool,
) -> impl Iterator<Item = Given> + 'a {
    role.questions.iter().flat_map(move |q| {
        shared
            .answers
            .entries()
            .iter()
            .filter(move |(key, _)| shared.defaulted.contains(key) == defaulted)
            .filter_map(move |(key, value)| {
                let raw = q.take_shared(key, &value.as_ref()?.to_raw())?;
                Some(Given {
                    shared: true,
                    ..Given::new(q.key.clone(), raw, origin.clone())
                })
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn detected(key: &str, items: &[(&str, &str)]) -> Given {
        let raw = Raw::Seq(items.iter().map(|(i, _)| Raw::Str(i.to_string())).collect());
        let files = items.iter().map(|(_, f)| f.to_string()).collect();
        Given::new(key, raw, Origin::Detected { files })
    }

    fn files_of(role: &str, given: &[Given], key: &str) -> Vec<String> {
        let role = Role::load(&Catalog::embedded(), role).unwrap();
        let fitted: Vec<Given> = fitting(&role, given).filter(|g| g.key == key).collect();
        match &fitted.last().expect("the role takes it").origin {
            Origin::Detected { files } => crate::error::distinct(files)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_kit_offers_the_detected_stack_and_keeping_it_answers_nothing() {
        use crate::prompt::{NoPrompt, Scripted};
        use crate::value::Value;
        let catalog = Catalog::embedded();
        let kit = crate::kit::Kit::load(&catalog, "startup").unwrap();
        let spec = Shared {
            role: kit.as_role(),
            given: GivenAnswers::default(),
            origin: Origin::Kit { kit: kit.name },
        };
        let renderer = Renderer::new(catalog);
        let given = [detected("languages", &[("Rust", "Cargo.toml")])];
        let mut kept = Scripted::new([]).accept_defaults();
        let out = shared(&spec, &given, &mut kept, &renderer).unwrap();
        let rust = Value::List(vec!["Rust".into()]);
        assert_eq!(
            kept.notes(),
            [(
                "languages".to_owned(),
                "detected: Cargo.toml".to_owned(),
                Some(rust.clone())
            )]
        );
        // Kept: no shared answer, so each member takes its own share of
        // the detected stack, as when nobody is asked.
        let quiet = shared(&spec, &given, &mut NoPrompt, &renderer).unwrap();
        assert_eq!(out.answers.get("languages"), None);
        assert_eq!(out.answers, quiet.answers);
        assert!(!out.answered.contains(&"languages".to_owned()));
        let mut changed =
            Scripted::new([("languages", Raw::Seq(vec![Raw::Str("Go".into())]))]).accept_defaults();
        let out = shared(&spec, &given, &mut changed, &renderer).unwrap();
        assert_eq!(
            out.answers.get("languages"),
            Some(&Value::List(vec!["Go".into()]))
        );
    }

    #[test]
    fn a_narrowed_detected_value_names_only_the_files_of_what_it_kept() {
        let languages = detected(
            "languages",
            &[
                ("TypeScript", "apps/web/package.json"),
                ("Go", "services/api/go.mod"),
            ],
        );
        let given = [languages];
        // frontend-developer keeps TypeScript (adding HTML and CSS).
        assert_eq!(
            files_of("frontend-developer", &given, "languages"),
            ["apps/web/package.json"]
        );
        assert_eq!(
            files_of("backend-architect", &given, "languages"),
            ["apps/web/package.json", "services/api/go.mod"]
        );
        // Test tools made from the languages name the files of the
        // languages they follow.
        assert_eq!(
            files_of("test-engineer", &given, "test_frameworks"),
            ["apps/web/package.json", "services/api/go.mod"]
        );
        assert_eq!(
            files_of("frontend-developer", &given, "test_frameworks"),
            ["apps/web/package.json"]
        );
    }
}
