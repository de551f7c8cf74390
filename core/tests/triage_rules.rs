//! The case triage rules (事件分流), one row per case: every
//! rule id, the precedence safety > complex > general, each level, whistle
//! and mediation condition, and the thresholds at exactly 3 parties, 2
//! repeats and 50 000 yuan. Each row is checked through all three paths —
//! the JSON op, the typed API and the columnar batch — which must agree.

use rstest::rstest;
use serde_json::{Value, json};
use wangshi::date::parse_date;
use wangshi::triage::{
    Case, CaseColumns, CaseRouter, Center, DecisionOutput, Flag, Flags, Level, TriageRules,
};
use wangshi::{CaseClass, Catalog, ErrorCode, evaluate};

const DAY: &str = "2026-11-20";

/// (class, center, level, whistle (department, minutes), mediation,
/// immediate_report, matched_rules)
type Want = (
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, u32)>,
    bool,
    bool,
    &'static [&'static str],
);

fn w(
    class: &'static str,
    center: &'static str,
    level: &'static str,
    whistle: Option<(&'static str, u32)>,
    mediation: bool,
    immediate: bool,
    rules: &'static [&'static str],
) -> Want {
    (class, center, level, whistle, mediation, immediate, rules)
}

fn want_value(w: &Want) -> Value {
    let (class, center, level, whistle, mediation, immediate, rules) = *w;
    json!({
        "class": class, "center": center, "level": level,
        "whistle": whistle.map(|(d, m)| json!({"department": d, "report_within_minutes": m})),
        "mediation": if mediation {
            json!({"pre_litigation": true, "judicial_confirmation_within_days": 30})
        } else { Value::Null },
        "immediate_report": immediate,
        "matched_rules": rules,
    })
}

/// Classifies through the JSON op, the typed API and the batch, checks they
/// agree, and returns the JSON result (without the id).
fn classify_all_ways(
    router: &CaseRouter,
    rules_json: Option<&Value>,
    item: &str,
    flags: &[&str],
    parties: u32,
    repeats: u32,
    amount: f64,
) -> Value {
    // JSON
    let mut req = json!({"op": "case.classify", "case": {
        "id": "t1", "item": item, "reported_on": DAY, "parties": parties,
        "repeat_count": repeats, "amount": amount, "flags": flags}});
    if let Some(r) = rules_json {
        req["rules"] = r.clone();
    }
    let mut from_json = evaluate(req).unwrap();
    assert_eq!(from_json["id"], "t1");
    from_json.as_object_mut().unwrap().remove("id");

    // typed
    let day = parse_date(DAY).unwrap();
    let flag_set: Flags = flags.iter().map(|f| Flag::from_name(f).unwrap()).collect();
    let mut case = Case::new("t1", item, DAY.parse().unwrap())
        .with_parties(parties)
        .with_repeat_count(repeats)
        .with_amount(amount);
    case.flags = flag_set;
    let typed = router.classify(&case).unwrap();
    assert_eq!(typed.class.as_str(), from_json["class"]);
    assert_eq!(typed.center.as_str(), from_json["center"]);
    assert_eq!(typed.level.as_str(), from_json["level"]);
    assert_eq!(json!(typed.matched_rules), from_json["matched_rules"]);
    assert_eq!(typed.mediation.is_some(), !from_json["mediation"].is_null());
    assert_eq!(
        typed.whistle.as_ref().map(|w| w.department.as_str()),
        from_json["whistle"]["department"].as_str()
    );

    // batch
    let idx = router.catalog().item_index(item).unwrap() as u32;
    let mut out = DecisionOutput::new(1);
    let bad = router
        .classify_batch(
            CaseColumns {
                item: &[idx],
                reported_on: &[day],
                flags: &[flag_set.bits()],
                parties: &[parties as i32],
                repeat_count: &[repeats as i32],
                amount: &[amount],
            },
            out.columns(),
        )
        .unwrap();
    assert_eq!((bad, out.error[0]), (0, 0));
    assert_eq!(out.class[0], typed.class as u8);
    assert_eq!(out.center[0], typed.center as u8);
    assert_eq!(out.level[0], typed.level as u8);
    assert_eq!(out.matched_rules[0], typed.rule_mask);
    assert_eq!(
        router.department(out.department[0]),
        typed.whistle.as_ref().map(|w| w.department.as_str())
    );
    assert_eq!(
        out.report_within_minutes[0],
        typed
            .whistle
            .as_ref()
            .map_or(0, |w| w.report_within_minutes)
    );
    assert_eq!(out.mediation[0] == 1, typed.mediation.is_some());
    assert_eq!(out.immediate_report[0] == 1, typed.immediate_report);
    from_json
}

const NONE: &[&str] = &[];

#[rstest]
// ---- one row per rule id
#[case::safety_emergency("CS-01", &["emergency"], 1, 0, 0.0,
    w("safety", "police_grid", "community", Some(("urban_management", 30)), false, true, &["safety.emergency"]))]
#[case::safety_violence("CS-01", &["violence"], 1, 0, 0.0,
    w("safety", "police_grid", "community", None, false, false, &["safety.violence"]))]
#[case::safety_safety_hazard("CS-04", &["safety_hazard"], 1, 0, 0.0,
    w("safety", "police_grid", "community", None, false, false, &["safety.safety_hazard"]))]
#[case::safety_public_order("CS-03", &["public_order"], 1, 0, 0.0,
    w("safety", "police_grid", "community", None, false, false, &["safety.public_order"]))]
#[case::safety_item_class("AQ-02", NONE, 1, 0, 0.0,
    w("safety", "police_grid", "community", None, false, false, &["safety.item_class"]))]
#[case::complex_petition("SQ-02", &["petition"], 1, 0, 0.0,
    w("complex", "mediation", "community", None, false, false, &["complex.petition"]))]
#[case::complex_cross_grid("CS-01", &["cross_grid"], 1, 0, 0.0,
    w("complex", "mediation", "community", None, false, false, &["complex.cross_grid"]))]
#[case::complex_property_dispute("CS-02", &["property_dispute"], 2, 0, 0.0,
    w("complex", "mediation", "community", None, true, false, &["complex.property_dispute"]))]
#[case::complex_court_entrusted("MS-01", &["court_entrusted"], 2, 0, 0.0,
    w("complex", "mediation", "community", None, true, false, &["complex.court_entrusted"]))]
#[case::complex_parties("CS-01", NONE, 3, 0, 0.0,
    w("complex", "mediation", "community", None, false, false, &["complex.parties"]))]
#[case::complex_repeat("CS-01", NONE, 1, 2, 0.0,
    w("complex", "mediation", "community", None, false, false, &["complex.repeat"]))]
#[case::complex_amount("MS-04", NONE, 1, 0, 50_000.0,
    w("complex", "mediation", "community", None, false, false, &["complex.amount"]))]
#[case::complex_item_class("MD-01", NONE, 2, 0, 0.0,
    w("complex", "mediation", "community", None, true, false, &["complex.item_class"]))]
#[case::general_default("CS-01", NONE, 1, 0, 0.0,
    w("general", "talk", "grid", None, false, false, &["general.default"]))]
// ---- precedence: safety over complex over general; every match is listed in order
#[case::precedence_safety_flag_over_complex_item_and_parties("MD-01", &["violence"], 5, 0, 0.0,
    w("safety", "police_grid", "community", None, false, false, &["safety.violence", "complex.parties", "complex.item_class"]))]
#[case::precedence_safety_item_over_complex_flag("ZZ-01", &["petition"], 1, 0, 0.0,
    w("safety", "police_grid", "community", None, false, false, &["safety.item_class", "complex.petition"]))]
#[case::precedence_complex_over_general_item("XC-02", &["cross_grid"], 1, 0, 0.0,
    w("complex", "mediation", "community", None, false, false, &["complex.cross_grid"]))]
#[case::precedence_order_on_a_safety_item("AQ-04",
    &["needs_department", "court_entrusted", "property_dispute", "cross_grid", "petition", "public_order", "safety_hazard", "violence", "emergency"],
    3, 2, 50_000.0,
    w("safety", "police_grid", "community", Some(("emergency", 30)), false, true,
     &["safety.emergency", "safety.violence", "safety.safety_hazard", "safety.public_order", "safety.item_class",
       "complex.petition", "complex.cross_grid", "complex.property_dispute", "complex.court_entrusted",
       "complex.parties", "complex.repeat", "complex.amount"]))]
#[case::precedence_order_on_a_complex_item("MD-04",
    &["petition", "cross_grid", "property_dispute", "court_entrusted"], 9, 7, 1e6,
    w("complex", "mediation", "community", None, true, false,
     &["complex.petition", "complex.cross_grid", "complex.property_dispute", "complex.court_entrusted",
       "complex.parties", "complex.repeat", "complex.amount", "complex.item_class"]))]
// ---- thresholds, exactly at and just below
#[case::threshold_parties_2_is_general("CS-01", NONE, 2, 0, 0.0,
    w("general", "talk", "grid", None, false, false, &["general.default"]))]
#[case::threshold_parties_3_is_complex("CS-01", NONE, 3, 0, 0.0,
    w("complex", "mediation", "community", None, false, false, &["complex.parties"]))]
#[case::threshold_repeat_1_is_general("CS-01", NONE, 1, 1, 0.0,
    w("general", "talk", "community", None, false, false, &["general.default"]))]
#[case::threshold_repeat_2_is_complex("CS-01", NONE, 1, 2, 0.0,
    w("complex", "mediation", "community", None, false, false, &["complex.repeat"]))]
#[case::threshold_amount_49999_99_is_general("MS-04", NONE, 1, 0, 49_999.99,
    w("general", "talk", "grid", None, false, false, &["general.default"]))]
#[case::threshold_amount_50000_is_complex("MS-04", NONE, 1, 0, 50_000.0,
    w("complex", "mediation", "community", None, false, false, &["complex.amount"]))]
// ---- level: grid only when general, parties <= 2, repeat_count = 0, no cross_grid / needs_department
#[case::level_grid_general_two_parties("WM-04", NONE, 2, 0, 0.0,
    w("general", "talk", "grid", None, false, false, &["general.default"]))]
#[case::level_grid_no_parties("CS-04", NONE, 0, 0, 0.0,
    w("general", "talk", "grid", None, false, false, &["general.default"]))]
#[case::level_community_general_repeated_once("WM-04", NONE, 1, 1, 0.0,
    w("general", "talk", "community", None, false, false, &["general.default"]))]
#[case::level_community_general_needs_department("CS-02", &["needs_department"], 1, 0, 0.0,
    w("general", "talk", "community", Some(("urban_management", 1440)), false, false, &["general.default"]))]
#[case::level_community_cross_grid("CS-01", &["cross_grid"], 1, 0, 0.0,
    w("complex", "mediation", "community", None, false, false, &["complex.cross_grid"]))]
#[case::level_community_safety("TS-03", NONE, 1, 0, 0.0,
    w("safety", "police_grid", "community", None, false, false, &["safety.item_class"]))]
#[case::level_community_complex("MD-03", NONE, 1, 0, 0.0,
    w("complex", "mediation", "community", None, true, false, &["complex.item_class"]))]
// ---- whistle: needs_department or emergency; the item's department; 30 if emergency else 1440
#[case::whistle_needs_department_item_department("MD-02", &["needs_department"], 2, 0, 0.0,
    w("complex", "mediation", "community", Some(("housing", 1440)), true, false, &["complex.item_class"]))]
#[case::whistle_emergency_30_minutes("AQ-01", &["emergency"], 1, 0, 0.0,
    w("safety", "police_grid", "community", Some(("fire_rescue", 30)), false, true, &["safety.emergency", "safety.item_class"]))]
#[case::whistle_both_flags_emergency_wins("YJ-03", &["emergency", "needs_department"], 1, 0, 0.0,
    w("safety", "police_grid", "community", Some(("health", 30)), false, true, &["safety.emergency", "safety.item_class"]))]
#[case::whistle_category_department("MS-01", &["needs_department"], 1, 0, 0.0,
    w("general", "talk", "community", Some(("civil_affairs", 1440)), false, false, &["general.default"]))]
#[case::whistle_none_without_the_flags("AQ-01", &["safety_hazard"], 1, 0, 0.0,
    w("safety", "police_grid", "community", None, false, false, &["safety.safety_hazard", "safety.item_class"]))]
// ---- mediation: complex and (category MD or property_dispute or court_entrusted)
#[case::mediation_complex_md_category("MD-05", NONE, 1, 0, 0.0,
    w("complex", "mediation", "community", None, true, false, &["complex.item_class"]))]
#[case::mediation_complex_property_dispute_outside_md("XX-03", &["property_dispute"], 1, 0, 0.0,
    w("complex", "mediation", "community", None, true, false, &["complex.property_dispute"]))]
#[case::mediation_complex_court_entrusted_outside_md("CS-02", &["court_entrusted"], 1, 0, 0.0,
    w("complex", "mediation", "community", None, true, false, &["complex.court_entrusted"]))]
#[case::mediation_none_complex_without_md_or_flags("CS-01", NONE, 4, 0, 0.0,
    w("complex", "mediation", "community", None, false, false, &["complex.parties"]))]
#[case::mediation_none_when_safety("MD-02", &["violence", "property_dispute"], 2, 0, 0.0,
    w("safety", "police_grid", "community", None, false, false, &["safety.violence", "complex.property_dispute", "complex.item_class"]))]
// ---- immediate report: emergency only
#[case::immediate_report_emergency_on_general_item("MS-02", &["emergency"], 1, 0, 0.0,
    w("safety", "police_grid", "community", Some(("civil_affairs", 30)), false, true, &["safety.emergency"]))]
fn default_rules_table(
    #[case] item: &str,
    #[case] flags: &[&str],
    #[case] parties: u32,
    #[case] repeats: u32,
    #[case] amount: f64,
    #[case] want: Want,
) {
    let got = classify_all_ways(
        CaseRouter::default_router(),
        None,
        item,
        flags,
        parties,
        repeats,
        amount,
    );
    assert_eq!(got, want_value(&want));
}

/// A locality whose talk centre sees every property dispute first (先说事后调解):
/// a centre override for complex cases flagged property_dispute.
fn talk_first_rules() -> Value {
    let mut v = TriageRules::default().to_value();
    v["version"] = "yifeng-2026.2".into();
    v["center_overrides"] = json!([{
        "id": "center.property_dispute_talk_first",
        "classes": ["complex"],
        "flags": ["property_dispute"],
        "center": "talk"
    }]);
    v
}

#[rstest]
#[case::property_dispute_goes_to_talk_first("MD-02", &["property_dispute"], 2, 0, 0.0,
    w("complex", "talk", "community", None, true, false,
     &["complex.property_dispute", "complex.item_class", "center.property_dispute_talk_first"]))]
#[case::other_disputes_still_go_to_mediation("MD-03", NONE, 5, 0, 0.0,
    w("complex", "mediation", "community", None, true, false, &["complex.parties", "complex.item_class"]))]
#[case::violent_property_dispute_still_goes_to_police("MD-02", &["property_dispute", "violence"], 2, 0, 0.0,
    w("safety", "police_grid", "community", None, false, false,
     &["safety.violence", "complex.property_dispute", "complex.item_class"]))]
fn custom_rules_talk_first(
    #[case] item: &str,
    #[case] flags: &[&str],
    #[case] parties: u32,
    #[case] repeats: u32,
    #[case] amount: f64,
    #[case] want: Want,
) {
    let v = talk_first_rules();
    let rules = TriageRules::from_value(&v).unwrap();
    let router = CaseRouter::new(&rules, Catalog::default_catalog()).unwrap();
    let got = classify_all_ways(&router, Some(&v), item, flags, parties, repeats, amount);
    assert_eq!(got, want_value(&want));
}

#[test]
fn custom_rules_change_thresholds_and_lists() {
    // A rural locality: property disputes are not complex by themselves,
    // amounts count from 100 000 yuan, and repeats never make a case complex.
    let mut v = TriageRules::default().to_value();
    v["complex"]["flags"] = json!(["petition", "cross_grid", "court_entrusted"]);
    v["complex"]["amount_at_least"] = json!(100_000);
    v["complex"]["repeat_count_at_least"] = Value::Null;
    let rules = TriageRules::from_value(&v).unwrap();
    let router = CaseRouter::new(&rules, Catalog::default_catalog()).unwrap();
    let got = classify_all_ways(&router, Some(&v), "CS-02", &["property_dispute"], 2, 0, 0.0);
    assert_eq!(got["class"], "general");
    assert_eq!(got["center"], "talk");
    assert_eq!(got["mediation"], Value::Null); // mediation is for complex cases
    let got = classify_all_ways(&router, Some(&v), "MS-04", NONE, 1, 0, 60_000.0);
    assert_eq!(got["matched_rules"], json!(["general.default"]));
    let got = classify_all_ways(&router, Some(&v), "MS-04", NONE, 1, 0, 100_000.0);
    assert_eq!(got["matched_rules"], json!(["complex.amount"]));
    let got = classify_all_ways(&router, Some(&v), "MS-04", NONE, 1, 9, 0.0);
    assert_eq!(
        (got["class"].as_str(), got["level"].as_str()),
        (Some("general"), Some("community"))
    );
}

#[test]
fn custom_rules_move_a_flag_and_a_centre() {
    // Petitions are a safety matter here, and complex cases go to the talk centre.
    let mut v = TriageRules::default().to_value();
    v["safety"]["flags"] = json!([
        "emergency",
        "violence",
        "safety_hazard",
        "public_order",
        "petition"
    ]);
    v["complex"]["flags"] = json!(["cross_grid", "property_dispute", "court_entrusted"]);
    v["centers"]["complex"] = "talk".into();
    let rules = TriageRules::from_value(&v).unwrap();
    assert_eq!(rules.center(CaseClass::Complex), Center::Talk);
    let router = CaseRouter::new(&rules, Catalog::default_catalog()).unwrap();
    let got = classify_all_ways(&router, Some(&v), "SQ-04", &["petition"], 1, 0, 0.0);
    assert_eq!(got["class"], "safety");
    assert_eq!(got["matched_rules"], json!(["safety.petition"]));
    let got = classify_all_ways(&router, Some(&v), "MD-01", NONE, 1, 0, 0.0);
    assert_eq!(
        (got["class"].as_str(), got["center"].as_str()),
        (Some("complex"), Some("talk"))
    );
}

#[test]
fn custom_rules_whistle_mediation_and_grid_level() {
    let mut v = TriageRules::default().to_value();
    v["whistle"] = json!({"flags": ["needs_department", "emergency", "safety_hazard"],
        "report_within_minutes": 720, "urgent_flags": ["emergency", "safety_hazard"],
        "urgent_report_within_minutes": 15});
    v["mediation"]["judicial_confirmation_within_days"] = 15.into();
    v["grid_level"]["max_parties"] = 4.into();
    v["complex"]["parties_at_least"] = 5.into();
    let rules = TriageRules::from_value(&v).unwrap();
    let router = CaseRouter::new(&rules, Catalog::default_catalog()).unwrap();
    let got = classify_all_ways(&router, Some(&v), "AQ-01", &["safety_hazard"], 1, 0, 0.0);
    assert_eq!(
        got["whistle"],
        json!({"department": "fire_rescue", "report_within_minutes": 15})
    );
    let got = classify_all_ways(&router, Some(&v), "MS-01", &["needs_department"], 1, 0, 0.0);
    assert_eq!(got["whistle"]["report_within_minutes"], 720);
    let got = classify_all_ways(&router, Some(&v), "MD-01", NONE, 1, 0, 0.0);
    assert_eq!(got["mediation"]["judicial_confirmation_within_days"], 15);
    let got = classify_all_ways(&router, Some(&v), "CS-01", NONE, 4, 0, 0.0);
    assert_eq!(
        (got["class"].as_str(), got["level"].as_str()),
        (Some("general"), Some("grid"))
    );
}

#[test]
fn item_class_rules_can_be_switched_off() {
    let mut v = TriageRules::default().to_value();
    v["safety"]["item_class"] = false.into();
    let router = CaseRouter::new(
        &TriageRules::from_value(&v).unwrap(),
        Catalog::default_catalog(),
    )
    .unwrap();
    let got = classify_all_ways(&router, Some(&v), "AQ-02", NONE, 1, 0, 0.0);
    assert_eq!(got["matched_rules"], json!(["general.default"]));
}

#[test]
fn the_item_must_be_in_force_on_reported_on() {
    let c = Catalog::default_catalog();
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let before = Case::new("c", "DJ-01", day("2022-12-31"));
    let e = CaseRouter::default_router().classify(&before).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::ItemNotInForce, Some("item"))
    );
    assert!(e.message().contains("2023-01-01"), "{}", e.message());
    // An exited item, through a custom catalogue.
    let mut items = c.items().to_vec();
    items[0].exited_on = Some(day("2026-01-01"));
    let custom = Catalog::new("t", c.categories().to_vec(), items).unwrap();
    let r = CaseRouter::new(&TriageRules::default(), &custom).unwrap();
    assert!(
        r.classify(&Case::new("c", "DJ-01", day("2025-12-31")))
            .is_ok()
    );
    let e = r
        .classify(&Case::new("c", "DJ-01", day("2026-01-01")))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ItemNotInForce);
    assert!(
        e.message().contains("left the catalogue"),
        "{}",
        e.message()
    );
}

#[test]
fn typed_errors() {
    let r = CaseRouter::default_router();
    let day = "2026-11-20".parse().unwrap();
    let e = r.classify(&Case::new("c", "ZZ-99", day)).unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::UnknownItem, Some("item")));
    for bad in [-1.0, f64::NAN, f64::INFINITY] {
        let e = r
            .classify(&Case::new("c", "CS-01", day).with_amount(bad))
            .unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            (ErrorCode::InvalidValue, Some("amount"))
        );
    }
    let e = r
        .classify(&Case::new("c", "CS-01", "2200-01-01".parse().unwrap()))
        .unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::InvalidDate, Some("reported_on"))
    );
    assert_eq!(Level::from_u8(0), None);
}

#[test]
fn batch_rows_fail_alone() {
    let r = CaseRouter::default_router();
    let day = parse_date(DAY).unwrap();
    let cs01 = r.catalog().item_index("CS-01").unwrap() as u32;
    let item = [cs01, 9999, cs01, cs01, cs01, cs01, cs01, cs01, cs01];
    let reported_on = [
        day,
        day,
        day,
        day,
        day,
        day,
        parse_date("2022-12-31").unwrap(),
        i32::MIN,
        day,
    ];
    let flags = [0, 0, 1 << 9, 0, 0, 0, 0, 0, 0];
    let parties = [1, 1, 1, -1, 1, 1, 1, 1, 1];
    let repeats = [0, 0, 0, 0, -3, 0, 0, 0, 0];
    let amount = [0.0, 0.0, 0.0, 0.0, 0.0, f64::NAN, 0.0, 0.0, -0.5];
    let n = item.len();
    // Every column starts dirty, so a row the batch fails to write shows.
    let mut out = DecisionOutput::new(n);
    out.class.fill(9);
    out.center.fill(9);
    out.level.fill(9);
    out.department.fill(9);
    out.report_within_minutes.fill(9);
    out.mediation.fill(9);
    out.immediate_report.fill(9);
    out.matched_rules.fill(9);
    out.error.fill(9);
    let bad = r
        .classify_batch(
            CaseColumns {
                item: &item,
                reported_on: &reported_on,
                flags: &flags,
                parties: &parties,
                repeat_count: &repeats,
                amount: &amount,
            },
            out.columns(),
        )
        .unwrap();
    use ErrorCode::*;
    let codes = [
        0,
        UnknownItem as u8,
        InvalidValue as u8,
        InvalidValue as u8,
        InvalidValue as u8,
        InvalidValue as u8,
        ItemNotInForce as u8,
        MissingField as u8, // NO_DATE: no report date, as an absent JSON field
        InvalidValue as u8,
    ];
    assert_eq!(out.error, codes);
    assert_eq!(bad, 8);
    assert_eq!((out.class[0], out.center[0], out.level[0]), (1, 1, 1));
    for i in 1..n {
        let o = &out;
        assert_eq!(
            (o.class[i], o.center[i], o.level[i], o.department[i]),
            (0, 0, 0, 0)
        );
        assert_eq!(
            (
                o.report_within_minutes[i],
                o.mediation[i],
                o.immediate_report[i],
                o.matched_rules[i]
            ),
            (0, 0, 0, 0)
        );
    }
    // Columns of different lengths: an error, nothing written.
    let e = r
        .classify_batch(
            CaseColumns {
                item: &item,
                reported_on: &reported_on[..1],
                flags: &flags,
                parties: &parties,
                repeat_count: &repeats,
                amount: &amount,
            },
            out.columns(),
        )
        .unwrap_err();
    assert_eq!(e.code(), InvalidValue);
    assert_eq!(out.error, codes);
}

#[test]
fn departments_are_coded_from_one() {
    let r = CaseRouter::default_router();
    assert_eq!(r.department(0), None);
    assert_eq!(r.department(1), Some(r.departments()[0].as_str()));
    assert_eq!(r.department(u16::MAX), None);
    let mut seen = r.departments().to_vec();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), r.departments().len());
}

// ------------------------------------------------------------ rule files

#[test]
fn default_rules_round_trip_and_match_domain() {
    let r = TriageRules::default();
    assert_eq!(TriageRules::from_value(&r.to_value()).unwrap(), r);
    assert_eq!(
        TriageRules::from_json(wangshi::triage::DEFAULT_RULES_JSON).unwrap(),
        r
    );
    let names = |f: Flags| f.iter().map(Flag::as_str).collect::<Vec<_>>();
    assert_eq!(
        names(r.safety_flags()),
        ["emergency", "violence", "safety_hazard", "public_order"]
    );
    assert_eq!(
        names(r.complex_flags()),
        [
            "petition",
            "cross_grid",
            "property_dispute",
            "court_entrusted"
        ]
    );
    assert_eq!(
        (
            r.parties_at_least(),
            r.repeat_count_at_least(),
            r.amount_at_least()
        ),
        (Some(3), Some(2), Some(50_000.0))
    );
    assert_eq!(
        [CaseClass::General, CaseClass::Safety, CaseClass::Complex].map(|c| r.center(c)),
        [Center::Talk, Center::PoliceGrid, Center::Mediation]
    );
    let g = r.grid_level();
    assert_eq!(
        (g.classes.as_slice(), g.max_parties, g.max_repeat_count),
        (&[CaseClass::General][..], 2, 0)
    );
    assert_eq!(names(g.unless_flags), ["cross_grid", "needs_department"]);
    let w = r.whistle();
    assert_eq!(
        (w.report_within_minutes, w.urgent_report_within_minutes),
        (1440, 30)
    );
    assert_eq!(names(w.flags), ["emergency", "needs_department"]);
    let m = r.mediation();
    assert_eq!(
        (m.categories.as_slice(), m.judicial_confirmation_within_days),
        (&["MD".to_owned()][..], 30)
    );
    assert_eq!(names(r.immediate_report_flags()), ["emergency"]);
}

fn with(mutate: impl FnOnce(&mut Value)) -> Value {
    let mut v = TriageRules::default().to_value();
    mutate(&mut v);
    v
}

#[rstest]
#[case::unknown_flag(with(|v| v["complex"]["flags"][1] = "crossgrid".into()), "complex.flags[1]")]
#[case::flag_not_a_string(with(|v| v["safety"]["flags"][0] = 3.into()), "safety.flags[0]")]
#[case::flag_twice(with(|v| v["safety"]["flags"] = json!(["violence", "violence"])), "safety.flags[1]")]
#[case::flag_in_both_lists(with(|v| v["complex"]["flags"] = json!(["petition", "violence"])), "complex.flags[1]")]
#[case::parties_threshold_1(with(|v| v["complex"]["parties_at_least"] = 1.into()), "complex.parties_at_least")]
#[case::parties_threshold_negative(with(|v| v["complex"]["parties_at_least"] = (-3).into()), "complex.parties_at_least")]
#[case::repeat_threshold_0(with(|v| v["complex"]["repeat_count_at_least"] = 0.into()), "complex.repeat_count_at_least")]
#[case::amount_threshold_0(with(|v| v["complex"]["amount_at_least"] = 0.into()), "complex.amount_at_least")]
#[case::amount_threshold_negative(with(|v| v["complex"]["amount_at_least"] = (-1).into()), "complex.amount_at_least")]
#[case::unknown_centre(with(|v| v["centers"]["safety"] = "police".into()), "centers.safety")]
#[case::unknown_class(with(|v| v["grid_level"]["classes"] = json!(["minor"])), "grid_level.classes[0]")]
#[case::class_twice(with(|v| v["mediation"]["classes"] = json!(["complex", "complex"])), "mediation.classes[1]")]
#[case::whistle_zero_minutes(with(|v| v["whistle"]["report_within_minutes"] = 0.into()), "whistle.report_within_minutes")]
#[case::whistle_over_a_year(with(|v| v["whistle"]["report_within_minutes"] = 600_000.into()), "whistle.report_within_minutes")]
#[case::urgent_longer_than_normal(with(|v| v["whistle"]["urgent_report_within_minutes"] = 2000.into()), "whistle.urgent_report_within_minutes")]
#[case::urgent_flag_does_not_whistle(with(|v| v["whistle"]["urgent_flags"] = json!(["emergency", "violence"])), "whistle.urgent_flags[1]")]
#[case::confirmation_zero_days(with(|v| v["mediation"]["judicial_confirmation_within_days"] = 0.into()), "mediation.judicial_confirmation_within_days")]
#[case::empty_category(with(|v| v["mediation"]["categories"] = json!([""])), "mediation.categories[0]")]
#[case::category_twice(with(|v| v["mediation"]["categories"] = json!(["MD", "MD"])), "mediation.categories[1]")]
#[case::override_builtin_id(with(|v| v["center_overrides"] = json!([{"id": "general.default", "classes": ["general"], "flags": ["petition"], "center": "talk"}])), "center_overrides[0].id")]
#[case::override_bad_id(with(|v| v["center_overrides"] = json!([{"id": "Center Talk", "classes": ["general"], "flags": ["petition"], "center": "talk"}])), "center_overrides[0].id")]
#[case::override_no_flags(with(|v| v["center_overrides"] = json!([{"id": "x.y", "classes": ["general"], "flags": [], "center": "talk"}])), "center_overrides[0].flags")]
#[case::override_no_classes(with(|v| v["center_overrides"] = json!([{"id": "x.y", "classes": [], "flags": ["petition"], "center": "talk"}])), "center_overrides[0].classes")]
#[case::override_duplicate_id(with(|v| v["center_overrides"] = json!([
    {"id": "x.y", "classes": ["complex"], "flags": ["petition"], "center": "talk"},
    {"id": "x.y", "classes": ["complex"], "flags": ["cross_grid"], "center": "talk"}])), "center_overrides[1].id")]
#[case::too_many_overrides(with(|v| v["center_overrides"] = json!((0..9).map(|i| json!({"id": format!("o.n{i}"),
    "classes": ["complex"], "flags": ["petition"], "center": "talk"})).collect::<Vec<_>>())), "center_overrides")]
#[case::not_an_object(json!([1, 2]), "")]
fn invalid_rules_are_located(#[case] rules: Value, #[case] path: &str) {
    check_rules_error(rules, ErrorCode::InvalidRules, path);
}

// A typo'd or missing field keeps its own code inside a rule set, as
// everywhere else in a request (the JSON contract).
#[rstest]
#[case::unknown_top_level_field(with(|v| v["colour"] = 1.into()), "colour")]
#[case::missing_section(with(|v| { v.as_object_mut().unwrap().remove("whistle"); }), "whistle")]
#[case::threshold_missing(with(|v| { v["complex"].as_object_mut().unwrap().remove("amount_at_least"); }), "complex.amount_at_least")]
#[case::item_class_missing(with(|v| { v["safety"].as_object_mut().unwrap().remove("item_class"); }), "safety.item_class")]
#[case::centre_missing(with(|v| { v["centers"].as_object_mut().unwrap().remove("general"); }), "centers.general")]
fn rule_typos_keep_their_codes(#[case] rules: Value, #[case] path: &str) {
    let code = if path == "colour" {
        ErrorCode::UnknownField
    } else {
        ErrorCode::MissingField
    };
    check_rules_error(rules, code, path);
}

fn check_rules_error(rules: Value, code: ErrorCode, path: &str) {
    let e = TriageRules::from_value(&rules).unwrap_err();
    assert_eq!(e.code(), code, "{e}");
    assert_eq!(e.path().unwrap_or(""), path, "{e}");
    // The same problem inside a request is located under `rules`.
    let r = evaluate(json!({"op": "case.classify", "rules": rules,
        "case": {"id": "c", "item": "CS-01", "reported_on": DAY}}))
    .unwrap_err();
    assert_eq!(r.code(), code);
    let want = if path.is_empty() {
        "rules".to_owned()
    } else {
        format!("rules.{path}")
    };
    assert_eq!(r.path(), Some(want.as_str()));
}

#[test]
fn rules_text_that_is_not_json_is_invalid_json() {
    assert_eq!(
        TriageRules::from_json("{").unwrap_err().code(),
        ErrorCode::InvalidJson
    );
}
