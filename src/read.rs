//! Reading input files: answers files, kit files, agent files for `lint`,
//! and user template files all come through [`read_capped`].
//!
//! An input is read only when it is a regular file, and at most
//! [`MAX_FILE_BYTES`] of it. A path can name anything: a FIFO, which blocks
//! a plain open until a writer comes and a read until it writes; a link to
//! `/dev/zero`, endless; `/dev/stdin`, a terminal. So the file is opened
//! without blocking (`O_NONBLOCK`, which leaves reads of a regular file
//! unchanged), the opened file itself is examined (not the path, which could
//! be swapped in between), and anything but a regular file is refused at
//! once, unread. The same limit bounds what agentgen writes (see
//! `output::plan`), so it never writes a file it would refuse to read.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// The most agentgen reads from one input file, and writes to one output
/// file: real agent, answers, kit and template files are a few kilobytes;
/// the limit bounds memory and time on hostile input.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// Not a regular file; the reason names what it is.
    NotRegular(String),
    /// Larger than [`MAX_FILE_BYTES`]; the reason says so.
    TooLarge(String),
    /// Could not be opened or read.
    Io(io::Error),
}

impl Refusal {
    /// The refusal as an I/O error, for messages that quote their cause.
    pub fn into_io(self) -> io::Error {
        match self {
            Refusal::NotRegular(reason) | Refusal::TooLarge(reason) => io::Error::other(reason),
            Refusal::Io(e) => e,
        }
    }
}

/// What the limit's sentence calls a file of any kind: `lint` skipping an
/// agent file and `output::plan` refusing to write one say the same.
pub const ANY_FILE: &str = "a file";

/// The sentence for a file over the limit, the same whether agentgen
/// reads it or would write it; `what` is "an agent file" and the like.
pub fn too_large(what: &str) -> String {
    format!(
        "it is larger than the {} KiB agentgen reads from {what}",
        MAX_FILE_BYTES / 1024
    )
}

/// The bytes of the regular file at `path` (links followed), refused unread
/// when it is anything else or larger than [`MAX_FILE_BYTES`]; `what`
/// names it in the refusal ("an answers file").
pub fn read_capped(path: &Path, what: &str) -> Result<Vec<u8>, Refusal> {
    let file = open(path).map_err(Refusal::Io)?;
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(not_regular(
            &meta,
            "agentgen reads only regular files",
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge(too_large(what)));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file that grows while read is still cut at the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge(too_large(what)));
    }
    Ok(bytes)
}

/// At most [`MAX_FILE_BYTES`] of standard input (`-a -`), whatever it
/// is: the user chose to pipe it.
pub fn stdin_capped(what: &str) -> Result<Vec<u8>, Refusal> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge(too_large(what)));
    }
    Ok(bytes)
}

/// Why a path with this metadata is not a regular file, then `rule`
/// (what agentgen does only to regular files).
pub fn not_regular(meta: &Metadata, rule: &str) -> String {
    if meta.is_dir() {
        return "it is a folder, not a file".into();
    }
    format!("it is {}, not a regular file; {rule}", kind(meta))
}

#[cfg(unix)]
fn kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind(_meta: &Metadata) -> &'static str {
    "a special file"
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, vec![b'x'; MAX_FILE_BYTES as usize]).unwrap();
        assert_eq!(
            read_capped(&path, "a file").unwrap().len() as u64,
            MAX_FILE_BYTES
        );
        std::fs::write(&path, vec![b'x'; MAX_FILE_BYTES as usize + 1]).unwrap();
        let Err(Refusal::TooLarge(reason)) = read_capped(&path, "an answers file") else {
            panic!("not refused");
        };
        assert_eq!(
            reason,
            "it is larger than the 1024 KiB agentgen reads from an answers file"
        );
    }

    #[test]
    fn folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let refusal = read_capped(dir.path(), "a file").unwrap_err();
        assert!(
            matches!(&refusal, Refusal::NotRegular(r) if r == "it is a folder, not a file"),
            "{refusal:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_at_once() {
        let refusal = read_capped(Path::new("/dev/zero"), "a file").unwrap_err();
        assert!(
            matches!(&refusal, Refusal::NotRegular(r) if r.starts_with("it is a character device, not a regular file")),
            "{refusal:?}"
        );
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        // With no writer, a blocking open would never return.
        let refusal = read_capped(&fifo, "a file").unwrap_err();
        assert!(
            matches!(&refusal, Refusal::NotRegular(r) if r.starts_with("it is a FIFO (named pipe)")),
            "{refusal:?}"
        );
    }
}
