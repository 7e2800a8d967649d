//! Containers, infrastructure code and CI: Dockerfiles and Compose files
//! (with the images their services run), Terraform and its providers,
//! Kubernetes manifests, Helm charts, and the CI systems' own files.
//!
//! YAML here is read line by line through `crate::yaml::lines`, never
//! parsed: a Compose file or manifest may use anchors, templates (Helm) or
//! several documents, and only a few keys (`image:`, `apiVersion:`,
//! `kind:`) matter.

use super::ecosystems::unquote;
use super::rules;
use super::scan::{Folder, Tree};
use super::{Category, Facts};
use crate::yaml;

use Category::{Ci, Cloud, Infrastructure as I};

/// Root folders that usually hold deployment code; they and their
/// subfolders are searched for manifests, charts and Terraform.
pub const FOLDERS: &[&str] = &[
    "k8s",
    "kubernetes",
    "kube",
    "deploy",
    "deployment",
    "deployments",
    "manifests",
    "charts",
    "helm",
    "terraform",
    "infra",
    "infrastructure",
    "ops",
    "docker",
];

/// YAML or Terraform files read in one folder, at most.
const MAX_FILES_PER_FOLDER: usize = 32;

pub fn is_infra_folder(rel: &str) -> bool {
    let first = rel.split('/').next().unwrap_or_default();
    FOLDERS.contains(&first)
}

/// CI systems, by the file or folder at the root that configures them.
const CI_FILES: &[(&str, &str)] = &[
    (".gitlab-ci.yml", "GitLab CI"),
    ("Jenkinsfile", "Jenkins"),
    ("azure-pipelines.yml", "Azure Pipelines"),
    ("azure-pipelines.yaml", "Azure Pipelines"),
    ("bitbucket-pipelines.yml", "Bitbucket Pipelines"),
    (".travis.yml", "Travis CI"),
    (".drone.yml", "Drone"),
];
const CI_FOLDERS: &[(&str, &str)] = &[
    (".github/workflows", "GitHub Actions"),
    (".circleci", "CircleCI"),
    (".buildkite", "Buildkite"),
];

/// Steps of a workflow that sign in to a cloud.
const CI_CLOUD_ACTIONS: &[(&str, &str)] = &[
    ("aws-actions/", "AWS"),
    ("google-github-actions/", "GCP"),
    ("azure/login", "Azure"),
];

/// Platforms a project deploys to, by their configuration file.
const PLATFORM_FILES: &[(&str, Category, &str)] = &[
    ("vercel.json", Cloud, "Vercel"),
    ("netlify.toml", Cloud, "Netlify"),
    ("fly.toml", Cloud, "Fly.io"),
    ("Pulumi.yaml", I, "Pulumi"),
    ("cdk.json", I, "AWS CDK"),
    ("cdk.json", Cloud, "AWS"),
    ("serverless.yml", I, "Serverless Framework"),
    ("Chart.yaml", I, "Helm"),
    ("helmfile.yaml", I, "Helm"),
    ("kustomization.yaml", I, "Kustomize"),
    ("kustomization.yml", I, "Kustomize"),
    ("kustomization.yaml", I, "Kubernetes"),
    ("kustomization.yml", I, "Kubernetes"),
    ("skaffold.yaml", I, "Kubernetes"),
    ("terragrunt.hcl", I, "Terraform"),
];

/// CI, which only the root configures.
pub fn visit_root(tree: &mut Tree, top: &Folder, facts: &mut Facts) {
    for &(file, system) in CI_FILES {
        if top.has(file) {
            facts.add(Ci, system, file);
        }
    }
    for &(rel, system) in CI_FOLDERS {
        let first = rel.split('/').next().unwrap_or_default();
        if !top.dirs.contains(first) {
            continue;
        }
        let Some(folder) = tree.list(rel) else {
            continue;
        };
        let configs: Vec<String> = folder
            .files_where(is_yaml)
            .take(MAX_FILES_PER_FOLDER)
            .map(|n| folder.path(n))
            .collect();
        let Some(first) = configs.first() else {
            continue;
        };
        facts.add(Ci, system, first);
        for path in &configs {
            let text = tree.read(path).unwrap_or_default();
            for &(needle, cloud) in CI_CLOUD_ACTIONS {
                if text.contains(needle) {
                    facts.add(Cloud, cloud, path);
                }
            }
            // Services a workflow starts for its tests are the project's.
            images(&text, facts, path);
        }
    }
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yml") || name.ends_with(".yaml")
}

fn is_dockerfile(name: &str) -> bool {
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
}

fn is_compose(name: &str) -> bool {
    is_yaml(name) && (name.starts_with("docker-compose") || name.starts_with("compose."))
}

/// Containers and infrastructure code of one folder.
pub fn visit(tree: &mut Tree, folder: &Folder, facts: &mut Facts) {
    if let Some(name) = folder.files_where(is_dockerfile).next() {
        facts.add(I, "Docker", &folder.path(name));
    }
    let composes: Vec<String> = folder
        .files_where(is_compose)
        .map(|n| folder.path(n))
        .collect();
    for path in composes.iter().take(MAX_FILES_PER_FOLDER) {
        facts.add(I, "Docker Compose", path);
        let text = tree.read(path).unwrap_or_default();
        images(&text, facts, path);
    }
    for &(file, category, name) in PLATFORM_FILES {
        if folder.has(file) {
            facts.add(category, name, &folder.path(file));
        }
    }
    terraform(tree, folder, facts);
    if is_infra_folder(&folder.rel) {
        manifests(tree, folder, facts);
    }
}

/// Terraform (or OpenTofu) files and the clouds their providers reach.
fn terraform(tree: &mut Tree, folder: &Folder, facts: &mut Facts) {
    const PROVIDERS: &[(&str, &str)] = &[
        ("hashicorp/aws", "AWS"),
        ("provider \"aws\"", "AWS"),
        ("hashicorp/google", "GCP"),
        ("provider \"google\"", "GCP"),
        ("provider \"google-beta\"", "GCP"),
        ("hashicorp/azurerm", "Azure"),
        ("provider \"azurerm\"", "Azure"),
    ];
    let files: Vec<(String, &str)> = folder
        .files_where(|n| n.ends_with(".tf") || n.ends_with(".tofu"))
        .take(MAX_FILES_PER_FOLDER)
        .map(|n| {
            let tool = if n.ends_with(".tofu") {
                "OpenTofu"
            } else {
                "Terraform"
            };
            (folder.path(n), tool)
        })
        .collect();
    for (path, tool) in &files {
        facts.add(I, tool, path);
        let text = tree.read(path).unwrap_or_default();
        for &(needle, cloud) in PROVIDERS {
            if text.contains(needle) {
                facts.add(Cloud, cloud, path);
            }
        }
    }
}

/// Kubernetes manifests (a document with `apiVersion:` and `kind:`),
/// Argo CD applications and CloudFormation templates in a deployment folder.
fn manifests(tree: &mut Tree, folder: &Folder, facts: &mut Facts) {
    let files: Vec<String> = folder
        .files_where(is_yaml)
        .take(MAX_FILES_PER_FOLDER)
        .map(|n| folder.path(n))
        .collect();
    for path in &files {
        let Some(text) = tree.read(path) else {
            continue;
        };
        if text.contains("AWSTemplateFormatVersion") {
            facts.add(I, "CloudFormation", path);
            facts.add(Cloud, "AWS", path);
            continue;
        }
        let (mut api, mut kind) = (false, false);
        for line in yaml::lines(&text) {
            if let Some(version) = line.strip_prefix("apiVersion:") {
                api = true;
                if version.contains("argoproj.io/") {
                    facts.add(I, "Argo CD", path);
                }
            }
            kind |= line.starts_with("kind:");
        }
        if api && kind {
            facts.add(I, "Kubernetes", path);
            images(&text, facts, path);
        }
    }
}

/// The services behind `image:` lines (Compose services, pod containers,
/// CI service containers).
fn images(text: &str, facts: &mut Facts, path: &str) {
    for line in yaml::lines(text) {
        let line = line.trim_start();
        let line = line.strip_prefix("- ").unwrap_or(line).trim_start();
        if let Some(value) = line.strip_prefix("image:") {
            if let Some(name) = image_name(unquote(value)) {
                rules::apply(rules::IMAGES, [name.as_str()], facts, path);
            }
        }
    }
}

/// `registry:5000/bitnami/kafka:3.7@sha256:…` is `kafka`.
pub fn image_name(image: &str) -> Option<String> {
    let image = image.split('@').next()?;
    let last = image.rsplit('/').next()?;
    let name = last.split(':').next()?;
    (!name.is_empty() && !name.contains(['$', '{'])).then(|| name.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names_lose_registry_tag_and_digest() {
        for (image, name) in [
            ("postgres:16-alpine", "postgres"),
            ("docker.io/bitnami/kafka:3.7", "kafka"),
            ("registry:5000/team/redis@sha256:abcd", "redis"),
            ("RabbitMQ", "rabbitmq"),
        ] {
            assert_eq!(image_name(image).as_deref(), Some(name), "{image}");
        }
        assert_eq!(image_name("${IMAGE}"), None);
        assert_eq!(image_name(""), None);
    }

    #[test]
    fn images_are_found_in_compose_and_pod_specs() {
        let mut facts = Facts::default();
        let text = "services:\n  db:\n    image: \"postgres:16\"\n  q:\n    image: rabbitmq:3-management # broker\nspec:\n  containers:\n    - image: confluentinc/cp-kafka:7.6\n";
        images(text, &mut facts, "compose.yaml");
        assert_eq!(
            facts.names(Category::Databases),
            ["PostgreSQL"],
            "{facts:?}"
        );
        assert_eq!(facts.names(Category::MessageQueues), ["RabbitMQ", "Kafka"]);
    }
}
