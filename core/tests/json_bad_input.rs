//! Bad input through the JSON entry point never panics and always answers an
//! envelope with the right code and path.

use rstest::rstest;
use serde_json::{Value, json};
use wangshi::evaluate_json;
use wangshi_testkit::rng::SplitMix64;

fn call(request: &str) -> Value {
    let out = evaluate_json(request);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("response is not JSON ({e}): {out}"))
}

fn error_of(request: Value) -> (String, Option<String>) {
    let r = call(&request.to_string());
    assert_eq!(r["ok"], false, "{r}");
    (
        r["error"]["code"].as_str().unwrap().to_owned(),
        r["error"]["path"].as_str().map(str::to_owned),
    )
}

#[rstest]
#[case::empty("")]
#[case::truncated(r#"{"op": "visit.status", "as_of": "2026-11-26", "residents": ["#)]
#[case::not_an_object("[]")]
#[case::null("null")]
#[case::number("42")]
#[case::string(r#""visit.status""#)]
#[case::trailing_garbage(r#"{"op": "tier.suggest", "tags": []} x"#)]
#[case::invalid_escape(r#"{"op": "\q"}"#)]
#[case::duplicate_top_level_key(r#"{"op": "catalog.get", "on": "2023-01-01", "on": null}"#)]
#[case::duplicate_key_in_a_row(r#"{"op": "visit.status", "as_of": "2026-11-26", "residents": [{"id": "a", "tier": "green", "tier": "red", "tier_since": "2026-01-01"}]}"#)]
fn malformed_json_is_invalid_json(#[case] text: &str) {
    let r = call(text);
    assert_eq!(
        (r["ok"].clone(), r["error"]["code"].clone()),
        (json!(false), json!("invalid_json")),
        "{r}"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(call(&deep)["error"]["code"], "invalid_json");
    let deep_field = format!(
        r#"{{"op": "tier.suggest", "tags": {}{}}}"#,
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    assert_eq!(call(&deep_field)["ok"], false);
}

#[rstest]
#[case::no_op(json!({"as_of": "2026-11-26"}), "missing_field", Some("op"))]
#[case::op_not_a_string(json!({"op": 7}), "invalid_value", Some("op"))]
#[case::unknown_op(json!({"op": "visit.teleport"}), "unknown_op", Some("op"))]
#[case::unknown_field(json!({"op": "visit.status", "as_of": "2026-11-26", "residents": [], "asof": 1}), "unknown_field", Some("asof"))]
#[case::missing_as_of(json!({"op": "visit.status", "residents": []}), "missing_field", Some("as_of"))]
#[case::missing_residents(json!({"op": "visit.status", "as_of": "2026-11-26"}), "missing_field", Some("residents"))]
#[case::as_of_a_number(json!({"op": "visit.status", "as_of": 20261126, "residents": []}), "invalid_date", Some("as_of"))]
#[case::residents_an_object(json!({"op": "visit.status", "as_of": "2026-11-26", "residents": {}}), "invalid_value", Some("residents"))]
#[case::as_of_feb_30(json!({"op": "visit.status", "as_of": "2026-02-30", "residents": []}), "invalid_date", Some("as_of"))]
#[case::as_of_month_13(json!({"op": "visit.status", "as_of": "2026-13-01", "residents": []}), "invalid_date", Some("as_of"))]
#[case::as_of_1899(json!({"op": "visit.status", "as_of": "1899-12-31", "residents": []}), "invalid_date", Some("as_of"))]
#[case::as_of_2200(json!({"op": "visit.status", "as_of": "2200-01-01", "residents": []}), "invalid_date", Some("as_of"))]
#[case::as_of_with_time(json!({"op": "visit.status", "as_of": "2026-11-26T08:00:00", "residents": []}), "invalid_date", Some("as_of"))]
#[case::policy_not_an_object(json!({"op": "visit.status", "as_of": "2026-11-26", "residents": [], "policy": []}), "invalid_policy", Some("policy"))]
#[case::policy_bad_cadence(json!({"op": "visit.status", "as_of": "2026-11-26", "residents": [], "policy": {"tiers": [{"code": "a", "cadence": 3, "reminder_days": 0, "escalate_after_missed": 1}]}}), "invalid_policy", Some("policy.tiers[0].cadence"))]
#[case::worklist_missing_as_of(json!({"op": "visit.worklist", "residents": []}), "missing_field", Some("as_of"))]
#[case::plan_reversed(json!({"op": "visit.plan", "from": "2026-12-31", "to": "2026-12-01", "residents": []}), "invalid_range", Some("to"))]
#[case::plan_bad_from(json!({"op": "visit.plan", "from": "2026-04-31", "to": "2026-12-01", "residents": []}), "invalid_date", Some("from"))]
#[case::suggest_tags_not_strings(json!({"op": "tier.suggest", "tags": [1]}), "invalid_value", Some("tags[0]"))]
#[case::suggest_unknown_tag(json!({"op": "tier.suggest", "tags": ["vip"]}), "invalid_value", Some("tags[0]"))]
#[case::suggest_no_tags(json!({"op": "tier.suggest"}), "missing_field", Some("tags"))]
fn request_errors(#[case] request: Value, #[case] code: &str, #[case] path: Option<&str>) {
    assert_eq!(
        error_of(request),
        (code.to_owned(), path.map(str::to_owned))
    );
}

#[rstest]
#[case::unknown_tier(json!({"id": "a", "tier": "purple", "tier_since": "2026-01-01"}), "unknown_tier", "residents[0].tier")]
#[case::tier_since_after_as_of(json!({"id": "a", "tier": "green", "tier_since": "2026-12-01"}), "tier_since_after_as_of", "residents[0].tier_since")]
#[case::visit_after_as_of(json!({"id": "a", "tier": "green", "tier_since": "2026-01-01", "last_visit": "2026-11-27"}), "visit_after_as_of", "residents[0].last_visit")]
#[case::invalid_tier_since(json!({"id": "a", "tier": "green", "tier_since": "2026-02-29"}), "invalid_date", "residents[0].tier_since")]
#[case::invalid_last_visit(json!({"id": "a", "tier": "green", "tier_since": "2026-01-01", "last_visit": "1899-01-01"}), "invalid_date", "residents[0].last_visit")]
#[case::missing_id(json!({"tier": "green", "tier_since": "2026-01-01"}), "missing_field", "residents[0].id")]
#[case::missing_tier(json!({"id": "a", "tier_since": "2026-01-01"}), "missing_field", "residents[0].tier")]
#[case::tier_a_number(json!({"id": "a", "tier": 2, "tier_since": "2026-01-01"}), "invalid_value", "residents[0].tier")]
#[case::unknown_resident_field(json!({"id": "a", "tier": "green", "tier_since": "2026-01-01", "lastvisit": "2026-11-01"}), "unknown_field", "residents[0].lastvisit")]
#[case::resident_not_an_object(json!("a"), "invalid_value", "residents[0]")]
#[case::empty_id(json!({"id": " ", "tier": "green", "tier_since": "2026-01-01"}), "invalid_value", "residents[0].id")]
#[case::date_not_a_string(json!({"id": "a", "tier": "green", "tier_since": 20260101}), "invalid_date", "residents[0].tier_since")]
fn row_errors_keep_the_batch(#[case] bad: Value, #[case] code: &str, #[case] path: &str) {
    for op in ["visit.status", "visit.worklist"] {
        let good = json!({"id": "ok", "tier": "green", "tier_since": "2026-01-01", "last_visit": "2026-10-01", "worker": "w1"});
        let r =
            call(&json!({"op": op, "as_of": "2026-11-26", "residents": [bad, good]}).to_string());
        assert_eq!(r["ok"], true, "{r}");
        let (row, others) = if op == "visit.status" {
            (
                &r["result"]["results"][0],
                r["result"]["results"][1].clone(),
            )
        } else {
            (&r["result"]["errors"][0], r["result"]["alerts"][0].clone())
        };
        assert_eq!(row["error"]["code"], code, "{op}: {r}");
        assert_eq!(row["error"]["path"], path, "{op}: {r}");
        assert_eq!(
            others["id"], "ok",
            "{op}: the good row is still computed: {r}"
        );
        assert_eq!(others["state"], "due_soon");
    }
}

#[test]
fn a_blank_worker_is_no_worker() {
    let r = call(
        &json!({"op": "visit.worklist", "as_of": "2026-11-26", "residents": [
        {"id": "a", "tier": "green", "tier_since": "2026-01-01", "worker": ""}]})
        .to_string(),
    );
    assert_eq!(
        r["result"]["errors"][0]["error"]["code"], "missing_field",
        "{r}"
    );
    assert_eq!(r["result"]["by_worker"], json!({}));
}

#[test]
fn whole_numbers_written_as_floats_are_accepted() {
    // Python's json and pandas float columns write 2.0 for 2.
    let r = call(&json!({"op": "visit.status", "as_of": "2026-11-26", "residents": [],
        "policy": {"tiers": [{"code": "w", "cadence": "weekly", "reminder_days": 2.0, "escalate_after_missed": 1.0}]}}).to_string());
    assert_eq!(r["ok"], true, "{r}");
    let r = call(&json!({"op": "visit.status", "as_of": "2026-11-26", "residents": [],
        "policy": {"tiers": [{"code": "w", "cadence": "weekly", "reminder_days": 2.5, "escalate_after_missed": 1}]}}).to_string());
    assert_eq!(r["error"]["code"], "invalid_policy", "{r}");
    assert!(
        r["error"]["message"].as_str().unwrap().contains("2.5"),
        "{r}"
    );
}

#[test]
fn empty_batches_are_fine() {
    let r = call(r#"{"op": "visit.status", "as_of": "2026-11-26", "residents": []}"#);
    assert_eq!(r["ok"], true);
    assert_eq!(r["result"], json!({"results": []}));
    assert_eq!(r["stamp"]["data"]["policy"]["version"], "2026.2");
    let r = call(r#"{"op": "visit.worklist", "as_of": "2026-11-26", "residents": []}"#);
    assert_eq!(
        r["result"],
        json!({"alerts": [], "by_worker": {}, "errors": []})
    );
    let r =
        call(r#"{"op": "visit.plan", "from": "2026-12-01", "to": "2026-12-01", "residents": []}"#);
    assert_eq!(r["result"]["total"], 0);
}

#[test]
fn ten_thousand_rows_with_mixed_bad_rows() {
    let mut rng = SplitMix64::new(10);
    let mut residents = Vec::new();
    let mut want_bad = Vec::new();
    for i in 0..10_000 {
        let (row, bad) = match rng.below(8) {
            0 => (
                json!({"id": format!("r{i}"), "tier": "purple", "tier_since": "2026-01-01"}),
                Some("unknown_tier"),
            ),
            1 => (
                json!({"id": format!("r{i}"), "tier": "green", "tier_since": "2026-02-30"}),
                Some("invalid_date"),
            ),
            2 => (
                json!({"id": format!("r{i}"), "tier": "red", "tier_since": "2026-01-01", "last_visit": "2027-01-01"}),
                Some("visit_after_as_of"),
            ),
            3 => (
                json!({"id": format!("r{i}"), "tier": "blue", "tier_since": "2026-01-01", "extra": 1}),
                Some("unknown_field"),
            ),
            _ => {
                let tier = ["green", "blue", "orange", "red"][rng.below(4) as usize];
                let day = 1 + rng.below(26);
                (
                    json!({"id": format!("r{i}"), "tier": tier, "tier_since": "2025-06-01",
                        "last_visit": format!("2026-11-{day:02}"), "worker": "w"}),
                    None,
                )
            }
        };
        residents.push(row);
        want_bad.push(bad);
    }
    let r = call(
        &json!({"op": "visit.status", "as_of": "2026-11-26", "residents": residents}).to_string(),
    );
    let results = r["result"]["results"].as_array().unwrap();
    assert_eq!(results.len(), 10_000);
    for (i, (row, bad)) in results.iter().zip(&want_bad).enumerate() {
        assert_eq!(row["id"], format!("r{i}"));
        match bad {
            Some(code) => assert_eq!(row["error"]["code"], *code, "row {i}: {row}"),
            None => assert!(
                row["state"].is_string() && row.get("error").is_none(),
                "row {i}: {row}"
            ),
        }
    }
    assert!(want_bad.iter().filter(|b| b.is_none()).count() > 4000);
}

#[test]
fn random_mutations_never_panic() {
    let seeds = [
        r#"{"op":"visit.status","as_of":"2026-11-26","residents":[{"id":"r1","tier":"green","tier_since":"2026-01-05","last_visit":"2026-11-03"}]}"#,
        r#"{"op":"visit.plan","from":"2026-12-01","to":"2026-12-31","residents":[{"id":"r1","tier":"red","tier_since":"2026-01-01"}]}"#,
        r#"{"op":"visit.worklist","as_of":"2026-11-26","residents":[{"id":"r1","tier":"red","tier_since":"2026-01-01","worker":"w"}],"policy":{"tiers":[{"code":"red","cadence":{"every_days":3},"reminder_days":1,"escalate_after_missed":1}]}}"#,
        r#"{"op":"tier.suggest","tags":["elderly_alone","key_petitioner"]}"#,
    ];
    let alphabet = br#"{}[]":,0123456789-abcdefghijklmnopqrstuvwxyz_ .eE+nulltruefalse"#;
    let mut rng = SplitMix64::new(99);
    for _ in 0..20_000 {
        let mut bytes = seeds[rng.below(seeds.len() as u32) as usize]
            .as_bytes()
            .to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len() as u32) as usize;
            match rng.below(3) {
                0 => bytes[at] = alphabet[rng.below(alphabet.len() as u32) as usize],
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, alphabet[rng.below(alphabet.len() as u32) as usize]),
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let r = call(&text);
        assert!(r["ok"].is_boolean(), "{text} -> {r}");
        if r["ok"] == false {
            assert!(r["error"]["code"].is_string() && r["error"]["message"].is_string());
        }
    }
}
