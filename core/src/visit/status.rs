//! The visit status of one resident on one day: state, due date, days left,
//! missed periods and alert (分色管理). Everything here works on
//! day numbers and is allocation-free: it is the hot path of every batch.

use super::period;
use super::policy::{Cadence, Tier, VisitPolicy};
use crate::date::{self, NO_DATE, in_range};
use crate::error::{Error, ErrorCode};

/// Where a resident stands in the current period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum VisitState {
    /// The current period's visit is done.
    Done = 1,
    /// A visit is due, but not yet within the reminder window.
    Pending = 2,
    /// A visit is due within `reminder_days`.
    DueSoon = 3,
    /// One or more required periods passed without a visit.
    Overdue = 4,
}

impl VisitState {
    /// Every state, in column order (1–4).
    pub const ALL: [VisitState; 4] = [
        VisitState::Done,
        VisitState::Pending,
        VisitState::DueSoon,
        VisitState::Overdue,
    ];

    /// The contract's code: `done`, `pending`, `due_soon`, `overdue`.
    pub const fn as_str(self) -> &'static str {
        match self {
            VisitState::Done => "done",
            VisitState::Pending => "pending",
            VisitState::DueSoon => "due_soon",
            VisitState::Overdue => "overdue",
        }
    }

    /// The state with this column value (1–4).
    pub const fn from_u8(n: u8) -> Option<VisitState> {
        match n {
            1 => Some(VisitState::Done),
            2 => Some(VisitState::Pending),
            3 => Some(VisitState::DueSoon),
            4 => Some(VisitState::Overdue),
            _ => None,
        }
    }
}

/// The alert the platform raises for a resident, least to most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Alert {
    /// The visit is due soon (提醒).
    Reminder = 1,
    /// At least one required period was missed (预警).
    Warning = 2,
    /// `escalate_after_missed` periods were missed (升级).
    Escalation = 3,
}

impl Alert {
    /// Every alert, least to most urgent, in column order (1–3).
    pub const ALL: [Alert; 3] = [Alert::Reminder, Alert::Warning, Alert::Escalation];

    /// The contract's code: `reminder`, `warning`, `escalation`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Alert::Reminder => "reminder",
            Alert::Warning => "warning",
            Alert::Escalation => "escalation",
        }
    }

    /// The alert with this column value (1–3; 0 is "no alert").
    pub const fn from_u8(n: u8) -> Option<Alert> {
        match n {
            1 => Some(Alert::Reminder),
            2 => Some(Alert::Warning),
            3 => Some(Alert::Escalation),
            _ => None,
        }
    }
}

/// A resident's visit status in day numbers (days since 1970-01-01): the
/// allocation-free result of [`VisitDay::evaluate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawStatus {
    /// State.
    pub state: VisitState,
    /// First day of the period containing `as_of`; [`NO_DATE`] for rolling cadences.
    pub period_start: i32,
    /// Last day of that period; [`NO_DATE`] for rolling cadences.
    pub period_end: i32,
    /// The date by which the next visit is due.
    pub due: i32,
    /// `due − as_of` in days (negative when a rolling visit is late).
    pub days_left: i32,
    /// Required periods that passed without a visit.
    pub missed_periods: u32,
    /// Alert, if any.
    pub alert: Option<Alert>,
}

/// Per-tier facts about the day `as_of`, computed once per batch.
#[derive(Debug, Clone, Copy)]
struct TierDay {
    cadence: Cadence,
    reminder_days: i32,
    escalate_after_missed: u32,
    /// Index, first and last day of the period P containing `as_of`.
    p_idx: i32,
    p_start: i32,
    p_end: i32,
    /// First day of the period before P: a visit or tier start on or after it
    /// leaves no missed period.
    prev_start: i32,
    /// Last day of the period after P.
    next_end: i32,
}

/// A policy applied to one day: evaluate any number of residents as of
/// `as_of` with the per-tier period arithmetic done once.
///
/// # Example
/// ```
/// use wangshi::visit::{VisitPolicy, VisitState};
/// use wangshi::date::parse_date;
/// let policy = VisitPolicy::default();
/// let day = policy.on_day(parse_date("2026-11-26")?)?;
/// let green = policy.tier_index("green").unwrap();
/// let s = day.evaluate(green, parse_date("2026-01-05")?, parse_date("2026-11-03")?)?;
/// assert_eq!(s.state, VisitState::Done);
/// assert_eq!(s.days_left, 35);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct VisitDay {
    as_of: i32,
    tiers: Vec<TierDay>,
}

impl VisitPolicy {
    /// Prepares this policy for evaluating residents as of `as_of` (days since
    /// 1970-01-01).
    ///
    /// # Errors
    /// `invalid_date` when `as_of` is outside 1900–2199.
    ///
    /// # Example
    /// ```
    /// let p = wangshi::visit::VisitPolicy::default();
    /// assert!(p.on_day(wangshi::date::MAX_DAY + 1).is_err());
    /// ```
    pub fn on_day(&self, as_of: i32) -> Result<VisitDay, Error> {
        if !in_range(as_of) {
            return Err(Error::new(
                ErrorCode::InvalidDate,
                format!("as_of day number {as_of} is outside 1900-01-01..2199-12-31"),
            ));
        }
        let tiers = self.tiers().iter().map(|t| tier_day(t, as_of)).collect();
        Ok(VisitDay { as_of, tiers })
    }

    /// The visit status of one resident as of `as_of` (typed API).
    ///
    /// For many residents, prepare the day once with [`VisitPolicy::on_day`]
    /// or use [`visit_status_batch`](super::visit_status_batch).
    ///
    /// # Errors
    /// `unknown_tier`, `tier_since_after_as_of`, `visit_after_as_of`, and
    /// `invalid_date` for dates outside 1900–2199.
    ///
    /// # Example
    /// ```
    /// use wangshi::visit::{VisitPolicy, Resident, VisitState};
    /// use chrono::NaiveDate;
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let r = Resident::new("r1", "red", d("2026-11-26"));
    /// let s = VisitPolicy::default().status(&r, d("2026-11-26"))?;
    /// assert_eq!(s.state, VisitState::Pending); // the tier started today: a grace day
    /// assert_eq!(s.due, d("2026-11-27"));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn status(
        &self,
        resident: &super::Resident,
        as_of: chrono::NaiveDate,
    ) -> Result<super::VisitStatus, Error> {
        let as_of = date::checked_days(as_of).map_err(|e| e.at("as_of"))?;
        // An unknown code is looked up after the dates are checked, in the
        // JSON op's order.
        let tier = self
            .tier_index(&resident.tier)
            .unwrap_or(super::UNKNOWN_TIER);
        let since = date::to_days(resident.tier_since);
        let last = resident.last_visit.map_or(NO_DATE, date::to_days);
        // Route out-of-range dates through the same checks as the batch path.
        let raw = self
            .on_day(as_of)?
            .evaluate(tier, since, last)
            .map_err(|code| self.row_error(code, &resident.tier, since, last, as_of))?;
        super::VisitStatus::from_raw(&raw)
    }

    /// The error of a resident row that failed with `code`, with a message
    /// and a path relative to the row (an unknown tier lists the policy's).
    pub(crate) fn row_error(
        &self,
        code: ErrorCode,
        tier: &str,
        since: i32,
        last: i32,
        as_of: i32,
    ) -> Error {
        match code {
            ErrorCode::UnknownTier => self.unknown_tier(tier),
            _ => row_error(code, tier, since, last, as_of),
        }
    }
}

fn tier_day(t: &Tier, as_of: i32) -> TierDay {
    let c = t.cadence;
    if c.is_calendar() {
        let p_idx = period::index(c, as_of);
        TierDay {
            cadence: c,
            reminder_days: t.reminder_days as i32,
            escalate_after_missed: t.escalate_after_missed,
            p_idx,
            p_start: period::start(c, p_idx),
            p_end: period::end(c, p_idx),
            prev_start: period::start(c, p_idx - 1),
            next_end: period::end(c, p_idx + 1),
        }
    } else {
        TierDay {
            cadence: c,
            reminder_days: t.reminder_days as i32,
            escalate_after_missed: t.escalate_after_missed,
            p_idx: 0,
            p_start: NO_DATE,
            p_end: NO_DATE,
            prev_start: NO_DATE,
            next_end: NO_DATE,
        }
    }
}

impl VisitDay {
    /// The day these results are for.
    pub fn as_of(&self) -> i32 {
        self.as_of
    }

    /// The number of tiers (valid tier indices are `0..tier_count()`).
    pub fn tier_count(&self) -> usize {
        self.tiers.len()
    }

    /// Evaluates one resident given as day numbers; `last_visit` is
    /// [`NO_DATE`] when the resident was never visited.
    ///
    /// The row's checks run in the order in which the JSON op `visit.status`
    /// reads a resident, so a row gives the same code from every layer: the
    /// fields first, in field order (`tier` present, `tier_since` present
    /// and a date, `last_visit` a date), then the tier looked up, then the
    /// dates against `as_of`.
    ///
    /// # Errors
    /// The [`ErrorCode`] of the row: `missing_field` for a tier of
    /// [`NO_TIER`](super::NO_TIER) or a `tier_since` of [`NO_DATE`];
    /// `invalid_date` for a date outside 1900–2199 (the binding's
    /// [`NOT_A_DATE`](crate::date::NOT_A_DATE) included); `unknown_tier` for
    /// a tier index outside the policy ([`UNKNOWN_TIER`](super::UNKNOWN_TIER)
    /// included); `tier_since_after_as_of`, `visit_after_as_of`.
    ///
    /// # Example
    /// ```
    /// use wangshi::{ErrorCode, date::{parse_date, NO_DATE, NOT_A_DATE}};
    /// let day = wangshi::visit::VisitPolicy::default().on_day(parse_date("2026-11-26")?)?;
    /// assert_eq!(day.evaluate(9, 0, NO_DATE), Err(ErrorCode::UnknownTier));
    /// // A bad date is read before the tier is looked up, as in the JSON op.
    /// assert_eq!(day.evaluate(9, NOT_A_DATE, NO_DATE), Err(ErrorCode::InvalidDate));
    /// assert_eq!(day.evaluate(0, NO_DATE, NO_DATE), Err(ErrorCode::MissingField));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    #[inline]
    pub fn evaluate(
        &self,
        tier: u8,
        tier_since: i32,
        last_visit: i32,
    ) -> Result<RawStatus, ErrorCode> {
        let t = self.check(tier, tier_since, last_visit).map_err(|f| f.0)?;
        let as_of = self.as_of;
        Ok(if let Cadence::EveryDays(n) = t.cadence {
            rolling(t, n as i32, as_of, tier_since, last_visit)
        } else {
            calendar(t, as_of, tier_since, last_visit)
        })
    }

    /// The row's checks in the JSON op's order: its tier's day facts, or the
    /// error code with the column it concerns.
    #[inline(always)]
    fn check(&self, tier: u8, since: i32, last: i32) -> Result<&TierDay, (ErrorCode, Column)> {
        if tier == super::NO_TIER {
            return Err((ErrorCode::MissingField, Column::Tier));
        }
        if since == NO_DATE {
            return Err((ErrorCode::MissingField, Column::TierSince));
        }
        if !in_range(since) {
            return Err((ErrorCode::InvalidDate, Column::TierSince));
        }
        let visited = last != NO_DATE;
        if visited && !in_range(last) {
            return Err((ErrorCode::InvalidDate, Column::LastVisit));
        }
        let Some(t) = self.tiers.get(usize::from(tier)) else {
            return Err((ErrorCode::UnknownTier, Column::Tier));
        };
        if since > self.as_of {
            return Err((ErrorCode::TierSinceAfterAsOf, Column::TierSince));
        }
        if visited && last > self.as_of {
            return Err((ErrorCode::VisitAfterAsOf, Column::LastVisit));
        }
        Ok(t)
    }

    /// The error of a row that [`evaluate`](VisitDay::evaluate) rejects,
    /// with a message a clerk understands and the row's column as its path
    /// (`tier`, `tier_since`, `last_visit`); `None` for a row that is fine.
    /// Bindings call it for the error rows of a batch when the caller wants
    /// messages.
    ///
    /// # Errors
    /// None: the error is the value returned.
    ///
    /// # Example
    /// ```
    /// use wangshi::date::{parse_date, NO_DATE, NOT_A_DATE};
    /// let day = wangshi::visit::VisitPolicy::default().on_day(parse_date("2026-11-26")?)?;
    /// let e = day.explain(0, NOT_A_DATE, NO_DATE).unwrap();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::InvalidDate, Some("tier_since")));
    /// assert!(e.message().contains("tier_since"));
    /// assert!(day.explain(0, parse_date("2026-01-05")?, NO_DATE).is_none());
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn explain(&self, tier: u8, tier_since: i32, last_visit: i32) -> Option<Error> {
        let (code, column) = self.check(tier, tier_since, last_visit).err()?;
        let name = column.name();
        Some(match (code, column) {
            (ErrorCode::MissingField, _) => Error::missing_field(name),
            (ErrorCode::UnknownTier, _) if tier == super::UNKNOWN_TIER => {
                Error::new(code, "the tier code is not in the policy").at(name)
            }
            (ErrorCode::UnknownTier, _) => Error::new(
                code,
                format!("unknown tier index {tier}: the policy has {} tiers", self.tiers.len()),
            )
            .at(name),
            (ErrorCode::InvalidDate, Column::TierSince | Column::LastVisit)
                if column.day(tier_since, last_visit) == crate::date::NOT_A_DATE =>
            {
                Error::new(
                    code,
                    format!("{name} is not a date of the form YYYY-MM-DD between 1900-01-01 and 2199-12-31"),
                )
                .at(name)
            }
            _ => row_error(code, &format!("index {tier}"), tier_since, last_visit, self.as_of),
        })
    }
}

/// The input column a row check concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Tier,
    TierSince,
    LastVisit,
}

impl Column {
    /// The row's value of a date column (`NO_DATE` for the tier).
    fn day(self, tier_since: i32, last_visit: i32) -> i32 {
        match self {
            Column::Tier => NO_DATE,
            Column::TierSince => tier_since,
            Column::LastVisit => last_visit,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Column::Tier => "tier",
            Column::TierSince => "tier_since",
            Column::LastVisit => "last_visit",
        }
    }
}

#[inline]
fn calendar(t: &TierDay, as_of: i32, since: i32, last: i32) -> RawStatus {
    // `last` is NO_DATE (i32::MIN) when never visited, so comparisons below
    // treat "never" as "long ago".
    let (due, missed) = if last >= t.p_start {
        // P visited.
        return finish(t, VisitState::Done, t.next_end, as_of, 0);
    } else if since >= t.p_start {
        // P is the grace period G and not visited: due at the end of the next period.
        (t.next_end, 0)
    } else {
        // Required periods strictly between max(G, period of last visit) and P.
        let latest = since.max(last);
        let missed = if latest >= t.prev_start {
            0
        } else {
            (t.p_idx - period::index(t.cadence, latest) - 1) as u32
        };
        (t.p_end, missed)
    };
    let days_left = due - as_of;
    let state = if missed > 0 {
        VisitState::Overdue
    } else if days_left <= t.reminder_days {
        VisitState::DueSoon
    } else {
        VisitState::Pending
    };
    finish(t, state, due, as_of, missed)
}

#[inline]
fn rolling(t: &TierDay, n: i32, as_of: i32, since: i32, last: i32) -> RawStatus {
    let anchor = if last >= since { last } else { since };
    let due = anchor + n;
    let days_left = due - as_of;
    let (state, missed) = if days_left < 0 {
        (VisitState::Overdue, ((-days_left + n - 1) / n) as u32)
    } else if days_left <= t.reminder_days {
        (VisitState::DueSoon, 0)
    } else {
        (VisitState::Pending, 0)
    };
    finish(t, state, due, as_of, missed)
}

#[inline(always)]
fn finish(t: &TierDay, state: VisitState, due: i32, as_of: i32, missed: u32) -> RawStatus {
    let alert = if missed >= t.escalate_after_missed {
        Some(Alert::Escalation)
    } else if missed >= 1 {
        Some(Alert::Warning)
    } else if state == VisitState::DueSoon {
        Some(Alert::Reminder)
    } else {
        None
    };
    RawStatus {
        state,
        period_start: t.p_start,
        period_end: t.p_end,
        due,
        days_left: due - as_of,
        missed_periods: missed,
        alert,
    }
}

/// A row error with a message a clerk understands.
pub(crate) fn row_error(code: ErrorCode, tier: &str, since: i32, last: i32, as_of: i32) -> Error {
    let d = |x: i32| {
        if in_range(x) {
            date::format_date(x)
        } else {
            format!("day {x}")
        }
    };
    match code {
        ErrorCode::UnknownTier => Error::new(code, format!("unknown tier {tier:?}")).at("tier"),
        ErrorCode::TierSinceAfterAsOf => Error::new(
            code,
            format!("tier_since {} is after as_of {}", d(since), d(as_of)),
        )
        .at("tier_since"),
        ErrorCode::VisitAfterAsOf => Error::new(
            code,
            format!("last_visit {} is after as_of {}", d(last), d(as_of)),
        )
        .at("last_visit"),
        ErrorCode::InvalidDate if !in_range(since) => Error::new(
            code,
            format!("tier_since {} is outside 1900-01-01..2199-12-31", d(since)),
        )
        .at("tier_since"),
        ErrorCode::InvalidDate => Error::new(
            code,
            format!("last_visit {} is outside 1900-01-01..2199-12-31", d(last)),
        )
        .at("last_visit"),
        other => Error::new(other, "invalid resident"),
    }
}
