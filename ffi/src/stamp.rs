//! The audit stamp of a rule handle: the same `{"version", "sha256"}` an
//! `ok` response of ws_evaluate_json() carries in its `stamp.data` for that
//! data set, so a platform that keeps handles can record which rules
//! decided.

use crate::calendar::ws_calendar;
use crate::catalog::ws_catalog;
use crate::policy::ws_policy;
use crate::status::{boundary, fail, non_null, ws_status};
use crate::triage::ws_rules;
use std::ffi::{CString, c_char};
use wangshi_core::stamp::RuleData;

/// Writes the stamp of `data` as a new JSON string to `*stamp_out`.
fn stamp_of<T: RuleData>(data: &T, stamp_out: *mut *mut c_char) -> Result<(), ws_status> {
    non_null(stamp_out, "stamp_out")?;
    let c = CString::new(data.stamp().to_json())
        .map_err(|_| fail(ws_status::Panic, "the stamp has a NUL"))?;
    // SAFETY: non-NULL and writable (the caller's contract).
    unsafe { stamp_out.write(c.into_raw()) };
    Ok(())
}

/// The audit stamp of a visit policy as a new JSON string in `*stamp_out`,
/// `{"version": "2026.2", "sha256": "<64 hex digits>"}`: the version label
/// and the SHA-256 of the policy's canonical JSON, exactly what responses
/// that used this policy carry in `stamp.data.policy`. Free it with
/// ws_string_free(). `*stamp_out` is written only on success.
///
/// Returns WS_STATUS_OK, or WS_STATUS_NULL_ARGUMENT. Thread-safe.
///
/// # Safety
/// `policy` must be NULL or a live policy; `stamp_out` must be NULL or point
/// to a writable `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_policy_stamp(
    policy: *const ws_policy,
    stamp_out: *mut *mut c_char,
) -> ws_status {
    // SAFETY: NULL or live (the caller's contract).
    boundary(|| stamp_of(unsafe { crate::policy::policy_ref(policy) }?, stamp_out))
}

/// The audit stamp of a task catalogue (`stamp.data.catalog`), as
/// ws_policy_stamp().
///
/// # Safety
/// As ws_policy_stamp().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_catalog_stamp(
    catalog: *const ws_catalog,
    stamp_out: *mut *mut c_char,
) -> ws_status {
    // SAFETY: NULL or live (the caller's contract).
    boundary(|| stamp_of(unsafe { &(*non_null(catalog, "catalog")?).0 }, stamp_out))
}

/// The audit stamp of a triage rule set (`stamp.data.rules`), as
/// ws_policy_stamp().
///
/// # Safety
/// As ws_policy_stamp().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_rules_stamp(
    rules: *const ws_rules,
    stamp_out: *mut *mut c_char,
) -> ws_status {
    // SAFETY: NULL or live (the caller's contract).
    boundary(|| stamp_of(unsafe { &(*non_null(rules, "rules")?).0 }, stamp_out))
}

/// The audit stamp of a working-day calendar (`stamp.data.calendar`), as
/// ws_policy_stamp().
///
/// # Safety
/// As ws_policy_stamp().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_calendar_stamp(
    calendar: *const ws_calendar,
    stamp_out: *mut *mut c_char,
) -> ws_status {
    // SAFETY: NULL or live (the caller's contract).
    boundary(|| {
        stamp_of(
            unsafe { crate::calendar::calendar_ref(calendar) }?,
            stamp_out,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn handles_stamp_as_responses_do() {
        let mut p: *mut ws_policy = std::ptr::null_mut();
        // SAFETY: out pointers to locals; the strings are freed once.
        unsafe {
            assert_eq!(crate::ws_policy_default(&mut p), ws_status::Ok);
            let mut s: *mut c_char = std::ptr::null_mut();
            assert_eq!(ws_policy_stamp(p, &mut s), ws_status::Ok);
            let stamp: serde_json::Value =
                serde_json::from_str(CStr::from_ptr(s).to_str().unwrap()).unwrap();
            crate::ws_string_free(s);
            let r: serde_json::Value = serde_json::from_str(&wangshi_core::evaluate_json(
                r#"{"op": "tier.suggest", "tags": []}"#,
            ))
            .unwrap();
            assert_eq!(stamp, r["stamp"]["data"]["policy"]);
            let mut s: *mut c_char = std::ptr::null_mut();
            assert_eq!(
                ws_policy_stamp(std::ptr::null(), &mut s),
                ws_status::NullArgument
            );
            assert!(s.is_null());
            assert_eq!(
                ws_policy_stamp(p, std::ptr::null_mut()),
                ws_status::NullArgument
            );
            crate::ws_policy_free(p);
        }
    }
}
