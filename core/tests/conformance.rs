//! The conformance suite (the project's `tests/vectors/*.json` and the shared
//! vector files `tests/shared_vectors.txt` lists), run through
//! `wangshi::evaluate_json`.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every case of one vector file through `wangshi::evaluate_json`.
fn run_file(path: &Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let (n, failures) = wangshi_testkit::vectors::run(&text, |request| {
        serde_json::from_str::<Value>(&wangshi::evaluate_json(request)).map_err(|e| e.to_string())
    })
    .unwrap();
    let failures = failures
        .into_iter()
        .map(|f| format!("{}: {f}", path.display()))
        .collect();
    (n, failures)
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn conformance_suite() {
    let suite = wangshi_testkit::vectors::suite(&repo_root());
    for message in &suite.skipped {
        eprintln!("{message}");
    }
    assert!(!suite.project.is_empty(), "no project vectors found");
    let mut total = 0;
    let mut failures = Vec::new();
    for path in suite.project.iter().chain(&suite.shared) {
        let (n, f) = run_file(path);
        total += n;
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "{} of {total} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "conformance: {total} vectors passed ({} shared files)",
        suite.shared.len()
    );
}
