//! The read-only commands: `list`, `show` and `answers`.
//!
//! Each builds the text it prints (plain for people, JSON for scripts) and
//! hands it to the output module. `answers` writes a commented YAML answers
//! file whose values are the role's defaults, computed exactly as
//! `new --defaults` computes them, so the file saved unchanged produces the
//! same agent. Run in a project, both describe a role's defaults as `new`
//! offers them there: the detected stack over the role's own (see `detected.rs`).

mod detected;
mod list;
mod shared;

use serde::Serialize;

use crate::answers::{self, Given};
use crate::catalog::{Catalog, Custom, Folder, Source};
use crate::error::{Error, Result};
use crate::kit::Kit;
use crate::prompt::{Ask, Confirm, Prompter, Reply};
use crate::question::{Kind, Question, closest};
use crate::render::Renderer;
use crate::role::Role;
use crate::trust;
use crate::value::Raw;
use crate::yaml::{self, TextStyle};

use detected::Offered;
pub use list::list;

/// What `show` and `answers` describe.
pub enum Subject {
    Role(Role),
    Kit(Box<Kit>),
}

/// A role or kit by name, or a kit by file path. Roles win a name clash.
pub fn resolve(catalog: &Catalog, name: &str) -> Result<Subject> {
    let role = match Role::load(catalog, name) {
        Ok(role) => return Ok(Subject::Role(role)),
        Err(e @ Error::Unknown { .. }) => e,
        Err(e) => return Err(e),
    };
    match Kit::load(catalog, name) {
        Ok(kit) => Ok(Subject::Kit(Box::new(kit))),
        Err(Error::Unknown { .. }) => {
            let Error::Unknown { suggestion, .. } = role else {
                unreachable!()
            };
            let kits = catalog.names(Folder::Kits);
            let suggestion = suggestion
                .or_else(|| closest(name, kits.iter().map(|(n, _)| n.as_str())).map(str::to_owned));
            Err(Error::Unknown {
                kind: "role or kit",
                name: name.to_owned(),
                suggestion,
            })
        }
        Err(e) => Err(e),
    }
}

/// `agentgen show <role|kit>`, with a first line saying where it comes
/// from when that is not (only) the binary. `detected` is the project's
/// stack as answers ([`crate::pipeline::detected`]): a role's question it
/// answers shows that value as its default, with the files that show it.
pub fn show(
    catalog: &Catalog,
    subject: &Subject,
    json: bool,
    detected: &[Given],
) -> Result<String> {
    let custom = catalog.custom_files();
    let (source, location, changes) = match subject {
        Subject::Role(role) => (
            role.source,
            &role.location,
            trust::role_changes(catalog, &custom, &role.name),
        ),
        Subject::Kit(kit) => (kit.source, &kit.location, Vec::new()),
    };
    let text = match subject {
        Subject::Role(role) => show_role(role, json, &Offered::new(role, detected))?,
        Subject::Kit(kit) => show_kit(kit, json, &Offered::team(&kit.as_role(), detected))?,
    };
    if json {
        if source == Source::Embedded && changes.is_empty() {
            return Ok(text);
        }
        let mut value: serde_json::Value = serde_json::from_str(&text).expect("our own JSON");
        value["source"] = serde_json::json!(source);
        value["changed_by"] = serde_json::json!(changes);
        return to_json(&value);
    }
    let mark = match (source, changes.is_empty()) {
        (Source::Embedded, true) => return Ok(text),
        (Source::Embedded, false) => format!("[built in, changed by {}]\n", names(&changes)),
        (other, _) => format!("[from {other}: {location}]\n"),
    };
    Ok(mark + &text)
}

/// Files by name with their folder's source, for marks.
pub(crate) fn names(files: &[Custom]) -> String {
    let list: Vec<String> = files
        .iter()
        .map(|f| format!("{} from {}", f.name, f.source))
        .collect();
    list.join(", ")
}

/// A role's questions, each with what it takes from a kit, then which kit
/// answers reach it at all: since roles declare `shared:`, a kit's stack
/// answer reaches only some roles, and this is where a user sees which.
fn show_role(role: &Role, json: bool, offered: &Offered) -> Result<String> {
    if json {
        let mut value = serde_json::to_value(role).expect("role data encodes as JSON");
        detected::mark_json(&mut value, offered);
        value["takes_shared"] = serde_json::json!(shared::all(role));
        return to_json(&value);
    }
    let mut out = format!(
        "{}: {}\n\nQuestions, in the order they are asked:\n",
        role.name, role.summary
    );
    for q in &role.questions {
        out.push('\n');
        describe_question(&mut out, q, "  ", offered.get(&q.key));
        if let Some(taken) = shared::taken(q) {
            for line in wrap(&shared::line(&taken), 84) {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    out.push('\n');
    for line in wrap(&shared::summary(role), 88) {
        out.push_str(&format!("{line}\n"));
    }
    out.push_str(&format!(
        "\nAnswer them in a file (`agentgen answers {0} > answers.yaml`, then `agentgen new {0} -a answers.yaml`), \
         with --set KEY=VALUE, or at the prompts.\n",
        role.name
    ));
    Ok(out)
}

fn show_kit(kit: &Kit, json: bool, offered: &Offered) -> Result<String> {
    if json {
        let mut value = serde_json::to_value(kit).expect("kit data encodes as JSON");
        detected::mark_json(&mut value, offered);
        return to_json(&value);
    }
    let mut out = format!("{} (kit): {}\n", kit.name, kit.summary);
    if let Some(description) = &kit.description {
        out.push('\n');
        for line in wrap(description, 88) {
            out.push_str(&format!("{line}\n"));
        }
    }
    out.push_str("\nAgents:\n");
    for member in &kit.agents {
        let fixed: Vec<&str> = member.answers().iter().map(|(k, _)| k.as_str()).collect();
        let fixed = if fixed.is_empty() {
            String::new()
        } else {
            format!("; the kit sets {}", fixed.join(", "))
        };
        out.push_str(&format!(
            "  {}  (role {}{fixed})\n",
            member.agent_name(),
            member.role
        ));
    }
    out.push_str(
        "\nShared questions, asked once. A plain answer (project, model, insights) reaches every agent\n\
         whose role asks the same key; a stack answer (languages, frameworks, ...) only the roles\n\
         that declare they take it (`agentgen show <role>`):\n",
    );
    for q in &kit.questions {
        out.push('\n');
        describe_question(&mut out, q, "  ", offered.get(&q.key));
    }
    out.push_str(&format!(
        "\nEach agent also asks its role's questions (`agentgen show <role>`). Answer them in a file \
         (`agentgen answers {0} > answers.yaml`, then `agentgen kit {0} -a answers.yaml`), with --set KEY=VALUE \
         or --set AGENT.KEY=VALUE, or at the prompts.\n",
        kit.name
    ));
    Ok(out)
}

/// One question; `detected` is the value the project's stack offers as
/// its default instead of the role's own.
fn describe_question(
    out: &mut String,
    q: &Question,
    indent: &str,
    detected: Option<detected::Detected>,
) {
    let mut traits = vec![q.kind.name().to_owned()];
    if !q.required {
        traits.push("optional".into());
    }
    if q.advanced {
        traits.push("advanced".into());
    }
    out.push_str(&format!("{indent}{}  ({})\n", q.key, traits.join(", ")));
    let inner = format!("{indent}    ");
    out.push_str(&format!("{inner}{}\n", q.prompt));
    if let Some(help) = &q.help {
        for line in wrap(help, 88 - inner.len()) {
            out.push_str(&format!("{inner}{line}\n"));
        }
    }
    if !q.choices.is_empty() {
        out.push_str(&format!("{inner}choices: {}\n", q.choices.join(", ")));
    }
    if let Some(p) = &q.pattern {
        let rule = q
            .pattern_help
            .clone()
            .unwrap_or_else(|| format!("match {p}"));
        let prefix = if q.kind == Kind::Choice {
            "or any value that is"
        } else {
            "must be"
        };
        out.push_str(&format!("{inner}{prefix}: {rule}\n"));
    }
    match (q.min_items, q.max_items) {
        (Some(min), Some(max)) => out.push_str(&format!("{inner}items: {min} to {max}\n")),
        (Some(min), None) => out.push_str(&format!("{inner}items: at least {min}\n")),
        (None, Some(max)) => out.push_str(&format!("{inner}items: at most {max}\n")),
        (None, None) => {}
    }
    if let Some(when) = &q.when {
        out.push_str(&format!("{inner}asked only when: {when}\n"));
    }
    match (&detected, &q.default) {
        (Some(d), _) if d.per_agent => {
            let (value, files) = (summarize(d.value), d.files());
            out.push_str(&format!(
                "{inner}detected: {value}  ({files}); kept, each agent takes its own share of it\n"
            ));
        }
        (Some(d), own) => {
            let (value, files) = (summarize(d.value), d.files());
            out.push_str(&format!("{inner}default: {value}  (detected: {files})\n"));
            if let Some(own) = own {
                out.push_str(&format!("{inner}role default: {}\n", summarize(own)));
            }
        }
        (None, Some(default)) => out.push_str(&format!("{inner}default: {}\n", summarize(default))),
        (None, None) => {}
    }
    for field in &q.fields {
        describe_question(out, field, &inner, None);
    }
}

/// A default in one line: short values whole, long ones abridged.
fn summarize(raw: &Raw) -> String {
    match raw {
        Raw::Seq(items) if items.iter().any(|i| matches!(i, Raw::Map(_))) => {
            format!("{} items (see `agentgen answers`)", items.len())
        }
        Raw::Str(s) if s.contains('\n') || s.chars().count() > 100 => {
            let first: String = s.lines().next().unwrap_or("").chars().take(80).collect();
            format!("\"{first}…\"")
        }
        other => other.to_string(),
    }
}

/// Leaves optional questions empty and required questions without a default
/// blank, so the answers file shows every question without asking anything.
struct Blank;

impl Prompter for Blank {
    fn ask(&mut self, ask: Ask<'_>) -> Result<Reply> {
        Ok(if ask.default.is_none() && ask.question.required {
            Reply::Empty
        } else {
            Reply::NotAsked
        })
    }

    fn confirm(&mut self, _: Confirm<'_>) -> Result<Option<bool>> {
        Ok(None)
    }
}

/// `agentgen answers <role|kit>`; a role's defaults are those `new` takes
/// over the `detected` stack, each detected one marked with its files. A
/// kit's shared questions take no detected default, as in `kit` (each
/// member takes them under its own questions).
pub fn answers_file(subject: &Subject, renderer: &Renderer, detected: &[Given]) -> Result<String> {
    match subject {
        Subject::Role(role) => {
            let header = format!(
                "# Answers for the agentgen role \"{name}\": {summary}\n\
                 #\n\
                 # Edit the values, then run:\n\
                 #   agentgen new {name} --answers this-file.yaml\n\
                 # A key you delete takes its default; `agentgen show {name}` describes every question.\n",
                name = role.name,
                summary = role.summary
            );
            questions_file(role, renderer, header, &Offered::new(role, detected))
        }
        Subject::Kit(kit) => {
            let header = format!(
                "# Answers for the agentgen kit \"{name}\": {summary}\n\
                 #\n\
                 # A plain shared answer (project, model) reaches every agent whose role asks the\n\
                 # same key; a stack answer (languages, ...) only the roles that declare they take\n\
                 # it (`agentgen show <role>`). Edit them, then run:\n\
                 #   agentgen kit {name} --answers this-file.yaml\n",
                name = kit.name,
                summary = kit.summary
            );
            let team = Offered::team(&kit.as_role(), detected);
            let mut out = questions_file(&kit.as_role(), renderer, header, &team)?;
            out.push_str(
                "\n# Answers for one agent go under its name and beat the shared ones; each\n\
                 # agent's role lists its questions (`agentgen show <role>`). For example:\n\
                 # agents:\n",
            );
            for member in &kit.agents {
                out.push_str(&format!(
                    "#   {}:    # role {}\n",
                    member.agent_name(),
                    member.role
                ));
                out.push_str("#     model: opus\n");
            }
            Ok(out)
        }
    }
}

/// The questions of a role (or of a kit's shared questions) as a commented
/// answers file with every default filled in.
fn questions_file(
    role: &Role,
    renderer: &Renderer,
    header: String,
    offered: &Offered,
) -> Result<String> {
    let gathered = answers::gather(role, &offered.given(), &mut Blank, renderer)?;
    let mut out = header;
    for q in &role.questions {
        out.push('\n');
        let mut heading = format!("{} ({}", q.prompt, q.kind.name());
        if !q.choices.is_empty() {
            heading.push_str(&format!(": {}", q.choices.join(", ")));
        }
        heading.push(')');
        comment(&mut out, &heading);
        if let Some(help) = &q.help {
            comment(&mut out, help);
        }
        let value = gathered.answers.get(&q.key).map(|v| v.to_raw());
        let entry = yaml::emit_mapping(
            &[(q.key.clone(), value.clone().unwrap_or(Raw::Null))],
            TextStyle::Block,
        );
        let entry = if value.is_none() {
            format!("{}:\n", q.key)
        } else {
            entry
        };
        if gathered.skipped.contains(&q.key) {
            comment(
                &mut out,
                &format!(
                    "Used only when `{}`.",
                    q.when.as_deref().unwrap_or_default()
                ),
            );
            for line in entry.lines() {
                out.push_str(&format!("# {line}\n"));
            }
            continue;
        }
        if is_template(q.default.as_ref()) {
            comment(
                &mut out,
                "This default follows earlier answers; delete the key to keep it in step.",
            );
        }
        if value.is_none() && q.required {
            comment(&mut out, "Required: fill this in.");
        }
        out.push_str(&detected_entry(entry, offered.get(&q.key)));
    }
    Ok(out)
}

/// An entry whose value was detected says so on its key's line
/// (`languages:  # detected from Cargo.toml`), so the comment travels with
/// the key when the file is edited.
fn detected_entry(entry: String, detected: Option<detected::Detected>) -> String {
    let Some(detected) = detected else {
        return entry;
    };
    if detected.per_agent {
        let value = summarize(detected.value);
        return format!(
            "# Detected: {value} ({}). Left empty, each agent takes its own share of it.\n{entry}",
            detected.files()
        );
    }
    let (first, rest) = entry.split_once('\n').unwrap_or((&entry, ""));
    format!("{first}  # detected from {}\n{rest}", detected.files())
}

fn is_template(raw: Option<&Raw>) -> bool {
    match raw {
        Some(Raw::Str(s)) => s.contains("{{") || s.contains("{%"),
        Some(Raw::Seq(items)) => items.iter().any(|i| is_template(Some(i))),
        Some(Raw::Map(entries)) => entries.iter().any(|(_, v)| is_template(Some(v))),
        _ => false,
    }
}

fn comment(out: &mut String, text: &str) {
    for line in text.lines().flat_map(|l| wrap(l, 88)) {
        out.push_str("# ");
        out.push_str(&line);
        out.push('\n');
    }
}

/// Wraps text at word boundaries to lines of at most `width` characters
/// (a longer word gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    // Roles hold only strings, numbers, booleans and string-keyed maps,
    // which always encode.
    Ok(serde_json::to_string_pretty(value).expect("role data encodes as JSON") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_words() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("toolongword x", 4), ["toolongword", "x"]);
    }
}
