//! `ws_policy`: an opaque, immutable visit policy (分色管理).

use crate::status::{boundary, fail_with, non_null, text_arg, ws_status};
use std::ffi::c_char;
use wangshi_core::visit::{VisitPolicy, default_policy};
use wangshi_core::{Error, ErrorCode};

/// A validated visit policy: colour tiers with their cadences, reminder and
/// escalation thresholds (分色管理).
///
/// Create one with ws_policy_default() or ws_policy_from_json(); free it
/// with ws_policy_free(). A policy never changes after creation, so any
/// number of threads may use one policy at once (every function takes it
/// `const`); only ws_policy_free() must not race with other uses.
#[allow(non_camel_case_types)]
pub struct ws_policy(pub(crate) VisitPolicy);

/// The policy behind a non-NULL pointer.
///
/// # Safety
/// `policy` must be NULL or a live policy.
pub(crate) unsafe fn policy_ref<'a>(
    policy: *const ws_policy,
) -> Result<&'a VisitPolicy, ws_status> {
    // SAFETY: non-NULL and live (the caller's contract).
    Ok(unsafe { &(*non_null(policy, "policy")?).0 })
}

/// Writes a new policy to `*policy_out` (only on success).
fn give(policy: VisitPolicy, policy_out: *mut *mut ws_policy) -> Result<(), ws_status> {
    // SAFETY: checked non-NULL by the callers; writable (caller's contract).
    unsafe { policy_out.write(Box::into_raw(Box::new(ws_policy(policy)))) };
    Ok(())
}

/// Creates the default policy (green monthly, blue semi-monthly, orange
/// weekly, red daily) in `*policy_out`; free it with ws_policy_free().
///
/// Returns WS_STATUS_OK, or WS_STATUS_NULL_ARGUMENT when `policy_out` is
/// NULL.
///
/// # Safety
/// `policy_out` must be NULL or point to a writable `ws_policy *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_policy_default(policy_out: *mut *mut ws_policy) -> ws_status {
    boundary(|| {
        non_null(policy_out, "policy_out")?;
        give(default_policy().clone(), policy_out)
    })
}

/// Parses and validates a policy from `len` bytes of UTF-8 JSON (the shape of
/// `core/data/visit_policy.json`) into `*policy_out`; free it with
/// ws_policy_free(). `*policy_out` is written only on success.
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_UTF8,
/// WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_INVALID_JSON when the text is not
/// JSON or repeats a key; WS_STATUS_UNKNOWN_FIELD / WS_STATUS_MISSING_FIELD
/// for a misspelt or missing field; otherwise WS_STATUS_INVALID_POLICY when it
/// is not a valid policy (including JSON that is not an object). The last
/// error message names the path, e.g. `tiers[2].reminder_days`.
///
/// # Safety
/// `json` must point to `len` readable bytes; `policy_out` must be NULL or
/// point to a writable `ws_policy *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_policy_from_json(
    json: *const c_char,
    len: usize,
    policy_out: *mut *mut ws_policy,
) -> ws_status {
    boundary(|| {
        non_null(policy_out, "policy_out")?;
        // SAFETY: the caller's contract on `json`.
        let text = unsafe { text_arg(json, len, "json") }?;
        let policy = VisitPolicy::from_json(text).map_err(|e| fail_with(&e))?;
        give(policy, policy_out)
    })
}

/// Frees a policy. NULL is accepted and ignored. No other thread may be
/// using the policy.
///
/// # Safety
/// `policy` must be NULL or a policy from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_policy_free(policy: *mut ws_policy) {
    if policy.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: `policy` came from Box::into_raw (the caller's contract).
        drop(unsafe { Box::from_raw(policy) });
    });
}

/// The number of tiers of the policy (valid tier indices are
/// `0 .. count - 1`, least to most severe); 0 when `policy` is NULL.
///
/// # Safety
/// `policy` must be NULL or a live policy.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_policy_tier_count(policy: *const ws_policy) -> usize {
    // SAFETY: NULL or live (the caller's contract).
    unsafe { policy.as_ref() }.map_or(0, |p| p.0.tiers().len())
}

/// Looks up the index of the tier with code `code` (`len` bytes of UTF-8,
/// e.g. `"orange"`): the value of ws_resident.tier. `*index_out` is written
/// only on success.
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_UTF8,
/// WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_UNKNOWN_TIER when no tier has that
/// code.
///
/// # Safety
/// `policy` must be NULL or a live policy; `code` must point to `len`
/// readable bytes; `index_out` must be NULL or point to a writable byte.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_policy_tier_index(
    policy: *const ws_policy,
    code: *const c_char,
    len: usize,
    index_out: *mut u8,
) -> ws_status {
    boundary(|| {
        // SAFETY: NULL or live (the caller's contract).
        let policy = unsafe { policy_ref(policy) }?;
        non_null(index_out, "index_out")?;
        // SAFETY: the caller's contract on `code`.
        let code = unsafe { text_arg(code, len, "code") }?;
        let index = policy.tier_index(code).ok_or_else(|| {
            fail_with(
                &Error::new(ErrorCode::UnknownTier, format!("no tier has code {code:?}"))
                    .at("code"),
            )
        })?;
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { index_out.write(index) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn default_policy_has_four_tiers_in_severity_order() {
        let mut p = std::ptr::null_mut();
        // SAFETY: `p` is a local; the policy is freed at the end.
        unsafe {
            assert_eq!(ws_policy_default(&mut p), ws_status::Ok);
            assert_eq!(ws_policy_tier_count(p), 4);
            for (i, code) in ["green", "blue", "orange", "red"].iter().enumerate() {
                let mut idx = 99u8;
                let s = ws_policy_tier_index(p, code.as_ptr().cast(), code.len(), &mut idx);
                assert_eq!((s, usize::from(idx)), (ws_status::Ok, i));
            }
            let mut idx = 99u8;
            let s = ws_policy_tier_index(p, c"purple".as_ptr(), 6, &mut idx);
            assert_eq!((s, idx), (ws_status::UnknownTier, 99));
            ws_policy_free(p);
        }
    }

    #[test]
    fn invalid_policy_names_the_path_and_writes_nothing() {
        let json = br#"{"tiers": [{"code": "w", "cadence": "weekly", "reminder_days": 7, "escalate_after_missed": 1}]}"#;
        let mut p: *mut ws_policy = std::ptr::dangling_mut();
        // SAFETY: live buffer and local out pointer.
        let s = unsafe { ws_policy_from_json(json.as_ptr().cast(), json.len(), &mut p) };
        assert_eq!(s, ws_status::InvalidPolicy);
        assert_eq!(p, std::ptr::dangling_mut());
        // SAFETY: the library's message is NUL-terminated.
        let msg = unsafe { CStr::from_ptr(crate::status::ws_last_error_message()) };
        assert!(msg.to_str().unwrap().contains("tiers[0].reminder_days"));
    }
}
