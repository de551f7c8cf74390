//! The columnar batch API: case columns in, caller-provided decision columns
//! out, one error code per row. This is the path the C ABI and the Python
//! module call; it allocates nothing per row.

use super::classify::CaseRouter;
use crate::error::{Error, ErrorCode};
use crate::threads::{SplitRows, Threads, count_rows};

/// The item index a binding writes into a batch `item` column for a case
/// with no item (a null cell): the row's `missing_field`, checked first, as
/// the JSON op reads `item` first.
///
/// # Example
/// ```
/// use wangshi::{ErrorCode, triage::{CaseRouter, NO_ITEM}};
/// let day = wangshi::date::parse_date("2026-11-20")?;
/// let r = CaseRouter::default_router();
/// assert_eq!(r.classify_row(NO_ITEM, day, 0, 1, 0, 0.0), Err(ErrorCode::MissingField));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub const NO_ITEM: u32 = u32::MAX;

/// The item index a binding writes for an item code that is present but not
/// in the catalogue: the row's `unknown_item`, checked after the other
/// fields are read (where the JSON op looks the code up). Any index at or
/// beyond the catalogue's length means the same.
///
/// # Example
/// ```
/// use wangshi::{ErrorCode, triage::{CaseRouter, UNKNOWN_ITEM}};
/// let day = wangshi::date::parse_date("2026-11-20")?;
/// let r = CaseRouter::default_router();
/// assert_eq!(r.classify_row(UNKNOWN_ITEM, day, 0, 1, 0, 0.0), Err(ErrorCode::UnknownItem));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub const UNKNOWN_ITEM: u32 = u32::MAX - 1;

/// The count a binding writes into `parties` or `repeat_count` for a cell
/// that is present but not a whole number from 0 to 2³² − 1 (`2.5`, NaN,
/// text): the row's `invalid_value`, as every negative count is.
pub const INVALID_COUNT: i32 = -1;

/// The flags value a binding writes for a flag cell that is neither set nor
/// unset (`2`, `0.5`, NaN): bits beyond the flags, the row's
/// `invalid_value`.
pub const INVALID_FLAGS: u16 = u16::MAX;

/// The parties of a case that gives none (the JSON op's default): a binding
/// writes it for a null `parties` cell.
pub const DEFAULT_PARTIES: i32 = 1;

/// The earlier reports of a case that gives none (the JSON op's default).
pub const DEFAULT_REPEAT_COUNT: i32 = 0;

/// The yuan at stake of a case that gives none (the JSON op's default).
pub const DEFAULT_AMOUNT: f64 = 0.0;

/// Input columns of [`CaseRouter::classify_batch`], all of one length.
///
/// - `item`: index into the router's [`Catalog::items`](crate::Catalog::items)
///   (see [`Catalog::item_index`](crate::Catalog::item_index)); [`NO_ITEM`]
///   for none (`missing_field`), [`UNKNOWN_ITEM`] for a code not in the
///   catalogue (`unknown_item`).
/// - `reported_on`: days since 1970-01-01;
///   [`NO_DATE`](crate::date::NO_DATE) for none (`missing_field`),
///   [`NOT_A_DATE`](crate::date::NOT_A_DATE) for a cell that is not a date
///   (`invalid_date`).
/// - `flags`: [`Flags`](super::Flags) bitmask (bit numbers on
///   [`Flag`](super::Flag)); [`INVALID_FLAGS`] for a bad cell.
/// - `parties`, `repeat_count`: counts; negative values are row errors
///   (signed so that foreign callers' negative numbers are reported, not
///   wrapped); [`INVALID_COUNT`] for a bad cell; a binding writes
///   [`DEFAULT_PARTIES`] / [`DEFAULT_REPEAT_COUNT`] for a null one.
/// - `amount`: yuan; negative, NaN or infinite values are row errors;
///   [`DEFAULT_AMOUNT`] for a null cell.
///
/// Each row is checked in the JSON op's order (see
/// [`CaseRouter::classify_row`]), so a row gives the same code as the same
/// case through `case.classify`.
#[derive(Debug, Clone, Copy)]
pub struct CaseColumns<'a> {
    /// Item index per case.
    pub item: &'a [u32],
    /// Report day per case.
    pub reported_on: &'a [i32],
    /// Flag bits per case.
    pub flags: &'a [u16],
    /// Parties per case.
    pub parties: &'a [i32],
    /// Earlier reports per case.
    pub repeat_count: &'a [i32],
    /// Yuan at stake per case.
    pub amount: &'a [f64],
}

/// Output columns of [`CaseRouter::classify_batch`], all of the input's
/// length. Encodings (stable, shared with the C ABI and Python); an error row
/// gets 0 everywhere but `error`:
///
/// - `class`: 1 general, 2 safety, 3 complex ([`CaseClass`](crate::CaseClass)).
/// - `center`: 1 talk, 2 police_grid, 3 mediation ([`Center`](super::Center)).
/// - `level`: 1 grid, 2 community ([`Level`](super::Level)).
/// - `department`: 0 no whistle, else the department code
///   ([`CaseRouter::department`]).
/// - `report_within_minutes`: 0 no whistle, else the deadline.
/// - `mediation`, `immediate_report`: 0 or 1.
/// - `matched_rules`: bitmask ([`RULE_IDS`](super::RULE_IDS), then the
///   centre overrides; [`CaseRouter::rule_ids`] names them).
/// - `error`: 0 for a computed row, else the [`ErrorCode`] number.
#[derive(Debug)]
pub struct DecisionColumns<'a> {
    /// Class per case.
    pub class: &'a mut [u8],
    /// Centre per case.
    pub center: &'a mut [u8],
    /// Level per case.
    pub level: &'a mut [u8],
    /// Whistled department code per case.
    pub department: &'a mut [u16],
    /// Report-in deadline in minutes per case.
    pub report_within_minutes: &'a mut [u32],
    /// Mediation (0/1) per case.
    pub mediation: &'a mut [u8],
    /// Immediate report (0/1) per case.
    pub immediate_report: &'a mut [u8],
    /// Matched-rules bitmask per case.
    pub matched_rules: &'a mut [u32],
    /// Error code per case (0 = computed).
    pub error: &'a mut [u8],
}

impl CaseRouter {
    /// Classifies every case of a columnar batch. A bad row (no item, an
    /// unknown item index, no date, a date outside 1900–2199, a flag bit
    /// above 8, negative parties or repeats, a negative or non-finite amount,
    /// an item not in force that day) gets its error code in `out.error`, in
    /// the JSON op's order of checks ([`CaseRouter::classify_row`]), and the
    /// others are computed.
    /// Returns the number of rows with an error.
    ///
    /// # Errors
    /// `invalid_value` when the columns differ in length; nothing is written.
    ///
    /// # Example
    /// ```
    /// use wangshi::triage::{CaseRouter, CaseColumns, DecisionColumns, Flag, Center};
    /// let r = CaseRouter::default_router();
    /// let c = r.catalog();
    /// let day = wangshi::date::parse_date("2026-11-20")?;
    /// let item = [c.item_index("MD-02").unwrap() as u32, c.item_index("CS-01").unwrap() as u32, 999];
    /// let flags = [Flag::PropertyDispute.mask(), 0, 0];
    /// let (mut cl, mut ce, mut lv, mut dep, mut min, mut med, mut imm, mut rules, mut err) =
    ///     ([0u8; 3], [0u8; 3], [0u8; 3], [0u16; 3], [0u32; 3], [0u8; 3], [0u8; 3], [0u32; 3], [0u8; 3]);
    /// let bad = r.classify_batch(
    ///     CaseColumns { item: &item, reported_on: &[day; 3], flags: &flags, parties: &[2, 1, 1],
    ///                   repeat_count: &[0; 3], amount: &[0.0; 3] },
    ///     DecisionColumns { class: &mut cl, center: &mut ce, level: &mut lv, department: &mut dep,
    ///         report_within_minutes: &mut min, mediation: &mut med, immediate_report: &mut imm,
    ///         matched_rules: &mut rules, error: &mut err })?;
    /// assert_eq!(bad, 1);
    /// assert_eq!(ce, [Center::Mediation as u8, Center::Talk as u8, 0]);
    /// assert_eq!(med, [1, 0, 0]);
    /// assert_eq!(r.rule_ids(rules[0]).collect::<Vec<_>>(), ["complex.property_dispute", "complex.item_class"]);
    /// assert_eq!(err[2], wangshi::ErrorCode::UnknownItem as u8);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn classify_batch(
        &self,
        cases: CaseColumns<'_>,
        out: DecisionColumns<'_>,
    ) -> Result<usize, Error> {
        self.classify_batch_threads(cases, out, Threads::ONE)
    }

    /// [`CaseRouter::classify_batch`] on up to `threads` threads: the cases
    /// are cut into contiguous ranges classified at once (see
    /// [`crate::threads`]), with the same result for every thread count.
    ///
    /// # Errors
    /// As [`CaseRouter::classify_batch`].
    ///
    /// # Example
    /// ```
    /// use wangshi::triage::{CaseRouter, CaseColumns, DecisionOutput};
    /// use wangshi::threads::Threads;
    /// let r = CaseRouter::default_router();
    /// let n = 200_000;
    /// let items = r.catalog().items().len() as u32;
    /// let item: Vec<u32> = (0..n as u32).map(|i| i % (items + 1)).collect(); // the last: unknown
    /// let day = vec![wangshi::date::parse_date("2026-11-20")?; n];
    /// let cases = CaseColumns { item: &item, reported_on: &day, flags: &vec![0; n],
    ///     parties: &vec![1; n], repeat_count: &vec![0; n], amount: &vec![0.0; n] };
    /// let (mut one, mut two) = (DecisionOutput::new(n), DecisionOutput::new(n));
    /// let bad = r.classify_batch(cases, one.columns())?;
    /// assert_eq!(r.classify_batch_threads(cases, two.columns(), Threads::new(2))?, bad);
    /// assert_eq!(one, two);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn classify_batch_threads(
        &self,
        cases: CaseColumns<'_>,
        out: DecisionColumns<'_>,
        threads: Threads,
    ) -> Result<usize, Error> {
        let n = cases.item.len();
        let inputs = [
            cases.reported_on.len(),
            cases.flags.len(),
            cases.parties.len(),
            cases.repeat_count.len(),
            cases.amount.len(),
        ];
        let outputs = [
            out.class.len(),
            out.center.len(),
            out.level.len(),
            out.department.len(),
            out.report_within_minutes.len(),
            out.mediation.len(),
            out.immediate_report.len(),
            out.matched_rules.len(),
            out.error.len(),
        ];
        if inputs.iter().chain(&outputs).any(|&l| l != n) {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                format!(
                    "batch columns differ in length: item {n}, reported_on/flags/parties/repeat_count/amount {inputs:?}, outputs {outputs:?}"
                ),
            ));
        }
        Ok(count_rows(n, threads, out, |r, part| {
            self.classify_rows(cases.rows(r), part)
        }))
    }

    /// One range of a batch: `cases` into `out` (of the same length);
    /// returns the number of error rows.
    fn classify_rows(&self, cases: CaseColumns<'_>, out: DecisionColumns<'_>) -> usize {
        let n = cases.item.len();
        // Reslice to `n` so the loop below runs without bounds checks.
        let (item, day, flags, parties, repeats, amount) = (
            &cases.item[..n],
            &cases.reported_on[..n],
            &cases.flags[..n],
            &cases.parties[..n],
            &cases.repeat_count[..n],
            &cases.amount[..n],
        );
        let class = &mut out.class[..n];
        let center = &mut out.center[..n];
        let level = &mut out.level[..n];
        let department = &mut out.department[..n];
        let minutes = &mut out.report_within_minutes[..n];
        let mediation = &mut out.mediation[..n];
        let immediate = &mut out.immediate_report[..n];
        let rules = &mut out.matched_rules[..n];
        let error = &mut out.error[..n];
        let mut bad = 0;
        for i in 0..n {
            match self.classify_row(item[i], day[i], flags[i], parties[i], repeats[i], amount[i]) {
                Ok(d) => {
                    class[i] = d.class as u8;
                    center[i] = d.center as u8;
                    level[i] = d.level as u8;
                    department[i] = d.department;
                    minutes[i] = d.report_within_minutes;
                    mediation[i] = u8::from(d.mediation);
                    immediate[i] = u8::from(d.immediate_report);
                    rules[i] = d.matched_rules;
                    error[i] = 0;
                }
                Err(code) => {
                    bad += 1;
                    class[i] = 0;
                    center[i] = 0;
                    level[i] = 0;
                    department[i] = 0;
                    minutes[i] = 0;
                    mediation[i] = 0;
                    immediate[i] = 0;
                    rules[i] = 0;
                    error[i] = code as u8;
                }
            }
        }
        bad
    }
}

impl<'a> CaseColumns<'a> {
    /// The rows `r` of every column.
    fn rows(&self, r: std::ops::Range<usize>) -> CaseColumns<'a> {
        CaseColumns {
            item: &self.item[r.clone()],
            reported_on: &self.reported_on[r.clone()],
            flags: &self.flags[r.clone()],
            parties: &self.parties[r.clone()],
            repeat_count: &self.repeat_count[r.clone()],
            amount: &self.amount[r],
        }
    }
}

impl SplitRows for DecisionColumns<'_> {
    fn split_rows(self, mid: usize) -> (Self, Self) {
        let (class, class2) = self.class.split_at_mut(mid);
        let (center, center2) = self.center.split_at_mut(mid);
        let (level, level2) = self.level.split_at_mut(mid);
        let (department, department2) = self.department.split_at_mut(mid);
        let (minutes, minutes2) = self.report_within_minutes.split_at_mut(mid);
        let (mediation, mediation2) = self.mediation.split_at_mut(mid);
        let (immediate, immediate2) = self.immediate_report.split_at_mut(mid);
        let (rules, rules2) = self.matched_rules.split_at_mut(mid);
        let (error, error2) = self.error.split_at_mut(mid);
        (
            DecisionColumns {
                class,
                center,
                level,
                department,
                report_within_minutes: minutes,
                mediation,
                immediate_report: immediate,
                matched_rules: rules,
                error,
            },
            DecisionColumns {
                class: class2,
                center: center2,
                level: level2,
                department: department2,
                report_within_minutes: minutes2,
                mediation: mediation2,
                immediate_report: immediate2,
                matched_rules: rules2,
                error: error2,
            },
        )
    }
}

/// Owned output columns of a classification batch: allocate once with
/// [`DecisionOutput::new`], lend them with [`DecisionOutput::columns`].
///
/// # Example
/// ```
/// use wangshi::triage::{CaseRouter, CaseColumns, DecisionOutput, Center};
/// let r = CaseRouter::default_router();
/// let item = [r.catalog().item_index("CS-01").unwrap() as u32];
/// let mut out = DecisionOutput::new(1);
/// r.classify_batch(CaseColumns { item: &item, reported_on: &[wangshi::date::parse_date("2026-11-20")?],
///     flags: &[0], parties: &[1], repeat_count: &[0], amount: &[0.0] }, out.columns())?;
/// assert_eq!(out.center, [Center::Talk as u8]);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionOutput {
    /// Class per case.
    pub class: Vec<u8>,
    /// Centre per case.
    pub center: Vec<u8>,
    /// Level per case.
    pub level: Vec<u8>,
    /// Whistled department code per case.
    pub department: Vec<u16>,
    /// Report-in deadline in minutes per case.
    pub report_within_minutes: Vec<u32>,
    /// Mediation (0/1) per case.
    pub mediation: Vec<u8>,
    /// Immediate report (0/1) per case.
    pub immediate_report: Vec<u8>,
    /// Matched-rules bitmask per case.
    pub matched_rules: Vec<u32>,
    /// Error code per case (0 = computed).
    pub error: Vec<u8>,
}

impl DecisionOutput {
    /// Zeroed columns for `n` cases.
    pub fn new(n: usize) -> DecisionOutput {
        DecisionOutput {
            class: vec![0; n],
            center: vec![0; n],
            level: vec![0; n],
            department: vec![0; n],
            report_within_minutes: vec![0; n],
            mediation: vec![0; n],
            immediate_report: vec![0; n],
            matched_rules: vec![0; n],
            error: vec![0; n],
        }
    }

    /// The number of cases.
    pub fn len(&self) -> usize {
        self.class.len()
    }

    /// Whether there are no cases.
    pub fn is_empty(&self) -> bool {
        self.class.is_empty()
    }

    /// The columns, lent to [`CaseRouter::classify_batch`].
    pub fn columns(&mut self) -> DecisionColumns<'_> {
        DecisionColumns {
            class: &mut self.class,
            center: &mut self.center,
            level: &mut self.level,
            department: &mut self.department,
            report_within_minutes: &mut self.report_within_minutes,
            mediation: &mut self.mediation,
            immediate_report: &mut self.immediate_report,
            matched_rules: &mut self.matched_rules,
            error: &mut self.error,
        }
    }
}
