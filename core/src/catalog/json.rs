//! The JSON ops of the catalogue: `catalog.get`, `catalog.check`,
//! `catalog.validate`, `catalog.admit`, `catalog.exit`.

use super::item::{Category, Item};
use super::validate::read_checked;
use super::{Basis, CaseClass, Catalog, ExitNotice, Proposal, from_request};
use crate::date::from_days;
use crate::error::{Error, ErrorCode};
use crate::request::Out;
use crate::request::{Obj, Path};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// The fields of `catalog.get`.
pub(crate) const GET_FIELDS: &[&str] = &["op", "on", "catalog"];
/// The fields of `catalog.check`.
pub(crate) const CHECK_FIELDS: &[&str] = &["op", "code", "on", "catalog"];
/// The fields of `catalog.validate`.
pub(crate) const VALIDATE_FIELDS: &[&str] = &["op", "catalog"];
/// The fields of `catalog.admit`.
pub(crate) const ADMIT_FIELDS: &[&str] = &["op", "item", "basis", "catalog"];
/// The fields of `catalog.exit`.
pub(crate) const EXIT_FIELDS: &[&str] = &[
    "op",
    "code",
    "evaluated_on",
    "published_on",
    "effective_on",
    "catalog",
];
use std::collections::HashMap;

/// `catalog.get` `{"on"?, "catalog"?}` → `{"version", "on", "categories":
/// [{..., "items": [...]}], "counts"}`; with `on`, only the items in force
/// that day (every category is listed).
pub(crate) fn get(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let on = o.opt_date("on")?;
    let catalog = from_request(o)?;
    out.uses(&catalog);
    // One pass groups the items (in catalogue order) by category code, so
    // the listing is linear in categories plus items.
    let mut by_category: HashMap<&str, Vec<Value>> = HashMap::new();
    for i in catalog.items() {
        if on.is_none_or(|d| i.in_force_day(d)) {
            by_category
                .entry(i.category.as_str())
                .or_default()
                .push(item_value(i));
        }
    }
    let mut n_items = 0;
    let categories: Vec<Value> = catalog
        .categories()
        .iter()
        .map(|c| {
            // Codes are unique in a valid catalogue, so each group is taken
            // once.
            let items = by_category.remove(c.code.as_str()).unwrap_or_default();
            n_items += items.len();
            let mut v = category_value(c);
            v["items"] = Value::Array(items);
            v
        })
        .collect();
    out.json(&json!({
        "version": catalog.version(),
        "on": on.map(crate::date::format_date),
        "categories": categories,
        "counts": {"categories": categories.len(), "items": n_items},
    }));
    Ok(())
}

/// `catalog.check` `{"code", "on", "catalog"?}` → `{"in_force", "item",
/// "reason"}`.
pub(crate) fn check(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let code = o.str("code")?;
    let on = date_of(o, "on")?;
    let catalog = from_request(o)?;
    out.uses(&catalog);
    let r = catalog.check(&code, on)?;
    out.json(&json!({
        "in_force": r.in_force(),
        "item": r.item.map_or(Value::Null, item_value),
        "reason": r.reason.as_str(),
    }));
    Ok(())
}

/// `catalog.validate` `{"catalog"}` → `{"valid", "issues": [{"code", "path",
/// "message"}], "counts"}`; every problem is listed.
pub(crate) fn validate(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let v = o.req("catalog")?;
    crate::request::strict::check(v.text(), "the catalogue")?;
    let (parsed, issues) = read_checked(v, Path::Root.field("catalog"));
    let issues: Vec<Value> = issues
        .iter()
        .map(|i| json!({"code": i.code.as_str(), "path": i.path, "message": i.message}))
        .collect();
    out.json(&json!({
        "valid": issues.is_empty(),
        "issues": issues,
        "counts": {"categories": parsed.categories.len(), "items": parsed.items.len()},
    }));
    Ok(())
}

const ITEM_FIELDS: &[&str] = &[
    "code",
    "category",
    "name_zh",
    "name_en",
    "class",
    "department",
];
const BASIS_FIELDS: &[&str] = &[
    "approved_by",
    "approved_on",
    "effective_on",
    "temporary",
    "ends_on",
    "fits_grid_duties",
    "within_worker_capacity",
    "requires_enforcement_power",
    "requires_professional_qualification",
];

/// An item as its result object (its data-file shape).
fn item_value(i: &Item) -> Value {
    serde_json::to_value(i).expect("an item serializes")
}

/// A category as its result object (its data-file shape).
fn category_value(c: &Category) -> Value {
    serde_json::to_value(c).expect("a category serializes")
}

/// A date field of a request as a [`NaiveDate`].
fn date_of(o: &Obj<'_, '_>, name: &str) -> Result<NaiveDate, Error> {
    from_days(o.date(name)?)
}

fn opt_date_of(o: &Obj<'_, '_>, name: &str) -> Result<Option<NaiveDate>, Error> {
    o.opt_date(name)?.map(from_days).transpose()
}

/// A required boolean field: the proposer must declare it.
fn declared(o: &Obj<'_, '_>, name: &str) -> Result<bool, Error> {
    o.opt_bool(name)?.ok_or_else(|| {
        o.error(
            name,
            ErrorCode::MissingField,
            format!("missing required field {name:?}: the proposal must declare it"),
        )
    })
}

fn read_proposal(o: &Obj<'_, '_>) -> Result<Proposal, Error> {
    let root = o.path();
    let item = Obj::new(o.req("item")?, root.field("item"), ITEM_FIELDS)?;
    let basis = Obj::new(o.req("basis")?, root.field("basis"), BASIS_FIELDS)?;
    let class = match item.opt_str("class")? {
        None => None,
        Some(name) => Some(CaseClass::from_name(&name).ok_or_else(|| {
            item.error(
                "class",
                ErrorCode::InvalidValue,
                format!("unknown class {name:?}; expected general, safety or complex"),
            )
        })?),
    };
    let ends_on = opt_date_of(&basis, "ends_on")?;
    Ok(Proposal {
        code: item.str("code")?.into_owned(),
        category: item.str("category")?.into_owned(),
        name_zh: item.str("name_zh")?.into_owned(),
        name_en: item.str("name_en")?.into_owned(),
        class,
        department: item.opt_str("department")?.map(Into::into),
        basis: Basis {
            approved_by: basis.opt_str("approved_by")?.map(Into::into),
            approved_on: opt_date_of(&basis, "approved_on")?,
            effective_on: date_of(&basis, "effective_on")?,
            temporary: basis.opt_bool("temporary")?.unwrap_or(ends_on.is_some()),
            ends_on,
            fits_grid_duties: declared(&basis, "fits_grid_duties")?,
            within_worker_capacity: declared(&basis, "within_worker_capacity")?,
            requires_enforcement_power: declared(&basis, "requires_enforcement_power")?,
            requires_professional_qualification: declared(
                &basis,
                "requires_professional_qualification",
            )?,
        },
    })
}

/// `catalog.admit` `{"item", "basis", "catalog"?}` → `{"admitted",
/// "decision", "reasons": [{"code", "path", "message"}], "version",
/// "previous_version", "item", "catalog"}`; `item` and `catalog` (the new
/// catalogue) are null when rejected, and `version` is then unchanged.
pub(crate) fn admit(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let proposal = read_proposal(o)?;
    let catalog = from_request(o)?;
    out.uses(&catalog);
    let admission = catalog.admit(&proposal)?;
    let reasons: Vec<Value> = admission
        .reasons()
        .iter()
        .map(|r| json!({"code": r.reason.as_str(), "path": r.path, "message": r.message}))
        .collect();
    let next = admission.catalog();
    out.json(&json!({
        "admitted": admission.is_admitted(),
        "decision": if admission.is_admitted() { "admitted" } else { "rejected" },
        "reasons": reasons,
        "version": next.unwrap_or(&catalog).version(),
        "previous_version": catalog.version(),
        "item": next.and_then(|c| c.item(&proposal.code)).map_or(Value::Null, item_value),
        "catalog": next.map_or(Value::Null, Catalog::to_value),
    }));
    Ok(())
}

/// `catalog.exit` `{"code", "evaluated_on", "published_on", "effective_on",
/// "catalog"?}` → `{"version", "previous_version", "item", "catalog"}`.
pub(crate) fn exit(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let notice = ExitNotice {
        code: o.str("code")?.into_owned(),
        evaluated_on: date_of(o, "evaluated_on")?,
        published_on: date_of(o, "published_on")?,
        effective_on: date_of(o, "effective_on")?,
    };
    let catalog = from_request(o)?;
    out.uses(&catalog);
    let next = catalog.exit(&notice)?;
    out.json(&json!({
        "version": next.version(),
        "previous_version": catalog.version(),
        "item": next.item(&notice.code).map_or(Value::Null, item_value),
        "catalog": next.to_value(),
    }));
    Ok(())
}
