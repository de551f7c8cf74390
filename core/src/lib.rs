//! # wangshi (网事) — rules for community grid governance
//!
//! An embeddable rules library modelled on the "网事360" system of 宜丰县:
//! how grids (网格) are sized and staffed, which work items a grid may take
//! (the 13-category, 57-item task catalogue, 网格事项清单), how often each
//! colour tier of residents must be visited (分色管理) and who is overdue
//! today, how a reported case is classified and routed (说事中心,
//! 警格中心, 矛调中心, or 社区吹哨、部门报到), and how its deadlines are
//! counted in working days (工作日与期间), how each case is handled and
//! supervised until it is closed (事件处置闭环、监督问效), and how each grid
//! worker is assessed every month (每月一考核).
//!
//! Every capability has a typed API and is reachable through one JSON entry
//! point, [`evaluate_json`].
//!
//! ## Quick example
//!
//! ```
//! use wangshi::visit::{VisitPolicy, Resident, VisitState, Alert};
//! use chrono::NaiveDate;
//!
//! let policy = VisitPolicy::default();
//! let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
//! let r = Resident::new("r3", "orange", NaiveDate::from_ymd_opt(2026, 9, 1).unwrap())
//!     .with_last_visit(NaiveDate::from_ymd_opt(2026, 11, 8).unwrap());
//! let s = policy.status(&r, today)?;
//! assert_eq!(s.state, VisitState::Overdue);
//! assert_eq!(s.missed_periods, 2); // the weeks of Nov 9 and Nov 16
//! assert_eq!(s.alert, Some(Alert::Escalation));
//! # Ok::<(), wangshi::Error>(())
//! ```
//!
//! ## Cookbook
//!
//! **How do I find today's overdue red-tier residents?** Evaluate the batch
//! with [`visit::visit_status_batch`] (or [`visit::VisitPolicy::status`] per
//! resident) and keep rows whose tier is `red` and whose state is
//! [`visit::VisitState::Overdue`]; [`visit::worklist`] orders every alert by
//! urgency and counts them per grid worker.
//!
//! **How do I call it from another language?** Send JSON text to
//! [`evaluate_json`]: `{"op": "visit.status", "as_of": "2026-11-26",
//! "residents": [...]}`. The C ABI (`wangshi-ffi`) and the Python module
//! expose the same entry point and columnar batch paths.
//!
//! **Is a community's grid set-up sound?** [`grid::Community::validate`]
//! (op `grid.validate`) lists every issue — a standard grid without its
//! full-time worker, a worker on two grids, a household in no grid or in
//! two — with a summary; [`grid::SizeNorm::verdict`] says whether to merge
//! or split one grid.
//!
//! **May grids take this work today?** [`Catalog::check`] on
//! [`Catalog::default_catalog`] (or a locality's [`Catalog::from_json`])
//! says in force, or why not; admissions and exits return a new catalogue.
//!
//! **Where does a reported case go, and why?**
//! [`CaseRouter::classify`] (op `case.classify`) gives the class, centre,
//! level, whistle and mediation with every matched rule in order;
//! [`CaseRouter::classify_batch`] does millions of rows into columns, and a
//! locality's rules load with [`TriageRules::from_json`].
//!
//! **When is "within 7 working days" of a report up?**
//! [`calendar::Calendar::deadline`] with [`calendar::Period::WorkingDays`]
//! (op `calendar.deadline`) counts on the State Council's holiday
//! arrangements (2024–2026 embedded; a locality adds a year with
//! [`calendar::Calendar::from_json`]) and says whether the answer is
//! `provisional` (it touched a year no notice covers yet);
//! [`calendar::Calendar::deadline_batch`] does millions of rows.
//!
//! **What share of last month's visits did each grid worker make?**
//! [`assessment::completion_report`] (op `visit.completion`) counts each
//! resident's obligations in the month — the required periods ending in
//! it, so a week running into the next month counts there — and the ones
//! its visits met, summed by worker, grid and tier with half-even rates
//! ([`assessment::Rate`]); [`assessment::completion_batch`] does a county's
//! month from a residents table and an unsorted visit log.
//!
//! **How did each grid worker do last month?** [`assessment::assess`]
//! (op `worker.assess`) scores every worker on the scheme's items — visit
//! completion, on-time acceptance and resolution of the worker's cases,
//! satisfaction — less points for each step left in `accountability`,
//! with exact arithmetic rounded half-even once, empty items scaled out
//! and ranks with ties; every score comes with the counts that explain it
//! ([`assessment::WorkerScore`]). The scheme is data
//! ([`assessment::AssessmentScheme`]).
//!
//! **Which cases are late this morning, and who must answer for them?**
//! Keep each case's events and ask for its [`handling::Timeline`]
//! ([`handling::HandlingPolicy::timeline`], op `case.timeline`): every
//! step (签收, 部门报到, 办结, 回访, 诉前调解, 司法确认) with its deadline, whether
//! it was on time, and for the open ones their supervision (监督问效:
//! `warning`, `overdue`, `supervision` 督办, `accountability` 问责). The
//! morning sweep over every open step of a county is the columnar
//! [`handling::HandlingPolicy::supervise_batch`] (op `case.supervise`).
//!
//! **How do I use every core?** Each columnar batch has a `_threads` form
//! taking a [`threads::Threads`] ([`visit::visit_status_batch_threads`],
//! [`CaseRouter::classify_batch_threads`],
//! [`calendar::Calendar::deadline_batch_threads`],
//! [`assessment::completion_batch_threads`] …): `Threads::All` (or
//! `Threads::new(0)`) for every core, with the same result for any thread
//! count; batches under 131 072 rows stay on the calling thread.
//!
//! **How do I change the cadences?** Load a policy with
//! [`visit::VisitPolicy::from_json`]; it is validated on load
//! (`invalid_policy` with a path for each problem).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod assessment;
pub mod calendar;
pub mod catalog;
pub mod date;
#[doc = include_str!("../DESIGN.md")]
pub mod design {}
pub mod error;
pub mod grid;
pub mod handling;
mod ops;
mod request;
pub mod stamp;
pub mod threads;
pub mod timestamp;
pub mod triage;
pub mod visit;
pub mod vocab;

pub use catalog::{CaseClass, Catalog};
pub use error::{Error, ErrorCode, ErrorKind, Result};
pub use ops::{Response, evaluate, evaluate_json, evaluate_str, ops, respond};
pub use triage::{Case, CaseRouter, Center, Decision, Flag, Flags, Level, TriageRules};
