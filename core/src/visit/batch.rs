//! The columnar batch API: slices of day numbers in, caller-provided columns
//! out, one error code per row. This is the path the C ABI and the Python
//! module call; it allocates nothing per row.

use super::policy::VisitPolicy;
use super::status::{RawStatus, VisitDay, VisitState};
use crate::date::NO_DATE;
use crate::error::{Error, ErrorCode};
use crate::threads::{SplitRows, Threads, count_rows};

/// Output columns of [`visit_status_batch`], all of the input's length.
///
/// Column encodings (stable, shared with the C ABI and Python):
/// - `state`: 1 done, 2 pending, 3 due_soon, 4 overdue; 0 for an error row.
/// - `period_start`, `period_end`, `due`: days since 1970-01-01;
///   [`NO_DATE`](crate::date::NO_DATE) for rolling cadences and error rows.
/// - `days_left`: days; 0 for error rows.
/// - `missed_periods`: count; 0 for error rows.
/// - `alert`: 0 none, 1 reminder, 2 warning, 3 escalation.
/// - `error`: 0 for a computed row, else the [`ErrorCode`] number.
#[derive(Debug)]
pub struct VisitColumns<'a> {
    /// State per row.
    pub state: &'a mut [u8],
    /// Current period's first day per row.
    pub period_start: &'a mut [i32],
    /// Current period's last day per row.
    pub period_end: &'a mut [i32],
    /// Due date per row.
    pub due: &'a mut [i32],
    /// Days left per row.
    pub days_left: &'a mut [i32],
    /// Missed periods per row.
    pub missed_periods: &'a mut [u32],
    /// Alert per row.
    pub alert: &'a mut [u8],
    /// Error code per row (0 = computed).
    pub error: &'a mut [u8],
}

impl SplitRows for VisitColumns<'_> {
    fn split_rows(self, mid: usize) -> (Self, Self) {
        let (state, state2) = self.state.split_at_mut(mid);
        let (period_start, period_start2) = self.period_start.split_at_mut(mid);
        let (period_end, period_end2) = self.period_end.split_at_mut(mid);
        let (due, due2) = self.due.split_at_mut(mid);
        let (days_left, days_left2) = self.days_left.split_at_mut(mid);
        let (missed_periods, missed_periods2) = self.missed_periods.split_at_mut(mid);
        let (alert, alert2) = self.alert.split_at_mut(mid);
        let (error, error2) = self.error.split_at_mut(mid);
        (
            VisitColumns {
                state,
                period_start,
                period_end,
                due,
                days_left,
                missed_periods,
                alert,
                error,
            },
            VisitColumns {
                state: state2,
                period_start: period_start2,
                period_end: period_end2,
                due: due2,
                days_left: days_left2,
                missed_periods: missed_periods2,
                alert: alert2,
                error: error2,
            },
        )
    }
}

impl VisitColumns<'_> {
    fn len_ok(&self, n: usize) -> bool {
        [
            self.state.len(),
            self.period_start.len(),
            self.period_end.len(),
            self.due.len(),
            self.days_left.len(),
            self.missed_periods.len(),
            self.alert.len(),
            self.error.len(),
        ]
        .iter()
        .all(|&l| l == n)
    }
}

/// Evaluates every resident of a columnar batch as of `as_of`.
///
/// Inputs are parallel slices: `tier` holds tier indices into
/// [`VisitPolicy::tiers`] (see [`VisitPolicy::tier_index`]), `tier_since` and
/// `last_visit` days since 1970-01-01. A bad row gets its error code in
/// `out.error` and the others are computed. Returns the number of rows with
/// an error.
///
/// Bindings say what a cell held with the core's sentinels, and the core
/// decides the row's code in the JSON op's order of checks
/// ([`VisitDay::evaluate`](super::VisitDay::evaluate)), so a row gives the
/// same code as the same resident through `visit.status`:
/// - `tier`: [`NO_TIER`](super::NO_TIER) for none (`missing_field`),
///   [`UNKNOWN_TIER`](super::UNKNOWN_TIER) for a code not in the policy
///   (`unknown_tier`);
/// - `tier_since`: [`NO_DATE`](crate::date::NO_DATE) for none
///   (`missing_field`); `last_visit`: `NO_DATE` for "never visited";
///   either: [`NOT_A_DATE`](crate::date::NOT_A_DATE) for a cell that is not
///   a date (`invalid_date`).
///
/// [`VisitDay::explain`](super::VisitDay::explain) gives an error row's
/// message and column.
///
/// # Errors
/// `invalid_date` when `as_of` is outside 1900–2199 and `invalid_value` when
/// the slices differ in length; in both cases nothing is written.
///
/// # Example
/// ```
/// use wangshi::visit::{VisitPolicy, VisitColumns, visit_status_batch};
/// use wangshi::date::{parse_date, NO_DATE};
/// let p = VisitPolicy::default();
/// let as_of = parse_date("2026-11-26")?;
/// let tier = [0u8, 3, 9];
/// let since = [parse_date("2026-01-05")?, parse_date("2026-11-20")?, 0];
/// let last = [parse_date("2026-11-03")?, NO_DATE, NO_DATE];
/// let (mut st, mut ps, mut pe, mut due, mut dl, mut m, mut al, mut err) =
///     ([0u8; 3], [0i32; 3], [0i32; 3], [0i32; 3], [0i32; 3], [0u32; 3], [0u8; 3], [0u8; 3]);
/// let bad = visit_status_batch(&p, as_of, &tier, &since, &last, VisitColumns {
///     state: &mut st, period_start: &mut ps, period_end: &mut pe, due: &mut due,
///     days_left: &mut dl, missed_periods: &mut m, alert: &mut al, error: &mut err })?;
/// assert_eq!(bad, 1);
/// assert_eq!(st, [1, 4, 0]);          // done, overdue, error
/// assert_eq!(m[1], 5);                // Nov 21–25 missed
/// assert_eq!(err[2], wangshi::ErrorCode::UnknownTier as u8);
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn visit_status_batch(
    policy: &VisitPolicy,
    as_of: i32,
    tier: &[u8],
    tier_since: &[i32],
    last_visit: &[i32],
    out: VisitColumns<'_>,
) -> Result<usize, Error> {
    visit_status_batch_threads(
        policy,
        as_of,
        tier,
        tier_since,
        last_visit,
        out,
        Threads::ONE,
    )
}

/// [`visit_status_batch`] on up to `threads` threads: the rows are cut into
/// contiguous ranges computed at once (see [`crate::threads`]), with the
/// same result for every thread count.
///
/// # Errors
/// As [`visit_status_batch`].
///
/// # Example
/// ```
/// use wangshi::visit::{VisitPolicy, VisitOutput, visit_status_batch, visit_status_batch_threads};
/// use wangshi::threads::Threads;
/// use wangshi::date::{parse_date, NO_DATE};
/// let p = VisitPolicy::default();
/// let as_of = parse_date("2026-11-26")?;
/// let n = 300_000;
/// let tier: Vec<u8> = (0..n).map(|i| (i % 5) as u8).collect(); // tier 4: unknown_tier
/// let since = vec![parse_date("2026-01-05")?; n];
/// let last: Vec<i32> = (0..n as i32).map(|i| if i % 3 == 0 { NO_DATE } else { as_of - i % 40 }).collect();
/// let (mut one, mut all) = (VisitOutput::new(n), VisitOutput::new(n));
/// let bad = visit_status_batch(&p, as_of, &tier, &since, &last, one.columns())?;
/// let bad_all = visit_status_batch_threads(&p, as_of, &tier, &since, &last, all.columns(), Threads::All)?;
/// assert_eq!((bad, bad_all), (n / 5, n / 5));
/// assert_eq!(one, all);
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn visit_status_batch_threads(
    policy: &VisitPolicy,
    as_of: i32,
    tier: &[u8],
    tier_since: &[i32],
    last_visit: &[i32],
    out: VisitColumns<'_>,
    threads: Threads,
) -> Result<usize, Error> {
    let n = tier.len();
    if tier_since.len() != n || last_visit.len() != n || !out.len_ok(n) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            format!(
                "batch columns differ in length: tier {n}, tier_since {}, last_visit {}, outputs {}",
                tier_since.len(),
                last_visit.len(),
                out.state.len()
            ),
        ));
    }
    let day = policy.on_day(as_of).map_err(|e| e.at("as_of"))?;
    Ok(count_rows(n, threads, out, |r, part| {
        evaluate_rows(
            &day,
            &tier[r.clone()],
            &tier_since[r.clone()],
            &last_visit[r],
            part,
        )
    }))
}

/// One range of a batch: the rows of `tier` … into `out` (of the same
/// length); returns the number of error rows.
fn evaluate_rows(
    day: &VisitDay,
    tier: &[u8],
    tier_since: &[i32],
    last_visit: &[i32],
    out: VisitColumns<'_>,
) -> usize {
    let n = tier.len();
    // Reslice everything to `n` so the loop below carries no bounds checks.
    let (tier, tier_since, last_visit) = (&tier[..n], &tier_since[..n], &last_visit[..n]);
    let state = &mut out.state[..n];
    let period_start = &mut out.period_start[..n];
    let period_end = &mut out.period_end[..n];
    let due = &mut out.due[..n];
    let days_left = &mut out.days_left[..n];
    let missed = &mut out.missed_periods[..n];
    let alert = &mut out.alert[..n];
    let error = &mut out.error[..n];
    let mut bad = 0;
    for i in 0..n {
        let (s, e) = match day.evaluate(tier[i], tier_since[i], last_visit[i]) {
            Ok(s) => (s, 0),
            Err(code) => {
                bad += 1;
                (ERROR_ROW, code as u8)
            }
        };
        state[i] = if e == 0 { s.state as u8 } else { 0 };
        period_start[i] = s.period_start;
        period_end[i] = s.period_end;
        due[i] = s.due;
        days_left[i] = s.days_left;
        missed[i] = s.missed_periods;
        alert[i] = s.alert.map_or(0, |a| a as u8);
        error[i] = e;
    }
    bad
}

/// What an error row's columns hold (its state is written as 0).
const ERROR_ROW: RawStatus = RawStatus {
    state: VisitState::Done,
    period_start: NO_DATE,
    period_end: NO_DATE,
    due: NO_DATE,
    days_left: 0,
    missed_periods: 0,
    alert: None,
};

/// Owned output columns of a visit batch: allocate once with
/// [`VisitOutput::new`], lend them with [`VisitOutput::columns`].
///
/// # Example
/// ```
/// use wangshi::visit::{VisitPolicy, VisitOutput, visit_status_batch};
/// use wangshi::date::{parse_date, NO_DATE};
/// let mut out = VisitOutput::new(2);
/// let since = [parse_date("2026-01-05")?; 2];
/// visit_status_batch(&VisitPolicy::default(), parse_date("2026-11-26")?, &[0, 0], &since,
///     &[parse_date("2026-11-03")?, NO_DATE], out.columns())?;
/// assert_eq!(out.state, [1, 4]); // done, overdue
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitOutput {
    /// State per row.
    pub state: Vec<u8>,
    /// Current period's first day per row.
    pub period_start: Vec<i32>,
    /// Current period's last day per row.
    pub period_end: Vec<i32>,
    /// Due date per row.
    pub due: Vec<i32>,
    /// Days left per row.
    pub days_left: Vec<i32>,
    /// Missed periods per row.
    pub missed_periods: Vec<u32>,
    /// Alert per row.
    pub alert: Vec<u8>,
    /// Error code per row (0 = computed).
    pub error: Vec<u8>,
}

impl VisitOutput {
    /// Zeroed columns for `n` rows.
    pub fn new(n: usize) -> VisitOutput {
        VisitOutput {
            state: vec![0; n],
            period_start: vec![0; n],
            period_end: vec![0; n],
            due: vec![0; n],
            days_left: vec![0; n],
            missed_periods: vec![0; n],
            alert: vec![0; n],
            error: vec![0; n],
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.state.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.state.is_empty()
    }

    /// The columns, lent to [`visit_status_batch`].
    pub fn columns(&mut self) -> VisitColumns<'_> {
        VisitColumns {
            state: &mut self.state,
            period_start: &mut self.period_start,
            period_end: &mut self.period_end,
            due: &mut self.due,
            days_left: &mut self.days_left,
            missed_periods: &mut self.missed_periods,
            alert: &mut self.alert,
            error: &mut self.error,
        }
    }
}
