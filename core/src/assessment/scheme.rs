//! The scoring scheme of the monthly assessment (考核方案), as data: the
//! items a worker is scored on with their weights, and the points deducted
//! for each step left in `accountability`. The default is embedded from
//! `data/assessment_scheme.json` ([`DEFAULT_SCHEME_JSON`]) and validated on
//! load; a county may bring its own (a request's `"scheme"`).

use crate::error::{Error, ErrorCode};
use crate::request::{Node, Obj, Path};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// The default scheme's source text (visits 50, on-time acceptance 10,
/// on-time resolution 30, satisfaction 10; 5 points per step in
/// accountability).
pub const DEFAULT_SCHEME_JSON: &str = include_str!("../../data/assessment_scheme.json");

/// The largest weight of an item.
pub const MAX_WEIGHT: u32 = 1_000_000;

/// The largest `accountability_points` of a scheme.
pub const MAX_ACCOUNTABILITY_POINTS: u32 = 1_000_000;

/// An item a grid worker is scored on: the `code` of a scheme item.
///
/// # Example
/// ```
/// use wangshi::assessment::AssessmentItem;
/// assert_eq!(AssessmentItem::OnTimeResolve.as_str(), "on_time_resolve");
/// assert_eq!(AssessmentItem::from_name("visits"), Some(AssessmentItem::Visits));
/// assert_eq!(AssessmentItem::Satisfaction.name_zh(), "群众满意率");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AssessmentItem {
    /// `visits` 走访完成率: the worker's pooled visit completion, Σ met /
    /// Σ required over the worker's residents.
    Visits,
    /// `on_time_accept` 按时签收率: of the worker's `accept` steps ended by
    /// `accepted` in the range, the share on time.
    OnTimeAccept,
    /// `on_time_resolve` 按时办结率: of the worker's `resolve` steps ended
    /// by `resolved` in the range, the share on time.
    OnTimeResolve,
    /// `satisfaction` 群众满意率: satisfied reviews of all `reviewed` events
    /// in the range on the worker's cases.
    Satisfaction,
}

impl AssessmentItem {
    /// Every item, in the order of the specification.
    pub const ALL: [AssessmentItem; 4] = [
        AssessmentItem::Visits,
        AssessmentItem::OnTimeAccept,
        AssessmentItem::OnTimeResolve,
        AssessmentItem::Satisfaction,
    ];

    /// The contract's code.
    pub const fn as_str(self) -> &'static str {
        match self {
            AssessmentItem::Visits => "visits",
            AssessmentItem::OnTimeAccept => "on_time_accept",
            AssessmentItem::OnTimeResolve => "on_time_resolve",
            AssessmentItem::Satisfaction => "satisfaction",
        }
    }

    /// The Chinese name.
    pub const fn name_zh(self) -> &'static str {
        match self {
            AssessmentItem::Visits => "走访完成率",
            AssessmentItem::OnTimeAccept => "按时签收率",
            AssessmentItem::OnTimeResolve => "按时办结率",
            AssessmentItem::Satisfaction => "群众满意率",
        }
    }

    /// The item with this code, if any.
    pub fn from_name(name: &str) -> Option<AssessmentItem> {
        AssessmentItem::ALL.into_iter().find(|i| i.as_str() == name)
    }

    /// The codes of every item, for an error message listing them.
    pub(crate) fn known_names() -> String {
        crate::error::listing(AssessmentItem::ALL.map(AssessmentItem::as_str))
    }
}

impl fmt::Display for AssessmentItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::request::write::serialize_as_str!(AssessmentItem);

/// One item of a scheme: what is scored and its weight (the points a
/// perfect metric earns).
///
/// # Example
/// ```
/// use wangshi::assessment::{AssessmentScheme, AssessmentItem, SchemeItem};
/// let s = AssessmentScheme::default();
/// assert_eq!(s.items()[0], SchemeItem { code: AssessmentItem::Visits, weight: 50 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct SchemeItem {
    /// The item.
    pub code: AssessmentItem,
    /// Its weight, a whole number from 0 to [`MAX_WEIGHT`].
    pub weight: u32,
}

/// A validated scoring scheme: the items in the order the result lists
/// them, and the points deducted per step in `accountability`.
///
/// Its [`Serialize`] form is its data file's shape (what the audit stamp
/// hashes, field `scheme`).
///
/// # Example
/// ```
/// use wangshi::assessment::{AssessmentScheme, AssessmentItem, SchemeItem};
/// let s = AssessmentScheme::default();
/// assert_eq!((s.version(), s.total_weight(), s.accountability_points()), ("2026.1", 100, 5));
/// let local = AssessmentScheme::new("local", vec![
///     SchemeItem { code: AssessmentItem::Visits, weight: 70 },
///     SchemeItem { code: AssessmentItem::OnTimeResolve, weight: 30 },
/// ], 2)?;
/// assert_eq!(local.weight(AssessmentItem::Satisfaction), None);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AssessmentScheme {
    version: String,
    items: Vec<SchemeItem>,
    accountability_points: u32,
}

impl Default for AssessmentScheme {
    /// The embedded default scheme.
    fn default() -> AssessmentScheme {
        default_scheme().clone()
    }
}

/// The embedded default scheme, parsed and validated once.
///
/// # Example
/// ```
/// assert_eq!(wangshi::assessment::default_scheme().items().len(), 4);
/// ```
pub fn default_scheme() -> &'static AssessmentScheme {
    static DEFAULT: OnceLock<AssessmentScheme> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        AssessmentScheme::from_json(DEFAULT_SCHEME_JSON).expect("the embedded scheme is valid")
    })
}

impl AssessmentScheme {
    /// A scheme from its parts, validated as [`AssessmentScheme::from_json`]
    /// validates a file.
    ///
    /// # Errors
    /// `invalid_value` at `items` when there is none, at `items[i].code`
    /// for an item listed twice, at `items[i].weight` for a weight above
    /// [`MAX_WEIGHT`], at `accountability_points` above
    /// [`MAX_ACCOUNTABILITY_POINTS`].
    ///
    /// # Example
    /// ```
    /// use wangshi::assessment::{AssessmentScheme, AssessmentItem::Visits, SchemeItem};
    /// let twice = vec![SchemeItem { code: Visits, weight: 1 }; 2];
    /// let e = AssessmentScheme::new("", twice, 5).unwrap_err();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::InvalidValue, Some("items[1].code")));
    /// ```
    pub fn new(
        version: impl Into<String>,
        items: Vec<SchemeItem>,
        accountability_points: u32,
    ) -> Result<AssessmentScheme, Error> {
        let list = Path::Root.field("items");
        if items.is_empty() {
            return Err(list.error(ErrorCode::InvalidValue, NO_ITEM));
        }
        for (i, it) in items.iter().enumerate() {
            let p = list.index(i);
            if items[..i].iter().any(|o| o.code == it.code) {
                return Err(p
                    .field("code")
                    .error(ErrorCode::InvalidValue, twice(it.code)));
            }
            if it.weight > MAX_WEIGHT {
                return Err(p.field("weight").error(
                    ErrorCode::InvalidValue,
                    format!(
                        "\"weight\" is {}, more than the largest allowed value {MAX_WEIGHT}",
                        it.weight
                    ),
                ));
            }
        }
        if accountability_points > MAX_ACCOUNTABILITY_POINTS {
            return Err(Path::Root.field("accountability_points").error(
                ErrorCode::InvalidValue,
                format!(
                    "\"accountability_points\" is {accountability_points}, more than the largest allowed value {MAX_ACCOUNTABILITY_POINTS}"
                ),
            ));
        }
        Ok(AssessmentScheme {
            version: version.into(),
            items,
            accountability_points,
        })
    }

    /// Parses and validates a scheme from JSON text (the shape of
    /// `data/assessment_scheme.json`: `{"version"?, "items": [{"code",
    /// "weight"}], "accountability_points"}`).
    ///
    /// # Errors
    /// `invalid_json` when the text is not JSON; `unknown_field` /
    /// `missing_field` for a misspelt or absent field; otherwise
    /// `invalid_value` with a path for the first problem: no item, an item
    /// code outside `visits`, `on_time_accept`, `on_time_resolve`,
    /// `satisfaction`, an item listed twice, a weight or
    /// `accountability_points` that is negative, not a whole number or
    /// above 1 000 000.
    ///
    /// # Example
    /// ```
    /// use wangshi::assessment::AssessmentScheme;
    /// let s = AssessmentScheme::from_json(r#"{"items": [{"code": "visits", "weight": 100}], "accountability_points": 0}"#)?;
    /// assert_eq!((s.version(), s.total_weight()), ("", 100));
    /// let e = AssessmentScheme::from_json(r#"{"items": [{"code": "speed", "weight": 1}], "accountability_points": 5}"#).unwrap_err();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::InvalidValue, Some("items[0].code")));
    /// let e = AssessmentScheme::from_json(r#"{"items": [{"code": "visits", "weight": -1}], "accountability_points": 5}"#).unwrap_err();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::InvalidValue, Some("items[0].weight")));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<AssessmentScheme, Error> {
        let v = crate::request::parse_data(text, "the assessment scheme")?;
        parse(v, Path::Root)
    }

    /// Parses and validates a scheme from a JSON value.
    ///
    /// # Errors
    /// As [`AssessmentScheme::from_json`], without `invalid_json`.
    ///
    /// # Example
    /// ```
    /// use wangshi::assessment::AssessmentScheme;
    /// let mut v = AssessmentScheme::default().to_value();
    /// v["accountability_points"] = serde_json::json!(10);
    /// assert_eq!(AssessmentScheme::from_value(&v)?.accountability_points(), 10);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_value(v: &Value) -> Result<AssessmentScheme, Error> {
        AssessmentScheme::from_json(&v.to_string())
    }

    /// The version label (empty when the source gave none).
    ///
    /// # Example
    /// ```
    /// assert_eq!(wangshi::assessment::AssessmentScheme::default().version(), "2026.1");
    /// ```
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The items, in the order results list them.
    ///
    /// # Example
    /// ```
    /// use wangshi::assessment::{AssessmentScheme, AssessmentItem};
    /// let codes: Vec<_> = AssessmentScheme::default().items().iter().map(|i| i.code).collect();
    /// assert_eq!(codes, AssessmentItem::ALL);
    /// ```
    pub fn items(&self) -> &[SchemeItem] {
        &self.items
    }

    /// The weight of an item, `None` when the scheme does not score it.
    ///
    /// # Example
    /// ```
    /// use wangshi::assessment::{AssessmentScheme, AssessmentItem};
    /// assert_eq!(AssessmentScheme::default().weight(AssessmentItem::OnTimeResolve), Some(30));
    /// ```
    pub fn weight(&self, item: AssessmentItem) -> Option<u32> {
        self.items.iter().find(|i| i.code == item).map(|i| i.weight)
    }

    /// The sum of every item's weight: the score of a worker whose every
    /// metric is perfect and who has no deduction.
    ///
    /// # Example
    /// ```
    /// assert_eq!(wangshi::assessment::AssessmentScheme::default().total_weight(), 100);
    /// ```
    pub fn total_weight(&self) -> u64 {
        self.items.iter().map(|i| u64::from(i.weight)).sum()
    }

    /// The points deducted for each of a worker's `accept`, `resolve` and
    /// `review` steps still open in `accountability` at the end of the
    /// range.
    ///
    /// # Example
    /// ```
    /// assert_eq!(wangshi::assessment::AssessmentScheme::default().accountability_points(), 5);
    /// ```
    pub fn accountability_points(&self) -> u32 {
        self.accountability_points
    }

    /// The scheme in its data file's shape (the canonical form).
    ///
    /// # Example
    /// ```
    /// use wangshi::assessment::AssessmentScheme;
    /// let s = AssessmentScheme::default();
    /// assert_eq!(s.to_value()["items"][2], serde_json::json!({"code": "on_time_resolve", "weight": 30}));
    /// assert_eq!(AssessmentScheme::from_value(&s.to_value())?, s);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a scheme serializes")
    }
}

crate::stamp::rule_data!(AssessmentScheme, "scheme", default_scheme());

/// The request's `scheme` field, or the default scheme when it is absent.
pub(crate) fn from_request(o: &Obj<'_, '_>) -> Result<Cow<'static, AssessmentScheme>, Error> {
    match o.get("scheme") {
        None => Ok(Cow::Borrowed(default_scheme())),
        Some(v) => parse(v, o.path().field("scheme")).map(Cow::Owned),
    }
}

const NO_ITEM: &str = "a scheme needs at least one item";

fn twice(code: AssessmentItem) -> String {
    format!("{code} is listed twice; each item is scored once")
}

/// Reads a scheme located at `path` (the root for a standalone scheme,
/// `scheme` inside a request).
fn parse(v: Node<'_>, path: Path<'_>) -> Result<AssessmentScheme, Error> {
    let o = Obj::new(v, path, &["version", "items", "accountability_points"])?;
    let version = o.opt_str("version")?.unwrap_or_default().into_owned();
    let list = path.field("items");
    let nodes = o.array("items")?;
    if nodes.is_empty() {
        return Err(list.error(ErrorCode::InvalidValue, NO_ITEM));
    }
    let mut items: Vec<SchemeItem> = Vec::with_capacity(nodes.len());
    for (i, node) in nodes.iter().enumerate() {
        let p = list.index(i);
        let io = Obj::new(*node, p, &["code", "weight"])?;
        let name = io.str("code")?;
        let Some(code) = AssessmentItem::from_name(&name) else {
            return Err(io.error(
                "code",
                ErrorCode::InvalidValue,
                format!(
                    "unknown assessment item {name:?}; expected one of: {}",
                    AssessmentItem::known_names()
                ),
            ));
        };
        if items.iter().any(|x| x.code == code) {
            return Err(io.error("code", ErrorCode::InvalidValue, twice(code)));
        }
        let weight = io.uint("weight", u64::from(MAX_WEIGHT))? as u32;
        items.push(SchemeItem { code, weight });
    }
    let points = o.uint(
        "accountability_points",
        u64::from(MAX_ACCOUNTABILITY_POINTS),
    )? as u32;
    Ok(AssessmentScheme {
        version,
        items,
        accountability_points: points,
    })
}
