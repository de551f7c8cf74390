//! The JSON ops of the visit rules: `visit.status`, `visit.worklist`,
//! `visit.plan`, `tier.suggest`.

use super::plan::{check_range, count_one, finish};
use super::policy::{VisitPolicy, from_request};
use super::status::{Alert, RawStatus, row_error};
use crate::date::{NO_DATE, format_date};
use crate::error::Error;
use crate::request::{Obj, Path, row_error as row_error_value, row_id};
use serde_json::{Map, Value, json};
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// The worklist order: alert (most urgent first), tier severity (most severe
/// first), days left, id.
type AlertKey<'a> = (Reverse<Alert>, Reverse<u8>, i32, &'a str);

const RESIDENT_FIELDS: &[&str] = &["id", "tier", "tier_since", "last_visit", "grid", "worker"];

/// One resident row as read from a request.
struct Row<'a> {
    id: &'a str,
    tier: &'a str,
    since: i32,
    last: i32,
    grid: Option<&'a str>,
    worker: Option<&'a str>,
}

fn read_row<'a>(v: &'a Value, path: Path<'_>) -> Result<Row<'a>, Error> {
    // `Obj` borrows the path; copy the fields out before it goes.
    let o = Obj::new(v, path, RESIDENT_FIELDS)?;
    let id = o.str("id")?;
    if id.trim().is_empty() {
        return Err(o.error(
            "id",
            crate::ErrorCode::InvalidValue,
            "a resident id must not be empty",
        ));
    }
    Ok(Row {
        id,
        tier: o.str("tier")?,
        since: o.date("tier_since")?,
        last: o.opt_date("last_visit")?.unwrap_or(NO_DATE),
        grid: o.opt_str("grid")?,
        worker: o.opt_str("worker")?,
    })
}

/// Reads every resident row and evaluates it; calls `each` with the row index,
/// the row (or its error with a path) and the tier rank.
fn evaluate_rows<'a>(
    o: &Obj<'a, '_>,
    policy: &VisitPolicy,
    as_of: i32,
    mut each: impl FnMut(usize, &'a Value, Result<(Row<'a>, u8, RawStatus), Error>),
) -> Result<(), Error> {
    let rows = o.array("residents")?;
    let day = policy.on_day(as_of).map_err(|e| e.at("as_of"))?;
    let base = o.path();
    let list = base.field("residents");
    for (i, v) in rows.iter().enumerate() {
        let p = list.index(i);
        let r = read_row(v, p).and_then(|row| {
            let tier = policy.tier_index(row.tier).ok_or_else(|| {
                row_error(
                    crate::ErrorCode::UnknownTier,
                    row.tier,
                    row.since,
                    row.last,
                    as_of,
                )
                .within(&p.render())
            })?;
            let s = day.evaluate(tier, row.since, row.last).map_err(|c| {
                row_error(c, row.tier, row.since, row.last, as_of).within(&p.render())
            })?;
            Ok((row, tier, s))
        });
        each(i, v, r);
    }
    Ok(())
}

fn date_or_null(d: i32) -> Value {
    if d == NO_DATE {
        Value::Null
    } else {
        Value::String(format_date(d))
    }
}

fn alert_value(a: Option<Alert>) -> Value {
    a.map_or(Value::Null, |a| a.as_str().into())
}

fn status_fields(m: &mut Map<String, Value>, s: &RawStatus) {
    m.insert("state".into(), s.state.as_str().into());
    m.insert("period_start".into(), date_or_null(s.period_start));
    m.insert("period_end".into(), date_or_null(s.period_end));
    m.insert("due".into(), format_date(s.due).into());
    m.insert("days_left".into(), s.days_left.into());
    m.insert("missed_periods".into(), s.missed_periods.into());
    m.insert("alert".into(), alert_value(s.alert));
}

/// `visit.status` `{"as_of", "residents", "policy"?}` → `{"results": [...]}`.
pub(crate) fn status(req: &Value) -> Result<Value, Error> {
    let o = Obj::new(req, Path::Root, &["op", "as_of", "residents", "policy"])?;
    let as_of = o.date("as_of")?;
    let policy = from_request(&o)?;
    let mut results = Vec::new();
    evaluate_rows(&o, &policy, as_of, |_, v, r| {
        results.push(match r {
            Ok((row, _, s)) => {
                let mut m = Map::new();
                m.insert("id".into(), row.id.into());
                status_fields(&mut m, &s);
                Value::Object(m)
            }
            Err(e) => row_error_value(row_id(v), &e),
        })
    })?;
    Ok(json!({ "results": results }))
}

/// `visit.worklist` `{"as_of", "residents", "policy"?}` → `{"alerts",
/// "by_worker", "errors"}`.
pub(crate) fn worklist(req: &Value) -> Result<Value, Error> {
    let o = Obj::new(req, Path::Root, &["op", "as_of", "residents", "policy"])?;
    let as_of = o.date("as_of")?;
    let policy = from_request(&o)?;
    let mut alerts: Vec<(AlertKey<'_>, Value)> = Vec::new();
    let mut by_worker: BTreeMap<&str, [u32; 3]> = BTreeMap::new();
    let mut errors = Vec::new();
    evaluate_rows(&o, &policy, as_of, |i, v, r| {
        let (row, tier, s) = match r {
            Ok(x) => x,
            Err(e) => return errors.push(row_error_value(row_id(v), &e)),
        };
        let Some(worker) = row.worker.filter(|w| !w.trim().is_empty()) else {
            let e = Path::Root
                .field("residents")
                .index(i)
                .field("worker")
                .error(
                    crate::ErrorCode::MissingField,
                    "a worklist resident needs a worker",
                );
            return errors.push(row_error_value(row_id(v), &e));
        };
        let counts = by_worker.entry(worker).or_default();
        let Some(alert) = s.alert else { return };
        counts[alert as usize - 1] += 1;
        let mut m = Map::new();
        m.insert("id".into(), row.id.into());
        m.insert("tier".into(), row.tier.into());
        m.insert("grid".into(), row.grid.map_or(Value::Null, Value::from));
        m.insert("worker".into(), worker.into());
        status_fields(&mut m, &s);
        let key = (Reverse(alert), Reverse(tier), s.days_left, row.id);
        alerts.push((key, Value::Object(m)));
    })?;
    alerts.sort_by(|a, b| a.0.cmp(&b.0));
    let by_worker: Map<String, Value> = by_worker
        .into_iter()
        .map(|(w, c)| {
            (
                w.to_owned(),
                json!({"reminder": c[0], "warning": c[1], "escalation": c[2]}),
            )
        })
        .collect();
    Ok(json!({
        "alerts": alerts.into_iter().map(|a| a.1).collect::<Vec<_>>(),
        "by_worker": by_worker,
        "errors": errors,
    }))
}

/// `visit.plan` `{"from", "to", "residents", "policy"?}` → `{"total",
/// "by_tier", "errors"}`.
pub(crate) fn plan(req: &Value) -> Result<Value, Error> {
    let o = Obj::new(
        req,
        Path::Root,
        &["op", "from", "to", "residents", "policy"],
    )?;
    let from = o.date("from")?;
    let to = o.date("to")?;
    check_range(from, to)?;
    let policy = from_request(&o)?;
    let rows = o.array("residents")?;
    let list = Path::Root.field("residents");
    let mut counts = vec![0u64; policy.tiers().len()];
    let mut errors = Vec::new();
    for (i, v) in rows.iter().enumerate() {
        let p = list.index(i);
        match read_row(v, p).and_then(|row| {
            count_one(&policy, row.tier, row.since, from, to).map_err(|e| e.within(&p.render()))
        }) {
            Ok((t, n)) => counts[t] += n,
            Err(e) => errors.push(row_error_value(row_id(v), &e)),
        }
    }
    let p = finish(&policy, counts, Vec::new());
    let by_tier: Map<String, Value> = p
        .by_tier
        .into_iter()
        .map(|(t, n)| (t, Value::from(n)))
        .collect();
    Ok(json!({ "total": p.total, "by_tier": by_tier, "errors": errors }))
}

/// `tier.suggest` `{"tags", "policy"?}` → `{"tier", "because"}`.
pub(crate) fn suggest(req: &Value) -> Result<Value, Error> {
    let o = Obj::new(req, Path::Root, &["op", "tags", "policy"])?;
    let tags = o.opt_str_list("tags")?.ok_or_else(|| {
        o.error(
            "tags",
            crate::ErrorCode::MissingField,
            "missing required field \"tags\"",
        )
    })?;
    let policy = from_request(&o)?;
    let (tier, because) = policy.suggest_tier(&tags)?;
    Ok(json!({ "tier": tier.code, "because": because }))
}
