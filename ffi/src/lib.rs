//! C ABI of wangshi (网事): `libwangshi.so` / `libwangshi.a` with the header
//! `include/wangshi.h`, generated from this crate by a pinned cbindgen
//! (`ffi/cbindgen.toml`).
//!
//! Conventions (after rustls-ffi and the regex crate's `rure`):
//! - everything is prefixed `ws_`; opaque types `ws_<noun>`, functions
//!   `ws_<noun>_<verb>`, the object first; a `const` object is not changed;
//! - inputs before outputs, every buffer followed by its length; new objects
//!   and strings come back through `**out` parameters, written only on
//!   success (the one exception, `ws_evaluate_json`, also returns error
//!   envelopes);
//! - every fallible function returns a [`ws_status`], whose numbers never
//!   change; `ws_status_str` names it and the thread-local
//!   `ws_last_error_message` gives the detail;
//! - every exported body runs inside a panic boundary (`catch_unwind`): a
//!   panic is `WS_STATUS_PANIC`, never an abort or unwinding into C. Build
//!   with the default `panic = "unwind"`;
//! - every allocation handed out has exactly one `_free` function, which
//!   accepts NULL.
#![deny(missing_docs)]

mod calendar;
mod catalog;
mod columns;
mod completion;
mod handling;
mod json;
mod policy;
mod stamp;
mod status;
mod threads;
mod triage;
mod visit;
mod vocab;

pub use calendar::{
    WS_INVALID_AMOUNT, WS_NO_AMOUNT, WS_NO_TIMESTAMP, WS_NO_UNIT, WS_PERIOD_DAYS, WS_PERIOD_HOURS,
    WS_PERIOD_MINUTES, WS_PERIOD_WORKING_DAYS, WS_UNKNOWN_UNIT, ws_calendar, ws_calendar_check,
    ws_calendar_deadline, ws_calendar_deadline_batch, ws_calendar_deadline_batch_threads,
    ws_calendar_default, ws_calendar_free, ws_calendar_from_json, ws_day, ws_day_kind, ws_deadline,
    ws_deadline_row,
};
pub use catalog::{
    ws_case_class, ws_catalog, ws_catalog_check, ws_catalog_default, ws_catalog_free,
    ws_catalog_from_json, ws_catalog_item, ws_catalog_item_at, ws_catalog_item_count, ws_in_force,
    ws_item, ws_str,
};
pub use columns::{
    ws_classify_columns, ws_classify_columns_threads, ws_visit_status_columns,
    ws_visit_status_columns_threads,
};
pub use completion::{
    WS_NO_GROUP, WS_NO_RATE, ws_completion_columns, ws_completion_columns_threads,
    ws_completion_group, ws_completion_summary,
};
pub use handling::{
    WS_INVALID_REPORT_MINUTES, WS_NO_EXTENSION, WS_NO_IMMEDIATE_REPORT, WS_NO_REPORT_MINUTES,
    WS_UNKNOWN_STEP, ws_case_timeline, ws_handling, ws_handling_default, ws_handling_free,
    ws_handling_from_json, ws_handling_supervise_columns, ws_handling_supervise_columns_threads,
    ws_step, ws_supervision,
};
pub use json::{ws_evaluate_json, ws_string_free};
pub use policy::{
    ws_policy, ws_policy_default, ws_policy_free, ws_policy_from_json, ws_policy_tier_count,
    ws_policy_tier_index,
};
pub use stamp::{ws_calendar_stamp, ws_catalog_stamp, ws_policy_stamp, ws_rules_stamp};
pub use status::{ws_last_error_message, ws_status, ws_status_str};
pub use threads::WS_MIN_ROWS_PER_THREAD;
pub use triage::{
    WS_FLAG_COURT_ENTRUSTED, WS_FLAG_CROSS_GRID, WS_FLAG_EMERGENCY, WS_FLAG_NEEDS_DEPARTMENT,
    WS_FLAG_PETITION, WS_FLAG_PROPERTY_DISPUTE, WS_FLAG_PUBLIC_ORDER, WS_FLAG_SAFETY_HAZARD,
    WS_FLAG_VIOLENCE, ws_case, ws_center, ws_classify, ws_classify_batch,
    ws_classify_batch_threads, ws_decision, ws_level, ws_router, ws_router_default,
    ws_router_department, ws_router_free, ws_router_item_index, ws_router_new, ws_router_rule_id,
    ws_rules, ws_rules_default, ws_rules_free, ws_rules_from_json,
};
pub use visit::{
    WS_NO_DATE, ws_alert, ws_resident, ws_visit_result, ws_visit_state, ws_visit_status,
    ws_visit_status_batch, ws_visit_status_batch_threads,
};
pub use vocab::{ws_code_end, ws_code_str, ws_code_value, ws_vocabulary_name};

use std::ffi::c_char;

// The header also defines WS_VERSION, the text "MAJOR.MINOR.PATCH" built
// from these (cbindgen emits no string constants; see ffi/cbindgen.toml).

/// The major version the header was generated for.
pub const WS_VERSION_MAJOR: u32 = 0;
/// The minor version the header was generated for.
pub const WS_VERSION_MINOR: u32 = 1;
/// The patch version the header was generated for.
pub const WS_VERSION_PATCH: u32 = 0;

/// The version of the linked library, such as `"0.1.0"` (compare with
/// WS_VERSION to detect a header/library mismatch). Static: never free it.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn ws_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_constants_match_cargo_toml() {
        assert_eq!(
            WS_VERSION_MAJOR.to_string(),
            env!("CARGO_PKG_VERSION_MAJOR")
        );
        assert_eq!(
            WS_VERSION_MINOR.to_string(),
            env!("CARGO_PKG_VERSION_MINOR")
        );
        assert_eq!(
            WS_VERSION_PATCH.to_string(),
            env!("CARGO_PKG_VERSION_PATCH")
        );
        // SAFETY: a static NUL-terminated string.
        let v = unsafe { std::ffi::CStr::from_ptr(ws_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }
}
