//! Invariants of the visit rules, checked on seeded random residents over the
//! whole supported calendar (a seeded generator: reproducible, no dependency).

use wangshi::date::{MAX_DAY, MIN_DAY, NO_DATE};
use wangshi::visit::{VisitOutput, VisitPolicy, VisitState, visit_status_batch};
use wangshi_testkit::rng::SplitMix64;

const CASES: usize = 200_000;

fn policies() -> Vec<VisitPolicy> {
    vec![
        VisitPolicy::default(),
        VisitPolicy::from_json(
            r#"{"tiers": [
                {"code": "r7", "cadence": {"every_days": 7}, "reminder_days": 2, "escalate_after_missed": 2},
                {"code": "r30", "cadence": {"every_days": 30}, "reminder_days": 5, "escalate_after_missed": 3},
                {"code": "r1", "cadence": {"every_days": 1}, "reminder_days": 0, "escalate_after_missed": 1}
            ]}"#,
        )
        .unwrap(),
    ]
}

/// A random (tier, tier_since, last_visit, as_of), dates within 1900–2199,
/// `tier_since <= as_of`, `last_visit <= as_of` or never.
fn case(rng: &mut SplitMix64, tiers: usize) -> (u8, i32, i32, i32) {
    let span = (MAX_DAY - MIN_DAY) as u32;
    let as_of = MIN_DAY + rng.below(span + 1) as i32;
    let back = |rng: &mut SplitMix64| {
        // Mostly recent, sometimes years back; never before 1900.
        let max = if rng.chance(80) { 120 } else { 4000 };
        (as_of - rng.below(max) as i32).max(MIN_DAY)
    };
    let since = back(rng);
    let last = if rng.chance(10) { NO_DATE } else { back(rng) };
    (rng.below(tiers as u32) as u8, since, last, as_of)
}

#[test]
fn a_visit_on_as_of_is_done_for_calendar_cadences_and_never_overdue_for_rolling() {
    let mut rng = SplitMix64::new(1);
    for policy in policies() {
        for _ in 0..CASES {
            let (tier, since, _, as_of) = case(&mut rng, policy.tiers().len());
            let s = policy
                .on_day(as_of)
                .unwrap()
                .evaluate(tier, since, as_of)
                .unwrap();
            if policy.tiers()[usize::from(tier)].cadence.is_calendar() {
                assert_eq!(
                    s.state,
                    VisitState::Done,
                    "tier {tier} since {since} as_of {as_of}"
                );
                assert_eq!((s.missed_periods, s.alert), (0, None));
            } else {
                assert_ne!(s.state, VisitState::Overdue);
                assert!(s.days_left > 0);
            }
        }
    }
}

#[test]
fn calendar_days_left_is_never_negative_and_due_is_in_or_after_the_period() {
    let mut rng = SplitMix64::new(2);
    let policy = VisitPolicy::default();
    for _ in 0..CASES {
        let (tier, since, last, as_of) = case(&mut rng, 4);
        let s = policy
            .on_day(as_of)
            .unwrap()
            .evaluate(tier, since, last)
            .unwrap();
        assert!(
            s.days_left >= 0,
            "tier {tier} since {since} last {last} as_of {as_of}: {s:?}"
        );
        assert!(s.period_start <= as_of && as_of <= s.period_end);
        assert!(s.due >= s.period_end);
        assert_eq!(s.days_left, s.due - as_of);
    }
}

#[test]
fn a_later_visit_never_increases_missed_periods() {
    let mut rng = SplitMix64::new(3);
    for policy in policies() {
        for _ in 0..CASES {
            let (tier, since, last, as_of) = case(&mut rng, policy.tiers().len());
            let day = policy.on_day(as_of).unwrap();
            let before = day.evaluate(tier, since, last).unwrap();
            let from = if last == NO_DATE { MIN_DAY } else { last };
            let later = from + rng.below((as_of - from) as u32 + 1) as i32;
            let after = day.evaluate(tier, since, later).unwrap();
            assert!(
                after.missed_periods <= before.missed_periods,
                "tier {tier} since {since} last {last} -> {later} as_of {as_of}"
            );
            // Alerts only get milder too.
            assert!(after.alert <= before.alert);
        }
    }
}

#[test]
fn alert_follows_missed_periods_and_state() {
    let mut rng = SplitMix64::new(4);
    for policy in policies() {
        for _ in 0..CASES {
            let (tier, since, last, as_of) = case(&mut rng, policy.tiers().len());
            let s = policy
                .on_day(as_of)
                .unwrap()
                .evaluate(tier, since, last)
                .unwrap();
            let t = &policy.tiers()[usize::from(tier)];
            assert_eq!(s.state == VisitState::Overdue, s.missed_periods > 0);
            use wangshi::visit::Alert::*;
            let want = if s.missed_periods >= t.escalate_after_missed {
                Some(Escalation)
            } else if s.missed_periods >= 1 {
                Some(Warning)
            } else if s.state == VisitState::DueSoon {
                Some(Reminder)
            } else {
                None
            };
            assert_eq!(s.alert, want);
        }
    }
}

#[test]
fn batch_equals_row_by_row_and_typed_api() {
    let mut rng = SplitMix64::new(5);
    let policy = VisitPolicy::default();
    let as_of = wangshi::date::parse_date("2026-11-26").unwrap();
    let n = 10_000;
    let mut tier = Vec::new();
    let mut since = Vec::new();
    let mut last = Vec::new();
    for _ in 0..n {
        // Include bad rows: unknown tiers, future dates, out-of-range dates.
        tier.push(rng.below(6) as u8);
        since.push(as_of - 400 + rng.below(410) as i32);
        last.push(match rng.below(20) {
            0 => NO_DATE,
            1 => MIN_DAY - 1,
            _ => as_of - 300 + rng.below(305) as i32,
        });
    }
    let mut out = VisitOutput::new(n);
    let bad = visit_status_batch(&policy, as_of, &tier, &since, &last, out.columns()).unwrap();
    let day = policy.on_day(as_of).unwrap();
    let mut errors = 0;
    for i in 0..n {
        match day.evaluate(tier[i], since[i], last[i]) {
            Ok(s) => {
                assert_eq!(out.error[i], 0);
                assert_eq!(out.state[i], s.state as u8);
                assert_eq!(
                    (
                        out.period_start[i],
                        out.period_end[i],
                        out.due[i],
                        out.days_left[i]
                    ),
                    (s.period_start, s.period_end, s.due, s.days_left)
                );
                assert_eq!(
                    (out.missed_periods[i], out.alert[i]),
                    (s.missed_periods, s.alert.map_or(0, |a| a as u8))
                );
            }
            Err(code) => {
                errors += 1;
                assert_eq!(out.error[i], code as u8);
                assert_eq!(out.state[i], 0);
            }
        }
    }
    assert_eq!(bad, errors);
    assert!(
        errors > 1000 && errors < n - 1000,
        "the batch mixes good and bad rows"
    );
}

/// Random policies whose labels are drawn from a small alphabet (so that
/// clashes are common): a policy loads exactly when no text names two tiers
/// (ignoring ASCII case) and no tier repeats a label, and then every code
/// and label, in any ASCII case and with surrounding spaces, reads as its
/// own tier.
#[test]
fn a_label_names_one_tier_or_the_policy_is_refused() {
    use std::collections::HashMap;
    let alphabet = ["a", "B", "b", "绿", "绿色", "x", "X", "t1", "T0"];
    let mut rng = SplitMix64::new(20_261_126);
    let (mut loaded, mut refused) = (0, 0);
    for _ in 0..3000 {
        let n = 1 + rng.below(3) as usize;
        let tiers: Vec<(String, Vec<&str>)> = (0..n)
            .map(|i| {
                let labels = (0..rng.below(4))
                    .map(|_| alphabet[rng.below(alphabet.len() as u32) as usize])
                    .collect();
                (format!("t{i}"), labels)
            })
            .collect();
        let json = serde_json::json!({"tiers": tiers.iter().map(|(code, labels)| serde_json::json!({
            "code": code, "cadence": "weekly", "reminder_days": 0, "escalate_after_missed": 1,
            "labels": labels})).collect::<Vec<_>>()});
        // Independently: which tiers each folded text names, and repeats.
        let mut names: HashMap<String, Vec<usize>> = HashMap::new();
        let mut clash = false;
        for (i, (code, labels)) in tiers.iter().enumerate() {
            names.entry(code.to_ascii_lowercase()).or_default().push(i);
            let mut own: Vec<String> = Vec::new();
            for l in labels {
                let f = l.to_ascii_lowercase();
                if f != *code {
                    clash |= own.contains(&f);
                    own.push(f.clone());
                }
                let e = names.entry(f).or_default();
                if !e.contains(&i) {
                    e.push(i);
                }
            }
        }
        clash |= names.values().any(|t| t.len() > 1);
        match VisitPolicy::from_value(&json) {
            Err(e) => {
                assert!(clash, "{json} refused: {e}");
                assert_eq!(e.code(), wangshi::ErrorCode::InvalidPolicy, "{e}");
                assert!(e.path().unwrap().contains(".labels["), "{e}");
                refused += 1;
            }
            Ok(p) => {
                assert!(!clash, "{json} loaded");
                for (i, t) in p.tiers().iter().enumerate() {
                    for text in t.labels.iter().chain([&t.code]) {
                        for form in [
                            text.clone(),
                            text.to_ascii_uppercase(),
                            format!(" {text}\t"),
                        ] {
                            let got = p.tier_by_label(&form).map(|t| t.code.as_str());
                            assert_eq!(got, Some(tiers[i].0.as_str()), "{form:?} in {json}");
                        }
                    }
                }
                loaded += 1;
            }
        }
    }
    assert!(
        loaded > 300 && refused > 300,
        "{loaded} loaded, {refused} refused"
    );
}
