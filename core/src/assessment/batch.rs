//! The columnar completion batch: a county's month from a residents table
//! and a separate visits table, in linear time and memory, with no
//! allocation per row.
//!
//! How it runs: two passes over the visits, in any order, partition those
//! that can meet an obligation (or carry a day that is not a date) by
//! block of 8192 residents, each packed into 4 bytes. Then, block by
//! block, each resident's obligation window is computed (a few integers in
//! a 32-byte slot), the block's visits mark the obligation they meet in
//! their resident's 64-bit mask while the block's slots stay in the cache
//! (a random walk over a million slots would miss the cache on nearly every
//! visit), and the block's columns are written and its groups summed. A
//! resident with more than 64 obligations (a long range) has its visits'
//! obligations collected, sorted and counted instead. With threads
//! ([`completion_batch_threads`]) each pass runs on contiguous ranges at
//! once: ranges of visits, then ranges of whole blocks.

use super::completion::{CompletionGroup, CompletionRange, Window};
use crate::date::{MAX_DAY, MIN_DAY, NO_DATE, in_range};
use crate::error::{Error, ErrorCode};
use crate::threads::{Threads, cut, cut_rows, run_parts};
use crate::visit::VisitPolicy;

/// The group index of a resident with no worker (or no grid): it counts in
/// no group of that kind.
///
/// # Example
/// ```
/// use wangshi::assessment::{CompletionOutput, CompletionResidents, VisitTable, completion_batch, NO_GROUP};
/// use wangshi::{visit::VisitPolicy, date::parse_date};
/// let p = VisitPolicy::default();
/// let mut out = CompletionOutput::new(2, 1, 0, 4);
/// let residents = CompletionResidents { tier: &[0, 0], tier_since: &[parse_date("2026-01-01")?; 2],
///     worker: &[0, NO_GROUP], grid: &[] };
/// let visits = VisitTable { resident: &[], day: &[] };
/// completion_batch(&p, parse_date("2026-11-01")?, parse_date("2026-11-30")?, residents, visits,
///     out.columns())?;
/// assert_eq!((out.by_worker[0].residents, out.by_tier[0].residents), (1, 2));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub const NO_GROUP: u32 = u32::MAX;

// The tier sentinels of the visit batch: `NO_TIER` (a null cell) is the
// row's `missing_field`; any other index at or beyond the policy's tier
// count, `UNKNOWN_TIER` included, is its `unknown_tier`.
use crate::visit::NO_TIER;

/// The residents table of [`completion_batch`]: parallel columns, one
/// element per resident.
///
/// - `tier`: tier indices into [`VisitPolicy::tiers`]
///   ([`VisitPolicy::tier_index`]); 255 for none (`missing_field`), any
///   other index the policy does not have for a code it does not know
///   (`unknown_tier`).
/// - `tier_since`: days since 1970-01-01; [`NO_DATE`] for none
///   (`missing_field`), any other day outside 1900–2199 `invalid_date`.
/// - `worker`, `grid`: group indices `0..k` into the output's `by_worker`
///   / `by_grid` (the caller numbers its worker and grid ids), or
///   [`NO_GROUP`] for none; an index at or beyond `k` is the row's
///   `invalid_value`. Either column may be empty: nobody has one.
///
/// # Example
/// ```
/// use wangshi::assessment::CompletionResidents;
/// let since = [wangshi::date::parse_date("2026-01-01")?; 3];
/// // green, red, and a resident with no tier (255: its missing_field).
/// let r = CompletionResidents { tier: &[0, 3, 255], tier_since: &since, worker: &[], grid: &[] };
/// assert_eq!(r.tier.len(), r.tier_since.len());
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CompletionResidents<'a> {
    /// Tier index per resident.
    pub tier: &'a [u8],
    /// `tier_since` per resident.
    pub tier_since: &'a [i32],
    /// Worker index per resident (or empty).
    pub worker: &'a [u32],
    /// Grid index per resident (or empty).
    pub grid: &'a [u32],
}

/// The visits table of [`completion_batch`]: one element per visit, in any
/// order, repeats allowed.
///
/// - `resident`: the visited resident's row in the residents table. A row
///   naming no resident (an index at or beyond the number of residents) is
///   an *orphan* visit: counted in [`CompletionSummary::orphan_visits`]
///   (with the first such row in [`CompletionSummary::first_orphan`]) and
///   otherwise ignored — there is no resident to carry its error.
/// - `day`: days since 1970-01-01; a day outside 1900–2199 (including
///   [`NO_DATE`]) is its resident's `invalid_date`, as a bad date in a
///   resident's `visits` is in `visit.completion`.
///
/// # Example
/// ```
/// use wangshi::assessment::VisitTable;
/// use wangshi::date::{parse_date, NO_DATE};
/// // Resident 1 visited twice (repeats are fine), resident 0 on no date.
/// let day = [parse_date("2026-11-03")?, parse_date("2026-11-03")?, NO_DATE];
/// let v = VisitTable { resident: &[1, 1, 0], day: &day };
/// assert_eq!(v.resident.len(), v.day.len());
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct VisitTable<'a> {
    /// Resident row per visit.
    pub resident: &'a [u32],
    /// Visit day per visit.
    pub day: &'a [i32],
}

/// The output of [`completion_batch`]: per-resident columns of the
/// residents table's length, and the groups.
///
/// - `required`, `met`: the resident's obligations and how many were met;
///   0 on an error row.
/// - `error`: 0 for a computed row, else the [`ErrorCode`] number, decided
///   in `visit.completion`'s order of checks: `tier` missing, `tier_since`
///   missing or invalid, `worker`, `grid`, a visit's day, then the tier
///   lookup.
/// - `by_worker`, `by_grid`: one group per worker / grid index (their
///   lengths say how many there are); `by_tier`: one per policy tier. A
///   group with `residents == 0` has no valid resident: `visit.completion`
///   would not list it.
///
/// Lend a [`CompletionOutput`] with [`CompletionOutput::columns`], or the
/// caller's own buffers.
///
/// # Example
/// ```
/// use wangshi::assessment::{CompletionColumns, CompletionGroup};
/// let (mut required, mut met, mut error) = ([0u32; 2], [0u32; 2], [0u8; 2]);
/// let mut by_tier = [CompletionGroup::default(); 4];
/// let cols = CompletionColumns { required: &mut required, met: &mut met, error: &mut error,
///     by_worker: &mut [], by_grid: &mut [], by_tier: &mut by_tier };
/// assert_eq!(cols.by_tier.len(), 4);
/// ```
#[derive(Debug)]
pub struct CompletionColumns<'a> {
    /// Obligations per resident.
    pub required: &'a mut [u32],
    /// Obligations met per resident.
    pub met: &'a mut [u32],
    /// Error code per resident (0 = computed).
    pub error: &'a mut [u8],
    /// Per worker index.
    pub by_worker: &'a mut [CompletionGroup],
    /// Per grid index.
    pub by_grid: &'a mut [CompletionGroup],
    /// Per tier, in policy order.
    pub by_tier: &'a mut [CompletionGroup],
}

/// What [`completion_batch`] returns besides its columns.
///
/// # Example
/// ```
/// let s = wangshi::assessment::CompletionSummary::default();
/// assert_eq!((s.error_rows, s.orphan_visits, s.first_orphan), (0, 0, None));
/// assert_eq!(s.total.rate(), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompletionSummary {
    /// Every valid resident.
    pub total: CompletionGroup,
    /// Residents with an error.
    pub error_rows: usize,
    /// Visits naming no resident.
    pub orphan_visits: usize,
    /// The first visits row naming no resident.
    pub first_orphan: Option<usize>,
}

/// Owned output of [`completion_batch`]: allocate once with
/// [`CompletionOutput::new`], lend with [`CompletionOutput::columns`].
///
/// # Example
/// ```
/// use wangshi::assessment::{CompletionOutput, CompletionResidents, VisitTable, completion_batch};
/// use wangshi::visit::VisitPolicy;
/// use wangshi::date::parse_date;
/// let p = VisitPolicy::default();
/// let mut out = CompletionOutput::new(1, 0, 0, p.tiers().len());
/// let since = [parse_date("2025-03-10")?];
/// let residents = CompletionResidents { tier: &[0], tier_since: &since, worker: &[], grid: &[] };
/// let visits = VisitTable { resident: &[0], day: &[parse_date("2026-11-03")?] };
/// completion_batch(&p, parse_date("2026-11-01")?, parse_date("2026-11-30")?, residents, visits,
///     out.columns())?;
/// assert_eq!((out.required[0], out.met[0]), (1, 1));
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompletionOutput {
    /// Obligations per resident.
    pub required: Vec<u32>,
    /// Obligations met per resident.
    pub met: Vec<u32>,
    /// Error code per resident.
    pub error: Vec<u8>,
    /// Per worker index.
    pub by_worker: Vec<CompletionGroup>,
    /// Per grid index.
    pub by_grid: Vec<CompletionGroup>,
    /// Per tier.
    pub by_tier: Vec<CompletionGroup>,
}

impl CompletionOutput {
    /// Zeroed output for `residents` residents, `workers` workers, `grids`
    /// grids and `tiers` tiers.
    pub fn new(residents: usize, workers: usize, grids: usize, tiers: usize) -> CompletionOutput {
        CompletionOutput {
            required: vec![0; residents],
            met: vec![0; residents],
            error: vec![0; residents],
            by_worker: vec![CompletionGroup::default(); workers],
            by_grid: vec![CompletionGroup::default(); grids],
            by_tier: vec![CompletionGroup::default(); tiers],
        }
    }

    /// The columns, lent to [`completion_batch`].
    pub fn columns(&mut self) -> CompletionColumns<'_> {
        CompletionColumns {
            required: &mut self.required,
            met: &mut self.met,
            error: &mut self.error,
            by_worker: &mut self.by_worker,
            by_grid: &mut self.by_grid,
            by_tier: &mut self.by_tier,
        }
    }
}

/// One resident while the batch runs: its window, the obligations met so
/// far (a mask, for windows of up to 64) and its error code.
#[derive(Debug, Clone, Copy)]
struct Slot {
    mask: u64,
    window: Window,
    error: u8,
}

const UNKNOWN_TIER: u8 = ErrorCode::UnknownTier as u8;
const INVALID_DATE: u8 = ErrorCode::InvalidDate as u8;

/// Residents per block of the visits' partition: a block's slots (256 KiB)
/// stay in the cache while its visits are counted.
const BLOCK_BITS: u32 = 13;
const BLOCK: usize = 1 << BLOCK_BITS;
/// Bits of a packed visit's day (days since 1900-01-01).
const DAY_BITS: u32 = 17;
const DAY_MASK: u32 = (1 << DAY_BITS) - 1;
/// The packed day of a visit whose day is not a date (outside 1900–2199):
/// its resident's `invalid_date`, applied with the block's other visits.
const BAD_DAY: u32 = DAY_MASK;
const _: () = assert!(MAX_DAY - MIN_DAY < BAD_DAY as i32 && BLOCK_BITS + DAY_BITS <= 32);

impl Slot {
    /// Whether this resident's visits are counted by sorting, not by mask.
    #[inline]
    fn sorted(&self) -> bool {
        self.window.count > 64
    }

    /// A visit's day is not a date: the row's `invalid_date`, unless an
    /// earlier check already failed.
    #[inline]
    fn bad_visit(&mut self) {
        if self.error == 0 || self.error == UNKNOWN_TIER {
            self.error = INVALID_DATE;
        }
    }
}

/// Visit completion of a columnar batch over `[from, to]` (days since
/// 1970-01-01): per resident its obligations and how many its visits meet,
/// and the sums by worker, grid and tier — the columnar form of
/// `visit.completion`, with the same rules and per-row codes.
///
/// Time and memory are linear in the input: one 32-byte slot per
/// resident, 4 bytes per visit that can meet an obligation (or whose day is
/// not a date), and 8 bytes per
/// visit of a resident with more than 64 obligations in one block of 8192
/// residents. Nothing is allocated per row.
///
/// # Errors
/// `invalid_date` when `from` or `to` is outside 1900–2199,
/// `invalid_range` when `from > to`, and `invalid_value` when the columns'
/// lengths do not fit together (`by_tier` must have one group per tier);
/// nothing is written then. A bad resident gets its error code and the
/// others are computed; see [`VisitTable`] for visits naming no resident.
///
/// # Example
/// ```
/// use wangshi::assessment::{CompletionOutput, CompletionResidents, VisitTable, completion_batch, NO_GROUP};
/// use wangshi::visit::VisitPolicy;
/// use wangshi::date::parse_date;
/// let d = |s| parse_date(s).unwrap();
/// let p = VisitPolicy::default();
/// // o1 orange (weekly) since October, r1 red (daily) since Nov 25, x an unknown tier.
/// let residents = CompletionResidents {
///     tier: &[2, 3, 9],
///     tier_since: &[d("2026-10-01"), d("2026-11-25"), d("2026-01-01")],
///     worker: &[0, 0, 0],
///     grid: &[NO_GROUP; 3],
/// };
/// let days = ["2026-11-30", "2026-11-29", "2026-11-13", "2026-11-26", "2026-11-04", "2026-11-27",
///     "2026-11-01", "2026-11-02"].map(d);
/// let visits = VisitTable { resident: &[1, 0, 0, 1, 0, 1, 0, 7], day: &days };
/// let mut out = CompletionOutput::new(3, 1, 0, p.tiers().len());
/// let s = completion_batch(&p, d("2026-11-01"), d("2026-11-30"), residents, visits, out.columns())?;
/// assert_eq!((out.required, out.met), (vec![5, 5, 0], vec![4, 3, 0]));
/// assert_eq!(out.error[2], wangshi::ErrorCode::UnknownTier as u8);
/// assert_eq!((out.by_worker[0].required, out.by_worker[0].met), (10, 7));
/// assert_eq!(out.by_worker[0].rate().unwrap().to_string(), "0.7");
/// assert_eq!((s.error_rows, s.orphan_visits, s.first_orphan), (1, 1, Some(7)));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn completion_batch(
    policy: &VisitPolicy,
    from: i32,
    to: i32,
    residents: CompletionResidents<'_>,
    visits: VisitTable<'_>,
    out: CompletionColumns<'_>,
) -> Result<CompletionSummary, Error> {
    completion_batch_threads(policy, from, to, residents, visits, out, Threads::ONE)
}

/// [`completion_batch`] on up to `threads` threads, with the same result
/// for every thread count (see [`crate::threads`]).
///
/// The visits are cut into contiguous ranges, each counted and then
/// partitioned by block of residents at once; the residents are cut into
/// ranges of whole blocks, each range's slots built, its blocks' visits
/// applied, its columns written and its groups summed at once; the groups
/// of the ranges are then added up (sums of integers: the same in any
/// order). Each thread keeps its own groups while it runs: `workers +
/// grids + tiers` groups of 24 bytes per thread.
///
/// # Errors
/// As [`completion_batch`].
///
/// # Example
/// ```
/// use wangshi::assessment::{CompletionOutput, CompletionResidents, VisitTable, completion_batch,
///     completion_batch_threads};
/// use wangshi::{threads::Threads, visit::VisitPolicy, date::parse_date};
/// let p = VisitPolicy::default();
/// let n = 200_000;
/// let tier: Vec<u8> = (0..n).map(|i| (i % 5) as u8).collect(); // tier 4: unknown_tier
/// let since = vec![parse_date("2026-01-01")?; n];
/// let worker: Vec<u32> = (0..n as u32).map(|i| i % 300).collect();
/// let residents = CompletionResidents { tier: &tier, tier_since: &since, worker: &worker, grid: &[] };
/// // Three visits per resident, in reverse order, one a week apart.
/// let nov = parse_date("2026-11-02")?;
/// let who: Vec<u32> = (0..3 * n as u32).rev().map(|j| j / 3).collect();
/// let day: Vec<i32> = (0..3 * n as i32).map(|j| nov + 7 * (j % 3)).collect();
/// let visits = VisitTable { resident: &who, day: &day };
/// let (from, to) = (parse_date("2026-11-01")?, parse_date("2026-11-30")?);
/// let mut one = CompletionOutput::new(n, 300, 0, 4);
/// let mut all = CompletionOutput::new(n, 300, 0, 4);
/// let s1 = completion_batch(&p, from, to, residents, visits, one.columns())?;
/// let s2 = completion_batch_threads(&p, from, to, residents, visits, all.columns(), Threads::All)?;
/// assert_eq!((s1, &one), (s2, &all));
/// assert_eq!(s1.error_rows, n / 5);
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn completion_batch_threads(
    policy: &VisitPolicy,
    from: i32,
    to: i32,
    residents: CompletionResidents<'_>,
    visits: VisitTable<'_>,
    out: CompletionColumns<'_>,
    threads: Threads,
) -> Result<CompletionSummary, Error> {
    let n = residents.tier.len();
    let lengths_fit = residents.tier_since.len() == n
        && (residents.worker.is_empty() || residents.worker.len() == n)
        && (residents.grid.is_empty() || residents.grid.len() == n)
        && visits.resident.len() == visits.day.len()
        && out.required.len() == n
        && out.met.len() == n
        && out.error.len() == n
        && out.by_tier.len() == policy.tiers().len();
    if !lengths_fit {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            format!(
                "completion batch columns do not fit together: tier {n}, tier_since {}, worker {}, \
                 grid {}, visit resident {}, visit day {}, required {}, met {}, error {}, by_tier {} \
                 (the policy has {} tiers); worker and grid may also be empty",
                residents.tier_since.len(),
                residents.worker.len(),
                residents.grid.len(),
                visits.resident.len(),
                visits.day.len(),
                out.required.len(),
                out.met.len(),
                out.error.len(),
                out.by_tier.len(),
                policy.tiers().len()
            ),
        ));
    }
    let range = CompletionRange::new(policy, from, to)?;
    let m = visits.resident.len();
    let blocks = n.div_ceil(BLOCK);

    // Visits, first pass (each range of visits at once): orphans, and how
    // many visits of each block of residents can meet an obligation (every
    // obligation lies within [first_day, to]) or carry a bad day.
    let (first_day, to) = (range.first_day(), range.to());
    let kept = |day: i32| !in_range(day) || (day >= first_day && day <= to);
    let counts = cut_rows(m, threads.for_rows(m), (), |r, ()| {
        let mut c = VisitCount {
            per_block: vec![0; blocks + 1],
            orphans: 0,
            first_orphan: None,
        };
        let (who, days) = (&visits.resident[r.clone()], &visits.day[r.clone()]);
        for (j, (&who, &day)) in who.iter().zip(days).enumerate() {
            let who = who as usize;
            if who >= n {
                c.orphans += 1;
                c.first_orphan.get_or_insert(r.start + j);
            } else if kept(day) {
                c.per_block[(who >> BLOCK_BITS) + 1] += 1;
            }
        }
        c
    });
    let mut summary = CompletionSummary::default();
    for c in &counts {
        summary.orphan_visits += c.orphans;
        if summary.first_orphan.is_none() {
            summary.first_orphan = c.first_orphan;
        }
    }

    // Second pass: those visits partitioned by block, each packed into a
    // u32 (the resident within its block, the day since 1900-01-01 or
    // BAD_DAY), so that a block's visits then meet its residents in the
    // cache. Each range of visits has its own region of `packed`, block by
    // block (`starts[v][b]..starts[v][b + 1]` within region v): the
    // visits of a block are region 0's, then region 1's …, in input order.
    let starts: Vec<Vec<usize>> = counts
        .into_iter()
        .map(|c| {
            let mut s = c.per_block;
            for b in 0..blocks {
                s[b + 1] += s[b];
            }
            s
        })
        .collect();
    let mut packed = vec![0u32; starts.iter().map(|s| s[blocks]).sum()];
    let mut regions = Vec::with_capacity(starts.len());
    let mut rest = &mut packed[..];
    for (v, s) in starts.iter().enumerate() {
        let (region, tail) = rest.split_at_mut(s[blocks]);
        rest = tail;
        let k = starts.len();
        regions.push((cut(m, k, v)..cut(m, k, v + 1), (region, s.clone())));
    }
    run_parts(
        regions,
        |r, (region, mut next): (&mut [u32], Vec<usize>)| {
            let (who, days) = (&visits.resident[r.clone()], &visits.day[r]);
            for (&who, &day) in who.iter().zip(days) {
                let who = who as usize;
                if who < n && kept(day) {
                    let b = who >> BLOCK_BITS;
                    let day = if in_range(day) {
                        (day - MIN_DAY) as u32
                    } else {
                        BAD_DAY
                    };
                    region[next[b]] = ((who & (BLOCK - 1)) as u32) << DAY_BITS | day;
                    next[b] += 1;
                }
            }
        },
    );
    let mut regions: Vec<&[u32]> = Vec::with_capacity(starts.len());
    let mut rest = &packed[..];
    for s in &starts {
        let (region, tail) = rest.split_at(s[blocks]);
        regions.push(region);
        rest = tail;
    }

    // The residents, in ranges of whole blocks, each at once: their slots,
    // their blocks' visits, their columns and their groups.
    let k = threads.for_rows(n).min(blocks).max(1);
    let mut parts = Vec::with_capacity(k);
    let (mut required, mut met, mut error) = (
        &mut out.required[..n],
        &mut out.met[..n],
        &mut out.error[..n],
    );
    for t in 0..k {
        let rows = (cut(blocks, k, t) * BLOCK).min(n)..(cut(blocks, k, t + 1) * BLOCK).min(n);
        let (r, r2) = required.split_at_mut(rows.len());
        let (m, m2) = met.split_at_mut(rows.len());
        let (e, e2) = error.split_at_mut(rows.len());
        (required, met, error) = (r2, m2, e2);
        parts.push((rows, (r, m, e)));
    }
    let (workers, grids) = (out.by_worker.len(), out.by_grid.len());
    let tallies = run_parts(parts, |rows, cols| {
        let ctx = Residents {
            range: &range,
            residents,
            workers,
            grids,
        };
        ctx.run(rows, cols, &regions, &starts)
    });

    // The groups of every range, added up.
    out.by_worker.fill(CompletionGroup::default());
    out.by_grid.fill(CompletionGroup::default());
    out.by_tier.fill(CompletionGroup::default());
    for t in tallies {
        summary.error_rows += t.error_rows;
        merge(&mut summary.total, &t.total);
        for (g, p) in out.by_worker.iter_mut().zip(&t.by_worker) {
            merge(g, p);
        }
        for (g, p) in out.by_grid.iter_mut().zip(&t.by_grid) {
            merge(g, p);
        }
        for (g, p) in out.by_tier.iter_mut().zip(&t.by_tier) {
            merge(g, p);
        }
    }
    Ok(summary)
}

/// The first pass's count of one range of visits.
struct VisitCount {
    /// Visits kept per block, at `b + 1` (a prefix sum makes it starts).
    per_block: Vec<usize>,
    orphans: usize,
    first_orphan: Option<usize>,
}

/// The groups of one range of residents.
struct Tally {
    by_worker: Vec<CompletionGroup>,
    by_grid: Vec<CompletionGroup>,
    by_tier: Vec<CompletionGroup>,
    total: CompletionGroup,
    error_rows: usize,
}

fn merge(g: &mut CompletionGroup, p: &CompletionGroup) {
    g.residents += p.residents;
    g.required += p.required;
    g.met += p.met;
}

/// What a range of residents reads.
struct Residents<'r, 'a> {
    range: &'r CompletionRange,
    residents: CompletionResidents<'a>,
    workers: usize,
    grids: usize,
}

impl Residents<'_, '_> {
    /// The group index of row `i` in `col` (an empty column: none).
    #[inline]
    fn group(col: &[u32], i: usize) -> u32 {
        col.get(i).copied().unwrap_or(NO_GROUP)
    }

    /// Resident `i`'s slot: its window, or its error so far (a field's, in
    /// the JSON op's order; unknown_tier until a bad visit says otherwise).
    #[inline]
    fn slot(&self, i: usize) -> Slot {
        let r = &self.residents;
        let bad_group = |g: u32, k: usize| g != NO_GROUP && g as usize >= k;
        let (tier, since) = (r.tier[i], r.tier_since[i]);
        let error = if tier == NO_TIER || since == NO_DATE {
            ErrorCode::MissingField as u8
        } else if !in_range(since) {
            INVALID_DATE
        } else if bad_group(Self::group(r.worker, i), self.workers)
            || bad_group(Self::group(r.grid, i), self.grids)
        {
            ErrorCode::InvalidValue as u8
        } else if usize::from(tier) >= self.range.tier_count() {
            UNKNOWN_TIER
        } else {
            0
        };
        let window = if error == 0 {
            self.range.window(usize::from(tier), since)
        } else {
            Window::EMPTY
        };
        Slot {
            mask: 0,
            window,
            error,
        }
    }

    /// Rows `rows` (whole blocks, or the last rows): their slots, the
    /// visits of their blocks (from every region), their columns and their
    /// groups.
    fn run(
        &self,
        rows: std::ops::Range<usize>,
        (required, met, error): (&mut [u32], &mut [u32], &mut [u8]),
        regions: &[&[u32]],
        starts: &[Vec<usize>],
    ) -> Tally {
        let slots_of = |r: std::ops::Range<usize>| r.map(|i| self.slot(i));
        let mut slots: Vec<Slot> = slots_of(rows.clone()).collect();

        // Each block: the obligation each visit meets, in its resident's
        // mask; the keys of residents with more than 64 obligations are
        // collected, sorted and their distinct values counted.
        let mut long: Vec<(u32, u32)> = Vec::new();
        let first_block = rows.start / BLOCK;
        for (c, block) in slots.chunks_mut(BLOCK).enumerate() {
            let b = first_block + c;
            long.clear();
            for (region, s) in regions.iter().zip(starts) {
                for &p in &region[s[b]..s[b + 1]] {
                    let (local, day) = (p >> DAY_BITS, p & DAY_MASK);
                    let s = &mut block[local as usize];
                    if day == BAD_DAY {
                        s.bad_visit();
                        continue;
                    }
                    let k = self.range.key_or_none(&s.window, day as i32 + MIN_DAY);
                    if !s.sorted() {
                        s.mask |= u64::from(k < s.window.count) << (k & 63);
                    } else if k < s.window.count {
                        long.push((local, k));
                    }
                }
            }
            if !long.is_empty() {
                long.sort_unstable();
                long.dedup();
                for &(local, _) in &long {
                    // The mask of a sorted resident is unused: it holds the count.
                    block[local as usize].mask += 1;
                }
            }
        }

        // The columns and the groups.
        let r = &self.residents;
        let mut t = Tally {
            by_worker: vec![CompletionGroup::default(); self.workers],
            by_grid: vec![CompletionGroup::default(); self.grids],
            by_tier: vec![CompletionGroup::default(); self.range.tier_count()],
            total: CompletionGroup::default(),
            error_rows: 0,
        };
        let len = slots.len();
        let (required, met, error) = (&mut required[..len], &mut met[..len], &mut error[..len]);
        for (j, s) in slots.iter().enumerate() {
            let i = rows.start + j;
            error[j] = s.error;
            if s.error != 0 {
                t.error_rows += 1;
                required[j] = 0;
                met[j] = 0;
                continue;
            }
            let c = super::Completion {
                required: s.window.count,
                met: if s.sorted() {
                    s.mask as u32
                } else {
                    s.mask.count_ones()
                },
            };
            required[j] = c.required;
            met[j] = c.met;
            if let Some(g) = t.by_worker.get_mut(Self::group(r.worker, i) as usize) {
                g.add(c);
            }
            if let Some(g) = t.by_grid.get_mut(Self::group(r.grid, i) as usize) {
                g.add(c);
            }
            t.by_tier[usize::from(r.tier[i])].add(c);
            t.total.add(c);
        }
        t
    }
}
