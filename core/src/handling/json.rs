//! The JSON ops of case handling: `case.timeline` (one case and its
//! events) and `case.supervise` (the morning sweep over open steps, a batch
//! read and answered row by row in one pass), and
//! [`respond_timeline`], the one-case call of the C ABI with a policy and a
//! calendar of the caller's.

use super::events::EventKind;
use super::policy::{self, CaseProfile, HandlingPolicy, StepPeriod, default_report_minutes};
use super::steps::StepKind;
use super::supervision::{Clock, check_minutes};
use super::timeline::{RawTimeline, Tracker};
use crate::calendar::json::read_amount;
use crate::calendar::{Calendar, PeriodUnit, default_calendar};
use crate::catalog::CaseClass;
use crate::error::{Error, ErrorCode};
use crate::request::{Batch, Out, Rows};
use crate::request::{Obj, Path, Record};
use crate::triage::json::{CASE_FIELDS, classify_one, router_from_request};
use crate::triage::{Decision, Level, MAX_REPORT_MINUTES, default_rules};
use std::borrow::Cow;

/// The fields of `case.timeline`.
pub(crate) const TIMELINE_FIELDS: &[&str] = &[
    "op", "case", "events", "as_of", "handling", "rules", "catalog", "calendar",
];
/// The fields of `case.supervise`.
pub(crate) const SUPERVISE_FIELDS: &[&str] = &["op", "as_of", "steps", "handling", "calendar"];
/// The fields of a request to [`respond_timeline`].
const ONE_CASE_FIELDS: &[&str] = &["case", "events", "as_of", "rules", "catalog"];

/// Every field an event may have; each kind takes some of them.
pub(crate) const EVENT_FIELDS: &[&str] = &[
    "event",
    "at",
    "satisfied",
    "minutes",
    "hours",
    "days",
    "working_days",
];
const PLAIN_EVENT: &[&str] = &["event", "at"];
const REVIEW_EVENT: &[&str] = &["event", "at", "satisfied"];
const EXTENSION_EVENT: &[&str] = &["event", "at", "minutes", "hours", "days", "working_days"];

/// The period units in code-point order of their names (the order an
/// unknown key is reported in).
const UNITS_BY_NAME: [PeriodUnit; 4] = [
    PeriodUnit::Days,
    PeriodUnit::Hours,
    PeriodUnit::Minutes,
    PeriodUnit::WorkingDays,
];

/// Reads, checks and applies event `i` of the list at `list` (`events`,
/// or `cases[k].events` in `worker.assess`): its kind, time and (for a
/// review) whether the reporter was satisfied.
pub(crate) fn read_event(
    tr: &mut Tracker<'_>,
    rec: &Record<'_>,
    list: Path<'_>,
    i: usize,
) -> Result<(EventKind, i64, bool), Error> {
    let path = list.index(i);
    let kind = rec
        .peek("event")
        .and_then(|v| v.as_str())
        .and_then(|name| EventKind::from_name(&name));
    let allowed = match kind {
        Some(EventKind::Reviewed) => REVIEW_EVENT,
        Some(EventKind::Extended | EventKind::MediationExtended) => EXTENSION_EVENT,
        Some(_) => PLAIN_EVENT,
        None => EVENT_FIELDS,
    };
    let o = rec.view_within(path, allowed)?;
    let name = o.str("event")?;
    let Some(kind) = kind else {
        return Err(o.error(
            "event",
            ErrorCode::InvalidValue,
            format!(
                "unknown event {name:?}; known events: {}",
                EventKind::known_names()
            ),
        ));
    };
    let at = o.timestamp("at")?;
    let satisfied = if kind == EventKind::Reviewed {
        o.opt_bool("satisfied")?.ok_or_else(|| {
            o.error(
                "satisfied",
                ErrorCode::MissingField,
                "reviewed needs \"satisfied\": true or false",
            )
        })?
    } else {
        true
    };
    tr.check(kind, at).map_err(|f| f.at(&list.render(), i))?;
    let mut amount = 0;
    if let Some((step, unit, _)) = tr.extension_unit(kind) {
        if let Some(other) = UNITS_BY_NAME
            .into_iter()
            .find(|u| *u != unit && o.has(u.as_str()))
        {
            return Err(o.error(
                other.as_str(),
                ErrorCode::UnknownField,
                format!(
                    "the {step} step counts in {}; expected \"{}\", not {:?}",
                    unit.as_str(),
                    unit.as_str(),
                    other.as_str()
                ),
            ));
        }
        if !o.has(unit.as_str()) {
            return Err(o.error(
                unit.as_str(),
                ErrorCode::MissingField,
                format!(
                    "{kind} needs \"{}\": the amount added to the {step} step's period",
                    unit.as_str()
                ),
            ));
        }
        amount = read_amount(&o, unit)?;
        tr.check_amount(kind, amount)
            .map_err(|f| f.at(&list.render(), i))?;
    }
    tr.apply(kind, at, satisfied, amount)
        .map_err(|f| f.at(&list.render(), i))?;
    Ok((kind, at, satisfied))
}

/// Reads `as_of`, the router (`rules`, `catalog`) and the case, and
/// classifies it.
fn read_case(o: &Obj<'_, '_>, out: &mut Out) -> Result<(i64, Decision, CaseProfile), Error> {
    let as_of = o.timestamp("as_of")?;
    let router = router_from_request(o, out)?;
    let rec = Record::parse(o.req("case")?, CASE_FIELDS)?;
    let decision = classify_one(&router, &rec, Path::Root.field("case"))?;
    let profile = CaseProfile::of(&decision, router.rules());
    Ok((as_of, decision, profile))
}

/// Reads the events, builds the timeline and writes the result.
fn write_timeline(
    o: &Obj<'_, '_>,
    out: &mut Out,
    (as_of, decision, profile): (i64, Decision, CaseProfile),
    policy: &HandlingPolicy,
    calendar: &Calendar,
) -> Result<(), Error> {
    let mut tr = Tracker::new(policy, calendar, profile, as_of);
    // The events are read in one pass; after the first bad one the rest
    // are only parsed.
    let mut first: Result<(), Error> = Ok(());
    o.each_record("events", EVENT_FIELDS, &[], |i, rec| {
        if first.is_ok() {
            first = read_event(&mut tr, rec, Path::Root.field("events"), i).map(|_| ());
        }
    })?;
    first?;
    let t = tr
        .finish()
        .map_err(|f| Error::new(f.code, f.message).at("events"))?;
    out.raw(r#"{"decision":"#);
    out.json(&decision);
    write_body(out, &t);
    out.raw("}");
    Ok(())
}

/// Writes the fields of a timeline after its decision.
fn write_body(out: &mut Out, t: &RawTimeline) {
    out.raw(r#","state":"#);
    out.code(t.state.as_str());
    out.raw(r#","reopened":"#);
    out.int(i64::from(t.reopened));
    out.raw(r#","extensions":"#);
    out.int(i64::from(t.extensions));
    out.raw(r#","steps":["#);
    for (i, s) in t.steps.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.raw(r#"{"step":"#);
        out.code(s.step.as_str());
        out.raw(r#","started":"#);
        out.timestamp(s.started);
        out.raw(r#","deadline":"#);
        out.timestamp(s.deadline);
        out.raw(r#","ended":"#);
        match s.on_time() {
            Some(on_time) => {
                out.timestamp(s.ended);
                out.raw(if on_time {
                    r#","on_time":true"#
                } else {
                    r#","on_time":false"#
                });
            }
            None => out.raw(r#"null,"on_time":null"#),
        }
        out.raw(r#","supervision":"#);
        match s.supervision {
            Some(level) => out.code(level.as_str()),
            None => out.raw("null"),
        }
        out.raw(if s.provisional {
            r#","provisional":true}"#
        } else {
            r#","provisional":false}"#
        });
    }
    out.raw(r#"],"open":["#);
    for (i, s) in t.open.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.code(s.as_str());
    }
    out.raw(r#"],"supervision":"#);
    match t.supervision {
        Some(level) => out.code(level.as_str()),
        None => out.raw("null"),
    }
    out.raw(if t.provisional {
        r#","provisional":true"#
    } else {
        r#","provisional":false"#
    });
}

/// `case.timeline` `{"case", "events", "as_of", "handling"?, "rules"?,
/// "catalog"?, "calendar"?}` → `{"decision", "state", "reopened",
/// "extensions", "steps", "open", "supervision", "provisional"}`.
pub(crate) fn timeline(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let case = read_case(o, out)?;
    let policy = policy::from_request(o)?;
    out.uses(&policy);
    let calendar = crate::calendar::json::from_request(o)?;
    out.uses(&calendar);
    write_timeline(o, out, case, &policy, &calendar)
}

/// The response to a `case.timeline` request without `op`, `handling` or
/// `calendar` — `{"case", "events", "as_of", "rules"?, "catalog"?}` — with
/// the caller's policy and calendar: what the C ABI's one-case call runs.
/// The stamp names the given policy and calendar (their digests are
/// computed per call unless they are the embedded ones).
///
/// # Example
/// ```
/// use wangshi::handling::{respond_timeline, default_handling_policy};
/// let r = respond_timeline(default_handling_policy(), wangshi::calendar::default_calendar(),
///     r#"{"case": {"id": "c1", "item": "CS-01", "reported_on": "2026-11-16"},
///         "events": [{"event": "reported", "at": "2026-11-16T09:00"}], "as_of": "2026-11-16T12:00"}"#);
/// assert!(r.error.is_none(), "{}", r.text);
/// assert!(r.text.contains(r#""open":["accept"],"supervision":"overdue""#), "{}", r.text);
/// let bad = respond_timeline(default_handling_policy(), wangshi::calendar::default_calendar(), r#"{"op": "case.timeline"}"#);
/// assert_eq!(bad.error.unwrap().code(), wangshi::ErrorCode::UnknownField);
/// ```
pub fn respond_timeline(
    policy: &HandlingPolicy,
    calendar: &Calendar,
    request: &str,
) -> crate::Response {
    crate::ops::respond_with(request, ONE_CASE_FIELDS, |o, out| {
        let case = read_case(o, out)?;
        out.uses_data(policy, policy::default_handling_policy());
        out.uses_data(calendar, default_calendar());
        write_timeline(o, out, case, policy, calendar)
    })
}

/// The fields of a row of `case.supervise`.
const STEP_FIELDS: &[&str] = &[
    "id",
    "step",
    "started",
    "class",
    "level",
    "immediate_report",
    "report_within_minutes",
    "extended",
];

/// `case.supervise` `{"as_of", "steps", "handling"?, "calendar"?}` →
/// `{"results": [{"id", "deadline", "seconds_left", "supervision",
/// "provisional"}]}` in input order, a bad row carrying its own `{"id",
/// "error"}`.
pub(crate) const SUPERVISE: Batch = Batch {
    field: "steps",
    required: true,
    rows: STEP_FIELDS,
    nested: &[],
    begin: begin_supervise,
};

struct Sweep {
    policy: Cow<'static, HandlingPolicy>,
    calendar: Cow<'static, Calendar>,
    clock: Clock,
}

fn begin_supervise<'t>(o: &Obj<'t, '_>, out: &mut Out) -> Result<Box<dyn Rows<'t> + 't>, Error> {
    let as_of = o.timestamp("as_of")?;
    let policy = policy::from_request(o)?;
    out.uses(&policy);
    let calendar = crate::calendar::json::from_request(o)?;
    out.uses(&calendar);
    out.raw(r#"{"results":["#);
    let clock = Clock::new(&calendar, as_of);
    Ok(Box::new(Sweep {
        policy,
        calendar,
        clock,
    }))
}

/// A code field of a row, looked up with `find`; `invalid_value` listing
/// `known` when it names nothing.
fn code_of<T>(
    o: &Obj<'_, '_>,
    name: &str,
    what: &str,
    find: impl Fn(&str) -> Option<T>,
    known: impl FnOnce() -> String,
) -> Result<T, Error> {
    let code = o.str(name)?;
    find(&code).ok_or_else(|| {
        o.error(
            name,
            ErrorCode::InvalidValue,
            format!("unknown {what} {code:?}; expected one of: {}", known()),
        )
    })
}

impl Sweep {
    fn row(&self, i: usize, rec: &Record<'_>, out: &mut Out) -> Result<(), Error> {
        let list = Path::Root.field("steps");
        let path = list.index(i);
        let o = rec.view(path)?;
        let id = o.nonblank("id", "a step id must not be empty")?;
        let step = code_of(
            &o,
            "step",
            "step",
            StepKind::from_name,
            StepKind::known_names,
        )?;
        let started = o.timestamp("started")?;
        let class = code_of(&o, "class", "case class", CaseClass::from_name, || {
            crate::error::listing(CaseClass::ALL.map(CaseClass::as_str))
        })?;
        let level = code_of(
            &o,
            "level",
            "level",
            |s| Level::ALL.into_iter().find(|l| l.as_str() == s),
            || crate::error::listing(Level::ALL.map(Level::as_str)),
        )?;
        let immediate = o.opt_bool("immediate_report")?.ok_or_else(|| {
            o.error(
                "immediate_report",
                ErrorCode::MissingField,
                "missing required field \"immediate_report\"",
            )
        })?;
        let given = o.opt_uint("report_within_minutes", u64::from(MAX_REPORT_MINUTES))?;
        let minutes = match given {
            Some(m) => {
                check_minutes(m as u32).map_err(|f| f.error(&self.policy, &path.render()))?
            }
            None => default_report_minutes(default_rules(), immediate),
        };
        let extended = o.opt_uint("extended", u64::from(u32::MAX))?.unwrap_or(0) as u32;
        let profile = CaseProfile {
            class,
            level,
            immediate_report: immediate,
            report_within_minutes: minutes,
        };
        let r = self
            .policy
            .supervise_checked(
                &self.calendar,
                &self.clock,
                step,
                started,
                &profile,
                extended,
            )
            .map_err(|f| f.error(&self.policy, &path.render()))?;
        if given.is_none() && self.policy.period(step, &profile) == StepPeriod::ReportWithinMinutes
        {
            // The period came from the embedded triage rules.
            out.uses(&Cow::Borrowed(default_rules()));
        }
        out.raw(r#"{"id":"#);
        out.str(&id);
        out.raw(r#","deadline":"#);
        out.timestamp(r.deadline);
        out.raw(r#","seconds_left":"#);
        out.int(r.seconds_left);
        out.raw(r#","supervision":"#);
        out.code(r.supervision.as_str());
        out.raw(if r.provisional {
            r#","provisional":true}"#
        } else {
            r#","provisional":false}"#
        });
        Ok(())
    }
}

impl<'t> Rows<'t> for Sweep {
    fn row(&mut self, i: usize, rec: &Record<'t>, out: &mut Out) {
        if i > 0 {
            out.raw(",");
        }
        let id = rec.id();
        if let Err(e) = Sweep::row(self, i, rec, out) {
            out.row_error(&id.value(), &e);
        }
    }

    fn finish(self: Box<Self>, out: &mut Out) -> Result<(), Error> {
        out.raw("]}");
        Ok(())
    }
}
