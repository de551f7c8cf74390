//! Building requests and reading responses of the JSON entry point.

use crate::csvin::Row;
use crate::fail::Failure;
use crate::report;
use serde_json::Value;

/// Appends `s` as a JSON string.
pub fn string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("a string serializes"));
}

/// Answers a request built by a CSV command and gives its `result`.
///
/// Errors: a usage failure when the request is refused as a whole (such as
/// a locality's catalogue that does not fit its rules); the rows' own
/// errors are in the result.
pub fn answer(request: &str, name: &str) -> Result<Value, Failure> {
    let response = wangshi::respond(request);
    if let Some(e) = response.error {
        return Err(Failure::Usage(format!(
            "{name} cannot be evaluated: {}",
            report::error(&e)
        )));
    }
    let mut v: Value = serde_json::from_str(&response.text).map_err(|e| {
        Failure::Io(format!(
            "the library's response is not JSON ({e}); please report it"
        ))
    })?;
    Ok(v["result"].take())
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
    entry: &Value,
    id_column: usize,
) -> Result<usize, Failure> {
    if let Some(&i) = k.and_then(|k| sent.get(k)) {
        return Ok(i);
    }
    let id = entry["id"].as_str();
    sent.iter()
        .copied()
        .find(|&i| rows[i].problem.is_none() && Some(rows[i].cell(id_column)) == id)
        .ok_or_else(|| {
            Failure::Io(format!(
                "the library's response names a row that was not sent ({entry}); please report it"
            ))
        })
}

/// A response value as a CSV cell: strings as they are, null as empty,
/// numbers and booleans as JSON writes them.
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
