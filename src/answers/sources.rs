//! Everything the user gave for a run, read once: answers files in order,
//! then `--set` flags, then `--name`.
//!
//! Each source is layered over the earlier ones key by key, except the
//! per-target fields under `targets:`, which are merged field by field. In
//! a kit, an answers file may also hold `agents: {NAME: {KEY: VALUE}}` and
//! a flag may say `--set NAME.KEY=VALUE`: those are one agent's own
//! answers. Every problem in every source (a per-target field a tool does
//! not take, an agent the kit does not have, a shared key nobody asks) is
//! collected, with the file and line it came from, and reported in one
//! error; only a file that cannot be read or parsed stops the reading at
//! once, since nothing after its first error can be trusted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Given, GivenAnswers, TARGETS_KEY, read_file};
use crate::error::{Error, Origin, Problem, Result};
use crate::question::{closest, renamed};
use crate::target::Overrides;
use crate::value::Raw;

/// The answers the user gave, sorted by whom they are for.
#[derive(Clone, Debug, Default)]
pub struct UserAnswers {
    /// Answers for the agent of `new`, or for every member of a kit.
    pub shared: GivenAnswers,
    /// Per-target fields for every agent (`targets:`).
    pub shared_targets: Overrides,
    /// A kit member's own answers, by agent name (`agents.NAME`).
    pub agents: HashMap<String, GivenAnswers>,
    /// A kit member's own per-target fields (`agents.NAME.targets`).
    pub agent_targets: HashMap<String, Overrides>,
}

/// What the answers are for, which decides how their keys are read.
pub enum Shape<'a> {
    /// One agent (`new`): every key is an answer for it.
    Single,
    /// A kit: `agents:` holds per-agent answers, and a shared key must be
    /// asked by the kit or one of its roles.
    Kit(&'a dyn KitKeys),
}

/// What reading a kit's answers needs to know about the kit.
pub trait KitKeys {
    fn kit_name(&self) -> &str;
    /// The agents' names, in kit order.
    fn members(&self) -> Vec<&str>;
    /// Whether the kit or one of its roles asks `key`.
    fn asks(&self, key: &str) -> bool;
    /// Every key the kit or its roles ask, for suggestions.
    fn keys(&self) -> Vec<&str>;
}

impl UserAnswers {
    /// Reads answers files in order, then `--set` flags (each with the
    /// agent it is for, if any), then `--name`.
    pub fn read(
        files: &[PathBuf],
        sets: &[(Option<String>, Given)],
        name: Option<&str>,
        shape: Shape,
    ) -> Result<UserAnswers> {
        let (user, problems) = UserAnswers::read_with_problems(files, sets, name, shape)?;
        match problems.is_empty() {
            true => Ok(user),
            false => Err(Error::InvalidAnswers { problems }),
        }
    }

    /// The same, with the problems found returned beside what could be
    /// read, so that a kit can add its members' problems and report them
    /// all at once. Only an unreadable file is an error here.
    pub fn read_with_problems(
        files: &[PathBuf],
        sets: &[(Option<String>, Given)],
        name: Option<&str>,
        shape: Shape,
    ) -> Result<(UserAnswers, Vec<Problem>)> {
        let sources = files
            .iter()
            .map(|file| Ok((file.as_path(), read_file(file)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(UserAnswers::collect(sources, sets, name, shape))
    }

    /// The same, from answers files already read (each with its path).
    pub fn from_sources(
        files: Vec<(&Path, Vec<Given>)>,
        sets: &[(Option<String>, Given)],
        name: Option<&str>,
        shape: Shape,
    ) -> Result<UserAnswers> {
        let (user, problems) = UserAnswers::collect(files, sets, name, shape);
        match problems.is_empty() {
            true => Ok(user),
            false => Err(Error::InvalidAnswers { problems }),
        }
    }

    /// Every source layered, with the problems found beside what could be
    /// read.
    pub fn collect(
        files: Vec<(&Path, Vec<Given>)>,
        sets: &[(Option<String>, Given)],
        name: Option<&str>,
        shape: Shape,
    ) -> (UserAnswers, Vec<Problem>) {
        let mut reader = Reader {
            user: UserAnswers::default(),
            problems: Vec::new(),
            shape,
        };
        for (file, answers) in files {
            for given in answers {
                reader.top_level(given, file);
            }
        }
        for (agent, given) in sets {
            match agent {
                Some(agent) => reader.for_agent(agent, given.clone()),
                None => reader.shared(given.clone()),
            }
        }
        if let Some(name) = name {
            let given = Given::new("name", Raw::Str(name.to_owned()), Origin::NameFlag);
            reader.user.shared.layer([given]);
        }
        (reader.user, reader.problems)
    }
}

struct Reader<'a> {
    user: UserAnswers,
    problems: Vec<Problem>,
    shape: Shape<'a>,
}

impl Reader<'_> {
    /// One top-level key of an answers file.
    fn top_level(&mut self, given: Given, file: &Path) {
        match (&self.shape, given.key.as_str()) {
            (Shape::Kit(_), "agents") => self.agents_map(given, file),
            _ => self.shared(given),
        }
    }

    /// A shared answer, or the shared per-target fields.
    fn shared(&mut self, given: Given) {
        if given.key == TARGETS_KEY {
            if let Some(overrides) = self.overrides(&given) {
                self.user.shared_targets.layer(overrides);
            }
            return;
        }
        let Shape::Kit(kit) = &self.shape else {
            self.user.shared.layer([given]);
            return;
        };
        if given.key == "name" {
            self.problem(&given, given.key.clone(), "an agent name cannot be shared; set it for one agent under `agents:` (or with --set AGENT.name=NAME)".into());
        } else if kit.asks(&given.key) {
            self.user.shared.layer([Given {
                shared: true,
                ..given
            }]);
        } else if let Some(message) = renamed::message(&given.key, |new| kit.asks(new)) {
            self.problem(&given, given.key.clone(), message);
        } else {
            let mut message = format!(
                "neither the kit {} nor any of its roles asks this",
                kit.kit_name()
            );
            if let Some(c) = closest(&given.key, kit.keys()) {
                message.push_str(&format!("; did you mean '{c}'?"));
            }
            self.problem(&given, given.key.clone(), message);
        }
    }

    /// `agents: {NAME: {KEY: VALUE}}` in a kit's answers file.
    fn agents_map(&mut self, given: Given, file: &Path) {
        let Raw::Map(agents) = &given.raw else {
            let message = "expected a mapping from agent names to their answers".into();
            self.problem(&given, "agents".into(), message);
            return;
        };
        let at = |path: &str| Origin::File {
            path: file.to_owned(),
            line: given.nested_lines.get(path).copied(),
        };
        for (agent, answers) in agents {
            let origin = at(agent);
            if let Some(message) = self.not_a_member(agent) {
                // Once, at the agent's line, however many answers it has.
                let key = format!("agents.{agent}");
                self.problems.push(Problem {
                    origin,
                    key,
                    message,
                });
                continue;
            }
            match answers {
                Raw::Map(entries) => {
                    for (key, raw) in entries {
                        let mut origin = at(&format!("{agent}.{key}"));
                        if let Origin::File {
                            line: line @ None, ..
                        } = &mut origin
                        {
                            // A key on the agent's own line (`NAME: {k: v}`).
                            *line = given.nested_lines.get(agent.as_str()).copied();
                        }
                        let given = Given::new(key.clone(), raw.clone(), origin);
                        self.for_agent(agent, given);
                    }
                }
                Raw::Null => {}
                _ => self.problems.push(Problem {
                    origin,
                    key: format!("agents.{agent}"),
                    message: "expected a mapping of this agent's answers".into(),
                }),
            }
        }
    }

    /// One agent's own answer, or its per-target fields.
    fn for_agent(&mut self, agent: &str, given: Given) {
        let Shape::Kit(_) = &self.shape else {
            // One agent: `--set a.b=c` is the key `a.b`.
            self.user.shared.layer([given]);
            return;
        };
        if let Some(message) = self.not_a_member(agent) {
            self.problem(&given, format!("agents.{agent}"), message);
        } else if given.key == TARGETS_KEY {
            if let Some(overrides) = self.overrides(&given) {
                let slot = self.user.agent_targets.entry(agent.to_owned());
                slot.or_default().layer(overrides);
            }
        } else {
            let slot = self.user.agents.entry(agent.to_owned()).or_default();
            slot.layer([given]);
        }
    }

    /// Why `agent` cannot have answers of its own: the kit has no such
    /// member. `None` for a member, or when the answers are not a kit's.
    fn not_a_member(&self, agent: &str) -> Option<String> {
        let Shape::Kit(kit) = &self.shape else {
            return None;
        };
        let members = kit.members();
        if members.contains(&agent) {
            return None;
        }
        let mut message = format!("the kit {} has no agent named '{agent}'", kit.kit_name());
        match closest(agent, members.iter().copied()) {
            Some(c) => message.push_str(&format!("; did you mean '{c}'?")),
            None => message.push_str(&format!("; its agents are {}", members.join(", "))),
        }
        Some(message)
    }

    /// Checked per-target fields, or `None` with their problems recorded.
    fn overrides(&mut self, given: &Given) -> Option<Overrides> {
        match Overrides::parse(&given.raw, &given.origin) {
            Ok(overrides) => Some(overrides),
            Err(Error::InvalidAnswers { problems }) => {
                self.problems.extend(problems);
                None
            }
            Err(e) => {
                let message = e.to_string();
                self.problem(given, given.key.clone(), message);
                None
            }
        }
    }

    fn problem(&mut self, given: &Given, key: String, message: String) {
        self.problems.push(Problem {
            origin: given.origin.clone(),
            key,
            message,
        });
    }
}
