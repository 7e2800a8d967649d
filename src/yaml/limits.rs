//! Limits on what a YAML document may cost, checked before serde_yaml
//! builds anything from it.
//!
//! agentgen reads YAML it cannot trust: answers files, `--set` values, the
//! agent files `lint` is pointed at, and custom templates. serde_yaml has
//! guards of its own, but they come too late or count the wrong thing:
//! - Its recursion limit (128 levels) applies only after libyaml has read
//!   every event of the document, and libyaml's scanner spends time in
//!   proportion to the number of open flow collections (`[`, `{`) on every
//!   token, so nesting costs quadratic time: 80 000 `[` take 14 seconds in
//!   a release build, a 1 MiB file of them most of an hour
//!   (yaml/libyaml#286, yaml/yaml-serde#1).
//! - Its alias limit counts jumps to an anchor, not what each jump copies,
//!   so `b: [*a, *a, ...]` over a long `a` builds gigabytes before it
//!   stops.
//!
//! This pass reads the same events with the same libyaml (the
//! unsafe-libyaml crate serde_yaml itself uses, so both read a document
//! identically), keeps nothing but the size of each anchored value, and
//! stops at the first collection nested too deeply and at the first alias
//! that repeats too much. Stopping early bounds the scanner's work too: it
//! never sees more than [`MAX_DEPTH`] open collections plus one line of
//! lookahead. Documents that can hold neither problem (few brackets, no
//! anchor) skip the pass, so ordinary input pays one scan of its bytes.

use std::collections::HashMap;
use std::ffi::CStr;
use std::marker::PhantomData;
use std::mem::MaybeUninit;

use super::SyntaxError;

/// Deepest nesting of lists and mappings in a document. serde_yaml refuses
/// anything deeper as well, so the limit only moves the refusal earlier.
pub const MAX_DEPTH: usize = 128;

/// The most values that aliases (`*name`) may repeat in one document, all
/// aliases together.
pub const MAX_ALIAS_VALUES: u64 = 100_000;

/// The most text (bytes of scalars) that aliases may repeat in one
/// document, all aliases together.
pub const MAX_ALIAS_BYTES: u64 = 1024 * 1024;

/// Refuses a document that is nested more than [`MAX_DEPTH`] levels deep,
/// that uses an alias inside the value it names, or whose aliases repeat
/// more than [`MAX_ALIAS_VALUES`] values or [`MAX_ALIAS_BYTES`] of text.
/// Syntax errors are left for serde_yaml to report: libyaml stops at them
/// in both readings.
pub fn check(text: &str) -> Result<(), SyntaxError> {
    if !may_exceed(text) {
        return Ok(());
    }
    let Some(mut parser) = Parser::new(text.as_bytes()) else {
        return Ok(());
    };
    let mut anchors: HashMap<Vec<u8>, Size> = HashMap::new();
    let mut open: Vec<Open> = Vec::new();
    let mut repeated = Size::default();
    while let Some((event, mark)) = parser.next() {
        match event {
            Event::DocumentStart => anchors.clear(),
            Event::CollectionStart { anchor } => {
                if open.len() == MAX_DEPTH {
                    return Err(at(mark, too_deep()));
                }
                // A redefined anchor names the new value from here on, as
                // in serde_yaml, so an alias inside it refers to itself.
                if let Some(name) = &anchor {
                    anchors.remove(name);
                }
                open.push(Open {
                    anchor,
                    size: Size {
                        values: 1,
                        bytes: 0,
                    },
                });
            }
            Event::CollectionEnd => {
                let Some(done) = open.pop() else { continue };
                if let Some(name) = done.anchor {
                    anchors.insert(name, done.size);
                }
                add(&mut open, done.size);
            }
            Event::Scalar { anchor, bytes } => {
                let size = Size { values: 1, bytes };
                if let Some(name) = anchor {
                    anchors.insert(name, size);
                }
                add(&mut open, size);
            }
            Event::Alias(name) => {
                let Some(&size) = anchors.get(&name) else {
                    if open.iter().any(|o| o.anchor.as_ref() == Some(&name)) {
                        return Err(at(
                            mark,
                            format!(
                                "the alias *{} is used inside the value it names, so that value never ends",
                                String::from_utf8_lossy(&name)
                            ),
                        ));
                    }
                    // An unknown anchor: serde_yaml stops here with its
                    // own error.
                    return Ok(());
                };
                repeated.values = repeated.values.saturating_add(size.values);
                repeated.bytes = repeated.bytes.saturating_add(size.bytes);
                if repeated.values > MAX_ALIAS_VALUES || repeated.bytes > MAX_ALIAS_BYTES {
                    return Err(at(mark, alias_bomb()));
                }
                add(&mut open, size);
            }
            Event::StreamEnd => break,
            Event::Other => {}
        }
    }
    Ok(())
}

/// The message for a document nested too deeply, also used for
/// serde_yaml's own recursion limit.
pub fn too_deep() -> String {
    format!(
        "lists and mappings are nested more than {MAX_DEPTH} levels deep here; agentgen reads at most {MAX_DEPTH} levels"
    )
}

/// The message for a document whose aliases repeat too much, also used for
/// serde_yaml's own alias limit.
pub fn alias_bomb() -> String {
    format!(
        "the aliases (*name) in this document repeat more than {MAX_ALIAS_VALUES} values or {} KiB of text, which agentgen refuses as an alias bomb; write the values out instead",
        MAX_ALIAS_BYTES / 1024
    )
}

/// Whether the document can be too deep or repeat anything: it needs more
/// than [`MAX_DEPTH`] brackets for the first (nesting by indentation alone
/// costs serde_yaml little, and it refuses it itself), and an anchor
/// (`&` and a name character, as libyaml reads them) for the second.
fn may_exceed(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().filter(|&&b| b == b'[' || b == b'{').count() > MAX_DEPTH
        || bytes
            .windows(2)
            .any(|w| w[0] == b'&' && (w[1].is_ascii_alphanumeric() || w[1] == b'_' || w[1] == b'-'))
}

/// Values and bytes of text in a value with its aliases expanded.
#[derive(Clone, Copy, Debug, Default)]
struct Size {
    values: u64,
    bytes: u64,
}

/// A list or mapping that has started and not yet ended.
struct Open {
    anchor: Option<Vec<u8>>,
    size: Size,
}

fn add(open: &mut [Open], size: Size) {
    if let Some(parent) = open.last_mut() {
        parent.size.values = parent.size.values.saturating_add(size.values);
        parent.size.bytes = parent.size.bytes.saturating_add(size.bytes);
    }
}

fn at(mark: unsafe_libyaml::yaml_mark_t, message: String) -> SyntaxError {
    // libyaml counts from 0; serde_yaml's locations, and agentgen's, from 1.
    SyntaxError {
        line: Some(mark.line as usize + 1),
        column: Some(mark.column as usize + 1),
        message,
    }
}

/// The parts of a libyaml event this pass needs.
enum Event {
    DocumentStart,
    CollectionStart { anchor: Option<Vec<u8>> },
    CollectionEnd,
    Scalar { anchor: Option<Vec<u8>>, bytes: u64 },
    Alias(Vec<u8>),
    StreamEnd,
    Other,
}

/// A libyaml event parser over a borrowed input.
struct Parser<'input> {
    raw: *mut unsafe_libyaml::yaml_parser_t,
    input: PhantomData<&'input [u8]>,
}

impl<'input> Parser<'input> {
    /// `None` if libyaml cannot allocate its buffers.
    fn new(input: &'input [u8]) -> Option<Parser<'input>> {
        // The string reader keeps a pointer to the parser itself, so the
        // parser lives in a box that never moves until it is dropped.
        let raw = Box::into_raw(Box::new(
            MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit(),
        ))
        .cast::<unsafe_libyaml::yaml_parser_t>();
        // SAFETY: `raw` is a valid, exclusively owned allocation for a
        // parser, which yaml_parser_initialize fills in; the input outlives
        // the parser through the `'input` lifetime.
        unsafe {
            if unsafe_libyaml::yaml_parser_initialize(raw).fail {
                drop(Box::from_raw(
                    raw.cast::<MaybeUninit<unsafe_libyaml::yaml_parser_t>>(),
                ));
                return None;
            }
            unsafe_libyaml::yaml_parser_set_encoding(raw, unsafe_libyaml::YAML_UTF8_ENCODING);
            unsafe_libyaml::yaml_parser_set_input_string(raw, input.as_ptr(), input.len() as u64);
        }
        Some(Parser {
            raw,
            input: PhantomData,
        })
    }

    /// The next event and where it starts, or `None` at a syntax error
    /// (after which the caller stops).
    fn next(&mut self) -> Option<(Event, unsafe_libyaml::yaml_mark_t)> {
        let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialized in `new` and is used by this
        // owner only. A successful yaml_parser_parse fills in the event;
        // its union is read only in the variant its type names, anchor
        // pointers are NUL-terminated strings or null, and the event is
        // deleted after everything needed was copied out of it.
        unsafe {
            if unsafe_libyaml::yaml_parser_parse(self.raw, event.as_mut_ptr()).fail {
                return None;
            }
            let event = event.as_mut_ptr();
            let anchor = |ptr: *const u8| {
                (!ptr.is_null()).then(|| CStr::from_ptr(ptr.cast()).to_bytes().to_vec())
            };
            let converted = match (*event).type_ {
                unsafe_libyaml::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
                unsafe_libyaml::YAML_SEQUENCE_START_EVENT => Event::CollectionStart {
                    anchor: anchor((*event).data.sequence_start.anchor),
                },
                unsafe_libyaml::YAML_MAPPING_START_EVENT => Event::CollectionStart {
                    anchor: anchor((*event).data.mapping_start.anchor),
                },
                unsafe_libyaml::YAML_SEQUENCE_END_EVENT
                | unsafe_libyaml::YAML_MAPPING_END_EVENT => Event::CollectionEnd,
                unsafe_libyaml::YAML_SCALAR_EVENT => Event::Scalar {
                    anchor: anchor((*event).data.scalar.anchor),
                    bytes: (*event).data.scalar.length,
                },
                unsafe_libyaml::YAML_ALIAS_EVENT => {
                    Event::Alias(anchor((*event).data.alias.anchor).unwrap_or_default())
                }
                unsafe_libyaml::YAML_STREAM_END_EVENT | unsafe_libyaml::YAML_NO_EVENT => {
                    Event::StreamEnd
                }
                _ => Event::Other,
            };
            let mark = (*event).start_mark;
            unsafe_libyaml::yaml_event_delete(event);
            Some((converted, mark))
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: `raw` came from Box::into_raw in `new` and was
        // initialized there; it is deleted and freed exactly once.
        unsafe {
            unsafe_libyaml::yaml_parser_delete(self.raw);
            drop(Box::from_raw(
                self.raw
                    .cast::<MaybeUninit<unsafe_libyaml::yaml_parser_t>>(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> Option<(Option<usize>, Option<usize>, String)> {
        check(text).err().map(|e| (e.line, e.column, e.message))
    }

    #[test]
    fn ordinary_documents_pass() {
        for text in [
            "",
            "a: 1\n",
            "a: &x [1, 2]\nb: *x\n",
            "a: [[[[1]]]]\n",
            "R&D: yes\n",
            "- &a {k: v}\n- *a\n- *a\n",
            "bad: [\n",
        ] {
            assert_eq!(refusal(text), None, "{text:?}");
        }
    }

    #[test]
    fn nesting_stops_at_the_first_level_too_deep() {
        // The mapping is level 1, so the 128th bracket is level 129.
        let text = format!("title: {}\n", "[".repeat(10_000));
        let (line, column, message) = refusal(&text).unwrap();
        assert_eq!((line, column), (Some(1), Some(7 + 128)));
        assert_eq!(
            message,
            "lists and mappings are nested more than 128 levels deep here; agentgen reads at most 128 levels"
        );
        let at_limit = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert_eq!(check(&at_limit), Ok(()));
        let over = format!("{}{}", "{a: ".repeat(129), "}".repeat(129));
        assert!(check(&over).is_err());
    }

    #[test]
    fn aliases_may_not_repeat_too_much() {
        // Billion laughs: nine levels of nine aliases each.
        let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in b'b'..=b'i' {
            let prev = (level - 1) as char;
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{}: &{} [{refs}]\n", level as char, level as char));
        }
        let (line, _, message) = refusal(&text).unwrap();
        assert!(
            message
                .starts_with("the aliases (*name) in this document repeat more than 100000 values"),
            "{message}"
        );
        assert!(line.is_some());
        // Few aliases over a long value repeat many bytes.
        let long = format!(
            "a: &a '{}'\nb: [{}]\n",
            "x".repeat(100_000),
            ["*a"; 11].join(", ")
        );
        assert!(refusal(&long).unwrap().2.contains("1024 KiB of text"));
        let fine = format!(
            "a: &a '{}'\nb: [{}]\n",
            "x".repeat(100_000),
            ["*a"; 10].join(", ")
        );
        assert_eq!(check(&fine), Ok(()));
    }

    #[test]
    fn an_alias_inside_its_own_value_is_refused() {
        let (line, column, message) = refusal("a: &a [1, *a]\n").unwrap();
        assert_eq!((line, column), (Some(1), Some(11)));
        assert_eq!(
            message,
            "the alias *a is used inside the value it names, so that value never ends"
        );
        // A redefined anchor is the new value from its start on.
        assert!(refusal("a: &a [1]\nb: &a [*a]\n").is_some());
        assert_eq!(check("a: &a [1]\nb: &b [*a]\n"), Ok(()));
    }
}
