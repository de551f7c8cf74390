//! The JSON shape of communities and reports, and the ops `grid.size` and
//! `grid.validate`.
//!
//! Request errors versus validation issues: a request that does not have
//! the documented shape fails as a whole with a path — an unknown field
//! (`unknown_field`), a missing `id`, `kind` or `grids` (`missing_field`), a
//! wrong JSON type, a negative or fractional count, an unknown kind, subtype
//! or party organisation, a subtype on a standard grid, an empty or blank
//! (whitespace-only) id, also in a list of workers, party members or a
//! household's grids (`invalid_value`), a bad `norm` (`invalid_policy`). A
//! request of the right
//! shape always yields a report: duplicate ids, dangling references
//! (parents, household grids), missing staff and every other rule violation
//! are issues. An empty or blank string for `chief_grid_leader`, `leader` or
//! `parent` means "none", like null or an absent field.

use super::community::{Community, Grid, Household};
use super::kind::GridKind;
use super::party::PartyOrg;
use super::size;
use super::validate::Report;
use crate::error::{Error, ErrorCode};
use crate::request::Out;
use crate::request::{Kind, Node, Obj, Path};
use serde_json::{Value, json};

/// The fields of `grid.size`.
pub(crate) const SIZE_FIELDS: &[&str] =
    &["op", "kind", "subtype", "households", "population", "norm"];
/// The fields of `grid.validate`.
pub(crate) const VALIDATE_FIELDS: &[&str] = &["op", "community", "norm"];

const COMMUNITY_FIELDS: &[&str] = &["id", "name", "chief_grid_leader", "grids", "households"];
pub(crate) const GRID_FIELDS: &[&str] = &[
    "id",
    "name",
    "kind",
    "subtype",
    "parent",
    "households",
    "population",
    "leader",
    "workers",
    "party_members",
    "party_org",
];
const COUNT_MAX: u64 = u32::MAX as u64;

/// The `kind` and optional `subtype` of a grid, located at whichever of the
/// two is wrong.
fn read_kind(o: &Obj<'_, '_>) -> Result<GridKind, Error> {
    let kind_name = o.str("kind")?;
    let subtype = o.opt_str("subtype")?;
    GridKind::parse(&kind_name, subtype.as_deref()).map_err(|e| {
        let at = if subtype.is_some()
            && matches!(kind_name.as_ref(), "standard" | "dedicated" | "micro")
        {
            "subtype"
        } else {
            "kind"
        };
        e.at(o.path().field(at).render())
    })
}

/// A required id, neither empty nor blank (whitespace only).
fn id_field<'t>(o: &Obj<'t, '_>, name: &str) -> Result<std::borrow::Cow<'t, str>, Error> {
    o.nonblank(name, &format!("{name:?} must not be empty or blank"))
}

/// An optional staff or grid reference: absent, null, `""` and a blank
/// (whitespace-only) string are `None`.
fn opt_ref(o: &Obj<'_, '_>, name: &str) -> Result<Option<String>, Error> {
    Ok(o.opt_str(name)?
        .filter(|s| !s.trim().is_empty())
        .map(std::borrow::Cow::into_owned))
}

/// An optional list of ids, none empty or blank.
fn id_list(o: &Obj<'_, '_>, name: &str) -> Result<Vec<String>, Error> {
    let list = o.opt_str_list(name)?.unwrap_or_default();
    if let Some(i) = list.iter().position(|s| s.trim().is_empty()) {
        return Err(o
            .path()
            .field(name)
            .index(i)
            .error(ErrorCode::InvalidValue, "an id must not be empty or blank"));
    }
    Ok(list.into_iter().map(std::borrow::Cow::into_owned).collect())
}

fn read_grid(v: Node<'_>, path: Path<'_>) -> Result<Grid, Error> {
    let o = Obj::new(v, path, GRID_FIELDS)?;
    let id = id_field(&o, "id")?;
    let kind = read_kind(&o)?;
    let party_org = match o.opt_str("party_org")? {
        None => PartyOrg::None,
        Some(s) => PartyOrg::from_name(&s).ok_or_else(|| {
            o.error(
                "party_org",
                ErrorCode::InvalidValue,
                format!("unknown party_org {s:?}; expected branch, group, none or null"),
            )
        })?,
    };
    let party_members = match o.get("party_members").map(|v| v.kind()) {
        Some(Kind::Array) => {
            let mut ids = id_list(&o, "party_members")?;
            ids.sort_unstable();
            ids.dedup();
            u32::try_from(ids.len()).unwrap_or(u32::MAX)
        }
        _ => o.opt_uint("party_members", COUNT_MAX)?.unwrap_or(0) as u32,
    };
    Ok(Grid {
        id: id.into_owned(),
        name: o.opt_str("name")?.unwrap_or_default().into_owned(),
        kind,
        parent: opt_ref(&o, "parent")?,
        households: o.opt_uint("households", COUNT_MAX)?.unwrap_or(0) as u32,
        population: o.opt_uint("population", COUNT_MAX)?.unwrap_or(0) as u32,
        leader: opt_ref(&o, "leader")?,
        workers: id_list(&o, "workers")?,
        party_members,
        party_org,
    })
}

fn read_household(v: Node<'_>, path: Path<'_>) -> Result<Household, Error> {
    let o = Obj::new(v, path, &["id", "grids"])?;
    let id = id_field(&o, "id")?;
    // Required: a household without the field is a shape error; an empty
    // list is a household in no grid (an issue).
    o.array("grids")?;
    Ok(Household {
        id: id.into_owned(),
        grids: id_list(&o, "grids")?,
    })
}

/// Reads a community located at `path`.
pub(crate) fn read_community(v: Node<'_>, path: Path<'_>) -> Result<Community, Error> {
    let o = Obj::new(v, path, COMMUNITY_FIELDS)?;
    let id = id_field(&o, "id")?;
    let grids_path = path.field("grids");
    let grids = o
        .array("grids")?
        .iter()
        .enumerate()
        .map(|(i, g)| read_grid(*g, grids_path.index(i)))
        .collect::<Result<Vec<_>, _>>()?;
    let hh_path = path.field("households");
    let households = o
        .opt_array("households")?
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, h)| read_household(*h, hh_path.index(i)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Community {
        id: id.into_owned(),
        name: o.opt_str("name")?.unwrap_or_default().into_owned(),
        chief_grid_leader: opt_ref(&o, "chief_grid_leader")?,
        grids,
        households,
    })
}

impl Community {
    /// Reads a community from its JSON shape: `{"id",
    /// "name", "chief_grid_leader", "grids": [...], "households": [...]}`.
    ///
    /// # Errors
    /// `unknown_field`, `missing_field` or `invalid_value` with a path (such
    /// as `grids[3].kind`) when the value does not have that shape; see the
    /// [module docs](crate::grid) for what is a request error and what an
    /// issue.
    ///
    /// # Example
    /// ```
    /// use serde_json::json;
    /// use wangshi::grid::Community;
    /// let c = Community::from_value(&json!({"id": "c1", "grids": [
    ///     {"id": "m1", "kind": "micro", "subtype": "urban_village", "parent": "g1"}]}))?;
    /// assert_eq!(c.grids[0].parent.as_deref(), Some("g1"));
    /// let e = Community::from_value(&json!({"id": "c1", "grids": [{"id": "g1", "kind": "huge"}]}))
    ///     .unwrap_err();
    /// assert_eq!(e.path(), Some("grids[0].kind"));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_value(v: &Value) -> Result<Community, Error> {
        let text = v.to_string();
        let node = Node::parse(&text, "the community")?;
        read_community(node, Path::Root)
    }

    /// The community in its JSON shape (what [`Community::from_value`]
    /// reads).
    ///
    /// # Example
    /// ```
    /// use wangshi::grid::{Community, Grid};
    /// let c = Community::new("c1", "新昌社区").with_grid(Grid::standard("g1").with_worker("w1"));
    /// assert_eq!(Community::from_value(&c.to_value())?, c);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn to_value(&self) -> Value {
        let grids: Vec<Value> = self
            .grids
            .iter()
            .map(|g| {
                json!({
                    "id": g.id,
                    "name": g.name,
                    "kind": g.kind.as_str(),
                    "subtype": g.kind.subtype(),
                    "parent": g.parent,
                    "households": g.households,
                    "population": g.population,
                    "leader": g.leader,
                    "workers": g.workers,
                    "party_members": g.party_members,
                    "party_org": match g.party_org {
                        PartyOrg::None => Value::Null,
                        o => o.as_str().into(),
                    },
                })
            })
            .collect();
        json!({
            "id": self.id,
            "name": self.name,
            "chief_grid_leader": self.chief_grid_leader,
            "grids": grids,
            "households": self.households,
        })
    }
}

impl Report {
    /// The report as the `result` of `grid.validate`: `{"valid", "issues":
    /// [{"code", "severity", "grid", "subject", "message"}], "summary":
    /// {"grids", "grids_by_kind": {"standard", "dedicated", "micro"},
    /// "fulltime_workers", "households", "population", "households_listed",
    /// "households_covered"}}`.
    ///
    /// # Example
    /// ```
    /// let r = wangshi::grid::Community::new("c1", "").validate(&Default::default());
    /// let v = r.to_value();
    /// assert_eq!(v["valid"], false);
    /// assert_eq!(v["issues"][0]["code"], "community.no_chief_grid_leader");
    /// assert_eq!(v["summary"]["grids"], 0);
    /// ```
    pub fn to_value(&self) -> Value {
        let s = &self.summary;
        json!({
            "valid": self.valid,
            "issues": self.issues,
            "summary": {
                "grids": s.grids_by_kind.total(),
                "grids_by_kind": {
                    "standard": s.grids_by_kind.standard,
                    "dedicated": s.grids_by_kind.dedicated,
                    "micro": s.grids_by_kind.micro,
                },
                "fulltime_workers": s.fulltime_workers,
                "households": s.households,
                "population": s.population,
                "households_listed": s.households_listed,
                "households_covered": s.households_covered,
            },
        })
    }
}

/// `grid.size` `{"kind", "subtype"?, "households", "population", "norm"?}`
/// → `{"verdict", "advice"}` (advice null for `ok` and `exempt`).
pub(crate) fn size(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let kind = read_kind(o)?;
    let households = o.uint("households", COUNT_MAX)? as u32;
    let population = o.uint("population", COUNT_MAX)? as u32;
    let norm = size::from_request(o)?;
    out.uses(&norm);
    let verdict = norm.verdict(kind, households, population);
    out.json(&json!({
        "verdict": verdict.as_str(),
        "advice": verdict.advice().map(|a| a.as_str()),
    }));
    Ok(())
}

/// `grid.validate` `{"community", "norm"?}` → the [`Report`] as JSON.
pub(crate) fn validate(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let norm = size::from_request(o)?;
    out.uses(&norm);
    let community = read_community(o.req("community")?, Path::Root.field("community"))?;
    out.json(&community.validate(&norm).to_value());
    Ok(())
}
