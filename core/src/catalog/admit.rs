//! Admission (准入): a proposed item enters the catalogue only with an
//! approval and only when it fits what grid workers are for and can do.

use super::item::{CaseClass, Item};
use super::list::Catalog;
use crate::date::checked_days;
use crate::error::{Error, ErrorCode};
use chrono::NaiveDate;

/// A proposed item and the basis for admitting it (`catalog.admit`).
///
/// # Example
/// ```
/// use wangshi::catalog::{Basis, Proposal};
/// use chrono::NaiveDate;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let p = Proposal {
///     code: "JB-03".into(), category: "JB".into(),
///     name_zh: "防汛排查".into(), name_en: "Flood season inspections".into(),
///     class: None, department: Some("emergency".into()),
///     basis: Basis {
///         approved_by: Some("县委社会工作部".into()), approved_on: Some(d(2026, 5, 20)),
///         effective_on: d(2026, 6, 1), temporary: true, ends_on: Some(d(2026, 9, 30)),
///         fits_grid_duties: true, within_worker_capacity: true,
///         requires_enforcement_power: false, requires_professional_qualification: false,
///     },
/// };
/// let c = wangshi::Catalog::default_catalog();
/// let next = c.admit(&p)?.into_catalog().unwrap();
/// assert_eq!(next.version(), "2023.2");
/// assert!(next.check("JB-03", d(2026, 7, 1))?.in_force());
/// assert!(!next.check("JB-03", d(2026, 10, 1))?.in_force()); // lapsed on its own
/// assert!(c.item("JB-03").is_none()); // the old catalogue is unchanged
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The new item's code; must not be in the catalogue (exited items
    /// included: codes are never reused).
    pub code: String,
    /// The code of an existing category.
    pub category: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Case class; the category's when `None`.
    pub class: Option<CaseClass>,
    /// Department; the category's when `None`.
    pub department: Option<String>,
    /// Why the item may be admitted.
    pub basis: Basis,
}

/// The basis of an admission: the approval, the dates, and what the
/// proposer declares about the work.
///
/// See [`Proposal`] for an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    /// The approving body (审批单位).
    pub approved_by: Option<String>,
    /// The date of approval.
    pub approved_on: Option<NaiveDate>,
    /// The first day in force (the item's `admitted_on`).
    pub effective_on: NaiveDate,
    /// A temporary item (临时事项) must state `ends_on`.
    pub temporary: bool,
    /// The last day in force of a temporary item.
    pub ends_on: Option<NaiveDate>,
    /// The work fits the service functions of grids (与网格服务职能相符).
    pub fits_grid_duties: bool,
    /// The work is within what grid workers can do (与网格员能力相适应).
    pub within_worker_capacity: bool,
    /// The work needs enforcement power (grid workers hold none).
    pub requires_enforcement_power: bool,
    /// The work needs a professional qualification.
    pub requires_professional_qualification: bool,
}

/// Why an admission is refused; every failing reason is reported.
///
/// # Example
/// ```
/// use wangshi::catalog::RejectReason;
/// assert_eq!(RejectReason::TemporaryWithoutEnd.as_str(), "temporary_without_end");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectReason {
    /// No approving body, or no approval date.
    ApprovalMissing,
    /// The item would take effect before it was approved.
    EffectiveBeforeApproval,
    /// The category is not in the catalogue.
    UnknownCategory,
    /// The code is already in the catalogue (exited items included).
    DuplicateCode,
    /// The work does not fit the service functions of grids.
    OutsideGridDuties,
    /// The work is beyond what grid workers can do.
    BeyondWorkerCapacity,
    /// The work needs enforcement power, which grid workers do not hold.
    RequiresEnforcementPower,
    /// The work needs a professional qualification.
    RequiresProfessionalQualification,
    /// A temporary item without `ends_on`.
    TemporaryWithoutEnd,
    /// `ends_on` is before `effective_on`.
    EndBeforeStart,
}

impl RejectReason {
    /// Every reason, in the order they are checked and reported.
    pub const ALL: [RejectReason; 10] = [
        RejectReason::ApprovalMissing,
        RejectReason::EffectiveBeforeApproval,
        RejectReason::UnknownCategory,
        RejectReason::DuplicateCode,
        RejectReason::OutsideGridDuties,
        RejectReason::BeyondWorkerCapacity,
        RejectReason::RequiresEnforcementPower,
        RejectReason::RequiresProfessionalQualification,
        RejectReason::TemporaryWithoutEnd,
        RejectReason::EndBeforeStart,
    ];

    /// The snake_case code of the contract.
    pub const fn as_str(self) -> &'static str {
        match self {
            RejectReason::ApprovalMissing => "approval_missing",
            RejectReason::EffectiveBeforeApproval => "effective_before_approval",
            RejectReason::UnknownCategory => "unknown_category",
            RejectReason::DuplicateCode => "duplicate_code",
            RejectReason::OutsideGridDuties => "outside_grid_duties",
            RejectReason::BeyondWorkerCapacity => "beyond_worker_capacity",
            RejectReason::RequiresEnforcementPower => "requires_enforcement_power",
            RejectReason::RequiresProfessionalQualification => {
                "requires_professional_qualification"
            }
            RejectReason::TemporaryWithoutEnd => "temporary_without_end",
            RejectReason::EndBeforeStart => "end_before_start",
        }
    }
}

/// One failing reason of a refused admission: the reason, the field of the
/// proposal it concerns (`basis.approved_on`, as in a `catalog.admit`
/// request) and a lower-case message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Why.
    pub reason: RejectReason,
    /// The field of the proposal it concerns.
    pub path: &'static str,
    /// What was wrong.
    pub message: String,
}

/// The decision on a [`Proposal`]: the new catalogue, or every reason for
/// refusing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Admitted: the new catalogue (next version, with the item appended).
    Admitted(Catalog),
    /// Refused, with every failing reason in [`RejectReason::ALL`] order.
    Rejected(Vec<Rejection>),
}

impl Admission {
    /// Whether the item was admitted.
    pub fn is_admitted(&self) -> bool {
        matches!(self, Admission::Admitted(_))
    }

    /// The new catalogue, when admitted.
    pub fn catalog(&self) -> Option<&Catalog> {
        match self {
            Admission::Admitted(c) => Some(c),
            Admission::Rejected(_) => None,
        }
    }

    /// The new catalogue, when admitted.
    pub fn into_catalog(self) -> Option<Catalog> {
        match self {
            Admission::Admitted(c) => Some(c),
            Admission::Rejected(_) => None,
        }
    }

    /// Every failing reason (empty when admitted).
    pub fn reasons(&self) -> &[Rejection] {
        match self {
            Admission::Admitted(_) => &[],
            Admission::Rejected(r) => r,
        }
    }
}

impl Catalog {
    /// `catalog.admit`: decides on a proposed item. Admitted only when every
    /// rule holds; otherwise rejected with *every* failing reason
    /// ([`RejectReason`]). An admitted item is in force from
    /// `basis.effective_on`; the new catalogue has the next version, and this
    /// one is unchanged.
    ///
    /// # Errors
    /// A proposal that is malformed rather than refusable: `invalid_value`
    /// for an empty or blank code, category, name or department, or for
    /// `ends_on` on an item that is not temporary; `invalid_date` for a date
    /// outside 1900–2199.
    /// Paths name the field as in a request (`item.name_zh`,
    /// `basis.ends_on`).
    ///
    /// # Example
    /// ```
    /// use wangshi::catalog::{Basis, Proposal, RejectReason};
    /// use chrono::NaiveDate;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let p = Proposal {
    ///     code: "CS-05".into(), category: "CS".into(),
    ///     name_zh: "违章处罚".into(), name_en: "Fining violations".into(),
    ///     class: None, department: None,
    ///     basis: Basis {
    ///         approved_by: None, approved_on: None, effective_on: d(2026, 6, 1),
    ///         temporary: false, ends_on: None,
    ///         fits_grid_duties: true, within_worker_capacity: true,
    ///         requires_enforcement_power: true, requires_professional_qualification: false,
    ///     },
    /// };
    /// let a = wangshi::Catalog::default_catalog().admit(&p)?;
    /// let why: Vec<_> = a.reasons().iter().map(|r| r.reason).collect();
    /// assert_eq!(why, [RejectReason::ApprovalMissing, RejectReason::RequiresEnforcementPower]);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn admit(&self, p: &Proposal) -> Result<Admission, Error> {
        check_shape(p)?;
        let b = &p.basis;
        let mut out = Vec::new();
        let mut reject = |reason, path, message: String| {
            out.push(Rejection {
                reason,
                path,
                message,
            })
        };
        let approver = b.approved_by.as_deref().filter(|s| !s.trim().is_empty());
        match (approver, b.approved_on) {
            (Some(_), Some(_)) => {}
            (None, _) => reject(
                RejectReason::ApprovalMissing,
                "basis.approved_by",
                "no approving body is named".into(),
            ),
            (Some(_), None) => reject(
                RejectReason::ApprovalMissing,
                "basis.approved_on",
                "the approval has no date".into(),
            ),
        }
        if let Some(approved) = b.approved_on.filter(|&a| b.effective_on < a) {
            reject(
                RejectReason::EffectiveBeforeApproval,
                "basis.effective_on",
                format!(
                    "the item would take effect on {}, before its approval on {approved}",
                    b.effective_on
                ),
            );
        }
        let category = self.category(&p.category);
        if category.is_none() {
            reject(
                RejectReason::UnknownCategory,
                "item.category",
                format!("the catalogue has no category {:?}", p.category),
            );
        }
        if let Some(old) = self.item(&p.code) {
            let history = match old.exited_on {
                Some(x) => format!(" (exited on {x}; codes are never reused)"),
                None => String::new(),
            };
            reject(
                RejectReason::DuplicateCode,
                "item.code",
                format!("item {:?} is already in the catalogue{history}", p.code),
            );
        }
        for (fails, reason, path, message) in [
            (
                !b.fits_grid_duties,
                RejectReason::OutsideGridDuties,
                "basis.fits_grid_duties",
                "the work does not fit the service functions of grids",
            ),
            (
                !b.within_worker_capacity,
                RejectReason::BeyondWorkerCapacity,
                "basis.within_worker_capacity",
                "the work is beyond what grid workers can do",
            ),
            (
                b.requires_enforcement_power,
                RejectReason::RequiresEnforcementPower,
                "basis.requires_enforcement_power",
                "the work needs enforcement power, which grid workers do not hold",
            ),
            (
                b.requires_professional_qualification,
                RejectReason::RequiresProfessionalQualification,
                "basis.requires_professional_qualification",
                "the work needs a professional qualification",
            ),
        ] {
            if fails {
                reject(reason, path, message.into());
            }
        }
        if b.temporary && b.ends_on.is_none() {
            reject(
                RejectReason::TemporaryWithoutEnd,
                "basis.ends_on",
                "a temporary item must state ends_on".into(),
            );
        }
        if let Some(end) = b.ends_on.filter(|&e| e < b.effective_on) {
            reject(
                RejectReason::EndBeforeStart,
                "basis.ends_on",
                format!(
                    "the item would end on {end}, before it takes effect on {}",
                    b.effective_on
                ),
            );
        }
        let Some(category) = category.filter(|_| out.is_empty()) else {
            return Ok(Admission::Rejected(out));
        };
        Ok(Admission::Admitted(
            self.with_item(Item {
                code: p.code.clone(),
                category: p.category.clone(),
                name_zh: p.name_zh.clone(),
                name_en: p.name_en.clone(),
                class: p.class.unwrap_or(category.class),
                department: p
                    .department
                    .clone()
                    .unwrap_or_else(|| category.department.clone()),
                admitted_on: b.effective_on,
                ends_on: b.ends_on,
                exited_on: None,
            }),
        ))
    }
}

/// The proposal's own shape: texts non-empty, dates in range, `ends_on` only
/// on a temporary item.
fn check_shape(p: &Proposal) -> Result<(), Error> {
    let b = &p.basis;
    for (path, text) in [
        ("item.code", Some(&p.code)),
        ("item.category", Some(&p.category)),
        ("item.name_zh", Some(&p.name_zh)),
        ("item.name_en", Some(&p.name_en)),
        ("item.department", p.department.as_ref()),
    ] {
        if text.is_some_and(|t| t.trim().is_empty()) {
            return Err(Error::new(ErrorCode::InvalidValue, "must not be empty").at(path));
        }
    }
    for (path, day) in [
        ("basis.approved_on", b.approved_on),
        ("basis.effective_on", Some(b.effective_on)),
        ("basis.ends_on", b.ends_on),
    ] {
        if let Some(day) = day {
            checked_days(day).map_err(|e| e.at(path))?;
        }
    }
    if b.ends_on.is_some() && !b.temporary {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "ends_on is for temporary items; set temporary to true or leave ends_on out",
        )
        .at("basis.ends_on"));
    }
    Ok(())
}
