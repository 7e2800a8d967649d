//! Arbitrary bytes as an answers file, and their lines that hold `=` as
//! `--set` flags, through everything `agentgen new backend-architect`
//! does before it writes: read and check the file, layer the sources,
//! check every answer against the role's questions, render the agent and
//! serialize it for every target.
//!
//! Beyond not panicking (or hanging, or exhausting memory):
//! - a file that cannot be read is a usage error (exit code 2) that names
//!   the file;
//! - no input makes agentgen's own read-back check fail (a `SelfCheck`
//!   error is always a bug);
//! - every agent file written reads back through `lint` strictly and with
//!   no error.

#![no_main]

use std::path::Path;

use agentgen::answers::sources::Shape;
use agentgen::answers::{self, UserAnswers};
use agentgen::catalog::Catalog;
use agentgen::lint::{Fix, lint_bytes};
use agentgen::prompt::NoPrompt;
use agentgen::render::Renderer;
use agentgen::role::Role;
use agentgen::target::Target;
use agentgen::{Error, agent};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    catalog: Catalog,
    role: Role,
    renderer: Renderer,
}

thread_local! {
    static FIXTURE: Fixture = {
        let catalog = Catalog::embedded();
        let role = Role::load(&catalog, "backend-architect").expect("the built-in role loads");
        let renderer = Renderer::new(catalog.clone());
        Fixture { catalog, role, renderer }
    };
}

fn not_a_bug(err: &Error) {
    assert!(
        !matches!(err, Error::SelfCheck { .. }),
        "agentgen's read-back check failed: {err}"
    );
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.yaml");
    let file = answers::parse_file(path, data.to_vec());
    if let Err(err) = &file {
        assert!(
            matches!(err, Error::AnswersSyntax { .. }) && err.exit_code() == 2,
            "{err:?}"
        );
        assert!(err.to_string().starts_with("fuzz.yaml"), "{err}");
    }
    let sets: Vec<_> = std::str::from_utf8(data)
        .map(|text| {
            text.lines()
                .filter(|line| line.contains('='))
                .take(8)
                .filter_map(|line| answers::parse_set(line).ok())
                .collect()
        })
        .unwrap_or_default();
    let sets: Vec<_> = sets.into_iter().map(|given| (None, given)).collect();
    let files = file.into_iter().map(|given| (Path::new("fuzz.yaml"), given));
    let user = match UserAnswers::from_sources(files.collect(), &sets, None, Shape::Single) {
        Ok(user) => user,
        Err(err) => return not_a_bug(&err),
    };
    FIXTURE.with(|f| {
        let gathered = match answers::gather(&f.role, &user.shared, &mut NoPrompt, &f.renderer) {
            Ok(gathered) => gathered,
            Err(err) => return not_a_bug(&err),
        };
        let agent = match agent::build(&f.role, &gathered, &f.renderer, &f.catalog) {
            Ok(agent) => agent,
            Err(err) => return not_a_bug(&err),
        };
        for target in Target::ALL {
            let rendered = match target.render(&agent, &user.shared_targets) {
                Ok(rendered) => rendered,
                Err(err) => {
                    not_a_bug(&err);
                    continue;
                }
            };
            let linted = lint_bytes(target, rendered.text.clone().into_bytes(), Fix::No);
            assert!(
                linted.read,
                "{target:?} wrote what it cannot read:\n{}",
                rendered.text
            );
            let bad: Vec<_> = linted
                .findings
                .iter()
                .filter(|(_, f)| {
                    f.severity == agentgen::finding::Severity::Error
                        || f.rule == "lenient-yaml"
                        || f.rule == "dashes-in-frontmatter"
                })
                .collect();
            assert!(bad.is_empty(), "{target:?}: {bad:?}\n{}", rendered.text);
        }
    });
});
