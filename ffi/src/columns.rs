//! The columnar batches: one caller-owned array per field instead of arrays
//! of structs, on the core's own columnar loops
//! (`wangshi_core::visit::visit_status_batch`,
//! `CaseRouter::classify_batch`). They suit callers whose data already is
//! in columns (Java and PHP arrays, Arrow, data frames) and bindings that
//! should not restate a struct layout.

use crate::policy::ws_policy;
use crate::status::{boundary, fail, fail_with, region, ws_status};
use crate::threads::threads_of;
use crate::triage::ws_router;
use wangshi_core::triage::{CaseColumns, DecisionColumns};
use wangshi_core::visit::{VisitColumns, visit_status_batch_threads};

/// One array argument of a columnar call, after the checks of `region`.
pub(crate) struct Column {
    name: &'static str,
    addr: usize,
    bytes: usize,
    output: bool,
}

/// Checks one array of `n` elements (non-NULL unless `n` is 0, aligned,
/// within PTRDIFF_MAX bytes).
pub(crate) fn column<T>(
    p: *const T,
    n: usize,
    name: &'static str,
    output: bool,
) -> Result<Column, ws_status> {
    let bytes = region(p, n, name)?;
    Ok(Column {
        name,
        addr: p.addr(),
        bytes,
        output,
    })
}

/// Fails with WS_STATUS_INVALID_BUFFER when an output overlaps any other
/// array (inputs may share memory with each other: they are only read).
pub(crate) fn disjoint(columns: &[Column]) -> Result<(), ws_status> {
    for (i, a) in columns.iter().enumerate() {
        for b in &columns[i + 1..] {
            let overlap = a.bytes > 0
                && b.bytes > 0
                && a.addr < b.addr.saturating_add(b.bytes)
                && b.addr < a.addr.saturating_add(a.bytes);
            if overlap && (a.output || b.output) {
                return Err(fail(
                    ws_status::InvalidBuffer,
                    format!("{} and {} overlap", a.name, b.name),
                ));
            }
        }
    }
    Ok(())
}

/// A checked input column as a slice.
///
/// # Safety
/// `p` passed [`column`] for `n`, and points to `n` readable elements not
/// written during the call.
pub(crate) unsafe fn input<'a, T>(p: *const T, n: usize) -> &'a [T] {
    if n == 0 {
        return &[];
    }
    // SAFETY: the caller's contract, checked non-NULL and aligned.
    unsafe { std::slice::from_raw_parts(p, n) }
}

/// A checked output column as a slice. The core writes every element
/// without reading it; the integer element types have no invalid values,
/// so a caller's uninitialised buffer is fine to lend (C has no way to tell
/// the two apart).
///
/// # Safety
/// `p` passed [`column`] for `n`, points to `n` writable elements, and
/// overlaps no other column of the call.
pub(crate) unsafe fn output<'a, T>(p: *mut T, n: usize) -> &'a mut [T] {
    if n == 0 {
        return &mut [];
    }
    // SAFETY: the caller's contract, checked non-NULL, aligned, disjoint.
    unsafe { std::slice::from_raw_parts_mut(p, n) }
}

/// The `error_rows_out` argument as a column of one `size_t` when it is
/// not NULL (aligned, and apart from every other column), of none when it
/// is.
pub(crate) fn error_rows_column(error_rows_out: *mut usize) -> Result<Column, ws_status> {
    let n = usize::from(!error_rows_out.is_null());
    column(error_rows_out.cast_const(), n, "error_rows_out", true)
}

/// Writes the number of error rows when `error_rows_out` is not NULL.
pub(crate) fn give_error_rows(error_rows_out: *mut usize, bad: usize) {
    if !error_rows_out.is_null() {
        // SAFETY: non-NULL; writable by the caller's contract.
        unsafe { error_rows_out.write(bad) };
    }
}

/// Evaluates `n` residents given as columns as of `as_of` (days since
/// 1970-01-01): the columnar form of ws_visit_status_batch(), with the same
/// rules and per-row results.
///
/// Inputs, `n` elements each: `tier` (tier indices, ws_policy_tier_index()),
/// `tier_since` and `last_visit` (days since 1970-01-01; WS_NO_DATE for a
/// resident never visited). Outputs, `n` elements each, every element
/// written: `state` (ws_visit_state values, 0 on an error row), `period_start`,
/// `period_end`, `due` (days; WS_NO_DATE for rolling cadences and error
/// rows), `days_left`, `missed_periods`, `alert` (ws_alert values) and
/// `error`: 0 for a computed row, else the error code n of the row's status
/// 100 + n (ws_code_str("error", n) names it: `unknown_tier`,
/// `invalid_date`, `tier_since_after_as_of`, `visit_after_as_of` …). A bad
/// row never stops the others. When `error_rows_out` is not NULL it receives
/// the number of rows with an error.
///
/// Returns WS_STATUS_OK when every row was written; WS_STATUS_NULL_ARGUMENT
/// (arrays may be NULL only when `n` is 0); WS_STATUS_INPUT_TOO_LARGE;
/// WS_STATUS_INVALID_BUFFER when an array is misaligned or an output
/// overlaps another array; WS_STATUS_INVALID_DATE when `as_of` is outside
/// 1900..2199. On every status but WS_STATUS_OK nothing is written.
///
/// Allocates nothing. Thread-safe: threads may evaluate batches against one
/// policy at once (each with its own outputs).
///
/// # Safety
/// `policy` must be NULL or a live policy; each input must point to `n`
/// readable elements and each output to `n` writable ones; `error_rows_out`
/// must be NULL or point to a writable size_t.
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_visit_status_columns(
    policy: *const ws_policy,
    as_of: i32,
    n: usize,
    tier: *const u8,
    tier_since: *const i32,
    last_visit: *const i32,
    state: *mut u8,
    period_start: *mut i32,
    period_end: *mut i32,
    due: *mut i32,
    days_left: *mut i32,
    missed_periods: *mut u32,
    alert: *mut u8,
    error: *mut u8,
    error_rows_out: *mut usize,
) -> ws_status {
    // SAFETY: the caller's contract, passed on.
    unsafe {
        ws_visit_status_columns_threads(
            policy,
            1,
            as_of,
            n,
            tier,
            tier_since,
            last_visit,
            state,
            period_start,
            period_end,
            due,
            days_left,
            missed_periods,
            alert,
            error,
            error_rows_out,
        )
    }
}

/// ws_visit_status_columns() on up to `threads` threads, with the same
/// arguments, statuses and outputs.
///
/// `threads`: 0 for one thread per core the process may use, 1 for the
/// calling thread alone (what ws_visit_status_columns() does), n for up to
/// n. The rows are cut into contiguous ranges, one per thread, of at least
/// WS_MIN_ROWS_PER_THREAD rows each (a smaller batch runs on the calling
/// thread alone); every result is the same for every thread count.
///
/// # Safety
/// `policy` must be NULL or a live policy; each input must point to `n`
/// readable elements and each output to `n` writable ones; `error_rows_out`
/// must be NULL or point to a writable size_t.
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_visit_status_columns_threads(
    policy: *const ws_policy,
    threads: u32,
    as_of: i32,
    n: usize,
    tier: *const u8,
    tier_since: *const i32,
    last_visit: *const i32,
    state: *mut u8,
    period_start: *mut i32,
    period_end: *mut i32,
    due: *mut i32,
    days_left: *mut i32,
    missed_periods: *mut u32,
    alert: *mut u8,
    error: *mut u8,
    error_rows_out: *mut usize,
) -> ws_status {
    boundary(|| {
        // SAFETY: NULL or live (the caller's contract).
        let policy = unsafe { crate::policy::policy_ref(policy) }?;
        disjoint(&[
            column(tier, n, "tier", false)?,
            column(tier_since, n, "tier_since", false)?,
            column(last_visit, n, "last_visit", false)?,
            column(state.cast_const(), n, "state", true)?,
            column(period_start.cast_const(), n, "period_start", true)?,
            column(period_end.cast_const(), n, "period_end", true)?,
            column(due.cast_const(), n, "due", true)?,
            column(days_left.cast_const(), n, "days_left", true)?,
            column(missed_periods.cast_const(), n, "missed_periods", true)?,
            column(alert.cast_const(), n, "alert", true)?,
            column(error.cast_const(), n, "error", true)?,
            error_rows_column(error_rows_out)?,
        ])?;
        // SAFETY: every column checked above; readable / writable for `n`
        // elements by the caller's contract; outputs disjoint.
        let bad = unsafe {
            visit_status_batch_threads(
                policy,
                as_of,
                input(tier, n),
                input(tier_since, n),
                input(last_visit, n),
                VisitColumns {
                    state: output(state, n),
                    period_start: output(period_start, n),
                    period_end: output(period_end, n),
                    due: output(due, n),
                    days_left: output(days_left, n),
                    missed_periods: output(missed_periods, n),
                    alert: output(alert, n),
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

/// Classifies `n` cases given as columns: the columnar form of
/// ws_classify_batch(), with the same rules and per-row results.
///
/// Inputs, `n` elements each: `item` (indices into the router's catalogue,
/// ws_router_item_index()), `reported_on` (days since 1970-01-01), `flags`
/// (WS_FLAG_* bits), `parties`, `repeat_count`, `amount` (yuan). Outputs,
/// `n` elements each, every element written: `case_class`, `center`,
/// `level` (ws_case_class, ws_center, ws_level values; 0 on an error row),
/// `department` (0 without a whistle; ws_router_department() names it),
/// `report_within_minutes`, `mediation` and `immediate_report` (0 or 1),
/// `matched_rules` (bits; ws_router_rule_id() names them) and `error`: 0
/// for a classified row, else the error code n of the row's status 100 + n
/// (`unknown_item`, `item_not_in_force`, `invalid_value`, `invalid_date` …;
/// ws_code_str("error", n) names it). When `error_rows_out` is not NULL it
/// receives the number of rows with an error.
///
/// Returns as ws_visit_status_columns() (there is no `as_of` to check).
/// Allocates nothing. Thread-safe: threads may classify with one router at
/// once (each with its own outputs).
///
/// # Safety
/// `router` must be NULL or live; each input must point to `n` readable
/// elements and each output to `n` writable ones; `error_rows_out` must be
/// NULL or point to a writable size_t.
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_classify_columns(
    router: *const ws_router,
    n: usize,
    item: *const u32,
    reported_on: *const i32,
    flags: *const u16,
    parties: *const i32,
    repeat_count: *const i32,
    amount: *const f64,
    case_class: *mut u8,
    center: *mut u8,
    level: *mut u8,
    department: *mut u16,
    report_within_minutes: *mut u32,
    mediation: *mut u8,
    immediate_report: *mut u8,
    matched_rules: *mut u32,
    error: *mut u8,
    error_rows_out: *mut usize,
) -> ws_status {
    // SAFETY: the caller's contract, passed on.
    unsafe {
        ws_classify_columns_threads(
            router,
            1,
            n,
            item,
            reported_on,
            flags,
            parties,
            repeat_count,
            amount,
            case_class,
            center,
            level,
            department,
            report_within_minutes,
            mediation,
            immediate_report,
            matched_rules,
            error,
            error_rows_out,
        )
    }
}

/// ws_classify_columns() on up to `threads` threads, with the same
/// arguments, statuses and outputs.
///
/// `threads`: 0 for one thread per core the process may use, 1 for the
/// calling thread alone (what ws_classify_columns() does), n for up to n.
/// The rows are cut into contiguous ranges, one per thread, of at least
/// WS_MIN_ROWS_PER_THREAD rows each (a smaller batch runs on the calling
/// thread alone); every result is the same for every thread count.
///
/// # Safety
/// `router` must be NULL or live; each input must point to `n` readable
/// elements and each output to `n` writable ones; `error_rows_out` must be
/// NULL or point to a writable size_t.
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_classify_columns_threads(
    router: *const ws_router,
    threads: u32,
    n: usize,
    item: *const u32,
    reported_on: *const i32,
    flags: *const u16,
    parties: *const i32,
    repeat_count: *const i32,
    amount: *const f64,
    case_class: *mut u8,
    center: *mut u8,
    level: *mut u8,
    department: *mut u16,
    report_within_minutes: *mut u32,
    mediation: *mut u8,
    immediate_report: *mut u8,
    matched_rules: *mut u32,
    error: *mut u8,
    error_rows_out: *mut usize,
) -> ws_status {
    boundary(|| {
        // SAFETY: NULL or live (the caller's contract).
        let router = unsafe { crate::triage::router_ref(router) }?;
        disjoint(&[
            column(item, n, "item", false)?,
            column(reported_on, n, "reported_on", false)?,
            column(flags, n, "flags", false)?,
            column(parties, n, "parties", false)?,
            column(repeat_count, n, "repeat_count", false)?,
            column(amount, n, "amount", false)?,
            column(case_class.cast_const(), n, "case_class", true)?,
            column(center.cast_const(), n, "center", true)?,
            column(level.cast_const(), n, "level", true)?,
            column(department.cast_const(), n, "department", true)?,
            column(
                report_within_minutes.cast_const(),
                n,
                "report_within_minutes",
                true,
            )?,
            column(mediation.cast_const(), n, "mediation", true)?,
            column(immediate_report.cast_const(), n, "immediate_report", true)?,
            column(matched_rules.cast_const(), n, "matched_rules", true)?,
            column(error.cast_const(), n, "error", true)?,
            error_rows_column(error_rows_out)?,
        ])?;
        // SAFETY: every column checked above; readable / writable for `n`
        // elements by the caller's contract; outputs disjoint.
        let bad = unsafe {
            router.classify_batch_threads(
                CaseColumns {
                    item: input(item, n),
                    reported_on: input(reported_on, n),
                    flags: input(flags, n),
                    parties: input(parties, n),
                    repeat_count: input(repeat_count, n),
                    amount: input(amount, n),
                },
                DecisionColumns {
                    class: output(case_class, n),
                    center: output(center, n),
                    level: output(level, n),
                    department: output(department, n),
                    report_within_minutes: output(report_within_minutes, n),
                    mediation: output(mediation, n),
                    immediate_report: output(immediate_report, n),
                    matched_rules: output(matched_rules, n),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triage::{
        ws_case, ws_classify_batch, ws_decision, ws_router_default, ws_router_free,
    };
    use crate::visit::{WS_NO_DATE, ws_resident, ws_visit_result, ws_visit_status_batch};
    use wangshi_core::ErrorCode;
    use wangshi_core::date::parse_date;
    use wangshi_testkit::rng::SplitMix64;

    /// Output columns of a visit batch.
    #[derive(Default)]
    struct VisitCols {
        state: Vec<u8>,
        period_start: Vec<i32>,
        period_end: Vec<i32>,
        due: Vec<i32>,
        days_left: Vec<i32>,
        missed: Vec<u32>,
        alert: Vec<u8>,
        error: Vec<u8>,
    }

    impl VisitCols {
        fn new(n: usize) -> VisitCols {
            VisitCols {
                state: vec![9; n],
                period_start: vec![9; n],
                period_end: vec![9; n],
                due: vec![9; n],
                days_left: vec![9; n],
                missed: vec![9; n],
                alert: vec![9; n],
                error: vec![9; n],
            }
        }

        /// # Safety
        /// `policy` live; `tier`, `since`, `last` of length `n`.
        unsafe fn run(
            &mut self,
            policy: *const ws_policy,
            as_of: i32,
            n: usize,
            input: (*const u8, *const i32, *const i32),
            bad: &mut usize,
        ) -> ws_status {
            // SAFETY: the caller's contract; own columns of length n.
            unsafe {
                ws_visit_status_columns(
                    policy,
                    as_of,
                    n,
                    input.0,
                    input.1,
                    input.2,
                    self.state.as_mut_ptr(),
                    self.period_start.as_mut_ptr(),
                    self.period_end.as_mut_ptr(),
                    self.due.as_mut_ptr(),
                    self.days_left.as_mut_ptr(),
                    self.missed.as_mut_ptr(),
                    self.alert.as_mut_ptr(),
                    self.error.as_mut_ptr(),
                    bad,
                )
            }
        }
    }

    fn policy() -> *mut ws_policy {
        let mut p = std::ptr::null_mut();
        // SAFETY: a local out pointer.
        assert_eq!(unsafe { crate::ws_policy_default(&mut p) }, ws_status::Ok);
        p
    }

    #[test]
    fn visit_columns_agree_with_the_struct_batch_row_for_row() {
        let p = policy();
        let mut g = SplitMix64::new(7);
        let as_of = parse_date("2026-11-26").unwrap();
        let n = 3000;
        let rows: Vec<ws_resident> = (0..n)
            .map(|_| {
                let since = as_of - g.below(900) as i32 + 5;
                ws_resident {
                    tier: g.below(6) as u8,
                    tier_since: if g.below(50) == 0 { 300_000 } else { since },
                    last_visit: match g.below(8) {
                        0 => WS_NO_DATE,
                        1 => as_of + 3,
                        _ => since + g.below(300) as i32,
                    },
                }
            })
            .collect();
        let sentinel = ws_visit_result {
            status: ws_status::Error,
            state: crate::ws_visit_state::None,
            alert: crate::ws_alert::None,
            period_start: 9,
            period_end: 9,
            due: 9,
            days_left: 9,
            missed_periods: 9,
        };
        let mut want = vec![sentinel; n];
        let mut cols = VisitCols::new(n);
        let tier: Vec<u8> = rows.iter().map(|r| r.tier).collect();
        let since: Vec<i32> = rows.iter().map(|r| r.tier_since).collect();
        let last: Vec<i32> = rows.iter().map(|r| r.last_visit).collect();
        let mut bad = usize::MAX;
        // SAFETY: live vectors of length n.
        unsafe {
            assert_eq!(
                ws_visit_status_batch(p, rows.as_ptr(), n, as_of, want.as_mut_ptr()),
                ws_status::Ok
            );
            let s = cols.run(
                p,
                as_of,
                n,
                (tier.as_ptr(), since.as_ptr(), last.as_ptr()),
                &mut bad,
            );
            assert_eq!(s, ws_status::Ok);
        }
        let mut errors = 0;
        for (i, w) in want.iter().enumerate() {
            let status = match cols.error[i] {
                0 => ws_status::Ok,
                e => {
                    errors += 1;
                    ws_status::from_code(ErrorCode::from_u8(e).unwrap())
                }
            };
            assert_eq!(
                (
                    status,
                    cols.state[i],
                    cols.alert[i],
                    cols.period_start[i],
                    cols.period_end[i],
                    cols.due[i],
                    cols.days_left[i],
                    cols.missed[i]
                ),
                (
                    w.status,
                    w.state as u8,
                    w.alert as u8,
                    w.period_start,
                    w.period_end,
                    w.due,
                    w.days_left,
                    w.missed_periods
                ),
                "row {i}: {:?}",
                rows[i]
            );
        }
        assert_eq!(bad, errors);
        assert!(errors > 0 && errors < n * 3 / 4, "{errors}");
        // SAFETY: from ws_policy_default.
        unsafe { crate::ws_policy_free(p) };
    }

    #[test]
    fn visit_columns_refuse_bad_arguments_and_write_nothing() {
        let p = policy();
        let tier = [0u8; 4];
        let days = [20_000i32; 4];
        let mut cols = VisitCols::new(4);
        let mut bad = 42usize;
        let input = (tier.as_ptr(), days.as_ptr(), days.as_ptr());
        // SAFETY: live buffers of length 4, or arguments refused before use.
        unsafe {
            assert_eq!(
                cols.run(std::ptr::null(), 20_000, 4, input, &mut bad),
                ws_status::NullArgument
            );
            assert_eq!(
                cols.run(p, 20_000, 4, (std::ptr::null(), input.1, input.2), &mut bad),
                ws_status::NullArgument
            );
            assert_eq!(
                cols.run(p, 1_000_000, 4, input, &mut bad),
                ws_status::InvalidDate
            );
            let misaligned = days.as_ptr().cast::<u8>().add(1).cast::<i32>();
            assert_eq!(
                cols.run(p, 20_000, 1, (input.0, misaligned, input.2), &mut bad),
                ws_status::InvalidBuffer
            );
            assert_eq!(
                cols.run(p, 20_000, usize::MAX / 2, input, &mut bad),
                ws_status::InputTooLarge
            );
            // An output that is also an input.
            let due = cols.due.as_mut_ptr();
            assert_eq!(
                cols.run(p, 20_000, 4, (input.0, due, input.2), &mut bad),
                ws_status::InvalidBuffer
            );
            assert!(
                last_error().contains("tier_since and due overlap"),
                "{}",
                last_error()
            );
            // Two outputs on one buffer.
            let mut shared = vec![0i32; 4];
            let s = ws_visit_status_columns(
                p,
                20_000,
                4,
                input.0,
                input.1,
                input.2,
                cols.state.as_mut_ptr(),
                shared.as_mut_ptr(),
                shared.as_mut_ptr(),
                cols.due.as_mut_ptr(),
                cols.days_left.as_mut_ptr(),
                cols.missed.as_mut_ptr(),
                cols.alert.as_mut_ptr(),
                cols.error.as_mut_ptr(),
                &mut bad,
            );
            assert_eq!(s, ws_status::InvalidBuffer);
            // Inputs may share memory: they are only read.
            assert_eq!(cols.run(p, 20_000, 0, input, &mut bad), ws_status::Ok);
            assert_eq!(bad, 0);
            crate::ws_policy_free(p);
        }
        assert!(cols.state.iter().all(|&s| s == 9) && cols.due.iter().all(|&d| d == 9));
    }

    fn last_error() -> String {
        // SAFETY: the thread's NUL-terminated last error.
        let m = unsafe { std::ffi::CStr::from_ptr(crate::ws_last_error_message()) };
        m.to_str().unwrap().to_owned()
    }

    #[test]
    fn classify_columns_agree_with_the_struct_batch_row_for_row() {
        let mut r = std::ptr::null_mut();
        // SAFETY: a local out pointer; the router is freed at the end.
        assert_eq!(unsafe { ws_router_default(&mut r) }, ws_status::Ok);
        // SAFETY: live until freed.
        let core = unsafe { &(*r).0 };
        let day = parse_date("2026-11-01").unwrap();
        let c = wangshi_testkit::triage::cases(core.catalog(), 4000, day - 1500, day, 5);
        let n = c.len();
        let mut item = c.item.clone();
        let mut amount = c.amount.clone();
        item[7] = 9999; // unknown item
        amount[11] = -1.0; // invalid value
        let cases: Vec<ws_case> = (0..n)
            .map(|i| ws_case {
                amount: amount[i],
                item: item[i],
                reported_on: c.reported_on[i],
                parties: c.parties[i],
                repeat_count: c.repeat_count[i],
                flags: c.flags[i],
            })
            .collect();
        let mut want = vec![
            ws_decision {
                status: ws_status::Error,
                matched_rules: 9,
                report_within_minutes: 9,
                department: 9,
                case_class: crate::ws_case_class::None,
                center: crate::ws_center::None,
                level: crate::ws_level::None,
                mediation: 9,
                immediate_report: 9,
            };
            n
        ];
        let (mut class, mut center, mut level) = (vec![9u8; n], vec![9u8; n], vec![9u8; n]);
        let (mut dept, mut minutes) = (vec![9u16; n], vec![9u32; n]);
        let (mut med, mut imm, mut rules, mut err) =
            (vec![9u8; n], vec![9u8; n], vec![9u32; n], vec![9u8; n]);
        let mut bad = 0usize;
        // SAFETY: live vectors of length n.
        unsafe {
            assert_eq!(
                ws_classify_batch(r, cases.as_ptr(), n, want.as_mut_ptr()),
                ws_status::Ok
            );
            let s = ws_classify_columns(
                r,
                n,
                item.as_ptr(),
                c.reported_on.as_ptr(),
                c.flags.as_ptr(),
                c.parties.as_ptr(),
                c.repeat_count.as_ptr(),
                amount.as_ptr(),
                class.as_mut_ptr(),
                center.as_mut_ptr(),
                level.as_mut_ptr(),
                dept.as_mut_ptr(),
                minutes.as_mut_ptr(),
                med.as_mut_ptr(),
                imm.as_mut_ptr(),
                rules.as_mut_ptr(),
                err.as_mut_ptr(),
                &mut bad,
            );
            assert_eq!(s, ws_status::Ok);
        }
        let mut errors = 0;
        for (i, w) in want.iter().enumerate() {
            let status = match err[i] {
                0 => ws_status::Ok,
                e => {
                    errors += 1;
                    ws_status::from_code(ErrorCode::from_u8(e).unwrap())
                }
            };
            assert_eq!(
                (
                    status, class[i], center[i], level[i], dept[i], minutes[i], med[i], imm[i],
                    rules[i]
                ),
                (
                    w.status,
                    w.case_class as u8,
                    w.center as u8,
                    w.level as u8,
                    w.department,
                    w.report_within_minutes,
                    w.mediation,
                    w.immediate_report,
                    w.matched_rules
                ),
                "row {i}"
            );
        }
        assert_eq!(bad, errors);
        assert_eq!(err[7], ErrorCode::UnknownItem as u8);
        assert_eq!(err[11], ErrorCode::InvalidValue as u8);
        // SAFETY: from ws_router_default.
        unsafe { ws_router_free(r) };
    }
}
