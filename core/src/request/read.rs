//! Reading request objects field by field, with paths and the error codes of
//! the contract: unknown fields are rejected, missing ones named, wrong types
//! reported where they are. Paths are rendered only when an error needs one.

// Shared by the ops of every module; not every helper has a user yet.
#![allow(dead_code)]

use crate::date;
use crate::error::{Error, ErrorCode};
use serde_json::{Map, Value};

/// A location in a request (`residents[3].last_visit`), built without
/// allocating and rendered only for an error.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'a> {
    /// The request itself.
    Root,
    /// A field of an object.
    Field(&'a Path<'a>, &'a str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of field `name` below this one.
    pub(crate) fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The path of element `i` below this one.
    pub(crate) fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    /// The rendered path (`""` for the root).
    pub(crate) fn render(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }

    fn write(&self, s: &mut String) {
        match self {
            Path::Root => {}
            Path::Field(parent, name) => {
                parent.write(s);
                let plain = !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if plain {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(name);
                } else {
                    // A key such as "a.b[0]" must not read like a nested path.
                    s.push('[');
                    s.push_str(&Value::from(*name).to_string());
                    s.push(']');
                }
            }
            Path::Index(parent, i) => {
                parent.write(s);
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }

    /// An error located here.
    pub(crate) fn error(&self, code: ErrorCode, message: impl Into<String>) -> Error {
        Error::new(code, message).at(self.render())
    }
}

/// A JSON type name for messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A request object whose fields have been checked against an allowed list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Obj<'a, 'p> {
    map: &'a Map<String, Value>,
    path: Path<'p>,
}

impl<'a, 'p> Obj<'a, 'p> {
    /// Reads `v` as an object with only the `allowed` fields.
    ///
    /// Errors: `invalid_value` when `v` is not an object, `unknown_field` for
    /// the first field not in `allowed`.
    pub(crate) fn new(
        v: &'a Value,
        path: Path<'p>,
        allowed: &[&str],
    ) -> Result<Obj<'a, 'p>, Error> {
        let Value::Object(map) = v else {
            return Err(path.error(
                ErrorCode::InvalidValue,
                format!("expected an object, found {}", type_name(v)),
            ));
        };
        if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            let mut names = allowed.to_vec();
            names.sort_unstable();
            return Err(path.field(k).error(
                ErrorCode::UnknownField,
                format!("unknown field {k:?}; expected one of: {}", names.join(", ")),
            ));
        }
        Ok(Obj { map, path })
    }

    /// This object's path.
    pub(crate) fn path(&self) -> Path<'p> {
        self.path
    }

    /// The underlying map.
    pub(crate) fn map(&self) -> &'a Map<String, Value> {
        self.map
    }

    /// An error located at field `name`.
    pub(crate) fn error(&self, name: &str, code: ErrorCode, message: impl Into<String>) -> Error {
        self.path.field(name).error(code, message)
    }

    /// The field's value; `None` when absent or null.
    pub(crate) fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// The field's value; `missing_field` when absent or null.
    pub(crate) fn req(&self, name: &str) -> Result<&'a Value, Error> {
        self.get(name).ok_or_else(|| {
            self.error(
                name,
                ErrorCode::MissingField,
                format!("missing required field {name:?}"),
            )
        })
    }

    fn wrong(&self, name: &str, want: &str, v: &Value) -> Error {
        self.error(
            name,
            ErrorCode::InvalidValue,
            format!("{name:?} must be {want}, found {}", type_name(v)),
        )
    }

    /// A required string field.
    pub(crate) fn str(&self, name: &str) -> Result<&'a str, Error> {
        let v = self.req(name)?;
        v.as_str().ok_or_else(|| self.wrong(name, "a string", v))
    }

    /// An optional string field (absent or null gives `None`).
    pub(crate) fn opt_str(&self, name: &str) -> Result<Option<&'a str>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| self.wrong(name, "a string", v)),
        }
    }

    /// A required `YYYY-MM-DD` date field, as days since 1970-01-01.
    pub(crate) fn date(&self, name: &str) -> Result<i32, Error> {
        let v = self.req(name)?;
        self.date_of(name, v)
    }

    fn date_of(&self, name: &str, v: &Value) -> Result<i32, Error> {
        match v.as_str() {
            Some(s) => date::parse_date(s).map_err(|e| e.at(self.path.field(name).render())),
            None => Err(self.error(
                name,
                ErrorCode::InvalidDate,
                format!(
                    "{name:?} must be a date written YYYY-MM-DD, found {}",
                    type_name(v)
                ),
            )),
        }
    }

    /// An optional date field.
    pub(crate) fn opt_date(&self, name: &str) -> Result<Option<i32>, Error> {
        self.get(name).map(|v| self.date_of(name, v)).transpose()
    }

    /// A required non-negative integer field no larger than `max`.
    pub(crate) fn uint(&self, name: &str, max: u64) -> Result<u64, Error> {
        let v = self.req(name)?;
        self.uint_of(name, v, max)
    }

    /// An optional non-negative integer field no larger than `max`.
    pub(crate) fn opt_uint(&self, name: &str, max: u64) -> Result<Option<u64>, Error> {
        self.get(name)
            .map(|v| self.uint_of(name, v, max))
            .transpose()
    }

    /// A whole number: an integer, or a number with no fractional part
    /// (`2.0`, `-0`: what Python's `json` and pandas' float columns write).
    fn uint_of(&self, name: &str, v: &Value, max: u64) -> Result<u64, Error> {
        let too_large = || {
            self.error(
                name,
                ErrorCode::InvalidValue,
                format!("{name:?} is {v}, more than the largest allowed value {max}"),
            )
        };
        if let Some(n) = v.as_u64() {
            return if n <= max { Ok(n) } else { Err(too_large()) };
        }
        let Some(f) = v.as_f64() else {
            return Err(self.wrong(name, "a whole number", v));
        };
        if f < 0.0 {
            Err(self.error(
                name,
                ErrorCode::InvalidValue,
                format!("{name:?} must not be negative, found {v}"),
            ))
        } else if f.fract() != 0.0 {
            Err(self.error(
                name,
                ErrorCode::InvalidValue,
                format!("{name:?} must be a whole number, found {v}"),
            ))
        } else if f > max as f64 {
            Err(too_large())
        } else {
            Ok(f as u64)
        }
    }

    /// An optional finite, non-negative number field.
    pub(crate) fn opt_non_negative(&self, name: &str) -> Result<Option<f64>, Error> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        match v.as_f64() {
            Some(f) if f.is_finite() && f >= 0.0 => Ok(Some(f)),
            Some(f) => Err(self.error(
                name,
                ErrorCode::InvalidValue,
                format!("{name:?} must be a non-negative number, found {f}"),
            )),
            None => Err(self.wrong(name, "a number", v)),
        }
    }

    /// An optional boolean field.
    pub(crate) fn opt_bool(&self, name: &str) -> Result<Option<bool>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| self.wrong(name, "true or false", v)),
        }
    }

    /// A required array field.
    pub(crate) fn array(&self, name: &str) -> Result<&'a [Value], Error> {
        let v = self.req(name)?;
        v.as_array()
            .map(Vec::as_slice)
            .ok_or_else(|| self.wrong(name, "an array", v))
    }

    /// An optional array field.
    pub(crate) fn opt_array(&self, name: &str) -> Result<Option<&'a [Value]>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .as_array()
                .map(|a| Some(a.as_slice()))
                .ok_or_else(|| self.wrong(name, "an array", v)),
        }
    }

    /// An optional array of strings.
    pub(crate) fn opt_str_list(&self, name: &str) -> Result<Option<Vec<&'a str>>, Error> {
        let Some(items) = self.opt_array(name)? else {
            return Ok(None);
        };
        let field = self.path.field(name);
        items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str().ok_or_else(|| {
                    field.index(i).error(
                        ErrorCode::InvalidValue,
                        format!("expected a string, found {}", type_name(v)),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

/// The `id` of a batch row for its error entry: the string or number given,
/// else null (so a row without a usable id still reports its error).
pub(crate) fn row_id(v: &Value) -> Value {
    match v.get("id") {
        Some(id @ (Value::String(_) | Value::Number(_))) => id.clone(),
        _ => Value::Null,
    }
}

/// The `{"id", "error": {...}}` entry of a failed batch row.
pub(crate) fn row_error(id: Value, e: &Error) -> Value {
    serde_json::json!({ "id": id, "error": error_value(e) })
}

/// The `{"code", "message", "path"?}` object of an error.
pub(crate) fn error_value(e: &Error) -> Value {
    let mut m = Map::new();
    m.insert("code".into(), e.code().as_str().into());
    m.insert("message".into(), e.message().into());
    if let Some(p) = e.path() {
        m.insert("path".into(), p.into());
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_render() {
        let root = Path::Root;
        let r = root.field("residents");
        let i = r.index(3);
        assert_eq!(i.field("last_visit").render(), "residents[3].last_visit");
        assert_eq!(root.render(), "");
    }

    #[test]
    fn unknown_and_missing_fields() {
        let v = json!({"as_of": "2026-11-26", "residentz": []});
        let e = Obj::new(&v, Path::Root, &["as_of", "residents"]).unwrap_err();
        let odd = Path::Root;
        let f = odd.field("community");
        assert_eq!(f.field("a.b[0]").render(), "community[\"a.b[0]\"]");
        assert_eq!(e.code(), ErrorCode::UnknownField);
        assert_eq!(e.path(), Some("residentz"));
        let v = json!({"as_of": null, "n": -3, "f": "x"});
        let o = Obj::new(&v, Path::Root, &["as_of", "n", "f"]).unwrap();
        assert_eq!(o.date("as_of").unwrap_err().code(), ErrorCode::MissingField);
        assert_eq!(o.uint("n", 10).unwrap_err().code(), ErrorCode::InvalidValue);
        assert_eq!(o.uint("f", 10).unwrap_err().code(), ErrorCode::InvalidValue);
        let v = json!({"a": 2.0, "b": -0.0, "c": 2.5, "d": 1e25, "e": 20261126});
        let o = Obj::new(&v, Path::Root, &["a", "b", "c", "d", "e"]).unwrap();
        assert_eq!(o.uint("a", 10).unwrap(), 2);
        assert_eq!(o.uint("b", 10).unwrap(), 0);
        assert!(o.uint("c", 10).unwrap_err().message().contains("2.5"));
        assert!(o.uint("d", 10).unwrap_err().message().contains("largest"));
        assert_eq!(o.date("e").unwrap_err().code(), ErrorCode::InvalidDate);
        assert_eq!(o.opt_date("as_of").unwrap(), None);
    }
}
