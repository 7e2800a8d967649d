//! Test support: a sandbox folder to run the real `agentgen` binary in,
//! snapshots that prove nothing was written, a strict reader for agent
//! files, and golden-file comparison.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::assert::Assert;

/// A temporary working folder with its own HOME, so no test can touch the
/// developer's files.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("home")).unwrap();
        Sandbox { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.path().join("home")
    }

    /// `agentgen ARGS` in the sandbox. Standard input is a pipe (empty
    /// unless the test writes to it), so there is no terminal.
    pub fn cmd<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_agentgen"));
        cmd.args(args)
            .current_dir(self.path())
            .env("HOME", self.home())
            .env_remove("AGENTGEN_TEMPLATES")
            .env("NO_COLOR", "1");
        cmd
    }

    /// `agentgen ARGS` in the sandbox under a resource limit, set with
    /// `ulimit LIMIT` in a POSIX shell: `-f 1` caps files at one block of
    /// 512 bytes, to simulate a full disk (unlike permissions, it binds
    /// root too); `-n 32` caps open file descriptors.
    pub fn cmd_with_ulimit<I, S>(&self, limit: &str, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!("ulimit {limit} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_agentgen"))
            .args(args)
            .current_dir(self.path())
            .env("HOME", self.home())
            .env_remove("AGENTGEN_TEMPLATES")
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs `agentgen ARGS` and returns the assertion handle.
    pub fn run<I, S>(&self, args: I) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd(args).assert()
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).symlink_metadata().is_ok()
    }

    /// Every file and folder below the sandbox with its contents, to prove
    /// that a failed run changed nothing.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let rel = path.strip_prefix(root).unwrap().to_owned();
                if path.is_dir() {
                    out.insert(rel, None);
                    walk(root, &path, out);
                } else {
                    out.insert(rel, Some(std::fs::read(&path).unwrap_or_default()));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(self.path(), self.path(), &mut out);
        out
    }
}

/// Whether `dir`, already made read-only, really refuses a new file. Root
/// ignores permissions, and then a test of them proves nothing: such a
/// test says so on standard error and stops.
pub fn read_only_binds(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    match std::fs::write(&probe, "") {
        Ok(()) => {
            std::fs::remove_file(&probe).unwrap();
            eprintln!(
                "skipped: {} accepts new files although it is read-only (running as root?), so this test cannot prove anything",
                dir.display()
            );
            false
        }
        Err(_) => true,
    }
}

/// The path of a file in the repository.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// An agent file read back the strict way: the frontmatter must parse as a
/// YAML mapping with serde_yaml, and it must end where Claude Code ends it
/// (at the first `---`), which is also the closing line.
pub struct AgentFile {
    pub fields: serde_yaml::Mapping,
    pub frontmatter: String,
    pub body: String,
}

impl AgentFile {
    pub fn parse(text: &str) -> AgentFile {
        let rest = text.strip_prefix("---\n").expect("opens with ---");
        let end = rest.find("---").expect("has a closing ---");
        let frontmatter = &rest[..end];
        let after = &rest[end..];
        assert!(
            after.starts_with("---\n"),
            "the first --- is not the closing line, so Claude Code would cut the frontmatter short:\n{text}"
        );
        assert!(
            frontmatter.ends_with('\n'),
            "closing --- is on its own line"
        );
        let fields: serde_yaml::Mapping = serde_yaml::from_str(frontmatter)
            .unwrap_or_else(|e| panic!("strict YAML parse failed: {e}\n{frontmatter}"));
        AgentFile {
            fields,
            frontmatter: frontmatter.to_owned(),
            // The blank line after the frontmatter is layout, not body.
            body: after["---\n".len()..]
                .strip_prefix('\n')
                .unwrap_or_default()
                .to_owned(),
        }
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(|v| {
            v.as_str()
                .unwrap_or_else(|| panic!("{key} is not a string: {v:?}"))
        })
    }

    pub fn keys(&self) -> Vec<String> {
        self.fields
            .keys()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect()
    }
}

/// Compares `actual` with the golden file `tests/golden/<name>`. With
/// UPDATE_GOLDEN=1 the file is rewritten instead, for review in the diff.
pub fn golden(name: &str, actual: &str) {
    let path = repo("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the golden file at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             Review the change and run with UPDATE_GOLDEN=1 to accept it.",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// Standard output of a successful run, as text.
pub fn stdout_of(assert: Assert) -> String {
    String::from_utf8(assert.success().get_output().stdout.clone()).unwrap()
}

/// Standard error of a run, as text.
pub fn stderr_of(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

/// A custom role `name` in the template folder `root` of the sandbox: the
/// shared identity questions with a test description, then `questions`
/// (more items of its `questions:` list), and `body` as its template.
pub fn custom_role(sb: &Sandbox, root: &str, name: &str, questions: &str, body: &str) {
    sb.write(
        &format!("{root}/roles/{name}/role.yaml"),
        format!(
            "name: {name}\nsummary: A custom role for tests.\nquestions:\n  - use: identity\n    defaults:\n      name: {name}\n      description: Use this agent in tests.\n{questions}"
        ),
    );
    sb.write(&format!("{root}/roles/{name}/agent.md.j2"), body);
}

/// Runs `new ROLE --defaults -o out ARGS` with `--templates t` and expects
/// exit `code` with each of `messages` on standard error and nothing
/// changed on disk; returns standard error.
pub fn custom_new_fails(
    sb: &Sandbox,
    role: &str,
    args: &[&str],
    code: i32,
    messages: &[&str],
) -> String {
    let before = sb.snapshot();
    let assert = sb
        .cmd(["--templates", "t", "new", role, "--defaults", "-o", "out"])
        .args(args)
        .assert()
        .code(code);
    let stderr = stderr_of(&assert);
    for m in messages {
        assert!(stderr.contains(m), "expected {m:?} in:\n{stderr}");
    }
    assert_eq!(sb.snapshot(), before, "nothing was written");
    stderr
}
