//! Reading a catalogue from JSON, collecting every problem of its structure
//! (the rules between its records are `validate::check`'s).
//!
//! The format (`data/catalog.json` is an instance):
//!
//! ```json
//! {"version": "2023.1",
//!  "categories": [{"code": "MD", "name_zh": "矛盾纠纷", "name_en": "Disputes",
//!                  "class": "complex", "department": "justice"}],
//!  "items": [{"code": "MD-02", "category": "MD", "name_zh": "房屋宅基地与物业",
//!             "name_en": "Housing, homestead and property management disputes",
//!             "class": "complex", "department": "housing",
//!             "admitted_on": "2023-01-01", "ends_on": null, "exited_on": null}]}
//! ```
//!
//! An item's `class` and `department` default to its category's; `version`,
//! `ends_on` and `exited_on` are optional.

use super::issue::{Issue, IssueCode};
use super::item::{CaseClass, Category, Item};
use crate::date::{MIN_YEAR, from_days};
use crate::error::Error;
use crate::request::{Node, Obj, Path, Record};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::HashMap;

/// The default catalogue's source text: 13 categories, 57 items, admitted on
/// 2023-01-01.
pub const DEFAULT_CATALOG_JSON: &str = include_str!("../../data/catalog.json");

const CATALOG_FIELDS: &[&str] = &["version", "categories", "items"];
const CATEGORY_FIELDS: &[&str] = &["code", "name_zh", "name_en", "class", "department"];
const ITEM_FIELDS: &[&str] = &[
    "code",
    "category",
    "name_zh",
    "name_en",
    "class",
    "department",
    "admitted_on",
    "ends_on",
    "exited_on",
];

/// What could be read of a catalogue, with the source index of each record.
pub(crate) struct Parsed {
    pub(crate) version: String,
    pub(crate) categories: Vec<(usize, Category)>,
    pub(crate) items: Vec<(usize, Item)>,
}

/// The categories read so far, by code (the first of a repeated code).
type Categories<'c> = HashMap<&'c str, &'c Category>;

/// Collects problems while reading on past them.
struct Reader {
    issues: Vec<Issue>,
}

impl Reader {
    /// `r`'s value, or `None` with its problem recorded.
    fn keep<T>(&mut self, r: Result<T, Error>) -> Option<T> {
        r.map_err(|e| self.issues.push(Issue::of_error(e))).ok()
    }

    /// Reads `v` as an object of the `allowed` fields, recording every
    /// unknown field (not only the first) and reading on.
    fn object<'t, 'p>(
        &mut self,
        v: Node<'t>,
        path: Path<'p>,
        allowed: &'static [&'static str],
    ) -> Option<Obj<'t, 'p>> {
        let rec = self.keep(Record::parse(v, allowed))?;
        if rec.has_unknown() {
            let mut keys: Vec<_> = self
                .keep(v.entries())
                .flatten()
                .unwrap_or_default()
                .into_iter()
                .map(|(k, _)| k)
                .filter(|k| !allowed.contains(&k.as_ref()))
                .collect();
            keys.sort_unstable();
            for k in keys {
                self.issues.push(Issue::at(
                    IssueCode::UnknownField,
                    path.field(&k),
                    format!(
                        "unknown field {k:?}; expected one of: {}",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        self.keep(rec.lenient(path))
    }

    fn text(&mut self, o: &Obj<'_, '_>, name: &str) -> Option<String> {
        self.keep(o.str(name)).map(Cow::into_owned)
    }

    fn class(&mut self, o: &Obj<'_, '_>) -> Option<Option<CaseClass>> {
        let name = self.keep(o.opt_str("class"))?;
        match name.map(|n| {
            let c = CaseClass::from_name(&n);
            (n, c)
        }) {
            None => Some(None),
            Some((_, Some(c))) => Some(Some(c)),
            Some((n, None)) => {
                self.issues.push(Issue::at(
                    IssueCode::UnknownClass,
                    o.path().field("class"),
                    format!("unknown class {n:?}; expected general, safety or complex"),
                ));
                None
            }
        }
    }

    fn date(&mut self, o: &Obj<'_, '_>, name: &str) -> Option<NaiveDate> {
        let day = self.keep(o.date(name))?;
        self.keep(from_days(day))
    }

    fn opt_date(&mut self, o: &Obj<'_, '_>, name: &str) -> Option<Option<NaiveDate>> {
        match self.keep(o.opt_date(name))? {
            None => Some(None),
            Some(day) => self.keep(from_days(day)).map(Some),
        }
    }

    /// A text field, or a placeholder when it could not be read (its
    /// problem is recorded; the placeholder is not empty, so the rules do not
    /// report it twice).
    fn text_or_placeholder(&mut self, o: &Obj<'_, '_>, name: &str) -> String {
        self.text(o, name).unwrap_or_else(|| "?".to_owned())
    }

    /// A category, when at least its code could be read: the other fields'
    /// problems are recorded and the category still takes part in the rules
    /// (so its items are not reported as of an unknown category).
    fn category(&mut self, v: Node<'_>, path: Path<'_>) -> Option<Category> {
        let o = self.object(v, path, CATEGORY_FIELDS)?;
        let code = self.text(&o, "code");
        let name_zh = self.text_or_placeholder(&o, "name_zh");
        let name_en = self.text_or_placeholder(&o, "name_en");
        let class = self.class(&o).and_then(|c| {
            if c.is_none() {
                self.issues.push(Issue::at(
                    IssueCode::MissingField,
                    o.path().field("class"),
                    "missing required field \"class\"",
                ));
            }
            c
        });
        let department = self.text_or_placeholder(&o, "department");
        Some(Category {
            code: code?,
            name_zh,
            name_en,
            class: class.unwrap_or(CaseClass::General),
            department,
        })
    }

    /// An item, when its code and category could be read (the other fields
    /// as for [`Reader::category`]).
    fn item(&mut self, v: Node<'_>, path: Path<'_>, cats: &Categories<'_>) -> Option<Item> {
        let o = self.object(v, path, ITEM_FIELDS)?;
        let code = self.text(&o, "code");
        let category = self.text(&o, "category");
        let name_zh = self.text_or_placeholder(&o, "name_zh");
        let name_en = self.text_or_placeholder(&o, "name_en");
        let class = self.class(&o).flatten();
        let department = self
            .keep(o.opt_str("department"))
            .unwrap_or(Some(Cow::Borrowed("?")));
        // A placeholder the date-order rules cannot trip over.
        let admitted_on = self
            .date(&o, "admitted_on")
            .unwrap_or(NaiveDate::from_ymd_opt(MIN_YEAR, 1, 1).expect("1900-01-01"));
        let ends_on = self.opt_date(&o, "ends_on").flatten();
        let exited_on = self.opt_date(&o, "exited_on").flatten();
        let (code, category) = (code?, category?);
        // Defaults come from the category; an unknown category is reported
        // by `check`, which then does not look at the department.
        let cat = cats.get(category.as_str()).copied();
        Some(Item {
            code,
            name_zh,
            name_en,
            class: class.or(cat.map(|c| c.class)).unwrap_or(CaseClass::General),
            department: match department {
                Some(d) => d.into_owned(),
                None => cat.map(|c| c.department.clone()).unwrap_or_default(),
            },
            admitted_on,
            ends_on,
            exited_on,
            category,
        })
    }

    fn list<T>(
        &mut self,
        o: &Obj<'_, '_>,
        name: &str,
        mut read: impl FnMut(&mut Reader, Node<'_>, Path<'_>) -> Option<T>,
    ) -> Vec<(usize, T)> {
        let Some(values) = self.keep(o.array(name)) else {
            return Vec::new();
        };
        let base = o.path();
        let list = base.field(name);
        values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| read(self, *v, list.index(i)).map(|t| (i, t)))
            .collect()
    }
}

/// Reads a catalogue located at `base`, returning what could be read, every
/// problem of its structure (missing, unknown or mistyped fields, bad dates,
/// unknown classes), and whether its top level was an object whose records
/// the rules can be checked over (`validate::check`).
pub(crate) fn read(v: Node<'_>, base: Path<'_>) -> (Parsed, Vec<Issue>, bool) {
    let mut r = Reader { issues: Vec::new() };
    let mut parsed = Parsed {
        version: String::new(),
        categories: Vec::new(),
        items: Vec::new(),
    };
    if let Some(o) = r.object(v, base, CATALOG_FIELDS) {
        parsed.version = r
            .keep(o.opt_str("version"))
            .flatten()
            .unwrap_or_default()
            .into_owned();
        parsed.categories = r.list(&o, "categories", |r, v, p| r.category(v, p));
        // Code → the first category with it (as a linear search would
        // find), built once rather than searched once per item.
        let mut by_code: Categories<'_> = HashMap::with_capacity(parsed.categories.len());
        for (_, c) in &parsed.categories {
            by_code.entry(c.code.as_str()).or_insert(c);
        }
        parsed.items = r.list(&o, "items", |r, v, p| r.item(v, p, &by_code));
        return (parsed, r.issues, true);
    }
    (parsed, r.issues, false)
}
