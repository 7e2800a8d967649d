//! The question walk: checking every given answer against its question,
//! then asking or defaulting what is still open.
//!
//! Every provided value is checked before anything is asked or rendered,
//! and all problems are reported together, each with the file and line (or
//! flag) it came from. Then the questions are walked in order: a `when`
//! expression that is false skips its question, a default may refer to
//! earlier answers, and a required question nobody answered is collected so
//! that one error lists them all.

pub use super::check::problems;
use super::check::{Checked, check_given, check_one};
use super::{Answers, Given, GivenAnswers};
use crate::error::{Error, Origin, Result};
use crate::prompt::{Ask, Prompter, Reply, Session};
use crate::question::{Question, Spelling};
use crate::render::{Renderer, Scope};
use crate::role::Role;
use crate::value::{Raw, Value};

/// The outcome of gathering: the answers and things worth telling the user
/// that are not errors.
#[derive(Debug)]
pub struct Gathered {
    pub answers: Answers,
    /// The answers as templates see them, converted once while gathering.
    pub context: minijinja::Value,
    /// Keys of questions whose `when` was false.
    pub skipped: Vec<String>,
    /// Keys whose value is the question's default: nobody answered them.
    pub defaulted: Vec<String>,
    /// Keys the user answered for this agent (in a file, a flag, the
    /// manifest or at a prompt), as opposed to defaults and a kit's
    /// answers: what the project manifest records.
    pub answered: Vec<String>,
    pub warnings: Vec<String>,
}

/// Checks every given answer, then walks the role's questions in order,
/// asking the prompter about what is still open. When the person goes back
/// (Esc), the walk starts again with the answers typed so far, less the
/// last one, so that one is asked again (and conditions are evaluated
/// again on the way).
pub fn gather(
    role: &Role,
    given: &GivenAnswers,
    prompter: &mut dyn Prompter,
    renderer: &Renderer,
) -> Result<Gathered> {
    let mut session = Session::new(prompter);
    let mut current = given.clone();
    let mut kept = Vec::new();
    // Everything answered so far, over every walk, in order.
    let mut history: Vec<Typed> = Vec::new();
    loop {
        match walk(role, &current, &kept, &mut session, renderer)? {
            Walked::Done(gathered) => return Ok(gathered),
            Walked::Back(typed) => {
                history.extend(typed);
                history.pop();
                current = given.clone();
                kept.clear();
                for (key, answer) in history.iter().cloned() {
                    match answer {
                        Some(value) => {
                            let raw = value.as_ref().map_or(Raw::Null, Value::to_raw);
                            current.layer([Given::new(key, raw, Origin::Prompt)]);
                        }
                        None => kept.push(key),
                    }
                }
            }
        }
    }
}

/// One question the person answered: its key, and the value typed
/// (`Some(None)` for left empty) or `None` for the default kept.
type Typed = (String, Option<Option<Value>>);

/// How one walk over the questions ended.
enum Walked {
    Done(Gathered),
    /// The person went back; what they answered in this walk, in order.
    Back(Vec<Typed>),
}

/// One walk over the questions; `kept` are the keys whose default the
/// person already accepted before going back, settled without asking.
fn walk(
    role: &Role,
    given: &GivenAnswers,
    kept: &[String],
    session: &mut Session,
    renderer: &Renderer,
) -> Result<Walked> {
    let checked = check_given(role, given)?;
    let mut walk = Walk::default();
    // The answers so far, as templates see them; it grows with `answers`.
    let context = walk.scope.value();
    for question in &role.questions {
        let ctx = &context;
        let applies = match &question.when {
            None => true,
            Some(expr) => match renderer.condition(&when_origin(role, question), expr, ctx) {
                Ok(applies) => applies,
                // An earlier required answer is missing, so this condition
                // cannot be decided; report the missing answers instead.
                Err(_) if !walk.missing.is_empty() => break,
                Err(e) => return Err(e),
            },
        };
        let default = default_value(role, question, renderer, ctx)?;
        let provided = checked.iter().find(|c| c.given.key == question.key);
        if !applies {
            walk.skip(question, provided, default);
            continue;
        }
        // A detected value is a default, not an answer: it is offered to
        // a person, and taken when nobody is asked.
        let (detected, provided) = match provided {
            Some(c) if matches!(c.given.origin, Origin::Detected { .. }) => (Some(c), None),
            other => (None, other),
        };
        if let Some(Checked { value, given }) = provided {
            walk.take(question, value.clone(), &default);
            if !given.shared && !matches!(given.origin, Origin::Kit { .. }) {
                walk.answered.push(question.key.clone());
            }
            continue;
        }
        let reply = match kept.contains(&question.key) {
            true => Reply::NotAsked,
            false => ask(session, question, &default, detected)?,
        };
        let typed = match &reply {
            Reply::Back => return Ok(Walked::Back(walk.typed)),
            Reply::Value(value) => Some(Some(value.clone())),
            Reply::Empty => Some(None),
            Reply::NotAsked => None,
        };
        if !kept.contains(&question.key) && session.asked_last() {
            walk.typed.push((question.key.clone(), typed));
        }
        match (detected, reply) {
            (Some(d), Reply::NotAsked) => walk.take(question, d.value.clone(), &default),
            (_, reply) => walk.settle(question, reply, default),
        }
    }
    if !walk.missing.is_empty() {
        return Err(Error::MissingAnswers {
            role: role.name.clone(),
            keys: walk.missing,
            flags: String::new(),
        });
    }
    walk.add_render_keys();
    Ok(Walked::Done(Gathered {
        answers: walk.answers,
        context,
        skipped: walk.skipped,
        defaulted: walk.defaulted,
        answered: walk.answered,
        warnings: walk.warnings,
    }))
}

/// Asks one open question, offering the detected value (if any) as its
/// default with a note naming the files it came from. Taking the detected
/// value as it was offered, even by choosing it again from a list, keeps
/// it a detected default ([`Reply::NotAsked`]) rather than the person's
/// answer, so the manifest does not pin it and `sync` follows the project.
fn ask(
    session: &mut Session,
    question: &Question,
    default: &Option<Value>,
    detected: Option<&Checked>,
) -> Result<Reply> {
    let validate = |raw: &Raw, spelling: Spelling| check_one(question, raw, spelling);
    let offered = match detected {
        Some(d) => d.value.as_ref(),
        None => default.as_ref(),
    };
    let ask = Ask {
        question,
        default: offered,
        validate: &validate,
        context: None,
    };
    let Some(detected) = detected else {
        return session.ask(ask);
    };
    let note = crate::detect::note(&detected.given.origin);
    Ok(match session.ask_noted(ask, Some(&note))? {
        Reply::Value(value) if Some(&value) == offered => Reply::NotAsked,
        other => other,
    })
}

/// The state of a question walk.
#[derive(Default)]
struct Walk {
    answers: Answers,
    scope: Scope,
    warnings: Vec<String>,
    skipped: Vec<String>,
    defaulted: Vec<String>,
    answered: Vec<String>,
    missing: Vec<String>,
    /// Keys templates may phrase as assumptions: `defaulted`, plus answers
    /// equal to the default, since `agentgen answers` and `--save-answers`
    /// write every default and replaying them must give the same agent.
    as_default: Vec<String>,
    /// What the person answered in this walk, in order, for going back.
    typed: Vec<Typed>,
}

/// Keys the body templates see besides the answers (role.rs refuses
/// questions with these keys): `defaulted`, the keys whose value is the
/// role's own default, so a template can phrase a stack nobody gave as an
/// assumption; and `team`, the other members of a kit ({name, role,
/// handoff}), empty here and filled for kit members by the pipeline.
pub const RENDER_KEYS: &[&str] = &["defaulted", "team"];

impl Walk {
    fn add_render_keys(&mut self) {
        let mut keys = std::mem::take(&mut self.as_default);
        keys.extend(self.defaulted.iter().cloned());
        self.scope.insert("defaulted", &keys);
        self.scope.insert("team", &Vec::<()>::new());
    }

    /// Takes a value given rather than asked (or a detected default the
    /// person kept): an answer equal to the role's default may still be
    /// phrased as an assumption.
    fn take(&mut self, question: &Question, value: Option<Value>, default: &Option<Value>) {
        if value.is_some() && value == *default {
            self.as_default.push(question.key.clone());
        }
        self.record(&question.key, value);
    }

    /// Adds an answer, and shows it to the templates of later questions.
    fn record(&mut self, key: &str, value: Option<Value>) {
        self.scope.insert(key, &value);
        self.answers.push(key, value);
    }

    /// A question whose `when` is false keeps its default; an answer given
    /// for it is ignored with a warning (unless it was a kit's shared one).
    fn skip(&mut self, question: &Question, provided: Option<&Checked>, default: Option<Value>) {
        if let Some(Checked { given, .. }) = provided.filter(|c| !c.given.shared) {
            let origin = &given.origin;
            self.warnings.push(format!(
                "{origin}: {} is ignored: that question applies only when `{}`",
                question.key,
                question.when.as_deref().unwrap_or_default()
            ));
        }
        if let Some(default) = default {
            self.record(&question.key, Some(default));
        }
        self.skipped.push(question.key.clone());
        self.defaulted.push(question.key.clone());
    }

    /// What the prompter said, or the default when nobody was asked.
    fn settle(&mut self, question: &Question, reply: Reply, default: Option<Value>) {
        let key = &question.key;
        match (reply, default) {
            (Reply::Value(value), _) => {
                self.record(key, Some(value));
                self.answered.push(key.clone());
            }
            (Reply::Empty, _) => {
                self.record(key, None);
                self.answered.push(key.clone());
            }
            // `walk` handles going back before settling.
            (Reply::Back, _) => {}
            (Reply::NotAsked, Some(default)) => {
                self.record(key, Some(default));
                self.defaulted.push(key.clone());
            }
            (Reply::NotAsked, None) if !question.required => {
                self.record(key, None);
                self.defaulted.push(key.clone());
            }
            (Reply::NotAsked, None) => self.missing.push(key.clone()),
        }
    }
}

fn when_origin(role: &Role, q: &Question) -> String {
    format!("roles/{}/role.yaml, question '{}', when", role.name, q.key)
}

/// A question's default, with template strings rendered over the answers so
/// far and the result checked like any answer. A default that fails its
/// own question is a bug in the role, reported as such.
fn default_value(
    role: &Role,
    question: &Question,
    renderer: &Renderer,
    ctx: &minijinja::Value,
) -> Result<Option<Value>> {
    let Some(raw) = &question.default else {
        return Ok(None);
    };
    let checked = if raw.has_template() {
        let origin = format!(
            "roles/{}/role.yaml, default of '{}'",
            role.name, question.key
        );
        let rendered = render_strings(raw, &origin, renderer, ctx)?;
        check_one(question, &rendered, Spelling::Parsed)
    } else {
        question
            .checked_default
            .get_or_init(|| check_one(question, raw, Spelling::Parsed))
            .clone()
    };
    checked.map_err(|message| Error::Definition {
        kind: role.kind,
        file: role.location.clone(),
        line: None,
        message: format!(
            "the default of '{}' is not a valid answer: {message}",
            question.key
        ),
    })
}

fn render_strings(
    raw: &Raw,
    origin: &str,
    renderer: &Renderer,
    ctx: &minijinja::Value,
) -> Result<Raw> {
    Ok(match raw {
        Raw::Str(s) => Raw::Str(renderer.render_str(origin, s, ctx)?),
        Raw::Seq(items) => Raw::Seq(
            items
                .iter()
                .map(|i| render_strings(i, origin, renderer, ctx))
                .collect::<Result<_>>()?,
        ),
        Raw::Map(entries) => Raw::Map(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), render_strings(v, origin, renderer, ctx)?)))
                .collect::<Result<_>>()?,
        ),
        other => other.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::error::Origin;
    use crate::prompt::{NoPrompt, Scripted};

    fn role(questions: &str) -> Role {
        crate::role::test_role(questions)
    }

    const BASIC: &str = "
  - {key: name, prompt: Name, type: string, default: t}
  - {key: description, prompt: D, type: text, default: 'The {{ name }} agent'}
  - {key: insights, prompt: M, type: bool, default: false}
  - {key: insights_file, prompt: F, type: string, when: insights, default: notes.md}
  - {key: topic, prompt: T, type: string}
  - {key: extra, prompt: E, type: string, required: false}
";

    fn given(entries: &[(&str, Raw)]) -> GivenAnswers {
        let mut g = GivenAnswers::default();
        g.layer(entries.iter().map(|(k, v)| {
            let origin = Origin::File {
                path: "a.yaml".into(),
                line: Some(1),
            };
            Given::new(*k, v.clone(), origin)
        }));
        g
    }

    fn s(v: &str) -> Raw {
        Raw::Str(v.into())
    }

    fn run(role: &Role, g: &GivenAnswers, prompter: &mut dyn Prompter) -> Result<Gathered> {
        gather(role, g, prompter, &Renderer::new(Catalog::embedded()))
    }

    #[test]
    fn defaults_may_use_earlier_answers() {
        let r = role(BASIC);
        let out = run(
            &r,
            &given(&[("name", s("x")), ("topic", s("apis"))]),
            &mut NoPrompt,
        )
        .unwrap();
        assert_eq!(out.answers.str("description"), Some("The x agent"));
        assert_eq!(out.answers.get("extra"), None);
        assert_eq!(
            out.answers.str("insights_file"),
            Some("notes.md"),
            "skipped questions keep their default"
        );
    }

    #[test]
    fn missing_required_answers_are_all_listed() {
        let r = role(&format!(
            "{BASIC}  - {{key: other, prompt: O, type: string}}\n"
        ));
        let err = run(&r, &GivenAnswers::default(), &mut NoPrompt).unwrap_err();
        assert!(
            matches!(err, Error::MissingAnswers { ref keys, .. } if keys == &["topic", "other"]),
            "{err}"
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let r = role(BASIC);
        let g = given(&[("insights", s("yes")), ("topc", s("x")), ("name", s("ok"))]);
        let Err(Error::InvalidAnswers { problems }) = run(&r, &g, &mut NoPrompt) else {
            panic!()
        };
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].message.contains("expected true or false"));
        assert!(problems[1].message.contains("did you mean 'topic'?"));
    }

    #[test]
    fn answers_to_skipped_questions_are_ignored_with_a_warning() {
        let r = role(BASIC);
        let g = given(&[("insights_file", s("x.md")), ("topic", s("t"))]);
        let out = run(&r, &g, &mut NoPrompt).unwrap();
        assert_eq!(out.answers.str("insights_file"), Some("notes.md"));
        assert_eq!(out.warnings.len(), 1);
        assert!(
            out.warnings[0].contains("applies only when `insights`"),
            "{}",
            out.warnings[0]
        );
    }

    #[test]
    fn the_prompter_is_asked_only_what_is_open_and_sees_when() {
        let r = role(BASIC);
        let mut script = Scripted::new([
            ("description", s("d")),
            ("insights", Raw::Bool(true)),
            ("insights_file", s("m.md")),
            ("topic", s("t")),
            ("extra", Raw::Null),
        ]);
        let g = given(&[("name", s("n"))]);
        let out = run(&r, &g, &mut script).unwrap();
        assert_eq!(
            script.asked(),
            ["description", "insights", "insights_file", "topic", "extra"]
        );
        assert_eq!(out.answers.str("insights_file"), Some("m.md"));
        assert_eq!(out.answers.get("extra"), None);
    }

    #[test]
    fn the_prompter_re_asks_after_an_invalid_answer() {
        let r = role(BASIC);
        let mut script = Scripted::new([
            ("name", s("Bad Name")),
            ("name", s("good")),
            ("topic", s("t")),
        ])
        .accept_defaults();
        let out = run(&r, &GivenAnswers::default(), &mut script).unwrap();
        assert_eq!(out.answers.str("name"), Some("good"));
        assert_eq!(script.rejections().len(), 1, "{:?}", script.rejections());
    }

    #[test]
    fn going_back_asks_the_previous_question_again_and_keeps_the_others() {
        let r = role(BASIC);
        let mut script = Scripted::new([
            ("description", s("d")),
            ("insights", Raw::Bool(true)),
            ("insights_file", s("m.md")),
            // Esc at topic: insights_file again; Esc there: insights again,
            // and its new answer makes insights_file not apply.
            ("back:topic", Raw::Null),
            ("back:insights_file", Raw::Null),
            ("insights", Raw::Bool(false)),
            ("topic", s("t")),
            ("extra", Raw::Null),
        ]);
        let out = run(&r, &given(&[("name", s("n"))]), &mut script).unwrap();
        assert!(script.finished());
        assert_eq!(
            script.asked(),
            [
                "description",
                "insights",
                "insights_file",
                "back:topic",
                "back:insights_file",
                "insights",
                "topic",
                "extra"
            ]
        );
        assert_eq!(out.answers.str("description"), Some("d"), "kept");
        assert_eq!(
            out.answers.str("insights_file"),
            Some("notes.md"),
            "skipped again"
        );
        assert!(out.skipped.contains(&"insights_file".to_owned()));
    }

    #[test]
    fn bad_names_are_refused_before_anything_else() {
        let r = role(BASIC);
        let err = run(
            &r,
            &given(&[("name", s("Backend Architect"))]),
            &mut NoPrompt,
        )
        .unwrap_err();
        assert!(
            matches!(err, Error::InvalidName { suggestion: Some(ref s), .. } if s == "backend-architect"),
            "{err}"
        );
    }

    #[test]
    fn a_typed_backslash_n_in_the_description_is_asked_again_with_lint_reason() {
        let r = role(BASIC);
        let mut script = Scripted::new([
            ("description", s("Reviews code.\\nUse it often")),
            ("description", s("Reviews code.\nUse it often")),
        ]);
        let g = given(&[
            ("name", s("x")),
            ("insights", Raw::Bool(false)),
            ("topic", s("t")),
            ("extra", Raw::Null),
        ]);
        let out = run(&r, &g, &mut script).unwrap();
        assert!(script.finished());
        assert_eq!(
            out.answers.str("description"),
            Some("Reviews code.\nUse it often"),
            "a real line break is taken"
        );
        let rejections = script.rejections();
        assert_eq!(rejections.len(), 1, "{rejections:?}");
        assert_eq!(rejections[0].0, "description");
        assert!(
            rejections[0]
                .1
                .starts_with("the description holds a literal \\n"),
            "{rejections:?}"
        );
        // A body-only answer may hold one.
        let g = given(&[("name", s("x")), ("topic", s("a\\nb"))]);
        assert!(run(&r, &g, &mut NoPrompt).is_ok());
    }

    const STACK: &str = "
  - {key: name, prompt: Name, type: string, default: t}
  - {key: languages, prompt: Languages, type: list, required: false, default: [Go, Python]}
  - {key: platform, prompt: Platform, type: choice, choices: [kubernetes, vms], default: vms}
";

    /// The project's stack as `new` layers it: under every other answer.
    fn detected(entries: &[(&str, Raw, &[&str])]) -> GivenAnswers {
        let mut g = GivenAnswers::default();
        g.layer(entries.iter().map(|(k, v, files)| Given {
            shared: true,
            ..Given::new(
                *k,
                v.clone(),
                Origin::Detected {
                    files: files.iter().map(|f| f.to_string()).collect(),
                },
            )
        }));
        g
    }

    fn list(items: &[&str]) -> Raw {
        Raw::Seq(items.iter().map(|i| s(i)).collect())
    }

    #[test]
    fn a_detected_value_is_offered_as_the_default_with_its_files() {
        let r = role(STACK);
        let g = detected(&[
            (
                "languages",
                list(&["Rust", "SQL"]),
                &["Cargo.toml", "Cargo.toml"],
            ),
            ("platform", s("kubernetes"), &["k8s/deployment.yaml"]),
        ]);
        // Enter at each: the detected values are kept.
        let mut script = Scripted::new([("name", s("n"))]).accept_defaults();
        let out = run(&r, &g, &mut script).unwrap();
        assert_eq!(script.asked(), ["name", "languages", "platform"]);
        let rust = Value::List(vec!["Rust".into(), "SQL".into()]);
        let kubernetes = Value::Str("kubernetes".into());
        assert_eq!(
            script.notes(),
            [
                (
                    "languages".to_owned(),
                    "detected: Cargo.toml".to_owned(),
                    Some(rust.clone())
                ),
                (
                    "platform".to_owned(),
                    "detected: k8s/deployment.yaml".to_owned(),
                    Some(kubernetes.clone())
                ),
            ]
        );
        assert_eq!(out.answers.get("languages"), Some(&rust));
        assert_eq!(out.answers.get("platform"), Some(&kubernetes));
        // Kept, they are neither the person's answers (the manifest would
        // pin them) nor the role's defaults (templates would call them
        // assumptions): exactly what a run without a terminal makes.
        assert_eq!(out.answered, ["name"]);
        assert!(out.defaulted.is_empty(), "{:?}", out.defaulted);
        let quiet = run(&r, &g, &mut NoPrompt).unwrap();
        for key in ["languages", "platform"] {
            assert_eq!(quiet.answers.get(key), out.answers.get(key), "{key}");
        }
        assert!(quiet.answered.is_empty() && quiet.defaulted == ["name"]);
    }

    #[test]
    fn a_detected_default_can_be_changed_at_the_prompt() {
        let r = role(STACK);
        let g = detected(&[("languages", list(&["Rust"]), &["Cargo.toml"])]);
        let mut script = Scripted::new([
            ("name", s("n")),
            ("languages", list(&["Rust", "Python"])),
            // Choosing the offered value again keeps it a default.
            ("platform", s("vms")),
        ]);
        let out = run(&r, &g, &mut script).unwrap();
        assert!(script.finished());
        assert_eq!(
            out.answers.get("languages"),
            Some(&Value::List(vec!["Rust".into(), "Python".into()]))
        );
        assert_eq!(out.answered, ["name", "languages", "platform"]);
        // Without a detected value the role's default is offered, unnoted.
        assert_eq!(script.notes().len(), 1, "{:?}", script.notes());
    }

    #[test]
    fn going_back_over_a_kept_detected_default_keeps_it_detected() {
        let r = role(STACK);
        let g = detected(&[("languages", list(&["Rust"]), &["Cargo.toml"])]);
        let mut script = Scripted::new([
            ("name", s("n")),
            ("back:platform", Raw::Null),
            ("back:languages", Raw::Null),
            ("name", s("m")),
        ])
        .accept_defaults();
        let out = run(&r, &g, &mut script).unwrap();
        assert!(script.finished(), "{:?}", script.asked());
        assert_eq!(out.answers.str("name"), Some("m"));
        assert_eq!(
            out.answers.get("languages"),
            Some(&Value::List(vec!["Rust".into()]))
        );
        assert!(!out.answered.contains(&"languages".to_owned()));
    }
}
