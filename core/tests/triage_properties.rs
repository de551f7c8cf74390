//! Invariants of case triage over many seeded synthetic cases (no new
//! dependency: the crate's splitmix64 generator): the batch, raw and typed
//! paths agree, and each decision obeys the triage rules whatever the
//! combination of flags and numbers.

use wangshi::date::{format_date, parse_date};
use wangshi::triage::{Case, CaseRouter, Center, DecisionOutput, Flag, Flags, Level, RULE_IDS};
use wangshi::{CaseClass, ErrorCode};
use wangshi_testkit::rng::SplitMix64;
use wangshi_testkit::triage as synthetic;

const N: usize = 20_000;

fn run(router: &CaseRouter, c: &synthetic::SyntheticCases) -> DecisionOutput {
    let mut o = DecisionOutput::new(c.len());
    router.classify_batch(c.columns(), o.columns()).unwrap();
    o
}

/// Synthetic cases over a span that starts before the catalogue's admission
/// day, with a sprinkling of bad rows.
fn cases(seed: u64) -> synthetic::SyntheticCases {
    let router = CaseRouter::default_router();
    let from = parse_date("2022-10-01").unwrap();
    let to = parse_date("2026-12-31").unwrap();
    let mut c = synthetic::cases(router.catalog(), N, from, to, seed);
    let mut rng = SplitMix64::new(seed ^ 0xBAD);
    for i in 0..N {
        match rng.below(200) {
            0 => c.item[i] = 57 + rng.below(10),
            1 => c.flags[i] |= 1 << (9 + rng.below(7)),
            2 => c.parties[i] = -1 - rng.below(5) as i32,
            3 => c.repeat_count[i] = -1,
            4 => {
                c.amount[i] =
                    [-1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY][rng.below(4) as usize]
            }
            5 => {
                c.reported_on[i] =
                    [i32::MIN, i32::MAX, wangshi::date::MIN_DAY - 1][rng.below(3) as usize]
            }
            _ => {}
        }
    }
    c
}

#[test]
fn batch_raw_and_typed_agree() {
    let router = CaseRouter::default_router();
    for seed in [1, 2, 3] {
        let c = cases(seed);
        let o = run(router, &c);
        for i in 0..N {
            let raw = match (
                u32::try_from(c.parties[i]),
                u32::try_from(c.repeat_count[i]),
            ) {
                (Ok(p), Ok(r)) => {
                    router.classify_raw(c.item[i], c.reported_on[i], c.flags[i], p, r, c.amount[i])
                }
                _ => Err(ErrorCode::InvalidValue),
            };
            match raw {
                Err(code) => {
                    assert_eq!(o.error[i], code as u8, "row {i}");
                    assert_eq!(o.class[i], 0);
                }
                Ok(d) => {
                    assert_eq!(o.error[i], 0);
                    assert_eq!(
                        (o.class[i], o.center[i], o.level[i]),
                        (d.class as u8, d.center as u8, d.level as u8)
                    );
                    assert_eq!(
                        (
                            o.department[i],
                            o.report_within_minutes[i],
                            o.matched_rules[i]
                        ),
                        (d.department, d.report_within_minutes, d.matched_rules)
                    );
                    // typed
                    let item = &router.catalog().items()[c.item[i] as usize];
                    let case = Case {
                        id: format!("c{i}"),
                        item: item.code.clone(),
                        reported_on: format_date(c.reported_on[i]).parse().unwrap(),
                        parties: c.parties[i] as u32,
                        repeat_count: c.repeat_count[i] as u32,
                        amount: c.amount[i],
                        flags: Flags::from_bits(c.flags[i]).unwrap(),
                    };
                    let t = router.classify(&case).unwrap();
                    assert_eq!(t.rule_mask, d.matched_rules);
                    assert_eq!(
                        t.whistle.map(|w| w.department),
                        router.department(d.department).map(str::to_owned)
                    );
                }
            }
        }
    }
}

#[test]
fn every_decision_obeys_the_domain_rules() {
    let router = CaseRouter::default_router();
    let mut seen_paths = std::collections::HashSet::new();
    for seed in [11, 12] {
        let c = cases(seed);
        let o = run(router, &c);
        for i in (0..N).filter(|&i| o.error[i] == 0) {
            let flags = Flags::from_bits(c.flags[i]).unwrap();
            let has = |f: Flag| flags.contains(f);
            let item = &router.catalog().items()[c.item[i] as usize];
            assert!(item.in_force_day(c.reported_on[i]));
            let class = CaseClass::ALL[usize::from(o.class[i]) - 1];
            let safety = has(Flag::Emergency)
                || has(Flag::Violence)
                || has(Flag::SafetyHazard)
                || has(Flag::PublicOrder)
                || item.class == CaseClass::Safety;
            let complex = has(Flag::Petition)
                || has(Flag::CrossGrid)
                || has(Flag::PropertyDispute)
                || has(Flag::CourtEntrusted)
                || c.parties[i] >= 3
                || c.repeat_count[i] >= 2
                || c.amount[i] >= 50_000.0
                || item.class == CaseClass::Complex;
            let want = if safety {
                CaseClass::Safety
            } else if complex {
                CaseClass::Complex
            } else {
                CaseClass::General
            };
            assert_eq!(class, want, "row {i}");
            let center = Center::from_u8(o.center[i]).unwrap();
            assert_eq!(
                center,
                [Center::Talk, Center::PoliceGrid, Center::Mediation][usize::from(o.class[i]) - 1]
            );
            let grid = class == CaseClass::General
                && c.parties[i] <= 2
                && c.repeat_count[i] == 0
                && !has(Flag::CrossGrid)
                && !has(Flag::NeedsDepartment);
            assert_eq!(
                Level::from_u8(o.level[i]).unwrap() == Level::Grid,
                grid,
                "row {i}"
            );
            let whistle = has(Flag::Emergency) || has(Flag::NeedsDepartment);
            assert_eq!(o.department[i] != 0, whistle);
            if whistle {
                assert_eq!(
                    router.department(o.department[i]),
                    Some(item.department.as_str())
                );
                assert_eq!(
                    o.report_within_minutes[i],
                    if has(Flag::Emergency) { 30 } else { 1440 }
                );
            } else {
                assert_eq!(o.report_within_minutes[i], 0);
            }
            let mediation = class == CaseClass::Complex
                && (item.category == "MD"
                    || has(Flag::PropertyDispute)
                    || has(Flag::CourtEntrusted));
            assert_eq!(o.mediation[i] == 1, mediation, "row {i}");
            assert_eq!(o.immediate_report[i] == 1, has(Flag::Emergency));
            // matched_rules: general.default exactly when nothing else matched
            let ids: Vec<&str> = router.rule_ids(o.matched_rules[i]).collect();
            assert!(!ids.is_empty());
            assert_eq!(ids == ["general.default"], class == CaseClass::General);
            // ... and always in the order of RULE_IDS
            let pos: Vec<usize> = ids
                .iter()
                .map(|id| RULE_IDS.iter().position(|r| r == id).unwrap())
                .collect();
            assert!(pos.windows(2).all(|w| w[0] < w[1]));
            seen_paths.insert((o.class[i], o.level[i], o.department[i] != 0, o.mediation[i]));
        }
    }
    // The synthetic data exercises every class and the level/whistle/mediation paths.
    for class in 1..=3 {
        assert!(seen_paths.iter().any(|p| p.0 == class));
    }
    assert!(seen_paths.iter().any(|p| p.1 == Level::Grid as u8));
    assert!(seen_paths.iter().any(|p| p.2));
    assert!(seen_paths.iter().any(|p| p.3 == 1));
}

#[test]
fn a_safety_flag_always_wins_and_more_never_demotes() {
    let router = CaseRouter::default_router();
    let c = cases(21);
    for i in 0..N {
        let (Ok(p), Ok(r)) = (
            u32::try_from(c.parties[i]),
            u32::try_from(c.repeat_count[i]),
        ) else {
            continue;
        };
        let Ok(d) = router.classify_raw(c.item[i], c.reported_on[i], c.flags[i], p, r, c.amount[i])
        else {
            continue;
        };
        let v = router
            .classify_raw(
                c.item[i],
                c.reported_on[i],
                c.flags[i] | Flag::Violence.mask(),
                p,
                r,
                c.amount[i],
            )
            .unwrap();
        assert_eq!(v.class, CaseClass::Safety);
        // More parties, repeats or money never make a case less serious.
        let more = router
            .classify_raw(
                c.item[i],
                c.reported_on[i],
                c.flags[i],
                p + 3,
                r + 2,
                c.amount[i] + 50_000.0,
            )
            .unwrap();
        let rank = |c: CaseClass| match c {
            CaseClass::General => 0,
            CaseClass::Complex => 1,
            CaseClass::Safety => 2,
        };
        assert!(rank(more.class) >= rank(d.class).max(1));
        assert_eq!(more.level, Level::Community);
    }
}
