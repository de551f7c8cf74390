//! The JSON op of visit completion: `visit.completion`.
//!
//! The resident rows are read one at a time, in one pass over their text;
//! each result row is written as soon as it is computed and the groups are
//! summed on the way, then written at the end.

use super::assess::{CaseRun, Window, WorkerCounts as Scores, WorkerScore, rank};
use super::completion::{CompletionGroup, CompletionRange, Tally, evaluate, group_key};
use super::scheme;
use crate::calendar::Calendar;
use crate::error::{Error, ErrorCode};
use crate::handling::json::{EVENT_FIELDS, read_event};
use crate::handling::{CaseProfile, EventKind, HandlingPolicy};
use crate::request::{Batch, Out, Rows};
use crate::request::{Obj, Path, Record};
use crate::triage::CaseRouter;
use crate::triage::json::{CASE_FIELDS, classify_one, router_from_request};
use crate::visit::VisitPolicy;
use crate::visit::policy::from_request;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The fields of `visit.completion`.
pub(crate) const COMPLETION_FIELDS: &[&str] = &["op", "from", "to", "residents", "policy"];

const RESIDENT_FIELDS: &[&str] = &["id", "tier", "tier_since", "worker", "grid", "visits"];

/// `visit.completion` `{"from", "to", "residents", "policy"?}` →
/// `{"results", "by_worker", "by_grid", "by_tier", "total"}`.
pub(crate) const COMPLETION: Batch = Batch {
    field: "residents",
    required: true,
    rows: RESIDENT_FIELDS,
    nested: &["visits"],
    begin: begin_completion,
};

struct Completion<'t> {
    policy: Cow<'static, VisitPolicy>,
    range: CompletionRange,
    tally: Tally<Cow<'t, str>>,
    days: Vec<i32>,
    scratch: Vec<u32>,
}

fn begin_completion<'t>(o: &Obj<'t, '_>, out: &mut Out) -> Result<Box<dyn Rows<'t> + 't>, Error> {
    let from = o.date("from")?;
    let to = o.date("to")?;
    crate::visit::plan::check_range(from, to)?;
    let policy = from_request(o)?;
    let range = CompletionRange::new(&policy, from, to)?;
    out.uses(&policy);
    out.raw(r#"{"results":["#);
    Ok(Box::new(Completion {
        tally: Tally::new(range.tier_count()),
        policy,
        range,
        days: Vec::new(),
        scratch: Vec::new(),
    }))
}

/// A resident read and evaluated: its id, tier index, worker, grid and
/// completion.
struct Row<'t> {
    id: Cow<'t, str>,
    tier: usize,
    worker: Option<Cow<'t, str>>,
    grid: Option<Cow<'t, str>>,
    done: super::Completion,
}

/// Reads resident `i` in the order of its fields (`id`, `tier`,
/// `tier_since`, `worker`, `grid`, every visit), then looks its tier up and
/// counts its completion (`days` and `scratch` are reused between rows).
fn read_resident<'t>(
    policy: &VisitPolicy,
    range: &CompletionRange,
    (days, scratch): (&mut Vec<i32>, &mut Vec<u32>),
    i: usize,
    rec: &Record<'t>,
) -> Result<Row<'t>, Error> {
    let list = Path::Root.field("residents");
    let p = list.index(i);
    let o = rec.view(p)?;
    let id = o.nonblank("id", crate::visit::worklist::BLANK_ID)?;
    let tier = o.str("tier")?;
    let since = o.date("tier_since")?;
    let worker = o.opt_str("worker")?;
    let grid = o.opt_str("grid")?;
    let visits = o.array("visits")?;
    let field = p.field("visits");
    days.clear();
    for (j, v) in visits.iter().enumerate() {
        let at = field.index(j);
        let Some(text) = v.as_str() else {
            return Err(at.error(
                ErrorCode::InvalidDate,
                format!(
                    "a visit must be a date written YYYY-MM-DD, found {}",
                    v.type_name()
                ),
            ));
        };
        let day = crate::date::parse_date(&text).map_err(|e| e.at(at.render()))?;
        days.push(day);
    }
    let Some(t) = policy.tier_index(&tier) else {
        return Err(policy.unknown_tier(&tier).within(&p.render()));
    };
    let t = usize::from(t);
    let done = evaluate(range, t, since, days, scratch);
    Ok(Row {
        id,
        tier: t,
        worker: group_key(worker),
        grid: group_key(grid),
        done,
    })
}

impl<'t> Completion<'t> {
    fn read(&mut self, i: usize, rec: &Record<'t>) -> Result<Row<'t>, Error> {
        read_resident(
            &self.policy,
            &self.range,
            (&mut self.days, &mut self.scratch),
            i,
            rec,
        )
    }
}

impl<'t> Rows<'t> for Completion<'t> {
    fn row(&mut self, i: usize, rec: &Record<'t>, out: &mut Out) {
        if i > 0 {
            out.raw(",");
        }
        match self.read(i, rec) {
            Ok(r) => {
                out.raw(r#"{"id":"#);
                out.str(&r.id);
                out.raw(r#","required":"#);
                out.int(i64::from(r.done.required));
                out.raw(r#","met":"#);
                out.int(i64::from(r.done.met));
                out.raw("}");
                self.tally.add(r.tier, r.worker, r.grid, r.done);
            }
            Err(e) => out.row_error(&rec.id().value(), &e),
        }
    }

    fn finish(self: Box<Self>, out: &mut Out) -> Result<(), Error> {
        let t = &self.tally;
        out.raw(r#"],"by_worker":"#);
        write_groups(out, t.by_worker.iter().map(|(k, g)| (k.as_ref(), g)));
        out.raw(r#","by_grid":"#);
        write_groups(out, t.by_grid.iter().map(|(k, g)| (k.as_ref(), g)));
        out.raw(r#","by_tier":"#);
        write_groups(
            out,
            self.policy
                .tiers()
                .iter()
                .zip(&t.by_tier)
                .filter(|(_, g)| g.residents > 0)
                .map(|(tier, g)| (tier.code.as_str(), g)),
        );
        out.raw(r#","total":"#);
        write_group(out, &t.total);
        out.raw("}");
        Ok(())
    }
}

/// Writes `{key: group, ...}` in the order given.
fn write_groups<'a>(out: &mut Out, groups: impl Iterator<Item = (&'a str, &'a CompletionGroup)>) {
    out.raw("{");
    for (i, (k, g)) in groups.enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.str(k);
        out.raw(":");
        write_group(out, g);
    }
    out.raw("}");
}

/// Writes `{"required", "met", "rate"}`.
fn write_group(out: &mut Out, g: &CompletionGroup) {
    out.raw(r#"{"required":"#);
    out.int(g.required as i64);
    out.raw(r#","met":"#);
    out.int(g.met as i64);
    out.raw(r#","rate":"#);
    match g.rate() {
        Some(r) => out.raw(&r.to_string()),
        None => out.raw("null"),
    }
    out.raw("}");
}

/// The fields of `worker.assess`.
pub(crate) const ASSESS_FIELDS: &[&str] = &[
    "op",
    "from",
    "to",
    "residents",
    "cases",
    "scheme",
    "policy",
    "rules",
    "catalog",
    "handling",
    "calendar",
];

/// The fields of a case of `worker.assess`.
const CASE_LOG_FIELDS: &[&str] = &["case", "events", "handler"];

/// The rules of one `worker.assess` request.
struct Assess<'r> {
    policy: &'r VisitPolicy,
    range: &'r CompletionRange,
    router: &'r CaseRouter,
    handling: &'r HandlingPolicy,
    calendar: &'r Calendar,
    window: Window,
}

/// `worker.assess` `{"from", "to", "residents", "cases", "scheme"?,
/// "policy"?, "rules"?, "catalog"?, "handling"?, "calendar"?}` →
/// `{"workers": [{"worker", "score", "rank", "items", "deductions"}],
/// "errors"}`.
pub(crate) fn assess(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let from = o.date("from")?;
    let to = o.date("to")?;
    crate::visit::plan::check_range(from, to)?;
    let scheme = scheme::from_request(o)?;
    out.uses(&scheme);
    let policy = from_request(o)?;
    out.uses(&policy);
    let router = router_from_request(o, out)?;
    let handling = crate::handling::policy::from_request(o)?;
    out.uses(&handling);
    let calendar = crate::calendar::json::from_request(o)?;
    out.uses(&calendar);
    let range = CompletionRange::new(&policy, from, to)?;
    let a = Assess {
        policy: &policy,
        range: &range,
        router: &router,
        handling: &handling,
        calendar: &calendar,
        window: Window::new(from, to),
    };
    let mut tallies: BTreeMap<Cow<'_, str>, Scores> = BTreeMap::new();
    let mut errors: Vec<(Value, Error)> = Vec::new();
    let (mut days, mut scratch) = (Vec::new(), Vec::new());
    o.each_record(
        "residents",
        RESIDENT_FIELDS,
        &["visits"],
        |i, rec| match read_resident(a.policy, a.range, (&mut days, &mut scratch), i, rec) {
            Ok(r) => {
                if let Some(w) = r.worker {
                    tallies.entry(w).or_default().add_visits(r.done);
                }
            }
            Err(e) => errors.push((rec.id().value(), e)),
        },
    )?;
    // The first bad case fails the request; after it the rest are only
    // parsed.
    let mut first: Result<(), Error> = Ok(());
    o.each_record("cases", CASE_LOG_FIELDS, &["case", "events"], |i, rec| {
        if first.is_ok() {
            first = a.case(i, rec, &mut tallies);
        }
    })?;
    first?;
    let workers = rank(&scheme, tallies);
    out.raw(r#"{"workers":["#);
    for (i, w) in workers.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        write_worker(out, w);
    }
    out.raw(r#"],"errors":["#);
    for (i, (id, e)) in errors.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.row_error(id, e);
    }
    out.raw("]}");
    Ok(())
}

impl Assess<'_> {
    /// Reads case `i` (its handler, the case, each event up to the end of
    /// the range) and counts it into its handler's tally.
    fn case<'t>(
        &self,
        i: usize,
        rec: &Record<'t>,
        tallies: &mut BTreeMap<Cow<'t, str>, Scores>,
    ) -> Result<(), Error> {
        let list = Path::Root.field("cases");
        let p = list.index(i);
        let o = rec.view(p)?;
        let handler = o.nonblank("handler", crate::assessment::BLANK_HANDLER)?;
        let case = Record::parse(o.req("case")?, CASE_FIELDS)?;
        let decision = classify_one(self.router, &case, p.field("case"))?;
        let profile = CaseProfile::of(&decision, self.router.rules());
        let mut run = CaseRun::new(self.handling, self.calendar, profile, self.window);
        let events = p.field("events");
        let mut first: Result<(), Error> = Ok(());
        o.each_record("events", EVENT_FIELDS, &[], |j, e| {
            if first.is_ok() {
                first = event(&mut run, e, events, j);
            }
        })?;
        first?;
        run.finish(tallies.entry(handler).or_default())
            .map_err(|e| e.at(events.render()))
    }
}

/// Event `j` of a case: applied when it is at or before the end of the
/// range; a later one is only checked to be an event object with a time.
fn event(run: &mut CaseRun<'_>, rec: &Record<'_>, list: Path<'_>, j: usize) -> Result<(), Error> {
    let kind = rec
        .peek("event")
        .and_then(|v| v.as_str())
        .and_then(|name| EventKind::from_name(&name));
    let at = rec
        .peek("at")
        .and_then(|v| v.as_str())
        .and_then(|s| crate::timestamp::parse_timestamp(&s).ok());
    if let Some(t) = at {
        let path = list.index(j);
        let apply = run
            .admit(kind, t)
            .map_err(|m| path.error(ErrorCode::InvalidEvent, m))?;
        if !apply {
            rec.view_within(path, EVENT_FIELDS)?.settle();
            return Ok(());
        }
    }
    // A bad time, or one within the range: read and applied as
    // `case.timeline` reads an event (which reports a bad one).
    let (kind, t, satisfied) = read_event(&mut run.tracker, rec, list, j)?;
    run.applied(kind, t, satisfied);
    Ok(())
}

/// Writes one worker's `{"worker", "score", "rank", "items",
/// "deductions"}`.
fn write_worker(out: &mut Out, w: &WorkerScore) {
    out.raw(r#"{"worker":"#);
    out.str(&w.worker);
    out.raw(r#","score":"#);
    match w.score {
        Some(s) => out.raw(&s.to_string()),
        None => out.raw("null"),
    }
    out.raw(r#","rank":"#);
    match w.rank {
        Some(r) => out.int(i64::from(r)),
        None => out.raw("null"),
    }
    out.raw(r#","items":["#);
    for (i, it) in w.items.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.raw(r#"{"code":"#);
        out.code(it.code.as_str());
        out.raw(r#","weight":"#);
        out.int(i64::from(it.weight));
        out.raw(r#","value":"#);
        match it.value {
            Some(v) => out.raw(&v.to_string()),
            None => out.raw("null"),
        }
        out.raw(r#","points":"#);
        match it.points {
            Some(p) => out.raw(&p.to_string()),
            None => out.raw("null"),
        }
        out.raw("}");
    }
    out.raw(r#"],"deductions":["#);
    for (i, d) in w.deductions.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.raw(r#"{"code":"#);
        out.code(d.code.as_str());
        out.raw(r#","count":"#);
        out.raw(&d.count.to_string());
        out.raw(r#","points":"#);
        out.raw(&d.points.to_string());
        out.raw("}");
    }
    out.raw("]}");
}
