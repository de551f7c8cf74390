//! The visit policy (分色管理): colour tiers, their cadences, reminder and
//! escalation thresholds, and the tag → tier map of `tier.suggest`. Policy is
//! data: the default is embedded from `data/visit_policy.json` and validated
//! on load; a locality may load its own.

use crate::error::{Error, ErrorCode};
use crate::request::{Kind, Node, Obj, Path};
use serde_json::Value;
use std::sync::OnceLock;

/// The default policy's source text (green/blue/orange/red).
pub const DEFAULT_POLICY_JSON: &str = include_str!("../../data/visit_policy.json");

/// The largest `every_days` a rolling cadence may have (ten years).
pub const MAX_EVERY_DAYS: u32 = 3660;

/// How often a tier must be visited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cadence {
    /// Once per calendar month.
    Monthly,
    /// Once in days 1–15 and once in days 16–end of each month.
    SemiMonthly,
    /// Once per ISO week, Monday–Sunday.
    Weekly,
    /// Every day.
    Daily,
    /// Rolling: at most `n` days after the previous visit (or the tier's start).
    EveryDays(u32),
}

impl Cadence {
    /// The length in days of this cadence's shortest period; `reminder_days`
    /// must be smaller.
    ///
    /// # Example
    /// ```
    /// use wangshi::visit::Cadence;
    /// assert_eq!(Cadence::Monthly.shortest_period_days(), 28);
    /// assert_eq!(Cadence::SemiMonthly.shortest_period_days(), 13);
    /// ```
    pub const fn shortest_period_days(self) -> u32 {
        match self {
            Cadence::Monthly => 28,
            Cadence::SemiMonthly => 13, // 16–28 February
            Cadence::Weekly => 7,
            Cadence::Daily => 1,
            Cadence::EveryDays(n) => n,
        }
    }

    /// Whether this is a calendar cadence (periods with a start and an end).
    pub const fn is_calendar(self) -> bool {
        !matches!(self, Cadence::EveryDays(_))
    }

    /// The contract's name: `monthly`, `semi_monthly`, `weekly`, `daily`;
    /// `every_days` for rolling cadences.
    pub const fn name(self) -> &'static str {
        match self {
            Cadence::Monthly => "monthly",
            Cadence::SemiMonthly => "semi_monthly",
            Cadence::Weekly => "weekly",
            Cadence::Daily => "daily",
            Cadence::EveryDays(_) => "every_days",
        }
    }
}

impl serde::Serialize for Cadence {
    /// A calendar cadence as its name, a rolling one as `{"every_days": n}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Cadence::EveryDays(n) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("every_days", n)?;
                m.end()
            }
            c => s.serialize_str(c.name()),
        }
    }
}

/// One colour tier of the policy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Tier {
    /// Stable code (`green`, `blue`, `orange`, `red` by default).
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Visit cadence.
    pub cadence: Cadence,
    /// Days before the due date from which a pending visit is `due_soon`.
    pub reminder_days: u32,
    /// Missed periods from which the alert is `escalation`.
    pub escalate_after_missed: u32,
    /// Other ways people write the tier in a spreadsheet or a form (`绿`,
    /// `绿色`, `Green`): read only by [`VisitPolicy::tier_by_label`], never
    /// by the JSON ops, where a tier is always its code.
    pub labels: Vec<String>,
}

/// A validated visit policy: tiers ordered from least to most severe, and the
/// tag map of [`VisitPolicy::suggest_tier`].
///
/// Cheap to share: evaluate many batches against one policy, from many
/// threads.
///
/// # Example
/// ```
/// use wangshi::visit::{VisitPolicy, Cadence};
/// let p = VisitPolicy::default();
/// assert_eq!(p.tiers().len(), 4);
/// assert_eq!(p.tier("red").unwrap().cadence, Cadence::Daily);
/// assert_eq!(p.tier_index("orange"), Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitPolicy {
    version: String,
    tiers: Vec<Tier>,
    tags: Vec<(String, u8)>,
}

/// The most tiers a policy may have: tier indices are `u8` in batch
/// columns, and the two highest values are the sentinels [`NO_TIER`] and
/// [`UNKNOWN_TIER`], never a tier.
pub const MAX_TIERS: usize = 254;

/// The tier index a binding writes into a batch `tier` column for a resident
/// with no tier (a null cell): the row's `missing_field`, checked first, as
/// the JSON op reads `tier` first.
///
/// # Example
/// ```
/// use wangshi::{ErrorCode, visit::{VisitPolicy, NO_TIER}, date::parse_date};
/// let day = VisitPolicy::default().on_day(parse_date("2026-11-26")?)?;
/// assert_eq!(day.evaluate(NO_TIER, 0, wangshi::date::NO_DATE), Err(ErrorCode::MissingField));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub const NO_TIER: u8 = u8::MAX;

/// The tier index a binding writes for a tier code that is present but not
/// in the policy: the row's `unknown_tier`, checked after the dates are read
/// (where the JSON op looks the code up). Any index at or beyond the
/// policy's tier count means the same.
///
/// # Example
/// ```
/// use wangshi::{ErrorCode, visit::{VisitPolicy, UNKNOWN_TIER}, date::parse_date};
/// let day = VisitPolicy::default().on_day(parse_date("2026-11-26")?)?;
/// assert_eq!(day.evaluate(UNKNOWN_TIER, 0, wangshi::date::NO_DATE), Err(ErrorCode::UnknownTier));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub const UNKNOWN_TIER: u8 = u8::MAX - 1;

impl Default for VisitPolicy {
    /// The embedded default policy (the tiers of the module docs).
    fn default() -> VisitPolicy {
        default_policy().clone()
    }
}

/// The embedded default policy, parsed and validated once.
///
/// # Example
/// ```
/// assert_eq!(wangshi::visit::default_policy().tiers()[0].code, "green");
/// ```
pub fn default_policy() -> &'static VisitPolicy {
    static DEFAULT: OnceLock<VisitPolicy> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        VisitPolicy::from_json(DEFAULT_POLICY_JSON).expect("the embedded default policy is valid")
    })
}

impl VisitPolicy {
    /// Builds a policy from tiers (least to most severe) and a tag map.
    ///
    /// # Errors
    /// `invalid_policy` for the first problem found: no tiers, more than 254,
    /// a duplicate or empty tier code, `reminder_days` not smaller than the
    /// cadence's shortest period, `escalate_after_missed` < 1, `every_days`
    /// outside 1–3660, a tag naming an unknown tier, or a label that is
    /// empty, has surrounding spaces or could name two tiers (see
    /// [`VisitPolicy::tier_by_label`]).
    ///
    /// # Example
    /// ```
    /// use wangshi::visit::{VisitPolicy, Tier, Cadence};
    /// let tier = Tier { code: "weekly".into(), name_zh: "每周".into(), name_en: "weekly".into(),
    ///     cadence: Cadence::Weekly, reminder_days: 7, escalate_after_missed: 1, labels: vec![] };
    /// let err = VisitPolicy::new(vec![tier], vec![]).unwrap_err();
    /// assert_eq!(err.path(), Some("tiers[0].reminder_days"));
    /// ```
    pub fn new(tiers: Vec<Tier>, tags: Vec<(String, String)>) -> Result<VisitPolicy, Error> {
        let mut v = serde_json::json!({ "tiers": tiers });
        v["tags"] = Value::Object(
            tags.into_iter()
                .map(|(t, tier)| (t, Value::String(tier)))
                .collect(),
        );
        VisitPolicy::from_value(&v)
    }

    /// Parses and validates a policy from JSON text.
    ///
    /// # Errors
    /// `invalid_json` when the text is not JSON; `invalid_policy` (with a
    /// path such as `tiers[2].reminder_days`) when it is not a valid policy.
    ///
    /// # Example
    /// ```
    /// use wangshi::visit::{VisitPolicy, Cadence};
    /// let p = VisitPolicy::from_json(r#"{"tiers": [{"code": "monthly30", "cadence": {"every_days": 30},
    ///     "reminder_days": 5, "escalate_after_missed": 2}]}"#)?;
    /// assert_eq!(p.tiers()[0].cadence, Cadence::EveryDays(30));
    /// let bad = VisitPolicy::from_json(r#"{"tiers": [{"code": "x", "cadence": "hourly",
    ///     "reminder_days": 0, "escalate_after_missed": 1}]}"#).unwrap_err();
    /// assert_eq!(bad.code(), wangshi::ErrorCode::InvalidPolicy);
    /// assert_eq!(bad.path(), Some("tiers[0].cadence"));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<VisitPolicy, Error> {
        let v = crate::request::parse_data(text, "the policy")?;
        parse(v, Path::Root).map_err(|e| e.in_data(ErrorCode::InvalidPolicy))
    }

    /// Parses and validates a policy from a JSON value.
    ///
    /// # Errors
    /// `invalid_policy` with a path for the first problem found.
    ///
    /// # Example
    /// ```
    /// let v = serde_json::json!({"tiers": []});
    /// assert_eq!(wangshi::visit::VisitPolicy::from_value(&v).unwrap_err().path(), Some("tiers"));
    /// ```
    pub fn from_value(v: &Value) -> Result<VisitPolicy, Error> {
        VisitPolicy::from_json(&v.to_string())
    }

    /// The policy's version label (empty when the source gave none).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The tiers, least to most severe.
    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    /// The tier with this code.
    pub fn tier(&self, code: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.code == code)
    }

    /// The index (severity rank) of the tier with this code: the value a
    /// batch's tier column carries.
    pub fn tier_index(&self, code: &str) -> Option<u8> {
        self.tiers
            .iter()
            .position(|t| t.code == code)
            .map(|i| i as u8)
    }

    /// The tier a person wrote as `label`: a tier whose code or one of whose
    /// [`labels`](Tier::labels) equals it, ignoring ASCII case and
    /// surrounding whitespace (so `绿`, ` 绿色 `, `GREEN` and `green` all
    /// name the default policy's green tier). A policy never lets one text
    /// name two tiers: that is `invalid_policy` when it is loaded.
    ///
    /// This is for reading what people type (the `wangshi` command reads the
    /// tier column of a CSV with it); the JSON ops take tier codes only.
    ///
    /// # Errors
    /// None: `None` when no tier has this code or label.
    ///
    /// # Example
    /// ```
    /// let p = wangshi::visit::VisitPolicy::default();
    /// assert_eq!(p.tier_by_label("绿").unwrap().code, "green");
    /// assert_eq!(p.tier_by_label(" 红色 ").unwrap().code, "red");
    /// assert_eq!(p.tier_by_label("Orange").unwrap().code, "orange");
    /// assert_eq!(p.tier_by_label("blue").unwrap().code, "blue");
    /// assert!(p.tier_by_label("紫").is_none());
    /// ```
    pub fn tier_by_label(&self, label: &str) -> Option<&Tier> {
        let key = label.trim();
        self.tiers.iter().find(|t| {
            t.code.eq_ignore_ascii_case(key) || t.labels.iter().any(|l| l.eq_ignore_ascii_case(key))
        })
    }

    /// The `unknown_tier` error of a tier code the policy does not have,
    /// listing the codes it has (with their Chinese names, since a tier is
    /// often written as 绿 or 绿色 where its code is expected).
    ///
    /// # Example
    /// ```
    /// let e = wangshi::visit::VisitPolicy::default().unknown_tier("Green");
    /// assert_eq!(e.code(), wangshi::ErrorCode::UnknownTier);
    /// assert!(e.message().contains("green (绿色"), "{}", e.message());
    /// assert!(e.message().contains(r#""Green" is a label of tier "green""#), "{}", e.message());
    /// ```
    pub fn unknown_tier(&self, code: &str) -> Error {
        let known: Vec<String> = self
            .tiers
            .iter()
            .map(|t| {
                if t.name_zh == t.code {
                    t.code.clone()
                } else {
                    format!("{} ({})", t.code, t.name_zh)
                }
            })
            .collect();
        // A label where a code belongs: say which code it stands for.
        let hint = match self.tier_by_label(code) {
            Some(t) => format!(
                " ({code:?} is a label of tier {:?}: write the code)",
                t.code
            ),
            None => String::new(),
        };
        Error::new(
            ErrorCode::UnknownTier,
            format!(
                "unknown tier {code:?}{hint}; the policy's tiers are {}",
                crate::error::listing(known.iter().map(String::as_str))
            ),
        )
        .at("tier")
    }

    /// The tag map: tag → tier index.
    pub fn tags(&self) -> impl Iterator<Item = (&str, &Tier)> {
        self.tags
            .iter()
            .map(|(t, i)| (t.as_str(), &self.tiers[usize::from(*i)]))
    }

    /// `tier.suggest`: the most severe tier any tag maps to (the least severe
    /// tier when none does), with the tags that chose it, in input order.
    ///
    /// # Errors
    /// `invalid_value` for a tag the policy does not know.
    ///
    /// # Example
    /// ```
    /// let p = wangshi::visit::VisitPolicy::default();
    /// let (tier, because) = p.suggest_tier(&["elderly_alone", "community_correction", "released_prisoner"])?;
    /// assert_eq!(tier.code, "orange");
    /// assert_eq!(because, ["community_correction", "released_prisoner"]);
    /// assert_eq!(p.suggest_tier::<&str>(&[])?.0.code, "green");
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn suggest_tier<'t, S: AsRef<str>>(
        &self,
        tags: &'t [S],
    ) -> Result<(&Tier, Vec<&'t str>), Error> {
        let mut best = 0u8;
        let mut ranks = Vec::with_capacity(tags.len());
        for (i, tag) in tags.iter().enumerate() {
            let tag = tag.as_ref();
            let Some((_, rank)) = self.tags.iter().find(|(t, _)| t == tag) else {
                let mut known: Vec<&str> = self.tags.iter().map(|(t, _)| t.as_str()).collect();
                known.sort_unstable();
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    format!(
                        "unknown tag {tag:?}; known tags: {}",
                        crate::error::listing(known)
                    ),
                )
                .at(format!("tags[{i}]")));
            };
            best = best.max(*rank);
            ranks.push((tag, *rank));
        }
        let mut because: Vec<&str> = Vec::new();
        for (t, r) in ranks {
            if r == best && !because.contains(&t) {
                because.push(t);
            }
        }
        Ok((&self.tiers[usize::from(best)], because))
    }

    /// The policy as JSON (the same shape [`VisitPolicy::from_value`] reads).
    ///
    /// # Example
    /// ```
    /// let p = wangshi::visit::VisitPolicy::default();
    /// assert_eq!(wangshi::visit::VisitPolicy::from_value(&p.to_value()).unwrap(), p);
    /// ```
    pub fn to_value(&self) -> Value {
        /// The data-file shape: the tag map keyed by tag, naming tier codes.
        #[derive(serde::Serialize)]
        struct Shape<'a> {
            version: &'a str,
            tiers: &'a [Tier],
            tags: std::collections::BTreeMap<&'a str, &'a str>,
        }
        serde_json::to_value(Shape {
            version: &self.version,
            tiers: &self.tiers,
            tags: self
                .tags()
                .map(|(t, tier)| (t, tier.code.as_str()))
                .collect(),
        })
        .expect("a policy serializes")
    }
}

crate::stamp::rule_data!(VisitPolicy, "policy", default_policy());

/// Whether `s` is a contract code: lower-case ASCII snake_case starting with
/// a letter (`green`, `monthly30`, `key_petitioner`).
fn is_code(s: &str) -> bool {
    let mut b = s.bytes();
    b.next().is_some_and(|c| c.is_ascii_lowercase())
        && b.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

/// Reads a policy located at `path` (the root for a standalone policy,
/// `policy` inside a request).
pub(crate) fn parse(v: Node<'_>, path: Path<'_>) -> Result<VisitPolicy, Error> {
    let o = Obj::new(v, path, &["version", "tiers", "tags"])?;
    let version = o.opt_str("version")?.unwrap_or_default().into_owned();
    let items = o.array("tiers")?;
    let tiers_path = path.field("tiers");
    if items.is_empty() {
        return Err(tiers_path.error(ErrorCode::InvalidPolicy, "a policy needs at least one tier"));
    }
    if items.len() > MAX_TIERS {
        return Err(tiers_path.error(
            ErrorCode::InvalidPolicy,
            format!(
                "a policy may have at most {MAX_TIERS} tiers, found {}",
                items.len()
            ),
        ));
    }
    let mut tiers: Vec<Tier> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = tiers_path.index(i);
        let tier = parse_tier(*item, p)?;
        if tiers.iter().any(|t| t.code == tier.code) {
            return Err(p.field("code").error(
                ErrorCode::InvalidPolicy,
                format!("duplicate tier code {:?}", tier.code),
            ));
        }
        tiers.push(tier);
    }
    check_labels(&tiers, tiers_path)?;
    let mut tags = Vec::new();
    if let Some(t) = o.get("tags") {
        let tags_path = path.field("tags");
        let Some(mut map) = t.entries()? else {
            return Err(tags_path.error(
                ErrorCode::InvalidPolicy,
                format!(
                    "\"tags\" must be an object of tag → tier code, found {}",
                    t.type_name()
                ),
            ));
        };
        // In code-point order, so the first problem reported does not depend
        // on key order.
        map.sort_by(|a, b| a.0.cmp(&b.0));
        for (tag, tier) in &map {
            let tag = tag.as_ref();
            let p = tags_path.field(tag);
            if !is_code(tag) {
                return Err(p.error(
                    ErrorCode::InvalidPolicy,
                    format!(
                        "tag {tag:?} must be lower-case ASCII snake_case, such as \"elderly_alone\""
                    ),
                ));
            }
            let Some(code) = tier.as_str() else {
                return Err(p.error(ErrorCode::InvalidPolicy, "a tag must map to a tier code"));
            };
            let Some(rank) = tiers.iter().position(|t| t.code == *code) else {
                return Err(p.error(
                    ErrorCode::InvalidPolicy,
                    format!("tag {tag:?} maps to unknown tier {code:?}"),
                ));
            };
            tags.push((tag.to_owned(), rank as u8));
        }
    }
    Ok(VisitPolicy {
        version,
        tiers,
        tags,
    })
}

/// That no text names two tiers through [`VisitPolicy::tier_by_label`]: a
/// label (compared ignoring ASCII case) is another tier's code, another
/// label of any tier, or repeats one of its own tier's labels. A label
/// equal to its own tier's code is allowed (`Green` for `green`).
fn check_labels(tiers: &[Tier], tiers_path: Path<'_>) -> Result<(), Error> {
    let fold = |s: &str| s.to_ascii_lowercase();
    // Folded text → (tier index, whether it is the tier's code).
    let mut seen: std::collections::HashMap<String, (usize, bool)> = tiers
        .iter()
        .enumerate()
        .map(|(i, t)| (fold(&t.code), (i, true)))
        .collect();
    for (i, t) in tiers.iter().enumerate() {
        for (j, label) in t.labels.iter().enumerate() {
            let problem = match seen.get(&fold(label)) {
                None => None,
                Some(&(k, true)) if k == i => None,
                Some(&(k, true)) => Some(format!(
                    "label {label:?} of tier {:?} is the code of tier {:?}: a label may name one tier only",
                    t.code, tiers[k].code
                )),
                Some(&(k, false)) if k == i => {
                    Some(format!("tier {:?} lists the label {label:?} twice", t.code))
                }
                Some(&(k, false)) => Some(format!(
                    "label {label:?} names two tiers, {:?} and {:?}: a label may name one tier only",
                    tiers[k].code, t.code
                )),
            };
            if let Some(message) = problem {
                let p = tiers_path.index(i);
                let p = p.field("labels");
                return Err(p.index(j).error(ErrorCode::InvalidPolicy, message));
            }
            seen.entry(fold(label)).or_insert((i, false));
        }
    }
    Ok(())
}

fn parse_tier(v: Node<'_>, path: Path<'_>) -> Result<Tier, Error> {
    let o = Obj::new(
        v,
        path,
        &[
            "code",
            "name_zh",
            "name_en",
            "cadence",
            "reminder_days",
            "escalate_after_missed",
            "labels",
        ],
    )?;
    let code = o.str("code")?;
    if !is_code(&code) {
        return Err(o.error(
            "code",
            ErrorCode::InvalidPolicy,
            format!("tier code {code:?} must be lower-case ASCII snake_case, such as \"orange\""),
        ));
    }
    let cadence = parse_cadence(o.req("cadence")?, path.field("cadence"))?;
    let reminder_days = o.uint("reminder_days", u64::from(u32::MAX))? as u32;
    if reminder_days >= cadence.shortest_period_days() {
        return Err(o.error(
            "reminder_days",
            ErrorCode::InvalidPolicy,
            format!(
                "reminder_days {reminder_days} must be smaller than the shortest {} period ({} days)",
                cadence.name(),
                cadence.shortest_period_days()
            ),
        ));
    }
    let escalate_after_missed = o.uint("escalate_after_missed", u64::from(u32::MAX))? as u32;
    if escalate_after_missed < 1 {
        return Err(o.error(
            "escalate_after_missed",
            ErrorCode::InvalidPolicy,
            "escalate_after_missed must be at least 1",
        ));
    }
    let mut labels: Vec<String> = Vec::new();
    for (j, label) in o
        .opt_str_list("labels")?
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let p = path.field("labels");
        let p = p.index(j);
        if label.trim().is_empty() {
            return Err(p.error(ErrorCode::InvalidPolicy, "a tier label must not be empty"));
        }
        if label.trim() != label {
            return Err(p.error(
                ErrorCode::InvalidPolicy,
                format!("tier label {label:?} must not start or end with spaces"),
            ));
        }
        labels.push(label.into_owned());
    }
    Ok(Tier {
        labels,
        name_zh: o.opt_str("name_zh")?.unwrap_or(code.clone()).into_owned(),
        name_en: o.opt_str("name_en")?.unwrap_or(code.clone()).into_owned(),
        code: code.into_owned(),
        cadence,
        reminder_days,
        escalate_after_missed,
    })
}

fn parse_cadence(v: Node<'_>, path: Path<'_>) -> Result<Cadence, Error> {
    match v.kind() {
        Kind::String => match v.as_str().unwrap_or_default().as_ref() {
            "monthly" => Ok(Cadence::Monthly),
            "semi_monthly" => Ok(Cadence::SemiMonthly),
            "weekly" => Ok(Cadence::Weekly),
            "daily" => Ok(Cadence::Daily),
            other => Err(path.error(
                ErrorCode::InvalidPolicy,
                format!(
                    "unknown cadence {other:?}; expected monthly, semi_monthly, weekly, daily or {{\"every_days\": n}}"
                ),
            )),
        },
        Kind::Object => {
            let o = Obj::new(v, path, &["every_days"])?;
            let n = o.uint("every_days", u64::from(MAX_EVERY_DAYS))?;
            if n < 1 {
                return Err(o.error("every_days", ErrorCode::InvalidPolicy, "every_days must be at least 1"));
            }
            Ok(Cadence::EveryDays(n as u32))
        }
        other => Err(path.error(
            ErrorCode::InvalidPolicy,
            format!("a cadence is a name or {{\"every_days\": n}}, found {}", other.name()),
        )),
    }
}

/// The request's `policy` field, or the default policy when it is absent.
pub(crate) fn from_request(
    o: &Obj<'_, '_>,
) -> Result<std::borrow::Cow<'static, VisitPolicy>, Error> {
    match o.get("policy") {
        None => Ok(std::borrow::Cow::Borrowed(default_policy())),
        Some(v) => parse(v, o.path().field("policy"))
            .map(std::borrow::Cow::Owned)
            .map_err(|e| e.in_data(ErrorCode::InvalidPolicy)),
    }
}
