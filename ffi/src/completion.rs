//! Visit completion (每月一考核 走访完成率): `ws_completion_columns` over a
//! residents table and a separate visits table, on the core's
//! `wangshi_core::assessment::completion_batch` — the columnar form of the
//! JSON op `visit.completion`.

use crate::columns::{column, disjoint, input, output};
use crate::policy::ws_policy;
use crate::status::{boundary, fail_with, ws_status};
use crate::threads::threads_of;
use std::mem::MaybeUninit;
use wangshi_core::assessment::{
    CompletionColumns, CompletionGroup, CompletionResidents, NO_GROUP, VisitTable,
    completion_batch_threads,
};
use wangshi_core::{Error, ErrorCode};

/// The `worker` / `grid` index of a resident in no group of that kind.
pub const WS_NO_GROUP: u32 = u32::MAX;
const _: () = assert!(WS_NO_GROUP == NO_GROUP);

/// The `rate` of a ws_completion_group with nothing required.
pub const WS_NO_RATE: i32 = -1;

/// The visit completion of a group of residents: one worker's, one grid's,
/// one tier's, or all of them.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ws_completion_group {
    /// Valid residents counted in the group (also those with nothing
    /// required). 0: no valid resident names this group, and
    /// `visit.completion` would not list it.
    pub residents: u64,
    /// Visit obligations of the group in the range.
    pub required: u64,
    /// Obligations met by a visit (never more than `required`).
    pub met: u64,
    /// met / required, computed exactly and rounded half to even to 4
    /// decimals, in ten-thousandths (6667 is 0.6667, 10000 is 1.0);
    /// WS_NO_RATE when `required` is 0.
    pub rate: i32,
}

impl From<&CompletionGroup> for ws_completion_group {
    fn from(g: &CompletionGroup) -> ws_completion_group {
        ws_completion_group {
            residents: g.residents,
            required: g.required,
            met: g.met,
            rate: g.rate().map_or(WS_NO_RATE, |r| {
                i32::try_from(r.ten_thousandths()).unwrap_or(i32::MAX)
            }),
        }
    }
}

/// What ws_completion_columns() says besides its columns.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ws_completion_summary {
    /// Every valid resident.
    pub total: ws_completion_group,
    /// Residents with an error.
    pub error_rows: usize,
    /// Visits naming no resident (an index at or beyond the number of
    /// residents); they are otherwise ignored.
    pub orphan_visits: usize,
    /// The first visits row naming no resident; SIZE_MAX when none does.
    pub first_orphan: usize,
}

/// Writes converted groups into a caller's array.
fn give_groups(groups: &[CompletionGroup], out: &mut [MaybeUninit<ws_completion_group>]) {
    for (o, g) in out.iter_mut().zip(groups) {
        o.write(g.into());
    }
}

/// An output array of `n` structs, lent as `MaybeUninit` (a caller's
/// uninitialised buffer is fine: every element is written).
///
/// # Safety
/// `p` passed [`column`] for `n`, points to `n` writable elements, and
/// overlaps no other array of the call.
unsafe fn output_uninit<'a, T>(p: *mut T, n: usize) -> &'a mut [MaybeUninit<T>] {
    if n == 0 {
        return &mut [];
    }
    // SAFETY: the caller's contract; MaybeUninit<T> has T's layout.
    unsafe { std::slice::from_raw_parts_mut(p.cast::<MaybeUninit<T>>(), n) }
}

/// Visit completion over `[from, to]` (days since 1970-01-01) of `n`
/// residents and `visits` visits, given as columns: per resident its
/// obligations in the range and how many were met, and the sums by worker,
/// grid and tier — the columnar form of the JSON op `visit.completion`,
/// with the same rules and per-row codes.
///
/// An obligation is a required period (after the grace period, the period
/// containing `tier_since`) whose last day lies in the range — a week
/// spanning two months counts in the month where it ends — or, for a
/// rolling cadence every n days, a due date tier_since + k·n (k >= 1) in
/// the range. A calendar obligation is met by a visit inside its period
/// (also before `from`); rolling obligation k by a visit in
/// (tier_since + (k-1)·n, tier_since + k·n]. Other visits are ignored;
/// visits need not be sorted and may repeat.
///
/// Residents, `n` elements each: `tier` (ws_policy_tier_index(); WS_NO_TIER
/// for none, which is the row's missing_field; another index the policy does
/// not have is its unknown_tier), `tier_since` (days; WS_NO_DATE for none:
/// missing_field), `worker` and `grid` (indices 0..workers-1 and
/// 0..grids-1 into `by_worker` / `by_grid`, numbered by the caller; WS_NO_GROUP
/// for none; another index is the row's invalid_value). `worker` or `grid`
/// may be NULL: no resident has one.
///
/// Visits, `visits` elements each, in any order: `visit_resident` (the
/// resident's row; a row at or beyond `n` is an orphan visit, counted in
/// the summary and otherwise ignored) and `visit_day` (days; a day outside
/// 1900..2199, WS_NO_DATE included, is its resident's invalid_date).
///
/// Outputs, every element written: `required`, `met` and `error` (`n`
/// each; 0, 0 and the error code n of status 100 + n on an error row,
/// decided in the JSON op's order: tier missing, tier_since, worker, grid,
/// a visit's day, then the tier lookup; ws_code_str("error", n) names it);
/// `by_worker` (`workers` groups), `by_grid` (`grids` groups), `by_tier`
/// (`tiers` groups: exactly ws_policy_tier_count(), in policy order). A
/// resident with an error counts in no group. When `summary_out` is not
/// NULL it receives the total, the error rows and the orphan visits.
///
/// Returns WS_STATUS_OK when everything was written; WS_STATUS_NULL_ARGUMENT
/// (arrays may be NULL only when their length is 0, `worker` and `grid`
/// always); WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_INVALID_BUFFER when an
/// array is misaligned or an output overlaps another array;
/// WS_STATUS_INVALID_DATE when `from` or `to` is outside 1900..2199;
/// WS_STATUS_INVALID_RANGE when `from` > `to`; WS_STATUS_INVALID_VALUE when
/// `tiers` is not the policy's tier count. On every status but WS_STATUS_OK
/// nothing is written.
///
/// Time and memory are linear in the input (working memory of about 32
/// bytes per resident and 4 per visit); nothing is allocated per row.
/// Thread-safe: threads may run batches against one policy at once (each
/// with its own outputs).
///
/// # Safety
/// `policy` must be NULL or a live policy; each input must be NULL (where
/// allowed) or point to its number of readable elements, each output to its
/// number of writable ones; `summary_out` must be NULL or point to a
/// writable ws_completion_summary.
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_completion_columns(
    policy: *const ws_policy,
    from: i32,
    to: i32,
    n: usize,
    tier: *const u8,
    tier_since: *const i32,
    worker: *const u32,
    grid: *const u32,
    visits: usize,
    visit_resident: *const u32,
    visit_day: *const i32,
    required: *mut u32,
    met: *mut u32,
    error: *mut u8,
    by_worker: *mut ws_completion_group,
    workers: usize,
    by_grid: *mut ws_completion_group,
    grids: usize,
    by_tier: *mut ws_completion_group,
    tiers: usize,
    summary_out: *mut ws_completion_summary,
) -> ws_status {
    // SAFETY: the caller's contract, passed on.
    unsafe {
        ws_completion_columns_threads(
            policy,
            1,
            from,
            to,
            n,
            tier,
            tier_since,
            worker,
            grid,
            visits,
            visit_resident,
            visit_day,
            required,
            met,
            error,
            by_worker,
            workers,
            by_grid,
            grids,
            by_tier,
            tiers,
            summary_out,
        )
    }
}

/// ws_completion_columns() on up to `threads` threads, with the same
/// arguments, statuses and outputs.
///
/// `threads`: 0 for one thread per core the process may use, 1 for the
/// calling thread alone (what ws_completion_columns() does), n for up to n.
/// The visits are cut into contiguous ranges, one per thread, and then the
/// residents into ranges of whole blocks of 8192, each range of at least
/// WS_MIN_ROWS_PER_THREAD rows (a smaller table runs on the calling thread
/// alone); the columns, groups and summary are the same for every thread
/// count. Each thread keeps its own groups while it runs (`workers + grids +
/// tiers` groups of 24 bytes).
///
/// # Safety
/// `policy` must be NULL or a live policy; each input must be NULL (where
/// allowed) or point to its number of readable elements, each output to its
/// number of writable ones; `summary_out` must be NULL or point to a
/// writable ws_completion_summary.
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_completion_columns_threads(
    policy: *const ws_policy,
    threads: u32,
    from: i32,
    to: i32,
    n: usize,
    tier: *const u8,
    tier_since: *const i32,
    worker: *const u32,
    grid: *const u32,
    visits: usize,
    visit_resident: *const u32,
    visit_day: *const i32,
    required: *mut u32,
    met: *mut u32,
    error: *mut u8,
    by_worker: *mut ws_completion_group,
    workers: usize,
    by_grid: *mut ws_completion_group,
    grids: usize,
    by_tier: *mut ws_completion_group,
    tiers: usize,
    summary_out: *mut ws_completion_summary,
) -> ws_status {
    boundary(|| {
        // SAFETY: NULL or live (the caller's contract).
        let policy = unsafe { crate::policy::policy_ref(policy) }?;
        // An absent worker or grid column is an empty one.
        let optional = |p: *const u32| if p.is_null() { 0 } else { n };
        let (n_worker, n_grid) = (optional(worker), optional(grid));
        let mut arrays = vec![
            column(tier, n, "tier", false)?,
            column(tier_since, n, "tier_since", false)?,
            column(worker, n_worker, "worker", false)?,
            column(grid, n_grid, "grid", false)?,
            column(visit_resident, visits, "visit_resident", false)?,
            column(visit_day, visits, "visit_day", false)?,
            column(required.cast_const(), n, "required", true)?,
            column(met.cast_const(), n, "met", true)?,
            column(error.cast_const(), n, "error", true)?,
            column(by_worker.cast_const(), workers, "by_worker", true)?,
            column(by_grid.cast_const(), grids, "by_grid", true)?,
            column(by_tier.cast_const(), tiers, "by_tier", true)?,
        ];
        let has_summary = !summary_out.is_null();
        if has_summary {
            arrays.push(column(summary_out.cast_const(), 1, "summary_out", true)?);
        }
        disjoint(&arrays)?;
        if tiers != policy.tiers().len() {
            return Err(fail_with(
                &Error::new(
                    ErrorCode::InvalidValue,
                    format!(
                        "by_tier has {tiers} groups; the policy has {} tiers (ws_policy_tier_count())",
                        policy.tiers().len()
                    ),
                )
                .at("by_tier"),
            ));
        }
        // The core's groups, converted into the caller's arrays afterwards.
        let mut w = vec![CompletionGroup::default(); workers];
        let mut g = vec![CompletionGroup::default(); grids];
        let mut t = vec![CompletionGroup::default(); tiers];
        // SAFETY: every array checked above; readable / writable for its
        // length by the caller's contract; outputs disjoint from all others.
        let summary = unsafe {
            completion_batch_threads(
                policy,
                from,
                to,
                CompletionResidents {
                    tier: input(tier, n),
                    tier_since: input(tier_since, n),
                    worker: input(worker, n_worker),
                    grid: input(grid, n_grid),
                },
                VisitTable {
                    resident: input(visit_resident, visits),
                    day: input(visit_day, visits),
                },
                CompletionColumns {
                    required: output(required, n),
                    met: output(met, n),
                    error: output(error, n),
                    by_worker: &mut w,
                    by_grid: &mut g,
                    by_tier: &mut t,
                },
                threads_of(threads),
            )
        }
        .map_err(|e| fail_with(&e))?;
        // SAFETY: as above.
        unsafe {
            give_groups(&w, output_uninit(by_worker, workers));
            give_groups(&g, output_uninit(by_grid, grids));
            give_groups(&t, output_uninit(by_tier, tiers));
        }
        if has_summary {
            let s = ws_completion_summary {
                total: (&summary.total).into(),
                error_rows: summary.error_rows,
                orphan_visits: summary.orphan_visits,
                first_orphan: summary.first_orphan.unwrap_or(usize::MAX),
            };
            // SAFETY: non-NULL, aligned, writable (checked; the caller's
            // contract).
            unsafe { summary_out.write(s) };
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use wangshi_core::assessment::{CompletionOutput, completion_batch};
    use wangshi_core::date::{NO_DATE, parse_date};
    use wangshi_testkit::rng::SplitMix64;

    fn policy() -> *mut ws_policy {
        let mut p = std::ptr::null_mut();
        // SAFETY: a local out pointer.
        assert_eq!(unsafe { crate::ws_policy_default(&mut p) }, ws_status::Ok);
        p
    }

    const EMPTY: ws_completion_group = ws_completion_group {
        residents: 9,
        required: 9,
        met: 9,
        rate: 9,
    };

    #[test]
    fn columns_agree_with_the_core_batch() {
        let p = policy();
        let mut rng = SplitMix64::new(3);
        let (from, to) = (
            parse_date("2026-11-01").unwrap(),
            parse_date("2026-11-30").unwrap(),
        );
        let n = 5000;
        let tier: Vec<u8> = (0..n).map(|_| rng.below(6) as u8).collect();
        let since: Vec<i32> = (0..n)
            .map(|_| match rng.below(40) {
                0 => NO_DATE,
                _ => from - 400 + rng.below(440) as i32,
            })
            .collect();
        let worker: Vec<u32> = (0..n).map(|_| rng.below(8)).collect();
        let grid: Vec<u32> = (0..n)
            .map(|_| {
                if rng.chance(10) {
                    NO_GROUP
                } else {
                    rng.below(3)
                }
            })
            .collect();
        let m = 40_000;
        let vr: Vec<u32> = (0..m).map(|_| rng.below(n as u32 + 5)).collect();
        let vd: Vec<i32> = (0..m).map(|_| from - 10 + rng.below(45) as i32).collect();
        let mut want = CompletionOutput::new(n, 8, 3, 4);
        let s = completion_batch(
            // SAFETY: a live policy.
            unsafe { &(*p).0 },
            from,
            to,
            CompletionResidents {
                tier: &tier,
                tier_since: &since,
                worker: &worker,
                grid: &grid,
            },
            VisitTable {
                resident: &vr,
                day: &vd,
            },
            want.columns(),
        )
        .unwrap();
        let (mut req, mut met, mut err) = (vec![7u32; n], vec![7u32; n], vec![7u8; n]);
        let (mut bw, mut bg, mut bt) = ([EMPTY; 8], [EMPTY; 3], [EMPTY; 4]);
        let mut summary = ws_completion_summary {
            total: EMPTY,
            error_rows: 9,
            orphan_visits: 9,
            first_orphan: 9,
        };
        // SAFETY: every array of its stated length, disjoint.
        let status = unsafe {
            ws_completion_columns(
                p,
                from,
                to,
                n,
                tier.as_ptr(),
                since.as_ptr(),
                worker.as_ptr(),
                grid.as_ptr(),
                m,
                vr.as_ptr(),
                vd.as_ptr(),
                req.as_mut_ptr(),
                met.as_mut_ptr(),
                err.as_mut_ptr(),
                bw.as_mut_ptr(),
                8,
                bg.as_mut_ptr(),
                3,
                bt.as_mut_ptr(),
                4,
                &mut summary,
            )
        };
        assert_eq!(status, ws_status::Ok);
        assert_eq!((&req, &met, &err), (&want.required, &want.met, &want.error));
        let conv =
            |g: &[CompletionGroup]| g.iter().map(ws_completion_group::from).collect::<Vec<_>>();
        assert_eq!(bw.to_vec(), conv(&want.by_worker));
        assert_eq!(bg.to_vec(), conv(&want.by_grid));
        assert_eq!(bt.to_vec(), conv(&want.by_tier));
        assert_eq!(summary.total, (&s.total).into());
        assert_eq!(
            (summary.error_rows, summary.orphan_visits),
            (s.error_rows, s.orphan_visits)
        );
        assert_eq!(Some(summary.first_orphan), s.first_orphan);
        assert!(s.error_rows > 0 && s.orphan_visits > 0 && s.total.met > 0);
        assert!(want.error.contains(&(ErrorCode::UnknownTier as u8)));
        // SAFETY: created above.
        unsafe { crate::ws_policy_free(p) };
    }

    #[test]
    fn bad_calls_write_nothing() {
        let p = policy();
        let (from, to) = (
            parse_date("2026-11-01").unwrap(),
            parse_date("2026-11-30").unwrap(),
        );
        let (tier, since) = ([0u8], [from - 100]);
        let (vr, vd) = ([0u32], [from]);
        let (mut req, mut met, mut err) = ([7u32], [7u32], [7u8]);
        let mut bt = [EMPTY; 4];
        let mut call = |from: i32,
                        to: i32,
                        tiers: usize,
                        vr: *const u32,
                        req: *mut u32,
                        bt: *mut ws_completion_group| {
            // SAFETY: arrays of the stated lengths (or NULL to be refused).
            unsafe {
                ws_completion_columns(
                    p,
                    from,
                    to,
                    1,
                    tier.as_ptr(),
                    since.as_ptr(),
                    std::ptr::null(),
                    std::ptr::null(),
                    1,
                    vr,
                    vd.as_ptr(),
                    req,
                    met.as_mut_ptr(),
                    err.as_mut_ptr(),
                    std::ptr::null_mut(),
                    0,
                    std::ptr::null_mut(),
                    0,
                    bt,
                    tiers,
                    std::ptr::null_mut(),
                )
            }
        };
        assert_eq!(
            call(to, from, 4, vr.as_ptr(), req.as_mut_ptr(), bt.as_mut_ptr()),
            ws_status::InvalidRange
        );
        assert_eq!(
            call(
                from,
                300_000,
                4,
                vr.as_ptr(),
                req.as_mut_ptr(),
                bt.as_mut_ptr()
            ),
            ws_status::InvalidDate
        );
        assert_eq!(
            call(from, to, 3, vr.as_ptr(), req.as_mut_ptr(), bt.as_mut_ptr()),
            ws_status::InvalidValue
        );
        assert_eq!(
            call(
                from,
                to,
                4,
                std::ptr::null(),
                req.as_mut_ptr(),
                bt.as_mut_ptr()
            ),
            ws_status::NullArgument
        );
        // An output on top of an input.
        assert_eq!(
            call(
                from,
                to,
                4,
                vr.as_ptr(),
                vr.as_ptr().cast_mut(),
                bt.as_mut_ptr()
            ),
            ws_status::InvalidBuffer
        );
        assert_eq!((req, bt[0]), ([7], EMPTY));
        assert_eq!(
            call(from, to, 4, vr.as_ptr(), req.as_mut_ptr(), bt.as_mut_ptr()),
            ws_status::Ok
        );
        assert_eq!((req[0], met[0], err[0]), (1, 1, 0));
        assert_eq!(
            bt[0],
            ws_completion_group {
                residents: 1,
                required: 1,
                met: 1,
                rate: 10_000
            }
        );
        assert_eq!(
            bt[1],
            ws_completion_group {
                residents: 0,
                required: 0,
                met: 0,
                rate: WS_NO_RATE
            }
        );
        // SAFETY: created above.
        unsafe { crate::ws_policy_free(p) };
    }
}
