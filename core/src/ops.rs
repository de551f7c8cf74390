//! The top of the core: the op table (every op's name and its domain
//! handler) and the JSON entry point, `evaluate(request) -> response`.
//!
//! A request is `{"op": "<name>", ...fields}`; the response envelope is
//! `{"ok": true, "result": {...}}` or `{"ok": false, "error": {"code",
//! "message", "path"}}`. Each op lives in the module of its domain
//! (`visit::json`, `grid::json`, …); this module only reads the envelope and
//! dispatches.

use crate::error::{Error, ErrorCode};
use crate::request::{self, Path, type_name};
use serde_json::{Value, json};

/// The signature of one op: the whole request (an object with `op`) in, its
/// result out. Each op reads the request with `read::Obj`, naming `op` among
/// its allowed fields.
type OpFn = fn(&Value) -> Result<Value, Error>;

/// Every op of the JSON contract, by name.
const OPS: &[(&str, OpFn)] = &[
    ("visit.status", crate::visit::json::status),
    ("visit.worklist", crate::visit::json::worklist),
    ("visit.plan", crate::visit::json::plan),
    ("tier.suggest", crate::visit::json::suggest),
    ("catalog.get", crate::catalog::json::get),
    ("catalog.check", crate::catalog::json::check),
    ("catalog.validate", crate::catalog::json::validate),
    ("catalog.admit", crate::catalog::json::admit),
    ("catalog.exit", crate::catalog::json::exit),
    ("grid.size", crate::grid::json::size),
    ("grid.validate", crate::grid::json::validate),
    ("case.classify", crate::triage::json::classify),
    ("calendar.check", crate::calendar::json::check),
    ("calendar.deadline", crate::calendar::json::deadline),
];

/// The names of every op [`evaluate`] understands.
///
/// # Example
/// ```
/// assert!(wangshi::ops().contains(&"visit.status"));
/// ```
pub fn ops() -> Vec<&'static str> {
    OPS.iter().map(|(name, _)| *name).collect()
}

/// Evaluates one request given as a JSON value and returns its `result`.
///
/// # Errors
/// `invalid_json` when the request is not an object, `missing_field` without
/// `op`, `unknown_op` for an op no module implements, then whatever the op
/// reports (with a path into the request).
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
    guarded(&request)
}

/// [`evaluate_ref`] inside a panic boundary: a panic in an op (a bug) comes
/// back as an error rather than unwinding into the caller.
fn guarded(request: &Value) -> Result<Value, Error> {
    std::panic::catch_unwind(|| evaluate_ref(request)).unwrap_or_else(|_| {
        Err(Error::new(
            ErrorCode::InternalError,
            "internal error while evaluating the request; please report it with the request",
        ))
    })
}

fn evaluate_ref(request: &Value) -> Result<Value, Error> {
    let Value::Object(map) = request else {
        return Err(Error::new(
            ErrorCode::InvalidJson,
            format!(
                "a request must be a JSON object, found {}",
                type_name(request)
            ),
        ));
    };
    let op = match map.get("op") {
        None | Some(Value::Null) => {
            return Err(Path::Root
                .field("op")
                .error(ErrorCode::MissingField, "missing required field \"op\""));
        }
        Some(Value::String(s)) => s.as_str(),
        Some(v) => {
            return Err(Path::Root.field("op").error(
                ErrorCode::InvalidValue,
                format!("\"op\" must be a string, found {}", type_name(v)),
            ));
        }
    };
    match OPS.iter().find(|(name, _)| *name == op) {
        Some((_, f)) => f(request),
        None => Err(Path::Root.field("op").error(
            ErrorCode::UnknownOp,
            format!("unknown op {op:?}; known ops: {}", ops().join(", ")),
        )),
    }
}

/// Evaluates one request given as JSON text and returns its `result`: the
/// text form of [`evaluate`], for bindings that need the [`Error`] itself
/// (the C ABI turns its code into a status) as well as the envelope.
/// Never panics: a panic inside an op comes back as an error.
///
/// # Errors
/// `invalid_json` when the text is not JSON or an object repeats a key
/// (`{"on": "2023-01-01", "on": null}` would otherwise drop a value
/// silently), then as [`evaluate`].
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
    guarded(&request::strict::parse(request, "the request")?)
}

/// Evaluates one request given as JSON text and returns the response
/// envelope as JSON text. Never fails and never panics: every problem,
/// including malformed JSON, comes back as `{"ok": false, "error": ...}`.
///
/// # Example
/// ```
/// let out = wangshi::evaluate_json(r#"{"op": "tier.suggest", "tags": []}"#);
/// assert_eq!(out, r#"{"ok":true,"result":{"because":[],"tier":"green"}}"#);
/// let out = wangshi::evaluate_json("{not json");
/// assert!(out.starts_with(r#"{"error":{"code":"invalid_json""#));
/// ```
pub fn evaluate_json(request: &str) -> String {
    envelope(evaluate_str(request)).to_string()
}

/// The response envelope of a result.
///
/// # Example
/// ```
/// let v = wangshi::envelope(Ok(serde_json::json!({"x": 1})));
/// assert_eq!(v["ok"], true);
/// ```
pub fn envelope(result: Result<Value, Error>) -> Value {
    match result {
        Ok(result) => json!({"ok": true, "result": result}),
        Err(e) => json!({"ok": false, "error": request::error_value(&e)}),
    }
}
