//! The rules of case handling (事件处置闭环、监督问效), one table row per
//! rule: the default period of every step for every kind of case, the
//! deadlines they give across holidays, each supervision level with its
//! boundaries (the deadline second, exactly 80 % elapsed, working days
//! after the deadline's date), each ordering rule of the events, the
//! mediation chain end to end, reopening then extending, the Spring
//! Festival, provisional answers, and the validation of a policy.

use rstest::rstest;
use serde_json::{Value, json};
use wangshi::calendar::Period;
use wangshi::handling::{CaseProfile, HandlingPolicy, StepKind, Supervision};
use wangshi::{CaseClass, ErrorCode, Level, TriageRules};

fn profile(class: CaseClass, level: Level, immediate: bool, minutes: Option<u32>) -> CaseProfile {
    CaseProfile::new(class, level, immediate, minutes, &TriageRules::default())
}

use CaseClass::{Complex, General, Safety};
use Level::{Community, Grid};

#[rstest]
#[case::accept_immediate_report_30_minutes(
    StepKind::Accept,
    Safety,
    Community,
    true,
    None,
    Period::Minutes(30)
)]
#[case::accept_otherwise_2_hours(StepKind::Accept, General, Grid, false, None, Period::Hours(2))]
#[case::accept_complex_2_hours(StepKind::Accept, Complex, Community, false, None, Period::Hours(2))]
#[case::report_in_the_decisions_whistle_minutes(
    StepKind::ReportIn,
    General,
    Community,
    false,
    Some(90),
    Period::Minutes(90)
)]
#[case::report_in_without_whistle_rules_1440(
    StepKind::ReportIn,
    Complex,
    Community,
    false,
    None,
    Period::Minutes(1440)
)]
#[case::report_in_without_whistle_immediate_30(
    StepKind::ReportIn,
    Safety,
    Community,
    true,
    None,
    Period::Minutes(30)
)]
#[case::resolve_immediate_report_24_hours(
    StepKind::Resolve,
    Safety,
    Community,
    true,
    None,
    Period::Hours(24)
)]
#[case::resolve_immediate_report_before_grid(
    StepKind::Resolve,
    General,
    Grid,
    true,
    None,
    Period::Hours(24)
)]
#[case::resolve_grid_3_working_days(
    StepKind::Resolve,
    General,
    Grid,
    false,
    None,
    Period::WorkingDays(3)
)]
#[case::resolve_grid_whatever_the_class(
    StepKind::Resolve,
    Safety,
    Grid,
    false,
    None,
    Period::WorkingDays(3)
)]
#[case::resolve_community_general_7_working_days(
    StepKind::Resolve,
    General,
    Community,
    false,
    None,
    Period::WorkingDays(7)
)]
#[case::resolve_community_safety_5_working_days(
    StepKind::Resolve,
    Safety,
    Community,
    false,
    None,
    Period::WorkingDays(5)
)]
#[case::resolve_community_complex_15_working_days(
    StepKind::Resolve,
    Complex,
    Community,
    false,
    None,
    Period::WorkingDays(15)
)]
#[case::review_2_working_days(
    StepKind::Review,
    Complex,
    Community,
    true,
    None,
    Period::WorkingDays(2)
)]
#[case::mediate_30_days(StepKind::Mediate, Complex, Community, false, None, Period::Days(30))]
#[case::apply_confirmation_30_days(
    StepKind::ApplyConfirmation,
    Complex,
    Community,
    false,
    None,
    Period::Days(30)
)]
#[case::court_accept_3_days(
    StepKind::CourtAccept,
    Complex,
    Community,
    false,
    None,
    Period::Days(3)
)]
#[case::court_decide_15_days(
    StepKind::CourtDecide,
    Complex,
    Community,
    false,
    None,
    Period::Days(15)
)]
fn default_period(
    #[case] step: StepKind,
    #[case] class: CaseClass,
    #[case] level: Level,
    #[case] immediate: bool,
    #[case] minutes: Option<u32>,
    #[case] period: Period,
) {
    let p = profile(class, level, immediate, minutes);
    assert_eq!(HandlingPolicy::default().base_period(step, &p), period);
}

/// `case.supervise` of one row; the result row or the row's error.
fn sweep(row: Value, as_of: &str) -> Value {
    let r =
        wangshi::evaluate(json!({"op": "case.supervise", "as_of": as_of, "steps": [row]})).unwrap();
    r["results"][0].clone()
}

fn row(step: &str, started: &str, class: &str, level: &str, immediate: bool) -> Value {
    json!({"id": "x", "step": step, "started": started, "class": class, "level": level,
           "immediate_report": immediate})
}

#[rstest]
#[case::accept_2_hours(
    "accept",
    "2026-11-26T07:00",
    "general",
    "grid",
    false,
    "2026-11-26T09:00:00"
)]
#[case::accept_immediate_30_minutes(
    "accept",
    "2026-11-26T09:45",
    "safety",
    "community",
    true,
    "2026-11-26T10:15:00"
)]
#[case::report_in_1440_minutes(
    "report_in",
    "2026-11-25T10:00",
    "complex",
    "community",
    false,
    "2026-11-26T10:00:00"
)]
#[case::resolve_grid_over_a_weekend(
    "resolve",
    "2026-11-20T15:00",
    "general",
    "grid",
    false,
    "2026-11-25T23:59:59"
)]
#[case::resolve_community_general(
    "resolve",
    "2026-11-16T09:40",
    "general",
    "community",
    false,
    "2026-11-25T23:59:59"
)]
#[case::resolve_community_safety(
    "resolve",
    "2026-11-26T10:00",
    "safety",
    "community",
    false,
    "2026-12-03T23:59:59"
)]
#[case::resolve_community_complex(
    "resolve",
    "2026-11-02T09:30",
    "complex",
    "community",
    false,
    "2026-11-23T23:59:59"
)]
#[case::resolve_immediate_24_hours(
    "resolve",
    "2026-11-26T10:00",
    "safety",
    "community",
    true,
    "2026-11-27T10:00:00"
)]
#[case::review_across_national_day(
    "review",
    "2026-09-30T16:00",
    "general",
    "grid",
    false,
    "2026-10-09T23:59:59"
)]
#[case::mediate_30_days(
    "mediate",
    "2026-11-16T09:00",
    "complex",
    "community",
    false,
    "2026-12-16T23:59:59"
)]
#[case::apply_confirmation_last_day_a_sunday(
    "apply_confirmation",
    "2026-10-30T10:00",
    "complex",
    "community",
    false,
    "2026-11-30T23:59:59"
)]
#[case::court_accept_last_day_in_national_day(
    "court_accept",
    "2026-09-30T10:00",
    "complex",
    "community",
    false,
    "2026-10-08T23:59:59"
)]
#[case::court_decide_15_days(
    "court_decide",
    "2026-11-02T10:00",
    "complex",
    "community",
    false,
    "2026-11-17T23:59:59"
)]
fn step_deadline(
    #[case] step: &str,
    #[case] started: &str,
    #[case] class: &str,
    #[case] level: &str,
    #[case] immediate: bool,
    #[case] deadline: &str,
) {
    let r = sweep(row(step, started, class, level, immediate), started);
    assert_eq!(r["deadline"], deadline, "{r}");
    assert_eq!(r["provisional"], false);
}

/// An accept step from 08:00 (2 hours, deadline 10:00 on a Thursday), or a
/// step whose deadline is the given day's 10:00.
#[rstest]
#[case::on_track_just_below_80_percent("2026-11-26T08:00", "2026-11-26T09:35:59", "on_track", 1441)]
#[case::warning_at_exactly_80_percent("2026-11-26T08:00", "2026-11-26T09:36:00", "warning", 1440)]
#[case::warning_at_the_deadline_second("2026-11-26T08:00", "2026-11-26T10:00:00", "warning", 0)]
#[case::overdue_the_second_after("2026-11-26T08:00", "2026-11-26T10:00:01", "overdue", -1)]
#[case::overdue_until_the_deadlines_day_ends("2026-11-26T08:00", "2026-11-26T23:59:59", "overdue", -50_399)]
#[case::supervision_one_working_day_after("2026-11-26T08:00", "2026-11-27T00:00:00", "supervision", -50_400)]
#[case::overdue_over_the_weekend("2026-11-27T08:00", "2026-11-29T18:00:00", "overdue", -201_600)]
#[case::supervision_on_monday("2026-11-27T08:00", "2026-11-30T00:00:00", "supervision", -223_200)]
#[case::supervision_at_four_working_days("2026-11-26T08:00", "2026-12-02T23:59:59", "supervision", -568_799)]
#[case::accountability_at_five_working_days("2026-11-26T08:00", "2026-12-03T00:00:00", "accountability", -568_800)]
#[case::overdue_through_the_spring_festival("2026-02-14T08:00", "2026-02-23T12:00:00", "overdue", -784_800)]
#[case::supervision_the_day_after_the_spring_festival("2026-02-14T08:00", "2026-02-24T00:00:00", "supervision", -828_000)]
fn supervision_level(
    #[case] started: &str,
    #[case] as_of: &str,
    #[case] level: &str,
    #[case] seconds_left: i64,
) {
    let r = sweep(row("accept", started, "general", "grid", false), as_of);
    assert_eq!(r["supervision"], level, "{r}");
    assert_eq!(r["seconds_left"], seconds_left, "{r}");
}

#[test]
fn thresholds_are_policy() {
    let mut v = HandlingPolicy::default().to_value();
    v["supervision"] = json!({"warning_fraction": 0.5, "supervision_after_working_days": 0,
                              "accountability_after_working_days": 2});
    let one = |as_of: &str| {
        let r = wangshi::evaluate(
            json!({"op": "case.supervise", "as_of": as_of, "handling": v,
            "steps": [row("accept", "2026-11-26T08:00", "general", "grid", false)]}),
        )
        .unwrap();
        r["results"][0]["supervision"].as_str().unwrap().to_owned()
    };
    assert_eq!(one("2026-11-26T08:59:59"), "on_track");
    assert_eq!(one("2026-11-26T09:00:00"), "warning");
    // 督办 as soon as it is late, 问责 after two working days.
    assert_eq!(one("2026-11-26T10:00:01"), "supervision");
    assert_eq!(one("2026-11-30T00:00:00"), "accountability");
}

fn case(item: &str, flags: &[&str]) -> Value {
    json!({"id": "c1", "item": item, "reported_on": "2026-11-02", "flags": flags})
}

fn timeline(case: Value, events: Value, as_of: &str) -> Result<Value, wangshi::Error> {
    wangshi::evaluate(
        json!({"op": "case.timeline", "case": case, "events": events, "as_of": as_of}),
    )
}

/// `{"event", "at"}` for a day of November 2026 and a time.
fn ev(kind: &str, at: &str) -> Value {
    json!({"event": kind, "at": format!("2026-11-{at}")})
}

const AS_OF: &str = "2026-12-31T12:00";

#[rstest]
#[case::the_list_is_not_empty(json!([]), "events", "the list is empty")]
#[case::the_first_event_is_reported(json!([ev("accepted", "02T09:00")]), "events[0]", "expected reported")]
#[case::no_other_event_is_reported(json!([ev("reported", "02T09:00"), ev("reported", "02T09:10")]), "events[1]", "only the first event is reported; expected one of: accepted, whistled, cancelled")]
#[case::at_never_decreases(json!([ev("reported", "02T09:00"), ev("accepted", "02T08:59")]), "events[1]", "events are listed in time order")]
#[case::at_is_never_after_as_of(json!([ev("reported", "02T09:00"), json!({"event": "accepted", "at": "2027-01-01T00:00"})]), "events[1]", "after as_of")]
#[case::accepted_exactly_once(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("accepted", "02T09:20")]), "events[2]", "accepted may occur only once; expected one of: whistled, extended, resolved, cancelled, mediation_started")]
#[case::whistled_at_most_once(json!([ev("reported", "02T09:00"), ev("whistled", "02T09:10"), ev("whistled", "02T09:20")]), "events[2]", "whistled may occur only once")]
#[case::whistled_before_resolved(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("resolved", "03T09:00"), ev("whistled", "03T09:20")]), "events[3]", "whistled must come before resolved; expected one of: reviewed, mediation_started")]
#[case::department_reported_after_whistled(json!([ev("reported", "02T09:00"), ev("department_reported", "02T09:10")]), "events[1]", "department_reported must follow whistled")]
#[case::department_reported_at_most_once(json!([ev("reported", "02T09:00"), ev("whistled", "02T09:10"), ev("department_reported", "02T10:00"), ev("department_reported", "02T11:00")]), "events[3]", "department_reported may occur only once")]
#[case::extended_needs_an_open_resolve_step(json!([ev("reported", "02T09:00"), json!({"event": "extended", "at": "2026-11-02T09:10", "working_days": 2})]), "events[1]", "extended needs an open resolve step")]
#[case::extended_at_or_before_the_deadline(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), json!({"event": "extended", "at": "2026-11-24T00:00", "working_days": 2})]), "events[2]", "after the resolve step's deadline (2026-11-23T23:59:59): an extension is asked for at or before the deadline; expected one of: whistled, resolved, cancelled, mediation_started")]
#[case::extended_at_most_max_extensions(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), json!({"event": "extended", "at": "2026-11-03T09:00", "working_days": 2}), json!({"event": "extended", "at": "2026-11-04T09:00", "working_days": 1})]), "events[3]", "already extended 1 time(s), the most max_extensions allows (1)")]
#[case::resolved_needs_an_open_resolve_step(json!([ev("reported", "02T09:00"), ev("resolved", "02T09:10")]), "events[1]", "resolved needs an open resolve step or a mediation agreement")]
#[case::resolved_once_per_resolve_step(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("resolved", "03T09:00"), ev("resolved", "03T10:00")]), "events[3]", "resolved needs an open resolve step")]
#[case::reviewed_right_after_resolved(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), json!({"event": "reviewed", "at": "2026-11-02T09:20", "satisfied": true})]), "events[2]", "reviewed must come right after resolved")]
#[case::one_review_per_resolution(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("resolved", "03T09:00"), json!({"event": "reviewed", "at": "2026-11-03T10:00", "satisfied": true}), json!({"event": "reviewed", "at": "2026-11-03T11:00", "satisfied": true})]), "events[4]", "reviewed must come right after resolved; expected one of: closed")]
#[case::closed_after_a_satisfied_review(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("resolved", "03T09:00"), ev("closed", "03T10:00")]), "events[3]", "closed needs a satisfied review before it; expected one of: reviewed, mediation_started")]
#[case::closed_not_after_a_reopening_review(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("resolved", "03T09:00"), json!({"event": "reviewed", "at": "2026-11-03T10:00", "satisfied": false}), ev("closed", "03T11:00")]), "events[4]", "closed needs a satisfied review before it")]
#[case::cancelled_before_the_first_resolved(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("resolved", "03T09:00"), json!({"event": "reviewed", "at": "2026-11-03T10:00", "satisfied": false}), ev("cancelled", "03T11:00")]), "events[4]", "cancelled must come before the first resolved")]
#[case::nothing_follows_closed(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("resolved", "03T09:00"), json!({"event": "reviewed", "at": "2026-11-03T10:00", "satisfied": true}), ev("closed", "03T11:00"), ev("whistled", "03T12:00")]), "events[5]", "nothing follows closed; expected no event after closed")]
#[case::nothing_follows_cancelled(json!([ev("reported", "02T09:00"), ev("cancelled", "02T09:10"), ev("accepted", "02T09:20")]), "events[2]", "nothing follows cancelled")]
#[case::mediation_started_after_accepted(json!([ev("reported", "02T09:00"), ev("mediation_started", "02T09:10")]), "events[1]", "mediation_started must follow accepted")]
#[case::mediation_started_at_most_once(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("mediation_started", "02T10:00"), ev("mediation_failed", "03T10:00"), ev("mediation_started", "03T11:00")]), "events[4]", "mediation_started may occur only once")]
#[case::mediation_extended_while_mediating(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), json!({"event": "mediation_extended", "at": "2026-11-02T10:00", "days": 5})]), "events[2]", "mediation_extended needs a mediation in progress")]
#[case::one_outcome_of_a_mediation(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("mediation_started", "02T10:00"), ev("mediation_failed", "03T10:00"), ev("agreement_reached", "03T11:00")]), "events[4]", "agreement_reached needs a mediation in progress")]
#[case::confirmation_applied_after_an_agreement(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("confirmation_applied", "02T10:00")]), "events[2]", "confirmation_applied must follow agreement_reached")]
#[case::confirmation_applied_at_most_once(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("mediation_started", "02T10:00"), ev("agreement_reached", "03T10:00"), ev("confirmation_applied", "03T11:00"), ev("confirmation_refused", "04T11:00"), ev("confirmation_applied", "05T11:00")]), "events[6]", "confirmation_applied may occur only once")]
#[case::acceptance_decided_after_application(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("mediation_started", "02T10:00"), ev("agreement_reached", "03T10:00"), ev("confirmation_accepted", "03T11:00")]), "events[4]", "confirmation_accepted must follow confirmation_applied")]
#[case::court_extended_after_acceptance(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("mediation_started", "02T10:00"), ev("agreement_reached", "03T10:00"), ev("confirmation_applied", "03T11:00"), ev("court_extended", "04T11:00")]), "events[5]", "court_extended must follow confirmation_accepted")]
#[case::court_extended_at_most_once(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("mediation_started", "02T10:00"), ev("agreement_reached", "03T10:00"), ev("confirmation_applied", "03T11:00"), ev("confirmation_accepted", "04T11:00"), ev("court_extended", "05T11:00"), ev("court_extended", "06T11:00")]), "events[7]", "court_extended may occur only once")]
#[case::confirmed_after_acceptance(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("mediation_started", "02T10:00"), ev("agreement_reached", "03T10:00"), ev("confirmation_applied", "03T11:00"), ev("confirmation_refused", "04T11:00"), ev("confirmed", "05T11:00")]), "events[6]", "confirmed must follow confirmation_accepted")]
#[case::one_decision_of_the_court(json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"), ev("mediation_started", "02T10:00"), ev("agreement_reached", "03T10:00"), ev("confirmation_applied", "03T11:00"), ev("confirmation_accepted", "04T11:00"), ev("confirmed", "05T11:00"), ev("confirmation_rejected", "06T11:00")]), "events[7]", "confirmation_rejected must follow confirmation_accepted")]
fn ordering_error(#[case] events: Value, #[case] path: &str, #[case] message: &str) {
    let e = timeline(case("MD-02", &["property_dispute"]), events, AS_OF).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidEvent, "{e}");
    assert_eq!(e.path(), Some(path), "{e}");
    assert!(
        e.message().contains(message),
        "{:?} lacks {message:?}",
        e.message()
    );
}

#[rstest]
#[case::amount_within_the_base(json!({"event": "extended", "at": "2026-11-03T09:00", "working_days": 16}), ErrorCode::InvalidValue, "events[2].working_days", "from 1 to its period of 15")]
#[case::amount_at_least_one(json!({"event": "extended", "at": "2026-11-03T09:00", "working_days": 0}), ErrorCode::InvalidValue, "events[2].working_days", "from 1 to 3660")]
#[case::amount_in_the_steps_unit(json!({"event": "extended", "at": "2026-11-03T09:00", "days": 5}), ErrorCode::UnknownField, "events[2].days", "the resolve step counts in working_days")]
#[case::amount_given(json!({"event": "extended", "at": "2026-11-03T09:00"}), ErrorCode::MissingField, "events[2].working_days", "extended needs \"working_days\"")]
#[case::review_says_whether_satisfied(json!({"event": "reviewed", "at": "2026-11-03T09:00"}), ErrorCode::MissingField, "events[2].satisfied", "true or false")]
#[case::only_reviews_say_satisfied(json!({"event": "resolved", "at": "2026-11-03T09:00", "satisfied": true}), ErrorCode::UnknownField, "events[2].satisfied", "expected one of: at, event")]
#[case::unknown_event(json!({"event": "escalated", "at": "2026-11-03T09:00"}), ErrorCode::InvalidValue, "events[2].event", "known events: reported, accepted")]
#[case::timestamp_form(json!({"event": "resolved", "at": "2026-11-03 09:00"}), ErrorCode::InvalidDate, "events[2].at", "YYYY-MM-DDTHH:MM")]
#[case::event_is_an_object(json!("resolved"), ErrorCode::InvalidValue, "events[2]", "expected an object")]
fn event_field_error(
    #[case] third: Value,
    #[case] code: ErrorCode,
    #[case] path: &str,
    #[case] message: &str,
) {
    let events = json!([
        ev("reported", "02T09:00"),
        ev("accepted", "02T09:30"),
        third
    ]);
    let e = timeline(case("MD-02", &["property_dispute"]), events, AS_OF).unwrap_err();
    assert_eq!((e.code(), e.path()), (code, Some(path)), "{e}");
    assert!(
        e.message().contains(message),
        "{:?} lacks {message:?}",
        e.message()
    );
}

#[test]
fn an_immediate_report_extends_in_hours() {
    let events = json!([
        ev("reported", "02T09:00"),
        ev("accepted", "02T09:10"),
        json!({"event": "extended", "at": "2026-11-02T20:00", "hours": 12})
    ]);
    let r = timeline(case("AQ-01", &["emergency"]), events, "2026-11-03T18:00").unwrap();
    let resolve = &r["steps"][1];
    // 24 + 12 hours from 09:10, counted again from the step's start.
    assert_eq!(resolve["deadline"], "2026-11-03T21:10:00");
    assert_eq!(resolve["supervision"], "warning");
    let too_long = json!([
        ev("reported", "02T09:00"),
        ev("accepted", "02T09:10"),
        json!({"event": "extended", "at": "2026-11-02T20:00", "hours": 25})
    ]);
    let e = timeline(case("AQ-01", &["emergency"]), too_long, "2026-11-03T12:00").unwrap_err();
    assert_eq!(e.path(), Some("events[2].hours"));
}

fn steps(r: &Value) -> Vec<(String, String, Value, Value)> {
    r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"].as_str().unwrap().to_owned(),
                s["deadline"].as_str().unwrap().to_owned(),
                s["ended"].clone(),
                s["on_time"].clone(),
            )
        })
        .collect()
}

#[test]
fn the_mediation_chain_end_to_end() {
    // 诉前调解 registered, extended by agreement of the parties, an agreement,
    // the joint application for 司法确认, the court's acceptance, its
    // extension by the president and the confirmation; then 办结, 回访, 结案.
    let events = json!([
        ev("reported", "02T09:00"),
        ev("accepted", "02T09:30"),
        ev("mediation_started", "03T10:00"),
        {"event": "mediation_extended", "at": "2026-11-20T10:00", "days": 10},
        ev("agreement_reached", "28T10:00"),
        {"event": "confirmation_applied", "at": "2026-12-07T10:00"},
        {"event": "confirmation_accepted", "at": "2026-12-09T10:00"},
        {"event": "court_extended", "at": "2026-12-20T10:00"},
        {"event": "confirmed", "at": "2027-01-05T10:00"},
        {"event": "resolved", "at": "2027-01-06T10:00"},
        {"event": "reviewed", "at": "2027-01-07T10:00", "satisfied": true},
        {"event": "closed", "at": "2027-01-07T11:00"},
    ]);
    let r = timeline(
        case("MD-02", &["property_dispute"]),
        events,
        "2027-01-08T09:00",
    )
    .unwrap();
    assert_eq!(r["decision"]["center"], "mediation");
    assert_eq!(r["state"], "closed");
    let s = |step: &str, deadline: &str, ended: &str, on_time: bool| {
        (
            step.to_owned(),
            deadline.to_owned(),
            json!(ended),
            json!(on_time),
        )
    };
    assert_eq!(
        steps(&r),
        vec![
            s("accept", "2026-11-02T11:00:00", "2026-11-02T09:30:00", true),
            // Ended by mediation_started: the case moves to the mediation track.
            s(
                "resolve",
                "2026-11-23T23:59:59",
                "2026-11-03T10:00:00",
                true
            ),
            // 30 + 10 days from Nov 3: Dec 13 is a Sunday, so Dec 14.
            s(
                "mediate",
                "2026-12-14T23:59:59",
                "2026-11-28T10:00:00",
                true
            ),
            // 30 days from Nov 28: Dec 28 (a Monday).
            s(
                "apply_confirmation",
                "2026-12-28T23:59:59",
                "2026-12-07T10:00:00",
                true
            ),
            // 3 days from Dec 7.
            s(
                "court_accept",
                "2026-12-10T23:59:59",
                "2026-12-09T10:00:00",
                true
            ),
            // 15 + 10 days from Dec 9: Jan 3, 2027 is a Sunday of a year the
            // calendar does not cover; Jan 4 (a Monday).
            s(
                "court_decide",
                "2027-01-04T23:59:59",
                "2027-01-05T10:00:00",
                false
            ),
            s("review", "2027-01-08T23:59:59", "2027-01-07T10:00:00", true),
        ]
    );
    // The court step and the review were counted in 2027, a year no notice
    // covers yet.
    assert_eq!(r["steps"][5]["provisional"], true);
    assert_eq!(r["steps"][6]["provisional"], true);
    assert_eq!(r["provisional"], true);
    assert_eq!(
        (r["open"].clone(), r["supervision"].clone()),
        (json!([]), Value::Null)
    );
}

#[test]
fn a_failed_mediation_starts_a_new_resolve_step() {
    let events = json!([
        ev("reported", "02T09:00"),
        ev("accepted", "02T09:30"),
        ev("mediation_started", "03T10:00"),
        ev("mediation_failed", "10T10:00"),
    ]);
    let r = timeline(
        case("MD-02", &["property_dispute"]),
        events,
        "2026-11-28T10:00",
    )
    .unwrap();
    let got = steps(&r);
    assert_eq!(got[2].0, "mediate");
    assert_eq!(got[2].2, json!("2026-11-10T10:00:00"));
    // 15 working days from Nov 10.
    assert_eq!(
        (got[3].0.as_str(), got[3].1.as_str()),
        ("resolve", "2026-12-01T23:59:59")
    );
    assert_eq!(r["open"], json!(["resolve"]));
    assert_eq!(r["supervision"], "warning");
}

#[test]
fn reopen_then_extension() {
    // 回访不满意 reopens the case: a new resolve step from the review, which
    // may be extended once more.
    let events = json!([
        ev("reported", "16T09:00"),
        ev("accepted", "16T09:40"),
        ev("resolved", "18T16:00"),
        {"event": "reviewed", "at": "2026-11-19T10:00", "satisfied": false},
        {"event": "extended", "at": "2026-11-24T17:00", "working_days": 3},
        ev("resolved", "26T09:00"),
        {"event": "reviewed", "at": "2026-11-26T15:00", "satisfied": true},
        ev("closed", "26T16:00"),
    ]);
    let r = timeline(case("CS-01", &[]), events, "2026-11-27T09:00").unwrap();
    assert_eq!(
        (r["reopened"].clone(), r["extensions"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(
        steps(&r)
            .iter()
            .map(|s| (s.0.as_str(), s.1.as_str()))
            .collect::<Vec<_>>(),
        [
            ("accept", "2026-11-16T11:00:00"),
            ("resolve", "2026-11-19T23:59:59"),
            ("review", "2026-11-20T23:59:59"),
            // 3 + 3 working days from Nov 19: Nov 20, 23, 24, 25, 26, 27.
            ("resolve", "2026-11-27T23:59:59"),
            ("review", "2026-11-30T23:59:59"),
        ]
    );
    assert!(
        r["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["on_time"] == true)
    );
}

#[test]
fn a_case_across_the_spring_festival() {
    // Reported on Thursday Feb 12, 2026: 3 working days are Feb 13, Feb 14
    // (the Saturday worked, 调休) and Feb 24, after the holiday.
    let case = json!({"id": "c2", "item": "CS-01", "reported_on": "2026-02-12"});
    let events = json!([
        {"event": "reported", "at": "2026-02-12T10:00"},
        {"event": "accepted", "at": "2026-02-12T10:30"},
    ]);
    let r = timeline(case.clone(), events.clone(), "2026-02-23T18:00").unwrap();
    assert_eq!(r["steps"][1]["deadline"], "2026-02-24T23:59:59");
    assert_eq!(r["supervision"], "warning");
    let r = timeline(case.clone(), events, "2026-02-25T09:00").unwrap();
    assert_eq!(r["supervision"], "supervision");
    let done = json!([
        {"event": "reported", "at": "2026-02-12T10:00"},
        {"event": "accepted", "at": "2026-02-12T10:30"},
        {"event": "resolved", "at": "2026-02-24T16:00"},
    ]);
    let r = timeline(case, done, "2026-02-25T09:00").unwrap();
    assert_eq!(r["steps"][1]["on_time"], true);
    // 回访 in 2 working days: Feb 25, 26.
    assert_eq!(r["steps"][2]["deadline"], "2026-02-26T23:59:59");
    assert_eq!(r["provisional"], false);
}

#[test]
fn provisional_when_a_count_reaches_an_uncovered_year() {
    // 15 working days from Dec 21, 2026 run into 2027, which no notice covers.
    let case = json!({"id": "c3", "item": "MD-02", "reported_on": "2026-12-21", "flags": ["property_dispute"]});
    let events = json!([
        {"event": "reported", "at": "2026-12-21T09:00"},
        {"event": "accepted", "at": "2026-12-21T09:30"},
    ]);
    let r = timeline(case.clone(), events, "2026-12-22T09:00").unwrap();
    assert_eq!(r["steps"][0]["provisional"], false);
    // Dec 22–31 (8), then Jan 1 off (元旦, the fixed rule), Jan 4–8 (13), 11, 12.
    assert_eq!(r["steps"][1]["deadline"], "2027-01-12T23:59:59");
    assert_eq!(r["steps"][1]["provisional"], true);
    assert_eq!(r["provisional"], true);
    // A deadline inside 2026 whose lateness is counted into 2027.
    let late = json!([
        {"event": "reported", "at": "2026-12-21T09:00"},
    ]);
    let r = timeline(case, late, "2027-01-05T09:00").unwrap();
    assert_eq!(r["steps"][0]["deadline"], "2026-12-21T11:00:00");
    assert_eq!(r["steps"][0]["supervision"], "accountability");
    assert_eq!(r["steps"][0]["provisional"], true);
}

#[test]
fn a_whistled_case_owes_the_department_its_report_in() {
    let events = json!([
        ev("reported", "02T09:00"),
        ev("whistled", "02T09:05"),
        ev("accepted", "02T09:30"),
    ]);
    let r = timeline(
        case("MD-03", &["needs_department"]),
        events,
        "2026-11-02T20:00",
    )
    .unwrap();
    assert_eq!(r["decision"]["whistle"]["report_within_minutes"], 1440);
    let got = steps(&r);
    assert_eq!(
        (got[1].0.as_str(), got[1].1.as_str()),
        ("report_in", "2026-11-03T09:05:00")
    );
    assert_eq!(r["open"], json!(["report_in", "resolve"]), "in step order");
    // resolved ends report_in too.
    let events = json!([
        ev("reported", "02T09:00"),
        ev("whistled", "02T09:05"),
        ev("accepted", "02T09:30"),
        ev("resolved", "04T09:30"),
    ]);
    let r = timeline(
        case("MD-03", &["needs_department"]),
        events,
        "2026-11-05T20:00",
    )
    .unwrap();
    assert_eq!(r["steps"][1]["ended"], "2026-11-04T09:30:00");
    assert_eq!(r["steps"][1]["on_time"], false);
    assert_eq!(r["open"], json!(["review"]));
}

#[test]
fn cancelling_ends_every_open_step() {
    let events = json!([
        ev("reported", "02T09:00"),
        ev("whistled", "02T09:05"),
        ev("accepted", "02T09:30"),
        ev("cancelled", "05T09:30"),
    ]);
    let r = timeline(
        case("MD-03", &["needs_department"]),
        events,
        "2026-11-26T10:00",
    )
    .unwrap();
    assert_eq!(r["state"], "cancelled");
    assert_eq!(r["open"], json!([]));
    assert!(
        r["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["ended"] == "2026-11-05T09:30:00" || s["step"] == "accept")
    );
    assert_eq!(
        r["steps"][1]["on_time"], false,
        "report_in was due on Nov 3"
    );
}

#[test]
fn max_extensions_is_policy() {
    let mut policy = HandlingPolicy::default().to_value();
    policy["max_extensions"] = json!(2);
    let events = json!([ev("reported", "02T09:00"), ev("accepted", "02T09:10"),
        {"event": "extended", "at": "2026-11-03T09:00", "working_days": 2},
        {"event": "extended", "at": "2026-11-04T09:00", "working_days": 1}]);
    let r = wangshi::evaluate(
        json!({"op": "case.timeline", "case": case("CS-01", &[]), "events": events,
                                     "as_of": "2026-11-04T10:00", "handling": policy}),
    )
    .unwrap();
    // 3 + 2 + 1 working days from Nov 2.
    assert_eq!(r["steps"][1]["deadline"], "2026-11-10T23:59:59");
    assert_eq!(r["extensions"], 2);
}

/// A change to the default policy and the error it gives.
#[rstest]
#[case::steps_are_all_listed("/steps/review", Value::Null, ErrorCode::MissingField, "steps.review")]
#[case::step_names_are_known("/steps/escalate", json!({"starts": ["reported"], "ends": ["closed"], "periods": [{"period": {"hours": 1}}]}), ErrorCode::UnknownField, "steps.escalate")]
#[case::events_are_known("/steps/accept/starts", json!(["reportd"]), ErrorCode::InvalidPolicy, "steps.accept.starts[0]")]
#[case::starts_are_not_empty("/steps/accept/starts", json!([]), ErrorCode::InvalidPolicy, "steps.accept.starts")]
#[case::an_event_starts_one_step("/steps/review/starts", json!(["accepted"]), ErrorCode::InvalidPolicy, "steps.review.starts[0]")]
#[case::an_event_starts_and_ends_apart("/steps/review/ends", json!(["resolved"]), ErrorCode::InvalidPolicy, "steps.review.ends[0]")]
#[case::closed_starts_nothing("/steps/accept/starts", json!(["closed"]), ErrorCode::InvalidPolicy, "steps.accept.starts[0]")]
#[case::events_listed_once("/steps/accept/ends", json!(["accepted", "accepted"]), ErrorCode::InvalidPolicy, "steps.accept.ends[1]")]
#[case::every_case_has_a_period("/steps/resolve/periods", json!([{"level": "grid", "period": {"working_days": 3}}]), ErrorCode::InvalidPolicy, "steps.resolve.periods")]
#[case::period_units_are_known("/steps/review/periods/0/period", json!({"weeks": 1}), ErrorCode::UnknownField, "steps.review.periods[0].period.weeks")]
#[case::period_amounts_in_range("/steps/review/periods/0/period", json!({"working_days": 0}), ErrorCode::InvalidPolicy, "steps.review.periods[0].period.working_days")]
#[case::period_is_an_object_or_report_in("/steps/review/periods/0/period", json!("two days"), ErrorCode::InvalidPolicy, "steps.review.periods[0].period")]
#[case::classes_are_known("/steps/resolve/periods/2/class", json!("urgent"), ErrorCode::InvalidPolicy, "steps.resolve.periods[2].class")]
#[case::levels_are_known("/steps/resolve/periods/1/level", json!("county"), ErrorCode::InvalidPolicy, "steps.resolve.periods[1].level")]
#[case::court_extension_in_court_decides_unit("/court_extension", json!({"working_days": 10}), ErrorCode::InvalidPolicy, "court_extension")]
#[case::max_extensions_bounded("/max_extensions", json!(101), ErrorCode::InvalidPolicy, "max_extensions")]
#[case::warning_fraction_above_zero("/supervision/warning_fraction", json!(0), ErrorCode::InvalidPolicy, "supervision.warning_fraction")]
#[case::warning_fraction_at_most_one("/supervision/warning_fraction", json!(1.5), ErrorCode::InvalidPolicy, "supervision.warning_fraction")]
#[case::warning_fraction_six_decimals("/supervision/warning_fraction", json!(0.1234567), ErrorCode::InvalidPolicy, "supervision.warning_fraction")]
#[case::accountability_not_before_supervision("/supervision/accountability_after_working_days", json!(0), ErrorCode::InvalidPolicy, "supervision.accountability_after_working_days")]
#[case::thresholds_typo("/supervision/supervision_after_workdays", json!(1), ErrorCode::UnknownField, "supervision.supervision_after_workdays")]
fn policy_validation(
    #[case] pointer: &str,
    #[case] value: Value,
    #[case] code: ErrorCode,
    #[case] path: &str,
) {
    let mut v = HandlingPolicy::default().to_value();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let slot = v.pointer_mut(parent).unwrap();
    match (slot, value) {
        (Value::Object(m), Value::Null) => {
            m.remove(key);
        }
        (Value::Object(m), value) => {
            m.insert(key.to_owned(), value);
        }
        (Value::Array(a), value) => a[key.parse::<usize>().unwrap()] = value,
        _ => unreachable!(),
    }
    let e = HandlingPolicy::from_value(&v).unwrap_err();
    assert_eq!((e.code(), e.path()), (code, Some(path)), "{e}");
    // The same inside a request, below "handling".
    let r = wangshi::evaluate(
        json!({"op": "case.supervise", "as_of": "2026-11-26T10:00", "steps": [], "handling": v}),
    );
    let e = r.unwrap_err();
    assert_eq!(e.code(), code);
    assert_eq!(e.path(), Some(format!("handling.{path}").as_str()));
}

#[test]
fn the_default_policy_round_trips_and_a_locality_changes_periods() {
    let p = HandlingPolicy::default();
    assert_eq!(HandlingPolicy::from_value(&p.to_value()).unwrap(), p);
    assert_eq!(
        HandlingPolicy::from_json(wangshi::handling::DEFAULT_HANDLING_JSON).unwrap(),
        p
    );
    assert_eq!(p.thresholds().warning_fraction(), 0.8);
    let mut v = p.to_value();
    v["version"] = json!("yifeng-2027.1");
    v["steps"]["resolve"]["periods"][1]["period"] = json!({"working_days": 2});
    let local = HandlingPolicy::from_value(&v).unwrap();
    let grid = profile(General, Grid, false, None);
    assert_eq!(
        local.base_period(StepKind::Resolve, &grid),
        Period::WorkingDays(2)
    );
    let r = wangshi::evaluate(
        json!({"op": "case.supervise", "as_of": "2026-11-26T10:00", "handling": v,
        "steps": [row("resolve", "2026-11-20T15:00", "general", "grid", false)]}),
    )
    .unwrap();
    assert_eq!(r["results"][0]["deadline"], "2026-11-24T23:59:59");
    assert_eq!(
        r["results"][0]["supervision"],
        Supervision::Supervision.as_str()
    );
}
