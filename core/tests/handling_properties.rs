//! Invariants of case handling on seeded random valid event lists
//! (`wangshi_testkit::handling::events`) of every kind of case, started
//! anywhere in 1900–2199, against the default and random calendars: every
//! ended step's `on_time` is `ended <= deadline`; deadlines are the naive
//! day-by-day reference's; supervision never gets less severe as `as_of`
//! moves later; a later event never changes the deadline of a step started
//! before it, except the step it extends; the typed API, the JSON op and
//! the sweep agree.

use serde_json::{Value, json};
use wangshi::calendar::{Calendar, Period, default_calendar};
use wangshi::handling::{
    CaseProfile, Event, EventKind, HandlingPolicy, OpenStep, StepKind, Supervision, Timeline,
};
use wangshi::timestamp::{day_of, format_timestamp, from_naive, parse_timestamp, to_naive};
use wangshi::{CaseClass, Level, TriageRules};
use wangshi_testkit::calendar::{Naive, random_calendar_json};
use wangshi_testkit::handling::{Mix, events};
use wangshi_testkit::rng::SplitMix64;

fn calendars() -> Vec<Calendar> {
    let mut rng = SplitMix64::new(5);
    let mut all = vec![default_calendar().clone()];
    for _ in 0..2 {
        all.push(Calendar::from_value(&random_calendar_json(&mut rng, 60)).unwrap());
    }
    all
}

fn profile(rng: &mut SplitMix64) -> CaseProfile {
    let class = CaseClass::ALL[rng.below(3) as usize];
    let level = Level::ALL[rng.below(2) as usize];
    let minutes = rng.chance(30).then(|| rng.range(1, 3000));
    CaseProfile::new(
        class,
        level,
        rng.chance(20),
        minutes,
        &TriageRules::default(),
    )
}

/// A report time: mostly 2024–2027 (around the covered years), else
/// anywhere up to a year before the end of 2199.
fn reported(rng: &mut SplitMix64) -> i64 {
    let (lo, hi) = if rng.chance(60) {
        (
            parse_timestamp("2023-11-01T00:00").unwrap(),
            parse_timestamp("2027-03-01T00:00").unwrap(),
        )
    } else {
        (
            parse_timestamp("1900-01-01T00:00").unwrap(),
            parse_timestamp("2198-12-01T00:00").unwrap(),
        )
    };
    lo + rng.below64((hi - lo) as u64) as i64
}

/// One random case: calendar index, profile, events and an `as_of` at or
/// after its last event.
struct Sample {
    profile: CaseProfile,
    events: Vec<Event>,
    as_of: i64,
}

fn samples(n: usize, seed: u64, calendar: &Calendar) -> Vec<Sample> {
    let policy = HandlingPolicy::default();
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .map(|_| {
            let p = profile(&mut rng);
            let t = reported(&mut rng);
            let mix = if rng.chance(50) {
                Mix::Wild
            } else {
                Mix::County
            };
            let horizon = t + 86_400 * i64::from(rng.range(0, 120));
            let whistle = rng.chance(20);
            let e = events(&mut rng, &policy, calendar, &p, whistle, t, horizon, mix);
            let last = from_naive(e.last().unwrap().at).unwrap();
            let as_of = (last + rng.below64(86_400 * 20) as i64)
                .min(parse_timestamp("2199-12-31T23:59:59").unwrap());
            Sample {
                profile: p,
                events: e,
                as_of,
            }
        })
        .collect()
}

fn timeline(cal: &Calendar, s: &Sample, events: &[Event], as_of: i64) -> Timeline {
    HandlingPolicy::default()
        .timeline(cal, &s.profile, events, to_naive(as_of).unwrap())
        .unwrap_or_else(|e| panic!("{e}\n{:?}", events))
}

#[test]
fn valid_lists_give_timelines_whose_steps_keep_their_rules() {
    let policy = HandlingPolicy::default();
    let mut kinds = std::collections::BTreeSet::new();
    for (c, cal) in calendars().iter().enumerate() {
        let naive = Naive(cal);
        for s in samples(1500, 10 + c as u64, cal) {
            kinds.extend(s.events.iter().map(|e| e.kind));
            let t = timeline(cal, &s, &s.events, s.as_of);
            assert_eq!(t.state, s.events.last().unwrap().kind);
            for step in &t.steps {
                let started = from_naive(step.started).unwrap();
                let deadline = from_naive(step.deadline).unwrap();
                // The deadline is the period counted from the start, day by day.
                let (reference, provisional) = naive.deadline(started, step.period);
                assert_eq!(deadline, reference, "{step:?}");
                assert!(provisional <= step.provisional, "{step:?}");
                match step.ended {
                    Some(ended) => {
                        assert_eq!(step.on_time, Some(ended <= step.deadline), "{step:?}");
                        assert_eq!(step.supervision, None);
                        assert!(step.started <= ended);
                    }
                    None => {
                        assert_eq!(step.on_time, None);
                        let level = step.supervision.expect("an open step is supervised");
                        let as_of = s.as_of;
                        let expected = if as_of <= deadline {
                            let (e, a) = (as_of - started, deadline - started);
                            if e * 10 < 8 * a {
                                Supervision::OnTrack
                            } else {
                                Supervision::Warning
                            }
                        } else {
                            let (k, late_provisional) =
                                naive.between(day_of(deadline), day_of(as_of));
                            assert!(late_provisional <= step.provisional);
                            match k {
                                0 => Supervision::Overdue,
                                1..5 => Supervision::Supervision,
                                _ => Supervision::Accountability,
                            }
                        };
                        assert_eq!(level, expected, "{step:?} at {}", format_timestamp(as_of));
                    }
                }
                let base = policy.base_period(step.step, &s.profile);
                assert_eq!(base.unit(), step.period.unit());
                assert!(step.period.amount() >= base.amount());
            }
            let open: Vec<StepKind> = t
                .steps
                .iter()
                .filter(|s| s.ended.is_none())
                .map(|s| s.step)
                .collect();
            let mut sorted = open.clone();
            sorted.sort();
            assert_eq!(t.open, sorted);
            assert_eq!(
                t.supervision,
                t.steps.iter().filter_map(|s| s.supervision).max()
            );
            assert_eq!(t.provisional, t.steps.iter().any(|s| s.provisional));
            let reviews = s
                .events
                .iter()
                .filter(|e| e.kind == EventKind::Reviewed && e.satisfied == Some(false))
                .count();
            assert_eq!(t.reopened as usize, reviews);
        }
    }
    // The walks reach every kind of event.
    assert_eq!(kinds.len(), EventKind::ALL.len(), "{kinds:?}");
}

#[test]
fn supervision_never_gets_less_severe_as_as_of_moves_later() {
    let cal = default_calendar();
    let mut rng = SplitMix64::new(77);
    for s in samples(1500, 21, cal) {
        let mut as_of = s.as_of;
        let mut before = timeline(cal, &s, &s.events, as_of);
        for _ in 0..4 {
            let step = match rng.below(3) {
                0 => rng.below64(3600) as i64,
                1 => rng.below64(86_400 * 3) as i64,
                _ => rng.below64(86_400 * 40) as i64,
            };
            as_of = (as_of + step).min(parse_timestamp("2199-12-31T23:59:59").unwrap());
            let after = timeline(cal, &s, &s.events, as_of);
            assert!(after.supervision >= before.supervision);
            for (a, b) in before.steps.iter().zip(&after.steps) {
                assert_eq!((a.step, a.deadline, a.ended), (b.step, b.deadline, b.ended));
                assert!(b.supervision >= a.supervision, "{a:?} → {b:?}");
            }
            before = after;
        }
    }
}

/// The step an extension event extends (the latest open one of its kind).
fn extends(kind: EventKind) -> Option<StepKind> {
    match kind {
        EventKind::Extended => Some(StepKind::Resolve),
        EventKind::MediationExtended => Some(StepKind::Mediate),
        EventKind::CourtExtended => Some(StepKind::CourtDecide),
        _ => None,
    }
}

#[test]
fn a_later_event_changes_no_earlier_deadline_but_the_one_it_extends() {
    let cal = default_calendar();
    for s in samples(800, 31, cal) {
        let mut prev: Option<Timeline> = None;
        for k in 1..=s.events.len() {
            let t = timeline(cal, &s, &s.events[..k], s.as_of);
            if let Some(p) = &prev {
                let event = &s.events[k - 1];
                let target = extends(event.kind).and_then(|kind| {
                    p.steps
                        .iter()
                        .rposition(|x| x.step == kind && x.ended.is_none())
                });
                assert!(t.steps.len() >= p.steps.len());
                for (i, (a, b)) in p.steps.iter().zip(&t.steps).enumerate() {
                    assert_eq!((a.step, a.started), (b.step, b.started));
                    if Some(i) == target {
                        // A longer period; a `days` deadline may stay put
                        // when both last days move to the same working day.
                        assert!(
                            b.period.amount() > a.period.amount(),
                            "{event:?}: {a:?} → {b:?}"
                        );
                        assert!(b.deadline >= a.deadline, "{event:?}: {a:?} → {b:?}");
                    } else {
                        assert_eq!(a.deadline, b.deadline, "{event:?} changed step {i}");
                        assert_eq!(a.period, b.period);
                    }
                    if a.ended.is_some() {
                        assert_eq!(a.ended, b.ended, "an ended step stays ended");
                    }
                }
            }
            prev = Some(t);
        }
    }
}

/// The JSON form of an event.
fn event_json(e: &Event) -> Value {
    let mut v =
        json!({"event": e.kind.as_str(), "at": e.at.format("%Y-%m-%dT%H:%M:%S").to_string()});
    if let Some(s) = e.satisfied {
        v["satisfied"] = json!(s);
    }
    if let Some(p) = e.extension {
        v[p.unit().as_str()] = json!(p.amount());
    }
    v
}

#[test]
fn json_op_typed_api_and_sweep_agree() {
    let cal = default_calendar();
    let policy = HandlingPolicy::default();
    let router = wangshi::CaseRouter::default_router();
    let mut rng = SplitMix64::new(8);
    // Cases classified for real, so that the JSON op's decision is the
    // profile's.
    let items = ["CS-01", "AQ-01", "MD-02", "MD-03", "SQ-01", "TS-02"];
    let flags = [
        vec![],
        vec!["emergency"],
        vec!["property_dispute"],
        vec!["needs_department"],
        vec!["cross_grid", "petition"],
    ];
    for n in 0..600 {
        let reported =
            parse_timestamp("2025-12-20T08:00").unwrap() + rng.below64(86_400 * 200) as i64;
        let day = wangshi::date::format_date(day_of(reported));
        let f = &flags[rng.below(flags.len() as u32) as usize];
        let case = json!({"id": format!("c{n}"), "item": items[rng.below(items.len() as u32) as usize],
                          "reported_on": day, "parties": rng.range(1, 4), "flags": f});
        let classified = wangshi::evaluate(json!({"op": "case.classify", "case": case})).unwrap();
        let d: wangshi::Decision = {
            let mut c = wangshi::triage::Case::new(
                "x",
                case["item"].as_str().unwrap(),
                day.parse().unwrap(),
            )
            .with_parties(case["parties"].as_u64().unwrap() as u32);
            for name in f {
                c = c.with_flag(wangshi::Flag::from_name(name).unwrap());
            }
            router.classify(&c).unwrap()
        };
        assert_eq!(classified["class"], d.class.as_str());
        let profile = CaseProfile::of(&d, router.rules());
        let mix = if rng.chance(50) {
            Mix::Wild
        } else {
            Mix::County
        };
        let as_of = reported + rng.below64(86_400 * 60) as i64;
        let e = events(
            &mut rng,
            &policy,
            cal,
            &profile,
            d.whistle.is_some(),
            reported,
            as_of,
            mix,
        );
        let typed = policy
            .timeline(cal, &profile, &e, to_naive(as_of).unwrap())
            .unwrap();
        let request = json!({"op": "case.timeline", "case": case, "as_of": format_timestamp(as_of),
                             "events": e.iter().map(event_json).collect::<Vec<_>>()});
        let r = wangshi::evaluate(request).unwrap();
        assert_eq!(r["decision"], classified);
        assert_eq!(r["state"], typed.state.as_str());
        assert_eq!(r["reopened"], typed.reopened);
        assert_eq!(r["extensions"], typed.extensions);
        assert_eq!(r["steps"].as_array().unwrap().len(), typed.steps.len());
        let ts = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
        for (j, s) in typed.steps.iter().enumerate() {
            let js = &r["steps"][j];
            assert_eq!(js["step"], s.step.as_str());
            assert_eq!(js["started"], ts(s.started));
            assert_eq!(js["deadline"], ts(s.deadline));
            assert_eq!(js["ended"], json!(s.ended.map(ts)));
            assert_eq!(js["on_time"], json!(s.on_time));
            assert_eq!(js["supervision"], json!(s.supervision.map(|x| x.as_str())));
            assert_eq!(js["provisional"], s.provisional);
            // Every open step, swept on its own, gives the same answer.
            if s.ended.is_none() {
                let base = policy.base_period(s.step, &profile);
                let open = OpenStep {
                    step: s.step,
                    started: s.started,
                    class: profile.class,
                    level: profile.level,
                    immediate_report: profile.immediate_report,
                    report_within_minutes: Some(profile.report_within_minutes),
                    extended: s.period.amount() - base.amount(),
                };
                let swept = policy
                    .supervise(cal, &open, to_naive(as_of).unwrap())
                    .unwrap();
                assert_eq!(swept.deadline, s.deadline);
                assert_eq!(Some(swept.supervision), s.supervision);
                assert_eq!(swept.provisional, s.provisional, "{s:?}");
                assert_eq!(swept.seconds_left, from_naive(s.deadline).unwrap() - as_of);
            }
        }
        assert_eq!(
            r["open"],
            json!(typed.open.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        );
        assert_eq!(
            r["supervision"],
            json!(typed.supervision.map(|x| x.as_str()))
        );
        assert_eq!(r["provisional"], typed.provisional);
    }
}

#[test]
fn extensions_add_to_n_and_count_again_from_the_start() {
    // Property: extending by a then b equals a period of base + a + b from
    // the step's start, whatever the start.
    let cal = default_calendar();
    let policy = HandlingPolicy::default();
    let mut rng = SplitMix64::new(3);
    let p = CaseProfile::new(
        CaseClass::Complex,
        Level::Community,
        false,
        None,
        &TriageRules::default(),
    );
    for _ in 0..500 {
        let t = reported(&mut rng);
        let start = to_naive(t).unwrap();
        let days = rng.range(1, 30);
        let e = [
            Event::new(EventKind::Reported, start),
            Event::new(EventKind::Accepted, start),
            Event::new(EventKind::MediationStarted, start),
            Event::mediation_extended(start, Period::Days(days)),
            Event::mediation_extended(start, Period::Days(1)),
        ];
        let tl = policy.timeline(cal, &p, &e, start).unwrap();
        let mediate = tl.steps.last().unwrap();
        assert_eq!(mediate.period, Period::Days(30 + days + 1));
        let direct = cal.deadline_raw(t, Period::Days(30 + days + 1)).unwrap();
        assert_eq!(from_naive(mediate.deadline).unwrap(), direct.deadline);
    }
}
