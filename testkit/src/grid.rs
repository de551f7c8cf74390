//! Synthetic communities of the 宜丰 shape, deterministic from a seed, for
//! examples, tests and benchmarks.
//!
//! [`yifeng_community`] builds one community the way 宜丰县 re-drew its urban
//! grids: 100 standard grids (300–500 households each) with 100 full-time
//! workers and a grid party branch or group each, 98 dedicated grids (商圈,
//! 学校, 医院, 市场, 企业, 园区, 机关, 其他) and 24 micro grids (城中村),
//! each inside a standard grid, plus one household record per household of
//! the standard grids. It validates with no issue.
//!
//! [`yifeng_community_with_problems`] is the same community with the
//! deliberate problems listed in [`PROBLEMS`], one of each, on grids and
//! households picked by the seed. [`province`] strings many of them
//! together.
//!
//! The generator is a splitmix64 stream: the same seed gives the same
//! community on every platform and release of this crate's minor version.

use crate::rng::SplitMix64;
use wangshi::grid::{Community, DedicatedType, Grid, Household, IssueCode, MicroType, PartyOrg};

/// The issues [`yifeng_community_with_problems`] plants, one each, with the
/// grid or household that carries it:
///
/// - `grid.unknown_parent` — a micro grid names parent `g999`;
/// - `grid.no_fulltime_worker` — a standard grid loses its worker;
/// - `staff.worker_multi_grid` — another standard grid's worker is also
///   listed on a third standard grid;
/// - `party.branch_too_small` — a standard grid's branch has 2 members;
/// - `grid.no_leader` — a dedicated grid has no grid leader;
/// - `grid.undersized` — a standard grid has 180 households, 450 people;
/// - `grid.oversized` — a standard grid has 620 households, 1650 people;
/// - `coverage.unassigned` — a household is in a micro grid only;
/// - `coverage.overlap` — a household is in two standard grids;
/// - `coverage.unknown_grid` — a household also names grid `g404`.
pub const PROBLEMS: [IssueCode; 10] = [
    IssueCode::UnknownParent,
    IssueCode::NoFulltimeWorker,
    IssueCode::WorkerMultiGrid,
    IssueCode::BranchTooSmall,
    IssueCode::NoLeader,
    IssueCode::Undersized,
    IssueCode::Oversized,
    IssueCode::CoverageUnassigned,
    IssueCode::CoverageOverlap,
    IssueCode::CoverageUnknownGrid,
];

/// Standard grids in the 宜丰 shape.
pub const STANDARD_GRIDS: usize = 100;
/// Dedicated grids in the 宜丰 shape.
pub const DEDICATED_GRIDS: usize = 98;
/// Micro grids in the 宜丰 shape.
pub const MICRO_GRIDS: usize = 24;

/// How many dedicated grids of each subtype (sums to 98).
const DEDICATED_MIX: [(DedicatedType, usize); 8] = [
    (DedicatedType::BusinessDistrict, 20),
    (DedicatedType::School, 24),
    (DedicatedType::Hospital, 8),
    (DedicatedType::Market, 12),
    (DedicatedType::Enterprise, 16),
    (DedicatedType::Park, 6),
    (DedicatedType::Government, 10),
    (DedicatedType::Other, 2),
];

fn std_id(i: usize) -> String {
    format!("g{:03}", i + 1)
}

/// A clean community of the 宜丰 shape (see the [module docs](self)).
///
/// # Example
/// ```
/// use wangshi_testkit::grid::yifeng_community;
/// let c = yifeng_community(7);
/// assert_eq!(c.grids.len(), 100 + 98 + 24);
/// let r = c.validate(&Default::default());
/// assert!(r.valid && r.issues.is_empty());
/// assert_eq!(r.summary.fulltime_workers, 100);
/// assert_eq!(c, yifeng_community(7)); // deterministic
/// ```
pub fn yifeng_community(seed: u64) -> Community {
    build(seed, false)
}

/// The community of [`yifeng_community`] with one of each problem in
/// [`PROBLEMS`].
///
/// # Example
/// ```
/// use wangshi_testkit::grid::{yifeng_community_with_problems, PROBLEMS};
/// let r = yifeng_community_with_problems(7).validate(&Default::default());
/// assert!(!r.valid);
/// assert_eq!(r.issues.len(), PROBLEMS.len());
/// for code in PROBLEMS {
///     assert_eq!(r.count(code), 1, "{}", code.as_str());
/// }
/// ```
pub fn yifeng_community_with_problems(seed: u64) -> Community {
    build(seed, true)
}

/// `communities` communities of the 宜丰 shape (222 grids each, so 46 make a
/// 10 212-grid province), each with the planted [`PROBLEMS`], community `k`
/// seeded from `seed` and `k`.
///
/// # Example
/// ```
/// let p = wangshi_testkit::grid::province(2, 1);
/// assert_eq!(p.len(), 2);
/// assert_eq!(p[1].id, "c002");
/// assert_ne!(p[0].grids[0].households, p[1].grids[0].households);
/// ```
pub fn province(communities: usize, seed: u64) -> Vec<Community> {
    let mut seeds = SplitMix64::new(seed);
    (0..communities)
        .map(|k| {
            let mut c = yifeng_community_with_problems(seeds.next_u64());
            c.id = format!("c{:03}", k + 1);
            c
        })
        .collect()
}

fn build(seed: u64, problems: bool) -> Community {
    let mut rng = SplitMix64::new(seed);
    let mut c = Community::new("yifeng", "宜丰县城区社区（合成）").with_chief_grid_leader("s000");

    for i in 0..STANDARD_GRIDS {
        let households = rng.range(300, 500);
        // 2.2–3.0 people per household, in tenths.
        let population = households * rng.range(22, 30) / 10;
        let (org, members) = if rng.below64(10) == 0 {
            (PartyOrg::Group, rng.range(1, 2))
        } else {
            (PartyOrg::Branch, rng.range(3, 15))
        };
        c.grids.push(
            Grid::standard(std_id(i))
                .with_name(format!("第{}网格", i + 1))
                .with_size(households, population)
                .with_leader(format!("s{:03}", i + 1))
                .with_worker(format!("w{:03}", i + 1))
                .with_party(org, members),
        );
    }
    let mut d = 0;
    for (subtype, n) in DEDICATED_MIX {
        for _ in 0..n {
            d += 1;
            let households = rng.range(0, 40);
            c.grids.push(
                Grid::dedicated(format!("d{d:03}"), subtype)
                    .with_name(format!("{}专属网格{d}", subtype.name_zh()))
                    .with_size(households, households * 3 + rng.range(20, 400))
                    .with_leader(format!("sd{d:03}"))
                    .with_party(PartyOrg::Group, rng.range(1, 6)),
            );
        }
    }
    let mut micro_parent = Vec::with_capacity(MICRO_GRIDS);
    for m in 0..MICRO_GRIDS {
        let parent = rng.below64(STANDARD_GRIDS as u64) as usize;
        micro_parent.push(parent);
        c.grids.push(
            Grid::micro(format!("m{:03}", m + 1), MicroType::UrbanVillage)
                .with_name(format!("城中村微网格{}", m + 1))
                .with_parent(std_id(parent))
                .with_size(rng.range(20, 60), rng.range(60, 180))
                .with_leader(format!("sm{:03}", m + 1)),
        );
    }

    // Households: every household of a standard grid, in that grid; the
    // first ones of a micro grid's parent also in the micro grid.
    let mut in_micro = vec![Vec::new(); STANDARD_GRIDS];
    for (m, &p) in micro_parent.iter().enumerate() {
        in_micro[p].push(m);
    }
    for (i, micro) in in_micro.iter().enumerate() {
        let gid = std_id(i);
        let n = c.grids[i].households as usize;
        for h in 0..n {
            let mut grids = vec![gid.clone()];
            // Micro grids of this parent take consecutive 40-household runs.
            if let Some(&m) = micro.get(h / 40) {
                if h % 40 < c.grids[STANDARD_GRIDS + DEDICATED_GRIDS + m].households as usize {
                    grids.push(format!("m{:03}", m + 1));
                }
            }
            c.households.push(Household {
                id: format!("{gid}-{:03}", h + 1),
                grids,
            });
        }
    }

    if problems {
        plant(&mut c, &mut rng);
    }
    c
}

/// Plants one of each of [`PROBLEMS`].
fn plant(c: &mut Community, rng: &mut SplitMix64) {
    let micro0 = STANDARD_GRIDS + DEDICATED_GRIDS;
    let pick = rng.distinct(STANDARD_GRIDS, 7);
    let [
        no_worker,
        shared,
        sharer,
        small_branch,
        under,
        over,
        overlap,
    ] = [0, 1, 2, 3, 4, 5, 6].map(|k| pick[k]);

    let m = micro0 + rng.below64(MICRO_GRIDS as u64) as usize;
    c.grids[m].parent = Some("g999".into());

    c.grids[no_worker].workers.clear();
    let w = c.grids[shared].workers[0].clone();
    c.grids[sharer].workers.push(w);
    c.grids[small_branch].party_org = PartyOrg::Branch;
    c.grids[small_branch].party_members = 2;
    let d = STANDARD_GRIDS + rng.below64(DEDICATED_GRIDS as u64) as usize;
    c.grids[d].leader = None;
    resize(c, under, 180, 450);
    resize(c, over, 620, 1650);

    // Coverage problems on households of three grids not resized above.
    let households_of = |c: &Community, g: usize| {
        let prefix = format!("{}-", c.grids[g].id);
        c.households
            .iter()
            .position(|h| h.id.starts_with(&prefix))
            .expect("every standard grid has households")
    };
    let h = households_of(c, no_worker);
    c.households[h].grids = vec!["m001".into()];
    let h = households_of(c, overlap);
    let other = c.grids[shared].id.clone();
    c.households[h].grids.push(other);
    let h = households_of(c, small_branch);
    c.households[h].grids.push("g404".into());
}

/// Sets a standard grid's size and its household list to match.
fn resize(c: &mut Community, g: usize, households: u32, population: u32) {
    let gid = c.grids[g].id.clone();
    let old = c.grids[g].households;
    c.grids[g].households = households;
    c.grids[g].population = population;
    let prefix = format!("{gid}-");
    let first = c
        .households
        .iter()
        .position(|h| h.id.starts_with(&prefix))
        .expect("every standard grid has households");
    let end = first + old as usize;
    let keep = (households.min(old)) as usize;
    let extra: Vec<Household> = (old..households)
        .map(|h| Household {
            id: format!("{gid}-{:03}", h + 1),
            grids: vec![gid.clone()],
        })
        .collect();
    c.households.splice(first + keep..end, extra);
}
