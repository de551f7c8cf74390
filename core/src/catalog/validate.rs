//! Checking a catalogue (`catalog.validate`): the rules between its records,
//! over what the reader could read; every problem is reported, each with a
//! path, not only the first.

use super::issue::{Issue, IssueCode};
use super::item::{Category, Item};
use super::load::{self, Parsed};
use crate::date::checked_days;
use crate::request::{Node, Path};
use serde_json::Value;
use std::collections::HashMap;

/// Every problem of the catalogue `v` (empty when it is valid): the
/// structure (missing, unknown or mistyped fields, bad dates, unknown
/// classes) and the rules (unique codes, known categories, no empty
/// category, non-empty names, date order). Never fails and never panics.
///
/// # Example
/// ```
/// use serde_json::json;
/// assert!(wangshi::catalog::validate(&wangshi::Catalog::default_catalog().to_value()).is_empty());
/// let issues = wangshi::catalog::validate(&json!({"categories": "none", "items": [], "colour": 1}));
/// let codes: Vec<_> = issues.iter().map(|i| (i.code.as_str(), i.path.as_str())).collect();
/// assert_eq!(codes, [("unknown_field", "colour"), ("invalid_value", "categories")]);
/// ```
pub fn validate(v: &Value) -> Vec<Issue> {
    let text = v.to_string();
    let node = Node::parse(&text, "the catalogue").expect("a value's text is JSON");
    read_checked(node, Path::Root).1
}

/// Reads a catalogue located at `base` and checks its rules: what could be
/// read and every problem, of its structure and of its rules.
pub(crate) fn read_checked(v: Node<'_>, base: Path<'_>) -> (Parsed, Vec<Issue>) {
    let (parsed, mut issues, readable) = load::read(v, base);
    if readable {
        check(&parsed.categories, &parsed.items, base, &mut issues);
    }
    (parsed, issues)
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
