//! 事件处置闭环、监督问效 — case handling and supervision.
//!
//! The loop 网格员上报 → 社区吹哨 → 部门报到 → 三个中心处置 → 回访评价 → 结案,
//! and the mediation centre's 诉前调解 + 司法确认, as obligations with
//! deadlines. The library is stateless: the host stores each case's
//! [events](Event) and asks for its [`Timeline`]; it never stores anything
//! itself.
//!
//! - **Events** ([`EventKind`]): `reported`, `accepted`, `whistled`,
//!   `department_reported`, `extended`, `resolved`, `reviewed`, `closed`,
//!   `cancelled`, and the mediation track `mediation_started`,
//!   `mediation_extended`, `agreement_reached`, `mediation_failed`,
//!   `confirmation_applied`, `confirmation_accepted` / `_refused`,
//!   `court_extended`, `confirmed` / `confirmation_rejected`. Their order is
//!   checked event by event: a violation is `invalid_event` at `events[i]`
//!   with a message naming what was expected instead.
//! - **Steps** ([`StepKind`]): each event starts at most one step and ends
//!   the open steps that list it; `cancelled` and `closed` end every open
//!   step. A step's deadline is its period counted on the working-day
//!   [calendar](crate::calendar) from its start; an extension adds to the
//!   period's n and the deadline is counted again from the start. The
//!   steps, their events, their periods by class, level and immediate
//!   report, `max_extensions` and the court's extension are the
//!   [`HandlingPolicy`], data embedded from `data/handling_policy.json`:
//!
//!   | step | starts at | ends at | default period |
//!   |---|---|---|---|
//!   | `accept` 签收 | reported | accepted | 30 minutes for an immediate report, else 2 hours |
//!   | `report_in` 部门报到 | whistled | department_reported, resolved | the decision's report-in minutes (30 or 1440) |
//!   | `resolve` 办结 | accepted, a reopening review, mediation_failed | resolved, mediation_started | 24 hours for an immediate report; grid level 3 working days; community: general 7, safety 5, complex 15 working days |
//!   | `review` 回访 | resolved | reviewed | 2 working days |
//!   | `mediate` 诉前调解 | mediation_started | agreement_reached, mediation_failed | 30 days |
//!   | `apply_confirmation` 申请司法确认 | agreement_reached | confirmation_applied | 30 days |
//!   | `court_accept` 受理 | confirmation_applied | confirmation_accepted, confirmation_refused | 3 days |
//!   | `court_decide` 确认 | confirmation_accepted | confirmed, confirmation_rejected | 15 days (+10 with court_extended) |
//!
//! - **Supervision** ([`Supervision`], 监督问效) of a step still open at
//!   `as_of`: `on_track` while less than 80 % of its time is gone,
//!   `warning` (黄灯) until its deadline, then by the working days after the
//!   deadline's date `overdue` (红灯, under 1), `supervision` (督办, 1–4) and
//!   `accountability` (问责/通报, 5 or more). The thresholds are policy.
//! - **APIs**: [`HandlingPolicy::timeline`] for one case (op
//!   `case.timeline`); [`HandlingPolicy::supervise`] for one open step and
//!   the columnar [`HandlingPolicy::supervise_batch`] for millions (op
//!   `case.supervise`, the morning sweep; nothing allocated per row;
//!   [`HandlingPolicy::supervise_batch_threads`] on every core).
//!
//! # Example
//! ```
//! use wangshi::handling::{HandlingPolicy, Event, EventKind, CaseProfile, Supervision};
//! use wangshi::triage::{CaseRouter, Case, Flag};
//! use wangshi::calendar::{default_calendar, Period};
//! let t = |s: &str| format!("2026-{s}:00").parse::<chrono::NaiveDateTime>().unwrap();
//! let router = CaseRouter::default_router();
//! // A property-fee dispute: complex, mediation centre, 15 working days.
//! let case = Case::new("c9", "MD-02", t("11-02T09:00").date()).with_flag(Flag::PropertyDispute);
//! let decision = router.classify(&case)?;
//! let events = [
//!     Event::new(EventKind::Reported, t("11-02T09:00")),
//!     Event::new(EventKind::Accepted, t("11-02T09:30")),
//!     Event::extended(t("11-20T17:00"), Period::WorkingDays(5)),
//! ];
//! let policy = HandlingPolicy::default();
//! let tl = policy.timeline(default_calendar(), &CaseProfile::of(&decision, router.rules()), &events, t("11-26T10:00"))?;
//! let resolve = &tl.steps[1];
//! assert_eq!(resolve.period, Period::WorkingDays(20)); // 15 + 5, counted again from Nov 2
//! assert_eq!(resolve.deadline.to_string(), "2026-11-30 23:59:59");
//! assert_eq!(resolve.supervision, Some(Supervision::Warning)); // over 80 % of the time gone
//! assert_eq!(tl.extensions, 1);
//! # Ok::<(), wangshi::Error>(())
//! ```

mod batch;
mod events;
pub(crate) mod json;
pub(crate) mod policy;
mod steps;
mod supervision;
pub(crate) mod timeline;

pub use batch::{
    INVALID_EXTENSION, INVALID_IMMEDIATE_REPORT, INVALID_REPORT_MINUTES, NO_CLASS, NO_EXTENSION,
    NO_IMMEDIATE_REPORT, NO_LEVEL, NO_REPORT_MINUTES, NO_STEP, OpenStepColumns, SupervisionColumns,
    SupervisionOutput, UNKNOWN_CLASS, UNKNOWN_LEVEL, UNKNOWN_STEP,
};
pub use events::{Event, EventKind};
pub use json::respond_timeline;
pub use policy::{
    CaseProfile, DEFAULT_HANDLING_JSON, HandlingPolicy, MAX_EXTENSIONS, MAX_THRESHOLD_DAYS,
    PeriodRule, StepPeriod, StepRule, default_handling_policy,
};
pub use steps::StepKind;
pub use supervision::{OpenStep, RawSupervised, Supervised, Supervision, Thresholds};
pub use timeline::{Step, Timeline};
