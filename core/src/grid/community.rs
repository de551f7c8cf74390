//! The typed community (社区), its grids and its households.

use super::kind::{DedicatedType, GridKind, MicroType};
use super::party::PartyOrg;

/// A community (社区) with its grids and, optionally, its households for the
/// coverage checks.
///
/// # Example
/// ```
/// use wangshi::grid::{Community, Grid, Household, PartyOrg};
/// let c = Community::new("c1", "新昌社区")
///     .with_chief_grid_leader("s0")
///     .with_grid(Grid::standard("g1").with_size(420, 1100).with_leader("s1")
///         .with_worker("w1").with_party(PartyOrg::Branch, 5))
///     .with_household(Household::new("h1", ["g1"]));
/// assert!(c.validate(&Default::default()).valid);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Community {
    /// The community's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Staff id of the chief grid leader (总网格长, the community party
    /// secretary); `None` when nobody is named (a blank id names nobody
    /// either).
    pub chief_grid_leader: Option<String>,
    /// The grids, in the caller's order.
    pub grids: Vec<Grid>,
    /// The households, for the coverage checks (may be empty: coverage is
    /// then not checked).
    pub households: Vec<Household>,
}

impl Community {
    /// A community with no chief grid leader, grids or households.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Community {
        Community {
            id: id.into(),
            name: name.into(),
            ..Community::default()
        }
    }

    /// The same community with a chief grid leader.
    pub fn with_chief_grid_leader(mut self, staff: impl Into<String>) -> Community {
        self.chief_grid_leader = Some(staff.into());
        self
    }

    /// The same community with one more grid.
    pub fn with_grid(mut self, grid: Grid) -> Community {
        self.grids.push(grid);
        self
    }

    /// The same community with one more household.
    pub fn with_household(mut self, household: Household) -> Community {
        self.households.push(household);
        self
    }
}

/// A grid (网格) of a community.
///
/// # Example
/// ```
/// use wangshi::grid::{Grid, GridKind, MicroType, DedicatedType};
/// let g = Grid::standard("g1").with_size(420, 1100).with_worker("w1");
/// assert_eq!(g.kind, GridKind::Standard);
/// let m = Grid::micro("m1", MicroType::UrbanVillage).with_parent("g1");
/// assert_eq!(m.parent.as_deref(), Some("g1"));
/// let d = Grid::dedicated("d1", DedicatedType::School).with_name("宜丰中学");
/// assert_eq!(d.kind.subtype(), Some("school"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// The grid's id (unique within the community).
    pub id: String,
    /// Its name (may be empty).
    pub name: String,
    /// Standard, dedicated or micro, with the subtype.
    pub kind: GridKind,
    /// The standard grid a micro grid sits in. Only micro grids may have a
    /// parent; validation reports `grid.unknown_parent` otherwise. A blank
    /// parent means none.
    pub parent: Option<String>,
    /// Households in the grid.
    pub households: u32,
    /// People living in the grid.
    pub population: u32,
    /// Staff id of the grid leader (网格长); `None` when nobody is named (a
    /// blank id names nobody either).
    pub leader: Option<String>,
    /// Staff ids of the full-time grid workers (专职网格员); blank entries
    /// name nobody.
    pub workers: Vec<String>,
    /// Full party members in the grid.
    pub party_members: u32,
    /// The grid's party organisation.
    pub party_org: PartyOrg,
}

impl Grid {
    /// A grid of this kind with no size, staff or party organisation.
    pub fn new(id: impl Into<String>, kind: GridKind) -> Grid {
        Grid {
            id: id.into(),
            name: String::new(),
            kind,
            parent: None,
            households: 0,
            population: 0,
            leader: None,
            workers: Vec::new(),
            party_members: 0,
            party_org: PartyOrg::None,
        }
    }

    /// A standard grid.
    pub fn standard(id: impl Into<String>) -> Grid {
        Grid::new(id, GridKind::Standard)
    }

    /// A dedicated grid (专属网格).
    pub fn dedicated(id: impl Into<String>, subtype: DedicatedType) -> Grid {
        Grid::new(id, GridKind::Dedicated(subtype))
    }

    /// A micro grid (微网格).
    pub fn micro(id: impl Into<String>, subtype: MicroType) -> Grid {
        Grid::new(id, GridKind::Micro(subtype))
    }

    /// The same grid with a name.
    pub fn with_name(mut self, name: impl Into<String>) -> Grid {
        self.name = name.into();
        self
    }

    /// The same grid with households and population.
    pub fn with_size(mut self, households: u32, population: u32) -> Grid {
        self.households = households;
        self.population = population;
        self
    }

    /// The same grid with a parent standard grid (for micro grids).
    pub fn with_parent(mut self, parent: impl Into<String>) -> Grid {
        self.parent = Some(parent.into());
        self
    }

    /// The same grid with a grid leader.
    pub fn with_leader(mut self, staff: impl Into<String>) -> Grid {
        self.leader = Some(staff.into());
        self
    }

    /// The same grid with one more full-time worker.
    pub fn with_worker(mut self, staff: impl Into<String>) -> Grid {
        self.workers.push(staff.into());
        self
    }

    /// The same grid with a party organisation and its member count.
    pub fn with_party(mut self, org: PartyOrg, members: u32) -> Grid {
        self.party_org = org;
        self.party_members = members;
        self
    }
}

/// A household (户) and the grids it is assigned to, for the coverage checks:
/// every household must be in exactly one standard grid (it may also be in
/// dedicated and micro grids).
///
/// A household id listed twice is one household in the union of the grids of
/// its entries.
///
/// # Example
/// ```
/// let h = wangshi::grid::Household::new("h1", ["g1", "m1"]);
/// assert_eq!(h.grids, ["g1", "m1"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Household {
    /// The household's id.
    pub id: String,
    /// The ids of the grids it is assigned to.
    pub grids: Vec<String>,
}

impl Household {
    /// A household in these grids.
    pub fn new<S: Into<String>>(
        id: impl Into<String>,
        grids: impl IntoIterator<Item = S>,
    ) -> Household {
        Household {
            id: id.into(),
            grids: grids.into_iter().map(Into::into).collect(),
        }
    }
}
