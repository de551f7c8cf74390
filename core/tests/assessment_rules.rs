//! The rules of the grid worker's monthly assessment (每月一考核,
//! `worker.assess`), one row per case: the visits item over the visit
//! logs, the case items over each case's timeline at the end of the range,
//! the deductions, the exact arithmetic rounded half-even once, empty items
//! scaled out, ranks with ties; the typed API and the JSON op agree on
//! every row, and their errors have the same codes and paths.

use chrono::{NaiveDate, NaiveDateTime};
use rstest::rstest;
use serde_json::{Value, json};
use wangshi::ErrorCode;
use wangshi::assessment::{
    AssessmentItem, AssessmentRules, AssessmentScheme, CaseLog, SchemeItem, Share, VisitLog,
    WorkerCounts, assess,
};
use wangshi::handling::{Event, EventKind};
use wangshi::triage::Case;
use wangshi::visit::VisitPolicy;
use wangshi_testkit::assessment::{request, workers_json};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .unwrap()
}

const NOV: (&str, &str) = ("2026-11-01", "2026-11-30");

/// A resident of worker `w1` as (tier, tier_since, visits).
type R<'a> = (&'a str, &'a str, &'a [&'a str]);

fn logs(residents: &[R<'_>]) -> Vec<VisitLog> {
    residents
        .iter()
        .enumerate()
        .map(|(i, (tier, since, visits))| {
            VisitLog::new(format!("r{i}"), *tier, d(since))
                .with_visits(visits.iter().map(|v| d(v)))
                .with_worker("w1", "A")
        })
        .collect()
}

/// Assesses through the typed API and through `worker.assess`, checks
/// they agree, and returns the typed result.
fn both(
    rules: &AssessmentRules<'_>,
    (from, to): (&str, &str),
    residents: &[VisitLog],
    cases: &[CaseLog],
    extra: Value,
) -> wangshi::assessment::Assessment {
    let a = assess(rules, d(from), d(to), residents, cases).unwrap();
    let mut req = request(from, to, residents, cases);
    for (k, v) in extra.as_object().unwrap() {
        req[k] = v.clone();
    }
    let mut r = wangshi::evaluate(req).unwrap();
    assert_eq!(r["errors"].as_array().unwrap().len(), a.errors.len(), "{r}");
    r.as_object_mut().unwrap().remove("errors");
    assert_eq!(r, json!({"workers": workers_json(&a)}));
    a
}

#[rstest]
// A week spanning two months counts once, in the month where it ends.
#[case::week_spanning_two_months_not_in_november(NOV, &[("orange", "2026-09-01", &["2026-11-30"][..])], (0, 5), Some("0.0"))]
#[case::week_spanning_two_months_in_december(("2026-12-01", "2026-12-31"), &[("orange", "2026-09-01", &["2026-11-30"][..])], (1, 4), Some("25.0"))]
// A grace month is not required: nothing to assess.
#[case::grace_month_not_required(NOV, &[("green", "2026-11-12", &["2026-11-15"][..])], (0, 0), None)]
#[case::grace_week_then_required(NOV, &[("orange", "2026-11-04", &["2026-11-05", "2026-11-10"][..])], (1, 3), Some("33.33"))]
// Duplicate and unsorted visits count once per period; residents pool.
#[case::duplicate_and_unsorted_visits(NOV, &[("blue", "2026-01-01", &["2026-11-20", "2026-11-02", "2026-11-20"][..]), ("red", "2026-11-27", &["2026-11-30", "2026-11-28", "2026-11-28"][..])], (4, 5), Some("80.0"))]
// Visits outside the range meet nothing.
#[case::visits_outside_the_range(NOV, &[("green", "2026-01-01", &["2026-10-31", "2026-12-01"][..])], (0, 1), Some("0.0"))]
#[case::a_visit_before_from_meets_a_week_that_began_before_it(NOV, &[("orange", "2026-09-01", &["2026-10-26"][..])], (1, 5), Some("20.0"))]
#[case::pooled_not_averaged(NOV, &[("green", "2025-03-10", &["2026-11-03"][..]), ("red", "2026-01-01", &[][..])], (1, 31), Some("3.23"))]
fn visits_item(
    #[case] range: (&str, &str),
    #[case] residents: &[R<'_>],
    #[case] counts: (u64, u64),
    #[case] score: Option<&str>,
) {
    let (met, required) = counts;
    let a = both(
        &AssessmentRules::embedded(),
        range,
        &logs(residents),
        &[],
        json!({}),
    );
    let w = &a.workers[0];
    assert_eq!((w.items[0].part, w.items[0].whole), (met, required));
    assert_eq!(w.score.map(|s| s.to_string()).as_deref(), score);
}

#[rstest]
// Due dates tier_since + k·n in the range, met by a visit in the n days up to each.
#[case::rolling_due_dates_met(&[("every10", "2026-10-25", &["2026-10-26", "2026-11-24"][..])], (2, 3), "66.67")]
#[case::rolling_visit_on_tier_since_meets_nothing(&[("every10", "2026-11-01", &["2026-11-01"][..])], (0, 2), "0.0")]
#[case::rolling_daily(&[("every1", "2026-11-28", &["2026-11-28", "2026-11-30"][..])], (1, 2), "50.0")]
fn visits_item_rolling(
    #[case] residents: &[R<'_>],
    #[case] counts: (u64, u64),
    #[case] score: &str,
) {
    let (met, required) = counts;
    let raw = json!({"tiers": [
        {"code": "every10", "cadence": {"every_days": 10}, "reminder_days": 3, "escalate_after_missed": 2},
        {"code": "every1", "cadence": {"every_days": 1}, "reminder_days": 0, "escalate_after_missed": 1}]});
    let policy = VisitPolicy::from_value(&raw).unwrap();
    let rules = AssessmentRules {
        policy: &policy,
        ..AssessmentRules::embedded()
    };
    let a = both(&rules, NOV, &logs(residents), &[], json!({"policy": raw}));
    let w = &a.workers[0];
    assert_eq!((w.items[0].part, w.items[0].whole), (met, required));
    assert_eq!(w.score.unwrap().to_string(), score);
}

fn ev(kind: EventKind, at: &str) -> Event {
    Event::new(kind, t(at))
}

fn reviewed(at: &str, satisfied: bool) -> Event {
    Event::reviewed(t(at), satisfied)
}

/// One CS-01 case (grid level, general: accept within 2 hours, resolve
/// within 3 working days, review within 2) of worker `w1`.
fn cs01(events: Vec<Event>) -> CaseLog {
    let day = events.first().map_or(d("2026-11-02"), |e| e.at.date());
    CaseLog::new("w1", Case::new("c", "CS-01", day)).with_events(events)
}

/// (accept on time/counted, resolve on time/counted, reviews
/// satisfied/all, steps in accountability)
type Counts = ((u64, u64), (u64, u64), (u64, u64), u64);

#[rstest]
#[case::accepted_resolved_and_reviewed_on_time(vec![ev(EventKind::Reported, "2026-11-16T09:00"), ev(EventKind::Accepted, "2026-11-16T09:40"), ev(EventKind::Resolved, "2026-11-18T16:00"), reviewed("2026-11-19T10:00", true), ev(EventKind::Closed, "2026-11-19T11:00")], ((1, 1), (1, 1), (1, 1), 0))]
#[case::accepted_on_the_deadline_is_on_time(vec![ev(EventKind::Reported, "2026-11-16T09:00"), ev(EventKind::Accepted, "2026-11-16T11:00"), ev(EventKind::Cancelled, "2026-11-16T12:00")], ((1, 1), (0, 0), (0, 0), 0))]
#[case::accepted_a_minute_late(vec![ev(EventKind::Reported, "2026-11-16T09:00"), ev(EventKind::Accepted, "2026-11-16T11:01"), ev(EventKind::Cancelled, "2026-11-16T12:00")], ((0, 1), (0, 0), (0, 0), 0))]
#[case::resolved_after_three_working_days(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T09:30"), ev(EventKind::Resolved, "2026-11-06T09:00"), reviewed("2026-11-06T10:00", true), ev(EventKind::Closed, "2026-11-06T11:00")], ((1, 1), (0, 1), (1, 1), 0))]
#[case::an_extension_keeps_the_resolve_step_on_time(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T09:30"), Event::extended(t("2026-11-04T09:00"), wangshi::calendar::Period::WorkingDays(3)), ev(EventKind::Resolved, "2026-11-06T09:00"), reviewed("2026-11-06T10:00", true), ev(EventKind::Closed, "2026-11-06T11:00")], ((1, 1), (1, 1), (1, 1), 0))]
#[case::a_resolve_step_ended_by_cancelled_is_not_counted(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T09:30"), ev(EventKind::Cancelled, "2026-11-20T09:00")], ((1, 1), (0, 0), (0, 0), 0))]
#[case::an_accept_step_ended_by_cancelled_is_not_counted(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Cancelled, "2026-11-02T10:00")], ((0, 0), (0, 0), (0, 0), 0))]
#[case::a_resolve_step_ended_by_mediation_is_not_counted(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T09:30"), ev(EventKind::MediationStarted, "2026-11-03T10:00"), ev(EventKind::MediationFailed, "2026-11-10T10:00"), ev(EventKind::Resolved, "2026-11-12T10:00"), reviewed("2026-11-13T10:00", true), ev(EventKind::Closed, "2026-11-13T11:00")], ((1, 1), (1, 1), (1, 1), 0))]
#[case::steps_ended_before_from_are_not_counted(vec![ev(EventKind::Reported, "2026-10-28T09:00"), ev(EventKind::Accepted, "2026-10-28T09:30"), ev(EventKind::Resolved, "2026-10-29T10:00"), reviewed("2026-11-02T10:00", true), ev(EventKind::Closed, "2026-11-02T11:00")], ((0, 0), (0, 0), (1, 1), 0))]
#[case::an_open_resolve_step_in_accountability(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T09:30")], ((1, 1), (0, 0), (0, 0), 1))]
#[case::an_open_resolve_step_in_supervision_is_not_deducted(vec![ev(EventKind::Reported, "2026-11-20T09:00"), ev(EventKind::Accepted, "2026-11-20T09:30")], ((1, 1), (0, 0), (0, 0), 0))]
#[case::an_open_accept_step_in_accountability(vec![ev(EventKind::Reported, "2026-11-02T09:00")], ((0, 0), (0, 0), (0, 0), 1))]
#[case::an_open_review_step_in_accountability(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T09:30"), ev(EventKind::Resolved, "2026-11-03T10:00")], ((1, 1), (1, 1), (0, 0), 1))]
#[case::an_open_report_in_step_is_not_deducted(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Whistled, "2026-11-02T09:10"), ev(EventKind::Accepted, "2026-11-02T09:30"), ev(EventKind::MediationStarted, "2026-11-03T10:00")], ((1, 1), (0, 0), (0, 0), 0))]
#[case::report_in_open_and_resolve_open(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T09:30"), ev(EventKind::Whistled, "2026-11-02T10:00")], ((1, 1), (0, 0), (0, 0), 1))]
#[case::an_unsatisfied_review_reopens_the_resolve_step(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T09:30"), ev(EventKind::Resolved, "2026-11-03T10:00"), reviewed("2026-11-04T10:00", false), ev(EventKind::Resolved, "2026-11-16T10:00"), reviewed("2026-11-17T10:00", true)], ((1, 1), (1, 2), (1, 2), 0))]
#[case::events_after_the_range_are_not_applied(vec![ev(EventKind::Reported, "2026-11-25T09:00"), ev(EventKind::Accepted, "2026-11-25T09:30"), ev(EventKind::Resolved, "2026-11-27T10:00"), reviewed("2026-11-30T10:00", false), ev(EventKind::Resolved, "2026-12-01T10:00"), reviewed("2026-12-02T10:00", true), ev(EventKind::Closed, "2026-12-02T11:00")], ((1, 1), (1, 1), (0, 1), 0))]
#[case::a_review_after_the_range_leaves_the_review_step_open(vec![ev(EventKind::Reported, "2026-10-28T09:00"), ev(EventKind::Accepted, "2026-10-28T09:30"), ev(EventKind::Resolved, "2026-11-02T10:00"), reviewed("2026-12-01T10:00", true)], ((0, 0), (1, 1), (0, 0), 1))]
#[case::an_event_on_the_last_second_of_the_range_is_applied(vec![ev(EventKind::Reported, "2026-11-30T22:00"), ev(EventKind::Accepted, "2026-11-30T23:59:59")], ((1, 1), (0, 0), (0, 0), 0))]
#[case::no_event_by_the_end_of_the_range(vec![ev(EventKind::Reported, "2026-12-01T00:00"), ev(EventKind::Accepted, "2026-12-01T00:30")], ((0, 0), (0, 0), (0, 0), 0))]
#[case::no_event_at_all(vec![], ((0, 0), (0, 0), (0, 0), 0))]
fn case_items(#[case] events: Vec<Event>, #[case] want: Counts) {
    let a = both(
        &AssessmentRules::embedded(),
        NOV,
        &[],
        &[cs01(events)],
        json!({}),
    );
    let w = &a.workers[0];
    assert_eq!(w.worker, "w1");
    let share = |i: usize| (w.items[i].part, w.items[i].whole);
    assert_eq!(
        (share(1), share(2), share(3), w.deductions[0].count),
        want,
        "{w:?}"
    );
    assert_eq!(w.deductions[0].points, 5 * w.deductions[0].count);
    // No denominator anywhere: nothing to assess.
    if (want.0.1, want.1.1, want.2.1) == (0, 0, 0) {
        assert_eq!((w.score, w.rank), (None, None));
    }
}

/// A scheme of these weights and points.
fn scheme(items: &[(AssessmentItem, u32)], points: u32) -> AssessmentScheme {
    AssessmentScheme::new(
        "test",
        items
            .iter()
            .map(|&(code, weight)| SchemeItem { code, weight })
            .collect(),
        points,
    )
    .unwrap()
}

const DEFAULT: &[(AssessmentItem, u32)] = &[
    (AssessmentItem::Visits, 50),
    (AssessmentItem::OnTimeAccept, 10),
    (AssessmentItem::OnTimeResolve, 30),
    (AssessmentItem::Satisfaction, 10),
];
const VISITS_ONLY: &[(AssessmentItem, u32)] = &[(AssessmentItem::Visits, 1)];
const S: fn(u64, u64) -> Share = |part, whole| Share { part, whole };

#[rstest]
// Half-even once at the 2nd decimal: 0.125 → 0.12, 0.375 → 0.38, 0.625 → 0.62.
#[case::points_halfway_down_to_even(VISITS_ONLY, 0, [S(1, 8), S(0, 0), S(0, 0), S(0, 0)], 0, &[Some("0.12")], Some("0.12"))]
#[case::points_halfway_up_to_even(VISITS_ONLY, 0, [S(3, 8), S(0, 0), S(0, 0), S(0, 0)], 0, &[Some("0.38")], Some("0.38"))]
#[case::points_halfway_five_eighths(VISITS_ONLY, 0, [S(5, 8), S(0, 0), S(0, 0), S(0, 0)], 0, &[Some("0.62")], Some("0.62"))]
// Half-even once at the 4th decimal of the value, and the score from the exact share:
// 1/20000 is 0.0 (score 0.005 → 0.0), 3/20000 is 0.0002 (score 0.015 → 0.02).
#[case::value_and_score_halfway_to_zero(DEFAULT, 5, [S(1, 20_000), S(0, 0), S(0, 0), S(0, 0)], 0, &[Some("0.0"), None, None, None], Some("0.0"))]
#[case::value_and_score_halfway_up(DEFAULT, 5, [S(3, 20_000), S(0, 0), S(0, 0), S(0, 0)], 0, &[Some("0.01"), None, None, None], Some("0.02"))]
// Rounding intermediate values would differ: (100/3 + 10/3) × 100/60 = 61.11,
// from rounded points (33.33 + 3.33) × 100/60 = 61.10.
#[case::exact_not_from_rounded_points(DEFAULT, 5, [S(2, 3), S(1, 3), S(0, 0), S(0, 0)], 0, &[Some("33.33"), Some("3.33"), None, None], Some("61.11"))]
// From rounded values (0.6667 × 50 = 33.335 → 33.34) the points would be 33.34.
#[case::points_from_the_exact_share_not_the_rounded_value(DEFAULT, 5, [S(2, 3), S(0, 0), S(0, 0), S(0, 0)], 0, &[Some("33.33"), None, None, None], Some("66.67"))]
// 50 · 1/3 + 30 · 1/6 = 21.666..., over 80 of 100: 27.083 → 27.08; less 5: 22.08.
#[case::two_items_scaled_up_then_deducted(DEFAULT, 5, [S(1, 3), S(0, 0), S(1, 6), S(0, 0)], 1, &[Some("16.67"), None, Some("5.0"), None], Some("22.08"))]
// 1/3 of every item: 33.333… → 33.33 (points 16.67 + 3.33 + 10.0 + 3.33 = 33.33 too).
#[case::every_item_a_third(DEFAULT, 5, [S(1, 3), S(1, 3), S(1, 3), S(1, 3)], 0, &[Some("16.67"), Some("3.33"), Some("10.0"), Some("3.33")], Some("33.33"))]
// An empty item is scaled out: 10 of 10 → 100.
#[case::empty_items_scaled_out(DEFAULT, 5, [S(0, 0), S(1, 1), S(0, 0), S(0, 0)], 0, &[None, Some("10.0"), None, None], Some("100.0"))]
#[case::every_item_empty(DEFAULT, 5, [S(0, 0), S(0, 0), S(0, 0), S(0, 0)], 3, &[None, None, None, None], None)]
// Floored at 0.
#[case::deductions_floored_at_zero(DEFAULT, 5, [S(0, 4), S(1, 1), S(0, 0), S(0, 0)], 4, &[Some("0.0"), Some("10.0"), None, None], Some("0.0"))]
#[case::deductions_exactly_the_score(DEFAULT, 5, [S(0, 0), S(1, 2), S(0, 0), S(0, 0)], 10, &[None, Some("5.0"), None, None], Some("0.0"))]
// Items of weight 0 only: nothing weighed.
#[case::only_items_of_weight_zero(&[(AssessmentItem::Visits, 0), (AssessmentItem::Satisfaction, 10)], 5, [S(1, 2), S(0, 0), S(0, 0), S(0, 0)], 0, &[Some("0.0"), None], None)]
#[case::a_zero_weight_item_counts_in_nothing(&[(AssessmentItem::Visits, 0), (AssessmentItem::Satisfaction, 10)], 5, [S(1, 2), S(0, 0), S(0, 0), S(3, 4)], 0, &[Some("0.0"), Some("7.5")], Some("7.5"))]
// Scheme order is result order.
#[case::scheme_order(&[(AssessmentItem::Satisfaction, 40), (AssessmentItem::Visits, 60)], 0, [S(1, 2), S(0, 0), S(0, 0), S(1, 4)], 0, &[Some("10.0"), Some("30.0")], Some("40.0"))]
fn exact_scores(
    #[case] items: &[(AssessmentItem, u32)],
    #[case] points: u32,
    #[case] shares: [Share; 4],
    #[case] accountable: u64,
    #[case] want_points: &[Option<&str>],
    #[case] want_score: Option<&str>,
) {
    let [visits, accept, resolve, reviews] = shares;
    let s = scheme(items, points);
    let w = s.score(
        "w",
        &WorkerCounts {
            visits,
            accept,
            resolve,
            reviews,
            accountable,
        },
    );
    let got: Vec<Option<String>> = w
        .items
        .iter()
        .map(|i| i.points.map(|p| p.to_string()))
        .collect();
    assert_eq!(
        got,
        want_points
            .iter()
            .map(|p| p.map(str::to_owned))
            .collect::<Vec<_>>()
    );
    assert_eq!(w.score.map(|p| p.to_string()).as_deref(), want_score);
    assert_eq!(
        w.items.iter().map(|i| i.code).collect::<Vec<_>>(),
        items.iter().map(|i| i.0).collect::<Vec<_>>()
    );
    let d = &w.deductions[0];
    assert_eq!(
        (d.code.as_str(), d.count, d.points),
        (
            "accountability",
            accountable,
            accountable * u64::from(points)
        )
    );
}

/// Daily residents of one worker each: `required` obligations in the
/// range of the last 20000 days before 2199-12-31, `met` of them visited.
fn daily(worker: &str, met: u64, required: u64) -> VisitLog {
    let to = d("2199-12-31");
    let since = to - chrono::Days::new(required);
    VisitLog::new(format!("{worker}-r"), "red", since)
        .with_worker(worker, "A")
        .with_visits((1..=met).map(|k| since + chrono::Days::new(k)))
}

#[rstest]
#[case::ordered_by_score(&[("w1", 1, 4), ("w2", 3, 4), ("w3", 2, 4)], &[("w2", Some(1)), ("w3", Some(2)), ("w1", Some(3))])]
#[case::equal_scores_share_a_rank(&[("w3", 1, 4), ("w2", 2, 4), ("w1", 1, 2), ("w0", 0, 1)], &[("w1", Some(1)), ("w2", Some(1)), ("w3", Some(3)), ("w0", Some(4))])]
#[case::scores_compared_at_two_decimals(&[("b", 6667, 10_000), ("a", 2, 3), ("c", 6666, 10_000)], &[("a", Some(1)), ("b", Some(1)), ("c", Some(3))])]
#[case::ids_in_code_point_order(&[("网格员", 1, 1), ("Zed", 1, 1), ("amy", 1, 1)], &[("Zed", Some(1)), ("amy", Some(1)), ("网格员", Some(1))])]
#[case::nothing_to_assess_comes_last(&[("a", 0, 0), ("z", 0, 1), ("b", 0, 0)], &[("z", Some(1)), ("a", None), ("b", None)])]
#[case::all_null(&[("b", 0, 0), ("a", 0, 0)], &[("a", None), ("b", None)])]
fn ranks(#[case] workers: &[(&str, u64, u64)], #[case] want: &[(&str, Option<u32>)]) {
    let residents: Vec<VisitLog> = workers
        .iter()
        .map(|&(w, met, required)| daily(w, met, required))
        .collect();
    let a = both(
        &AssessmentRules::embedded(),
        ("2145-03-30", "2199-12-31"),
        &residents,
        &[],
        json!({}),
    );
    let got: Vec<(&str, Option<u32>)> = a
        .workers
        .iter()
        .map(|w| (w.worker.as_str(), w.rank))
        .collect();
    assert_eq!(got, want);
}

/// A handler named only by a case without events is assessed too; a
/// worker named only by a resident with an error is not.
#[test]
fn who_is_assessed() {
    let residents = [
        VisitLog::new("x", "purple", d("2026-01-01")).with_worker("w3", "A"),
        VisitLog::new("b", "blue", d("2026-01-01")).with_worker(" ", "A"),
        VisitLog::new("g", "green", d("2026-01-01")).with_worker("w1", "A"),
    ];
    let cases = [CaseLog::new("w2", Case::new("c", "CS-01", d("2026-12-01")))];
    let a = both(
        &AssessmentRules::embedded(),
        NOV,
        &residents,
        &cases,
        json!({}),
    );
    let names: Vec<&str> = a.workers.iter().map(|w| w.worker.as_str()).collect();
    assert_eq!(names, ["w1", "w2"]);
    assert_eq!(a.errors.len(), 1);
    assert_eq!(
        (a.errors[0].0.as_str(), a.errors[0].1.code()),
        ("x", ErrorCode::UnknownTier)
    );
}

fn json_error(req: Value) -> (ErrorCode, String) {
    let e = wangshi::evaluate(req).unwrap_err();
    (e.code(), e.path().unwrap_or_default().to_owned())
}

#[rstest]
#[case::reported_twice(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Reported, "2026-11-02T09:10")], ErrorCode::InvalidEvent, "cases[1].events[1]")]
#[case::resolved_before_accepted(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Resolved, "2026-11-02T10:00")], ErrorCode::InvalidEvent, "cases[1].events[1]")]
#[case::first_event_not_reported(vec![ev(EventKind::Accepted, "2026-11-02T09:00")], ErrorCode::InvalidEvent, "cases[1].events[0]")]
#[case::time_goes_back(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T08:00")], ErrorCode::InvalidEvent, "cases[1].events[1]")]
#[case::time_goes_back_across_the_end_of_the_range(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-12-01T09:00"), ev(EventKind::Resolved, "2026-11-20T09:00")], ErrorCode::InvalidEvent, "cases[1].events[2]")]
#[case::closed_without_a_satisfied_review(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T09:30"), ev(EventKind::Resolved, "2026-11-03T09:00"), reviewed("2026-11-04T09:00", false), ev(EventKind::Closed, "2026-11-04T10:00")], ErrorCode::InvalidEvent, "cases[1].events[4]")]
#[case::a_review_without_satisfied(vec![ev(EventKind::Reported, "2026-11-02T09:00"), ev(EventKind::Accepted, "2026-11-02T09:30"), ev(EventKind::Resolved, "2026-11-03T09:00"), ev(EventKind::Reviewed, "2026-11-04T09:00")], ErrorCode::MissingField, "cases[1].events[3].satisfied")]
#[case::an_event_before_1900(vec![ev(EventKind::Reported, "1899-12-31T09:00")], ErrorCode::InvalidDate, "cases[1].events[0].at")]
fn case_errors(#[case] events: Vec<Event>, #[case] code: ErrorCode, #[case] path: &str) {
    // The first case is fine; the second breaks a rule.
    let good = cs01(vec![
        ev(EventKind::Reported, "2026-11-16T09:00"),
        ev(EventKind::Accepted, "2026-11-16T09:40"),
    ]);
    let bad = CaseLog::new("w2", Case::new("c2", "CS-01", d("2026-11-02"))).with_events(events);
    let cases = [good, bad];
    let e = assess(
        &AssessmentRules::embedded(),
        d(NOV.0),
        d(NOV.1),
        &[],
        &cases,
    )
    .unwrap_err();
    assert_eq!((e.code(), e.path()), (code, Some(path)), "{e}");
    assert_eq!(
        json_error(request(NOV.0, NOV.1, &[], &cases)),
        (code, path.to_owned())
    );
}

#[rstest]
#[case::blank_handler(json!({"handler": " ", "case": {"id": "c", "item": "CS-01", "reported_on": "2026-11-02"}, "events": []}), ErrorCode::InvalidValue, "cases[0].handler")]
#[case::no_handler(json!({"case": {"id": "c", "item": "CS-01", "reported_on": "2026-11-02"}, "events": []}), ErrorCode::MissingField, "cases[0].handler")]
#[case::unknown_item(json!({"handler": "w1", "case": {"id": "c", "item": "ZZ-99", "reported_on": "2026-11-02"}, "events": []}), ErrorCode::UnknownItem, "cases[0].case.item")]
#[case::no_events(json!({"handler": "w1", "case": {"id": "c", "item": "CS-01", "reported_on": "2026-11-02"}}), ErrorCode::MissingField, "cases[0].events")]
#[case::unknown_field(json!({"handler": "w1", "grid": "A", "case": {"id": "c", "item": "CS-01", "reported_on": "2026-11-02"}, "events": []}), ErrorCode::UnknownField, "cases[0].grid")]
#[case::an_event_after_the_range_with_an_unknown_field(json!({"handler": "w1", "case": {"id": "c", "item": "CS-01", "reported_on": "2026-11-02"}, "events": [{"event": "reported", "at": "2026-12-02T09:00", "note": "x"}]}), ErrorCode::UnknownField, "cases[0].events[0].note")]
#[case::an_event_after_the_range_with_a_bad_time(json!({"handler": "w1", "case": {"id": "c", "item": "CS-01", "reported_on": "2026-11-02"}, "events": [{"event": "reported", "at": "2026-12-02"}]}), ErrorCode::InvalidDate, "cases[0].events[0].at")]
#[case::an_unknown_event(json!({"handler": "w1", "case": {"id": "c", "item": "CS-01", "reported_on": "2026-11-02"}, "events": [{"event": "phoned", "at": "2026-11-02T09:00"}]}), ErrorCode::InvalidValue, "cases[0].events[0].event")]
fn json_case_errors(#[case] case: Value, #[case] code: ErrorCode, #[case] path: &str) {
    let req = json!({"op": "worker.assess", "from": NOV.0, "to": NOV.1, "residents": [], "cases": [case]});
    assert_eq!(json_error(req), (code, path.to_owned()));
}

#[test]
fn typed_request_errors() {
    let rules = AssessmentRules::embedded();
    let e = assess(&rules, d("2026-12-01"), d("2026-11-30"), &[], &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::InvalidRange, Some("to")));
    let e = assess(&rules, d("1899-12-31"), d("2026-11-30"), &[], &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::InvalidDate, Some("from")));
    let cases = [CaseLog::new("", Case::new("c", "CS-01", d("2026-11-02")))];
    let e = assess(&rules, d(NOV.0), d(NOV.1), &[], &cases).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::InvalidValue, Some("cases[0].handler"))
    );
}

#[rstest]
#[case::unknown_code(json!({"items": [{"code": "speed", "weight": 1}], "accountability_points": 5}), ErrorCode::InvalidValue, "scheme.items[0].code")]
#[case::code_not_a_string(json!({"items": [{"code": 1, "weight": 1}], "accountability_points": 5}), ErrorCode::InvalidValue, "scheme.items[0].code")]
#[case::negative_weight(json!({"items": [{"code": "visits", "weight": -1}], "accountability_points": 5}), ErrorCode::InvalidValue, "scheme.items[0].weight")]
#[case::fractional_weight(json!({"items": [{"code": "visits", "weight": 2.5}], "accountability_points": 5}), ErrorCode::InvalidValue, "scheme.items[0].weight")]
#[case::weight_too_large(json!({"items": [{"code": "visits", "weight": 1_000_001}], "accountability_points": 5}), ErrorCode::InvalidValue, "scheme.items[0].weight")]
#[case::negative_points(json!({"items": [{"code": "visits", "weight": 1}], "accountability_points": -1}), ErrorCode::InvalidValue, "scheme.accountability_points")]
#[case::item_twice(json!({"items": [{"code": "visits", "weight": 1}, {"code": "visits", "weight": 2}], "accountability_points": 5}), ErrorCode::InvalidValue, "scheme.items[1].code")]
#[case::no_item(json!({"items": [], "accountability_points": 5}), ErrorCode::InvalidValue, "scheme.items")]
#[case::no_points(json!({"items": [{"code": "visits", "weight": 1}]}), ErrorCode::MissingField, "scheme.accountability_points")]
#[case::no_weight(json!({"items": [{"code": "visits"}], "accountability_points": 5}), ErrorCode::MissingField, "scheme.items[0].weight")]
#[case::unknown_field(json!({"items": [{"code": "visits", "weight": 1, "label": "走访"}], "accountability_points": 5}), ErrorCode::UnknownField, "scheme.items[0].label")]
#[case::not_an_object(json!([1]), ErrorCode::InvalidValue, "scheme")]
fn scheme_errors(#[case] scheme: Value, #[case] code: ErrorCode, #[case] path: &str) {
    let req = json!({"op": "worker.assess", "from": NOV.0, "to": NOV.1, "residents": [], "cases": [], "scheme": scheme});
    assert_eq!(json_error(req), (code, path.to_owned()));
    // The same scheme on its own: the same error, its path within the scheme.
    let e = AssessmentScheme::from_value(&scheme).unwrap_err();
    let inner = path.strip_prefix("scheme").unwrap().trim_start_matches('.');
    assert_eq!((e.code(), e.path().unwrap_or_default()), (code, inner));
}

/// A request's own scheme is used and stamped; the default is stamped by
/// its version.
#[test]
fn a_requests_scheme_is_used_and_stamped() {
    let residents = logs(&[("green", "2026-01-01", &["2026-11-02"][..])]);
    let mine = json!({"version": "县考核 2026", "items": [{"code": "satisfaction", "weight": 20}, {"code": "visits", "weight": 80}], "accountability_points": 1});
    let mut req = request(NOV.0, NOV.1, &residents, &[]);
    req["scheme"] = mine.clone();
    let out: Value = serde_json::from_str(&wangshi::evaluate_json(&req.to_string())).unwrap();
    let w = &out["result"]["workers"][0];
    assert_eq!(w["items"][0]["code"], "satisfaction");
    assert_eq!(w["items"][1]["points"], json!(80.0));
    assert_eq!(w["score"], json!(100.0));
    let s = AssessmentScheme::from_value(&mine).unwrap();
    use wangshi::stamp::RuleData;
    assert_eq!(
        out["stamp"]["data"]["scheme"],
        serde_json::to_value(s.stamp()).unwrap()
    );
    req.as_object_mut().unwrap().remove("scheme");
    let out: Value = serde_json::from_str(&wangshi::evaluate_json(&req.to_string())).unwrap();
    assert_eq!(out["stamp"]["data"]["scheme"]["version"], "2026.1");
    for field in ["policy", "rules", "catalog", "handling", "calendar"] {
        assert!(
            out["stamp"]["data"][field].is_object(),
            "{field}: {}",
            out["stamp"]
        );
    }
}

/// The fields may come in any order: the same answer.
#[test]
fn field_order_does_not_change_the_answer() {
    let residents = logs(&[("blue", "2026-01-01", &["2026-11-02"][..])]);
    let cases = [cs01(vec![
        ev(EventKind::Reported, "2026-11-02T09:00"),
        ev(EventKind::Accepted, "2026-11-02T09:30"),
    ])];
    let req = request(NOV.0, NOV.1, &residents, &cases);
    let a = wangshi::evaluate_json(&req.to_string());
    let reversed = format!(
        r#"{{"cases": {}, "residents": {}, "to": "{}", "from": "{}", "op": "worker.assess"}}"#,
        req["cases"], req["residents"], NOV.1, NOV.0
    );
    assert_eq!(a, wangshi::evaluate_json(&reversed));
    // (25 + 10) × 100/60 − 5 for the resolve step in accountability.
    assert!(a.contains(r#""score":53.33"#), "{a}");
}
