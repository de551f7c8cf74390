//! The task catalogue (网格事项清单): the default data, loading and
//! validation, in-force rules, and the `catalog.*` JSON ops.

use chrono::NaiveDate;
use rstest::rstest;
use serde_json::{Value, json};
use std::collections::HashSet;
use wangshi::catalog::{InForce, IssueCode, validate};
use wangshi::{CaseClass, Catalog, ErrorCode, evaluate};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A small valid catalogue: two categories, three items.
fn small() -> Value {
    json!({
        "version": "t.1",
        "categories": [
            {"code": "A", "name_zh": "甲", "name_en": "Alpha", "class": "general", "department": "office"},
            {"code": "B", "name_zh": "乙", "name_en": "Beta", "class": "safety", "department": "police"}
        ],
        "items": [
            {"code": "A-01", "category": "A", "name_zh": "一", "name_en": "one", "admitted_on": "2024-01-01"},
            {"code": "A-02", "category": "A", "name_zh": "二", "name_en": "two", "class": "complex",
             "department": "justice", "admitted_on": "2024-01-01", "ends_on": "2024-06-30"},
            {"code": "B-01", "category": "B", "name_zh": "三", "name_en": "three", "admitted_on": "2024-03-01",
             "exited_on": "2025-01-01"}
        ]
    })
}

// ------------------------------------------------------------ default data

#[test]
fn default_catalogue_has_13_categories_and_57_items_with_unique_codes() {
    let c = Catalog::default_catalog();
    assert_eq!(c.categories().len(), 13);
    assert_eq!(c.items().len(), 57);
    let cats: HashSet<_> = c.categories().iter().map(|c| &c.code).collect();
    let items: HashSet<_> = c.items().iter().map(|i| &i.code).collect();
    assert_eq!((cats.len(), items.len()), (13, 57));
    assert!(validate(&c.to_value()).is_empty());
    assert!(
        validate(&serde_json::from_str(wangshi::catalog::DEFAULT_CATALOG_JSON).unwrap()).is_empty()
    );
    // Every item is DJ-01 style: its category's code, a dash, two digits.
    for (i, item) in c.items().iter().enumerate() {
        assert!(cats.contains(&item.category), "{}", item.code);
        assert!(
            item.code.starts_with(&format!("{}-", item.category)),
            "{}",
            item.code
        );
        assert_eq!(item.admitted_on, d("2023-01-01"));
        assert_eq!((item.ends_on, item.exited_on), (None, None));
        assert_eq!(c.item_index(&item.code), Some(i));
    }
}

#[rstest]
#[case::dj("DJ", 4, CaseClass::General, "organization")]
#[case::xx("XX", 5, CaseClass::General, "civil_affairs")]
#[case::sq("SQ", 4, CaseClass::General, "petition")]
#[case::md("MD", 6, CaseClass::Complex, "justice")]
#[case::zz("ZZ", 5, CaseClass::Safety, "police")]
#[case::aq("AQ", 5, CaseClass::Safety, "emergency")]
#[case::ts("TS", 6, CaseClass::Safety, "police")]
#[case::yj("YJ", 4, CaseClass::Safety, "emergency")]
#[case::ms("MS", 5, CaseClass::General, "civil_affairs")]
#[case::xc("XC", 3, CaseClass::General, "justice")]
#[case::wm("WM", 4, CaseClass::General, "civilization_office")]
#[case::cs("CS", 4, CaseClass::General, "urban_management")]
#[case::jb("JB", 2, CaseClass::General, "office")]
fn default_category_matches_the_domain_table(
    #[case] code: &str,
    #[case] items: usize,
    #[case] class: CaseClass,
    #[case] department: &str,
) {
    let c = Catalog::default_catalog();
    let cat = c.category(code).unwrap();
    assert_eq!((cat.class, cat.department.as_str()), (class, department));
    let of_cat: Vec<_> = c.items().iter().filter(|i| i.category == code).collect();
    assert_eq!(of_cat.len(), items);
    for item in of_cat {
        assert_eq!(item.class, class, "{}", item.code);
    }
}

#[rstest]
#[case::employment_to_human_resources("MS-03", "human_resources")]
#[case::health_services_to_health("MS-05", "health")]
#[case::fire_to_fire_rescue("AQ-01", "fire_rescue")]
#[case::food_and_drugs_to_market_regulation("AQ-03", "market_regulation")]
#[case::housing_disputes_to_housing("MD-02", "housing")]
#[case::labour_disputes_to_human_resources("MD-03", "human_resources")]
#[case::community_correction_to_justice("TS-02", "justice")]
#[case::key_petitioners_to_petition("TS-06", "petition")]
#[case::public_health_to_health("YJ-03", "health")]
#[case::school_safety_to_education("ZZ-04", "education")]
#[case::unrefined_item_keeps_its_category("MD-01", "justice")]
fn item_department_refines_its_category(#[case] code: &str, #[case] department: &str) {
    let item = Catalog::default_catalog().item(code).unwrap();
    assert_eq!(item.department, department);
}

#[test]
fn default_names_are_given_in_both_languages() {
    let c = Catalog::default_catalog();
    assert_eq!(c.category("WM").unwrap().name_zh, "文明创建");
    assert_eq!(c.item("MD-06").unwrap().name_zh, "诉前调解与司法确认引导");
    assert_eq!(c.item("JB-02").unwrap().name_zh, "临时纳入事项");
    for i in c.items() {
        assert!(!i.name_zh.is_empty() && !i.name_en.is_empty(), "{}", i.code);
        assert!(i.name_en.is_ascii(), "{}", i.code);
    }
}

// --------------------------------------------------------------- round trip

#[test]
fn round_trip_through_json_is_lossless() {
    for c in [
        Catalog::default_catalog().clone(),
        Catalog::from_value(&small()).unwrap(),
    ] {
        let text = c.to_value().to_string();
        let back = Catalog::from_json(&text).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.to_value(), c.to_value());
    }
}

#[test]
fn item_class_and_department_default_to_the_category() {
    let c = Catalog::from_value(&small()).unwrap();
    let a1 = c.item("A-01").unwrap();
    assert_eq!(
        (a1.class, a1.department.as_str()),
        (CaseClass::General, "office")
    );
    let a2 = c.item("A-02").unwrap();
    assert_eq!(
        (a2.class, a2.department.as_str()),
        (CaseClass::Complex, "justice")
    );
    assert_eq!(c.version(), "t.1");
}

// --------------------------------------------------------------- validation

/// `small()` with one change at a JSON pointer (`None` removes the field).
fn small_with(pointer: &str, value: Option<Value>) -> Value {
    let mut v = small();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = v.pointer_mut(parent).unwrap();
    match (target, value) {
        (Value::Object(m), Some(x)) => {
            m.insert(key.to_owned(), x);
        }
        (Value::Object(m), None) => {
            m.remove(key);
        }
        (Value::Array(a), Some(x)) => a[key.parse::<usize>().unwrap()] = x,
        (Value::Array(a), None) => {
            a.remove(key.parse::<usize>().unwrap());
        }
        _ => panic!("bad pointer {pointer}"),
    }
    v
}

#[rstest]
#[case::unique_item_codes("/items/1/code", Some(json!("A-01")), IssueCode::DuplicateCode, "items[1].code")]
#[case::unique_category_codes("/categories/1/code", Some(json!("A")), IssueCode::DuplicateCode, "categories[1].code")]
#[case::item_category_exists("/items/2/category", Some(json!("C")), IssueCode::UnknownCategory, "items[2].category")]
#[case::every_category_has_an_item("/items/2", None, IssueCode::EmptyCategory, "categories[1]")]
#[case::item_name_non_empty("/items/0/name_zh", Some(json!("")), IssueCode::EmptyName, "items[0].name_zh")]
#[case::category_name_non_empty("/categories/0/name_en", Some(json!("  ")), IssueCode::EmptyName, "categories[0].name_en")]
#[case::item_code_non_empty("/items/0/code", Some(json!("")), IssueCode::EmptyName, "items[0].code")]
#[case::department_non_empty("/items/1/department", Some(json!("")), IssueCode::EmptyName, "items[1].department")]
#[case::known_item_class("/items/1/class", Some(json!("urgent")), IssueCode::UnknownClass, "items[1].class")]
#[case::known_category_class("/categories/0/class", Some(json!("General")), IssueCode::UnknownClass, "categories[0].class")]
#[case::end_not_before_admission("/items/1/ends_on", Some(json!("2023-12-31")), IssueCode::DateOrder, "items[1].ends_on")]
#[case::exit_after_admission("/items/2/exited_on", Some(json!("2024-03-01")), IssueCode::DateOrder, "items[2].exited_on")]
#[case::dates_exist("/items/0/admitted_on", Some(json!("2024-02-30")), IssueCode::InvalidDate, "items[0].admitted_on")]
#[case::dates_in_supported_years("/items/1/ends_on", Some(json!("2200-01-01")), IssueCode::InvalidDate, "items[1].ends_on")]
#[case::admission_date_required(
    "/items/0/admitted_on",
    None,
    IssueCode::MissingField,
    "items[0].admitted_on"
)]
#[case::category_class_required(
    "/categories/1/class",
    None,
    IssueCode::MissingField,
    "categories[1].class"
)]
#[case::no_unknown_fields("/items/0/colour", Some(json!("red")), IssueCode::UnknownField, "items[0].colour")]
#[case::names_are_strings("/items/0/name_en", Some(json!(7)), IssueCode::InvalidValue, "items[0].name_en")]
#[case::items_are_objects("/items/0", Some(json!("A-01")), IssueCode::InvalidValue, "items[0]")]
#[case::items_are_a_list("/items", Some(json!({})), IssueCode::InvalidValue, "items")]
fn validation_check(
    #[case] pointer: &str,
    #[case] value: Option<Value>,
    #[case] code: IssueCode,
    #[case] path: &str,
) {
    let v = small_with(pointer, value);
    let issues = validate(&v);
    assert!(
        issues.iter().any(|i| i.code == code && i.path == path),
        "expected {code:?} at {path}, got {issues:?}"
    );
    let err = Catalog::from_value(&v).unwrap_err();
    assert_eq!(err.code(), load_error_code(issues[0].code));
    assert_eq!(err.path(), Some(issues[0].path.as_str()));
}

#[test]
fn validation_reports_every_problem_not_only_the_first() {
    let v = json!({
        "categories": [
            {"code": "A", "name_zh": "", "name_en": "A", "class": "general", "department": "office"},
            {"code": "A", "name_zh": "甲", "name_en": "A", "class": "purple", "department": "office", "x": 1, "y": 2}
        ],
        "items": [
            {"code": "A-1", "category": "Z", "name_zh": "一", "name_en": "one", "admitted_on": "2024-01-01"},
            {"code": "A-1", "category": "A", "name_zh": "一", "name_en": "one", "admitted_on": "2024-01-01",
             "ends_on": "2023-01-01"},
            {"code": 5, "category": "A", "name_zh": "一", "name_en": "one", "admitted_on": "01/01/2024"}
        ]
    });
    let issues = validate(&v);
    let got: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("unknown_field", "categories[1].x"),
            ("unknown_field", "categories[1].y"),
            ("unknown_class", "categories[1].class"),
            ("invalid_value", "items[2].code"),
            ("invalid_date", "items[2].admitted_on"),
            ("empty_name", "categories[0].name_zh"),
            ("duplicate_code", "categories[1].code"),
            ("unknown_category", "items[0].category"),
            ("duplicate_code", "items[1].code"),
            ("date_order", "items[1].ends_on"),
        ]
    );
    let err = Catalog::from_value(&v).unwrap_err();
    assert!(err.message().contains("10 problems"), "{}", err.message());
}

#[rstest]
#[case::not_an_object(json!([1, 2]))]
#[case::null(Value::Null)]
#[case::number(json!(3))]
#[case::categories_of_nulls(json!({"categories": [null, null], "items": [null]}))]
#[case::deeply_wrong(json!({"categories": [{"code": [], "name_zh": {}, "name_en": null, "class": 1, "department": true}], "items": [[]]}))]
#[case::missing_everything(json!({}))]
fn bad_input_gives_issues_never_a_panic(#[case] v: Value) {
    let issues = validate(&v);
    assert!(!issues.is_empty());
    assert_eq!(
        Catalog::from_value(&v).unwrap_err().code(),
        load_error_code(issues[0].code)
    );
}

#[test]
fn from_json_rejects_text_that_is_not_json() {
    assert_eq!(
        Catalog::from_json("{").unwrap_err().code(),
        ErrorCode::InvalidJson
    );
}

#[test]
fn custom_catalogues_may_have_any_size() {
    let empty = Catalog::from_value(&json!({"categories": [], "items": []})).unwrap();
    assert_eq!((empty.categories().len(), empty.items().len()), (0, 0));
    let one = Catalog::from_value(&small_with("/items/1", None)).unwrap();
    assert_eq!(one.items().len(), 2);
}

/// A valid catalogue of `n` categories, each with one item, the items
/// listed in reverse category order (so no lookup finds its category by
/// position).
fn large(n: usize) -> Value {
    let categories: Vec<Value> = (0..n)
        .map(|i| {
            json!({"code": format!("C{i}"), "name_zh": "类", "name_en": "category",
                        "class": "general", "department": format!("d{i}")})
        })
        .collect();
    let items: Vec<Value> = (0..n)
        .rev()
        .map(|i| {
            json!({"code": format!("C{i}-01"), "category": format!("C{i}"),
                        "name_zh": "项", "name_en": "item", "admitted_on": "2024-01-01"})
        })
        .collect();
    json!({"version": "big", "categories": categories, "items": items})
}

// Sizes at which a scan of the categories per item (or of the items per
// category) would take minutes, even more so in debug builds; linear, each
// runs in well under a second. The answers are checked, not the time.

#[test]
fn validating_a_catalogue_of_50000_categories_and_items_is_linear() {
    let mut v = large(50_000);
    // One item of an unknown category, one repeated category code: still
    // reported at the right paths.
    v["items"][7]["category"] = json!("nope");
    let mut repeated = v["categories"][0].clone();
    repeated["department"] = json!("other");
    v["categories"].as_array_mut().unwrap().push(repeated);
    let issues = validate(&v);
    let got: Vec<_> = issues.iter().map(|i| (i.code, i.path.as_str())).collect();
    assert_eq!(
        got,
        [
            (IssueCode::DuplicateCode, "categories[50000].code"),
            (IssueCode::UnknownCategory, "items[7].category"),
            (IssueCode::EmptyCategory, "categories[49992]"),
        ]
    );
}

#[test]
fn loading_a_catalogue_of_50000_categories_and_items_is_linear() {
    let c = Catalog::from_value(&large(50_000)).unwrap();
    assert_eq!((c.categories().len(), c.items().len()), (50_000, 50_000));
    // Departments default from the category found by code.
    assert_eq!(c.item("C31337-01").unwrap().department, "d31337");
    assert_eq!(c.item_index("C0-01"), Some(49_999));
    assert_eq!(c.category("C49999").unwrap().department, "d49999");
    // The typed constructor runs the same rules.
    let again = Catalog::new("big", c.categories().to_vec(), c.items().to_vec()).unwrap();
    assert_eq!(again, c);
}

#[test]
fn catalog_get_of_50000_categories_and_items_is_linear() {
    let out = evaluate(json!({"op": "catalog.get", "on": "2024-06-01", "catalog": large(50_000)}))
        .unwrap();
    assert_eq!(
        out["counts"],
        json!({"categories": 50_000, "items": 50_000})
    );
    let cats = out["categories"].as_array().unwrap();
    for (i, c) in cats.iter().enumerate() {
        let items = c["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["code"], format!("C{i}-01"));
    }
}

// ----------------------------------------------------------------- in force

#[rstest]
#[case::before_admission("A-01", "2023-12-31", InForce::NotYetAdmitted)]
#[case::on_admission_day("A-01", "2024-01-01", InForce::InForce)]
#[case::long_after_admission("A-01", "2199-12-31", InForce::InForce)]
#[case::temporary_on_its_last_day("A-02", "2024-06-30", InForce::InForce)]
#[case::temporary_lapses_after_ends_on("A-02", "2024-07-01", InForce::Expired)]
#[case::day_before_exit("B-01", "2024-12-31", InForce::InForce)]
#[case::exit_day_is_out("B-01", "2025-01-01", InForce::Exited)]
#[case::after_exit("B-01", "2030-01-01", InForce::Exited)]
#[case::unknown_code("C-01", "2024-05-01", InForce::UnknownItem)]
fn in_force_rule(#[case] code: &str, #[case] on: &str, #[case] reason: InForce) {
    let c = Catalog::from_value(&small()).unwrap();
    let r = c.check(code, d(on)).unwrap();
    assert_eq!(r.reason, reason);
    assert_eq!(r.in_force(), reason == InForce::InForce);
    if let Some(item) = r.item {
        assert_eq!(item.in_force(d(on)).unwrap(), r.in_force());
        assert_eq!(
            item.in_force_day(wangshi::date::to_days(d(on))),
            r.in_force()
        );
    }
}

#[rstest]
#[case::lapse_first("2024-06-30", "2024-09-01", "2024-08-01", InForce::Expired)]
#[case::exit_first("2024-06-30", "2024-05-01", "2024-08-01", InForce::Exited)]
#[case::exit_the_day_after_the_end_counts_as_exit(
    "2024-06-30",
    "2024-07-01",
    "2024-08-01",
    InForce::Exited
)]
fn exited_temporary_item_reports_what_happened_first(
    #[case] ends_on: &str,
    #[case] exited_on: &str,
    #[case] on: &str,
    #[case] reason: InForce,
) {
    let mut item = Catalog::default_catalog().item("JB-02").unwrap().clone();
    item.ends_on = Some(d(ends_on));
    item.exited_on = Some(d(exited_on));
    assert_eq!(item.check(d(on)).unwrap(), reason);
}

/// The contract: years outside 1900–2199 are `invalid_date` in the
/// typed API too (the JSON op rejects them while reading the request).
#[rstest]
#[case::year_3000_known_code("A-01", "3000-01-01")]
#[case::year_2200_known_code("A-01", "2200-01-01")]
#[case::year_1899_known_code("A-01", "1899-12-31")]
#[case::year_3000_unknown_code("C-01", "3000-01-01")]
fn typed_check_rejects_years_outside_1900_to_2199(#[case] code: &str, #[case] on: &str) {
    let c = Catalog::from_value(&small()).unwrap();
    let e = c.check(code, d(on)).unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::InvalidDate, Some("on")));
    assert!(e.message().contains(on), "{e}");
    let item = c.item("A-01").unwrap();
    assert_eq!(
        item.check(d(on)).unwrap_err().code(),
        ErrorCode::InvalidDate
    );
    assert_eq!(
        item.in_force(d(on)).unwrap_err().code(),
        ErrorCode::InvalidDate
    );
    assert_eq!(
        c.items_in_force(d(on)).err().map(|e| e.code()),
        Some(ErrorCode::InvalidDate)
    );
    let out = evaluate(json!({"op": "catalog.check", "code": code, "on": on, "catalog": small()}));
    assert_eq!(out.unwrap_err().code(), ErrorCode::InvalidDate);
}

/// A seeded xorshift generator: property tests without a new dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn day(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next() % (hi - lo + 1) as u64) as i32
    }
}

#[test]
fn property_in_force_is_the_conjunction_of_the_three_bounds() {
    let mut rng = Rng(0x5eed_ca7a_1090);
    let base = Catalog::default_catalog().item("JB-02").unwrap().clone();
    let (lo, hi) = (wangshi::date::MIN_DAY, wangshi::date::MAX_DAY);
    for _ in 0..20_000 {
        let mut item = base.clone();
        let adm = rng.day(lo, hi);
        item.admitted_on = wangshi::date::from_days(adm).unwrap();
        let end = (rng.next() % 3 == 0).then(|| rng.day(adm, hi));
        let exit = (rng.next() % 3 == 0).then(|| rng.day(adm + 1, hi + 1).min(hi));
        item.ends_on = end.map(|e| wangshi::date::from_days(e).unwrap());
        item.exited_on = exit.map(|e| wangshi::date::from_days(e).unwrap());
        let day = rng.day(lo, hi);
        let expect = adm <= day && exit.is_none_or(|x| day < x) && end.is_none_or(|e| day <= e);
        assert_eq!(item.in_force_day(day), expect, "{item:?} on {day}");
        assert_eq!(
            item.check_day(day) == InForce::InForce,
            expect,
            "{item:?} on {day}"
        );
    }
}

// ------------------------------------------------------------------ JSON ops

fn ok(req: Value) -> Value {
    evaluate(req).unwrap()
}

#[test]
fn get_lists_categories_with_items_and_counts() {
    let r = ok(json!({"op": "catalog.get"}));
    assert_eq!(r["version"], "2023.1");
    assert_eq!(r["counts"], json!({"categories": 13, "items": 57}));
    assert_eq!(r["categories"][3]["code"], "MD");
    assert_eq!(r["categories"][3]["items"].as_array().unwrap().len(), 6);
    assert_eq!(r["categories"][3]["items"][1]["department"], "housing");
    let before = ok(json!({"op": "catalog.get", "on": "2022-12-31"}));
    assert_eq!(before["counts"], json!({"categories": 13, "items": 0}));
}

#[test]
fn get_with_on_keeps_only_items_in_force() {
    let r = ok(json!({"op": "catalog.get", "on": "2024-08-01", "catalog": small()}));
    assert_eq!(r["counts"], json!({"categories": 2, "items": 2}));
    assert_eq!(r["categories"][0]["items"][0]["code"], "A-01");
    assert_eq!(r["categories"][1]["items"][0]["code"], "B-01");
    let r = ok(json!({"op": "catalog.get", "catalog": small()}));
    assert_eq!(r["counts"]["items"], 3);
}

#[test]
fn check_op_gives_reason_and_item() {
    let r =
        ok(json!({"op": "catalog.check", "code": "A-02", "on": "2024-07-01", "catalog": small()}));
    assert_eq!(r["in_force"], false);
    assert_eq!(r["reason"], "expired");
    assert_eq!(r["item"]["ends_on"], "2024-06-30");
    let r = ok(json!({"op": "catalog.check", "code": "QQ-01", "on": "2024-07-01"}));
    assert_eq!(
        r,
        json!({"in_force": false, "item": null, "reason": "unknown_item"})
    );
}

#[rstest]
#[case::bad_date(json!({"op": "catalog.check", "code": "DJ-01", "on": "2026-02-30"}), ErrorCode::InvalidDate, "on")]
#[case::missing_code(json!({"op": "catalog.check", "on": "2026-02-03"}), ErrorCode::MissingField, "code")]
#[case::code_not_a_string(json!({"op": "catalog.check", "code": 1, "on": "2026-02-03"}), ErrorCode::InvalidValue, "code")]
#[case::typo(json!({"op": "catalog.get", "date": "2026-02-03"}), ErrorCode::UnknownField, "date")]
#[case::invalid_custom_catalogue(json!({"op": "catalog.get", "catalog": {"categories": [], "items": [{"code": "X", "category": "A",
    "name_zh": "x", "name_en": "x", "admitted_on": "2024-01-01"}]}}), ErrorCode::InvalidCatalog, "catalog.items[0].category")]
#[case::custom_catalogue_missing_field(json!({"op": "catalog.get", "catalog": {"categories": [], "items": [{"code": "X"}]}}),
    ErrorCode::MissingField, "catalog.items[0].category")]
#[case::catalogue_not_an_object(json!({"op": "catalog.check", "code": "X", "on": "2026-01-01", "catalog": "default"}),
    ErrorCode::InvalidCatalog, "catalog")]
#[case::validate_needs_a_catalogue(json!({"op": "catalog.validate"}), ErrorCode::MissingField, "catalog")]
fn op_errors_have_codes_and_paths(#[case] req: Value, #[case] code: ErrorCode, #[case] path: &str) {
    let e = evaluate(req).unwrap_err();
    assert_eq!((e.code(), e.path()), (code, Some(path)), "{e}");
}

#[test]
fn validate_op_lists_every_issue_with_request_paths() {
    let r = ok(json!({"op": "catalog.validate", "catalog": Catalog::default_catalog().to_value()}));
    assert_eq!(r["valid"], true);
    assert_eq!(r["issues"], json!([]));
    assert_eq!(r["counts"], json!({"categories": 13, "items": 57}));
    let bad = small_with("/items/2/category", Some(json!("C")));
    let r = ok(json!({"op": "catalog.validate", "catalog": bad}));
    assert_eq!(r["valid"], false);
    assert_eq!(
        r["issues"],
        json!([
            {"code": "unknown_category", "path": "catalog.items[2].category",
             "message": "item \"B-01\" names category \"C\", which the catalogue does not have"},
            {"code": "empty_category", "path": "catalog.categories[1]",
             "message": "category \"B\" has no item"}
        ])
    );
}

// ---------------------------------------------------------------- admission

use wangshi::catalog::{Admission, Basis, ExitNotice, Proposal, RejectReason};

/// A proposal every rule admits into the default catalogue.
fn proposal() -> Proposal {
    Proposal {
        code: "JB-03".into(),
        category: "JB".into(),
        name_zh: "防汛排查".into(),
        name_en: "Flood season inspections".into(),
        class: None,
        department: Some("emergency".into()),
        basis: Basis {
            approved_by: Some("县委社会工作部".into()),
            approved_on: Some(d("2026-05-20")),
            effective_on: d("2026-06-01"),
            temporary: true,
            ends_on: Some(d("2026-09-30")),
            fits_grid_duties: true,
            within_worker_capacity: true,
            requires_enforcement_power: false,
            requires_professional_qualification: false,
        },
    }
}

fn reasons(a: &Admission) -> Vec<RejectReason> {
    a.reasons().iter().map(|r| r.reason).collect()
}

#[test]
fn admission_returns_a_new_catalogue_and_leaves_the_old_one() {
    let old = Catalog::default_catalog();
    let before = old.clone();
    let a = old.admit(&proposal()).unwrap();
    assert!(a.is_admitted());
    assert!(a.reasons().is_empty());
    let new = a.into_catalog().unwrap();
    assert_eq!(old, &before);
    assert_eq!((old.version(), new.version()), ("2023.1", "2023.2"));
    assert_eq!(new.items().len(), 58);
    // Indices of existing items do not move; the new item is appended.
    for (i, item) in old.items().iter().enumerate() {
        assert_eq!(new.item_index(&item.code), Some(i));
    }
    let item = new.item("JB-03").unwrap();
    assert_eq!(new.item_index("JB-03"), Some(57));
    assert_eq!(item.class, CaseClass::General); // the category's
    assert_eq!(item.department, "emergency"); // the proposal's
    assert_eq!(
        (item.admitted_on, item.ends_on),
        (d("2026-06-01"), Some(d("2026-09-30")))
    );
    assert!(validate(&new.to_value()).is_empty());
    assert_eq!(Catalog::from_value(&new.to_value()).unwrap(), new);
}

#[test]
fn admitted_temporary_item_lapses_after_ends_on() {
    let c = Catalog::default_catalog()
        .admit(&proposal())
        .unwrap()
        .into_catalog()
        .unwrap();
    assert_eq!(
        c.check("JB-03", d("2026-05-31")).unwrap().reason,
        InForce::NotYetAdmitted
    );
    assert_eq!(
        c.check("JB-03", d("2026-06-01")).unwrap().reason,
        InForce::InForce
    );
    assert_eq!(
        c.check("JB-03", d("2026-09-30")).unwrap().reason,
        InForce::InForce
    );
    assert_eq!(
        c.check("JB-03", d("2026-10-01")).unwrap().reason,
        InForce::Expired
    );
    assert_eq!(c.items_in_force(d("2026-10-01")).unwrap().count(), 57);
    assert_eq!(c.items_in_force(d("2026-07-01")).unwrap().count(), 58);
}

#[rstest]
#[case::approval_missing_body(|p: &mut Proposal| p.basis.approved_by = None, RejectReason::ApprovalMissing, "basis.approved_by")]
#[case::approval_missing_blank_body(|p: &mut Proposal| p.basis.approved_by = Some(" ".into()), RejectReason::ApprovalMissing, "basis.approved_by")]
#[case::approval_missing_date(|p: &mut Proposal| p.basis.approved_on = None, RejectReason::ApprovalMissing, "basis.approved_on")]
#[case::effective_before_approval(|p: &mut Proposal| p.basis.approved_on = Some(d("2026-06-02")), RejectReason::EffectiveBeforeApproval, "basis.effective_on")]
#[case::unknown_category(|p: &mut Proposal| p.category = "ZZZ".into(), RejectReason::UnknownCategory, "item.category")]
#[case::duplicate_code(|p: &mut Proposal| p.code = "JB-02".into(), RejectReason::DuplicateCode, "item.code")]
#[case::outside_grid_duties(|p: &mut Proposal| p.basis.fits_grid_duties = false, RejectReason::OutsideGridDuties, "basis.fits_grid_duties")]
#[case::beyond_worker_capacity(|p: &mut Proposal| p.basis.within_worker_capacity = false, RejectReason::BeyondWorkerCapacity, "basis.within_worker_capacity")]
#[case::requires_enforcement_power(|p: &mut Proposal| p.basis.requires_enforcement_power = true, RejectReason::RequiresEnforcementPower, "basis.requires_enforcement_power")]
#[case::requires_professional_qualification(|p: &mut Proposal| p.basis.requires_professional_qualification = true, RejectReason::RequiresProfessionalQualification, "basis.requires_professional_qualification")]
#[case::temporary_without_end(|p: &mut Proposal| p.basis.ends_on = None, RejectReason::TemporaryWithoutEnd, "basis.ends_on")]
#[case::end_before_start(|p: &mut Proposal| p.basis.ends_on = Some(d("2026-05-31")), RejectReason::EndBeforeStart, "basis.ends_on")]
fn admission_rejects_for_each_reason(
    #[case] change: fn(&mut Proposal),
    #[case] reason: RejectReason,
    #[case] path: &str,
) {
    let mut p = proposal();
    change(&mut p);
    let c = Catalog::default_catalog();
    let a = c.admit(&p).unwrap();
    assert_eq!(reasons(&a), [reason]);
    assert_eq!(a.reasons()[0].path, path);
    assert!(a.catalog().is_none());
    assert_eq!(c.items().len(), 57);
}

#[test]
fn admission_reports_every_failing_reason_at_once() {
    let mut p = proposal();
    p.code = "MD-01".into();
    p.category = "XY".into();
    p.basis.approved_by = None;
    p.basis.approved_on = Some(d("2026-07-01"));
    p.basis.ends_on = None;
    p.basis.fits_grid_duties = false;
    p.basis.within_worker_capacity = false;
    p.basis.requires_enforcement_power = true;
    p.basis.requires_professional_qualification = true;
    let a = Catalog::default_catalog().admit(&p).unwrap();
    assert_eq!(
        reasons(&a),
        [
            RejectReason::ApprovalMissing,
            RejectReason::EffectiveBeforeApproval,
            RejectReason::UnknownCategory,
            RejectReason::DuplicateCode,
            RejectReason::OutsideGridDuties,
            RejectReason::BeyondWorkerCapacity,
            RejectReason::RequiresEnforcementPower,
            RejectReason::RequiresProfessionalQualification,
            RejectReason::TemporaryWithoutEnd,
        ]
    );
    // End before start cannot join temporary_without_end; check it with the others.
    p.basis.ends_on = Some(d("2026-01-01"));
    let a = Catalog::default_catalog().admit(&p).unwrap();
    assert_eq!(reasons(&a).len(), 9);
    assert_eq!(reasons(&a)[8], RejectReason::EndBeforeStart);
}

#[test]
fn an_exited_code_is_never_reused() {
    let c = Catalog::default_catalog()
        .exit(&ExitNotice {
            code: "JB-02".into(),
            evaluated_on: d("2025-01-01"),
            published_on: d("2025-01-02"),
            effective_on: d("2025-02-01"),
        })
        .unwrap();
    let mut p = proposal();
    p.code = "JB-02".into();
    let a = c.admit(&p).unwrap();
    assert_eq!(reasons(&a), [RejectReason::DuplicateCode]);
    assert!(a.reasons()[0].message.contains("exited on 2025-02-01"));
}

#[rstest]
#[case::empty_name(|p: &mut Proposal| p.name_zh = String::new(), ErrorCode::InvalidValue, "item.name_zh")]
#[case::empty_code(|p: &mut Proposal| p.code = " ".into(), ErrorCode::InvalidValue, "item.code")]
#[case::empty_department(|p: &mut Proposal| p.department = Some(String::new()), ErrorCode::InvalidValue, "item.department")]
#[case::empty_category(|p: &mut Proposal| p.category = String::new(), ErrorCode::InvalidValue, "item.category")]
#[case::blank_category(|p: &mut Proposal| p.category = "\t".into(), ErrorCode::InvalidValue, "item.category")]
#[case::date_out_of_range(|p: &mut Proposal| p.basis.effective_on = d("2300-01-01"), ErrorCode::InvalidDate, "basis.effective_on")]
#[case::end_on_a_permanent_item(|p: &mut Proposal| p.basis.temporary = false, ErrorCode::InvalidValue, "basis.ends_on")]
fn malformed_proposal_is_an_error_not_a_decision(
    #[case] change: fn(&mut Proposal),
    #[case] code: ErrorCode,
    #[case] path: &str,
) {
    let mut p = proposal();
    change(&mut p);
    let e = Catalog::default_catalog().admit(&p).unwrap_err();
    assert_eq!((e.code(), e.path()), (code, Some(path)), "{e}");
}

// --------------------------------------------------------------------- exit

fn notice(code: &str, evaluated: &str, published: &str, effective: &str) -> ExitNotice {
    ExitNotice {
        code: code.into(),
        evaluated_on: d(evaluated),
        published_on: d(published),
        effective_on: d(effective),
    }
}

#[test]
fn exit_keeps_history_and_the_old_catalogue() {
    let old = Catalog::default_catalog();
    let new = old
        .exit(&notice("XC-03", "2026-10-15", "2026-11-01", "2027-01-01"))
        .unwrap();
    assert_eq!(new.version(), "2023.2");
    assert_eq!(new.items().len(), 57);
    assert_eq!(new.item_index("XC-03"), old.item_index("XC-03"));
    assert_eq!(new.item("XC-03").unwrap().exited_on, Some(d("2027-01-01")));
    assert_eq!(old.item("XC-03").unwrap().exited_on, None);
    assert_eq!(
        new.check("XC-03", d("2026-12-31")).unwrap().reason,
        InForce::InForce
    );
    assert_eq!(
        new.check("XC-03", d("2027-01-01")).unwrap().reason,
        InForce::Exited
    );
    assert_eq!(new.items_in_force(d("2027-01-01")).unwrap().count(), 56);
    assert_eq!(Catalog::from_value(&new.to_value()).unwrap(), new);
    // A second change bumps again.
    let newer = new
        .exit(&notice("XC-02", "2026-10-15", "2026-10-15", "2026-10-16"))
        .unwrap();
    assert_eq!(newer.version(), "2023.3");
}

#[rstest]
#[case::same_day_evaluation_and_publication(
    "DJ-01",
    "2026-01-01",
    "2026-01-01",
    "2026-01-02",
    None
)]
#[case::published_before_evaluation("DJ-01", "2026-01-02", "2026-01-01", "2026-02-01", Some((ErrorCode::ExitBeforeEvaluation, "published_on")))]
#[case::effective_on_publication_day("DJ-01", "2026-01-01", "2026-01-02", "2026-01-02", Some((ErrorCode::ExitNotPublishedBeforeEffect, "effective_on")))]
#[case::effective_before_publication("DJ-01", "2026-01-01", "2026-03-01", "2026-02-01", Some((ErrorCode::ExitNotPublishedBeforeEffect, "effective_on")))]
#[case::both_orders_wrong_reports_evaluation_first("DJ-01", "2026-03-01", "2026-02-01", "2026-01-01", Some((ErrorCode::ExitBeforeEvaluation, "published_on")))]
#[case::unknown_item("DJ-09", "2026-01-01", "2026-01-02", "2026-02-01", Some((ErrorCode::UnknownItem, "code")))]
#[case::exit_on_admission_day("DJ-01", "2022-12-01", "2022-12-02", "2023-01-01", Some((ErrorCode::ItemNotInForce, "effective_on")))]
fn exit_dates_rule(
    #[case] code: &str,
    #[case] evaluated: &str,
    #[case] published: &str,
    #[case] effective: &str,
    #[case] err: Option<(ErrorCode, &str)>,
) {
    let r = Catalog::default_catalog().exit(&notice(code, evaluated, published, effective));
    match err {
        None => assert_eq!(r.unwrap().item(code).unwrap().exited_on, Some(d(effective))),
        Some((c, path)) => {
            let e = r.unwrap_err();
            assert_eq!((e.code(), e.path()), (c, Some(path)), "{e}");
        }
    }
}

/// A temporary item (JB-03, in force 2026-06-01..=2026-09-30) that has
/// already lapsed cannot exit; an exit while it is in force, or on the first
/// day after it, is accepted.
#[rstest]
#[case::while_in_force("2026-08-01", None)]
#[case::on_its_last_day("2026-09-30", None)]
#[case::on_the_day_it_lapses("2026-10-01", None)]
#[case::after_it_lapsed("2026-10-02", Some(ErrorCode::ItemNotInForce))]
#[case::long_after_it_lapsed("2027-01-01", Some(ErrorCode::ItemNotInForce))]
fn a_lapsed_temporary_item_cannot_exit(#[case] effective: &str, #[case] err: Option<ErrorCode>) {
    let c = Catalog::default_catalog()
        .admit(&proposal())
        .unwrap()
        .into_catalog()
        .unwrap();
    assert_eq!(c.item("JB-03").unwrap().ends_on, Some(d("2026-09-30")));
    let r = c.exit(&notice("JB-03", "2026-07-01", "2026-07-15", effective));
    match err {
        None => assert_eq!(
            r.unwrap().item("JB-03").unwrap().exited_on,
            Some(d(effective))
        ),
        Some(code) => {
            let e = r.unwrap_err();
            assert_eq!((e.code(), e.path()), (code, Some("effective_on")), "{e}");
            assert!(e.message().contains("2026-09-30"), "{e}");
        }
    }
}

#[test]
fn an_exit_is_not_rewritten() {
    let c = Catalog::default_catalog()
        .exit(&notice("CS-02", "2026-01-01", "2026-01-02", "2026-02-01"))
        .unwrap();
    let e = c
        .exit(&notice("CS-02", "2026-01-01", "2026-01-02", "2026-01-10"))
        .unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::ItemNotInForce, Some("code"))
    );
    assert_eq!(c.item("CS-02").unwrap().exited_on, Some(d("2026-02-01")));
}

#[test]
fn catalogues_are_shared_across_threads_while_new_versions_are_made() {
    let base = std::sync::Arc::new(Catalog::default_catalog().clone());
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let base = std::sync::Arc::clone(&base);
            std::thread::spawn(move || {
                let mut p = proposal();
                p.code = format!("JB-{}", 10 + t);
                let next = base.admit(&p).unwrap().into_catalog().unwrap();
                (
                    base.items().len(),
                    next.items().len(),
                    next.version().to_owned(),
                )
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), (57, 58, "2023.2".to_owned()));
    }
    assert_eq!(*base, *Catalog::default_catalog());
}

#[test]
fn property_changes_keep_catalogues_valid_and_round_trip() {
    let mut rng = Rng(0xca7a_109e);
    let mut c = Catalog::default_catalog().clone();
    let lo = wangshi::date::days_from_civil(2023, 1, 2);
    let hi = wangshi::date::days_from_civil(2030, 12, 31);
    let day = |n: i32| wangshi::date::from_days(n).unwrap();
    let mut exits = 0;
    for step in 0..300 {
        let before = c.clone();
        let next = if rng.next() % 2 == 0 {
            let mut p = proposal();
            p.code = format!("P-{}", rng.next() % 400);
            p.category = c.categories()[(rng.next() % 13) as usize].code.clone();
            let start = rng.day(lo, hi);
            p.basis.approved_on = Some(day(start - (rng.next() % 30) as i32));
            p.basis.effective_on = day(start);
            p.basis.ends_on = (rng.next() % 2 == 0).then(|| day(rng.day(start - 5, hi)));
            p.basis.temporary = p.basis.ends_on.is_some();
            c.admit(&p).unwrap().into_catalog()
        } else {
            let code = c.items()[(rng.next() % c.items().len() as u64) as usize]
                .code
                .clone();
            let (e, p, f) = (rng.day(lo, hi), rng.day(lo, hi), rng.day(lo, hi));
            c.exit(&ExitNotice {
                code,
                evaluated_on: day(e),
                published_on: day(p),
                effective_on: day(f),
            })
            .ok()
        };
        assert_eq!(c, before, "step {step}: the old value changed");
        if let Some(next) = next {
            assert!(validate(&next.to_value()).is_empty(), "step {step}");
            assert_eq!(Catalog::from_value(&next.to_value()).unwrap(), next);
            assert_ne!(next.version(), c.version());
            exits += usize::from(next.items().len() == c.items().len());
            c = next;
        }
    }
    assert!(c.items().len() > 57, "the generator admitted nothing");
    assert!(exits > 0, "the generator exited nothing");
}

/// The code of the error that loading a catalogue gives when `first` is its
/// first issue: a typo'd or missing field keeps its own code, as everywhere
/// in a request; every other problem is `invalid_catalog`.
fn load_error_code(first: IssueCode) -> ErrorCode {
    match first {
        IssueCode::UnknownField => ErrorCode::UnknownField,
        IssueCode::MissingField => ErrorCode::MissingField,
        _ => ErrorCode::InvalidCatalog,
    }
}
