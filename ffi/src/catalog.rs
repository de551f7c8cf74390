//! `ws_catalog`: the task catalogue (网格事项清单), opaque and immutable, with
//! item lookups and the in-force check of `catalog.check`.

use crate::status::{boundary, fail_with, non_null, text_arg, ws_status};
use crate::visit::WS_NO_DATE;
use std::ffi::c_char;
use wangshi_core::catalog::{CaseClass, InForce, Item};
use wangshi_core::date::{in_range, to_days};
use wangshi_core::{Catalog, Error, ErrorCode};

/// A task catalogue: 13 categories and 57 items by default, each item with
/// its case class, department and the days it is in force.
///
/// Create one with ws_catalog_default() or ws_catalog_from_json(); free it
/// with ws_catalog_free(). A catalogue never changes after creation, so any
/// number of threads may use one at once; only ws_catalog_free() must not
/// race with other uses. Strings it lends (ws_item) live as long as it.
#[allow(non_camel_case_types)]
pub struct ws_catalog(pub(crate) Catalog);

/// Borrowed UTF-8 text: `len` bytes at `data`, NOT NUL-terminated (print it
/// with `printf("%.*s", (int)s.len, s.data)`). Valid as long as the object
/// that lent it.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ws_str {
    /// The first byte.
    pub data: *const c_char,
    /// The length in bytes.
    pub len: usize,
}

impl ws_str {
    pub(crate) fn of(s: &str) -> ws_str {
        ws_str {
            data: s.as_ptr().cast(),
            len: s.len(),
        }
    }
}

/// The default case class of an item: which centre handles its cases.
#[allow(non_camel_case_types)]
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ws_case_class {
    /// No class (not returned for items).
    None = 0,
    /// `general` (一般公共事项): the talk centre (说事中心).
    General = 1,
    /// `safety` (平安需求事项): the police-grid centre (警格中心).
    Safety = 2,
    /// `complex` (复杂疑难事项): the mediation centre (矛调中心).
    Complex = 3,
}

impl From<CaseClass> for ws_case_class {
    fn from(c: CaseClass) -> ws_case_class {
        match c {
            CaseClass::General => ws_case_class::General,
            CaseClass::Safety => ws_case_class::Safety,
            CaseClass::Complex => ws_case_class::Complex,
        }
    }
}

/// Whether an item is in force on a day, and if not, why (the `reason` of
/// `catalog.check`).
#[allow(non_camel_case_types)]
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ws_in_force {
    /// `in_force`: grids may take this work.
    InForce = 1,
    /// `not_yet_admitted`: the day is before the item's admitted_on.
    NotYetAdmitted = 2,
    /// `exited`: the item left the catalogue on or before the day.
    Exited = 3,
    /// `expired`: a temporary item whose ends_on is before the day.
    Expired = 4,
    /// `unknown_item`: no item has this code.
    UnknownItem = 5,
}

impl From<InForce> for ws_in_force {
    fn from(r: InForce) -> ws_in_force {
        match r {
            InForce::InForce => ws_in_force::InForce,
            InForce::NotYetAdmitted => ws_in_force::NotYetAdmitted,
            InForce::Exited => ws_in_force::Exited,
            InForce::Expired => ws_in_force::Expired,
            InForce::UnknownItem => ws_in_force::UnknownItem,
        }
    }
}

/// One item of a catalogue. Its strings are borrowed from the catalogue and
/// live as long as it; dates are days since 1970-01-01.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ws_item {
    /// The item's position in the catalogue (stable across admissions and
    /// exits).
    pub index: usize,
    /// Stable code, such as `TS-02`.
    pub code: ws_str,
    /// The category's code, such as `TS`.
    pub category: ws_str,
    /// Chinese name, such as 社区矫正.
    pub name_zh: ws_str,
    /// English name.
    pub name_en: ws_str,
    /// The department that reports for duty when the community whistles,
    /// such as `justice`.
    pub department: ws_str,
    /// The first day in force.
    pub admitted_on: i32,
    /// The last day in force of a temporary item; WS_NO_DATE when permanent.
    pub ends_on: i32,
    /// The day the item left the catalogue; WS_NO_DATE when it has not.
    pub exited_on: i32,
    /// The default case class.
    pub case_class: ws_case_class,
}

impl ws_item {
    fn of(index: usize, it: &Item) -> ws_item {
        ws_item {
            index,
            code: ws_str::of(&it.code),
            category: ws_str::of(&it.category),
            name_zh: ws_str::of(&it.name_zh),
            name_en: ws_str::of(&it.name_en),
            department: ws_str::of(&it.department),
            admitted_on: to_days(it.admitted_on),
            ends_on: it.ends_on.map_or(WS_NO_DATE, to_days),
            exited_on: it.exited_on.map_or(WS_NO_DATE, to_days),
            case_class: it.class.into(),
        }
    }
}

/// The catalogue behind a non-NULL pointer.
///
/// # Safety
/// `catalog` must be NULL or a live catalogue.
unsafe fn catalog_ref<'a>(catalog: *const ws_catalog) -> Result<&'a Catalog, ws_status> {
    // SAFETY: non-NULL and live (the caller's contract).
    Ok(unsafe { &(*non_null(catalog, "catalog")?).0 })
}

/// Writes a new catalogue to `*catalog_out` (only on success).
fn give(catalog: Catalog, catalog_out: *mut *mut ws_catalog) -> Result<(), ws_status> {
    // SAFETY: checked non-NULL by the callers; writable (caller's contract).
    unsafe { catalog_out.write(Box::into_raw(Box::new(ws_catalog(catalog)))) };
    Ok(())
}

/// Creates the default catalogue (13 categories, 57 items) in
/// `*catalog_out`; free it with ws_catalog_free().
///
/// Returns WS_STATUS_OK, or WS_STATUS_NULL_ARGUMENT when `catalog_out` is
/// NULL.
///
/// # Safety
/// `catalog_out` must be NULL or point to a writable `ws_catalog *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_catalog_default(catalog_out: *mut *mut ws_catalog) -> ws_status {
    boundary(|| {
        non_null(catalog_out, "catalog_out")?;
        give(Catalog::default_catalog().clone(), catalog_out)
    })
}

/// Parses and validates a catalogue from `len` bytes of UTF-8 JSON (the
/// format of `core/data/catalog.json`) into `*catalog_out`; free it with
/// ws_catalog_free(). `*catalog_out` is written only on success.
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_UTF8,
/// WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_INVALID_JSON when the text is not
/// JSON or repeats a key; WS_STATUS_UNKNOWN_FIELD / WS_STATUS_MISSING_FIELD
/// when its first problem is a misspelt or missing field; otherwise
/// WS_STATUS_INVALID_CATALOG when it is not a valid catalogue (including JSON
/// that is not an object). The last error message names the first problem's
/// path, e.g. `items[0].code`.
///
/// # Safety
/// `json` must point to `len` readable bytes; `catalog_out` must be NULL or
/// point to a writable `ws_catalog *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_catalog_from_json(
    json: *const c_char,
    len: usize,
    catalog_out: *mut *mut ws_catalog,
) -> ws_status {
    boundary(|| {
        non_null(catalog_out, "catalog_out")?;
        // SAFETY: the caller's contract on `json`.
        let text = unsafe { text_arg(json, len, "json") }?;
        let catalog = Catalog::from_json(text).map_err(|e| fail_with(&e))?;
        give(catalog, catalog_out)
    })
}

/// Frees a catalogue. NULL is accepted and ignored. No other thread may be
/// using it, and the strings it lent die with it.
///
/// # Safety
/// `catalog` must be NULL or a catalogue from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_catalog_free(catalog: *mut ws_catalog) {
    if catalog.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: `catalog` came from Box::into_raw (the caller's contract).
        drop(unsafe { Box::from_raw(catalog) });
    });
}

/// The number of items (in force or not) of the catalogue; 0 when
/// `catalog` is NULL. Valid indices are `0 .. count - 1`.
///
/// # Safety
/// `catalog` must be NULL or a live catalogue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_catalog_item_count(catalog: *const ws_catalog) -> usize {
    // SAFETY: NULL or live (the caller's contract).
    unsafe { catalog.as_ref() }.map_or(0, |c| c.0.items().len())
}

/// Looks up the item with code `code` (`len` bytes of UTF-8, such as
/// `"TS-02"`) and writes it to `*item_out` (only on success).
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_UTF8,
/// WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_UNKNOWN_ITEM when no item has that
/// code.
///
/// # Safety
/// `catalog` must be NULL or a live catalogue; `code` must point to `len`
/// readable bytes; `item_out` must be NULL or point to a writable ws_item.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_catalog_item(
    catalog: *const ws_catalog,
    code: *const c_char,
    len: usize,
    item_out: *mut ws_item,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `catalog`.
        let catalog = unsafe { catalog_ref(catalog) }?;
        non_null(item_out, "item_out")?;
        // SAFETY: the caller's contract on `code`.
        let code = unsafe { text_arg(code, len, "code") }?;
        let index = catalog.item_index(code).ok_or_else(|| {
            fail_with(
                &Error::new(ErrorCode::UnknownItem, format!("no item has code {code:?}"))
                    .at("code"),
            )
        })?;
        let item = ws_item::of(index, &catalog.items()[index]);
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { item_out.write(item) };
        Ok(())
    })
}

/// Writes the item at position `index` (0 .. ws_catalog_item_count() - 1)
/// to `*item_out` (only on success): iterate the catalogue with it.
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT; WS_STATUS_UNKNOWN_ITEM
/// when `index` is not below the item count.
///
/// # Safety
/// `catalog` must be NULL or a live catalogue; `item_out` must be NULL or
/// point to a writable ws_item.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_catalog_item_at(
    catalog: *const ws_catalog,
    index: usize,
    item_out: *mut ws_item,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `catalog`.
        let catalog = unsafe { catalog_ref(catalog) }?;
        non_null(item_out, "item_out")?;
        let Some(it) = catalog.items().get(index) else {
            let count = catalog.items().len();
            return Err(fail_with(
                &Error::new(
                    ErrorCode::UnknownItem,
                    format!("index {index} is not below the item count {count}"),
                )
                .at("index"),
            ));
        };
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { item_out.write(ws_item::of(index, it)) };
        Ok(())
    })
}

/// `catalog.check`: whether the item with code `code` is in force on `day`
/// (days since 1970-01-01), and if not, why; written to `*reason_out` (only
/// on success). An unknown code is not an error here: the reason is
/// WS_IN_FORCE_UNKNOWN_ITEM.
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_UTF8,
/// WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_INVALID_DATE when `day` is outside
/// 1900..2199.
///
/// # Safety
/// `catalog` must be NULL or a live catalogue; `code` must point to `len`
/// readable bytes; `reason_out` must be NULL or point to a writable byte.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_catalog_check(
    catalog: *const ws_catalog,
    code: *const c_char,
    len: usize,
    day: i32,
    reason_out: *mut ws_in_force,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `catalog`.
        let catalog = unsafe { catalog_ref(catalog) }?;
        non_null(reason_out, "reason_out")?;
        // SAFETY: the caller's contract on `code`.
        let code = unsafe { text_arg(code, len, "code") }?;
        if !in_range(day) {
            return Err(fail_with(
                &Error::new(
                    ErrorCode::InvalidDate,
                    format!("day number {day} is outside 1900-01-01..2199-12-31"),
                )
                .at("day"),
            ));
        }
        let reason = catalog
            .item(code)
            .map_or(InForce::UnknownItem, |it| it.check_day(day));
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { reason_out.write(reason.into()) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wangshi_core::date::{days_from_civil, parse_date};

    fn text(s: ws_str) -> &'static str {
        // SAFETY: borrowed from a catalogue alive during the test.
        let bytes = unsafe { std::slice::from_raw_parts(s.data.cast::<u8>(), s.len) };
        std::str::from_utf8(bytes).unwrap()
    }

    #[test]
    fn every_default_item_reads_back_as_the_core_has_it() {
        let mut c = std::ptr::null_mut();
        // SAFETY: locals; the catalogue is freed at the end.
        unsafe {
            assert_eq!(ws_catalog_default(&mut c), ws_status::Ok);
            let core = Catalog::default_catalog();
            assert_eq!(ws_catalog_item_count(c), core.items().len());
            for (i, it) in core.items().iter().enumerate() {
                let mut by_code = std::mem::zeroed::<ws_item>();
                let mut by_index = std::mem::zeroed::<ws_item>();
                let s = ws_catalog_item(c, it.code.as_ptr().cast(), it.code.len(), &mut by_code);
                assert_eq!(s, ws_status::Ok);
                assert_eq!(ws_catalog_item_at(c, i, &mut by_index), ws_status::Ok);
                assert_eq!(by_code.index, i);
                assert_eq!(
                    (
                        text(by_code.code),
                        text(by_index.name_zh),
                        text(by_code.department)
                    ),
                    (
                        it.code.as_str(),
                        it.name_zh.as_str(),
                        it.department.as_str()
                    )
                );
                assert_eq!(by_code.case_class, ws_case_class::from(it.class));
                assert_eq!(by_code.admitted_on, to_days(it.admitted_on));
            }
            ws_catalog_free(c);
        }
    }

    #[test]
    fn check_gives_the_reason_of_catalog_check() {
        let json = r#"{"version": "t", "categories": [
            {"code": "A", "name_zh": "甲", "name_en": "A", "class": "complex", "department": "justice"}],
          "items": [
            {"code": "A-1", "category": "A", "name_zh": "一", "name_en": "one", "admitted_on": "2025-01-01"},
            {"code": "A-2", "category": "A", "name_zh": "二", "name_en": "two", "admitted_on": "2025-01-01",
             "ends_on": "2025-06-30"},
            {"code": "A-3", "category": "A", "name_zh": "三", "name_en": "three", "admitted_on": "2025-01-01",
             "exited_on": "2025-03-01"}]}"#;
        let mut c = std::ptr::null_mut();
        // SAFETY: locals; the catalogue is freed at the end.
        unsafe {
            assert_eq!(
                ws_catalog_from_json(json.as_ptr().cast(), json.len(), &mut c),
                ws_status::Ok
            );
            let day = |s: &str| parse_date(s).unwrap();
            for (code, on, want) in [
                ("A-1", day("2024-12-31"), ws_in_force::NotYetAdmitted),
                ("A-1", day("2025-01-01"), ws_in_force::InForce),
                ("A-2", day("2025-06-30"), ws_in_force::InForce),
                ("A-2", day("2025-07-01"), ws_in_force::Expired),
                ("A-3", day("2025-03-01"), ws_in_force::Exited),
                ("B-9", day("2025-03-01"), ws_in_force::UnknownItem),
            ] {
                let mut r = ws_in_force::UnknownItem;
                let s = ws_catalog_check(c, code.as_ptr().cast(), code.len(), on, &mut r);
                assert_eq!((s, r), (ws_status::Ok, want), "{code} {on}");
            }
            let mut r = ws_in_force::InForce;
            let bad_day = days_from_civil(2200, 1, 1);
            assert_eq!(
                ws_catalog_check(c, c"A-1".as_ptr(), 3, bad_day, &mut r),
                ws_status::InvalidDate
            );
            let mut item = std::mem::zeroed::<ws_item>();
            assert_eq!(
                ws_catalog_item(c, c"A-9".as_ptr(), 3, &mut item),
                ws_status::UnknownItem
            );
            assert_eq!(ws_catalog_item_at(c, 3, &mut item), ws_status::UnknownItem);
            assert_eq!(ws_catalog_item_at(c, 2, &mut item), ws_status::Ok);
            assert_eq!(
                (item.exited_on, item.ends_on),
                (day("2025-03-01"), WS_NO_DATE)
            );
            ws_catalog_free(c);
        }
    }
}
