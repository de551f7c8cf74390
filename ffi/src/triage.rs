//! Case triage (事件分流): `ws_rules` (the rule set), `ws_router` (rules
//! compiled against a catalogue) and `ws_classify_batch` over caller-owned
//! arrays of `ws_case` and `ws_decision`, on the core's allocation-free
//! `CaseRouter::classify_raw`.

use crate::catalog::{ws_case_class, ws_catalog, ws_str};
use crate::status::{batch, boundary, fail_with, non_null, region, text_arg, ws_status};
use crate::threads::threads_of;
use std::ffi::c_char;
use std::mem::MaybeUninit;
use wangshi_core::threads::for_each_range;
use wangshi_core::triage::{CaseRouter, Center, Flag, Level, RawDecision, TriageRules};
use wangshi_core::{Catalog, Error, ErrorCode};

/// Flag bit of `emergency` (紧急) in ws_case.flags.
pub const WS_FLAG_EMERGENCY: u16 = 1 << 0;
/// Flag bit of `violence` (暴力倾向).
pub const WS_FLAG_VIOLENCE: u16 = 1 << 1;
/// Flag bit of `safety_hazard` (安全隐患).
pub const WS_FLAG_SAFETY_HAZARD: u16 = 1 << 2;
/// Flag bit of `public_order` (治安秩序).
pub const WS_FLAG_PUBLIC_ORDER: u16 = 1 << 3;
/// Flag bit of `petition` (信访).
pub const WS_FLAG_PETITION: u16 = 1 << 4;
/// Flag bit of `cross_grid` (跨网格).
pub const WS_FLAG_CROSS_GRID: u16 = 1 << 5;
/// Flag bit of `property_dispute` (物业/财产纠纷).
pub const WS_FLAG_PROPERTY_DISPUTE: u16 = 1 << 6;
/// Flag bit of `court_entrusted` (法院委派).
pub const WS_FLAG_COURT_ENTRUSTED: u16 = 1 << 7;
/// Flag bit of `needs_department` (需部门报到).
pub const WS_FLAG_NEEDS_DEPARTMENT: u16 = 1 << 8;
const _: () = {
    assert!(WS_FLAG_EMERGENCY == Flag::Emergency.mask());
    assert!(WS_FLAG_VIOLENCE == Flag::Violence.mask());
    assert!(WS_FLAG_SAFETY_HAZARD == Flag::SafetyHazard.mask());
    assert!(WS_FLAG_PUBLIC_ORDER == Flag::PublicOrder.mask());
    assert!(WS_FLAG_PETITION == Flag::Petition.mask());
    assert!(WS_FLAG_CROSS_GRID == Flag::CrossGrid.mask());
    assert!(WS_FLAG_PROPERTY_DISPUTE == Flag::PropertyDispute.mask());
    assert!(WS_FLAG_COURT_ENTRUSTED == Flag::CourtEntrusted.mask());
    assert!(WS_FLAG_NEEDS_DEPARTMENT == Flag::NeedsDepartment.mask());
};

/// ws_case.item of a case with no item: the row's WS_STATUS_MISSING_FIELD.
pub const WS_NO_ITEM: u32 = 4294967295;
const _: () = assert!(WS_NO_ITEM == wangshi_core::triage::NO_ITEM);

/// ws_case.item of an item code not in the catalogue: the row's
/// WS_STATUS_UNKNOWN_ITEM (as is any index at or beyond the catalogue's
/// length).
pub const WS_UNKNOWN_ITEM: u32 = 4294967294;
const _: () = assert!(WS_UNKNOWN_ITEM == wangshi_core::triage::UNKNOWN_ITEM);

/// A triage rule set (which flags and thresholds make a case safety or
/// complex, centres, levels, whistle and mediation). Immutable; any number
/// of threads may use one at once; only ws_rules_free() must not race with
/// other uses.
#[allow(non_camel_case_types)]
pub struct ws_rules(pub(crate) TriageRules);

/// Rules compiled against a catalogue: what ws_classify_batch() runs.
/// Immutable; any number of threads may classify with one router at once;
/// only ws_router_free() must not race with other uses. It keeps its own
/// copies of the rules and catalogue: those may be freed after
/// ws_router_new().
#[allow(non_camel_case_types)]
pub struct ws_router(pub(crate) CaseRouter);

/// The centre that handles a case.
#[allow(non_camel_case_types)]
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ws_center {
    /// No centre: the row has an error.
    None = 0,
    /// `talk` (说事中心).
    Talk = 1,
    /// `police_grid` (警格中心).
    PoliceGrid = 2,
    /// `mediation` (矛调中心).
    Mediation = 3,
}

/// Who leads a case.
#[allow(non_camel_case_types)]
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ws_level {
    /// No level: the row has an error.
    None = 0,
    /// `grid` (小事不出网格): the grid worker.
    Grid = 1,
    /// `community` (大事不出社区): the community centre.
    Community = 2,
}

/// One reported case of a triage batch.
///
/// A row's fields are checked in the order of the JSON op `case.classify`,
/// so a row gives the same status as the same case in JSON: item
/// WS_NO_ITEM (missing), reported_on WS_NO_DATE (missing), a date outside
/// 1900..2199 or WS_NOT_A_DATE (invalid), negative parties or repeat_count,
/// a bad amount, flag bits above WS_FLAG_NEEDS_DEPARTMENT (invalid value),
/// then an unknown item, then an item not in force on reported_on. A case
/// that gives no parties has 1, no repeats 0, no amount 0 (as in JSON).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ws_case {
    /// Yuan at stake (0 when none); negative, NaN or infinite is a row
    /// error.
    pub amount: f64,
    /// The item's index in the router's catalogue (ws_item.index, or
    /// ws_router_item_index()); WS_NO_ITEM for none, WS_UNKNOWN_ITEM for a
    /// code not in the catalogue.
    pub item: u32,
    /// The report day, days since 1970-01-01; WS_NO_DATE for none,
    /// WS_NOT_A_DATE for a value that is not a date.
    pub reported_on: i32,
    /// Parties involved (1 for a single reporter); negative is a row error.
    pub parties: i32,
    /// Earlier reports of the same matter; negative is a row error.
    pub repeat_count: i32,
    /// WS_FLAG_* bits; a bit above WS_FLAG_NEEDS_DEPARTMENT is a row error.
    pub flags: u16,
}

/// The triage decision for one case, as the JSON op `case.classify` gives
/// it, in numbers.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ws_decision {
    /// WS_STATUS_OK for a classified case; else the row's error
    /// (WS_STATUS_MISSING_FIELD, WS_STATUS_INVALID_DATE,
    /// WS_STATUS_INVALID_VALUE, WS_STATUS_UNKNOWN_ITEM,
    /// WS_STATUS_ITEM_NOT_IN_FORCE) and every other field is 0.
    pub status: ws_status,
    /// The rules that matched, as bits: ws_router_rule_id() names bit b.
    pub matched_rules: u32,
    /// 0 without a whistle, else the minutes within which the department
    /// must report for duty.
    pub report_within_minutes: u32,
    /// 0 without a whistle (社区吹哨), else the department that reports for
    /// duty: ws_router_department() names it.
    pub department: u16,
    /// The class.
    pub case_class: ws_case_class,
    /// The centre.
    pub center: ws_center,
    /// The level.
    pub level: ws_level,
    /// 1 when pre-litigation mediation with judicial confirmation applies.
    pub mediation: u8,
    /// 1 when the case must be reported immediately.
    pub immediate_report: u8,
}

impl ws_decision {
    #[inline(always)]
    fn of(r: Result<RawDecision, ErrorCode>) -> ws_decision {
        match r {
            Ok(d) => ws_decision {
                status: ws_status::Ok,
                matched_rules: d.matched_rules,
                report_within_minutes: d.report_within_minutes,
                department: d.department,
                case_class: d.class.into(),
                center: match d.center {
                    Center::Talk => ws_center::Talk,
                    Center::PoliceGrid => ws_center::PoliceGrid,
                    Center::Mediation => ws_center::Mediation,
                },
                level: match d.level {
                    Level::Grid => ws_level::Grid,
                    Level::Community => ws_level::Community,
                },
                mediation: u8::from(d.mediation),
                immediate_report: u8::from(d.immediate_report),
            },
            Err(code) => ws_decision {
                status: ws_status::from_code(code),
                matched_rules: 0,
                report_within_minutes: 0,
                department: 0,
                case_class: ws_case_class::None,
                center: ws_center::None,
                level: ws_level::None,
                mediation: 0,
                immediate_report: 0,
            },
        }
    }
}

/// Classifies one case as the core's columnar batch does (negative counts
/// are `invalid_value`).
#[inline(always)]
fn classify(router: &CaseRouter, c: &ws_case) -> Result<RawDecision, ErrorCode> {
    router.classify_row(
        c.item,
        c.reported_on,
        c.flags,
        c.parties,
        c.repeat_count,
        c.amount,
    )
}

/// The hot loop, on its own so that `classify_raw` inlines into it.
#[inline(never)]
fn classify_rows(router: &CaseRouter, cases: &[ws_case], out: &mut [MaybeUninit<ws_decision>]) {
    for (c, o) in cases.iter().zip(out) {
        o.write(ws_decision::of(classify(router, c)));
    }
}

/// The router behind a non-NULL pointer.
///
/// # Safety
/// `router` must be NULL or a live router.
pub(crate) unsafe fn router_ref<'a>(router: *const ws_router) -> Result<&'a CaseRouter, ws_status> {
    // SAFETY: non-NULL and live (the caller's contract).
    Ok(unsafe { &(*non_null(router, "router")?).0 })
}

/// Creates the default rule set in `*rules_out`; free it with
/// ws_rules_free().
///
/// Returns WS_STATUS_OK, or WS_STATUS_NULL_ARGUMENT.
///
/// # Safety
/// `rules_out` must be NULL or point to a writable `ws_rules *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_rules_default(rules_out: *mut *mut ws_rules) -> ws_status {
    boundary(|| {
        non_null(rules_out, "rules_out")?;
        let rules = Box::new(ws_rules(TriageRules::default()));
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { rules_out.write(Box::into_raw(rules)) };
        Ok(())
    })
}

/// Parses and validates a rule set from `len` bytes of UTF-8 JSON (the
/// format of `core/data/triage_rules.json`) into `*rules_out` (only on
/// success); free it with ws_rules_free().
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_UTF8,
/// WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_INVALID_JSON when the text is not
/// JSON or repeats a key; WS_STATUS_UNKNOWN_FIELD / WS_STATUS_MISSING_FIELD
/// for a misspelt or missing field; otherwise WS_STATUS_INVALID_RULES
/// (including JSON that is not an object), with the path of the problem in
/// the last error message.
///
/// # Safety
/// `json` must point to `len` readable bytes; `rules_out` must be NULL or
/// point to a writable `ws_rules *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_rules_from_json(
    json: *const c_char,
    len: usize,
    rules_out: *mut *mut ws_rules,
) -> ws_status {
    boundary(|| {
        non_null(rules_out, "rules_out")?;
        // SAFETY: the caller's contract on `json`.
        let text = unsafe { text_arg(json, len, "json") }?;
        let rules = TriageRules::from_json(text).map_err(|e| fail_with(&e))?;
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { rules_out.write(Box::into_raw(Box::new(ws_rules(rules)))) };
        Ok(())
    })
}

/// Frees a rule set. NULL is accepted and ignored.
///
/// # Safety
/// `rules` must be NULL or a rule set from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_rules_free(rules: *mut ws_rules) {
    if !rules.is_null() {
        // SAFETY: from Box::into_raw (the caller's contract).
        let _ = std::panic::catch_unwind(|| drop(unsafe { Box::from_raw(rules) }));
    }
}

/// Creates the router of the default rules and the default catalogue in
/// `*router_out`; free it with ws_router_free().
///
/// Returns WS_STATUS_OK, or WS_STATUS_NULL_ARGUMENT.
///
/// # Safety
/// `router_out` must be NULL or point to a writable `ws_router *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_router_default(router_out: *mut *mut ws_router) -> ws_status {
    boundary(|| {
        non_null(router_out, "router_out")?;
        let router = Box::new(ws_router(CaseRouter::default_router().clone()));
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { router_out.write(Box::into_raw(router)) };
        Ok(())
    })
}

/// Compiles `rules` against `catalog` into a new router in `*router_out`
/// (only on success); free it with ws_router_free(). The router copies
/// both: they may be freed afterwards.
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT; WS_STATUS_INVALID_CATALOG
/// when the catalogue has more departments or items than the batch columns
/// can number.
///
/// # Safety
/// `catalog` and `rules` must be NULL or live; `router_out` must be NULL or
/// point to a writable `ws_router *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_router_new(
    catalog: *const ws_catalog,
    rules: *const ws_rules,
    router_out: *mut *mut ws_router,
) -> ws_status {
    boundary(|| {
        // SAFETY: NULL or live (the caller's contract).
        let catalog: &Catalog = unsafe { &(*non_null(catalog, "catalog")?).0 };
        // SAFETY: NULL or live (the caller's contract).
        let rules = unsafe { &(*non_null(rules, "rules")?).0 };
        non_null(router_out, "router_out")?;
        let router = CaseRouter::new(rules, catalog).map_err(|e| fail_with(&e))?;
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { router_out.write(Box::into_raw(Box::new(ws_router(router)))) };
        Ok(())
    })
}

/// Frees a router. NULL is accepted and ignored; strings it lent die with
/// it.
///
/// # Safety
/// `router` must be NULL or a router from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_router_free(router: *mut ws_router) {
    if !router.is_null() {
        // SAFETY: from Box::into_raw (the caller's contract).
        let _ = std::panic::catch_unwind(|| drop(unsafe { Box::from_raw(router) }));
    }
}

/// The index of the item with code `code` (`len` bytes of UTF-8) in the
/// router's catalogue: the value of ws_case.item. Written only on success.
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_UTF8,
/// WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_UNKNOWN_ITEM.
///
/// # Safety
/// `router` must be NULL or live; `code` must point to `len` readable bytes;
/// `index_out` must be NULL or point to a writable uint32_t.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_router_item_index(
    router: *const ws_router,
    code: *const c_char,
    len: usize,
    index_out: *mut u32,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `router`.
        let router = unsafe { router_ref(router) }?;
        non_null(index_out, "index_out")?;
        // SAFETY: the caller's contract on `code`.
        let code = unsafe { text_arg(code, len, "code") }?;
        let index = router.catalog().item_index(code).ok_or_else(|| {
            fail_with(
                &Error::new(ErrorCode::UnknownItem, format!("no item has code {code:?}"))
                    .at("code"),
            )
        })?;
        // SAFETY: non-NULL and writable; the router's catalogue has at most
        // u32::MAX items (CaseRouter::new checks it).
        unsafe { index_out.write(index as u32) };
        Ok(())
    })
}

/// The name of department number `department` of ws_decision (≥ 1), such
/// as `fire_rescue`, borrowed from the router. Written only on success.
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT; WS_STATUS_INVALID_VALUE
/// for 0 (no whistle) or a number the router does not have.
///
/// # Safety
/// `router` must be NULL or live; `name_out` must be NULL or point to a
/// writable ws_str.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_router_department(
    router: *const ws_router,
    department: u16,
    name_out: *mut ws_str,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `router`.
        let router = unsafe { router_ref(router) }?;
        non_null(name_out, "name_out")?;
        let name = router.department(department).ok_or_else(|| {
            let e = Error::new(
                ErrorCode::InvalidValue,
                format!("no department has number {department}"),
            );
            fail_with(&e.at("department"))
        })?;
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { name_out.write(ws_str::of(name)) };
        Ok(())
    })
}

/// The id of the rule of bit `bit` (0–31) of ws_decision.matched_rules,
/// such as `complex.parties`, borrowed from the router. Written only on
/// success.
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT; WS_STATUS_INVALID_VALUE
/// for a bit no rule of the router has.
///
/// # Safety
/// `router` must be NULL or live; `id_out` must be NULL or point to a
/// writable ws_str.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_router_rule_id(
    router: *const ws_router,
    bit: u32,
    id_out: *mut ws_str,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `router`.
        let router = unsafe { router_ref(router) }?;
        non_null(id_out, "id_out")?;
        let id = 1u32
            .checked_shl(bit)
            .and_then(|mask| router.rule_ids(mask).next())
            .ok_or_else(|| {
                let e = Error::new(ErrorCode::InvalidValue, format!("no rule has bit {bit}"));
                fail_with(&e.at("bit"))
            })?;
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { id_out.write(ws_str::of(id)) };
        Ok(())
    })
}

/// Classifies `n` cases, writing one ws_decision per case to
/// `out[0 .. n-1]`, in order. A bad row (unknown item index, item not in
/// force on reported_on, negative counts, bad amount or flag bits, date
/// outside 1900..2199) gets its own status in `out[i].status` and the
/// others are classified, so WS_STATUS_OK means "every row was written".
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT (`cases` and `out` may be
/// NULL only when `n` is 0); WS_STATUS_INPUT_TOO_LARGE;
/// WS_STATUS_INVALID_BUFFER when `cases` or `out` is misaligned or the two
/// overlap. On every status but WS_STATUS_OK nothing is written.
///
/// Allocates nothing per row. Thread-safe: threads may classify with one
/// router at once (each with its own `out`).
///
/// # Safety
/// `router` must be NULL or live; `cases` must point to `n` readable cases
/// and `out` to `n` writable decisions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_classify_batch(
    router: *const ws_router,
    cases: *const ws_case,
    n: usize,
    out: *mut ws_decision,
) -> ws_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { ws_classify_batch_threads(router, 1, cases, n, out) }
}

/// ws_classify_batch() on up to `threads` threads, with the same
/// arguments, statuses and outputs.
///
/// `threads`: 0 for one thread per core the process may use, 1 for the
/// calling thread alone (what ws_classify_batch() does), n for up to n.
/// The rows are cut into contiguous ranges, one per thread, of at least
/// WS_MIN_ROWS_PER_THREAD rows each (a smaller batch runs on the calling
/// thread alone); every result is the same for every thread count.
///
/// # Safety
/// `router` must be NULL or live; `cases` must point to `n` readable cases
/// and `out` to `n` writable decisions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_classify_batch_threads(
    router: *const ws_router,
    threads: u32,
    cases: *const ws_case,
    n: usize,
    out: *mut ws_decision,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `router`.
        let router = unsafe { router_ref(router) }?;
        // SAFETY: the caller's contract on `cases` and `out`.
        let (cases, out) = unsafe { batch(cases, out, n, ("cases", "out")) }?;
        for_each_range(cases, out, threads_of(threads), |cases, out| {
            classify_rows(router, cases, out)
        })
        .map_err(|e| fail_with(&e))
    })
}

/// Classifies one case: the single-call form of ws_classify_batch().
/// Returns the row's status, also in `out->status` (`*out` is written in
/// both cases); on WS_STATUS_NULL_ARGUMENT or WS_STATUS_INVALID_BUFFER
/// nothing is written.
///
/// # Safety
/// `router` must be NULL or live; `c` must be NULL or point to a readable
/// case, `out` to a writable decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_classify(
    router: *const ws_router,
    c: *const ws_case,
    out: *mut ws_decision,
) -> ws_status {
    boundary(|| {
        // SAFETY: the caller's contract on `router`.
        let router = unsafe { router_ref(router) }?;
        region(c, 1, "case")?;
        region(out.cast_const(), 1, "out")?;
        // SAFETY: non-NULL and aligned (checked); readable and writable by
        // the caller's contract.
        let c = unsafe { &*c };
        let r = classify(router, c);
        unsafe { out.write(ws_decision::of(r)) };
        let detail = router.explain_row(
            c.item,
            c.reported_on,
            c.flags,
            c.parties,
            c.repeat_count,
            c.amount,
        );
        detail.map_or(Ok(()), |e| Err(fail_with(&e)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wangshi_core::date::parse_date;
    use wangshi_core::triage::DecisionOutput;
    use wangshi_testkit::triage as synthetic;

    fn router() -> *mut ws_router {
        let mut r = std::ptr::null_mut();
        // SAFETY: a local out pointer.
        assert_eq!(unsafe { ws_router_default(&mut r) }, ws_status::Ok);
        r
    }

    #[test]
    fn batch_matches_the_core_columnar_batch_row_for_row() {
        let r = router();
        // SAFETY: `r` is live until freed at the end.
        let core = unsafe { &(*r).0 };
        let day = parse_date("2026-11-01").unwrap();
        // Reports from before the default catalogue's admission (item not in
        // force) to 2026, plus hand-made bad rows.
        let mut c = synthetic::cases(core.catalog(), 3000, day - 1500, day, 11);
        for (i, (item, flags, parties, repeats, amount, on)) in [
            (999u32, 0u16, 1i32, 0i32, 0.0f64, day),
            (0, 1 << 9, 1, 0, 0.0, day),
            (0, 0, -1, 0, 0.0, day),
            (0, 0, 1, -3, 0.0, day),
            (0, 0, 1, 0, -5.0, day),
            (0, 0, 1, 0, f64::NAN, day),
            (0, 0, 1, 0, f64::INFINITY, day),
            (0, 0, 1, 0, 0.0, 200_000),
            (WS_NO_ITEM, 0, 1, 0, 0.0, day),
            (WS_UNKNOWN_ITEM, 0, 1, 0, -1.0, day),
            (0, 0, 1, 0, 0.0, crate::visit::WS_NO_DATE),
            (WS_UNKNOWN_ITEM, 0, 1, 0, 0.0, crate::visit::WS_NOT_A_DATE),
        ]
        .into_iter()
        .enumerate()
        {
            let k = i * 240;
            c.item[k] = item;
            c.flags[k] = flags;
            c.parties[k] = parties;
            c.repeat_count[k] = repeats;
            c.amount[k] = amount;
            c.reported_on[k] = on;
        }
        let n = c.len();
        let cases: Vec<ws_case> = (0..n)
            .map(|i| ws_case {
                amount: c.amount[i],
                item: c.item[i],
                reported_on: c.reported_on[i],
                parties: c.parties[i],
                repeat_count: c.repeat_count[i],
                flags: c.flags[i],
            })
            .collect();
        let mut out = vec![ws_decision::of(Err(ErrorCode::InvalidJson)); n];
        // SAFETY: live vectors of length n.
        let s = unsafe { ws_classify_batch(r, cases.as_ptr(), n, out.as_mut_ptr()) };
        assert_eq!(s, ws_status::Ok);

        let mut k = DecisionOutput::new(n);
        let bad = core.classify_batch(c.columns(), k.columns()).unwrap();
        assert!(bad >= 8, "the bad rows and items not yet in force");
        assert!(bad < n / 2, "most rows are classified");
        for (i, d) in out.iter().enumerate() {
            let status = ErrorCode::from_u8(k.error[i]).map_or(ws_status::Ok, ws_status::from_code);
            assert_eq!(
                (
                    d.status,
                    d.case_class as u8,
                    d.center as u8,
                    d.level as u8,
                    d.department,
                    d.report_within_minutes,
                    d.mediation,
                    d.immediate_report,
                    d.matched_rules
                ),
                (
                    status,
                    k.class[i],
                    k.center[i],
                    k.level[i],
                    k.department[i],
                    k.report_within_minutes[i],
                    k.mediation[i],
                    k.immediate_report[i],
                    k.matched_rules[i]
                ),
                "row {i}: {:?}",
                cases[i]
            );
            let mut one = ws_decision::of(Err(ErrorCode::InvalidJson));
            // SAFETY: locals.
            let s = unsafe { ws_classify(r, &cases[i], &mut one) };
            assert_eq!((s, one), (d.status, *d));
        }
        // SAFETY: from ws_router_default.
        unsafe { ws_router_free(r) };
    }

    #[test]
    fn names_of_departments_and_rules_come_from_the_router() {
        let r = router();
        let text = |s: ws_str| {
            // SAFETY: borrowed from the live router.
            let b = unsafe { std::slice::from_raw_parts(s.data.cast::<u8>(), s.len) };
            std::str::from_utf8(b).unwrap().to_owned()
        };
        let mut s = ws_str {
            data: std::ptr::null(),
            len: 0,
        };
        // SAFETY: `r` is live; locals.
        unsafe {
            let core = &(*r).0;
            for (b, id) in wangshi_core::triage::RULE_IDS.iter().enumerate() {
                assert_eq!(ws_router_rule_id(r, b as u32, &mut s), ws_status::Ok);
                assert_eq!(text(s), *id);
            }
            assert_eq!(ws_router_rule_id(r, 31, &mut s), ws_status::InvalidValue);
            assert_eq!(ws_router_rule_id(r, 99, &mut s), ws_status::InvalidValue);
            for (k, d) in core.departments().iter().enumerate() {
                assert_eq!(ws_router_department(r, k as u16 + 1, &mut s), ws_status::Ok);
                assert_eq!(&text(s), d);
            }
            assert_eq!(ws_router_department(r, 0, &mut s), ws_status::InvalidValue);
            ws_router_free(r);
        }
    }
}
