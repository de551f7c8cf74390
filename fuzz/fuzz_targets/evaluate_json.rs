//! `wangshi::evaluate_json` on any text: the response is always one JSON
//! envelope, and never `internal_error` (a panic caught inside the core).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let response = wangshi::respond(text);
    let v: serde_json::Value =
        serde_json::from_str(&response.text).expect("the response is JSON");
    assert_eq!(v["ok"].as_bool(), Some(response.error.is_none()), "{}", response.text);
    if let Some(e) = &response.error {
        assert_ne!(
            e.code(),
            wangshi::ErrorCode::InternalError,
            "internal_error for {text:?}: {e}"
        );
        assert_eq!(v["error"]["code"], e.code().as_str());
    } else {
        assert!(v["stamp"]["library"].is_string(), "{}", response.text);
    }
});
