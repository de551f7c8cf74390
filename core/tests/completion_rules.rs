//! The visit-completion rules of 每月一考核 (`visit.completion`), one row per
//! case; the JSON op's errors. (The shared vectors of `assessment.json`
//! run in the conformance suite.)

use chrono::NaiveDate;
use rstest::rstest;
use serde_json::{Value, json};
use wangshi::ErrorCode;
use wangshi::assessment::{Completion, Rate, VisitLog, completion_report};
use wangshi::visit::VisitPolicy;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rolling_policy() -> VisitPolicy {
    VisitPolicy::from_json(
        r#"{"tiers": [
            {"code": "every10", "cadence": {"every_days": 10}, "reminder_days": 3, "escalate_after_missed": 2},
            {"code": "every1", "cadence": {"every_days": 1}, "reminder_days": 0, "escalate_after_missed": 1},
            {"code": "every7", "cadence": {"every_days": 7}, "reminder_days": 1, "escalate_after_missed": 1}
        ]}"#,
    )
    .unwrap()
}

fn completion(
    policy: &VisitPolicy,
    tier: &str,
    since: &str,
    (from, to): (&str, &str),
    visits: &[&str],
) -> Result<Completion, wangshi::Error> {
    let log = VisitLog::new("r", tier, d(since)).with_visits(visits.iter().map(|v| d(v)));
    policy.completion(&log, d(from), d(to))
}

const NOV: (&str, &str) = ("2026-11-01", "2026-11-30");
const DEC: (&str, &str) = ("2026-12-01", "2026-12-31");

#[rstest]
// The grace period: the period containing tier_since is not required, and a
// visit in it meets nothing; assigned on the first day is still a grace period.
#[case::grace_month_not_required("green", "2026-11-12", NOV, &["2026-11-15"], (0, 0))]
#[case::grace_month_then_december_required("green", "2026-11-12", ("2026-11-01", "2026-12-31"), &["2026-11-15"], (1, 0))]
#[case::grace_period_even_from_its_first_day("green", "2026-11-01", NOV, &["2026-11-01"], (0, 0))]
#[case::grace_half_month("blue", "2026-11-16", NOV, &["2026-11-20"], (0, 0))]
#[case::grace_week_then_required_weeks("orange", "2026-11-04", NOV, &["2026-11-05", "2026-11-10"], (3, 1))]
#[case::grace_day("red", "2026-11-29", NOV, &["2026-11-29", "2026-11-30"], (1, 1))]
#[case::tier_assigned_after_the_range_has_no_obligation("red", "2026-12-01", NOV, &["2026-11-30"], (0, 0))]
// A week spanning two months counts once, in the month where it ends.
#[case::week_ending_on_the_first_counts_in_november("orange", "2026-09-01", NOV, &["2026-10-26"], (5, 1))]
#[case::week_spanning_november_and_december_not_in_november("orange", "2026-09-01", NOV, &["2026-11-30"], (5, 0))]
#[case::week_spanning_november_and_december_in_december("orange", "2026-09-01", DEC, &["2026-11-30"], (4, 1))]
#[case::week_spanning_new_year_not_in_december("orange", "2026-09-01", DEC, &["2026-12-29"], (4, 0))]
#[case::week_spanning_new_year_in_january("orange", "2026-09-01", ("2027-01-01", "2027-01-31"), &["2026-12-29"], (5, 1))]
// A month or half-month counts when its last day is in the range.
#[case::month_ending_in_the_range_met_by_a_visit_before_from("green", "2025-06-01", ("2026-11-15", "2026-12-20"), &["2026-11-03"], (1, 1))]
#[case::month_ending_after_to_not_required("green", "2025-06-01", ("2026-11-15", "2026-12-20"), &["2026-12-10"], (1, 0))]
#[case::range_inside_a_month_requires_nothing("green", "2025-06-01", ("2026-11-02", "2026-11-29"), &["2026-11-10"], (0, 0))]
#[case::one_day_range_on_a_month_end("green", "2025-06-01", ("2026-11-30", "2026-11-30"), &["2026-11-01"], (1, 1))]
#[case::half_months_of_november("blue", "2026-01-01", NOV, &["2026-11-15", "2026-11-16"], (2, 2))]
#[case::second_half_of_leap_february("blue", "2027-12-01", ("2028-02-01", "2028-02-29"), &["2028-02-29"], (2, 1))]
#[case::second_half_of_common_february("blue", "2026-12-01", ("2027-02-16", "2027-02-28"), &["2027-02-16"], (1, 1))]
// Duplicate and unsorted visits count once per period.
#[case::duplicate_visits_count_once("blue", "2026-01-01", NOV, &["2026-11-02", "2026-11-02"], (2, 1))]
#[case::unsorted_and_repeated_visits("red", "2026-11-27", NOV, &["2026-11-30", "2026-11-28", "2026-11-28", "2026-11-29"], (3, 3))]
#[case::two_visits_in_one_week_meet_one_week("orange", "2026-01-01", NOV, &["2026-11-02", "2026-11-08"], (5, 1))]
// Visits outside every obligation are ignored.
#[case::visits_after_to_ignored("red", "2026-01-01", NOV, &["2026-12-01", "2027-01-01"], (30, 0))]
#[case::visits_long_before_ignored("green", "2026-01-01", NOV, &["2026-10-31", "1990-01-01"], (1, 0))]
#[case::visit_before_tier_since_ignored("red", "2026-11-20", NOV, &["2026-11-19", "2026-11-20"], (10, 0))]
// Every day of a year, and of a leap year.
#[case::every_day_of_2028("red", "2027-12-31", ("2028-01-01", "2028-12-31"), &["2028-02-29"], (366, 1))]
#[case::every_month_of_a_year("green", "2025-12-31", ("2026-01-01", "2026-12-31"), &["2026-01-31", "2026-02-01", "2026-12-31"], (12, 3))]
#[case::the_first_and_last_supported_days("red", "1900-01-01", ("1900-01-02", "2199-12-31"), &["1900-01-02", "2199-12-31"], (109_572, 2))]
fn calendar_cadences(
    #[case] tier: &str,
    #[case] since: &str,
    #[case] range: (&str, &str),
    #[case] visits: &[&str],
    #[case] want: (u32, u32),
) {
    let c = completion(&VisitPolicy::default(), tier, since, range, visits).unwrap();
    assert_eq!((c.required, c.met), want);
}

#[rstest]
// Due dates tier_since + k·n (k ≥ 1) in the range.
#[case::rolling_due_dates_in_the_range("every10", "2026-11-01", NOV, &[], (2, 0))]
#[case::rolling_due_date_on_from("every10", "2026-10-22", NOV, &[], (3, 0))]
#[case::rolling_due_date_on_to("every10", "2026-10-31", NOV, &["2026-11-30"], (3, 1))]
#[case::rolling_visit_on_the_due_date_meets_it("every10", "2026-11-01", NOV, &["2026-11-11"], (2, 1))]
#[case::rolling_visit_on_tier_since_meets_nothing("every10", "2026-11-01", NOV, &["2026-11-01"], (2, 0))]
#[case::rolling_visit_the_day_after_a_due_date_meets_the_next("every10", "2026-11-01", NOV, &["2026-11-12"], (2, 1))]
#[case::rolling_visit_before_from_meets_the_first_due_date("every10", "2026-10-25", NOV, &["2026-10-26", "2026-11-24"], (3, 2))]
#[case::rolling_visit_after_the_last_due_date_ignored("every10", "2026-10-25", NOV, &["2026-11-25"], (3, 0))]
#[case::rolling_daily("every1", "2026-11-28", NOV, &["2026-11-28", "2026-11-30"], (2, 1))]
#[case::rolling_weekly_is_not_the_iso_week("every7", "2026-11-04", NOV, &["2026-11-05", "2026-11-30"], (3, 1))]
#[case::rolling_assigned_after_the_range("every10", "2026-12-05", NOV, &["2026-12-06"], (0, 0))]
#[case::rolling_assigned_long_ago("every10", "1990-01-01", NOV, &[], (3, 0))]
fn rolling_cadences(
    #[case] tier: &str,
    #[case] since: &str,
    #[case] range: (&str, &str),
    #[case] visits: &[&str],
    #[case] want: (u32, u32),
) {
    let c = completion(&rolling_policy(), tier, since, range, visits).unwrap();
    assert_eq!((c.required, c.met), want);
}

#[rstest]
#[case::rate_two_thirds_rounds_up(2, 3, Some("0.6667"))]
#[case::rate_one_eighth_has_three_decimals(1, 8, Some("0.125"))]
#[case::rate_halfway_rounds_down_to_even(1, 32, Some("0.0312"))]
#[case::rate_halfway_rounds_up_to_even(3, 32, Some("0.0938"))]
#[case::rate_halfway_at_the_fifth_decimal_to_zero(1, 20_000, Some("0.0"))]
#[case::rate_halfway_at_the_fifth_decimal_up(3, 20_000, Some("0.0002"))]
#[case::rate_just_below_halfway(4_999, 100_000_000, Some("0.0"))]
#[case::rate_just_above_halfway(5_001, 100_000_000, Some("0.0001"))]
#[case::rate_nine_of_thirteen(9, 13, Some("0.6923"))]
#[case::rate_all_met(13, 13, Some("1.0"))]
#[case::rate_none_met(0, 13, Some("0.0"))]
#[case::rate_nothing_required(0, 0, None)]
fn rates_round_half_even_once(#[case] met: u64, #[case] required: u64, #[case] want: Option<&str>) {
    let rate = Rate::of(met, required);
    assert_eq!(rate.map(|r| r.to_string()).as_deref(), want);
    // The text is the JSON number the ops write; it parses back exactly.
    if let Some(r) = rate {
        assert_eq!(r.to_string().parse::<f64>().unwrap(), r.to_f64());
    }
}

#[rstest]
#[case::unknown_tier("purple", "2026-01-01", &[], ErrorCode::UnknownTier, "tier")]
#[case::tier_since_before_1900("green", "1899-12-31", &[], ErrorCode::InvalidDate, "tier_since")]
#[case::visit_after_2199("green", "2026-01-01", &["2026-11-03", "2200-01-01"], ErrorCode::InvalidDate, "visits[1]")]
#[case::a_bad_visit_before_the_unknown_tier("purple", "2026-01-01", &["1800-01-01"], ErrorCode::InvalidDate, "visits[0]")]
fn typed_errors(
    #[case] tier: &str,
    #[case] since: &str,
    #[case] visits: &[&str],
    #[case] code: ErrorCode,
    #[case] path: &str,
) {
    let e = completion(&VisitPolicy::default(), tier, since, NOV, visits).unwrap_err();
    assert_eq!((e.code(), e.path()), (code, Some(path)), "{e}");
}

#[test]
fn a_range_that_ends_before_it_starts() {
    let e = completion(
        &VisitPolicy::default(),
        "green",
        "2026-01-01",
        ("2026-12-01", "2026-11-30"),
        &[],
    )
    .unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::InvalidRange, Some("to")));
    let log = VisitLog::new("r", "green", d("2026-01-01"));
    let e = VisitPolicy::default()
        .completion(&log, d("1899-12-31"), d("2026-11-30"))
        .unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::InvalidDate, Some("from")));
}

/// The report of the typed API is the JSON op's result.
#[test]
fn the_typed_report_is_the_json_result() {
    let logs = vec![
        VisitLog::new("g1", "green", d("2025-03-10"))
            .with_visits([d("2026-11-03")])
            .with_worker("w1", "A"),
        VisitLog::new("b1", "blue", d("2026-01-01"))
            .with_visits([d("2026-11-02"), d("2026-11-02")])
            .with_worker("w2", "A"),
        VisitLog::new("x", "purple", d("2026-01-01")).with_worker("w3", "C"),
        VisitLog::new("r1", "red", d("2026-11-25"))
            .with_visits([d("2026-11-26"), d("2026-11-27")])
            .with_worker("", "B"),
    ];
    let p = VisitPolicy::default();
    let report = completion_report(&p, d("2026-11-01"), d("2026-11-30"), &logs).unwrap();
    let residents: Vec<Value> = logs
        .iter()
        .map(|l| {
            json!({"id": l.id, "tier": l.tier, "tier_since": l.tier_since.to_string(),
                   "worker": l.worker, "grid": l.grid,
                   "visits": l.visits.iter().map(|v| v.to_string()).collect::<Vec<_>>()})
        })
        .collect();
    let result = wangshi::evaluate(json!({"op": "visit.completion", "from": "2026-11-01",
        "to": "2026-11-30", "residents": residents}))
    .unwrap();
    let group = |g: &wangshi::assessment::CompletionGroup| {
        json!({"required": g.required, "met": g.met,
               "rate": g.rate().map(|r| r.to_f64())})
    };
    let groups = |gs: &[(String, wangshi::assessment::CompletionGroup)]| {
        Value::Object(gs.iter().map(|(k, g)| (k.clone(), group(g))).collect())
    };
    for (i, (id, r)) in report.results.iter().enumerate() {
        let row = &result["results"][i];
        assert_eq!(row["id"], json!(id));
        match r {
            Ok(c) => assert_eq!(
                (row["required"].clone(), row["met"].clone()),
                (json!(c.required), json!(c.met))
            ),
            Err(e) => assert_eq!(row["error"]["code"], json!(e.code().as_str())),
        }
    }
    assert_eq!(result["by_worker"], groups(&report.by_worker));
    assert_eq!(result["by_grid"], groups(&report.by_grid));
    assert_eq!(result["by_tier"], groups(&report.by_tier));
    assert_eq!(result["total"], group(&report.total));
    // The blank worker is no group; the resident with an error counts nowhere.
    assert_eq!(
        report
            .by_worker
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>(),
        ["w1", "w2"]
    );
    assert_eq!(
        report
            .by_tier
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>(),
        ["green", "blue", "red"]
    );
}

/// `by_tier` is in policy order (least to most severe), `by_worker` and
/// `by_grid` in code-point order — in the response text itself.
#[test]
fn group_order_in_the_response_text() {
    let text = wangshi::evaluate_json(
        r#"{"op": "visit.completion", "from": "2026-11-01", "to": "2026-11-30", "residents": [
            {"id": "1", "tier": "red", "tier_since": "2026-01-01", "worker": "网格员乙", "grid": "b", "visits": []},
            {"id": "2", "tier": "green", "tier_since": "2026-01-01", "worker": "Zed", "grid": "a", "visits": []},
            {"id": "3", "tier": "blue", "tier_since": "2026-01-01", "worker": "amy", "grid": "B", "visits": []}]}"#,
    );
    let pos = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} not in {text}"));
    assert!(pos(r#""green":"#) < pos(r#""blue":"#) && pos(r#""blue":"#) < pos(r#""red":"#));
    assert!(pos(r#""Zed":"#) < pos(r#""amy":"#) && pos(r#""amy":"#) < pos(r#""网格员乙":"#));
    assert!(pos(r#""B":"#) < pos(r#""a":"#) && pos(r#""a":"#) < pos(r#""b":"#));
}

#[rstest]
#[case::resident_not_an_object(json!([5]), ErrorCode::InvalidValue, "residents[0]")]
#[case::resident_without_id(json!([{"tier": "green", "tier_since": "2026-01-01", "visits": []}]), ErrorCode::MissingField, "residents[0].id")]
#[case::resident_with_a_blank_id(json!([{"id": " ", "tier": "green", "tier_since": "2026-01-01", "visits": []}]), ErrorCode::InvalidValue, "residents[0].id")]
#[case::resident_without_tier(json!([{"id": "r", "tier_since": "2026-01-01", "visits": []}]), ErrorCode::MissingField, "residents[0].tier")]
#[case::resident_without_visits(json!([{"id": "r", "tier": "green", "tier_since": "2026-01-01"}]), ErrorCode::MissingField, "residents[0].visits")]
#[case::visits_not_an_array(json!([{"id": "r", "tier": "green", "tier_since": "2026-01-01", "visits": "2026-11-03"}]), ErrorCode::InvalidValue, "residents[0].visits")]
#[case::a_visit_not_a_string(json!([{"id": "r", "tier": "green", "tier_since": "2026-01-01", "visits": ["2026-11-03", 20261103]}]), ErrorCode::InvalidDate, "residents[0].visits[1]")]
#[case::a_null_visit(json!([{"id": "r", "tier": "green", "tier_since": "2026-01-01", "visits": [null]}]), ErrorCode::InvalidDate, "residents[0].visits[0]")]
#[case::a_visit_that_does_not_exist(json!([{"id": "r", "tier": "green", "tier_since": "2026-01-01", "visits": ["2026-02-29"]}]), ErrorCode::InvalidDate, "residents[0].visits[0]")]
#[case::worker_not_a_string(json!([{"id": "r", "tier": "green", "tier_since": "2026-01-01", "worker": 7, "visits": []}]), ErrorCode::InvalidValue, "residents[0].worker")]
#[case::last_visit_is_not_a_field_here(json!([{"id": "r", "tier": "green", "tier_since": "2026-01-01", "last_visit": "2026-11-03", "visits": []}]), ErrorCode::UnknownField, "residents[0].last_visit")]
fn json_row_errors(#[case] residents: Value, #[case] code: ErrorCode, #[case] path: &str) {
    let r = wangshi::evaluate(json!({"op": "visit.completion", "from": "2026-11-01",
        "to": "2026-11-30", "residents": residents}))
    .unwrap();
    let e = &r["results"][0]["error"];
    assert_eq!(
        (e["code"].as_str(), e["path"].as_str()),
        (Some(code.as_str()), Some(path)),
        "{r}"
    );
    assert_eq!(r["total"], json!({"required": 0, "met": 0, "rate": null}));
}

#[rstest]
#[case::from_missing(json!({"to": "2026-11-30", "residents": []}), ErrorCode::MissingField, "from")]
#[case::to_not_a_date(json!({"from": "2026-11-01", "to": "2026-11-31", "residents": []}), ErrorCode::InvalidDate, "to")]
#[case::range_ends_before_it_starts(json!({"from": "2026-11-02", "to": "2026-11-01", "residents": []}), ErrorCode::InvalidRange, "to")]
#[case::residents_missing(json!({"from": "2026-11-01", "to": "2026-11-30"}), ErrorCode::MissingField, "residents")]
#[case::an_unknown_field(json!({"from": "2026-11-01", "to": "2026-11-30", "residents": [], "as_of": "2026-11-30"}), ErrorCode::UnknownField, "as_of")]
#[case::a_bad_policy(json!({"from": "2026-11-01", "to": "2026-11-30", "residents": [], "policy": {"tiers": []}}), ErrorCode::InvalidPolicy, "policy.tiers")]
fn json_request_errors(#[case] mut request: Value, #[case] code: ErrorCode, #[case] path: &str) {
    request["op"] = json!("visit.completion");
    let e = wangshi::evaluate(request).unwrap_err();
    assert_eq!((e.code(), e.path()), (code, Some(path)), "{e}");
}

/// The policy may come after the residents in the request text: the same
/// answer (the rows are then read after the policy).
#[test]
fn field_order_does_not_change_the_answer() {
    let policy = r#"{"tiers": [{"code": "every10", "cadence": {"every_days": 10}, "reminder_days": 3, "escalate_after_missed": 2}]}"#;
    let residents = r#"[{"id": "a", "tier": "every10", "tier_since": "2026-11-01", "visits": ["2026-11-11", "2026-11-12"]}]"#;
    let before = wangshi::evaluate_json(&format!(
        r#"{{"op": "visit.completion", "policy": {policy}, "from": "2026-11-01", "to": "2026-11-30", "residents": {residents}}}"#
    ));
    let after = wangshi::evaluate_json(&format!(
        r#"{{"residents": {residents}, "op": "visit.completion", "from": "2026-11-01", "to": "2026-11-30", "policy": {policy}}}"#
    ));
    assert_eq!(before, after);
    assert!(
        before.contains(r#""total":{"required":2,"met":2,"rate":1.0}"#),
        "{before}"
    );
}
