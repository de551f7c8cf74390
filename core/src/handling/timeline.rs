//! 事件处置闭环 — a case's timeline: its events checked against the order
//! of case handling, the steps they start and end with their deadlines,
//! and the supervision of the steps still open at `as_of`.

use super::events::{Event, EventKind};
use super::policy::{CaseProfile, HandlingPolicy};
use super::steps::StepKind;
use super::supervision::{Clock, Supervision};
use crate::calendar::{Calendar, Period, PeriodUnit};
use crate::error::{Error, ErrorCode};
use crate::timestamp::{self, NO_TIMESTAMP, format_timestamp};
use chrono::NaiveDateTime;

/// A step of a timeline, in seconds since 1970-01-01T00:00 local.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawStep {
    pub(crate) step: StepKind,
    pub(crate) started: i64,
    pub(crate) deadline: i64,
    /// [`NO_TIMESTAMP`] while open.
    pub(crate) ended: i64,
    /// The event that ended it (`None` while open): the monthly assessment
    /// counts only the steps ended by their own completing event.
    pub(crate) ended_by: Option<EventKind>,
    /// Set for the steps open at `as_of` when the timeline is finished.
    pub(crate) supervision: Option<Supervision>,
    pub(crate) provisional: bool,
    unit: PeriodUnit,
    base: u32,
    added: u32,
    extensions: u32,
}

impl RawStep {
    #[inline]
    pub(crate) fn is_open(&self) -> bool {
        self.ended == NO_TIMESTAMP
    }

    /// `ended <= deadline` once ended.
    #[inline]
    pub(crate) fn on_time(&self) -> Option<bool> {
        (!self.is_open()).then_some(self.ended <= self.deadline)
    }
}

/// The largest n a step's period may reach with its extensions: the unit's
/// largest, or the base itself when it is larger (report-in minutes may be
/// up to a year).
#[inline]
pub(crate) fn limit(unit: PeriodUnit, base: u32) -> u32 {
    unit.max_amount().max(base)
}

/// A problem of one event: its code, the field of the event it concerns
/// (`None` for the event itself) and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) code: ErrorCode,
    pub(crate) field: Option<&'static str>,
    pub(crate) message: String,
}

impl Fault {
    fn event(message: String) -> Fault {
        Fault {
            code: ErrorCode::InvalidEvent,
            field: None,
            message,
        }
    }

    /// The error located at event `i` of the list at `list`.
    pub(crate) fn at(self, list: &str, i: usize) -> Error {
        let path = match self.field {
            Some(f) => format!("{list}[{i}].{f}"),
            None => format!("{list}[{i}]"),
        };
        Error::new(self.code, self.message).at(path)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mediation {
    NotStarted,
    Open,
    Agreed,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Court {
    None,
    Applied,
    Accepted,
    Refused,
    Decided,
}

/// The state of a case as its events are read one by one: checks each
/// event against the order of case handling, then applies it.
pub(crate) struct Tracker<'a> {
    policy: &'a HandlingPolicy,
    calendar: &'a Calendar,
    profile: CaseProfile,
    as_of: i64,
    pub(crate) steps: Vec<RawStep>,
    count: usize,
    last: Option<EventKind>,
    last_at: i64,
    accepted: bool,
    whistled: bool,
    department_reported: bool,
    resolved: bool,
    agreement_pending: bool,
    last_review: Option<bool>,
    mediation: Mediation,
    court: Court,
    court_extended: bool,
    terminal: Option<EventKind>,
    pub(crate) reopened: u32,
    pub(crate) extensions: u32,
}

impl<'a> Tracker<'a> {
    pub(crate) fn new(
        policy: &'a HandlingPolicy,
        calendar: &'a Calendar,
        profile: CaseProfile,
        as_of: i64,
    ) -> Tracker<'a> {
        Tracker {
            policy,
            calendar,
            profile,
            as_of,
            steps: Vec::with_capacity(6),
            count: 0,
            last: None,
            last_at: NO_TIMESTAMP,
            accepted: false,
            whistled: false,
            department_reported: false,
            resolved: false,
            agreement_pending: false,
            last_review: None,
            mediation: Mediation::NotStarted,
            court: Court::None,
            court_extended: false,
            terminal: None,
            reopened: 0,
            extensions: 0,
        }
    }

    /// The latest open step of a kind.
    fn open_step(&self, step: StepKind) -> Option<usize> {
        self.steps
            .iter()
            .rposition(|s| s.step == step && s.is_open())
    }

    /// Why `kind` may not come next (ignoring its time), or `Ok`.
    fn allowed(&self, kind: EventKind) -> Result<(), String> {
        use EventKind as E;
        if self.count == 0 {
            return if kind == E::Reported {
                Ok(())
            } else {
                Err(format!("a case's first event is reported, found {kind}"))
            };
        }
        if let Some(t) = self.terminal {
            return Err(format!("nothing follows {t}"));
        }
        let once = |done: bool| {
            if done {
                Err(format!("{kind} may occur only once"))
            } else {
                Ok(())
            }
        };
        match kind {
            E::Reported => Err("only the first event is reported".to_owned()),
            E::Accepted => once(self.accepted),
            E::Whistled => {
                once(self.whistled)?;
                if self.resolved {
                    return Err("whistled must come before resolved".to_owned());
                }
                Ok(())
            }
            E::DepartmentReported => {
                if !self.whistled {
                    return Err("department_reported must follow whistled".to_owned());
                }
                once(self.department_reported)
            }
            E::Extended => {
                let Some(i) = self.open_step(StepKind::Resolve) else {
                    return Err("extended needs an open resolve step".to_owned());
                };
                let max = self.policy.max_extensions();
                if self.steps[i].extensions >= max {
                    return Err(format!(
                        "the open resolve step was already extended {} time(s), the most max_extensions allows ({max})",
                        self.steps[i].extensions
                    ));
                }
                Ok(())
            }
            E::Resolved => {
                if self.open_step(StepKind::Resolve).is_none() && !self.agreement_pending {
                    return Err(
                        "resolved needs an open resolve step or a mediation agreement (agreement_reached)"
                            .to_owned(),
                    );
                }
                Ok(())
            }
            E::Reviewed => {
                if self.last != Some(E::Resolved) {
                    return Err("reviewed must come right after resolved".to_owned());
                }
                Ok(())
            }
            E::Closed => {
                if self.last_review != Some(true) {
                    return Err("closed needs a satisfied review before it".to_owned());
                }
                Ok(())
            }
            E::Cancelled => {
                if self.resolved {
                    return Err("cancelled must come before the first resolved".to_owned());
                }
                Ok(())
            }
            E::MediationStarted => {
                if !self.accepted {
                    return Err("mediation_started must follow accepted".to_owned());
                }
                once(self.mediation != Mediation::NotStarted)
            }
            E::MediationExtended | E::AgreementReached | E::MediationFailed => {
                if self.mediation != Mediation::Open {
                    return Err(format!(
                        "{kind} needs a mediation in progress (after mediation_started, before its outcome)"
                    ));
                }
                Ok(())
            }
            E::ConfirmationApplied => {
                if self.mediation != Mediation::Agreed {
                    return Err("confirmation_applied must follow agreement_reached".to_owned());
                }
                once(self.court != Court::None)
            }
            E::ConfirmationAccepted | E::ConfirmationRefused => {
                if self.court != Court::Applied {
                    return Err(format!(
                        "{kind} must follow confirmation_applied, once (the court decides on acceptance once)"
                    ));
                }
                Ok(())
            }
            E::CourtExtended => {
                if self.court != Court::Accepted {
                    return Err(
                        "court_extended must follow confirmation_accepted, before the court's decision"
                            .to_owned(),
                    );
                }
                once(self.court_extended)
            }
            E::Confirmed | E::ConfirmationRejected => {
                if self.court != Court::Accepted {
                    return Err(format!(
                        "{kind} must follow confirmation_accepted, once (the court decides once)"
                    ));
                }
                Ok(())
            }
        }
    }

    /// The events that may come next, for a message.
    fn expected(&self) -> String {
        self.expected_except(None)
    }

    /// The events that may come next but `except`, for a message.
    fn expected_except(&self, except: Option<EventKind>) -> String {
        if let Some(t) = self.terminal {
            return format!("no event after {t}");
        }
        let ok: Vec<&str> = EventKind::ALL
            .into_iter()
            .filter(|k| Some(*k) != except && self.allowed(*k).is_ok())
            .map(EventKind::as_str)
            .collect();
        match ok.as_slice() {
            [] => "no further event".to_owned(),
            [one] => (*one).to_owned(),
            _ => format!("one of: {}", ok.join(", ")),
        }
    }

    fn order_fault(&self, why: String) -> Fault {
        Fault::event(format!("{why}; expected {}", self.expected()))
    }

    /// Checks that an event of `kind` at `at` may come next (everything but
    /// the extra value of `extended` / `mediation_extended`).
    pub(crate) fn check(&self, kind: EventKind, at: i64) -> Result<(), Fault> {
        if self.count == 0 || self.terminal.is_some() || kind == EventKind::Reported {
            self.allowed(kind).map_err(|why| self.order_fault(why))?;
        }
        if self.count > 0 && at < self.last_at {
            return Err(Fault::event(format!(
                "{kind} at {} is before the previous event ({}, {}): events are listed in time order",
                format_timestamp(at),
                self.last.map_or("", EventKind::as_str),
                format_timestamp(self.last_at)
            )));
        }
        if at > self.as_of {
            return Err(Fault::event(format!(
                "{kind} at {} is after as_of ({}): a timeline holds only what has happened",
                format_timestamp(at),
                format_timestamp(self.as_of)
            )));
        }
        self.allowed(kind).map_err(|why| self.order_fault(why))?;
        if kind == EventKind::Extended {
            // allowed() found the open resolve step.
            let s = &self.steps[self.open_step(StepKind::Resolve).unwrap_or_default()];
            if at > s.deadline {
                return Err(Fault::event(format!(
                    "extended at {} is after the resolve step's deadline ({}): an extension is asked for at or before the deadline; expected {}",
                    format_timestamp(at),
                    format_timestamp(s.deadline),
                    self.expected_except(Some(EventKind::Extended))
                )));
            }
        }
        Ok(())
    }

    /// The unit and the largest amount of the extra value of an extension
    /// event that passed [`Tracker::check`]: `extended` counts in the open
    /// resolve step's unit, from 1 to its base amount; `mediation_extended`
    /// in the mediate step's unit.
    pub(crate) fn extension_unit(&self, kind: EventKind) -> Option<(StepKind, PeriodUnit, u32)> {
        match kind {
            EventKind::Extended => {
                let s = &self.steps[self.open_step(StepKind::Resolve)?];
                Some((StepKind::Resolve, s.unit, s.base))
            }
            EventKind::MediationExtended => {
                let (unit, _) = self.policy.base(StepKind::Mediate, &self.profile);
                Some((StepKind::Mediate, unit, unit.max_amount()))
            }
            _ => None,
        }
    }

    /// Checks the amount of an extension event (in the unit of
    /// [`Tracker::extension_unit`]): from 1 to the largest, and the step's
    /// extended period within the largest period.
    pub(crate) fn check_amount(&self, kind: EventKind, amount: u32) -> Result<(), Fault> {
        let Some((step, unit, max)) = self.extension_unit(kind) else {
            return Ok(());
        };
        let field = Some(unit.as_str());
        if amount < 1 || amount > max {
            let what = if kind == EventKind::Extended {
                format!("its period of {max}")
            } else {
                format!("{max}")
            };
            return Err(Fault {
                code: ErrorCode::InvalidValue,
                field,
                message: format!(
                    "{kind} adds a whole number of {} from 1 to {what}, found {amount}",
                    unit.as_str()
                ),
            });
        }
        if let Some(i) = self.open_step(step) {
            let s = &self.steps[i];
            let total = u64::from(s.base) + u64::from(s.added) + u64::from(amount);
            if total > u64::from(limit(s.unit, s.base)) {
                return Err(Fault {
                    code: ErrorCode::InvalidValue,
                    field,
                    message: format!(
                        "{kind} would make the {step} step's period {total} {}, more than the largest ({})",
                        unit.as_str(),
                        limit(s.unit, s.base)
                    ),
                });
            }
        }
        Ok(())
    }

    /// Recomputes a step's deadline from its start with its extended n.
    fn recount(&mut self, i: usize) -> Result<(), Fault> {
        let s = &mut self.steps[i];
        let d = self
            .calendar
            .deadline_unchecked(s.started, s.unit, s.base + s.added)
            .map_err(internal)?;
        // The step's deadline is now this one: its provisional flag is this
        // count's (as `case.supervise` gives it for the extended step).
        s.deadline = d.deadline;
        s.provisional = d.provisional;
        Ok(())
    }

    /// Applies an event that passed [`Tracker::check`] (and
    /// [`Tracker::check_amount`] with `amount` for an extension):
    /// extensions, then the steps it ends, then the step it starts.
    pub(crate) fn apply(
        &mut self,
        kind: EventKind,
        at: i64,
        satisfied: bool,
        amount: u32,
    ) -> Result<(), Fault> {
        use EventKind as E;
        let extend = match kind {
            E::Extended => Some((StepKind::Resolve, amount)),
            E::MediationExtended => Some((StepKind::Mediate, amount)),
            E::CourtExtended => Some((
                StepKind::CourtDecide,
                self.policy.court_extension().amount(),
            )),
            _ => None,
        };
        if let Some((step, n)) = extend {
            if let Some(i) = self.open_step(step) {
                self.steps[i].added += n;
                self.steps[i].extensions += 1;
                self.recount(i)?;
            }
        }
        for s in self.steps.iter_mut() {
            if s.is_open() && self.policy.ends_step(kind, s.step) {
                s.ended = at;
                s.ended_by = Some(kind);
            }
        }
        let reopens = kind == E::Reviewed && !satisfied;
        if kind != E::Reviewed || reopens {
            if let Some(step) = self.policy.starts(kind) {
                let (unit, base) = self.policy.base(step, &self.profile);
                let d = self
                    .calendar
                    .deadline_unchecked(at, unit, base)
                    .map_err(internal)?;
                self.steps.push(RawStep {
                    step,
                    started: at,
                    deadline: d.deadline,
                    ended: NO_TIMESTAMP,
                    ended_by: None,
                    supervision: None,
                    provisional: d.provisional,
                    unit,
                    base,
                    added: 0,
                    extensions: 0,
                });
            }
        }
        match kind {
            E::Reported => {}
            E::Accepted => self.accepted = true,
            E::Whistled => self.whistled = true,
            E::DepartmentReported => self.department_reported = true,
            E::Extended => self.extensions += 1,
            E::Resolved => {
                self.resolved = true;
                self.agreement_pending = false;
            }
            E::Reviewed => {
                self.last_review = Some(satisfied);
                self.reopened += u32::from(reopens);
            }
            E::Closed | E::Cancelled => self.terminal = Some(kind),
            E::MediationStarted => self.mediation = Mediation::Open,
            E::MediationExtended => {}
            E::AgreementReached => {
                self.mediation = Mediation::Agreed;
                self.agreement_pending = true;
            }
            E::MediationFailed => self.mediation = Mediation::Failed,
            E::ConfirmationApplied => self.court = Court::Applied,
            E::ConfirmationAccepted => self.court = Court::Accepted,
            E::ConfirmationRefused => self.court = Court::Refused,
            E::CourtExtended => self.court_extended = true,
            E::Confirmed | E::ConfirmationRejected => self.court = Court::Decided,
        }
        self.last = Some(kind);
        self.last_at = at;
        self.count += 1;
        Ok(())
    }

    /// After the last event: the error of an empty list, else the
    /// supervision of every step still open at `as_of`.
    pub(crate) fn finish(mut self) -> Result<RawTimeline, Fault> {
        if self.count == 0 {
            return Err(Fault::event(
                "a case's events start with reported; the list is empty".to_owned(),
            ));
        }
        let t = *self.policy.thresholds();
        let clock = Clock::new(self.calendar, self.as_of);
        let mut worst = None;
        for s in self.steps.iter_mut().filter(|s| s.is_open()) {
            let (level, provisional) = clock.supervise(self.calendar, &t, s.started, s.deadline);
            s.supervision = Some(level);
            s.provisional |= provisional;
            worst = worst.max(Some(level));
        }
        let mut open: Vec<StepKind> = self
            .steps
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.step)
            .collect();
        open.sort();
        Ok(RawTimeline {
            state: self.last.unwrap_or(EventKind::Reported),
            reopened: self.reopened,
            extensions: self.extensions,
            provisional: self.steps.iter().any(|s| s.provisional),
            steps: self.steps,
            open,
            supervision: worst,
        })
    }
}

fn internal(code: ErrorCode) -> Fault {
    Fault {
        code: ErrorCode::InternalError,
        field: None,
        message: format!("a deadline could not be counted ({code}); please report it"),
    }
}

/// A timeline in seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawTimeline {
    pub(crate) state: EventKind,
    pub(crate) reopened: u32,
    pub(crate) extensions: u32,
    pub(crate) steps: Vec<RawStep>,
    pub(crate) open: Vec<StepKind>,
    pub(crate) supervision: Option<Supervision>,
    pub(crate) provisional: bool,
}

/// One step of a timeline (typed API).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The step.
    pub step: StepKind,
    /// When the event that started it happened.
    pub started: NaiveDateTime,
    /// The last second at which it is on time (inclusive), counted from
    /// `started` with its extended period.
    pub deadline: NaiveDateTime,
    /// When the event that ended it happened; `None` while open.
    pub ended: Option<NaiveDateTime>,
    /// `ended <= deadline`; `None` while open.
    pub on_time: Option<bool>,
    /// Its supervision at `as_of` while open; `None` once ended.
    pub supervision: Option<Supervision>,
    /// Whether counting its deadline, or the working days it is late, asked
    /// about a day of a year the calendar does not cover.
    pub provisional: bool,
    /// Its period with every extension added.
    pub period: Period,
}

/// A case's timeline (typed API): what `case.timeline` gives besides the
/// decision.
///
/// # Example
/// ```
/// use wangshi::handling::{HandlingPolicy, Event, EventKind, CaseProfile, StepKind, Supervision};
/// use wangshi::triage::{CaseRouter, Case};
/// use wangshi::calendar::default_calendar;
/// let t = |s: &str| format!("2026-11-{s}:00").parse::<chrono::NaiveDateTime>().unwrap();
/// let r = CaseRouter::default_router();
/// let d = r.classify(&Case::new("c1", "CS-01", t("16T09:00").date()))?;
/// let events = [Event::new(EventKind::Reported, t("16T09:00")), Event::new(EventKind::Accepted, t("16T09:40"))];
/// let tl = HandlingPolicy::default().timeline(default_calendar(), &CaseProfile::of(&d, r.rules()), &events, t("20T10:00"))?;
/// assert_eq!((tl.state, tl.open.as_slice()), (EventKind::Accepted, &[StepKind::Resolve][..]));
/// assert_eq!(tl.steps[1].deadline.to_string(), "2026-11-19 23:59:59"); // 3 working days
/// // Nov 20 is one working day after the deadline's date: 督办.
/// assert_eq!(tl.supervision, Some(Supervision::Supervision));
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The last event's kind.
    pub state: EventKind,
    /// The number of reopening reviews (`"satisfied": false`).
    pub reopened: u32,
    /// The number of `extended` events.
    pub extensions: u32,
    /// Every step, in the order of the events that started them.
    pub steps: Vec<Step>,
    /// The steps open at `as_of`, in step order.
    pub open: Vec<StepKind>,
    /// The most severe supervision over the open steps (`None` when none
    /// is open).
    pub supervision: Option<Supervision>,
    /// Whether any step is provisional.
    pub provisional: bool,
}

impl RawTimeline {
    fn typed(&self) -> Result<Timeline, Error> {
        let naive = timestamp::to_naive;
        let steps = self
            .steps
            .iter()
            .map(|s| {
                Ok(Step {
                    step: s.step,
                    started: naive(s.started)?,
                    deadline: naive(s.deadline)?,
                    ended: if s.is_open() {
                        None
                    } else {
                        Some(naive(s.ended)?)
                    },
                    on_time: s.on_time(),
                    supervision: s.supervision,
                    provisional: s.provisional,
                    period: Period::new(s.unit, s.base + s.added),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Timeline {
            state: self.state,
            reopened: self.reopened,
            extensions: self.extensions,
            steps,
            open: self.open.clone(),
            supervision: self.supervision,
            provisional: self.provisional,
        })
    }
}

impl HandlingPolicy {
    /// The timeline of a case with this `profile` (see
    /// [`CaseProfile::of`]) from its `events`, as of `as_of`: every rule of
    /// the order of case handling is checked, the steps are started, ended
    /// and extended as the events say, and the steps still open are
    /// supervised.
    ///
    /// # Errors
    /// `invalid_date` at `as_of` or `events[i].at` outside 1900–2199;
    /// `invalid_event` at `events[i]` for the first event that breaks the
    /// order (the message names what was expected instead) or at `events`
    /// for an empty list; for an extension, `missing_field` /
    /// `unknown_field` at `events[i].<unit>` when it lacks the step's unit
    /// or names another, `invalid_value` there for an amount out of range;
    /// `missing_field` at `events[i].satisfied` for a review without it,
    /// `unknown_field` for an extra value on another kind.
    ///
    /// # Example
    /// ```
    /// use wangshi::handling::{HandlingPolicy, Event, EventKind, CaseProfile};
    /// use wangshi::{CaseClass, Level, TriageRules, calendar::default_calendar};
    /// let t = |s: &str| format!("2026-11-{s}:00").parse::<chrono::NaiveDateTime>().unwrap();
    /// let p = CaseProfile::new(CaseClass::General, Level::Grid, false, None, &TriageRules::default());
    /// let events = [Event::new(EventKind::Reported, t("16T09:00")), Event::new(EventKind::Resolved, t("16T10:00"))];
    /// let e = HandlingPolicy::default().timeline(default_calendar(), &p, &events, t("20T10:00")).unwrap_err();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::InvalidEvent, Some("events[1]")));
    /// assert!(e.message().contains("expected one of: accepted, whistled, cancelled"), "{}", e.message());
    /// ```
    pub fn timeline(
        &self,
        calendar: &Calendar,
        profile: &CaseProfile,
        events: &[Event],
        as_of: NaiveDateTime,
    ) -> Result<Timeline, Error> {
        let as_of = timestamp::from_naive(as_of).map_err(|e| e.at("as_of"))?;
        let mut tr = Tracker::new(self, calendar, *profile, as_of);
        for (i, e) in events.iter().enumerate() {
            typed_event(&mut tr, e).map_err(|f| f.at("events", i))?;
        }
        let raw = tr
            .finish()
            .map_err(|f| Error::new(f.code, f.message).at("events"))?;
        raw.typed()
    }
}

/// Checks and applies one typed event, in the order the JSON op reads one:
/// extra values it may not carry, its time, `satisfied`, then the order,
/// then an extension's amount.
pub(crate) fn typed_event(tr: &mut Tracker<'_>, e: &Event) -> Result<(), Fault> {
    let extra = |field: &'static str, code: ErrorCode, message: String| Fault {
        code,
        field: Some(field),
        message,
    };
    if e.kind != EventKind::Reviewed && e.satisfied.is_some() {
        return Err(extra(
            "satisfied",
            ErrorCode::UnknownField,
            format!("only reviewed carries \"satisfied\", not {}", e.kind),
        ));
    }
    let extends = matches!(e.kind, EventKind::Extended | EventKind::MediationExtended);
    if let (false, Some(p)) = (extends, e.extension) {
        return Err(extra(
            p.unit().as_str(),
            ErrorCode::UnknownField,
            format!("{} carries no period amount", e.kind),
        ));
    }
    let at = timestamp::from_naive(e.at).map_err(|x| Fault {
        code: x.code(),
        field: Some("at"),
        message: x.message().to_owned(),
    })?;
    let satisfied = match (e.kind, e.satisfied) {
        (EventKind::Reviewed, Some(s)) => s,
        (EventKind::Reviewed, None) => {
            return Err(extra(
                "satisfied",
                ErrorCode::MissingField,
                "reviewed needs \"satisfied\": true or false".to_owned(),
            ));
        }
        _ => true,
    };
    tr.check(e.kind, at)?;
    let mut amount = 0;
    if let Some((step, unit, _)) = tr.extension_unit(e.kind) {
        match e.extension {
            Some(p) if p.unit() == unit => amount = p.amount(),
            Some(p) => {
                return Err(extra(
                    p.unit().as_str(),
                    ErrorCode::UnknownField,
                    format!(
                        "the {step} step counts in {}; expected \"{}\"",
                        unit.as_str(),
                        unit.as_str()
                    ),
                ));
            }
            None => {
                return Err(extra(
                    unit.as_str(),
                    ErrorCode::MissingField,
                    format!("{} needs \"{}\": the amount added", e.kind, unit.as_str()),
                ));
            }
        }
        tr.check_amount(e.kind, amount)?;
    }
    tr.apply(e.kind, at, satisfied, amount)
}
