//! The agent document: frontmatter data plus a markdown body.
//!
//! An [`Agent`] is built from a role and its answers: the body and the
//! description are rendered by templates, every other field is copied from
//! the answers as data. Nothing here writes YAML text; a target
//! ([`crate::target`]) turns an agent into a file, and [`crate::agent_file`]
//! reads one back.

use crate::answers::Gathered;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::names;
use crate::render::{Renderer, tidy};
use crate::role::Role;
use crate::value::Value;

/// An agent, independent of the tool that will read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Agent {
    pub name: String,
    pub description: String,
    /// Claude Code tool names; empty means the agent inherits every tool.
    pub tools: Vec<String>,
    pub model: Option<String>,
    pub color: Option<String>,
    pub body: String,
}

/// Renders the agent a role describes with these answers.
pub fn build(
    role: &Role,
    gathered: &Gathered,
    renderer: &Renderer,
    catalog: &Catalog,
) -> Result<Agent> {
    let answers = &gathered.answers;
    let name = answers.str("name").unwrap_or_default().to_owned();
    names::check(&name)?;
    let ctx = &gathered.context;
    let own = format!("roles/{}/description.j2", role.name);
    let description_template = if catalog.has(&own) {
        own
    } else {
        "partials/description.j2".to_owned()
    };
    // Not trimmed: the description is the user's text, kept exactly, but
    // for a typed backslash-n: Claude Code shows it as a line break and
    // every other tool as two characters, so it is written as the line
    // break the user meant, the same in every target (and never a file
    // that agentgen's own lint warns about).
    let description = renderer
        .render(&description_template, ctx)?
        .replace("\\n", "\n");
    let body = tidy(&renderer.render(&role.body_template(), ctx)?);
    let text = |key: &str| {
        answers
            .str(key)
            .map(str::to_owned)
            .filter(|s| !s.trim().is_empty())
    };
    let tools = match answers.get("tools") {
        Some(Value::List(items)) => items.clone(),
        _ => Vec::new(),
    };
    Ok(Agent {
        name,
        description,
        tools,
        model: text("model"),
        color: text("color"),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{GivenAnswers, gather};
    use crate::prompt::NoPrompt;

    #[test]
    fn a_render_compiles_only_the_templates_it_uses() {
        let catalog = Catalog::embedded();
        let renderer = Renderer::new(catalog.clone());
        let role = Role::load(&catalog, "backend-architect").unwrap();
        let gathered = gather(&role, &GivenAnswers::default(), &mut NoPrompt, &renderer).unwrap();
        build(&role, &gathered, &renderer, &catalog).unwrap();
        assert_eq!(
            renderer.loaded_templates(),
            [
                "partials/communication.j2",
                "partials/description.j2",
                "partials/lists.j2",
                "roles/backend-architect/agent.md.j2"
            ],
            "memory.j2 is not compiled when memory is off"
        );
    }
}
