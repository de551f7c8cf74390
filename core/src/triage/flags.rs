//! The nine case flags of DOMAIN.md section 5 and their stable bitmask.

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
