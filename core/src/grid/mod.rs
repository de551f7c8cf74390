//! 网格 — grids: kinds, the size norm, staffing of the
//! five-level system, party organisation, and household coverage.
//!
//! 宜丰县 re-drew its urban communities into 100 standard grids of 300–500
//! households or about 1000 people, each with one full-time grid worker
//! (专职专管) and a grid party branch or group, plus 98 dedicated grids
//! (专属网格: 商圈, 学校 …) and 24 micro grids (微网格: 城中村 …), so that
//! every household is in exactly one standard grid (无缝隙全覆盖).
//!
//! - [`SizeNorm::verdict`] (op `grid.size`): `ok`, `undersized` (merge),
//!   `oversized` (split), `mixed` (review) or `exempt`; the bounds are
//!   policy ([`SizeNorm::from_value`], or `"norm"` in a request).
//! - [`Community::validate`] (op `grid.validate`): every check of the
//!   checks table ([`IssueCode`]), every issue reported, in a
//!   deterministic order (errors first, then table order, then input
//!   order), with a [`Summary`].
//!
//! **Request errors versus issues.** The JSON reader
//! ([`Community::from_value`]) rejects a request that does not have the
//! documented shape, with a path: `unknown_field`, `missing_field` (a grid
//! without `id` or `kind`, a household without `grids`), `invalid_value`
//! (wrong JSON type, negative or fractional counts, unknown kind, subtype or
//! party organisation, a subtype on a standard grid, an empty or blank id,
//! also in a list), and
//! `invalid_policy` for a bad `norm`. Everything else — duplicate ids,
//! dangling parents and household grids, missing staff, size and party rules —
//! is a validation issue, so one report lists them all.
//!
//! Defaults: absent counts are 0; a dedicated or micro grid without a
//! subtype is `other`; absent, null, `""` or blank (whitespace-only) staff
//! and parent references mean "none" (in the typed API too, where blank
//! entries of `workers` name nobody); `party_org` absent or null is `none`; `party_members` is a count
//! or a list of member ids (distinct ids are counted).
//!
//! # Example
//! ```
//! use serde_json::json;
//! let r = wangshi::evaluate(json!({"op": "grid.validate", "community": {
//!     "id": "c1", "chief_grid_leader": "s0", "grids": [
//!       {"id": "g1", "kind": "standard", "households": 420, "population": 1100,
//!        "leader": "s1", "workers": ["w1"], "party_members": 5, "party_org": "branch"},
//!       {"id": "m1", "kind": "micro", "subtype": "urban_village", "parent": "g9", "leader": "s2"}]}}))?;
//! assert_eq!(r["valid"], false);
//! assert_eq!(r["issues"][0]["code"], "grid.unknown_parent");
//! assert_eq!(r["summary"]["grids_by_kind"]["micro"], 1);
//! # Ok::<(), wangshi::Error>(())
//! ```

mod community;
pub(crate) mod json;
mod kind;
mod party;
mod size;
mod staff;
mod validate;

pub use community::{Community, Grid, Household};
pub use kind::{DedicatedType, GridKind, MicroType};
pub use party::{BRANCH_MIN_MEMBERS, PartyOrg};
pub use size::{Advice, DEFAULT_SIZE_NORM_JSON, SizeNorm, SizeVerdict, default_size_norm};
pub use staff::{Post, StaffRole};
pub use validate::{Issue, IssueCode, KindCounts, Report, Severity, Summary};
