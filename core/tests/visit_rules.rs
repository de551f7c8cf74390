//! The colour-tier visit rules (分色管理), one row per case.

use chrono::NaiveDate;
use rstest::rstest;
use wangshi::ErrorCode;
use wangshi::visit::{Alert, Resident, VisitPolicy, VisitState};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rolling_policy() -> VisitPolicy {
    VisitPolicy::from_json(
        r#"{"tiers": [
            {"code": "every10", "cadence": {"every_days": 10}, "reminder_days": 3, "escalate_after_missed": 2},
            {"code": "every1", "cadence": {"every_days": 1}, "reminder_days": 0, "escalate_after_missed": 1}
        ]}"#,
    )
    .unwrap()
}

/// (state, period_start, period_end, due, days_left, missed, alert)
type Want = (
    VisitState,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    i32,
    u32,
    Option<Alert>,
);

use Alert::*;
use VisitState::*;

#[rstest]
// Monthly: month ends, including February of leap and common years.
#[case::monthly_visited_this_month_due_end_of_next("green", "2026-01-05", Some("2026-01-01"), "2026-01-31",
    (Done, Some("2026-01-01"), Some("2026-01-31"), "2026-02-28", 28, 0, None))]
#[case::monthly_last_day_of_month_reminder("green", "2026-01-05", Some("2026-03-31"), "2026-04-30",
    (DueSoon, Some("2026-04-01"), Some("2026-04-30"), "2026-04-30", 0, 0, Some(Reminder)))]
#[case::monthly_reminder_window_edge_outside("green", "2026-01-05", Some("2026-10-15"), "2026-11-24",
    (Pending, Some("2026-11-01"), Some("2026-11-30"), "2026-11-30", 6, 0, None))]
#[case::monthly_leap_february("green", "2027-06-01", Some("2028-01-31"), "2028-02-24",
    (DueSoon, Some("2028-02-01"), Some("2028-02-29"), "2028-02-29", 5, 0, Some(Reminder)))]
#[case::monthly_leap_day_visit_is_done("green", "2027-06-01", Some("2028-02-29"), "2028-02-29",
    (Done, Some("2028-02-01"), Some("2028-02-29"), "2028-03-31", 31, 0, None))]
#[case::monthly_one_missed_warning("green", "2026-01-05", Some("2026-09-30"), "2026-11-02",
    (Overdue, Some("2026-11-01"), Some("2026-11-30"), "2026-11-30", 28, 1, Some(Warning)))]
#[case::monthly_three_missed_escalation("green", "2026-01-05", Some("2026-07-31"), "2026-11-02",
    (Overdue, Some("2026-11-01"), Some("2026-11-30"), "2026-11-30", 28, 3, Some(Escalation)))]
// Semi-monthly: the 15/16 boundary, in February.
#[case::semi_monthly_first_half_ends_15th("blue", "2026-06-01", Some("2027-02-01"), "2027-02-15",
    (Done, Some("2027-02-01"), Some("2027-02-15"), "2027-02-28", 13, 0, None))]
#[case::semi_monthly_16th_starts_second_half("blue", "2026-06-01", Some("2027-02-15"), "2027-02-16",
    (Pending, Some("2027-02-16"), Some("2027-02-28"), "2027-02-28", 12, 0, None))]
#[case::semi_monthly_missed_first_half_of_february("blue", "2026-06-01", Some("2027-01-31"), "2027-02-16",
    (Overdue, Some("2027-02-16"), Some("2027-02-28"), "2027-02-28", 12, 1, Some(Warning)))]
#[case::semi_monthly_leap_day_second_half("blue", "2026-06-01", Some("2028-02-16"), "2028-02-29",
    (Done, Some("2028-02-16"), Some("2028-02-29"), "2028-03-15", 15, 0, None))]
#[case::semi_monthly_reminder_three_days("blue", "2026-06-01", Some("2027-02-10"), "2027-02-25",
    (DueSoon, Some("2027-02-16"), Some("2027-02-28"), "2027-02-28", 3, 0, Some(Reminder)))]
// Weekly: ISO week 53 of 2026 (Mon 2026-12-28 .. Sun 2027-01-03) spans New Year.
#[case::weekly_iso_week_53_due_soon_on_new_years_day("orange", "2026-09-01", Some("2026-12-27"), "2027-01-01",
    (DueSoon, Some("2026-12-28"), Some("2027-01-03"), "2027-01-03", 2, 0, Some(Reminder)))]
#[case::weekly_visit_in_december_counts_for_january_days("orange", "2026-09-01", Some("2026-12-29"), "2027-01-03",
    (Done, Some("2026-12-28"), Some("2027-01-03"), "2027-01-10", 7, 0, None))]
#[case::weekly_missed_week_53("orange", "2026-09-01", Some("2026-12-27"), "2027-01-04",
    (Overdue, Some("2027-01-04"), Some("2027-01-10"), "2027-01-10", 6, 1, Some(Warning)))]
#[case::weekly_two_missed_escalate("orange", "2026-09-01", Some("2026-11-08"), "2026-11-26",
    (Overdue, Some("2026-11-23"), Some("2026-11-29"), "2026-11-29", 3, 2, Some(Escalation)))]
// Daily.
#[case::daily_yesterday_visited_due_today("red", "2026-11-20", Some("2026-11-25"), "2026-11-26",
    (DueSoon, Some("2026-11-26"), Some("2026-11-26"), "2026-11-26", 0, 0, Some(Reminder)))]
#[case::daily_one_missed_escalates("red", "2026-11-20", Some("2026-11-24"), "2026-11-26",
    (Overdue, Some("2026-11-26"), Some("2026-11-26"), "2026-11-26", 0, 1, Some(Escalation)))]
// The grace period: the tier was assigned part-way through a period.
#[case::grace_period_not_required("green", "2026-11-10", None, "2026-11-26",
    (Pending, Some("2026-11-01"), Some("2026-11-30"), "2026-12-31", 35, 0, None))]
#[case::grace_period_visit_counts("green", "2026-11-10", Some("2026-11-12"), "2026-11-26",
    (Done, Some("2026-11-01"), Some("2026-11-30"), "2026-12-31", 35, 0, None))]
#[case::period_after_grace_is_required("green", "2026-10-10", None, "2026-11-26",
    (DueSoon, Some("2026-11-01"), Some("2026-11-30"), "2026-11-30", 4, 0, Some(Reminder)))]
#[case::never_visited_counts_every_required_period("green", "2026-01-05", None, "2026-11-26",
    (Overdue, Some("2026-11-01"), Some("2026-11-30"), "2026-11-30", 4, 9, Some(Escalation)))]
#[case::grace_day_for_red("red", "2026-11-26", None, "2026-11-26",
    (Pending, Some("2026-11-26"), Some("2026-11-26"), "2026-11-27", 1, 0, None))]
// A visit before a tier change does not make earlier periods "missed".
#[case::last_visit_before_tier_change("orange", "2026-11-20", Some("2026-10-01"), "2026-11-26",
    (Pending, Some("2026-11-23"), Some("2026-11-29"), "2026-11-29", 3, 0, None))]
#[case::last_visit_before_tier_change_later("orange", "2026-11-04", Some("2026-10-01"), "2026-11-26",
    (Overdue, Some("2026-11-23"), Some("2026-11-29"), "2026-11-29", 3, 2, Some(Escalation)))]
// Years 1900 and 2199.
#[case::year_1900_first_days("green", "1900-01-01", None, "1900-03-15",
    (Overdue, Some("1900-03-01"), Some("1900-03-31"), "1900-03-31", 16, 1, Some(Warning)))]
#[case::year_1900_february_is_not_leap("blue", "1900-01-01", Some("1900-02-16"), "1900-02-28",
    (Done, Some("1900-02-16"), Some("1900-02-28"), "1900-03-15", 15, 0, None))]
#[case::year_2199_last_day_due_in_2200("green", "2199-01-01", Some("2199-12-01"), "2199-12-31",
    (Done, Some("2199-12-01"), Some("2199-12-31"), "2200-01-31", 31, 0, None))]
#[case::year_2199_weekly_overdue("orange", "2199-01-01", Some("2199-12-01"), "2199-12-31",
    (Overdue, Some("2199-12-30"), Some("2200-01-05"), "2200-01-05", 5, 4, Some(Escalation)))]
fn calendar_cadences(
    #[case] tier: &str,
    #[case] since: &str,
    #[case] last: Option<&str>,
    #[case] as_of: &str,
    #[case] want: Want,
) {
    check(&VisitPolicy::default(), tier, since, last, as_of, want);
}

#[rstest]
#[case::rolling_on_time_pending("every10", "2026-11-01", Some("2026-11-20"), "2026-11-26",
    (Pending, None, None, "2026-11-30", 4, 0, None))]
#[case::rolling_reminder_window("every10", "2026-11-01", Some("2026-11-20"), "2026-11-27",
    (DueSoon, None, None, "2026-11-30", 3, 0, Some(Reminder)))]
#[case::rolling_due_today("every10", "2026-11-01", Some("2026-11-16"), "2026-11-26",
    (DueSoon, None, None, "2026-11-26", 0, 0, Some(Reminder)))]
#[case::rolling_one_day_late_is_one_missed("every10", "2026-11-01", Some("2026-11-15"), "2026-11-26",
    (Overdue, None, None, "2026-11-25", -1, 1, Some(Warning)))]
#[case::rolling_ten_days_late_is_one_missed("every10", "2026-10-01", Some("2026-11-06"), "2026-11-26",
    (Overdue, None, None, "2026-11-16", -10, 1, Some(Warning)))]
#[case::rolling_eleven_days_late_escalates("every10", "2026-10-01", Some("2026-11-05"), "2026-11-26",
    (Overdue, None, None, "2026-11-15", -11, 2, Some(Escalation)))]
#[case::rolling_anchor_is_tier_since_when_visit_is_older("every10", "2026-11-20", Some("2026-01-01"), "2026-11-26",
    (Pending, None, None, "2026-11-30", 4, 0, None))]
#[case::rolling_never_visited_anchors_on_tier_since("every10", "2026-11-01", None, "2026-11-26",
    (Overdue, None, None, "2026-11-11", -15, 2, Some(Escalation)))]
#[case::rolling_daily("every1", "2026-11-25", Some("2026-11-25"), "2026-11-26",
    (DueSoon, None, None, "2026-11-26", 0, 0, Some(Reminder)))]
fn rolling_cadences(
    #[case] tier: &str,
    #[case] since: &str,
    #[case] last: Option<&str>,
    #[case] as_of: &str,
    #[case] want: Want,
) {
    check(&rolling_policy(), tier, since, last, as_of, want);
}

fn check(
    policy: &VisitPolicy,
    tier: &str,
    since: &str,
    last: Option<&str>,
    as_of: &str,
    want: Want,
) {
    let mut r = Resident::new("r", tier, d(since));
    if let Some(l) = last {
        r = r.with_last_visit(d(l));
    }
    let s = policy.status(&r, d(as_of)).unwrap();
    let got = (
        s.state,
        s.period_start.map(|x| x.to_string()),
        s.period_end.map(|x| x.to_string()),
        s.due.to_string(),
        s.days_left,
        s.missed_periods,
        s.alert,
    );
    let want = (
        want.0,
        want.1.map(str::to_owned),
        want.2.map(str::to_owned),
        want.3.to_owned(),
        want.4,
        want.5,
        want.6,
    );
    assert_eq!(got, want);
}

#[rstest]
#[case::unknown_tier(
    "purple",
    "2026-01-01",
    None,
    "2026-11-26",
    ErrorCode::UnknownTier,
    "tier"
)]
#[case::tier_since_after_as_of(
    "green",
    "2026-11-27",
    None,
    "2026-11-26",
    ErrorCode::TierSinceAfterAsOf,
    "tier_since"
)]
#[case::visit_after_as_of(
    "green",
    "2026-01-01",
    Some("2026-11-27"),
    "2026-11-26",
    ErrorCode::VisitAfterAsOf,
    "last_visit"
)]
#[case::tier_since_before_1900(
    "green",
    "1899-12-31",
    None,
    "2026-11-26",
    ErrorCode::InvalidDate,
    "tier_since"
)]
#[case::last_visit_before_1900(
    "green",
    "1900-01-01",
    Some("1899-12-31"),
    "2026-11-26",
    ErrorCode::InvalidDate,
    "last_visit"
)]
#[case::as_of_after_2199(
    "green",
    "2026-01-01",
    None,
    "2200-01-01",
    ErrorCode::InvalidDate,
    "as_of"
)]
fn resident_errors(
    #[case] tier: &str,
    #[case] since: &str,
    #[case] last: Option<&str>,
    #[case] as_of: &str,
    #[case] code: ErrorCode,
    #[case] path: &str,
) {
    let mut r = Resident::new("r", tier, d(since));
    if let Some(l) = last {
        r = r.with_last_visit(d(l));
    }
    let e = VisitPolicy::default().status(&r, d(as_of)).unwrap_err();
    assert_eq!((e.code(), e.path()), (code, Some(path)), "{e}");
}

#[rstest]
#[case::no_tiers(r#"{"tiers": []}"#, "tiers")]
#[case::unknown_cadence(r#"{"tiers": [{"code": "a", "cadence": "hourly", "reminder_days": 0, "escalate_after_missed": 1}]}"#, "tiers[0].cadence")]
#[case::negative_reminder(r#"{"tiers": [{"code": "a", "cadence": "monthly", "reminder_days": -1, "escalate_after_missed": 1}]}"#, "tiers[0].reminder_days")]
#[case::reminder_as_long_as_shortest_month(r#"{"tiers": [{"code": "a", "cadence": "monthly", "reminder_days": 28, "escalate_after_missed": 1}]}"#, "tiers[0].reminder_days")]
#[case::reminder_as_long_as_short_half_month(r#"{"tiers": [{"code": "a", "cadence": "semi_monthly", "reminder_days": 13, "escalate_after_missed": 1}]}"#, "tiers[0].reminder_days")]
#[case::daily_reminder_must_be_zero(r#"{"tiers": [{"code": "a", "cadence": "daily", "reminder_days": 1, "escalate_after_missed": 1}]}"#, "tiers[0].reminder_days")]
#[case::rolling_reminder_not_below_n(r#"{"tiers": [{"code": "a", "cadence": {"every_days": 5}, "reminder_days": 5, "escalate_after_missed": 1}]}"#, "tiers[0].reminder_days")]
#[case::escalate_zero(r#"{"tiers": [{"code": "a", "cadence": "weekly", "reminder_days": 0, "escalate_after_missed": 0}]}"#, "tiers[0].escalate_after_missed")]
#[case::every_days_zero(r#"{"tiers": [{"code": "a", "cadence": {"every_days": 0}, "reminder_days": 0, "escalate_after_missed": 1}]}"#, "tiers[0].cadence.every_days")]
#[case::duplicate_tier(r#"{"tiers": [{"code": "a", "cadence": "weekly", "reminder_days": 0, "escalate_after_missed": 1}, {"code": "a", "cadence": "daily", "reminder_days": 0, "escalate_after_missed": 1}]}"#, "tiers[1].code")]
#[case::tag_to_unknown_tier(r#"{"tiers": [{"code": "a", "cadence": "weekly", "reminder_days": 0, "escalate_after_missed": 1}], "tags": {"x": "b"}}"#, "tags.x")]
fn invalid_policies(#[case] text: &str, #[case] path: &str) {
    let e = VisitPolicy::from_json(text).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::InvalidPolicy, Some(path)),
        "{e}"
    );
}

#[rstest]
#[case::unknown_tier_field(
    r#"{"tiers": [{"code": "a", "cadence": "weekly", "reminder": 0, "escalate_after_missed": 1}]}"#,
    ErrorCode::UnknownField,
    "tiers[0].reminder"
)]
#[case::unknown_policy_field(r#"{"tierz": []}"#, ErrorCode::UnknownField, "tierz")]
#[case::missing_cadence(
    r#"{"tiers": [{"code": "a", "reminder_days": 0, "escalate_after_missed": 1}]}"#,
    ErrorCode::MissingField,
    "tiers[0].cadence"
)]
fn policy_typos_keep_their_codes(#[case] text: &str, #[case] code: ErrorCode, #[case] path: &str) {
    let e = VisitPolicy::from_json(text).unwrap_err();
    assert_eq!((e.code(), e.path()), (code, Some(path)), "{e}");
}

#[test]
fn a_policy_repeating_a_key_is_invalid_json() {
    let e = VisitPolicy::from_json(
        r#"{"tiers": [{"code": "a", "cadence": "weekly", "reminder_days": 0, "reminder_days": 6, "escalate_after_missed": 1}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidJson, "{e}");
}

#[test]
fn reminder_just_below_shortest_period_is_valid() {
    for (cadence, max) in [
        ("monthly", 27),
        ("semi_monthly", 12),
        ("weekly", 6),
        ("daily", 0),
    ] {
        let text = format!(
            r#"{{"tiers": [{{"code": "a", "cadence": "{cadence}", "reminder_days": {max}, "escalate_after_missed": 1}}]}}"#
        );
        VisitPolicy::from_json(&text).unwrap();
    }
}

#[test]
fn default_policy_round_trips_and_matches_the_table() {
    let p = VisitPolicy::default();
    let rows: Vec<_> = p
        .tiers()
        .iter()
        .map(|t| {
            (
                t.code.as_str(),
                t.cadence.name(),
                t.reminder_days,
                t.escalate_after_missed,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("green", "monthly", 5, 3),
            ("blue", "semi_monthly", 3, 2),
            ("orange", "weekly", 2, 2),
            ("red", "daily", 0, 1)
        ]
    );
    assert_eq!(VisitPolicy::from_value(&p.to_value()).unwrap(), p);
}

#[rstest]
#[case::none(&[], "green", &[])]
#[case::blue(&["elderly_alone", "disabled"], "blue", &["elderly_alone", "disabled"])]
#[case::orange_beats_blue(&["low_income", "drug_rehabilitation"], "orange", &["drug_rehabilitation"])]
#[case::red_beats_all(&["at_risk_youth", "key_petitioner", "serious_illness"], "red", &["key_petitioner"])]
#[case::repeated_tag_named_once(&["key_petitioner", "disabled", "key_petitioner"], "red", &["key_petitioner"])]
fn tier_suggestions(#[case] tags: &[&str], #[case] tier: &str, #[case] because: &[&str]) {
    let p = VisitPolicy::default();
    let (t, b) = p.suggest_tier(tags).unwrap();
    assert_eq!((t.code.as_str(), b.as_slice()), (tier, because));
}

/// A two-tier policy with the given `labels` JSON for tiers `a` and `b`.
fn labelled(a: &str, b: &str) -> String {
    format!(
        r#"{{"tiers": [{{"code": "a", "cadence": "weekly", "reminder_days": 0, "escalate_after_missed": 1, "labels": {a}}},
                       {{"code": "b", "cadence": "daily", "reminder_days": 0, "escalate_after_missed": 1, "labels": {b}}}]}}"#
    )
}

#[rstest]
#[case::label_names_two_tiers(r#"["绿"]"#, r#"["x", "绿"]"#, "tiers[1].labels[1]")]
#[case::label_names_two_tiers_ignoring_ascii_case(
    r#"["Green"]"#,
    r#"["GREEN"]"#,
    "tiers[1].labels[0]"
)]
#[case::label_is_another_tiers_code(r#"["x"]"#, r#"["A"]"#, "tiers[1].labels[0]")]
#[case::label_is_a_later_tiers_code(r#"["B"]"#, "null", "tiers[0].labels[0]")]
#[case::label_repeated_in_its_tier(r#"["绿", "x", "绿"]"#, "[]", "tiers[0].labels[2]")]
#[case::label_repeated_in_another_case(r#"["Green", "green"]"#, "[]", "tiers[0].labels[1]")]
#[case::label_empty(r#"[""]"#, "[]", "tiers[0].labels[0]")]
#[case::label_blank(r#"["  "]"#, "[]", "tiers[0].labels[0]")]
#[case::label_with_surrounding_spaces(r#"[" 绿"]"#, "[]", "tiers[0].labels[0]")]
#[case::label_not_a_string(r#"[1]"#, "[]", "tiers[0].labels[0]")]
#[case::labels_not_a_list(r#""绿""#, "[]", "tiers[0].labels")]
fn invalid_tier_labels(#[case] a: &str, #[case] b: &str, #[case] path: &str) {
    let e = VisitPolicy::from_json(&labelled(a, b)).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::InvalidPolicy, Some(path)),
        "{e}"
    );
}

#[rstest]
#[case::own_code_as_label(r#"["A", "a"]"#, "null", "A", Some("a"))]
#[case::chinese_label("[\"甲\"]", "[\"乙\"]", "乙", Some("b"))]
#[case::code_ignoring_case("[]", "[]", " B ", Some("b"))]
#[case::unknown("[\"甲\"]", "[]", "丙", None)]
#[case::empty_text_is_no_tier("[]", "[]", "", None)]
fn tier_labels_read(
    #[case] a: &str,
    #[case] b: &str,
    #[case] text: &str,
    #[case] want: Option<&str>,
) {
    let p = VisitPolicy::from_json(&labelled(a, b)).unwrap();
    assert_eq!(p.tier_by_label(text).map(|t| t.code.as_str()), want);
}

#[rstest]
#[case::green_character("绿", "green")]
#[case::green_word("绿色", "green")]
#[case::green_english("Green", "green")]
#[case::green_upper("GREEN", "green")]
#[case::blue_character("蓝", "blue")]
#[case::blue_word("蓝色", "blue")]
#[case::orange_character("橙", "orange")]
#[case::orange_word("橙色", "orange")]
#[case::orange_english("Orange", "orange")]
#[case::red_character("红", "red")]
#[case::red_word(" 红色 ", "red")]
#[case::red_code("red", "red")]
fn default_policy_tier_labels(#[case] text: &str, #[case] code: &str) {
    let p = VisitPolicy::default();
    assert_eq!(p.tier_by_label(text).map(|t| t.code.as_str()), Some(code));
}

#[test]
fn json_ops_take_tier_codes_not_labels() {
    let r: serde_json::Value = serde_json::from_str(&wangshi::evaluate_json(
        r#"{"op": "visit.status", "as_of": "2026-11-26",
            "residents": [{"id": "r1", "tier": "绿", "tier_since": "2026-01-05"}]}"#,
    ))
    .unwrap();
    let e = &r["result"]["results"][0]["error"];
    assert_eq!(e["code"], "unknown_tier", "{r}");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains(r#""绿" is a label of tier "green""#),
        "{r}"
    );
}

#[test]
fn labels_are_part_of_the_policy_and_its_stamp() {
    let p = VisitPolicy::default();
    assert_eq!(p.tiers()[0].labels, ["绿", "绿色", "Green"]);
    assert_eq!(
        p.to_value()["tiers"][3]["labels"],
        serde_json::json!(["红", "红色", "Red"])
    );
    // A request's own policy may carry labels; without them it is a
    // different data set, with a different stamp.
    let mut v = p.to_value();
    for t in v["tiers"].as_array_mut().unwrap() {
        t.as_object_mut().unwrap().remove("labels");
    }
    let request = |policy: &serde_json::Value| {
        let r: serde_json::Value = serde_json::from_str(&wangshi::evaluate_json(
            &serde_json::json!({"op": "tier.suggest", "tags": [], "policy": policy}).to_string(),
        ))
        .unwrap();
        assert_eq!(r["ok"], true, "{r}");
        r["stamp"]["data"]["policy"]["sha256"].clone()
    };
    assert_ne!(request(&v), request(&p.to_value()));
    assert_eq!(
        VisitPolicy::from_value(&v).unwrap().tiers()[0].labels,
        Vec::<String>::new()
    );
}
