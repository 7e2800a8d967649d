//! `--plugin-icon FILE`: the user's icon for a plugin, read and checked to
//! be a PNG when the flags are checked, before any question is asked.

use std::path::Path;

use crate::error::{Error, Result};

/// The PNG at `path`, for `--plugin-icon`: refused unless it is one.
pub fn read_icon(path: &Path) -> Result<Vec<u8>> {
    let bytes = crate::read::read_capped(path, "an icon")
        .map_err(|e| Error::io("read", path, e.into_io()))?;
    match png_size(&bytes) {
        Some(_) => Ok(bytes),
        None => Err(Error::usage(format!(
            "--plugin-icon {} is not a PNG image; give a PNG file (a square one shows best)",
            path.display()
        ))),
    }
}

/// Width and height of a PNG: its signature, then the IHDR chunk first.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let rest = bytes.strip_prefix(SIGNATURE)?;
    if rest.len() < 16 || &rest[4..8] != b"IHDR" {
        return None;
    }
    let number = |at: usize| u32::from_be_bytes(rest[at..at + 4].try_into().unwrap());
    Some((number(8), number(12)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_png_is_taken_as_an_icon() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("a.png");
        std::fs::write(&png, crate::plugin::ICON).unwrap();
        assert_eq!(read_icon(&png).unwrap(), crate::plugin::ICON);
        let text = dir.path().join("b.png");
        std::fs::write(&text, "not a picture").unwrap();
        let err = read_icon(&text).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("is not a PNG image"), "{err}");
        assert!(read_icon(&dir.path().join("missing.png")).is_err());
    }
}
