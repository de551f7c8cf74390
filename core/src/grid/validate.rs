//! `grid.validate`: every check of the grid rules over one community,
//! reporting every issue (not just the first) in a deterministic order.
//!
//! Order of issues: errors before warnings; within a severity, in the order
//! of the checks table ([`IssueCode::ALL`]); within a code, in input order
//! (grid issues by the grid's position, `staff.worker_multi_grid` by the
//! worker's first appearance, coverage issues by the household's first
//! entry, and for `coverage.unknown_grid` the grid's position in the
//! household's list).
//!
//! Linear in grids, staff references and household entries: one hash map
//! per kind of id, no scan of one list per element of another.

use super::community::{Community, Grid};
use super::kind::GridKind;
use super::party::{BRANCH_MIN_MEMBERS, PartyOrg};
use super::size::{SizeNorm, SizeVerdict};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// How serious an issue is. `valid` is false iff any issue is an error.
///
/// # Example
/// ```
/// assert_eq!(wangshi::grid::Severity::Warning.as_str(), "warning");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The community's grid set-up breaks a rule; `valid` is false.
    Error,
    /// Worth a look; does not make the set-up invalid.
    Warning,
}

impl Severity {
    /// The contract code: `error` or `warning`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The code of a validation issue (one per check of `grid.validate`).
///
/// # Example
/// ```
/// use wangshi::grid::{IssueCode, Severity};
/// assert_eq!(IssueCode::NoFulltimeWorker.as_str(), "grid.no_fulltime_worker");
/// assert_eq!(IssueCode::NoLeader.severity(), Severity::Warning);
/// assert_eq!(IssueCode::from_name("coverage.overlap"), Some(IssueCode::CoverageOverlap));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum IssueCode {
    /// `grid.duplicate_id` (error): two grids share an id.
    DuplicateId,
    /// `grid.unknown_parent` (error): a micro grid's parent is missing or not
    /// a standard grid (or a grid that is not micro names a parent).
    UnknownParent,
    /// `grid.no_fulltime_worker` (error): a standard grid lists no full-time
    /// worker.
    NoFulltimeWorker,
    /// `staff.worker_multi_grid` (error): a full-time worker on more than one
    /// standard grid (subject = the worker).
    WorkerMultiGrid,
    /// `community.no_chief_grid_leader` (error): nobody is chief grid leader.
    NoChiefGridLeader,
    /// `party.branch_too_small` (error): a party branch with fewer than 3
    /// party members.
    BranchTooSmall,
    /// `grid.no_leader` (warning): a grid has no grid leader.
    NoLeader,
    /// `party.no_organization` (warning): a standard grid has neither a
    /// branch nor a group.
    NoPartyOrganization,
    /// `grid.undersized` (warning): size norm verdict `undersized`.
    Undersized,
    /// `grid.oversized` (warning): size norm verdict `oversized`.
    Oversized,
    /// `grid.size_mixed` (warning): size norm verdict `mixed`.
    SizeMixed,
    /// `coverage.unassigned` (error): a household is in no standard grid
    /// (subject = the household).
    CoverageUnassigned,
    /// `coverage.overlap` (error): a household is in more than one standard
    /// grid (subject = the household).
    CoverageOverlap,
    /// `coverage.unknown_grid` (error): a household names a grid that does
    /// not exist (subject = the household, grid = the missing id).
    CoverageUnknownGrid,
}

impl IssueCode {
    /// Every code, in the order of the checks table (the report's order).
    pub const ALL: [IssueCode; 14] = [
        IssueCode::DuplicateId,
        IssueCode::UnknownParent,
        IssueCode::NoFulltimeWorker,
        IssueCode::WorkerMultiGrid,
        IssueCode::NoChiefGridLeader,
        IssueCode::BranchTooSmall,
        IssueCode::NoLeader,
        IssueCode::NoPartyOrganization,
        IssueCode::Undersized,
        IssueCode::Oversized,
        IssueCode::SizeMixed,
        IssueCode::CoverageUnassigned,
        IssueCode::CoverageOverlap,
        IssueCode::CoverageUnknownGrid,
    ];

    /// The contract code (`grid.duplicate_id`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            IssueCode::DuplicateId => "grid.duplicate_id",
            IssueCode::UnknownParent => "grid.unknown_parent",
            IssueCode::NoFulltimeWorker => "grid.no_fulltime_worker",
            IssueCode::WorkerMultiGrid => "staff.worker_multi_grid",
            IssueCode::NoChiefGridLeader => "community.no_chief_grid_leader",
            IssueCode::BranchTooSmall => "party.branch_too_small",
            IssueCode::NoLeader => "grid.no_leader",
            IssueCode::NoPartyOrganization => "party.no_organization",
            IssueCode::Undersized => "grid.undersized",
            IssueCode::Oversized => "grid.oversized",
            IssueCode::SizeMixed => "grid.size_mixed",
            IssueCode::CoverageUnassigned => "coverage.unassigned",
            IssueCode::CoverageOverlap => "coverage.overlap",
            IssueCode::CoverageUnknownGrid => "coverage.unknown_grid",
        }
    }

    /// The severity the checks table gives this code.
    pub const fn severity(self) -> Severity {
        match self {
            IssueCode::NoLeader
            | IssueCode::NoPartyOrganization
            | IssueCode::Undersized
            | IssueCode::Oversized
            | IssueCode::SizeMixed => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The code with this contract name, if any.
    pub fn from_name(name: &str) -> Option<IssueCode> {
        IssueCode::ALL.into_iter().find(|c| c.as_str() == name)
    }

    fn rank(self) -> usize {
        self as usize
    }
}

/// One problem found by [`Community::validate`].
///
/// # Example
/// ```
/// use wangshi::grid::{Community, IssueCode, Severity};
/// let r = Community::new("c1", "").validate(&Default::default());
/// let i = &r.issues[0];
/// assert_eq!((i.code, i.severity, i.grid.as_deref(), i.subject.as_str()),
///     (IssueCode::NoChiefGridLeader, Severity::Error, None, "c1"));
/// assert_eq!(i.message, "社区 c1 未明确总网格长 (community c1 names no chief grid leader)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    /// What is wrong.
    pub code: IssueCode,
    /// How serious it is (always `code.severity()`).
    pub severity: Severity,
    /// The grid the issue is about, when it is about exactly one grid
    /// (`None` for community-level issues, a worker on several grids,
    /// unassigned and overlapping households). For
    /// `coverage.unknown_grid` it is the id that names no grid.
    pub grid: Option<String>,
    /// What the issue is about: the grid for grid checks, the worker for
    /// `staff.worker_multi_grid`, the community for
    /// `community.no_chief_grid_leader`, the household for coverage checks.
    pub subject: String,
    /// A sentence a county clerk understands, in Chinese with the English in
    /// brackets.
    pub message: String,
}

crate::request::write::serialize_as_str!(Severity, IssueCode);

/// Grid counts per kind.
///
/// # Example
/// ```
/// use wangshi::grid::{Community, DedicatedType, Grid};
/// let c = Community::new("c1", "s0")
///     .with_grid(Grid::standard("g1").with_size(420, 1100).with_worker("w1"))
///     .with_grid(Grid::dedicated("d1", DedicatedType::School));
/// let k = c.validate(&Default::default()).summary.grids_by_kind;
/// assert_eq!((k.standard, k.dedicated, k.micro, k.total()), (1, 1, 0, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindCounts {
    /// Standard grids.
    pub standard: usize,
    /// Dedicated grids (专属网格).
    pub dedicated: usize,
    /// Micro grids (微网格).
    pub micro: usize,
}

impl KindCounts {
    /// All grids.
    pub fn total(&self) -> usize {
        self.standard + self.dedicated + self.micro
    }
}

/// The numbers a county reports about a community's grids.
///
/// # Example
/// ```
/// use wangshi::grid::{Community, Grid, Household};
/// let c = Community::new("c1", "")
///     .with_grid(Grid::standard("g1").with_size(420, 1100).with_worker("w1"))
///     .with_grid(Grid::standard("g2").with_size(380, 990).with_worker("w1"))
///     .with_household(Household::new("h1", ["g1"]))
///     .with_household(Household::new("h2", ["g9"]));
/// let s = c.validate(&Default::default()).summary;
/// assert_eq!((s.fulltime_workers, s.households, s.population), (1, 800, 2090));
/// assert_eq!((s.households_listed, s.households_covered), (2, 1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Grids by kind (each grid record counts, duplicates included).
    pub grids_by_kind: KindCounts,
    /// Distinct full-time workers named on any grid.
    pub fulltime_workers: usize,
    /// Households of the standard grids (sum of their `households`).
    pub households: u64,
    /// Population of the standard grids (sum of their `population`).
    pub population: u64,
    /// Distinct households in the household list.
    pub households_listed: usize,
    /// Distinct listed households in at least one existing standard grid.
    pub households_covered: usize,
}

/// The result of [`Community::validate`].
///
/// # Example
/// ```
/// use wangshi::grid::{Community, Grid, Severity};
/// let c = Community::new("c1", "s0")
///     .with_grid(Grid::standard("g1").with_size(120, 300).with_worker("w1"))
///     .with_grid(Grid::standard("g2").with_size(420, 1100));
/// let r = c.validate(&Default::default());
/// assert!(!r.valid);
/// assert_eq!(r.issues[0].severity, Severity::Error); // errors come first
/// assert_eq!(r.issues[0].code.as_str(), "grid.no_fulltime_worker");
/// assert!(r.count_severity(Severity::Warning) >= 1); // g1 is undersized
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// False iff any issue is an error.
    pub valid: bool,
    /// Every issue, errors first, then in the order of [`IssueCode::ALL`],
    /// then in input order.
    pub issues: Vec<Issue>,
    /// The community's numbers.
    pub summary: Summary,
}

impl Report {
    /// The number of issues with this code.
    ///
    /// # Example
    /// ```
    /// use wangshi::grid::{Community, IssueCode};
    /// let r = Community::new("c1", "").validate(&Default::default());
    /// assert_eq!(r.count(IssueCode::NoChiefGridLeader), 1);
    /// ```
    pub fn count(&self, code: IssueCode) -> usize {
        self.issues.iter().filter(|i| i.code == code).count()
    }

    /// The number of issues with this severity.
    ///
    /// # Example
    /// ```
    /// use wangshi::grid::{Community, Grid, Severity};
    /// let c = Community::new("c1", "").with_chief_grid_leader("s0")
    ///     .with_grid(Grid::standard("g1").with_size(420, 1100).with_worker("w1"));
    /// let r = c.validate(&Default::default());
    /// assert_eq!(r.count_severity(Severity::Warning), 2); // no leader, no party organisation
    /// assert!(r.valid);
    /// ```
    pub fn count_severity(&self, severity: Severity) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == severity)
            .count()
    }
}

/// A staff or grid reference that names someone: a blank one (empty or
/// whitespace only) means none, like `None`.
fn named(r: Option<&str>) -> Option<&str> {
    r.filter(|s| !s.trim().is_empty())
}

/// Whether a list entry names a staff member (blank entries name nobody).
fn names(s: &&String) -> bool {
    !s.trim().is_empty()
}

/// `网格 g12（新昌一网格）` — the grid's kind in Chinese, its id, and its name
/// when it has one; ends with a space after a bare id, so that Chinese text
/// can follow directly.
fn zh_label(g: &Grid) -> String {
    if g.name.is_empty() {
        format!("{} {} ", g.kind.name_zh(), g.id)
    } else {
        format!("{} {}（{}）", g.kind.name_zh(), g.id, g.name)
    }
}

/// `standard grid g12`.
fn en_label(g: &Grid) -> String {
    format!("{} grid {}", g.kind.as_str(), g.id)
}

fn join(ids: impl IntoIterator<Item = impl AsRef<str>>, sep: &str) -> String {
    let mut s = String::new();
    for (i, id) in ids.into_iter().enumerate() {
        if i > 0 {
            s.push_str(sep);
        }
        s.push_str(id.as_ref());
    }
    s
}

struct Issues {
    list: Vec<Issue>,
}

impl Issues {
    fn push(&mut self, code: IssueCode, grid: Option<&str>, subject: &str, message: String) {
        self.list.push(Issue {
            code,
            severity: code.severity(),
            grid: grid.map(str::to_owned),
            subject: subject.to_owned(),
            message,
        });
    }
}

impl Community {
    /// Runs every check of the grid rules and returns every issue with
    /// the community's summary. Never fails: rule violations, dangling
    /// references and duplicate ids are issues; malformed input cannot be
    /// built with the typed API (the JSON op reports it as a request error).
    ///
    /// # Example
    /// ```
    /// use wangshi::grid::{Community, Grid, IssueCode, SizeNorm, PartyOrg};
    /// let c = Community::new("c1", "新昌社区")
    ///     .with_chief_grid_leader("s0")
    ///     .with_grid(Grid::standard("g1").with_size(420, 1100).with_leader("s1")
    ///         .with_party(PartyOrg::Branch, 2));
    /// let r = c.validate(&SizeNorm::default());
    /// assert!(!r.valid);
    /// let codes: Vec<_> = r.issues.iter().map(|i| i.code.as_str()).collect();
    /// assert_eq!(codes, ["grid.no_fulltime_worker", "party.branch_too_small"]);
    /// assert_eq!(r.issues[0].message,
    ///     "网格 g1 未配备专职网格员 (standard grid g1 lists no full-time worker)");
    /// ```
    pub fn validate(&self, norm: &SizeNorm) -> Report {
        let mut out = Issues { list: Vec::new() };
        let mut summary = Summary::default();

        if named(self.chief_grid_leader.as_deref()).is_none() {
            out.push(
                IssueCode::NoChiefGridLeader,
                None,
                &self.id,
                format!(
                    "社区 {} 未明确总网格长 (community {} names no chief grid leader)",
                    self.id, self.id
                ),
            );
        }

        // Grid ids: first occurrence wins for references; later ones are
        // duplicates.
        let mut index: HashMap<&str, u32> = HashMap::with_capacity(self.grids.len());
        let mut dups: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, g) in self.grids.iter().enumerate() {
            let i = i as u32;
            match index.get(g.id.as_str()) {
                Some(&first) => dups.entry(first).or_default().push(i),
                None => {
                    index.insert(&g.id, i);
                }
            }
        }

        // Full-time workers: the standard grids each one serves, in order of
        // first appearance.
        let mut worker_grids: HashMap<&str, Vec<u32>> = HashMap::new();
        let mut worker_order: Vec<&str> = Vec::new();
        let mut all_workers: HashSet<&str> = HashSet::new();

        for (i, g) in self.grids.iter().enumerate() {
            let i = i as u32;
            match g.kind {
                GridKind::Standard => {
                    summary.grids_by_kind.standard += 1;
                    summary.households += u64::from(g.households);
                    summary.population += u64::from(g.population);
                }
                GridKind::Dedicated(_) => summary.grids_by_kind.dedicated += 1,
                GridKind::Micro(_) => summary.grids_by_kind.micro += 1,
            }
            for w in g.workers.iter().filter(names) {
                all_workers.insert(w);
                if g.kind.is_standard() {
                    let grids = worker_grids.entry(w).or_insert_with(|| {
                        worker_order.push(w);
                        Vec::new()
                    });
                    if grids.last() != Some(&i) {
                        grids.push(i);
                    }
                }
            }
            self.check_grid(g, i, &index, &dups, norm, &mut out);
        }
        summary.fulltime_workers = all_workers.len();

        for w in worker_order {
            let grids = &worker_grids[w];
            if grids.len() > 1 {
                let ids = join(grids.iter().map(|&i| &self.grids[i as usize].id), "、");
                let ids_en = join(grids.iter().map(|&i| &self.grids[i as usize].id), ", ");
                out.push(
                    IssueCode::WorkerMultiGrid,
                    None,
                    w,
                    format!(
                        "专职网格员 {w} 同时在 {} 个网格任职：{ids} (full-time worker {w} serves {} standard grids: {ids_en}; one full-time worker per grid)",
                        grids.len(),
                        grids.len()
                    ),
                );
            }
        }

        self.check_households(&index, &mut summary, &mut out);

        let mut issues = out.list;
        // Stable: input order is kept within a code.
        issues.sort_by_key(|i| (i.severity, i.code.rank()));
        Report {
            valid: !issues.iter().any(|i| i.severity == Severity::Error),
            issues,
            summary,
        }
    }

    /// The checks of one grid, in table order.
    fn check_grid(
        &self,
        g: &Grid,
        i: u32,
        index: &HashMap<&str, u32>,
        dups: &HashMap<u32, Vec<u32>>,
        norm: &SizeNorm,
        out: &mut Issues,
    ) {
        let id = g.id.as_str();
        if let Some(later) = dups.get(&i) {
            let mut positions = format!("grids[{i}]");
            for j in later {
                let _ = write!(positions, ", grids[{j}]");
            }
            out.push(
                IssueCode::DuplicateId,
                Some(id),
                id,
                format!(
                    "网格编号 {id} 重复使用 {} 次 (grid id {id} is used by {} grids: {positions})",
                    later.len() + 1,
                    later.len() + 1
                ),
            );
        }
        if let Some(parent) = named(g.parent.as_deref()) {
            let message = if !matches!(g.kind, GridKind::Micro(_)) {
                Some(format!(
                    "{}不是微网格，不能设上级网格 {parent} ({} names parent {parent}; only a micro grid may have a parent)",
                    zh_label(g),
                    en_label(g)
                ))
            } else {
                match index.get(parent) {
                    None => Some(format!(
                        "{}的上级网格 {parent} 不存在 ({} names parent {parent}, which is not a grid of the community)",
                        zh_label(g),
                        en_label(g)
                    )),
                    Some(&p) => {
                        let pg = &self.grids[p as usize];
                        (!pg.kind.is_standard()).then(|| {
                            format!(
                                "{}的上级网格 {parent} 是{}，应为普通网格 ({} names parent {parent}, a {} grid; the parent must be a standard grid)",
                                zh_label(g),
                                pg.kind.name_zh(),
                                en_label(g),
                                pg.kind.as_str()
                            )
                        })
                    }
                }
            };
            if let Some(m) = message {
                out.push(IssueCode::UnknownParent, Some(id), id, m);
            }
        }
        if g.kind.is_standard() && !g.workers.iter().any(|w| names(&w)) {
            out.push(
                IssueCode::NoFulltimeWorker,
                Some(id),
                id,
                format!(
                    "{}未配备专职网格员 ({} lists no full-time worker)",
                    zh_label(g),
                    en_label(g)
                ),
            );
        }
        if g.party_org == PartyOrg::Branch && g.party_members < BRANCH_MIN_MEMBERS {
            let n = g.party_members;
            out.push(
                IssueCode::BranchTooSmall,
                Some(id),
                id,
                format!(
                    "{}的网格党支部仅有 {n} 名正式党员，不足 {BRANCH_MIN_MEMBERS} 名，应改设党小组 ({} has a party branch with {n} party members; a branch needs at least {BRANCH_MIN_MEMBERS} full members, otherwise form a party group)",
                    zh_label(g),
                    en_label(g)
                ),
            );
        }
        if named(g.leader.as_deref()).is_none() {
            out.push(
                IssueCode::NoLeader,
                Some(id),
                id,
                format!(
                    "{}未配备网格长 ({} has no grid leader)",
                    zh_label(g),
                    en_label(g)
                ),
            );
        }
        if g.kind.is_standard() && g.party_org == PartyOrg::None {
            out.push(
                IssueCode::NoPartyOrganization,
                Some(id),
                id,
                format!(
                    "{}未建立网格党支部或党小组 ({} has neither a party branch nor a party group)",
                    zh_label(g),
                    en_label(g)
                ),
            );
        }
        let verdict = norm.verdict(g.kind, g.households, g.population);
        let (hmin, hmax) = norm.households();
        let (pmin, pmax) = norm.population();
        let (h, p) = (g.households, g.population);
        let size = match verdict {
            SizeVerdict::Ok | SizeVerdict::Exempt => None,
            SizeVerdict::Undersized => Some((
                IssueCode::Undersized,
                format!(
                    "{}规模偏小：{h} 户、{p} 人，低于 {hmin}–{hmax} 户和 {pmin}–{pmax} 人的标准，建议合并 ({} is undersized: {h} households and {p} people, below both {hmin}–{hmax} households and {pmin}–{pmax} people; consider merging it with a neighbour)",
                    zh_label(g),
                    en_label(g)
                ),
            )),
            SizeVerdict::Oversized => Some((
                IssueCode::Oversized,
                format!(
                    "{}规模偏大：{h} 户、{p} 人，高于 {hmin}–{hmax} 户和 {pmin}–{pmax} 人的标准，建议拆分 ({} is oversized: {h} households and {p} people, above both {hmin}–{hmax} households and {pmin}–{pmax} people; consider splitting it)",
                    zh_label(g),
                    en_label(g)
                ),
            )),
            SizeVerdict::Mixed => Some((
                IssueCode::SizeMixed,
                format!(
                    "{}户数与人口不一致：{h} 户、{p} 人，均不在 {hmin}–{hmax} 户或 {pmin}–{pmax} 人的标准内，建议复核 ({} has {h} households and {p} people, outside both {hmin}–{hmax} households and {pmin}–{pmax} people but not both below or both above; review its boundary)",
                    zh_label(g),
                    en_label(g)
                ),
            )),
        };
        if let Some((code, m)) = size {
            out.push(code, Some(id), id, m);
        }
    }

    /// Coverage: every household in exactly one existing standard grid.
    fn check_households(
        &self,
        index: &HashMap<&str, u32>,
        summary: &mut Summary,
        out: &mut Issues,
    ) {
        let n = self.households.len();
        if n == 0 {
            return;
        }
        // Group entries by household id (a household listed twice is one
        // household in the union of its grids): group of each entry, then a
        // counting sort of entries by group.
        let mut group_of_id: HashMap<&str, u32> = HashMap::with_capacity(n);
        let mut group_of: Vec<u32> = Vec::with_capacity(n);
        for h in &self.households {
            let next = group_of_id.len() as u32;
            group_of.push(*group_of_id.entry(&h.id).or_insert(next));
        }
        let groups = group_of_id.len();
        drop(group_of_id);
        summary.households_listed = groups;
        let mut start = vec![0u32; groups + 1];
        for &g in &group_of {
            start[g as usize + 1] += 1;
        }
        for k in 0..groups {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut members = vec![0u32; n];
        for (e, &g) in group_of.iter().enumerate() {
            members[fill[g as usize] as usize] = e as u32;
            fill[g as usize] += 1;
        }

        let mut standard: Vec<u32> = Vec::new();
        // Unknown ids of one household in order of first entry; the set
        // keeps each reported once without a scan per entry.
        let mut unknown: Vec<&str> = Vec::new();
        let mut unknown_seen: HashSet<&str> = HashSet::new();
        for k in 0..groups {
            let entries = &members[start[k] as usize..start[k + 1] as usize];
            standard.clear();
            unknown.clear();
            unknown_seen.clear();
            for &e in entries {
                for gid in &self.households[e as usize].grids {
                    match index.get(gid.as_str()) {
                        Some(&gi) if self.grids[gi as usize].kind.is_standard() => {
                            standard.push(gi);
                        }
                        Some(_) => {}
                        None => {
                            if unknown_seen.insert(gid) {
                                unknown.push(gid);
                            }
                        }
                    }
                }
            }
            let hid = self.households[entries[0] as usize].id.as_str();
            for gid in &unknown {
                out.push(
                    IssueCode::CoverageUnknownGrid,
                    Some(gid),
                    hid,
                    format!(
                        "住户 {hid} 所属网格 {gid} 不存在 (household {hid} names grid {gid}, which is not a grid of the community)"
                    ),
                );
            }
            standard.sort_unstable();
            standard.dedup();
            match standard.len() {
                0 => out.push(
                    IssueCode::CoverageUnassigned,
                    None,
                    hid,
                    format!(
                        "住户 {hid} 未划入任何普通网格 (household {hid} is in no standard grid)"
                    ),
                ),
                1 => summary.households_covered += 1,
                len => {
                    summary.households_covered += 1;
                    let ids = |sep| join(standard.iter().map(|&i| &self.grids[i as usize].id), sep);
                    out.push(
                        IssueCode::CoverageOverlap,
                        None,
                        hid,
                        format!(
                            "住户 {hid} 同时划入 {len} 个普通网格：{} (household {hid} is in {len} standard grids: {}; it must be in exactly one)",
                            ids("、"),
                            ids(", ")
                        ),
                    );
                }
            }
        }
    }
}
