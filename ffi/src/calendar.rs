//! `ws_calendar`: the working-day calendar (工作日与期间), opaque and
//! immutable, with the day check of `calendar.check`, one deadline, and the
//! deadline batch over caller-owned arrays of `ws_deadline_row` and
//! `ws_deadline`, on the core's `Calendar::deadline_row` (nothing allocated
//! per row).

use crate::catalog::ws_str;
use crate::status::{batch, boundary, fail_with, non_null, region, text_arg, ws_status};
use crate::threads::threads_of;
use std::ffi::c_char;
use std::mem::MaybeUninit;
use wangshi_core::ErrorCode;
use wangshi_core::calendar::{Calendar, DayKind, PeriodUnit, RawDeadline, default_calendar};
use wangshi_core::threads::for_each_range;

/// "No timestamp": a missing start (a row error, WS_STATUS_MISSING_FIELD),
/// and the deadline of an error row.
pub const WS_NO_TIMESTAMP: i64 = -9223372036854775807 - 1;
const _: () = assert!(WS_NO_TIMESTAMP == wangshi_core::timestamp::NO_TIMESTAMP);

/// Period unit `minutes` (wall clock) in ws_deadline_row.unit.
pub const WS_PERIOD_MINUTES: u8 = 1;
/// Period unit `hours` (wall clock).
pub const WS_PERIOD_HOURS: u8 = 2;
/// Period unit `days`: natural days, the last moved to the next working day.
pub const WS_PERIOD_DAYS: u8 = 3;
/// Period unit `working_days`.
pub const WS_PERIOD_WORKING_DAYS: u8 = 4;
/// The unit of a row without one (WS_STATUS_MISSING_FIELD, as a period
/// naming no unit in JSON).
pub const WS_NO_UNIT: u8 = 0;
/// The unit of a row whose unit code names no unit
/// (WS_STATUS_UNKNOWN_FIELD, as an unknown key of a period in JSON); any
/// other number that names no unit is WS_STATUS_INVALID_VALUE.
pub const WS_UNKNOWN_UNIT: u8 = 255;
/// The amount of a row without one (WS_STATUS_MISSING_FIELD).
pub const WS_NO_AMOUNT: u32 = 0;
/// The amount of a row whose amount is present but not a whole number from
/// 1 to 4294967294 (WS_STATUS_INVALID_VALUE, as every amount above the
/// unit's largest).
pub const WS_INVALID_AMOUNT: u32 = 4294967295;
const _: () = {
    use wangshi_core::calendar as c;
    assert!(WS_NO_UNIT == c::NO_UNIT && WS_UNKNOWN_UNIT == c::UNKNOWN_UNIT);
    assert!(WS_NO_AMOUNT == c::NO_AMOUNT && WS_INVALID_AMOUNT == c::INVALID_AMOUNT);
};
const _: () = {
    assert!(WS_PERIOD_MINUTES == PeriodUnit::Minutes as u8);
    assert!(WS_PERIOD_HOURS == PeriodUnit::Hours as u8);
    assert!(WS_PERIOD_DAYS == PeriodUnit::Days as u8);
    assert!(WS_PERIOD_WORKING_DAYS == PeriodUnit::WorkingDays as u8);
};

/// A working-day calendar: the State Council's holiday arrangements for the
/// years it covers (2024–2026 by default), the fixed-date rule for every
/// other year, and its working-day index.
///
/// Create one with ws_calendar_default() or ws_calendar_from_json(); free
/// it with ws_calendar_free(). A calendar never changes after creation, so
/// any number of threads may use one at once (every function takes it
/// `const`); only ws_calendar_free() must not race with other uses. Holiday
/// names it lends (ws_day.name) live as long as it.
#[allow(non_camel_case_types)]
pub struct ws_calendar(pub(crate) Calendar);

/// The kind of a day (vocabulary `day_kind`).
#[allow(non_camel_case_types)]
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ws_day_kind {
    /// No kind (not returned).
    None = 0,
    /// `adjusted_workday` (调休上班): a listed weekend day that is worked.
    AdjustedWorkday = 1,
    /// `holiday`: a listed day off, even on a weekend (in an uncovered year
    /// a fixed-date holiday).
    Holiday = 2,
    /// `weekend`: a Saturday or Sunday that is neither.
    Weekend = 3,
    /// `workday`: a Monday–Friday that is not a holiday.
    Workday = 4,
}

/// What `calendar.check` says about a day.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ws_day {
    /// The holiday's name (UTF-8, such as 春节; not NUL-terminated, valid
    /// as long as the calendar); `data` NULL and `len` 0 when the day is not
    /// a holiday.
    pub name: ws_str,
    /// The kind.
    pub kind: ws_day_kind,
    /// 1 for a working day, else 0.
    pub working_day: u8,
    /// 1 when the calendar does not cover the day's year (the answer
    /// follows the fixed rule), else 0.
    pub provisional: u8,
}

/// One deadline to compute: a start and a period.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ws_deadline_row {
    /// The start: seconds since 1970-01-01T00:00 local time (UTC+8), within
    /// 1900-01-01T00:00:00..2199-12-31T23:59:59; WS_NO_TIMESTAMP when
    /// missing.
    pub start: i64,
    /// The period's n: 1..100000 for minutes and hours, 1..3660 for days and
    /// working days; WS_NO_AMOUNT when missing.
    pub amount: u32,
    /// The period's unit: WS_PERIOD_MINUTES, WS_PERIOD_HOURS,
    /// WS_PERIOD_DAYS or WS_PERIOD_WORKING_DAYS; WS_NO_UNIT when missing,
    /// WS_UNKNOWN_UNIT for a unit code that names none.
    pub unit: u8,
}

/// A computed deadline, as the JSON op `calendar.deadline` gives it, in
/// seconds.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ws_deadline {
    /// The last second at which the step is still on time (inclusive),
    /// seconds since 1970-01-01T00:00 local; it may fall after 2199 for a
    /// late start and a long period. WS_NO_TIMESTAMP for an error row.
    pub deadline: i64,
    /// WS_STATUS_OK for a computed row; else the row's error, checked in
    /// the order start, unit, amount: WS_STATUS_MISSING_FIELD (start is
    /// WS_NO_TIMESTAMP, unit WS_NO_UNIT, amount WS_NO_AMOUNT),
    /// WS_STATUS_INVALID_DATE (start outside 1900..2199),
    /// WS_STATUS_UNKNOWN_FIELD (unit WS_UNKNOWN_UNIT) or
    /// WS_STATUS_INVALID_VALUE (another number naming no unit, an amount
    /// out of range).
    pub status: ws_status,
    /// 1 when counting it asked about a day of a year the calendar does not
    /// cover, else 0 (0 for an error row).
    pub provisional: u8,
}

impl ws_deadline {
    #[inline(always)]
    fn of(r: Result<RawDeadline, ErrorCode>) -> ws_deadline {
        match r {
            Ok(d) => ws_deadline {
                deadline: d.deadline,
                status: ws_status::Ok,
                provisional: u8::from(d.provisional),
            },
            Err(code) => ws_deadline {
                deadline: WS_NO_TIMESTAMP,
                status: ws_status::from_code(code),
                provisional: 0,
            },
        }
    }
}

/// Writes a new calendar to `*calendar_out` (only on success).
fn give(calendar: Calendar, calendar_out: *mut *mut ws_calendar) -> Result<(), ws_status> {
    // SAFETY: checked non-NULL by the callers; writable (caller's contract).
    unsafe { calendar_out.write(Box::into_raw(Box::new(ws_calendar(calendar)))) };
    Ok(())
}

/// The calendar behind a non-NULL pointer.
///
/// # Safety
/// `calendar` must be NULL or a live calendar.
pub(crate) unsafe fn calendar_ref<'a>(
    calendar: *const ws_calendar,
) -> Result<&'a Calendar, ws_status> {
    // SAFETY: non-NULL and live (the caller's contract).
    Ok(unsafe { &(*non_null(calendar, "calendar")?).0 })
}

/// Creates the embedded calendar (the State Council's arrangements for 2024,
/// 2025 and 2026) in `*calendar_out`; free it with ws_calendar_free().
///
/// Returns WS_STATUS_OK, or WS_STATUS_NULL_ARGUMENT when `calendar_out` is
/// NULL.
///
/// # Safety
/// `calendar_out` must be NULL or point to a writable `ws_calendar *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_calendar_default(calendar_out: *mut *mut ws_calendar) -> ws_status {
    boundary(|| {
        non_null(calendar_out, "calendar_out")?;
        give(default_calendar().clone(), calendar_out)
    })
}

/// A locality's calendar from `len` bytes of UTF-8 JSON: the embedded
/// calendar with each year the text lists replacing that year (the others
/// stay), in the shape of `core/data/calendar_cn.json`: `{"version"?,
/// "years": {"2027": {"notice"?, "holidays": [{"date", "name"}],
/// "workdays": ["YYYY-MM-DD", ...]}}}`. Written to `*calendar_out` only on
/// success; free it with ws_calendar_free().
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_UTF8,
/// WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_INVALID_JSON when the text is not
/// JSON or repeats a key; WS_STATUS_UNKNOWN_FIELD / WS_STATUS_MISSING_FIELD
/// for a misspelt or missing field; otherwise WS_STATUS_INVALID_CALENDAR (a
/// date outside its year, a listed workday that is not a weekend day, a day
/// both off and worked, a duplicate, a year outside 1900..2199), with the
/// path (e.g. `years.2027.workdays[1]`) in the last error message.
///
/// # Safety
/// `json` must point to `len` readable bytes; `calendar_out` must be NULL or
/// point to a writable `ws_calendar *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_calendar_from_json(
    json: *const c_char,
    len: usize,
    calendar_out: *mut *mut ws_calendar,
) -> ws_status {
    boundary(|| {
        non_null(calendar_out, "calendar_out")?;
        // SAFETY: the caller's contract on `json`.
        let text = unsafe { text_arg(json, len, "json") }?;
        let calendar = Calendar::from_json(text).map_err(|e| fail_with(&e))?;
        give(calendar, calendar_out)
    })
}

/// Frees a calendar. NULL is accepted and ignored; names it lent die with
/// it. No other thread may be using the calendar.
///
/// # Safety
/// `calendar` must be NULL or a calendar from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_calendar_free(calendar: *mut ws_calendar) {
    if !calendar.is_null() {
        // SAFETY: from Box::into_raw (the caller's contract).
        let _ = std::panic::catch_unwind(|| drop(unsafe { Box::from_raw(calendar) }));
    }
}

/// The kind of `day` (days since 1970-01-01; 2026-02-17 is 20501), its
/// holiday name and whether it is a working day: the op `calendar.check`.
/// `*out` is written only on success.
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT; WS_STATUS_INVALID_BUFFER
/// when `out` is misaligned; WS_STATUS_INVALID_DATE when `day` is outside
/// 1900-01-01..2199-12-31. Thread-safe.
///
/// # Safety
/// `calendar` must be NULL or a live calendar; `out` must be NULL or point
/// to a writable ws_day.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_calendar_check(
    calendar: *const ws_calendar,
    day: i32,
    out: *mut ws_day,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `calendar`.
        let calendar = unsafe { calendar_ref(calendar) }?;
        region(out.cast_const(), 1, "out")?;
        let info = calendar.day_kind_raw(day).map_err(|code| {
            fail_with(
                &wangshi_core::Error::new(
                    code,
                    format!("day {day} is outside 1900-01-01..2199-12-31"),
                )
                .at("day"),
            )
        })?;
        let result = ws_day {
            name: info.name.map_or(
                ws_str {
                    data: std::ptr::null(),
                    len: 0,
                },
                ws_str::of,
            ),
            kind: match info.kind {
                DayKind::AdjustedWorkday => ws_day_kind::AdjustedWorkday,
                DayKind::Holiday => ws_day_kind::Holiday,
                DayKind::Weekend => ws_day_kind::Weekend,
                DayKind::Workday => ws_day_kind::Workday,
            },
            working_day: u8::from(info.working_day),
            provisional: u8::from(info.provisional),
        };
        // SAFETY: checked non-NULL and aligned; writable (the caller's
        // contract).
        unsafe { out.write(result) };
        Ok(())
    })
}

/// The deadline of `amount` `unit`s (WS_PERIOD_*) from `start` (seconds
/// since 1970-01-01T00:00 local): the single-call form of
/// ws_calendar_deadline_batch().
///
/// Returns the row's status, also stored in `out->status`: WS_STATUS_OK, or
/// the row's error (WS_STATUS_MISSING_FIELD, WS_STATUS_INVALID_DATE,
/// WS_STATUS_UNKNOWN_FIELD, WS_STATUS_INVALID_VALUE: see ws_deadline.status),
/// with `*out` written in both cases. On an
/// argument problem (WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_BUFFER)
/// `*out` is not written. Thread-safe.
///
/// # Safety
/// `calendar` must be NULL or a live calendar; `out` must be NULL or point
/// to a writable ws_deadline.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_calendar_deadline(
    calendar: *const ws_calendar,
    start: i64,
    unit: u8,
    amount: u32,
    out: *mut ws_deadline,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `calendar`.
        let calendar = unsafe { calendar_ref(calendar) }?;
        region(out.cast_const(), 1, "out")?;
        let r = calendar.deadline_row(start, unit, amount);
        // SAFETY: checked non-NULL and aligned; writable (the caller's
        // contract).
        unsafe { out.write(ws_deadline::of(r)) };
        match r {
            Ok(_) => Ok(()),
            Err(code) => Err(fail_with(&match code {
                ErrorCode::MissingField if start == WS_NO_TIMESTAMP => {
                    wangshi_core::Error::new(code, "start is WS_NO_TIMESTAMP")
                }
                ErrorCode::InvalidDate => wangshi_core::Error::new(
                    code,
                    format!("start {start} is outside 1900-01-01T00:00..2199-12-31T23:59:59"),
                ),
                // The core's message, naming the unit or the amount.
                _ => calendar
                    .explain_deadline_row(start, unit, amount)
                    .unwrap_or_else(|| wangshi_core::Error::new(code, "not a valid period")),
            })),
        }
    })
}

/// Computes `n` deadlines, writing one ws_deadline per row to
/// `out[0 .. n-1]`, in order. A bad row gets its own status in
/// `out[i].status` and the others are computed, so WS_STATUS_OK means
/// "every row was written", not "every row is fine".
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT (`rows` and `out` may be
/// NULL only when `n` is 0); WS_STATUS_INPUT_TOO_LARGE when `n` rows do not
/// fit in memory; WS_STATUS_INVALID_BUFFER when `rows` or `out` is
/// misaligned or the two overlap. On every status but WS_STATUS_OK nothing
/// is written.
///
/// Allocates nothing per row and never walks the calendar day by day.
/// Thread-safe: threads may run batches against one calendar at once (each
/// with its own `out`).
///
/// # Safety
/// `calendar` must be NULL or a live calendar; `rows` must point to `n`
/// readable rows and `out` to `n` writable results.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_calendar_deadline_batch(
    calendar: *const ws_calendar,
    rows: *const ws_deadline_row,
    n: usize,
    out: *mut ws_deadline,
) -> ws_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { ws_calendar_deadline_batch_threads(calendar, 1, rows, n, out) }
}

/// ws_calendar_deadline_batch() on up to `threads` threads, with the same
/// arguments, statuses and outputs.
///
/// `threads`: 0 for one thread per core the process may use, 1 for the
/// calling thread alone (what ws_calendar_deadline_batch() does), n for up to
/// n. The rows are cut into contiguous ranges, one per thread, of at least
/// WS_MIN_ROWS_PER_THREAD rows each (a smaller batch runs on the calling
/// thread alone); every result is the same for every thread count.
///
/// # Safety
/// `calendar` must be NULL or a live calendar; `rows` must point to `n`
/// readable rows and `out` to `n` writable results.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_calendar_deadline_batch_threads(
    calendar: *const ws_calendar,
    threads: u32,
    rows: *const ws_deadline_row,
    n: usize,
    out: *mut ws_deadline,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `calendar`.
        let calendar = unsafe { calendar_ref(calendar) }?;
        // SAFETY: the caller's contract on `rows` and `out`.
        let (rows, out) = unsafe { batch(rows, out, n, ("rows", "out")) }?;
        for_each_range(rows, out, threads_of(threads), |rows, out| {
            deadline_rows(calendar, rows, out)
        })
        .map_err(|e| fail_with(&e))
    })
}

/// The hot loop, on its own so that `deadline_row` inlines into it.
#[inline(never)]
fn deadline_rows(
    calendar: &Calendar,
    rows: &[ws_deadline_row],
    out: &mut [MaybeUninit<ws_deadline>],
) {
    for (r, o) in rows.iter().zip(out) {
        o.write(ws_deadline::of(
            calendar.deadline_row(r.start, r.unit, r.amount),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wangshi_core::calendar::DeadlineOutput;
    use wangshi_core::timestamp::parse_timestamp;
    use wangshi_testkit::rng::SplitMix64;

    fn calendar() -> *mut ws_calendar {
        let mut c = std::ptr::null_mut();
        // SAFETY: local out pointer.
        assert_eq!(unsafe { ws_calendar_default(&mut c) }, ws_status::Ok);
        c
    }

    #[test]
    fn check_names_holidays_and_lends_their_names() {
        let c = calendar();
        let day = wangshi_core::date::parse_date("2026-02-17").unwrap();
        let mut out = std::mem::MaybeUninit::<ws_day>::uninit();
        // SAFETY: a live calendar and a local out; the name is read before
        // the calendar is freed.
        unsafe {
            assert_eq!(ws_calendar_check(c, day, out.as_mut_ptr()), ws_status::Ok);
            let d = out.assume_init();
            assert_eq!(
                (d.kind, d.working_day, d.provisional),
                (ws_day_kind::Holiday, 0, 0)
            );
            let name = std::slice::from_raw_parts(d.name.data.cast::<u8>(), d.name.len);
            assert_eq!(name, "春节".as_bytes());
            assert_eq!(
                ws_calendar_check(c, day + 11, out.as_mut_ptr()),
                ws_status::Ok
            );
            let d = out.assume_init();
            assert_eq!(
                (d.kind, d.working_day, d.name.data),
                (ws_day_kind::AdjustedWorkday, 1, std::ptr::null())
            );
            let sentinel = ws_day {
                name: ws_str {
                    data: std::ptr::null(),
                    len: 7,
                },
                kind: ws_day_kind::None,
                working_day: 9,
                provisional: 9,
            };
            let mut keep = sentinel;
            assert_eq!(
                ws_calendar_check(c, 1_000_000, &mut keep),
                ws_status::InvalidDate
            );
            assert_eq!(
                ws_calendar_check(std::ptr::null(), day, &mut keep),
                ws_status::NullArgument
            );
            assert_eq!(
                ws_calendar_check(c, day, std::ptr::null_mut()),
                ws_status::NullArgument
            );
            assert_eq!(keep, sentinel);
            ws_calendar_free(c);
            ws_calendar_free(std::ptr::null_mut());
        }
    }

    #[test]
    fn batch_matches_the_core_columnar_batch_row_for_row() {
        let c = calendar();
        let mut g = SplitMix64::new(9);
        let (start, amount) = wangshi_testkit::calendar::working_day_rows(3, 2000);
        let mut rows: Vec<ws_deadline_row> = start
            .iter()
            .zip(&amount)
            .map(|(&s, &a)| ws_deadline_row {
                start: s,
                amount: a,
                unit: g.range(1, 4) as u8,
            })
            .collect();
        for (i, r) in rows.iter_mut().enumerate().step_by(37) {
            match i % 4 {
                0 => r.start = WS_NO_TIMESTAMP,
                1 => r.start = i64::MAX,
                2 => r.unit = 0,
                _ => r.amount = 0,
            }
        }
        let mut out = vec![ws_deadline::of(Err(ErrorCode::InvalidJson)); rows.len()];
        // SAFETY: live vectors of equal length.
        let s =
            unsafe { ws_calendar_deadline_batch(c, rows.as_ptr(), rows.len(), out.as_mut_ptr()) };
        assert_eq!(s, ws_status::Ok);
        let n = rows.len();
        let st: Vec<i64> = rows.iter().map(|r| r.start).collect();
        let un: Vec<u8> = rows.iter().map(|r| r.unit).collect();
        let am: Vec<u32> = rows.iter().map(|r| r.amount).collect();
        let mut k = DeadlineOutput::new(n);
        // SAFETY: `c` is live.
        let core = unsafe { &(*c).0 };
        core.deadline_batch_per_row(&st, &un, &am, k.columns())
            .unwrap();
        let mut errors = 0;
        for (i, o) in out.iter().enumerate() {
            let status = ErrorCode::from_u8(k.error[i]).map_or(ws_status::Ok, ws_status::from_code);
            errors += usize::from(status != ws_status::Ok);
            assert_eq!(
                (o.deadline, o.status, o.provisional),
                (k.deadline[i], status, k.provisional[i]),
                "row {i}"
            );
            // The single call agrees.
            let mut one = ws_deadline::of(Err(ErrorCode::InvalidJson));
            // SAFETY: locals.
            let s = unsafe {
                ws_calendar_deadline(c, rows[i].start, rows[i].unit, rows[i].amount, &mut one)
            };
            assert_eq!((s, one), (o.status, *o));
        }
        assert!(errors > 0);
        // SAFETY: from ws_calendar_default.
        unsafe { ws_calendar_free(c) };
    }

    #[test]
    fn bad_arguments_give_a_status_and_write_nothing() {
        let c = calendar();
        let row = ws_deadline_row {
            start: parse_timestamp("2026-02-12T10:00").unwrap(),
            amount: 3,
            unit: WS_PERIOD_WORKING_DAYS,
        };
        let rows = [row; 4];
        let sentinel = ws_deadline::of(Err(ErrorCode::InvalidJson));
        let mut out = [sentinel; 4];
        // SAFETY: every pointer is live or NULL; lengths are honest except
        // where refused before reading.
        unsafe {
            let o = out.as_mut_ptr();
            assert_eq!(
                ws_calendar_deadline_batch(std::ptr::null(), rows.as_ptr(), 4, o),
                ws_status::NullArgument
            );
            assert_eq!(
                ws_calendar_deadline_batch(c, std::ptr::null(), 4, o),
                ws_status::NullArgument
            );
            assert_eq!(
                ws_calendar_deadline_batch(c, rows.as_ptr(), 4, std::ptr::null_mut()),
                ws_status::NullArgument
            );
            assert_eq!(
                ws_calendar_deadline_batch(c, std::ptr::null(), 0, std::ptr::null_mut()),
                ws_status::Ok
            );
            assert_eq!(
                ws_calendar_deadline_batch(c, rows.as_ptr(), usize::MAX / 8, o),
                ws_status::InputTooLarge
            );
            let misaligned = rows.as_ptr().cast::<u8>().add(1).cast::<ws_deadline_row>();
            assert_eq!(
                ws_calendar_deadline_batch(c, misaligned, 1, o),
                ws_status::InvalidBuffer
            );
            let overlapping = o.cast::<ws_deadline_row>().cast_const();
            assert_eq!(
                ws_calendar_deadline_batch(c, overlapping, 2, o),
                ws_status::InvalidBuffer
            );
            assert_eq!(
                ws_calendar_deadline(c, row.start, 4, 3, std::ptr::null_mut()),
                ws_status::NullArgument
            );
            assert_eq!(
                ws_calendar_deadline(std::ptr::null(), row.start, 4, 3, o),
                ws_status::NullArgument
            );
        }
        assert_eq!(out, [sentinel; 4]);
        // SAFETY: local out; `c` is live until freed.
        unsafe {
            let mut one = sentinel;
            assert_eq!(
                ws_calendar_deadline(c, row.start, 4, 3, &mut one),
                ws_status::Ok
            );
            assert_eq!(
                one.deadline,
                parse_timestamp("2026-02-24T23:59:59").unwrap()
            );
            assert_eq!(
                ws_calendar_deadline(c, row.start, 4, 3661, &mut one),
                ws_status::InvalidValue
            );
            assert_eq!(
                (one.deadline, one.status),
                (WS_NO_TIMESTAMP, ws_status::InvalidValue)
            );
            ws_calendar_free(c);
        }
    }

    #[test]
    fn from_json_overlays_years_and_reports_the_path() {
        let json = r#"{"years": {"2027": {"holidays": [{"date": "2027-01-01", "name": "元旦"}], "workdays": []}}}"#.as_bytes();
        let mut c = std::ptr::null_mut();
        // SAFETY: a live buffer and a local out pointer.
        unsafe {
            assert_eq!(
                ws_calendar_from_json(json.as_ptr().cast(), json.len(), &mut c),
                ws_status::Ok
            );
            assert!((*c).0.covers(2027) && (*c).0.covers(2026));
            ws_calendar_free(c);
        }
        let bad = br#"{"years": {"2027": {"holidays": [], "workdays": ["2027-01-04"]}}}"#;
        let mut c: *mut ws_calendar = std::ptr::dangling_mut();
        // SAFETY: as above.
        let s = unsafe { ws_calendar_from_json(bad.as_ptr().cast(), bad.len(), &mut c) };
        assert_eq!(
            (s, c),
            (ws_status::InvalidCalendar, std::ptr::dangling_mut())
        );
        // SAFETY: the library's message is NUL-terminated.
        let msg = unsafe { std::ffi::CStr::from_ptr(crate::status::ws_last_error_message()) };
        assert!(msg.to_str().unwrap().contains("years.2027.workdays[0]"));
    }
}
