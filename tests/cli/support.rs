//! Test support: a sandbox folder to run the real `agentgen` binary in;
//! `Run`, the one way to run it that checks the exit code and messages
//! and proves, from snapshots of the whole sandbox, that a failing run
//! wrote nothing; a strict reader for agent files; and golden-file
//! comparison.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
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
        self.configure(&mut cmd);
        cmd.args(args);
        cmd
    }

    /// The sandbox's folder and HOME, no template folder from the
    /// developer's environment, and no colours.
    fn configure(&self, cmd: &mut Command) {
        cmd.current_dir(self.path())
            .env("HOME", self.home())
            .env_remove("AGENTGEN_TEMPLATES")
            .env_remove("XDG_CONFIG_HOME")
            .env("NO_COLOR", "1");
    }

    /// `agentgen ARGS` in the sandbox, described step by step and started
    /// by `.run()`, which checks the exit code, the messages and, for a
    /// run that fails, that nothing on disk changed. See `Run`.
    pub fn agentgen<I, S>(&self, args: I) -> Run<'_>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Run {
            sb: self,
            args: args.into_iter().map(|a| a.as_ref().to_owned()).collect(),
            env: Vec::new(),
            stdin: None,
            ulimit: None,
            dir: None,
            code: 0,
            disk: Disk::Default,
            checks: Vec::new(),
        }
    }

    /// Runs `agentgen ARGS`, which must succeed, and returns the assertion
    /// handle. A run expected to fail goes through `agentgen(ARGS)
    /// .fails(code)`, which also proves that it wrote nothing; so that no
    /// failing run slips past that check, this one stops at a failure.
    pub fn run<I, S>(&self, args: I) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd(args).assert().success()
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

    /// Every file, folder and link below the sandbox (HOME included): a
    /// file's contents and permissions, a link's target. Links are also
    /// followed, so what lies behind one counts too (under the link's
    /// path), even outside the sandbox.
    pub fn snapshot(&self) -> Snapshot {
        fn walk(root: &Path, dir: &Path, out: &mut Snapshot) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let rel = path.strip_prefix(root).unwrap().to_owned();
                if let Ok(target) = std::fs::read_link(&path) {
                    out.insert(rel.join("->"), Entry::Link(target));
                }
                match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => {
                        out.insert(rel, Entry::Folder(mode(&meta)));
                        walk(root, &path, out);
                    }
                    Ok(meta) => {
                        let bytes = std::fs::read(&path).unwrap_or_default();
                        out.insert(rel, Entry::File(bytes, mode(&meta)));
                    }
                    // A dangling link: its target, recorded above, is all.
                    Err(_) => {}
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(self.path(), self.path(), &mut out);
        out
    }

    /// Fails, naming each path added, removed or changed, unless the
    /// sandbox is as it was at `before`. For runs the builder cannot make
    /// (on a pseudo-terminal); every other run says `.fails(code)` or
    /// `.writes_nothing()` instead.
    #[track_caller]
    pub fn assert_unchanged(&self, before: &Snapshot) {
        let changes = changes(before, &self.snapshot());
        assert!(
            changes.is_empty(),
            "the sandbox changed: {}",
            changes.join(", ")
        );
    }
}

/// Every path below the sandbox and what is there. A link at `p` is
/// recorded as `p/->` (its target) besides what it leads to, at `p`.
pub type Snapshot = BTreeMap<PathBuf, Entry>;

#[derive(Debug, PartialEq)]
pub enum Entry {
    /// A folder, with its permission bits.
    Folder(u32),
    /// A file's contents and permission bits.
    File(Vec<u8>, u32),
    /// A link's target, as written in the link.
    Link(PathBuf),
}

/// The permission bits, where the platform has them.
fn mode(meta: &std::fs::Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o7777
    }
    #[cfg(not(unix))]
    {
        u32::from(meta.permissions().readonly())
    }
}

/// What changed between two snapshots, one line per path, for messages.
fn changes(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let name = |path: &Path| match (path.file_name(), path.parent()) {
        (Some(last), Some(link)) if last == "->" => format!("the link {}", link.display()),
        _ => path.display().to_string(),
    };
    let mut out = Vec::new();
    for (path, old) in before {
        match after.get(path) {
            None => out.push(format!("removed {}", name(path))),
            Some(new) if new != old => out.push(format!("changed {}", name(path))),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        out.push(format!("added {}", name(path)));
    }
    out
}

/// One run of `agentgen ARGS` in a sandbox, from `Sandbox::agentgen`:
///
/// ```ignore
/// let out = sb.agentgen(["new", "x", "-a", "a.yaml"]).stdin(bytes).env("K", "v")
///     .fails(2).stderr_has("a.yaml:3: insights").run();
/// ```
///
/// A run is expected to succeed unless `.fails(code)` says otherwise. A run
/// that fails must leave the sandbox, HOME included, exactly as it was:
/// `.run()` compares snapshots taken before and after, always, unless
/// `.writes_anyway(why)` opts out in plain sight (a run interrupted after
/// its renames, `lint --fix` exiting 1). `.writes_nothing()` asks the same
/// of a run that succeeds (`--stdout`, `--dry-run`, `lint`). Every check
/// that fails is reported at once, with the command, the exit code and
/// both outputs.
#[must_use = "nothing runs until .run()"]
pub struct Run<'a> {
    sb: &'a Sandbox,
    args: Vec<OsString>,
    env: Vec<(OsString, Option<OsString>)>,
    stdin: Option<Vec<u8>>,
    ulimit: Option<String>,
    /// The working folder, relative to the sandbox; the sandbox itself
    /// unless `.in_dir(..)` says otherwise.
    dir: Option<PathBuf>,
    code: i32,
    disk: Disk,
    checks: Vec<Check>,
}

/// What a run may do to the sandbox.
enum Disk {
    /// Unchanged if it fails; anything if it succeeds.
    Default,
    /// Unchanged, whether it fails or succeeds.
    Nothing,
    /// Anything, although it fails; the reason is shown in messages.
    Anyway(String),
}

/// A check of standard output (`true`) or standard error (`false`).
struct Check {
    stdout: bool,
    kind: Kind,
    text: String,
}

enum Kind {
    Has,
    Lacks,
    Is,
}

/// What a run printed and how it ended, for further assertions.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl<'a> Run<'a> {
    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Bytes on standard input (otherwise an empty pipe: no terminal).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    pub fn env(
        mut self,
        key: impl AsRef<std::ffi::OsStr>,
        value: impl AsRef<std::ffi::OsStr>,
    ) -> Self {
        let value = Some(value.as_ref().to_owned());
        self.env.push((key.as_ref().to_owned(), value));
        self
    }

    pub fn env_remove(mut self, key: impl AsRef<std::ffi::OsStr>) -> Self {
        self.env.push((key.as_ref().to_owned(), None));
        self
    }

    /// Runs in this folder of the sandbox (which must exist) instead of
    /// the sandbox itself; the whole sandbox is still checked.
    pub fn in_dir(mut self, rel: &str) -> Self {
        self.dir = Some(self.sb.path().join(rel));
        self
    }

    /// Runs under `ulimit LIMIT` in a POSIX shell: `-f 1` caps files at one
    /// block of 512 bytes, to simulate a full disk (unlike permissions, it
    /// binds root too); `-n 32` caps open file descriptors.
    pub fn ulimit(mut self, limit: &str) -> Self {
        self.ulimit = Some(limit.to_owned());
        self
    }

    /// Expects exit code 0 (the default; say it where it reads better).
    pub fn succeeds(mut self) -> Self {
        self.code = 0;
        self
    }

    /// Expects exit code `code`, which is not 0, and nothing written.
    pub fn fails(mut self, code: i32) -> Self {
        assert_ne!(code, 0, "a run that fails exits with a code other than 0");
        self.code = code;
        self
    }

    /// Expects the sandbox unchanged even though the run succeeds.
    pub fn writes_nothing(mut self) -> Self {
        self.disk = Disk::Nothing;
        self
    }

    /// Lets a failing run change the sandbox, for the stated reason.
    pub fn writes_anyway(mut self, why: &str) -> Self {
        self.disk = Disk::Anyway(why.to_owned());
        self
    }

    pub fn stdout_has(self, text: impl Into<String>) -> Self {
        self.check(true, Kind::Has, text)
    }

    pub fn stdout_lacks(self, text: impl Into<String>) -> Self {
        self.check(true, Kind::Lacks, text)
    }

    /// Standard output is exactly `text`.
    pub fn stdout_is(self, text: impl Into<String>) -> Self {
        self.check(true, Kind::Is, text)
    }

    pub fn stderr_has(self, text: impl Into<String>) -> Self {
        self.check(false, Kind::Has, text)
    }

    pub fn stderr_lacks(self, text: impl Into<String>) -> Self {
        self.check(false, Kind::Lacks, text)
    }

    /// Standard error is exactly `text`.
    pub fn stderr_is(self, text: impl Into<String>) -> Self {
        self.check(false, Kind::Is, text)
    }

    fn check(mut self, stdout: bool, kind: Kind, text: impl Into<String>) -> Self {
        let text = text.into();
        self.checks.push(Check { stdout, kind, text });
        self
    }

    /// Runs agentgen, checks everything described, and panics with the
    /// whole story if anything is not as expected, at the caller's line.
    #[track_caller]
    pub fn run(self) -> Outcome {
        assert!(
            self.code != 0 || !matches!(self.disk, Disk::Anyway(_)),
            "writes_anyway is for a run that fails; say which code with fails(code)"
        );
        let before = self.sb.snapshot();
        let output = self.command().output().expect("agentgen starts");
        let after = self.sb.snapshot();
        let mut problems = Vec::new();
        let mut text = |name: &str, bytes: &[u8]| {
            String::from_utf8(bytes.to_vec()).unwrap_or_else(|_| {
                problems.push(format!("{name} is not UTF-8"));
                String::from_utf8_lossy(bytes).into_owned()
            })
        };
        let stdout = text("standard output", &output.stdout);
        let stderr = text("standard error", &output.stderr);
        if output.status.code() != Some(self.code) {
            let status = output.status;
            problems.push(format!("expected exit code {}, got {status}", self.code));
        }
        for Check {
            stdout: out,
            kind,
            text,
        } in &self.checks
        {
            let (name, actual) = match out {
                true => ("standard output", &stdout),
                false => ("standard error", &stderr),
            };
            let problem = match kind {
                Kind::Has if !actual.contains(text.as_str()) => "lacks",
                Kind::Lacks if actual.contains(text.as_str()) => "has",
                Kind::Is if actual != text => "is not exactly",
                _ => continue,
            };
            problems.push(format!("{name} {problem} {}", short(text, 4000)));
            if let Kind::Is = kind {
                problems.push(first_difference(text, actual));
            }
        }
        let failed = self.code != 0 || !output.status.success();
        let must_not_write = match &self.disk {
            Disk::Default => failed,
            Disk::Nothing => true,
            Disk::Anyway(_) => false,
        };
        if must_not_write && after != before {
            problems.push(format!(
                "the sandbox changed although the run {}: {}",
                if failed {
                    "failed"
                } else {
                    "should write nothing"
                },
                changes(&before, &after).join(", ")
            ));
        }
        if !problems.is_empty() {
            panic!(
                "{}",
                self.story(&problems, &output.status, &stdout, &stderr)
            );
        }
        Outcome {
            code: output.status.code().unwrap_or(self.code),
            stdout,
            stderr,
        }
    }

    fn command(&self) -> Command {
        let mut cmd = match &self.ulimit {
            None => Command::new(env!("CARGO_BIN_EXE_agentgen")),
            Some(limit) => {
                let mut cmd = Command::new("sh");
                cmd.arg("-c")
                    .arg(format!("ulimit {limit} && exec \"$0\" \"$@\""))
                    .arg(env!("CARGO_BIN_EXE_agentgen"));
                cmd
            }
        };
        self.sb.configure(&mut cmd);
        if let Some(dir) = &self.dir {
            cmd.current_dir(dir);
        }
        cmd.args(&self.args);
        for (key, value) in &self.env {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        if let Some(bytes) = &self.stdin {
            cmd.write_stdin(bytes.clone());
        }
        cmd
    }

    /// The failure message: what went wrong, then the command and what it
    /// printed, shortened where it is huge.
    fn story(
        &self,
        problems: &[String],
        status: &std::process::ExitStatus,
        stdout: &str,
        stderr: &str,
    ) -> String {
        let mut out = String::from("agentgen did not run as expected:\n");
        for p in problems {
            let _ = writeln!(out, "  - {p}");
        }
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| word(&a.to_string_lossy()))
            .collect();
        let _ = writeln!(out, "command: agentgen {}", args.join(" "));
        let _ = writeln!(out, "  in {}", self.sb.path().display());
        for (key, value) in &self.env {
            let _ = match value {
                Some(v) => writeln!(
                    out,
                    "  with {}={}",
                    key.to_string_lossy(),
                    word(&v.to_string_lossy())
                ),
                None => writeln!(out, "  without {}", key.to_string_lossy()),
            };
        }
        if let Some(limit) = &self.ulimit {
            let _ = writeln!(out, "  under ulimit {limit}");
        }
        if let Some(bytes) = &self.stdin {
            let _ = writeln!(out, "  with {} bytes on standard input", bytes.len());
        }
        if let Disk::Anyway(why) = &self.disk {
            let _ = writeln!(out, "  allowed to write although it fails: {why}");
        }
        let _ = writeln!(out, "{status}");
        let _ = writeln!(out, "--- standard output ---\n{}", cut(stdout, 8000));
        let _ = write!(out, "--- standard error ---\n{}", cut(stderr, 8000));
        out
    }
}

/// An argument as a shell would need it: bare when it is plain, quoted
/// (and cut, if huge) otherwise.
fn word(arg: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,@+%".contains(c);
    if !arg.is_empty() && arg.chars().all(plain) && arg.len() <= 200 {
        arg.to_owned()
    } else {
        short(arg, 200)
    }
}

/// Where `actual` first departs from `expected`, line by line.
fn first_difference(expected: &str, actual: &str) -> String {
    let (mut expected_lines, mut actual_lines) = (expected.lines(), actual.lines());
    for line in 1.. {
        let (e, a) = (expected_lines.next(), actual_lines.next());
        if e.is_none() && a.is_none() {
            return "    the lines match; only the line breaks differ".to_owned();
        }
        if e != a {
            let show = |l: Option<&str>| l.map_or("(the end)".to_owned(), |l| short(l, 500));
            return format!(
                "    first difference at line {line}: expected {}, found {}",
                show(e),
                show(a)
            );
        }
    }
    unreachable!()
}

/// `text` quoted, cut to `max` characters with the length said.
fn short(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => format!("{text:?}"),
        Some((end, _)) => format!("{:?}… ({} characters)", &text[..end], text.chars().count()),
    }
}

/// `text` as it is, cut to `max` characters with the rest counted.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}\n… ({} more bytes)", &text[..end], text.len() - end),
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

/// `--templates t new ROLE --defaults -o out`: a custom role from
/// `custom_role`, rendered into a folder that does not exist yet, so any
/// write would show. Add `.args(..)` and the expected outcome.
pub fn custom_new<'a>(sb: &'a Sandbox, role: &str) -> Run<'a> {
    sb.agentgen(["--templates", "t", "new", role, "--defaults", "-o", "out"])
}
