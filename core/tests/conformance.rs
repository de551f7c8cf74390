//! The shared conformance vectors (`../shared/vectors/conformance.json`,
//! beside the checkout) and the project's own (`tests/vectors/*.json`), run
//! through `wangshi::evaluate_json`.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every case of one vector file through `wangshi::evaluate_json`.
fn run_file(path: &Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let (n, failures) = wangshi::json::vectors::run(&text, |request| {
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
fn shared_conformance_vectors() {
    let path = repo_root().join("../shared/vectors/conformance.json");
    if !path.exists() {
        eprintln!(
            "SKIPPED: {} not found; shared conformance vectors not run",
            path.display()
        );
        return;
    }
    let (n, failures) = run_file(&path);
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("shared conformance vectors: {n} passed");
}

#[test]
fn project_vectors() {
    let dir = repo_root().join("tests/vectors");
    let mut total = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let (n, f) = run_file(&path);
            total += n;
            failures.extend(f);
        }
    }
    assert!(total > 0, "no project vectors found in {}", dir.display());
    assert!(
        failures.is_empty(),
        "{} of {total} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
