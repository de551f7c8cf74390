//! `ws_status`, the thread-local last error message, the panic boundary and
//! the argument checks every exported function shares.

use std::cell::RefCell;
use std::ffi::{c_char, c_int};
use std::mem::MaybeUninit;
use std::panic::{AssertUnwindSafe, catch_unwind};
use wangshi_core::{Error, ErrorCode};

/// The result of every fallible function of the library.
///
/// The numbers are part of the ABI: they are never renumbered or reused.
/// `ws_status_str()` names each one; `ws_last_error_message()` gives the
/// detail of the last failure on the calling thread.
///
/// Numbers 1–99 are problems of the call itself (arguments, panics);
/// number `100 + n` is the error code `n` of the JSON contract (the
/// `ErrorCode` of the Rust core): WS_STATUS_INVALID_JSON = 101 for
/// `invalid_json` (1) up to WS_STATUS_INVALID_EVENT = 120 for
/// `invalid_event` (20). The one exception is `internal_error` (18), a panic
/// caught inside the core: it is WS_STATUS_PANIC, like a panic caught at the
/// C boundary, and 118 is never returned.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ws_status {
    /// Success.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullArgument = 1,
    /// A text argument was not valid UTF-8 (this includes text cut in the
    /// middle of a character by a too-short length).
    InvalidUtf8 = 2,
    /// The library panicked; nothing was returned through the out
    /// parameters. Please report it.
    Panic = 3,
    /// A length is larger than any buffer can be (its byte size exceeds
    /// PTRDIFF_MAX); nothing was read.
    InputTooLarge = 4,
    /// A buffer is misaligned for its type, or an input buffer overlaps an
    /// output buffer; nothing was read or written.
    InvalidBuffer = 5,
    /// An error of the core without a more specific status (not returned by
    /// this version; see ws_last_error_message()).
    Error = 6,
    /// `invalid_json`: the text is not valid JSON (or not a JSON object).
    InvalidJson = 101,
    /// `unknown_op`: the `op` names no operation.
    UnknownOp = 102,
    /// `missing_field`: a required field is absent.
    MissingField = 103,
    /// `unknown_field`: a field is not part of the request's shape.
    UnknownField = 104,
    /// `invalid_value`: a field has the wrong type or a value outside its
    /// domain.
    InvalidValue = 105,
    /// `invalid_date`: a date is malformed or outside 1900-01-01..2199-12-31.
    InvalidDate = 106,
    /// `unknown_tier`: a tier index or code is not in the policy.
    UnknownTier = 107,
    /// `tier_since_after_as_of`: a resident's tier_since lies after as_of.
    TierSinceAfterAsOf = 108,
    /// `visit_after_as_of`: a resident's last_visit lies after as_of.
    VisitAfterAsOf = 109,
    /// `unknown_item`: a task item code is not in the catalogue.
    UnknownItem = 110,
    /// `item_not_in_force`: a task item is not in force on that date.
    ItemNotInForce = 111,
    /// `invalid_catalog`: a task catalogue is inconsistent.
    InvalidCatalog = 112,
    /// `invalid_policy`: a visit policy, a grid size norm or a handling
    /// policy is inconsistent.
    InvalidPolicy = 113,
    /// `invalid_rules`: a triage rule set is inconsistent.
    InvalidRules = 114,
    /// `invalid_range`: a date range ends before it starts.
    InvalidRange = 115,
    /// `exit_before_evaluation`: a catalogue exit is published before its
    /// evaluation.
    ExitBeforeEvaluation = 116,
    /// `exit_not_published_before_effect`: a catalogue exit takes effect on
    /// or before its publication.
    ExitNotPublishedBeforeEffect = 117,
    /// `invalid_calendar`: a working-day calendar is inconsistent.
    InvalidCalendar = 119,
    /// `invalid_event`: a case's events break the order of case handling.
    InvalidEvent = 120,
}

impl ws_status {
    /// Every status, in numeric order.
    pub(crate) const ALL: [ws_status; 26] = [
        ws_status::Ok,
        ws_status::NullArgument,
        ws_status::InvalidUtf8,
        ws_status::Panic,
        ws_status::InputTooLarge,
        ws_status::InvalidBuffer,
        ws_status::Error,
        ws_status::InvalidJson,
        ws_status::UnknownOp,
        ws_status::MissingField,
        ws_status::UnknownField,
        ws_status::InvalidValue,
        ws_status::InvalidDate,
        ws_status::UnknownTier,
        ws_status::TierSinceAfterAsOf,
        ws_status::VisitAfterAsOf,
        ws_status::UnknownItem,
        ws_status::ItemNotInForce,
        ws_status::InvalidCatalog,
        ws_status::InvalidPolicy,
        ws_status::InvalidRules,
        ws_status::InvalidRange,
        ws_status::ExitBeforeEvaluation,
        ws_status::ExitNotPublishedBeforeEffect,
        ws_status::InvalidCalendar,
        ws_status::InvalidEvent,
    ];

    /// The status of a core error code (`100 + code`).
    #[inline]
    pub(crate) fn from_code(code: ErrorCode) -> ws_status {
        match code {
            ErrorCode::InvalidJson => ws_status::InvalidJson,
            ErrorCode::UnknownOp => ws_status::UnknownOp,
            ErrorCode::MissingField => ws_status::MissingField,
            ErrorCode::UnknownField => ws_status::UnknownField,
            ErrorCode::InvalidValue => ws_status::InvalidValue,
            ErrorCode::InvalidDate => ws_status::InvalidDate,
            ErrorCode::UnknownTier => ws_status::UnknownTier,
            ErrorCode::TierSinceAfterAsOf => ws_status::TierSinceAfterAsOf,
            ErrorCode::VisitAfterAsOf => ws_status::VisitAfterAsOf,
            ErrorCode::UnknownItem => ws_status::UnknownItem,
            ErrorCode::ItemNotInForce => ws_status::ItemNotInForce,
            ErrorCode::InvalidCatalog => ws_status::InvalidCatalog,
            ErrorCode::InvalidPolicy => ws_status::InvalidPolicy,
            ErrorCode::InvalidRules => ws_status::InvalidRules,
            ErrorCode::InvalidRange => ws_status::InvalidRange,
            ErrorCode::ExitBeforeEvaluation => ws_status::ExitBeforeEvaluation,
            ErrorCode::ExitNotPublishedBeforeEffect => ws_status::ExitNotPublishedBeforeEffect,
            ErrorCode::InternalError => ws_status::Panic,
            ErrorCode::InvalidCalendar => ws_status::InvalidCalendar,
            ErrorCode::InvalidEvent => ws_status::InvalidEvent,
            _ => ws_status::Error,
        }
    }

    /// The C name and a short description, NUL-terminated.
    fn describe(self) -> &'static str {
        match self {
            ws_status::Ok => "WS_STATUS_OK: success\0",
            ws_status::NullArgument => "WS_STATUS_NULL_ARGUMENT: a required pointer was NULL\0",
            ws_status::InvalidUtf8 => "WS_STATUS_INVALID_UTF8: text is not valid UTF-8\0",
            ws_status::Panic => "WS_STATUS_PANIC: the library panicked (please report it)\0",
            ws_status::InputTooLarge => {
                "WS_STATUS_INPUT_TOO_LARGE: a length is larger than any buffer can be\0"
            }
            ws_status::InvalidBuffer => {
                "WS_STATUS_INVALID_BUFFER: a buffer is misaligned or overlaps an output\0"
            }
            ws_status::Error => "WS_STATUS_ERROR: an error (see ws_last_error_message)\0",
            ws_status::InvalidJson => "WS_STATUS_INVALID_JSON: invalid_json\0",
            ws_status::UnknownOp => "WS_STATUS_UNKNOWN_OP: unknown_op\0",
            ws_status::MissingField => "WS_STATUS_MISSING_FIELD: missing_field\0",
            ws_status::UnknownField => "WS_STATUS_UNKNOWN_FIELD: unknown_field\0",
            ws_status::InvalidValue => "WS_STATUS_INVALID_VALUE: invalid_value\0",
            ws_status::InvalidDate => "WS_STATUS_INVALID_DATE: invalid_date\0",
            ws_status::UnknownTier => "WS_STATUS_UNKNOWN_TIER: unknown_tier\0",
            ws_status::TierSinceAfterAsOf => {
                "WS_STATUS_TIER_SINCE_AFTER_AS_OF: tier_since_after_as_of\0"
            }
            ws_status::VisitAfterAsOf => "WS_STATUS_VISIT_AFTER_AS_OF: visit_after_as_of\0",
            ws_status::UnknownItem => "WS_STATUS_UNKNOWN_ITEM: unknown_item\0",
            ws_status::ItemNotInForce => "WS_STATUS_ITEM_NOT_IN_FORCE: item_not_in_force\0",
            ws_status::InvalidCatalog => "WS_STATUS_INVALID_CATALOG: invalid_catalog\0",
            ws_status::InvalidPolicy => "WS_STATUS_INVALID_POLICY: invalid_policy\0",
            ws_status::InvalidRules => "WS_STATUS_INVALID_RULES: invalid_rules\0",
            ws_status::InvalidRange => "WS_STATUS_INVALID_RANGE: invalid_range\0",
            ws_status::ExitBeforeEvaluation => {
                "WS_STATUS_EXIT_BEFORE_EVALUATION: exit_before_evaluation\0"
            }
            ws_status::ExitNotPublishedBeforeEffect => {
                "WS_STATUS_EXIT_NOT_PUBLISHED_BEFORE_EFFECT: exit_not_published_before_effect\0"
            }
            ws_status::InvalidCalendar => "WS_STATUS_INVALID_CALENDAR: invalid_calendar\0",
            ws_status::InvalidEvent => "WS_STATUS_INVALID_EVENT: invalid_event\0",
        }
    }
}

/// The C name and meaning of a status, such as
/// `"WS_STATUS_UNKNOWN_TIER: unknown_tier"`; for statuses `100 + n` the text
/// after the colon is the error code of the JSON contract.
///
/// Takes an `int` rather than a `ws_status` so that any number is safe to
/// pass: a number that is no status gives `"unknown status"`. Never returns
/// NULL. The string is static: never free it. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn ws_status_str(status: c_int) -> *const c_char {
    let text = ws_status::ALL
        .iter()
        .find(|s| **s as i32 == status)
        .map_or("unknown status\0", |s| s.describe());
    text.as_ptr().cast()
}

thread_local! {
    /// The last error message of this thread, NUL-terminated.
    static LAST_ERROR: RefCell<Vec<u8>> = RefCell::new(vec![0]);
}

/// Stores `message` (without interior NULs) as this thread's last error.
/// Does nothing while the thread is being torn down (a call from another
/// library's thread-local destructor must not panic outside the boundary).
pub(crate) fn set_last_error(message: &str) {
    let _ = LAST_ERROR.try_with(|e| {
        let mut e = e.borrow_mut();
        e.clear();
        e.extend(message.bytes().filter(|&b| b != 0));
        e.push(0);
    });
}

/// Clears this thread's last error.
fn clear_last_error() {
    set_last_error("");
}

/// The detail of the last failing call on the calling thread, such as
/// `"unknown_tier at tier: the tier is not in the policy"`; the empty string
/// when the last status-returning call succeeded (or none was made).
///
/// Never returns NULL. The string belongs to the library and stays valid
/// until the next call into the library on the same thread; copy it to keep
/// it. Each thread has its own message, so this is thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn ws_last_error_message() -> *const c_char {
    let empty = c"".as_ptr();
    catch_unwind(|| {
        LAST_ERROR
            .try_with(|e| e.borrow().as_ptr().cast())
            .unwrap_or(empty)
    })
    .unwrap_or(empty)
}

/// A failure: its status, with the detail stored as the last error.
pub(crate) fn fail(status: ws_status, message: impl AsRef<str>) -> ws_status {
    set_last_error(message.as_ref());
    status
}

/// The status of a core error, with the error as the last error message.
pub(crate) fn fail_with(e: &Error) -> ws_status {
    set_last_error(&e.to_string());
    ws_status::from_code(e.code())
}

/// The panic boundary of every status-returning function: runs `f`
/// (`Err(status)` is a status other than OK, its detail already stored),
/// clears the last error on success, and turns a panic into
/// [`ws_status::Panic`].
pub(crate) fn boundary(f: impl FnOnce() -> Result<(), ws_status>) -> ws_status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => {
            clear_last_error();
            ws_status::Ok
        }
        Ok(Err(s)) => s,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("unknown cause");
            fail(
                ws_status::Panic,
                format!("internal error (panic): {what}; please report it"),
            )
        }
    }
}

/// A NULL check: `Err(NullArgument)` naming the argument.
pub(crate) fn non_null<T>(p: *const T, name: &str) -> Result<*const T, ws_status> {
    if p.is_null() {
        Err(fail(ws_status::NullArgument, format!("{name} is NULL")))
    } else {
        Ok(p)
    }
}

/// Checks that `n` elements of `T` starting at `p` form a valid slice
/// region: `p` non-NULL (NULL is allowed when `n` is 0), aligned, and the
/// byte size within `isize::MAX`. Returns the byte size.
pub(crate) fn region<T>(p: *const T, n: usize, name: &str) -> Result<usize, ws_status> {
    let bytes = n
        .checked_mul(size_of::<T>())
        .filter(|&b| b <= isize::MAX as usize)
        .ok_or_else(|| {
            fail(
                ws_status::InputTooLarge,
                format!(
                    "{name}: {n} elements of {} bytes exceed PTRDIFF_MAX",
                    size_of::<T>()
                ),
            )
        })?;
    if n == 0 {
        return Ok(0);
    }
    non_null(p, name)?;
    if !p.is_aligned() {
        return Err(fail(
            ws_status::InvalidBuffer,
            format!("{name} is not aligned to {} bytes", align_of::<T>()),
        ));
    }
    Ok(bytes)
}

/// The `n`-element input and output arrays of a batch, after the checks of
/// [`region`] on both and a check that they do not overlap. `output` may be
/// uninitialised: it is lent as `MaybeUninit`, only to be written.
///
/// # Safety
/// When the checks pass, `input` must point to `n` readable elements and
/// `output` to `n` writable ones, neither used elsewhere during the call.
pub(crate) unsafe fn batch<'a, I, O>(
    input: *const I,
    output: *mut O,
    n: usize,
    names: (&str, &str),
) -> Result<(&'a [I], &'a mut [MaybeUninit<O>]), ws_status> {
    let in_bytes = region(input, n, names.0)?;
    let out_bytes = region(output.cast_const(), n, names.1)?;
    if n == 0 {
        return Ok((&[], &mut []));
    }
    let (a, b) = (input.addr(), output.addr());
    if a < b.saturating_add(out_bytes) && b < a.saturating_add(in_bytes) {
        return Err(fail(
            ws_status::InvalidBuffer,
            format!("{} and {} overlap", names.0, names.1),
        ));
    }
    // SAFETY: non-NULL, aligned, `n` elements within isize::MAX bytes, not
    // overlapping (checked above), readable / writable (the caller's
    // contract); MaybeUninit<O> has O's layout.
    Ok(unsafe {
        (
            std::slice::from_raw_parts(input, n),
            std::slice::from_raw_parts_mut(output.cast::<MaybeUninit<O>>(), n),
        )
    })
}

/// Reads `len` bytes at `p` as UTF-8 text.
///
/// # Safety
/// When `p` is not NULL it must point to `len` readable bytes that are not
/// written during the call.
pub(crate) unsafe fn text_arg<'a>(
    p: *const c_char,
    len: usize,
    name: &str,
) -> Result<&'a str, ws_status> {
    non_null(p, name)?;
    if len > isize::MAX as usize {
        return Err(fail(
            ws_status::InputTooLarge,
            format!("{name}: length {len} exceeds PTRDIFF_MAX"),
        ));
    }
    // SAFETY: non-NULL, `len` readable bytes (the caller's contract), and
    // `len` within isize::MAX; u8 has alignment 1.
    let bytes = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) };
    std::str::from_utf8(bytes).map_err(|e| {
        fail(
            ws_status::InvalidUtf8,
            format!("{name} is not valid UTF-8: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn text(p: *const c_char) -> &'static str {
        // SAFETY: the library's strings are static and NUL-terminated.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    #[test]
    fn every_error_code_has_status_100_plus_its_number() {
        for code in ErrorCode::ALL {
            let s = ws_status::from_code(code);
            if code == ErrorCode::InternalError {
                // A panic caught in the core is the C ABI's panic status.
                assert_eq!(s, ws_status::Panic);
                continue;
            }
            assert_eq!(s as i32, 100 + code as i32, "{code}");
            assert!(text(ws_status_str(s as i32)).ends_with(&format!(": {code}")));
        }
    }

    #[test]
    fn status_names_match_the_variants_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for s in ws_status::ALL {
            let name = text(ws_status_str(s as i32)).split(':').next().unwrap();
            assert!(seen.insert(name), "{name} twice");
            let expected = format!("WS_STATUS_{}", screaming(&format!("{s:?}")));
            assert_eq!(name, expected);
        }
        assert_eq!(text(ws_status_str(-1)), "unknown status");
        assert_eq!(text(ws_status_str(7)), "unknown status");
        assert_eq!(text(ws_status_str(118)), "unknown status");
    }

    fn screaming(camel: &str) -> String {
        let mut out = String::new();
        for (i, c) in camel.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_uppercase());
        }
        out
    }

    #[test]
    fn boundary_turns_a_panic_into_a_status_with_a_message() {
        let s = boundary(|| panic!("boom"));
        assert_eq!(s, ws_status::Panic);
        assert!(text(ws_last_error_message()).contains("boom"));
        assert_eq!(boundary(|| Ok(())), ws_status::Ok);
        assert_eq!(text(ws_last_error_message()), "");
    }

    #[test]
    fn last_error_drops_interior_nuls() {
        set_last_error("a\0b");
        assert_eq!(text(ws_last_error_message()), "ab");
    }
}
