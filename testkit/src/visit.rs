//! Synthetic residents of a plausible county, deterministic from a seed: the
//! built-in default data of the example, the benchmarks and the tests.
//!
//! The tier mix follows what 分色管理 describes: mostly green ordinary
//! residents, a care population in blue, a small orange group and very few
//! red key petitioners. Visits are mostly on time, with a tail of late and
//! never-visited residents so that every state and alert occurs.

use crate::rng::SplitMix64;
use wangshi::date::NO_DATE;
use wangshi::visit::{Cadence, VisitPolicy};

/// Residents as parallel columns, ready for
/// [`visit_status_batch`](wangshi::visit::visit_status_batch).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyntheticResidents {
    /// Tier index per resident (into the policy's tiers).
    pub tier: Vec<u8>,
    /// `tier_since` as days since 1970-01-01.
    pub tier_since: Vec<i32>,
    /// `last_visit` as days since 1970-01-01, or [`NO_DATE`].
    pub last_visit: Vec<i32>,
    /// Grid number per resident (`0..grids`); grid `g` has worker `g`.
    pub grid: Vec<u32>,
}

impl SyntheticResidents {
    /// The number of residents.
    pub fn len(&self) -> usize {
        self.tier.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.tier.is_empty()
    }
}

/// `n` residents spread over `grids` grids as of `as_of`, for the default
/// policy's four tiers (green 85 %, blue 11.5 %, orange 3 %, red 0.5 %) or, for
/// another policy, spread evenly over its tiers.
///
/// # Example
/// ```
/// use wangshi::visit::VisitPolicy;
/// use wangshi_testkit::visit as synthetic;
/// let as_of = wangshi::date::parse_date("2026-11-26")?;
/// let r = synthetic::residents(&VisitPolicy::default(), 1000, 10, as_of, 42);
/// assert_eq!(r.len(), 1000);
/// assert!(r.tier_since.iter().all(|&d| d <= as_of));
/// assert_eq!(r, synthetic::residents(&VisitPolicy::default(), 1000, 10, as_of, 42));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn residents(
    policy: &VisitPolicy,
    n: usize,
    grids: u32,
    as_of: i32,
    seed: u64,
) -> SyntheticResidents {
    let mut rng = SplitMix64::new(seed);
    let tiers = policy.tiers();
    let default_mix = tiers.len() == 4;
    let mut out = SyntheticResidents {
        tier: Vec::with_capacity(n),
        tier_since: Vec::with_capacity(n),
        last_visit: Vec::with_capacity(n),
        grid: Vec::with_capacity(n),
    };
    let grids = grids.max(1);
    for _ in 0..n {
        let tier = if default_mix {
            match rng.below(1000) {
                0..850 => 0,
                850..965 => 1,
                965..995 => 2,
                _ => 3,
            }
        } else {
            rng.below(tiers.len() as u32) as u8
        };
        let period = match tiers[usize::from(tier)].cadence {
            Cadence::Monthly => 30,
            Cadence::SemiMonthly => 15,
            Cadence::Weekly => 7,
            Cadence::Daily => 1,
            Cadence::EveryDays(d) => d,
        } as i32;
        // Most tiers were assigned long ago; some this month.
        let since = if rng.chance(5) {
            as_of - rng.below(30) as i32
        } else {
            as_of - 30 - rng.below(3 * 365) as i32
        };
        let last = if rng.chance(3) {
            NO_DATE
        } else {
            // On time for most, a tail of up to four periods late.
            let late = if rng.chance(85) { period } else { 4 * period };
            as_of - rng.below(late as u32 + 1) as i32
        };
        out.tier.push(tier);
        out.tier_since.push(since);
        out.last_visit.push(last);
        out.grid.push(rng.below(grids));
    }
    out
}

/// The residents as the `residents` array of a visit request (`{"id",
/// "tier", "tier_since", "last_visit"?, "grid", "worker"}` each; ids
/// `r0000001` …, grid `gNNN` with worker `wNNN`), written as Python's
/// `json.dumps` would write it.
///
/// # Example
/// ```
/// use wangshi::visit::VisitPolicy;
/// let p = VisitPolicy::default();
/// let r = wangshi_testkit::visit::residents(&p, 2, 1, wangshi::date::parse_date("2026-11-26")?, 1);
/// let text = wangshi_testkit::visit::residents_json(&p, &r);
/// assert!(text.starts_with(r#"[{"id": "r0000000", "tier": "#));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn residents_json(policy: &VisitPolicy, r: &SyntheticResidents) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(r.len() * 130 + 2);
    s.push('[');
    for i in 0..r.len() {
        if i > 0 {
            s.push_str(", ");
        }
        let tier = &policy.tiers()[usize::from(r.tier[i])].code;
        let _ = write!(
            s,
            r#"{{"id": "r{i:07}", "tier": "{tier}", "tier_since": "{}""#,
            wangshi::date::format_date(r.tier_since[i])
        );
        if r.last_visit[i] != NO_DATE {
            let _ = write!(
                s,
                r#", "last_visit": "{}""#,
                wangshi::date::format_date(r.last_visit[i])
            );
        }
        let g = r.grid[i];
        let _ = write!(s, r#", "grid": "g{g:03}", "worker": "w{g:03}"}}"#);
    }
    s.push(']');
    s
}
