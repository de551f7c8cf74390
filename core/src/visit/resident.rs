//! The typed resident and status of the visit rules.

use super::status::{Alert, RawStatus, VisitState};
use crate::date::{self, NO_DATE};
use crate::error::Error;
use chrono::NaiveDate;

/// A resident as the visit rules see them.
///
/// # Example
/// ```
/// use wangshi::visit::Resident;
/// use chrono::NaiveDate;
/// let r = Resident::new("r1", "blue", NaiveDate::from_ymd_opt(2026, 6, 1).unwrap())
///     .with_last_visit(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
///     .with_worker("w07", "g07");
/// assert_eq!(r.worker.as_deref(), Some("w07"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident {
    /// The caller's id for the resident.
    pub id: String,
    /// Tier code (`green`, `blue`, `orange`, `red` by default).
    pub tier: String,
    /// The date the tier was assigned.
    pub tier_since: NaiveDate,
    /// The latest visit on or before `as_of`; `None` when never visited.
    pub last_visit: Option<NaiveDate>,
    /// The resident's grid.
    pub grid: Option<String>,
    /// The grid worker responsible for the visits.
    pub worker: Option<String>,
}

impl Resident {
    /// A resident never visited, with no grid or worker.
    pub fn new(id: impl Into<String>, tier: impl Into<String>, tier_since: NaiveDate) -> Resident {
        Resident {
            id: id.into(),
            tier: tier.into(),
            tier_since,
            last_visit: None,
            grid: None,
            worker: None,
        }
    }

    /// The same resident with a last visit.
    pub fn with_last_visit(mut self, day: NaiveDate) -> Resident {
        self.last_visit = Some(day);
        self
    }

    /// The same resident with a worker and grid.
    pub fn with_worker(mut self, worker: impl Into<String>, grid: impl Into<String>) -> Resident {
        self.worker = Some(worker.into());
        self.grid = Some(grid.into());
        self
    }
}

/// A resident's visit status as of one day (typed API).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitStatus {
    /// State.
    pub state: VisitState,
    /// First day of the current period; `None` for rolling cadences.
    pub period_start: Option<NaiveDate>,
    /// Last day of the current period; `None` for rolling cadences.
    pub period_end: Option<NaiveDate>,
    /// The date the next visit is due.
    pub due: NaiveDate,
    /// `due − as_of` in days (negative when a rolling visit is late).
    pub days_left: i32,
    /// Required periods that passed without a visit.
    pub missed_periods: u32,
    /// Alert, if any.
    pub alert: Option<Alert>,
}

impl VisitStatus {
    /// Converts an allocation-free [`RawStatus`] to dates. A due date may
    /// lie just past 2199 (the period after one ending 2199-12-31).
    ///
    /// # Errors
    /// `invalid_date` if a day number is not a date at all (never the case
    /// for a status computed by this crate).
    ///
    /// # Example
    /// ```
    /// use wangshi::visit::{RawStatus, VisitStatus, VisitState};
    /// let raw = RawStatus { state: VisitState::Pending, period_start: wangshi::date::NO_DATE,
    ///     period_end: wangshi::date::NO_DATE, due: 10, days_left: 10, missed_periods: 0, alert: None };
    /// assert_eq!(VisitStatus::from_raw(&raw)?.period_start, None);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_raw(raw: &RawStatus) -> Result<VisitStatus, Error> {
        let day = |d: i32| {
            NaiveDate::from_num_days_from_ce_opt(d.saturating_add(date::CE_OFFSET)).ok_or_else(
                || {
                    Error::new(
                        crate::ErrorCode::InvalidDate,
                        format!("day number {d} is not a date"),
                    )
                },
            )
        };
        let opt = |d: i32| (d != NO_DATE).then(|| day(d)).transpose();
        Ok(VisitStatus {
            state: raw.state,
            period_start: opt(raw.period_start)?,
            period_end: opt(raw.period_end)?,
            due: day(raw.due)?,
            days_left: raw.days_left,
            missed_periods: raw.missed_periods,
            alert: raw.alert,
        })
    }
}
