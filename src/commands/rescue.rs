//! The safety net of an interactive session, shared by `new` and `kit`:
//! when a run fails after the person has answered every question (a
//! refused overwrite, a folder that cannot be written), the answers are
//! not thrown away. In a terminal, the person is offered to save them to
//! a file, and told the command that replays them.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::{self, Console, Overwrite};
use crate::prompt::{Ask, Confirm, Prompter, Reply};
use crate::question::{Question, Spelling};
use crate::value::{Raw, Value};

/// What a failed run can still save.
pub struct Rescue<'a> {
    /// The answers file, as `--save-answers` would write it.
    pub answers: String,
    /// The command that replays it, without `--answers FILE`.
    pub replay: String,
    /// The file name offered first (`NAME.answers.yaml`).
    pub stem: &'a str,
}

impl Rescue<'_> {
    /// Offers to save the answers after `failure`, then hands `failure`
    /// back, so the run still ends with its own message and exit code.
    /// Cancelling the offer (Ctrl-C) ends the run as cancelled.
    pub fn offer(&self, failure: Error, prompter: &mut dyn Prompter, console: &Console) -> Error {
        if matches!(failure, Error::Interrupted) {
            return failure;
        }
        match self.save(&failure, prompter, console) {
            Ok(()) => failure,
            Err(Error::Interrupted) => Error::Interrupted,
            Err(other) => {
                console.warn(&format!("the answers were not saved: {other}"));
                failure
            }
        }
    }

    fn save(&self, failure: &Error, prompter: &mut dyn Prompter, console: &Console) -> Result<()> {
        console.note(&format!("error: {failure}"));
        if prompter.confirm(Confirm::SaveAnswers)? != Some(true) {
            return Ok(());
        }
        self.save_to_file(prompter, console)
    }

    /// Asks for a new file, writes the answers there, and says how to
    /// replay them.
    pub fn save_to_file(&self, prompter: &mut dyn Prompter, console: &Console) -> Result<()> {
        let question: Question = crate::yaml::from_str(
            "{key: answers_file, prompt: Save the answers to, type: string, \
             help: 'A new file; agentgen never replaces one here.'}",
        )
        .expect("the built-in question is valid");
        let default = Value::Str(free_name(self.stem).display().to_string());
        let validate = |raw: &Raw, spelling: Spelling| {
            let value = question.check(raw, spelling).map_err(|m| m.message)?;
            match &value {
                Value::Str(path) if Path::new(path).exists() => {
                    Err(format!("{path} exists; choose another file"))
                }
                _ => Ok(Some(value)),
            }
        };
        let reply = crate::prompt::ask_flow(
            prompter,
            Ask {
                question: &question,
                default: Some(&default),
                validate: &validate,
                context: None,
            },
        )?;
        let path = match reply {
            Reply::Value(Value::Str(path)) => PathBuf::from(path),
            _ => PathBuf::from(default.as_str().unwrap_or_default()),
        };
        let plan = output::plan(vec![(path.clone(), self.answers.clone())])?;
        output::write(&plan, Overwrite::Refuse)?;
        console.note(&format!(
            "Saved your answers to {path}. Replay them with:\n  {replay} --answers {path}",
            path = path.display(),
            replay = self.replay
        ));
        Ok(())
    }
}

/// `STEM.answers.yaml`, or the first free `STEM.answers-N.yaml`.
fn free_name(stem: &str) -> PathBuf {
    let first = PathBuf::from(format!("{stem}.answers.yaml"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| PathBuf::from(format!("{stem}.answers-{n}.yaml")))
        .find(|p| !p.exists())
        .expect("some number is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::Scripted;

    fn rescue() -> Rescue<'static> {
        Rescue {
            answers: "model: opus\n".into(),
            replay: "agentgen kit duo".into(),
            stem: "duo",
        }
    }

    #[test]
    fn a_late_failure_saves_the_answers_when_asked_and_keeps_its_error() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("mine.yaml");
        let mut script = Scripted::new([
            ("save", Raw::Bool(true)),
            ("answers_file", Raw::Str(path.display().to_string())),
        ]);
        let failure = Error::usage("the folder cannot be written");
        let back = rescue().offer(failure, &mut script, &Console::new());
        assert!(matches!(back, Error::Usage { .. }), "{back:?}");
        assert!(script.finished());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "model: opus\n");

        // Declined: no file name is asked, and the failure is handed back.
        let mut script = Scripted::new([("save", Raw::Bool(false))]);
        let back = rescue().offer(Error::usage("again"), &mut script, &Console::new());
        assert!(matches!(back, Error::Usage { .. }), "{back:?}");
        assert_eq!(script.asked(), ["save"]);
    }

    #[test]
    fn a_file_that_exists_is_refused_and_another_asked() {
        let tmp = tempfile::tempdir().unwrap();
        let taken = tmp.path().join("taken.yaml");
        std::fs::write(&taken, "mine\n").unwrap();
        let free = tmp.path().join("free.yaml");
        let mut script = Scripted::new([
            ("answers_file", Raw::Str(taken.display().to_string())),
            ("answers_file", Raw::Str(free.display().to_string())),
        ]);
        rescue().save_to_file(&mut script, &Console::new()).unwrap();
        assert_eq!(script.rejections().len(), 1, "{:?}", script.rejections());
        assert_eq!(std::fs::read_to_string(&taken).unwrap(), "mine\n");
        assert_eq!(std::fs::read_to_string(&free).unwrap(), "model: opus\n");
    }
}
