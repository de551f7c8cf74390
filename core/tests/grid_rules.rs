//! Rule tables (one row per check and per size verdict) and seeded property
//! tests of the grid rules.

use rstest::rstest;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};
use wangshi::ErrorCode;
use wangshi::grid::*;
use wangshi_testkit::grid as synthetic;
use wangshi_testkit::rng::SplitMix64;

// ------------------------------------------------------------ size norm

#[rstest]
#[case::households_at_lower_bound(300, 0, SizeVerdict::Ok)]
#[case::households_at_upper_bound(500, 0, SizeVerdict::Ok)]
#[case::population_at_lower_bound(0, 800, SizeVerdict::Ok)]
#[case::population_at_upper_bound(5000, 1200, SizeVerdict::Ok)]
#[case::households_in_range_population_huge(420, 1300, SizeVerdict::Ok)]
#[case::both_one_below(299, 799, SizeVerdict::Undersized)]
#[case::both_one_above(501, 1201, SizeVerdict::Oversized)]
#[case::households_one_below_population_one_above(299, 1201, SizeVerdict::Mixed)]
#[case::households_one_above_population_one_below(501, 799, SizeVerdict::Mixed)]
#[case::empty_grid_undersized(0, 0, SizeVerdict::Undersized)]
#[case::few_households_many_people(250, 1300, SizeVerdict::Mixed)]
fn size_norm_verdict(#[case] households: u32, #[case] population: u32, #[case] want: SizeVerdict) {
    let norm = SizeNorm::default();
    assert_eq!(
        norm.verdict(GridKind::Standard, households, population),
        want
    );
    let r = wangshi::evaluate(json!({"op": "grid.size", "kind": "standard",
        "households": households, "population": population}))
    .unwrap();
    assert_eq!(r["verdict"], want.as_str());
    assert_eq!(r["advice"], json!(want.advice().map(|a| a.as_str())));
}

#[rstest]
#[case::dedicated_exempt(GridKind::Dedicated(DedicatedType::School))]
#[case::micro_exempt(GridKind::Micro(MicroType::UrbanVillage))]
fn size_norm_exempt(#[case] kind: GridKind) {
    for (h, p) in [(0, 0), (400, 1000), (10_000, 90_000)] {
        assert_eq!(SizeNorm::default().verdict(kind, h, p), SizeVerdict::Exempt);
    }
}

#[rstest]
#[case::advice_merge(SizeVerdict::Undersized, Some("merge"))]
#[case::advice_split(SizeVerdict::Oversized, Some("split"))]
#[case::advice_review(SizeVerdict::Mixed, Some("review"))]
#[case::no_advice_ok(SizeVerdict::Ok, None)]
#[case::no_advice_exempt(SizeVerdict::Exempt, None)]
fn size_advice(#[case] v: SizeVerdict, #[case] want: Option<&str>) {
    assert_eq!(v.advice().map(Advice::as_str), want);
}

#[test]
fn size_norm_override_in_request() {
    let r = wangshi::evaluate(json!({"op": "grid.size", "kind": "standard",
        "households": 200, "population": 500, "norm": {"households_min": 150}}))
    .unwrap();
    assert_eq!(r["verdict"], "ok");
    let e = wangshi::evaluate(json!({"op": "grid.size", "kind": "standard",
        "households": 200, "population": 500, "norm": {"households_max": 100}}))
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidPolicy);
    assert_eq!(e.path(), Some("norm.households_min"));
    let e = wangshi::evaluate(json!({"op": "grid.size", "kind": "standard",
        "households": 200, "population": 500, "norm": {"households_mn": 100}}))
    .unwrap_err();
    // A typo keeps unknown_field, as everywhere in a request.
    assert_eq!(e.code(), ErrorCode::UnknownField);
    assert_eq!(e.path(), Some("norm.households_mn"));
}

// ------------------------------------------------------------ validation

/// The smallest community with no issue: a chief grid leader, one staffed
/// standard grid of the right size with a branch, one household in it.
fn clean() -> Community {
    Community::new("c1", "新昌社区")
        .with_chief_grid_leader("s0")
        .with_grid(clean_grid("g1", "w1"))
        .with_household(Household::new("h1", ["g1"]))
}

fn clean_grid(id: &str, worker: &str) -> Grid {
    Grid::standard(id)
        .with_size(420, 1100)
        .with_leader(format!("leader-{id}"))
        .with_worker(worker)
        .with_party(PartyOrg::Branch, 5)
}

fn second_grid(c: &mut Community, worker: &str) {
    c.grids.push(clean_grid("g2", worker));
    c.households.push(Household::new("h2", ["g2"]));
}

#[test]
fn clean_community_has_no_issue() {
    let r = clean().validate(&SizeNorm::default());
    assert!(r.valid);
    assert_eq!(r.issues, []);
    assert_eq!(r.summary.households_covered, 1);
}

#[rstest]
#[case::duplicate_id(IssueCode::DuplicateId, "g1", |c: &mut Community| {
    c.grids.push(Grid::dedicated("g1", DedicatedType::School).with_leader("s9"));
})]
#[case::unknown_parent_missing(IssueCode::UnknownParent, "m1", |c: &mut Community| {
    c.grids.push(Grid::micro("m1", MicroType::UrbanVillage).with_parent("g9").with_leader("s9"));
})]
#[case::unknown_parent_not_standard(IssueCode::UnknownParent, "m1", |c: &mut Community| {
    c.grids.push(Grid::dedicated("d1", DedicatedType::Market).with_leader("s8"));
    c.grids.push(Grid::micro("m1", MicroType::UrbanVillage).with_parent("d1").with_leader("s9"));
})]
#[case::unknown_parent_on_non_micro(IssueCode::UnknownParent, "d1", |c: &mut Community| {
    c.grids.push(Grid::dedicated("d1", DedicatedType::Market).with_parent("g1").with_leader("s8"));
})]
#[case::no_fulltime_worker(IssueCode::NoFulltimeWorker, "g1", |c: &mut Community| {
    c.grids[0].workers.clear();
})]
#[case::worker_multi_grid(IssueCode::WorkerMultiGrid, "w1", |c: &mut Community| {
    second_grid(c, "w1");
})]
#[case::no_chief_grid_leader(IssueCode::NoChiefGridLeader, "c1", |c: &mut Community| {
    c.chief_grid_leader = None;
})]
#[case::no_chief_grid_leader_empty(IssueCode::NoChiefGridLeader, "c1", |c: &mut Community| {
    c.chief_grid_leader = Some(String::new());
})]
#[case::no_chief_grid_leader_blank(IssueCode::NoChiefGridLeader, "c1", |c: &mut Community| {
    c.chief_grid_leader = Some(" \t".into());
})]
#[case::branch_too_small(IssueCode::BranchTooSmall, "g1", |c: &mut Community| {
    c.grids[0].party_members = 2;
})]
#[case::no_leader(IssueCode::NoLeader, "g1", |c: &mut Community| {
    c.grids[0].leader = None;
})]
#[case::no_leader_blank(IssueCode::NoLeader, "g1", |c: &mut Community| {
    c.grids[0].leader = Some("  ".into());
})]
#[case::no_leader_dedicated(IssueCode::NoLeader, "d1", |c: &mut Community| {
    c.grids.push(Grid::dedicated("d1", DedicatedType::Hospital));
})]
#[case::no_party_organization(IssueCode::NoPartyOrganization, "g1", |c: &mut Community| {
    c.grids[0].party_org = PartyOrg::None;
})]
#[case::undersized(IssueCode::Undersized, "g1", |c: &mut Community| {
    c.grids[0].households = 299;
    c.grids[0].population = 799;
})]
#[case::oversized(IssueCode::Oversized, "g1", |c: &mut Community| {
    c.grids[0].households = 501;
    c.grids[0].population = 1201;
})]
#[case::size_mixed(IssueCode::SizeMixed, "g1", |c: &mut Community| {
    c.grids[0].households = 250;
    c.grids[0].population = 1300;
})]
#[case::coverage_unassigned(IssueCode::CoverageUnassigned, "h1", |c: &mut Community| {
    c.households[0].grids.clear();
})]
#[case::coverage_unassigned_micro_only(IssueCode::CoverageUnassigned, "h1", |c: &mut Community| {
    c.grids.push(Grid::micro("m1", MicroType::UrbanVillage).with_parent("g1").with_leader("s9"));
    c.households[0].grids = vec!["m1".into()];
})]
#[case::coverage_overlap(IssueCode::CoverageOverlap, "h1", |c: &mut Community| {
    second_grid(c, "w2");
    c.households[0].grids.push("g2".into());
})]
#[case::coverage_overlap_repeated_household(IssueCode::CoverageOverlap, "h2", |c: &mut Community| {
    second_grid(c, "w2");
    c.households.push(Household::new("h2", ["g1"]));
})]
#[case::coverage_unknown_grid(IssueCode::CoverageUnknownGrid, "h1", |c: &mut Community| {
    c.households[0].grids.push("g404".into());
})]
fn validation_check(
    #[case] code: IssueCode,
    #[case] subject: &str,
    #[case] break_it: fn(&mut Community),
) {
    let mut c = clean();
    break_it(&mut c);
    let r = c.validate(&SizeNorm::default());
    let codes: Vec<_> = r.issues.iter().map(|i| i.code).collect();
    assert_eq!(codes, [code], "{:#?}", r.issues);
    let issue = &r.issues[0];
    assert_eq!(issue.subject, subject);
    assert_eq!(issue.severity, code.severity());
    assert_eq!(r.valid, code.severity() == Severity::Warning);
    assert!(!issue.message.is_empty() && issue.message.contains(subject));
    // The JSON op says the same.
    let v = wangshi::evaluate(json!({"op": "grid.validate", "community": c.to_value()})).unwrap();
    assert_eq!(v, r.to_value());
    assert_eq!(v["issues"][0]["code"], code.as_str());
}

#[rstest]
#[case::duplicate_id("grid.duplicate_id", "error")]
#[case::unknown_parent("grid.unknown_parent", "error")]
#[case::no_fulltime_worker("grid.no_fulltime_worker", "error")]
#[case::worker_multi_grid("staff.worker_multi_grid", "error")]
#[case::no_chief_grid_leader("community.no_chief_grid_leader", "error")]
#[case::branch_too_small("party.branch_too_small", "error")]
#[case::no_leader("grid.no_leader", "warning")]
#[case::no_organization("party.no_organization", "warning")]
#[case::undersized("grid.undersized", "warning")]
#[case::oversized("grid.oversized", "warning")]
#[case::size_mixed("grid.size_mixed", "warning")]
#[case::unassigned("coverage.unassigned", "error")]
#[case::overlap("coverage.overlap", "error")]
#[case::unknown_grid("coverage.unknown_grid", "error")]
fn issue_code_contract(#[case] name: &str, #[case] severity: &str) {
    let code = IssueCode::from_name(name).unwrap();
    assert_eq!(code.as_str(), name);
    assert_eq!(code.severity().as_str(), severity);
}

#[test]
fn issue_order_is_errors_then_table_then_input() {
    let mut c = clean();
    c.chief_grid_leader = None;
    c.grids[0].leader = None; // warning on g1
    c.grids
        .push(Grid::standard("g2").with_size(420, 1100).with_leader("s2")); // no worker, no party
    c.grids.push(Grid::standard("g3").with_size(420, 1100)); // no worker, no leader, no party
    c.households.push(Household::new("h2", ["g9"]));
    let r = c.validate(&SizeNorm::default());
    let got: Vec<_> = r
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.subject.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("grid.no_fulltime_worker", "g2"),
            ("grid.no_fulltime_worker", "g3"),
            ("community.no_chief_grid_leader", "c1"),
            ("coverage.unassigned", "h2"),
            ("coverage.unknown_grid", "h2"),
            ("grid.no_leader", "g1"),
            ("grid.no_leader", "g3"),
            ("party.no_organization", "g2"),
            ("party.no_organization", "g3"),
        ]
    );
    assert_eq!(r.issues[4].grid.as_deref(), Some("g9"));
}

#[test]
fn messages_name_the_grid_in_both_languages() {
    let mut c = clean();
    c.grids[0].workers.clear();
    c.grids[0].name = "第一网格".into();
    let r = c.validate(&SizeNorm::default());
    assert_eq!(
        r.issues[0].message,
        "网格 g1（第一网格）未配备专职网格员 (standard grid g1 lists no full-time worker)"
    );
}

#[test]
fn summary_counts() {
    let c = synthetic::yifeng_community(3);
    let r = c.validate(&SizeNorm::default());
    let s = r.summary;
    assert_eq!(
        (
            s.grids_by_kind.standard,
            s.grids_by_kind.dedicated,
            s.grids_by_kind.micro
        ),
        (100, 98, 24)
    );
    assert_eq!(s.fulltime_workers, 100);
    let hh: u64 = c.grids[..100].iter().map(|g| u64::from(g.households)).sum();
    assert_eq!(s.households, hh);
    assert_eq!(s.households_listed as u64, hh);
    assert_eq!(s.households_covered as u64, hh);
}

// ------------------------------------------------------------ request errors

#[rstest]
#[case::unknown_community_field(json!({"id": "c1", "grids": [], "gridz": []}), ErrorCode::UnknownField, "community.gridz")]
#[case::missing_grids(json!({"id": "c1"}), ErrorCode::MissingField, "community.grids")]
#[case::missing_kind(json!({"id": "c1", "grids": [{"id": "g1"}]}), ErrorCode::MissingField, "community.grids[0].kind")]
#[case::unknown_kind(json!({"id": "c1", "grids": [{"id": "g1", "kind": "mega"}]}), ErrorCode::InvalidValue, "community.grids[0].kind")]
#[case::unknown_subtype(json!({"id": "c1", "grids": [{"id": "d1", "kind": "dedicated", "subtype": "zoo"}]}), ErrorCode::InvalidValue, "community.grids[0].subtype")]
#[case::subtype_on_standard(json!({"id": "c1", "grids": [{"id": "g1", "kind": "standard", "subtype": "school"}]}), ErrorCode::InvalidValue, "community.grids[0].subtype")]
#[case::negative_households(json!({"id": "c1", "grids": [{"id": "g1", "kind": "standard", "households": -4}]}), ErrorCode::InvalidValue, "community.grids[0].households")]
#[case::fractional_population(json!({"id": "c1", "grids": [{"id": "g1", "kind": "standard", "population": 9.5}]}), ErrorCode::InvalidValue, "community.grids[0].population")]
#[case::workers_not_a_list(json!({"id": "c1", "grids": [{"id": "g1", "kind": "standard", "workers": "w1"}]}), ErrorCode::InvalidValue, "community.grids[0].workers")]
#[case::worker_not_a_string(json!({"id": "c1", "grids": [{"id": "g1", "kind": "standard", "workers": [7]}]}), ErrorCode::InvalidValue, "community.grids[0].workers[0]")]
#[case::empty_grid_id(json!({"id": "c1", "grids": [{"id": "", "kind": "standard"}]}), ErrorCode::InvalidValue, "community.grids[0].id")]
#[case::blank_grid_id(json!({"id": "c1", "grids": [{"id": " ", "kind": "standard"}]}), ErrorCode::InvalidValue, "community.grids[0].id")]
#[case::blank_community_id(json!({"id": "\t", "grids": []}), ErrorCode::InvalidValue, "community.id")]
#[case::blank_worker(json!({"id": "c1", "grids": [{"id": "g1", "kind": "standard", "workers": ["w1", " "]}]}), ErrorCode::InvalidValue, "community.grids[0].workers[1]")]
#[case::blank_party_member(json!({"id": "c1", "grids": [{"id": "g1", "kind": "standard", "party_members": [" "]}]}), ErrorCode::InvalidValue, "community.grids[0].party_members[0]")]
#[case::blank_household_id(json!({"id": "c1", "grids": [], "households": [{"id": "  ", "grids": []}]}), ErrorCode::InvalidValue, "community.households[0].id")]
#[case::unknown_party_org(json!({"id": "c1", "grids": [{"id": "g1", "kind": "standard", "party_org": "cell"}]}), ErrorCode::InvalidValue, "community.grids[0].party_org")]
#[case::household_without_grids(json!({"id": "c1", "grids": [], "households": [{"id": "h1"}]}), ErrorCode::MissingField, "community.households[0].grids")]
#[case::household_grid_empty_id(json!({"id": "c1", "grids": [], "households": [{"id": "h1", "grids": [""]}]}), ErrorCode::InvalidValue, "community.households[0].grids[0]")]
#[case::household_grid_blank_id(json!({"id": "c1", "grids": [], "households": [{"id": "h1", "grids": [" "]}]}), ErrorCode::InvalidValue, "community.households[0].grids[0]")]
#[case::unknown_grid_field(json!({"id": "c1", "grids": [{"id": "g1", "kind": "standard", "wokers": []}]}), ErrorCode::UnknownField, "community.grids[0].wokers")]
fn request_error(#[case] community: Value, #[case] code: ErrorCode, #[case] path: &str) {
    let e = wangshi::evaluate(json!({"op": "grid.validate", "community": community})).unwrap_err();
    assert_eq!((e.code(), e.path()), (code, Some(path)), "{e}");
}

/// The reviewer's request: blank ids everywhere. The blank grid id is the
/// request error (like an empty one), before any blank staff is looked at.
#[test]
fn blank_grid_id_is_a_request_error() {
    let e = wangshi::evaluate(json!({"op": "grid.validate", "community": {"id": "c1",
        "chief_grid_leader": " ", "grids": [{"id": " ", "kind": "standard", "leader": " ",
        "workers": [" "]}]}}))
    .unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::InvalidValue, Some("community.grids[0].id"))
    );
    assert!(e.message().contains("blank"), "{e}");
}

/// A blank (whitespace-only) staff or parent reference means none: the
/// report is the one of the same request with null there.
#[rstest]
#[case::chief_grid_leader("/chief_grid_leader", "community.no_chief_grid_leader")]
#[case::leader("/grids/0/leader", "grid.no_leader")]
#[case::leader_of_dedicated("/grids/1/leader", "grid.no_leader")]
#[case::parent("/grids/2/parent", "")]
fn blank_reference_means_none(#[case] pointer: &str, #[case] issue: &str) {
    let with = |v: Value| {
        let mut c = json!({"id": "c1", "chief_grid_leader": "s0", "grids": [
            {"id": "g1", "kind": "standard", "households": 420, "population": 1100,
             "leader": "s1", "workers": ["w1"], "party_members": 5, "party_org": "branch"},
            {"id": "d1", "kind": "dedicated", "subtype": "school", "leader": "s2"},
            {"id": "m1", "kind": "micro", "subtype": "urban_village", "parent": "g1", "leader": "s3"}],
            "households": [{"id": "h1", "grids": ["g1"]}]});
        *c.pointer_mut(pointer).unwrap() = v;
        wangshi::evaluate(json!({"op": "grid.validate", "community": c})).unwrap()
    };
    let blank = with(json!(" \t "));
    assert_eq!(blank, with(Value::Null));
    assert_eq!(blank, with(json!("")));
    let codes: Vec<_> = blank["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    let want: &[&str] = if issue.is_empty() { &[] } else { &[issue] };
    assert_eq!(codes, want);
}

/// In the typed API a blank entry of `workers` names nobody: it neither
/// staffs the grid nor counts as a full-time worker.
#[rstest]
#[case::only_blank(&[" "], &[IssueCode::NoFulltimeWorker], 0)]
#[case::only_empty(&[""], &[IssueCode::NoFulltimeWorker], 0)]
#[case::blank_beside_a_worker(&["\t", "w1"], &[], 1)]
fn blank_worker_names_nobody(
    #[case] workers: &[&str],
    #[case] want: &[IssueCode],
    #[case] fulltime: usize,
) {
    let mut c = clean();
    c.grids[0].workers = workers.iter().map(|w| (*w).to_owned()).collect();
    let r = c.validate(&SizeNorm::default());
    let codes: Vec<_> = r.issues.iter().map(|i| i.code).collect();
    assert_eq!(codes, want);
    assert_eq!(r.summary.fulltime_workers, fulltime);
}

#[test]
fn party_members_as_a_list_counts_distinct_ids() {
    let c = Community::from_value(
        &json!({"id": "c1", "grids": [{"id": "g1", "kind": "standard",
        "party_org": "branch", "party_members": ["p1", "p2", "p2"]}]}),
    )
    .unwrap();
    assert_eq!(c.grids[0].party_members, 2);
    assert_eq!(
        c.validate(&SizeNorm::default())
            .count(IssueCode::BranchTooSmall),
        1
    );
}

// ------------------------------------------------------------ large inputs
//
// Sizes at which a scan of one list per element of another would take
// minutes (even more so in debug builds); linear, each runs in well under a
// second. Not timing assertions: the answers are checked in full.

#[test]
fn household_naming_50000_unknown_grids_reports_each_once_in_order() {
    const N: usize = 50_000;
    // Listed twice: the second entry repeats every id in reverse, which a
    // set must not report again nor reorder.
    let ids: Vec<String> = (0..N).map(|i| format!("x{i}")).collect();
    let c = clean()
        .with_household(Household::new("h9", ids.iter().map(String::as_str)))
        .with_household(Household::new("h9", ids.iter().rev().map(String::as_str)));
    let r = c.validate(&SizeNorm::default());
    let unknown: Vec<_> = r
        .issues
        .iter()
        .filter(|i| i.code == IssueCode::CoverageUnknownGrid)
        .collect();
    assert_eq!(unknown.len(), N);
    for (i, issue) in unknown.iter().enumerate() {
        assert_eq!(issue.grid.as_deref(), Some(ids[i].as_str()));
        assert_eq!(issue.subject, "h9");
    }
}

// ------------------------------------------------------------ properties

/// A random small community over small id pools, so that duplicates,
/// dangling references, shared workers and overlapping households all occur.
fn random_community(rng: &mut SplitMix64) -> Community {
    let mut c = Community::new("c", "");
    if rng.below64(4) > 0 {
        c.chief_grid_leader = Some("s0".into());
    }
    let n = rng.below64(12) as usize;
    let pick = |rng: &mut SplitMix64, pool: &str, n: u64| format!("{pool}{}", rng.below64(n));
    for _ in 0..n {
        let kind = match rng.below64(4) {
            0 | 1 => GridKind::Standard,
            2 => GridKind::Dedicated(DedicatedType::ALL[rng.below64(8) as usize]),
            _ => GridKind::Micro(MicroType::ALL[rng.below64(3) as usize]),
        };
        let mut g =
            Grid::new(pick(rng, "g", 10), kind).with_size(rng.range(0, 700), rng.range(0, 1600));
        if rng.below64(4) == 0 {
            g.parent = Some(pick(rng, "g", 12));
        }
        if rng.below64(3) > 0 {
            g.leader = Some(pick(rng, "s", 5));
        }
        for _ in 0..rng.below64(3) {
            g.workers.push(pick(rng, "w", 8));
        }
        g.party_org = [PartyOrg::Branch, PartyOrg::Group, PartyOrg::None][rng.below64(3) as usize];
        g.party_members = rng.range(0, 6);
        c.grids.push(g);
    }
    for _ in 0..rng.below64(15) {
        let grids = (0..rng.below64(3))
            .map(|_| pick(rng, "g", 12))
            .collect::<Vec<_>>();
        c.households.push(Household::new(pick(rng, "h", 10), grids));
    }
    c
}

/// The checks written the slow, obvious way: (code, subject) counts.
fn oracle(c: &Community, norm: &SizeNorm) -> BTreeMap<(&'static str, String), usize> {
    let mut out = BTreeMap::new();
    let mut add = |code: IssueCode, subject: &str| {
        *out.entry((code.as_str(), subject.to_owned())).or_insert(0) += 1;
    };
    let first = |id: &str| c.grids.iter().find(|g| g.id == id);
    let mut seen = Vec::new();
    for g in &c.grids {
        if c.grids.iter().filter(|o| o.id == g.id).count() > 1 && !seen.contains(&&g.id) {
            seen.push(&g.id);
            add(IssueCode::DuplicateId, &g.id);
        }
        if let Some(p) = &g.parent {
            let ok = matches!(g.kind, GridKind::Micro(_))
                && first(p).is_some_and(|pg| pg.kind == GridKind::Standard);
            if !ok {
                add(IssueCode::UnknownParent, &g.id);
            }
        }
        let std = g.kind == GridKind::Standard;
        if std && g.workers.is_empty() {
            add(IssueCode::NoFulltimeWorker, &g.id);
        }
        if g.party_org == PartyOrg::Branch && g.party_members < 3 {
            add(IssueCode::BranchTooSmall, &g.id);
        }
        if g.leader.is_none() {
            add(IssueCode::NoLeader, &g.id);
        }
        if std && g.party_org == PartyOrg::None {
            add(IssueCode::NoPartyOrganization, &g.id);
        }
        match norm.verdict(g.kind, g.households, g.population) {
            SizeVerdict::Undersized => add(IssueCode::Undersized, &g.id),
            SizeVerdict::Oversized => add(IssueCode::Oversized, &g.id),
            SizeVerdict::Mixed => add(IssueCode::SizeMixed, &g.id),
            _ => {}
        }
    }
    if c.chief_grid_leader.is_none() {
        add(IssueCode::NoChiefGridLeader, &c.id);
    }
    let workers: HashSet<&String> = c.grids.iter().flat_map(|g| &g.workers).collect();
    for w in workers {
        let grids = c
            .grids
            .iter()
            .enumerate()
            .filter(|(_, g)| g.kind == GridKind::Standard && g.workers.contains(w))
            .count();
        if grids > 1 {
            add(IssueCode::WorkerMultiGrid, w);
        }
    }
    let ids: HashSet<&String> = c.households.iter().map(|h| &h.id).collect();
    for h in ids {
        let named: HashSet<&String> = c
            .households
            .iter()
            .filter(|e| &e.id == h)
            .flat_map(|e| &e.grids)
            .collect();
        let standard = named
            .iter()
            .filter(|g| first(g).is_some_and(|g| g.kind == GridKind::Standard))
            .count();
        for g in &named {
            if first(g).is_none() {
                add(IssueCode::CoverageUnknownGrid, h);
            }
        }
        match standard {
            0 => add(IssueCode::CoverageUnassigned, h),
            1 => {}
            _ => add(IssueCode::CoverageOverlap, h),
        }
    }
    out
}

fn counts(r: &Report) -> BTreeMap<(&'static str, String), usize> {
    let mut out = BTreeMap::new();
    for i in &r.issues {
        *out.entry((i.code.as_str(), i.subject.clone())).or_insert(0) += 1;
    }
    out
}

#[test]
fn property_validation_matches_the_obvious_checks() {
    let norm = SizeNorm::default();
    let mut rng = SplitMix64::new(20261126);
    for _ in 0..2000 {
        let c = random_community(&mut rng);
        let r = c.validate(&norm);
        assert_eq!(counts(&r), oracle(&c, &norm), "{c:#?}");
        assert_eq!(
            r.valid,
            r.issues.iter().all(|i| i.severity == Severity::Warning)
        );
        // Order: errors first, then table order.
        let keys: Vec<_> = r.issues.iter().map(|i| (i.severity, i.code)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]));
    }
}

#[test]
fn property_order_of_input_does_not_change_the_findings() {
    let norm = SizeNorm::default();
    let mut rng = SplitMix64::new(7);
    for _ in 0..500 {
        let c = random_community(&mut rng);
        // Ids are unique here so "first occurrence wins" cannot differ.
        let mut seen = HashSet::new();
        if !c.grids.iter().all(|g| seen.insert(g.id.clone())) {
            continue;
        }
        let mut shuffled = c.clone();
        shuffled.grids.reverse();
        shuffled.households.reverse();
        let (a, b) = (c.validate(&norm), shuffled.validate(&norm));
        assert_eq!(counts(&a), counts(&b));
        assert_eq!(a.summary, b.summary);
    }
}

#[test]
fn property_json_and_typed_agree() {
    let norm = SizeNorm::default();
    let mut rng = SplitMix64::new(99);
    for _ in 0..300 {
        let c = random_community(&mut rng);
        let v = c.to_value();
        assert_eq!(Community::from_value(&v).unwrap(), c);
        let out = wangshi::evaluate(json!({"op": "grid.validate", "community": v})).unwrap();
        assert_eq!(out, c.validate(&norm).to_value());
    }
}

#[test]
fn property_size_verdict_matches_the_definition() {
    let mut rng = SplitMix64::new(5);
    for _ in 0..20_000 {
        let (a, b) = (rng.range(0, 2000), rng.range(0, 2000));
        let (c, d) = (rng.range(0, 3000), rng.range(0, 3000));
        let norm = SizeNorm::new(a.min(b), a.max(b), c.min(d), c.max(d)).unwrap();
        let (h, p) = (rng.range(0, 2500), rng.range(0, 3500));
        let hin = (a.min(b)..=a.max(b)).contains(&h);
        let pin = (c.min(d)..=c.max(d)).contains(&p);
        let v = norm.verdict(GridKind::Standard, h, p);
        assert_eq!(v == SizeVerdict::Ok, hin || pin);
        if v == SizeVerdict::Undersized {
            assert!(h < a.min(b) && p < c.min(d));
        }
        if v == SizeVerdict::Oversized {
            assert!(h > a.max(b) && p > c.max(d));
        }
        assert_ne!(v, SizeVerdict::Exempt);
    }
}

#[test]
fn property_synthetic_communities() {
    for seed in 0..20 {
        let r = synthetic::yifeng_community(seed).validate(&SizeNorm::default());
        assert!(r.issues.is_empty(), "seed {seed}: {:#?}", r.issues);
        let r = synthetic::yifeng_community_with_problems(seed).validate(&SizeNorm::default());
        let codes: Vec<_> = r.issues.iter().map(|i| i.code).collect();
        let mut want = synthetic::PROBLEMS.to_vec();
        want.sort_by_key(|c| (c.severity(), *c));
        assert_eq!(codes, want, "seed {seed}");
    }
}

#[test]
fn garbage_requests_never_panic() {
    let mut rng = SplitMix64::new(1);
    let atoms = [
        json!(null),
        json!(-1),
        json!(1.5),
        json!("x"),
        json!([]),
        json!({}),
        json!(true),
        json!(["g1", 3]),
        json!(4294967296u64),
    ];
    let fields = grid_fields();
    for _ in 0..3000 {
        let mut g = serde_json::Map::new();
        g.insert("id".into(), json!("g1"));
        g.insert(
            "kind".into(),
            json!(["standard", "dedicated", "micro"][rng.below64(3) as usize]),
        );
        for _ in 0..rng.below64(4) {
            let f = fields[rng.below64(fields.len() as u64) as usize].as_str();
            g.insert(
                f.into(),
                atoms[rng.below64(atoms.len() as u64) as usize].clone(),
            );
        }
        let req = json!({"op": "grid.validate", "community": {"id": "c1", "grids": [g],
            "households": [{"id": "h1", "grids": atoms[rng.below64(atoms.len() as u64) as usize]}]}});
        let out: Value = serde_json::from_str(&wangshi::evaluate_json(&req.to_string())).unwrap();
        assert!(out["ok"].is_boolean());
        if out["ok"] == false {
            assert!(
                out["error"]["path"]
                    .as_str()
                    .unwrap()
                    .starts_with("community."),
                "{out}"
            );
        }
    }
}

/// The fields of a grid object, as the unknown-field error lists them.
fn grid_fields() -> Vec<String> {
    let req = json!({"op": "grid.validate", "community": {"id": "c1",
        "grids": [{"id": "g1", "kind": "standard", "no_such_field": 1}]}});
    let e = wangshi::evaluate(req).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnknownField);
    let list = e.message().split("expected one of: ").nth(1).unwrap();
    list.split(", ").map(str::to_owned).collect()
}
