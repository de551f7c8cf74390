//! 每月一考核 — the monthly assessment of grid workers, starting with visit
//! completion (走访完成率): were the colour-tier visits made?
//!
//! - Typed API: [`VisitPolicy::completion`](crate::visit::VisitPolicy::completion)
//!   for one [`VisitLog`]; [`completion_report`] for many, with the sums
//!   by worker, grid and tier ([`CompletionGroup`]).
//! - Columnar batch API: [`completion_batch`] over a residents table and a
//!   separate, unsorted visits table — a county's month in linear time and
//!   memory, no allocation per row; [`completion_batch_threads`] on every
//!   core.
//! - JSON: op `visit.completion`.
//!
//! Rates ([`Rate`]) are computed from exact integers and rounded once,
//! half to even, to 4 decimals.

mod batch;
mod completion;
pub(crate) mod json;
mod rate;

pub use batch::{
    CompletionColumns, CompletionOutput, CompletionResidents, CompletionSummary, NO_GROUP,
    VisitTable, completion_batch, completion_batch_threads,
};
pub use completion::{Completion, CompletionGroup, CompletionReport, VisitLog, completion_report};
pub use rate::Rate;
