//! A location in a request (`residents[3].last_visit`), built without
//! allocating and rendered only for an error.

use crate::error::{Error, ErrorCode};
use serde_json::Value;

/// A location in a request.
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
