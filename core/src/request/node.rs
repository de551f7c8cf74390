//! [`Node`]: one JSON value of the request text, borrowed and parsed only as
//! far as an op asks.
//!
//! The request text is checked for JSON syntax once, when it is read; after
//! that every value is a slice of the text. A string without escapes is read
//! without copying, a number is read only when an op asks for it, and an
//! object or array is split into its members only when an op descends into
//! it — so no tree of the whole request is ever built.

use crate::error::{Error, ErrorCode};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Number;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// The JSON type of a [`Node`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    /// The type name for messages ("a string", "an array" …).
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// The members of an object: key and value, in text order.
pub(crate) type Entries<'t> = Vec<(Cow<'t, str>, Node<'t>)>;

/// One JSON value of a syntactically valid text (its exact slice, without
/// surrounding whitespace).
#[derive(Clone, Copy)]
pub(crate) struct Node<'t>(&'t str);

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Display for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The `invalid_json` error of a text `what` that is not JSON.
pub(crate) fn invalid_json(what: &str, e: impl fmt::Display) -> Error {
    Error::new(
        ErrorCode::InvalidJson,
        format!("{what} is not valid JSON: {e}"),
    )
}

impl<'t> Node<'t> {
    /// Checks the syntax of a whole text and gives its value.
    ///
    /// Errors: `invalid_json` naming `what` ("the request", "the policy").
    pub(crate) fn parse(text: &'t str, what: &str) -> Result<Node<'t>, Error> {
        let raw: &'t RawValue = serde_json::from_str(text).map_err(|e| invalid_json(what, e))?;
        Ok(Node::from_raw(raw))
    }

    pub(crate) fn from_raw(raw: &'t RawValue) -> Node<'t> {
        Node(raw.get().trim_matches([' ', '\t', '\n', '\r']))
    }

    /// The value's JSON text.
    pub(crate) fn text(&self) -> &'t str {
        self.0
    }

    /// The value's JSON type.
    pub(crate) fn kind(&self) -> Kind {
        match self.0.as_bytes().first() {
            Some(b'"') => Kind::String,
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'n') => Kind::Null,
            _ => Kind::Number,
        }
    }

    /// The type name for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        self.kind().name()
    }

    /// The string, borrowed when it has no escapes.
    pub(crate) fn as_str(&self) -> Option<Cow<'t, str>> {
        if self.kind() != Kind::String {
            return None;
        }
        let inner = &self.0[1..self.0.len() - 1];
        if !inner.contains('\\') {
            return Some(Cow::Borrowed(inner));
        }
        serde_json::from_str::<String>(self.0).ok().map(Cow::Owned)
    }

    /// The boolean.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self.0 {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// The number, as `serde_json` reads it (exact integers, else `f64`).
    ///
    /// Errors: `invalid_json` for a number too large for an `f64` (the
    /// syntax check does not read digits; `serde_json` refuses `1e400`).
    pub(crate) fn as_number(&self) -> Result<Option<Number>, Error> {
        if self.kind() != Kind::Number {
            return Ok(None);
        }
        serde_json::from_str::<Number>(self.0)
            .map(Some)
            .map_err(|e| invalid_json("the request", e))
    }

    /// The elements of an array (`None` for another type).
    pub(crate) fn elements(&self) -> Option<Vec<Node<'t>>> {
        if self.kind() != Kind::Array {
            return None;
        }
        let raw: Vec<&'t RawValue> =
            serde_json::from_str(self.0).expect("an array of a checked text");
        Some(raw.into_iter().map(Node::from_raw).collect())
    }

    /// The members of an object in text order (`None` for another type).
    ///
    /// Errors: `invalid_json` when the object repeats a key.
    pub(crate) fn entries(&self) -> Result<Option<Entries<'t>>, Error> {
        if self.kind() != Kind::Object {
            return Ok(None);
        }
        let mut de = serde_json::Deserializer::from_str(self.0);
        let entries = EntriesSeed
            .deserialize(&mut de)
            .map_err(|e| invalid_json("the request", e))?;
        Ok(Some(entries))
    }
}

/// A key, borrowed from the text when it has no escapes.
pub(crate) struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// The message of a repeated key.
pub(crate) fn duplicate_key(key: &str) -> String {
    format!("duplicate key {key:?} in an object")
}

struct EntriesSeed;

impl<'de> DeserializeSeed<'de> for EntriesSeed {
    type Value = Entries<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed {
    type Value = Entries<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: Entries<'de> = Vec::new();
        while let Some(key) = map.next_key_seed(Key)? {
            let value: &'de RawValue = map.next_value()?;
            if out.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(duplicate_key(&key)));
            }
            out.push((key, Node::from_raw(value)));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_lazily_and_exactly() {
        let n = Node::parse(
            r#" {"a": "x\u00e9", "b": [1, -2.5, true, null], "c": {"d": 1e2}} "#,
            "t",
        )
        .unwrap();
        assert_eq!(n.kind(), Kind::Object);
        let e = n.entries().unwrap().unwrap();
        assert_eq!(e[0].0, "a");
        assert_eq!(e[0].1.as_str().unwrap(), "xé");
        assert!(matches!(e[0].1.as_str(), Some(Cow::Owned(_))));
        let b = e[1].1.elements().unwrap();
        assert_eq!(b.len(), 4);
        assert_eq!(b[0].as_number().unwrap().unwrap().as_u64(), Some(1));
        assert_eq!(b[1].as_number().unwrap().unwrap().as_f64(), Some(-2.5));
        assert_eq!(b[2].as_bool(), Some(true));
        assert_eq!(b[3].kind(), Kind::Null);
        assert_eq!(e[2].1.text(), r#"{"d": 1e2}"#);
        assert!(Node::parse("{", "t").is_err());
        assert!(Node::parse("1 2", "t").is_err());
        let big = Node::parse("1e400", "t").unwrap();
        assert_eq!(big.as_number().unwrap_err().code(), ErrorCode::InvalidJson);
        let dup = Node::parse(r#"{"k": 1, "k": 2}"#, "t").unwrap();
        assert!(dup.entries().unwrap_err().message().contains("duplicate"));
    }
}
