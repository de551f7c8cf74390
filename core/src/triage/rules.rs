//! The triage rules as data: flag lists, thresholds, centre per class, the
//! grid-level conditions (小事不出网格), the whistle (社区吹哨、部门报到) and
//! pre-litigation mediation. The default is embedded from
//! `data/triage_rules.json` and validated on load; a locality may load its
//! own (the whole file; `TriageRules::default().to_value()` is a template).
//!
//! The format, with the default rules:
//!
//! ```json
//! {"version": "2026.1",
//!  "safety": {"flags": ["emergency", "violence", "safety_hazard", "public_order"],
//!             "item_class": true},
//!  "complex": {"flags": ["petition", "cross_grid", "property_dispute", "court_entrusted"],
//!              "parties_at_least": 3, "repeat_count_at_least": 2,
//!              "amount_at_least": 50000, "item_class": true},
//!  "centers": {"general": "talk", "safety": "police_grid", "complex": "mediation"},
//!  "center_overrides": [],
//!  "grid_level": {"classes": ["general"], "max_parties": 2, "max_repeat_count": 0,
//!                 "unless_flags": ["cross_grid", "needs_department"]},
//!  "whistle": {"flags": ["needs_department", "emergency"], "report_within_minutes": 1440,
//!              "urgent_flags": ["emergency"], "urgent_report_within_minutes": 30},
//!  "mediation": {"classes": ["complex"], "categories": ["MD"],
//!                "flags": ["property_dispute", "court_entrusted"],
//!                "judicial_confirmation_within_days": 30},
//!  "immediate_report_flags": ["emergency"]}
//! ```
//!
//! Every section is required except `version` and `center_overrides`; the
//! three thresholds must be present and may be `null` to switch their rule
//! off.

use super::vocab::{Center, Flag, Flags};
use crate::catalog::CaseClass;
use crate::error::{Error, ErrorCode};
use crate::request::{Node, Obj, Path};
use serde_json::{Value, json};
use std::sync::OnceLock;

/// The default rules' source text (事件分流).
pub const DEFAULT_RULES_JSON: &str = include_str!("../../data/triage_rules.json");

/// The most centre overrides a rule set may have (their rules take bits
/// 24–31 of the matched-rules mask).
pub const MAX_CENTER_OVERRIDES: usize = 8;

/// The longest whistle deadline, in minutes (one year).
pub const MAX_REPORT_MINUTES: u32 = 525_600;

/// The longest window for judicial confirmation, in days (one year).
pub const MAX_CONFIRMATION_DAYS: u32 = 366;

/// The ids of the built-in rules by bit of the matched-rules mask (bits
/// 0–23); bits 24–31 are the rule set's centre overrides.
///
/// Bits 0–8 are `safety.<flag>` and bits 10–18 `complex.<flag>` for the flag
/// of the same [bit number](Flag) (minus 10); with the default flag lists
/// only the default rules' ids occur, in its order: `safety.emergency`,
/// `safety.violence`, `safety.safety_hazard`, `safety.public_order`,
/// `safety.item_class`, `complex.petition`, `complex.cross_grid`,
/// `complex.property_dispute`, `complex.court_entrusted`,
/// `complex.parties`, `complex.repeat`, `complex.amount`,
/// `complex.item_class`, and `general.default` when none matched.
///
/// # Example
/// ```
/// use wangshi::triage::RULE_IDS;
/// assert_eq!(RULE_IDS[9], "safety.item_class");
/// assert_eq!(RULE_IDS[16], "complex.property_dispute");
/// assert_eq!(RULE_IDS[23], "general.default");
/// ```
pub const RULE_IDS: [&str; 24] = [
    "safety.emergency",
    "safety.violence",
    "safety.safety_hazard",
    "safety.public_order",
    "safety.petition",
    "safety.cross_grid",
    "safety.property_dispute",
    "safety.court_entrusted",
    "safety.needs_department",
    "safety.item_class",
    "complex.emergency",
    "complex.violence",
    "complex.safety_hazard",
    "complex.public_order",
    "complex.petition",
    "complex.cross_grid",
    "complex.property_dispute",
    "complex.court_entrusted",
    "complex.needs_department",
    "complex.parties",
    "complex.repeat",
    "complex.amount",
    "complex.item_class",
    "general.default",
];

/// A routing exception: cases of one of `classes` carrying any of `flags`
/// go to `center` instead of their class's centre (the class, level,
/// whistle and mediation are unchanged). The first matching override
/// decides; every matching one is listed in `matched_rules` under its `id`.
///
/// # Example
/// ```
/// let rules = wangshi::triage::TriageRules::from_value(&{
///     let mut v = wangshi::triage::TriageRules::default().to_value();
///     v["center_overrides"] = serde_json::json!([{"id": "center.property_talk_first",
///         "classes": ["complex"], "flags": ["property_dispute"], "center": "talk"}]);
///     v
/// })?;
/// assert_eq!(rules.center_overrides()[0].center, wangshi::triage::Center::Talk);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CenterOverride {
    /// The rule id reported in `matched_rules` (lower-case, dotted
    /// snake_case, not a built-in id).
    pub id: String,
    /// The classes it applies to (at least one).
    pub classes: Vec<CaseClass>,
    /// Any of these flags triggers it (at least one).
    pub flags: Flags,
    /// Where the case goes.
    pub center: Center,
}

/// 小事不出网格: when the grid worker keeps a case (level `grid`) rather than
/// the community centre leading it (level `community`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GridLevelRule {
    /// Classes the grid may keep (default: general).
    pub classes: Vec<CaseClass>,
    /// Most parties the grid may keep (default 2).
    pub max_parties: u32,
    /// Most repeats the grid may keep (default 0).
    pub max_repeat_count: u32,
    /// Any of these flags sends the case to the community (default
    /// `cross_grid`, `needs_department`).
    pub unless_flags: Flags,
}

/// 社区吹哨、部门报到: when the community whistles and how soon the item's
/// department must report for duty.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WhistleRule {
    /// Any of these flags blows the whistle (default `needs_department`,
    /// `emergency`).
    pub flags: Flags,
    /// Minutes the department has to report (default 1440, a day).
    pub report_within_minutes: u32,
    /// Any of these flags (a subset of `flags`) shortens the deadline
    /// (default `emergency`).
    pub urgent_flags: Flags,
    /// The short deadline in minutes (default 30).
    pub urgent_report_within_minutes: u32,
}

/// 诉前调解 + 司法确认: when a case is offered pre-litigation mediation with
/// judicial confirmation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MediationRule {
    /// Classes that may be offered it (default: complex).
    pub classes: Vec<CaseClass>,
    /// Catalogue categories whose items qualify (default `MD`).
    pub categories: Vec<String>,
    /// Flags that qualify (default `property_dispute`, `court_entrusted`).
    pub flags: Flags,
    /// Days within which the parties apply for judicial confirmation
    /// (default 30, 人民调解法 art. 33).
    pub judicial_confirmation_within_days: u32,
}

/// A validated triage rule set (事件分流); see the module docs
/// for the file format. Immutable and cheap to share across threads;
/// evaluate cases with a [`CaseRouter`](super::CaseRouter) built from it.
///
/// # Example
/// ```
/// use wangshi::triage::{TriageRules, Flag, Center};
/// use wangshi::CaseClass;
/// let r = TriageRules::default();
/// assert!(r.safety_flags().contains(Flag::Violence));
/// assert_eq!(r.parties_at_least(), Some(3));
/// assert_eq!(r.amount_at_least(), Some(50_000.0));
/// assert_eq!(r.center(CaseClass::Complex), Center::Mediation);
/// assert_eq!(r.whistle().urgent_report_within_minutes, 30);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TriageRules {
    version: String,
    safety_flags: Flags,
    safety_item_class: bool,
    complex_flags: Flags,
    parties_at_least: Option<u32>,
    repeat_count_at_least: Option<u32>,
    amount_at_least: Option<f64>,
    complex_item_class: bool,
    /// By class number − 1 (general, safety, complex).
    centers: [Center; 3],
    center_overrides: Vec<CenterOverride>,
    grid_level: GridLevelRule,
    whistle: WhistleRule,
    mediation: MediationRule,
    immediate_report_flags: Flags,
}

impl Default for TriageRules {
    /// The embedded default rules (a clone of [`default_rules`]).
    fn default() -> TriageRules {
        default_rules().clone()
    }
}

/// The embedded default rules, parsed and validated once.
///
/// # Example
/// ```
/// assert_eq!(wangshi::triage::default_rules().version(), "2026.1");
/// ```
pub fn default_rules() -> &'static TriageRules {
    static DEFAULT: OnceLock<TriageRules> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        TriageRules::from_json(DEFAULT_RULES_JSON).expect("the embedded default rules are valid")
    })
}

impl TriageRules {
    /// Parses and validates a rule set from JSON text.
    ///
    /// # Errors
    /// `invalid_json` when the text is not JSON; `invalid_rules`, with the
    /// path of the first problem (`complex.flags[1]`), when it is not a
    /// valid rule set: a missing or unknown field, an unknown flag, class or
    /// centre, a flag repeated in a list or in both the safety and complex
    /// lists, a threshold out of range (parties ≥ 2, repeats ≥ 1, amount >
    /// 0), a deadline outside 1–525 600 minutes or an urgent one longer than
    /// the normal one, an urgent flag that does not whistle, a confirmation
    /// window outside 1–366 days, or a bad centre override.
    ///
    /// # Example
    /// ```
    /// use wangshi::triage::TriageRules;
    /// let mut v = TriageRules::default().to_value();
    /// v["complex"]["flags"][1] = "crossgrid".into();
    /// let err = TriageRules::from_json(&v.to_string()).unwrap_err();
    /// assert_eq!(err.code(), wangshi::ErrorCode::InvalidRules);
    /// assert_eq!(err.path(), Some("complex.flags[1]"));
    /// ```
    pub fn from_json(text: &str) -> Result<TriageRules, Error> {
        let v = crate::request::parse_data(text, "the triage rules")?;
        parse(v, Path::Root).map_err(|e| e.in_data(ErrorCode::InvalidRules))
    }

    /// Parses and validates a rule set from a JSON value.
    ///
    /// # Errors
    /// `invalid_rules` with the path of the first problem (see
    /// [`TriageRules::from_json`]).
    ///
    /// # Example
    /// ```
    /// let mut v = wangshi::triage::TriageRules::default().to_value();
    /// v["complex"]["parties_at_least"] = serde_json::Value::Null; // switch complex.parties off
    /// let r = wangshi::triage::TriageRules::from_value(&v)?;
    /// assert_eq!(r.parties_at_least(), None);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_value(v: &Value) -> Result<TriageRules, Error> {
        TriageRules::from_json(&v.to_string())
    }

    /// The rule set as JSON, in the format [`TriageRules::from_value`] reads.
    ///
    /// # Example
    /// ```
    /// let r = wangshi::triage::TriageRules::default();
    /// assert_eq!(wangshi::triage::TriageRules::from_value(&r.to_value())?, r);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn to_value(&self) -> Value {
        // A whole amount is written as an integer, as the data file has it.
        let amount = self.amount_at_least.map_or(Value::Null, |a| {
            if a.fract() == 0.0 && a.abs() < 9.0e15 {
                Value::from(a as i64)
            } else {
                Value::from(a)
            }
        });
        json!({
            "version": self.version,
            "safety": {"flags": self.safety_flags, "item_class": self.safety_item_class},
            "complex": {
                "flags": self.complex_flags,
                "parties_at_least": self.parties_at_least,
                "repeat_count_at_least": self.repeat_count_at_least,
                "amount_at_least": amount,
                "item_class": self.complex_item_class,
            },
            "centers": {
                "general": self.centers[0],
                "safety": self.centers[1],
                "complex": self.centers[2],
            },
            "center_overrides": self.center_overrides,
            "grid_level": self.grid_level,
            "whistle": self.whistle,
            "mediation": self.mediation,
            "immediate_report_flags": self.immediate_report_flags,
        })
    }

    /// The version label (empty when the source gave none).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Flags that make a case `safety` (rules `safety.<flag>`).
    pub fn safety_flags(&self) -> Flags {
        self.safety_flags
    }

    /// Whether an item of class safety makes the case safety
    /// (`safety.item_class`).
    pub fn safety_item_class(&self) -> bool {
        self.safety_item_class
    }

    /// Flags that make a case `complex` (rules `complex.<flag>`).
    pub fn complex_flags(&self) -> Flags {
        self.complex_flags
    }

    /// `complex.parties`: at least this many parties (off when `None`).
    pub fn parties_at_least(&self) -> Option<u32> {
        self.parties_at_least
    }

    /// `complex.repeat`: reported at least this many times before (off when
    /// `None`).
    pub fn repeat_count_at_least(&self) -> Option<u32> {
        self.repeat_count_at_least
    }

    /// `complex.amount`: at least this many yuan at stake (off when `None`).
    pub fn amount_at_least(&self) -> Option<f64> {
        self.amount_at_least
    }

    /// Whether an item of class complex makes the case complex
    /// (`complex.item_class`).
    pub fn complex_item_class(&self) -> bool {
        self.complex_item_class
    }

    /// The centre that handles cases of `class` (before overrides).
    pub fn center(&self, class: CaseClass) -> Center {
        self.centers[class as usize - 1]
    }

    /// The centre overrides, in the order they are tried.
    pub fn center_overrides(&self) -> &[CenterOverride] {
        &self.center_overrides
    }

    /// The grid-level conditions (小事不出网格).
    pub fn grid_level(&self) -> &GridLevelRule {
        &self.grid_level
    }

    /// The whistle rule (社区吹哨、部门报到).
    pub fn whistle(&self) -> &WhistleRule {
        &self.whistle
    }

    /// The mediation rule (诉前调解 + 司法确认).
    pub fn mediation(&self) -> &MediationRule {
        &self.mediation
    }

    /// Flags that call for an immediate report (default `emergency`).
    pub fn immediate_report_flags(&self) -> Flags {
        self.immediate_report_flags
    }
}

crate::stamp::rule_data!(TriageRules, "rules", default_rules());

fn bad(path: Path<'_>, message: impl Into<String>) -> Error {
    path.error(ErrorCode::InvalidRules, message)
}

/// A list of flag names; unknown or repeated flags are errors.
fn flag_list(o: &Obj<'_, '_>, name: &str) -> Result<Flags, Error> {
    let list = o.array(name)?;
    let base = o.path();
    let field = base.field(name);
    let mut flags = Flags::EMPTY;
    for (i, v) in list.iter().enumerate() {
        let p = field.index(i);
        let s = v
            .as_str()
            .ok_or_else(|| bad(p, format!("expected a flag name, found {}", v.type_name())))?;
        let f = Flag::from_name(&s).ok_or_else(|| {
            bad(
                p,
                format!("unknown flag {s:?}; known flags: {}", Flag::known_names()),
            )
        })?;
        if flags.contains(f) {
            return Err(bad(p, format!("flag {s:?} is listed twice")));
        }
        flags.insert(f);
    }
    Ok(flags)
}

/// A list of class names; unknown or repeated classes are errors.
fn class_list(o: &Obj<'_, '_>, name: &str) -> Result<Vec<CaseClass>, Error> {
    let list = o.array(name)?;
    let base = o.path();
    let field = base.field(name);
    let mut classes = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        let p = field.index(i);
        let c = v
            .as_str()
            .and_then(|s| CaseClass::from_name(&s))
            .ok_or_else(|| bad(p, format!("expected general, safety or complex, found {v}")))?;
        if classes.contains(&c) {
            return Err(bad(p, format!("class {c} is listed twice")));
        }
        classes.push(c);
    }
    Ok(classes)
}

fn center_of(o: &Obj<'_, '_>, name: &str) -> Result<Center, Error> {
    let s = o.str(name)?;
    Center::from_name(&s).ok_or_else(|| {
        bad(
            o.path().field(name),
            format!("unknown centre {s:?}; expected talk, police_grid or mediation"),
        )
    })
}

fn bool_of(o: &Obj<'_, '_>, name: &str) -> Result<bool, Error> {
    o.opt_bool(name)?.ok_or_else(|| {
        o.error(
            name,
            ErrorCode::MissingField,
            format!("missing required field {name:?}"),
        )
    })
}

/// A threshold that must be present and may be null (rule off).
fn present<'t>(o: &Obj<'t, '_>, name: &str) -> Result<Option<Node<'t>>, Error> {
    if !o.present(name) {
        return Err(o.error(
            name,
            ErrorCode::MissingField,
            format!("missing required field {name:?} (null switches the rule off)"),
        ));
    }
    Ok(o.get(name))
}

fn minutes(o: &Obj<'_, '_>, name: &str) -> Result<u32, Error> {
    let m = o.uint(name, u64::from(MAX_REPORT_MINUTES))? as u32;
    if m == 0 {
        return Err(bad(
            o.path().field(name),
            "a deadline must be at least 1 minute",
        ));
    }
    Ok(m)
}

/// Reads a rule set located at `path` (the root for a standalone file,
/// `rules` inside a request).
pub(crate) fn parse(v: Node<'_>, path: Path<'_>) -> Result<TriageRules, Error> {
    let o = Obj::new(
        v,
        path,
        &[
            "version",
            "safety",
            "complex",
            "centers",
            "center_overrides",
            "grid_level",
            "whistle",
            "mediation",
            "immediate_report_flags",
        ],
    )?;
    let version = o.opt_str("version")?.unwrap_or_default().into_owned();

    let s = Obj::new(
        o.req("safety")?,
        path.field("safety"),
        &["flags", "item_class"],
    )?;
    let safety_flags = flag_list(&s, "flags")?;
    let safety_item_class = bool_of(&s, "item_class")?;

    let c_path = path.field("complex");
    let c = Obj::new(
        o.req("complex")?,
        c_path,
        &[
            "flags",
            "parties_at_least",
            "repeat_count_at_least",
            "amount_at_least",
            "item_class",
        ],
    )?;
    let complex_flags = flag_list(&c, "flags")?;
    // Report the clash at its place in the source list.
    if let Some((i, f)) = c.array("flags")?.iter().enumerate().find_map(|(i, v)| {
        v.as_str()
            .and_then(|s| Flag::from_name(&s))
            .filter(|f| safety_flags.contains(*f))
            .map(|f| (i, f))
    }) {
        return Err(bad(
            c_path.field("flags").index(i),
            format!("flag {f} is both a safety and a complex flag; list it in one of them"),
        ));
    }
    let parties_at_least = match present(&c, "parties_at_least")? {
        None => None,
        Some(_) => {
            let n = c.uint("parties_at_least", u64::from(u32::MAX))? as u32;
            if n < 2 {
                return Err(bad(
                    c_path.field("parties_at_least"),
                    format!(
                        "parties_at_least is {n}; it must be at least 2 (a lower threshold makes every case complex)"
                    ),
                ));
            }
            Some(n)
        }
    };
    let repeat_count_at_least = match present(&c, "repeat_count_at_least")? {
        None => None,
        Some(_) => {
            let n = c.uint("repeat_count_at_least", u64::from(u32::MAX))? as u32;
            if n < 1 {
                return Err(bad(
                    c_path.field("repeat_count_at_least"),
                    "repeat_count_at_least must be at least 1 (0 makes every case complex)",
                ));
            }
            Some(n)
        }
    };
    let amount_at_least = match present(&c, "amount_at_least")? {
        None => None,
        Some(_) => {
            let a = c.opt_non_negative("amount_at_least")?.unwrap_or(0.0);
            if a <= 0.0 {
                return Err(bad(
                    c_path.field("amount_at_least"),
                    "amount_at_least must be more than 0 yuan (0 makes every case complex)",
                ));
            }
            Some(a)
        }
    };
    let complex_item_class = bool_of(&c, "item_class")?;

    let ce = Obj::new(
        o.req("centers")?,
        path.field("centers"),
        &["general", "safety", "complex"],
    )?;
    let centers = [
        center_of(&ce, "general")?,
        center_of(&ce, "safety")?,
        center_of(&ce, "complex")?,
    ];

    let mut center_overrides = Vec::new();
    if let Some(list) = o.opt_array("center_overrides")? {
        let list_path = path.field("center_overrides");
        if list.len() > MAX_CENTER_OVERRIDES {
            return Err(bad(
                list_path,
                format!(
                    "at most {MAX_CENTER_OVERRIDES} centre overrides are allowed, found {}",
                    list.len()
                ),
            ));
        }
        for (i, v) in list.iter().enumerate() {
            let p = list_path.index(i);
            let ov = Obj::new(*v, p, &["id", "classes", "flags", "center"])?;
            let id = ov.str("id")?;
            let well_formed = !id.is_empty()
                && id.split('.').all(|seg| {
                    !seg.is_empty()
                        && seg
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                });
            if !well_formed {
                return Err(bad(
                    p.field("id"),
                    format!(
                        "rule id {id:?} must be dotted lower-case snake_case, such as \"center.property_talk_first\""
                    ),
                ));
            }
            if RULE_IDS.contains(&id.as_ref())
                || center_overrides.iter().any(|x: &CenterOverride| x.id == id)
            {
                return Err(bad(
                    p.field("id"),
                    format!("rule id {id:?} is already used"),
                ));
            }
            let classes = class_list(&ov, "classes")?;
            if classes.is_empty() {
                return Err(bad(
                    p.field("classes"),
                    "a centre override needs at least one class",
                ));
            }
            let flags = flag_list(&ov, "flags")?;
            if flags.is_empty() {
                return Err(bad(
                    p.field("flags"),
                    "a centre override needs at least one flag",
                ));
            }
            center_overrides.push(CenterOverride {
                id: id.into_owned(),
                classes,
                flags,
                center: center_of(&ov, "center")?,
            });
        }
    }

    let g = Obj::new(
        o.req("grid_level")?,
        path.field("grid_level"),
        &["classes", "max_parties", "max_repeat_count", "unless_flags"],
    )?;
    let grid_level = GridLevelRule {
        classes: class_list(&g, "classes")?,
        max_parties: g.uint("max_parties", u64::from(u32::MAX))? as u32,
        max_repeat_count: g.uint("max_repeat_count", u64::from(u32::MAX))? as u32,
        unless_flags: flag_list(&g, "unless_flags")?,
    };

    let w_path = path.field("whistle");
    let w = Obj::new(
        o.req("whistle")?,
        w_path,
        &[
            "flags",
            "report_within_minutes",
            "urgent_flags",
            "urgent_report_within_minutes",
        ],
    )?;
    let whistle = WhistleRule {
        flags: flag_list(&w, "flags")?,
        report_within_minutes: minutes(&w, "report_within_minutes")?,
        urgent_flags: flag_list(&w, "urgent_flags")?,
        urgent_report_within_minutes: minutes(&w, "urgent_report_within_minutes")?,
    };
    if let Some((i, f)) = w
        .array("urgent_flags")?
        .iter()
        .enumerate()
        .find_map(|(i, v)| {
            v.as_str()
                .and_then(|s| Flag::from_name(&s))
                .filter(|f| !whistle.flags.contains(*f))
                .map(|f| (i, f))
        })
    {
        return Err(bad(
            w_path.field("urgent_flags").index(i),
            format!("urgent flag {f} does not blow the whistle; add it to whistle.flags"),
        ));
    }
    if whistle.urgent_report_within_minutes > whistle.report_within_minutes {
        return Err(bad(
            w_path.field("urgent_report_within_minutes"),
            format!(
                "the urgent deadline ({} minutes) is longer than the normal one ({} minutes)",
                whistle.urgent_report_within_minutes, whistle.report_within_minutes
            ),
        ));
    }

    let m_path = path.field("mediation");
    let m = Obj::new(
        o.req("mediation")?,
        m_path,
        &[
            "classes",
            "categories",
            "flags",
            "judicial_confirmation_within_days",
        ],
    )?;
    let classes = class_list(&m, "classes")?;
    let cats = m.opt_str_list("categories")?.ok_or_else(|| {
        m.error(
            "categories",
            ErrorCode::MissingField,
            "missing required field \"categories\"",
        )
    })?;
    let mut categories: Vec<String> = Vec::with_capacity(cats.len());
    let cats_path = m_path.field("categories");
    for (i, cat) in cats.into_iter().enumerate() {
        let p = cats_path.index(i);
        if cat.is_empty() {
            return Err(bad(p, "a category code must not be empty"));
        }
        if categories.iter().any(|c| c.as_str() == cat.as_ref()) {
            return Err(bad(p, format!("category {cat:?} is listed twice")));
        }
        categories.push(cat.into_owned());
    }
    let flags = flag_list(&m, "flags")?;
    let days = m.uint(
        "judicial_confirmation_within_days",
        u64::from(MAX_CONFIRMATION_DAYS),
    )? as u32;
    if days == 0 {
        return Err(bad(
            m_path.field("judicial_confirmation_within_days"),
            "judicial_confirmation_within_days must be at least 1",
        ));
    }
    let mediation = MediationRule {
        classes,
        categories,
        flags,
        judicial_confirmation_within_days: days,
    };

    let immediate_report_flags = flag_list(&o, "immediate_report_flags")?;

    Ok(TriageRules {
        version,
        safety_flags,
        safety_item_class,
        complex_flags,
        parties_at_least,
        repeat_count_at_least,
        amount_at_least,
        complex_item_class,
        centers,
        center_overrides,
        grid_level,
        whistle,
        mediation,
        immediate_report_flags,
    })
}

/// The request's `rules` field, or the default rules when it is absent.
pub(crate) fn from_request(
    o: &Obj<'_, '_>,
) -> Result<std::borrow::Cow<'static, TriageRules>, Error> {
    match o.get("rules") {
        None => Ok(std::borrow::Cow::Borrowed(default_rules())),
        Some(v) => parse(v, o.path().field("rules"))
            .map(std::borrow::Cow::Owned)
            .map_err(|e| e.in_data(ErrorCode::InvalidRules)),
    }
}
