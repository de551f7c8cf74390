//! `visit.plan`: how many visits fall due in a date range — how a county sizes
//! its grid-worker workload.

use super::period;
use super::policy::{Cadence, VisitPolicy};
use super::resident::Resident;
use crate::date;
use crate::error::{Error, ErrorCode};

/// The result of [`plan`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanCount {
    /// Visit obligations in the range, all tiers.
    pub total: u64,
    /// Obligations per tier code, in policy order (every tier listed).
    pub by_tier: Vec<(String, u64)>,
    /// Rows that could not be counted: (input index, id, error).
    pub errors: Vec<(usize, String, Error)>,
}

/// The number of visit obligations of one resident in `[from, to]` (day
/// numbers, `from <= to`): for calendar cadences the required periods (those
/// after the tier's grace period) that overlap the range; for rolling
/// cadences the dates `tier_since + k·n`, k ≥ 1, inside it.
pub(crate) fn obligations(cadence: Cadence, tier_since: i32, from: i32, to: i32) -> u64 {
    match cadence {
        Cadence::EveryDays(n) => {
            let n = i64::from(n);
            let (since, from, to) = (i64::from(tier_since), i64::from(from), i64::from(to));
            let lo = (from - since + n - 1).div_euclid(n).max(1);
            let hi = (to - since).div_euclid(n);
            (hi - lo + 1).max(0) as u64
        }
        c => {
            let first = period::index(c, from).max(period::index(c, tier_since) + 1);
            let last = period::index(c, to);
            i64::from(last - first + 1).max(0) as u64
        }
    }
}

/// Counts the visit obligations of `residents` in `[from, to]`.
///
/// # Errors
/// `invalid_range` when `from > to`; `invalid_date` for dates outside
/// 1900–2199. A resident with an unknown tier or an out-of-range date lands in
/// [`PlanCount::errors`] and the others are counted.
///
/// # Example
/// ```
/// use wangshi::visit::{VisitPolicy, Resident, plan};
/// use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let residents: Vec<_> = ["green", "blue", "orange", "red"].iter().enumerate()
///     .map(|(i, t)| Resident::new(format!("r{i}"), *t, d("2026-01-01"))).collect();
/// let p = plan(&VisitPolicy::default(), d("2026-12-01"), d("2026-12-31"), &residents)?;
/// assert_eq!(p.total, 39); // 1 month + 2 halves + 5 ISO weeks + 31 days
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn plan(
    policy: &VisitPolicy,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    residents: &[Resident],
) -> Result<PlanCount, Error> {
    let from = date::checked_days(from).map_err(|e| e.at("from"))?;
    let to = date::checked_days(to).map_err(|e| e.at("to"))?;
    check_range(from, to)?;
    let mut counts = vec![0u64; policy.tiers().len()];
    let mut errors = Vec::new();
    for (i, r) in residents.iter().enumerate() {
        match count_one(policy, &r.tier, date::to_days(r.tier_since), from, to) {
            Ok((t, n)) => counts[t] += n,
            Err(e) => errors.push((i, r.id.clone(), e)),
        }
    }
    Ok(finish(policy, counts, errors))
}

pub(crate) fn check_range(from: i32, to: i32) -> Result<(), Error> {
    if from > to {
        return Err(Error::new(
            ErrorCode::InvalidRange,
            format!(
                "the range ends ({}) before it starts ({})",
                date::format_date(to),
                date::format_date(from)
            ),
        )
        .at("to"));
    }
    Ok(())
}

pub(crate) fn count_one(
    policy: &VisitPolicy,
    tier: &str,
    since: i32,
    from: i32,
    to: i32,
) -> Result<(usize, u64), Error> {
    let t = policy
        .tier_index(tier)
        .ok_or_else(|| policy.unknown_tier(tier))?;
    if !date::in_range(since) {
        return Err(Error::new(
            ErrorCode::InvalidDate,
            "tier_since is outside 1900-01-01..2199-12-31",
        )
        .at("tier_since"));
    }
    let t = usize::from(t);
    Ok((t, obligations(policy.tiers()[t].cadence, since, from, to)))
}

pub(crate) fn finish(
    policy: &VisitPolicy,
    counts: Vec<u64>,
    errors: Vec<(usize, String, Error)>,
) -> PlanCount {
    PlanCount {
        total: counts.iter().sum(),
        by_tier: policy
            .tiers()
            .iter()
            .zip(counts)
            .map(|(t, n)| (t.code.clone(), n))
            .collect(),
        errors,
    }
}
