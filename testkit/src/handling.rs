//! Synthetic case histories and open steps, deterministic from a seed: the
//! built-in data of the county example, the benchmarks and the property
//! tests of case handling.
//!
//! [`events`] walks one case through the loop — 上报, 吹哨/报到, 签收,
//! 办结 (with 延期), 回访 (with reopening), 结案, 注销, and the mediation
//! track with 司法确认 — choosing each time on time or late against the
//! step's real deadline, so every list it makes is valid under the default
//! handling policy (any prefix of one is valid too: it is cut at `as_of`).
//! Most cases are on time; a tail is late, some are reopened or extended,
//! a few go to mediation.

use crate::rng::SplitMix64;
use chrono::NaiveDateTime;
use wangshi::calendar::{Calendar, Period, PeriodUnit};
use wangshi::handling::{
    CaseProfile, Event, EventKind, HandlingPolicy, NO_EXTENSION, NO_REPORT_MINUTES, StepKind,
};
use wangshi::timestamp::{MAX_TIMESTAMP, to_naive};
use wangshi::triage::{Case, CaseRouter, Flag};
use wangshi::{CaseClass, Level};

/// How adventurous the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    /// A county's month: mostly on time, a tail late, a few reopened,
    /// extended or mediated.
    County,
    /// Every branch often: cancellations, whistles at any point, the whole
    /// confirmation chain, court extensions, repeated reopening — for the
    /// property tests.
    Wild,
}

/// The chance in percent of each branch under a mix.
struct Odds {
    late: u32,
    cancel: u32,
    whistle: u32,
    extend: u32,
    reopen: u32,
    mediate: u32,
    agree: u32,
    apply: u32,
    court_accepts: u32,
    court_extends: u32,
    mediation_extends: u32,
    reports_in: u32,
}

impl Mix {
    fn odds(self) -> Odds {
        match self {
            Mix::County => Odds {
                late: 9,
                cancel: 2,
                whistle: 0,
                extend: 8,
                reopen: 7,
                mediate: 30,
                agree: 75,
                apply: 60,
                court_accepts: 92,
                court_extends: 10,
                mediation_extends: 15,
                reports_in: 96,
            },
            Mix::Wild => Odds {
                late: 35,
                cancel: 12,
                whistle: 35,
                extend: 40,
                reopen: 35,
                mediate: 50,
                agree: 60,
                apply: 75,
                court_accepts: 70,
                court_extends: 50,
                mediation_extends: 50,
                reports_in: 70,
            },
        }
    }
}

/// The deadline of `period` from `start` (minutes and hours on the wall
/// clock, days on the calendar).
fn deadline(calendar: &Calendar, start: i64, period: Period) -> i64 {
    match period {
        Period::Minutes(n) => start + i64::from(n) * 60,
        Period::Hours(n) => start + i64::from(n) * 3600,
        p => calendar
            .deadline_raw(start, p)
            .map(|d| d.deadline)
            .unwrap_or(MAX_TIMESTAMP),
    }
}

/// The events of a walk, in seconds, before they are cut and typed.
struct Walk<'a> {
    rng: &'a mut SplitMix64,
    odds: Odds,
    policy: &'a HandlingPolicy,
    calendar: &'a Calendar,
    profile: CaseProfile,
    t: i64,
    out: Vec<(EventKind, i64, Option<bool>, Option<Period>)>,
}

impl Walk<'_> {
    fn push(&mut self, kind: EventKind, at: i64) {
        self.t = at;
        self.out.push((kind, at, None, None));
    }

    /// A little later (a minute to two hours).
    fn soon(&mut self) -> i64 {
        self.t + 60 + i64::from(self.rng.below(7200))
    }

    /// The time a step started at `from` with deadline `due` ends: mostly
    /// well within its time, sometimes late (up to ten days), never before
    /// the current time.
    fn end_of(&mut self, from: i64, due: i64) -> i64 {
        let at = if self.rng.chance(self.odds.late) {
            let most = if self.rng.chance(70) { 2 } else { 10 };
            due + 1 + self.rng.below64(86_400 * most) as i64
        } else {
            let span = (due - from).max(1) as u64;
            from + self.rng.below64(span * 9 / 10 + 1) as i64
        };
        at.max(self.t)
    }

    fn due(&self, step: StepKind, from: i64, extra: u32) -> i64 {
        let p = self.policy.base_period(step, &self.profile);
        deadline(
            self.calendar,
            from,
            Period::new(p.unit(), p.amount() + extra),
        )
    }

    /// A random extension of `step` (1 ..= base, in its unit).
    fn amount(&mut self, step: StepKind, max: u32) -> Period {
        let p = self.policy.base_period(step, &self.profile);
        Period::new(p.unit(), self.rng.range(1, p.amount().min(max).max(1)))
    }

    /// `whistled` (once), and mostly the department reporting in.
    fn whistle(&mut self, whistled: &mut bool) {
        if *whistled {
            return;
        }
        *whistled = true;
        let at = self.soon();
        self.push(EventKind::Whistled, at);
        if self.rng.chance(self.odds.reports_in) {
            let due = self.due(StepKind::ReportIn, at, 0);
            let back = self.end_of(at, due);
            self.push(EventKind::DepartmentReported, back);
        }
    }

    fn run(&mut self, whistle: bool) {
        let reported = self.t;
        self.push(EventKind::Reported, reported);
        let wild = self.odds.whistle > 0;
        let mut whistled = false;
        if whistle || (wild && self.rng.chance(self.odds.whistle)) {
            self.whistle(&mut whistled);
        }
        if self.rng.chance(self.odds.cancel) {
            let at = self.soon();
            return self.push(EventKind::Cancelled, at);
        }
        let due = self.due(StepKind::Accept, reported, 0);
        let accepted = self.end_of(reported, due);
        self.push(EventKind::Accepted, accepted);
        let mut start = accepted;
        let mut mediated = false;
        let mut agreement = false;
        for round in 0..4 {
            if wild && !whistled && round == 0 && self.rng.chance(self.odds.whistle) {
                self.whistle(&mut whistled);
            }
            if round == 0 && self.rng.chance(self.odds.cancel) {
                let at = self.soon();
                return self.push(EventKind::Cancelled, at);
            }
            let complex = self.profile.class == CaseClass::Complex || wild;
            if !mediated && complex && self.rng.chance(self.odds.mediate) {
                mediated = true;
                match self.mediation() {
                    Some(true) => agreement = true,
                    Some(false) => {
                        // mediation_failed started a new resolve step.
                        start = self.t;
                        continue;
                    }
                    None => return,
                }
            }
            if !agreement {
                let mut due = self.due(StepKind::Resolve, start, 0);
                if self.t <= due && self.rng.chance(self.odds.extend) {
                    let span = (due - self.t).max(0) as u64;
                    let at = self.t + self.rng.below64(span + 1) as i64;
                    let p = self.amount(StepKind::Resolve, u32::MAX);
                    self.t = at;
                    self.out.push((EventKind::Extended, at, None, Some(p)));
                    due = self.due(StepKind::Resolve, start, p.amount());
                }
                let at = self.end_of(start, due);
                self.push(EventKind::Resolved, at);
            } else {
                let at = self.soon();
                self.push(EventKind::Resolved, at);
                agreement = false;
            }
            let resolved = self.t;
            let due = self.due(StepKind::Review, resolved, 0);
            let at = self.end_of(resolved, due);
            let satisfied = round == 3 || !self.rng.chance(self.odds.reopen);
            self.t = at;
            self.out
                .push((EventKind::Reviewed, at, Some(satisfied), None));
            if satisfied {
                let at = self.soon();
                return self.push(EventKind::Closed, at);
            }
            start = at;
        }
    }

    /// The mediation track from now: `Some(true)` after an agreement (and
    /// perhaps the confirmation chain), `Some(false)` after a failure,
    /// `None` when the case was cancelled.
    fn mediation(&mut self) -> Option<bool> {
        let started = self.soon();
        self.push(EventKind::MediationStarted, started);
        let mut extra = 0;
        if self.rng.chance(self.odds.mediation_extends) {
            let due = self.due(StepKind::Mediate, started, 0);
            let span = (due - self.t).max(0) as u64;
            let at = self.t + self.rng.below64(span + 1) as i64;
            let p = self.amount(StepKind::Mediate, 20);
            extra = p.amount();
            self.t = at;
            self.out
                .push((EventKind::MediationExtended, at, None, Some(p)));
        }
        let due = self.due(StepKind::Mediate, started, extra);
        let at = self.end_of(started, due);
        if !self.rng.chance(self.odds.agree) {
            self.push(EventKind::MediationFailed, at);
            return Some(false);
        }
        self.push(EventKind::AgreementReached, at);
        let agreed = at;
        if self.rng.chance(self.odds.apply) {
            let due = self.due(StepKind::ApplyConfirmation, agreed, 0);
            let applied = self.end_of(agreed, due);
            self.push(EventKind::ConfirmationApplied, applied);
            let due = self.due(StepKind::CourtAccept, applied, 0);
            let at = self.end_of(applied, due);
            if !self.rng.chance(self.odds.court_accepts) {
                self.push(EventKind::ConfirmationRefused, at);
                return Some(true);
            }
            self.push(EventKind::ConfirmationAccepted, at);
            let accepted = at;
            let mut extra = 0;
            if self.rng.chance(self.odds.court_extends) {
                let due = self.due(StepKind::CourtDecide, accepted, 0);
                let span = (due - self.t).max(0) as u64;
                let at = self.t + self.rng.below64(span + 1) as i64;
                self.push(EventKind::CourtExtended, at);
                extra = self.policy.court_extension().amount();
            }
            let due = self.due(StepKind::CourtDecide, accepted, extra);
            let at = self.end_of(accepted, due);
            let decision = if self.rng.chance(90) {
                EventKind::Confirmed
            } else {
                EventKind::ConfirmationRejected
            };
            self.push(decision, at);
        }
        Some(true)
    }
}

/// A valid event list of a case with `profile` reported at `reported`
/// (seconds since 1970-01-01T00:00 local), under the default handling
/// policy's order and periods, cut at `as_of` (so a case may still be
/// open). `whistle`: the decision has a whistle (the department is called
/// in); with [`Mix::Wild`] cases are also whistled at random.
///
/// # Example
/// ```
/// use wangshi::handling::{HandlingPolicy, CaseProfile, EventKind};
/// use wangshi::{CaseClass, Level, TriageRules, calendar::default_calendar};
/// use wangshi_testkit::{handling::{events, Mix}, rng::SplitMix64};
/// let p = CaseProfile::new(CaseClass::General, Level::Grid, false, None, &TriageRules::default());
/// let t = wangshi::timestamp::parse_timestamp("2026-11-02T09:00")?;
/// let policy = HandlingPolicy::default();
/// let e = events(&mut SplitMix64::new(1), &policy, default_calendar(), &p, false, t, t + 86_400 * 60, Mix::County);
/// assert_eq!(e[0].kind, EventKind::Reported);
/// assert!(policy.timeline(default_calendar(), &p, &e, wangshi::timestamp::to_naive(t + 86_400 * 60)?).is_ok());
/// # Ok::<(), wangshi::Error>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn events(
    rng: &mut SplitMix64,
    policy: &HandlingPolicy,
    calendar: &Calendar,
    profile: &CaseProfile,
    whistle: bool,
    reported: i64,
    as_of: i64,
    mix: Mix,
) -> Vec<Event> {
    let mut w = Walk {
        rng,
        odds: mix.odds(),
        policy,
        calendar,
        profile: *profile,
        t: reported,
        out: Vec::with_capacity(10),
    };
    w.run(whistle);
    w.out
        .into_iter()
        .take_while(|(_, at, _, _)| *at <= as_of)
        .map(|(kind, at, satisfied, extension)| Event {
            kind,
            at: naive(at),
            satisfied,
            extension,
        })
        .collect()
}

fn naive(t: i64) -> NaiveDateTime {
    to_naive(t).expect("synthetic times are within chrono's range")
}

/// One synthetic case and its events.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The case as reported.
    pub case: Case,
    /// Its events up to `as_of`.
    pub events: Vec<Event>,
}

/// `n` cases reported over the `days` days up to `as_of` (seconds since
/// 1970-01-01T00:00 local), between 07:00 and 21:00, with their histories
/// (under the default triage rules, catalogue and handling policy, and
/// `calendar`), from `seed`.
///
/// # Example
/// ```
/// use wangshi_testkit::handling::county_month;
/// let as_of = wangshi::timestamp::parse_timestamp("2026-11-26T08:00")?;
/// let month = county_month(wangshi::calendar::default_calendar(), 200, 30, as_of, 7);
/// assert_eq!(month.len(), 200);
/// assert!(month.iter().all(|h| !h.events.is_empty()));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn county_month(
    calendar: &Calendar,
    n: usize,
    days: u32,
    as_of: i64,
    seed: u64,
) -> Vec<History> {
    let router = CaseRouter::default_router();
    let policy = wangshi::handling::default_handling_policy();
    let today = wangshi::timestamp::day_of(as_of);
    let cases = crate::triage::cases(router.catalog(), n, today - days as i32 + 1, today, seed);
    let mut rng = SplitMix64::new(seed ^ 0x5EED);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let item = &router.catalog().items()[cases.item[i] as usize];
        let day = cases.reported_on[i];
        let mut reported =
            wangshi::timestamp::start_of_day(day) + 7 * 3600 + i64::from(rng.below(14 * 3600));
        if reported > as_of {
            reported = as_of - i64::from(rng.below(3600));
        }
        let mut case = Case::new(
            format!("e{:05}", i + 1),
            item.code.clone(),
            naive(reported).date(),
        )
        .with_parties(cases.parties[i] as u32)
        .with_repeat_count(cases.repeat_count[i] as u32)
        .with_amount(cases.amount[i]);
        for f in Flag::ALL {
            if cases.flags[i] & f.mask() != 0 {
                case = case.with_flag(f);
            }
        }
        let events = match router.classify(&case) {
            Ok(d) => {
                let profile = CaseProfile::of(&d, router.rules());
                events(
                    &mut rng,
                    policy,
                    calendar,
                    &profile,
                    d.whistle.is_some(),
                    reported,
                    as_of,
                    Mix::County,
                )
            }
            // An item not in force that day: the grid worker reports it,
            // nothing more happens.
            Err(_) => vec![Event::new(EventKind::Reported, naive(reported))],
        };
        out.push(History { case, events });
    }
    out
}

/// Open steps as parallel columns, ready for
/// [`HandlingPolicy::supervise_batch`](wangshi::handling::HandlingPolicy::supervise_batch).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenSteps {
    /// Step number per row.
    pub step: Vec<u8>,
    /// Start per row (seconds).
    pub started: Vec<i64>,
    /// Class number per row.
    pub class: Vec<u8>,
    /// Level number per row.
    pub level: Vec<u8>,
    /// Immediate report (0/1) per row.
    pub immediate_report: Vec<u8>,
    /// Report-in minutes per row ([`NO_REPORT_MINUTES`] for most).
    pub report_within_minutes: Vec<u32>,
    /// Extension per row ([`NO_EXTENSION`] for most).
    pub extended: Vec<u32>,
}

impl OpenSteps {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.step.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.step.is_empty()
    }

    /// The rows as the input columns of a sweep.
    pub fn columns(&self) -> wangshi::handling::OpenStepColumns<'_> {
        wangshi::handling::OpenStepColumns {
            step: &self.step,
            started: &self.started,
            class: &self.class,
            level: &self.level,
            immediate_report: &self.immediate_report,
            report_within_minutes: &self.report_within_minutes,
            extended: &self.extended,
        }
    }
}

/// `n` steps open at `as_of`, started up to 30 days before it, of a
/// county's mix (mostly resolve, accept and review steps; a few report-in,
/// mediation and court steps; some extended), from `seed`. Every row is
/// valid.
///
/// # Example
/// ```
/// let as_of = wangshi::timestamp::parse_timestamp("2026-11-26T08:00")?;
/// let s = wangshi_testkit::handling::open_steps(1000, as_of, 3);
/// assert_eq!(s.len(), 1000);
/// assert!(s.started.iter().all(|&t| t <= as_of));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn open_steps(n: usize, as_of: i64, seed: u64) -> OpenSteps {
    let policy = wangshi::handling::default_handling_policy();
    let rules = wangshi::triage::default_rules();
    let mut rng = SplitMix64::new(seed);
    let mut s = OpenSteps {
        step: Vec::with_capacity(n),
        started: Vec::with_capacity(n),
        class: Vec::with_capacity(n),
        level: Vec::with_capacity(n),
        immediate_report: Vec::with_capacity(n),
        report_within_minutes: Vec::with_capacity(n),
        extended: Vec::with_capacity(n),
    };
    for _ in 0..n {
        let step = match rng.below(100) {
            0..45 => StepKind::Resolve,
            45..65 => StepKind::Accept,
            65..80 => StepKind::Review,
            80..88 => StepKind::ReportIn,
            88..93 => StepKind::Mediate,
            93..96 => StepKind::ApplyConfirmation,
            96..98 => StepKind::CourtAccept,
            _ => StepKind::CourtDecide,
        };
        let class = match rng.below(100) {
            0..60 => CaseClass::General,
            60..80 => CaseClass::Safety,
            _ => CaseClass::Complex,
        };
        let level = if class == CaseClass::General && rng.chance(70) {
            Level::Grid
        } else {
            Level::Community
        };
        let immediate = rng.chance(4);
        let profile = CaseProfile::new(class, level, immediate, None, rules);
        let base = policy.base_period(step, &profile);
        // Accept steps are young (hours), the others up to a month old.
        let age = match base.unit() {
            PeriodUnit::Minutes | PeriodUnit::Hours => rng.below64(86_400 / 2),
            _ => rng.below64(86_400 * 30),
        } as i64;
        let extended = match step {
            StepKind::Resolve if rng.chance(6) => rng.range(1, base.amount()),
            StepKind::Mediate if rng.chance(10) => rng.range(1, 30),
            StepKind::CourtDecide if rng.chance(15) => policy.court_extension().amount(),
            _ => NO_EXTENSION,
        };
        let minutes = if step == StepKind::ReportIn && rng.chance(30) {
            rng.range(30, 2880)
        } else {
            NO_REPORT_MINUTES
        };
        s.step.push(step as u8);
        s.started.push(as_of - age);
        s.class.push(class as u8);
        s.level.push(level as u8);
        s.immediate_report.push(u8::from(immediate));
        s.report_within_minutes.push(minutes);
        s.extended.push(extended);
    }
    s
}
