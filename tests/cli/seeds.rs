//! The five seed agents in tests/fixtures/seeds are the reference outputs:
//! `examples/seeds/<stem>.yaml` must reproduce each one's name, model,
//! colour, tools, number of examples, section titles in order, every
//! technology it names, and about its length, in agentgen's own words.

use std::collections::HashSet;

use crate::support::*;

const STEMS: &[&str] = &[
    "000_96e61f3fc2fdcd70",
    "001_5c4ab42e9830e9da",
    "002_f8d637a12cf1ce96",
    "003_d00556b8bb3ea39a",
    "004_fd76292242161fe4",
];

/// A seed file read the lenient way: three of the five seeds are not
/// valid YAML, so fields are read as `key: value` lines, which is all a
/// seed's frontmatter holds.
struct Seed {
    fields: Vec<(String, String)>,
    body: String,
}

impl Seed {
    fn load(stem: &str) -> Seed {
        let text =
            std::fs::read_to_string(repo(&format!("tests/fixtures/seeds/{stem}.txt"))).unwrap();
        let rest = text.strip_prefix("---\n").unwrap();
        let end = rest.find("\n---\n").unwrap();
        let fields = rest[..end]
            .lines()
            .map(|line| {
                let (k, v) = line.split_once(": ").unwrap();
                (k.to_owned(), v.trim_matches('"').to_owned())
            })
            .collect();
        Seed {
            fields,
            body: rest[end + 5..].to_owned(),
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn render(stem: &str) -> (String, AgentFile) {
    let sb = Sandbox::new();
    let answers = repo(&format!("examples/seeds/{stem}.yaml"));
    let out = stdout_of(
        sb.cmd(["new", "backend-architect", "--stdout", "--answers"])
            .arg(answers)
            .assert(),
    );
    let agent = AgentFile::parse(&out);
    (out, agent)
}

fn tools(list: Option<&str>) -> Vec<String> {
    list.map(|l| l.split(", ").map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The titles that structure a body, in order: markdown headings, bold
/// label lines (`**Title**:`), the bold labels of top-level numbered items
/// (`1. **Area**: ...`), and short plain label lines that introduce a list
/// (`Your approach:`). Sentences that end in a colon before a paragraph or
/// a code block are prose, not titles.
fn section_titles(body: &str) -> Vec<String> {
    let lines: Vec<&str> = body.lines().collect();
    let is_item = |l: &str| {
        let t = l.trim_start();
        t.starts_with("- ")
            || t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let mut titles = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim_end();
        let heading = line.starts_with('#');
        let bold_label = line.starts_with("**")
            && (line.ends_with("**:") || line.ends_with("**"))
            && line.matches("**").count() == 2;
        if heading || bold_label {
            titles.push(line.to_owned());
        } else if is_item(line) && !line.starts_with(' ') && !line.starts_with('-') {
            let (_, rest) = line.split_once(". ").unwrap();
            if let Some(label) = rest.strip_prefix("**").and_then(|r| r.split_once("**")) {
                titles.push(format!("**{}**", label.0));
            }
        } else if !is_item(line) && line.ends_with(':') && line.split_whitespace().count() <= 6 {
            let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
            if next.is_some_and(|n| is_item(n)) {
                titles.push(line.to_owned());
            }
        }
    }
    titles
}

/// Word 8-grams of each line (and each escaped line of a one-line
/// description), lowercased, punctuation dropped.
fn ngrams(text: &str) -> HashSet<String> {
    let mut grams = HashSet::new();
    for line in text.split('\n').flat_map(|l| l.split("\\n")) {
        let words: Vec<String> = line
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for window in words.windows(8) {
            grams.insert(window.join(" "));
        }
    }
    grams
}

fn facts(stem: &str) -> Vec<String> {
    std::fs::read_to_string(repo(&format!("tests/fixtures/seeds/{stem}.facts")))
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_seed_is_reproduced() {
    for stem in STEMS {
        let seed = Seed::load(stem);
        let (out, agent) = render(stem);
        golden(&format!("seeds/{stem}.md"), &out);

        assert_eq!(agent.str("name"), seed.get("name"), "{stem}: name");
        assert_eq!(agent.str("model"), seed.get("model"), "{stem}: model");
        assert_eq!(agent.str("color"), seed.get("color"), "{stem}: color");
        assert_eq!(
            tools(agent.str("tools")),
            tools(seed.get("tools")),
            "{stem}: tools"
        );

        let description = agent.str("description").unwrap();
        let seed_description = seed.get("description").unwrap();
        assert_eq!(
            description.matches("<example>").count(),
            seed_description.matches("<example>").count(),
            "{stem}: number of <example> blocks"
        );
        assert!(
            description.to_lowercase().contains("backend"),
            "{stem}: same purpose"
        );

        assert_eq!(
            section_titles(&agent.body),
            section_titles(&seed.body),
            "{stem}: section titles"
        );

        let whole = out.to_lowercase();
        let missing: Vec<String> = facts(stem)
            .into_iter()
            .filter(|f| !whole.contains(&f.to_lowercase()))
            .collect();
        assert!(missing.is_empty(), "{stem}: facts not named: {missing:?}");

        let ratio = agent.body.trim().len() as f64 / seed.body.trim().len() as f64;
        assert!(
            (0.8..=1.25).contains(&ratio),
            "{stem}: body length ratio {ratio:.2}"
        );
    }
}

#[test]
fn the_seeds_really_have_their_titles() {
    // Guards the title extractor: an extractor that finds nothing would
    // make the comparison above pass vacuously.
    // The counts and titles below were read off the seed files by hand.
    let titles: Vec<Vec<String>> = STEMS
        .iter()
        .map(|s| section_titles(&Seed::load(s).body))
        .collect();
    let counts: Vec<usize> = titles.iter().map(Vec::len).collect();
    assert_eq!(counts, [3, 17, 9, 11, 26]);
    assert_eq!(
        titles[0],
        [
            "Your core responsibilities:",
            "Your approach:",
            "When implementing solutions:"
        ]
    );
    assert!(titles[1].contains(&"**Clarify Requirements**".to_owned()));
    assert!(titles[2].contains(&"**Technology Stack Expertise**:".to_owned()));
    assert_eq!(
        titles[4].last().map(String::as_str),
        Some("## Session Summary")
    );
}

#[test]
fn no_seed_sentence_is_copied() {
    // The prose of a seed is its description and body; field values such
    // as the tools list are facts that must match.
    let mut seed_grams = HashSet::new();
    for stem in STEMS {
        let seed = Seed::load(stem);
        seed_grams.extend(ngrams(seed.get("description").unwrap()));
        seed_grams.extend(ngrams(&seed.body));
    }
    assert!(seed_grams.len() > 1000);
    let mut ours: Vec<(String, String)> = STEMS
        .iter()
        .map(|s| (format!("render of {s}"), render(s).0))
        .collect();
    let sb = Sandbox::new();
    ours.push((
        "render with defaults".into(),
        stdout_of(sb.run([
            "new",
            "backend-architect",
            "--stdout",
            "--set",
            "insights=true",
        ])),
    ));
    let example = repo("examples/backend-architect.yaml");
    ours.push((
        "render of the README example".into(),
        stdout_of(
            sb.cmd(["new", "backend-architect", "--stdout", "-a"])
                .arg(example)
                .assert(),
        ),
    ));
    for dir in [
        "templates/roles/backend-architect",
        "templates/partials",
        "templates/questions",
        "examples/seeds",
        "examples",
    ] {
        for entry in std::fs::read_dir(repo(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                ours.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    for (name, text) in ours {
        let copied: Vec<_> = ngrams(&text).intersection(&seed_grams).cloned().collect();
        assert!(copied.is_empty(), "{name} copies seed wording: {copied:?}");
    }
}
