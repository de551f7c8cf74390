//! The JSON ops of the visit rules: `visit.status`, `visit.worklist`,
//! `visit.plan`, `tier.suggest`.
//!
//! The resident rows of a request are read one at a time, in one pass over
//! their text, and each result row is written as soon as it is computed.

use super::plan::{check_range, count_one, finish};
use super::policy::{VisitPolicy, from_request};
use super::status::{Alert, RawStatus, VisitDay};
use crate::date::NO_DATE;
use crate::error::{Error, ErrorCode};
use crate::request::{Batch, Out, Rows};
use crate::request::{Obj, Path, Record, RowId};
use serde::Serialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};

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

fn read_row<'t>(rec: &Record<'t>, path: Path<'_>) -> Result<Row<'t>, Error> {
    let o = rec.view(path)?;
    let id = o.nonblank("id", super::worklist::BLANK_ID)?;
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

/// Reads resident row `i` and evaluates it as of the prepared day: its id
/// (for an error entry) and the row or its error with a path.
fn evaluate_row<'t>(
    policy: &VisitPolicy,
    day: &VisitDay,
    i: usize,
    rec: &Record<'t>,
) -> (RowId<'t>, Result<Evaluated<'t>, Error>) {
    let as_of = day.as_of();
    let id = rec.id();
    let list = Path::Root.field("residents");
    let p = list.index(i);
    let r = read_row(rec, p).and_then(|row| {
        // An unknown code is looked up after the dates are checked.
        let tier = policy.tier_index(&row.tier).unwrap_or(super::UNKNOWN_TIER);
        match day.evaluate(tier, row.since, row.last) {
            Ok(s) => Ok((row, tier, s)),
            Err(c) => Err(policy
                .row_error(c, &row.tier, row.since, row.last, as_of)
                .within(&p.render())),
        }
    });
    (id, r)
}

/// The policy of a request prepared for its `as_of`.
fn prepare(o: &Obj<'_, '_>, out: &mut Out) -> Result<(Cow<'static, VisitPolicy>, VisitDay), Error> {
    let as_of = o.date("as_of")?;
    let policy = from_request(o)?;
    out.uses(&policy);
    let day = policy.on_day(as_of).map_err(|e| e.at("as_of"))?;
    Ok((policy, day))
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
pub(crate) const STATUS: Batch = Batch {
    field: "residents",
    required: true,
    rows: RESIDENT_FIELDS,
    nested: &[],
    begin: begin_status,
};

struct Status {
    policy: Cow<'static, VisitPolicy>,
    day: VisitDay,
}

fn begin_status<'t>(o: &Obj<'t, '_>, out: &mut Out) -> Result<Box<dyn Rows<'t> + 't>, Error> {
    let (policy, day) = prepare(o, out)?;
    out.raw(r#"{"results":["#);
    Ok(Box::new(Status { policy, day }))
}

impl<'t> Rows<'t> for Status {
    fn row(&mut self, i: usize, rec: &Record<'t>, out: &mut Out) {
        if i > 0 {
            out.raw(",");
        }
        match evaluate_row(&self.policy, &self.day, i, rec) {
            (_, Ok((row, _, s))) => {
                out.raw(r#"{"id":"#);
                out.str(&row.id);
                write_status(out, &s);
            }
            (id, Err(e)) => out.row_error(&id.value(), &e),
        }
    }

    fn finish(self: Box<Self>, out: &mut Out) -> Result<(), Error> {
        out.raw("]}");
        Ok(())
    }
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
pub(crate) const WORKLIST: Batch = Batch {
    field: "residents",
    required: true,
    rows: RESIDENT_FIELDS,
    nested: &[],
    begin: begin_worklist,
};

struct Worklist<'t> {
    policy: Cow<'static, VisitPolicy>,
    day: VisitDay,
    alerts: Vec<Entry<'t>>,
    /// Alert counts per worker (named in code-point order when written).
    by_worker: HashMap<Cow<'t, str>, [u32; 3]>,
    errors: Vec<(Value, Error)>,
}

fn begin_worklist<'t>(o: &Obj<'t, '_>, out: &mut Out) -> Result<Box<dyn Rows<'t> + 't>, Error> {
    let (policy, day) = prepare(o, out)?;
    Ok(Box::new(Worklist {
        policy,
        day,
        alerts: Vec::new(),
        by_worker: HashMap::new(),
        errors: Vec::new(),
    }))
}

impl<'t> Rows<'t> for Worklist<'t> {
    fn row(&mut self, i: usize, rec: &Record<'t>, _: &mut Out) {
        let (id, r) = evaluate_row(&self.policy, &self.day, i, rec);
        let (row, tier_rank, status) = match r {
            Ok(x) => x,
            Err(e) => return self.errors.push((id.value(), e)),
        };
        let Some(worker) = row.worker.clone().filter(|w| !w.trim().is_empty()) else {
            let list = Path::Root.field("residents");
            let e = list
                .index(i)
                .field("worker")
                .error(ErrorCode::MissingField, super::worklist::NO_WORKER);
            return self.errors.push((id.value(), e));
        };
        let counts = self.by_worker.entry(worker).or_default();
        let Some(alert) = status.alert else { return };
        counts[alert as usize - 1] += 1;
        self.alerts.push(Entry {
            alert,
            tier_rank,
            row,
            status,
        });
    }

    fn finish(mut self: Box<Self>, out: &mut Out) -> Result<(), Error> {
        self.alerts.sort_by(|a, b| a.key().cmp(&b.key()));
        out.raw(r#"{"alerts":["#);
        for (i, a) in self.alerts.iter().enumerate() {
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
        let counts: BTreeMap<&str, Counts> = self
            .by_worker
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
        write_errors(out, &self.errors);
        out.raw("}");
        Ok(())
    }
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
pub(crate) const PLAN: Batch = Batch {
    field: "residents",
    required: true,
    rows: RESIDENT_FIELDS,
    nested: &[],
    begin: begin_plan,
};

struct Plan {
    policy: Cow<'static, VisitPolicy>,
    from: i32,
    to: i32,
    counts: Vec<u64>,
    errors: Vec<(Value, Error)>,
}

fn begin_plan<'t>(o: &Obj<'t, '_>, out: &mut Out) -> Result<Box<dyn Rows<'t> + 't>, Error> {
    let from = o.date("from")?;
    let to = o.date("to")?;
    check_range(from, to)?;
    let policy = from_request(o)?;
    out.uses(&policy);
    let counts = vec![0u64; policy.tiers().len()];
    Ok(Box::new(Plan {
        policy,
        from,
        to,
        counts,
        errors: Vec::new(),
    }))
}

impl<'t> Rows<'t> for Plan {
    fn row(&mut self, i: usize, rec: &Record<'t>, _: &mut Out) {
        let id = rec.id();
        let list = Path::Root.field("residents");
        let p = list.index(i);
        match read_row(rec, p).and_then(|row| {
            count_one(&self.policy, &row.tier, row.since, self.from, self.to)
                .map_err(|e| e.within(&p.render()))
        }) {
            Ok((t, n)) => self.counts[t] += n,
            Err(e) => self.errors.push((id.value(), e)),
        }
    }

    fn finish(self: Box<Self>, out: &mut Out) -> Result<(), Error> {
        let p = finish(&self.policy, self.counts, Vec::new());
        let by_tier: Map<String, Value> = p
            .by_tier
            .into_iter()
            .map(|(t, n)| (t, Value::from(n)))
            .collect();
        out.raw(r#"{"total":"#);
        out.json(&p.total);
        out.raw(r#","by_tier":"#);
        out.json(&by_tier);
        write_errors(out, &self.errors);
        out.raw("}");
        Ok(())
    }
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
