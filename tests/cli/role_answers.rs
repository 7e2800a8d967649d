//! Answers that must change what a built-in agent is told, not just its
//! wording: cloud-architect names only the chosen provider's services, and
//! each choice question of the roles added with it (legacy-modernizer,
//! incident-responder, cloud-architect, ui-ux-designer) selects its own
//! guidance and leaves out the guidance of the other choices.

use crate::support::*;

/// The whole agent file for `role` with `--defaults` and `sets`.
fn render(sb: &Sandbox, role: &str, sets: &[&str]) -> String {
    let mut cmd = sb.cmd(["new", role, "--defaults", "--stdout"]);
    for set in sets {
        cmd.args(["--set", set]);
    }
    stdout_of(cmd.assert())
}

/// Whether `term` occurs in `text` as a whole word or phrase, so that "S3"
/// is not found inside "S30" and "AWS" not inside "LAWS".
fn mentions(text: &str, term: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(term).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + term.len()..].chars().next())
    })
}

const AWS_NAMES: &[&str] = &[
    "AWS",
    "S3",
    "Lambda",
    "EC2",
    "CloudTrail",
    "CloudFormation",
    "Route 53",
    "DynamoDB",
];
const GCP_NAMES: &[&str] = &[
    "GCP",
    "Google",
    "Cloud Run",
    "GKE",
    "BigQuery",
    "Cloud Storage",
    "Spanner",
];
const AZURE_NAMES: &[&str] = &["Azure", "Entra", "Key Vault", "AKS", "Cosmos DB", "Bicep"];

fn assert_names(agent: &str, wanted: &[&str], unwanted: &[&[&str]], case: &str) {
    for term in wanted {
        assert!(mentions(agent, term), "{case}: {term} missing:\n{agent}");
    }
    for term in unwanted.iter().flat_map(|names| names.iter()) {
        assert!(!mentions(agent, term), "{case}: names {term}:\n{agent}");
    }
}

#[test]
fn cloud_architect_names_only_the_chosen_providers_services() {
    let sb = Sandbox::new();
    let gcp = render(&sb, "cloud-architect", &["cloud=[GCP]"]);
    assert_names(&gcp, GCP_NAMES, &[AWS_NAMES, AZURE_NAMES], "GCP");
    assert!(gcp.contains("hashicorp/google"), "{gcp}");

    // CloudFormation is named only when it is the chosen tool.
    let aws_services: Vec<&str> = AWS_NAMES
        .iter()
        .copied()
        .filter(|n| *n != "CloudFormation")
        .collect();
    let aws = render(&sb, "cloud-architect", &["cloud=[AWS]"]);
    assert_names(&aws, &aws_services, &[GCP_NAMES, AZURE_NAMES], "AWS");
    assert!(aws.contains("hashicorp/aws"), "{aws}");

    let azure = render(&sb, "cloud-architect", &["cloud=[Azure]", "iac=bicep"]);
    assert_names(&azure, AZURE_NAMES, &[AWS_NAMES, GCP_NAMES], "Azure");
}

#[test]
fn cloud_architect_puts_the_first_provider_first_and_flags_foreign_iac() {
    let sb = Sandbox::new();
    let both = render(&sb, "cloud-architect", &["cloud=[GCP, AWS]"]);
    assert!(both.contains("## Building blocks on GCP"), "{both}");
    assert!(!both.contains("## Building blocks on AWS"), "{both}");
    assert!(
        both.contains("## Running on more than one provider"),
        "{both}"
    );
    assert!(
        mentions(&both, "Lambda"),
        "the second provider's services: {both}"
    );

    let single = render(&sb, "cloud-architect", &["cloud=[GCP]"]);
    assert!(!single.contains("more than one provider"), "{single}");

    let mismatch = render(&sb, "cloud-architect", &["cloud=[AWS]", "iac=bicep"]);
    assert!(
        mismatch.contains("Bicep deploys only to Azure"),
        "{mismatch}"
    );
    let matched = render(&sb, "cloud-architect", &["cloud=[Azure]", "iac=bicep"]);
    assert!(!matched.contains("deploys only to"), "{matched}");
}

#[test]
fn a_kits_shared_cloud_reaches_the_cloud_architect() {
    let sb = Sandbox::new();
    sb.run(["kit", "platform", "--defaults", "--set", "cloud=[GCP]"])
        .success();
    let agent = sb.read(".claude/agents/cloud-architect.md");
    assert_names(&agent, &["Cloud Run"], &[AWS_NAMES], "platform kit");
    // The same answer reaches the members whose cloud is a free list.
    assert!(sb.read(".claude/agents/devops-engineer.md").contains("GCP"));
}

/// For each choice of `key`, the text only that choice produces.
struct Case {
    role: &'static str,
    key: &'static str,
    markers: &'static [(&'static str, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        role: "legacy-modernizer",
        key: "migration",
        markers: &[
            ("framework_upgrade", "Climb one supported release at a time"),
            ("language_port", "Translate behaviour, not syntax"),
            ("monolith_split", "(strangler fig)"),
            ("refactor", "Delete dead code in its own commits"),
        ],
    },
    Case {
        role: "legacy-modernizer",
        key: "coverage",
        markers: &[
            ("none", "coarse approval tests at the outermost boundary"),
            ("thin", "no test executes"),
            ("solid", "mutation testing tool"),
        ],
    },
    Case {
        role: "legacy-modernizer",
        key: "rollout",
        markers: &[
            ("feature_flags", "turning the flag off"),
            ("traffic_split", "routing everything to the old path"),
            ("release_train", "ship dormant in one release"),
        ],
    },
    Case {
        role: "incident-responder",
        key: "severity_scheme",
        markers: &[
            ("sev", "**SEV1**"),
            ("priority", "**P1**"),
            ("named", "**Critical**"),
        ],
    },
    Case {
        role: "incident-responder",
        key: "paging",
        markers: &[
            ("pagerduty", "live in PagerDuty"),
            ("opsgenie", "through Opsgenie"),
            ("incident_io", "`/inc`"),
            ("grafana_oncall", "Grafana OnCall"),
            ("other", "Use the paging tool the team has"),
        ],
    },
    Case {
        role: "incident-responder",
        key: "incident_role",
        markers: &[
            ("commander", "You act as incident commander"),
            ("adviser", "A human incident commander leads"),
        ],
    },
    Case {
        role: "cloud-architect",
        key: "iac",
        markers: &[
            ("terraform", "Terraform or OpenTofu. Keep state remote"),
            ("cloudformation", "StackSets"),
            ("pulumi", "`pulumi preview`"),
            ("bicep", "Azure Verified Modules"),
            ("none", "Nothing is under code yet"),
        ],
    },
    Case {
        role: "cloud-architect",
        key: "resilience",
        markers: &[
            (
                "multi_zone",
                "restoring from backups copied to a second region",
            ),
            ("pilot_light", "defined in code but not running"),
            ("warm_standby", "scaled-down but working copy"),
            (
                "active_active",
                "serve traffic at full capacity at all times",
            ),
        ],
    },
    Case {
        role: "ui-ux-designer",
        key: "design_system",
        markers: &[
            ("none", "found one as you go"),
            ("growing", "but have drifted"),
            ("established", "as it is: compose screens"),
        ],
    },
    Case {
        role: "ui-ux-designer",
        key: "research",
        markers: &[
            ("none", "cannot talk to users directly"),
            ("occasional", "a handful of sessions per feature"),
            ("regular", "Research runs continuously"),
        ],
    },
    Case {
        role: "ui-ux-designer",
        key: "wcag_level",
        markers: &[
            ("AA", "24 by 24 CSS pixels"),
            ("AAA", "44 by 44 CSS pixels"),
        ],
    },
];

#[test]
fn each_choice_selects_its_own_guidance() {
    let sb = Sandbox::new();
    for case in CASES {
        for (choice, marker) in case.markers {
            let set = format!("{}={choice}", case.key);
            let agent = render(&sb, case.role, &[&set]);
            assert!(
                agent.contains(marker),
                "{} {set}: {marker:?} missing",
                case.role
            );
            for (other, foreign) in case.markers.iter().filter(|(c, _)| c != choice) {
                assert!(
                    !agent.contains(foreign),
                    "{} {set}: carries the guidance for {other}",
                    case.role
                );
            }
        }
    }
}

#[test]
fn known_observability_tools_get_specific_advice_and_unknown_ones_none() {
    let sb = Sandbox::new();
    let agent = render(
        &sb,
        "incident-responder",
        &["observability=[Datadog, Kibana, SomethingElse]"],
    );
    assert!(agent.contains("- Datadog: "), "{agent}");
    assert!(agent.contains("- Kibana: narrow with KQL"), "{agent}");
    assert!(!agent.contains("SomethingElse"), "{agent}");
    assert!(!agent.contains("- Prometheus: "), "{agent}");
}
