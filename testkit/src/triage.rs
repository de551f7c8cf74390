//! Synthetic reported cases, deterministic from a seed: the built-in data of
//! the example, the benchmark and the property tests.
//!
//! Most cases are small general matters of one or two parties; flags, larger
//! disputes, repeats and amounts at stake form a tail, so that every class,
//! centre, level, whistle and mediation path occurs in a large batch.

use crate::rng::SplitMix64;
use wangshi::Catalog;

/// Cases as parallel columns, ready for
/// [`CaseRouter::classify_batch`](wangshi::CaseRouter::classify_batch).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyntheticCases {
    /// Item index per case (into the catalogue's items).
    pub item: Vec<u32>,
    /// Report day per case (days since 1970-01-01).
    pub reported_on: Vec<i32>,
    /// Flag bits per case.
    pub flags: Vec<u16>,
    /// Parties per case.
    pub parties: Vec<i32>,
    /// Earlier reports per case.
    pub repeat_count: Vec<i32>,
    /// Yuan at stake per case.
    pub amount: Vec<f64>,
}

impl SyntheticCases {
    /// The number of cases.
    pub fn len(&self) -> usize {
        self.item.len()
    }

    /// Whether there are no cases.
    pub fn is_empty(&self) -> bool {
        self.item.is_empty()
    }

    /// The cases as the input columns of
    /// [`CaseRouter::classify_batch`](wangshi::CaseRouter::classify_batch).
    pub fn columns(&self) -> wangshi::triage::CaseColumns<'_> {
        wangshi::triage::CaseColumns {
            item: &self.item,
            reported_on: &self.reported_on,
            flags: &self.flags,
            parties: &self.parties,
            repeat_count: &self.repeat_count,
            amount: &self.amount,
        }
    }
}

/// Percent chance of each flag, by bit number.
const FLAG_PERCENT: [u32; 9] = [3, 2, 4, 3, 3, 5, 8, 1, 10];

/// `n` cases on items of `catalog` (general items more likely), reported on
/// days `from..=to` (days since 1970-01-01), from `seed`.
///
/// # Example
/// ```
/// use wangshi_testkit::triage as synthetic;
/// let c = wangshi::Catalog::default_catalog();
/// let day = wangshi::date::parse_date("2026-11-01")?;
/// let cases = synthetic::cases(c, 1000, day, day + 29, 7);
/// assert_eq!(cases.len(), 1000);
/// assert!(cases.item.iter().all(|&i| (i as usize) < c.items().len()));
/// assert_eq!(cases, synthetic::cases(c, 1000, day, day + 29, 7)); // deterministic
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn cases(catalog: &Catalog, n: usize, from: i32, to: i32, seed: u64) -> SyntheticCases {
    let mut rng = SplitMix64::new(seed);
    let items = catalog.items().len().max(1) as u32;
    // Most reports are general matters: over half the cases are drawn from
    // the general items, the rest from every item.
    let general: Vec<u32> = (0..catalog.items().len() as u32)
        .filter(|&i| catalog.items()[i as usize].class == wangshi::CaseClass::General)
        .collect();
    let span = (i64::from(to) - i64::from(from) + 1).clamp(1, i64::from(u32::MAX)) as u32;
    let mut c = SyntheticCases {
        item: Vec::with_capacity(n),
        reported_on: Vec::with_capacity(n),
        flags: Vec::with_capacity(n),
        parties: Vec::with_capacity(n),
        repeat_count: Vec::with_capacity(n),
        amount: Vec::with_capacity(n),
    };
    for _ in 0..n {
        c.item.push(if !general.is_empty() && rng.chance(55) {
            general[rng.below(general.len() as u32) as usize]
        } else {
            rng.below(items)
        });
        c.reported_on
            .push(from.saturating_add(rng.below(span) as i32));
        let mut flags = 0u16;
        for (bit, &p) in FLAG_PERCENT.iter().enumerate() {
            if rng.chance(p) {
                flags |= 1 << bit;
            }
        }
        c.flags.push(flags);
        c.parties.push(match rng.below(100) {
            0..60 => 1,
            60..85 => 2,
            _ => 3 + rng.below(3) as i32,
        });
        c.repeat_count.push(match rng.below(100) {
            0..75 => 0,
            75..90 => 1,
            _ => 2 + rng.below(3) as i32,
        });
        c.amount.push(if rng.chance(75) {
            0.0
        } else {
            f64::from(rng.below(100_000))
        });
    }
    c
}
