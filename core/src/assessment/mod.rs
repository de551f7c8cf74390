//! 每月一考核 — the monthly assessment of grid workers: were the colour-tier
//! visits made (走访完成率), and were the worker's cases handled on time?
//!
//! - Visit completion. Typed API:
//!   [`VisitPolicy::completion`](crate::visit::VisitPolicy::completion)
//!   for one [`VisitLog`]; [`completion_report`] for many, with the sums
//!   by worker, grid and tier ([`CompletionGroup`]). Columnar batch API:
//!   [`completion_batch`] over a residents table and a separate, unsorted
//!   visits table — a county's month in linear time and memory, no
//!   allocation per row; [`completion_batch_threads`] on every core.
//!   JSON: op `visit.completion`.
//! - The worker's score. Typed API: [`assess`] over visit logs and
//!   [`CaseLog`]s with the [`AssessmentRules`] (the [`AssessmentScheme`],
//!   data embedded from `data/assessment_scheme.json`, and the visit,
//!   triage and handling rules and calendar). JSON: op `worker.assess`.
//!
//! Rates ([`Rate`]) and points ([`Points`]) are computed from exact
//! integers and rounded once, half to even, to 4 and 2 decimals.

mod assess;
/// The message of a case whose handler is only blanks.
pub(crate) const BLANK_HANDLER: &str = "a case's handler must not be empty";
mod batch;
mod completion;
mod exact;
pub(crate) mod json;
mod rate;
mod scheme;

pub use assess::{
    Assessment, AssessmentRules, CaseLog, Deduction, ItemScore, Share, WorkerCounts, WorkerScore,
    assess,
};
pub use batch::{
    CompletionColumns, CompletionOutput, CompletionResidents, CompletionSummary, NO_GROUP,
    VisitTable, completion_batch, completion_batch_threads,
};
pub use completion::{
    Completion, CompletionGroup, CompletionReport, VisitLog, completion_report, group_id,
};
pub use rate::{Points, Rate};
pub use scheme::{
    AssessmentItem, AssessmentScheme, DEFAULT_SCHEME_JSON, MAX_ACCOUNTABILITY_POINTS, MAX_WEIGHT,
    SchemeItem, default_scheme,
};
