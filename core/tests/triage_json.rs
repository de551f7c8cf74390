//! `case.classify` through the JSON entry point: the one-case and batch
//! forms, custom catalogue and rules, and bad input with codes and paths.

use rstest::rstest;
use serde_json::{Value, json};
use wangshi::{evaluate, evaluate_json};

fn ok(request: Value) -> Value {
    let out: Value = serde_json::from_str(&evaluate_json(&request.to_string())).unwrap();
    assert_eq!(out["ok"], true, "{out}");
    out["result"].clone()
}

fn case(fields: Value) -> Value {
    let mut c = json!({"id": "c1", "item": "CS-01", "reported_on": "2026-11-20"});
    for (k, v) in fields.as_object().unwrap() {
        c[k] = v.clone();
    }
    json!({"op": "case.classify", "case": c})
}

#[test]
fn one_case_has_the_domain_shape_and_its_id() {
    let r = ok(case(
        json!({"item": "MD-02", "parties": 2, "flags": ["property_dispute"]}),
    ));
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    let mut want = [
        "id",
        "class",
        "center",
        "level",
        "whistle",
        "mediation",
        "immediate_report",
        "matched_rules",
    ];
    want.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, want);
    assert_eq!(r["id"], "c1");
}

#[test]
fn defaults_are_one_party_no_repeat_no_amount_no_flags() {
    let explicit = ok(case(
        json!({"parties": 1, "repeat_count": 0, "amount": 0, "flags": []}),
    ));
    assert_eq!(ok(case(json!({}))), explicit);
    // null counts as absent, like every optional field of the contract
    assert_eq!(ok(case(json!({"parties": null, "flags": null}))), explicit);
}

#[test]
fn a_batch_keeps_good_rows_and_reports_bad_ones_in_order() {
    let r = ok(json!({"op": "case.classify", "cases": [
        {"id": "a", "item": "CS-01", "reported_on": "2026-11-20"},
        {"id": "b", "item": "CS-99", "reported_on": "2026-11-20"},
        {"id": "c", "item": "AQ-01", "reported_on": "2026-11-20", "flags": ["emergency"]},
        {"id": "d", "item": "CS-01", "reported_on": "2026-11-20", "flags": ["urgent"]},
        {"item": "CS-01", "reported_on": "2022-01-01"}
    ]}));
    let rows = r["results"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["center"], "talk");
    assert_eq!(
        rows[1],
        json!({"id": "b", "error": {"code": "unknown_item",
        "message": rows[1]["error"]["message"], "path": "cases[1].item"}})
    );
    assert_eq!(
        rows[2]["whistle"],
        json!({"department": "fire_rescue", "report_within_minutes": 30})
    );
    assert_eq!(rows[3]["id"], "d");
    assert_eq!(rows[3]["error"]["code"], "invalid_value");
    assert_eq!(rows[3]["error"]["path"], "cases[3].flags[0]");
    assert_eq!(rows[4]["id"], Value::Null);
    assert_eq!(rows[4]["error"]["path"], "cases[4].id");
    assert_eq!(
        ok(json!({"op": "case.classify", "cases": []})),
        json!({"results": []})
    );
}

#[test]
fn a_custom_catalogue_is_used_for_items_departments_and_in_force() {
    let catalog = json!({"version": "yf.1",
    "categories": [{"code": "WY", "name_zh": "物业", "name_en": "Property", "class": "general", "department": "housing"}],
    "items": [
        {"code": "WY-01", "category": "WY", "name_zh": "物业纠纷", "name_en": "Property management", "admitted_on": "2026-01-01"},
        {"code": "WY-02", "category": "WY", "name_zh": "防汛", "name_en": "Flood", "admitted_on": "2026-06-01", "ends_on": "2026-08-31"}
    ]});
    let mut req = case(json!({"item": "WY-01", "flags": ["needs_department"]}));
    req["catalog"] = catalog.clone();
    let r = ok(req);
    assert_eq!(
        r["whistle"],
        json!({"department": "housing", "report_within_minutes": 1440})
    );
    assert_eq!(r["class"], "general");
    let mut req = case(json!({"item": "WY-02", "reported_on": "2026-09-01"}));
    req["catalog"] = catalog.clone();
    let e = evaluate(req).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("item_not_in_force", Some("case.item"))
    );
    assert!(
        e.message().contains("ended on 2026-08-31"),
        "{}",
        e.message()
    );
    let mut req = case(json!({}));
    req["catalog"] = catalog;
    let e = evaluate(req).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("unknown_item", Some("case.item"))
    );
}

#[rstest]
#[case::no_case(json!({"op": "case.classify"}), "missing_field", "case")]
#[case::case_and_cases(json!({"op": "case.classify", "case": {}, "cases": []}), "invalid_value", "cases")]
#[case::cases_not_a_list(json!({"op": "case.classify", "cases": {}}), "invalid_value", "cases")]
#[case::case_not_an_object(json!({"op": "case.classify", "case": "CS-01"}), "invalid_value", "case")]
#[case::unknown_request_field(json!({"op": "case.classify", "case": {}, "policy": {}}), "unknown_field", "policy")]
#[case::unknown_case_field(case(json!({"colour": "red"})), "unknown_field", "case.colour")]
#[case::missing_id(json!({"op": "case.classify", "case": {"item": "CS-01", "reported_on": "2026-11-20"}}), "missing_field", "case.id")]
#[case::missing_item(json!({"op": "case.classify", "case": {"id": "c", "reported_on": "2026-11-20"}}), "missing_field", "case.item")]
#[case::missing_reported_on(json!({"op": "case.classify", "case": {"id": "c", "item": "CS-01"}}), "missing_field", "case.reported_on")]
#[case::unknown_item(case(json!({"item": "CS-99"})), "unknown_item", "case.item")]
#[case::item_not_yet_admitted(case(json!({"reported_on": "2022-12-31"})), "item_not_in_force", "case.item")]
#[case::bad_date(case(json!({"reported_on": "2026-02-30"})), "invalid_date", "case.reported_on")]
#[case::date_out_of_range(case(json!({"reported_on": "2200-01-01"})), "invalid_date", "case.reported_on")]
#[case::unknown_flag(case(json!({"flags": ["emergency", "violence", "urgent"]})), "invalid_value", "case.flags[2]")]
#[case::flag_not_a_string(case(json!({"flags": [1]})), "invalid_value", "case.flags[0]")]
#[case::flags_not_a_list(case(json!({"flags": "emergency"})), "invalid_value", "case.flags")]
#[case::negative_parties(case(json!({"parties": -1})), "invalid_value", "case.parties")]
#[case::fractional_parties(case(json!({"parties": 2.5})), "invalid_value", "case.parties")]
#[case::negative_repeat_count(case(json!({"repeat_count": -2})), "invalid_value", "case.repeat_count")]
#[case::negative_amount(case(json!({"amount": -0.01})), "invalid_value", "case.amount")]
#[case::amount_a_string(case(json!({"amount": "50000"})), "invalid_value", "case.amount")]
#[case::id_a_number(case(json!({"id": 5})), "invalid_value", "case.id")]
#[case::invalid_catalogue(json!({"op": "case.classify", "case": {}, "catalog": {"categories": [], "items": [{}]}}), "missing_field", "catalog.items[0].code")]
#[case::rules_missing_field(json!({"op": "case.classify", "case": {}, "rules": {"safety": {}}}), "missing_field", "rules.safety.flags")]
#[case::invalid_rules(json!({"op": "case.classify", "case": {}, "rules": {"safety": {"flags": ["emergency", "emergency"]}}}), "invalid_rules", "rules.safety.flags[1]")]
fn bad_input_is_located(#[case] request: Value, #[case] code: &str, #[case] path: &str) {
    let out: Value = serde_json::from_str(&evaluate_json(&request.to_string())).unwrap();
    assert_eq!(out["ok"], false, "{out}");
    assert_eq!(out["error"]["code"], code, "{out}");
    assert_eq!(out["error"]["path"], path, "{out}");
    let msg = out["error"]["message"].as_str().unwrap();
    assert!(
        !msg.is_empty() && !msg.starts_with(char::is_uppercase),
        "{msg}"
    );
}

#[test]
fn typed_api_and_json_op_agree_on_a_row_with_two_faults() {
    // An unknown item reported on a date outside 1900–2199: both entry points
    // report the date, which the JSON op reads first.
    let day = chrono::NaiveDate::from_ymd_opt(1800, 1, 1).unwrap();
    let typed = wangshi::triage::CaseRouter::default_router()
        .classify(&wangshi::triage::Case::new("c", "NOPE-01", day))
        .unwrap_err();
    let out: Value = serde_json::from_str(&evaluate_json(
        &json!({"op": "case.classify", "case": {"id": "c", "item": "NOPE-01", "reported_on": "1800-01-01"}})
            .to_string(),
    ))
    .unwrap();
    assert_eq!(typed.code().as_str(), out["error"]["code"]);
    assert_eq!(typed.code(), wangshi::ErrorCode::InvalidDate);
}
