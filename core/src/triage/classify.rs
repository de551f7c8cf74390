//! The evaluator: a [`CaseRouter`] compiles a rule set against a catalogue
//! once, then classifies cases without allocating ([`CaseRouter::classify_raw`])
//! or with a typed, self-explaining [`Decision`] ([`CaseRouter::classify`]).

use super::rules::{MAX_CENTER_OVERRIDES, RULE_IDS, TriageRules, default_rules};
use super::vocab::{Center, Flag, Flags, Level};
use crate::catalog::{CaseClass, Catalog};
use crate::date::{self, format_date, in_range, to_days};
use crate::error::{Error, ErrorCode};
use chrono::NaiveDate;
use std::sync::OnceLock;

/// A reported case (typed API).
///
/// # Example
/// ```
/// use wangshi::triage::{Case, Flag};
/// use chrono::NaiveDate;
/// let c = Case::new("c1", "MD-02", NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
///     .with_parties(2)
///     .with_flag(Flag::PropertyDispute);
/// assert_eq!((c.parties, c.repeat_count, c.amount), (2, 0, 0.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The caller's id for the case.
    pub id: String,
    /// The catalogue item code (`MD-02`).
    pub item: String,
    /// The day the case was reported; the item must be in force that day.
    pub reported_on: NaiveDate,
    /// Parties involved (default 1).
    pub parties: u32,
    /// How many times it was reported before (default 0).
    pub repeat_count: u32,
    /// Yuan at stake (default 0); finite and not negative.
    pub amount: f64,
    /// Flags set by the grid worker.
    pub flags: Flags,
}

impl Case {
    /// A case with one party, no repeats, no amount and no flags.
    pub fn new(id: impl Into<String>, item: impl Into<String>, reported_on: NaiveDate) -> Case {
        Case {
            id: id.into(),
            item: item.into(),
            reported_on,
            parties: 1,
            repeat_count: 0,
            amount: 0.0,
            flags: Flags::EMPTY,
        }
    }

    /// The same case with `n` parties.
    pub fn with_parties(mut self, n: u32) -> Case {
        self.parties = n;
        self
    }

    /// The same case with `n` earlier reports.
    pub fn with_repeat_count(mut self, n: u32) -> Case {
        self.repeat_count = n;
        self
    }

    /// The same case with `yuan` at stake.
    pub fn with_amount(mut self, yuan: f64) -> Case {
        self.amount = yuan;
        self
    }

    /// The same case with `flag` set.
    pub fn with_flag(mut self, flag: Flag) -> Case {
        self.flags.insert(flag);
        self
    }
}

/// The whistle (社区吹哨): which department reports for duty, and how soon.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Whistle {
    /// The item's department (`housing`, `fire_rescue`, …).
    pub department: String,
    /// Minutes within which it must report (30 for emergencies by default,
    /// else 1440).
    pub report_within_minutes: u32,
}

/// Pre-litigation mediation with judicial confirmation (诉前调解 + 司法确认).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Mediation {
    /// Always `true`: the mediation happens before any lawsuit.
    pub pre_litigation: bool,
    /// Days within which the parties apply jointly for judicial confirmation.
    pub judicial_confirmation_within_days: u32,
}

/// Where a case goes and why (typed API): the result of `case.classify`.
///
/// # Example
/// ```
/// use wangshi::triage::{CaseRouter, Case, Center, Level};
/// let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
/// let dec = CaseRouter::default_router().classify(&Case::new("c2", "CS-01", d))?;
/// assert_eq!((dec.center, dec.level), (Center::Talk, Level::Grid));
/// assert_eq!(dec.matched_rules, ["general.default"]);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Decision {
    /// The case's id.
    pub id: String,
    /// general, safety or complex.
    pub class: CaseClass,
    /// The centre that handles it.
    pub center: Center,
    /// Grid worker or community.
    pub level: Level,
    /// The whistle, when the community blows it.
    pub whistle: Option<Whistle>,
    /// Pre-litigation mediation, when it applies.
    pub mediation: Option<Mediation>,
    /// Whether the case must be reported immediately.
    pub immediate_report: bool,
    /// Every rule that matched, in rule order (bit order of
    /// [`RULE_IDS`], then the centre overrides).
    pub matched_rules: Vec<String>,
    /// The same rules as a bitmask (the `matched_rules` batch column).
    #[serde(skip)]
    pub rule_mask: u32,
}

/// An allocation-free decision: the row of the batch API.
///
/// # Example
/// ```
/// use wangshi::triage::{CaseRouter, Flag, Center};
/// let r = CaseRouter::default_router();
/// let item = r.catalog().item_index("AQ-01").unwrap() as u32;
/// let day = wangshi::date::parse_date("2026-11-20")?;
/// let d = r.classify_raw(item, day, Flag::Emergency.mask(), 1, 0, 0.0).unwrap();
/// assert_eq!(d.center, Center::PoliceGrid);
/// assert_eq!(r.department(d.department), Some("fire_rescue"));
/// assert_eq!(d.report_within_minutes, 30);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawDecision {
    /// Class.
    pub class: CaseClass,
    /// Centre.
    pub center: Center,
    /// Level.
    pub level: Level,
    /// 0 when there is no whistle, else the department's code (see
    /// [`CaseRouter::department`]).
    pub department: u16,
    /// 0 when there is no whistle, else the report-in deadline in minutes.
    pub report_within_minutes: u32,
    /// Whether pre-litigation mediation applies.
    pub mediation: bool,
    /// Whether the case must be reported immediately.
    pub immediate_report: bool,
    /// The matched rules as a bitmask (bit *b* < 24 is [`RULE_IDS`]`[b]`,
    /// bit 24 + *k* the rule set's *k*-th centre override).
    pub matched_rules: u32,
}

/// The input column a row check concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseColumn {
    Item,
    ReportedOn,
    Parties,
    RepeatCount,
    Amount,
    Flags,
}

impl CaseColumn {
    fn name(self) -> &'static str {
        match self {
            CaseColumn::Item => "item",
            CaseColumn::ReportedOn => "reported_on",
            CaseColumn::Parties => "parties",
            CaseColumn::RepeatCount => "repeat_count",
            CaseColumn::Amount => "amount",
            CaseColumn::Flags => "flags",
        }
    }
}

/// Bit of `safety.item_class`.
const SAFETY_ITEM: u32 = 1 << 9;
/// Bits of every safety rule (0–9).
const SAFETY_RULES: u32 = (1 << 10) - 1;
/// First bit of the `complex.<flag>` rules.
const COMPLEX_FLAG_SHIFT: u32 = 10;
const COMPLEX_PARTIES: u32 = 1 << 19;
const COMPLEX_REPEAT: u32 = 1 << 20;
const COMPLEX_AMOUNT: u32 = 1 << 21;
const COMPLEX_ITEM: u32 = 1 << 22;
/// Bits of every complex rule (10–22).
const COMPLEX_RULES: u32 = ((1 << 23) - 1) & !SAFETY_RULES;
const GENERAL_DEFAULT: u32 = 1 << 23;
/// First bit of the centre overrides.
const OVERRIDE_SHIFT: u32 = 24;

/// Per item of the catalogue, what the hot path needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ItemRow {
    /// First day in force.
    from: i32,
    /// First day no longer in force (`i32::MAX` when open-ended).
    until: i32,
    /// The item-class rule bit (`safety.item_class` / `complex.item_class`)
    /// when the rule set uses it, else 0.
    rule_bits: u32,
    /// Whether the item's category qualifies for mediation.
    mediation_category: bool,
    /// 1-based code of the item's department.
    department: u16,
}

/// A centre override, compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Override {
    /// Bit `class as u8` per class it applies to.
    classes: u8,
    flags: u16,
    center: u8,
}

/// The rule set as masks and numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Compiled {
    safety_flags: u16,
    complex_flags: u16,
    parties_min: u64,
    repeat_min: u64,
    amount_min: f64,
    /// By class number (index 0 unused).
    centers: [Center; 4],
    overrides: [Override; MAX_CENTER_OVERRIDES],
    n_overrides: usize,
    grid_classes: u8,
    grid_max_parties: u32,
    grid_max_repeat: u32,
    grid_unless: u16,
    whistle_flags: u16,
    urgent_flags: u16,
    minutes: u32,
    urgent_minutes: u32,
    mediation_classes: u8,
    mediation_flags: u16,
    immediate_flags: u16,
}

fn class_mask(classes: &[CaseClass]) -> u8 {
    classes.iter().fold(0, |m, c| m | 1 << *c as u8)
}

/// A rule set compiled against a catalogue: classify any number of cases,
/// one at a time or as a columnar batch.
///
/// The router owns copies of both (cheap: a few hundred small records), so
/// it is `Send + Sync`, can be kept for a whole run and shared across
/// threads, and carries no lifetimes into the C ABI or Python.
///
/// **Departments** are coded as small numbers in the batch output: `0` means
/// "no whistle", `k ≥ 1` is [`CaseRouter::departments`]`()[k − 1]`, the
/// distinct departments of the catalogue's items in catalogue order.
///
/// # Example
/// ```
/// use wangshi::triage::{CaseRouter, TriageRules, Case, Flag};
/// use wangshi::{Catalog, CaseClass};
/// let router = CaseRouter::new(&TriageRules::default(), Catalog::default_catalog())?;
/// let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
/// let dec = router.classify(&Case::new("c1", "MD-02", d).with_flag(Flag::PropertyDispute))?;
/// assert_eq!(dec.class, CaseClass::Complex);
/// assert_eq!(dec.matched_rules, ["complex.property_dispute", "complex.item_class"]);
/// assert_eq!(dec.mediation.unwrap().judicial_confirmation_within_days, 30);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CaseRouter {
    rules: TriageRules,
    catalog: Catalog,
    compiled: Compiled,
    items: Vec<ItemRow>,
    departments: Vec<String>,
}

impl CaseRouter {
    /// Compiles `rules` against `catalog`.
    ///
    /// # Errors
    /// `invalid_catalog` when the catalogue has more than 65 535 distinct
    /// departments or more than 2³² − 2 items (the batch columns could not code
    /// them).
    ///
    /// # Example
    /// ```
    /// let r = wangshi::triage::CaseRouter::new(
    ///     wangshi::triage::default_rules(), wangshi::Catalog::default_catalog())?;
    /// assert!(r.departments().contains(&"housing".to_owned()));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn new(rules: &TriageRules, catalog: &Catalog) -> Result<CaseRouter, Error> {
        // Item indices below the batch sentinels NO_ITEM and UNKNOWN_ITEM.
        if catalog.items().len() > super::UNKNOWN_ITEM as usize {
            return Err(Error::new(
                ErrorCode::InvalidCatalog,
                "a catalogue for triage may have at most 4 294 967 294 items",
            ));
        }
        let mut departments: Vec<String> = Vec::new();
        let mut items = Vec::with_capacity(catalog.items().len());
        for item in catalog.items() {
            let dept = match departments.iter().position(|d| *d == item.department) {
                Some(i) => i,
                None => {
                    departments.push(item.department.clone());
                    departments.len() - 1
                }
            };
            let department = u16::try_from(dept + 1).map_err(|_| {
                Error::new(
                    ErrorCode::InvalidCatalog,
                    "a catalogue for triage may have at most 65 535 distinct departments",
                )
            })?;
            let lapse = item.ends_on.map_or(i32::MAX, |e| to_days(e) + 1);
            let exit = item.exited_on.map_or(i32::MAX, to_days);
            let rule_bits = match item.class {
                CaseClass::Safety if rules.safety_item_class() => SAFETY_ITEM,
                CaseClass::Complex if rules.complex_item_class() => COMPLEX_ITEM,
                _ => 0,
            };
            items.push(ItemRow {
                from: to_days(item.admitted_on),
                until: lapse.min(exit),
                rule_bits,
                mediation_category: rules.mediation().categories.contains(&item.category),
                department,
            });
        }
        let mut overrides = [Override::default(); MAX_CENTER_OVERRIDES];
        for (o, r) in overrides.iter_mut().zip(rules.center_overrides()) {
            *o = Override {
                classes: class_mask(&r.classes),
                flags: r.flags.bits(),
                center: r.center as u8,
            };
        }
        let g = rules.grid_level();
        let w = rules.whistle();
        let m = rules.mediation();
        let compiled = Compiled {
            safety_flags: rules.safety_flags().bits(),
            complex_flags: rules.complex_flags().bits(),
            parties_min: rules.parties_at_least().map_or(u64::MAX, u64::from),
            repeat_min: rules.repeat_count_at_least().map_or(u64::MAX, u64::from),
            amount_min: rules.amount_at_least().unwrap_or(f64::INFINITY),
            centers: [
                Center::Talk,
                rules.center(CaseClass::General),
                rules.center(CaseClass::Safety),
                rules.center(CaseClass::Complex),
            ],
            overrides,
            n_overrides: rules.center_overrides().len(),
            grid_classes: class_mask(&g.classes),
            grid_max_parties: g.max_parties,
            grid_max_repeat: g.max_repeat_count,
            grid_unless: g.unless_flags.bits(),
            whistle_flags: w.flags.bits(),
            urgent_flags: w.urgent_flags.bits(),
            minutes: w.report_within_minutes,
            urgent_minutes: w.urgent_report_within_minutes,
            mediation_classes: class_mask(&m.classes),
            mediation_flags: m.flags.bits(),
            immediate_flags: rules.immediate_report_flags().bits(),
        };
        Ok(CaseRouter {
            rules: rules.clone(),
            catalog: catalog.clone(),
            compiled,
            items,
            departments,
        })
    }

    /// The router of the default rules and the default catalogue, built
    /// once.
    ///
    /// # Example
    /// ```
    /// let r = wangshi::triage::CaseRouter::default_router();
    /// assert_eq!(r.catalog().items().len(), 57);
    /// ```
    pub fn default_router() -> &'static CaseRouter {
        static DEFAULT: OnceLock<CaseRouter> = OnceLock::new();
        DEFAULT.get_or_init(|| {
            CaseRouter::new(default_rules(), Catalog::default_catalog())
                .expect("the default catalogue fits the batch columns")
        })
    }

    /// The rule set.
    pub fn rules(&self) -> &TriageRules {
        &self.rules
    }

    /// The catalogue (item indices of the batch API index its
    /// [`items`](Catalog::items)).
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The distinct departments of the catalogue's items, in catalogue
    /// order; department code `k ≥ 1` is `departments()[k − 1]`.
    pub fn departments(&self) -> &[String] {
        &self.departments
    }

    /// The department with code `k` (`None` for 0, "no whistle", and for
    /// codes out of range).
    pub fn department(&self, k: u16) -> Option<&str> {
        self.departments
            .get(usize::from(k).checked_sub(1)?)
            .map(String::as_str)
    }

    /// The ids of the rules in a matched-rules mask, in rule order.
    ///
    /// # Example
    /// ```
    /// let r = wangshi::triage::CaseRouter::default_router();
    /// let ids: Vec<_> = r.rule_ids((1 << 0) | (1 << 9) | (1 << 23)).collect();
    /// assert_eq!(ids, ["safety.emergency", "safety.item_class", "general.default"]);
    /// ```
    pub fn rule_ids(&self, mask: u32) -> impl Iterator<Item = &str> {
        (0..32u32)
            .filter(move |b| mask & (1 << b) != 0)
            .filter_map(|b| {
                let b = b as usize;
                match b.checked_sub(OVERRIDE_SHIFT as usize) {
                    None => Some(RULE_IDS[b]),
                    Some(k) => self.rules.center_overrides().get(k).map(|o| o.id.as_str()),
                }
            })
    }

    /// [`classify_raw`](CaseRouter::classify_raw) for a row of a columnar
    /// batch, whose counts are signed (`i32`, as C and numpy hand them over)
    /// so that a negative count is the row's `invalid_value` rather than a
    /// huge unsigned number. The columnar batch and the C ABI both run it.
    ///
    /// The checks run in the order in which the JSON op `case.classify`
    /// reads a case, so a row gives the same code from every layer: the
    /// fields first, in field order (`item` present, `reported_on` present
    /// and a date, `parties`, `repeat_count`, `amount`, `flags`), then the
    /// item looked up, then whether it is in force on the day.
    ///
    /// # Errors
    /// `missing_field` for an item of [`NO_ITEM`](super::NO_ITEM) or a date
    /// of [`NO_DATE`](crate::date::NO_DATE); `invalid_date` for a date
    /// outside 1900–2199 ([`NOT_A_DATE`](crate::date::NOT_A_DATE) included);
    /// `invalid_value` for a negative count, a negative, NaN or infinite
    /// amount, or a flag bit above 8; `unknown_item` for an index outside
    /// the catalogue ([`UNKNOWN_ITEM`](super::UNKNOWN_ITEM) included);
    /// `item_not_in_force`.
    ///
    /// # Example
    /// ```
    /// use wangshi::{ErrorCode, triage::{CaseRouter, NO_ITEM, UNKNOWN_ITEM}};
    /// let r = CaseRouter::default_router();
    /// let day = wangshi::date::parse_date("2026-11-20")?;
    /// assert_eq!(r.classify_row(0, day, 0, -1, 0, 0.0), Err(ErrorCode::InvalidValue));
    /// assert_eq!(r.classify_row(NO_ITEM, day, 0, 1, 0, 0.0), Err(ErrorCode::MissingField));
    /// // The amount is read before the item is looked up, as in the JSON op.
    /// assert_eq!(r.classify_row(UNKNOWN_ITEM, day, 0, 1, 0, -1.0), Err(ErrorCode::InvalidValue));
    /// assert!(r.classify_row(0, day, 0, 1, 0, 0.0).is_ok());
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    #[inline]
    pub fn classify_row(
        &self,
        item: u32,
        reported_on: i32,
        flags: u16,
        parties: i32,
        repeat_count: i32,
        amount: f64,
    ) -> Result<RawDecision, ErrorCode> {
        let counts = [parties, repeat_count];
        let row = self
            .check(item, reported_on, counts, flags, amount)
            .map_err(|f| f.0)?;
        Ok(self.decide(row, flags, parties as u32, repeat_count as u32, amount))
    }

    /// The row's checks in the JSON op's order: the item's facts, or the
    /// code with the column it concerns.
    #[inline(always)]
    fn check(
        &self,
        item: u32,
        day: i32,
        counts: [i32; 2],
        flags: u16,
        amount: f64,
    ) -> Result<&ItemRow, (ErrorCode, CaseColumn)> {
        if item == super::NO_ITEM {
            return Err((ErrorCode::MissingField, CaseColumn::Item));
        }
        if day == crate::date::NO_DATE {
            return Err((ErrorCode::MissingField, CaseColumn::ReportedOn));
        }
        if !in_range(day) {
            return Err((ErrorCode::InvalidDate, CaseColumn::ReportedOn));
        }
        if counts[0] < 0 {
            return Err((ErrorCode::InvalidValue, CaseColumn::Parties));
        }
        if counts[1] < 0 {
            return Err((ErrorCode::InvalidValue, CaseColumn::RepeatCount));
        }
        // NaN is neither finite nor >= 0.
        if !amount.is_finite() || amount < 0.0 {
            return Err((ErrorCode::InvalidValue, CaseColumn::Amount));
        }
        if flags & !Flags::ALL_BITS != 0 {
            return Err((ErrorCode::InvalidValue, CaseColumn::Flags));
        }
        let Some(row) = self.items.get(item as usize) else {
            return Err((ErrorCode::UnknownItem, CaseColumn::Item));
        };
        if day < row.from || day >= row.until {
            return Err((ErrorCode::ItemNotInForce, CaseColumn::Item));
        }
        Ok(row)
    }

    /// The error of a batch row that [`classify_row`](CaseRouter::classify_row)
    /// rejects, with a message and the row's column as its path (`item`,
    /// `reported_on`, `parties`, `repeat_count`, `amount`, `flags`); `None`
    /// for a row that is fine. Bindings call it for the error rows of a
    /// batch when the caller wants messages.
    ///
    /// # Errors
    /// None: the error is the value returned.
    ///
    /// # Example
    /// ```
    /// use wangshi::{ErrorCode, triage::CaseRouter, date::NOT_A_DATE};
    /// let r = CaseRouter::default_router();
    /// let e = r.explain_row(0, NOT_A_DATE, 0, 1, 0, 0.0).unwrap();
    /// assert_eq!((e.code(), e.path()), (ErrorCode::InvalidDate, Some("reported_on")));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn explain_row(
        &self,
        item: u32,
        reported_on: i32,
        flags: u16,
        parties: i32,
        repeat_count: i32,
        amount: f64,
    ) -> Option<Error> {
        let (code, column) = self
            .check(item, reported_on, [parties, repeat_count], flags, amount)
            .err()?;
        let name = column.name();
        let e = match (code, column) {
            (ErrorCode::MissingField, _) => {
                Error::new(code, format!("missing required field {name:?}"))
            }
            (ErrorCode::InvalidDate, _) if reported_on == crate::date::NOT_A_DATE => Error::new(
                code,
                "reported_on is not a date of the form YYYY-MM-DD between 1900-01-01 and 2199-12-31",
            ),
            (ErrorCode::InvalidValue, CaseColumn::Parties | CaseColumn::RepeatCount) => Error::new(
                code,
                format!("{name:?} must be a whole number from 0 to 4294967295"),
            ),
            (ErrorCode::InvalidValue, CaseColumn::Flags) => Error::new(
                code,
                format!(
                    "the flags hold a bit or value that is no flag; known flags: {}",
                    Flag::known_names()
                ),
            ),
            (ErrorCode::UnknownItem, _) if item == super::UNKNOWN_ITEM => Error::new(
                code,
                format!(
                    "the item code is not in the catalogue (version {:?})",
                    self.catalog.version()
                ),
            ),
            (ErrorCode::UnknownItem, _) => Error::new(
                code,
                format!(
                    "unknown item index {item}: the catalogue (version {:?}) has {} items",
                    self.catalog.version(),
                    self.items.len()
                ),
            ),
            _ => return Some(self.explain(code, item as usize, reported_on, amount)),
        };
        Some(e.at(name))
    }

    /// Classifies one case given as numbers: the hot path of the batch,
    /// allocation-free.
    ///
    /// `item` indexes [`Catalog::items`]; `reported_on` is days since
    /// 1970-01-01; `flags` is a [`Flags`] bitmask; `amount` is in yuan.
    ///
    /// # Errors
    /// The bare [`ErrorCode`], in the order of
    /// [`classify_row`](CaseRouter::classify_row): `missing_field`
    /// ([`NO_ITEM`](super::NO_ITEM), [`NO_DATE`](crate::date::NO_DATE)),
    /// `invalid_date` (outside 1900–2199), `invalid_value` (an amount that
    /// is negative, NaN or infinite, or a flag bit above 8), `unknown_item`
    /// (index out of range), `item_not_in_force`.
    ///
    /// # Example
    /// ```
    /// use wangshi::{ErrorCode, triage::CaseRouter};
    /// let r = CaseRouter::default_router();
    /// let day = wangshi::date::parse_date("2026-11-20")?;
    /// assert_eq!(r.classify_raw(999, day, 0, 1, 0, 0.0), Err(ErrorCode::UnknownItem));
    /// assert_eq!(r.classify_raw(0, day, 1 << 12, 1, 0, 0.0), Err(ErrorCode::InvalidValue));
    /// assert_eq!(r.classify_raw(0, day, 0, 1, 0, -1.0), Err(ErrorCode::InvalidValue));
    /// assert_eq!(r.classify_raw(0, day - 2000, 0, 1, 0, 0.0), Err(ErrorCode::ItemNotInForce));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    #[inline]
    pub fn classify_raw(
        &self,
        item: u32,
        reported_on: i32,
        flags: u16,
        parties: u32,
        repeat_count: u32,
        amount: f64,
    ) -> Result<RawDecision, ErrorCode> {
        let row = self
            .check(item, reported_on, [0, 0], flags, amount)
            .map_err(|f| f.0)?;
        Ok(self.decide(row, flags, parties, repeat_count, amount))
    }

    /// The decision for a row that passed its checks.
    #[inline(always)]
    fn decide(
        &self,
        row: &ItemRow,
        flags: u16,
        parties: u32,
        repeat_count: u32,
        amount: f64,
    ) -> RawDecision {
        let c = &self.compiled;
        let mut rules = u32::from(flags & c.safety_flags)
            | u32::from(flags & c.complex_flags) << COMPLEX_FLAG_SHIFT
            | row.rule_bits;
        if u64::from(parties) >= c.parties_min {
            rules |= COMPLEX_PARTIES;
        }
        if u64::from(repeat_count) >= c.repeat_min {
            rules |= COMPLEX_REPEAT;
        }
        if amount >= c.amount_min {
            rules |= COMPLEX_AMOUNT;
        }
        let class = if rules & SAFETY_RULES != 0 {
            CaseClass::Safety
        } else if rules & COMPLEX_RULES != 0 {
            CaseClass::Complex
        } else {
            rules |= GENERAL_DEFAULT;
            CaseClass::General
        };
        let cbit = 1u8 << class as u8;
        let mut center = c.centers[class as usize];
        let mut overridden = false;
        for (k, o) in c.overrides[..c.n_overrides].iter().enumerate() {
            if o.classes & cbit != 0 && flags & o.flags != 0 {
                rules |= 1 << (OVERRIDE_SHIFT + k as u32);
                if !overridden {
                    overridden = true;
                    center = Center::from_u8(o.center).unwrap_or(center);
                }
            }
        }
        let level = if c.grid_classes & cbit != 0
            && parties <= c.grid_max_parties
            && repeat_count <= c.grid_max_repeat
            && flags & c.grid_unless == 0
        {
            Level::Grid
        } else {
            Level::Community
        };
        let (department, report_within_minutes) = if flags & c.whistle_flags != 0 {
            let minutes = if flags & c.urgent_flags != 0 {
                c.urgent_minutes
            } else {
                c.minutes
            };
            (row.department, minutes)
        } else {
            (0, 0)
        };
        RawDecision {
            class,
            center,
            level,
            department,
            report_within_minutes,
            mediation: c.mediation_classes & cbit != 0
                && (row.mediation_category || flags & c.mediation_flags != 0),
            immediate_report: flags & c.immediate_flags != 0,
            matched_rules: rules,
        }
    }

    /// Classifies one case (typed API): the class, centre, level, whistle,
    /// mediation and immediate report, and every rule that matched.
    ///
    /// # Errors
    /// `unknown_item` (at `item`) when the catalogue has no such item,
    /// `item_not_in_force` (at `item`) when it is not in force on
    /// `reported_on`, `invalid_date` (at `reported_on`) outside 1900–2199,
    /// `invalid_value` (at `amount`) for a negative, NaN or infinite amount.
    ///
    /// # Example
    /// ```
    /// use wangshi::triage::{CaseRouter, Case, Flag, Level};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let r = CaseRouter::default_router();
    /// let fire = Case::new("c7", "AQ-01", d("2026-11-20")).with_flag(Flag::Emergency);
    /// let dec = r.classify(&fire)?;
    /// let w = dec.whistle.unwrap();
    /// assert_eq!((w.department.as_str(), w.report_within_minutes), ("fire_rescue", 30));
    /// assert!(dec.immediate_report);
    /// let err = r.classify(&Case::new("c8", "MD-02", d("2022-06-01"))).unwrap_err();
    /// assert_eq!(err.code(), wangshi::ErrorCode::ItemNotInForce);
    /// assert_eq!(err.path(), Some("item"));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn classify(&self, case: &Case) -> Result<Decision, Error> {
        // The date first, in the order the JSON op reads the case.
        let day = date::checked_days(case.reported_on).map_err(|e| e.at("reported_on"))?;
        // An unknown code is reported after the amount is checked, in the
        // JSON op's order.
        let item = self
            .catalog
            .item_index(&case.item)
            .map_or(super::UNKNOWN_ITEM, |i| i as u32);
        let raw = self
            .classify_raw(
                item,
                day,
                case.flags.bits(),
                case.parties,
                case.repeat_count,
                case.amount,
            )
            .map_err(|code| match code {
                ErrorCode::UnknownItem => self.catalog.unknown_item(&case.item).at("item"),
                _ => self.explain(code, item as usize, day, case.amount),
            })?;
        Ok(self.decision(case.id.clone(), &raw))
    }

    /// The error of a row that failed with `code`, with a message saying
    /// what was wrong and a path relative to the case.
    pub(crate) fn explain(&self, code: ErrorCode, item: usize, day: i32, amount: f64) -> Error {
        match code {
            ErrorCode::ItemNotInForce => {
                let it = &self.catalog.items()[item];
                let why = match it.check_day(day) {
                    crate::catalog::InForce::NotYetAdmitted => {
                        format!("it is admitted on {}", it.admitted_on)
                    }
                    crate::catalog::InForce::Exited => format!(
                        "it left the catalogue on {}",
                        it.exited_on.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    crate::catalog::InForce::Expired => format!(
                        "the temporary item ended on {}",
                        it.ends_on.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    _ => "it is not in force".to_owned(),
                };
                Error::new(
                    code,
                    format!(
                        "item {} is not in force on {}: {why}; work outside the catalogue may not be assigned to grids",
                        it.code,
                        format_date(day)
                    ),
                )
                .at("item")
            }
            ErrorCode::InvalidValue => Error::new(
                code,
                format!("\"amount\" must be a finite, non-negative number of yuan, found {amount}"),
            )
            .at("amount"),
            ErrorCode::InvalidDate => Error::new(
                code,
                format!("day number {day} is outside 1900-01-01..2199-12-31"),
            )
            .at("reported_on"),
            other => Error::from(other).at("item"),
        }
    }

    /// The typed decision of a raw one.
    ///
    /// # Example
    /// ```
    /// use wangshi::triage::CaseRouter;
    /// let r = CaseRouter::default_router();
    /// let day = wangshi::date::parse_date("2026-11-20")?;
    /// let raw = r.classify_raw(0, day, 0, 1, 0, 0.0).unwrap();
    /// assert_eq!(r.decision("c1".into(), &raw).matched_rules, ["general.default"]);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn decision(&self, id: String, raw: &RawDecision) -> Decision {
        let whistle = self.department(raw.department).map(|d| Whistle {
            department: d.to_owned(),
            report_within_minutes: raw.report_within_minutes,
        });
        Decision {
            id,
            class: raw.class,
            center: raw.center,
            level: raw.level,
            whistle,
            mediation: raw.mediation.then_some(Mediation {
                pre_litigation: true,
                judicial_confirmation_within_days: self
                    .rules
                    .mediation()
                    .judicial_confirmation_within_days,
            }),
            immediate_report: raw.immediate_report,
            matched_rules: self
                .rule_ids(raw.matched_rules)
                .map(str::to_owned)
                .collect(),
            rule_mask: raw.matched_rules,
        }
    }
}

impl Default for CaseRouter {
    /// The router of the default rules and catalogue (a clone of
    /// [`CaseRouter::default_router`]).
    fn default() -> CaseRouter {
        CaseRouter::default_router().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn router_is_send_and_sync() {
        fn shareable<T: Send + Sync + 'static>() {}
        shareable::<CaseRouter>();
    }

    #[test]
    fn rule_masks_partition_the_builtin_bits() {
        assert_eq!(SAFETY_RULES & COMPLEX_RULES, 0);
        assert_eq!(
            SAFETY_RULES | COMPLEX_RULES | GENERAL_DEFAULT,
            (1 << 24) - 1
        );
        assert_eq!(RULE_IDS[19], "complex.parties");
        assert_eq!(RULE_IDS[22], "complex.item_class");
        assert_eq!(
            RULE_IDS[COMPLEX_FLAG_SHIFT as usize + Flag::Petition as usize],
            "complex.petition"
        );
    }

    #[test]
    fn in_force_table_agrees_with_the_catalogue() {
        let r = CaseRouter::default_router();
        let mut items = r.catalog().items().to_vec();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        items[3].ends_on = Some(d("2026-03-31"));
        items[4].exited_on = Some(d("2026-02-01"));
        items[5].ends_on = Some(d("2026-05-31"));
        items[5].exited_on = Some(d("2026-04-01"));
        let c = Catalog::new("t", r.catalog().categories().to_vec(), items).unwrap();
        let r = CaseRouter::new(r.rules(), &c).unwrap();
        for (i, item) in c.items().iter().enumerate() {
            for day in (to_days(d("2022-12-25"))..to_days(d("2026-07-01"))).step_by(3) {
                let ok = r.classify_raw(i as u32, day, 0, 1, 0, 0.0).is_ok();
                assert_eq!(ok, item.in_force_day(day), "{} on {day}", item.code);
            }
        }
    }
}
