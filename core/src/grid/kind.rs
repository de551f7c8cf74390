//! Grid kinds (网格类型): standard grids, dedicated grids (专属网格) around a
//! business district, school, hospital … and micro grids (微网格) such as an
//! urban village.

use std::fmt;

/// The subtype of a dedicated grid (专属网格).
///
/// # Example
/// ```
/// use wangshi::grid::DedicatedType;
/// assert_eq!(DedicatedType::from_name("school"), Some(DedicatedType::School));
/// assert_eq!(DedicatedType::School.name_zh(), "学校");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DedicatedType {
    /// 商圈 — a business district.
    BusinessDistrict,
    /// 学校 — a school.
    School,
    /// 医院 — a hospital.
    Hospital,
    /// 市场 — a market.
    Market,
    /// 企业 — an enterprise.
    Enterprise,
    /// 园区 — an industrial or business park.
    Park,
    /// 机关 — government offices.
    Government,
    /// 其他 — any other dedicated grid.
    Other,
}

impl DedicatedType {
    /// Every subtype, in contract order.
    pub const ALL: [DedicatedType; 8] = [
        DedicatedType::BusinessDistrict,
        DedicatedType::School,
        DedicatedType::Hospital,
        DedicatedType::Market,
        DedicatedType::Enterprise,
        DedicatedType::Park,
        DedicatedType::Government,
        DedicatedType::Other,
    ];

    /// The contract code (`business_district`, `school`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            DedicatedType::BusinessDistrict => "business_district",
            DedicatedType::School => "school",
            DedicatedType::Hospital => "hospital",
            DedicatedType::Market => "market",
            DedicatedType::Enterprise => "enterprise",
            DedicatedType::Park => "park",
            DedicatedType::Government => "government",
            DedicatedType::Other => "other",
        }
    }

    /// The Chinese name (商圈, 学校, …).
    pub const fn name_zh(self) -> &'static str {
        match self {
            DedicatedType::BusinessDistrict => "商圈",
            DedicatedType::School => "学校",
            DedicatedType::Hospital => "医院",
            DedicatedType::Market => "市场",
            DedicatedType::Enterprise => "企业",
            DedicatedType::Park => "园区",
            DedicatedType::Government => "机关",
            DedicatedType::Other => "其他",
        }
    }

    /// The subtype with this contract code, if any.
    pub fn from_name(name: &str) -> Option<DedicatedType> {
        DedicatedType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// The subtype of a micro grid (微网格).
///
/// # Example
/// ```
/// use wangshi::grid::MicroType;
/// assert_eq!(MicroType::from_name("urban_village"), Some(MicroType::UrbanVillage));
/// assert_eq!(MicroType::UrbanVillage.name_zh(), "城中村");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MicroType {
    /// 城中村 — an urban village.
    UrbanVillage,
    /// 小区/楼栋 — a residential compound or building.
    ResidentialCompound,
    /// 其他 — any other micro grid.
    Other,
}

impl MicroType {
    /// Every subtype, in contract order.
    pub const ALL: [MicroType; 3] = [
        MicroType::UrbanVillage,
        MicroType::ResidentialCompound,
        MicroType::Other,
    ];

    /// The contract code (`urban_village`, `residential_compound`, `other`).
    pub const fn as_str(self) -> &'static str {
        match self {
            MicroType::UrbanVillage => "urban_village",
            MicroType::ResidentialCompound => "residential_compound",
            MicroType::Other => "other",
        }
    }

    /// The Chinese name (城中村, 小区/楼栋, 其他).
    pub const fn name_zh(self) -> &'static str {
        match self {
            MicroType::UrbanVillage => "城中村",
            MicroType::ResidentialCompound => "小区/楼栋",
            MicroType::Other => "其他",
        }
    }

    /// The subtype with this contract code, if any.
    pub fn from_name(name: &str) -> Option<MicroType> {
        MicroType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// The kind of a grid, with its subtype.
///
/// Only standard grids are held to the size norm and must have a full-time
/// grid worker (专职专管); dedicated and micro grids are exempt from sizing.
///
/// # Example
/// ```
/// use wangshi::grid::{GridKind, DedicatedType};
/// let k = GridKind::Dedicated(DedicatedType::Market);
/// assert_eq!(k.as_str(), "dedicated");
/// assert_eq!(k.subtype(), Some("market"));
/// assert!(GridKind::Standard.is_standard());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GridKind {
    /// A standard grid: 300–500 households or about 1000 people.
    Standard,
    /// A dedicated grid (专属网格) around a place.
    Dedicated(DedicatedType),
    /// A micro grid (微网格), possibly inside a standard grid.
    Micro(MicroType),
}

impl GridKind {
    /// The contract code of the kind: `standard`, `dedicated` or `micro`.
    pub const fn as_str(self) -> &'static str {
        match self {
            GridKind::Standard => "standard",
            GridKind::Dedicated(_) => "dedicated",
            GridKind::Micro(_) => "micro",
        }
    }

    /// The contract code of the subtype (`None` for a standard grid).
    pub const fn subtype(self) -> Option<&'static str> {
        match self {
            GridKind::Standard => None,
            GridKind::Dedicated(t) => Some(t.as_str()),
            GridKind::Micro(t) => Some(t.as_str()),
        }
    }

    /// The Chinese name of the kind (网格, 专属网格, 微网格).
    pub const fn name_zh(self) -> &'static str {
        match self {
            GridKind::Standard => "网格",
            GridKind::Dedicated(_) => "专属网格",
            GridKind::Micro(_) => "微网格",
        }
    }

    /// Whether this is a standard grid.
    pub const fn is_standard(self) -> bool {
        matches!(self, GridKind::Standard)
    }

    /// The kind with this code and subtype. A missing subtype of a dedicated
    /// or micro grid means `other`; a standard grid takes no subtype.
    ///
    /// # Errors
    /// `invalid_value` for an unknown kind, an unknown subtype, or a subtype
    /// on a standard grid (the message says which).
    ///
    /// # Example
    /// ```
    /// use wangshi::grid::{GridKind, MicroType};
    /// assert_eq!(GridKind::parse("micro", Some("urban_village"))?, GridKind::Micro(MicroType::UrbanVillage));
    /// assert_eq!(GridKind::parse("micro", None)?, GridKind::Micro(MicroType::Other));
    /// assert!(GridKind::parse("standard", Some("school")).is_err());
    /// assert!(GridKind::parse("huge", None).is_err());
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn parse(kind: &str, subtype: Option<&str>) -> Result<GridKind, crate::Error> {
        use crate::error::{Error, ErrorCode};
        let unknown_subtype = |s: &str, known: &[&str]| {
            Error::new(
                ErrorCode::InvalidValue,
                format!(
                    "unknown {kind} grid subtype {s:?}; expected one of: {}",
                    known.join(", ")
                ),
            )
        };
        match kind {
            "standard" => match subtype {
                None => Ok(GridKind::Standard),
                Some(s) => Err(Error::new(
                    ErrorCode::InvalidValue,
                    format!("a standard grid has no subtype, found {s:?}"),
                )),
            },
            "dedicated" => match subtype {
                None => Ok(GridKind::Dedicated(DedicatedType::Other)),
                Some(s) => DedicatedType::from_name(s)
                    .map(GridKind::Dedicated)
                    .ok_or_else(|| {
                        unknown_subtype(s, &DedicatedType::ALL.map(DedicatedType::as_str))
                    }),
            },
            "micro" => match subtype {
                None => Ok(GridKind::Micro(MicroType::Other)),
                Some(s) => MicroType::from_name(s)
                    .map(GridKind::Micro)
                    .ok_or_else(|| unknown_subtype(s, &MicroType::ALL.map(MicroType::as_str))),
            },
            other => Err(Error::new(
                ErrorCode::InvalidValue,
                format!("unknown grid kind {other:?}; expected standard, dedicated or micro"),
            )),
        }
    }
}

impl fmt::Display for GridKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.subtype() {
            None => f.write_str(self.as_str()),
            Some(s) => write!(f, "{}/{s}", self.as_str()),
        }
    }
}
