//! The vocabularies of triage: the nine case flags and their stable bitmask,
//! the community centres (说事中心, 警格中心, 矛调中心) and the levels
//! (小事不出网格 / 大事不出社区). Every number here is a batch column's value,
//! shared with the C ABI and Python.

use std::fmt;

/// A flag a grid worker sets on a reported case.
///
/// The discriminant is the flag's **bit number** in [`Flags`] and in the
/// `flags` column of the batch API; the numbers are shared with the C ABI and
/// Python and are never renumbered:
///
/// | bit | flag | 中文 |
/// |---|---|---|
/// | 0 | `emergency` | 紧急 |
/// | 1 | `violence` | 暴力倾向 |
/// | 2 | `safety_hazard` | 安全隐患 |
/// | 3 | `public_order` | 治安秩序 |
/// | 4 | `petition` | 信访 |
/// | 5 | `cross_grid` | 跨网格 |
/// | 6 | `property_dispute` | 物业/财产纠纷 |
/// | 7 | `court_entrusted` | 法院委派 |
/// | 8 | `needs_department` | 需部门报到 |
///
/// # Example
/// ```
/// use wangshi::triage::Flag;
/// assert_eq!(Flag::PropertyDispute as u8, 6);
/// assert_eq!(Flag::from_name("court_entrusted"), Some(Flag::CourtEntrusted));
/// assert_eq!(Flag::from_name("urgent"), None);
/// assert_eq!(Flag::NeedsDepartment.as_str(), "needs_department");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Flag {
    /// 紧急: immediate report; whistle with the short deadline.
    Emergency = 0,
    /// 暴力倾向: violence or its threat.
    Violence = 1,
    /// 安全隐患: a safety hazard (fire, gas, dangerous building …).
    SafetyHazard = 2,
    /// 治安秩序: a public-order matter.
    PublicOrder = 3,
    /// 信访: the case is (or threatens to become) a petition.
    Petition = 4,
    /// 跨网格: the case spans more than one grid.
    CrossGrid = 5,
    /// 物业/财产纠纷: a property dispute.
    PropertyDispute = 6,
    /// 法院委派: mediation entrusted by a court.
    CourtEntrusted = 7,
    /// 需部门报到: a government department must report for duty.
    NeedsDepartment = 8,
}

impl Flag {
    /// Every flag, in bit order.
    pub const ALL: [Flag; 9] = [
        Flag::Emergency,
        Flag::Violence,
        Flag::SafetyHazard,
        Flag::PublicOrder,
        Flag::Petition,
        Flag::CrossGrid,
        Flag::PropertyDispute,
        Flag::CourtEntrusted,
        Flag::NeedsDepartment,
    ];

    /// The contract's snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Flag::Emergency => "emergency",
            Flag::Violence => "violence",
            Flag::SafetyHazard => "safety_hazard",
            Flag::PublicOrder => "public_order",
            Flag::Petition => "petition",
            Flag::CrossGrid => "cross_grid",
            Flag::PropertyDispute => "property_dispute",
            Flag::CourtEntrusted => "court_entrusted",
            Flag::NeedsDepartment => "needs_department",
        }
    }

    /// The flag with this name, if any.
    pub fn from_name(name: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The flag's single-bit mask (`1 << bit`).
    pub const fn mask(self) -> u16 {
        1 << self as u8
    }

    /// Every flag name, comma-separated, for error messages (bindings use
    /// it for an unknown flag name, as the JSON op does).
    ///
    /// # Example
    /// ```
    /// assert!(wangshi::Flag::known_names().starts_with("emergency, violence"));
    /// ```
    pub fn known_names() -> String {
        crate::error::listing(Flag::ALL.map(Flag::as_str))
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of [`Flag`]s as a `u16` bitmask (bit numbers as on [`Flag`]); the
/// `flags` column of the batch API.
///
/// # Example
/// ```
/// use wangshi::triage::{Flag, Flags};
/// let f: Flags = [Flag::Emergency, Flag::NeedsDepartment].into_iter().collect();
/// assert_eq!(f.bits(), 0b1_0000_0001);
/// assert!(f.contains(Flag::Emergency));
/// assert_eq!(f.iter().map(Flag::as_str).collect::<Vec<_>>(), ["emergency", "needs_department"]);
/// assert_eq!(Flags::from_bits(1 << 9), None); // no flag has bit 9
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Flags(u16);

impl Flags {
    /// No flag.
    pub const EMPTY: Flags = Flags(0);
    /// The mask of every defined flag (bits 0–8).
    pub const ALL_BITS: u16 = (1 << Flag::ALL.len()) - 1;

    /// The set with these bits, or `None` when a bit names no flag.
    pub const fn from_bits(bits: u16) -> Option<Flags> {
        if bits & !Flags::ALL_BITS == 0 {
            Some(Flags(bits))
        } else {
            None
        }
    }

    /// The bitmask.
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Whether `flag` is in the set.
    pub const fn contains(self, flag: Flag) -> bool {
        self.0 & flag.mask() != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The set with `flag` added.
    #[must_use]
    pub const fn with(self, flag: Flag) -> Flags {
        Flags(self.0 | flag.mask())
    }

    /// Adds `flag`.
    pub fn insert(&mut self, flag: Flag) {
        self.0 |= flag.mask();
    }

    /// The flags in the set, in bit order.
    pub fn iter(self) -> impl Iterator<Item = Flag> {
        Flag::ALL.into_iter().filter(move |f| self.contains(*f))
    }
}

impl FromIterator<Flag> for Flags {
    fn from_iter<I: IntoIterator<Item = Flag>>(iter: I) -> Flags {
        let mut f = Flags::EMPTY;
        for flag in iter {
            f.insert(flag);
        }
        f
    }
}

impl From<Flag> for Flags {
    fn from(flag: Flag) -> Flags {
        Flags(flag.mask())
    }
}

/// The community centre that handles a case (多中心合一).
///
/// The numbers are the `center` column of the batch API (shared with the C
/// ABI and Python) and are never renumbered.
///
/// # Example
/// ```
/// use wangshi::triage::Center;
/// assert_eq!(Center::PoliceGrid.as_str(), "police_grid");
/// assert_eq!(Center::from_name("talk"), Some(Center::Talk));
/// assert_eq!(Center::from_u8(3), Some(Center::Mediation));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Center {
    /// 说事中心: talk centre, consultation on general public matters.
    Talk = 1,
    /// 警格中心: police-grid centre, safety needs.
    PoliceGrid = 2,
    /// 矛调中心: mediation centre, complex and difficult disputes.
    Mediation = 3,
}

impl Center {
    /// Every centre, in numeric order.
    pub const ALL: [Center; 3] = [Center::Talk, Center::PoliceGrid, Center::Mediation];

    /// The contract's name: `talk`, `police_grid` or `mediation`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Center::Talk => "talk",
            Center::PoliceGrid => "police_grid",
            Center::Mediation => "mediation",
        }
    }

    /// The Chinese name (说事中心, 警格中心, 矛调中心).
    pub const fn name_zh(self) -> &'static str {
        match self {
            Center::Talk => "说事中心",
            Center::PoliceGrid => "警格中心",
            Center::Mediation => "矛调中心",
        }
    }

    /// The centre with this name, if any.
    pub fn from_name(name: &str) -> Option<Center> {
        Center::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The centre with this column value (1–3).
    pub const fn from_u8(n: u8) -> Option<Center> {
        match n {
            1 => Some(Center::Talk),
            2 => Some(Center::PoliceGrid),
            3 => Some(Center::Mediation),
            _ => None,
        }
    }
}

impl fmt::Display for Center {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who leads a case: the grid worker (小事不出网格) or the community centre
/// (大事不出社区). The numbers are the `level` column of the batch API.
///
/// # Example
/// ```
/// use wangshi::triage::Level;
/// assert_eq!(Level::Grid.as_str(), "grid");
/// assert_eq!(Level::from_u8(2), Some(Level::Community));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Level {
    /// The grid worker handles it.
    Grid = 1,
    /// The community centre leads it.
    Community = 2,
}

impl Level {
    /// Every level, in column order (1–2).
    pub const ALL: [Level; 2] = [Level::Grid, Level::Community];

    /// The contract's name: `grid` or `community`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Grid => "grid",
            Level::Community => "community",
        }
    }

    /// The level with this column value (1–2).
    pub const fn from_u8(n: u8) -> Option<Level> {
        match n {
            1 => Some(Level::Grid),
            2 => Some(Level::Community),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::request::write::serialize_as_str!(Center, Level);

impl serde::Serialize for Flags {
    /// The flags' names, in bit order (the shape of a rule file's flag lists).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(Flag::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_numbers_are_the_contract() {
        for (i, f) in Flag::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i);
            assert_eq!(Flag::from_name(f.as_str()), Some(*f));
        }
        assert_eq!(Flags::ALL_BITS, 0x1FF);
    }
}
