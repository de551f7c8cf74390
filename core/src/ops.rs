//! The top of the core: the op table (every op's name, its fields and its
//! domain handler) and the JSON entry point, `evaluate(request) ->
//! response`.
//!
//! A request is `{"op": "<name>", ...fields}`; the response envelope is
//! `{"ok": true, "result": {...}, "stamp": {...}}` or `{"ok": false,
//! "error": {"code", "message", "path"}}`.
//!
//! How a request is read: the text is split once into its top-level fields
//! (checking its syntax); the op takes its own fields and reads them, batch
//! arrays row by row in one pass, writing its result straight into the
//! response text. No tree of the request or of the response is built. Keys
//! are checked for repeats in every object the op reads; when a response
//! would carry an error (of the request or of a row), or a value was left
//! unread, the whole text is checked once more, so a repeated key anywhere
//! is always `invalid_json`, whatever else is wrong.

use crate::error::{Error, ErrorCode};
use crate::request::write::ErrorBody;
use crate::request::{
    Batch, Hook, Kind, Obj, Out, Path, Record, Rows, nested_mask, read_rows, strict, take_unread,
};
use serde::Serialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// One op's handler: reads its request object and writes its result.
type OpFn = for<'t, 'p> fn(&Obj<'t, 'p>, &mut Out) -> Result<(), Error>;

/// How an op reads its request.
enum Handler {
    /// Field by field.
    Plain(OpFn),
    /// With a batch array.
    Batch(Batch),
}

/// One op: its name, its top-level fields (with `op`) and its handler.
struct Op {
    name: &'static str,
    fields: &'static [&'static str],
    run: Handler,
}

/// Every op of the JSON contract.
const OPS: &[Op] = &[
    Op {
        name: "visit.status",
        fields: crate::visit::json::STATUS_FIELDS,
        run: Handler::Batch(crate::visit::json::STATUS),
    },
    Op {
        name: "visit.worklist",
        fields: crate::visit::json::STATUS_FIELDS,
        run: Handler::Batch(crate::visit::json::WORKLIST),
    },
    Op {
        name: "visit.plan",
        fields: crate::visit::json::PLAN_FIELDS,
        run: Handler::Batch(crate::visit::json::PLAN),
    },
    Op {
        name: "visit.completion",
        fields: crate::assessment::json::COMPLETION_FIELDS,
        run: Handler::Batch(crate::assessment::json::COMPLETION),
    },
    Op {
        name: "tier.suggest",
        fields: crate::visit::json::SUGGEST_FIELDS,
        run: Handler::Plain(crate::visit::json::suggest),
    },
    Op {
        name: "catalog.get",
        fields: crate::catalog::json::GET_FIELDS,
        run: Handler::Plain(crate::catalog::json::get),
    },
    Op {
        name: "catalog.check",
        fields: crate::catalog::json::CHECK_FIELDS,
        run: Handler::Plain(crate::catalog::json::check),
    },
    Op {
        name: "catalog.validate",
        fields: crate::catalog::json::VALIDATE_FIELDS,
        run: Handler::Plain(crate::catalog::json::validate),
    },
    Op {
        name: "catalog.admit",
        fields: crate::catalog::json::ADMIT_FIELDS,
        run: Handler::Plain(crate::catalog::json::admit),
    },
    Op {
        name: "catalog.exit",
        fields: crate::catalog::json::EXIT_FIELDS,
        run: Handler::Plain(crate::catalog::json::exit),
    },
    Op {
        name: "grid.size",
        fields: crate::grid::json::SIZE_FIELDS,
        run: Handler::Plain(crate::grid::json::size),
    },
    Op {
        name: "grid.validate",
        fields: crate::grid::json::VALIDATE_FIELDS,
        run: Handler::Plain(crate::grid::json::validate),
    },
    Op {
        name: "calendar.check",
        fields: crate::calendar::json::CHECK_FIELDS,
        run: Handler::Plain(crate::calendar::json::check),
    },
    Op {
        name: "calendar.deadline",
        fields: crate::calendar::json::DEADLINE_FIELDS,
        run: Handler::Plain(crate::calendar::json::deadline),
    },
    Op {
        name: "case.classify",
        fields: crate::triage::json::CLASSIFY_FIELDS,
        run: Handler::Batch(crate::triage::json::CLASSIFY),
    },
    Op {
        name: "case.timeline",
        fields: crate::handling::json::TIMELINE_FIELDS,
        run: Handler::Plain(crate::handling::json::timeline),
    },
    Op {
        name: "case.supervise",
        fields: crate::handling::json::SUPERVISE_FIELDS,
        run: Handler::Batch(crate::handling::json::SUPERVISE),
    },
];

/// Every field any op takes at the top level: the top level of a request is
/// split once with these, then the op takes its own. (A test checks that
/// every op's fields are here.)
const TOP_FIELDS: &[&str] = &[
    "op",
    "as_of",
    "residents",
    "policy",
    "from",
    "to",
    "tags",
    "on",
    "catalog",
    "code",
    "item",
    "basis",
    "evaluated_on",
    "published_on",
    "effective_on",
    "kind",
    "subtype",
    "households",
    "population",
    "norm",
    "community",
    "case",
    "cases",
    "rules",
    "date",
    "start",
    "period",
    "calendar",
    "events",
    "handling",
    "steps",
];

/// The names of every op [`evaluate`] understands.
///
/// # Example
/// ```
/// assert!(wangshi::ops().contains(&"visit.status"));
/// ```
pub fn ops() -> Vec<&'static str> {
    OPS.iter().map(|op| op.name).collect()
}

/// The response to one request: the envelope text, and the error when the
/// envelope is not `ok` (for bindings that turn its code into a status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The response envelope as JSON text.
    pub text: String,
    /// The envelope's error, when `"ok": false`.
    pub error: Option<Error>,
}

impl Response {
    /// The response of a request that failed before it reached the library
    /// (a binding's own check, such as a length no buffer can have).
    ///
    /// # Example
    /// ```
    /// let e = wangshi::Error::new(wangshi::ErrorCode::InvalidJson, "not UTF-8");
    /// let r = wangshi::Response::from_error(e);
    /// assert!(r.text.starts_with(r#"{"ok":false,"error":{"code":"invalid_json""#));
    /// ```
    pub fn from_error(e: Error) -> Response {
        Response {
            text: error_text(&e),
            error: Some(e),
        }
    }
}

/// The `{"ok": false, "error": ...}` envelope of an error.
fn error_text(e: &Error) -> String {
    #[derive(Serialize)]
    struct Failed<'a> {
        ok: bool,
        error: ErrorBody<'a>,
    }
    serde_json::to_string(&Failed {
        ok: false,
        error: ErrorBody(e),
    })
    .expect("an error serializes")
}

/// Evaluates one request given as JSON text: the response envelope and,
/// when it is not `ok`, its error. Never panics: a panic inside an op (a
/// bug) comes back as `internal_error`.
///
/// # Example
/// ```
/// let r = wangshi::respond(r#"{"op": "tier.suggest", "tags": ["key_petitioner"]}"#);
/// assert!(r.error.is_none());
/// assert!(r.text.starts_with(r#"{"ok":true,"result":{"tier":"red""#));
/// let r = wangshi::respond(r#"{"op": "tier.suggest"}"#);
/// assert_eq!(r.error.unwrap().code(), wangshi::ErrorCode::MissingField);
/// ```
pub fn respond(request: &str) -> Response {
    guarded(request, run)
}

/// Evaluates `text` as the request of one op the caller names by calling
/// it (a request without `op`, whose top-level fields are `fields`): the
/// one-call entry points of the C ABI with data sets of the caller's.
pub(crate) fn respond_with(
    text: &str,
    fields: &'static [&'static str],
    handler: impl FnOnce(&Obj<'_, '_>, &mut Out) -> Result<(), Error>,
) -> Response {
    guarded(text, |text, out| {
        let top = Record::parse_text(text, fields, "the request")?;
        if top.kind() != Kind::Object {
            return Err(Error::new(
                ErrorCode::InvalidJson,
                format!(
                    "a request must be a JSON object, found {}",
                    top.kind().name()
                ),
            ));
        }
        handler(&top.at(Path::Root)?, out)
    })
}

/// Runs `run` on the request text inside the panic boundary, then checks
/// the whole text when the answer is an error (or a value went unread).
fn guarded(text: &str, run: impl FnOnce(&str, &mut Out) -> Result<(), Error>) -> Response {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        respond_unguarded(text, run)
    }))
    .unwrap_or_else(|_| {
        Response::from_error(Error::new(
            ErrorCode::InternalError,
            "internal error while evaluating the request; please report it with the request",
        ))
    })
}

fn respond_unguarded(
    text: &str,
    run: impl FnOnce(&str, &mut Out) -> Result<(), Error>,
) -> Response {
    take_unread();
    let mut out = Out::new(text.len());
    let result = run(text, &mut out);
    let unread = take_unread();
    let result = match result {
        Ok(()) if !out.has_row_errors() && !unread => Ok(()),
        Ok(()) => strict::check(text, "the request"),
        Err(e) if e.code() == ErrorCode::InvalidJson => Err(e),
        Err(e) => strict::check(text, "the request").and(Err(e)),
    };
    match result {
        Ok(()) => Response {
            text: out.finish(),
            error: None,
        },
        Err(e) => Response::from_error(e),
    }
}

fn run(text: &str, out: &mut Out) -> Result<(), Error> {
    let mut stream = Stream {
        out: &mut *out,
        state: State::Idle,
    };
    let top = Record::parse_text_with(text, TOP_FIELDS, "the request", &mut stream)?;
    match stream.state {
        State::Idle => run_on(top, out),
        State::Open {
            op,
            rows,
            seen,
            read,
            ok: true,
        } if !top.has_unknown() && (read & !seen) & top.present_mask() == 0 => {
            // Nothing the op looked at changed after its rows: finish.
            let o = top.within(Path::Root, op.fields)?;
            o.mark_read(u64::MAX);
            rows.finish(out)
        }
        State::Open { .. } => {
            // A field the op read as absent came after the rows, or
            // something is wrong with the request: answer it afresh, the
            // array read afterwards, which gives the right answer or error.
            out.reset();
            run_on(Record::parse_text(text, TOP_FIELDS, "the request")?, out)
        }
    }
}

/// The op a request names, with its request object.
fn run_on(top: Record<'_>, out: &mut Out) -> Result<(), Error> {
    if top.kind() != Kind::Object {
        return Err(Error::new(
            ErrorCode::InvalidJson,
            format!(
                "a request must be a JSON object, found {}",
                top.kind().name()
            ),
        ));
    }
    let op = find_op(&top)?;
    let o = top.within(Path::Root, op.fields)?;
    o.present("op");
    match &op.run {
        Handler::Plain(f) => f(&o, out),
        Handler::Batch(b) => {
            let mut rows = (b.begin)(&o, out)?;
            if b.required || o.has(b.field) {
                o.each_record(b.field, b.rows, b.nested, |i, rec| rows.row(i, rec, out))?;
            }
            rows.finish(out)
        }
    }
}

/// The op of a request's `op` field.
///
/// Errors: `missing_field`, `invalid_value` (not a string), `unknown_op`.
fn find_op(top: &Record<'_>) -> Result<&'static Op, Error> {
    let op_field = Path::Root.field("op");
    let name = match top.peek("op").filter(|v| !v.is_null()) {
        None => {
            return Err(op_field.error(ErrorCode::MissingField, "missing required field \"op\""));
        }
        Some(v) => v.as_str().ok_or_else(|| {
            op_field.error(
                ErrorCode::InvalidValue,
                format!("\"op\" must be a string, found {}", v.kind().name()),
            )
        })?,
    };
    OPS.iter().find(|op| op.name == name).ok_or_else(|| {
        op_field.error(
            ErrorCode::UnknownOp,
            format!(
                "unknown op {:?}; known ops: {}",
                name.as_ref(),
                ops().join(", ")
            ),
        )
    })
}

/// The hook that reads a batch array in the same pass as the rest of the
/// request, when the fields before it are all its op needs.
struct Stream<'o, 't> {
    out: &'o mut Out,
    state: State<'t>,
}

enum State<'t> {
    /// No array read (yet).
    Idle,
    /// The array's rows were given to the op: the fields present and read
    /// when it began, and whether the array was an array.
    Open {
        op: &'static Op,
        rows: Box<dyn Rows<'t> + 't>,
        seen: u64,
        read: u64,
        ok: bool,
    },
}

impl<'t> Hook<'t> for Stream<'_, 't> {
    fn wants(&mut self, name: &str, before: &Record<'t>) -> bool {
        if !matches!(self.state, State::Idle) || before.has_unknown() {
            return false;
        }
        let Ok(op) = find_op(before) else {
            return false;
        };
        let Handler::Batch(b) = &op.run else {
            return false;
        };
        if name != b.field {
            return false;
        }
        let mut partial = before.clone();
        partial.take(name);
        let Ok(o) = partial.within(Path::Root, op.fields) else {
            return false;
        };
        o.present("op");
        let begun = (b.begin)(&o, self.out);
        let (seen, read) = (o.present_mask(), o.read_mask());
        o.settle();
        match begun {
            Ok(rows) => {
                self.state = State::Open {
                    op,
                    rows,
                    seen,
                    read,
                    ok: true,
                };
                true
            }
            Err(_) => {
                // Reported when the request is answered afresh.
                self.out.reset();
                false
            }
        }
    }

    fn read<D: Deserializer<'t>>(&mut self, d: D) -> Result<(), D::Error> {
        let State::Open { op, rows, ok, .. } = &mut self.state else {
            return Ok(());
        };
        let Handler::Batch(b) = &op.run else {
            return Ok(());
        };
        d.deserialize_any(StreamRows {
            batch: b,
            rows: &mut **rows,
            out: &mut *self.out,
            ok,
        })
    }
}

/// Gives every row of a batch array to its op; notes a value that is not an
/// array (the op then answers afresh and reports it).
struct StreamRows<'a, 't> {
    batch: &'static Batch,
    rows: &'a mut (dyn Rows<'t> + 't),
    out: &'a mut Out,
    ok: &'a mut bool,
}

impl<'de> Visitor<'de> for StreamRows<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let b = self.batch;
        let (rows, out) = (self.rows, self.out);
        read_rows(
            &mut seq,
            b.rows,
            nested_mask(b.rows, b.nested),
            &mut |i, rec| rows.row(i, rec, out),
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        *self.ok = false;
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        *self.ok = false;
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        *self.ok = false;
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        *self.ok = false;
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        *self.ok = false;
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        *self.ok = false;
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        *self.ok = false;
        Ok(())
    }
}

/// Evaluates one request given as JSON text and returns the response
/// envelope as JSON text. Never fails and never panics: every problem,
/// including malformed JSON, comes back as `{"ok": false, "error": ...}`.
///
/// # Example
/// ```
/// let out = wangshi::evaluate_json(r#"{"op": "tier.suggest", "tags": []}"#);
/// assert!(out.starts_with(r#"{"ok":true,"result":{"tier":"green","because":[]},"stamp":"#));
/// let out = wangshi::evaluate_json("{not json");
/// assert!(out.starts_with(r#"{"ok":false,"error":{"code":"invalid_json""#));
/// ```
pub fn evaluate_json(request: &str) -> String {
    respond(request).text
}

/// Evaluates one request given as JSON text and returns its `result` as a
/// value: the text form of [`evaluate`].
///
/// # Errors
/// `invalid_json` when the text is not JSON or an object repeats a key
/// (`{"on": "2023-01-01", "on": null}` would otherwise drop a value
/// silently), `missing_field` without `op`, `unknown_op` for an op no module
/// implements, then whatever the op reports (with a path into the request).
///
/// # Example
/// ```
/// let err = wangshi::evaluate_str("{not json").unwrap_err();
/// assert_eq!(err.code(), wangshi::ErrorCode::InvalidJson);
/// let ok = wangshi::evaluate_str(r#"{"op": "tier.suggest", "tags": []}"#)?;
/// assert_eq!(ok["tier"], "green");
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn evaluate_str(request: &str) -> Result<Value, Error> {
    let r = respond(request);
    if let Some(e) = r.error {
        return Err(e);
    }
    let mut envelope: Value = serde_json::from_str(&r.text).expect("the library writes JSON");
    Ok(envelope["result"].take())
}

/// Evaluates one request given as a JSON value and returns its `result`.
///
/// # Errors
/// As [`evaluate_str`].
///
/// # Example
/// ```
/// use serde_json::json;
/// let result = wangshi::evaluate(json!({"op": "tier.suggest", "tags": ["elderly_alone"]})).unwrap();
/// assert_eq!(result["tier"], "blue");
/// let err = wangshi::evaluate(json!({"op": "visit.teleport"})).unwrap_err();
/// assert_eq!(err.code(), wangshi::ErrorCode::UnknownOp);
/// ```
pub fn evaluate(request: Value) -> Result<Value, Error> {
    evaluate_str(&request.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_op_field_is_a_top_field() {
        for op in OPS {
            for f in op.fields {
                assert!(TOP_FIELDS.contains(f), "{}: {f}", op.name);
            }
            assert!(op.fields.contains(&"op"), "{}", op.name);
        }
        let mut seen = std::collections::HashSet::new();
        assert!(TOP_FIELDS.iter().all(|f| seen.insert(f)));
    }
}
