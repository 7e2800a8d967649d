//! Detection against the fixture projects in tests/fixtures/projects, and
//! against hostile or broken trees built in temporary folders.

use std::fs;
use std::path::{Path, PathBuf};

use super::*;

use Category::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name)
}

fn evidence(facts: &Facts, category: Category, name: &str) -> String {
    facts
        .get(category)
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{name} not among {category:?}: {facts:#?}"))
        .evidence
        .clone()
}

#[test]
fn rust_service() {
    let facts = detect(&fixture("rust-service"));
    assert_eq!(facts.names(Languages), ["Rust"]);
    assert_eq!(facts.names(Frameworks), ["Axum", "Tokio", "SQLx"]);
    // From sqlx's "postgres" feature, and again from the CI service image.
    assert_eq!(facts.names(Databases), ["PostgreSQL"]);
    assert_eq!(evidence(&facts, Databases, "PostgreSQL"), "Cargo.toml");
    assert_eq!(facts.names(TestFrameworks), ["cargo test"]);
    assert_eq!(facts.names(PackageManagers), ["Cargo"]);
    assert_eq!(facts.names(Ci), ["GitHub Actions"]);
    assert_eq!(
        evidence(&facts, Ci, "GitHub Actions"),
        ".github/workflows/ci.yml"
    );
    assert_eq!(facts.names(Infrastructure), ["Docker"]);
    assert!(facts.get(MessageQueues).is_empty() && facts.get(Cloud).is_empty());
}

#[test]
fn nextjs_app() {
    let facts = detect(&fixture("nextjs-app"));
    // JavaScript is dropped once TypeScript is known.
    assert_eq!(facts.names(Languages), ["TypeScript"]);
    assert_eq!(facts.names(Frameworks), ["Next.js", "React", "Prisma"]);
    assert_eq!(facts.names(Databases), ["PostgreSQL"]);
    assert_eq!(
        evidence(&facts, Databases, "PostgreSQL"),
        "prisma/schema.prisma"
    );
    assert_eq!(
        facts.names(TestFrameworks),
        ["Vitest", "Playwright", "Testing Library"]
    );
    assert_eq!(facts.names(PackageManagers), ["pnpm"]);
    assert!(facts.get(Ci).is_empty() && facts.get(Infrastructure).is_empty());
}

#[test]
fn django_app() {
    let facts = detect(&fixture("django-app"));
    assert_eq!(facts.names(Languages), ["Python"]);
    assert_eq!(
        facts.names(Frameworks),
        ["Django", "Django REST framework", "Celery"]
    );
    assert_eq!(facts.names(Databases), ["PostgreSQL", "Redis"]);
    assert_eq!(facts.names(TestFrameworks), ["pytest"]);
    assert_eq!(facts.names(PackageManagers), ["uv"]);
    assert_eq!(facts.names(Ci), ["GitHub Actions"]);
    assert_eq!(facts.names(Infrastructure), ["Docker", "Docker Compose"]);
    assert_eq!(
        evidence(&facts, Infrastructure, "Docker Compose"),
        "compose.yaml"
    );
}

#[test]
fn go_kafka_on_aws() {
    let facts = detect(&fixture("go-kafka-aws"));
    assert_eq!(facts.names(Languages), ["Go"]);
    // gRPC is only an indirect requirement: not the project's choice.
    assert!(facts.get(Frameworks).is_empty(), "{facts:#?}");
    assert_eq!(facts.names(MessageQueues), ["Kafka"]);
    assert_eq!(facts.names(Databases), ["PostgreSQL"]);
    assert_eq!(facts.names(Cloud), ["AWS"]);
    assert_eq!(facts.names(TestFrameworks), ["Go testing", "testify"]);
    assert_eq!(facts.names(PackageManagers), ["Go modules"]);
    assert_eq!(facts.names(Ci), ["GitLab CI"]);
    assert_eq!(
        facts.names(Infrastructure),
        ["Docker", "Kubernetes", "Terraform"]
    );
    assert_eq!(
        evidence(&facts, Infrastructure, "Kubernetes"),
        "k8s/deployment.yaml"
    );
    assert_eq!(
        evidence(&facts, Infrastructure, "Terraform"),
        "terraform/main.tf"
    );
}

#[test]
fn monorepo_reads_workspaces_and_service_folders() {
    let facts = detect(&fixture("monorepo"));
    assert_eq!(facts.names(Languages), ["TypeScript", "Go", "Python"]);
    assert_eq!(
        facts.names(Frameworks),
        ["Next.js", "React", "chi", "FastAPI", "SQLAlchemy"]
    );
    assert_eq!(
        evidence(&facts, Frameworks, "Next.js"),
        "apps/web/package.json"
    );
    assert_eq!(evidence(&facts, Frameworks, "chi"), "services/api/go.mod");
    assert_eq!(facts.names(Databases), ["PostgreSQL", "Redis"]);
    assert_eq!(facts.names(MessageQueues), ["RabbitMQ"]);
    assert_eq!(
        facts.names(TestFrameworks),
        ["Jest", "Testing Library", "Go testing", "pytest"]
    );
    assert_eq!(
        evidence(&facts, TestFrameworks, "pytest"),
        "services/worker/requirements-dev.txt"
    );
    assert_eq!(facts.names(PackageManagers), ["npm", "Go modules", "pip"]);
    assert_eq!(facts.names(Ci), ["CircleCI"]);
    assert_eq!(
        facts.names(Infrastructure),
        ["Docker Compose", "Helm", "Docker", "Kubernetes"]
    );
}

#[test]
fn answers_use_the_role_keys_and_skip_what_was_not_found() {
    let facts = detect(&fixture("go-kafka-aws"));
    let answers = answers(&facts);
    let keys: Vec<&str> = answers.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "languages",
            "databases",
            "message_queues",
            "cloud",
            "ci",
            "test_frameworks",
            "iac",
            "deploy_tools",
            "platform"
        ]
    );
    let get = |key: &str| answers.iter().find(|(k, _)| k == key).unwrap().1.clone();
    let list = |names: &[&str]| Raw::Seq(names.iter().map(|n| Raw::Str(n.to_string())).collect());
    assert_eq!(get("languages"), list(&["Go"]));
    assert_eq!(get("iac"), list(&["Terraform"]));
    assert_eq!(get("deploy_tools"), list(&["Docker"]));
    assert_eq!(get("platform"), Raw::Str("kubernetes".into()));

    let nothing = answers_of_empty();
    assert!(nothing.is_empty(), "{nothing:?}");
}

fn answers_of_empty() -> Vec<(String, Raw)> {
    let dir = tempfile::tempdir().unwrap();
    answers(&detect(dir.path()))
}

#[test]
fn every_answer_key_is_a_question_some_role_asks() {
    // What detect calls each answer must be what the templates call it,
    // or the answer reaches nobody.
    let facts = detect(&fixture("monorepo"));
    let mut keys: Vec<String> = answers(&facts).into_iter().map(|(k, _)| k).collect();
    keys.extend(
        answers(&detect(&fixture("go-kafka-aws")))
            .into_iter()
            .map(|(k, _)| k),
    );
    let roles = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/roles");
    let mut asked = String::new();
    for role in fs::read_dir(roles).unwrap() {
        asked += &fs::read_to_string(role.unwrap().path().join("role.yaml")).unwrap();
    }
    for key in keys {
        assert!(
            asked.contains(&format!("- key: {key}\n")),
            "no role asks {key}"
        );
    }
}

#[test]
fn yaml_report_parses_and_names_the_evidence() {
    let facts = detect(&fixture("django-app"));
    let text = to_yaml(&facts);
    let raw = yaml::parse(&text).unwrap();
    let Raw::Map(entries) = &raw else {
        panic!("{raw:?}")
    };
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    let expected: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
    assert_eq!(keys, expected);
    assert_eq!(
        raw.get("frameworks"),
        Some(&Raw::Seq(vec![
            Raw::Str("Django".into()),
            Raw::Str("Django REST framework".into()),
            Raw::Str("Celery".into()),
        ]))
    );
    assert!(text.contains("  - uv  # uv.lock\n"), "{text}");
    assert!(text.contains("message_queues: []\n"), "{text}");
}

#[test]
fn a_newline_in_a_file_name_cannot_end_the_comment() {
    let mut facts = Facts::default();
    facts.add(Ci, "Jenkins", "a\nb: x");
    let text = to_yaml(&facts);
    assert!(text.contains("  - Jenkins  # a\\nb: x\n"), "{text}");
    assert_eq!(
        yaml::parse(&text).unwrap().get("ci").map(Raw::kind_name),
        Some("a list")
    );
}

#[test]
fn json_report_has_every_category_with_evidence() {
    let text = report(&fixture("nextjs-app"), true).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let object = json.as_object().unwrap();
    assert_eq!(object.len(), Category::ALL.len());
    assert_eq!(json["databases"][0]["name"], "PostgreSQL");
    assert_eq!(json["databases"][0]["evidence"], "prisma/schema.prisma");
    assert_eq!(json["ci"], serde_json::json!([]));
}

#[test]
fn a_missing_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = report(&dir.path().join("nope"), false).unwrap_err();
    assert!(matches!(err, Error::Usage { .. }), "{err:?}");
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn malformed_manifests_say_only_what_their_presence_says() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "package.json", "{ \"dependencies\": { \"react\": ");
    write(root, "Cargo.toml", "[dependencies\naxum = ");
    write(
        root,
        "pyproject.toml",
        "[project\ndependencies = [\"django\"",
    );
    write(root, "compose.yaml", "services: [\n  image: {{{");
    write(root, "go.mod", "\u{0}\u{1}require (\n\u{ff}");
    fs::write(root.join("Gemfile"), b"gem \"rails\xff\xfe\"\ngem \"rspec").unwrap();
    let facts = detect(root);
    assert_eq!(
        facts.names(Languages),
        ["Rust", "JavaScript", "Go", "Python", "Ruby"]
    );
    assert!(facts.get(Frameworks).is_empty(), "{facts:#?}");
    assert!(facts.get(Databases).is_empty(), "{facts:#?}");
}

#[test]
fn dependency_folders_and_paths_out_of_the_project_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    write(
        &outside,
        "package.json",
        r#"{"dependencies": {"vue": "3"}}"#,
    );
    let root = dir.path().join("project");
    write(
        &root,
        "package.json",
        r#"{"workspaces": ["../outside", "node_modules/*", "dist", "/etc", "apps/*"]}"#,
    );
    write(
        &root,
        "node_modules/x/package.json",
        r#"{"dependencies": {"mongodb": "6"}}"#,
    );
    write(
        &root,
        "dist/package.json",
        r#"{"dependencies": {"svelte": "4"}}"#,
    );
    write(
        &root,
        "apps/site/package.json",
        r#"{"dependencies": {"astro": "4"}}"#,
    );
    let facts = detect(&root);
    assert_eq!(facts.names(Frameworks), ["Astro"]);
    assert!(facts.get(Databases).is_empty());
}

#[test]
fn workspace_members_named_by_cargo_and_go_work_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\", \"tools/gen\"]\n",
    );
    write(
        root,
        "crates/web/Cargo.toml",
        "[dependencies]\nactix-web = \"4\"\n",
    );
    write(
        root,
        "tools/gen/Cargo.toml",
        "[dependencies]\nrusqlite = \"0.32\"\n",
    );
    write(root, "go.work", "go 1.23\n\nuse (\n\t./svc/billing\n)\n");
    write(
        root,
        "svc/billing/go.mod",
        "module b\n\nrequire github.com/gofiber/fiber/v2 v2.52.5\n",
    );
    let facts = detect(root);
    assert_eq!(facts.names(Frameworks), ["Actix Web", "Fiber"]);
    assert_eq!(evidence(&facts, Frameworks, "Fiber"), "svc/billing/go.mod");
    assert_eq!(facts.names(Databases), ["SQLite"]);
}

#[test]
fn other_ecosystems() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "Gemfile",
        "source \"https://rubygems.org\"\ngem 'rails', '~> 7.2'\ngem \"sidekiq\"\ngroup :test do\n  gem \"rspec-rails\"\nend\n",
    );
    write(
        root,
        "composer.json",
        r#"{"require": {"laravel/framework": "^11"}, "require-dev": {"phpunit/phpunit": "^11"}}"#,
    );
    write(
        root,
        "build.gradle.kts",
        "plugins { id(\"org.springframework.boot\") version \"3.3.5\"; kotlin(\"jvm\") version \"2.0.21\" }\ndependencies { testImplementation(\"org.junit.jupiter:junit-jupiter:5.11.3\") }\n",
    );
    write(
        root,
        "App.sln",
        "Project(\"{FAE04EC0}\") = \"Api\", \"src\\Api\\Api.csproj\", \"{1}\"\nEndProject\n",
    );
    write(
        root,
        "src/Api/Api.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><PackageReference Include=\"Npgsql.EntityFrameworkCore.PostgreSQL\" Version=\"8\" /><PackageReference Include=\"xunit\" /></ItemGroup></Project>",
    );
    write(root, "azure-pipelines.yml", "trigger: [main]\n");
    let facts = detect(root);
    assert_eq!(facts.names(Languages), ["Ruby", "Kotlin", "PHP", "C#"]);
    assert_eq!(
        facts.names(Frameworks),
        [
            "Ruby on Rails",
            "Sidekiq",
            "Spring Boot",
            "Laravel",
            "ASP.NET Core"
        ]
    );
    assert_eq!(facts.names(Databases), ["PostgreSQL"]);
    assert_eq!(
        facts.names(TestFrameworks),
        ["RSpec", "JUnit", "PHPUnit", "xUnit"]
    );
    assert_eq!(
        facts.names(PackageManagers),
        ["Bundler", "Gradle", "Composer", "NuGet"]
    );
    assert_eq!(facts.names(Ci), ["Azure Pipelines"]);
}

#[test]
fn terraform_providers_name_their_clouds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "infra/gcp/main.tf",
        "provider \"google\" {\n  project = \"x\"\n}\n",
    );
    write(
        root,
        "infra/azure/main.tf",
        "terraform {\n  required_providers {\n    azurerm = { source = \"hashicorp/azurerm\" }\n  }\n}\n",
    );
    let facts = detect(root);
    assert_eq!(facts.names(Cloud), ["Azure", "GCP"]);
    assert_eq!(facts.names(Infrastructure), ["Terraform"]);
}

#[cfg(unix)]
#[test]
fn links_and_fifos_never_hang_or_lead_outside() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    write(
        &outside,
        "package.json",
        r#"{"dependencies": {"vue": "3"}}"#,
    );
    let root = dir.path().join("project");
    fs::create_dir_all(root.join("apps")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("apps/linked")).unwrap();
    std::os::unix::fs::symlink(outside.join("package.json"), root.join("package.json")).unwrap();
    std::os::unix::fs::symlink(&root, root.join("services")).unwrap();
    let fifo_made = std::process::Command::new("mkfifo")
        .arg(root.join("go.mod"))
        .status()
        .is_ok_and(|s| s.success());
    let facts = detect(&root);
    assert!(facts.is_empty(), "{facts:#?}");
    assert!(fifo_made || cfg!(not(target_os = "linux")));
}

#[test]
fn python_manifests_of_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "services/a/pyproject.toml",
        "[tool.poetry.dependencies]\npython = \"^3.12\"\nFastAPI = \"^0.115\"\n\n[tool.poetry.group.test.dependencies]\nhypothesis = \"*\"\n",
    );
    write(
        root,
        "services/b/Pipfile",
        "[packages]\nflask = \"*\"\n\n[dev-packages]\npytest = \"*\"\n",
    );
    write(
        root,
        "services/c/setup.cfg",
        "[metadata]\nname = c\n\n[options]\ninstall_requires =\n    boto3>=1.35\n    kafka-python\n",
    );
    let facts = detect(root);
    assert_eq!(facts.names(Languages), ["Python"]);
    assert_eq!(facts.names(Frameworks), ["FastAPI", "Flask"]);
    assert_eq!(facts.names(TestFrameworks), ["Hypothesis", "pytest"]);
    assert_eq!(facts.names(PackageManagers), ["Poetry", "Pipenv"]);
    assert_eq!(facts.names(MessageQueues), ["Kafka"]);
    assert_eq!(evidence(&facts, Cloud, "AWS"), "services/c/setup.cfg");
}

#[test]
fn pnpm_and_object_workspaces_name_their_members() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "pnpm-workspace.yaml",
        "packages:\n  - 'web'\n  - \"tools/*\" # scripts\n",
    );
    write(
        root,
        "web/package.json",
        r#"{"dependencies": {"vue": "3"}}"#,
    );
    write(
        root,
        "tools/cli/package.json",
        r#"{"dependencies": {"commander": "12"}, "devDependencies": {"mocha": "10"}}"#,
    );
    let facts = detect(root);
    assert_eq!(facts.names(Frameworks), ["Vue"]);
    assert_eq!(facts.names(TestFrameworks), ["Mocha"]);

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "package.json",
        r#"{"workspaces": {"packages": ["site"]}}"#,
    );
    write(
        root,
        "site/package.json",
        r#"{"dependencies": {"svelte": "5"}}"#,
    );
    assert_eq!(detect(root).names(Frameworks), ["Svelte"]);
}

#[test]
fn mobile_projects() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "apps/mobile/pubspec.yaml",
        "name: app\ndependencies:\n  flutter:\n    sdk: flutter\n",
    );
    write(root, "apps/ios/Podfile", "platform :ios, '16.0'\n");
    write(
        root,
        "apps/ios/Package.swift",
        "// swift-tools-version:5.9\n",
    );
    let facts = detect(root);
    assert_eq!(facts.names(Languages), ["Swift", "Dart"]);
    assert_eq!(facts.names(Frameworks), ["Flutter"]);
    assert_eq!(
        facts.names(PackageManagers),
        ["Swift Package Manager", "CocoaPods", "pub"]
    );
}

#[test]
fn a_hundred_packages_leave_budget_for_services_and_deployment() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 0..100 {
        write(
            root,
            &format!("packages/p{i:03}/package.json"),
            r#"{"dependencies": {"react": "18"}}"#,
        );
    }
    write(root, "services/api/go.mod", "module api\n");
    write(root, "deploy/prod/main.tf", "provider \"aws\" {}\n");
    let facts = detect(root);
    assert_eq!(facts.names(Languages), ["JavaScript", "Go"]);
    assert_eq!(facts.names(Cloud), ["AWS"]);
    assert_eq!(evidence(&facts, Cloud, "AWS"), "deploy/prod/main.tf");
}

#[test]
fn gradle_subprojects_hold_the_dependencies() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "settings.gradle.kts",
        "rootProject.name = \"shop\"\ninclude(\":app\")\n",
    );
    write(root, "build.gradle.kts", "plugins { java }\n");
    write(
        root,
        "app/build.gradle.kts",
        "dependencies { implementation(\"org.springframework.kafka:spring-kafka:3.2.4\") }\n",
    );
    let facts = detect(root);
    assert_eq!(facts.names(MessageQueues), ["Kafka"]);
    assert_eq!(
        evidence(&facts, MessageQueues, "Kafka"),
        "app/build.gradle.kts"
    );
}

#[test]
fn uv_workspace_members_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "pyproject.toml",
        "[tool.uv.workspace]\nmembers = [\"lib/*\"]\n",
    );
    write(
        root,
        "lib/etl/pyproject.toml",
        "[project]\ndependencies = [\"confluent-kafka\"]\n",
    );
    let facts = detect(root);
    assert_eq!(facts.names(MessageQueues), ["Kafka"]);
    assert_eq!(
        evidence(&facts, MessageQueues, "Kafka"),
        "lib/etl/pyproject.toml"
    );
}

#[test]
fn every_fixture_report_reads_back_as_its_facts() {
    for name in [
        "rust-service",
        "nextjs-app",
        "django-app",
        "go-kafka-aws",
        "monorepo",
    ] {
        let facts = detect(&fixture(name));
        let raw = yaml::parse(&to_yaml(&facts)).unwrap();
        for category in Category::ALL {
            let names: Vec<Raw> = facts
                .names(category)
                .into_iter()
                .map(|n| Raw::Str(n.to_owned()))
                .collect();
            assert_eq!(raw.get(category.key()), Some(&Raw::Seq(names)), "{name}");
        }
        let json: serde_json::Value =
            serde_json::from_str(&report(&fixture(name), true).unwrap()).unwrap();
        for category in Category::ALL {
            let evidence: Vec<&str> = json[category.key()]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["evidence"].as_str().unwrap())
                .collect();
            for file in evidence {
                assert!(fixture(name).join(file).is_file(), "{name}: {file}");
            }
        }
    }
}

#[test]
fn a_requirements_folder_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "requirements/base.txt", "Django==5.1\n");
    write(
        root,
        "requirements/production.txt",
        "-r base.txt\npsycopg2-binary==2.9\n",
    );
    write(root, "setup.py", "from setuptools import setup\nsetup()\n");
    let facts = detect(root);
    assert_eq!(facts.names(Languages), ["Python"]);
    assert_eq!(
        evidence(&facts, Languages, "Python"),
        "requirements/base.txt"
    );
    assert_eq!(facts.names(Frameworks), ["Django"]);
    assert_eq!(
        evidence(&facts, Databases, "PostgreSQL"),
        "requirements/production.txt"
    );
}

#[test]
fn detected_answers_are_valid_for_every_role_that_asks_them() {
    use crate::answers::{Given, GivenAnswers, gather};
    use crate::catalog::Catalog;
    use crate::error::Origin;
    use crate::prompt::NoPrompt;
    use crate::question::Spelling;
    use crate::render::Renderer;
    use crate::role::Role;

    let catalog = Catalog::embedded();
    let renderer = Renderer::new(catalog.clone());
    let mut checked_devops = false;
    for project in ["go-kafka-aws", "monorepo", "django-app"] {
        let detected = answers(&detect(&fixture(project)));
        for entry in Role::entries(&catalog) {
            let role = Role::load(&catalog, &entry.name).unwrap();
            let mut given = GivenAnswers::default();
            given.layer(
                detected
                    .iter()
                    // As the pipeline offers them: only where the role's
                    // question of that key takes the value.
                    .filter(|(key, raw)| {
                        role.question(key)
                            .is_some_and(|q| q.check(raw, Spelling::Parsed).is_ok())
                    })
                    .map(|(key, raw)| {
                        Given::new(
                            key.clone(),
                            raw.clone(),
                            Origin::Detected { files: Vec::new() },
                        )
                    }),
            );
            let gathered = gather(&role, &given, &mut NoPrompt, &renderer)
                .unwrap_or_else(|e| panic!("{project} for {}: {e}", entry.name));
            crate::agent::build(&role, &gathered, &renderer, &catalog)
                .unwrap_or_else(|e| panic!("{project} for {}: {e}", entry.name));
            if (project, entry.name.as_str()) == ("go-kafka-aws", "devops-engineer") {
                let answers = &gathered.answers;
                assert_eq!(answers.str("platform"), Some("kubernetes"));
                let iac = answers.get("iac").and_then(|v| v.as_list());
                assert_eq!(iac, Some(&["Terraform".to_string()][..]));
                checked_devops = true;
            }
        }
    }
    assert!(checked_devops, "devops-engineer is a built-in role");
}
