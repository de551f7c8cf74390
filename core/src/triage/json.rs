//! The JSON op of triage: `case.classify`.

use super::classify::{CaseRouter, Decision};
use super::flags::{Flag, Flags};
use super::rules;
use crate::catalog;
use crate::error::{Error, ErrorCode};
use crate::request::{Obj, Path, row_error, row_id, type_name};
use serde_json::{Map, Value, json};
use std::borrow::Cow;

const CASE_FIELDS: &[&str] = &[
    "id",
    "item",
    "reported_on",
    "parties",
    "repeat_count",
    "amount",
    "flags",
];

/// Reads and classifies one case located at `path`.
fn classify_one(router: &CaseRouter, v: &Value, path: Path<'_>) -> Result<Decision, Error> {
    let o = Obj::new(v, path, CASE_FIELDS)?;
    let id = o.str("id")?;
    let code = o.str("item")?;
    let day = o.date("reported_on")?;
    let parties = o.opt_uint("parties", u64::from(u32::MAX))?.unwrap_or(1) as u32;
    let repeats = o
        .opt_uint("repeat_count", u64::from(u32::MAX))?
        .unwrap_or(0) as u32;
    let amount = o.opt_non_negative("amount")?.unwrap_or(0.0);
    let mut flags = Flags::EMPTY;
    if let Some(list) = o.opt_array("flags")? {
        let field = path.field("flags");
        for (i, f) in list.iter().enumerate() {
            let name = f.as_str().ok_or_else(|| {
                field.index(i).error(
                    ErrorCode::InvalidValue,
                    format!("expected a flag name, found {}", type_name(f)),
                )
            })?;
            let flag = Flag::from_name(name).ok_or_else(|| {
                field.index(i).error(
                    ErrorCode::InvalidValue,
                    format!(
                        "unknown flag {name:?}; known flags: {}",
                        Flag::known_names()
                    ),
                )
            })?;
            flags.insert(flag);
        }
    }
    let item = router.catalog().item_index(code).ok_or_else(|| {
        o.error(
            "item",
            ErrorCode::UnknownItem,
            format!(
                "unknown item {code:?}: the catalogue (version {:?}) has no such item",
                router.catalog().version()
            ),
        )
    })?;
    let raw = router
        .classify_raw(item as u32, day, flags.bits(), parties, repeats, amount)
        .map_err(|c| router.explain(c, item, day, amount).within(&path.render()))?;
    Ok(router.decision(id.to_owned(), &raw))
}

/// The result object of a decision.
pub(crate) fn decision_value(d: &Decision) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), d.id.clone().into());
    m.insert("class".into(), d.class.as_str().into());
    m.insert("center".into(), d.center.as_str().into());
    m.insert("level".into(), d.level.as_str().into());
    m.insert(
        "whistle".into(),
        d.whistle.as_ref().map_or(Value::Null, |w| {
            json!({"department": w.department, "report_within_minutes": w.report_within_minutes})
        }),
    );
    m.insert(
        "mediation".into(),
        d.mediation.map_or(Value::Null, |m| {
            json!({"pre_litigation": m.pre_litigation,
                   "judicial_confirmation_within_days": m.judicial_confirmation_within_days})
        }),
    );
    m.insert("immediate_report".into(), d.immediate_report.into());
    m.insert("matched_rules".into(), d.matched_rules.clone().into());
    Value::Object(m)
}

/// `case.classify` `{"case" | "cases", "catalog"?, "rules"?}`: with `case`,
/// the decision `{"id", "class", "center", "level", "whistle", "mediation",
/// "immediate_report", "matched_rules"}`; with `cases`, `{"results": [...]}`
/// in input order, a bad case carrying its own `{"id", "error"}`.
pub(crate) fn classify(req: &Value) -> Result<Value, Error> {
    let o = Obj::new(
        req,
        Path::Root,
        &["op", "case", "cases", "catalog", "rules"],
    )?;
    let one = o.get("case");
    let many = o.opt_array("cases")?;
    if one.is_some() && many.is_some() {
        return Err(o.error(
            "cases",
            ErrorCode::InvalidValue,
            "give either \"case\" (one case) or \"cases\" (a batch), not both",
        ));
    }
    if one.is_none() && many.is_none() {
        return Err(o.error(
            "case",
            ErrorCode::MissingField,
            "missing required field \"case\" (or \"cases\" for a batch)",
        ));
    }
    let rules = rules::from_request(&o)?;
    let catalog = catalog::from_request(&o)?;
    let router = match (&rules, &catalog) {
        (Cow::Borrowed(_), Cow::Borrowed(_)) => Cow::Borrowed(CaseRouter::default_router()),
        _ => Cow::Owned(CaseRouter::new(&rules, &catalog).map_err(|e| e.within("catalog"))?),
    };
    if let Some(v) = one {
        return classify_one(&router, v, Path::Root.field("case")).map(|d| decision_value(&d));
    }
    let list = Path::Root.field("cases");
    let results: Vec<Value> = many
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, v)| match classify_one(&router, v, list.index(i)) {
            Ok(d) => decision_value(&d),
            Err(e) => row_error(row_id(v), &e),
        })
        .collect();
    Ok(json!({ "results": results }))
}
