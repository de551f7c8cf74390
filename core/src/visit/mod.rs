//! 分色管理 — colour tiers and visits.
//!
//! Residents are marked green (普通居民, monthly), blue (关爱型人群,
//! semi-monthly), orange (刑满释放、社区矫正…, weekly) or red (信访重点人群,
//! daily). Each morning the platform asks, for every resident: is this
//! period's visit done, due soon, or overdue, and should the grid worker be
//! reminded, warned, or the case escalated?
//!
//! - Typed API: [`VisitPolicy::status`] for one [`Resident`].
//! - Columnar batch API: [`visit_status_batch`] over slices of day numbers,
//!   writing caller-provided [`VisitColumns`] — no per-row allocation;
//!   [`visit_status_batch_threads`] on every core.
//! - [`worklist`] (alerts ordered by urgency, counts per worker) and
//!   [`plan`] (visit obligations in a date range, for workload sizing).

mod batch;
pub(crate) mod json;
pub(crate) mod period;
pub(crate) mod plan;
pub(crate) mod policy;
mod resident;
mod status;
pub(crate) mod worklist;

pub use batch::{VisitColumns, VisitOutput, visit_status_batch, visit_status_batch_threads};
pub use plan::{PlanCount, plan};
pub use policy::{
    Cadence, DEFAULT_POLICY_JSON, MAX_EVERY_DAYS, MAX_TIERS, NO_TIER, Tier, UNKNOWN_TIER,
    VisitPolicy, default_policy,
};
pub use resident::{Resident, VisitStatus};
pub use status::{Alert, RawStatus, VisitDay, VisitState};
pub use worklist::{AlertCounts, Worklist, WorklistEntry, WorklistRows, worklist, worklist_rows};
