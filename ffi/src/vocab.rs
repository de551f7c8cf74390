//! Names of the numbers the ABI returns: `ws_code_str` and friends, read
//! from the core's vocabularies (`wangshi::vocab`), so that no code list is
//! restated here and a vocabulary the core adds appears without a change to
//! this file.

use crate::status::{boundary, fail_with, non_null, text_arg, ws_status};
use std::ffi::{CStr, CString, c_char};
use std::panic::catch_unwind;
use std::sync::OnceLock;
use wangshi_core::vocab;
use wangshi_core::{Error, ErrorCode};

/// One vocabulary with NUL-terminated copies of its name and codes, built
/// once and kept for the life of the process (the strings handed out are
/// static).
struct Names {
    name: CString,
    first: u32,
    codes: Vec<CString>,
}

fn names() -> &'static [Names] {
    static NAMES: OnceLock<Vec<Names>> = OnceLock::new();
    NAMES.get_or_init(|| {
        vocab::all()
            .iter()
            .map(|v| Names {
                // The core's names and codes are ASCII identifiers without NUL.
                name: CString::new(v.name).expect("vocabulary name without NUL"),
                first: v.first,
                codes: v
                    .codes
                    .iter()
                    .map(|c| CString::new(*c).expect("code without NUL"))
                    .collect(),
            })
            .collect()
    })
}

/// The vocabulary named by a NUL-terminated string, if any.
///
/// # Safety
/// `vocabulary` must be NULL or a NUL-terminated string.
unsafe fn find(vocabulary: *const c_char) -> Option<&'static Names> {
    if vocabulary.is_null() {
        return None;
    }
    // SAFETY: non-NULL and NUL-terminated (the caller's contract).
    let name = unsafe { CStr::from_ptr(vocabulary) };
    names().iter().find(|n| n.name.as_c_str() == name)
}

/// The code of number `value` in the vocabulary named `vocabulary`, such as
/// `ws_code_str("visit_state", 4)` = `"overdue"`, or NULL when there is no
/// such vocabulary or no code has that number.
///
/// Vocabularies (ws_vocabulary_name() lists them all): `visit_state`
/// (ws_visit_result.state), `alert`, `case_class`, `center`, `level`
/// (ws_decision and the classify columns), `flag` (bit numbers of
/// ws_case.flags, from 0), `in_force` (ws_catalog_check()), `error` (the
/// error code n of status 100 + n and of the per-row error columns); the
/// library may add more. Each numbers its codes from a first value (1 for
/// most, 0 for `flag`): 0 in a state, alert, class, centre or level column
/// means "none" (no alert, or an error row) and gives NULL.
///
/// `vocabulary` is a NUL-terminated name (a C string literal, unlike the
/// (pointer, length) text arguments elsewhere). NULL when `vocabulary` is
/// NULL. The string returned is static and NUL-terminated: never free it.
/// Thread-safe.
///
/// # Safety
/// `vocabulary` must be NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_code_str(vocabulary: *const c_char, value: u32) -> *const c_char {
    catch_unwind(|| {
        // SAFETY: the caller's contract on `vocabulary`.
        let v = unsafe { find(vocabulary) }?;
        let i = value.checked_sub(v.first)?;
        v.codes.get(i as usize).map(|c| c.as_ptr())
    })
    .ok()
    .flatten()
    .unwrap_or(std::ptr::null())
}

/// One past the largest number of the vocabulary named `vocabulary` (its
/// first value plus its number of codes), so that ws_code_str() names every
/// value below it from the first; 0 for an unknown vocabulary or NULL.
/// Bindings use it to build their name tables once. Thread-safe.
///
/// # Safety
/// `vocabulary` must be NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_code_end(vocabulary: *const c_char) -> u32 {
    catch_unwind(|| {
        // SAFETY: the caller's contract on `vocabulary`.
        unsafe { find(vocabulary) }.map_or(0, |v| v.first + v.codes.len() as u32)
    })
    .unwrap_or(0)
}

/// The number of code `code` (`len` bytes of UTF-8, such as `"overdue"`) in
/// the vocabulary named `vocabulary` (NUL-terminated), written to
/// `*value_out` only on success: `ws_code_value("flag", "violence", 8, &b)`
/// gives bit 1, `ws_code_value("error", "unknown_tier", 12, &n)` gives 7
/// (status 107).
///
/// Returns WS_STATUS_OK; WS_STATUS_NULL_ARGUMENT, WS_STATUS_INVALID_UTF8,
/// WS_STATUS_INPUT_TOO_LARGE; WS_STATUS_INVALID_VALUE when there is no such
/// vocabulary or the code is not in it. Thread-safe.
///
/// # Safety
/// `vocabulary` must be NULL or a NUL-terminated string; `code` must point
/// to `len` readable bytes; `value_out` must be NULL or point to a writable
/// uint32_t.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ws_code_value(
    vocabulary: *const c_char,
    code: *const c_char,
    len: usize,
    value_out: *mut u32,
) -> ws_status {
    boundary(|| {
        non_null(vocabulary, "vocabulary")?;
        non_null(value_out, "value_out")?;
        // SAFETY: the caller's contract on `code`.
        let code = unsafe { text_arg(code, len, "code") }?;
        // SAFETY: non-NULL and NUL-terminated (the caller's contract).
        let name = unsafe { CStr::from_ptr(vocabulary) };
        let list = name.to_str().ok().and_then(vocab::get).ok_or_else(|| {
            fail_with(
                &Error::new(
                    ErrorCode::InvalidValue,
                    format!("no vocabulary is named {name:?}"),
                )
                .at("vocabulary"),
            )
        })?;
        let value = list.value(code).ok_or_else(|| {
            fail_with(
                &Error::new(
                    ErrorCode::InvalidValue,
                    format!("{code:?} is not a code of {}", list.name),
                )
                .at("code"),
            )
        })?;
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { value_out.write(value) };
        Ok(())
    })
}

/// The name of vocabulary number `index` (0, 1, … in a fixed order), such as
/// `"visit_state"`, or NULL past the last one: iterate from 0 until NULL to
/// list every vocabulary. Static and NUL-terminated: never free it.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn ws_vocabulary_name(index: usize) -> *const c_char {
    catch_unwind(|| names().get(index).map(|n| n.name.as_ptr()))
        .ok()
        .flatten()
        .unwrap_or(std::ptr::null())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ws_in_force;
    use crate::triage::{ws_center, ws_level};
    use crate::visit::{ws_alert, ws_visit_state};

    fn text(p: *const c_char) -> Option<&'static str> {
        // SAFETY: the library's static NUL-terminated strings.
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap())
    }

    fn code(vocabulary: &CStr, value: u32) -> Option<&'static str> {
        // SAFETY: a C string literal.
        text(unsafe { ws_code_str(vocabulary.as_ptr(), value) })
    }

    #[test]
    fn every_vocabulary_of_the_core_is_named_through_the_abi() {
        let mut i = 0;
        while let Some(name) = text(ws_vocabulary_name(i)) {
            let v = vocab::get(name).unwrap();
            let c = CString::new(name).unwrap();
            // SAFETY: a live C string.
            let end = unsafe { ws_code_end(c.as_ptr()) };
            assert_eq!(end, v.first + v.codes.len() as u32);
            for value in 0..end + 3 {
                assert_eq!(code(&c, value), v.code(value), "{name} {value}");
                if let Some(s) = v.code(value) {
                    let mut back = u32::MAX;
                    // SAFETY: live buffers and a local out pointer.
                    let st =
                        unsafe { ws_code_value(c.as_ptr(), s.as_ptr().cast(), s.len(), &mut back) };
                    assert_eq!((st, back), (ws_status::Ok, value));
                }
            }
            i += 1;
        }
        assert_eq!(i, vocab::all().len());
    }

    #[test]
    fn the_abi_enums_number_their_values_as_the_vocabularies_do() {
        for (s, name) in [
            (ws_visit_state::Done, "done"),
            (ws_visit_state::Pending, "pending"),
            (ws_visit_state::DueSoon, "due_soon"),
            (ws_visit_state::Overdue, "overdue"),
        ] {
            assert_eq!(code(c"visit_state", s as u32), Some(name));
        }
        assert_eq!(code(c"visit_state", ws_visit_state::None as u32), None);
        assert_eq!(
            code(c"alert", ws_alert::Escalation as u32),
            Some("escalation")
        );
        assert_eq!(code(c"alert", ws_alert::None as u32), None);
        assert_eq!(
            code(c"center", ws_center::PoliceGrid as u32),
            Some("police_grid")
        );
        assert_eq!(
            code(c"level", ws_level::Community as u32),
            Some("community")
        );
        for (r, name) in [
            (ws_in_force::InForce, "in_force"),
            (ws_in_force::NotYetAdmitted, "not_yet_admitted"),
            (ws_in_force::Exited, "exited"),
            (ws_in_force::Expired, "expired"),
            (ws_in_force::UnknownItem, "unknown_item"),
        ] {
            assert_eq!(code(c"in_force", r as u32), Some(name));
        }
        assert_eq!(
            code(c"flag", crate::WS_FLAG_NEEDS_DEPARTMENT.trailing_zeros()),
            Some("needs_department")
        );
        // The error vocabulary names the code n of every status 100 + n.
        for s in ws_status::ALL.iter().filter(|s| **s as i32 > 100) {
            let n = *s as u32 - 100;
            let described = text(crate::ws_status_str(*s as i32)).unwrap();
            assert!(described.ends_with(&format!(": {}", code(c"error", n).unwrap())));
        }
    }

    #[test]
    fn unknown_names_give_null_zero_or_a_status() {
        // SAFETY: NULL and C string literals.
        unsafe {
            assert!(ws_code_str(std::ptr::null(), 1).is_null());
            assert!(ws_code_str(c"nope".as_ptr(), 1).is_null());
            assert_eq!(ws_code_end(c"nope".as_ptr()), 0);
            assert_eq!(ws_code_end(std::ptr::null()), 0);
            let mut v = 77;
            assert_eq!(
                ws_code_value(c"alert".as_ptr(), c"loud".as_ptr(), 4, &mut v),
                ws_status::InvalidValue
            );
            assert_eq!(
                ws_code_value(c"nope".as_ptr(), c"loud".as_ptr(), 4, &mut v),
                ws_status::InvalidValue
            );
            assert_eq!(
                ws_code_value(std::ptr::null(), c"loud".as_ptr(), 4, &mut v),
                ws_status::NullArgument
            );
            assert_eq!(v, 77);
        }
        assert!(ws_vocabulary_name(usize::MAX).is_null());
    }
}
