//! 走访完成率 — visit completion: a resident's visit obligations in a date
//! range, and how many of them the visit log meets.
//!
//! - **Obligations.** For a calendar cadence, the *required* periods (those
//!   after the grace period, the period containing `tier_since`) whose
//!   **last day** lies in `[from, to]`: a week running from one month into
//!   the next counts in the month where it ends, once. For a rolling
//!   cadence `every_days` n, the due dates `tier_since + k·n` (k ≥ 1) in
//!   `[from, to]`. A `tier_since` after `to` simply has no obligation.
//! - **Met.** A calendar obligation is met when a visit lies inside its
//!   period (also before `from`, when the period began before it); rolling
//!   obligation k when a visit lies in (`tier_since + (k−1)·n`,
//!   `tier_since + k·n`]. Any other visit is ignored; visits need not be
//!   sorted and may repeat.
//!
//! Everything here works on day numbers; the typed API converts at the
//! edge.

use super::rate::Rate;
use crate::date::{self, in_range};
use crate::error::{Error, ErrorCode};
use crate::visit::plan::check_range;
use crate::visit::{Cadence, VisitPolicy, period};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// "No obligation" in a tier's day table.
const NONE: u32 = u32::MAX;

/// The obligations of one resident in a range, numbered `0..count`
/// (consecutive periods, or rolling due dates).
/// [`CompletionRange::key`] gives the one a visit on a day meets: a table
/// lookup for calendar cadences, a division for rolling ones — no date
/// arithmetic per visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    /// The number of obligations.
    pub(crate) count: u32,
    /// Rolling: the first day of the first obligation's interval
    /// (`tier_since + (k−1)·n + 1`).
    lo: i32,
    /// Calendar: the tier's table value of the first obligation (the
    /// grace period and what came before it are skipped); rolling: `n`.
    arg: u32,
    /// The tier (calendar cadences).
    tier: u8,
    rolling: bool,
}

impl Window {
    /// No obligation.
    pub(crate) const EMPTY: Window = Window {
        count: 0,
        lo: 0,
        arg: 1,
        tier: 0,
        rolling: true,
    };
}

/// One tier's obligation periods in the range, before the grace period is
/// taken out: the indices of the first period ending on or after `from` and
/// of the last ending on or before `to` (calendar cadences), and where its
/// day table is.
#[derive(Debug, Clone, Copy)]
struct TierRange {
    cadence: Cadence,
    first: i32,
    last: i32,
    /// The first day of period `first`.
    start: i32,
    /// The cadence's day table: `table[off + d − start]`, for the `len`
    /// days from `start` to the end of period `last`, is `index(d) −
    /// first`; `table[off + len]` is [`NONE`]. Tiers of one cadence share
    /// it.
    off: usize,
    len: u32,
}

/// A policy applied to one range `[from, to]`: the per-tier period
/// arithmetic done once for any number of residents.
#[derive(Debug, Clone)]
pub(crate) struct CompletionRange {
    from: i32,
    to: i32,
    tiers: Vec<TierRange>,
    table: Vec<u32>,
    first_day: i32,
}

impl CompletionRange {
    /// Prepares `policy` for `[from, to]` (day numbers).
    ///
    /// Errors: `invalid_date` at `from` or `to` outside 1900–2199,
    /// `invalid_range` (at `to`) when `from > to`.
    pub(crate) fn new(policy: &VisitPolicy, from: i32, to: i32) -> Result<CompletionRange, Error> {
        for (name, d) in [("from", from), ("to", to)] {
            if !in_range(d) {
                return Err(Error::new(
                    ErrorCode::InvalidDate,
                    format!("{name} day number {d} is outside 1900-01-01..2199-12-31"),
                )
                .at(name));
            }
        }
        check_range(from, to)?;
        // The rolling tiers' table entry (a lone NONE), then one day table
        // per calendar cadence, shared by its tiers: at most four tables,
        // however many tiers a policy has.
        let mut table = vec![NONE];
        let mut first_day = from;
        let mut tiers: Vec<TierRange> = Vec::with_capacity(policy.tiers().len());
        for t in policy.tiers() {
            let c = t.cadence;
            if let Cadence::EveryDays(n) = c {
                // A due date on or after `from` has its interval start at
                // most n − 1 days before.
                first_day = first_day.min(from - n as i32 + 1);
                tiers.push(TierRange {
                    cadence: c,
                    first: 0,
                    last: -1,
                    start: 0,
                    off: 0,
                    len: 0,
                });
                continue;
            }
            if let Some(same) = tiers.iter().find(|r| r.cadence == c) {
                tiers.push(*same);
                continue;
            }
            // The period containing `from` ends on or after it; the period
            // containing `to` counts only when it ends on `to`.
            let first = period::index(c, from);
            let last = match period::index(c, to) {
                i if period::end(c, i) == to => i,
                i => i - 1,
            };
            let start = period::start(c, first);
            first_day = first_day.min(start);
            let off = table.len();
            if last >= first {
                table.extend(
                    (start..=period::end(c, last)).map(|d| (period::index(c, d) - first) as u32),
                );
            }
            let len = (table.len() - off) as u32;
            table.push(NONE);
            tiers.push(TierRange {
                cadence: c,
                first,
                last,
                start,
                off,
                len,
            });
        }
        Ok(CompletionRange {
            from,
            to,
            tiers,
            table,
            first_day,
        })
    }

    /// The number of tiers (valid tier indices are `0..tier_count()`).
    pub(crate) fn tier_count(&self) -> usize {
        self.tiers.len()
    }

    /// The first day a visit can meet an obligation in this range (the
    /// last is `to`).
    pub(crate) fn first_day(&self) -> i32 {
        self.first_day
    }

    /// The last day of the range.
    pub(crate) fn to(&self) -> i32 {
        self.to
    }

    /// The obligations of a resident of tier `tier` (a valid index) since
    /// `since` (a day within 1900–2199).
    #[inline]
    pub(crate) fn window(&self, tier: usize, since: i32) -> Window {
        let t = self.tiers[tier];
        match t.cadence {
            Cadence::EveryDays(n) => {
                let n = i64::from(n);
                let (s, from, to) = (i64::from(since), i64::from(self.from), i64::from(self.to));
                let k_lo = (from - s + n - 1).div_euclid(n).max(1);
                let k_hi = (to - s).div_euclid(n);
                if k_hi < k_lo {
                    return Window::EMPTY;
                }
                // Within 1900–2199 less one period: an i32.
                Window {
                    count: (k_hi - k_lo + 1) as u32,
                    lo: (s + (k_lo - 1) * n + 1) as i32,
                    arg: n as u32,
                    tier: 0,
                    rolling: true,
                }
            }
            c => {
                let first = t.first.max(period::index(c, since) + 1);
                if first > t.last {
                    return Window::EMPTY;
                }
                Window {
                    count: (t.last - first + 1) as u32,
                    lo: 0,
                    arg: (first - t.first) as u32,
                    tier: tier as u8,
                    rolling: false,
                }
            }
        }
    }

    /// The obligation a visit on `day` (within 1900–2199) meets: a number
    /// below `w.count`, or one at or above it for none.
    #[inline]
    pub(crate) fn key_or_none(&self, w: &Window, day: i32) -> u32 {
        if w.rolling {
            // Before `lo` the difference wraps to a number far above any
            // count (days span less than 2¹⁷, counts stay below 2¹⁷).
            (day.wrapping_sub(w.lo) as u32) / w.arg
        } else {
            let t = &self.tiers[usize::from(w.tier)];
            let i = (day.wrapping_sub(t.start) as u32).min(t.len) as usize;
            self.table[t.off + i].wrapping_sub(w.arg)
        }
    }

    /// The obligation a visit on `day` meets, if any.
    #[inline]
    pub(crate) fn key(&self, w: &Window, day: i32) -> Option<u32> {
        let k = self.key_or_none(w, day);
        (k < w.count).then_some(k)
    }

    /// How many of `w`'s obligations the visits meet (any order, repeats
    /// fine). `scratch` is reused between calls (only windows of more than
    /// 64 obligations use it).
    pub(crate) fn met(&self, w: &Window, visits: &[i32], scratch: &mut Vec<u32>) -> u32 {
        if w.count <= 64 {
            let mut mask = 0u64;
            for &d in visits {
                if let Some(k) = self.key(w, d) {
                    mask |= 1 << k;
                }
            }
            mask.count_ones()
        } else {
            scratch.clear();
            scratch.extend(visits.iter().filter_map(|&d| self.key(w, d)));
            scratch.sort_unstable();
            scratch.dedup();
            scratch.len() as u32
        }
    }
}

/// One resident's visit log, as `visit.completion` reads it.
///
/// # Example
/// ```
/// use wangshi::assessment::VisitLog;
/// use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let log = VisitLog::new("b1", "blue", d("2026-01-01"))
///     .with_visits([d("2026-11-02"), d("2026-11-02")])
///     .with_worker("w1", "A");
/// assert_eq!(log.visits.len(), 2);
/// assert_eq!(log.grid.as_deref(), Some("A"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitLog {
    /// The caller's id for the resident.
    pub id: String,
    /// Tier code (`green`, `blue`, `orange`, `red` by default).
    pub tier: String,
    /// The date the tier was assigned (its period is the grace period).
    pub tier_since: NaiveDate,
    /// The grid worker responsible for the visits (none when `None` or
    /// blank).
    pub worker: Option<String>,
    /// The resident's grid (none when `None` or blank).
    pub grid: Option<String>,
    /// Every visit made, in any order; repeats are fine.
    pub visits: Vec<NaiveDate>,
}

impl VisitLog {
    /// A resident with no visits, worker or grid.
    pub fn new(id: impl Into<String>, tier: impl Into<String>, tier_since: NaiveDate) -> VisitLog {
        VisitLog {
            id: id.into(),
            tier: tier.into(),
            tier_since,
            worker: None,
            grid: None,
            visits: Vec::new(),
        }
    }

    /// The same resident with these visits (added to any it has).
    pub fn with_visits(mut self, visits: impl IntoIterator<Item = NaiveDate>) -> VisitLog {
        self.visits.extend(visits);
        self
    }

    /// The same resident with a worker and grid.
    pub fn with_worker(mut self, worker: impl Into<String>, grid: impl Into<String>) -> VisitLog {
        self.worker = Some(worker.into());
        self.grid = Some(grid.into());
        self
    }
}

/// One resident's obligations in a range and how many were met.
///
/// # Example
/// ```
/// use wangshi::assessment::Completion;
/// let c = Completion { required: 5, met: 4 };
/// assert_eq!(c.rate().unwrap().to_string(), "0.8");
/// assert_eq!(Completion::default().rate(), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Completion {
    /// Visit obligations in the range.
    pub required: u32,
    /// Obligations met by a visit (never more than `required`).
    pub met: u32,
}

impl Completion {
    /// `met / required` rounded half-even to 4 decimals; `None` when
    /// nothing was required.
    pub fn rate(&self) -> Option<Rate> {
        Rate::of(u64::from(self.met), u64::from(self.required))
    }
}

/// The completion of a group of residents (one worker's, one grid's, one
/// tier's, or all).
///
/// # Example
/// ```
/// use wangshi::assessment::{Completion, CompletionGroup};
/// let mut g = CompletionGroup::default();
/// g.add(Completion { required: 1, met: 1 });
/// g.add(Completion { required: 2, met: 1 });
/// assert_eq!((g.residents, g.required, g.met), (2, 3, 2));
/// assert_eq!(g.rate().unwrap().to_string(), "0.6667");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CompletionGroup {
    /// Residents counted (every valid resident of the group, also those
    /// with nothing required).
    pub residents: u64,
    /// Obligations of the group.
    pub required: u64,
    /// Obligations met.
    pub met: u64,
}

impl CompletionGroup {
    /// Counts one resident in.
    pub fn add(&mut self, c: Completion) {
        self.residents += 1;
        self.required += u64::from(c.required);
        self.met += u64::from(c.met);
    }

    /// The pooled rate, Σ met / Σ required, rounded half-even to 4
    /// decimals once; `None` when nothing was required.
    pub fn rate(&self) -> Option<Rate> {
        Rate::of(self.met, self.required)
    }
}

/// The groups of a completion result being summed up: by worker and grid
/// (keys in code-point order), by tier (policy order), and in total.
#[derive(Debug, Clone)]
pub(crate) struct Tally<K> {
    pub(crate) by_worker: BTreeMap<K, CompletionGroup>,
    pub(crate) by_grid: BTreeMap<K, CompletionGroup>,
    pub(crate) by_tier: Vec<CompletionGroup>,
    pub(crate) total: CompletionGroup,
}

impl<K: Ord> Tally<K> {
    pub(crate) fn new(tiers: usize) -> Tally<K> {
        Tally {
            by_worker: BTreeMap::new(),
            by_grid: BTreeMap::new(),
            by_tier: vec![CompletionGroup::default(); tiers],
            total: CompletionGroup::default(),
        }
    }

    /// Counts in one valid resident.
    pub(crate) fn add(&mut self, tier: usize, worker: Option<K>, grid: Option<K>, c: Completion) {
        if let Some(w) = worker {
            self.by_worker.entry(w).or_default().add(c);
        }
        if let Some(g) = grid {
            self.by_grid.entry(g).or_default().add(c);
        }
        self.by_tier[tier].add(c);
        self.total.add(c);
    }
}

/// A worker or grid id, or none when absent or blank.
pub(crate) fn group_key<S: AsRef<str>>(s: Option<S>) -> Option<S> {
    s.filter(|s| group_id(s.as_ref()).is_some())
}

/// A worker or grid id as `visit.completion` groups residents by it: the
/// id itself, or `None` for a blank one (empty or only white space), which
/// puts the resident in no group of that kind. Groups are listed in
/// code-point order of their ids. A binding that numbers the ids of a
/// columnar batch's `worker` / `grid` column calls it.
///
/// # Errors
/// None.
///
/// # Example
/// ```
/// use wangshi::assessment::group_id;
/// assert_eq!(group_id("w1"), Some("w1"));
/// assert_eq!(group_id(" \t"), None);
/// ```
pub fn group_id(id: &str) -> Option<&str> {
    (!id.trim().is_empty()).then_some(id)
}

/// The result of [`completion_report`]: every resident's completion in
/// input order, and the groups.
///
/// # Example
/// ```
/// use wangshi::assessment::{VisitLog, completion_report};
/// use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let logs = [VisitLog::new("r1", "red", d("2026-11-25")).with_worker("w2", "B")
///     .with_visits(["2026-11-26", "2026-11-27", "2026-11-30"].map(d))];
/// let r = completion_report(&Default::default(), d("2026-11-01"), d("2026-11-30"), &logs)?;
/// let (worker, group) = &r.by_worker[0];
/// assert_eq!((worker.as_str(), group.required, group.met), ("w2", 5, 3));
/// assert_eq!(group.rate().unwrap().to_string(), "0.6");
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionReport {
    /// Per resident, in input order: its id and its completion, or its
    /// error (with a path within the resident, such as `visits[2]`).
    pub results: Vec<(String, Result<Completion, Error>)>,
    /// Per worker named by a valid resident, in code-point order of the id.
    pub by_worker: Vec<(String, CompletionGroup)>,
    /// Per grid named by a valid resident, in code-point order of the id.
    pub by_grid: Vec<(String, CompletionGroup)>,
    /// Per tier code of a valid resident, in policy order (least to most
    /// severe).
    pub by_tier: Vec<(String, CompletionGroup)>,
    /// All valid residents.
    pub total: CompletionGroup,
}

impl VisitPolicy {
    /// The visit completion of one resident in `[from, to]`: its
    /// obligations and how many its visits meet.
    ///
    /// For many residents use [`completion_report`] (groups included) or
    /// the columnar [`completion_batch`](super::completion_batch).
    ///
    /// # Errors
    /// `invalid_date` for `from`, `to`, `tier_since` or a visit outside
    /// 1900–2199 (at `from`, `to`, `tier_since`, `visits[j]`),
    /// `invalid_range` when `from > to`, `unknown_tier`.
    ///
    /// # Example
    /// ```
    /// use wangshi::visit::VisitPolicy;
    /// use wangshi::assessment::{Completion, VisitLog};
    /// use chrono::NaiveDate;
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// // Weekly since October: the five ISO weeks ending in November 2026
    /// // (the first ends on Sunday Nov 1); the week of Nov 16 was missed.
    /// let log = VisitLog::new("o1", "orange", d("2026-10-01")).with_visits(
    ///     ["2026-12-01", "2026-11-29", "2026-11-13", "2026-11-04", "2026-11-01"].map(d));
    /// let c = VisitPolicy::default().completion(&log, d("2026-11-01"), d("2026-11-30"))?;
    /// assert_eq!(c, Completion { required: 5, met: 4 });
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn completion(
        &self,
        log: &VisitLog,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Completion, Error> {
        let range = typed_range(self, from, to)?;
        let mut days = Vec::with_capacity(log.visits.len());
        one(self, &range, log, &mut days, &mut Vec::new())
    }
}

fn typed_range(
    policy: &VisitPolicy,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<CompletionRange, Error> {
    let from = date::checked_days(from).map_err(|e| e.at("from"))?;
    let to = date::checked_days(to).map_err(|e| e.at("to"))?;
    CompletionRange::new(policy, from, to)
}

/// One typed resident, checked in the JSON op's order (dates, then the
/// tier).
pub(crate) fn one(
    policy: &VisitPolicy,
    range: &CompletionRange,
    log: &VisitLog,
    days: &mut Vec<i32>,
    scratch: &mut Vec<u32>,
) -> Result<Completion, Error> {
    let since = date::checked_days(log.tier_since).map_err(|e| e.at("tier_since"))?;
    days.clear();
    for (j, v) in log.visits.iter().enumerate() {
        days.push(date::checked_days(*v).map_err(|e| e.at(format!("visits[{j}]")))?);
    }
    let tier = policy
        .tier_index(&log.tier)
        .ok_or_else(|| policy.unknown_tier(&log.tier))?;
    Ok(evaluate(range, usize::from(tier), since, days, scratch))
}

/// The completion of a valid resident (tier index, day numbers in range).
pub(crate) fn evaluate(
    range: &CompletionRange,
    tier: usize,
    since: i32,
    visits: &[i32],
    scratch: &mut Vec<u32>,
) -> Completion {
    let w = range.window(tier, since);
    Completion {
        required: w.count,
        met: range.met(&w, visits, scratch),
    }
}

/// `visit.completion` for typed residents: each resident's obligations in
/// `[from, to]` and how many were met, summed by worker, grid and tier.
///
/// A resident with an unknown tier or a date outside 1900–2199 carries its
/// error in [`CompletionReport::results`] and counts in no group; a worker
/// or grid that is blank counts as none.
///
/// # Errors
/// `invalid_date` for `from` or `to` outside 1900–2199, `invalid_range`
/// when `from > to`.
///
/// # Example
/// ```
/// use wangshi::visit::VisitPolicy;
/// use wangshi::assessment::{VisitLog, completion_report};
/// use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let logs = [
///     VisitLog::new("g1", "green", d("2025-03-10")).with_visits([d("2026-11-03")]).with_worker("w1", "A"),
///     // Assigned part-way through November: a grace month, nothing required.
///     VisitLog::new("g2", "green", d("2026-11-12")).with_worker("w1", "A"),
///     VisitLog::new("b1", "blue", d("2026-01-01")).with_visits([d("2026-11-02")]).with_worker("w1", "A"),
///     VisitLog::new("x", "purple", d("2026-01-01")),
/// ];
/// let r = completion_report(&VisitPolicy::default(), d("2026-11-01"), d("2026-11-30"), &logs)?;
/// assert_eq!((r.total.required, r.total.met), (3, 2));
/// assert_eq!(r.total.rate().unwrap().to_string(), "0.6667");
/// assert_eq!(r.by_tier.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(), ["green", "blue"]);
/// assert_eq!(r.results[3].1.as_ref().unwrap_err().code(), wangshi::ErrorCode::UnknownTier);
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn completion_report(
    policy: &VisitPolicy,
    from: NaiveDate,
    to: NaiveDate,
    logs: &[VisitLog],
) -> Result<CompletionReport, Error> {
    let range = typed_range(policy, from, to)?;
    let mut tally = Tally::new(range.tier_count());
    let (mut days, mut scratch) = (Vec::new(), Vec::new());
    let mut results = Vec::with_capacity(logs.len());
    for log in logs {
        let r = one(policy, &range, log, &mut days, &mut scratch);
        if let Ok(c) = r {
            let tier = usize::from(policy.tier_index(&log.tier).unwrap_or_default());
            tally.add(
                tier,
                group_key(log.worker.as_deref()),
                group_key(log.grid.as_deref()),
                c,
            );
        }
        results.push((log.id.clone(), r));
    }
    let owned = |m: BTreeMap<&str, CompletionGroup>| {
        m.into_iter()
            .map(|(k, g)| (k.to_owned(), g))
            .collect::<Vec<_>>()
    };
    Ok(CompletionReport {
        results,
        by_worker: owned(tally.by_worker),
        by_grid: owned(tally.by_grid),
        by_tier: policy
            .tiers()
            .iter()
            .zip(tally.by_tier)
            .filter(|(_, g)| g.residents > 0)
            .map(|(t, g)| (t.code.clone(), g))
            .collect(),
        total: tally.total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;

    #[test]
    fn windows_of_the_default_tiers_in_november_2026() {
        let p = VisitPolicy::default();
        let d = |s| parse_date(s).unwrap();
        let r = CompletionRange::new(&p, d("2026-11-01"), d("2026-11-30")).unwrap();
        let since = d("2025-01-01");
        // green: November; blue: two halves; orange: weeks ending Nov 1..29
        // (from Monday Oct 26); red: every day.
        let w: Vec<_> = (0..4).map(|t| r.window(t, since)).collect();
        assert_eq!(w.iter().map(|w| w.count).collect::<Vec<_>>(), [1, 2, 5, 30]);
        assert_eq!(r.first_day(), d("2026-10-26"));
        assert_eq!(r.key(&w[2], d("2026-10-25")), None);
        assert_eq!(r.key(&w[2], d("2026-10-26")), Some(0));
        assert_eq!(r.key(&w[2], d("2026-11-29")), Some(4));
        assert_eq!(r.key(&w[2], d("2026-11-30")), None);
        assert_eq!(r.key(&w[1], d("2026-11-15")), Some(0));
        assert_eq!(r.key(&w[1], d("2026-11-16")), Some(1));
        assert_eq!(r.key(&w[0], d("2026-10-31")), None);
        assert_eq!(r.key(&w[3], d("2026-11-30")), Some(29));
        assert_eq!(r.key(&w[3], d("1900-01-01")), None);
        assert_eq!(r.key(&w[3], d("2199-12-31")), None);
        // The grace week (Nov 2–8) and the weeks before it are skipped.
        let g = r.window(2, d("2026-11-04"));
        assert_eq!(g.count, 3);
        assert_eq!(r.key(&g, d("2026-11-08")), None);
        assert_eq!(r.key(&g, d("2026-11-09")), Some(0));
        // Assigned after the range: nothing.
        assert_eq!(r.window(0, d("2026-12-05")), Window::EMPTY);
        assert_eq!(r.key(&Window::EMPTY, d("2026-11-05")), None);
    }

    #[test]
    fn tiers_of_one_cadence_share_a_day_table() {
        let tiers: Vec<String> = (0..200)
            .map(|i| {
                let c = ["\"daily\"", "\"weekly\"", "{\"every_days\": 9}"][i % 3];
                format!(r#"{{"code": "t{i}", "cadence": {c}, "reminder_days": 0, "escalate_after_missed": 1}}"#)
            })
            .collect();
        let p = VisitPolicy::from_json(&format!(r#"{{"tiers": [{}]}}"#, tiers.join(","))).unwrap();
        let d = |s| parse_date(s).unwrap();
        let r = CompletionRange::new(&p, d("1900-01-01"), d("2199-12-31")).unwrap();
        // One table for the daily tiers, one for the weekly ones, one entry
        // for the rolling ones: not one per tier.
        let days = (d("2199-12-31") - d("1900-01-01") + 1) as usize;
        assert!(r.table.len() <= 2 * (days + 7) + 1, "{}", r.table.len());
        let w = r.window(3, d("1900-01-01"));
        assert_eq!(
            (w.count, r.key(&w, d("2199-12-31"))),
            (109_572, Some(109_571))
        );
    }

    #[test]
    fn rolling_keys_are_the_intervals_up_to_each_due_date() {
        let p = VisitPolicy::from_json(
            r#"{"tiers": [{"code": "r", "cadence": {"every_days": 3660}, "reminder_days": 0, "escalate_after_missed": 1}]}"#,
        )
        .unwrap();
        let d = |s| parse_date(s).unwrap();
        let r = CompletionRange::new(&p, d("1900-01-01"), d("2199-12-31")).unwrap();
        let w = r.window(0, d("1900-01-01"));
        assert_eq!(w.count, 29);
        assert_eq!(r.first_day(), d("1900-01-01") - 3659);
        assert_eq!(r.key(&w, d("1900-01-01")), None);
        assert_eq!(r.key(&w, d("1900-01-02")), Some(0));
        assert_eq!(r.key(&w, d("1900-01-01") + 3660), Some(0));
        assert_eq!(r.key(&w, d("1900-01-01") + 3661), Some(1));
        assert_eq!(r.key(&w, d("2199-12-31")), None); // after the 29th due date
    }
}
