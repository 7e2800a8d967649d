//! One entry of a definition's `questions:` list, a question or a
//! `use: <set>`, and how it is decoded.
//!
//! A user's YAML entry goes through the untyped tree: a mapping with a
//! `use` key is a set, anything else a question, and decoding the tree
//! keeps serde's own messages ("unknown field `promt`"), which an untagged
//! enum would lose; the YAML reader adds the line. The built-in
//! definitions were checked when agentgen was built, and build.rs wraps
//! each of their entries in a one-key map (`{"=question": ...}` or
//! `{"=set": ...}`) so that it decodes straight into its type: going
//! through the tree was half of loading a role. A key with `=` is no
//! question's field, so a user's entry is never mistaken for a tagged one.

use std::fmt;

use serde::Deserialize as DeriveDeserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor,
};

use super::decode;
use crate::question::Question;
use crate::value::{MapKey, Raw, RawVisitor};

/// The tags build.rs gives built-in entries.
const QUESTION_TAG: &str = "=question";
const SET_TAG: &str = "=set";

/// One entry of a `questions:` list.
pub enum Entry {
    Question(Box<Question>),
    Use(UseSet),
}

/// `use: <set>` with optional `defaults:` for the spliced questions, and an
/// optional `when:` for those that have none of their own.
#[derive(DeriveDeserialize)]
#[serde(deny_unknown_fields)]
pub struct UseSet {
    #[serde(rename = "use")]
    pub(super) set: String,
    #[serde(default)]
    pub(super) defaults: Option<Raw>,
    #[serde(default)]
    pub(super) when: Option<String>,
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entry, D::Error> {
        d.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a question or a `use:` entry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        // Read as the tree reads a key, so a key it refuses is refused
        // with its message.
        let Some(MapKey(first)) = map.next_key::<MapKey>()? else {
            return from_tree(Raw::Map(Vec::new()));
        };
        match first.as_str() {
            QUESTION_TAG => return Ok(Entry::Question(map.next_value()?)),
            SET_TAG => return Ok(Entry::Use(map.next_value()?)),
            _ => {}
        }
        // The tree reads the whole mapping, its first key replayed, so
        // that its checks (duplicate keys, key types) see every key.
        let replay = Replay {
            first: Some(first),
            rest: map,
        };
        from_tree(Raw::deserialize(MapAccessDeserializer::new(replay))?)
    }

    // Anything but a mapping: the tree, exactly as `Raw` reads it, whose
    // decoding then says what is wrong.
    fn visit_unit<E: de::Error>(self) -> Result<Entry, E> {
        from_tree(RawVisitor.visit_unit()?)
    }
    fn visit_none<E: de::Error>(self) -> Result<Entry, E> {
        from_tree(RawVisitor.visit_none()?)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Entry, D::Error> {
        from_tree(RawVisitor.visit_some(d)?)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Entry, E> {
        from_tree(RawVisitor.visit_bool(v)?)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Entry, E> {
        from_tree(RawVisitor.visit_i64(v)?)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Entry, E> {
        from_tree(RawVisitor.visit_u64(v)?)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Entry, E> {
        from_tree(RawVisitor.visit_i128(v)?)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Entry, E> {
        from_tree(RawVisitor.visit_u128(v)?)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Entry, E> {
        from_tree(RawVisitor.visit_f64(v)?)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Entry, E> {
        from_tree(RawVisitor.visit_str(v)?)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Entry, E> {
        from_tree(RawVisitor.visit_string(v)?)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Entry, A::Error> {
        from_tree(RawVisitor.visit_seq(seq)?)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Entry, A::Error> {
        from_tree(RawVisitor.visit_enum(data)?)
    }
}

/// A mapping whose first key was already read.
struct Replay<A> {
    first: Option<String>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(key) => seed.deserialize(key.into_deserializer()).map(Some),
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.rest.next_value_seed(seed)
    }
}

/// A mapping with a `use` key is a set; anything else is a question.
fn from_tree<E: de::Error>(raw: Raw) -> Result<Entry, E> {
    let label = match raw.get("key") {
        Some(Raw::Str(key)) => format!("question '{key}'"),
        _ => "a question".to_owned(),
    };
    if raw.get("use").is_some() {
        return decode::<UseSet>(&raw)
            .map(Entry::Use)
            .map_err(|e| E::custom(format!("`use` entry: {e}")));
    }
    decode::<Question>(&raw)
        .map(|q| Entry::Question(Box::new(q)))
        .map_err(|e| E::custom(format!("{label}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(yaml: &str) -> String {
        match crate::yaml::from_str::<Vec<Entry>>(yaml) {
            Ok(_) => panic!("{yaml} was read"),
            Err(e) => e.message,
        }
    }

    /// An entry that is not a mapping, or has a key the tree refuses, is
    /// read as `Raw` reads it: the same messages, whatever the form.
    #[test]
    fn entries_that_are_not_questions_are_refused_as_the_tree_refuses_them() {
        assert!(error("- !foo x\n").contains("the tag !foo is not supported"));
        assert!(error("- 99999999999999999999\n").contains("too large"));
        assert!(error("- [a]\n").contains("a question: invalid length 1"));
        assert!(error("- {[a]: b}\n").contains("a mapping key must be text"));
        assert!(error("- {key: a, key: b}\n").contains("duplicate key 'key'"));
        assert!(error("- {key: a, promt: b}\n").contains("question 'a': unknown field `promt`"));
    }
}
