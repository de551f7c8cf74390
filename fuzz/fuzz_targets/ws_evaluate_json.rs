//! `ws_evaluate_json` of the C ABI on raw bytes (invalid UTF-8 included):
//! the status agrees with the envelope, the envelope is JSON, and no call
//! panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::ffi::{CStr, c_char};
use wangshi_ffi::{ws_evaluate_json, ws_status, ws_status_str, ws_string_free};

fuzz_target!(|data: &[u8]| {
    let mut out: *mut c_char = std::ptr::null_mut();
    // SAFETY: a live buffer of `data.len()` bytes and a local out pointer.
    let status = unsafe { ws_evaluate_json(data.as_ptr().cast(), data.len(), &mut out) };
    if std::str::from_utf8(data).is_err() {
        assert_eq!(status, ws_status::InvalidUtf8);
        assert!(out.is_null());
        return;
    }
    assert!(!out.is_null(), "no envelope for status {status:?}");
    // SAFETY: the library's NUL-terminated response, freed once below.
    let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
    unsafe { ws_string_free(out) };
    assert_ne!(status, ws_status::Panic, "panic for {data:?}: {text}");
    let v: serde_json::Value = serde_json::from_str(&text).expect("the envelope is JSON");
    if status == ws_status::Ok {
        assert_eq!(v["ok"], true);
    } else {
        assert_eq!(v["ok"], false);
        // SAFETY: a static NUL-terminated string.
        let name = unsafe { CStr::from_ptr(ws_status_str(status as i32)) };
        let code = name.to_str().unwrap().rsplit(": ").next().unwrap();
        assert_eq!(v["error"]["code"], code, "{text}");
    }
});
