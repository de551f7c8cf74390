//! Building requests and reading responses of the JSON entry point.
//!
//! A response is read into the few typed fields the command writes out
//! (borrowing its text), not into a tree of values: a worklist of 100 000
//! alerts is read in one pass.

use crate::csvin::Row;
use crate::fail::Failure;
use serde::Deserialize;
use std::borrow::Cow;

/// A request being written.
pub struct Request {
    buf: Vec<u8>,
}

impl Request {
    /// A request of `op`, with room for about `len` bytes.
    pub fn new(op: &str, len: usize) -> Request {
        let mut r = Request {
            buf: Vec::with_capacity(len + 64),
        };
        r.raw(r#"{"op":"#);
        r.string(op);
        r
    }

    /// Appends JSON text as it is.
    pub fn raw(&mut self, text: &str) {
        self.buf.extend_from_slice(text.as_bytes());
    }

    /// Appends `s` as a JSON string.
    pub fn string(&mut self, s: &str) {
        serde_json::to_writer(&mut self.buf, s).expect("a string serializes");
    }

    /// Appends `,"name":` (with the comma only when `comma`).
    pub fn key(&mut self, comma: bool, name: &str) {
        if comma {
            self.buf.push(b',');
        }
        self.string(name);
        self.buf.push(b':');
    }

    /// The request's text.
    pub fn finish(self) -> String {
        String::from_utf8(self.buf).expect("the request is written from UTF-8 text")
    }
}

/// Answers a request built by a CSV command: the response text of an `ok`
/// response.
///
/// Errors: a usage failure when the request is refused as a whole (such as
/// a locality's catalogue that does not fit its rules); the rows' own
/// errors are in the result.
pub fn answer(request: &str, name: &str) -> Result<String, Failure> {
    let response = wangshi::respond(request);
    match response.error {
        Some(e) => Err(Failure::Usage(format!("{name} cannot be evaluated: {}", e))),
        None => Ok(response.text),
    }
}

/// The `result` of an `ok` response text.
///
/// Errors: an I/O failure (a bug) when the response is not of the shape the
/// command reads.
pub fn result<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, Failure> {
    #[derive(Deserialize)]
    struct Ok<T> {
        result: T,
    }
    serde_json::from_str::<Ok<T>>(text)
        .map(|ok| ok.result)
        .map_err(|e| {
            Failure::Io(format!(
                "the library's response is not what the command reads ({e}); please report it"
            ))
        })
}

/// The `error` of a batch row (`{"code", "message", "path"?}`).
#[derive(Deserialize)]
pub struct ErrorBody {
    /// The error code.
    pub code: String,
    /// What was wrong.
    pub message: String,
    /// Where in the request.
    #[serde(default)]
    pub path: Option<String>,
}

/// A batch row that carries an error: `{"id", "error"}`.
#[derive(Deserialize)]
pub struct RowError<'a> {
    /// The row's id as the request gave it (a string here), if any.
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
    /// The error.
    pub error: ErrorBody,
}

/// The row of the CSV that answer row `k` of a batch belongs to: `sent[k]`
/// (`sent` maps the request's rows to the CSV's), or, without an index, the
/// first answered row with the error entry's id.
///
/// Errors: an I/O failure (a bug) when the response names no row sent.
pub fn row_of(
    k: Option<usize>,
    sent: &[usize],
    rows: &[Row],
    id: Option<&str>,
    id_column: usize,
) -> Result<usize, Failure> {
    if let Some(&i) = k.and_then(|k| sent.get(k)) {
        return Ok(i);
    }
    sent.iter()
        .copied()
        .find(|&i| rows[i].problem.is_none() && Some(rows[i].cell(id_column)) == id)
        .ok_or_else(|| {
            Failure::Io(format!(
                "the library's response names a row that was not sent (id {id:?}); please report it"
            ))
        })
}
