//! Checking a catalogue (`catalog.validate`): every problem is reported, each
//! with a path, not only the first.

use super::item::{Category, Item};
use crate::date::checked_days;
use crate::error::{Error, ErrorCode};
use crate::request::Path;
use std::collections::HashMap;

/// What is wrong in one place of a catalogue.
///
/// # Example
/// ```
/// use wangshi::catalog::IssueCode;
/// assert_eq!(IssueCode::DuplicateCode.as_str(), "duplicate_code");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IssueCode {
    /// A required field is absent.
    MissingField,
    /// A field is not part of the catalogue format.
    UnknownField,
    /// A field has the wrong type.
    InvalidValue,
    /// A date is malformed, does not exist, or lies outside 1900–2199.
    InvalidDate,
    /// Two categories, or two items, share a code.
    DuplicateCode,
    /// An item names a category the catalogue does not have.
    UnknownCategory,
    /// A category has no item.
    EmptyCategory,
    /// A code, name or department is empty.
    EmptyName,
    /// A class is not `general`, `safety` or `complex`.
    UnknownClass,
    /// An item's dates are out of order: `ends_on` before `admitted_on`, or
    /// `exited_on` not after `admitted_on`.
    DateOrder,
}

impl IssueCode {
    /// The snake_case code of the `catalog.validate` result.
    pub const fn as_str(self) -> &'static str {
        match self {
            IssueCode::MissingField => "missing_field",
            IssueCode::UnknownField => "unknown_field",
            IssueCode::InvalidValue => "invalid_value",
            IssueCode::InvalidDate => "invalid_date",
            IssueCode::DuplicateCode => "duplicate_code",
            IssueCode::UnknownCategory => "unknown_category",
            IssueCode::EmptyCategory => "empty_category",
            IssueCode::EmptyName => "empty_name",
            IssueCode::UnknownClass => "unknown_class",
            IssueCode::DateOrder => "date_order",
        }
    }

    /// The issue code of a reader error (a missing, unknown or mistyped field).
    pub(crate) fn of_error(code: ErrorCode) -> IssueCode {
        match code {
            ErrorCode::MissingField => IssueCode::MissingField,
            ErrorCode::UnknownField => IssueCode::UnknownField,
            ErrorCode::InvalidDate => IssueCode::InvalidDate,
            _ => IssueCode::InvalidValue,
        }
    }
}

/// One problem of a catalogue: its code, where it is (`items[3].category`,
/// or `catalog.items[3].category` inside a request) and what is wrong.
///
/// # Example
/// ```
/// use serde_json::json;
/// let issues = wangshi::catalog::validate(&json!({
///     "categories": [{"code": "A", "name_zh": "甲", "name_en": "A", "class": "general", "department": "office"}],
///     "items": [{"code": "A-01", "category": "B", "name_zh": "一", "name_en": "one", "admitted_on": "2024-01-01"}]}));
/// assert_eq!(issues.len(), 2);
/// assert_eq!(issues[0].path, "items[0].category");
/// assert_eq!(issues[1].path, "categories[0]"); // A has no item
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// What kind of problem.
    pub code: IssueCode,
    /// Where it is.
    pub path: String,
    /// Lower-case, says what was wrong.
    pub message: String,
}

impl Issue {
    pub(crate) fn at(code: IssueCode, path: Path<'_>, message: impl Into<String>) -> Issue {
        Issue {
            code,
            path: path.render(),
            message: message.into(),
        }
    }

    /// The issue of a reader error.
    pub(crate) fn of_error(e: Error) -> Issue {
        Issue {
            code: IssueCode::of_error(e.code()),
            path: e.path().unwrap_or_default().to_owned(),
            message: e.message().to_owned(),
        }
    }
}

/// The rules between fields and records, over what could be read: `cats`
/// and `items` carry their index in the source arrays (for paths); `base` is
/// where the catalogue sits (the root, or `catalog` in a request).
pub(crate) fn check(
    cats: &[(usize, Category)],
    items: &[(usize, Item)],
    base: Path<'_>,
    issues: &mut Vec<Issue>,
) {
    let cat_path = base.field("categories");
    let item_path = base.field("items");
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(cats.len());
    // A repeated category is reported as such, not also as empty.
    let mut used = vec![false; cats.len()];
    for (k, (i, c)) in cats.iter().enumerate() {
        let p = cat_path.index(*i);
        for (field, text) in [
            ("code", &c.code),
            ("name_zh", &c.name_zh),
            ("name_en", &c.name_en),
            ("department", &c.department),
        ] {
            empty(text, field, p, issues);
        }
        if let Some(&j) = first.get(c.code.as_str()) {
            used[k] = true;
            issues.push(Issue::at(
                IssueCode::DuplicateCode,
                p.field("code"),
                format!(
                    "category code {:?} is already used by categories[{j}]",
                    c.code
                ),
            ));
        } else {
            first.insert(&c.code, *i);
        }
    }
    // Category code → position in `cats` of its first occurrence (what a
    // linear search would find), so each item's lookup is one hash probe.
    let mut cat_pos: HashMap<&str, usize> = HashMap::with_capacity(cats.len());
    for (k, (_, c)) in cats.iter().enumerate() {
        cat_pos.entry(c.code.as_str()).or_insert(k);
    }
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    for (i, it) in items {
        let p = item_path.index(*i);
        let cat = cat_pos.get(it.category.as_str()).copied();
        for (field, text) in [
            ("code", &it.code),
            ("name_zh", &it.name_zh),
            ("name_en", &it.name_en),
        ] {
            empty(text, field, p, issues);
        }
        // An item of an unknown category has no department to inherit; the
        // unknown category is the problem to report.
        if cat.is_some() {
            empty(&it.department, "department", p, issues);
        }
        if let Some(&j) = seen.get(it.code.as_str()) {
            issues.push(Issue::at(
                IssueCode::DuplicateCode,
                p.field("code"),
                format!("item code {:?} is already used by items[{j}]", it.code),
            ));
        } else {
            seen.insert(&it.code, *i);
        }
        match cat {
            Some(k) => used[k] = true,
            None => issues.push(Issue::at(
                IssueCode::UnknownCategory,
                p.field("category"),
                format!(
                    "item {:?} names category {:?}, which the catalogue does not have",
                    it.code, it.category
                ),
            )),
        }
        dates(it, p, issues);
    }
    for ((i, c), used) in cats.iter().zip(used) {
        if !used {
            issues.push(Issue::at(
                IssueCode::EmptyCategory,
                cat_path.index(*i),
                format!("category {:?} has no item", c.code),
            ));
        }
    }
}

fn empty(text: &str, field: &str, p: Path<'_>, issues: &mut Vec<Issue>) {
    if text.trim().is_empty() {
        issues.push(Issue::at(
            IssueCode::EmptyName,
            p.field(field),
            format!("{field} must not be empty"),
        ));
    }
}

fn dates(it: &Item, p: Path<'_>, issues: &mut Vec<Issue>) {
    // Dates read from JSON are in range already; typed ones may not be.
    let mut in_range = true;
    for (field, d) in [
        ("admitted_on", Some(it.admitted_on)),
        ("ends_on", it.ends_on),
        ("exited_on", it.exited_on),
    ] {
        if let Some(Err(e)) = d.map(checked_days) {
            in_range = false;
            issues.push(Issue::at(
                IssueCode::InvalidDate,
                p.field(field),
                e.message(),
            ));
        }
    }
    if !in_range {
        return;
    }
    if let Some(end) = it.ends_on.filter(|&e| e < it.admitted_on) {
        issues.push(Issue::at(
            IssueCode::DateOrder,
            p.field("ends_on"),
            format!(
                "item {:?} ends on {end}, before it is admitted on {}",
                it.code, it.admitted_on
            ),
        ));
    }
    if let Some(exit) = it.exited_on.filter(|&x| x <= it.admitted_on) {
        issues.push(Issue::at(
            IssueCode::DateOrder,
            p.field("exited_on"),
            format!(
                "item {:?} exits on {exit}, not after it is admitted on {}",
                it.code, it.admitted_on
            ),
        ));
    }
}
