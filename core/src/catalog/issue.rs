//! What is wrong in a catalogue: the problems `catalog.validate` lists, and
//! the one error a catalogue that does not load reports.

use crate::error::{Error, ErrorCode};
use crate::request::Path;

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

/// The `invalid_catalog` error of a catalogue with `n` problems, located at
/// the first.
pub(crate) fn invalid(first: &Issue, n: usize) -> Error {
    let more = match n {
        1 => String::new(),
        n => format!(" ({n} problems in all; catalog.validate lists every one)"),
    };
    // A typo'd or missing field keeps its own code, as everywhere else in a
    // request; every other problem is invalid_catalog.
    let code = match first.code {
        IssueCode::UnknownField => ErrorCode::UnknownField,
        IssueCode::MissingField => ErrorCode::MissingField,
        _ => ErrorCode::InvalidCatalog,
    };
    Error::new(
        code,
        format!("{}: {}{more}", first.code.as_str(), first.message),
    )
    .at(first.path.clone())
}
