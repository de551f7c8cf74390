//! The JSON entry point, `ws_evaluate_json`, and `ws_string_free`.

use crate::status::{boundary, fail, fail_with, non_null, text_arg, ws_status};
use std::ffi::{CString, c_char};
use wangshi_core::{Error, ErrorCode};

/// Evaluates one JSON request (`{"op": "...", ...}`; the ops and their
/// fields are documented in `docs/` and `schema/`) and
/// returns the response envelope, `{"ok": true, "result": {...}}` or
/// `{"ok": false, "error": {"code", "message", "path"}}`, as a new
/// NUL-terminated UTF-8 string in `*response_out`.
///
/// `request` points to `len` bytes of UTF-8 JSON; it need not be
/// NUL-terminated (a terminating NUL counted in `len` is invalid JSON).
///
/// Returns WS_STATUS_OK when the envelope says `"ok": true`, else the status
/// of the envelope's error code (`100 + n`, e.g. WS_STATUS_INVALID_JSON,
/// WS_STATUS_UNKNOWN_OP; WS_STATUS_PANIC for `internal_error`, a panic
/// caught inside the library), with the error also in
/// ws_last_error_message(). In all those cases, and for
/// WS_STATUS_INPUT_TOO_LARGE (an `invalid_value` envelope), `*response_out`
/// receives the envelope: free it with ws_string_free(). On
/// WS_STATUS_NULL_ARGUMENT and WS_STATUS_INVALID_UTF8, and on
/// WS_STATUS_PANIC from a panic at the C boundary itself, `*response_out` is
/// set to NULL (when `response_out` itself is not NULL).
///
/// Thread-safe: any number of threads may call it at once.
///
/// # Safety
/// `request` must point to `len` readable bytes not written during the
/// call; `response_out` must be NULL or point to a writable `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_evaluate_json(
    request: *const c_char,
    len: usize,
    response_out: *mut *mut c_char,
) -> ws_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { answer(request, len, response_out, wangshi_core::respond) }
}

/// The body of a call that answers a JSON request with a response
/// envelope (ws_evaluate_json(), ws_case_timeline()): the text argument,
/// `respond` on it, the envelope in `*response_out` and the status of its
/// error, as ws_evaluate_json() documents.
///
/// # Safety
/// `request` must point to `len` readable bytes not written during the
/// call; `response_out` must be NULL or point to a writable `char *`.
pub(crate) unsafe fn answer(
    request: *const c_char,
    len: usize,
    response_out: *mut *mut c_char,
    respond: impl FnOnce(&str) -> wangshi_core::Response,
) -> ws_status {
    boundary(|| {
        non_null(response_out, "response_out")?;
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { response_out.write(std::ptr::null_mut()) };
        // SAFETY: the caller's contract on `request`.
        let (response, failure) = match unsafe { text_arg(request, len, "request") } {
            Ok(text) => {
                let response = respond(text);
                let failure = response.error.as_ref().map(fail_with);
                (response, failure)
            }
            // The detail is already the last error; the envelope says it too.
            Err(ws_status::InputTooLarge) => (
                wangshi_core::Response::from_error(Error::new(
                    ErrorCode::InvalidValue,
                    format!("the request length {len} exceeds the largest possible buffer"),
                )),
                Some(ws_status::InputTooLarge),
            ),
            Err(s) => return Err(s),
        };
        let mut text = response.text;
        text.reserve_exact(1);
        let c = CString::new(text)
            .map_err(|_| fail(ws_status::Panic, "the response contains a NUL byte"))?;
        // SAFETY: as above.
        unsafe { response_out.write(c.into_raw()) };
        failure.map_or(Ok(()), Err)
    })
}

/// Frees a string returned by the library (such as ws_evaluate_json()'s
/// response). NULL is accepted and ignored. The string must not have been
/// modified, and must not be used after this call.
///
/// # Safety
/// `s` must be NULL or a string returned by this library and not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: `s` came from CString::into_raw (the caller's contract).
        drop(unsafe { CString::from_raw(s) });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn call(req: &[u8]) -> (ws_status, Option<String>) {
        let mut out: *mut c_char = std::ptr::dangling_mut();
        // SAFETY: `req` is a live slice; `out` a local.
        let s = unsafe { ws_evaluate_json(req.as_ptr().cast(), req.len(), &mut out) };
        let text = (!out.is_null()).then(|| {
            // SAFETY: a response of the library, freed right after.
            let t = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
            unsafe { ws_string_free(out) };
            t
        });
        (s, text)
    }

    #[test]
    fn ok_request_gives_ok_and_the_core_envelope() {
        let req = br#"{"op": "tier.suggest", "tags": ["key_petitioner"]}"#;
        let (s, text) = call(req);
        assert_eq!(s, ws_status::Ok);
        assert_eq!(
            text.unwrap(),
            wangshi_core::evaluate_json(std::str::from_utf8(req).unwrap())
        );
    }

    #[test]
    fn error_envelope_gives_the_status_of_its_code() {
        for (req, status, code) in [
            (&b"{not json"[..], ws_status::InvalidJson, "invalid_json"),
            (
                br#"{"op": "visit.teleport"}"#,
                ws_status::UnknownOp,
                "unknown_op",
            ),
            (
                br#"{"op": "tier.suggest", "tags": ["x"], "oops": 1}"#,
                ws_status::UnknownField,
                "unknown_field",
            ),
            (
                br#"{"op": "tier.suggest", "tags": "#,
                ws_status::InvalidJson,
                "invalid_json",
            ),
        ] {
            let (s, text) = call(req);
            assert_eq!(s, status);
            let v: serde_json::Value = serde_json::from_str(&text.unwrap()).unwrap();
            assert_eq!(v["error"]["code"], code);
        }
    }

    #[test]
    fn bad_utf8_and_null_give_no_response() {
        assert_eq!(call(b"{\"op\": \"\xff\"}"), (ws_status::InvalidUtf8, None));
        let mut out: *mut c_char = std::ptr::dangling_mut();
        // SAFETY: NULL request is the case under test.
        let s = unsafe { ws_evaluate_json(std::ptr::null(), 0, &mut out) };
        assert_eq!((s, out.is_null()), (ws_status::NullArgument, true));
        // SAFETY: NULL response_out is the case under test.
        let s = unsafe { ws_evaluate_json(c"{}".as_ptr(), 2, std::ptr::null_mut()) };
        assert_eq!(s, ws_status::NullArgument);
    }

    #[test]
    fn oversized_length_is_refused_without_reading() {
        let mut out: *mut c_char = std::ptr::null_mut();
        // SAFETY: the length is refused before anything is read.
        let s = unsafe { ws_evaluate_json(c"{}".as_ptr(), usize::MAX, &mut out) };
        assert_eq!(s, ws_status::InputTooLarge);
        // SAFETY: a response of the library.
        let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
        unsafe { ws_string_free(out) };
        assert!(text.contains("invalid_value"), "{text}");
    }
}
