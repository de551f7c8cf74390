//! The JSON ops `calendar.check` and `calendar.deadline`: results, and every
//! bad input as a code with its path (one row per rule).

use rstest::rstest;
use serde_json::{Value, json};

fn eval(request: Value) -> Value {
    serde_json::from_str(&wangshi::evaluate_json(&request.to_string())).unwrap()
}

fn deadline(start: Value, period: Value) -> Value {
    eval(json!({"op": "calendar.deadline", "start": start, "period": period}))
}

#[test]
fn check_and_deadline_answer_in_the_contracts_shape() {
    let r = eval(json!({"op": "calendar.check", "date": "2025-10-08"}));
    assert_eq!(r["ok"], true);
    assert_eq!(
        r["result"],
        json!({"working_day": false, "kind": "holiday",
               "name": "国庆节、中秋节", "provisional": false})
    );
    assert_eq!(r["stamp"]["data"]["calendar"]["version"], "2026.1");
    let r = eval(json!({"op": "calendar.check", "date": "2026-03-02"}));
    assert_eq!(r["result"]["name"], Value::Null);
    let r = deadline(json!("2026-02-12T10:00:30"), json!({"working_days": 3.0}));
    assert_eq!(
        r["result"],
        json!({"deadline": "2026-02-24T23:59:59", "provisional": false})
    );
    let r = deadline(json!("2199-12-31T23:59"), json!({"working_days": 1}));
    assert_eq!(
        r["result"],
        json!({"deadline": "2200-01-02T23:59:59", "provisional": true})
    );
}

#[test]
fn a_request_calendar_replaces_its_years_only_for_that_request() {
    let cal = json!({"years": {"2026": {"holidays": [], "workdays": []}}});
    let r = eval(json!({"op": "calendar.check", "date": "2026-02-17", "calendar": cal}));
    assert_eq!(r["result"]["kind"], "workday");
    let r = eval(json!({"op": "calendar.check", "date": "2025-01-28", "calendar": cal}));
    assert_eq!(r["result"]["kind"], "holiday");
    let r = eval(json!({"op": "calendar.check", "date": "2026-02-17"}));
    assert_eq!(r["result"]["kind"], "holiday");
    let with_2027 = json!({"years": {"2027": {"holidays": [{"date": "2027-01-01", "name": "元旦"}], "workdays": []}}});
    let r = eval(
        json!({"op": "calendar.deadline", "start": "2026-12-31T10:00",
                        "period": {"working_days": 1}, "calendar": with_2027}),
    );
    assert_eq!(
        r["result"],
        json!({"deadline": "2027-01-04T23:59:59", "provisional": false})
    );
}

/// Every bad `calendar.deadline` request: (start, period) → code at path.
#[rstest]
#[case::period_empty(json!("2026-11-20T09:00"), json!({}), "missing_field", "period")]
#[case::period_unknown_unit(json!("2026-11-20T09:00"), json!({"weeks": 2}), "unknown_field", "period.weeks")]
#[case::period_unknown_key_beside_a_unit(json!("2026-11-20T09:00"), json!({"days": 2, "note": "x"}), "unknown_field", "period.note")]
#[case::period_two_units(json!("2026-11-20T09:00"), json!({"days": 1, "hours": 2}), "unknown_field", "period.hours")]
#[case::period_not_an_object(json!("2026-11-20T09:00"), json!("7 days"), "invalid_value", "period")]
#[case::period_missing(json!("2026-11-20T09:00"), Value::Null, "missing_field", "period")]
#[case::period_null_amount(json!("2026-11-20T09:00"), json!({"days": null}), "missing_field", "period.days")]
#[case::days_zero(json!("2026-11-20T09:00"), json!({"days": 0}), "invalid_value", "period.days")]
#[case::days_negative(json!("2026-11-20T09:00"), json!({"days": -1}), "invalid_value", "period.days")]
#[case::days_fraction(json!("2026-11-20T09:00"), json!({"days": 2.5}), "invalid_value", "period.days")]
#[case::days_a_string(json!("2026-11-20T09:00"), json!({"days": "3"}), "invalid_value", "period.days")]
#[case::days_too_many(json!("2026-11-20T09:00"), json!({"days": 3661}), "invalid_value", "period.days")]
#[case::working_days_zero(json!("2026-11-20T09:00"), json!({"working_days": 0}), "invalid_value", "period.working_days")]
#[case::working_days_too_many(json!("2026-11-20T09:00"), json!({"working_days": 3661}), "invalid_value", "period.working_days")]
#[case::minutes_zero(json!("2026-11-20T09:00"), json!({"minutes": 0}), "invalid_value", "period.minutes")]
#[case::minutes_too_many(json!("2026-11-20T09:00"), json!({"minutes": 100_001}), "invalid_value", "period.minutes")]
#[case::hours_too_many(json!("2026-11-20T09:00"), json!({"hours": 1e9}), "invalid_value", "period.hours")]
#[case::start_missing(Value::Null, json!({"days": 1}), "missing_field", "start")]
#[case::start_a_number(json!(1_763_600_400), json!({"days": 1}), "invalid_date", "start")]
#[case::start_a_date_only(json!("2026-11-20"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_with_a_space(json!("2026-11-20 09:00"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_with_a_fraction(json!("2026-11-20T09:00:00.5"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_with_zulu(json!("2026-11-20T09:00Z"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_with_an_offset(json!("2026-11-20T09:00+08:00"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_one_digit_hour(json!("2026-11-20T9:00"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_hour_24(json!("2026-11-20T24:00"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_minute_60(json!("2026-11-20T09:60"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_second_60(json!("2026-11-20T09:00:60"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_not_a_day(json!("2026-02-29T09:00"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_before_1900(json!("1899-12-31T23:59:59"), json!({"days": 1}), "invalid_date", "start")]
#[case::start_after_2199(json!("2200-01-01T00:00"), json!({"days": 1}), "invalid_date", "start")]
fn bad_deadline_requests(
    #[case] start: Value,
    #[case] period: Value,
    #[case] code: &str,
    #[case] path: &str,
) {
    let mut req = json!({"op": "calendar.deadline"});
    if !start.is_null() {
        req["start"] = start;
    }
    if !period.is_null() {
        req["period"] = period;
    }
    let r = eval(req);
    assert_eq!(
        (&r["error"]["code"], &r["error"]["path"]),
        (&json!(code), &json!(path)),
        "{r}"
    );
}

/// Every bad `calendar` field: the request's calendar → code at path.
#[rstest]
#[case::workday_on_a_weekday(json!({"years": {"2026": {"holidays": [], "workdays": ["2026-02-28", "2026-03-02"]}}}),
    "invalid_calendar", "calendar.years.2026.workdays[1]")]
#[case::holiday_outside_its_year(json!({"years": {"2026": {"holidays": [{"date": "2027-01-01", "name": "元旦"}], "workdays": []}}}),
    "invalid_calendar", "calendar.years.2026.holidays[0].date")]
#[case::workday_outside_its_year(json!({"years": {"2026": {"holidays": [], "workdays": ["2025-12-27"]}}}),
    "invalid_calendar", "calendar.years.2026.workdays[0]")]
#[case::day_both_off_and_worked(json!({"years": {"2026": {"holidays": [{"date": "2026-02-28", "name": "春节"}], "workdays": ["2026-02-28"]}}}),
    "invalid_calendar", "calendar.years.2026.workdays[0]")]
#[case::duplicate_holiday(json!({"years": {"2026": {"holidays": [{"date": "2026-10-01", "name": "国庆节"}, {"date": "2026-10-01", "name": "国庆节"}], "workdays": []}}}),
    "invalid_calendar", "calendar.years.2026.holidays[1].date")]
#[case::duplicate_workday(json!({"years": {"2026": {"holidays": [], "workdays": ["2026-10-10", "2026-10-10"]}}}),
    "invalid_calendar", "calendar.years.2026.workdays[1]")]
#[case::holiday_not_a_date(json!({"years": {"2026": {"holidays": [{"date": "2026-02-30", "name": "春节"}], "workdays": []}}}),
    "invalid_calendar", "calendar.years.2026.holidays[0].date")]
#[case::workday_not_a_string(json!({"years": {"2026": {"holidays": [], "workdays": [20260228]}}}),
    "invalid_calendar", "calendar.years.2026.workdays[0]")]
#[case::holiday_not_an_object(json!({"years": {"2026": {"holidays": ["2026-10-01"], "workdays": []}}}),
    "invalid_calendar", "calendar.years.2026.holidays[0]")]
#[case::holiday_empty_name(json!({"years": {"2026": {"holidays": [{"date": "2026-10-01", "name": " "}], "workdays": []}}}),
    "invalid_calendar", "calendar.years.2026.holidays[0].name")]
#[case::year_key_two_digits(json!({"years": {"26": {"holidays": [], "workdays": []}}}),
    "invalid_calendar", "calendar.years.26")]
#[case::year_key_after_2199(json!({"years": {"2200": {"holidays": [], "workdays": []}}}),
    "invalid_calendar", "calendar.years.2200")]
#[case::year_key_before_1900(json!({"years": {"1899": {"holidays": [], "workdays": []}}}),
    "invalid_calendar", "calendar.years.1899")]
#[case::years_not_an_object(json!({"years": []}), "invalid_calendar", "calendar.years")]
#[case::calendar_not_an_object(json!([]), "invalid_calendar", "calendar")]
#[case::holidays_not_a_list(json!({"years": {"2026": {"holidays": {}, "workdays": []}}}),
    "invalid_calendar", "calendar.years.2026.holidays")]
#[case::notice_date_not_a_date(json!({"years": {"2026": {"notice": {"date": "2025-11-31"}, "holidays": [], "workdays": []}}}),
    "invalid_calendar", "calendar.years.2026.notice.date")]
#[case::typo_at_the_top(json!({"yeras": {}}), "unknown_field", "calendar.yeras")]
#[case::typo_in_a_year(json!({"years": {"2026": {"holiday": [], "workdays": []}}}), "unknown_field", "calendar.years.2026.holiday")]
#[case::typo_in_a_holiday(json!({"years": {"2026": {"holidays": [{"date": "2026-10-01", "nmae": "x"}], "workdays": []}}}),
    "unknown_field", "calendar.years.2026.holidays[0].nmae")]
#[case::typo_in_a_notice(json!({"years": {"2026": {"notice": {"numbr": "x"}, "holidays": [], "workdays": []}}}),
    "unknown_field", "calendar.years.2026.notice.numbr")]
#[case::years_missing(json!({"version": "x"}), "missing_field", "calendar.years")]
#[case::workdays_missing(json!({"years": {"2026": {"holidays": []}}}), "missing_field", "calendar.years.2026.workdays")]
#[case::holiday_name_missing(json!({"years": {"2026": {"holidays": [{"date": "2026-10-01"}], "workdays": []}}}),
    "missing_field", "calendar.years.2026.holidays[0].name")]
fn bad_calendars(#[case] calendar: Value, #[case] code: &str, #[case] path: &str) {
    for req in [
        json!({"op": "calendar.check", "date": "2026-11-20", "calendar": calendar}),
        json!({"op": "calendar.deadline", "start": "2026-11-20T09:00", "period": {"days": 1}, "calendar": calendar}),
    ] {
        let r = eval(req);
        assert_eq!(
            (&r["error"]["code"], &r["error"]["path"]),
            (&json!(code), &json!(path)),
            "{r}"
        );
    }
    // The same calendar through Calendar::from_value has the path without
    // the request's "calendar." prefix.
    let e = wangshi::calendar::Calendar::from_value(&calendar).unwrap_err();
    let bare = path
        .strip_prefix("calendar")
        .unwrap()
        .trim_start_matches('.');
    assert_eq!((e.code().as_str(), e.path().unwrap_or("")), (code, bare));
}

#[rstest]
#[case::date_missing(json!({"op": "calendar.check"}), "missing_field", "date")]
#[case::date_bad(json!({"op": "calendar.check", "date": "2026-02-30"}), "invalid_date", "date")]
#[case::date_after_2199(json!({"op": "calendar.check", "date": "2200-01-01"}), "invalid_date", "date")]
#[case::date_a_timestamp(json!({"op": "calendar.check", "date": "2026-02-17T10:00"}), "invalid_date", "date")]
#[case::check_unknown_field(json!({"op": "calendar.check", "date": "2026-02-17", "day": "x"}), "unknown_field", "day")]
#[case::deadline_unknown_field(json!({"op": "calendar.deadline", "start": "2026-02-17T10:00", "period": {"days": 1}, "end": "x"}), "unknown_field", "end")]
fn bad_check_requests(#[case] req: Value, #[case] code: &str, #[case] path: &str) {
    let r = eval(req);
    assert_eq!(
        (&r["error"]["code"], &r["error"]["path"]),
        (&json!(code), &json!(path)),
        "{r}"
    );
}

/// The sentinels a binding writes into a per-row deadline batch give each
/// row the code `calendar.deadline` gives the same cell, and their message
/// names the column.
#[rstest]
#[case::no_unit_is_a_period_naming_no_unit(json!({}), wangshi::calendar::NO_UNIT, 3, "unit")]
#[case::unknown_unit_is_an_unknown_key(json!({"fortnights": 3}), wangshi::calendar::UNKNOWN_UNIT, 3, "unit")]
#[case::no_amount_is_a_unit_without_a_number(json!({"days": null}), 3, wangshi::calendar::NO_AMOUNT, "amount")]
#[case::a_bad_amount_is_invalid(json!({"days": 2.5}), 3, wangshi::calendar::INVALID_AMOUNT, "amount")]
#[case::zero_is_invalid(json!({"hours": 0}), 2, wangshi::calendar::INVALID_AMOUNT, "amount")]
#[case::too_many_days(json!({"days": 3661}), 3, 3661, "amount")]
fn per_row_sentinels_give_the_json_ops_codes(
    #[case] period: Value,
    #[case] unit: u8,
    #[case] amount: u32,
    #[case] column: &str,
) {
    let start = "2026-02-12T10:00";
    let r = deadline(json!(start), period);
    let code = r["error"]["code"].as_str().unwrap().to_owned();
    let cal = wangshi::calendar::default_calendar();
    let t = wangshi::timestamp::parse_timestamp(start).unwrap();
    let got = cal.deadline_row(t, unit, amount).unwrap_err();
    assert_eq!(got.as_str(), code);
    let e = cal.explain_deadline_row(t, unit, amount).unwrap();
    assert_eq!((e.code(), e.path()), (got, Some(column)));
    // A bad start comes first, as the op reads it first.
    let no = wangshi::timestamp::NOT_A_TIMESTAMP;
    assert_eq!(
        cal.deadline_row(no, unit, amount).unwrap_err(),
        wangshi::ErrorCode::InvalidDate
    );
    assert_eq!(
        cal.explain_deadline_row(no, unit, amount).unwrap().path(),
        Some("start")
    );
}

#[test]
fn a_period_reads_from_json_as_a_requests_period() {
    use wangshi::calendar::Period;
    assert_eq!(
        Period::from_json(r#"{"hours": 2.0}"#).unwrap(),
        Period::Hours(2)
    );
    for (text, code, path) in [
        ("{}", "missing_field", "period"),
        (
            r#"{"days": 1, "hours": 1}"#,
            "unknown_field",
            "period.hours",
        ),
        (
            r#"{"minutes": 1, "days": 1}"#,
            "unknown_field",
            "period.days",
        ),
        (r#"{"days": 0}"#, "invalid_value", "period.days"),
        (r#"{"weeks": 1}"#, "unknown_field", "period.weeks"),
        ("[1]", "invalid_value", "period"),
        ("{", "invalid_json", ""),
    ] {
        let e = Period::from_json(text).unwrap_err();
        assert_eq!(
            (e.code().as_str(), e.path().unwrap_or("")),
            (code, path),
            "{text}"
        );
        let r = deadline(
            json!("2026-02-12T10:00"),
            serde_json::from_str(text).unwrap_or(json!(null)),
        );
        if code != "invalid_json" {
            assert_eq!(r["error"]["code"], code, "{text}");
        }
    }
}
