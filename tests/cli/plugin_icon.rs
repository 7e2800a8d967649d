//! A plugin's icon: `kit --plugin` and `kit --marketplace` write a small
//! square PNG as `icon.png` beside the manifest, keep one already there,
//! and write the user's own PNG with `--plugin-icon FILE`.

use crate::support::*;

/// Width and height from a PNG's signature and IHDR chunk; panics when the
/// bytes are not a PNG.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "IHDR first");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

fn read_bytes(sb: &Sandbox, rel: &str) -> Vec<u8> {
    std::fs::read(sb.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_plugin_gets_a_small_square_png_icon_shown_in_its_readme() {
    let sb = Sandbox::new();
    sb.run(["kit", "quality-gate", "--defaults", "--plugin", "plug"]);
    let icon = read_bytes(&sb, "plug/icon.png");
    let (width, height) = png_size(&icon);
    assert_eq!(width, height, "square");
    assert!((16..=512).contains(&width), "small: {width}");
    assert_eq!(icon, std::fs::read(repo("assets/plugin-icon.png")).unwrap());
    let readme = sb.read("plug/README.md");
    let shown = "# quality-gate\n\n<img src=\"icon.png\"";
    assert!(readme.starts_with(shown), "{readme}");
    // No manifest names it: Claude Code's have no icon field.
    assert!(!sb.read("plug/.claude-plugin/plugin.json").contains("icon"));
}

#[test]
fn an_icon_already_in_the_plugin_folder_is_kept() {
    let sb = Sandbox::new();
    sb.write("plug/icon.png", "the team's own icon");
    sb.agentgen(["kit", "quality-gate", "--defaults", "--plugin", "plug"])
        .succeeds()
        .stderr_lacks("icon.png")
        .run();
    assert_eq!(sb.read("plug/icon.png"), "the team's own icon");
    sb.run([
        "kit",
        "quality-gate",
        "--defaults",
        "--plugin",
        "plug",
        "--force",
    ]);
    assert_eq!(sb.read("plug/icon.png"), "the team's own icon");
}

#[test]
fn plugin_icon_writes_the_users_png() {
    let sb = Sandbox::new();
    // A 1x1 PNG that is not the built-in icon.
    let mut mine = std::fs::read(repo("assets/plugin-icon.png")).unwrap();
    mine[16..24].copy_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1]);
    sb.write("mine.png", &mine);
    sb.run([
        "kit",
        "quality-gate",
        "--defaults",
        "--marketplace",
        "market",
    ])
    .success();
    sb.run([
        "kit",
        "startup",
        "--defaults",
        "--marketplace",
        "market",
        "--plugin-icon",
        "mine.png",
    ]);
    assert_eq!(read_bytes(&sb, "market/plugins/startup/icon.png"), mine);
    let builtin = read_bytes(&sb, "market/plugins/quality-gate/icon.png");
    assert_eq!(png_size(&builtin), (64, 64));
}

#[test]
fn plugin_icon_must_be_a_png_for_a_plugin() {
    let sb = Sandbox::new();
    sb.write("icon.svg", "<svg/>");
    sb.agentgen(["kit", "quality-gate", "--defaults", "--plugin", "plug"])
        .args(["--plugin-icon", "icon.svg"])
        .fails(2)
        .stderr_has("--plugin-icon icon.svg is not a PNG image")
        .run();
    sb.write(
        "icon.png",
        std::fs::read(repo("assets/plugin-icon.png")).unwrap(),
    );
    sb.agentgen([
        "kit",
        "quality-gate",
        "--defaults",
        "--plugin-icon",
        "icon.png",
    ])
    .fails(2)
    .stderr_has("use it with --plugin DIR or --marketplace DIR")
    .run();
}
