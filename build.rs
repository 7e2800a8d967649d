//! Rebuild when anything under templates/ changes, including files that
//! were added or deleted: include_dir alone notices only edits to files it
//! already embeds.

fn main() {
    println!("cargo:rerun-if-changed=templates");
}
