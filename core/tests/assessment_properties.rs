//! Invariants of the monthly assessment (`worker.assess`), on seeded
//! random counties: visit logs of synthetic residents (some with an
//! unknown tier) and cases walked through every branch of the loop
//! (`Mix::Wild`: cancellations, whistles, reopening, extensions, the
//! mediation and confirmation chain), over random ranges, with events up to
//! three weeks past the range:
//! - the typed API and the JSON op agree on every figure;
//! - the visits item is the worker's pooled completion, as
//!   `visit.completion` sums it (`by_worker`), and never exceeds the
//!   obligations; every item's part is at most its whole;
//! - every score lies in [0, Σ weights] and is the exact formula of the
//!   items (checked here with 128-bit fractions, written independently);
//! - workers are ordered by score (then id), ranks are 1 + the number of
//!   better scores, null scores last;
//! - adding a visit never lowers a worker's `met` nor its score.

use serde_json::{Value, json};
use wangshi::assessment::{
    Assessment, AssessmentItem, AssessmentRules, AssessmentScheme, CaseLog, SchemeItem, VisitLog,
    WorkerScore, assess, completion_report,
};
use wangshi::calendar::default_calendar;
use wangshi::date::{format_date, from_days, parse_date};
use wangshi::handling::{CaseProfile, HandlingPolicy};
use wangshi::timestamp::{end_of_day, start_of_day};
use wangshi::triage::CaseRouter;
use wangshi::visit::VisitPolicy;
use wangshi_testkit::assessment::{request, visit_logs, workers_json};
use wangshi_testkit::handling::{Mix, county_month, events};
use wangshi_testkit::rng::SplitMix64;

const COUNTIES: u64 = 120;

/// One random county's month: the range, residents and cases.
struct County {
    from: i32,
    to: i32,
    residents: Vec<VisitLog>,
    cases: Vec<CaseLog>,
}

fn county(seed: u64, policy: &VisitPolicy) -> County {
    let mut rng = SplitMix64::new(seed);
    let base = parse_date("2026-09-20").unwrap();
    let from = base + rng.below(60) as i32;
    let to = from + rng.below(45) as i32;
    let workers = 1 + rng.below(5);
    let n = rng.below(40) as usize;
    let mut residents = visit_logs(
        policy,
        n,
        n * rng.below(12) as usize,
        workers,
        from,
        to,
        seed,
    );
    for r in residents.iter_mut() {
        if rng.chance(4) {
            r.tier = "purple".into();
        }
        if rng.chance(5) {
            r.worker = None;
        }
    }
    // Cases reported over the two months before the range's end, walked
    // through every branch and cut three weeks after it.
    let calendar = default_calendar();
    let router = CaseRouter::default_router();
    let handling = HandlingPolicy::default();
    let cut = end_of_day(to + 21);
    let month = county_month(
        calendar,
        rng.below(30) as usize,
        60,
        end_of_day(to),
        seed ^ 7,
    );
    // A case whose item is not in force when reported cannot be assessed
    // (the request would fail): those are left out.
    let cases = month
        .into_iter()
        .filter(|h| router.classify(&h.case).is_ok())
        .enumerate()
        .map(|(i, h)| {
            let handler = format!("w{:03}", (i as u32 % (workers + 1)) + 1);
            let evs = match router.classify(&h.case) {
                Ok(d) if rng.chance(70) => {
                    let p = CaseProfile::of(&d, router.rules());
                    let reported = wangshi::timestamp::from_naive(h.events[0].at).unwrap();
                    events(
                        &mut rng,
                        &handling,
                        calendar,
                        &p,
                        d.whistle.is_some(),
                        reported,
                        cut,
                        Mix::Wild,
                    )
                }
                _ => h.events,
            };
            CaseLog::new(handler, h.case).with_events(evs)
        })
        .collect();
    County {
        from,
        to,
        residents,
        cases,
    }
}

/// The score in hundredths from the items, with u128 fractions: Σ w·p/d
/// scaled by total / Σ non-empty weights, less deductions, floored,
/// rounded half-even once.
fn reference_score(w: &WorkerScore, total: u64) -> Option<u64> {
    let live: Vec<_> = w.items.iter().filter(|i| i.whole > 0).collect();
    let weighed: u128 = live.iter().map(|i| u128::from(i.weight)).sum();
    if weighed == 0 {
        return None;
    }
    // Reduce each share first, then sum over the least common multiple.
    fn gcd(a: u128, b: u128) -> u128 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let (mut num, mut den) = (0u128, 1u128);
    for i in &live {
        let (p, q) = (
            u128::from(i.weight) * u128::from(i.part),
            u128::from(i.whole),
        );
        let g = gcd(p, q).max(1);
        let (p, q) = (p / g, q / g);
        let l = den / gcd(den, q) * q;
        num = num * (l / den) + p * (l / q);
        den = l;
    }
    // score·100 = (num·total·100 − D·den·weighed·100) / (den·weighed)
    let d = u128::from(w.deductions[0].points);
    let plus = num * u128::from(total) * 100;
    let minus = d * den * weighed * 100;
    if plus <= minus {
        return Some(0);
    }
    let (n, q) = (plus - minus, den * weighed);
    let (k, r) = (n / q, n % q);
    Some(if 2 * r > q || (2 * r == q && k % 2 == 1) {
        k + 1
    } else {
        k
    } as u64)
}

fn check(c: &County, rules: &AssessmentRules<'_>, extra: Value, seed: u64) -> Assessment {
    let (from, to) = (from_days(c.from).unwrap(), from_days(c.to).unwrap());
    let a = assess(rules, from, to, &c.residents, &c.cases)
        .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    // The JSON op: the same workers, the same residents in errors.
    let mut req = request(
        &format_date(c.from),
        &format_date(c.to),
        &c.residents,
        &c.cases,
    );
    for (k, v) in extra.as_object().unwrap() {
        req[k] = v.clone();
    }
    let r = wangshi::evaluate(req).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    assert_eq!(r["workers"], workers_json(&a), "seed {seed}");
    let ids: Vec<&str> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        a.errors.iter().map(|(i, _)| i.as_str()).collect::<Vec<_>>(),
        "seed {seed}"
    );
    // The visits item is visit.completion's by_worker.
    let report = completion_report(rules.policy, from, to, &c.residents).unwrap();
    for (worker, g) in &report.by_worker {
        let w = a.workers.iter().find(|w| &w.worker == worker).unwrap();
        if let Some(v) = w.items.iter().find(|i| i.code == AssessmentItem::Visits) {
            assert_eq!(
                (v.part, v.whole),
                (g.met, g.required),
                "seed {seed} {worker}"
            );
        }
    }
    let total = rules.scheme.total_weight();
    for w in &a.workers {
        for i in &w.items {
            assert!(i.part <= i.whole, "seed {seed}: {w:?}");
            assert_eq!(i.value.is_none(), i.whole == 0);
        }
        let score = w.score.map(|s| s.hundredths());
        assert_eq!(score, reference_score(w, total), "seed {seed}: {w:?}");
        if let Some(s) = score {
            assert!(s <= total * 100, "seed {seed}: {w:?}");
        }
        assert_eq!(
            w.deductions[0].points,
            w.deductions[0].count * u64::from(rules.scheme.accountability_points())
        );
    }
    // Ordered by score, then id; ranks with ties; null scores last.
    let mut order: Vec<&WorkerScore> = a.workers.iter().collect();
    order.sort_by_key(|w| {
        (
            w.score.is_none(),
            std::cmp::Reverse(w.score.map(|s| s.hundredths())),
            w.worker.clone(),
        )
    });
    assert!(
        order
            .iter()
            .zip(&a.workers)
            .all(|(x, y)| x.worker == y.worker),
        "seed {seed}: order"
    );
    for w in &a.workers {
        let better = a
            .workers
            .iter()
            .filter(|o| o.score.is_some() && o.score > w.score)
            .count() as u32;
        assert_eq!(w.rank, w.score.map(|_| better + 1), "seed {seed}: {w:?}");
    }
    a
}

#[test]
fn typed_and_json_agree_and_every_score_is_the_exact_formula() {
    let policy = VisitPolicy::default();
    let embedded = AssessmentRules::embedded();
    // A scheme of odd weights and an item left out, for other fractions.
    let odd = AssessmentScheme::new(
        "odd",
        vec![
            SchemeItem {
                code: AssessmentItem::OnTimeResolve,
                weight: 7,
            },
            SchemeItem {
                code: AssessmentItem::Visits,
                weight: 13,
            },
            SchemeItem {
                code: AssessmentItem::Satisfaction,
                weight: 0,
            },
        ],
        3,
    )
    .unwrap();
    let odd_rules = AssessmentRules {
        scheme: &odd,
        ..embedded
    };
    let odd_json = json!({"scheme": odd.to_value()});
    let (mut workers, mut scored, mut cases) = (0, 0, 0);
    for seed in 0..COUNTIES {
        let c = county(seed, &policy);
        cases += c.cases.len();
        let a = check(&c, &embedded, json!({}), seed);
        workers += a.workers.len();
        scored += a.workers.iter().filter(|w| w.score.is_some()).count();
        check(&c, &odd_rules, odd_json.clone(), seed);
    }
    // The counties are not empty: most workers are scored.
    assert!(
        workers > 300 && scored * 2 > workers,
        "{workers} {scored} {cases}"
    );
    eprintln!(
        "{COUNTIES} counties: {workers} workers ({scored} scored), {cases} cases, each under two schemes"
    );
}

#[test]
fn adding_a_visit_never_lowers_met_nor_the_score() {
    let policy = VisitPolicy::default();
    let rules = AssessmentRules::embedded();
    let mut raised = 0;
    for seed in 0..COUNTIES / 2 {
        let mut c = county(seed, &policy);
        if c.residents.is_empty() {
            continue;
        }
        let (from, to) = (from_days(c.from).unwrap(), from_days(c.to).unwrap());
        let mut before = assess(&rules, from, to, &c.residents, &c.cases).unwrap();
        let mut rng = SplitMix64::new(seed ^ 0xADD);
        for _ in 0..8 {
            let i = rng.below64(c.residents.len() as u64) as usize;
            let day = c.from - 10 + rng.below((c.to - c.from + 11) as u32) as i32;
            c.residents[i].visits.push(from_days(day).unwrap());
            let after = assess(&rules, from, to, &c.residents, &c.cases).unwrap();
            for w in &after.workers {
                let old = before
                    .workers
                    .iter()
                    .find(|o| o.worker == w.worker)
                    .unwrap();
                let met = |w: &WorkerScore| (w.items[0].part, w.items[0].whole);
                assert!(
                    met(w).0 >= met(old).0 && met(w).1 == met(old).1,
                    "seed {seed}"
                );
                assert!(w.score >= old.score, "seed {seed}: {old:?} → {w:?}");
                raised += usize::from(w.score > old.score);
            }
            before = after;
        }
    }
    assert!(raised > 5, "only {raised} visits raised a score");
    eprintln!("{raised} added visits raised a score; none lowered one");
}

#[test]
fn the_county_example_range_has_every_kind_of_figure() {
    // A whole synthetic month: deductions, empty items and ties all occur.
    let (from, to) = (
        parse_date("2026-10-01").unwrap(),
        parse_date("2026-10-31").unwrap(),
    );
    let residents = visit_logs(&VisitPolicy::default(), 3000, 9000, 20, from, to, 360);
    let cases = wangshi_testkit::assessment::case_logs(
        default_calendar(),
        800,
        60,
        start_of_day(to + 26) + 8 * 3600,
        25,
        360,
    );
    let a = assess(
        &AssessmentRules::embedded(),
        from_days(from).unwrap(),
        from_days(to).unwrap(),
        &residents,
        &cases,
    )
    .unwrap();
    assert_eq!(a.workers.len(), 25);
    assert!(a.workers.iter().any(|w| w.deductions[0].count > 0));
    // Workers 21–25 have cases but no residents: their visits item is empty.
    for w in &a.workers {
        let n: u32 = w.worker[1..].parse().unwrap();
        assert_eq!(w.items[0].value.is_none(), n > 20, "{w:?}");
        assert!(w.items[1..].iter().any(|i| i.value.is_some()), "{w:?}");
    }
}
