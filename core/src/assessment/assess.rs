//! 每月一考核 — the grid worker's assessment over a range: visit
//! completion from the visit logs, and the handling of the worker's cases,
//! scored by the [scheme](AssessmentScheme), ranked with ties.
//!
//! - **Workers**: every worker named by a valid resident's `worker` or by a
//!   case's `handler`.
//! - **Cases**: each is evaluated as its timeline at the end of `to`
//!   (23:59:59); events after that are not applied. A case with no event
//!   by then counts nothing; a case whose events up to then break the rules
//!   of case handling fails the whole assessment (`invalid_event` at
//!   `cases[i].events[j]`).
//! - **Items** (metrics over `[from, to]`): `visits` Σ met / Σ required
//!   over the worker's residents; `on_time_accept` the share of the
//!   worker's `accept` steps ended by `accepted` in the range that were on
//!   time; `on_time_resolve` the same of `resolve` steps ended by
//!   `resolved` (steps ended otherwise, and open steps, are not counted);
//!   `satisfaction` satisfied / all `reviewed` events in the range.
//! - **Deductions**: the scheme's `accountability_points` for each of the
//!   worker's `accept`, `resolve` and `review` steps still open at the end
//!   of `to` in supervision level `accountability`.
//! - **Score**: an item without a denominator is empty (no value, no
//!   points) and the others are scaled up to the full weight: (Σ points of
//!   the non-empty items) × (Σ all weights) / (Σ weights of the non-empty
//!   items) − deductions, floored at 0; none when the non-empty items weigh
//!   nothing (every item empty). Exact rational arithmetic, rounded
//!   half-even once: values to 4 decimals, points and scores to 2.
//! - **Ranking**: by score (at 2 decimals) descending, then worker id in
//!   code-point order; equal scores share a rank (1, 1, 3); workers
//!   without a score come last, without a rank.

use super::VisitLog;
use super::completion::{CompletionRange, group_key, one};
use super::exact::{self, Term};
use super::rate::{Points, Rate, round_half_even};
use super::scheme::{AssessmentItem, AssessmentScheme, default_scheme};
use crate::calendar::{Calendar, default_calendar};
use crate::date;
use crate::error::{Error, ErrorCode};
use crate::handling::timeline::{RawStep, Tracker, typed_event};
use crate::handling::{
    CaseProfile, Event, EventKind, HandlingPolicy, StepKind, Supervision, default_handling_policy,
};
use crate::timestamp::{self, format_timestamp};
use crate::triage::{Case, CaseRouter};
use crate::visit::VisitPolicy;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A case as the host keeps it for the assessment: the case, its events
/// (every one recorded so far, in time order) and the grid worker who
/// handles it.
///
/// # Example
/// ```
/// use wangshi::assessment::CaseLog;
/// use wangshi::handling::{Event, EventKind};
/// use wangshi::triage::Case;
/// let t = |s: &str| format!("2026-11-{s}:00").parse::<chrono::NaiveDateTime>().unwrap();
/// let log = CaseLog::new("w1", Case::new("c1", "CS-01", t("16T09:00").date()))
///     .with_events([Event::new(EventKind::Reported, t("16T09:00"))]);
/// assert_eq!((log.handler.as_str(), log.events.len()), ("w1", 1));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CaseLog {
    /// The grid worker the case counts for (must not be blank).
    pub handler: String,
    /// The case as reported (its triage decision sets the steps' periods).
    pub case: Case,
    /// Its events in time order; those after the end of the range are not
    /// applied.
    pub events: Vec<Event>,
}

impl CaseLog {
    /// A case without events.
    pub fn new(handler: impl Into<String>, case: Case) -> CaseLog {
        CaseLog {
            handler: handler.into(),
            case,
            events: Vec::new(),
        }
    }

    /// The same case with these events (added to any it has).
    pub fn with_events(mut self, events: impl IntoIterator<Item = Event>) -> CaseLog {
        self.events.extend(events);
        self
    }
}

/// The rules an assessment uses: the scheme, the visit policy, the triage
/// router (rules and catalogue), the handling policy and the working-day
/// calendar.
///
/// # Example
/// ```
/// use wangshi::assessment::AssessmentRules;
/// let rules = AssessmentRules::embedded();
/// assert_eq!(rules.scheme.total_weight(), 100);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AssessmentRules<'a> {
    /// The scoring scheme.
    pub scheme: &'a AssessmentScheme,
    /// The visit policy (tiers and cadences).
    pub policy: &'a VisitPolicy,
    /// The triage router that classifies each case.
    pub router: &'a CaseRouter,
    /// The handling policy (steps, periods, supervision thresholds).
    pub handling: &'a HandlingPolicy,
    /// The working-day calendar.
    pub calendar: &'a Calendar,
}

impl AssessmentRules<'static> {
    /// The embedded defaults of every data set.
    pub fn embedded() -> AssessmentRules<'static> {
        AssessmentRules {
            scheme: default_scheme(),
            policy: crate::visit::default_policy(),
            router: CaseRouter::default_router(),
            handling: default_handling_policy(),
            calendar: default_calendar(),
        }
    }
}

/// One item of a worker's assessment: the metric `part / whole` (`whole`
/// 0 for an empty item), its value and its points.
///
/// # Example
/// ```
/// use wangshi::assessment::{ItemScore, AssessmentItem};
/// let i = ItemScore::new(AssessmentItem::Visits, 50, 2, 3);
/// assert_eq!((i.value.unwrap().to_string(), i.points.unwrap().to_string()), ("0.6667".into(), "33.33".into()));
/// assert_eq!(ItemScore::new(AssessmentItem::Satisfaction, 10, 0, 0).points, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemScore {
    /// The item.
    pub code: AssessmentItem,
    /// Its weight in the scheme.
    pub weight: u32,
    /// The metric's numerator (met obligations, steps on time, satisfied
    /// reviews).
    pub part: u64,
    /// The metric's denominator (obligations, steps counted, reviews); 0
    /// when the item is empty.
    pub whole: u64,
    /// `part / whole` rounded half-even to 4 decimals; `None` when empty.
    pub value: Option<Rate>,
    /// `weight × part / whole` rounded half-even to 2 decimals; `None`
    /// when empty.
    pub points: Option<Points>,
}

impl ItemScore {
    /// The item scored from its metric (`part <= whole`).
    pub fn new(code: AssessmentItem, weight: u32, part: u64, whole: u64) -> ItemScore {
        let points = (whole > 0).then(|| {
            let num = u128::from(weight) * u128::from(part) * u128::from(Points::SCALE);
            Points::from_hundredths(round_half_even(num, u128::from(whole)) as u64)
        });
        ItemScore {
            code,
            weight,
            part,
            whole,
            value: Rate::of(part, whole),
            points,
        }
    }
}

/// A deduction from a worker's score: its code (the supervision level
/// `accountability`), how many steps incurred it and the points deducted.
///
/// # Example
/// ```
/// use wangshi::assessment::Deduction;
/// use wangshi::handling::Supervision;
/// let d = Deduction { code: Supervision::Accountability, count: 2, points: 10 };
/// assert_eq!(d.code.as_str(), "accountability");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Deduction {
    /// Why: `accountability` (问责/通报), a step 5 or more working days past
    /// its deadline by default.
    pub code: Supervision,
    /// The worker's `accept`, `resolve` and `review` steps open in that
    /// level at the end of the range.
    pub count: u64,
    /// `count × accountability_points`.
    pub points: u64,
}

/// One worker's assessment: the score and rank, explained by the items
/// (in scheme order) and the deductions.
///
/// # Example
/// ```
/// use wangshi::assessment::{assess, AssessmentRules, VisitLog};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let r1 = VisitLog::new("r1", "red", d("2026-11-25")).with_worker("w2", "B")
///     .with_visits(["2026-11-26", "2026-11-27", "2026-11-30"].map(d));
/// let a = assess(&AssessmentRules::embedded(), d("2026-11-01"), d("2026-11-30"), &[r1], &[])?;
/// let w = &a.workers[0];
/// // Only the visits item has a denominator: 3 of 5 days, scaled up from 50 to 100.
/// assert_eq!((w.worker.as_str(), w.score.unwrap().to_string(), w.rank), ("w2", "60.0".into(), Some(1)));
/// assert_eq!(w.items[0].points.unwrap().to_string(), "30.0");
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkerScore {
    /// The worker's id.
    pub worker: String,
    /// The score, rounded half-even to 2 decimals; `None` when every item
    /// is empty.
    pub score: Option<Points>,
    /// 1 for the best score; equal scores share a rank (1, 1, 3); `None`
    /// without a score.
    pub rank: Option<u32>,
    /// Every item of the scheme, in its order.
    pub items: Vec<ItemScore>,
    /// The deductions: one `accountability` row, always present.
    pub deductions: Vec<Deduction>,
}

/// The result of [`assess`]: every worker, best first, and the residents
/// that could not be evaluated.
///
/// # Example
/// ```
/// use wangshi::assessment::{assess, AssessmentRules, VisitLog};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let bad = VisitLog::new("x", "purple", d("2026-01-01")).with_worker("w1", "A");
/// let a = assess(&AssessmentRules::embedded(), d("2026-11-01"), d("2026-11-30"), &[bad], &[])?;
/// assert!(a.workers.is_empty()); // named only by a resident with an error
/// assert_eq!(a.errors[0].1.code(), wangshi::ErrorCode::UnknownTier);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Every worker: by score descending, then id; those without a score
    /// last.
    pub workers: Vec<WorkerScore>,
    /// Each resident that could not be evaluated (an unknown tier, a date
    /// outside 1900–2199): its id and its error, with a path within the
    /// resident. It counts for no worker.
    pub errors: Vec<(String, Error)>,
}

/// How many of how many: a metric's numerator and denominator.
///
/// # Example
/// ```
/// let s = wangshi::assessment::Share { part: 2, whole: 3 };
/// assert_eq!(s.rate().unwrap().to_string(), "0.6667");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Share {
    /// The numerator (met, on time, satisfied).
    pub part: u64,
    /// The denominator (required, counted, reviewed); 0 leaves the item
    /// empty.
    pub whole: u64,
}

impl Share {
    /// `part / whole` rounded half-even to 4 decimals; `None` when `whole`
    /// is 0.
    pub fn rate(&self) -> Option<Rate> {
        Rate::of(self.part, self.whole)
    }
}

/// What a worker is scored on, summed over the worker's residents and
/// cases: the counts behind every item and the deduction.
///
/// # Example
/// ```
/// use wangshi::assessment::{AssessmentScheme, Share, WorkerCounts};
/// let counts = WorkerCounts { visits: Share { part: 2, whole: 3 }, accountable: 1, ..Default::default() };
/// let w = AssessmentScheme::default().score("w1", &counts);
/// // 50 × 2/3 scaled up to 100, less 5 for the step in accountability.
/// assert_eq!(w.score.unwrap().to_string(), "61.67");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct WorkerCounts {
    /// Visit obligations met of those required, over the worker's
    /// residents.
    pub visits: Share,
    /// `accept` steps ended by `accepted` in the range: on time of all.
    pub accept: Share,
    /// `resolve` steps ended by `resolved` in the range: on time of all.
    pub resolve: Share,
    /// `reviewed` events in the range: satisfied of all.
    pub reviews: Share,
    /// `accept`, `resolve` and `review` steps open in `accountability` at
    /// the end of the range.
    pub accountable: u64,
}

impl WorkerCounts {
    /// Counts in one valid resident's completion.
    pub(crate) fn add_visits(&mut self, c: super::Completion) {
        self.visits.part += u64::from(c.met);
        self.visits.whole += u64::from(c.required);
    }

    /// The counts behind an item.
    ///
    /// # Example
    /// ```
    /// use wangshi::assessment::{AssessmentItem, Share, WorkerCounts};
    /// let c = WorkerCounts { reviews: Share { part: 1, whole: 2 }, ..Default::default() };
    /// assert_eq!(c.share(AssessmentItem::Satisfaction), Share { part: 1, whole: 2 });
    /// ```
    pub fn share(&self, item: AssessmentItem) -> Share {
        match item {
            AssessmentItem::Visits => self.visits,
            AssessmentItem::OnTimeAccept => self.accept,
            AssessmentItem::OnTimeResolve => self.resolve,
            AssessmentItem::Satisfaction => self.reviews,
        }
    }
}

impl AssessmentScheme {
    /// One worker's items, deductions and score from the counts (without a
    /// rank, which depends on the other workers): each item's points
    /// `weight × part / whole`, the score (Σ points of the non-empty items)
    /// × (Σ all weights) / (Σ weights of the non-empty items) −
    /// `accountable × accountability_points`, floored at 0, exact and
    /// rounded half-even once; `None` when the non-empty items weigh
    /// nothing (every item empty).
    ///
    /// # Example
    /// ```
    /// use wangshi::assessment::{AssessmentScheme, Share, WorkerCounts};
    /// let s = AssessmentScheme::default();
    /// let c = WorkerCounts { visits: Share { part: 2, whole: 3 }, accept: Share { part: 1, whole: 3 }, ..Default::default() };
    /// // (100/3 + 10/3) × 100/60 = 61.11, exactly; the rounded points would give 61.10.
    /// let w = s.score("w1", &c);
    /// assert_eq!(w.score.unwrap().to_string(), "61.11");
    /// assert_eq!(w.items[1].points.unwrap().to_string(), "3.33");
    /// assert_eq!(s.score("w2", &WorkerCounts::default()).score, None);
    /// ```
    pub fn score(&self, worker: impl Into<String>, counts: &WorkerCounts) -> WorkerScore {
        let items: Vec<ItemScore> = self
            .items()
            .iter()
            .map(|i| {
                let s = counts.share(i.code);
                ItemScore::new(i.code, i.weight, s.part, s.whole)
            })
            .collect();
        let terms: Vec<Term> = items
            .iter()
            .filter(|i| i.whole > 0)
            .map(|i| Term {
                weight: u64::from(i.weight),
                part: i.part,
                whole: i.whole,
            })
            .collect();
        let deducted = u128::from(counts.accountable) * u128::from(self.accountability_points());
        let score =
            exact::score(&terms, self.total_weight(), deducted).map(Points::from_hundredths);
        WorkerScore {
            worker: worker.into(),
            score,
            rank: None,
            items,
            deductions: vec![Deduction {
                code: Supervision::Accountability,
                count: counts.accountable,
                points: u64::try_from(deducted).unwrap_or(u64::MAX),
            }],
        }
    }
}

/// The range of an assessment in seconds (`from` 00:00:00 to `to`
/// 23:59:59): cases are evaluated at its end.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    start: i64,
    end: i64,
}

impl Window {
    pub(crate) fn new(from: i32, to: i32) -> Window {
        Window {
            start: timestamp::start_of_day(from),
            end: timestamp::end_of_day(to),
        }
    }

    #[inline]
    fn contains(&self, t: i64) -> bool {
        self.start <= t && t <= self.end
    }
}

/// One case being read for the assessment: its tracker, the reviews in
/// the range, and the latest event not applied (after the end of the
/// range), if any.
pub(crate) struct CaseRun<'a> {
    pub(crate) tracker: Tracker<'a>,
    window: Window,
    applied: bool,
    reviews: Share,
    skipped: Option<(Option<EventKind>, i64)>,
}

impl<'a> CaseRun<'a> {
    pub(crate) fn new(
        handling: &'a HandlingPolicy,
        calendar: &'a Calendar,
        profile: CaseProfile,
        window: Window,
    ) -> CaseRun<'a> {
        CaseRun {
            tracker: Tracker::new(handling, calendar, profile, window.end),
            window,
            applied: false,
            reviews: Share::default(),
            skipped: None,
        }
    }

    /// Whether an event at `at` is applied: `false` for one after the end
    /// of the range. An event at or before the end after one that is not
    /// breaks the time order: `invalid_event` (its message).
    pub(crate) fn admit(&mut self, kind: Option<EventKind>, at: i64) -> Result<bool, String> {
        if at > self.window.end {
            if self.skipped.is_none() {
                self.skipped = Some((kind, at));
            }
            return Ok(false);
        }
        match self.skipped {
            None => Ok(true),
            Some((prev, prev_at)) => Err(format!(
                "{} at {} is before an earlier event of the list ({}, {}): events are listed in time order",
                kind.map_or("the event", EventKind::as_str),
                format_timestamp(at),
                prev.map_or("an event", EventKind::as_str),
                format_timestamp(prev_at)
            )),
        }
    }

    /// Notes an event that was applied (`satisfied` for a review).
    pub(crate) fn applied(&mut self, kind: EventKind, at: i64, satisfied: bool) {
        self.applied = true;
        if kind == EventKind::Reviewed && self.window.contains(at) {
            self.reviews.part += u64::from(satisfied);
            self.reviews.whole += 1;
        }
    }

    /// After the last event: the case counted into its handler's tally.
    ///
    /// Errors: `internal_error` when a deadline could not be counted.
    pub(crate) fn finish(self, tally: &mut WorkerCounts) -> Result<(), Error> {
        if !self.applied {
            return Ok(());
        }
        let t = self
            .tracker
            .finish()
            .map_err(|f| Error::new(f.code, f.message))?;
        for s in &t.steps {
            count_step(tally, s, &self.window);
        }
        tally.reviews.part += self.reviews.part;
        tally.reviews.whole += self.reviews.whole;
        Ok(())
    }
}

/// Counts one step of a case's timeline at the end of the range.
fn count_step(tally: &mut WorkerCounts, s: &RawStep, w: &Window) {
    let own = match s.step {
        StepKind::Accept => Some((&mut tally.accept, EventKind::Accepted)),
        StepKind::Resolve => Some((&mut tally.resolve, EventKind::Resolved)),
        _ => None,
    };
    if let Some((counts, by)) = own {
        if s.ended_by == Some(by) && w.contains(s.ended) {
            counts.part += u64::from(s.ended <= s.deadline);
            counts.whole += 1;
        }
    }
    let deducted = matches!(
        s.step,
        StepKind::Accept | StepKind::Resolve | StepKind::Review
    );
    if deducted && s.is_open() && s.supervision == Some(Supervision::Accountability) {
        tally.accountable += 1;
    }
}

/// Every worker scored and ranked, from their tallies (keys in code-point
/// order).
pub(crate) fn rank<K: AsRef<str>>(
    scheme: &AssessmentScheme,
    tallies: BTreeMap<K, WorkerCounts>,
) -> Vec<WorkerScore> {
    let mut workers: Vec<WorkerScore> = tallies
        .into_iter()
        .map(|(worker, t)| scheme.score(worker.as_ref(), &t))
        .collect();
    // The map gave code-point order; a stable sort keeps it within a score.
    workers.sort_by(|a, b| match (a.score, b.score) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let mut last: Option<(Points, u32)> = None;
    for (i, w) in workers.iter_mut().enumerate() {
        let Some(score) = w.score else { break };
        let rank = match last {
            Some((s, r)) if s == score => r,
            _ => i as u32 + 1,
        };
        last = Some((score, rank));
        w.rank = Some(rank);
    }
    workers
}

/// `worker.assess` for typed residents and cases: every worker named by a
/// valid resident or a case's handler, scored over `[from, to]` by the
/// rules' scheme and ranked.
///
/// - **Workers**: every worker named by a valid resident's `worker` or by a
///   case's `handler`.
/// - **Cases**: each is evaluated as its timeline at the end of `to`
///   (23:59:59); events after that are not applied. A case with no event
///   by then counts nothing; a case whose events up to then break the rules
///   of case handling fails the whole assessment (`invalid_event` at
///   `cases[i].events[j]`).
/// - **Items** (metrics over `[from, to]`): `visits` Σ met / Σ required
///   over the worker's residents; `on_time_accept` the share of the
///   worker's `accept` steps ended by `accepted` in the range that were on
///   time; `on_time_resolve` the same of `resolve` steps ended by
///   `resolved` (steps ended otherwise, and open steps, are not counted);
///   `satisfaction` satisfied / all `reviewed` events in the range.
/// - **Deductions**: the scheme's `accountability_points` for each of the
///   worker's `accept`, `resolve` and `review` steps still open at the end
///   of `to` in supervision level `accountability`.
/// - **Score**: an item without a denominator is empty (no value, no
///   points) and the others are scaled up to the full weight: (Σ points of
///   the non-empty items) × (Σ all weights) / (Σ weights of the non-empty
///   items) − deductions, floored at 0; none when the non-empty items weigh
///   nothing (every item empty). Exact rational arithmetic, rounded
///   half-even once: values to 4 decimals, points and scores to 2.
/// - **Ranking**: by score (at 2 decimals) descending, then worker id in
///   code-point order; equal scores share a rank (1, 1, 3); workers
///   without a score come last, without a rank.
///
/// A resident with an unknown tier or a date outside 1900–2199 carries its
/// error in [`Assessment::errors`] and counts for no one; a worker or
/// grid that is blank counts as none.
///
/// # Errors
/// `invalid_date` for `from` or `to` outside 1900–2199; `invalid_range`
/// when `from > to`; for case `i`: `invalid_value` at `cases[i].handler`
/// when blank, the triage errors at `cases[i].case.<field>`
/// (`unknown_item`, `item_not_in_force`, `invalid_date`), and at
/// `cases[i].events[j]` the errors of
/// [`HandlingPolicy::timeline`] — `invalid_event` for the first event up
/// to the end of `to` that breaks the order of case handling (or comes
/// after an event later than the end of `to`), `invalid_date` for an
/// event's time outside 1900–2199 (at `.at`), `missing_field` /
/// `unknown_field` / `invalid_value` for an extra value.
///
/// # Example
/// ```
/// use wangshi::assessment::{assess, AssessmentRules, CaseLog, VisitLog};
/// use wangshi::handling::{Event, EventKind};
/// use wangshi::triage::Case;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let t = |s: &str| format!("2026-11-{s}:00").parse::<chrono::NaiveDateTime>().unwrap();
/// let residents = [VisitLog::new("g1", "green", d("2025-03-10")).with_worker("w1", "A")
///     .with_visits([d("2026-11-03")])];
/// let cases = [CaseLog::new("w1", Case::new("c1", "CS-01", d("2026-11-16"))).with_events([
///     Event::new(EventKind::Reported, t("16T09:00")),
///     Event::new(EventKind::Accepted, t("16T09:40")),  // within 2 hours
///     Event::new(EventKind::Resolved, t("18T16:00")),  // within 3 working days
///     Event::reviewed(t("19T10:00"), true),
///     Event::new(EventKind::Closed, t("19T11:00")),
/// ])];
/// let a = assess(&AssessmentRules::embedded(), d("2026-11-01"), d("2026-11-30"), &residents, &cases)?;
/// let w = &a.workers[0];
/// assert_eq!((w.score.unwrap().to_string(), w.rank), ("100.0".to_owned(), Some(1)));
/// assert_eq!(w.items.iter().map(|i| i.whole).collect::<Vec<_>>(), [1, 1, 1, 1]);
/// assert_eq!(w.deductions[0].count, 0);
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn assess(
    rules: &AssessmentRules<'_>,
    from: NaiveDate,
    to: NaiveDate,
    residents: &[VisitLog],
    cases: &[CaseLog],
) -> Result<Assessment, Error> {
    let from = date::checked_days(from).map_err(|e| e.at("from"))?;
    let to = date::checked_days(to).map_err(|e| e.at("to"))?;
    let range = CompletionRange::new(rules.policy, from, to)?;
    let window = Window::new(from, to);
    let mut tallies: BTreeMap<&str, WorkerCounts> = BTreeMap::new();
    let mut errors = Vec::new();
    let (mut days, mut scratch) = (Vec::new(), Vec::new());
    for log in residents {
        match one(rules.policy, &range, log, &mut days, &mut scratch) {
            Ok(c) => {
                if let Some(w) = group_key(log.worker.as_deref()) {
                    tallies.entry(w).or_default().add_visits(c);
                }
            }
            Err(e) => errors.push((log.id.clone(), e)),
        }
    }
    for (i, c) in cases.iter().enumerate() {
        let at = format!("cases[{i}]");
        if c.handler.trim().is_empty() {
            return Err(Error::new(ErrorCode::InvalidValue, super::BLANK_HANDLER)
                .at(format!("{at}.handler")));
        }
        let tally = tallies.entry(c.handler.as_str()).or_default();
        let decision = rules
            .router
            .classify(&c.case)
            .map_err(|e| e.within(&format!("{at}.case")))?;
        let profile = CaseProfile::of(&decision, rules.router.rules());
        let mut run = CaseRun::new(rules.handling, rules.calendar, profile, window);
        let list = format!("{at}.events");
        for (j, e) in c.events.iter().enumerate() {
            let t = timestamp::from_naive(e.at).map_err(|x| x.at(format!("{list}[{j}].at")))?;
            let apply = run
                .admit(Some(e.kind), t)
                .map_err(|m| Error::new(ErrorCode::InvalidEvent, m).at(format!("{list}[{j}]")))?;
            if !apply {
                continue;
            }
            typed_event(&mut run.tracker, e).map_err(|f| f.at(&list, j))?;
            run.applied(e.kind, t, e.satisfied.unwrap_or(true));
        }
        run.finish(tally).map_err(|e| e.at(list))?;
    }
    Ok(Assessment {
        workers: rank(rules.scheme, tallies),
        errors,
    })
}
