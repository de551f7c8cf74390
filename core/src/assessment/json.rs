//! The JSON op of visit completion: `visit.completion`.
//!
//! The resident rows are read one at a time, in one pass over their text;
//! each result row is written as soon as it is computed and the groups are
//! summed on the way, then written at the end.

use super::completion::{CompletionGroup, CompletionRange, Tally, evaluate, group_key};
use crate::error::{Error, ErrorCode};
use crate::request::{Batch, Out, Rows};
use crate::request::{Obj, Path, Record};
use crate::visit::VisitPolicy;
use crate::visit::policy::from_request;
use std::borrow::Cow;

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

impl<'t> Completion<'t> {
    /// Reads resident `i` in the order of its fields (`id`, `tier`,
    /// `tier_since`, `worker`, `grid`, every visit), then looks its tier up.
    fn read(&mut self, i: usize, rec: &Record<'t>) -> Result<Row<'t>, Error> {
        let list = Path::Root.field("residents");
        let p = list.index(i);
        let o = rec.view(p)?;
        let id = o.str("id")?;
        if id.trim().is_empty() {
            return Err(o.error(
                "id",
                ErrorCode::InvalidValue,
                "a resident id must not be empty",
            ));
        }
        let tier = o.str("tier")?;
        let since = o.date("tier_since")?;
        let worker = o.opt_str("worker")?;
        let grid = o.opt_str("grid")?;
        let visits = o.array("visits")?;
        let field = p.field("visits");
        self.days.clear();
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
            self.days.push(day);
        }
        let Some(t) = self.policy.tier_index(&tier) else {
            return Err(self.policy.unknown_tier(&tier).within(&p.render()));
        };
        let t = usize::from(t);
        let done = evaluate(&self.range, t, since, &self.days, &mut self.scratch);
        Ok(Row {
            id,
            tier: t,
            worker: group_key(worker),
            grid: group_key(grid),
            done,
        })
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
