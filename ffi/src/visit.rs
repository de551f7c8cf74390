//! The visit batch (分色管理): `ws_visit_status_batch` over caller-owned
//! arrays of `ws_resident` and `ws_visit_result`, and the single-resident
//! `ws_visit_status`. Built on the core's `VisitDay::evaluate`, the same
//! per-row code as `wangshi_core::visit::visit_status_batch`; nothing is
//! allocated per row.

use crate::policy::ws_policy;
use crate::status::{batch, boundary, fail_with, region, ws_status};
use crate::threads::threads_of;
use std::mem::MaybeUninit;
use wangshi_core::ErrorCode;
use wangshi_core::threads::for_each_range;
use wangshi_core::visit::{Alert, RawStatus, VisitDay, VisitState};

/// "No date": a `last_visit` of a resident never visited, and the
/// `period_start`/`period_end` of rolling cadences and error rows.
pub const WS_NO_DATE: i32 = -2147483647 - 1;
const _: () = assert!(WS_NO_DATE == wangshi_core::date::NO_DATE);

/// A date field that was given but is not a date (text that does not
/// parse, a value of the wrong type): the row's WS_STATUS_INVALID_DATE, as
/// every day outside 1900..2199 is. Bindings that read text columns write it.
pub const WS_NOT_A_DATE: i32 = -2147483647;
const _: () = assert!(WS_NOT_A_DATE == wangshi_core::date::NOT_A_DATE);

/// ws_resident.tier of a resident with no tier: the row's
/// WS_STATUS_MISSING_FIELD.
pub const WS_NO_TIER: u8 = 255;
const _: () = assert!(WS_NO_TIER == wangshi_core::visit::NO_TIER);

/// ws_resident.tier of a tier code not in the policy: the row's
/// WS_STATUS_UNKNOWN_TIER (as is any index at or beyond the policy's tier
/// count).
pub const WS_UNKNOWN_TIER: u8 = 254;
const _: () = assert!(WS_UNKNOWN_TIER == wangshi_core::visit::UNKNOWN_TIER);

/// One resident of a visit batch. Dates are days since 1970-01-01 (the
/// community's civil dates; 2026-11-26 is 20783), within 1900..2199.
///
/// A row's fields are checked in the order of the JSON op `visit.status`,
/// so a row gives the same status as the same resident in JSON: tier
/// WS_NO_TIER (missing), tier_since WS_NO_DATE (missing), either date
/// outside 1900..2199 or WS_NOT_A_DATE (invalid), then an unknown tier,
/// then tier_since and last_visit after as_of.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ws_resident {
    /// The tier's index in the policy (ws_policy_tier_index(); 0 is the
    /// least severe); WS_NO_TIER for none (WS_STATUS_MISSING_FIELD),
    /// WS_UNKNOWN_TIER for a code not in the policy (WS_STATUS_UNKNOWN_TIER).
    pub tier: u8,
    /// The day the tier was assigned; WS_NO_DATE for none
    /// (WS_STATUS_MISSING_FIELD), WS_NOT_A_DATE for a value that is not a
    /// date (WS_STATUS_INVALID_DATE).
    pub tier_since: i32,
    /// The latest visit on or before as_of, or WS_NO_DATE when never visited.
    pub last_visit: i32,
}

/// Where a resident stands in the current period.
#[allow(non_camel_case_types)]
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ws_visit_state {
    /// No state: the row has an error (see ws_visit_result.status).
    None = 0,
    /// `done`: the current period's visit is done.
    Done = 1,
    /// `pending`: a visit is due, not yet within the reminder window.
    Pending = 2,
    /// `due_soon`: a visit is due within the tier's reminder_days.
    DueSoon = 3,
    /// `overdue`: one or more required periods passed without a visit.
    Overdue = 4,
}

/// The alert for a resident, least to most urgent.
#[allow(non_camel_case_types)]
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ws_alert {
    /// No alert (also for error rows).
    None = 0,
    /// `reminder` (提醒): the visit is due soon.
    Reminder = 1,
    /// `warning` (预警): at least one required period was missed.
    Warning = 2,
    /// `escalation` (升级): escalate_after_missed periods were missed.
    Escalation = 3,
}

/// The visit status of one resident, as the JSON op `visit.status` gives it,
/// with dates as days since 1970-01-01.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ws_visit_result {
    /// WS_STATUS_OK for a computed row; else the row's error:
    /// WS_STATUS_MISSING_FIELD, WS_STATUS_INVALID_DATE,
    /// WS_STATUS_UNKNOWN_TIER, WS_STATUS_TIER_SINCE_AFTER_AS_OF or
    /// WS_STATUS_VISIT_AFTER_AS_OF, and every other field is zero or
    /// WS_NO_DATE.
    pub status: ws_status,
    /// The state.
    pub state: ws_visit_state,
    /// The alert.
    pub alert: ws_alert,
    /// First day of the period containing as_of; WS_NO_DATE for rolling
    /// cadences.
    pub period_start: i32,
    /// Last day of that period; WS_NO_DATE for rolling cadences.
    pub period_end: i32,
    /// The day by which the next visit is due.
    pub due: i32,
    /// due - as_of in days (negative when a rolling visit is late).
    pub days_left: i32,
    /// Required periods that passed without a visit.
    pub missed_periods: u32,
}

impl ws_visit_result {
    #[inline(always)]
    fn of(r: Result<RawStatus, ErrorCode>) -> ws_visit_result {
        match r {
            Ok(s) => ws_visit_result {
                status: ws_status::Ok,
                state: match s.state {
                    VisitState::Done => ws_visit_state::Done,
                    VisitState::Pending => ws_visit_state::Pending,
                    VisitState::DueSoon => ws_visit_state::DueSoon,
                    VisitState::Overdue => ws_visit_state::Overdue,
                },
                alert: match s.alert {
                    None => ws_alert::None,
                    Some(Alert::Reminder) => ws_alert::Reminder,
                    Some(Alert::Warning) => ws_alert::Warning,
                    Some(Alert::Escalation) => ws_alert::Escalation,
                },
                period_start: s.period_start,
                period_end: s.period_end,
                due: s.due,
                days_left: s.days_left,
                missed_periods: s.missed_periods,
            },
            Err(code) => ws_visit_result {
                status: ws_status::from_code(code),
                state: ws_visit_state::None,
                alert: ws_alert::None,
                period_start: WS_NO_DATE,
                period_end: WS_NO_DATE,
                due: WS_NO_DATE,
                days_left: 0,
                missed_periods: 0,
            },
        }
    }
}

/// The policy applied to `as_of`, or `invalid_date` with the detail stored.
///
/// # Safety
/// `policy` must be NULL or a live policy.
unsafe fn day_of(policy: *const ws_policy, as_of: i32) -> Result<VisitDay, ws_status> {
    // SAFETY: non-NULL and live (the caller's contract).
    let policy = unsafe { crate::policy::policy_ref(policy) }?;
    policy.on_day(as_of).map_err(|e| fail_with(&e.at("as_of")))
}

/// Evaluates `n` residents as of `as_of` (days since 1970-01-01), writing
/// one ws_visit_result per resident to `out[0 .. n-1]`, in order. A bad row
/// gets its own status in `out[i].status` and the others are computed, so
/// WS_STATUS_OK means "every row was written", not "every row is fine".
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT (`rows` and `out` may be
/// NULL only when `n` is 0); WS_STATUS_INPUT_TOO_LARGE when `n` rows do not
/// fit in memory; WS_STATUS_INVALID_BUFFER when `rows` or `out` is
/// misaligned or the two overlap; WS_STATUS_INVALID_DATE when `as_of` is
/// outside 1900..2199. On every status but WS_STATUS_OK nothing is written.
///
/// Allocates nothing per row. Thread-safe: threads may evaluate batches
/// against one policy at once (each with its own `out`).
///
/// # Safety
/// `policy` must be NULL or a live policy; `rows` must point to `n`
/// readable residents and `out` to `n` writable results.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_visit_status_batch(
    policy: *const ws_policy,
    rows: *const ws_resident,
    n: usize,
    as_of: i32,
    out: *mut ws_visit_result,
) -> ws_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { ws_visit_status_batch_threads(policy, 1, rows, n, as_of, out) }
}

/// ws_visit_status_batch() on up to `threads` threads, with the same
/// arguments, statuses and outputs.
///
/// `threads`: 0 for one thread per core the process may use, 1 for the
/// calling thread alone (what ws_visit_status_batch() does), n for up to n.
/// The rows are cut into contiguous ranges, one per thread, of at least
/// WS_MIN_ROWS_PER_THREAD rows each (a smaller batch runs on the calling
/// thread alone); every result is the same for every thread count.
///
/// # Safety
/// `policy` must be NULL or a live policy; `rows` must point to `n`
/// readable residents and `out` to `n` writable results.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_visit_status_batch_threads(
    policy: *const ws_policy,
    threads: u32,
    rows: *const ws_resident,
    n: usize,
    as_of: i32,
    out: *mut ws_visit_result,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `rows` and `out`.
        let (rows, out) = unsafe { batch(rows, out, n, ("rows", "out")) }?;
        // SAFETY: the caller's contract on `policy`.
        let day = unsafe { day_of(policy, as_of) }?;
        for_each_range(rows, out, threads_of(threads), |rows, out| {
            evaluate_rows(&day, rows, out)
        })
        .map_err(|e| fail_with(&e))
    })
}

/// The hot loop, on its own so that the core's `VisitDay::evaluate` is
/// inlined into it as into the core's own batch loop.
#[inline(never)]
fn evaluate_rows(day: &VisitDay, rows: &[ws_resident], out: &mut [MaybeUninit<ws_visit_result>]) {
    for (r, o) in rows.iter().zip(out) {
        o.write(ws_visit_result::of(day.evaluate(
            r.tier,
            r.tier_since,
            r.last_visit,
        )));
    }
}

/// Evaluates one resident as of `as_of`: the single-call form of
/// ws_visit_status_batch() (for many residents the batch is cheaper: it
/// prepares the policy's periods for the day once).
///
/// Returns the row's status, also stored in `out->status`: WS_STATUS_OK, or
/// the resident's error (WS_STATUS_MISSING_FIELD, WS_STATUS_INVALID_DATE,
/// WS_STATUS_UNKNOWN_TIER, WS_STATUS_TIER_SINCE_AFTER_AS_OF,
/// WS_STATUS_VISIT_AFTER_AS_OF), with `*out` written in both cases; the
/// error detail names the field. On an argument problem
/// (WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_BUFFER, or
/// WS_STATUS_INVALID_DATE for `as_of` itself) `*out` is not written.
///
/// Thread-safe as the batch.
///
/// # Safety
/// `policy` must be NULL or a live policy; `resident` must be NULL or point
/// to a readable resident, `out` to a writable result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_visit_status(
    policy: *const ws_policy,
    resident: *const ws_resident,
    as_of: i32,
    out: *mut ws_visit_result,
) -> ws_status {
    boundary(|| {
        region(resident, 1, "resident")?;
        region(out.cast_const(), 1, "out")?;
        // SAFETY: the caller's contract on `policy`.
        let day = unsafe { day_of(policy, as_of) }?;
        // SAFETY: both checked non-NULL and aligned; readable/writable by
        // the caller's contract.
        let r = unsafe { resident.read() };
        let v = day.evaluate(r.tier, r.tier_since, r.last_visit);
        let result = ws_visit_result::of(v);
        unsafe { out.write(result) };
        match day.explain(r.tier, r.tier_since, r.last_visit) {
            None => Ok(()),
            Some(e) => Err(fail_with(&e)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wangshi_core::date::parse_date;
    use wangshi_core::visit::{VisitOutput, visit_status_batch};
    use wangshi_testkit::rng::SplitMix64;

    fn policy() -> *mut ws_policy {
        let mut p = std::ptr::null_mut();
        // SAFETY: local out pointer.
        assert_eq!(
            unsafe { crate::policy::ws_policy_default(&mut p) },
            ws_status::Ok
        );
        p
    }

    /// Rows across every tier, day and error kind, bad ones included.
    fn rows(seed: u64, n: usize, as_of: i32) -> Vec<ws_resident> {
        let mut g = SplitMix64::new(seed);
        (0..n)
            .map(|_| {
                let since = as_of - g.below(800) as i32 + 5;
                let last = match g.below(11) {
                    0 => WS_NO_DATE,
                    1 => 400_000,
                    2 => WS_NOT_A_DATE,
                    _ => since + g.below(400) as i32 - 10,
                };
                // The sentinels of a binding: no tier, an unknown code, no
                // tier_since, a tier_since that is not a date.
                let since = match g.below(12) {
                    0 => WS_NO_DATE,
                    1 => WS_NOT_A_DATE,
                    _ => since,
                };
                let tier = match g.below(12) {
                    0 => WS_NO_TIER,
                    1 => WS_UNKNOWN_TIER,
                    _ => g.below(5) as u8,
                };
                ws_resident {
                    tier,
                    tier_since: since,
                    last_visit: last,
                }
            })
            .collect()
    }

    #[test]
    fn batch_matches_the_core_columnar_batch_row_for_row() {
        let p = policy();
        for seed in 1..=20u64 {
            let as_of = parse_date("2026-11-26").unwrap() + seed as i32 * 37;
            let rs = rows(seed, 500, as_of);
            let mut out = vec![ws_visit_result::of(Err(ErrorCode::InvalidValue)); rs.len()];
            // SAFETY: live vectors of equal length.
            let s =
                unsafe { ws_visit_status_batch(p, rs.as_ptr(), rs.len(), as_of, out.as_mut_ptr()) };
            assert_eq!(s, ws_status::Ok);

            let n = rs.len();
            let tier: Vec<u8> = rs.iter().map(|r| r.tier).collect();
            let since: Vec<i32> = rs.iter().map(|r| r.tier_since).collect();
            let last: Vec<i32> = rs.iter().map(|r| r.last_visit).collect();
            let mut k = VisitOutput::new(n);
            // SAFETY: `p` is live.
            let core = unsafe { &(*p).0 };
            visit_status_batch(core, as_of, &tier, &since, &last, k.columns()).unwrap();
            for (i, o) in out.iter().enumerate() {
                let status =
                    ErrorCode::from_u8(k.error[i]).map_or(ws_status::Ok, ws_status::from_code);
                assert_eq!(
                    (
                        o.status,
                        o.state as u8,
                        o.alert as u8,
                        o.period_start,
                        o.period_end,
                        o.due,
                        o.days_left,
                        o.missed_periods
                    ),
                    (
                        status,
                        k.state[i],
                        k.alert[i],
                        k.period_start[i],
                        k.period_end[i],
                        k.due[i],
                        k.days_left[i],
                        k.missed_periods[i]
                    ),
                    "seed {seed} row {i}: {:?}",
                    rs[i]
                );
            }
            // The single call agrees with the batch.
            for (r, o) in rs.iter().zip(&out).take(50) {
                let mut one = ws_visit_result::of(Ok(RawStatus {
                    state: VisitState::Done,
                    period_start: 0,
                    period_end: 0,
                    due: 0,
                    days_left: 0,
                    missed_periods: 0,
                    alert: None,
                }));
                // SAFETY: locals.
                let s = unsafe { ws_visit_status(p, r, as_of, &mut one) };
                assert_eq!((s, one), (o.status, *o));
            }
        }
        // SAFETY: from ws_policy_default.
        unsafe { crate::policy::ws_policy_free(p) };
    }

    #[test]
    fn bad_arguments_give_a_status_and_write_nothing() {
        let p = policy();
        let r = [ws_resident {
            tier: 0,
            tier_since: 0,
            last_visit: WS_NO_DATE,
        }; 4];
        let sentinel = ws_visit_result::of(Err(ErrorCode::InvalidJson));
        let mut out = [sentinel; 4];
        // SAFETY: every pointer is live or NULL, lengths are honest except
        // where refused before reading.
        unsafe {
            let o = out.as_mut_ptr();
            assert_eq!(
                ws_visit_status_batch(std::ptr::null(), r.as_ptr(), 4, 20_000, o),
                ws_status::NullArgument
            );
            assert_eq!(
                ws_visit_status_batch(p, std::ptr::null(), 4, 20_000, o),
                ws_status::NullArgument
            );
            assert_eq!(
                ws_visit_status_batch(p, r.as_ptr(), 4, 20_000, std::ptr::null_mut()),
                ws_status::NullArgument
            );
            assert_eq!(
                ws_visit_status_batch(p, std::ptr::null(), 0, 20_000, std::ptr::null_mut()),
                ws_status::Ok
            );
            assert_eq!(
                ws_visit_status_batch(p, r.as_ptr(), usize::MAX / 4, 20_000, o),
                ws_status::InputTooLarge
            );
            assert_eq!(
                ws_visit_status_batch(p, r.as_ptr(), 4, 1_000_000, o),
                ws_status::InvalidDate
            );
            let misaligned = r.as_ptr().cast::<u8>().add(1).cast::<ws_resident>();
            assert_eq!(
                ws_visit_status_batch(p, misaligned, 1, 20_000, o),
                ws_status::InvalidBuffer
            );
            let overlapping = o.cast::<ws_resident>().cast_const();
            assert_eq!(
                ws_visit_status_batch(p, overlapping, 2, 20_000, o),
                ws_status::InvalidBuffer
            );
            assert_eq!(
                ws_visit_status(p, std::ptr::null(), 20_000, o),
                ws_status::NullArgument
            );
            assert_eq!(
                ws_visit_status(p, r.as_ptr(), 1_000_000, o),
                ws_status::InvalidDate
            );
            crate::policy::ws_policy_free(p);
        }
        assert_eq!(out, [sentinel; 4]);
    }
}
