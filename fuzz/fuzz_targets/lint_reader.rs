//! Arbitrary bytes through `lint_bytes`, the whole check `agentgen lint`
//! makes of a file once it has its bytes, for every target.
//!
//! Beyond not panicking (and not hanging or exhausting memory, which
//! libFuzzer reports as timeouts and OOMs), a fix that lint accepts must
//! read back strictly (no lenient-only YAML, no `---` inside the
//! frontmatter) and keep the agent's name.

#![no_main]

use agentgen::lint::{Fix, lint_bytes};
use agentgen::target::Target;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for target in Target::ALL {
        let linted = lint_bytes(target, data.to_vec(), Fix::FrontmatterAndNewlines);
        assert!(
            linted.read || linted.findings.len() == 1,
            "an unreadable file has exactly one finding: {:?}",
            linted.findings
        );
        let Some(fixed) = linted.fixed else { continue };
        let again = lint_bytes(target, fixed.clone().into_bytes(), Fix::No);
        assert!(
            again.read,
            "{target:?}: a fix that does not read back: {fixed:?}"
        );
        assert!(
            again
                .findings
                .iter()
                .all(|(_, f)| f.rule != "lenient-yaml" && f.rule != "dashes-in-frontmatter"),
            "{target:?}: a fix that still needs fixing: {fixed:?}: {:?}",
            again.findings
        );
        // The name's line may move (a fix drops blank lines); the name not.
        let unfixed = lint_bytes(target, data.to_vec(), Fix::No);
        assert_eq!(
            unfixed.name.map(|(name, _)| name),
            linted.name.map(|(name, _)| name),
            "{target:?}: a fix changed the name"
        );
    }
});
