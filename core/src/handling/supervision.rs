//! 监督问效 — supervision of a step still open at `as_of`: on track, a
//! yellow warning once most of its time is gone, then overdue, 督办 and
//! 问责 by the working days after its deadline's date.

use super::policy::{CaseProfile, HandlingPolicy};
use super::steps::StepKind;
use super::timeline::limit;
use crate::calendar::{Calendar, PeriodUnit};
use crate::catalog::CaseClass;
use crate::error::{Error, ErrorCode};
use crate::timestamp::day_of;
use crate::triage::{Level, MAX_REPORT_MINUTES};
use chrono::NaiveDateTime;
use std::fmt;

/// How late an open step is, from least to most severe: the `supervision`
/// code of the JSON contract.
///
/// The numbers are the values of the vocabulary `supervision`, of the
/// batch `supervision` column and of the C ABI's `ws_supervision` (0 there
/// means an error row); they are never renumbered. A larger number is more
/// severe, so the most severe of several is their maximum.
///
/// # Example
/// ```
/// use wangshi::handling::Supervision;
/// assert_eq!(Supervision::Accountability.as_str(), "accountability");
/// assert!(Supervision::Overdue > Supervision::Warning);
/// assert_eq!(Supervision::from_u8(4), Some(Supervision::Supervision));
/// assert_eq!(Supervision::Warning.name_zh(), "黄灯预警");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Supervision {
    /// `on_track`: within its time, less than the warning fraction of it
    /// gone.
    OnTrack = 1,
    /// `warning` 黄灯预警: not yet late, but at least the warning fraction
    /// (80 %) of its time is gone.
    Warning = 2,
    /// `overdue` 红灯: past its deadline, fewer working days late than
    /// `supervision_after_working_days` (1).
    Overdue = 3,
    /// `supervision` 督办: late by at least `supervision_after_working_days`
    /// working days, fewer than `accountability_after_working_days` (5).
    Supervision = 4,
    /// `accountability` 问责/通报: late by at least
    /// `accountability_after_working_days` working days.
    Accountability = 5,
}

impl Supervision {
    /// Every level, least severe first (number order).
    pub const ALL: [Supervision; 5] = [
        Supervision::OnTrack,
        Supervision::Warning,
        Supervision::Overdue,
        Supervision::Supervision,
        Supervision::Accountability,
    ];

    /// The contract's code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Supervision::OnTrack => "on_track",
            Supervision::Warning => "warning",
            Supervision::Overdue => "overdue",
            Supervision::Supervision => "supervision",
            Supervision::Accountability => "accountability",
        }
    }

    /// The Chinese name.
    pub const fn name_zh(self) -> &'static str {
        match self {
            Supervision::OnTrack => "正常",
            Supervision::Warning => "黄灯预警",
            Supervision::Overdue => "红灯超期",
            Supervision::Supervision => "督办",
            Supervision::Accountability => "问责通报",
        }
    }

    /// The level with this code, if any.
    pub fn from_name(name: &str) -> Option<Supervision> {
        Supervision::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The level with this number (1–5), if any.
    pub const fn from_u8(n: u8) -> Option<Supervision> {
        if n >= 1 && n as usize <= Supervision::ALL.len() {
            Some(Supervision::ALL[n as usize - 1])
        } else {
            None
        }
    }

    /// Whether the step is past its deadline (overdue or worse).
    pub const fn is_late(self) -> bool {
        self as u8 >= Supervision::Overdue as u8
    }
}

impl fmt::Display for Supervision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::request::write::serialize_as_str!(Supervision);

/// The thresholds of supervision (policy data): the fraction of a step's
/// time after which it is a `warning`, and the working days after the
/// deadline's date from which it is `supervision` and `accountability`.
///
/// # Example
/// ```
/// let t = *wangshi::handling::HandlingPolicy::default().thresholds();
/// assert_eq!((t.warning_fraction(), t.supervision_after_working_days, t.accountability_after_working_days),
///            (0.8, 1, 5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// The warning fraction in millionths (800 000 for 0.8): compared
    /// exactly, so a step at exactly 80 % of its time is a warning.
    pub(crate) warning_ppm: u32,
    /// `supervision` from this many working days after the deadline's date.
    pub supervision_after_working_days: u32,
    /// `accountability` from this many working days after the deadline's
    /// date.
    pub accountability_after_working_days: u32,
}

impl Thresholds {
    /// The warning fraction (0.8 by default): `warning` once
    /// `elapsed ≥ fraction · allowed`.
    pub fn warning_fraction(&self) -> f64 {
        f64::from(self.warning_ppm) / 1e6
    }

    /// The warning fraction in millionths (800 000 for 0.8).
    pub fn warning_fraction_ppm(&self) -> u32 {
        self.warning_ppm
    }
}

/// `as_of` located once on a calendar: its day, the working days through
/// it and the uncovered years through its year, so that supervising a step
/// late at `as_of` locates only the step's deadline.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    as_of: i64,
    day: i32,
    count: u32,
    uncovered: u16,
}

impl Clock {
    /// The clock of `as_of` (within 1900–2199).
    #[inline]
    pub(crate) fn new(calendar: &Calendar, as_of: i64) -> Clock {
        let day = day_of(as_of);
        Clock {
            as_of,
            day,
            count: calendar.index.count_through(day),
            uncovered: calendar.index.uncovered_through_year(day),
        }
    }

    /// The supervision of a step open at `as_of` that started at `start`
    /// with deadline `deadline` (`start < deadline`), and whether counting
    /// the working days late asked about a day of a year the calendar does
    /// not cover.
    #[inline]
    pub(crate) fn supervise(
        &self,
        calendar: &Calendar,
        t: &Thresholds,
        start: i64,
        deadline: i64,
    ) -> (Supervision, bool) {
        if self.as_of <= deadline {
            // elapsed < fraction · allowed, exactly: whole seconds (under
            // 10^10) times millionths stay far below 2^63.
            let elapsed = self.as_of - start;
            let allowed = deadline - start;
            let level = if elapsed * 1_000_000 < i64::from(t.warning_ppm) * allowed {
                Supervision::OnTrack
            } else {
                Supervision::Warning
            };
            return (level, false);
        }
        // The working days d with date(deadline) < d <= date(as_of): the
        // deadline is before as_of, so its day lies within the index.
        let dday = day_of(deadline);
        let (late, provisional) = if dday < self.day {
            let ix = &calendar.index;
            (
                self.count - ix.count_through(dday),
                ix.uncovered_before_year(dday + 1) != self.uncovered,
            )
        } else {
            (0, false)
        };
        let level = if late < t.supervision_after_working_days {
            Supervision::Overdue
        } else if late < t.accountability_after_working_days {
            Supervision::Supervision
        } else {
            Supervision::Accountability
        };
        (level, provisional)
    }
}

/// A step open at `as_of`, as the morning sweep (`case.supervise`) gives
/// it: the step, its start, the case's profile and the amount its period
/// was extended by.
///
/// # Example
/// ```
/// use wangshi::handling::{HandlingPolicy, OpenStep, StepKind, Supervision};
/// use wangshi::{CaseClass, Level, calendar::default_calendar};
/// let t = |s: &str| format!("2026-11-{s}:00").parse::<chrono::NaiveDateTime>().unwrap();
/// let s = OpenStep::new(StepKind::Resolve, t("20T15:00"), CaseClass::General, Level::Grid, false);
/// let r = HandlingPolicy::default().supervise(default_calendar(), &s, t("26T10:00"))?;
/// assert_eq!(r.deadline.to_string(), "2026-11-25 23:59:59");
/// assert_eq!((r.seconds_left, r.supervision), (-36_001, Supervision::Supervision));
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OpenStep {
    /// The step.
    pub step: StepKind,
    /// When it started.
    pub started: NaiveDateTime,
    /// The case's class.
    pub class: CaseClass,
    /// The case's level.
    pub level: Level,
    /// Whether the case is an immediate report.
    pub immediate_report: bool,
    /// The decision's report-in minutes; `None` for the default triage
    /// rules' (30 for an immediate report, else 1440).
    pub report_within_minutes: Option<u32>,
    /// The amount added to the step's n by its extensions (0 for none).
    pub extended: u32,
}

impl OpenStep {
    /// An open step without report-in minutes or extension.
    pub fn new(
        step: StepKind,
        started: NaiveDateTime,
        class: CaseClass,
        level: Level,
        immediate_report: bool,
    ) -> OpenStep {
        OpenStep {
            step,
            started,
            class,
            level,
            immediate_report,
            report_within_minutes: None,
            extended: 0,
        }
    }
}

/// The supervision of an open step (typed API): the row of
/// `case.supervise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Supervised {
    /// The step's deadline (its last on-time second).
    pub deadline: NaiveDateTime,
    /// `deadline − as_of` in whole seconds (negative when late).
    pub seconds_left: i64,
    /// Its supervision level.
    pub supervision: Supervision,
    /// Whether counting the deadline or the working days late asked about a
    /// day of a year the calendar does not cover.
    pub provisional: bool,
}

/// [`Supervised`] in seconds: the row of the columnar sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawSupervised {
    /// The deadline, seconds since 1970-01-01T00:00 local.
    pub deadline: i64,
    /// `deadline − as_of` in seconds.
    pub seconds_left: i64,
    /// Its supervision level.
    pub supervision: Supervision,
    /// As [`Supervised::provisional`].
    pub provisional: bool,
}

impl HandlingPolicy {
    /// The supervision of one step open at `as_of` (the morning sweep,
    /// op `case.supervise`, for one row).
    ///
    /// # Errors
    /// `invalid_date` at `as_of` or `started` outside 1900–2199;
    /// `invalid_value` at `report_within_minutes` outside 1–525 600, at
    /// `extended` for an amount the step cannot have (a step without
    /// extensions, more than `max_extensions` times the resolve step's
    /// period, a court extension other than the policy's, or a period
    /// beyond the largest); `invalid_event` at `started` when the step
    /// starts after `as_of`.
    ///
    /// # Example
    /// ```
    /// use wangshi::handling::{HandlingPolicy, OpenStep, StepKind};
    /// use wangshi::{CaseClass, Level, calendar::default_calendar};
    /// let t = |s: &str| format!("2026-11-{s}:00").parse::<chrono::NaiveDateTime>().unwrap();
    /// let mut s = OpenStep::new(StepKind::Accept, t("26T07:00"), CaseClass::General, Level::Grid, false);
    /// s.extended = 1;
    /// let e = HandlingPolicy::default().supervise(default_calendar(), &s, t("26T10:00")).unwrap_err();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::InvalidValue, Some("extended")));
    /// ```
    pub fn supervise(
        &self,
        calendar: &Calendar,
        step: &OpenStep,
        as_of: NaiveDateTime,
    ) -> Result<Supervised, Error> {
        let as_of = crate::timestamp::from_naive(as_of).map_err(|e| e.at("as_of"))?;
        let started = crate::timestamp::from_naive(step.started).map_err(|e| e.at("started"))?;
        let minutes = match step.report_within_minutes {
            Some(m) => check_minutes(m).map_err(|f| f.error(self, ""))?,
            None => super::policy::default_report_minutes(
                crate::triage::default_rules(),
                step.immediate_report,
            ),
        };
        let profile = CaseProfile {
            class: step.class,
            level: step.level,
            immediate_report: step.immediate_report,
            report_within_minutes: minutes,
        };
        let clock = Clock::new(calendar, as_of);
        let r = self
            .supervise_checked(
                calendar,
                &clock,
                step.step,
                started,
                &profile,
                step.extended,
            )
            .map_err(|f| f.error(self, ""))?;
        Ok(Supervised {
            deadline: crate::timestamp::to_naive(r.deadline)?,
            seconds_left: r.seconds_left,
            supervision: r.supervision,
            provisional: r.provisional,
        })
    }

    /// The checks of a sweep row after its fields are read (the extension,
    /// the start against `as_of`), then its deadline and supervision.
    #[inline]
    pub(crate) fn supervise_checked(
        &self,
        calendar: &Calendar,
        clock: &Clock,
        step: StepKind,
        started: i64,
        profile: &CaseProfile,
        extended: u32,
    ) -> Result<RawSupervised, SweepFault> {
        let (unit, base) = self.base(step, profile);
        if extended > 0 {
            let ok = match step {
                StepKind::Resolve => {
                    u64::from(extended) <= u64::from(self.max_extensions()) * u64::from(base)
                }
                StepKind::Mediate => true,
                StepKind::CourtDecide => extended == self.court_extension().amount(),
                _ => false,
            };
            if !ok {
                return Err(SweepFault::Extension {
                    step,
                    unit,
                    base,
                    extended,
                });
            }
            if u64::from(base) + u64::from(extended) > u64::from(limit(unit, base)) {
                return Err(SweepFault::TooLong {
                    step,
                    unit,
                    base,
                    extended,
                });
            }
        }
        if started > clock.as_of {
            return Err(SweepFault::AfterAsOf {
                started,
                as_of: clock.as_of,
            });
        }
        let d = calendar
            .deadline_unchecked(started, unit, base + extended)
            .map_err(SweepFault::Internal)?;
        let (supervision, late_provisional) =
            clock.supervise(calendar, self.thresholds(), started, d.deadline);
        Ok(RawSupervised {
            deadline: d.deadline,
            seconds_left: d.deadline - clock.as_of,
            supervision,
            provisional: d.provisional || late_provisional,
        })
    }
}

/// A problem of a sweep row found after its fields are read, without an
/// allocation (the columnar sweep keeps only its code; the JSON op and the
/// typed API write its message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SweepFault {
    /// Report-in minutes outside 1–525 600.
    Minutes(u32),
    /// An extension the step cannot have.
    Extension {
        step: StepKind,
        unit: PeriodUnit,
        base: u32,
        extended: u32,
    },
    /// An extension that makes the period longer than the largest.
    TooLong {
        step: StepKind,
        unit: PeriodUnit,
        base: u32,
        extended: u32,
    },
    /// The step starts after `as_of`.
    AfterAsOf { started: i64, as_of: i64 },
    /// A deadline the index could not count (never expected).
    Internal(ErrorCode),
}

impl SweepFault {
    pub(crate) fn code(&self) -> ErrorCode {
        match self {
            SweepFault::Minutes(_) | SweepFault::Extension { .. } | SweepFault::TooLong { .. } => {
                ErrorCode::InvalidValue
            }
            SweepFault::AfterAsOf { .. } => ErrorCode::InvalidEvent,
            SweepFault::Internal(_) => ErrorCode::InternalError,
        }
    }

    /// The row's field it concerns.
    pub(crate) fn field(&self) -> &'static str {
        match self {
            SweepFault::Minutes(_) => "report_within_minutes",
            SweepFault::Extension { .. } | SweepFault::TooLong { .. } => "extended",
            SweepFault::AfterAsOf { .. } => "started",
            SweepFault::Internal(_) => "step",
        }
    }

    pub(crate) fn message(&self, policy: &HandlingPolicy) -> String {
        use crate::timestamp::format_timestamp;
        match *self {
            SweepFault::Minutes(m) => format!(
                "report_within_minutes must be a whole number from 1 to {MAX_REPORT_MINUTES}, found {m}"
            ),
            SweepFault::Extension {
                step,
                unit,
                base,
                extended,
            } => match step {
                StepKind::Resolve => format!(
                    "the resolve step may be extended {} time(s) by at most its period of {base} {}, so by at most {} in all, found {extended}",
                    policy.max_extensions(),
                    unit.as_str(),
                    u64::from(policy.max_extensions()) * u64::from(base)
                ),
                StepKind::CourtDecide => format!(
                    "court_decide is extended once, by the court's {} {}, found {extended}",
                    policy.court_extension().amount(),
                    unit.as_str()
                ),
                other => format!("the {other} step has no extensions, found extended {extended}"),
            },
            SweepFault::TooLong {
                step,
                unit,
                base,
                extended,
            } => format!(
                "the {step} step's period with its extension is {} {}, more than the largest ({})",
                u64::from(base) + u64::from(extended),
                unit.as_str(),
                limit(unit, base)
            ),
            SweepFault::AfterAsOf { started, as_of } => format!(
                "the step starts at {}, after as_of ({}): only a step that has started can be supervised",
                format_timestamp(started),
                format_timestamp(as_of)
            ),
            SweepFault::Internal(c) => {
                format!("a deadline could not be counted ({c}); please report it")
            }
        }
    }

    /// The error, located at the row's field below `prefix` (`""` for a
    /// standalone row).
    pub(crate) fn error(&self, policy: &HandlingPolicy, prefix: &str) -> Error {
        Error::new(self.code(), self.message(policy))
            .at(self.field())
            .within(prefix)
    }
}

/// Checks report-in minutes given for a sweep row: 1 to 525 600.
#[inline]
pub(crate) fn check_minutes(m: u32) -> Result<u32, SweepFault> {
    if (1..=MAX_REPORT_MINUTES).contains(&m) {
        Ok(m)
    } else {
        Err(SweepFault::Minutes(m))
    }
}
