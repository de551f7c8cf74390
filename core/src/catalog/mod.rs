//! 网格事项清单 — the task catalogue: which work items grids may take, and
//! their admission and exit.
//!
//! Only work in the catalogue may be assigned to grids. The county's list has
//! 13 categories (大类) and 57 items (小类), from 党建引领 to 准入交办; each item
//! carries its default case class and the department that reports for duty
//! when the community whistles. Items enter by admission (准入, with
//! approval) and leave by exit (退出, after evaluation and publication);
//! temporary items lapse on their own after `ends_on`.
//!
//! - [`Catalog`]: an immutable, validated value; the default is embedded from
//!   `data/catalog.json` ([`DEFAULT_CATALOG_JSON`]) and a locality may load
//!   its own with [`Catalog::from_json`].
//! - [`Catalog::check`] / [`Item::in_force`]: may grids take this work on
//!   that day?
//! - [`validate`]: every problem of a custom catalogue, each with a path.
//! - [`Catalog::admit`] ([`Proposal`] → [`Admission`], with every failing
//!   [`RejectReason`]) and [`Catalog::exit`] ([`ExitNotice`]) return a new
//!   catalogue with the next version; the old value is unchanged.
//!
//! # Example
//! ```
//! use wangshi::{Catalog, CaseClass};
//! use chrono::NaiveDate;
//! let c = Catalog::default_catalog();
//! let item = c.item("TS-02").unwrap();
//! assert_eq!((item.name_zh.as_str(), item.class, item.department.as_str()),
//!            ("社区矫正", CaseClass::Safety, "justice"));
//! assert!(c.check("TS-02", NaiveDate::from_ymd_opt(2026, 11, 26).unwrap())?.in_force());
//! # Ok::<(), wangshi::Error>(())
//! ```

mod admit;
mod exit;
mod issue;
mod item;
pub(crate) mod json;
mod list;
mod load;
mod validate;

pub use admit::{Admission, Basis, Proposal, RejectReason, Rejection};
pub use exit::ExitNotice;
pub use issue::{Issue, IssueCode};
pub use item::{CaseClass, Category, InForce, Item};
pub use list::{Catalog, CheckResult};
pub use load::DEFAULT_CATALOG_JSON;
pub use validate::validate;

pub(crate) use list::from_request;
