//! Targets: the tools that read agents, and how each one wants its file.
//!
//! A target owns where an agent's file goes (project and user scope), how
//! its fields are named and spelled, which values it accepts, and the final
//! serialization with a read-back check. Claude Code is the first target.
//! Its rules, from its documentation and from how its loader behaves:
//! - the file is `.claude/agents/<name>.md` (user scope: `~/.claude/agents/`);
//! - `name` and `description` are required; a file without a description
//!   is skipped silently (DESIGN.md);
//! - `tools` is a comma-separated string of tool names, the form Claude
//!   Code's own agent files use; omitted, the agent inherits every tool;
//! - `model` is `sonnet`, `opus`, `haiku`, `inherit` or a full model id;
//! - `color` is one of eight names;
//! - the frontmatter ends at the first `---`, so none may appear inside it.

use std::path::{Path, PathBuf};

use crate::agent::{self, Agent};
use crate::error::{Error, Result};
use crate::value::Raw;
use crate::yaml::{self, TextStyle};

pub const CLAUDE_MODELS: &[&str] = &["sonnet", "opus", "haiku", "inherit"];
pub const CLAUDE_COLORS: &[&str] = &[
    "red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Claude,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Claude => "Claude Code",
        }
    }

    /// The folder, relative to a project root, where this target looks for
    /// project agents.
    pub fn project_dir(self) -> &'static Path {
        match self {
            Target::Claude => Path::new(".claude/agents"),
        }
    }

    /// The folder for agents available in every project of this user.
    pub fn user_dir(self, home: &Path) -> PathBuf {
        match self {
            Target::Claude => home.join(".claude/agents"),
        }
    }

    /// The file name of an agent. The name was checked by
    /// [`agent::check_name`], so it is a single path component.
    pub fn file_name(self, agent_name: &str) -> String {
        match self {
            Target::Claude => format!("{agent_name}.md"),
        }
    }

    /// The frontmatter fields in the order Claude Code's own files use.
    fn fields(self, agent: &Agent) -> Vec<(String, Raw)> {
        let mut fields = vec![
            ("name".to_owned(), Raw::Str(agent.name.clone())),
            (
                "description".to_owned(),
                Raw::Str(agent.description.clone()),
            ),
        ];
        if !agent.tools.is_empty() {
            fields.push(("tools".into(), Raw::Str(agent.tools.join(", "))));
        }
        if let Some(model) = &agent.model {
            fields.push(("model".into(), Raw::Str(model.clone())));
        }
        if let Some(color) = &agent.color {
            fields.push(("color".into(), Raw::Str(color.clone())));
        }
        fields
    }

    /// Every reason this target would refuse or mis-read the agent.
    pub fn problems(self, agent: &Agent) -> Vec<String> {
        let mut problems = Vec::new();
        if let Some(reason) = agent::name_problem(&agent.name) {
            problems.push(format!("name '{}': {reason}", agent.name));
        }
        if agent.description.trim().is_empty() {
            problems.push(
                "the description is empty, and Claude Code skips an agent without one".into(),
            );
        }
        if let Some(model) = &agent.model
            && !is_claude_model(model)
        {
            problems.push(format!(
                "model '{model}' is not one of {} or a full model id such as claude-sonnet-4-5",
                CLAUDE_MODELS.join(", ")
            ));
        }
        if let Some(color) = &agent.color
            && !CLAUDE_COLORS.contains(&color.as_str())
        {
            problems.push(format!(
                "color '{color}' is not one of {}",
                CLAUDE_COLORS.join(", ")
            ));
        }
        for tool in &agent.tools {
            if tool.trim().is_empty() || tool.contains([',', '\n', '\r']) {
                problems.push(format!(
                    "tool {tool:?} cannot be written in a comma-separated tools list"
                ));
            }
        }
        problems
    }

    /// The file contents for an agent, checked: the target's rules hold, and
    /// the frontmatter reads back, with a strict YAML parser and with
    /// Claude Code's splitting, as exactly the data it was made from.
    pub fn render(self, agent: &Agent) -> Result<String> {
        let problems = self.problems(agent);
        if !problems.is_empty() {
            return Err(Error::InvalidAgent {
                name: agent.name.clone(),
                target: self.name(),
                problems,
            });
        }
        let fields = self.fields(agent);
        let frontmatter = yaml::emit_mapping(&fields, TextStyle::Escaped);
        let text = format!("---\n{frontmatter}---\n\n{}", agent.body);
        self.read_back(agent, &fields, &text)?;
        Ok(text)
    }

    fn read_back(self, agent: &Agent, fields: &[(String, Raw)], text: &str) -> Result<()> {
        let fail = |detail: String| Error::SelfCheck {
            name: agent.name.clone(),
            detail,
        };
        let parts = agent::split(text).ok_or_else(|| fail("no frontmatter found".into()))?;
        if !parts.body.starts_with('\n') || parts.body[1..] != agent.body {
            return Err(fail("the frontmatter ends before its closing line".into()));
        }
        let parsed = yaml::parse(parts.frontmatter).map_err(|e| fail(e.message))?;
        if parsed != Raw::Map(fields.to_vec()) {
            return Err(fail(format!("read back as {parsed}")));
        }
        Ok(())
    }
}

/// An alias Claude Code knows, or a full model id (`claude-` followed by
/// lowercase letters, digits, dots and hyphens).
pub fn is_claude_model(model: &str) -> bool {
    CLAUDE_MODELS.contains(&model)
        || model.strip_prefix("claude-").is_some_and(|id| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent() -> Agent {
        Agent {
            name: "backend-architect".into(),
            description: "Use it: when --- things\nbreak \\n".into(),
            tools: vec!["Read".into(), "Bash(git diff:*)".into()],
            model: Some("sonnet".into()),
            color: Some("blue".into()),
            body: "You are.\n".into(),
        }
    }

    #[test]
    fn fields_are_in_claude_order_and_read_back() {
        let text = Target::Claude.render(&agent()).unwrap();
        let keys: Vec<&str> = text
            .lines()
            .skip(1)
            .take(5)
            .map(|l| l.split(':').next().unwrap())
            .collect();
        assert_eq!(keys, ["name", "description", "tools", "model", "color"]);
        assert!(text.contains("tools: Read, Bash(git diff:*)\n"), "{text}");
        assert!(text.ends_with("---\n\nYou are.\n"));
        assert_eq!(text.matches("---").count(), 2, "{text}");
    }

    #[test]
    fn empty_fields_are_omitted() {
        let mut a = agent();
        a.tools.clear();
        a.model = None;
        a.color = None;
        let text = Target::Claude.render(&a).unwrap();
        assert!(!text.contains("tools:") && !text.contains("model:") && !text.contains("color:"));
    }

    #[test]
    fn target_rules_are_enforced() {
        let mut a = agent();
        a.model = Some("gpt-5".into());
        a.color = Some("teal".into());
        a.description = " ".into();
        let Err(Error::InvalidAgent { problems, .. }) = Target::Claude.render(&a) else {
            panic!()
        };
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Whatever the strings, the frontmatter reads back identical with
        /// a strict parser (serde_yaml, used directly) and holds no `---`.
        #[test]
        fn any_strings_read_back_identical(
            description in "\\PC*[^\\s]\\PC*|(?s).*[a-z].*",
            tools in proptest::collection::vec("[^,\n\r]*[^,\n\r\\s][^,\n\r]*", 0..5),
            name in "[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,4}){0,3}",
            body in "(?s).*",
        ) {
            let agent = Agent {
                name,
                description,
                tools,
                model: Some("claude-opus-4-1".into()),
                color: Some("cyan".into()),
                body,
            };
            let text = Target::Claude.render(&agent).unwrap();
            let parts = agent::split(&text).unwrap();
            proptest::prop_assert!(!parts.frontmatter.contains("---"));
            let parsed: serde_yaml::Mapping = serde_yaml::from_str(parts.frontmatter).unwrap();
            proptest::prop_assert_eq!(parsed.get("name").and_then(|v| v.as_str()), Some(agent.name.as_str()));
            proptest::prop_assert_eq!(parsed.get("description").and_then(|v| v.as_str()), Some(agent.description.as_str()));
            let tools = agent.tools.join(", ");
            proptest::prop_assert_eq!(parsed.get("tools").and_then(|v| v.as_str()), (!agent.tools.is_empty()).then_some(tools.as_str()));
            proptest::prop_assert_eq!(parts.body.strip_prefix('\n'), Some(agent.body.as_str()));
        }
    }

    #[test]
    fn model_ids() {
        assert!(is_claude_model("claude-sonnet-4-5-20250929"));
        assert!(is_claude_model("inherit"));
        assert!(!is_claude_model("claude-"));
        assert!(!is_claude_model("Claude-Opus"));
    }
}
