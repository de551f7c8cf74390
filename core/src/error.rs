//! The one public error type, [`Error`], and its stable [`ErrorCode`]s.

use std::fmt;

/// The stable, snake_case error codes of the JSON contract (`docs/contract.md`).
///
/// The numeric values are part of the binary contract too (the per-row error
/// column of the batch APIs and the C ABI carry them): they are never
/// renumbered or reused. `0` is reserved for "no error".
///
/// # Example
/// ```
/// use wangshi::ErrorCode;
/// assert_eq!(ErrorCode::UnknownTier.as_str(), "unknown_tier");
/// assert_eq!(ErrorCode::from_u8(7), Some(ErrorCode::UnknownTier));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[repr(u8)]
pub enum ErrorCode {
    /// The request is not valid JSON (or not a JSON object).
    InvalidJson = 1,
    /// The `op` names no operation.
    UnknownOp = 2,
    /// A required field is absent.
    MissingField = 3,
    /// A field is not part of the request's shape (typos never pass silently).
    UnknownField = 4,
    /// A field has the wrong type or a value outside its domain.
    InvalidValue = 5,
    /// A date is malformed, does not exist, or lies outside 1900–2199.
    InvalidDate = 6,
    /// A resident's tier is not in the policy.
    UnknownTier = 7,
    /// A resident's `tier_since` lies after `as_of`.
    TierSinceAfterAsOf = 8,
    /// A resident's `last_visit` lies after `as_of`.
    VisitAfterAsOf = 9,
    /// A task item code is not in the catalogue.
    UnknownItem = 10,
    /// A task item is not in force on the date in question.
    ItemNotInForce = 11,
    /// A task catalogue is inconsistent.
    InvalidCatalog = 12,
    /// A visit policy, a grid size norm or a handling policy is
    /// inconsistent.
    InvalidPolicy = 13,
    /// A triage rule set is inconsistent.
    InvalidRules = 14,
    /// A date range ends before it starts.
    InvalidRange = 15,
    /// A catalogue exit is published before the evaluation it rests on
    /// (`published_on < evaluated_on`).
    ExitBeforeEvaluation = 16,
    /// A catalogue exit takes effect on or before its publication
    /// (`effective_on <= published_on`).
    ExitNotPublishedBeforeEffect = 17,
    /// The library failed internally (a bug, caught at its boundary): the
    /// request may be fine. Please report it with the request.
    InternalError = 18,
    /// A working-day calendar is inconsistent (a date outside its year, a
    /// listed workday that is not a weekend day, a day both off and worked,
    /// a duplicate).
    InvalidCalendar = 19,
    /// A case's events break the order of case handling.
    InvalidEvent = 20,
}

impl ErrorCode {
    /// Every code, in numeric order.
    pub const ALL: [ErrorCode; 20] = [
        ErrorCode::InvalidJson,
        ErrorCode::UnknownOp,
        ErrorCode::MissingField,
        ErrorCode::UnknownField,
        ErrorCode::InvalidValue,
        ErrorCode::InvalidDate,
        ErrorCode::UnknownTier,
        ErrorCode::TierSinceAfterAsOf,
        ErrorCode::VisitAfterAsOf,
        ErrorCode::UnknownItem,
        ErrorCode::ItemNotInForce,
        ErrorCode::InvalidCatalog,
        ErrorCode::InvalidPolicy,
        ErrorCode::InvalidRules,
        ErrorCode::InvalidRange,
        ErrorCode::ExitBeforeEvaluation,
        ErrorCode::ExitNotPublishedBeforeEffect,
        ErrorCode::InternalError,
        ErrorCode::InvalidCalendar,
        ErrorCode::InvalidEvent,
    ];

    /// The snake_case code of the JSON contract.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::UnknownOp => "unknown_op",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::UnknownTier => "unknown_tier",
            ErrorCode::TierSinceAfterAsOf => "tier_since_after_as_of",
            ErrorCode::VisitAfterAsOf => "visit_after_as_of",
            ErrorCode::UnknownItem => "unknown_item",
            ErrorCode::ItemNotInForce => "item_not_in_force",
            ErrorCode::InvalidCatalog => "invalid_catalog",
            ErrorCode::InvalidPolicy => "invalid_policy",
            ErrorCode::InvalidRules => "invalid_rules",
            ErrorCode::InvalidRange => "invalid_range",
            ErrorCode::ExitBeforeEvaluation => "exit_before_evaluation",
            ErrorCode::ExitNotPublishedBeforeEffect => "exit_not_published_before_effect",
            ErrorCode::InternalError => "internal_error",
            ErrorCode::InvalidCalendar => "invalid_calendar",
            ErrorCode::InvalidEvent => "invalid_event",
        }
    }

    /// The code's category: what kind of problem it names. Bindings map
    /// categories, never code lists, to their exception classes.
    ///
    /// # Example
    /// ```
    /// use wangshi::{ErrorCode, ErrorKind};
    /// assert_eq!(ErrorCode::UnknownTier.kind(), ErrorKind::Resident);
    /// assert_eq!(ErrorCode::InternalError.kind().as_str(), "internal");
    /// ```
    pub const fn kind(self) -> ErrorKind {
        match self {
            ErrorCode::InvalidJson
            | ErrorCode::UnknownOp
            | ErrorCode::MissingField
            | ErrorCode::UnknownField
            | ErrorCode::InvalidValue
            | ErrorCode::InvalidRange
            | ErrorCode::InvalidEvent => ErrorKind::Request,
            ErrorCode::InvalidDate => ErrorKind::Date,
            ErrorCode::UnknownTier | ErrorCode::TierSinceAfterAsOf | ErrorCode::VisitAfterAsOf => {
                ErrorKind::Resident
            }
            ErrorCode::UnknownItem
            | ErrorCode::ItemNotInForce
            | ErrorCode::ExitBeforeEvaluation
            | ErrorCode::ExitNotPublishedBeforeEffect => ErrorKind::Item,
            ErrorCode::InvalidCatalog
            | ErrorCode::InvalidPolicy
            | ErrorCode::InvalidRules
            | ErrorCode::InvalidCalendar => ErrorKind::Rules,
            ErrorCode::InternalError => ErrorKind::Internal,
        }
    }

    /// The code with this number, if any (`0` means "no error" and gives `None`).
    pub fn from_u8(n: u8) -> Option<ErrorCode> {
        ErrorCode::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The code with this snake_case name, if any.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

/// The category of an [`ErrorCode`] ([`ErrorCode::kind`]): every category
/// but [`Internal`](ErrorKind::Internal) is bad input.
///
/// # Example
/// ```
/// use wangshi::ErrorKind;
/// assert_eq!(ErrorKind::Date.as_str(), "date");
/// assert!(!ErrorKind::Internal.is_bad_input());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request is malformed: not JSON, an unknown op or field, a
    /// missing field, a value of the wrong type or outside its domain, an
    /// empty date range, events out of order.
    Request,
    /// A date is malformed, does not exist or lies outside 1900–2199.
    Date,
    /// A resident cannot be evaluated (unknown tier, dates after `as_of`).
    Resident,
    /// A task item is unknown, not in force, or cannot leave the catalogue
    /// yet.
    Item,
    /// Rules given as data (a policy, catalogue, rule set or calendar) are
    /// inconsistent.
    Rules,
    /// The library failed internally: not the caller's input.
    Internal,
}

impl ErrorKind {
    /// Every category, in a fixed order.
    pub const ALL: [ErrorKind; 6] = [
        ErrorKind::Request,
        ErrorKind::Date,
        ErrorKind::Resident,
        ErrorKind::Item,
        ErrorKind::Rules,
        ErrorKind::Internal,
    ];

    /// The category's name: `request`, `date`, `resident`, `item`, `rules`,
    /// `internal`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Request => "request",
            ErrorKind::Date => "date",
            ErrorKind::Resident => "resident",
            ErrorKind::Item => "item",
            ErrorKind::Rules => "rules",
            ErrorKind::Internal => "internal",
        }
    }

    /// Whether errors of this category are the caller's bad input (every
    /// category but `internal`).
    pub const fn is_bad_input(self) -> bool {
        !matches!(self, ErrorKind::Internal)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The library's error: a stable [`code`](Error::code), a lower-case message
/// saying what was wrong, and, where known, the [`path`](Error::path) into the
/// request (`residents[3].last_visit`).
///
/// # Example
/// ```
/// use wangshi::{Error, ErrorCode};
/// let e = Error::new(ErrorCode::InvalidDate, "2026-02-30 is not a date").at("as_of");
/// assert_eq!(e.code(), ErrorCode::InvalidDate);
/// assert_eq!(e.path(), Some("as_of"));
/// assert_eq!(e.to_string(), "invalid_date at as_of: 2026-02-30 is not a date");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    code: ErrorCode,
    message: String,
    path: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{} at {}: {}", self.code, p, self.message),
            None => write!(f, "{}: {}", self.code, self.message),
        }
    }
}

impl Error {
    /// `missing_field` at `name`: "missing required field \"name\"".
    ///
    /// # Example
    /// ```
    /// let e = wangshi::Error::missing_field("tier");
    /// assert_eq!(e.to_string(), "missing_field at tier: missing required field \"tier\"");
    /// ```
    pub fn missing_field(name: &str) -> Error {
        Error::new(
            ErrorCode::MissingField,
            format!("missing required field {name:?}"),
        )
        .at(name)
    }

    /// A new error with no path.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            path: None,
        }
    }

    /// The same error, located at `path` in the request.
    pub fn at(mut self, path: impl Into<String>) -> Error {
        let path = path.into();
        self.path = if path.is_empty() { None } else { Some(path) };
        self
    }

    /// The same error with `prefix` put in front of its path
    /// (`policy` + `tiers[1].code` → `policy.tiers[1].code`).
    pub fn within(mut self, prefix: &str) -> Error {
        if prefix.is_empty() {
            return self;
        }
        self.path = Some(match self.path.take() {
            None => prefix.to_owned(),
            Some(p) if p.starts_with('[') => format!("{prefix}{p}"),
            Some(p) => format!("{prefix}.{p}"),
        });
        self
    }

    /// This error as a problem of a rules data file (a policy, rule set or
    /// catalogue) whose problems carry `code` (`invalid_policy`, …): every
    /// code becomes `code`, except a typo'd or missing field, which keeps
    /// `unknown_field` / `missing_field` as everywhere else in a request,
    /// and text that is not JSON (a repeated key), which stays
    /// `invalid_json`. Message and path are kept.
    pub(crate) fn in_data(self, code: ErrorCode) -> Error {
        match self.code {
            ErrorCode::UnknownField | ErrorCode::MissingField | ErrorCode::InvalidJson => self,
            _ => Error { code, ..self },
        }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The human-readable message (lower-case, says what and where).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where in the request the problem is, when known.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }
}

impl From<ErrorCode> for Error {
    /// An error with a generic message for the code (the batch paths report
    /// bare codes; this lifts one into an [`Error`]).
    fn from(code: ErrorCode) -> Error {
        let message = match code {
            ErrorCode::UnknownTier => "the tier is not in the policy",
            ErrorCode::TierSinceAfterAsOf => "tier_since is after as_of",
            ErrorCode::VisitAfterAsOf => "last_visit is after as_of",
            ErrorCode::InvalidDate => "a date is outside 1900-01-01..2199-12-31",
            ErrorCode::UnknownItem => "the item is not in the catalogue",
            ErrorCode::ItemNotInForce => "the item is not in force on that date",
            _ => "invalid input",
        };
        Error::new(code, message)
    }
}

/// The valid values an error message lists: at most 20, then "…".
pub(crate) fn listing<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, n) in names.into_iter().enumerate() {
        if i == 20 {
            out.push_str(", …");
            break;
        }
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(n);
    }
    out
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
