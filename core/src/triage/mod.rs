//! 事件分流 — case triage and routing.
//!
//! A grid worker reports a case on a catalogue item; the rules decide its
//! class (一般公共事项 general, 平安需求事项 safety, 复杂疑难事项 complex), the
//! centre that handles it (说事中心 talk, 警格中心 police_grid, 矛调中心
//! mediation), whether the grid worker keeps it (小事不出网格) or the
//! community leads it, whether the community blows the whistle for a
//! department to report for duty (社区吹哨、部门报到) and how soon, and
//! whether pre-litigation mediation with judicial confirmation applies
//! (诉前调解 + 司法确认). Every decision lists the rules that matched, in a
//! fixed order, so an auditor can see why a case went where it went.
//!
//! - [`TriageRules`]: the rules as data, embedded from
//!   `data/triage_rules.json` ([`DEFAULT_RULES_JSON`]) and validated on load;
//!   a locality loads its own with [`TriageRules::from_json`].
//! - [`CaseRouter`]: rules compiled against a [`Catalog`](crate::Catalog);
//!   [`CaseRouter::classify`] for one [`Case`], the columnar
//!   [`CaseRouter::classify_batch`] for millions (no per-row allocation),
//!   [`CaseRouter::classify_batch_threads`] on every core.
//! - [`Flag`] / [`Flags`], [`Center`], [`Level`]: the vocabularies, with
//!   their stable numbers.
//!
//! # Example
//! ```
//! use wangshi::triage::{CaseRouter, Case, Flag, Center, Level};
//! use wangshi::CaseClass;
//! let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
//! let case = Case::new("c1", "MD-03", d).with_parties(12).with_flag(Flag::NeedsDepartment);
//! let dec = CaseRouter::default_router().classify(&case)?;
//! assert_eq!((dec.class, dec.center, dec.level), (CaseClass::Complex, Center::Mediation, Level::Community));
//! assert_eq!(dec.whistle.unwrap().department, "human_resources"); // 劳资纠纷
//! assert_eq!(dec.matched_rules, ["complex.parties", "complex.item_class"]);
//! # Ok::<(), wangshi::Error>(())
//! ```

mod batch;
mod classify;
pub(crate) mod json;
mod rules;
mod vocab;

pub use batch::{
    CaseColumns, DEFAULT_AMOUNT, DEFAULT_PARTIES, DEFAULT_REPEAT_COUNT, DecisionColumns,
    DecisionOutput, INVALID_COUNT, INVALID_FLAGS, NO_ITEM, UNKNOWN_ITEM,
};
pub use classify::{Case, CaseRouter, Decision, Mediation, RawDecision, Whistle};
pub use rules::{
    CenterOverride, DEFAULT_RULES_JSON, GridLevelRule, MAX_CENTER_OVERRIDES, MAX_CONFIRMATION_DAYS,
    MAX_REPORT_MINUTES, MediationRule, RULE_IDS, TriageRules, WhistleRule, default_rules,
};
pub use vocab::{Center, Flag, Flags, Level};
