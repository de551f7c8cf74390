//! The JSON ops of the catalogue: `catalog.get`, `catalog.check`,
//! `catalog.validate`.

use super::from_request;
use super::load::{self, category_value, item_value};
use crate::date::from_days;
use crate::error::Error;
use crate::json::read::{Obj, Path};
use serde_json::{Value, json};

/// `catalog.get` `{"on"?, "catalog"?}` → `{"version", "on", "categories":
/// [{..., "items": [...]}], "counts"}`; with `on`, only the items in force
/// that day (every category is listed).
pub(crate) fn get(req: &Value) -> Result<Value, Error> {
    let o = Obj::new(req, Path::Root, &["op", "on", "catalog"])?;
    let on = o.opt_date("on")?;
    let catalog = from_request(&o)?;
    let mut n_items = 0;
    let categories: Vec<Value> = catalog
        .categories()
        .iter()
        .map(|c| {
            let items: Vec<Value> = catalog
                .items()
                .iter()
                .filter(|i| i.category == c.code && on.is_none_or(|d| i.in_force_day(d)))
                .map(item_value)
                .collect();
            n_items += items.len();
            let mut v = category_value(c);
            v["items"] = Value::Array(items);
            v
        })
        .collect();
    Ok(json!({
        "version": catalog.version(),
        "on": on.map(crate::date::format_date),
        "categories": categories,
        "counts": {"categories": categories.len(), "items": n_items},
    }))
}

/// `catalog.check` `{"code", "on", "catalog"?}` → `{"in_force", "item",
/// "reason"}`.
pub(crate) fn check(req: &Value) -> Result<Value, Error> {
    let o = Obj::new(req, Path::Root, &["op", "code", "on", "catalog"])?;
    let code = o.str("code")?;
    let on = from_days(o.date("on")?).map_err(|e| e.at("on"))?;
    let catalog = from_request(&o)?;
    let r = catalog.check(code, on);
    Ok(json!({
        "in_force": r.in_force(),
        "item": r.item.map_or(Value::Null, item_value),
        "reason": r.reason.as_str(),
    }))
}

/// `catalog.validate` `{"catalog"}` → `{"valid", "issues": [{"code", "path",
/// "message"}], "counts"}`; every problem is listed.
pub(crate) fn validate(req: &Value) -> Result<Value, Error> {
    let o = Obj::new(req, Path::Root, &["op", "catalog"])?;
    let v = o.req("catalog")?;
    let (parsed, issues) = load::read(v, Path::Root.field("catalog"));
    let issues: Vec<Value> = issues
        .iter()
        .map(|i| json!({"code": i.code.as_str(), "path": i.path, "message": i.message}))
        .collect();
    Ok(json!({
        "valid": issues.is_empty(),
        "issues": issues,
        "counts": {"categories": parsed.categories.len(), "items": parsed.items.len()},
    }))
}
