//! The two value trees of agentgen: what was read, and what was checked.
//!
//! [`Raw`] is an untyped tree exactly as a YAML document (an answers file, a
//! `--set` value, a role's default) spelled it, with mappings kept in their
//! written order. It deserializes through serde from any format, so it does
//! not tie the rest of the crate to one YAML library. [`Value`] is an answer
//! after it was checked against its question: only the shapes a question type
//! allows remain, so templates and the frontmatter builder never see a number
//! where they expect text.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A value as written, before any question looked at it.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Raw>),
    /// Entries in written order; keys are unique (duplicates are refused when
    /// reading).
    Map(Vec<(String, Raw)>),
}

impl Raw {
    /// Whether any string in the tree holds template syntax (`{{` or
    /// `{%`), the test `Renderer::render_str` uses to skip plain text.
    pub fn has_template(&self) -> bool {
        match self {
            Raw::Str(s) => s.contains("{{") || s.contains("{%"),
            Raw::Seq(items) => items.iter().any(Raw::has_template),
            Raw::Map(entries) => entries.iter().any(|(_, v)| v.has_template()),
            _ => false,
        }
    }

    /// A short name of the shape, for messages ("a list", "a number").
    pub fn kind_name(&self) -> &'static str {
        match self {
            Raw::Null => "nothing (null)",
            Raw::Bool(_) => "true/false",
            Raw::Int(_) | Raw::Float(_) => "a number",
            Raw::Str(_) => "text",
            Raw::Seq(_) => "a list",
            Raw::Map(_) => "a mapping",
        }
    }

    pub fn get(&self, key: &str) -> Option<&Raw> {
        match self {
            Raw::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Longest piece of a value quoted in a message, in characters: answers
/// and agent files can hold values a megabyte long, and a message that
/// repeats one buries what it says.
pub const QUOTED_CHARS: usize = 80;

/// `text` for a message: whole when short, otherwise its start, an
/// ellipsis and its length.
pub fn quoted(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTED_CHARS) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!(
            "{}… ({} characters)",
            &text[..end],
            text.chars().count()
        )),
    }
}

impl fmt::Display for Raw {
    /// A compact one-line rendering for error messages; long text is
    /// shortened (see [`quoted`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Raw::Null => f.write_str("null"),
            Raw::Bool(b) => write!(f, "{b}"),
            Raw::Int(i) => write!(f, "{i}"),
            // Plain notation writes 1e300 with 301 digits.
            Raw::Float(x) if x.abs() >= 1e16 => write!(f, "{x:e}"),
            Raw::Float(x) => write!(f, "{x}"),
            Raw::Str(s) => match s.char_indices().nth(QUOTED_CHARS) {
                None => write!(f, "{s:?}"),
                Some((end, _)) => write!(f, "{:?}… ({} characters)", &s[..end], s.chars().count()),
            },
            Raw::Seq(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Raw::Map(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Raw, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

/// Builds a [`Raw`] from whatever a deserializer holds; also what
/// `role::entry` hands every entry that is not a tagged built-in one.
pub(crate) struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        i64::try_from(v).map(Raw::Int).map_err(|_| too_large(v))
    }
    // serde_yaml reads integers beyond 64 bits as 128-bit ones; without
    // these, its message would be "invalid type: integer as u128".
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
        i64::try_from(v).map(Raw::Int).map_err(|_| too_large(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        i64::try_from(v).map(Raw::Int).map_err(|_| too_large(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    /// serde_yaml hands over a value with a tag it does not know
    /// (`!name value`) as an enum; agentgen has no use for tags.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Raw, A::Error> {
        let (tag, _) = data.variant::<String>()?;
        Err(de::Error::custom(format!(
            "the tag !{tag} is not supported; remove it, and quote the value if it starts with !"
        )))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries: Vec<(String, Raw)> = Vec::new();
        // A search of `entries` for the few keys of an ordinary mapping; a
        // set once there are many: a hostile mapping with a hundred
        // thousand keys would otherwise take minutes.
        const SEARCHED: usize = 16;
        let mut seen: Option<HashSet<String>> = None;
        while let Some(key) = map.next_key::<MapKey>()? {
            let key = key.0;
            let duplicate = match &mut seen {
                Some(seen) => !seen.insert(key.clone()),
                None => entries.iter().any(|(k, _)| *k == key),
            };
            if duplicate {
                return Err(de::Error::custom(format!("duplicate key '{key}'")));
            }
            let value = map.next_value()?;
            entries.push((key, value));
            if seen.is_none() && entries.len() == SEARCHED {
                seen = Some(entries.iter().map(|(k, _)| k.clone()).collect());
            }
        }
        Ok(Raw::Map(entries))
    }
}

fn too_large<E: de::Error>(v: impl fmt::Display) -> E {
    E::custom(format!(
        "the number {v} is too large; put it in quotes if it is meant as text"
    ))
}

/// A mapping key. YAML allows any scalar; agentgen's keys are text, but a
/// plain `1:` or `true:` key is read as the text it spells.
pub(crate) struct MapKey(pub(crate) String);

impl<'de> Deserialize<'de> for MapKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MapKey, D::Error> {
        match Raw::deserialize(d)? {
            Raw::Str(s) => Ok(MapKey(s)),
            Raw::Int(i) => Ok(MapKey(i.to_string())),
            Raw::Bool(b) => Ok(MapKey(b.to_string())),
            other => Err(de::Error::custom(format!(
                "a mapping key must be text, not {}",
                other.kind_name()
            ))),
        }
    }
}

impl Serialize for Raw {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Raw::Null => s.serialize_unit(),
            Raw::Bool(b) => s.serialize_bool(*b),
            Raw::Int(i) => s.serialize_i64(*i),
            Raw::Float(x) => s.serialize_f64(*x),
            Raw::Str(v) => s.serialize_str(v),
            Raw::Seq(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Raw::Map(entries) => serialize_entries(s, entries),
        }
    }
}

fn serialize_entries<S: Serializer, V: Serialize>(
    s: S,
    entries: &[(String, V)],
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(entries.len()))?;
    for (k, v) in entries {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// Reads a typed value out of a tree without another format in between:
/// `T::deserialize(RawDeserializer(&raw))`. Messages are serde's own
/// ("unknown field `promt`, expected one of ...").
pub struct RawDeserializer<'a>(pub &'a Raw);

impl<'de> de::IntoDeserializer<'de, de::value::Error> for RawDeserializer<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for RawDeserializer<'de> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Raw::Null => visitor.visit_unit(),
            Raw::Bool(b) => visitor.visit_bool(*b),
            Raw::Int(i) => visitor.visit_i64(*i),
            Raw::Float(x) => visitor.visit_f64(*x),
            Raw::Str(s) => visitor.visit_borrowed_str(s),
            Raw::Seq(items) => visitor.visit_seq(de::value::SeqDeserializer::new(
                items.iter().map(RawDeserializer),
            )),
            Raw::Map(entries) => visitor.visit_map(de::value::MapDeserializer::new(
                entries
                    .iter()
                    .map(|(k, v)| (k.as_str(), RawDeserializer(v))),
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Raw::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            // A unit variant is spelt as its name.
            Raw::Str(s) => visitor.visit_enum(
                de::IntoDeserializer::<Self::Error>::into_deserializer(s.as_str()),
            ),
            other => Err(de::Error::custom(format!(
                "expected one of {} for {name}, found {}",
                variants.join(", "),
                other.kind_name()
            ))),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// A checked answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Str(String),
    List(Vec<String>),
    Records(Vec<Record>),
}

/// One item of a list-of-records answer, every field in question order. An
/// optional field left empty is `None`, so templates can test it without
/// tripping over an undefined attribute.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record(pub Vec<(String, Option<Value>)>);

impl Record {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_ref())
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[String]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The value as a raw tree, for writing it back out as YAML.
    pub fn to_raw(&self) -> Raw {
        match self {
            Value::Bool(b) => Raw::Bool(*b),
            Value::Str(s) => Raw::Str(s.clone()),
            Value::List(items) => Raw::Seq(items.iter().cloned().map(Raw::Str).collect()),
            Value::Records(records) => Raw::Seq(
                records
                    .iter()
                    .map(|r| {
                        Raw::Map(
                            r.0.iter()
                                .map(|(k, v)| {
                                    (k.clone(), v.as_ref().map_or(Raw::Null, Value::to_raw))
                                })
                                .collect(),
                        )
                    })
                    .collect(),
            ),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Str(v) => s.serialize_str(v),
            Value::List(items) => items.serialize(s),
            Value::Records(records) => records.serialize(s),
        }
    }
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_entries(s, &self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_shortened_in_messages() {
        assert_eq!(quoted("short"), "short");
        let exact = "é".repeat(QUOTED_CHARS);
        assert_eq!(quoted(&exact), exact.as_str());
        let long = format!("{exact}é");
        assert_eq!(
            quoted(&long),
            format!("{exact}… ({} characters)", QUOTED_CHARS + 1)
        );
        let raw = Raw::Str("x".repeat(200_000));
        assert_eq!(
            raw.to_string(),
            format!("{:?}… (200000 characters)", "x".repeat(QUOTED_CHARS))
        );
        assert_eq!(Raw::Float(1e308).to_string(), "1e308");
        assert_eq!(Raw::Float(0.5).to_string(), "0.5");
    }

    #[test]
    fn integers_beyond_64_bits_are_refused_with_a_hint() {
        let err = crate::yaml::parse("a: 99999999999999999999999\n").unwrap_err();
        assert_eq!(
            err.message,
            "a: the number 99999999999999999999999 is too large; put it in quotes if it is meant as text"
        );
        let err = crate::yaml::parse("a: -99999999999999999999999\n").unwrap_err();
        assert!(
            err.message
                .contains("-99999999999999999999999 is too large"),
            "{}",
            err.message
        );
        assert_eq!(
            crate::yaml::parse("a: 9223372036854775807\n").unwrap(),
            Raw::Map(vec![("a".into(), Raw::Int(i64::MAX))])
        );
    }

    #[test]
    fn duplicate_keys_are_refused_in_small_and_large_mappings() {
        for size in [2, 15, 16, 17, 40] {
            let keys: Vec<String> = (0..size).map(|i| format!("\"k{i}\": {i}")).collect();
            let unique = format!("{{{}}}", keys.join(", "));
            let raw: Raw = serde_json::from_str(&unique).unwrap();
            assert!(matches!(&raw, Raw::Map(e) if e.len() == size), "{size}");
            for repeated in [0, size - 1] {
                let text = format!("{{{}, \"k{repeated}\": 0}}", keys.join(", "));
                let err = serde_json::from_str::<Raw>(&text).unwrap_err();
                assert!(
                    err.to_string()
                        .contains(&format!("duplicate key 'k{repeated}'")),
                    "{size}: {err}"
                );
            }
        }
    }
}
