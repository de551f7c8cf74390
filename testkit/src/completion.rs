//! A synthetic county month for visit completion: a residents table and a
//! visit log, deterministic from a seed — the completion benchmark's and the
//! tests' data.
//!
//! Residents come from [`crate::visit::residents`] (its tier mix, tier
//! dates and grids; grid `g` has worker `g`). Each resident gets visits in
//! proportion to its cadence's periods in the range (a daily red resident
//! about 30 a month, a green one about one), spread over the range and a
//! few days around it; the log is in date order, as a visit log is kept,
//! so consecutive rows name residents all over the table.

use crate::rng::SplitMix64;
use wangshi::visit::{Cadence, VisitPolicy};

/// A residents table and a visit log, as the columns of
/// [`completion_batch`](wangshi::assessment::completion_batch) take them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyntheticMonth {
    /// Tier index per resident.
    pub tier: Vec<u8>,
    /// `tier_since` per resident (days since 1970-01-01).
    pub tier_since: Vec<i32>,
    /// Worker index per resident (`0..grids`: grid `g` has worker `g`).
    pub worker: Vec<u32>,
    /// Grid index per resident (`0..grids`).
    pub grid: Vec<u32>,
    /// Resident row per visit.
    pub visit_resident: Vec<u32>,
    /// Visit day per visit, in date order.
    pub visit_day: Vec<i32>,
}

/// `residents` residents over `grids` grids with exactly `visits` visits
/// for the range `[from, to]`.
///
/// # Example
/// ```
/// use wangshi::visit::VisitPolicy;
/// use wangshi::date::parse_date;
/// let (from, to) = (parse_date("2026-11-01")?, parse_date("2026-11-30")?);
/// let m = wangshi_testkit::completion::month(&VisitPolicy::default(), 1000, 10_000, 10, from, to, 7);
/// assert_eq!((m.tier.len(), m.visit_day.len()), (1000, 10_000));
/// assert!(m.visit_day.windows(2).all(|w| w[0] <= w[1]));
/// assert!(m.visit_resident.iter().all(|&r| r < 1000));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn month(
    policy: &VisitPolicy,
    residents: usize,
    visits: usize,
    grids: u32,
    from: i32,
    to: i32,
    seed: u64,
) -> SyntheticMonth {
    let r = crate::visit::residents(policy, residents, grids, to, seed);
    let mut rng = SplitMix64::new(seed ^ 0x5EED_C0DE);
    let days = (to - from + 1).max(1) as f64;
    // Visits each resident would get if every period were visited once.
    let weight: Vec<f64> = r
        .tier
        .iter()
        .map(|&t| match policy.tiers()[usize::from(t)].cadence {
            Cadence::Monthly => days / 30.0,
            Cadence::SemiMonthly => days / 15.0,
            Cadence::Weekly => days / 7.0,
            Cadence::Daily => days,
            Cadence::EveryDays(n) => days / f64::from(n),
        })
        .collect();
    let total: f64 = weight.iter().sum();
    let scale = if total > 0.0 {
        visits as f64 / total
    } else {
        0.0
    };
    let (lo, span) = (from - 5, (to - from + 9).max(1) as u32);
    let mut log: Vec<(i32, u32)> = Vec::with_capacity(visits);
    for (i, w) in weight.iter().enumerate() {
        let want = w * scale;
        let mut k = want as usize;
        if rng.below(1000) < ((want - k as f64) * 1000.0) as u32 {
            k += 1;
        }
        for _ in 0..k {
            log.push((lo + rng.below(span) as i32, i as u32));
        }
    }
    // Exactly `visits`: trim at random, or top up with random residents.
    while log.len() > visits {
        let j = rng.below64(log.len() as u64) as usize;
        log.swap_remove(j);
    }
    while log.len() < visits && residents > 0 {
        let i = rng.below64(residents as u64) as u32;
        log.push((lo + rng.below(span) as i32, i));
    }
    // Shuffled, then in date order by a stable counting sort: within a day
    // the residents come in no order, as the visits of many workers do.
    for j in (1..log.len()).rev() {
        log.swap(j, rng.below64(j as u64 + 1) as usize);
    }
    let mut count = vec![0usize; span as usize + 1];
    for &(d, _) in &log {
        count[(d - lo) as usize + 1] += 1;
    }
    for i in 1..count.len() {
        count[i] += count[i - 1];
    }
    let mut visit_day = vec![0; log.len()];
    let mut visit_resident = vec![0; log.len()];
    for &(d, i) in &log {
        let slot = &mut count[(d - lo) as usize];
        visit_day[*slot] = d;
        visit_resident[*slot] = i;
        *slot += 1;
    }
    SyntheticMonth {
        tier: r.tier,
        tier_since: r.tier_since,
        worker: r.grid.clone(),
        grid: r.grid,
        visit_resident,
        visit_day,
    }
}
