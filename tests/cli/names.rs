//! Agent names are file names: refused before anything is rendered, with
//! a suggestion where one exists, and never a way out of the folder.

use crate::support::*;

#[test]
fn a_name_with_spaces_and_capitals_gets_a_suggestion() {
    let sb = Sandbox::new();
    sb.agentgen(["new", "backend-architect", "--name", "Backend Architect"])
        .fails(2)
        .stderr_has("'Backend Architect' cannot be an agent name")
        .stderr_has("Use 'backend-architect' instead, for example with --name backend-architect.")
        .run();
}

#[test]
fn path_like_and_control_names_are_refused_from_every_source() {
    let sb = Sandbox::new();
    let long = "a".repeat(65);
    let cases: &[(&str, &str)] = &[
        ("../escape", "path separator"),
        ("a/b", "path separator"),
        ("a\\b", "path separator"),
        ("..", "path separator"),
        ("-rf", "starts with '-'"),
        ("bell\u{7}", "control characters"),
        ("new\nline", "control characters"),
        ("", "it is empty"),
        ("con", "Windows reserves it"),
        ("a--b", "no doubled or trailing hyphen"),
        ("9lives", "must start with a lowercase letter"),
        ("café", "'é' is not allowed"),
        (&long, "longer than 64 characters"),
    ];
    for (name, reason) in cases {
        sb.agentgen(["new", "backend-architect", &format!("--name={name}")])
            .fails(2)
            .stderr_has(*reason)
            .run();
        let mut answers = serde_yaml::Mapping::new();
        answers.insert("name".into(), (*name).into());
        sb.write("a.yaml", serde_yaml::to_string(&answers).unwrap());
        sb.agentgen(["new", "backend-architect", "-a", "a.yaml"])
            .fails(2)
            .stderr_has(*reason)
            .run();
        std::fs::remove_file(sb.path().join("a.yaml")).unwrap();
    }
}

#[test]
fn the_written_path_is_inside_the_output_folder() {
    let sb = Sandbox::new();
    sb.run([
        "new",
        "backend-architect",
        "-o",
        "out",
        "--name",
        "x1-agent",
    ])
    .success();
    let files: Vec<_> = std::fs::read_dir(sb.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, ["x1-agent.md"]);
}
