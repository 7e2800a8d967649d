//! The filters agentgen adds to minijinja for role templates, and the
//! tidying of rendered markdown.

use minijinja::Environment;

pub(super) fn add_filters(env: &mut Environment<'static>) {
    use heck::{
        ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToTitleCase,
        ToUpperCamelCase,
    };
    env.add_filter("kebab", |s: String| s.to_kebab_case());
    env.add_filter("snake", |s: String| s.to_snake_case());
    env.add_filter("camel", |s: String| s.to_lower_camel_case());
    env.add_filter("pascal", |s: String| s.to_upper_camel_case());
    env.add_filter("shouty", |s: String| s.to_shouty_snake_case());
    env.add_filter("titlecase", |s: String| s.to_title_case());
    env.add_filter("and_join", and_join);
    env.add_filter("rtrim", |s: String| s.trim_end().to_owned());
    env.add_filter("indefinite", |s: String| {
        // By spelling, not sound: right for the role titles templates use.
        let article = if s.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {s}")
    });
    env.add_filter("basename", |s: String| {
        s.rsplit(['/', '\\']).next().unwrap_or_default().to_owned()
    });
    env.add_filter("ucfirst", |s: String| {
        let mut chars = s.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    });
}

/// `["a", "b", "c"] | and_join` is "a, b and c"; prose reads better than a
/// bare comma list.
fn and_join(items: Vec<String>, word: Option<String>) -> String {
    let word = word.unwrap_or_else(|| "and".into());
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

/// Tidies rendered markdown: no leading blank lines, no trailing white
/// space at the ends of lines, at most one blank line in a row, and exactly
/// one newline at the end. Conditionals in templates leave gaps; this keeps
/// the output even without making every template fragile.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    let mut in_fence = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if line.is_empty() {
            blank_run += 1;
            if out.is_empty() || (blank_run > 1 && !in_fence) {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
