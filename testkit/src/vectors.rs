//! Conformance vectors: files of `{"name", "request", "expect"}` cases for
//! the JSON entry point (the format of the project's `tests/vectors/` and of
//! the shared vectors). Every layer — Rust, the C ABI, Python — runs the same
//! files; this is the one matching rule they share on the Rust side, and a
//! locality can use it to keep vectors of its own rules.

use serde_json::Value;
use wangshi::{Error, ErrorCode};

/// Whether `actual` contains `expect`: an object matches when every key of
/// `expect` is present in `actual` with a matching value (extra keys are
/// fine); a list matches element by element and must have the same length;
/// anything else must be equal.
///
/// # Example
/// ```
/// use serde_json::json;
/// use wangshi_testkit::vectors::contains;
/// assert!(contains(&json!({"ok": true, "result": {"tier": "red", "because": []}}),
///                  &json!({"result": {"tier": "red"}})));
/// assert!(!contains(&json!([1, 2]), &json!([1])));
/// ```
pub fn contains(actual: &Value, expect: &Value) -> bool {
    match (actual, expect) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(k, ev)| a.get(k).is_some_and(|av| contains(av, ev))),
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(av, ev)| contains(av, ev))
        }
        (a, e) => a == e,
    }
}

/// Runs every case of a vector file through `evaluate`, which takes the
/// request as JSON text and gives the response envelope (or a failure of its
/// own, such as a C status that does not match the envelope). Returns the
/// number of cases and a description of each failing one.
///
/// # Errors
/// `invalid_json` when `text` is not a JSON list of cases with a `request`.
///
/// # Example
/// ```
/// let text = r#"[{"name": "no tags", "request": {"op": "tier.suggest", "tags": []},
///                 "expect": {"ok": true, "result": {"tier": "green"}}}]"#;
/// let (n, failures) = wangshi_testkit::vectors::run(text, |request| {
///     serde_json::from_str(&wangshi::evaluate_json(request)).map_err(|e| e.to_string())
/// })?;
/// assert_eq!((n, failures.len()), (1, 0));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn run(
    text: &str,
    mut evaluate: impl FnMut(&str) -> Result<Value, String>,
) -> Result<(usize, Vec<String>), Error> {
    let bad = |what: String| Error::new(ErrorCode::InvalidJson, what);
    let cases: Vec<Value> = serde_json::from_str(text)
        .map_err(|e| bad(format!("the vector file is not a JSON list: {e}")))?;
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let request = case
            .get("request")
            .ok_or_else(|| bad(format!("case {i} has no \"request\"")))?;
        let expect = &case["expect"];
        match evaluate(&request.to_string()) {
            Ok(response) if contains(&response, expect) => {}
            Ok(response) => failures.push(format!(
                "{}\n  expected ⊇ {expect}\n  got        {response}",
                case["name"]
            )),
            Err(why) => failures.push(format!("{}: {why}", case["name"])),
        }
    }
    Ok((cases.len(), failures))
}

/// The vector files of the project's conformance suite: every
/// `tests/vectors/*.json` of the checkout at `root`, then each file of the
/// shared vectors (`../shared/vectors` beside the checkout) that
/// `tests/shared_vectors.txt` lists. `skipped` says why shared files were
/// not found (the folder is absent on a machine without it).
#[derive(Debug, Clone, Default)]
pub struct Suite {
    /// The project's own vector files, in name order.
    pub project: Vec<std::path::PathBuf>,
    /// The joined shared vector files that exist, in list order.
    pub shared: Vec<std::path::PathBuf>,
    /// A message for each listed shared file that was not found.
    pub skipped: Vec<String>,
}

/// The conformance suite of the checkout at `root` (see [`Suite`]).
///
/// # Panics
/// When `tests/vectors` or `tests/shared_vectors.txt` cannot be read: the
/// suite is part of the checkout.
pub fn suite(root: &std::path::Path) -> Suite {
    let mut project: Vec<_> = std::fs::read_dir(root.join("tests/vectors"))
        .expect("tests/vectors")
        .map(|e| e.expect("tests/vectors entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    project.sort();
    let list = std::fs::read_to_string(root.join("tests/shared_vectors.txt"))
        .expect("tests/shared_vectors.txt");
    let dir = root.join("../shared/vectors");
    let mut suite = Suite {
        project,
        ..Suite::default()
    };
    for name in list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let path = dir.join(name);
        if path.exists() {
            suite.shared.push(path);
        } else {
            suite.skipped.push(format!(
                "SKIPPED: {} not found; those shared vectors were not run",
                path.display()
            ));
        }
    }
    suite
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatches_and_evaluator_failures_are_reported() {
        let text = r#"[
            {"name": "wrong tier", "request": {"op": "tier.suggest", "tags": []},
             "expect": {"ok": true, "result": {"tier": "red"}}},
            {"name": "status", "request": {"op": "tier.suggest", "tags": []}, "expect": {}}
        ]"#;
        let mut calls = 0;
        let (n, failures) = run(text, |request| {
            calls += 1;
            if calls == 2 {
                return Err("status mismatch".into());
            }
            serde_json::from_str(&wangshi::evaluate_json(request)).map_err(|e| e.to_string())
        })
        .unwrap();
        assert_eq!(n, 2);
        assert_eq!(failures.len(), 2);
        assert!(failures[0].contains("wrong tier") && failures[0].contains("\"green\""));
        assert!(failures[1].contains("status mismatch"));
        assert!(run("{}", |_| Ok(Value::Null)).is_err());
        assert!(run(r#"[{"name": "x"}]"#, |_| Ok(Value::Null)).is_err());
    }
}
