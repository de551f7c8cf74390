//! The whole-text check: every object of a JSON text has distinct keys and
//! every number fits an `f64`.
//!
//! `serde_json` keeps the last of two equal keys, so
//! `{"on": "2023-01-01", "on": null}` would silently drop a date — exactly
//! the kind of silent typo the contract forbids. The readers check the keys
//! of every object they read; values they skip (an unknown field, a row
//! rejected before all its fields were read) are checked here, by one pass
//! over the whole text that builds nothing. `crate::ops` runs it whenever a
//! response carries an error or a read object left a value unread.

use super::node::{Key, duplicate_key, invalid_json};
use crate::error::Error;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// Checks the syntax, the numbers and the keys of a whole text.
///
/// Errors: `invalid_json` naming `what`, for a syntax error, a number too
/// large for an `f64` or a repeated key in any object.
pub(crate) fn check(text: &str, what: &str) -> Result<(), Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    Strict
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| invalid_json(what, e))
}

struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Strict)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Objects are small: a list, then a set past a few keys.
        let mut keys: Vec<Cow<'de, str>> = Vec::new();
        let mut set: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(key) = map.next_key_seed(Key)? {
            map.next_value_seed(Strict)?;
            let repeated = if set.is_empty() {
                if keys.contains(&key) {
                    true
                } else {
                    keys.push(key.clone());
                    if keys.len() > 16 {
                        set.extend(keys.drain(..));
                    }
                    false
                }
            } else {
                !set.insert(key.clone())
            };
            if repeated {
                return Err(de::Error::custom(duplicate_key(&key)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_fail_at_any_depth() {
        for text in [
            r#"{"on": "2023-01-01", "on": null}"#,
            r#"{"a": [{"k": 1, "k": 1}]}"#,
            r#"{"a": {"b": {"c": 1, "d": 2, "c": 3}}}"#,
        ] {
            let e = check(text, "the request").unwrap_err();
            assert!(e.message().contains("duplicate key"), "{text}: {e}");
        }
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let ok = format!("{{{}}}", many.join(", "));
        assert!(check(&ok, "t").is_ok());
        let bad = format!("{{{}, \"k33\": 0}}", many.join(", "));
        assert!(check(&bad, "t").is_err());
        assert!(check(r#"{"a": 1} x"#, "t").is_err());
        assert!(check("[1e400]", "t").is_err());
        assert!(check(r#"{"a\u0062": 1, "ab": 2}"#, "t").is_err());
    }
}
