//! The handling policy (data): each step's start and end events and its
//! periods by case class, level and immediate report, the extensions
//! allowed, and the supervision thresholds. The default is embedded from
//! `data/handling_policy.json` ([`DEFAULT_HANDLING_JSON`]) and validated on
//! load; a locality may load its own (a request's `"handling"`).

use super::events::EventKind;
use super::steps::StepKind;
use super::supervision::Thresholds;
use crate::calendar::{Period, PeriodUnit};
use crate::catalog::CaseClass;
use crate::error::{Error, ErrorCode};
use crate::request::{Kind, Node, Obj, Path};
use crate::triage::{Decision, Level, TriageRules};
use serde_json::{Map, Value, json};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The default handling policy's source text: the table of steps and periods of
/// the module docs.
pub const DEFAULT_HANDLING_JSON: &str = include_str!("../../data/handling_policy.json");

/// The largest `max_extensions` a policy may allow per resolve step.
pub const MAX_EXTENSIONS: u32 = 100;

/// The largest supervision threshold in working days (about fifteen years).
pub const MAX_THRESHOLD_DAYS: u32 = 3660;

/// The period of a step for one kind of case: a fixed period, or the
/// report-in minutes of the case's decision.
///
/// # Example
/// ```
/// use wangshi::handling::{HandlingPolicy, StepKind, StepPeriod};
/// let p = HandlingPolicy::default();
/// assert_eq!(p.step(StepKind::ReportIn).periods[0].period, StepPeriod::ReportWithinMinutes);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepPeriod {
    /// A fixed period (`{"working_days": 3}` …).
    Fixed(Period),
    /// `"report_within_minutes"`: `{"minutes": m}` with m the decision's
    /// `whistle.report_within_minutes`, or — when the decision has no
    /// whistle — the triage rules' report-in minutes (the urgent ones when
    /// the case is an immediate report).
    ReportWithinMinutes,
}

/// One entry of a step's `periods`: the period of the cases it matches
/// (every condition given must hold; the first matching entry applies).
///
/// # Example
/// ```
/// use wangshi::handling::{HandlingPolicy, StepKind, StepPeriod};
/// use wangshi::calendar::Period;
/// let p = HandlingPolicy::default();
/// let first = &p.step(StepKind::Resolve).periods[0];
/// assert_eq!((first.immediate_report, first.period), (Some(true), StepPeriod::Fixed(Period::Hours(24))));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PeriodRule {
    /// Only cases of this class, when given.
    pub class: Option<CaseClass>,
    /// Only cases at this level, when given.
    pub level: Option<Level>,
    /// Only cases whose `immediate_report` is this, when given.
    pub immediate_report: Option<bool>,
    /// The period.
    pub period: StepPeriod,
}

impl PeriodRule {
    fn matches(&self, class: CaseClass, level: Level, immediate: bool) -> bool {
        self.class.is_none_or(|c| c == class)
            && self.level.is_none_or(|l| l == level)
            && self.immediate_report.is_none_or(|i| i == immediate)
    }
}

/// One step of the policy: the events that start it, the events that end
/// it (besides `cancelled` and `closed`, which end every open step) and its
/// periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRule {
    /// The step.
    pub step: StepKind,
    /// The events that start it. `reviewed` here means a reopening review
    /// (`"satisfied": false`); a satisfied review starts nothing.
    pub starts: Vec<EventKind>,
    /// The events that end it.
    pub ends: Vec<EventKind>,
    /// Its periods, first match first; every kind of case is matched.
    pub periods: Vec<PeriodRule>,
}

/// What the periods of a case's steps depend on: its class, level,
/// immediate report and report-in minutes (from its triage decision, or
/// given by the host for the morning sweep).
///
/// # Example
/// ```
/// use wangshi::handling::CaseProfile;
/// use wangshi::triage::{CaseRouter, Case, Level};
/// let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
/// let r = CaseRouter::default_router();
/// let p = CaseProfile::of(&r.classify(&Case::new("c1", "CS-01", d))?, r.rules());
/// assert_eq!((p.level, p.immediate_report, p.report_within_minutes), (Level::Grid, false, 1440));
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaseProfile {
    /// The case class.
    pub class: CaseClass,
    /// Grid worker or community.
    pub level: Level,
    /// Whether the case is an immediate report.
    pub immediate_report: bool,
    /// Minutes within which a whistled department must report.
    pub report_within_minutes: u32,
}

impl CaseProfile {
    /// The profile of a triage decision: `report_within_minutes` is the
    /// whistle's, or without a whistle the rules' report-in minutes (the
    /// urgent ones for an immediate report, 30; else 1440 by default).
    pub fn of(decision: &Decision, rules: &TriageRules) -> CaseProfile {
        let immediate = decision.immediate_report;
        CaseProfile {
            class: decision.class,
            level: decision.level,
            immediate_report: immediate,
            report_within_minutes: decision
                .whistle
                .as_ref()
                .map_or(default_report_minutes(rules, immediate), |w| {
                    w.report_within_minutes
                }),
        }
    }

    /// A profile whose report-in minutes are `minutes`, or the rules'
    /// report-in minutes when `None`.
    pub fn new(
        class: CaseClass,
        level: Level,
        immediate_report: bool,
        minutes: Option<u32>,
        rules: &TriageRules,
    ) -> CaseProfile {
        CaseProfile {
            class,
            level,
            immediate_report,
            report_within_minutes: minutes
                .unwrap_or_else(|| default_report_minutes(rules, immediate_report)),
        }
    }

    /// The position of the profile's kind among the 12 (class × level ×
    /// immediate report).
    #[inline]
    pub(crate) fn combo(&self) -> usize {
        combo(self.class, self.level, self.immediate_report)
    }
}

/// The triage rules' report-in minutes of a case without a whistle.
pub(crate) fn default_report_minutes(rules: &TriageRules, immediate: bool) -> u32 {
    let w = rules.whistle();
    if immediate {
        w.urgent_report_within_minutes
    } else {
        w.report_within_minutes
    }
}

const COMBOS: usize = 12;

#[inline]
const fn combo(class: CaseClass, level: Level, immediate: bool) -> usize {
    (class as usize - 1) * 4 + (level as usize - 1) * 2 + immediate as usize
}

/// A compiled period: a unit and an amount, amount 0 for the report-in
/// minutes of the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spec {
    unit: PeriodUnit,
    amount: u32,
}

/// A validated handling policy.
///
/// Immutable and cheap to share: evaluate any number of timelines and
/// sweeps against one policy, from many threads. [`HandlingPolicy::to_value`]
/// gives its canonical data-file shape (what the audit stamp hashes).
///
/// # Example
/// ```
/// use wangshi::handling::{HandlingPolicy, StepKind, EventKind, CaseProfile};
/// use wangshi::calendar::Period;
/// use wangshi::{CaseClass, Level};
/// let p = HandlingPolicy::default();
/// assert_eq!(p.version(), "2026.1");
/// assert_eq!(p.starts(EventKind::MediationFailed), Some(StepKind::Resolve));
/// assert_eq!(p.ends(EventKind::Resolved).collect::<Vec<_>>(), [StepKind::ReportIn, StepKind::Resolve]);
/// let rules = wangshi::TriageRules::default();
/// let complex = CaseProfile::new(CaseClass::Complex, Level::Community, false, None, &rules);
/// assert_eq!(p.base_period(StepKind::Resolve, &complex), Period::WorkingDays(15));
/// assert_eq!(p.base_period(StepKind::ReportIn, &complex), Period::Minutes(1440));
/// assert_eq!((p.max_extensions(), p.court_extension()), (1, Period::Days(10)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HandlingPolicy {
    version: String,
    steps: Vec<StepRule>,
    max_extensions: u32,
    court_extension: Period,
    thresholds: Thresholds,
    /// By step index, by kind of case.
    table: [[Spec; COMBOS]; 8],
    /// By event number (index 0 unused): the step it starts, 0 for none.
    start_of: [u8; 20],
    /// By event number: the steps it ends, one bit per step index.
    end_of: [u16; 20],
}

impl Default for HandlingPolicy {
    /// The embedded default policy.
    fn default() -> HandlingPolicy {
        default_handling_policy().clone()
    }
}

/// The embedded default handling policy, parsed and validated once.
///
/// # Example
/// ```
/// assert_eq!(wangshi::handling::default_handling_policy().max_extensions(), 1);
/// ```
pub fn default_handling_policy() -> &'static HandlingPolicy {
    static DEFAULT: OnceLock<HandlingPolicy> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        HandlingPolicy::from_json(DEFAULT_HANDLING_JSON)
            .expect("the embedded handling policy is valid")
    })
}

impl HandlingPolicy {
    /// Parses and validates a handling policy from JSON text (the shape of
    /// `data/handling_policy.json`: `{"version"?, "steps": {"<step>":
    /// {"starts", "ends", "periods"}}, "max_extensions", "court_extension",
    /// "supervision"}`).
    ///
    /// # Errors
    /// `invalid_json` when the text is not JSON; `unknown_field` /
    /// `missing_field` for a misspelt or absent field (a step included);
    /// otherwise `invalid_policy` with a path such as
    /// `steps.resolve.periods[1].period.working_days` for the first problem:
    /// an unknown event, class or level; an empty start or end list; an
    /// event listed twice, starting two steps, or starting and ending the
    /// same step; `cancelled` or `closed` starting a step; periods that
    /// leave some kind of case without one; a period amount out of range;
    /// a court extension in another unit than `court_decide`'s period;
    /// `max_extensions` above 100; a warning fraction outside (0, 1] or
    /// with more than six decimals; thresholds above 3660 or accountability
    /// before supervision.
    ///
    /// # Example
    /// ```
    /// use wangshi::handling::HandlingPolicy;
    /// let mut v = HandlingPolicy::default().to_value();
    /// v["steps"]["review"]["periods"][0]["period"] = serde_json::json!({"working_days": 3});
    /// let local = HandlingPolicy::from_json(&v.to_string())?;
    /// assert_eq!(local.step(wangshi::handling::StepKind::Review).periods[0].period,
    ///            wangshi::handling::StepPeriod::Fixed(wangshi::calendar::Period::WorkingDays(3)));
    /// v["steps"]["review"]["periods"][0]["period"] = serde_json::json!({"weeks": 1});
    /// let e = HandlingPolicy::from_json(&v.to_string()).unwrap_err();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::UnknownField, Some("steps.review.periods[0].period.weeks")));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<HandlingPolicy, Error> {
        let v = crate::request::parse_data(text, "the handling policy")?;
        parse(v, Path::Root).map_err(|e| e.in_data(ErrorCode::InvalidPolicy))
    }

    /// Parses and validates a handling policy from a JSON value.
    ///
    /// # Errors
    /// As [`HandlingPolicy::from_json`], without `invalid_json`.
    ///
    /// # Example
    /// ```
    /// use wangshi::handling::HandlingPolicy;
    /// let mut v = HandlingPolicy::default().to_value();
    /// v["max_extensions"] = serde_json::json!(101);
    /// let e = HandlingPolicy::from_value(&v).unwrap_err();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::InvalidPolicy, Some("max_extensions")));
    /// ```
    pub fn from_value(v: &Value) -> Result<HandlingPolicy, Error> {
        HandlingPolicy::from_json(&v.to_string())
    }

    /// The version label (empty when the source gave none).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The rule of a step.
    pub fn step(&self, step: StepKind) -> &StepRule {
        &self.steps[step.index()]
    }

    /// Every step's rule, in step order.
    pub fn steps(&self) -> &[StepRule] {
        &self.steps
    }

    /// The extensions (`extended` events) allowed per resolve step.
    pub fn max_extensions(&self) -> u32 {
        self.max_extensions
    }

    /// What `court_extended` adds to the court_decide step's period
    /// (`{"days": 10}` by default).
    pub fn court_extension(&self) -> Period {
        self.court_extension
    }

    /// The supervision thresholds.
    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// The step an event starts, if any (for `reviewed`: the step a
    /// reopening review starts).
    #[inline]
    pub fn starts(&self, event: EventKind) -> Option<StepKind> {
        StepKind::from_u8(self.start_of[event as usize])
    }

    /// The steps an event ends when they are open, in step order (without
    /// `cancelled` and `closed`, which end every open step).
    pub fn ends(&self, event: EventKind) -> impl Iterator<Item = StepKind> + '_ {
        let mask = self.end_of[event as usize];
        StepKind::ALL
            .into_iter()
            .filter(move |s| mask & (1 << s.index()) != 0)
    }

    /// Whether `event` ends an open `step`.
    #[inline]
    pub(crate) fn ends_step(&self, event: EventKind, step: StepKind) -> bool {
        matches!(event, EventKind::Cancelled | EventKind::Closed)
            || self.end_of[event as usize] & (1 << step.index()) != 0
    }

    /// The period a step has for a kind of case, as the policy gives it.
    ///
    /// # Example
    /// ```
    /// use wangshi::handling::{HandlingPolicy, StepKind, StepPeriod, CaseProfile};
    /// use wangshi::{CaseClass, Level, calendar::Period};
    /// let rules = wangshi::TriageRules::default();
    /// let urgent = CaseProfile::new(CaseClass::Safety, Level::Community, true, None, &rules);
    /// let p = HandlingPolicy::default();
    /// assert_eq!(p.period(StepKind::Accept, &urgent), StepPeriod::Fixed(Period::Minutes(30)));
    /// ```
    pub fn period(&self, step: StepKind, profile: &CaseProfile) -> StepPeriod {
        let s = self.table[step.index()][profile.combo()];
        if s.amount == 0 {
            StepPeriod::ReportWithinMinutes
        } else {
            StepPeriod::Fixed(Period::new(s.unit, s.amount))
        }
    }

    /// The period a step starts with for a case (before any extension):
    /// [`HandlingPolicy::period`] with the report-in minutes filled in.
    ///
    /// # Example
    /// ```
    /// use wangshi::handling::{HandlingPolicy, StepKind, CaseProfile};
    /// use wangshi::{CaseClass, Level, calendar::Period};
    /// let rules = wangshi::TriageRules::default();
    /// let grid = CaseProfile::new(CaseClass::General, Level::Grid, false, Some(90), &rules);
    /// let p = HandlingPolicy::default();
    /// assert_eq!(p.base_period(StepKind::Resolve, &grid), Period::WorkingDays(3));
    /// assert_eq!(p.base_period(StepKind::ReportIn, &grid), Period::Minutes(90));
    /// ```
    #[inline]
    pub fn base_period(&self, step: StepKind, profile: &CaseProfile) -> Period {
        let (unit, amount) = self.base(step, profile);
        Period::new(unit, amount)
    }

    /// [`HandlingPolicy::base_period`] as its unit and amount.
    #[inline]
    pub(crate) fn base(&self, step: StepKind, profile: &CaseProfile) -> (PeriodUnit, u32) {
        self.base_of(step, profile.combo(), profile.report_within_minutes)
    }

    #[inline]
    pub(crate) fn base_of(&self, step: StepKind, combo: usize, minutes: u32) -> (PeriodUnit, u32) {
        let s = self.table[step.index()][combo];
        if s.amount == 0 {
            (PeriodUnit::Minutes, minutes)
        } else {
            (s.unit, s.amount)
        }
    }

    /// The policy in its data file's shape (the canonical form).
    ///
    /// # Example
    /// ```
    /// use wangshi::handling::HandlingPolicy;
    /// let p = HandlingPolicy::default();
    /// assert_eq!(p.to_value()["steps"]["accept"]["periods"][1]["period"], serde_json::json!({"hours": 2}));
    /// assert_eq!(HandlingPolicy::from_value(&p.to_value())?, p);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn to_value(&self) -> Value {
        let steps: Map<String, Value> = self
            .steps
            .iter()
            .map(|s| {
                let periods: Vec<Value> = s
                    .periods
                    .iter()
                    .map(|r| {
                        let mut m = Map::new();
                        if let Some(c) = r.class {
                            m.insert("class".into(), c.as_str().into());
                        }
                        if let Some(l) = r.level {
                            m.insert("level".into(), l.as_str().into());
                        }
                        if let Some(i) = r.immediate_report {
                            m.insert("immediate_report".into(), i.into());
                        }
                        m.insert(
                            "period".into(),
                            match r.period {
                                StepPeriod::Fixed(p) => json!({ p.unit().as_str(): p.amount() }),
                                StepPeriod::ReportWithinMinutes => "report_within_minutes".into(),
                            },
                        );
                        Value::Object(m)
                    })
                    .collect();
                let codes = |l: &[EventKind]| l.iter().map(|e| e.as_str()).collect::<Vec<_>>();
                (
                    s.step.as_str().to_owned(),
                    json!({"starts": codes(&s.starts), "ends": codes(&s.ends), "periods": periods}),
                )
            })
            .collect();
        let c = self.court_extension;
        json!({
            "version": self.version,
            "steps": steps,
            "max_extensions": self.max_extensions,
            "court_extension": { c.unit().as_str(): c.amount() },
            "supervision": {
                "warning_fraction": self.thresholds.warning_fraction(),
                "supervision_after_working_days": self.thresholds.supervision_after_working_days,
                "accountability_after_working_days": self.thresholds.accountability_after_working_days,
            },
        })
    }
}

crate::stamp::rule_data!(HandlingPolicy, "handling", default_handling_policy());

/// The request's `handling` field, or the default policy when it is absent.
pub(crate) fn from_request(o: &Obj<'_, '_>) -> Result<Cow<'static, HandlingPolicy>, Error> {
    match o.get("handling") {
        None => Ok(Cow::Borrowed(default_handling_policy())),
        Some(v) => parse(v, o.path().field("handling"))
            .map(Cow::Owned)
            .map_err(|e| e.in_data(ErrorCode::InvalidPolicy)),
    }
}

fn step_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| StepKind::ALL.map(StepKind::as_str).to_vec())
}

fn invalid(path: Path<'_>, message: impl Into<String>) -> Error {
    path.error(ErrorCode::InvalidPolicy, message)
}

/// Reads a policy located at `path` (the root for a standalone policy,
/// `handling` inside a request). Errors other than `unknown_field`,
/// `missing_field` and `invalid_json` are mapped to `invalid_policy` by the
/// caller.
pub(crate) fn parse(v: Node<'_>, path: Path<'_>) -> Result<HandlingPolicy, Error> {
    let o = Obj::new(
        v,
        path,
        &[
            "version",
            "steps",
            "max_extensions",
            "court_extension",
            "supervision",
        ],
    )?;
    let version = o.opt_str("version")?.unwrap_or_default().into_owned();
    let steps_path = path.field("steps");
    let so = Obj::new(o.req("steps")?, steps_path, step_names())?;
    let mut steps = Vec::with_capacity(StepKind::ALL.len());
    let mut table = [[Spec {
        unit: PeriodUnit::Minutes,
        amount: 0,
    }; COMBOS]; 8];
    let mut start_of = [0u8; 20];
    let mut end_of = [0u16; 20];
    for step in StepKind::ALL {
        let p = steps_path.field(step.as_str());
        let rule = parse_step(step, so.req(step.as_str())?, p, &mut table[step.index()])?;
        let starts_path = p.field("starts");
        for (j, e) in rule.starts.iter().enumerate() {
            if let Some(other) = StepKind::from_u8(start_of[*e as usize]) {
                return Err(invalid(
                    starts_path.index(j),
                    format!("{e} already starts {other}; each event starts at most one step"),
                ));
            }
            start_of[*e as usize] = step as u8;
        }
        for e in &rule.ends {
            end_of[*e as usize] |= 1 << step.index();
        }
        steps.push(rule);
    }
    let max_extensions = o.uint("max_extensions", u64::from(MAX_EXTENSIONS))? as u32;
    let court_path = path.field("court_extension");
    let court_extension = crate::calendar::json::period_of(o.req("court_extension")?, court_path)?;
    for (k, s) in table[StepKind::CourtDecide.index()].iter().enumerate() {
        let unit = s.unit;
        if unit != court_extension.unit() {
            return Err(invalid(
                court_path,
                format!(
                    "court_extension adds {} to court_decide's period, which counts in {} for {}",
                    court_extension.unit().as_str(),
                    unit.as_str(),
                    combo_name(k)
                ),
            ));
        }
        if s.amount != 0 && s.amount + court_extension.amount() > unit.max_amount() {
            return Err(invalid(
                court_path,
                format!(
                    "court_decide's period of {} {} and the court extension of {} exceed the largest period ({})",
                    s.amount,
                    unit.as_str(),
                    court_extension.amount(),
                    unit.max_amount()
                ),
            ));
        }
    }
    let thresholds = parse_thresholds(o.req("supervision")?, path.field("supervision"))?;
    Ok(HandlingPolicy {
        version,
        steps,
        max_extensions,
        court_extension,
        thresholds,
        table,
        start_of,
        end_of,
    })
}

/// The words of the `k`-th kind of case, for messages.
fn combo_name(k: usize) -> String {
    let class = CaseClass::ALL[k / 4];
    let level = Level::ALL[(k / 2) % 2];
    let immediate = if k % 2 == 1 { "with" } else { "without" };
    format!("a {level} {class} case {immediate} immediate report")
}

fn parse_step(
    step: StepKind,
    v: Node<'_>,
    path: Path<'_>,
    table: &mut [Spec; COMBOS],
) -> Result<StepRule, Error> {
    let o = Obj::new(v, path, &["starts", "ends", "periods"])?;
    let starts = parse_events(&o, "starts")?;
    let ends = parse_events(&o, "ends")?;
    for (j, e) in starts.iter().enumerate() {
        if matches!(e, EventKind::Cancelled | EventKind::Closed) {
            return Err(invalid(
                path.field("starts").index(j),
                format!("{e} cannot start a step: nothing follows it"),
            ));
        }
    }
    for (j, e) in ends.iter().enumerate() {
        if starts.contains(e) {
            return Err(invalid(
                path.field("ends").index(j),
                format!("{e} both starts and ends {step}"),
            ));
        }
    }
    let periods_path = path.field("periods");
    let items = o.array("periods")?;
    if items.is_empty() {
        return Err(invalid(
            periods_path,
            format!("{step} needs at least one period"),
        ));
    }
    let mut periods = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        periods.push(parse_period_rule(*item, periods_path.index(i))?);
    }
    for (k, slot) in table.iter_mut().enumerate() {
        let class = CaseClass::ALL[k / 4];
        let level = Level::ALL[(k / 2) % 2];
        let Some(rule) = periods.iter().find(|r| r.matches(class, level, k % 2 == 1)) else {
            return Err(invalid(
                periods_path,
                format!(
                    "no period of {step} applies to {}; end the list with an entry without conditions",
                    combo_name(k)
                ),
            ));
        };
        *slot = match rule.period {
            StepPeriod::Fixed(p) => Spec {
                unit: p.unit(),
                amount: p.amount(),
            },
            StepPeriod::ReportWithinMinutes => Spec {
                unit: PeriodUnit::Minutes,
                amount: 0,
            },
        };
    }
    Ok(StepRule {
        step,
        starts,
        ends,
        periods,
    })
}

fn parse_events(o: &Obj<'_, '_>, name: &str) -> Result<Vec<EventKind>, Error> {
    let base = o.path();
    let field = base.field(name);
    let items = o.array(name)?;
    if items.is_empty() {
        return Err(invalid(
            field,
            format!("\"{name}\" needs at least one event"),
        ));
    }
    let mut out: Vec<EventKind> = Vec::with_capacity(items.len());
    for (j, item) in items.iter().enumerate() {
        let p = field.index(j);
        let Some(code) = item.as_str() else {
            return Err(invalid(
                p,
                format!("expected an event code, found {}", item.type_name()),
            ));
        };
        let Some(e) = EventKind::from_name(&code) else {
            return Err(invalid(
                p,
                format!(
                    "unknown event {code:?}; known events: {}",
                    EventKind::known_names()
                ),
            ));
        };
        if out.contains(&e) {
            return Err(invalid(p, format!("{e} is listed twice")));
        }
        out.push(e);
    }
    Ok(out)
}

fn parse_period_rule(v: Node<'_>, path: Path<'_>) -> Result<PeriodRule, Error> {
    let o = Obj::new(v, path, &["class", "level", "immediate_report", "period"])?;
    let class = match o.opt_str("class")? {
        None => None,
        Some(c) => Some(CaseClass::from_name(&c).ok_or_else(|| {
            invalid(
                path.field("class"),
                format!(
                    "unknown case class {c:?}; expected one of: {}",
                    crate::error::listing(CaseClass::ALL.map(CaseClass::as_str))
                ),
            )
        })?),
    };
    let level = match o.opt_str("level")? {
        None => None,
        Some(l) => Some(
            Level::ALL
                .into_iter()
                .find(|x| x.as_str() == l)
                .ok_or_else(|| {
                    invalid(
                        path.field("level"),
                        format!(
                            "unknown level {l:?}; expected one of: {}",
                            crate::error::listing(Level::ALL.map(Level::as_str))
                        ),
                    )
                })?,
        ),
    };
    let immediate_report = o.opt_bool("immediate_report")?;
    let pv = o.req("period")?;
    let pp = path.field("period");
    let period = match pv.kind() {
        Kind::String if pv.as_str().as_deref() == Some("report_within_minutes") => {
            StepPeriod::ReportWithinMinutes
        }
        Kind::Object => StepPeriod::Fixed(crate::calendar::json::period_of(pv, pp)?),
        _ => {
            return Err(invalid(
                pp,
                format!(
                    "a step's period is a period object such as {{\"working_days\": 3}} or \"report_within_minutes\", found {pv}"
                ),
            ));
        }
    };
    Ok(PeriodRule {
        class,
        level,
        immediate_report,
        period,
    })
}

fn parse_thresholds(v: Node<'_>, path: Path<'_>) -> Result<Thresholds, Error> {
    let o = Obj::new(
        v,
        path,
        &[
            "warning_fraction",
            "supervision_after_working_days",
            "accountability_after_working_days",
        ],
    )?;
    let f = o.opt_non_negative("warning_fraction")?.ok_or_else(|| {
        path.field("warning_fraction").error(
            ErrorCode::MissingField,
            "missing required field \"warning_fraction\"",
        )
    })?;
    let fp = path.field("warning_fraction");
    if !(f > 0.0 && f <= 1.0) {
        return Err(invalid(
            fp,
            format!("warning_fraction must be greater than 0 and at most 1, found {f}"),
        ));
    }
    let scaled = f * 1e6;
    let ppm = scaled.round();
    if (scaled - ppm).abs() > 1e-6 {
        return Err(invalid(
            fp,
            format!("warning_fraction may have at most six decimals, found {f}"),
        ));
    }
    let supervision = o.uint(
        "supervision_after_working_days",
        u64::from(MAX_THRESHOLD_DAYS),
    )? as u32;
    let accountability = o.uint(
        "accountability_after_working_days",
        u64::from(MAX_THRESHOLD_DAYS),
    )? as u32;
    if accountability < supervision {
        return Err(invalid(
            path.field("accountability_after_working_days"),
            format!(
                "accountability_after_working_days ({accountability}) is smaller than supervision_after_working_days ({supervision})"
            ),
        ));
    }
    Ok(Thresholds {
        warning_ppm: ppm as u32,
        supervision_after_working_days: supervision,
        accountability_after_working_days: accountability,
    })
}
