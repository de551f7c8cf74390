//! The conformance suite (the project's `tests/vectors/*.json` and the shared
//! vector files `tests/shared_vectors.txt` lists), run through `ws_evaluate_json` of the built `libwangshi.so`, loaded with
//! dlopen as a C program would load it.

#![cfg(target_os = "linux")]

use serde_json::Value;
mod dl;

use std::ffi::{CStr, c_char};
use std::path::{Path, PathBuf};

type EvaluateJson = unsafe extern "C" fn(*const c_char, usize, *mut *mut c_char) -> i32;
type StringFree = unsafe extern "C" fn(*mut c_char);

/// `ws_evaluate_json` and `ws_string_free` of the shared library.
struct Lib {
    evaluate: EvaluateJson,
    free: StringFree,
}

impl Lib {
    fn load() -> Lib {
        let lib = dl::Library::open();
        // SAFETY: the types of include/wangshi.h.
        unsafe {
            Lib {
                evaluate: lib.get(c"ws_evaluate_json"),
                free: lib.get(c"ws_string_free"),
            }
        }
    }

    /// The status and response envelope of one request.
    fn evaluate(&self, request: &str) -> (i32, Value) {
        let mut out: *mut c_char = std::ptr::null_mut();
        // SAFETY: a live buffer of `len` bytes and a local out pointer; the
        // response is copied, then freed once.
        unsafe {
            let status = (self.evaluate)(request.as_ptr().cast(), request.len(), &mut out);
            assert!(
                !out.is_null(),
                "no response (status {status}) for {request}"
            );
            let text = CStr::from_ptr(out).to_str().unwrap().to_owned();
            (self.free)(out);
            (status, serde_json::from_str(&text).unwrap())
        }
    }
}

/// The status `ws_evaluate_json` must return for a response envelope.
fn status_of(response: &Value) -> i32 {
    if response["ok"] == true {
        return 0;
    }
    let code = response["error"]["code"].as_str().unwrap();
    100 + wangshi_core::ErrorCode::from_name(code).unwrap() as i32
}

/// Every case of one vector file through `ws_evaluate_json`; the status
/// must agree with the envelope as well.
fn run_file(lib: &Lib, path: &Path) -> (usize, Vec<String>) {
    run_text(lib, &std::fs::read_to_string(path).unwrap(), path)
}

/// The cases of a vector file's text (read from `path`).
fn run_text(lib: &Lib, text: &str, path: &Path) -> (usize, Vec<String>) {
    let (n, failures) = wangshi_testkit::vectors::run(text, |request| {
        let (status, response) = lib.evaluate(request);
        if status == status_of(&response) {
            Ok(response)
        } else {
            Err(format!("status {status} does not match {response}"))
        }
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
fn conformance_suite_through_the_c_abi() {
    let lib = Lib::load();
    let suite = wangshi_testkit::vectors::suite(&repo_root());
    for message in &suite.skipped {
        eprintln!("{message}");
    }
    assert!(!suite.project.is_empty(), "no project vectors found");
    let mut total = 0;
    let mut failures = Vec::new();
    for path in suite.project.iter().chain(&suite.shared) {
        let (n, f) = run_file(&lib, path);
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
        "conformance through ws_evaluate_json: {total} vectors ({} shared files)",
        suite.shared.len()
    );
}
