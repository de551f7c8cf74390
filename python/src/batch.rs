//! The columnar visit batch over numpy buffers.
//!
//! The Python half (`wangshi/_batch.py`) reduces numpy, pyarrow, pandas and
//! polars columns to numpy buffers without per-row Python objects: tier
//! codes (tier indices, or factorized codes with a lookup table), and day
//! columns (`int32` days with `NO_DATE`, `int64` days from `datetime64[D]`
//! with NaT, and for arrow columns with nulls their validity bitmap). This
//! half borrows them zero-copy (rust-numpy), releases the GIL, and runs
//! `wangshi::visit::visit_status_batch` chunk by chunk: each chunk's inputs
//! are converted into small cache-resident buffers (when they need
//! converting at all), the core writes straight into the output columns,
//! and the layout the caller asked for (Arrow validity bitmaps and
//! dictionary indices, or `datetime64` dates) is finished while the chunk is
//! still in cache. The output `Vec`s go to numpy without a copy.

use crate::convert;
use crate::errors;
use crate::policy::PyVisitPolicy;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::borrow::Cow;
use std::time::Instant;
use wangshi::ErrorCode;
use wangshi::date::NO_DATE;
use wangshi::visit::{VisitColumns, VisitPolicy, visit_status_batch};

/// Rows per chunk: a multiple of 8 (whole bitmap bytes) whose buffers stay
/// in L2.
const CHUNK: usize = 8192;

/// The tier index no policy has (a policy has at most 255 tiers).
const UNKNOWN_TIER: u8 = 255;

fn slice_of<'a, T: numpy::Element + Copy>(a: &'a PyReadonlyArray1<'_, T>) -> Cow<'a, [T]> {
    match a.as_slice() {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(a.as_array().iter().copied().collect()),
    }
}

// ------------------------------------------------------------------ inputs

/// A column of day numbers as numpy gives it.
#[derive(FromPyObject)]
pub(crate) enum Days<'py> {
    /// `int32` days since 1970-01-01, `NO_DATE` (i32::MIN) for missing.
    I32(PyReadonlyArray1<'py, i32>),
    /// `int64` days (a `datetime64[D]` viewed as integers), NaT (i64::MIN)
    /// for missing.
    I64(PyReadonlyArray1<'py, i64>),
}

impl Days<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            Days::I32(a) => a.as_array().len(),
            Days::I64(a) => a.as_array().len(),
        }
    }

    /// The column as day numbers; `int64` values count `per_day` units per
    /// day (1 for `datetime64[D]`, 86 400 000 000 000 for `datetime64[ns]`)
    /// and are floored to the day.
    pub(crate) fn view(&self, per_day: i64) -> DaysView<'_> {
        match self {
            Days::I32(a) => DaysView::I32(slice_of(a)),
            Days::I64(a) => DaysView::I64(slice_of(a), per_day.max(1)),
        }
    }
}

/// A borrowed day column that can cross into `py.detach`.
pub(crate) enum DaysView<'a> {
    I32(Cow<'a, [i32]>),
    /// Values and their units per day.
    I64(Cow<'a, [i64]>, i64),
}

/// [`day_of`] over a slice, with the units per day known at compile time.
fn floor_days<const PER_DAY: i64>(src: &[i64], out: &mut [i32]) {
    for (o, &d) in out.iter_mut().zip(src) {
        *o = day_of(d, PER_DAY);
    }
}

/// An `int64` date (NaT = i64::MIN) in `per_day` units as a day number.
#[inline(always)]
fn day_of(d: i64, per_day: i64) -> i32 {
    if d == i64::MIN {
        NO_DATE
    } else {
        d.div_euclid(per_day)
            .clamp(i64::from(NO_DATE) + 1, i64::from(i32::MAX)) as i32
    }
}

/// An Arrow validity bitmap (LSB first) starting at bit `offset`.
pub(crate) struct Validity<'a> {
    bits: Cow<'a, [u8]>,
    offset: usize,
}

impl Validity<'_> {
    #[inline]
    fn get(&self, i: usize) -> bool {
        let j = i + self.offset;
        self.bits.get(j / 8).is_some_and(|b| b >> (j % 8) & 1 == 1)
    }
}

pub(crate) fn validity<'a>(
    v: Option<&'a PyReadonlyArray1<'_, u8>>,
    offset: usize,
) -> Option<Validity<'a>> {
    v.map(|a| Validity {
        bits: slice_of(a),
        offset,
    })
}

impl DaysView<'_> {
    /// Rows `lo..hi` as `i32` day numbers with `NO_DATE` for missing: the
    /// column itself when it already is one, else converted into `buf` (NaT
    /// or a null bit → `NO_DATE`; a day number beyond `i32` becomes one just
    /// inside it, which the core reports as `invalid_date`, not as missing).
    pub(crate) fn chunk<'b>(
        &'b self,
        valid: Option<&Validity<'_>>,
        lo: usize,
        hi: usize,
        buf: &'b mut [i32],
    ) -> &'b [i32] {
        match (self, valid) {
            (DaysView::I32(s), None) => &s[lo..hi],
            (DaysView::I32(s), Some(v)) => {
                let (s, out) = (&s[lo..hi], &mut buf[..hi - lo]);
                let start = lo + v.offset;
                let bytes = v.bits.get(start / 8..(start / 8 + s.len() / 8));
                let done = match bytes {
                    // Byte-aligned (a zero offset, as arrow arrays mostly
                    // have): eight rows per validity byte, no per-row bit
                    // lookup.
                    Some(bytes) if start % 8 == 0 => {
                        let rows = s.chunks_exact(8).zip(out.chunks_exact_mut(8));
                        for ((s8, o8), &b) in rows.zip(bytes) {
                            for k in 0..8 {
                                o8[k] = if b >> k & 1 == 1 { s8[k] } else { NO_DATE };
                            }
                        }
                        bytes.len() * 8
                    }
                    _ => 0,
                };
                for (k, (o, &d)) in out.iter_mut().zip(s).enumerate().skip(done) {
                    *o = if v.get(lo + k) { d } else { NO_DATE };
                }
                out
            }
            (DaysView::I64(s, per_day), None) => {
                // Division by a constant compiles to a multiply and shifts;
                // by a run-time divisor it would cost more than the core.
                let s = &s[lo..hi];
                match *per_day {
                    1 => floor_days::<1>(s, buf),
                    86_400 => floor_days::<86_400>(s, buf),
                    86_400_000 => floor_days::<86_400_000>(s, buf),
                    86_400_000_000 => floor_days::<86_400_000_000>(s, buf),
                    86_400_000_000_000 => floor_days::<86_400_000_000_000>(s, buf),
                    p => {
                        for (o, &d) in buf.iter_mut().zip(s) {
                            *o = day_of(d, p);
                        }
                    }
                }
                &buf[..hi - lo]
            }
            (DaysView::I64(s, per_day), Some(v)) => {
                for (k, (o, &d)) in buf.iter_mut().zip(&s[lo..hi]).enumerate() {
                    *o = if v.get(lo + k) {
                        day_of(d, *per_day)
                    } else {
                        NO_DATE
                    };
                }
                &buf[..hi - lo]
            }
        }
    }
}

/// Tier codes: tier indices (no lookup) or factorized codes with a lookup
/// table from code to tier index (negative code = missing tier).
#[derive(FromPyObject)]
enum Codes<'py> {
    U8(PyReadonlyArray1<'py, u8>),
    I8(PyReadonlyArray1<'py, i8>),
    I16(PyReadonlyArray1<'py, i16>),
    I32(PyReadonlyArray1<'py, i32>),
    I64(PyReadonlyArray1<'py, i64>),
    U32(PyReadonlyArray1<'py, u32>),
}

enum CodesView<'a> {
    U8(Cow<'a, [u8]>),
    I8(Cow<'a, [i8]>),
    I16(Cow<'a, [i16]>),
    I32(Cow<'a, [i32]>),
    I64(Cow<'a, [i64]>),
    U32(Cow<'a, [u32]>),
}

impl Codes<'_> {
    fn len(&self) -> usize {
        match self {
            Codes::U8(a) => a.as_array().len(),
            Codes::I8(a) => a.as_array().len(),
            Codes::I16(a) => a.as_array().len(),
            Codes::I32(a) => a.as_array().len(),
            Codes::I64(a) => a.as_array().len(),
            Codes::U32(a) => a.as_array().len(),
        }
    }

    fn view(&self) -> CodesView<'_> {
        match self {
            Codes::U8(a) => CodesView::U8(slice_of(a)),
            Codes::I8(a) => CodesView::I8(slice_of(a)),
            Codes::I16(a) => CodesView::I16(slice_of(a)),
            Codes::I32(a) => CodesView::I32(slice_of(a)),
            Codes::I64(a) => CodesView::I64(slice_of(a)),
            Codes::U32(a) => CodesView::U32(slice_of(a)),
        }
    }
}

/// Maps codes to tier indices into `buf`, flagging missing tiers in
/// `missing`; returns whether any row's tier is missing.
fn map_codes<T: Copy + Into<i64>>(
    codes: &[T],
    lookup: Option<&[u8]>,
    buf: &mut [u8],
    missing: &mut [bool],
) -> bool {
    let mut any = false;
    for ((o, m), &c) in buf.iter_mut().zip(missing.iter_mut()).zip(codes) {
        let c: i64 = c.into();
        *m = lookup.is_some() && c < 0;
        any |= *m;
        *o = match lookup {
            None => u8::try_from(c).unwrap_or(UNKNOWN_TIER),
            Some(l) => usize::try_from(c)
                .ok()
                .and_then(|c| l.get(c))
                .copied()
                .unwrap_or(UNKNOWN_TIER),
        };
    }
    any
}

impl CodesView<'_> {
    /// Rows `lo..hi` as tier indices (the column itself for `uint8` tier
    /// indices, else mapped into `buf`), and whether any tier is missing
    /// (flagged in `missing`). Without a lookup a code is the tier index
    /// (outside 0..=254: unknown); with one, a negative code is missing and
    /// a code past the table unknown.
    fn chunk<'b>(
        &'b self,
        lookup: Option<&[u8]>,
        lo: usize,
        hi: usize,
        buf: &'b mut [u8],
        missing: &mut [bool],
    ) -> (&'b [u8], bool) {
        let any = match self {
            CodesView::U8(s) if lookup.is_none() => return (&s[lo..hi], false),
            CodesView::U8(s) => map_codes(&s[lo..hi], lookup, buf, missing),
            CodesView::I8(s) => map_codes(&s[lo..hi], lookup, buf, missing),
            CodesView::I16(s) => map_codes(&s[lo..hi], lookup, buf, missing),
            CodesView::I32(s) => map_codes(&s[lo..hi], lookup, buf, missing),
            CodesView::I64(s) => map_codes(&s[lo..hi], lookup, buf, missing),
            CodesView::U32(s) => map_codes(&s[lo..hi], lookup, buf, missing),
        };
        (&buf[..hi - lo], any)
    }
}

// ------------------------------------------------------------------ outputs

/// A zeroed column of `n` values for the batch to write once.
///
/// Large zeroed allocations come from the kernel as untouched pages, and a
/// million-row batch writes some 25 MB of fresh columns: with 4 KiB pages the
/// first-touch page faults cost a sizeable share of the core's own loop. On
/// Linux the column is advised to transparent huge pages (the usual THP mode
/// is `madvise`), which turns thousands of faults into a few.
fn column<T: Clone + Default>(n: usize) -> Vec<T> {
    let v = vec![T::default(); n];
    advise_huge_pages(&v);
    v
}

#[cfg(target_os = "linux")]
fn advise_huge_pages<T>(v: &[T]) {
    const PAGE: usize = 4096;
    const HUGE: usize = 2 << 20;
    let bytes = std::mem::size_of_val(v);
    if bytes < HUGE {
        return;
    }
    let start = v.as_ptr() as usize;
    let aligned = start.next_multiple_of(PAGE);
    let end = start + bytes;
    // SAFETY: madvise(MADV_HUGEPAGE) on pages inside an allocation we own
    // only changes how the kernel backs them, never their contents or
    // validity; a failure (EINVAL without THP) is harmless and ignored.
    unsafe {
        libc::madvise(
            aligned as *mut libc::c_void,
            end - aligned,
            libc::MADV_HUGEPAGE,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages<T>(_: &[T]) {}

/// The result layouts the Python half asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Codes (0 = none) and `i32` days with `NO_DATE`: the core's own.
    Codes,
    /// Arrow: dictionary indices (code − 1; 0 under nulls), `i32` days, and
    /// validity bitmaps with their null counts.
    Arrow,
    /// Codes, and dates as `i64` counts of `per_day` units per day with NaT
    /// for none (`datetime64[D]`: 1, `datetime64[s]`: 86 400); with
    /// `categorical`, codes are those of a pandas Categorical (code − 1, −1
    /// for none, read as `int8`).
    Datetime64 { per_day: i64, categorical: bool },
}

/// A validity bitmap and its null count.
#[derive(Default)]
struct Bitmap {
    bits: Vec<u8>,
    nulls: usize,
}

impl Bitmap {
    fn new(n: usize) -> Bitmap {
        Bitmap {
            bits: column(n.div_ceil(8)),
            nulls: 0,
        }
    }

    /// Marks rows `lo..lo + m` (`lo` a multiple of 8) valid.
    fn set_all(&mut self, lo: usize, m: usize) {
        let bytes = &mut self.bits[lo / 8..(lo + m).div_ceil(8)];
        bytes.fill(0xFF);
        if m % 8 != 0 {
            if let Some(last) = bytes.last_mut() {
                *last = (1u8 << (m % 8)) - 1;
            }
        }
    }

    /// Sets the bits of rows `lo..lo + m` (`lo` a multiple of 8) to `valid`
    /// of the chunk's row index.
    fn fill(&mut self, lo: usize, m: usize, valid: impl Fn(usize) -> bool) {
        let bytes = &mut self.bits[lo / 8..(lo + m).div_ceil(8)];
        let mut set = 0;
        for (b, byte) in bytes.iter_mut().enumerate() {
            let base = b * 8;
            let mut x = 0u8;
            if base + 8 <= m {
                for k in 0..8 {
                    x |= u8::from(valid(base + k)) << k;
                }
            } else {
                for k in 0..m - base {
                    x |= u8::from(valid(base + k)) << k;
                }
            }
            set += x.count_ones() as usize;
            *byte = x;
        }
        self.nulls += m - set;
    }
}

/// The output columns, owned, ready to be handed to numpy.
struct Out {
    state: Vec<u8>,
    /// `period_start`, `period_end`, `due` as the core writes them (empty
    /// for the `datetime64` layout).
    days: [Vec<i32>; 3],
    /// The same as `datetime64` counts (empty for the other layouts).
    datetime: [Vec<i64>; 3],
    days_left: Vec<i32>,
    missed_periods: Vec<u32>,
    alert: Vec<u8>,
    error: Vec<u8>,
    /// Arrow validity of: computed rows, periods, alerts, errors.
    valid: [Bitmap; 4],
}

impl Out {
    fn new(n: usize, layout: Layout) -> Out {
        let (days, datetime) = match layout {
            Layout::Datetime64 { .. } => (Default::default(), [column(n), column(n), column(n)]),
            _ => ([column(n), column(n), column(n)], Default::default()),
        };
        let valid = match layout {
            Layout::Arrow => [
                Bitmap::new(n),
                Bitmap::new(n),
                Bitmap::new(n),
                Bitmap::new(n),
            ],
            _ => Default::default(),
        };
        Out {
            state: column(n),
            days,
            datetime,
            days_left: column(n),
            missed_periods: column(n),
            alert: column(n),
            error: column(n),
            valid,
        }
    }
}

/// Inputs of one batch, borrowed so that they can cross into `py.detach`.
struct Batch<'a> {
    as_of: i32,
    tier: CodesView<'a>,
    lookup: Option<Cow<'a, [u8]>>,
    since: DaysView<'a>,
    since_valid: Option<Validity<'a>>,
    last: DaysView<'a>,
    last_valid: Option<Validity<'a>>,
}

/// Runs the core over the batch chunk by chunk and finishes the layout.
fn run(
    policy: &VisitPolicy,
    b: &Batch<'_>,
    n: usize,
    layout: Layout,
) -> Result<Out, wangshi::Error> {
    let mut out = Out::new(n, layout);
    let mut tier_buf = vec![0u8; CHUNK];
    let mut missing = vec![false; CHUNK];
    let mut since_buf = vec![0i32; CHUNK];
    let mut last_buf = vec![0i32; CHUNK];
    let mut date_bufs = [vec![0i32; CHUNK], vec![0i32; CHUNK], vec![0i32; CHUNK]];
    let missing_field = ErrorCode::MissingField as u8;
    let rolling = policy.tiers().iter().any(|t| !t.cadence.is_calendar());
    for lo in (0..n).step_by(CHUNK) {
        let hi = (lo + CHUNK).min(n);
        let m = hi - lo;
        let (tier, any_missing) =
            b.tier
                .chunk(b.lookup.as_deref(), lo, hi, &mut tier_buf, &mut missing);
        let since = b
            .since
            .chunk(b.since_valid.as_ref(), lo, hi, &mut since_buf);
        let last = b.last.chunk(b.last_valid.as_ref(), lo, hi, &mut last_buf);
        let [ps, pe, due] = &mut out.days;
        let [bps, bpe, bdue] = &mut date_bufs;
        let (ps, pe, due) = if ps.is_empty() {
            (&mut bps[..m], &mut bpe[..m], &mut bdue[..m])
        } else {
            (&mut ps[lo..hi], &mut pe[lo..hi], &mut due[lo..hi])
        };
        let bad = visit_status_batch(
            policy,
            b.as_of,
            tier,
            since,
            last,
            VisitColumns {
                state: &mut out.state[lo..hi],
                period_start: ps,
                period_end: pe,
                due,
                days_left: &mut out.days_left[lo..hi],
                missed_periods: &mut out.missed_periods[lo..hi],
                alert: &mut out.alert[lo..hi],
                error: &mut out.error[lo..hi],
            },
        )?;
        let error = &mut out.error[lo..hi];
        if bad > 0 {
            for k in 0..m {
                if since[k] == NO_DATE || (any_missing && missing[k]) {
                    error[k] = missing_field;
                }
            }
        }
        match layout {
            Layout::Codes => {}
            Layout::Datetime64 {
                per_day,
                categorical,
            } => {
                if categorical {
                    let (state, alert) = (&mut out.state[lo..hi], &mut out.alert[lo..hi]);
                    for c in [state, alert, error] {
                        for x in c.iter_mut() {
                            // 0 (none) wraps to 255, an int8 -1.
                            *x = x.wrapping_sub(1);
                        }
                    }
                }
                for (col, buf) in out.datetime.iter_mut().zip(&date_bufs) {
                    for (o, &d) in col[lo..hi].iter_mut().zip(&buf[..m]) {
                        *o = if d == NO_DATE {
                            i64::MIN
                        } else {
                            i64::from(d) * per_day
                        };
                    }
                }
            }
            Layout::Arrow => {
                let (state, alert) = (&mut out.state[lo..hi], &mut out.alert[lo..hi]);
                let ps = &out.days[0][lo..hi];
                let [ok, period, alerts, errors] = &mut out.valid;
                if bad == 0 {
                    // The common case needs no per-row test: every row is
                    // computed (errors stay all-null: the bitmap is zeroed).
                    ok.set_all(lo, m);
                    errors.nulls += m;
                    if rolling {
                        period.fill(lo, m, |k| ps[k] != NO_DATE);
                    } else {
                        period.set_all(lo, m);
                    }
                } else {
                    ok.fill(lo, m, |k| error[k] == 0);
                    period.fill(lo, m, |k| ps[k] != NO_DATE);
                    errors.fill(lo, m, |k| error[k] != 0);
                    for x in error.iter_mut() {
                        *x = x.saturating_sub(1);
                    }
                }
                alerts.fill(lo, m, |k| alert[k] != 0);
                for c in [state, alert] {
                    for x in c.iter_mut() {
                        *x = x.saturating_sub(1);
                    }
                }
            }
        }
    }
    Ok(out)
}

fn check_lengths(py: Python<'_>, lens: &[(&str, usize)]) -> PyResult<usize> {
    let n = lens[0].1;
    if lens.iter().any(|&(_, l)| l != n) {
        let detail: Vec<String> = lens.iter().map(|(k, l)| format!("{k} {l}")).collect();
        return Err(errors::raise(
            py,
            ErrorCode::InvalidValue,
            format!("batch columns differ in length: {}", detail.join(", ")),
            "",
        ));
    }
    Ok(n)
}

/// `_visit_status_batch(policy, as_of, tier, tier_lookup, tier_since,
/// since_valid, since_offset, last_visit, last_valid, last_offset, layout)
/// -> dict`: the raw columnar batch (see `wangshi/_batch.py` for the public
/// `visit_status_batch`).
///
/// Rows whose tier is missing (a negative code with a lookup) or whose
/// `tier_since` is missing get `missing_field` in `error`; all other rows
/// are computed or carry their own error code.
#[pyfunction]
#[pyo3(signature = (policy, as_of, tier, tier_lookup, tier_since, since_valid, since_offset,
                    last_visit, last_valid, last_offset, layout, since_per_day=1, last_per_day=1))]
#[allow(clippy::too_many_arguments)]
fn _visit_status_batch<'py>(
    py: Python<'py>,
    policy: &PyVisitPolicy,
    as_of: &Bound<'py, PyAny>,
    tier: Codes<'py>,
    tier_lookup: Option<PyReadonlyArray1<'py, u8>>,
    tier_since: Days<'py>,
    since_valid: Option<PyReadonlyArray1<'py, u8>>,
    since_offset: usize,
    last_visit: Days<'py>,
    last_valid: Option<PyReadonlyArray1<'py, u8>>,
    last_offset: usize,
    layout: &str,
    since_per_day: i64,
    last_per_day: i64,
) -> PyResult<Bound<'py, PyDict>> {
    let layout = match layout {
        "codes" => Layout::Codes,
        "arrow" => Layout::Arrow,
        "datetime64[D]" => Layout::Datetime64 {
            per_day: 1,
            categorical: false,
        },
        "pandas" => Layout::Datetime64 {
            per_day: 86_400,
            categorical: true,
        },
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "unknown layout {other:?}"
            )));
        }
    };
    let as_of = convert::day_arg(as_of, "as_of")?;
    let n = check_lengths(
        py,
        &[
            ("tier", tier.len()),
            ("tier_since", tier_since.len()),
            ("last_visit", last_visit.len()),
        ],
    )?;
    let batch = Batch {
        as_of,
        tier: tier.view(),
        lookup: tier_lookup.as_ref().map(slice_of),
        since: tier_since.view(since_per_day),
        since_valid: validity(since_valid.as_ref(), since_offset),
        last: last_visit.view(last_per_day),
        last_valid: validity(last_valid.as_ref(), last_offset),
    };
    let policy = policy.inner.clone();
    let out = py
        .detach(|| run(&policy, &batch, n, layout))
        .map_err(|e| errors::to_py_err(py, &e))?;
    let d = PyDict::new(py);
    let names = ["period_start", "period_end", "due"];
    match layout {
        Layout::Datetime64 { .. } => {
            for (name, col) in names.into_iter().zip(out.datetime) {
                d.set_item(name, PyArray1::from_vec(py, col))?;
            }
        }
        Layout::Codes | Layout::Arrow => {
            for (name, col) in names.into_iter().zip(out.days) {
                d.set_item(name, PyArray1::from_vec(py, col))?;
            }
        }
    }
    if layout == Layout::Arrow {
        let valid_names = ["ok_valid", "period_valid", "alert_valid", "error_valid"];
        for (name, b) in valid_names.into_iter().zip(out.valid) {
            d.set_item(name, (PyArray1::from_vec(py, b.bits), b.nulls))?;
        }
    }
    d.set_item("state", PyArray1::from_vec(py, out.state))?;
    d.set_item("days_left", PyArray1::from_vec(py, out.days_left))?;
    d.set_item("missed_periods", PyArray1::from_vec(py, out.missed_periods))?;
    d.set_item("alert", PyArray1::from_vec(py, out.alert))?;
    d.set_item("error", PyArray1::from_vec(py, out.error))?;
    Ok(d)
}

/// `_time_core_visit_batch(policy, as_of, tier, tier_since, last_visit,
/// repeats, fresh_outputs=False) -> list[float]`: seconds taken by the Rust
/// core's `visit_status_batch` alone, per repeat, on already-converted
/// contiguous columns — the baselines of the Python benchmark's "ratio to
/// the Rust core". With `fresh_outputs` each repeat also allocates its
/// output columns (as a caller producing new columns must, and as
/// `visit_status_batch` from Python does); without, the outputs are reused
/// (warm, as a criterion benchmark measures). Runs with the GIL released.
#[pyfunction]
#[pyo3(signature = (policy, as_of, tier, tier_since, last_visit, repeats, fresh_outputs=false))]
#[allow(clippy::too_many_arguments)]
fn _time_core_visit_batch<'py>(
    py: Python<'py>,
    policy: &PyVisitPolicy,
    as_of: &Bound<'py, PyAny>,
    tier: PyReadonlyArray1<'py, u8>,
    tier_since: PyReadonlyArray1<'py, i32>,
    last_visit: PyReadonlyArray1<'py, i32>,
    repeats: usize,
    fresh_outputs: bool,
) -> PyResult<Vec<f64>> {
    let as_of = convert::day_arg(as_of, "as_of")?;
    let n = check_lengths(
        py,
        &[
            ("tier", tier.as_array().len()),
            ("tier_since", tier_since.as_array().len()),
            ("last_visit", last_visit.as_array().len()),
        ],
    )?;
    let (tier, since, last) = (
        slice_of(&tier),
        slice_of(&tier_since),
        slice_of(&last_visit),
    );
    let policy = policy.inner.clone();
    let times = py.detach(|| -> Result<Vec<f64>, wangshi::Error> {
        let mut warm = Out::new(n, Layout::Codes);
        let mut times = Vec::with_capacity(repeats);
        for _ in 0..repeats {
            let t = Instant::now();
            let mut fresh = fresh_outputs.then(|| Out::new(n, Layout::Codes));
            let out = fresh.as_mut().unwrap_or(&mut warm);
            let [ps, pe, due] = &mut out.days;
            let columns = VisitColumns {
                state: &mut out.state,
                period_start: ps,
                period_end: pe,
                due,
                days_left: &mut out.days_left,
                missed_periods: &mut out.missed_periods,
                alert: &mut out.alert,
                error: &mut out.error,
            };
            let bad = visit_status_batch(&policy, as_of, &tier, &since, &last, columns)?;
            std::hint::black_box(bad);
            std::hint::black_box(&out.error);
            times.push(t.elapsed().as_secs_f64());
            drop(fresh);
        }
        Ok(times)
    });
    times.map_err(|e| errors::to_py_err(py, &e))
}

/// Up to 8 bytes as one little-endian integer (zero-padded).
#[inline(always)]
fn pack8(s: &[u8]) -> u64 {
    s.iter()
        .take(8)
        .enumerate()
        .fold(0, |x, (k, &b)| x | u64::from(b) << (8 * k))
}

/// Arrow string offsets (`string`: int32, `large_string`: int64).
#[derive(FromPyObject)]
enum Offsets<'py> {
    I32(PyReadonlyArray1<'py, i32>),
    I64(PyReadonlyArray1<'py, i64>),
}

/// Slots of the matcher's hash table (a power of two, 4× the largest
/// vocabulary it is used for).
const SLOTS: usize = 64;

/// A matcher's hash table: `(length, key, code)` per slot (length
/// `usize::MAX` when empty).
type Slots = Box<[(usize, u64, i8); SLOTS]>;

/// Matches strings against a small vocabulary.
struct Matcher<'a> {
    vocab: Vec<&'a [u8]>,
    /// Every code is at most 8 bytes and they hash without collision: a
    /// string of up to 8 bytes is its `(length, packed bytes)` key, looked
    /// up in one slot and verified, with no branch on its value.
    table: Option<(u64, Slots)>,
    unknown: i8,
}

/// The slot of a key under multiplier `mul`.
#[inline(always)]
fn slot(len: usize, key: u64, mul: u64) -> usize {
    ((key ^ len as u64).wrapping_mul(mul) >> (64 - SLOTS.trailing_zeros())) as usize
}

impl<'a> Matcher<'a> {
    fn new(vocab: Vec<&'a [u8]>, unknown: i8) -> Matcher<'a> {
        let table = if vocab.len() <= SLOTS / 4 && vocab.iter().all(|v| v.len() <= 8) {
            // Odd multipliers from the golden ratio on: the first without
            // a collision (found at once for any handful of codes).
            (0..4096u64)
                .map(|k| 0x9E37_79B9_7F4A_7C15u64.wrapping_add(2 * k))
                .find_map(|mul| {
                    let mut t = Box::new([(usize::MAX, 0u64, unknown); SLOTS]);
                    for (j, v) in vocab.iter().enumerate() {
                        let e = &mut t[slot(v.len(), pack8(v), mul)];
                        if e.0 != usize::MAX {
                            return None;
                        }
                        *e = (v.len(), pack8(v), j as i8);
                    }
                    Some((mul, t))
                })
        } else {
            None
        };
        Matcher {
            vocab,
            table,
            unknown,
        }
    }

    /// The code of the string at `a..b` of `data` (`unknown` when it is
    /// not in the vocabulary or the offsets are out of range).
    #[inline(always)]
    fn find(&self, data: &[u8], a: usize, b: usize) -> i8 {
        let Some((mul, table)) = &self.table else {
            return data
                .get(a..b)
                .and_then(|s| self.vocab.iter().position(|v| *v == s))
                .map_or(self.unknown, |j| j as i8);
        };
        let len = b.wrapping_sub(a);
        if len > 8 || b > data.len() {
            return self.unknown;
        }
        let key = match data.get(a..a + 8) {
            // One unaligned load, the bytes past the string masked off.
            Some(w) => {
                let x = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
                x & u64::MAX.checked_shr(64 - 8 * len as u32).unwrap_or(0)
            }
            None => pack8(&data[a..b]),
        };
        let (l, k, code) = table[slot(len, key, *mul)];
        if l == len && k == key {
            code
        } else {
            self.unknown
        }
    }
}

/// The codes of the strings given by `offsets` (one per row, + 1).
fn match_offsets<O: Copy + TryInto<usize>>(
    m: &Matcher<'_>,
    offsets: &[O],
    data: &[u8],
    valid: Option<&Validity<'_>>,
    out: &mut [i8],
) {
    let at = |o: O| o.try_into().unwrap_or(usize::MAX);
    for (i, (o, w)) in out.iter_mut().zip(offsets.windows(2)).enumerate() {
        *o = if valid.is_some_and(|v| !v.get(i)) {
            -1
        } else {
            m.find(data, at(w[0]), at(w[1]))
        };
    }
}

/// `_match_strings(offsets, data, valid, offset, vocabulary) -> int8 array`:
/// the index in `vocabulary` of each string of an Arrow string array given
/// as its buffers (`offsets` already sliced to the array's rows + 1, `data`,
/// validity bitmap starting at bit `offset`); -1 for a null,
/// `len(vocabulary)` (at most 127) for a string not in it. For small
/// vocabularies (tier codes) this is one pass over the buffers with the GIL
/// released, cheaper than dictionary-encoding the column first; codes of up
/// to 8 bytes compare as one integer each (one unaligned load, masked).
#[pyfunction]
fn _match_strings<'py>(
    py: Python<'py>,
    offsets: Offsets<'py>,
    data: PyReadonlyArray1<'py, u8>,
    valid: Option<PyReadonlyArray1<'py, u8>>,
    offset: usize,
    vocabulary: Vec<String>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let Ok(unknown) = i8::try_from(vocabulary.len()) else {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "_match_strings takes at most 127 codes",
        ));
    };
    let data = slice_of(&data);
    let valid = validity(valid.as_ref(), offset);
    enum Offs<'a> {
        I32(Cow<'a, [i32]>),
        I64(Cow<'a, [i64]>),
    }
    let offs = match &offsets {
        Offsets::I32(a) => Offs::I32(slice_of(a)),
        Offsets::I64(a) => Offs::I64(slice_of(a)),
    };
    let out = py.detach(|| {
        let vocab: Vec<&[u8]> = vocabulary.iter().map(|v| v.as_bytes()).collect();
        let m = Matcher::new(vocab, unknown);
        let n = match &offs {
            Offs::I32(o) => o.len(),
            Offs::I64(o) => o.len(),
        }
        .saturating_sub(1);
        let mut out: Vec<i8> = column(n);
        match &offs {
            Offs::I32(o) => match_offsets(&m, o, &data, valid.as_ref(), &mut out),
            Offs::I64(o) => match_offsets(&m, o, &data, valid.as_ref(), &mut out),
        }
        out
    });
    Ok(PyArray1::from_vec(py, out))
}

/// `_names_column(codes, names) -> object array`: `names[code]` for each
/// `uint8` code, the objects shared (a reference each, no new string per
/// row) — the `numpy` output's string columns, built in one pass instead
/// of numpy's generic object `take`. A code past `names` is a `ValueError`.
#[pyfunction]
fn _names_column<'py>(
    py: Python<'py>,
    codes: PyReadonlyArray1<'py, u8>,
    names: Vec<Py<PyAny>>,
) -> PyResult<Bound<'py, PyArray1<Py<PyAny>>>> {
    let codes = slice_of(&codes);
    if let Some(&c) = codes.iter().find(|&&c| usize::from(c) >= names.len()) {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "code {c} is past the {} names",
            names.len()
        )));
    }
    let mut out: Vec<Py<PyAny>> = Vec::with_capacity(codes.len());
    // Fresh pages on huge pages, as for the other output columns.
    advise_huge_pages(out.spare_capacity_mut());
    out.extend(codes.iter().map(|&c| names[usize::from(c)].clone_ref(py)));
    Ok(PyArray1::from_vec(py, out))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_match_strings, m)?)?;
    m.add_function(wrap_pyfunction!(_names_column, m)?)?;
    m.add_function(wrap_pyfunction!(_visit_status_batch, m)?)?;
    m.add_function(wrap_pyfunction!(_time_core_visit_batch, m)?)?;
    Ok(())
}
