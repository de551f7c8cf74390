//! `visit.worklist`: every resident with an alert, most urgent first, and the
//! alert counts per grid worker — the list a grid worker opens each morning.

use super::batch::VisitOutput;
use super::policy::VisitPolicy;
use super::resident::{Resident, VisitStatus};
use super::status::Alert;
use crate::date::{self, NO_DATE};
use crate::error::{Error, ErrorCode};
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// One resident on the worklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorklistEntry {
    /// Resident id.
    pub id: String,
    /// Tier code.
    pub tier: String,
    /// The resident's grid, if given.
    pub grid: Option<String>,
    /// The responsible grid worker.
    pub worker: String,
    /// The alert (never `None` on a worklist).
    pub alert: Alert,
    /// The full status.
    pub status: VisitStatus,
    tier_rank: u8,
}

/// Alert counts of one worker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlertCounts {
    /// Residents due soon.
    pub reminder: u32,
    /// Residents with a missed period.
    pub warning: u32,
    /// Residents past the escalation threshold.
    pub escalation: u32,
}

/// The result of [`worklist`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Worklist {
    /// Every resident with an alert, ordered by alert (escalation first),
    /// tier severity (most severe first), `days_left`, then id.
    pub alerts: Vec<WorklistEntry>,
    /// Alert counts for every worker named by a valid row (zero counts
    /// included, so an idle worker shows).
    pub by_worker: BTreeMap<String, AlertCounts>,
    /// Rows that could not be evaluated: (input index, id, error).
    pub errors: Vec<(usize, String, Error)>,
}

/// Builds the day's worklist for `residents` as of `as_of`.
///
/// A resident without a `worker`, with an unknown tier or with impossible
/// dates lands in [`Worklist::errors`]; the others are still listed.
///
/// # Errors
/// `invalid_date` when `as_of` is outside 1900–2199.
///
/// # Example
/// ```
/// use wangshi::visit::{VisitPolicy, Resident, Alert, worklist};
/// use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let residents = vec![
///     Resident::new("a", "green", d("2026-01-05")).with_worker("w1", "g1"),
///     Resident::new("b", "red", d("2026-11-20")).with_last_visit(d("2026-11-24")).with_worker("w1", "g1"),
///     Resident::new("c", "green", d("2026-01-05")).with_last_visit(d("2026-11-02")).with_worker("w2", "g2"),
/// ];
/// let w = worklist(&VisitPolicy::default(), d("2026-11-26"), &residents)?;
/// assert_eq!(w.alerts.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["b", "a"]);
/// assert_eq!(w.by_worker["w1"].escalation, 2);
/// assert_eq!(w.by_worker["w2"].escalation, 0);
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn worklist(
    policy: &VisitPolicy,
    as_of: chrono::NaiveDate,
    residents: &[Resident],
) -> Result<Worklist, Error> {
    let as_of = date::checked_days(as_of).map_err(|e| e.at("as_of"))?;
    let day = policy.on_day(as_of)?;
    let mut w = Worklist::default();
    for (i, r) in residents.iter().enumerate() {
        // An unknown code is reported after the dates are checked, in the
        // JSON op's order.
        let tier = policy.tier_index(&r.tier).unwrap_or(super::UNKNOWN_TIER);
        let since = date::to_days(r.tier_since);
        let last = r.last_visit.map_or(NO_DATE, date::to_days);
        let status = day
            .evaluate(tier, since, last)
            .map_err(|c| policy.row_error(c, &r.tier, since, last, as_of))
            .and_then(|raw| VisitStatus::from_raw(&raw));
        let status = match status {
            Ok(s) => s,
            Err(e) => {
                w.errors.push((i, r.id.clone(), e));
                continue;
            }
        };
        // Checked after the status, in the same order as the JSON op.
        let Some(worker) = r.worker.as_deref().filter(|w| !w.trim().is_empty()) else {
            w.errors.push((i, r.id.clone(), no_worker()));
            continue;
        };
        let counts = w.by_worker.entry(worker.to_owned()).or_default();
        let Some(alert) = status.alert else { continue };
        match alert {
            Alert::Reminder => counts.reminder += 1,
            Alert::Warning => counts.warning += 1,
            Alert::Escalation => counts.escalation += 1,
        }
        w.alerts.push(WorklistEntry {
            id: r.id.clone(),
            tier: r.tier.clone(),
            grid: r.grid.clone(),
            worker: worker.to_owned(),
            alert,
            status,
            tier_rank: tier,
        });
    }
    sort_alerts(&mut w.alerts);
    Ok(w)
}

/// The contract's order: alert (escalation, warning, reminder), tier severity
/// (most severe first), `days_left`, then id.
pub(crate) fn sort_alerts(alerts: &mut [WorklistEntry]) {
    alerts.sort_by(|a, b| {
        (
            Reverse(a.alert),
            Reverse(a.tier_rank),
            a.status.days_left,
            &a.id,
        )
            .cmp(&(
                Reverse(b.alert),
                Reverse(b.tier_rank),
                b.status.days_left,
                &b.id,
            ))
    });
}

/// The message of a resident id that is only blanks.
pub(crate) const BLANK_ID: &str = "a resident id must not be empty";

/// A valid resident without a worker cannot be listed.
pub(crate) const NO_WORKER: &str = "a worklist resident needs a worker";

/// [`NO_WORKER`] at `worker`.
pub(crate) fn no_worker() -> Error {
    Error::new(ErrorCode::MissingField, NO_WORKER).at("worker")
}

impl WorklistRows<'_> {
    /// The error of a row of [`WorklistRows::errors`] that is not its
    /// status row's own (`row_error` 0: a missing or blank id, or no
    /// worker), located at `id` or `worker`; `None` for a row whose status
    /// failed, which [`VisitDay::explain`](super::VisitDay::explain) explains.
    ///
    /// # Example
    /// ```
    /// use wangshi::visit::WorklistRows;
    /// assert_eq!(WorklistRows::explain_fault(None, 0).unwrap().path(), Some("id"));
    /// assert_eq!(WorklistRows::explain_fault(Some("r1"), 0).unwrap().path(), Some("worker"));
    /// assert!(WorklistRows::explain_fault(Some("r1"), 4).is_none());
    /// ```
    pub fn explain_fault(id: Option<&str>, row_error: u8) -> Option<Error> {
        match id {
            None => Some(Error::missing_field("id")),
            Some(s) if s.trim().is_empty() => {
                Some(Error::new(ErrorCode::InvalidValue, BLANK_ID).at("id"))
            }
            Some(_) if row_error != 0 => None,
            Some(_) => Some(no_worker()),
        }
    }
}

/// The worklist of a columnar batch, as row numbers: what
/// [`worklist_rows`] returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorklistRows<'a> {
    /// The rows with an alert, in the worklist's order (alert, escalation
    /// first; tier severity, most severe first; `days_left`; id).
    pub alerts: Vec<usize>,
    /// Alert counts per worker named by a valid row, ordered by worker
    /// (zero counts included, so an idle worker shows).
    pub by_worker: Vec<(&'a str, AlertCounts)>,
    /// The rows that cannot be listed, in input order, with their code, in
    /// the JSON op's order of checks: `missing_field` for no id and
    /// `invalid_value` for a blank one (the id is read first), then the
    /// batch's row error, then `missing_field` for a valid row without a
    /// worker (none, or only blanks).
    pub errors: Vec<(usize, ErrorCode)>,
}

/// The day's worklist of a columnar batch: the rows of `out` (the result of
/// [`visit_status_batch`](super::visit_status_batch) over `tier` and the
/// residents' dates) that carry an alert, ordered exactly as the JSON op
/// `visit.worklist` orders them, the alert counts per worker, and the rows
/// that cannot be listed. `id` and `worker` are the residents' ids and
/// workers (`None` for none), row for row.
///
/// # Errors
/// `invalid_value` when the columns differ in length.
///
/// # Example
/// ```
/// use wangshi::visit::{VisitPolicy, VisitOutput, visit_status_batch, worklist_rows};
/// use wangshi::date::{parse_date, NO_DATE};
/// let p = VisitPolicy::default();
/// let tier = [0u8, 3, 0];
/// let since = [parse_date("2026-01-05")?, parse_date("2026-11-20")?, parse_date("2026-01-05")?];
/// let last = [NO_DATE, parse_date("2026-11-24")?, parse_date("2026-11-02")?];
/// let mut out = VisitOutput::new(3);
/// visit_status_batch(&p, parse_date("2026-11-26")?, &tier, &since, &last, out.columns())?;
/// let w = worklist_rows(&out, &tier, &[Some("a"), Some("b"), Some("c")], &[Some("w1"), Some("w1"), Some("w2")])?;
/// assert_eq!(w.alerts, [1, 0]); // b (red) before a (green), both escalations
/// assert_eq!(w.by_worker[0].0, "w1");
/// assert_eq!(w.by_worker[0].1.escalation, 2);
/// assert_eq!(w.by_worker[1].1.escalation, 0);
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn worklist_rows<'a>(
    out: &VisitOutput,
    tier: &[u8],
    id: &[Option<&'a str>],
    worker: &[Option<&'a str>],
) -> Result<WorklistRows<'a>, Error> {
    let n = out.len();
    if tier.len() != n || id.len() != n || worker.len() != n {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            format!(
                "worklist columns differ in length: results {n}, tier {}, id {}, worker {}",
                tier.len(),
                id.len(),
                worker.len()
            ),
        ));
    }
    let mut w = WorklistRows::default();
    let mut counts: BTreeMap<&'a str, AlertCounts> = BTreeMap::new();
    for (i, name) in worker.iter().enumerate() {
        let id_code = match id[i] {
            None => Some(ErrorCode::MissingField),
            Some(s) if s.trim().is_empty() => Some(ErrorCode::InvalidValue),
            Some(_) => None,
        };
        if let Some(code) = id_code.or_else(|| ErrorCode::from_u8(out.error[i])) {
            w.errors.push((i, code));
            continue;
        }
        // Checked after the status, in the same order as the JSON op.
        let Some(name) = name.filter(|w| !w.trim().is_empty()) else {
            w.errors.push((i, ErrorCode::MissingField));
            continue;
        };
        let c = counts.entry(name).or_default();
        match Alert::from_u8(out.alert[i]) {
            None => continue,
            Some(Alert::Reminder) => c.reminder += 1,
            Some(Alert::Warning) => c.warning += 1,
            Some(Alert::Escalation) => c.escalation += 1,
        }
        w.alerts.push(i);
    }
    w.alerts.sort_by(|&a, &b| {
        (
            Reverse(out.alert[a]),
            Reverse(tier[a]),
            out.days_left[a],
            id[a],
        )
            .cmp(&(
                Reverse(out.alert[b]),
                Reverse(tier[b]),
                out.days_left[b],
                id[b],
            ))
    });
    w.by_worker = counts.into_iter().collect();
    Ok(w)
}
