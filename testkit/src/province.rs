//! A synthetic province: tens of millions of residents, deterministic from a
//! seed, for the thread benchmarks (`benches/province.rs`).
//!
//! A province is counties of 1 000 000 residents each, every county the
//! synthetic county of [`crate::visit::residents`] (its tier mix, tier dates
//! and visits) with its own seed and 1 000 grids of about 1 000 residents
//! (grids numbered across the province: county `c` has grids
//! `1000·c ..`). Counties are generated on every core, each from its own
//! seed, so the province is the same however many cores made it.

use crate::visit::{SyntheticResidents, residents as county};
use wangshi::visit::VisitPolicy;

/// Residents per synthetic county.
pub const COUNTY: usize = 1_000_000;

/// Grids per synthetic county.
pub const GRIDS_PER_COUNTY: u32 = 1_000;

/// `n` residents of a province as of `as_of` (the last county may be
/// smaller), for `policy`'s tiers.
///
/// # Example
/// ```
/// use wangshi::visit::VisitPolicy;
/// use wangshi_testkit::province;
/// let as_of = wangshi::date::parse_date("2026-11-26")?;
/// let p = province::residents(&VisitPolicy::default(), 1_500_000, as_of, 3);
/// assert_eq!(p.len(), 1_500_000);
/// assert!(p.grid.iter().any(|&g| g >= province::GRIDS_PER_COUNTY)); // a second county
/// assert_eq!(&p.tier[..10], &province::residents(&VisitPolicy::default(), 10, as_of, 3).tier[..]);
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn residents(policy: &VisitPolicy, n: usize, as_of: i32, seed: u64) -> SyntheticResidents {
    let counties = n.div_ceil(COUNTY);
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let mut out = SyntheticResidents {
        tier: Vec::with_capacity(n),
        tier_since: Vec::with_capacity(n),
        last_visit: Vec::with_capacity(n),
        grid: Vec::with_capacity(n),
    };
    // A few counties at a time, one per core, appended in county order.
    for first in (0..counties).step_by(cores) {
        let batch: Vec<SyntheticResidents> = std::thread::scope(|s| {
            let handles: Vec<_> = (first..counties.min(first + cores))
                .map(|c| {
                    let len = COUNTY.min(n - c * COUNTY);
                    s.spawn(move || {
                        let mut r = county(
                            policy,
                            len,
                            GRIDS_PER_COUNTY,
                            as_of,
                            seed.wrapping_add(c as u64),
                        );
                        let base = c as u32 * GRIDS_PER_COUNTY;
                        r.grid.iter_mut().for_each(|g| *g += base);
                        r
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a county's generator panicked"))
                .collect()
        });
        for p in batch {
            out.tier.extend_from_slice(&p.tier);
            out.tier_since.extend_from_slice(&p.tier_since);
            out.last_visit.extend_from_slice(&p.last_visit);
            out.grid.extend_from_slice(&p.grid);
        }
    }
    out
}
