//! The JSON ops of the visit rules: `visit.status`, `visit.worklist`,
//! `visit.plan`, `tier.suggest`.
//!
//! The resident rows of a request are read one at a time, in one pass over
//! their text, and each result row is written as soon as it is computed.

use super::plan::{check_range, count_one, finish};
use super::policy::{VisitPolicy, from_request};
use super::status::{Alert, RawStatus, VisitDay, row_error};
use crate::date::NO_DATE;
use crate::error::{Error, ErrorCode};
use crate::ops::Out;
use crate::request::{Obj, Path, Record, RowId};
use serde::Serialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// The fields of `visit.status` and `visit.worklist`.
pub(crate) const STATUS_FIELDS: &[&str] = &["op", "as_of", "residents", "policy"];
/// The fields of `visit.plan`.
pub(crate) const PLAN_FIELDS: &[&str] = &["op", "from", "to", "residents", "policy"];
/// The fields of `tier.suggest`.
pub(crate) const SUGGEST_FIELDS: &[&str] = &["op", "tags", "policy"];

const RESIDENT_FIELDS: &[&str] = &["id", "tier", "tier_since", "last_visit", "grid", "worker"];

/// One resident row as read from a request.
struct Row<'t> {
    id: Cow<'t, str>,
    tier: Cow<'t, str>,
    since: i32,
    last: i32,
    grid: Option<Cow<'t, str>>,
    worker: Option<Cow<'t, str>>,
}

fn read_row<'t>(rec: Record<'t>, path: Path<'_>) -> Result<Row<'t>, Error> {
    let o = rec.at(path)?;
    let id = o.str("id")?;
    if id.trim().is_empty() {
        return Err(o.error(
            "id",
            ErrorCode::InvalidValue,
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

/// A resident evaluated: the row, its tier rank and its status.
type Evaluated<'t> = (Row<'t>, u8, RawStatus);

/// Reads every resident row and evaluates it as of the prepared day; calls
/// `each` with the row's index, its id (for an error entry) and the row or
/// its error with a path.
fn evaluate_rows<'t>(
    o: &Obj<'t, '_>,
    policy: &VisitPolicy,
    day: &VisitDay,
    mut each: impl FnMut(usize, RowId<'t>, Result<Evaluated<'t>, Error>),
) -> Result<(), Error> {
    let as_of = day.as_of();
    let list = Path::Root.field("residents");
    o.each_record("residents", RESIDENT_FIELDS, &[], |i, rec| {
        let id = rec.id();
        let p = list.index(i);
        let r = read_row(rec, p).and_then(|row| {
            let Some(tier) = policy.tier_index(&row.tier) else {
                return Err(row_error(
                    ErrorCode::UnknownTier,
                    &row.tier,
                    row.since,
                    row.last,
                    as_of,
                )
                .within(&p.render()));
            };
            match day.evaluate(tier, row.since, row.last) {
                Ok(s) => Ok((row, tier, s)),
                Err(c) => {
                    Err(row_error(c, &row.tier, row.since, row.last, as_of).within(&p.render()))
                }
            }
        });
        each(i, id, r);
    })
}

/// Writes the status fields of a result row (after its leading fields):
/// `"state", "period_start", "period_end", "due", "days_left",
/// "missed_periods", "alert"`, and closes the row.
fn write_status(out: &mut Out, s: &RawStatus) {
    out.raw(r#","state":"#);
    out.code(s.state.as_str());
    out.raw(r#","period_start":"#);
    out.day(s.period_start);
    out.raw(r#","period_end":"#);
    out.day(s.period_end);
    out.raw(r#","due":"#);
    out.day(s.due);
    out.raw(r#","days_left":"#);
    out.int(i64::from(s.days_left));
    out.raw(r#","missed_periods":"#);
    out.int(i64::from(s.missed_periods));
    out.raw(r#","alert":"#);
    match s.alert {
        Some(a) => out.code(a.as_str()),
        None => out.raw("null"),
    }
    out.raw("}");
}

/// `visit.status` `{"as_of", "residents", "policy"?}` → `{"results": [...]}`.
pub(crate) fn status(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let as_of = o.date("as_of")?;
    let policy = from_request(o)?;
    out.uses(&policy);
    let day = policy.on_day(as_of).map_err(|e| e.at("as_of"))?;
    out.raw(r#"{"results":["#);
    evaluate_rows(o, &policy, &day, |i, id, r| {
        if i > 0 {
            out.raw(",");
        }
        match r {
            Ok((row, _, s)) => {
                out.raw(r#"{"id":"#);
                out.str(&row.id);
                write_status(out, &s);
            }
            Err(e) => out.row_error(&id.value(), &e),
        }
    })?;
    out.raw("]}");
    Ok(())
}

/// One alert of `visit.worklist`, kept for sorting: the order key and the
/// row.
struct Entry<'t> {
    alert: Alert,
    tier_rank: u8,
    row: Row<'t>,
    status: RawStatus,
}

impl Entry<'_> {
    /// The worklist order: alert (most urgent first), tier severity (most
    /// severe first), days left, id.
    fn key(&self) -> (Reverse<Alert>, Reverse<u8>, i32, &str) {
        (
            Reverse(self.alert),
            Reverse(self.tier_rank),
            self.status.days_left,
            &self.row.id,
        )
    }
}

/// `visit.worklist` `{"as_of", "residents", "policy"?}` → `{"alerts",
/// "by_worker", "errors"}`.
pub(crate) fn worklist(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let as_of = o.date("as_of")?;
    let policy = from_request(o)?;
    out.uses(&policy);
    let day = policy.on_day(as_of).map_err(|e| e.at("as_of"))?;
    let mut alerts: Vec<Entry<'_>> = Vec::new();
    let mut by_worker: BTreeMap<Cow<'_, str>, [u32; 3]> = BTreeMap::new();
    let mut errors: Vec<(Value, Error)> = Vec::new();
    let list = Path::Root.field("residents");
    evaluate_rows(o, &policy, &day, |i, id, r| {
        let (row, tier_rank, status) = match r {
            Ok(x) => x,
            Err(e) => return errors.push((id.value(), e)),
        };
        if row.worker.as_ref().is_none_or(|w| w.trim().is_empty()) {
            let e = list.index(i).field("worker").error(
                ErrorCode::MissingField,
                "a worklist resident needs a worker",
            );
            return errors.push((id.value(), e));
        }
        let worker = row.worker.clone().unwrap_or_default();
        let counts = by_worker.entry(worker).or_default();
        let Some(alert) = status.alert else { return };
        counts[alert as usize - 1] += 1;
        alerts.push(Entry {
            alert,
            tier_rank,
            row,
            status,
        });
    })?;
    alerts.sort_by(|a, b| a.key().cmp(&b.key()));
    out.raw(r#"{"alerts":["#);
    for (i, a) in alerts.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.raw(r#"{"id":"#);
        out.str(&a.row.id);
        out.raw(r#","tier":"#);
        out.str(&a.row.tier);
        out.raw(r#","grid":"#);
        match &a.row.grid {
            Some(g) => out.str(g),
            None => out.raw("null"),
        }
        out.raw(r#","worker":"#);
        out.str(a.row.worker.as_deref().unwrap_or_default());
        write_status(out, &a.status);
    }
    #[derive(Serialize)]
    struct Counts {
        reminder: u32,
        warning: u32,
        escalation: u32,
    }
    out.raw(r#"],"by_worker":"#);
    let counts: BTreeMap<&str, Counts> = by_worker
        .iter()
        .map(|(w, c)| {
            (
                w.as_ref(),
                Counts {
                    reminder: c[0],
                    warning: c[1],
                    escalation: c[2],
                },
            )
        })
        .collect();
    out.json(&counts);
    write_errors(out, &errors);
    out.raw("}");
    Ok(())
}

/// Writes `,"errors":[...]` (the rows that could not be evaluated).
fn write_errors(out: &mut Out, errors: &[(Value, Error)]) {
    out.raw(r#","errors":["#);
    for (i, (id, e)) in errors.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.row_error(id, e);
    }
    out.raw("]");
}

/// `visit.plan` `{"from", "to", "residents", "policy"?}` → `{"total",
/// "by_tier", "errors"}`.
pub(crate) fn plan(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let from = o.date("from")?;
    let to = o.date("to")?;
    check_range(from, to)?;
    let policy = from_request(o)?;
    out.uses(&policy);
    let list = Path::Root.field("residents");
    let mut counts = vec![0u64; policy.tiers().len()];
    let mut errors = Vec::new();
    o.each_record("residents", RESIDENT_FIELDS, &[], |i, rec| {
        let id = rec.id();
        let p = list.index(i);
        match read_row(rec, p).and_then(|row| {
            count_one(&policy, &row.tier, row.since, from, to).map_err(|e| e.within(&p.render()))
        }) {
            Ok((t, n)) => counts[t] += n,
            Err(e) => errors.push((id.value(), e)),
        }
    })?;
    let p = finish(&policy, counts, Vec::new());
    let by_tier: Map<String, Value> = p
        .by_tier
        .into_iter()
        .map(|(t, n)| (t, Value::from(n)))
        .collect();
    out.raw(r#"{"total":"#);
    out.json(&p.total);
    out.raw(r#","by_tier":"#);
    out.json(&by_tier);
    write_errors(out, &errors);
    out.raw("}");
    Ok(())
}

/// `tier.suggest` `{"tags", "policy"?}` → `{"tier", "because"}`.
pub(crate) fn suggest(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let tags = o.opt_str_list("tags")?.ok_or_else(|| {
        o.error(
            "tags",
            ErrorCode::MissingField,
            "missing required field \"tags\"",
        )
    })?;
    let policy = from_request(o)?;
    out.uses(&policy);
    let (tier, because) = policy.suggest_tier(&tags)?;
    #[derive(Serialize)]
    struct Suggestion<'a> {
        tier: &'a str,
        because: Vec<&'a str>,
    }
    out.json(&Suggestion {
        tier: &tier.code,
        because,
    });
    Ok(())
}
