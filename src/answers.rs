//! Gathering answers: from files, flags, defaults and (through a
//! [`Prompter`]) a person.
//!
//! Later sources win: question defaults < answers files in the order given <
//! `--set` < `--name` < the interactive prompt, which asks only what is still
//! open. Every provided value is checked against its question before
//! anything is asked or rendered, and all problems are reported together,
//! each with the file and line (or flag) it came from. Then the questions
//! are walked in order: a `when` expression that is false skips its
//! question, a default may refer to earlier answers, and a required
//! question nobody answered is collected so that one error lists them all.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::agent;
use crate::error::{Error, Origin, Problem, Result};
use crate::prompt::{Ask, Prompter, Reply, Session};
use crate::question::{Kind, Question, Spelling, closest};
use crate::render::{Renderer, Scope};
use crate::role::Role;
use crate::target::Overrides;
use crate::value::{Raw, Value};
use crate::yaml;

/// Answers files larger than this are refused before they are read: real
/// ones are a few kilobytes, and the cap bounds memory and time on hostile
/// input.
pub const MAX_ANSWERS_BYTES: u64 = 1024 * 1024;

/// One answer as given, before it is checked.
#[derive(Clone, Debug)]
pub struct Given {
    pub key: String,
    pub raw: Raw,
    pub origin: Origin,
    /// For `--set`, the text after `=` as typed.
    pub typed: Option<String>,
    /// Given for a whole kit rather than this agent: not worth a warning
    /// when this agent's role skips the question.
    pub shared: bool,
}

impl Given {
    pub fn new(key: impl Into<String>, raw: Raw, origin: Origin) -> Given {
        Given {
            key: key.into(),
            raw,
            origin,
            typed: None,
            shared: false,
        }
    }
}

/// All given answers, later sources already layered over earlier ones.
#[derive(Clone, Debug, Default)]
pub struct GivenAnswers {
    entries: Vec<Given>,
    /// The place of each key in `entries`: an answers file may hold a
    /// hundred thousand (unknown) keys, and searching the list for each
    /// would take minutes.
    index: HashMap<String, usize>,
}

impl GivenAnswers {
    /// Adds answers from a later source; a key given again replaces the
    /// earlier value.
    pub fn layer(&mut self, answers: impl IntoIterator<Item = Given>) {
        for given in answers {
            match self.index.get(&given.key) {
                Some(&at) => self.entries[at] = given,
                None => {
                    self.index.insert(given.key.clone(), self.entries.len());
                    self.entries.push(given);
                }
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&Given> {
        self.index.get(key).map(|&at| &self.entries[at])
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Given> {
        self.entries.iter()
    }
}

/// Reads an answers file: a YAML mapping from question keys to values.
/// `-` reads standard input. An empty file gives no answers.
pub fn read_file(path: &Path) -> Result<Vec<Given>> {
    parse_file(path, read_capped(path)?)
}

/// Reads the contents of an answers file; `path` names it in messages.
/// The text must be UTF-8 (a leading byte-order mark is skipped) and a
/// YAML mapping, or empty.
pub fn parse_file(path: &Path, bytes: Vec<u8>) -> Result<Vec<Given>> {
    let text = String::from_utf8(bytes).map_err(|e| Error::AnswersSyntax {
        path: path.to_owned(),
        line: None,
        column: None,
        message: not_utf8(e.as_bytes(), e.utf8_error().valid_up_to()),
    })?;
    let raw = yaml::parse(&text).map_err(|e| Error::AnswersSyntax {
        path: path.to_owned(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let entries = match raw {
        Raw::Null => Vec::new(),
        Raw::Map(entries) => entries,
        other => {
            return Err(Error::AnswersSyntax {
                path: path.to_owned(),
                line: None,
                column: None,
                message: format!(
                    "an answers file must be a mapping of question keys to values (key: value), not {}",
                    other.kind_name()
                ),
            });
        }
    };
    let lines = yaml::top_level_key_lines(&text);
    Ok(entries
        .into_iter()
        .map(|(key, raw)| {
            let origin = Origin::File {
                path: path.to_owned(),
                line: lines.get(&key).copied(),
            };
            Given::new(key, raw, origin)
        })
        .collect())
}

/// Why `bytes` is not UTF-8, with the place of the first bad byte: a
/// byte offset alone is hard to find in an editor.
fn not_utf8(bytes: &[u8], valid_up_to: usize) -> String {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return "the file is not UTF-8 text but UTF-16; save it as UTF-8".into();
    }
    // Everything before the bad byte is valid, so it can be counted in.
    let before = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let (line, column) = yaml::line_and_column(before, valid_up_to);
    format!(
        "the file is not UTF-8 text (byte 0x{:02x} at line {line}, column {column}, offset {valid_up_to}); save it as UTF-8",
        bytes[valid_up_to]
    )
}

/// The bytes of an answers file, refused unread beyond
/// [`MAX_ANSWERS_BYTES`].
fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let unreadable = |source| Error::AnswersUnreadable {
        path: path.to_owned(),
        source,
    };
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(MAX_ANSWERS_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
    } else {
        let file = std::fs::File::open(path).map_err(unreadable)?;
        let meta = file.metadata().map_err(unreadable)?;
        if meta.is_dir() {
            return Err(unreadable(std::io::Error::other(
                "it is a folder, not a file",
            )));
        }
        file.take(MAX_ANSWERS_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
    }
    if bytes.len() as u64 > MAX_ANSWERS_BYTES {
        return Err(unreadable(std::io::Error::other(format!(
            "it is larger than the {} KiB agentgen reads from an answers file",
            MAX_ANSWERS_BYTES / 1024
        ))));
    }
    Ok(bytes)
}

/// Reads one `--set KEY=VALUE`. The value is read as YAML, so
/// `--set tools='[Read, Grep]'` is a list; its typed text is kept for
/// text questions, so `--set version=1.10` stays `1.10`.
pub fn parse_set(arg: &str) -> Result<Given> {
    let Some((key, value)) = arg.split_once('=') else {
        return Err(Error::usage(format!(
            "--set needs KEY=VALUE, got '{arg}'. For example: --set model=opus or --set tools='[Read, Grep]'"
        )));
    };
    let key = key.trim();
    if key.is_empty() {
        return Err(Error::usage(format!("--set '{arg}' has no key before '='")));
    }
    let raw = yaml::parse(value).unwrap_or_else(|_| Raw::Str(value.to_owned()));
    Ok(Given {
        typed: Some(value.to_owned()),
        ..Given::new(key, raw, Origin::Set)
    })
}

/// The final answers of one role, in question order. `None` is an optional
/// question that was left empty; it is `none` in templates. A question that
/// was skipped (its `when` was false) and has no default is absent, and
/// undefined in templates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    entries: Vec<(String, Option<Value>)>,
}

impl Answers {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_ref())
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    pub fn entries(&self) -> &[(String, Option<Value>)] {
        &self.entries
    }

    fn push(&mut self, key: &str, value: Option<Value>) {
        self.entries.push((key.to_owned(), value));
    }
}

impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

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
    pub warnings: Vec<String>,
}

/// Checks every given answer, then walks the role's questions in order,
/// asking the prompter about what is still open.
pub fn gather(
    role: &Role,
    given: &GivenAnswers,
    prompter: &mut dyn Prompter,
    renderer: &Renderer,
) -> Result<Gathered> {
    let checked = check_given(role, given)?;
    let mut session = Session::new(prompter);
    let mut answers = Answers::default();
    let mut warnings = Vec::new();
    let mut skipped = Vec::new();
    let mut defaulted = Vec::new();
    let mut missing = Vec::new();
    // The answers so far, as templates see them; it grows with `answers`.
    let scope = Scope::default();
    let context = scope.value();
    for question in &role.questions {
        let ctx = &context;
        let applies = match &question.when {
            None => true,
            Some(expr) => match renderer.condition(&when_origin(role, question), expr, ctx) {
                Ok(applies) => applies,
                // An earlier required answer is missing, so this condition
                // cannot be decided; report the missing answers instead.
                Err(_) if !missing.is_empty() => break,
                Err(e) => return Err(e),
            },
        };
        let default = default_value(role, question, renderer, ctx)?;
        let provided = checked.iter().find(|c| c.given.key == question.key);
        if !applies {
            if let Some(Checked { given, .. }) = provided.filter(|c| !c.given.shared) {
                let origin = &given.origin;
                warnings.push(format!(
                    "{origin}: {} is ignored: that question applies only when `{}`",
                    question.key,
                    question.when.as_deref().unwrap_or_default()
                ));
            }
            if let Some(default) = default {
                record(&mut answers, &scope, &question.key, Some(default));
            }
            skipped.push(question.key.clone());
            defaulted.push(question.key.clone());
            continue;
        }
        if let Some(Checked { value, .. }) = provided {
            record(&mut answers, &scope, &question.key, value.clone());
            continue;
        }
        let validate = |raw: &Raw, spelling: Spelling| check_one(question, raw, spelling);
        let reply = session.ask(Ask {
            question,
            default: default.as_ref(),
            validate: &validate,
            context: None,
        })?;
        match (reply, default) {
            (Reply::Value(value), _) => record(&mut answers, &scope, &question.key, Some(value)),
            (Reply::Empty, _) => record(&mut answers, &scope, &question.key, None),
            (Reply::NotAsked, Some(default)) => {
                record(&mut answers, &scope, &question.key, Some(default));
                defaulted.push(question.key.clone());
            }
            (Reply::NotAsked, None) if !question.required => {
                record(&mut answers, &scope, &question.key, None);
                defaulted.push(question.key.clone());
            }
            (Reply::NotAsked, None) => missing.push(question.key.clone()),
        }
    }
    if !missing.is_empty() {
        return Err(Error::MissingAnswers {
            role: role.name.clone(),
            keys: missing,
        });
    }
    Ok(Gathered {
        answers,
        context,
        skipped,
        defaulted,
        warnings,
    })
}

/// Adds an answer, and shows it to the templates of later questions.
fn record(answers: &mut Answers, scope: &Scope, key: &str, value: Option<Value>) {
    scope.insert(key, &value);
    answers.push(key, value);
}

/// A given answer and its checked value (`None` for an explicit null on an
/// optional question).
struct Checked<'a> {
    given: &'a Given,
    value: Option<Value>,
}

/// The checked value of every given answer (`None` for an explicit null on
/// an optional question), or every problem found.
fn check_given<'a>(role: &Role, given: &'a GivenAnswers) -> Result<Vec<Checked<'a>>> {
    let mut checked = Vec::new();
    let mut problems = Vec::new();
    for g in &given.entries {
        let Some(question) = role.question(&g.key) else {
            let mut message = format!("the role {} has no question with this key", role.name);
            match closest(&g.key, role.questions.iter().map(|q| q.key.as_str())) {
                Some(c) => message.push_str(&format!("; did you mean '{c}'?")),
                None => message.push_str(&format!("; `agentgen show {}` lists them", role.name)),
            }
            problems.push(Problem {
                origin: g.origin.clone(),
                key: g.key.clone(),
                message,
            });
            continue;
        };
        let spelling = g.typed.as_deref().map_or(Spelling::Parsed, Spelling::Typed);
        match check_one(question, &g.raw, spelling) {
            Ok(value) => checked.push(Checked { given: g, value }),
            Err(message) => problems.push(Problem {
                origin: g.origin.clone(),
                key: g.key.clone(),
                message,
            }),
        }
    }
    if let Some(bad_name) = name_error(role, given) {
        return Err(bad_name);
    }
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(Error::InvalidAnswers { problems })
    }
}

/// A refused agent name is its own error, with a suggestion, because it is
/// the most common mistake and decides the file name.
fn name_error(role: &Role, given: &GivenAnswers) -> Option<Error> {
    let g = given.get("name")?;
    role.question("name")?;
    let Raw::Str(name) = &g.raw else { return None };
    agent::check_name(name).err()
}

/// Checks a value for one question, adding the agent-name rule for `name`.
/// The message says what is wrong with the value; `None` is an optional
/// question answered with nothing.
fn check_one(question: &Question, raw: &Raw, spelling: Spelling) -> Result<Option<Value>, String> {
    // Text typed after `--set key=` is the answer to a text question even
    // where YAML reads it as null (`#1 for 10 years` is a comment, `---` a
    // document start, `~` null): it must not vanish or count as missing.
    let typed;
    let raw = match (spelling, question.kind) {
        (Spelling::Typed(text), Kind::String | Kind::Text | Kind::Choice)
            if !text.is_empty() && matches!(raw, Raw::Null) =>
        {
            typed = Raw::Str(text.to_owned());
            &typed
        }
        _ => raw,
    };
    if matches!(raw, Raw::Null)
        || matches!(raw, Raw::Str(s) if s.is_empty() && !question.required && question.kind != Kind::Bool)
    {
        return if question.required {
            Err("needs a value; this question is required".into())
        } else {
            Ok(None)
        };
    }
    let value = question.check(raw, spelling).map_err(|m| {
        if m.at.is_empty() {
            m.message
        } else {
            format!("{}: {}", m.at, m.message)
        }
    })?;
    if question.key == "name"
        && let Value::Str(name) = &value
        && let Some(reason) = agent::name_problem(name)
    {
        return Err(match agent::suggest_name(name) {
            Some(suggestion) => format!("{reason}; try '{suggestion}'"),
            None => reason,
        });
    }
    Ok(Some(value))
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
    checked.map_err(|message| Error::RoleDefinition {
        file: format!("roles/{}/role.yaml", role.name),
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

/// The final answers as an answers file (`--save-answers`): every answer of
/// every question that applied, defaults included, with `null` for an
/// optional question left empty. Replaying it with `--answers` gives the
/// same agent, byte for byte; skipped questions are left out, since they
/// would be skipped again.
pub fn saved_file(role: &Role, gathered: &Gathered, overrides: &Overrides) -> String {
    let mut entries = final_answers(gathered);
    if !overrides.is_empty() {
        entries.push((TARGETS_KEY.into(), overrides.to_raw()));
    }
    answers_file("role", "new", &role.name, &entries)
}

/// A saved answers file: a header that says how to replay it, then the
/// answers. `kind` is "role" or "kit", `command` the one that replays it.
pub fn answers_file(kind: &str, command: &str, name: &str, entries: &[(String, Raw)]) -> String {
    format!(
        "# Answers for the agentgen {kind} \"{name}\", saved by agentgen {version}.\n\
         # Replay them with: agentgen {command} {name} --answers <this file>\n\n{}",
        yaml::emit_mapping(entries, yaml::TextStyle::Block),
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Every answer of every question that applied, for saving; `null` for
/// an optional question left empty.
pub fn final_answers(gathered: &Gathered) -> Vec<(String, Raw)> {
    gathered
        .answers
        .entries()
        .iter()
        .filter(|(key, _)| !gathered.skipped.contains(key))
        .map(|(key, value)| (key.clone(), value.as_ref().map_or(Raw::Null, Value::to_raw)))
        .collect()
}

/// The key under which answers hold per-target fields
/// (`targets: {opencode: {model: ...}}`); it belongs to no role.
pub const TARGETS_KEY: &str = "targets";

/// Answers from several sources, later ones winning, with the per-target
/// fields apart.
#[derive(Clone, Debug, Default)]
pub struct Layered {
    pub given: GivenAnswers,
    pub overrides: Overrides,
}

impl Layered {
    /// Adds a later source: its answers replace earlier ones key by key,
    /// and its per-target fields (under `targets`) are merged over the
    /// earlier ones field by field.
    pub fn add(&mut self, source: Vec<Given>) -> Result<()> {
        for g in source {
            if g.key == TARGETS_KEY {
                self.overrides.layer(Overrides::parse(&g.raw, &g.origin)?);
            } else {
                self.given.layer([g]);
            }
        }
        Ok(())
    }
}

/// Reads the answers files and flags of `agentgen new`, later ones winning.
/// Per-target fields are returned apart, each source's merged over the
/// earlier ones field by field.
pub fn read_all(
    files: &[PathBuf],
    sets: &[Given],
    name: Option<&str>,
) -> Result<(GivenAnswers, Overrides)> {
    let mut layered = Layered::default();
    for file in files {
        layered.add(read_file(file)?)?;
    }
    layered.add(sets.to_vec())?;
    if let Some(name) = name {
        layered.given.layer([Given::new(
            "name",
            Raw::Str(name.to_owned()),
            Origin::NameFlag,
        )]);
    }
    Ok((layered.given, layered.overrides))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::prompt::{NoPrompt, Scripted};

    fn role(questions: &str) -> Role {
        crate::role::test_role(questions)
    }

    const BASIC: &str = "
  - {key: name, prompt: Name, type: string, default: t}
  - {key: description, prompt: D, type: text, default: 'The {{ name }} agent'}
  - {key: memory, prompt: M, type: bool, default: false}
  - {key: memory_file, prompt: F, type: string, when: memory, default: notes.md}
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
            out.answers.str("memory_file"),
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
        let g = given(&[("memory", s("yes")), ("topc", s("x")), ("name", s("ok"))]);
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
        let g = given(&[("memory_file", s("x.md")), ("topic", s("t"))]);
        let out = run(&r, &g, &mut NoPrompt).unwrap();
        assert_eq!(out.answers.str("memory_file"), Some("notes.md"));
        assert_eq!(out.warnings.len(), 1);
        assert!(
            out.warnings[0].contains("applies only when `memory`"),
            "{}",
            out.warnings[0]
        );
    }

    #[test]
    fn the_prompter_is_asked_only_what_is_open_and_sees_when() {
        let r = role(BASIC);
        let mut script = Scripted::new([
            ("description", s("d")),
            ("memory", Raw::Bool(true)),
            ("memory_file", s("m.md")),
            ("topic", s("t")),
            ("extra", Raw::Null),
        ]);
        let g = given(&[("name", s("n"))]);
        let out = run(&r, &g, &mut script).unwrap();
        assert_eq!(
            script.asked(),
            ["description", "memory", "memory_file", "topic", "extra"]
        );
        assert_eq!(out.answers.str("memory_file"), Some("m.md"));
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
    fn bytes_that_are_not_utf8_are_placed() {
        let message = |bytes: &[u8]| {
            parse_file(Path::new("a.yaml"), bytes.to_vec())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            message(b"model: opus\ntitle: caf\xe9\n"),
            "a.yaml: the file is not UTF-8 text (byte 0xe9 at line 2, column 11, offset 22); save it as UTF-8."
        );
        assert_eq!(
            message(b"\xff\xfem\x00"),
            "a.yaml: the file is not UTF-8 text but UTF-16; save it as UTF-8."
        );
        let bom = parse_file(Path::new("a.yaml"), "\u{feff}model: opus\n".into()).unwrap();
        assert_eq!(
            (bom[0].key.as_str(), &bom[0].raw),
            ("model", &Raw::Str("opus".into()))
        );
        assert_eq!(
            bom[0].origin,
            Origin::File {
                path: "a.yaml".into(),
                line: Some(1)
            }
        );
    }

    #[test]
    fn set_values_are_yaml_but_keep_their_text() {
        let g = parse_set("tools=[Read, Grep]").unwrap();
        assert_eq!(g.raw, Raw::Seq(vec![s("Read"), s("Grep")]));
        let g = parse_set("version=1.10").unwrap();
        assert_eq!(g.typed.as_deref(), Some("1.10"));
        assert!(parse_set("novalue").is_err());
        assert_eq!(parse_set("k=a: b: c").unwrap().raw, s("a: b: c"));
    }
}
