//! The JSON ops of case handling on bad input: never a panic, always an
//! error with a stable code and a path; a bad row of the morning sweep
//! carries its own error and the others are computed, exactly as the
//! columnar sweep computes them; timestamps in every wrong form; the
//! stamps name the data sets used.

use rstest::rstest;
use serde_json::{Value, json};
use wangshi::ErrorCode;
use wangshi::calendar::default_calendar;
use wangshi::handling::{
    HandlingPolicy, NO_CLASS, NO_IMMEDIATE_REPORT, NO_LEVEL, NO_REPORT_MINUTES, NO_STEP, StepKind,
    Supervision, SupervisionOutput, UNKNOWN_STEP,
};
use wangshi::timestamp::{NO_TIMESTAMP, format_timestamp, parse_timestamp};
use wangshi_testkit::handling::open_steps;
use wangshi_testkit::rng::SplitMix64;

fn call(request: &Value) -> Value {
    let out = wangshi::evaluate_json(&request.to_string());
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_ne!(v["error"]["code"], "internal_error", "{request} → {v}");
    v
}

fn timeline_request() -> Value {
    json!({"op": "case.timeline",
           "case": {"id": "c1", "item": "CS-01", "reported_on": "2026-11-16"},
           "events": [{"event": "reported", "at": "2026-11-16T09:00"},
                      {"event": "accepted", "at": "2026-11-16T09:40"},
                      {"event": "resolved", "at": "2026-11-18T16:00"},
                      {"event": "reviewed", "at": "2026-11-19T10:00", "satisfied": true},
                      {"event": "closed", "at": "2026-11-19T11:00"}],
           "as_of": "2026-11-26T10:00"})
}

#[rstest]
#[case::space_for_t("2026-11-16 09:00")]
#[case::date_only("2026-11-16")]
#[case::zone_z("2026-11-16T09:00Z")]
#[case::zone_offset("2026-11-16T09:00+08:00")]
#[case::fraction("2026-11-16T09:00:00.5")]
#[case::one_digit_hour("2026-11-16T9:00")]
#[case::hour_24("2026-11-16T24:00")]
#[case::second_60("2026-11-16T09:00:60")]
#[case::no_such_day("2026-11-31T09:00")]
#[case::before_1900("1899-12-31T23:59")]
#[case::after_2199("2200-01-01T00:00")]
#[case::lower_case_t("2026-11-16t09:00")]
#[case::empty("")]
fn timestamps_in_every_wrong_form(#[case] bad: &str) {
    for (pointer, path) in [("/events/1/at", "events[1].at"), ("/as_of", "as_of")] {
        let mut r = timeline_request();
        *r.pointer_mut(pointer).unwrap() = json!(bad);
        let v = call(&r);
        assert_eq!(v["error"]["code"], "invalid_date", "{bad}: {v}");
        assert_eq!(v["error"]["path"], path);
    }
    for value in [
        json!(bad),
        json!(20261116),
        json!(true),
        json!(["2026-11-16T09:00"]),
    ] {
        let v = call(
            &json!({"op": "case.supervise", "as_of": "2026-11-26T10:00", "steps": [
            {"id": "s1", "step": "accept", "started": value, "class": "general", "level": "grid", "immediate_report": false}]}),
        );
        assert_eq!(
            v["result"]["results"][0]["error"]["code"], "invalid_date",
            "{v}"
        );
        assert_eq!(
            v["result"]["results"][0]["error"]["path"],
            "steps[0].started"
        );
    }
}

#[test]
fn events_out_of_order_unknown_or_misplaced_never_panic() {
    let base = timeline_request();
    let events = base["events"].as_array().unwrap().clone();
    let mut rng = SplitMix64::new(4);
    let kinds = [
        "reported",
        "accepted",
        "whistled",
        "department_reported",
        "extended",
        "resolved",
        "reviewed",
        "closed",
        "cancelled",
        "mediation_started",
        "mediation_extended",
        "agreement_reached",
        "mediation_failed",
        "confirmation_applied",
        "confirmation_accepted",
        "confirmation_refused",
        "court_extended",
        "confirmed",
        "confirmation_rejected",
        "escalated",
        "",
        "RESOLVED",
    ];
    let extras = [
        json!(null),
        json!(true),
        json!(-1),
        json!(0),
        json!(2.5),
        json!(1e30),
        json!("x"),
        json!([1]),
        json!({"a": 1}),
        json!(3),
    ];
    let mut codes = std::collections::BTreeMap::new();
    for _ in 0..4000 {
        let mut list = events.clone();
        match rng.below(5) {
            0 => {
                let (i, j) = (
                    rng.below(list.len() as u32) as usize,
                    rng.below(list.len() as u32) as usize,
                );
                list.swap(i, j);
            }
            1 => {
                let i = rng.below(list.len() as u32) as usize;
                list[i]["event"] = json!(kinds[rng.below(kinds.len() as u32) as usize]);
            }
            2 => {
                let i = rng.below(list.len() as u32) as usize;
                let key = [
                    "satisfied",
                    "working_days",
                    "days",
                    "hours",
                    "minutes",
                    "at",
                    "event",
                    "zz",
                ][rng.below(8) as usize];
                list[i][key] = extras[rng.below(extras.len() as u32) as usize].clone();
            }
            3 => {
                let i = rng.below(list.len() as u32 + 1) as usize;
                let kind = kinds[rng.below(kinds.len() as u32) as usize];
                let day = 16 + rng.below(12);
                let mut e =
                    json!({"event": kind, "at": format!("2026-11-{day}T{:02}:00", rng.below(24))});
                if rng.chance(50) {
                    e[["working_days", "days", "hours"][rng.below(3) as usize]] =
                        json!(rng.range(0, 20));
                }
                if rng.chance(30) {
                    e["satisfied"] = json!(rng.chance(50));
                }
                list.insert(i, e);
            }
            _ => {
                let i = rng.below(list.len() as u32) as usize;
                list[i] = extras[rng.below(extras.len() as u32) as usize].clone();
            }
        }
        let mut r = base.clone();
        r["events"] = Value::Array(list);
        let v = call(&r);
        if v["ok"] == false {
            let code = v["error"]["code"].as_str().unwrap().to_owned();
            let path = v["error"]["path"].as_str().unwrap_or("");
            assert!(path.starts_with("events"), "{v}");
            *codes.entry(code).or_insert(0) += 1;
        }
    }
    for code in [
        "invalid_event",
        "invalid_value",
        "unknown_field",
        "missing_field",
    ] {
        assert!(codes.contains_key(code), "{codes:?}");
    }
}

#[test]
fn unknown_steps_and_events_list_the_valid_ones() {
    let v = call(
        &json!({"op": "case.supervise", "as_of": "2026-11-26T10:00", "steps": [
        {"id": "s1", "step": "sign", "started": "2026-11-26T09:00", "class": "general", "level": "grid", "immediate_report": false}]}),
    );
    let e = &v["result"]["results"][0]["error"];
    assert_eq!(
        (e["code"].as_str(), e["path"].as_str()),
        (Some("invalid_value"), Some("steps[0].step"))
    );
    assert!(e["message"].as_str().unwrap().contains(
        "accept, report_in, resolve, review, mediate, apply_confirmation, court_accept, court_decide"
    ));
    let mut r = timeline_request();
    r["events"][1]["event"] = json!("signed");
    let v = call(&r);
    assert_eq!(v["error"]["path"], "events[1].event");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("reported, accepted, whistled")
    );
}

#[test]
fn a_case_or_request_of_the_wrong_shape() {
    for (change, code, path) in [
        (json!({"events": null}), "missing_field", "events"),
        (
            json!({"events": {"event": "reported"}}),
            "invalid_value",
            "events",
        ),
        (json!({"case": null}), "missing_field", "case"),
        (
            json!({"case": {"id": "c1", "item": "XX-99", "reported_on": "2026-11-16"}}),
            "unknown_item",
            "case.item",
        ),
        (json!({"as_of": null}), "missing_field", "as_of"),
        (
            json!({"handling": {"steps": {}}}),
            "missing_field",
            "handling.steps.accept",
        ),
        (
            json!({"calendar": {"years": {"2026": {"holidays": [], "workdays": ["2026-03-02"]}}}}),
            "invalid_calendar",
            "calendar.years.2026.workdays[0]",
        ),
        (json!({"evnets": []}), "unknown_field", "evnets"),
        (json!({"steps": []}), "unknown_field", "steps"),
    ] {
        let mut r = timeline_request();
        for (k, v) in change.as_object().unwrap() {
            r[k] = v.clone();
        }
        let v = call(&r);
        assert_eq!(v["error"]["code"], code, "{change}: {v}");
        assert_eq!(v["error"]["path"], path, "{change}: {v}");
    }
}

/// A sweep row in JSON from the columns of row `i`.
fn row_json(s: &wangshi_testkit::handling::OpenSteps, i: usize) -> Value {
    let mut v = json!({"id": format!("s{i}")});
    match StepKind::from_u8(s.step[i]) {
        Some(step) => v["step"] = json!(step.as_str()),
        None if s.step[i] == NO_STEP => {}
        None => v["step"] = json!("signing"),
    }
    if s.started[i] != NO_TIMESTAMP {
        v["started"] = json!(format_timestamp(s.started[i]));
    }
    if let Some(c) = wangshi::CaseClass::ALL.get((s.class[i] as usize).wrapping_sub(1)) {
        v["class"] = json!(c.as_str());
    }
    if let Some(l) = wangshi::Level::from_u8(s.level[i]) {
        v["level"] = json!(l.as_str());
    }
    if s.immediate_report[i] <= 1 {
        v["immediate_report"] = json!(s.immediate_report[i] == 1);
    }
    if s.report_within_minutes[i] != NO_REPORT_MINUTES {
        v["report_within_minutes"] = json!(s.report_within_minutes[i]);
    }
    if s.extended[i] != 0 {
        v["extended"] = json!(s.extended[i]);
    }
    v
}

#[test]
fn a_10000_row_sweep_with_mixed_bad_rows_equals_the_columnar_sweep() {
    let as_of = parse_timestamp("2026-11-26T08:00").unwrap();
    let mut s = open_steps(10_000, as_of, 12);
    let mut rng = SplitMix64::new(13);
    let mut spoiled = 0;
    for i in (0..s.len()).step_by(7) {
        spoiled += 1;
        match rng.below(11) {
            0 => s.step[i] = NO_STEP,
            1 => s.step[i] = UNKNOWN_STEP,
            2 => s.started[i] = NO_TIMESTAMP,
            3 => s.started[i] = as_of + 3600,
            4 => s.class[i] = NO_CLASS,
            5 => s.level[i] = NO_LEVEL,
            6 => s.immediate_report[i] = NO_IMMEDIATE_REPORT,
            7 => s.report_within_minutes[i] = 600_000,
            8 => {
                s.step[i] = StepKind::Accept as u8;
                s.extended[i] = 5;
            }
            9 => {
                s.step[i] = StepKind::CourtDecide as u8;
                s.extended[i] = 9;
            }
            _ => {
                s.step[i] = StepKind::Resolve as u8;
                s.extended[i] = 4000;
            }
        }
    }
    let mut out = SupervisionOutput::new(s.len());
    let bad = HandlingPolicy::default()
        .supervise_batch(default_calendar(), as_of, s.columns(), out.columns())
        .unwrap();
    assert_eq!(bad, spoiled);
    let rows: Vec<Value> = (0..s.len()).map(|i| row_json(&s, i)).collect();
    let v = call(&json!({"op": "case.supervise", "as_of": format_timestamp(as_of), "steps": rows}));
    let results = v["result"]["results"].as_array().unwrap();
    assert_eq!(results.len(), s.len());
    let mut levels = [0usize; 6];
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r["id"], format!("s{i}"));
        if out.error[i] == 0 {
            assert_eq!(r["deadline"], format_timestamp(out.deadline[i]), "row {i}");
            assert_eq!(r["seconds_left"], out.seconds_left[i]);
            assert_eq!(
                r["supervision"],
                Supervision::from_u8(out.supervision[i]).unwrap().as_str()
            );
            assert_eq!(r["provisional"], out.provisional[i] == 1);
            levels[out.supervision[i] as usize] += 1;
        } else {
            let code = ErrorCode::from_u8(out.error[i]).unwrap();
            assert_eq!(r["error"]["code"], code.as_str(), "row {i}: {r}");
            assert!(
                r["error"]["path"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("steps[{i}]"))
            );
            assert_eq!(
                (out.deadline[i], out.seconds_left[i], out.supervision[i]),
                (NO_TIMESTAMP, NO_TIMESTAMP, 0)
            );
        }
    }
    // The synthetic county has steps at every level.
    assert!(levels[1..].iter().all(|&n| n > 0), "{levels:?}");
}

#[test]
fn sweep_rows_check_their_fields_in_order() {
    let ok = json!({"id": "s1", "step": "resolve", "started": "2026-11-20T15:00", "class": "general",
                    "level": "grid", "immediate_report": false});
    for (change, code, path) in [
        (json!({"id": null}), "missing_field", "steps[0].id"),
        (json!({"id": " "}), "invalid_value", "steps[0].id"),
        (
            json!({"step": null, "started": "x"}),
            "missing_field",
            "steps[0].step",
        ),
        (
            json!({"started": "x", "class": "x"}),
            "invalid_date",
            "steps[0].started",
        ),
        (
            json!({"class": "urgent"}),
            "invalid_value",
            "steps[0].class",
        ),
        (
            json!({"level": "county"}),
            "invalid_value",
            "steps[0].level",
        ),
        (
            json!({"immediate_report": null}),
            "missing_field",
            "steps[0].immediate_report",
        ),
        (
            json!({"immediate_report": 1}),
            "invalid_value",
            "steps[0].immediate_report",
        ),
        (
            json!({"report_within_minutes": 0}),
            "invalid_value",
            "steps[0].report_within_minutes",
        ),
        (
            json!({"report_within_minutes": 525_601}),
            "invalid_value",
            "steps[0].report_within_minutes",
        ),
        (
            json!({"extended": -1}),
            "invalid_value",
            "steps[0].extended",
        ),
        (json!({"extended": 4}), "invalid_value", "steps[0].extended"),
        (
            json!({"started": "2026-11-26T10:00:01"}),
            "invalid_event",
            "steps[0].started",
        ),
        (json!({"extendd": 1}), "unknown_field", "steps[0].extendd"),
    ] {
        let mut row = ok.clone();
        for (k, v) in change.as_object().unwrap() {
            row[k] = v.clone();
        }
        let v = call(
            &json!({"op": "case.supervise", "as_of": "2026-11-26T10:00", "steps": [ok, row, ok]}),
        );
        let r = &v["result"]["results"];
        assert_eq!(r[1]["error"]["code"], code, "{change}: {v}");
        assert_eq!(
            r[1]["error"]["path"],
            path.replace("[0]", "[1]"),
            "{change}"
        );
        assert_eq!(r[0]["supervision"], "supervision");
        assert_eq!(r[2]["supervision"], "supervision");
    }
    // The request's own fields.
    let v = call(&json!({"op": "case.supervise", "as_of": "2026-11-26", "steps": []}));
    assert_eq!(
        (v["error"]["code"].as_str(), v["error"]["path"].as_str()),
        (Some("invalid_date"), Some("as_of"))
    );
    let v = call(&json!({"op": "case.supervise", "as_of": "2026-11-26T10:00"}));
    assert_eq!(v["error"]["path"], "steps");
}

#[test]
fn stamps_name_the_data_sets_used() {
    let v = call(&timeline_request());
    let data = v["stamp"]["data"].as_object().unwrap();
    assert_eq!(
        data.keys().collect::<Vec<_>>(),
        ["calendar", "catalog", "handling", "rules"]
    );
    let row = |step: &str, minutes: Option<u32>| {
        let mut r = json!({"id": "s", "step": step, "started": "2026-11-26T09:00", "class": "general",
                           "level": "grid", "immediate_report": false});
        if let Some(m) = minutes {
            r["report_within_minutes"] = json!(m);
        }
        r
    };
    let keys = |v: &Value| {
        v["stamp"]["data"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    let v = call(
        &json!({"op": "case.supervise", "as_of": "2026-11-26T10:00", "steps": [row("accept", None), row("report_in", Some(60))]}),
    );
    assert_eq!(keys(&v), ["calendar", "handling"]);
    // report_in without minutes takes them from the triage rules.
    let v = call(
        &json!({"op": "case.supervise", "as_of": "2026-11-26T10:00", "steps": [row("report_in", None)]}),
    );
    assert_eq!(keys(&v), ["calendar", "handling", "rules"]);
    assert_eq!(v["result"]["results"][0]["deadline"], "2026-11-27T09:00:00");
    // A locality's policy has its own version and digest.
    let mut local = HandlingPolicy::default().to_value();
    local["version"] = json!("yifeng-2027.1");
    let mine = call(
        &json!({"op": "case.supervise", "as_of": "2026-11-26T10:00", "steps": [], "handling": local}),
    );
    let default = call(&json!({"op": "case.supervise", "as_of": "2026-11-26T10:00", "steps": []}));
    assert_eq!(
        mine["stamp"]["data"]["handling"]["version"],
        "yifeng-2027.1"
    );
    assert_ne!(
        mine["stamp"]["data"]["handling"]["sha256"],
        default["stamp"]["data"]["handling"]["sha256"]
    );
    // The default policy given in full is stamped as the default.
    let same = call(
        &json!({"op": "case.supervise", "as_of": "2026-11-26T10:00", "steps": [],
                            "handling": HandlingPolicy::default().to_value()}),
    );
    assert_eq!(same["stamp"], default["stamp"]);
}

#[test]
fn the_one_case_call_answers_as_the_op() {
    let mut rng = SplitMix64::new(2);
    let policy = wangshi::handling::default_handling_policy();
    for _ in 0..50 {
        let mut r = timeline_request();
        let n = 1 + rng.below(5) as usize;
        r["events"] = Value::Array(r["events"].as_array().unwrap()[..n].to_vec());
        let op = wangshi::evaluate_json(&r.to_string());
        r.as_object_mut().unwrap().remove("op");
        let one = wangshi::handling::respond_timeline(policy, default_calendar(), &r.to_string());
        assert_eq!(one.text, op);
    }
    // A locality's policy and calendar, given as values.
    let mut v = HandlingPolicy::default().to_value();
    v["version"] = json!("local.1");
    v["steps"]["resolve"]["periods"][1]["period"] = json!({"working_days": 1});
    let local = HandlingPolicy::from_value(&v).unwrap();
    let mut r = timeline_request();
    r["handling"] = v;
    let op: Value = serde_json::from_str(&wangshi::evaluate_json(&r.to_string())).unwrap();
    let o = r.as_object_mut().unwrap();
    o.remove("op");
    o.remove("handling");
    let one = wangshi::handling::respond_timeline(&local, default_calendar(), &r.to_string());
    let one: Value = serde_json::from_str(&one.text).unwrap();
    assert_eq!(one, op);
    assert_eq!(
        one["result"]["steps"][1]["on_time"], false,
        "1 working day: due Nov 17"
    );
    for bad in ["", "[]", "{", r#"{"case": 1, "case": 2}"#] {
        let r = wangshi::handling::respond_timeline(policy, default_calendar(), bad);
        assert_eq!(r.error.unwrap().code(), ErrorCode::InvalidJson, "{bad}");
    }
}
