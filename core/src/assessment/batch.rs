//! The columnar completion batch: a county's month from a residents table
//! and a separate visits table, in linear time and memory, with no
//! allocation per row.
//!
//! How it runs: one pass over the residents computes each one's obligation
//! window (a few integers in a 32-byte slot). Two passes over the visits,
//! in any order, partition those that can meet an obligation by block of
//! 8192 residents, each packed into 4 bytes; then each block's visits mark
//! the obligation they meet in their resident's 64-bit mask while the
//! block's slots stay in the cache (a random walk over a million slots
//! would miss the cache on nearly every visit). A resident with more than
//! 64 obligations (a long range) has its visits' obligations collected,
//! sorted and counted instead. A last pass over the residents writes the
//! columns and sums the groups.

use super::completion::{CompletionGroup, CompletionRange, Window};
use crate::date::{MAX_DAY, MIN_DAY, NO_DATE, in_range};
use crate::error::{Error, ErrorCode};
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
const _: () = assert!(MAX_DAY - MIN_DAY <= DAY_MASK as i32 && BLOCK_BITS + DAY_BITS <= 32);

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
/// resident, 4 bytes per visit that can meet an obligation, and 8 bytes per
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
    let tiers = range.tier_count();
    let (workers, grids) = (out.by_worker.len(), out.by_grid.len());
    let group = |col: &[u32], i: usize| col.get(i).copied().unwrap_or(NO_GROUP);
    let bad_group = |g: u32, k: usize| g != NO_GROUP && g as usize >= k;

    // Residents: each one's window, or its error so far (a field's, in the
    // JSON op's order; unknown_tier until a bad visit says otherwise).
    let mut slots = Vec::with_capacity(n);
    for i in 0..n {
        let (tier, since) = (residents.tier[i], residents.tier_since[i]);
        let error = if tier == NO_TIER || since == NO_DATE {
            ErrorCode::MissingField as u8
        } else if !in_range(since) {
            INVALID_DATE
        } else if bad_group(group(residents.worker, i), workers)
            || bad_group(group(residents.grid, i), grids)
        {
            ErrorCode::InvalidValue as u8
        } else if usize::from(tier) >= tiers {
            UNKNOWN_TIER
        } else {
            0
        };
        let window = if error == 0 {
            range.window(usize::from(tier), since)
        } else {
            Window::EMPTY
        };
        slots.push(Slot {
            mask: 0,
            window,
            error,
        });
    }

    // Visits, first pass: orphans and bad days (the only visits whose
    // resident is looked up here), and how many visits that can meet an
    // obligation each block of residents has (every obligation lies within
    // [first_day, to]).
    let (first_day, to) = (range.first_day(), range.to());
    let blocks = n.div_ceil(BLOCK);
    let mut start = vec![0usize; blocks + 1];
    let mut summary = CompletionSummary::default();
    for (j, (&r, &day)) in visits.resident.iter().zip(visits.day).enumerate() {
        let r = r as usize;
        if r >= n {
            summary.orphan_visits += 1;
            summary.first_orphan.get_or_insert(j);
        } else if !in_range(day) {
            slots[r].bad_visit();
        } else if day >= first_day && day <= to {
            start[(r >> BLOCK_BITS) + 1] += 1;
        }
    }
    for b in 0..blocks {
        start[b + 1] += start[b];
    }

    // Second pass: those visits partitioned by block, each packed into a
    // u32 (the resident within its block, the day since 1900-01-01), so
    // that a block's visits then meet its residents in the cache.
    let mut packed = vec![0u32; start[blocks]];
    let mut next = start.clone();
    for (&r, &day) in visits.resident.iter().zip(visits.day) {
        let r = r as usize;
        if r < n && in_range(day) && day >= first_day && day <= to {
            let b = r >> BLOCK_BITS;
            packed[next[b]] = ((r & (BLOCK - 1)) as u32) << DAY_BITS | (day - MIN_DAY) as u32;
            next[b] += 1;
        }
    }
    drop(next);

    // Each block: the obligation each visit meets, in its resident's mask;
    // the keys of residents with more than 64 obligations are collected,
    // sorted and their distinct values counted.
    let mut long: Vec<(u32, u32)> = Vec::new();
    for b in 0..blocks {
        let block = &mut slots[b * BLOCK..n.min((b + 1) * BLOCK)];
        long.clear();
        for &p in &packed[start[b]..start[b + 1]] {
            let (local, day) = (p >> DAY_BITS, (p & DAY_MASK) as i32 + MIN_DAY);
            let s = &mut block[local as usize];
            let k = range.key_or_none(&s.window, day);
            if !s.sorted() {
                s.mask |= u64::from(k < s.window.count) << (k & 63);
            } else if k < s.window.count {
                long.push((local, k));
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
    drop(packed);

    // The columns and the groups.
    out.by_worker.fill(CompletionGroup::default());
    out.by_grid.fill(CompletionGroup::default());
    out.by_tier.fill(CompletionGroup::default());
    let (required, met, error) = (
        &mut out.required[..n],
        &mut out.met[..n],
        &mut out.error[..n],
    );
    for (i, s) in slots.iter().enumerate() {
        error[i] = s.error;
        if s.error != 0 {
            summary.error_rows += 1;
            required[i] = 0;
            met[i] = 0;
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
        required[i] = c.required;
        met[i] = c.met;
        if let Some(g) = out.by_worker.get_mut(group(residents.worker, i) as usize) {
            g.add(c);
        }
        if let Some(g) = out.by_grid.get_mut(group(residents.grid, i) as usize) {
            g.add(c);
        }
        out.by_tier[usize::from(residents.tier[i])].add(c);
        summary.total.add(c);
    }
    Ok(summary)
}
