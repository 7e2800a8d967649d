//! In-process benchmarks of the steps of `agentgen new`, `lint` and `detect`, with
//! criterion: where a run's time goes, without process start-up and file
//! writes (scripts/bench.sh times whole runs). Run with
//! `cargo bench --bench pipeline`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

use agentgen::agent;
use agentgen::agent_file::{self, Format};
use agentgen::answers::sources::Shape;
use agentgen::answers::{self, UserAnswers};
use agentgen::catalog::Catalog;
use agentgen::kit::Kit;
use agentgen::merge;
use agentgen::prompt::{AcceptDefaults, NoPrompt};
use agentgen::render::Renderer;
use agentgen::role::Role;
use agentgen::target::{Overrides, Target};

const ROLE: &str = "backend-architect";

fn example_answers() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/backend-architect.yaml")
}

fn steps(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    c.bench_function("load role", |b| {
        b.iter(|| Role::load(&catalog, black_box(ROLE)).unwrap())
    });
    c.bench_function("load kit full-stack with its roles", |b| {
        b.iter(|| Kit::load(&catalog, black_box("full-stack")).unwrap())
    });

    let role = Role::load(&catalog, ROLE).unwrap();
    let files = [example_answers()];
    c.bench_function("read answers file", |b| {
        b.iter(|| UserAnswers::read(black_box(&files), &[], None, Shape::Single).unwrap())
    });

    let given = UserAnswers::read(&files, &[], None, Shape::Single)
        .unwrap()
        .shared;
    let renderer = Renderer::new(catalog.clone());
    c.bench_function("check and gather answers", |b| {
        b.iter(|| {
            answers::gather(
                &role,
                black_box(&given),
                &mut AcceptDefaults(NoPrompt),
                &renderer,
            )
            .unwrap()
        })
    });

    let gathered = answers::gather(&role, &given, &mut NoPrompt, &renderer).unwrap();
    c.bench_function("render agent body and description", |b| {
        b.iter(|| agent::build(&role, black_box(&gathered), &renderer, &catalog).unwrap())
    });

    let built = agent::build(&role, &gathered, &renderer, &catalog).unwrap();
    let overrides = Overrides::default();
    c.bench_function("serialize and read back frontmatter (claude)", |b| {
        b.iter(|| {
            Target::Claude
                .render(black_box(&built), &overrides)
                .unwrap()
        })
    });

    c.bench_function("whole agent, fresh renderer", |b| {
        b.iter(|| {
            let catalog = Catalog::embedded();
            let role = Role::load(&catalog, ROLE).unwrap();
            let user = UserAnswers::read(&files, &[], None, Shape::Single).unwrap();
            let (given, overrides) = (user.shared, user.shared_targets);
            let renderer = Renderer::new(catalog.clone());
            let gathered = answers::gather(&role, &given, &mut NoPrompt, &renderer).unwrap();
            let agent = agent::build(&role, &gathered, &renderer, &catalog).unwrap();
            Target::Claude.render(&agent, &overrides).unwrap()
        })
    });

    let text = Target::Claude.render(&built, &overrides).unwrap().text;
    c.bench_function("lint one agent file", |b| {
        b.iter(|| agent_file::parse(Format::Markdown, black_box(&text)))
    });

    merge_bodies(c);
}

/// `agentgen sync` merges each edited file: two 10 KB bodies, the user's
/// and the template's edits in different places.
fn merge_bodies(c: &mut Criterion) {
    let base: Vec<String> = (0..155)
        .map(|i| format!("- Rule {i:03}: keep the handler small and test the edge cases well."))
        .collect();
    let mut ours = base.clone();
    ours[10] = "- Rule 010: my own wording of this rule.".into();
    ours[90].push_str(" Also log it.");
    ours.insert(150, "- An extra rule of mine.".into());
    let mut theirs = base.clone();
    theirs[40] = "- Rule 040: the template now says this.".into();
    theirs.remove(120);
    theirs.insert(60, "- A new template rule.".into());
    let [base, ours, theirs] = [base, ours, theirs].map(|lines| lines.join("\n") + "\n");
    let labels = merge::Labels::default();
    c.bench_function("merge two edited 10 KB bodies", |b| {
        b.iter(|| merge::merge_lines(black_box(&base), &ours, &theirs, labels))
    });

    let project =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/projects/monorepo");
    c.bench_function("detect the monorepo fixture's stack", |b| {
        b.iter(|| agentgen::detect::detect(black_box(&project)))
    });
}

criterion_group!(benches, steps);
criterion_main!(benches);
