//! The five-level grid management system (五级网格管理体系):
//! 社区党组织 → 总网格长 → 网格长 → 专职网格员 → 网格自管会.

use super::community::Community;

/// A level of the five-level grid management system, from the top.
///
/// The community party organisation is the community itself; the chief grid
/// leader (总网格长, the community party secretary) is named on the
/// [`Community`]; grid leaders (网格长, grid party-branch secretaries) and
/// full-time grid workers (专职网格员) on each [`Grid`](super::Grid); the
/// self-management committee (网格自管会) is formed by the residents of each
/// grid (in 宜丰 around the grid's WeChat group).
///
/// # Example
/// ```
/// use wangshi::grid::StaffRole;
/// assert_eq!(StaffRole::GridLeader.level(), 3);
/// assert_eq!(StaffRole::FullTimeWorker.name_zh(), "专职网格员");
/// assert_eq!(StaffRole::ALL[0], StaffRole::CommunityPartyOrganization);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StaffRole {
    /// 社区党组织 — the community party organisation (level 1).
    CommunityPartyOrganization,
    /// 总网格长 — chief grid leader, the community party secretary (level 2).
    ChiefGridLeader,
    /// 网格长 — grid leader, the grid's party branch secretary or group
    /// leader (level 3).
    GridLeader,
    /// 专职网格员 — full-time grid worker, one per standard grid (level 4).
    FullTimeWorker,
    /// 网格自管会 — the grid's self-management committee (level 5).
    SelfManagementCommittee,
}

impl StaffRole {
    /// The five levels, top first.
    pub const ALL: [StaffRole; 5] = [
        StaffRole::CommunityPartyOrganization,
        StaffRole::ChiefGridLeader,
        StaffRole::GridLeader,
        StaffRole::FullTimeWorker,
        StaffRole::SelfManagementCommittee,
    ];

    /// The level, 1 (top) to 5.
    pub const fn level(self) -> u8 {
        self as u8 + 1
    }

    /// The code: `community_party_organization`, `chief_grid_leader`,
    /// `grid_leader`, `fulltime_worker`, `self_management_committee`.
    pub const fn as_str(self) -> &'static str {
        match self {
            StaffRole::CommunityPartyOrganization => "community_party_organization",
            StaffRole::ChiefGridLeader => "chief_grid_leader",
            StaffRole::GridLeader => "grid_leader",
            StaffRole::FullTimeWorker => "fulltime_worker",
            StaffRole::SelfManagementCommittee => "self_management_committee",
        }
    }

    /// The Chinese name.
    pub const fn name_zh(self) -> &'static str {
        match self {
            StaffRole::CommunityPartyOrganization => "社区党组织",
            StaffRole::ChiefGridLeader => "总网格长",
            StaffRole::GridLeader => "网格长",
            StaffRole::FullTimeWorker => "专职网格员",
            StaffRole::SelfManagementCommittee => "网格自管会",
        }
    }
}

/// One named post of a community's roster: who holds which role, and where.
///
/// # Example
/// ```
/// use wangshi::grid::{Community, Grid, StaffRole};
/// let c = Community::new("c1", "").with_grid(Grid::standard("g1").with_worker("w1"));
/// let p = &c.roster()[1];
/// assert_eq!((p.role, p.staff, p.grid), (StaffRole::FullTimeWorker, "w1", Some("g1")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post<'a> {
    /// The role.
    pub role: StaffRole,
    /// The staff id (the community id for the community party organisation).
    pub staff: &'a str,
    /// The grid, for grid leaders and full-time workers.
    pub grid: Option<&'a str>,
}

impl Community {
    /// The named posts of the five-level system, top down: the community
    /// party organisation, the chief grid leader (when named), then for each
    /// grid in order its leader (when named) and its full-time workers. The
    /// self-management committees are not individual posts and are not
    /// listed.
    ///
    /// # Example
    /// ```
    /// use wangshi::grid::{Community, Grid, StaffRole};
    /// let c = Community::new("c1", "新昌社区").with_chief_grid_leader("s0")
    ///     .with_grid(Grid::standard("g1").with_leader("s1").with_worker("w1"));
    /// let roles: Vec<_> = c.roster().iter().map(|p| (p.role.level(), p.staff)).collect();
    /// assert_eq!(roles, [(1, "c1"), (2, "s0"), (3, "s1"), (4, "w1")]);
    /// ```
    pub fn roster(&self) -> Vec<Post<'_>> {
        let mut posts = vec![Post {
            role: StaffRole::CommunityPartyOrganization,
            staff: &self.id,
            grid: None,
        }];
        if let Some(chief) = &self.chief_grid_leader {
            posts.push(Post {
                role: StaffRole::ChiefGridLeader,
                staff: chief,
                grid: None,
            });
        }
        for g in &self.grids {
            if let Some(leader) = &g.leader {
                posts.push(Post {
                    role: StaffRole::GridLeader,
                    staff: leader,
                    grid: Some(&g.id),
                });
            }
            for w in &g.workers {
                posts.push(Post {
                    role: StaffRole::FullTimeWorker,
                    staff: w,
                    grid: Some(&g.id),
                });
            }
        }
        posts
    }
}
