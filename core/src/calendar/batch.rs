//! The columnar deadline batch: a start column (seconds since
//! 1970-01-01T00:00 local) with one period, or with a unit and an amount
//! column, into caller-provided columns; one error code per row, nothing
//! allocated per row.

use super::load::Calendar;
use super::period::{Period, PeriodUnit, RawDeadline};
use crate::error::{Error, ErrorCode};
use crate::threads::{SplitRows, Threads, count_rows};
use crate::timestamp::{NO_TIMESTAMP, NOT_A_TIMESTAMP, format_timestamp};

/// The `unit` value of a per-row batch row without a unit: its
/// `missing_field`, as a period object naming no unit is.
pub const NO_UNIT: u8 = 0;
/// The `unit` value a binding writes for a unit code that names no unit
/// (`"fortnights"`): its `unknown_field`, as an unknown key of a period
/// object is. Any other number that names no unit is `invalid_value`.
pub const UNKNOWN_UNIT: u8 = u8::MAX;
/// The `amount` value of a per-row batch row without an amount: its
/// `missing_field`, as a unit without a number is.
pub const NO_AMOUNT: u32 = 0;
/// The `amount` value a binding writes for one that is present but not a
/// whole number from 1 to 4 294 967 294 (`2.5`, `-1`, `0`): the row's
/// `invalid_value`, as every amount above the unit's largest is.
pub const INVALID_AMOUNT: u32 = u32::MAX;

/// Output columns of a deadline batch, all of the input's length.
///
/// Column encodings (stable, shared with the C ABI and Python):
/// - `deadline`: seconds since 1970-01-01T00:00 local (the inclusive last
///   second); [`NO_TIMESTAMP`] for an error row.
/// - `provisional`: 1 when the count asked about a day of a year the
///   calendar does not cover, else 0 (0 for an error row).
/// - `error`: 0 for a computed row, else the [`ErrorCode`] number:
///   `missing_field` for a start of [`NO_TIMESTAMP`], `invalid_date` for a
///   start outside 1900–2199, `invalid_value` for a bad unit or amount.
#[derive(Debug)]
pub struct DeadlineColumns<'a> {
    /// Deadline per row.
    pub deadline: &'a mut [i64],
    /// Provisional flag per row.
    pub provisional: &'a mut [u8],
    /// Error code per row (0 = computed).
    pub error: &'a mut [u8],
}

impl<'a> DeadlineColumns<'a> {
    fn check_len(&self, n: usize, inputs: &str) -> Result<(), Error> {
        let lens = [
            self.deadline.len(),
            self.provisional.len(),
            self.error.len(),
        ];
        if lens.iter().all(|&l| l == n) {
            return Ok(());
        }
        Err(Error::new(
            ErrorCode::InvalidValue,
            format!(
                "batch columns differ in length: {inputs}, outputs deadline {}, provisional {}, error {}",
                lens[0], lens[1], lens[2]
            ),
        ))
    }

    /// The columns cut to `n` rows (their length, checked), so that the
    /// loops over `0..n` carry no bounds checks.
    fn resliced(self, n: usize) -> DeadlineColumns<'a> {
        DeadlineColumns {
            deadline: &mut self.deadline[..n],
            provisional: &mut self.provisional[..n],
            error: &mut self.error[..n],
        }
    }

    /// The rows of `r` of this range's inputs, run through `row`, into
    /// these columns (of `r`'s length); returns the number of error rows.
    #[inline(always)]
    fn fill(mut self, n: usize, row: impl Fn(usize) -> Result<RawDeadline, ErrorCode>) -> usize {
        let mut bad = 0;
        for i in 0..n {
            bad += usize::from(self.put(i, row(i)));
        }
        bad
    }

    /// Writes row `i` and says whether it was an error.
    #[inline(always)]
    fn put(&mut self, i: usize, r: Result<RawDeadline, ErrorCode>) -> bool {
        let (deadline, provisional, error) = match r {
            Ok(d) => (d.deadline, u8::from(d.provisional), 0),
            Err(code) => (NO_TIMESTAMP, 0, code as u8),
        };
        self.deadline[i] = deadline;
        self.provisional[i] = provisional;
        self.error[i] = error;
        error != 0
    }
}

impl SplitRows for DeadlineColumns<'_> {
    fn split_rows(self, mid: usize) -> (Self, Self) {
        let (deadline, deadline2) = self.deadline.split_at_mut(mid);
        let (provisional, provisional2) = self.provisional.split_at_mut(mid);
        let (error, error2) = self.error.split_at_mut(mid);
        (
            DeadlineColumns {
                deadline,
                provisional,
                error,
            },
            DeadlineColumns {
                deadline: deadline2,
                provisional: provisional2,
                error: error2,
            },
        )
    }
}

/// Owned output columns of a deadline batch: allocate once with
/// [`DeadlineOutput::new`], lend them with [`DeadlineOutput::columns`].
///
/// # Example
/// ```
/// use wangshi::calendar::{Calendar, DeadlineOutput, Period};
/// use wangshi::timestamp::{parse_timestamp, format_timestamp, NO_TIMESTAMP};
/// let cal = Calendar::default();
/// let start = [parse_timestamp("2026-02-12T10:00")?, NO_TIMESTAMP];
/// let mut out = DeadlineOutput::new(2);
/// let bad = cal.deadline_batch(&start, Period::WorkingDays(3), out.columns())?;
/// assert_eq!(bad, 1);
/// assert_eq!(format_timestamp(out.deadline[0]), "2026-02-24T23:59:59");
/// assert_eq!(out.error[1], wangshi::ErrorCode::MissingField as u8);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeadlineOutput {
    /// Deadline per row.
    pub deadline: Vec<i64>,
    /// Provisional flag per row.
    pub provisional: Vec<u8>,
    /// Error code per row (0 = computed).
    pub error: Vec<u8>,
}

impl DeadlineOutput {
    /// Zeroed columns for `n` rows.
    pub fn new(n: usize) -> DeadlineOutput {
        DeadlineOutput {
            deadline: vec![0; n],
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

    /// The columns, lent to a batch.
    pub fn columns(&mut self) -> DeadlineColumns<'_> {
        DeadlineColumns {
            deadline: &mut self.deadline,
            provisional: &mut self.provisional,
            error: &mut self.error,
        }
    }
}

impl Calendar {
    /// The deadline of one `period` from every start of a column (seconds
    /// since 1970-01-01T00:00 local, [`NO_TIMESTAMP`] for a missing one).
    /// A bad row gets its error code in `out.error` and the others are
    /// computed. Returns the number of rows with an error.
    ///
    /// # Errors
    /// `invalid_value` when the columns differ in length, or at
    /// `period.<unit>` when the period's amount is out of range; in both
    /// cases nothing is written.
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::{default_calendar, DeadlineOutput, Period};
    /// use wangshi::timestamp::{parse_timestamp, format_timestamp};
    /// let start = [parse_timestamp("2026-09-30T09:00")?, parse_timestamp("2031-09-30T09:00")?];
    /// let mut out = DeadlineOutput::new(2);
    /// default_calendar().deadline_batch(&start, Period::WorkingDays(1), out.columns())?;
    /// assert_eq!(format_timestamp(out.deadline[0]), "2026-10-08T23:59:59"); // after 国庆节
    /// assert_eq!(format_timestamp(out.deadline[1]), "2031-10-06T23:59:59"); // fixed Oct 1–3, weekend
    /// assert_eq!(out.provisional, [0, 1]);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn deadline_batch(
        &self,
        start: &[i64],
        period: Period,
        out: DeadlineColumns<'_>,
    ) -> Result<usize, Error> {
        self.deadline_batch_threads(start, period, out, Threads::ONE)
    }

    /// [`Calendar::deadline_batch`] on up to `threads` threads: the rows
    /// are cut into contiguous ranges computed at once (see
    /// [`crate::threads`]), with the same result for every thread count.
    ///
    /// # Errors
    /// As [`Calendar::deadline_batch`].
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::{default_calendar, DeadlineOutput, Period};
    /// use wangshi::threads::Threads;
    /// let t0 = wangshi::timestamp::parse_timestamp("2026-01-01T08:00")?;
    /// let start: Vec<i64> = (0..200_000).map(|i| t0 + i * 3_600).collect();
    /// let (mut one, mut all) = (DeadlineOutput::new(start.len()), DeadlineOutput::new(start.len()));
    /// let cal = default_calendar();
    /// cal.deadline_batch(&start, Period::WorkingDays(7), one.columns())?;
    /// cal.deadline_batch_threads(&start, Period::WorkingDays(7), all.columns(), Threads::All)?;
    /// assert_eq!(one, all);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn deadline_batch_threads(
        &self,
        start: &[i64],
        period: Period,
        out: DeadlineColumns<'_>,
        threads: Threads,
    ) -> Result<usize, Error> {
        let n = start.len();
        out.check_len(n, &format!("start {n}"))?;
        let period = period.check()?;
        let out = out.resliced(n);
        Ok(count_rows(n, threads, out, |r, part| {
            let start = &start[r];
            part.fill(start.len(), |i| self.deadline_raw(start[i], period))
        }))
    }

    /// The deadline of each row's own period: `unit` holds
    /// [`PeriodUnit`] numbers (1 minutes, 2 hours, 3 days, 4 working days)
    /// and `amount` the n of each row. A bad row (a missing or out-of-range
    /// start, a missing or unknown unit, a missing amount or one out of
    /// range; see [`Calendar::deadline_row`]) gets its error code in
    /// `out.error` and the others are computed. Returns the number of rows
    /// with an error.
    ///
    /// # Errors
    /// `invalid_value` when the columns differ in length; nothing is written.
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::{default_calendar, DeadlineOutput, PeriodUnit};
    /// use wangshi::timestamp::{parse_timestamp, format_timestamp};
    /// let t = parse_timestamp("2026-11-20T22:30")?;
    /// let unit = [PeriodUnit::Hours as u8, PeriodUnit::WorkingDays as u8, 9];
    /// let mut out = DeadlineOutput::new(3);
    /// let bad = default_calendar().deadline_batch_per_row(&[t; 3], &unit, &[2, 7, 1], out.columns())?;
    /// assert_eq!(bad, 1);
    /// assert_eq!(format_timestamp(out.deadline[0]), "2026-11-21T00:30:00");
    /// assert_eq!(format_timestamp(out.deadline[1]), "2026-12-01T23:59:59");
    /// assert_eq!(out.error[2], wangshi::ErrorCode::InvalidValue as u8);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn deadline_batch_per_row(
        &self,
        start: &[i64],
        unit: &[u8],
        amount: &[u32],
        out: DeadlineColumns<'_>,
    ) -> Result<usize, Error> {
        self.deadline_batch_per_row_threads(start, unit, amount, out, Threads::ONE)
    }

    /// [`Calendar::deadline_batch_per_row`] on up to `threads` threads: the
    /// rows are cut into contiguous ranges computed at once (see
    /// [`crate::threads`]), with the same result for every thread count.
    ///
    /// # Errors
    /// As [`Calendar::deadline_batch_per_row`].
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::{default_calendar, DeadlineOutput};
    /// use wangshi::threads::Threads;
    /// let t0 = wangshi::timestamp::parse_timestamp("2026-01-01T08:00")?;
    /// let n = 200_000;
    /// let start: Vec<i64> = (0..n as i64).map(|i| t0 + i * 600).collect();
    /// let unit: Vec<u8> = (0..n).map(|i| (i % 6) as u8).collect(); // 0 and 5 name no unit
    /// let amount: Vec<u32> = (0..n as u32).map(|i| i % 20).collect();
    /// let (mut one, mut two) = (DeadlineOutput::new(n), DeadlineOutput::new(n));
    /// let cal = default_calendar();
    /// let bad = cal.deadline_batch_per_row(&start, &unit, &amount, one.columns())?;
    /// assert_eq!(cal.deadline_batch_per_row_threads(&start, &unit, &amount, two.columns(), Threads::new(2))?, bad);
    /// assert_eq!(one, two);
    /// assert!(bad >= n / 3);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn deadline_batch_per_row_threads(
        &self,
        start: &[i64],
        unit: &[u8],
        amount: &[u32],
        out: DeadlineColumns<'_>,
        threads: Threads,
    ) -> Result<usize, Error> {
        let n = start.len();
        if unit.len() != n || amount.len() != n {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                format!(
                    "batch columns differ in length: start {n}, unit {}, amount {}",
                    unit.len(),
                    amount.len()
                ),
            ));
        }
        out.check_len(n, &format!("start {n}"))?;
        let out = out.resliced(n);
        Ok(count_rows(n, threads, out, |r, part| {
            let (start, unit, amount) = (&start[r.clone()], &unit[r.clone()], &amount[r]);
            let m = start.len();
            let (unit, amount) = (&unit[..m], &amount[..m]);
            part.fill(m, |i| self.deadline_row(start[i], unit[i], amount[i]))
        }))
    }

    /// One row of a per-row batch: the start, the unit's number and the
    /// amount, checked in that order, as `calendar.deadline` reads its
    /// `start` and then its `period` (what the C ABI's batch calls).
    ///
    /// # Errors
    /// As [`Calendar::deadline_raw`] for the start; then
    /// [`ErrorCode::MissingField`] for [`NO_UNIT`],
    /// [`ErrorCode::UnknownField`] for [`UNKNOWN_UNIT`],
    /// [`ErrorCode::InvalidValue`] for any other number that names no unit;
    /// then [`ErrorCode::MissingField`] for [`NO_AMOUNT`] and
    /// [`ErrorCode::InvalidValue`] for an amount above the unit's largest
    /// ([`INVALID_AMOUNT`] included).
    ///
    /// # Example
    /// ```
    /// use wangshi::{ErrorCode, calendar::{default_calendar, NO_UNIT, UNKNOWN_UNIT, NO_AMOUNT}};
    /// let t = wangshi::timestamp::parse_timestamp("2026-01-01T08:00")?;
    /// let cal = default_calendar();
    /// assert_eq!(cal.deadline_row(t, NO_UNIT, 1), Err(ErrorCode::MissingField));
    /// assert_eq!(cal.deadline_row(t, UNKNOWN_UNIT, 1), Err(ErrorCode::UnknownField));
    /// assert_eq!(cal.deadline_row(t, 9, 1), Err(ErrorCode::InvalidValue));
    /// assert_eq!(cal.deadline_row(t, 4, NO_AMOUNT), Err(ErrorCode::MissingField));
    /// assert_eq!(cal.deadline_row(t, 4, 3661), Err(ErrorCode::InvalidValue));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    #[inline]
    pub fn deadline_row(
        &self,
        start: i64,
        unit: u8,
        amount: u32,
    ) -> Result<RawDeadline, ErrorCode> {
        match PeriodUnit::from_u8(unit) {
            Some(u) if amount != NO_AMOUNT => self.deadline_raw(start, Period::new(u, amount)),
            // A start problem comes first, as in deadline_raw.
            found => self
                .deadline_raw(start, Period::Minutes(1))
                .and(Err(match (found, unit) {
                    (Some(_), _) | (None, NO_UNIT) => ErrorCode::MissingField,
                    (None, UNKNOWN_UNIT) => ErrorCode::UnknownField,
                    (None, _) => ErrorCode::InvalidValue,
                })),
        }
    }

    /// The error of a per-row batch row that [`Calendar::deadline_row`]
    /// rejects, with a message and the row's column as its path (`start`,
    /// `unit`, `amount`); `None` for a row that is fine. Bindings call it
    /// for the error rows of a batch when the caller wants messages (a row
    /// of [`Calendar::deadline_batch`] is the row of its period's unit and
    /// amount).
    ///
    /// # Errors
    /// None: the error is the value returned.
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::{default_calendar, PeriodUnit, UNKNOWN_UNIT};
    /// use wangshi::timestamp::{NOT_A_TIMESTAMP, parse_timestamp};
    /// let cal = default_calendar();
    /// let e = cal.explain_deadline_row(NOT_A_TIMESTAMP, PeriodUnit::Days as u8, 3).unwrap();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::InvalidDate, Some("start")));
    /// assert!(e.message().contains("start"));
    /// let t = parse_timestamp("2026-01-01T08:00")?;
    /// assert_eq!(cal.explain_deadline_row(t, UNKNOWN_UNIT, 3).unwrap().path(), Some("unit"));
    /// assert!(cal.explain_deadline_row(t, PeriodUnit::Days as u8, 3).is_none());
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn explain_deadline_row(&self, start: i64, unit: u8, amount: u32) -> Option<Error> {
        let code = self.deadline_row(start, unit, amount).err()?;
        let units = || crate::error::listing(PeriodUnit::ALL.map(PeriodUnit::as_str));
        let (column, message) = match code {
            ErrorCode::MissingField if start == NO_TIMESTAMP => {
                ("start", "missing required field \"start\"".to_owned())
            }
            ErrorCode::InvalidDate if start == NOT_A_TIMESTAMP => (
                "start",
                "start is not a timestamp of the form YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS \
                 between 1900-01-01T00:00 and 2199-12-31T23:59:59"
                    .to_owned(),
            ),
            ErrorCode::InvalidDate => (
                "start",
                format!(
                    "start {} is outside 1900-01-01T00:00..2199-12-31T23:59:59",
                    format_timestamp(start)
                ),
            ),
            ErrorCode::MissingField | ErrorCode::UnknownField | ErrorCode::InvalidValue
                if PeriodUnit::from_u8(unit).is_none() =>
            {
                let message = match unit {
                    NO_UNIT => format!("missing required field \"unit\": one of {}", units()),
                    UNKNOWN_UNIT => {
                        format!("the unit is not a period unit; known units: {}", units())
                    }
                    n => format!(
                        "unit {n} names no period unit; known units (from 1): {}",
                        units()
                    ),
                };
                ("unit", message)
            }
            ErrorCode::MissingField => ("amount", "missing required field \"amount\"".to_owned()),
            ErrorCode::InvalidValue => {
                let u = PeriodUnit::from_u8(unit).unwrap_or(PeriodUnit::Minutes);
                let found = if amount == INVALID_AMOUNT {
                    "a value that is not one".to_owned()
                } else {
                    amount.to_string()
                };
                (
                    "amount",
                    format!(
                        "a period of {} must be a whole number from 1 to {}, found {found}",
                        u.as_str(),
                        u.max_amount()
                    ),
                )
            }
            other => (
                "start",
                format!("the deadline could not be counted ({other}); please report it"),
            ),
        };
        Some(Error::new(code, message).at(column))
    }
}
