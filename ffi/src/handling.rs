//! Case handling and supervision (事件处置闭环、监督问效): `ws_handling` (the
//! handling policy, opaque and immutable), the columnar morning sweep
//! `ws_handling_supervise_columns` over caller-owned arrays on the core's
//! `HandlingPolicy::supervise_batch` (nothing allocated per row), and the
//! one-case `ws_case_timeline` through JSON.

use crate::calendar::{calendar_ref, ws_calendar};
use crate::catalog::ws_case_class;
use crate::columns::{column, disjoint, error_rows_column, give_error_rows, input, output};
use crate::status::{boundary, fail_with, non_null, text_arg, ws_status};
use crate::threads::threads_of;
use crate::triage::ws_level;
use std::ffi::c_char;
use wangshi_core::handling::{
    self, HandlingPolicy, OpenStepColumns, StepKind, Supervision, SupervisionColumns,
};

/// A handling policy: each step's start and end events and periods by case
/// class, level and immediate report, the extensions allowed and the
/// supervision thresholds.
///
/// Create one with ws_handling_default() or ws_handling_from_json(); free
/// it with ws_handling_free(). It never changes after creation, so any
/// number of threads may use one at once (every function takes it
/// `const`); only ws_handling_free() must not race with other uses.
#[allow(non_camel_case_types)]
pub struct ws_handling(HandlingPolicy);

/// A step of case handling (vocabulary `step`): the values of the `step`
/// column of ws_handling_supervise_columns().
#[allow(non_camel_case_types)]
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ws_step {
    /// No step: a row without one (WS_STATUS_MISSING_FIELD).
    None = 0,
    /// `accept` (签收): from `reported` to `accepted`.
    Accept = 1,
    /// `report_in` (部门报到): from `whistled` to `department_reported`.
    ReportIn = 2,
    /// `resolve` (办结): from `accepted` (a reopening review,
    /// `mediation_failed`) to `resolved`.
    Resolve = 3,
    /// `review` (回访): from `resolved` to `reviewed`.
    Review = 4,
    /// `mediate` (诉前调解): from `mediation_started` to its outcome.
    Mediate = 5,
    /// `apply_confirmation` (申请司法确认): from `agreement_reached`.
    ApplyConfirmation = 6,
    /// `court_accept` (受理): from `confirmation_applied`.
    CourtAccept = 7,
    /// `court_decide` (确认): from `confirmation_accepted`.
    CourtDecide = 8,
}

/// How late an open step is (vocabulary `supervision`), least severe
/// first: the values of the `supervision` column.
#[allow(non_camel_case_types)]
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ws_supervision {
    /// No level: the row has an error.
    None = 0,
    /// `on_track`: less than the warning fraction (80 %) of its time gone.
    OnTrack = 1,
    /// `warning` (黄灯预警): not yet late, most of its time gone.
    Warning = 2,
    /// `overdue` (红灯): late, less than one working day after the
    /// deadline's date.
    Overdue = 3,
    /// `supervision` (督办): 1 to 4 working days late.
    Supervision = 4,
    /// `accountability` (问责/通报): 5 or more working days late.
    Accountability = 5,
}

const _: () = {
    assert!(ws_step::None as u8 == handling::NO_STEP);
    assert!(ws_step::Accept as u8 == StepKind::Accept as u8);
    assert!(ws_step::ReportIn as u8 == StepKind::ReportIn as u8);
    assert!(ws_step::Resolve as u8 == StepKind::Resolve as u8);
    assert!(ws_step::Review as u8 == StepKind::Review as u8);
    assert!(ws_step::Mediate as u8 == StepKind::Mediate as u8);
    assert!(ws_step::ApplyConfirmation as u8 == StepKind::ApplyConfirmation as u8);
    assert!(ws_step::CourtAccept as u8 == StepKind::CourtAccept as u8);
    assert!(ws_step::CourtDecide as u8 == StepKind::CourtDecide as u8);
    assert!(ws_supervision::OnTrack as u8 == Supervision::OnTrack as u8);
    assert!(ws_supervision::Warning as u8 == Supervision::Warning as u8);
    assert!(ws_supervision::Overdue as u8 == Supervision::Overdue as u8);
    assert!(ws_supervision::Supervision as u8 == Supervision::Supervision as u8);
    assert!(ws_supervision::Accountability as u8 == Supervision::Accountability as u8);
    assert!(ws_case_class::None as u8 == handling::NO_CLASS);
    assert!(ws_level::None as u8 == handling::NO_LEVEL);
};

/// The `step` value for a step code that names no step
/// (WS_STATUS_INVALID_VALUE, as every number above 8).
pub const WS_UNKNOWN_STEP: u8 = 255;
/// The `immediate_report` value of a row without one
/// (WS_STATUS_MISSING_FIELD); 0 is false, 1 true, any other value
/// WS_STATUS_INVALID_VALUE.
pub const WS_NO_IMMEDIATE_REPORT: u8 = 255;
/// The `report_within_minutes` value of a row without the decision's
/// report-in minutes: the default triage rules' are used (30 for an
/// immediate report, else 1440).
pub const WS_NO_REPORT_MINUTES: u32 = 0;
/// The `report_within_minutes` value for one that is present but not a
/// whole number from 1 to 525600 (WS_STATUS_INVALID_VALUE).
pub const WS_INVALID_REPORT_MINUTES: u32 = 4294967295;
/// The `extended` value of a step that was not extended.
pub const WS_NO_EXTENSION: u32 = 0;
const _: () = {
    assert!(WS_UNKNOWN_STEP == handling::UNKNOWN_STEP);
    assert!(WS_NO_IMMEDIATE_REPORT == handling::NO_IMMEDIATE_REPORT);
    assert!(WS_NO_REPORT_MINUTES == handling::NO_REPORT_MINUTES);
    assert!(WS_INVALID_REPORT_MINUTES == handling::INVALID_REPORT_MINUTES);
    assert!(WS_NO_EXTENSION == handling::NO_EXTENSION);
};

/// The policy behind a non-NULL pointer.
///
/// # Safety
/// `handling` must be NULL or a live policy.
unsafe fn handling_ref<'a>(handling: *const ws_handling) -> Result<&'a HandlingPolicy, ws_status> {
    // SAFETY: non-NULL and live (the caller's contract).
    Ok(unsafe { &(*non_null(handling, "handling")?).0 })
}

/// Creates the embedded handling policy (its table of steps and
/// periods) in `*handling_out`; free it with ws_handling_free().
///
/// Returns WS_STATUS_OK, or WS_STATUS_NULL_ARGUMENT when `handling_out` is
/// NULL.
///
/// # Safety
/// `handling_out` must be NULL or point to a writable `ws_handling *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_handling_default(handling_out: *mut *mut ws_handling) -> ws_status {
    boundary(|| {
        non_null(handling_out, "handling_out")?;
        let h = Box::new(ws_handling(HandlingPolicy::default()));
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { handling_out.write(Box::into_raw(h)) };
        Ok(())
    })
}

/// Parses and validates a handling policy from `len` bytes of UTF-8 JSON
/// (the format of `core/data/handling_policy.json`) into `*handling_out`
/// (only on success); free it with ws_handling_free().
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_UTF8,
/// WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_INVALID_JSON when the text is not
/// JSON or repeats a key; WS_STATUS_UNKNOWN_FIELD / WS_STATUS_MISSING_FIELD
/// for a misspelt or missing field; otherwise WS_STATUS_INVALID_POLICY, with
/// the path of the problem (such as `steps.resolve.periods[1]`) in the last
/// error message.
///
/// # Safety
/// `json` must point to `len` readable bytes; `handling_out` must be NULL
/// or point to a writable `ws_handling *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_handling_from_json(
    json: *const c_char,
    len: usize,
    handling_out: *mut *mut ws_handling,
) -> ws_status {
    boundary(|| {
        non_null(handling_out, "handling_out")?;
        // SAFETY: the caller's contract on `json`.
        let text = unsafe { text_arg(json, len, "json") }?;
        let policy = HandlingPolicy::from_json(text).map_err(|e| fail_with(&e))?;
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { handling_out.write(Box::into_raw(Box::new(ws_handling(policy)))) };
        Ok(())
    })
}

/// Frees a handling policy. NULL is accepted and ignored. No other thread
/// may be using it.
///
/// # Safety
/// `handling` must be NULL or a policy from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_handling_free(handling: *mut ws_handling) {
    if !handling.is_null() {
        // SAFETY: from Box::into_raw (the caller's contract).
        let _ = std::panic::catch_unwind(|| drop(unsafe { Box::from_raw(handling) }));
    }
}

/// The morning sweep (监督问效): the supervision at `as_of` of `n` open
/// steps given as columns, with the rules of the JSON op `case.supervise`
/// and the same per-row results.
///
/// `as_of` and `started` are seconds since 1970-01-01T00:00 local time.
/// Inputs, `n` elements each: `step` (ws_step values; WS_STEP_NONE for
/// none, WS_UNKNOWN_STEP for a code that names no step), `started`
/// (WS_NO_TIMESTAMP for none), `case_class` (ws_case_class values,
/// WS_CASE_CLASS_NONE for none), `level` (ws_level values, WS_LEVEL_NONE
/// for none), `immediate_report` (0 or 1, WS_NO_IMMEDIATE_REPORT for none),
/// `report_within_minutes` (the decision's report-in minutes, or
/// WS_NO_REPORT_MINUTES for the default triage rules' 30 / 1440) and
/// `extended` (the amount added to the step's n by its extensions,
/// WS_NO_EXTENSION for none). Each row is checked in that order, as the
/// JSON op reads a row. Outputs, `n` elements each, every element written:
/// `deadline` (the step's last on-time second), `seconds_left`
/// (`deadline` minus `as_of`, negative when late; both WS_NO_TIMESTAMP on
/// an error row),
/// `supervision` (ws_supervision values, WS_SUPERVISION_NONE on an error
/// row), `provisional` (1 when a count asked about a year the calendar
/// does not cover) and `error`: 0 for a computed row, else the error code n
/// of the row's status 100 + n (`missing_field`, `invalid_value`,
/// `invalid_date`, `invalid_event` for a step starting after `as_of`;
/// ws_code_str("error", n) names it). A bad row never stops the others.
/// When `error_rows_out` is not NULL it receives the number of rows with an
/// error.
///
/// Returns WS_STATUS_OK when every row was written; WS_STATUS_NULL_ARGUMENT
/// (arrays may be NULL only when `n` is 0); WS_STATUS_INPUT_TOO_LARGE;
/// WS_STATUS_INVALID_BUFFER when an array is misaligned or an output
/// overlaps another array; WS_STATUS_INVALID_DATE when `as_of` is outside
/// 1900..2199 (WS_STATUS_MISSING_FIELD for WS_NO_TIMESTAMP). On every
/// status but WS_STATUS_OK nothing is written.
///
/// Allocates nothing and never walks the calendar day by day. Thread-safe:
/// threads may sweep with one policy and calendar at once (each with its
/// own outputs).
///
/// # Safety
/// `handling` and `calendar` must be NULL or live; each input must point to
/// `n` readable elements and each output to `n` writable ones;
/// `error_rows_out` must be NULL or point to a writable size_t.
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_handling_supervise_columns(
    handling: *const ws_handling,
    calendar: *const ws_calendar,
    as_of: i64,
    n: usize,
    step: *const u8,
    started: *const i64,
    case_class: *const u8,
    level: *const u8,
    immediate_report: *const u8,
    report_within_minutes: *const u32,
    extended: *const u32,
    deadline: *mut i64,
    seconds_left: *mut i64,
    supervision: *mut u8,
    provisional: *mut u8,
    error: *mut u8,
    error_rows_out: *mut usize,
) -> ws_status {
    // SAFETY: the caller's contract, passed on.
    unsafe {
        ws_handling_supervise_columns_threads(
            handling,
            calendar,
            1,
            as_of,
            n,
            step,
            started,
            case_class,
            level,
            immediate_report,
            report_within_minutes,
            extended,
            deadline,
            seconds_left,
            supervision,
            provisional,
            error,
            error_rows_out,
        )
    }
}

/// ws_handling_supervise_columns() on up to `threads` threads, with the same
/// arguments, statuses and outputs.
///
/// `threads`: 0 for one thread per core the process may use, 1 for the
/// calling thread alone (what ws_handling_supervise_columns() does), n for up to
/// n. The rows are cut into contiguous ranges, one per thread, of at least
/// WS_MIN_ROWS_PER_THREAD rows each (a smaller batch runs on the calling
/// thread alone); every result is the same for every thread count.
///
/// # Safety
/// `handling` and `calendar` must be NULL or live; each input must point to
/// `n` readable elements and each output to `n` writable ones;
/// `error_rows_out` must be NULL or point to a writable size_t.
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_handling_supervise_columns_threads(
    handling: *const ws_handling,
    calendar: *const ws_calendar,
    threads: u32,
    as_of: i64,
    n: usize,
    step: *const u8,
    started: *const i64,
    case_class: *const u8,
    level: *const u8,
    immediate_report: *const u8,
    report_within_minutes: *const u32,
    extended: *const u32,
    deadline: *mut i64,
    seconds_left: *mut i64,
    supervision: *mut u8,
    provisional: *mut u8,
    error: *mut u8,
    error_rows_out: *mut usize,
) -> ws_status {
    boundary(|| {
        // SAFETY: NULL or live (the caller's contract).
        let policy = unsafe { handling_ref(handling) }?;
        // SAFETY: NULL or live (the caller's contract).
        let calendar = unsafe { calendar_ref(calendar) }?;
        disjoint(&[
            column(step, n, "step", false)?,
            column(started, n, "started", false)?,
            column(case_class, n, "case_class", false)?,
            column(level, n, "level", false)?,
            column(immediate_report, n, "immediate_report", false)?,
            column(report_within_minutes, n, "report_within_minutes", false)?,
            column(extended, n, "extended", false)?,
            column(deadline.cast_const(), n, "deadline", true)?,
            column(seconds_left.cast_const(), n, "seconds_left", true)?,
            column(supervision.cast_const(), n, "supervision", true)?,
            column(provisional.cast_const(), n, "provisional", true)?,
            column(error.cast_const(), n, "error", true)?,
            error_rows_column(error_rows_out)?,
        ])?;
        // SAFETY: every column checked above; readable / writable for `n`
        // elements by the caller's contract; outputs disjoint.
        let bad = unsafe {
            policy.supervise_batch_threads(
                calendar,
                as_of,
                OpenStepColumns {
                    step: input(step, n),
                    started: input(started, n),
                    class: input(case_class, n),
                    level: input(level, n),
                    immediate_report: input(immediate_report, n),
                    report_within_minutes: input(report_within_minutes, n),
                    extended: input(extended, n),
                },
                SupervisionColumns {
                    deadline: output(deadline, n),
                    seconds_left: output(seconds_left, n),
                    supervision: output(supervision, n),
                    provisional: output(provisional, n),
                    error: output(error, n),
                },
                threads_of(threads),
            )
        }
        .map_err(|e| fail_with(&e))?;
        give_error_rows(error_rows_out, bad);
        Ok(())
    })
}

/// One case's timeline (事件处置闭环) with this policy and calendar: the JSON
/// op `case.timeline` without `op`, `handling` or `calendar`. `request`
/// points to `len` bytes of UTF-8 JSON `{"case", "events", "as_of",
/// "rules"?, "catalog"?}` (the case as for `case.classify`, the events in
/// the order they happened); `*response_out` receives the response
/// envelope, `{"ok": true, "result": {"decision", "state", "reopened",
/// "extensions", "steps", "open", "supervision", "provisional"}, "stamp"}`
/// or `{"ok": false, "error": {"code", "message", "path"}}` (such as
/// `invalid_event` at `events[3]`, whose message names what was expected
/// instead), as a new NUL-terminated string to free with ws_string_free().
///
/// Returns as ws_evaluate_json() does (the status of the envelope's error,
/// with the envelope written), and WS_STATUS_NULL_ARGUMENT when `handling`
/// or `calendar` is NULL (then `*response_out` is set to NULL).
///
/// Thread-safe: any number of threads may call it at once.
///
/// # Safety
/// `handling` and `calendar` must be NULL or live; `request` must point to
/// `len` readable bytes not written during the call; `response_out` must be
/// NULL or point to a writable `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_case_timeline(
    handling: *const ws_handling,
    calendar: *const ws_calendar,
    request: *const c_char,
    len: usize,
    response_out: *mut *mut c_char,
) -> ws_status {
    let handles = boundary(|| {
        // SAFETY: NULL or live (the caller's contract).
        unsafe { handling_ref(handling) }?;
        // SAFETY: NULL or live (the caller's contract).
        unsafe { calendar_ref(calendar) }?;
        Ok(())
    });
    if handles != ws_status::Ok {
        if !response_out.is_null() {
            // SAFETY: non-NULL and writable (the caller's contract).
            unsafe { response_out.write(std::ptr::null_mut()) };
        }
        return handles;
    }
    // SAFETY: checked non-NULL above, live by the caller's contract.
    let (policy, calendar) = unsafe { (&(*handling).0, &(*calendar).0) };
    // SAFETY: the caller's contract on `request` and `response_out`.
    unsafe {
        crate::json::answer(request, len, response_out, |text| {
            handling::respond_timeline(policy, calendar, text)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{WS_NO_TIMESTAMP, ws_calendar_default, ws_calendar_free};
    use crate::json::ws_string_free;
    use std::ffi::CStr;
    use wangshi_core::ErrorCode;
    use wangshi_core::calendar::default_calendar;
    use wangshi_core::handling::SupervisionOutput;
    use wangshi_core::timestamp::parse_timestamp;
    use wangshi_testkit::handling::open_steps;

    fn handles() -> (*mut ws_handling, *mut ws_calendar) {
        let (mut h, mut c) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: local out pointers.
        unsafe {
            assert_eq!(ws_handling_default(&mut h), ws_status::Ok);
            assert_eq!(ws_calendar_default(&mut c), ws_status::Ok);
        }
        (h, c)
    }

    /// The C sweep's output columns.
    struct Out {
        deadline: Vec<i64>,
        left: Vec<i64>,
        supervision: Vec<u8>,
        provisional: Vec<u8>,
        error: Vec<u8>,
    }

    impl Out {
        fn new(n: usize) -> Out {
            Out {
                deadline: vec![7; n],
                left: vec![7; n],
                supervision: vec![7; n],
                provisional: vec![7; n],
                error: vec![7; n],
            }
        }
    }

    /// # Safety
    /// `h` and `c` live or NULL.
    unsafe fn sweep(
        h: *const ws_handling,
        c: *const ws_calendar,
        as_of: i64,
        s: &wangshi_testkit::handling::OpenSteps,
        out: &mut Out,
        bad: &mut usize,
    ) -> ws_status {
        let n = s.len();
        // SAFETY: every array has `n` elements.
        unsafe {
            ws_handling_supervise_columns(
                h,
                c,
                as_of,
                n,
                s.step.as_ptr(),
                s.started.as_ptr(),
                s.class.as_ptr(),
                s.level.as_ptr(),
                s.immediate_report.as_ptr(),
                s.report_within_minutes.as_ptr(),
                s.extended.as_ptr(),
                out.deadline.as_mut_ptr(),
                out.left.as_mut_ptr(),
                out.supervision.as_mut_ptr(),
                out.provisional.as_mut_ptr(),
                out.error.as_mut_ptr(),
                bad,
            )
        }
    }

    #[test]
    fn the_sweep_matches_the_core_columnar_sweep_row_for_row() {
        let (h, c) = handles();
        let as_of = parse_timestamp("2026-11-26T08:00").unwrap();
        let mut s = open_steps(5000, as_of, 4);
        for i in (0..s.len()).step_by(41) {
            match i % 5 {
                0 => s.step[i] = 0,
                1 => s.started[i] = WS_NO_TIMESTAMP,
                2 => s.immediate_report[i] = WS_NO_IMMEDIATE_REPORT,
                3 => s.report_within_minutes[i] = WS_INVALID_REPORT_MINUTES,
                _ => s.started[i] = as_of + 1,
            }
        }
        let mut out = Out::new(s.len());
        let mut bad = usize::MAX;
        // SAFETY: live handles.
        assert_eq!(
            unsafe { sweep(h, c, as_of, &s, &mut out, &mut bad) },
            ws_status::Ok
        );
        let mut core = SupervisionOutput::new(s.len());
        let n = HandlingPolicy::default()
            .supervise_batch(default_calendar(), as_of, s.columns(), core.columns())
            .unwrap();
        assert_eq!(bad, n);
        assert!(n > 100);
        assert_eq!(out.deadline, core.deadline);
        assert_eq!(out.left, core.seconds_left);
        assert_eq!(out.supervision, core.supervision);
        assert_eq!(out.provisional, core.provisional);
        assert_eq!(out.error, core.error);
        assert_eq!(
            ErrorCode::from_u8(out.error[4 * 41]),
            Some(ErrorCode::InvalidEvent)
        );
        // SAFETY: from the _default calls.
        unsafe {
            ws_handling_free(h);
            ws_calendar_free(c);
        }
    }

    #[test]
    fn bad_arguments_give_a_status_and_write_nothing() {
        let (h, c) = handles();
        let as_of = parse_timestamp("2026-11-26T08:00").unwrap();
        let s = open_steps(4, as_of, 1);
        let mut out = Out::new(4);
        let mut bad = 99;
        // SAFETY: live or NULL handles, arrays of 4.
        unsafe {
            assert_eq!(
                sweep(std::ptr::null(), c, as_of, &s, &mut out, &mut bad),
                ws_status::NullArgument
            );
            assert_eq!(
                sweep(h, std::ptr::null(), as_of, &s, &mut out, &mut bad),
                ws_status::NullArgument
            );
            assert_eq!(
                sweep(h, c, WS_NO_TIMESTAMP, &s, &mut out, &mut bad),
                ws_status::MissingField
            );
            assert_eq!(
                sweep(h, c, i64::MAX, &s, &mut out, &mut bad),
                ws_status::InvalidDate
            );
            let msg = CStr::from_ptr(crate::status::ws_last_error_message());
            assert!(msg.to_str().unwrap().contains("as_of"));
            // An output overlapping an input.
            let st = ws_handling_supervise_columns(
                h,
                c,
                as_of,
                4,
                s.step.as_ptr(),
                s.started.as_ptr(),
                s.class.as_ptr(),
                s.level.as_ptr(),
                s.immediate_report.as_ptr(),
                s.report_within_minutes.as_ptr(),
                s.extended.as_ptr(),
                s.started.as_ptr().cast_mut(),
                out.left.as_mut_ptr(),
                out.supervision.as_mut_ptr(),
                out.provisional.as_mut_ptr(),
                out.error.as_mut_ptr(),
                &mut bad,
            );
            assert_eq!(st, ws_status::InvalidBuffer);
        }
        assert_eq!(bad, 99);
        assert!(out.error.iter().all(|&e| e == 7));
        // SAFETY: zero rows may be NULL.
        let st = unsafe {
            ws_handling_supervise_columns(
                h,
                c,
                as_of,
                0,
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        assert_eq!(st, ws_status::Ok);
        // SAFETY: from the _default calls; NULL is accepted.
        unsafe {
            ws_handling_free(h);
            ws_handling_free(std::ptr::null_mut());
            ws_calendar_free(c);
        }
    }

    #[test]
    fn from_json_validates_and_reports_the_path() {
        let mut v = HandlingPolicy::default().to_value();
        v["steps"]["review"]["periods"] = serde_json::json!([]);
        let text = v.to_string();
        let mut h: *mut ws_handling = std::ptr::dangling_mut();
        // SAFETY: a live buffer and a local out pointer.
        let s = unsafe { ws_handling_from_json(text.as_ptr().cast(), text.len(), &mut h) };
        assert_eq!((s, h), (ws_status::InvalidPolicy, std::ptr::dangling_mut()));
        // SAFETY: the library's message is NUL-terminated.
        let msg = unsafe { CStr::from_ptr(crate::status::ws_last_error_message()) };
        assert!(msg.to_str().unwrap().contains("steps.review.periods"));
        let ok = wangshi_core::handling::DEFAULT_HANDLING_JSON;
        // SAFETY: as above.
        unsafe {
            assert_eq!(
                ws_handling_from_json(ok.as_ptr().cast(), ok.len(), &mut h),
                ws_status::Ok
            );
            assert_eq!((*h).0, HandlingPolicy::default());
            ws_handling_free(h);
        }
    }

    #[test]
    fn the_one_case_timeline_is_the_core_answer() {
        let (h, c) = handles();
        let req = br#"{"case": {"id": "c1", "item": "CS-01", "reported_on": "2026-11-16"},
            "events": [{"event": "reported", "at": "2026-11-16T09:00"}, {"event": "resolved", "at": "2026-11-16T10:00"}],
            "as_of": "2026-11-17T09:00"}"#;
        let mut out: *mut c_char = std::ptr::dangling_mut();
        // SAFETY: live handles and buffer; the response is freed below.
        unsafe {
            let s = ws_case_timeline(h, c, req.as_ptr().cast(), req.len(), &mut out);
            assert_eq!(s, ws_status::InvalidEvent);
            let text = CStr::from_ptr(out).to_str().unwrap().to_owned();
            ws_string_free(out);
            let core = wangshi_core::handling::respond_timeline(
                &HandlingPolicy::default(),
                default_calendar(),
                std::str::from_utf8(req).unwrap(),
            );
            assert_eq!(text, core.text);
            assert!(text.contains(r#""path":"events[1]""#));
            let s = ws_case_timeline(
                std::ptr::null(),
                c,
                req.as_ptr().cast(),
                req.len(),
                &mut out,
            );
            assert_eq!((s, out), (ws_status::NullArgument, std::ptr::null_mut()));
            ws_handling_free(h);
            ws_calendar_free(c);
        }
    }
}
