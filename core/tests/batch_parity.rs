//! The columnar batches decide every row's error exactly as the JSON ops do:
//! seeded rows combining good, missing, malformed, out-of-range and
//! relationally wrong fields go through `evaluate_json` (as text) and through
//! the batch (as the sentinels a binding writes), and every row must give the
//! same code (and, for a computed row, the same result). The columnar
//! worklist is checked against `visit.worklist` the same way.

use serde_json::{Map, Value, json};
use wangshi::date::{NO_DATE, NOT_A_DATE, days_from_civil, format_date, parse_date};
use wangshi::triage::{
    CaseRouter, DEFAULT_AMOUNT, DEFAULT_PARTIES, DEFAULT_REPEAT_COUNT, DecisionOutput, Flag,
    INVALID_COUNT, INVALID_FLAGS, NO_ITEM, UNKNOWN_ITEM,
};
use wangshi::visit::{
    NO_TIER, UNKNOWN_TIER, VisitOutput, VisitPolicy, visit_status_batch, worklist_rows,
};
use wangshi::{ErrorCode, evaluate_json};
use wangshi_testkit::rng::SplitMix64;

const ROWS: usize = 400;
const SEEDS: u64 = 30;

/// A date cell: the JSON value (None = absent) and the batch day.
fn date_cell(rng: &mut SplitMix64, as_of: i32, optional: bool) -> (Option<Value>, i32) {
    match rng.below(8) {
        0 => (None, NO_DATE),
        1 if optional => (Some(Value::Null), NO_DATE),
        1 => (Some(Value::Null), NO_DATE),
        2 => {
            let bad = [
                "2026-02-30",
                "2026-11",
                "2026/11/05",
                "",
                " 2026-11-05",
                "NaT",
            ];
            let s = bad[rng.below(bad.len() as u32) as usize];
            (Some(json!(s)), NOT_A_DATE)
        }
        3 => (
            Some(json!(20261126)), // a number where a date belongs
            NOT_A_DATE,
        ),
        4 => {
            // Outside 1900-2199: the text fails to parse, the day number is
            // out of range; both are invalid_date.
            let d = if rng.chance(50) {
                days_from_civil(2300, 1, 1)
            } else {
                days_from_civil(1899, 12, 31)
            };
            let text = if d > 0 { "2300-01-01" } else { "1899-12-31" };
            (Some(json!(text)), d)
        }
        5 => {
            let d = as_of + 1 + rng.below(30) as i32;
            (Some(json!(format_date(d))), d)
        }
        _ => {
            let d = as_of - rng.below(900) as i32;
            (Some(json!(format_date(d))), d)
        }
    }
}

fn put(m: &mut Map<String, Value>, k: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(k.to_owned(), v);
    }
}

fn row_code(v: &Value) -> Option<ErrorCode> {
    v.get("error")
        .map(|e| ErrorCode::from_name(e["code"].as_str().unwrap()).unwrap())
}

#[test]
fn visit_batch_rows_give_the_json_ops_codes_and_results() {
    let policy = VisitPolicy::default();
    let tiers: Vec<String> = policy.tiers().iter().map(|t| t.code.clone()).collect();
    for seed in 1..=SEEDS {
        let mut rng = SplitMix64::new(seed);
        let as_of = parse_date("2026-11-26").unwrap() + rng.below(400) as i32 - 200;
        let (mut rows, mut tier, mut since, mut last) = (vec![], vec![], vec![], vec![]);
        let (mut ids, mut workers) = (vec![], vec![]);
        for i in 0..ROWS {
            let mut m = Map::new();
            // Repeats (ties on id), a blank id and no id.
            let id = match rng.below(40) {
                0 => None,
                1 => Some("  ".to_owned()),
                _ => Some(format!("r{:03}", rng.below(ROWS as u32 / 2))),
            };
            if let Some(id) = &id {
                m.insert("id".into(), json!(id));
            }
            let (t, k) = match rng.below(6) {
                0 => (None, NO_TIER),
                1 => (Some(Value::Null), NO_TIER),
                2 => (Some(json!("purple")), UNKNOWN_TIER),
                _ => {
                    let k = rng.below(tiers.len() as u32) as usize;
                    (Some(json!(tiers[k])), k as u8)
                }
            };
            put(&mut m, "tier", t);
            let (s, sd) = date_cell(&mut rng, as_of, false);
            put(&mut m, "tier_since", s);
            let (l, ld) = if rng.chance(30) {
                (None, NO_DATE)
            } else {
                date_cell(&mut rng, as_of, true)
            };
            put(&mut m, "last_visit", l);
            let w = match rng.below(8) {
                0 => None,
                1 => Some("  "),
                2 => Some("w1"),
                3 => Some("w2"),
                _ => Some(["w3", "w4", "w5"][i % 3]),
            };
            if let Some(w) = w {
                m.insert("worker".into(), json!(w));
            }
            rows.push(Value::Object(m));
            tier.push(k);
            since.push(sd);
            last.push(ld);
            ids.push(id);
            workers.push(w);
        }
        let req = json!({"op": "visit.status", "as_of": format_date(as_of), "residents": rows});
        let resp: Value = serde_json::from_str(&evaluate_json(&req.to_string())).unwrap();
        let results = resp["result"]["results"].as_array().unwrap();
        let mut out = VisitOutput::new(ROWS);
        visit_status_batch(&policy, as_of, &tier, &since, &last, out.columns()).unwrap();
        let day = policy.on_day(as_of).unwrap();
        for (i, r) in results.iter().enumerate() {
            let json_code = row_code(r);
            if ids[i].as_deref().is_none_or(|s| s.trim().is_empty()) {
                // The id is read first; the status batch takes no ids (the
                // columnar worklist checks them, below).
                assert!(json_code.is_some());
                continue;
            }
            let batch_code = ErrorCode::from_u8(out.error[i]);
            assert_eq!(
                batch_code, json_code,
                "seed {seed} row {i}: {} vs batch ({}, {}, {})",
                rows[i], tier[i], since[i], last[i]
            );
            let explained = day.explain(tier[i], since[i], last[i]);
            assert_eq!(explained.as_ref().map(|e| e.code()), json_code);
            if let (Some(e), Some(je)) = (&explained, r.get("error")) {
                // The same field is named (the JSON path ends with it).
                let path = je["path"].as_str().unwrap();
                assert!(path.ends_with(e.path().unwrap()), "{path} vs {e}");
            }
            if json_code.is_none() {
                let state = wangshi::vocab::get("visit_state")
                    .unwrap()
                    .code(u32::from(out.state[i]));
                assert_eq!(r["state"].as_str(), state, "seed {seed} row {i}");
                assert_eq!(r["days_left"], json!(out.days_left[i]));
                assert_eq!(r["due"], json!(format_date(out.due[i])));
            }
        }

        // The columnar worklist against visit.worklist.
        let req = json!({"op": "visit.worklist", "as_of": format_date(as_of), "residents": rows});
        let resp: Value = serde_json::from_str(&evaluate_json(&req.to_string())).unwrap();
        let res = &resp["result"];
        let id_refs: Vec<Option<&str>> = ids.iter().map(Option::as_deref).collect();
        let w = worklist_rows(&out, &tier, &id_refs, &workers).unwrap();
        let listed: Vec<Value> = w
            .alerts
            .iter()
            .map(|&i| json!([ids[i], workers[i]]))
            .collect();
        let expected: Vec<Value> = res["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| json!([a["id"], a["worker"]]))
            .collect();
        assert_eq!(listed, expected, "seed {seed}");
        let by_worker: Map<String, Value> = w
            .by_worker
            .iter()
            .map(|(k, c)| {
                (
                    (*k).to_owned(),
                    json!({"reminder": c.reminder, "warning": c.warning, "escalation": c.escalation}),
                )
            })
            .collect();
        assert_eq!(Value::Object(by_worker), res["by_worker"], "seed {seed}");
        let errors: Vec<Value> = w
            .errors
            .iter()
            .map(|&(i, c)| json!([ids[i], c.as_str()]))
            .collect();
        let expected: Vec<Value> = res["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| json!([e["id"], e["error"]["code"]]))
            .collect();
        assert_eq!(errors, expected, "seed {seed}");
    }
}

#[test]
fn triage_batch_rows_give_the_json_ops_codes_and_results() {
    let router = CaseRouter::default_router();
    let codes: Vec<String> = router
        .catalog()
        .items()
        .iter()
        .map(|i| i.code.clone())
        .collect();
    for seed in 1..=SEEDS {
        let mut rng = SplitMix64::new(seed + 1000);
        let as_of = parse_date("2026-11-20").unwrap();
        let mut cases = vec![];
        let (mut item, mut day, mut flags) = (vec![], vec![], vec![]);
        let (mut parties, mut repeats, mut amount) = (vec![], vec![], vec![]);
        for i in 0..ROWS {
            let mut m = Map::new();
            m.insert("id".into(), json!(format!("c{i}")));
            let (v, k) = match rng.below(6) {
                0 => (None, NO_ITEM),
                1 => (Some(Value::Null), NO_ITEM),
                2 => (Some(json!("ZZ-99")), UNKNOWN_ITEM),
                _ => {
                    let k = rng.below(codes.len() as u32);
                    (Some(json!(codes[k as usize])), k)
                }
            };
            put(&mut m, "item", v);
            // Old dates put items out of force; dates after "as_of" are fine.
            let (d, dd) = if rng.chance(15) {
                let d = parse_date("2020-06-01").unwrap();
                (Some(json!(format_date(d))), d)
            } else {
                date_cell(&mut rng, as_of, false)
            };
            put(&mut m, "reported_on", d);
            let mut count = |m: &mut Map<String, Value>, name: &str, default: i32| {
                let (v, n) = match rng.below(7) {
                    0 => (None, default),
                    1 => (Some(Value::Null), default),
                    2 => (Some(json!(-1)), -1),
                    3 => (Some(json!(2.5)), INVALID_COUNT),
                    4 => (Some(json!(3.0)), 3),
                    _ => {
                        let n = rng.below(15) as i32;
                        (Some(json!(n)), n)
                    }
                };
                put(m, name, v);
                n
            };
            parties.push(count(&mut m, "parties", DEFAULT_PARTIES));
            repeats.push(count(&mut m, "repeat_count", DEFAULT_REPEAT_COUNT));
            let (a, av) = match rng.below(6) {
                0 => (None, DEFAULT_AMOUNT),
                1 => (Some(json!(-5.0)), -5.0),
                2 => (Some(json!(60000)), 60000.0),
                _ => (Some(json!(120.5)), 120.5),
            };
            put(&mut m, "amount", a);
            let (f, fv) = match rng.below(5) {
                0 => (None, 0),
                1 => (Some(json!(["nope"])), INVALID_FLAGS),
                _ => {
                    let k = Flag::ALL[rng.below(Flag::ALL.len() as u32) as usize];
                    (Some(json!([k.as_str()])), k.mask())
                }
            };
            put(&mut m, "flags", f);
            cases.push(Value::Object(m));
            item.push(k);
            day.push(dd);
            flags.push(fv);
            amount.push(av);
        }
        let req = json!({"op": "case.classify", "cases": cases});
        let resp: Value = serde_json::from_str(&evaluate_json(&req.to_string())).unwrap();
        let results = resp["result"]["results"].as_array().unwrap();
        let mut out = DecisionOutput::new(ROWS);
        router
            .classify_batch(
                wangshi::triage::CaseColumns {
                    item: &item,
                    reported_on: &day,
                    flags: &flags,
                    parties: &parties,
                    repeat_count: &repeats,
                    amount: &amount,
                },
                out.columns(),
            )
            .unwrap();
        for (i, r) in results.iter().enumerate() {
            let json_code = row_code(r);
            assert_eq!(
                ErrorCode::from_u8(out.error[i]),
                json_code,
                "seed {seed} row {i}: {}",
                cases[i]
            );
            let e =
                router.explain_row(item[i], day[i], flags[i], parties[i], repeats[i], amount[i]);
            assert_eq!(e.as_ref().map(|e| e.code()), json_code);
            if let (Some(e), Some(je)) = (&e, r.get("error")) {
                let path = je["path"].as_str().unwrap();
                let field = e.path().unwrap();
                // The JSON path names the field, or an element of the flags.
                assert!(path.contains(&format!(".{field}")), "{path} vs {e}");
            }
            if json_code.is_none() {
                let center = wangshi::vocab::get("center")
                    .unwrap()
                    .code(u32::from(out.center[i]));
                assert_eq!(r["center"].as_str(), center, "seed {seed} row {i}");
                let rules: Vec<&str> = router.rule_ids(out.matched_rules[i]).collect();
                assert_eq!(r["matched_rules"], json!(rules));
            }
        }
    }
}
