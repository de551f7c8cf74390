//! Categories (大类) and items (小类) of the task catalogue, their case class,
//! and when an item is in force.

use crate::date::{checked_days, to_days};
use crate::error::Error;
use chrono::NaiveDate;

/// The three case classes of 多事合一 triage: 一般公共事项 (general),
/// 平安需求事项 (safety), 复杂疑难事项 (complex). Each category and item
/// carries its default class.
///
/// The numbers are part of the binary contract (batch columns, C ABI) and
/// are never renumbered.
///
/// # Example
/// ```
/// use wangshi::CaseClass;
/// assert_eq!(CaseClass::Safety.as_str(), "safety");
/// assert_eq!(CaseClass::from_name("complex"), Some(CaseClass::Complex));
/// assert_eq!(CaseClass::from_name("urgent"), None);
/// assert_eq!(CaseClass::General as u8, 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum CaseClass {
    /// 一般公共事项: handled by consultation in the talk centre (说事中心).
    General = 1,
    /// 平安需求事项: handled by the police-grid centre (警格中心).
    Safety = 2,
    /// 复杂疑难事项: handled by the mediation centre (矛调中心).
    Complex = 3,
}

crate::request::write::serialize_as_str!(CaseClass);

impl CaseClass {
    /// Every class, in numeric order.
    pub const ALL: [CaseClass; 3] = [CaseClass::General, CaseClass::Safety, CaseClass::Complex];

    /// The contract's name: `general`, `safety` or `complex`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CaseClass::General => "general",
            CaseClass::Safety => "safety",
            CaseClass::Complex => "complex",
        }
    }

    /// The class with this name, if any.
    pub fn from_name(name: &str) -> Option<CaseClass> {
        CaseClass::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl std::fmt::Display for CaseClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A category (大类) of the catalogue, such as `MD` 矛盾纠纷.
///
/// Its class and department are the defaults of its items.
///
/// # Example
/// ```
/// let md = wangshi::Catalog::default_catalog().category("MD").unwrap();
/// assert_eq!(md.name_en, "Disputes");
/// assert_eq!(md.class, wangshi::CaseClass::Complex);
/// assert_eq!(md.department, "justice");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Category {
    /// Stable code (`DJ`, `XX`, … `JB` in the default catalogue).
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Default case class of the category's items.
    pub class: CaseClass,
    /// Default department of the category's items (who reports for duty
    /// when the community whistles).
    pub department: String,
}

/// An item (小类) of the catalogue: a kind of work admitted into grids.
///
/// **Dates.** The [`NaiveDate`] methods ([`Item::in_force`],
/// [`Item::check`]) enforce the supported years 1900–2199 and fail with `invalid_date` outside them. The day-number
/// methods ([`Item::in_force_day`], [`Item::check_day`]) are the unchecked
/// primitives of the batch paths: their callers check the range once per
/// row (the JSON reader, the C ABI, the batch APIs); outside it they answer
/// by plain arithmetic.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// let item = wangshi::Catalog::default_catalog().item("MS-03").unwrap();
/// assert_eq!(item.name_zh, "就业社保");
/// assert_eq!(item.department, "human_resources"); // refines the category's civil_affairs
/// assert!(item.in_force(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap())?);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Item {
    /// Stable code (`DJ-01` … `JB-02` in the default catalogue).
    pub code: String,
    /// The code of its category.
    pub category: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Default case class.
    pub class: CaseClass,
    /// Department that reports for duty when the community whistles.
    pub department: String,
    /// First day in force.
    #[serde(serialize_with = "crate::request::write::ser_date")]
    pub admitted_on: NaiveDate,
    /// Last day in force of a temporary item (it lapses on its own after it).
    #[serde(serialize_with = "crate::request::write::ser_opt_date")]
    pub ends_on: Option<NaiveDate>,
    /// The day the item left the catalogue (no longer in force from that
    /// day on); the item stays in the catalogue as history.
    #[serde(serialize_with = "crate::request::write::ser_opt_date")]
    pub exited_on: Option<NaiveDate>,
}

/// Whether an item is in force on a day, and if not, why: the `reason` of
/// `catalog.check`.
///
/// # Example
/// ```
/// use wangshi::catalog::InForce;
/// assert_eq!(InForce::NotYetAdmitted.as_str(), "not_yet_admitted");
/// assert!(InForce::InForce.is_in_force());
/// assert!(!InForce::Expired.is_in_force());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InForce {
    /// Admitted, not exited, not lapsed: grids may take this work.
    InForce,
    /// The day is before the item's `admitted_on`.
    NotYetAdmitted,
    /// The item left the catalogue on or before the day (`exited_on`).
    Exited,
    /// A temporary item whose `ends_on` is before the day.
    Expired,
    /// No item of the catalogue has this code.
    UnknownItem,
}

impl InForce {
    /// Every reason, in the order of their numbers in the binary interfaces
    /// (1 `in_force` … 5 `unknown_item`; the `in_force` vocabulary).
    pub const ALL: [InForce; 5] = [
        InForce::InForce,
        InForce::NotYetAdmitted,
        InForce::Exited,
        InForce::Expired,
        InForce::UnknownItem,
    ];

    /// The contract's name: `in_force`, `not_yet_admitted`, `exited`,
    /// `expired` or `unknown_item`.
    pub const fn as_str(self) -> &'static str {
        match self {
            InForce::InForce => "in_force",
            InForce::NotYetAdmitted => "not_yet_admitted",
            InForce::Exited => "exited",
            InForce::Expired => "expired",
            InForce::UnknownItem => "unknown_item",
        }
    }

    /// Whether this is [`InForce::InForce`].
    pub const fn is_in_force(self) -> bool {
        matches!(self, InForce::InForce)
    }
}

impl Item {
    /// Whether the item is in force on `on`: `admitted_on <= on`, `on <
    /// exited_on` when set, and `on <= ends_on` when set.
    ///
    /// # Errors
    /// `invalid_date` (path `on`) when `on` is outside 1900–2199.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let mut item = wangshi::Catalog::default_catalog().item("JB-02").unwrap().clone();
    /// item.ends_on = Some(d(2026, 12, 31));
    /// assert!(item.in_force(d(2026, 12, 31))?);
    /// assert!(!item.in_force(d(2027, 1, 1))?); // a temporary item lapses on its own
    /// assert!(!item.in_force(d(2022, 12, 31))?); // before admission
    /// let err = item.in_force(d(3000, 1, 1)).unwrap_err();
    /// assert_eq!(err.code(), wangshi::ErrorCode::InvalidDate);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn in_force(&self, on: NaiveDate) -> Result<bool, Error> {
        self.check(on).map(InForce::is_in_force)
    }

    /// [`Item::in_force`] for a day number (days since 1970-01-01), the
    /// representation of the batch paths; no allocation. The day must be
    /// within 1900–2199 (not checked here; see the type's docs).
    ///
    /// # Example
    /// ```
    /// let item = wangshi::Catalog::default_catalog().item("DJ-01").unwrap();
    /// assert!(item.in_force_day(wangshi::date::days_from_civil(2023, 1, 1)));
    /// assert!(!item.in_force_day(wangshi::date::days_from_civil(2022, 12, 31)));
    /// ```
    #[inline]
    pub fn in_force_day(&self, day: i32) -> bool {
        self.check_day(day).is_in_force()
    }

    /// Why the item is or is not in force on `on`. When both an exit and the
    /// end of a temporary item lie before `on`, the earlier one is the
    /// reason (an exit on the day after `ends_on` counts as the exit).
    ///
    /// # Errors
    /// `invalid_date` (path `on`) when `on` is outside 1900–2199.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use wangshi::catalog::InForce;
    /// let item = wangshi::Catalog::default_catalog().item("AQ-01").unwrap();
    /// assert_eq!(item.check(NaiveDate::from_ymd_opt(2020, 5, 1).unwrap())?, InForce::NotYetAdmitted);
    /// assert_eq!(item.check(NaiveDate::from_ymd_opt(2026, 5, 1).unwrap())?, InForce::InForce);
    /// assert!(item.check(NaiveDate::from_ymd_opt(1899, 12, 31).unwrap()).is_err());
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn check(&self, on: NaiveDate) -> Result<InForce, Error> {
        checked_days(on)
            .map(|day| self.check_day(day))
            .map_err(|e| e.at("on"))
    }

    /// [`Item::check`] for a day number, which must be within 1900–2199
    /// (not checked here; see the type's docs).
    ///
    /// # Example
    /// ```
    /// use wangshi::catalog::InForce;
    /// let item = wangshi::Catalog::default_catalog().item("AQ-01").unwrap();
    /// assert_eq!(item.check_day(0), InForce::NotYetAdmitted); // 1970-01-01
    /// ```
    pub fn check_day(&self, day: i32) -> InForce {
        if day < to_days(self.admitted_on) {
            return InForce::NotYetAdmitted;
        }
        // The first day the item is no longer in force, for each way out.
        let exit = self.exited_on.map(to_days).filter(|&x| day >= x);
        let lapse = self.ends_on.map(|e| to_days(e) + 1).filter(|&x| day >= x);
        match (exit, lapse) {
            (None, None) => InForce::InForce,
            (Some(x), Some(l)) if l < x => InForce::Expired,
            (Some(_), _) => InForce::Exited,
            (None, Some(_)) => InForce::Expired,
        }
    }
}
