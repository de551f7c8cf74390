//! Exit (退出): an item leaves the catalogue after an evaluation and a
//! publication, and stays in it as history with its `exited_on`.

use super::list::Catalog;
use crate::date::checked_days;
use crate::error::{Error, ErrorCode};
use chrono::NaiveDate;

/// The notice of an item's exit (`catalog.exit`):
/// `evaluated_on <= published_on < effective_on`.
///
/// # Example
/// ```
/// use wangshi::catalog::{ExitNotice, InForce};
/// use chrono::NaiveDate;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let c = wangshi::Catalog::default_catalog();
/// let next = c.exit(&ExitNotice {
///     code: "XC-03".into(),
///     evaluated_on: d(2026, 10, 15), published_on: d(2026, 11, 1), effective_on: d(2027, 1, 1),
/// })?;
/// assert_eq!(next.version(), "2023.2");
/// assert_eq!(next.check("XC-03", d(2026, 12, 31))?.reason, InForce::InForce);
/// assert_eq!(next.check("XC-03", d(2027, 1, 1))?.reason, InForce::Exited);
/// assert_eq!(next.items().len(), 57); // history is kept
/// assert_eq!(c.item("XC-03").unwrap().exited_on, None); // the old catalogue is unchanged
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitNotice {
    /// The code of the item leaving.
    pub code: String,
    /// The evaluation that found the item should leave (评估).
    pub evaluated_on: NaiveDate,
    /// The publication of the exit (公示/公布); on or after the evaluation.
    pub published_on: NaiveDate,
    /// The first day the item is no longer in force (its `exited_on`);
    /// after the publication.
    pub effective_on: NaiveDate,
}

impl Catalog {
    /// `catalog.exit`: a new catalogue (next version) in which the item has
    /// `exited_on = effective_on`; this one is unchanged.
    ///
    /// # Errors
    /// - `invalid_date` for a date outside 1900–2199;
    /// - `unknown_item` when the catalogue has no item with the code;
    /// - `exit_before_evaluation` when `published_on < evaluated_on`;
    /// - `exit_not_published_before_effect` when `effective_on <=
    ///   published_on`;
    /// - `item_not_in_force` when the item has already exited (history is
    ///   not rewritten), would exit on or before its admission, or is a
    ///   temporary item that has lapsed before the exit takes effect
    ///   (`effective_on` later than the day after its `ends_on`: it cannot
    ///   leave twice, as an exited item cannot).
    ///
    /// Paths name the field as in a request (`code`, `effective_on`).
    ///
    /// # Example
    /// ```
    /// use wangshi::{ErrorCode, catalog::ExitNotice};
    /// let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let notice = ExitNotice { code: "WM-04".into(),
    ///     evaluated_on: d(2026, 11, 1), published_on: d(2026, 12, 1), effective_on: d(2026, 12, 1) };
    /// let err = wangshi::Catalog::default_catalog().exit(&notice).unwrap_err();
    /// assert_eq!(err.code(), ErrorCode::ExitNotPublishedBeforeEffect);
    /// assert_eq!(err.path(), Some("effective_on"));
    /// ```
    pub fn exit(&self, n: &ExitNotice) -> Result<Catalog, Error> {
        for (path, day) in [
            ("evaluated_on", n.evaluated_on),
            ("published_on", n.published_on),
            ("effective_on", n.effective_on),
        ] {
            checked_days(day).map_err(|e| e.at(path))?;
        }
        let Some(i) = self.item_index(&n.code) else {
            return Err(self.unknown_item(&n.code).at("code"));
        };
        let also = |fails: bool, what: &str| {
            if fails {
                format!("; {what}")
            } else {
                String::new()
            }
        };
        let late_effect = n.effective_on <= n.published_on;
        if n.published_on < n.evaluated_on {
            return Err(Error::new(
                ErrorCode::ExitBeforeEvaluation,
                format!(
                    "the exit is published on {}, before its evaluation on {}{}",
                    n.published_on,
                    n.evaluated_on,
                    also(
                        late_effect,
                        "and it takes effect no later than it is published"
                    )
                ),
            )
            .at("published_on"));
        }
        if late_effect {
            return Err(Error::new(
                ErrorCode::ExitNotPublishedBeforeEffect,
                format!(
                    "the exit takes effect on {}, which is not after its publication on {}",
                    n.effective_on, n.published_on
                ),
            )
            .at("effective_on"));
        }
        let item = &self.items()[i];
        if let Some(x) = item.exited_on {
            return Err(Error::new(
                ErrorCode::ItemNotInForce,
                format!("item {:?} already exited on {x}", n.code),
            )
            .at("code"));
        }
        if n.effective_on <= item.admitted_on {
            return Err(Error::new(
                ErrorCode::ItemNotInForce,
                format!(
                    "item {:?} is admitted on {}; an exit must take effect after that, not on {}",
                    n.code, item.admitted_on, n.effective_on
                ),
            )
            .at("effective_on"));
        }
        // The day after `ends_on` is the first day a temporary item is out
        // anyway; an exit that day is its exit (see `Item::check`), one
        // later would come after it has already lapsed.
        if let Some(end) = item
            .ends_on
            .filter(|&e| e.succ_opt().is_some_and(|out| out < n.effective_on))
        {
            return Err(Error::new(
                ErrorCode::ItemNotInForce,
                format!(
                    "item {:?} is temporary and lapsed after {end}; an exit must take effect no later than the day after that, not on {}",
                    n.code, n.effective_on
                ),
            )
            .at("effective_on"));
        }
        Ok(self.with_exit(i, n.effective_on))
    }
}
