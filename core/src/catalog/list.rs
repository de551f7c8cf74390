//! The catalogue value (网格事项清单): a version, categories and items.

use super::issue::invalid;
use super::item::{Category, InForce, Item};
use super::load::DEFAULT_CATALOG_JSON;
use super::validate::{check, read_checked};
use crate::date::checked_days;
use crate::error::Error;
use crate::request::{Node, Obj, Path};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A validated task catalogue: which kinds of work grids may take, since
/// when and until when.
///
/// A catalogue is an immutable value: [`Catalog::admit`] and
/// [`Catalog::exit`] return a *new* catalogue with the next version and leave
/// this one unchanged, so one catalogue can be shared across threads
/// (`Send + Sync`) while another is being prepared. Items are never removed:
/// an exited item stays with its `exited_on`, and new items are appended, so
/// an [`item_index`](Catalog::item_index) stays valid in every later version.
///
/// **Versions.** Each admission or exit bumps the version: when the part
/// after the last `.` is a number it is incremented (`2023.1` → `2023.2`,
/// `2023.9` → `2023.10`), otherwise `.1` is appended (`yifeng` → `yifeng.1`,
/// the empty version → `1`).
///
/// # Example
/// ```
/// use wangshi::Catalog;
/// use chrono::NaiveDate;
/// let c = Catalog::default_catalog();
/// assert_eq!((c.categories().len(), c.items().len()), (13, 57));
/// assert_eq!(c.version(), "2023.1");
/// let r = c.check("MD-02", NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())?;
/// assert!(r.in_force());
/// assert_eq!(r.item.unwrap().department, "housing");
/// assert_eq!(c.item_index("DJ-01"), Some(0));
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalog {
    version: String,
    categories: Vec<Category>,
    items: Vec<Item>,
    /// Item code → index into `items`.
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// Category code → index into `categories`.
    #[serde(skip)]
    category_index: HashMap<String, usize>,
}

/// The answer of [`Catalog::check`]: the item (when the code is known) and
/// whether it is in force, or why not.
///
/// # Example
/// ```
/// use wangshi::catalog::InForce;
/// let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let r = wangshi::Catalog::default_catalog().check("ZZ-99", day)?;
/// assert_eq!((r.item, r.reason), (None, InForce::UnknownItem));
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckResult<'a> {
    /// The item with the code asked about, if the catalogue has one.
    pub item: Option<&'a Item>,
    /// In force, or why not.
    pub reason: InForce,
}

impl CheckResult<'_> {
    /// Whether the item is in force.
    pub fn in_force(&self) -> bool {
        self.reason.is_in_force()
    }
}

impl Default for Catalog {
    /// The embedded default catalogue (a clone of
    /// [`Catalog::default_catalog`]).
    fn default() -> Catalog {
        Catalog::default_catalog().clone()
    }
}

crate::stamp::rule_data!(Catalog, "catalog", Catalog::default_catalog());

impl Catalog {
    /// Builds a catalogue from parts already checked.
    pub(crate) fn from_parts(version: String, categories: Vec<Category>, items: Vec<Item>) -> Self {
        let index = items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.code.clone(), i))
            .collect();
        let category_index = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        Catalog {
            version,
            categories,
            items,
            index,
            category_index,
        }
    }

    /// A catalogue from typed parts, validated like one read from JSON.
    ///
    /// # Errors
    /// `invalid_catalog`, located at the first problem (`items[2].category`),
    /// when a code repeats, an item names an unknown category, a category has
    /// no item, a code, name or department is empty, a date lies outside
    /// 1900–2199, or an item's dates are out of order.
    ///
    /// # Example
    /// ```
    /// use wangshi::{Catalog, CaseClass, catalog::Category};
    /// let cat = Category { code: "A".into(), name_zh: "甲".into(), name_en: "A".into(),
    ///     class: CaseClass::General, department: "office".into() };
    /// let err = Catalog::new("1", vec![cat], vec![]).unwrap_err();
    /// assert_eq!(err.code(), wangshi::ErrorCode::InvalidCatalog);
    /// assert_eq!(err.path(), Some("categories[0]"));
    /// ```
    pub fn new(
        version: impl Into<String>,
        categories: Vec<Category>,
        items: Vec<Item>,
    ) -> Result<Catalog, Error> {
        let cats: Vec<_> = categories.into_iter().enumerate().collect();
        let items: Vec<_> = items.into_iter().enumerate().collect();
        let mut issues = Vec::new();
        check(&cats, &items, Path::Root, &mut issues);
        if let Some(first) = issues.first() {
            return Err(invalid(first, issues.len()));
        }
        Ok(Catalog::from_parts(
            version.into(),
            cats.into_iter().map(|(_, c)| c).collect(),
            items.into_iter().map(|(_, i)| i).collect(),
        ))
    }

    /// The embedded default catalogue (13 categories, 57 items), parsed and
    /// validated once.
    ///
    /// # Example
    /// ```
    /// let c = wangshi::Catalog::default_catalog();
    /// assert_eq!(c.items()[56].code, "JB-02");
    /// ```
    pub fn default_catalog() -> &'static Catalog {
        default_catalog()
    }

    /// Parses and validates a catalogue from JSON text (the format of
    /// [`Catalog::to_value`]).
    ///
    /// # Errors
    /// `invalid_json` when the text is not JSON; `invalid_catalog`, located
    /// at the first problem and counting them all, when it is not a valid
    /// catalogue (`unknown_field` / `missing_field` when that first problem
    /// is a typo'd or missing field) ([`validate`](crate::catalog::validate) lists every one).
    ///
    /// # Example
    /// ```
    /// let c = wangshi::Catalog::from_json(r#"{"version": "yf-2025", "categories": [
    ///     {"code": "A", "name_zh": "甲", "name_en": "A", "class": "safety", "department": "police"}],
    ///   "items": [{"code": "A-1", "category": "A", "name_zh": "一", "name_en": "one",
    ///     "admitted_on": "2025-01-01"}]}"#)?;
    /// assert_eq!(c.item("A-1").unwrap().department, "police"); // from its category
    /// let err = wangshi::Catalog::from_json(r#"{"categories": [], "items": [{"code": "B-1",
    ///     "category": "B", "name_zh": "一", "name_en": "one", "admitted_on": "2025-01-01"}]}"#).unwrap_err();
    /// assert_eq!(err.code(), wangshi::ErrorCode::InvalidCatalog);
    /// assert_eq!(err.path(), Some("items[0].category"));
    /// let typo = wangshi::Catalog::from_json(r#"{"categories": [], "itemz": []}"#).unwrap_err();
    /// assert_eq!(typo.code(), wangshi::ErrorCode::UnknownField);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Catalog, Error> {
        let v = crate::request::parse_data(text, "the catalogue")?;
        parse(v, Path::Root)
    }

    /// Parses and validates a catalogue from a JSON value.
    ///
    /// # Errors
    /// `invalid_catalog` located at the first problem.
    ///
    /// # Example
    /// ```
    /// let v = serde_json::json!({"categories": [], "items": []});
    /// assert!(wangshi::Catalog::from_value(&v)?.items().is_empty());
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_value(v: &Value) -> Result<Catalog, Error> {
        Catalog::from_json(&v.to_string())
    }

    /// The catalogue as JSON, in the format [`Catalog::from_value`] reads
    /// (every field explicit; reading it back gives an equal catalogue).
    ///
    /// # Example
    /// ```
    /// let c = wangshi::Catalog::default_catalog();
    /// assert_eq!(&wangshi::Catalog::from_value(&c.to_value())?, c);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a catalogue serializes")
    }

    /// The `unknown_item` error of an item code the catalogue does not have,
    /// listing the codes it has (at most 20, then "…").
    ///
    /// # Example
    /// ```
    /// let e = wangshi::Catalog::default_catalog().unknown_item("MD-99");
    /// assert_eq!(e.code(), wangshi::ErrorCode::UnknownItem);
    /// assert!(e.message().contains("DJ-01, DJ-02"), "{}", e.message());
    /// ```
    pub fn unknown_item(&self, code: &str) -> Error {
        Error::new(
            crate::ErrorCode::UnknownItem,
            format!(
                "unknown item {code:?}: the catalogue (version {:?}) has no such item; its items are {}",
                self.version,
                crate::error::listing(self.items.iter().map(|i| i.code.as_str()))
            ),
        )
    }

    /// The version label (see the type's docs for how it moves).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The categories, in catalogue order.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Every item, in force or not, in catalogue order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The category with this code (a hash lookup, built at load).
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.category_index.get(code).map(|&i| &self.categories[i])
    }

    /// The item with this code (in force or not; a hash lookup, built at
    /// load).
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.item_index(code).map(|i| &self.items[i])
    }

    /// The position of the item with this code in [`Catalog::items`]; stable
    /// across admissions and exits.
    pub fn item_index(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// The items in force on `on`, in catalogue order.
    ///
    /// # Errors
    /// `invalid_date` (path `on`) when `on` is outside 1900–2199.
    ///
    /// # Example
    /// ```
    /// let c = wangshi::Catalog::default_catalog();
    /// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    /// assert_eq!(c.items_in_force(day)?.count(), 57);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn items_in_force(&self, on: NaiveDate) -> Result<impl Iterator<Item = &Item>, Error> {
        let day = checked_days(on).map_err(|e| e.at("on"))?;
        Ok(self.items.iter().filter(move |i| i.in_force_day(day)))
    }

    /// `catalog.check`: whether the item with this code is in force on `on`,
    /// and why not (`not_yet_admitted`, `exited`, `expired`,
    /// `unknown_item`).
    ///
    /// # Errors
    /// `invalid_date` (path `on`) when `on` is outside 1900–2199, whether
    /// or not the code is known (as `catalog.check` rejects the request).
    ///
    /// # Example
    /// ```
    /// use wangshi::{ErrorCode, catalog::InForce};
    /// let d = |y| chrono::NaiveDate::from_ymd_opt(y, 6, 1).unwrap();
    /// let c = wangshi::Catalog::default_catalog();
    /// assert_eq!(c.check("DJ-01", d(2022))?.reason, InForce::NotYetAdmitted);
    /// assert_eq!(c.check("DJ-01", d(3000)).unwrap_err().code(), ErrorCode::InvalidDate);
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn check(&self, code: &str, on: NaiveDate) -> Result<CheckResult<'_>, Error> {
        let day = checked_days(on).map_err(|e| e.at("on"))?;
        Ok(match self.item(code) {
            None => CheckResult {
                item: None,
                reason: InForce::UnknownItem,
            },
            Some(item) => CheckResult {
                item: Some(item),
                reason: item.check_day(day),
            },
        })
    }

    /// A copy with one more item and the next version (admission has
    /// checked the item).
    pub(crate) fn with_item(&self, item: Item) -> Catalog {
        let mut next = self.clone();
        next.version = next_version(&self.version);
        next.index.insert(item.code.clone(), next.items.len());
        next.items.push(item);
        next
    }

    /// A copy with item `i` exited on `on` and the next version.
    pub(crate) fn with_exit(&self, i: usize, on: NaiveDate) -> Catalog {
        let mut next = self.clone();
        next.version = next_version(&self.version);
        next.items[i].exited_on = Some(on);
        next
    }
}

/// The version after `v`: the number after the last `.` incremented, or `.1`
/// appended when there is none.
pub(crate) fn next_version(v: &str) -> String {
    let (head, tail) = match v.rfind('.') {
        Some(dot) => (&v[..=dot], &v[dot + 1..]),
        None => ("", v),
    };
    let numeric = !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit());
    match tail.parse::<u64>() {
        Ok(n) if numeric && n < u64::MAX => format!("{head}{}", n + 1),
        _ if v.is_empty() => "1".to_owned(),
        _ => format!("{v}.1"),
    }
}

/// Reads and validates a catalogue at `base`.
pub(crate) fn parse(v: Node<'_>, base: Path<'_>) -> Result<Catalog, Error> {
    let (parsed, issues) = read_checked(v, base);
    match issues.first() {
        None => Ok(Catalog::from_parts(
            parsed.version,
            parsed.categories.into_iter().map(|(_, c)| c).collect(),
            parsed.items.into_iter().map(|(_, i)| i).collect(),
        )),
        Some(first) => Err(invalid(first, issues.len())),
    }
}

/// The embedded default catalogue, parsed and validated once.
fn default_catalog() -> &'static Catalog {
    static DEFAULT: OnceLock<Catalog> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        Catalog::from_json(DEFAULT_CATALOG_JSON).expect("the embedded default catalogue is valid")
    })
}

/// The request's `catalog` field, or the default catalogue when it is absent.
pub(crate) fn from_request(o: &Obj<'_, '_>) -> Result<Cow<'static, Catalog>, Error> {
    match o.get("catalog") {
        None => Ok(Cow::Borrowed(default_catalog())),
        Some(v) => {
            crate::request::strict::check(v.text(), "the catalogue")?;
            parse(v, o.path().field("catalog")).map(Cow::Owned)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::minor_number("2023.1", "2023.2")]
    #[case::carries_digits("2023.9", "2023.10")]
    #[case::bare_number("7", "8")]
    #[case::text_gains_revision("yifeng", "yifeng.1")]
    #[case::text_after_dot("v2.beta", "v2.beta.1")]
    #[case::empty("", "1")]
    #[case::trailing_dot("2023.", "2023..1")]
    #[case::huge_number_does_not_overflow("1.18446744073709551615", "1.18446744073709551615.1")]
    fn version_bumps(#[case] before: &str, #[case] after: &str) {
        assert_eq!(next_version(before), after);
    }

    #[test]
    fn catalog_is_send_and_sync() {
        fn shareable<T: Send + Sync + 'static>() {}
        shareable::<Catalog>();
    }
}
