//! The published JSON contract (`schema/`, JSON Schema 2020-12) against the
//! code: every vector's request and every response validates against its
//! op's schemas, the data files against theirs, the schemas' code lists and
//! bounds against the library's, and the reference pages in `docs/` are what
//! the schemas generate.
//!
//! Rewrite the generated pages after changing a schema with
//! `WANGSHI_BLESS=1 cargo test -p wangshi --test schema`.

mod docs;

use jsonschema::{Registry, Validator};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use wangshi::ErrorCode;

/// The `$id` of `schema/<relative path>`.
pub(crate) const BASE: &str = "https://example.invalid/wangshi/schema/";

/// Error codes a request of the wrong *shape* gets: the schema must reject
/// such a request (JSON Schema says "unknown field" with
/// `additionalProperties`/`unevaluatedProperties` and "missing" with
/// `required`).
const SHAPE_CODES: &[&str] = &["invalid_json", "unknown_field", "missing_field"];

/// Error codes no schema can see (they depend on the policy, the catalogue
/// or two fields together): a request whose only problems are these must
/// validate.
const SEMANTIC_CODES: &[&str] = &[
    "unknown_tier",
    "tier_since_after_as_of",
    "visit_after_as_of",
    "unknown_item",
    "item_not_in_force",
    "invalid_range",
    "exit_before_evaluation",
    "exit_not_published_before_effect",
    "invalid_event",
];

/// Vectors whose shape error JSON Schema cannot express, by vector name,
/// with the reason. Empty today: every `unknown_field`, `missing_field` and
/// `invalid_json` answer of the suite is one the schemas reject too.
const SHAPE_EXCEPTIONS: &[(&str, &str)] = &[];

/// Every schema file of the checkout, by `$id`.
pub(crate) struct Schemas {
    /// `$id` → (path relative to `schema/`, the document).
    pub(crate) files: BTreeMap<String, (String, Value)>,
    registry: Registry<'static>,
}

pub(crate) fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            schema_files(&path, out);
        } else if path.to_string_lossy().ends_with(".schema.json") {
            out.push(path);
        }
    }
}

pub(crate) fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let dir = repo_root().join("schema");
        let mut paths = Vec::new();
        schema_files(&dir, &mut paths);
        let mut files = BTreeMap::new();
        for path in paths {
            let rel = path
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let doc = read_json(&path);
            let id = format!("{BASE}{rel}");
            assert_eq!(doc["$id"], json!(id), "schema/{rel}: $id must be {id}");
            assert_eq!(
                doc["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "schema/{rel}: every schema is draft 2020-12"
            );
            jsonschema::meta::validate(&doc)
                .unwrap_or_else(|e| panic!("schema/{rel} is not a valid JSON Schema: {e}"));
            files.insert(id, (rel, doc));
        }
        let docs: Vec<(String, Value)> = files
            .iter()
            .map(|(id, (_, doc))| (id.clone(), doc.clone()))
            .collect();
        let registry = Registry::new()
            .extend(docs)
            .expect("schema ids are URIs")
            .prepare()
            .expect("every $ref between the schema files resolves");
        Schemas { files, registry }
    })
}

impl Schemas {
    /// The document `schema/<rel>`.
    pub(crate) fn doc(&self, rel: &str) -> &Value {
        &self
            .files
            .get(&format!("{BASE}{rel}"))
            .unwrap_or_else(|| panic!("schema/{rel} is missing"))
            .1
    }

    /// A validator for `schema/<rel>` (a fragment after `#` is allowed),
    /// asserting formats (`date`) as the library does.
    pub(crate) fn validator(&'static self, rel: &str) -> Validator {
        jsonschema::options()
            .with_registry(&self.registry)
            .should_validate_formats(true)
            .build(&json!({"$ref": format!("{BASE}{rel}")}))
            .unwrap_or_else(|e| panic!("schema/{rel}: {e}"))
    }
}

/// Validation errors of `instance`, one line each (empty when valid).
fn problems(v: &Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn request_validators() -> &'static BTreeMap<&'static str, (Validator, Validator)> {
    static V: OnceLock<BTreeMap<&'static str, (Validator, Validator)>> = OnceLock::new();
    V.get_or_init(|| {
        let s = schemas();
        wangshi::ops()
            .into_iter()
            .map(|op| {
                (
                    op,
                    (
                        s.validator(&format!("ops/{op}.request.schema.json")),
                        s.validator(&format!("ops/{op}.result.schema.json")),
                    ),
                )
            })
            .collect()
    })
}

fn call(request: &Value) -> Value {
    let out = wangshi::evaluate_json(&request.to_string());
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("response is not JSON ({e}): {out}"))
}

/// Every error code in a response: the envelope's, and each failed batch
/// row's (`{"id", "error": {"code", ...}}` anywhere in the result).
fn error_codes(response: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(code) = m.get("error").and_then(|e| e.get("code")) {
                    out.push(code.as_str().unwrap_or_default().to_owned());
                }
                m.values().for_each(|v| walk(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(response, &mut out);
    out
}

/// The codes `x-errors` of an op's request schema documents.
fn documented_errors(op: &str) -> BTreeSet<String> {
    let doc = schemas().doc(&format!("ops/{op}.request.schema.json"));
    doc["x-errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{op}: the request schema has no x-errors"))
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Codes any request may get, documented once in `docs/contract.md` rather
/// than per op.
const ENVELOPE_CODES: &[&str] = &["invalid_json", "unknown_op", "internal_error"];

#[test]
fn every_op_has_its_two_schemas() {
    let s = schemas();
    let any = s.doc("request.schema.json");
    let listed: Vec<&str> = any["properties"]["op"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        wangshi::ops(),
        "request.schema.json lists the op table"
    );
    for (i, op) in wangshi::ops().into_iter().enumerate() {
        let req = s.doc(&format!("ops/{op}.request.schema.json"));
        s.doc(&format!("ops/{op}.result.schema.json"));
        assert_eq!(req["properties"]["op"]["const"], op, "{op}: op const");
        assert!(
            req["required"].as_array().unwrap().contains(&json!("op")),
            "{op}: op is required"
        );
        assert_eq!(
            any["allOf"][i],
            json!({"if": {"properties": {"op": {"const": op}}},
                   "then": {"$ref": format!("ops/{op}.request.schema.json")}}),
            "request.schema.json dispatches {op}"
        );
    }
    // No schema for an op the library does not have.
    for (rel, _) in s.files.values() {
        if let Some(name) = rel.strip_prefix("ops/") {
            let op = name.split_once(".re").map(|(op, _)| op).unwrap();
            assert!(wangshi::ops().contains(&op), "schema/{rel}: no such op");
        }
    }
}

/// The title/description convention of `schema/README.md`: every schema
/// file, `$defs` entry, property (also `patternProperties` and an object
/// `additionalProperties`) and `oneOf` branch has a `title` in Chinese and a
/// `description` in English. Constraint-only subschemas (under `if`,
/// `then`, `else`, `not`, `propertyNames`) are exempt.
#[test]
fn every_schema_and_property_is_described_in_chinese_and_english() {
    fn cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }
    fn check(node: &Value, at: &str, named: bool, bad: &mut Vec<String>) {
        let Value::Object(m) = node else { return };
        if named {
            match (
                m.get("title").and_then(Value::as_str),
                m.get("description").and_then(Value::as_str),
            ) {
                (Some(zh), Some(en)) => {
                    if !cjk(zh) {
                        bad.push(format!("{at}: title {zh:?} is not Chinese"));
                    }
                    let first = en.chars().next().unwrap_or(' ');
                    if !(first.is_ascii_alphanumeric() || "`(\"".contains(first)) {
                        bad.push(format!(
                            "{at}: description {en:?} does not start in English"
                        ));
                    }
                    if !en.ends_with('.') && !en.ends_with(".)") {
                        bad.push(format!(
                            "{at}: description {en:?} is not a sentence ending in '.'"
                        ));
                    }
                }
                _ => bad.push(format!(
                    "{at}: needs a Chinese title and an English description"
                )),
            }
        }
        for (k, v) in m {
            let here = format!("{at}/{k}");
            match k.as_str() {
                "x-errors" => {
                    for (i, e) in v.as_array().into_iter().flatten().enumerate() {
                        check(e, &format!("{here}/{i}"), true, bad);
                    }
                }
                "if" | "then" | "else" | "not" | "propertyNames" | "examples" | "default"
                | "const" | "enum" => {}
                "properties" | "patternProperties" | "$defs" => {
                    for (name, p) in v.as_object().into_iter().flatten() {
                        check(p, &format!("{here}/{name}"), true, bad);
                    }
                }
                "additionalProperties" => check(v, &here, v.is_object(), bad),
                "oneOf" => {
                    for (i, b) in v.as_array().into_iter().flatten().enumerate() {
                        check(b, &format!("{here}/{i}"), true, bad);
                    }
                }
                _ => match v {
                    Value::Array(a) => {
                        for (i, b) in a.iter().enumerate() {
                            check(b, &format!("{here}/{i}"), false, bad);
                        }
                    }
                    v => check(v, &here, false, bad),
                },
            }
        }
    }
    let mut bad = Vec::new();
    for (rel, doc) in schemas().files.values() {
        check(doc, &format!("schema/{rel}#"), true, &mut bad);
    }
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// The `const`s of a documented code list (`oneOf` of `const`s) or the
/// values of an `enum`, without null.
fn codes_at(rel: &str, pointer: &str) -> Vec<String> {
    let node = schemas()
        .doc(rel)
        .pointer(pointer)
        .unwrap_or_else(|| panic!("schema/{rel}#{pointer} is missing"));
    let values: Vec<&Value> = match (node.get("enum"), node.get("oneOf")) {
        (Some(Value::Array(e)), _) => e.iter().collect(),
        (_, Some(Value::Array(b))) => b.iter().filter_map(|b| b.get("const")).collect(),
        _ => panic!("schema/{rel}#{pointer} is not a code list"),
    };
    values
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn names<T: Copy>(all: &[T], f: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|&x| f(x).to_owned()).collect()
}

fn s_doc(rel: &str) -> &'static Value {
    schemas().doc(rel)
}

#[test]
fn code_lists_are_the_libraries() {
    use wangshi::grid::{DedicatedType, IssueCode, MicroType};
    use wangshi::visit::{Alert, VisitState};
    use wangshi::{CaseClass, Center, Flag, Level};
    let common = "defs/common.schema.json";
    let error_codes = codes_at(common, "/$defs/error_code");
    assert_eq!(error_codes, names(&ErrorCode::ALL, ErrorCode::as_str));
    // The numbers are ABI: each code's x-number is its ErrorCode value.
    for b in schemas().doc(common)["$defs"]["error_code"]["oneOf"]
        .as_array()
        .unwrap()
    {
        let code = ErrorCode::from_name(b["const"].as_str().unwrap()).unwrap();
        assert_eq!(b["x-number"], json!(code as u8), "{code}: x-number");
    }
    let cases: Vec<(&str, &str, Vec<String>)> = vec![
        (
            common,
            "/$defs/case_class",
            names(&CaseClass::ALL, CaseClass::as_str),
        ),
        (
            "data/triage_rules.schema.json",
            "/$defs/flag",
            names(&Flag::ALL, Flag::as_str),
        ),
        (
            "data/triage_rules.schema.json",
            "/$defs/center",
            names(&Center::ALL, Center::as_str),
        ),
        (
            "defs/triage.schema.json",
            "/$defs/decision/properties/level",
            names(&Level::ALL, Level::as_str),
        ),
        (
            "defs/visit.schema.json",
            "/$defs/status/properties/state",
            names(&VisitState::ALL, VisitState::as_str),
        ),
        (
            "defs/visit.schema.json",
            "/$defs/status/properties/alert",
            names(&Alert::ALL, Alert::as_str),
        ),
        (
            "ops/catalog.admit.result.schema.json",
            "/properties/reasons/items/properties/code",
            names(
                &wangshi::catalog::RejectReason::ALL,
                wangshi::catalog::RejectReason::as_str,
            ),
        ),
        (
            "ops/grid.validate.result.schema.json",
            "/properties/issues/items/properties/code",
            names(&IssueCode::ALL, IssueCode::as_str),
        ),
        (
            "defs/grid.schema.json",
            "/$defs/kind/allOf/1/then/properties/subtype",
            names(&DedicatedType::ALL, DedicatedType::as_str),
        ),
        (
            "defs/grid.schema.json",
            "/$defs/kind/allOf/2/then/properties/subtype",
            names(&MicroType::ALL, MicroType::as_str),
        ),
    ];
    for (rel, pointer, code) in cases {
        assert_eq!(codes_at(rel, pointer), code, "schema/{rel}#{pointer}");
    }
    // The vocabularies that cross binary interfaces are the same lists.
    for (vocab, rel, pointer) in [
        (
            "visit_state",
            "defs/visit.schema.json",
            "/$defs/status/properties/state",
        ),
        (
            "alert",
            "defs/visit.schema.json",
            "/$defs/status/properties/alert",
        ),
        ("case_class", common, "/$defs/case_class"),
        ("center", "data/triage_rules.schema.json", "/$defs/center"),
        (
            "level",
            "defs/triage.schema.json",
            "/$defs/decision/properties/level",
        ),
        ("flag", "data/triage_rules.schema.json", "/$defs/flag"),
        ("error", common, "/$defs/error_code"),
        (
            "day_kind",
            "ops/calendar.check.result.schema.json",
            "/properties/kind",
        ),
        ("step", "defs/handling.schema.json", "/$defs/step"),
        (
            "supervision",
            "defs/handling.schema.json",
            "/$defs/supervision",
        ),
        ("event", "defs/handling.schema.json", "/$defs/event_kind"),
    ] {
        let v = wangshi::vocab::get(vocab).unwrap();
        assert_eq!(codes_at(rel, pointer), v.codes, "vocabulary {vocab}");
    }
    // A period's keys are the period units, in their order.
    let period = s_doc("defs/calendar.schema.json")["$defs"]["period"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    let mut units = wangshi::vocab::get("period_unit").unwrap().codes.clone();
    let mut sorted = period.clone();
    sorted.sort();
    units.sort();
    assert_eq!(sorted, units, "period units");
}

#[test]
fn bounds_are_the_libraries() {
    let s = schemas();
    let at = |rel: &str, pointer: &str| -> Value {
        s.doc(rel)
            .pointer(pointer)
            .cloned()
            .unwrap_or_else(|| panic!("schema/{rel}#{pointer}"))
    };
    let policy = "data/visit_policy.schema.json";
    let rules = "data/triage_rules.schema.json";
    assert_eq!(
        at(policy, "/properties/tiers/maxItems"),
        json!(wangshi::visit::MAX_TIERS)
    );
    assert_eq!(
        at(
            policy,
            "/$defs/cadence/oneOf/4/properties/every_days/maximum"
        ),
        json!(wangshi::visit::MAX_EVERY_DAYS)
    );
    assert_eq!(
        at(rules, "/properties/center_overrides/maxItems"),
        json!(wangshi::triage::MAX_CENTER_OVERRIDES)
    );
    assert_eq!(
        at(rules, "/$defs/minutes/maximum"),
        json!(wangshi::triage::MAX_REPORT_MINUTES)
    );
    assert_eq!(
        at(
            rules,
            "/properties/mediation/properties/judicial_confirmation_within_days/maximum"
        ),
        json!(wangshi::triage::MAX_CONFIRMATION_DAYS)
    );
    for unit in wangshi::calendar::PeriodUnit::ALL {
        assert_eq!(
            at(
                "defs/calendar.schema.json",
                &format!("/$defs/period/properties/{}/maximum", unit.as_str())
            ),
            json!(unit.max_amount()),
            "period.{}",
            unit.as_str()
        );
    }
    let handling = "data/handling_policy.schema.json";
    assert_eq!(
        at(handling, "/properties/max_extensions/maximum"),
        json!(wangshi::handling::MAX_EXTENSIONS)
    );
    for t in [
        "supervision_after_working_days",
        "accountability_after_working_days",
    ] {
        assert_eq!(
            at(
                handling,
                &format!("/properties/supervision/properties/{t}/maximum")
            ),
            json!(wangshi::handling::MAX_THRESHOLD_DAYS),
            "{t}"
        );
    }
    assert_eq!(
        at(
            "defs/handling.schema.json",
            "/$defs/open_step/properties/report_within_minutes/maximum"
        ),
        json!(wangshi::triage::MAX_REPORT_MINUTES)
    );
    // A request's norm defaults to the built-in norm, bound by bound.
    let norm = wangshi::grid::default_size_norm();
    let defaults = at("data/grid_size_norm.schema.json", "/$defs/norm/properties");
    for (field, value) in [
        ("households_min", norm.households().0),
        ("households_max", norm.households().1),
        ("population_min", norm.population().0),
        ("population_max", norm.population().1),
    ] {
        assert_eq!(
            defaults[field]["default"],
            json!(value),
            "norm.{field} default"
        );
    }
}

#[test]
fn data_files_and_their_canonical_forms_validate() {
    let s = schemas();
    let data = repo_root().join("core/data");
    let mut seen = 0;
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let v = s.validator(&format!("data/{name}.schema.json"));
        let p = problems(&v, &read_json(&path));
        assert!(p.is_empty(), "core/data/{name}.json:\n{}", p.join("\n"));
        seen += 1;
    }
    assert!(seen >= 4, "core/data has the four rule data files");
    // The forms the library writes (what a stamp hashes, what admissions
    // return) read back through the same schemas.
    let canonical = [
        (
            "data/visit_policy.schema.json",
            wangshi::visit::VisitPolicy::default().to_value(),
        ),
        (
            "data/triage_rules.schema.json",
            wangshi::TriageRules::default().to_value(),
        ),
        (
            "data/grid_size_norm.schema.json",
            wangshi::grid::SizeNorm::default().to_value(),
        ),
        (
            "data/catalog.schema.json#/$defs/listed_catalog",
            wangshi::Catalog::default_catalog().to_value(),
        ),
        (
            "data/handling_policy.schema.json",
            wangshi::handling::HandlingPolicy::default().to_value(),
        ),
    ];
    for (rel, value) in canonical {
        let p = problems(&s.validator(rel), &value);
        assert!(p.is_empty(), "{rel}:\n{}", p.join("\n"));
    }
}

/// What the suite's vectors showed, for the summary line.
#[derive(Default)]
struct Tally {
    requests_valid: usize,
    shape_rejected: usize,
    other: usize,
    responses: usize,
}

#[test]
fn every_vector_request_and_response_matches_the_schemas() {
    let s = schemas();
    let envelope = s.validator("envelope.schema.json");
    let any_request = s.validator("request.schema.json");
    let ops = request_validators();
    let suite = wangshi_testkit::vectors::suite(&repo_root());
    for message in &suite.skipped {
        eprintln!("{message}");
    }
    let mut failures = Vec::new();
    let mut tally = Tally::default();
    let mut per_op: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut exceptions_used = BTreeSet::new();
    for path in suite.project.iter().chain(&suite.shared) {
        let cases = read_json(path);
        for case in cases.as_array().unwrap() {
            let name = case["name"].as_str().unwrap_or("?");
            let at = format!("{} {name:?}", path.file_name().unwrap().to_string_lossy());
            let request = &case["request"];
            let response = call(request);
            tally.responses += 1;
            let p = problems(&envelope, &response);
            if !p.is_empty() {
                failures.push(format!(
                    "{at}: response {response} breaks the envelope: {p:?}"
                ));
            }
            let op = request
                .get("op")
                .and_then(Value::as_str)
                .and_then(|op| ops.get_key_value(op));
            let codes = error_codes(&response);
            let ok = response["ok"] == true;
            if let Some((op, (_, result))) = op {
                let counts = per_op.entry(op).or_default();
                if ok {
                    counts.0 += 1;
                    let p = problems(result, &response["result"]);
                    if !p.is_empty() {
                        failures.push(format!("{at}: result breaks ops/{op}.result: {p:?}"));
                    }
                } else {
                    counts.1 += 1;
                }
                let documented = documented_errors(op);
                for c in &codes {
                    if !documented.contains(c) && !ENVELOPE_CODES.contains(&c.as_str()) {
                        failures.push(format!("{at}: {op} answered {c}, not in its x-errors"));
                    }
                }
            }
            // The request against its op's schema, through the dispatching
            // request.schema.json (an unknown or missing op fails there).
            let valid = any_request.is_valid(request);
            if let Some((op, (req, _))) = op {
                assert_eq!(
                    valid,
                    req.is_valid(request),
                    "{at}: request.schema.json ≠ ops/{op}"
                );
            }
            let shape = codes.iter().any(|c| SHAPE_CODES.contains(&c.as_str()));
            let semantic_only = codes.iter().all(|c| SEMANTIC_CODES.contains(&c.as_str()));
            let excepted = SHAPE_EXCEPTIONS.iter().any(|(n, _)| *n == name);
            if excepted {
                exceptions_used.insert(name.to_owned());
            }
            if shape && valid && !excepted {
                failures.push(format!(
                    "{at}: answered {codes:?} but its request validates against the schema"
                ));
            } else if shape {
                tally.shape_rejected += 1;
            } else if semantic_only {
                if valid {
                    tally.requests_valid += 1;
                } else {
                    let p = problems(&any_request, request);
                    failures.push(format!(
                        "{at}: answered {} but the schema rejects the request: {p:?}",
                        if codes.is_empty() {
                            "ok".to_owned()
                        } else {
                            format!("{codes:?}")
                        }
                    ));
                }
            } else {
                tally.other += 1;
            }
        }
    }
    for (name, _) in SHAPE_EXCEPTIONS {
        assert!(
            exceptions_used.contains(*name),
            "exception {name:?} matches no vector"
        );
    }
    for op in wangshi::ops() {
        let (ok, err) = per_op.get(op).copied().unwrap_or_default();
        if ok == 0 || err == 0 {
            failures.push(format!(
                "{op}: needs an ok and an error vector (has {ok} ok, {err} error)"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "schema: {} responses valid; {} requests valid, {} shape errors rejected, {} other errors ({} shared files)",
        tally.responses,
        tally.requests_valid,
        tally.shape_rejected,
        tally.other,
        suite.shared.len()
    );
}

/// Each op's example: the request validates, evaluates to `ok`, and its
/// result is exactly the result schema's example (which validates too).
#[test]
fn examples_are_real_answers() {
    let s = schemas();
    for (op, (req, result)) in request_validators() {
        let request = &s.doc(&format!("ops/{op}.request.schema.json"))["examples"][0];
        let expected = &s.doc(&format!("ops/{op}.result.schema.json"))["examples"][0];
        let p = problems(req, request);
        assert!(p.is_empty(), "{op}: example request: {p:?}");
        let p = problems(result, expected);
        assert!(p.is_empty(), "{op}: example result: {p:?}");
        let response = call(request);
        assert_eq!(
            &response["result"], expected,
            "{op}: example result ≠ the answer {response}"
        );
    }
}

/// A field written as its documented `default` (or as null, which reads as
/// absent) gives the same answer as leaving it out, for every defaulted
/// field of each op's example.
#[test]
fn defaults_are_what_the_code_assumes() {
    let s = schemas();
    let mut checked = 0;
    for op in wangshi::ops() {
        let rel = format!("ops/{op}.request.schema.json");
        let example = s.doc(&rel)["examples"][0].clone();
        let mut fields = Vec::new();
        docs::defaulted_fields(&rel, &example, &mut Vec::new(), &mut fields);
        for (path, default) in fields {
            let with = |v: Option<Value>| {
                let mut r = example.clone();
                let (last, parents) = path.split_last().unwrap();
                let mut o = &mut r;
                for k in parents {
                    o = match k.parse::<usize>() {
                        Ok(i) => &mut o[i],
                        Err(_) => &mut o[k.as_str()],
                    };
                }
                let m = o.as_object_mut().unwrap();
                match v {
                    Some(v) => m.insert(last.clone(), v),
                    None => m.remove(last),
                };
                call(&r)
            };
            let absent = with(None);
            assert_eq!(absent["ok"], true, "{op} {path:?}: {absent}");
            assert_eq!(
                with(Some(default.clone())),
                absent,
                "{op} {path:?} = {default}"
            );
            assert_eq!(with(Some(Value::Null)), absent, "{op} {path:?} = null");
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} defaulted fields were checked");
}

#[test]
fn reference_pages_are_generated_from_the_schemas() {
    let root = repo_root();
    let pages = docs::pages(schemas());
    let bless = std::env::var_os("WANGSHI_BLESS").is_some();
    let mut stale = Vec::new();
    for (rel, text) in &pages {
        let path = root.join(rel);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
            } else {
                stale.push(rel.clone());
            }
        }
    }
    // No page of an op or data set that no longer has a schema.
    for dir in ["docs/ops", "docs/data"] {
        for entry in std::fs::read_dir(root.join(dir)).into_iter().flatten() {
            let rel = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            if !pages.contains_key(&rel) {
                if bless {
                    std::fs::remove_file(root.join(&rel)).unwrap();
                } else {
                    stale.push(format!("{rel} (no schema generates it)"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated docs are stale: {stale:?}; rewrite them with\n  \
         WANGSHI_BLESS=1 cargo test -p wangshi --test schema"
    );
}
