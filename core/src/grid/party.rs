//! Party organisation in grids (把党的组织建在网格上): a grid party branch
//! (网格党支部) or party group (党小组), whose secretary or group leader is
//! the grid leader.

/// The least number of full party members a party branch needs (中国共产党
/// 章程 art. 30: 正式党员三人以上的，都应当成立党的基层组织). With fewer, a
/// grid forms a party group instead.
///
/// # Example
/// ```
/// assert_eq!(wangshi::grid::BRANCH_MIN_MEMBERS, 3);
/// ```
pub const BRANCH_MIN_MEMBERS: u32 = 3;

/// The party organisation of a grid.
///
/// # Example
/// ```
/// use wangshi::grid::PartyOrg;
/// assert_eq!(PartyOrg::from_name("branch"), Some(PartyOrg::Branch));
/// assert_eq!(PartyOrg::None.as_str(), "none");
/// assert_eq!(PartyOrg::Group.name_zh(), "党小组");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PartyOrg {
    /// 网格党支部 — a party branch (needs at least three full members).
    Branch,
    /// 党小组 — a party group.
    Group,
    /// Neither.
    #[default]
    None,
}

impl PartyOrg {
    /// The contract code: `branch`, `group`, `none` (JSON also takes null
    /// for `none`).
    pub const fn as_str(self) -> &'static str {
        match self {
            PartyOrg::Branch => "branch",
            PartyOrg::Group => "group",
            PartyOrg::None => "none",
        }
    }

    /// The Chinese name (网格党支部, 党小组, 无).
    pub const fn name_zh(self) -> &'static str {
        match self {
            PartyOrg::Branch => "网格党支部",
            PartyOrg::Group => "党小组",
            PartyOrg::None => "无",
        }
    }

    /// The organisation with this contract code, if any.
    pub fn from_name(name: &str) -> Option<PartyOrg> {
        match name {
            "branch" => Some(PartyOrg::Branch),
            "group" => Some(PartyOrg::Group),
            "none" => Some(PartyOrg::None),
            _ => None,
        }
    }
}
