//! The minijinja environment, configured in one place.
//!
//! Every engine setting lives in [`Renderer::new`]: strict undefined (a typo
//! in a template is an error, never an empty string), a fuel limit (a
//! template that loops forever stops with an error), block trimming so
//! templates can be laid out readably, and the case filters from heck.
//! Every render, of a body or of a default, writes into a buffer capped at
//! [`MAX_OUTPUT_BYTES`]. An error is reported at the innermost template
//! that failed (an included partial, a macro's file), with the includes
//! that led there.
//! Templates are loaded lazily from the catalogue, so a render compiles only
//! the templates it uses. This module also owns the evaluation of a
//! question's `when` expression and of template defaults, and the tidy-up of
//! rendered markdown.
//!
//! Bounds, so that no template can exhaust memory or time: each render
//! runs inside a [`budget::Region`] that ends the run cleanly when its
//! intermediate values pass [`budget::RENDER_BYTES`] (fuel and the output
//! cap do not bound those; see the budget module), and the fuel every
//! render spends is taken from one budget for the whole run,
//! [`budget::RUN_FUEL`], so thousands of renders that each stay under [`FUEL`]
//! still end. What renders return is held until the run's files are
//! written, so their sum is capped too, at [`budget::RUN_OUTPUT_BYTES`].

mod filters;
mod scope;

use filters::add_filters;
pub use filters::tidy;
pub use scope::Scope;

use std::collections::HashMap;
use std::error::Error as _;
use std::sync::{Arc, Mutex};

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value};

use crate::budget;
use crate::catalog::Catalog;
use crate::error::{Error, Result};

/// Instructions a single render may spend. backend-architect with every
/// section and the memory protocol spends about 2,000; a template that needs
/// fifty times that is almost certainly looping without end.
const FUEL: u64 = 100_000;

/// The most a single render may write. Agent bodies are a few kilobytes;
/// the cap stops a hostile template from filling memory before its fuel
/// runs out.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

/// A buffer that refuses to grow past [`MAX_OUTPUT_BYTES`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    exceeded: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + data.len() > MAX_OUTPUT_BYTES {
            self.exceeded = true;
            return Err(std::io::Error::other("output too large"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub struct Renderer {
    env: Environment<'static>,
    catalog: Catalog,
    /// Sources of the strings rendered as templates (template defaults and
    /// `when` conditions), by name, for the loader: minijinja then
    /// compiles each once and keeps it, where a kit would otherwise compile
    /// the same default again for every agent.
    inline: Arc<Mutex<HashMap<String, String>>>,
    /// The run's fuel and output budgets, shared by the threads of a kit.
    run: budget::Run,
}

/// Marks the names of inline templates; no file name starts with it.
const INLINE: &str = "\u{0}inline:";

impl Renderer {
    pub fn new(catalog: Catalog) -> Renderer {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // minijinja keeps the names of undefined variables only in debug
        // builds unless asked; the installed (release) binary must name them.
        env.set_debug(true);
        env.set_fuel(Some(FUEL));
        env.set_syntax(
            SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .expect("the default delimiters are valid"),
        );
        let loader_catalog = catalog.clone();
        let inline: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        let loader_inline = inline.clone();
        env.set_loader(move |name| {
            if name.starts_with(INLINE) {
                let sources = loader_inline.lock().unwrap_or_else(|e| e.into_inner());
                return Ok(sources.get(name).cloned());
            }
            // InvalidOperation, not TemplateNotFound: minijinja reports a
            // missing include with its own message and would hide ours.
            if !crate::catalog::is_safe_name(name) {
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!("'{name}' is not a template name: names are relative paths inside the template root"),
                ));
            }
            loader_catalog
                .source(name)
                .map(|s| s.map(|s| s.into_owned()))
                .map_err(|e| {
                    let cause = std::error::Error::source(&e).map(|c| format!(": {c}")).unwrap_or_default();
                    minijinja::Error::new(ErrorKind::InvalidOperation, format!("{e}{cause}"))
                })
        });
        add_filters(&mut env);
        Renderer {
            env,
            catalog,
            inline,
            run: budget::Run::default(),
        }
    }

    /// Renders a template from the catalogue.
    pub fn render(&self, name: &str, ctx: &Value) -> Result<String> {
        let place = || self.catalog.locate(name);
        let describe = || over_memory(place());
        let _region = budget::Region::enter(&describe);
        let template = self.env.get_template(name).map_err(|e| self.error(e))?;
        self.capture(&template, None, ctx)
    }

    /// Renders a string that may hold template syntax, such as a default
    /// that refers to earlier answers. Plain strings are returned as they
    /// are, without compiling anything. `origin` names it in messages.
    pub fn render_str(&self, origin: &str, source: &str, ctx: &Value) -> Result<String> {
        if !source.contains("{{") && !source.contains("{%") {
            return Ok(source.to_owned());
        }
        let describe = || over_memory(origin.to_owned());
        let _region = budget::Region::enter(&describe);
        let template = self
            .inline_template(source, || Ok(()))
            .map_err(|e| self.error_at(e, Some(origin)))?;
        self.capture(&template, Some(origin), ctx)
    }

    /// The compiled template for a string, compiled on its first use in
    /// the run; templates are keyed by their text, since roles share
    /// question sets and with them the same defaults and conditions.
    /// `check` runs before the first compilation.
    fn inline_template(
        &self,
        source: &str,
        check: impl FnOnce() -> std::result::Result<(), minijinja::Error>,
    ) -> std::result::Result<minijinja::Template<'_, '_>, minijinja::Error> {
        let name = format!("{INLINE}{source}");
        {
            let mut sources = self.inline.lock().unwrap_or_else(|e| e.into_inner());
            if !sources.contains_key(&name) {
                check()?;
                sources.insert(name.clone(), source.to_owned());
            }
        }
        self.env.get_template(&name)
    }

    /// Renders into a capped buffer: a default or a body that grows past
    /// [`MAX_OUTPUT_BYTES`] stops there instead of filling memory. Errors
    /// name `origin` for a string from a definition, else the template's
    /// file.
    fn capture(
        &self,
        template: &minijinja::Template<'_, '_>,
        origin: Option<&str>,
        ctx: &Value,
    ) -> Result<String> {
        let place = || origin.map_or_else(|| self.catalog.locate(template.name()), str::to_owned);
        let mut out = Capped::default();
        match template.render_captured_to(ctx, &mut out) {
            Ok(captured) => {
                self.spend(&captured, out.bytes.len(), place)?;
                Ok(String::from_utf8(out.bytes).expect("templates write UTF-8"))
            }
            Err(_) if out.exceeded => Err(Error::Template {
                template: place(),
                line: None,
                message: format!(
                    "the output is larger than {} KiB, far more than any agent needs; look for a loop that repeats too often",
                    MAX_OUTPUT_BYTES / 1024
                ),
            }),
            Err(e) => Err(self.error_at(e, origin)),
        }
    }

    /// The templates compiled so far, sorted. Rendering loads templates on
    /// first use, so this shows what a render actually needed.
    pub fn loaded_templates(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .env
            .templates()
            .map(|(name, _)| name.to_owned())
            .filter(|name| !name.starts_with(INLINE))
            .collect();
        names.sort();
        names
    }

    /// Evaluates a `when` expression to true or false.
    pub fn condition(&self, origin: &str, expr: &str, ctx: &Value) -> Result<bool> {
        let fail = |e: minijinja::Error| Error::Template {
            template: origin.to_owned(),
            line: None,
            message: format!("`{expr}`: {}", describe(&e)),
        };
        // Compiled as a template so it is compiled once per run; checked as
        // an expression first, so text such as `x %}` cannot pass for one.
        // Strict undefined makes a misspelt key an error, never false.
        let source = format!("{{% if {expr} %}}true{{% endif %}}");
        let describe = || over_memory(origin.to_owned());
        let _region = budget::Region::enter(&describe);
        let check = || self.env.compile_expression(expr).map(drop);
        let template = self.inline_template(&source, check).map_err(fail)?;
        let mut out = Capped::default();
        let captured = template.render_captured_to(ctx, &mut out).map_err(fail)?;
        self.spend(&captured, out.bytes.len(), || origin.to_owned())?;
        Ok(out.bytes == b"true")
    }

    /// Takes the fuel a finished render used and the bytes it `wrote`
    /// from the run's budgets; the render that overdraws one fails, named
    /// by `place`. Renders on other threads may each finish theirs, so a
    /// run stops within one render's worth per thread of its budgets.
    fn spend(
        &self,
        captured: &minijinja::Captured<'_>,
        wrote: usize,
        place: impl FnOnce() -> String,
    ) -> Result<()> {
        let used = captured.state().fuel_levels().map_or(0, |(used, _)| used);
        let Err(message) = self.run.spend(used, wrote as u64) else {
            return Ok(());
        };
        Err(Error::Template {
            template: place(),
            line: None,
            message,
        })
    }
}

impl Renderer {
    /// A template error, located at the file and line to fix. An error in
    /// an included, imported or extended template arrives wrapped in one
    /// that only says "could not render include"; the innermost error
    /// names the variable and the line, so that one is reported, with the
    /// chain of includes that led to it.
    fn error(&self, e: minijinja::Error) -> Error {
        self.error_at(e, None)
    }

    /// As [`Renderer::error`], with `origin` naming a string template from
    /// a definition (a default), whose cache name means nothing to a user.
    fn error_at(&self, e: minijinja::Error, origin: Option<&str>) -> Error {
        let locate = |name: &str| match name.strip_prefix(INLINE) {
            Some(_) => origin.unwrap_or("a template default").to_owned(),
            None => self.locate(name),
        };
        let mut chain = vec![&e];
        while let Some(inner) = chain[chain.len() - 1]
            .source()
            .and_then(|s| s.downcast_ref::<minijinja::Error>())
        {
            chain.push(inner);
        }
        let cause = chain[chain.len() - 1];
        let located = chain.iter().rposition(|e| e.name().is_some()).unwrap_or(0);
        // Inside a macro minijinja does not name the undefined value; the
        // expression it points at does.
        let at = chain[located];
        let detail = cause.detail().map(str::to_owned).or_else(|| {
            let expr = at
                .range()
                .zip(at.template_source())
                .and_then(|(range, source)| source.get(range))
                .map(str::trim)
                .filter(|e| !e.is_empty() && e.len() <= 80 && !e.contains('\n'))?;
            (cause.kind() == ErrorKind::UndefinedError).then(|| format!("`{expr}` is undefined"))
        });
        let mut message = describe_parts(cause.kind(), detail.as_deref());
        // A template that includes itself fails deep in a chain of
        // identical includes; each place is named once.
        let mut places: Vec<(String, usize)> = Vec::new();
        for outer in chain[..located].iter().rev() {
            if let Some(name) = outer.name() {
                let place = format!("{}{}", locate(name), line_suffix(outer.line()));
                match places.last_mut() {
                    Some((last, count)) if *last == place => *count += 1,
                    _ => places.push((place, 1)),
                }
            }
        }
        for (place, count) in places {
            message.push_str(&format!("; included from {place}"));
            if count > 1 {
                message.push_str(&format!(" ({count} times)"));
            }
        }
        Error::Template {
            template: chain[located]
                .name()
                .map(locate)
                .or_else(|| origin.map(str::to_owned))
                .unwrap_or_else(|| "<template>".to_owned()),
            line: chain[located].line(),
            message,
        }
    }

    /// Where a template came from; a name that is not a safe template name
    /// (an inline string's origin) is shown as it is.
    fn locate(&self, name: &str) -> String {
        if crate::catalog::is_safe_name(name) {
            self.catalog.locate(name)
        } else {
            name.to_owned()
        }
    }
}

/// The whole message for a render that went over its memory budget,
/// as [`Error`] would display it: the process ends right after.
fn over_memory(template: String) -> String {
    Error::Template {
        template,
        line: None,
        message: format!(
            "the render needed more than {} MiB of memory, far more than any agent needs; look for a string that doubles in a loop, or a join or repeat over a large range",
            budget::RENDER_BYTES / (1024 * 1024)
        ),
    }
    .to_string()
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|l| format!(" line {l}")).unwrap_or_default()
}

fn describe(e: &minijinja::Error) -> String {
    describe_parts(e.kind(), e.detail())
}

fn describe_parts(kind: ErrorKind, detail: Option<&str>) -> String {
    let mut message = match detail {
        Some(detail) => format!("{kind}: {detail}"),
        None => kind.to_string(),
    };
    match kind {
        ErrorKind::UndefinedError => {
            message.push_str(" (a variable or attribute the template uses has no value; check its spelling, or guard it with `is defined`)")
        }
        ErrorKind::OutOfFuel => {
            message.push_str(" (the template did too much work; look for a loop that does not end)")
        }
        _ => {}
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::value::Serde;
    use serde::Serialize;

    fn context<T: Serialize>(data: &T) -> Value {
        Value::from(Serde(data))
    }

    #[test]
    fn every_embedded_template_compiles() {
        let catalog = Catalog::embedded();
        let renderer = Renderer::new(catalog.clone());
        let names = catalog.template_names();
        assert!(names.len() >= 3, "{names:?}");
        for name in names {
            if let Err(e) = renderer.env.get_template(&name) {
                panic!("{name}: {e:#}");
            }
        }
    }

    #[test]
    fn undefined_variables_are_errors() {
        let r = Renderer::new(Catalog::embedded());
        let err = r.render_str("t", "{{ nope }}", &context(&())).unwrap_err();
        assert!(err.to_string().contains("undefined"), "{err}");
    }

    #[test]
    fn endless_loops_run_out_of_fuel() {
        let r = Renderer::new(Catalog::embedded());
        let src =
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}";
        let err = r.render_str("loop", src, &context(&())).unwrap_err();
        assert!(err.to_string().contains("fuel"), "{err}");
    }

    #[test]
    fn filters() {
        let r = Renderer::new(Catalog::embedded());
        let out = r
            .render_str(
                "f",
                "{{ 'Backend Architect'|kebab }} {{ ['a','b','c']|and_join }} {{ ['a','b']|and_join('or') }} {{ 'x/y.md'|basename|ucfirst }}",
                &context(&()),
            )
            .unwrap();
        assert_eq!(out, "backend-architect a, b and c a or b Y.md");
    }

    #[test]
    fn conditions() {
        let r = Renderer::new(Catalog::embedded());
        let ctx = context(&serde_json::json!({"sections": ["stack"], "memory": false}));
        assert!(r.condition("q", "'stack' in sections", &ctx).unwrap());
        assert!(!r.condition("q", "memory", &ctx).unwrap());
        assert!(r.condition("q", "missing", &ctx).is_err());
    }

    #[test]
    fn conditions_are_expressions_only() {
        let r = Renderer::new(Catalog::embedded());
        let ctx = context(&serde_json::json!({"x": true}));
        for bad in ["x %}{% if x", "x }}", "x %}true{% endif %}{% if x"] {
            let err = r.condition("q", bad, &ctx).unwrap_err();
            assert!(err.to_string().contains("syntax"), "{bad}: {err}");
        }
    }

    #[test]
    fn inline_templates_compile_once_per_text() {
        let r = Renderer::new(Catalog::embedded());
        let inline = |r: &Renderer| {
            r.env
                .templates()
                .filter(|(name, _)| name.starts_with(INLINE))
                .count()
        };
        for n in 0..3 {
            let ctx = context(&serde_json::json!({"n": n, "on": n > 0}));
            assert_eq!(
                r.render_str("a", "{{ n }}!", &ctx).unwrap(),
                format!("{n}!")
            );
            assert_eq!(
                r.render_str("b", "{{ n }}!", &ctx).unwrap(),
                format!("{n}!")
            );
            assert_eq!(r.condition("c", "on", &ctx).unwrap(), n > 0);
        }
        assert_eq!(inline(&r), 2, "one default text and one condition");
        // Errors name the definition the text came from, not the cache.
        let err = r
            .render_str(
                "roles/x/role.yaml, default of 'y'",
                "{{ zz }}",
                &context(&()),
            )
            .unwrap_err();
        assert!(err.to_string().contains("default of 'y'"), "{err}");
        assert!(!err.to_string().contains("inline"), "{err}");
    }

    #[test]
    fn a_scope_shows_values_added_after_it_was_taken() {
        let r = Renderer::new(Catalog::embedded());
        let scope = Scope::default();
        let ctx = scope.value();
        scope.insert("a", &1);
        assert_eq!(r.render_str("t", "{{ a }}", &ctx).unwrap(), "1");
        scope.insert("b", &vec!["x", "y"]);
        scope.insert("a", &2);
        assert_eq!(
            r.render_str("t", "{{ a }} {{ b|join(',') }}", &ctx)
                .unwrap(),
            "2 x,y"
        );
        assert!(
            r.render_str("t", "{{ c }}", &ctx).is_err(),
            "unknown keys are undefined"
        );
    }

    #[test]
    fn tidy_collapses_blank_runs_outside_code_fences() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n"), "a\n\nb\n");
        assert_eq!(tidy("```\nx\n\n\ny\n```\n"), "```\nx\n\n\ny\n```\n");
    }
}
