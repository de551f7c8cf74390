//! The columnar morning sweep: one column per field of an open step in,
//! caller-provided columns out (deadline, seconds left, supervision,
//! provisional, error), one error code per row, nothing allocated per row.
//! This is the path the C ABI and the Python module call.

use super::policy::{CaseProfile, HandlingPolicy, default_report_minutes};
use super::steps::StepKind;
use super::supervision::{Clock, RawSupervised, check_minutes};
use crate::calendar::Calendar;
use crate::catalog::CaseClass;
use crate::error::{Error, ErrorCode};
use crate::threads::{SplitRows, Threads, count_rows};
use crate::timestamp::{self, NO_TIMESTAMP};
use crate::triage::{Level, TriageRules};

/// The `step` value of a row without a step (`missing_field`). Any other
/// number that names no step (such as [`UNKNOWN_STEP`]) is the row's
/// `invalid_value`.
pub const NO_STEP: u8 = 0;
/// The `step` value a binding writes for a step code that names no step
/// (`invalid_value`).
pub const UNKNOWN_STEP: u8 = u8::MAX;
/// The `class` value of a row without a class (`missing_field`); any
/// number that names no class is `invalid_value`.
pub const NO_CLASS: u8 = 0;
/// The `level` value of a row without a level (`missing_field`); any
/// number that names no level is `invalid_value`.
pub const NO_LEVEL: u8 = 0;
/// The `immediate_report` value of a row without one (`missing_field`);
/// 0 is false, 1 true, anything else `invalid_value`.
pub const NO_IMMEDIATE_REPORT: u8 = u8::MAX;
/// The `report_within_minutes` value of a row without one: the step's
/// period is as the table says (the default triage rules' report-in
/// minutes: 30 for an immediate report, else 1440).
pub const NO_REPORT_MINUTES: u32 = 0;
/// The `report_within_minutes` value a binding writes for a value that is
/// present but not a whole number from 1 to 525 600 (`invalid_value`, as
/// every value above 525 600 is).
pub const INVALID_REPORT_MINUTES: u32 = u32::MAX;
/// The `extended` value of a row whose step was not extended (absent in
/// JSON means the same).
pub const NO_EXTENSION: u32 = 0;
/// The `class` value a binding writes for a class code that names no class
/// (`invalid_value`, as every number above 3 is).
pub const UNKNOWN_CLASS: u8 = u8::MAX;
/// The `level` value a binding writes for a level code that names no level
/// (`invalid_value`, as every number above 2 is).
pub const UNKNOWN_LEVEL: u8 = u8::MAX;
/// The `immediate_report` value a binding writes for a value that is
/// present but neither true nor false (`invalid_value`, as every number
/// from 2 to 254 is).
pub const INVALID_IMMEDIATE_REPORT: u8 = 2;
/// The `extended` value a binding writes for a value that is present but
/// not a whole number from 0 to 4 294 967 295 (`2.5`, `-1`): the row's
/// `invalid_value`, as no step can be extended by this much.
pub const INVALID_EXTENSION: u32 = u32::MAX;

/// Input columns of [`HandlingPolicy::supervise_batch`], all of one length.
/// Each row is checked in the order `case.supervise` reads its fields.
///
/// - `step`: [`StepKind`] numbers (1 accept … 8 court_decide);
///   [`NO_STEP`] for none.
/// - `started`: seconds since 1970-01-01T00:00 local;
///   [`NO_TIMESTAMP`] for none (`missing_field`), any other value outside
///   1900–2199 `invalid_date`.
/// - `class`: [`CaseClass`] numbers (1 general, 2 safety, 3 complex);
///   `level`: [`Level`] numbers (1 grid, 2 community); `immediate_report`:
///   0 or 1 — with [`NO_CLASS`], [`NO_LEVEL`], [`NO_IMMEDIATE_REPORT`] for
///   none.
/// - `report_within_minutes`: the decision's report-in minutes, or
///   [`NO_REPORT_MINUTES`].
/// - `extended`: the amount added to the step's n ([`NO_EXTENSION`] for
///   none).
#[derive(Debug, Clone, Copy)]
pub struct OpenStepColumns<'a> {
    /// Step number per row.
    pub step: &'a [u8],
    /// Start per row.
    pub started: &'a [i64],
    /// Case class number per row.
    pub class: &'a [u8],
    /// Level number per row.
    pub level: &'a [u8],
    /// Immediate report (0/1) per row.
    pub immediate_report: &'a [u8],
    /// Report-in minutes per row.
    pub report_within_minutes: &'a [u32],
    /// Extension per row.
    pub extended: &'a [u32],
}

/// Output columns of [`HandlingPolicy::supervise_batch`], all of the
/// input's length. Encodings (stable, shared with the C ABI and Python):
///
/// - `deadline`: seconds since 1970-01-01T00:00 local; [`NO_TIMESTAMP`]
///   for an error row.
/// - `seconds_left`: `deadline − as_of` (negative when late);
///   [`NO_TIMESTAMP`] for an error row.
/// - `supervision`: [`Supervision`](super::Supervision) numbers (1
///   on_track … 5 accountability); 0 for an error row.
/// - `provisional`: 0 or 1 (0 for an error row).
/// - `error`: 0 for a computed row, else the [`ErrorCode`] number.
#[derive(Debug)]
pub struct SupervisionColumns<'a> {
    /// Deadline per row.
    pub deadline: &'a mut [i64],
    /// Seconds left per row.
    pub seconds_left: &'a mut [i64],
    /// Supervision number per row.
    pub supervision: &'a mut [u8],
    /// Provisional flag per row.
    pub provisional: &'a mut [u8],
    /// Error code per row (0 = computed).
    pub error: &'a mut [u8],
}

/// Owned output columns of a sweep: allocate once with
/// [`SupervisionOutput::new`], lend them with
/// [`SupervisionOutput::columns`].
///
/// # Example
/// ```
/// use wangshi::handling::{HandlingPolicy, OpenStepColumns, SupervisionOutput, StepKind, Supervision, NO_REPORT_MINUTES};
/// use wangshi::calendar::default_calendar;
/// use wangshi::timestamp::parse_timestamp;
/// let as_of = parse_timestamp("2026-11-26T10:00")?;
/// let started = [parse_timestamp("2026-11-26T07:00")?, parse_timestamp("2026-11-20T15:00")?];
/// let mut out = SupervisionOutput::new(2);
/// let bad = HandlingPolicy::default().supervise_batch(default_calendar(), as_of, OpenStepColumns {
///     step: &[StepKind::Accept as u8, StepKind::Resolve as u8], started: &started,
///     class: &[1, 1], level: &[1, 1], immediate_report: &[0, 0],
///     report_within_minutes: &[NO_REPORT_MINUTES; 2], extended: &[0, 0] }, out.columns())?;
/// assert_eq!(bad, 0);
/// assert_eq!(out.seconds_left, [-3600, -36_001]);
/// assert_eq!(out.supervision, [Supervision::Overdue as u8, Supervision::Supervision as u8]);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupervisionOutput {
    /// Deadline per row.
    pub deadline: Vec<i64>,
    /// Seconds left per row.
    pub seconds_left: Vec<i64>,
    /// Supervision number per row.
    pub supervision: Vec<u8>,
    /// Provisional flag per row.
    pub provisional: Vec<u8>,
    /// Error code per row (0 = computed).
    pub error: Vec<u8>,
}

impl SupervisionOutput {
    /// Zeroed columns for `n` rows.
    pub fn new(n: usize) -> SupervisionOutput {
        SupervisionOutput {
            deadline: vec![0; n],
            seconds_left: vec![0; n],
            supervision: vec![0; n],
            provisional: vec![0; n],
            error: vec![0; n],
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.deadline.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.deadline.is_empty()
    }

    /// The columns, lent to a sweep.
    pub fn columns(&mut self) -> SupervisionColumns<'_> {
        SupervisionColumns {
            deadline: &mut self.deadline,
            seconds_left: &mut self.seconds_left,
            supervision: &mut self.supervision,
            provisional: &mut self.provisional,
            error: &mut self.error,
        }
    }
}

impl<'a> OpenStepColumns<'a> {
    /// The rows `r` of every column.
    fn rows(&self, r: std::ops::Range<usize>) -> OpenStepColumns<'a> {
        OpenStepColumns {
            step: &self.step[r.clone()],
            started: &self.started[r.clone()],
            class: &self.class[r.clone()],
            level: &self.level[r.clone()],
            immediate_report: &self.immediate_report[r.clone()],
            report_within_minutes: &self.report_within_minutes[r.clone()],
            extended: &self.extended[r],
        }
    }
}

impl SplitRows for SupervisionColumns<'_> {
    fn split_rows(self, mid: usize) -> (Self, Self) {
        let (deadline, deadline2) = self.deadline.split_at_mut(mid);
        let (seconds_left, seconds_left2) = self.seconds_left.split_at_mut(mid);
        let (supervision, supervision2) = self.supervision.split_at_mut(mid);
        let (provisional, provisional2) = self.provisional.split_at_mut(mid);
        let (error, error2) = self.error.split_at_mut(mid);
        (
            SupervisionColumns {
                deadline,
                seconds_left,
                supervision,
                provisional,
                error,
            },
            SupervisionColumns {
                deadline: deadline2,
                seconds_left: seconds_left2,
                supervision: supervision2,
                provisional: provisional2,
                error: error2,
            },
        )
    }
}

/// The report-in minutes of rows without their own: the default triage
/// rules' (for not immediate, immediate).
fn fallback_minutes(rules: &TriageRules) -> [u32; 2] {
    [
        default_report_minutes(rules, false),
        default_report_minutes(rules, true),
    ]
}

impl HandlingPolicy {
    /// The supervision at `as_of` of every open step of a columnar batch
    /// (the morning sweep of `case.supervise`, same rules, same per-row
    /// errors). A bad row gets its error code in `out.error` and the others
    /// are computed. Returns the number of rows with an error.
    ///
    /// # Errors
    /// `invalid_value` when the columns differ in length; `invalid_date`
    /// when `as_of` is outside 1900–2199 (`missing_field` for
    /// [`NO_TIMESTAMP`]). In both cases nothing is written.
    ///
    /// # Example
    /// See [`SupervisionOutput`].
    pub fn supervise_batch(
        &self,
        calendar: &Calendar,
        as_of: i64,
        steps: OpenStepColumns<'_>,
        out: SupervisionColumns<'_>,
    ) -> Result<usize, Error> {
        self.supervise_batch_threads(calendar, as_of, steps, out, Threads::ONE)
    }

    /// [`HandlingPolicy::supervise_batch`] on up to `threads` threads: the
    /// open steps are cut into contiguous ranges swept at once (see
    /// [`crate::threads`]), with the same result for every thread count.
    ///
    /// # Errors
    /// As [`HandlingPolicy::supervise_batch`].
    ///
    /// # Example
    /// ```
    /// use wangshi::handling::{HandlingPolicy, OpenStepColumns, SupervisionOutput, NO_REPORT_MINUTES};
    /// use wangshi::{calendar::default_calendar, threads::Threads, timestamp::parse_timestamp};
    /// let as_of = parse_timestamp("2026-11-26T10:00")?;
    /// let n = 200_000;
    /// let step: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect(); // 0 and 9: bad rows
    /// let started: Vec<i64> = (0..n as i64).map(|i| as_of - 600 * (i % 5000)).collect();
    /// let steps = OpenStepColumns { step: &step, started: &started, class: &vec![1; n],
    ///     level: &vec![2; n], immediate_report: &vec![0; n],
    ///     report_within_minutes: &vec![NO_REPORT_MINUTES; n], extended: &vec![0; n] };
    /// let (mut one, mut all) = (SupervisionOutput::new(n), SupervisionOutput::new(n));
    /// let p = HandlingPolicy::default();
    /// let bad = p.supervise_batch(default_calendar(), as_of, steps, one.columns())?;
    /// assert_eq!(p.supervise_batch_threads(default_calendar(), as_of, steps, all.columns(), Threads::All)?, bad);
    /// assert_eq!(one, all);
    /// assert!(bad >= n / 5);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn supervise_batch_threads(
        &self,
        calendar: &Calendar,
        as_of: i64,
        steps: OpenStepColumns<'_>,
        out: SupervisionColumns<'_>,
        threads: Threads,
    ) -> Result<usize, Error> {
        let n = steps.step.len();
        let inputs = [
            steps.started.len(),
            steps.class.len(),
            steps.level.len(),
            steps.immediate_report.len(),
            steps.report_within_minutes.len(),
            steps.extended.len(),
        ];
        let outputs = [
            out.deadline.len(),
            out.seconds_left.len(),
            out.supervision.len(),
            out.provisional.len(),
            out.error.len(),
        ];
        if inputs.iter().chain(&outputs).any(|&l| l != n) {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                format!(
                    "batch columns differ in length: step {n}, started/class/level/immediate_report/report_within_minutes/extended {inputs:?}, outputs {outputs:?}"
                ),
            ));
        }
        check_as_of(as_of)?;
        let clock = Clock::new(calendar, as_of);
        let fallback = fallback_minutes(crate::triage::default_rules());
        Ok(count_rows(n, threads, out, |r, part| {
            self.sweep_rows(calendar, &clock, fallback, steps.rows(r), part)
        }))
    }

    /// One range of a sweep: `steps` into `out` (of the same length);
    /// returns the number of error rows.
    fn sweep_rows(
        &self,
        calendar: &Calendar,
        clock: &Clock,
        fallback: [u32; 2],
        steps: OpenStepColumns<'_>,
        out: SupervisionColumns<'_>,
    ) -> usize {
        let n = steps.step.len();
        let (step, started, class, level, immediate, minutes, extended) = (
            &steps.step[..n],
            &steps.started[..n],
            &steps.class[..n],
            &steps.level[..n],
            &steps.immediate_report[..n],
            &steps.report_within_minutes[..n],
            &steps.extended[..n],
        );
        let deadline = &mut out.deadline[..n];
        let left = &mut out.seconds_left[..n];
        let supervision = &mut out.supervision[..n];
        let provisional = &mut out.provisional[..n];
        let error = &mut out.error[..n];
        let mut bad = 0;
        for i in 0..n {
            let r = self.row(
                calendar,
                clock,
                fallback,
                step[i],
                started[i],
                class[i],
                level[i],
                immediate[i],
                minutes[i],
                extended[i],
            );
            match r {
                Ok(s) => {
                    deadline[i] = s.deadline;
                    left[i] = s.seconds_left;
                    supervision[i] = s.supervision as u8;
                    provisional[i] = u8::from(s.provisional);
                    error[i] = 0;
                }
                Err(code) => {
                    bad += 1;
                    deadline[i] = NO_TIMESTAMP;
                    left[i] = NO_TIMESTAMP;
                    supervision[i] = 0;
                    provisional[i] = 0;
                    error[i] = code as u8;
                }
            }
        }
        bad
    }

    /// One row of a sweep given as numbers (what the C ABI's single call
    /// runs): the columns of [`OpenStepColumns`], checked in the order of
    /// `case.supervise`. `as_of` is not checked here (the batch checks it
    /// once): a value outside 1900–2199 gives `invalid_date`.
    ///
    /// # Errors
    /// The bare [`ErrorCode`] of the row (see [`OpenStepColumns`] and
    /// [`HandlingPolicy::supervise`]).
    ///
    /// # Example
    /// ```
    /// use wangshi::handling::{HandlingPolicy, StepKind, NO_STEP, NO_REPORT_MINUTES};
    /// use wangshi::{ErrorCode, calendar::default_calendar};
    /// let t = wangshi::timestamp::parse_timestamp("2026-11-26T09:45")?;
    /// let p = HandlingPolicy::default();
    /// let r = p.supervise_row(default_calendar(), t + 600, StepKind::Accept as u8, t, 2, 2, 1, NO_REPORT_MINUTES, 0).unwrap();
    /// assert_eq!(r.seconds_left, 1200); // 30 minutes for an immediate report
    /// assert_eq!(p.supervise_row(default_calendar(), t, NO_STEP, t, 2, 2, 1, 0, 0), Err(ErrorCode::MissingField));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn supervise_row(
        &self,
        calendar: &Calendar,
        as_of: i64,
        step: u8,
        started: i64,
        class: u8,
        level: u8,
        immediate_report: u8,
        report_within_minutes: u32,
        extended: u32,
    ) -> Result<RawSupervised, ErrorCode> {
        if !timestamp::in_range(as_of) {
            return Err(ErrorCode::InvalidDate);
        }
        let fallback = fallback_minutes(crate::triage::default_rules());
        self.row(
            calendar,
            &Clock::new(calendar, as_of),
            fallback,
            step,
            started,
            class,
            level,
            immediate_report,
            report_within_minutes,
            extended,
        )
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn row(
        &self,
        calendar: &Calendar,
        clock: &Clock,
        fallback: [u32; 2],
        step: u8,
        started: i64,
        class: u8,
        level: u8,
        immediate: u8,
        minutes: u32,
        extended: u32,
    ) -> Result<RawSupervised, ErrorCode> {
        let step = match StepKind::from_u8(step) {
            Some(s) => s,
            None if step == NO_STEP => return Err(ErrorCode::MissingField),
            None => return Err(ErrorCode::InvalidValue),
        };
        if !timestamp::in_range(started) {
            return Err(if started == NO_TIMESTAMP {
                ErrorCode::MissingField
            } else {
                ErrorCode::InvalidDate
            });
        }
        let class = match class {
            1 => CaseClass::General,
            2 => CaseClass::Safety,
            3 => CaseClass::Complex,
            NO_CLASS => return Err(ErrorCode::MissingField),
            _ => return Err(ErrorCode::InvalidValue),
        };
        let level = match level {
            1 => Level::Grid,
            2 => Level::Community,
            NO_LEVEL => return Err(ErrorCode::MissingField),
            _ => return Err(ErrorCode::InvalidValue),
        };
        let immediate_report = match immediate {
            0 => false,
            1 => true,
            NO_IMMEDIATE_REPORT => return Err(ErrorCode::MissingField),
            _ => return Err(ErrorCode::InvalidValue),
        };
        let minutes = if minutes == NO_REPORT_MINUTES {
            fallback[usize::from(immediate_report)]
        } else {
            check_minutes(minutes).map_err(|f| f.code())?
        };
        let profile = CaseProfile {
            class,
            level,
            immediate_report,
            report_within_minutes: minutes,
        };
        self.supervise_checked(calendar, clock, step, started, &profile, extended)
            .map_err(|f| f.code())
    }
}

impl HandlingPolicy {
    /// The error of a sweep row that [`HandlingPolicy::supervise_row`]
    /// rejects, with the message `case.supervise` gives it and the row's
    /// column as its path (`step`, `started`, `class`, `level`,
    /// `immediate_report`, `report_within_minutes`, `extended`); `None` for
    /// a row that is fine. Bindings call it for the error rows of a batch
    /// when the caller wants messages.
    ///
    /// # Errors
    /// None: the error is the value returned.
    ///
    /// # Example
    /// ```
    /// use wangshi::handling::{HandlingPolicy, StepKind, UNKNOWN_CLASS, NO_REPORT_MINUTES};
    /// use wangshi::{ErrorCode, calendar::default_calendar, timestamp::{parse_timestamp, NOT_A_TIMESTAMP}};
    /// let t = parse_timestamp("2026-11-26T09:45")?;
    /// let p = HandlingPolicy::default();
    /// let step = StepKind::Resolve as u8;
    /// let e = p.explain_supervise_row(default_calendar(), t, step, NOT_A_TIMESTAMP, 1, 1, 0, NO_REPORT_MINUTES, 0).unwrap();
    /// assert_eq!((e.code(), e.path()), (ErrorCode::InvalidDate, Some("started")));
    /// let e = p.explain_supervise_row(default_calendar(), t, step, t, UNKNOWN_CLASS, 1, 0, NO_REPORT_MINUTES, 0).unwrap();
    /// assert_eq!((e.code(), e.path()), (ErrorCode::InvalidValue, Some("class")));
    /// assert!(p.explain_supervise_row(default_calendar(), t, step, t, 1, 1, 0, NO_REPORT_MINUTES, 0).is_none());
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn explain_supervise_row(
        &self,
        calendar: &Calendar,
        as_of: i64,
        step: u8,
        started: i64,
        class: u8,
        level: u8,
        immediate_report: u8,
        report_within_minutes: u32,
        extended: u32,
    ) -> Option<Error> {
        let code = self
            .supervise_row(
                calendar,
                as_of,
                step,
                started,
                class,
                level,
                immediate_report,
                report_within_minutes,
                extended,
            )
            .err()?;
        let missing = Error::missing_field;
        let unknown = |name: &str, what: &str, value: u8, known: String| {
            Error::new(
                code,
                format!("{what} {value} is not a code of the contract; expected one of: {known}"),
            )
            .at(name)
        };
        let listing = |names: &[&str]| crate::error::listing(names.iter().copied());
        if !timestamp::in_range(as_of) {
            return Some(
                Error::new(
                    code,
                    "as_of is outside 1900-01-01T00:00..2199-12-31T23:59:59",
                )
                .at("as_of"),
            );
        }
        let Some(kind) = StepKind::from_u8(step) else {
            return Some(match step {
                NO_STEP => missing("step"),
                UNKNOWN_STEP => Error::new(
                    code,
                    format!(
                        "the step is not a step code; known steps: {}",
                        StepKind::known_names()
                    ),
                )
                .at("step"),
                n => unknown("step", "step", n, StepKind::known_names()),
            });
        };
        if !timestamp::in_range(started) {
            return Some(match started {
                NO_TIMESTAMP => missing("started"),
                crate::timestamp::NOT_A_TIMESTAMP => Error::new(
                    code,
                    "started is not a timestamp of the form YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS \
                     between 1900-01-01T00:00 and 2199-12-31T23:59:59",
                )
                .at("started"),
                t => Error::new(
                    code,
                    format!(
                        "started {} is outside 1900-01-01T00:00..2199-12-31T23:59:59",
                        timestamp::format_timestamp(t)
                    ),
                )
                .at("started"),
            });
        }
        let classes = CaseClass::ALL.map(CaseClass::as_str);
        let Some(class) = classes
            .get(usize::from(class).wrapping_sub(1))
            .map(|_| class)
        else {
            return Some(match class {
                NO_CLASS => missing("class"),
                UNKNOWN_CLASS => Error::new(
                    code,
                    format!(
                        "the case class is not a class code; expected one of: {}",
                        listing(&classes)
                    ),
                )
                .at("class"),
                n => unknown("class", "case class", n, listing(&classes)),
            });
        };
        let levels = Level::ALL.map(Level::as_str);
        if levels.get(usize::from(level).wrapping_sub(1)).is_none() {
            return Some(match level {
                NO_LEVEL => missing("level"),
                UNKNOWN_LEVEL => Error::new(
                    code,
                    format!(
                        "the level is not a level code; expected one of: {}",
                        listing(&levels)
                    ),
                )
                .at("level"),
                n => unknown("level", "level", n, listing(&levels)),
            });
        }
        let immediate = match immediate_report {
            0 => false,
            1 => true,
            NO_IMMEDIATE_REPORT => return Some(missing("immediate_report")),
            _ => {
                return Some(
                    Error::new(code, "\"immediate_report\" must be true or false")
                        .at("immediate_report"),
                );
            }
        };
        let minutes = if report_within_minutes == NO_REPORT_MINUTES {
            fallback_minutes(crate::triage::default_rules())[usize::from(immediate)]
        } else {
            match check_minutes(report_within_minutes) {
                Ok(m) => m,
                Err(f) => {
                    let e = f.error(self, "");
                    return Some(if report_within_minutes == INVALID_REPORT_MINUTES {
                        Error::new(
                            code,
                            format!(
                                "report_within_minutes must be a whole number from 1 to {}",
                                crate::triage::MAX_REPORT_MINUTES
                            ),
                        )
                        .at("report_within_minutes")
                    } else {
                        e
                    });
                }
            }
        };
        let profile = CaseProfile {
            class: CaseClass::ALL[usize::from(class) - 1],
            level: Level::ALL[usize::from(level) - 1],
            immediate_report: immediate,
            report_within_minutes: minutes,
        };
        let clock = Clock::new(calendar, as_of);
        match self.supervise_checked(calendar, &clock, kind, started, &profile, extended) {
            Err(f) if extended == INVALID_EXTENSION && f.field() == "extended" => Some(
                Error::new(code, "extended must be a whole number from 0 to 4294967295")
                    .at("extended"),
            ),
            Err(f) => Some(f.error(self, "")),
            Ok(_) => Some(Error::new(code, "the row was rejected").at("step")),
        }
    }
}

/// The `as_of` of a sweep.
fn check_as_of(as_of: i64) -> Result<(), Error> {
    if timestamp::in_range(as_of) {
        return Ok(());
    }
    let (code, what) = if as_of == NO_TIMESTAMP {
        (ErrorCode::MissingField, "as_of is NO_TIMESTAMP".to_owned())
    } else {
        (
            ErrorCode::InvalidDate,
            format!("as_of {as_of} is outside 1900-01-01T00:00..2199-12-31T23:59:59"),
        )
    };
    Err(Error::new(code, what).at("as_of"))
}
