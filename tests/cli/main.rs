//! agentgen's integration tests. Every test here runs the real binary in a
//! sandbox folder (see `support`) and checks what a user would see: exit
//! code, messages, and the files written, or that none were.

mod support;

mod answers_input;
mod builder;
mod catalogue;
mod completions;
mod convert;
mod copilot_claude;
mod custom_templates;
mod detect;
mod fields;
mod fixture_lint;
mod frontmatter;
mod help;
mod hostile_answers;
mod hostile_paths;
mod hostile_templates;
mod inspect;
mod kits;
mod lifecycle;
mod lint;
mod lint_fix;
mod lint_rules;
mod lists;
mod names;
mod output_files;
mod plugin_icon;
mod plugin_publish;
mod pty;
mod pty_edit;
mod pty_kit;
mod pty_screen;
mod renamed_keys;
mod role_answers;
mod role_library;
mod run_report;
mod seeds;
mod shared_stack;
mod signals;
mod stack_defaults;
mod targets;
mod trust;
mod typed_newlines;
