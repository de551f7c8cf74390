"""Case triage (事件分流) from Python: one case (:func:`classify`) or a
columnar batch (:func:`classify_batch`) over numpy, pyarrow, pandas and
polars columns, with the GIL released while the Rust core runs."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import numpy as np

from . import _wangshi
from ._batch import _INDICES, _day_column, _factorize, _is_arrow, _is_pandas, _is_polars, _lookup, _pyarrow
from ._errors import RequestError
from ._readonly import read_only

__all__ = ["classify", "classify_batch", "CASE_COLUMNS", "FLAGS"]

#: The columns of a classification batch result, in order.
CASE_COLUMNS = (
    "case_class",
    "center",
    "level",
    "department",
    "report_within_minutes",
    "mediation",
    "immediate_report",
    "matched_rules",
    "error",
)
#: The case flags, in bit order (bit k of an integer flags column is FLAGS[k]).
FLAGS: tuple[str, ...] = tuple(_wangshi._FLAG_NAMES)
_CLASSES = ("general", "safety", "complex")
_CENTERS = ("talk", "police_grid", "mediation")
_LEVELS = ("grid", "community")
_ERRORS: tuple[str, ...] = tuple(_wangshi._ERROR_NAMES[1:])
_NO_ITEM = 2**32 - 1

_default_router: _wangshi.CaseRouter | None = None


def _router(router: _wangshi.CaseRouter | None) -> _wangshi.CaseRouter:
    global _default_router
    if router is None:
        if _default_router is None:
            _default_router = _wangshi.CaseRouter()
        return _default_router
    if not isinstance(router, _wangshi.CaseRouter):
        raise TypeError(f"router must be a wangshi.CaseRouter or None, got {type(router).__name__}")
    return router


def classify(
    item: str,
    reported_on: _dt.date | str,
    *,
    parties: int = 1,
    repeat_count: int = 0,
    amount: float = 0.0,
    flags: Iterable[str] = (),
    id: str = "",
    router: _wangshi.CaseRouter | None = None,
) -> _wangshi.Decision:
    """``case.classify`` for one case with the default rules and catalogue
    (or ``router``): its class, centre, level, whistle, mediation,
    immediate report and the rules that matched.

    Raises :class:`ItemError` (``unknown_item``, ``item_not_in_force``),
    :class:`DateError` and :class:`RequestError` (``invalid_value`` for an
    unknown flag, a count outside 0..2**32 - 1, or a negative, NaN or
    infinite amount).
    """
    return _router(router).classify(
        item, reported_on, parties=parties, repeat_count=repeat_count, amount=amount,
        flags=list(flags), id=id,
    )


def _column(col: Any, name: str) -> tuple[np.ndarray, np.ndarray | None]:
    """A numeric column as (values, missing): numpy values (bool, integer or
    float) and a mask of the missing rows (None when none is missing).

    Missing means absent: None, an arrow/polars null, pandas NA (and NaN in
    a numpy-backed pandas float Series, pandas' own missing marker). A NaN
    anywhere else is a value, and a bad one."""
    if _is_polars(col):
        col = col.to_arrow()
    if _is_pandas(col):
        if isinstance(col.dtype, np.dtype):
            arr = col.to_numpy()
            if arr.dtype.kind == "f":
                return arr, np.isnan(arr)
            if arr.dtype.kind in "iub":
                return arr, None
            col = arr  # object: None/NaN/NA below
        else:
            # Nullable extension dtypes (Int64, Float64, boolean, arrow).
            missing = col.isna().to_numpy(dtype=bool)
            kind = getattr(col.dtype, "kind", "O")
            dtype = {"b": np.bool_, "i": np.int64, "u": np.uint64, "f": np.float64}.get(kind)
            if dtype is None:
                raise TypeError(f"{name} must be a one-dimensional numeric column, got {col.dtype}")
            fill: Any = False if kind == "b" else 0
            return col.to_numpy(dtype=dtype, na_value=fill), missing if missing.any() else None
    if not _is_arrow(col):
        arr = np.asarray(col)
        if arr.ndim != 1:
            raise TypeError(f"{name} must be a one-dimensional numeric column, got {arr.ndim} dimensions")
        if arr.dtype.kind in "iufb":
            return arr, None
        if arr.dtype.kind != "O":
            raise TypeError(f"{name} must be a one-dimensional numeric column, got {arr.dtype}")
        col = _pyarrow().array(arr, from_pandas=False)  # None is null, NaN stays NaN
    pa = _pyarrow()
    import pyarrow.compute as pc

    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    t = col.type
    if pa.types.is_null(t):
        return np.zeros(len(col), dtype=np.int64), np.ones(len(col), dtype=bool)
    if pa.types.is_boolean(t):
        target, fill = pa.bool_(), False
    elif pa.types.is_integer(t):
        target, fill = (pa.uint64() if pa.types.is_unsigned_integer(t) else pa.int64()), 0
    elif pa.types.is_floating(t):
        target, fill = pa.float64(), 0.0
    else:
        raise TypeError(f"{name} must be a one-dimensional numeric column, got {t}")
    missing = col.is_null().to_numpy(zero_copy_only=False) if col.null_count else None
    values = pc.fill_null(col.cast(target), fill).to_numpy(zero_copy_only=False)
    return values, missing


def _whole(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Numeric values as (int64 values, bad): a float that is NaN, infinite,
    fractional or beyond int64 is bad (its value then is 0)."""
    if values.dtype.kind == "f":
        bad = ~np.isfinite(values) | (values != np.floor(values)) | (np.abs(values) >= 2.0**63)
        return np.where(bad, 0, values).astype(np.int64), bad
    if values.dtype.kind == "u":
        big = values > np.iinfo(np.int64).max
        return np.where(big, 0, values).astype(np.int64), big
    return values.astype(np.int64), np.zeros(len(values), dtype=bool)


def _counts(col: Any, n: int, default: int, name: str) -> np.ndarray:
    """A count column (parties, repeat_count) as int32 for the core. Missing
    values take `default`; a fractional, NaN or infinite value, or one beyond
    0..2**32 - 1, becomes -1, which the core reports as `invalid_value`
    (negative values stay negative, and are reported the same way). Counts
    beyond int32 are capped at 2**31 - 1: the rules only compare counts with
    small thresholds."""
    if col is None:
        return np.full(n, default, dtype=np.int32)
    values, missing = _column(col, name)
    ints, bad = _whole(values)
    bad |= ints > 2**32 - 1
    out: np.ndarray = np.clip(ints, -1, 2**31 - 1).astype(np.int32)
    out[bad] = -1
    if missing is not None:
        out[missing] = default
    return out


def _amounts(col: Any, n: int) -> np.ndarray:
    """The amount column as float64. Missing values take 0; NaN, infinite and
    negative amounts reach the core, which reports them as `invalid_value`."""
    if col is None:
        return np.zeros(n, dtype=np.float64)
    values, missing = _column(col, "amount")
    if missing is None:
        return np.ascontiguousarray(values, dtype=np.float64)  # no copy when it is already
    out = np.array(values, dtype=np.float64)  # a copy: missing rows are written
    out[missing] = 0.0
    return out


#: A flags value the core reports as `invalid_value` (bits beyond the flags).
_BAD_FLAGS = 2**16 - 1


def _bools(col: Any, n: int, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A flag column as (set, bad): booleans, or the numbers 0 and 1; any
    other value (2, -1, 0.5, NaN) is bad, a row error. Missing is not set."""
    values, missing = _column(col, name)
    if values.dtype.kind == "b":
        bits, bad = values.astype(bool), np.zeros(len(values), dtype=bool)
    else:
        bits = values == 1
        bad = ~bits & (values != 0)
    if missing is not None:
        bits &= ~missing
        bad &= ~missing
    return bits, bad


def _flags(flags: Any, n: int) -> np.ndarray:
    if flags is None:
        return np.zeros(n, dtype=np.uint16)
    if isinstance(flags, Mapping) or (_is_pandas_frame(flags)):
        mask = np.zeros(n, dtype=np.uint16)
        bad_rows = np.zeros(n, dtype=bool)
        for name, col in flags.items():
            if name not in FLAGS:
                raise RequestError(
                    "invalid_value", f"unknown flag {name!r}; known flags: {', '.join(FLAGS)}", f"flags.{name}"
                )
            bits, bad = _bools(col, n, f"flags.{name}")
            if len(bits) != n:
                raise RequestError("invalid_value", f"batch columns differ in length: item {n}, flags.{name} {len(bits)}")
            mask |= bits.astype(np.uint16) << FLAGS.index(name)
            bad_rows |= bad
        mask[bad_rows] = _BAD_FLAGS
        return mask
    # A bitmask column: a negative, fractional or too large value gets bits
    # beyond the flags, which the core reports as `invalid_value`; a missing
    # value is no flags.
    values, missing = _column(flags, "flags")
    ints, bad = _whole(values)
    bad |= (ints < 0) | (ints > _BAD_FLAGS)
    out = np.where(bad, _BAD_FLAGS, ints)
    if missing is not None:
        out[missing] = 0
    return out.astype(np.uint16)


def _is_pandas_frame(obj: object) -> bool:
    import sys

    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(obj, pd.DataFrame)


def _names(codes: np.ndarray, values: tuple[str, ...] | list[str]) -> np.ndarray:
    table = np.empty(len(values) + 1, dtype=object)
    table[1:] = values
    names: np.ndarray = table[codes]
    return names


def classify_batch(
    item: Any,
    reported_on: Any,
    *,
    flags: Any = None,
    parties: Any = None,
    repeat_count: Any = None,
    amount: Any = None,
    router: _wangshi.CaseRouter | None = None,
    output: Literal["numpy", "pandas", "arrow"] = "numpy",
) -> Any:
    """Classify every case of a columnar batch (``case.classify`` per row).

    Columns (one length; numpy, pyarrow, pandas or polars, as for
    :func:`visit_status_batch`):

    - ``item``: item codes (strings, ``MD-03``) or item indices (integers,
      ``router.catalog.item_index(code)``); a missing item is
      ``missing_field``, an unknown one ``unknown_item``.
    - ``reported_on``: dates (a missing date is ``missing_field``).
    - ``flags``: ``None`` (no flags), a mapping of flag name to a boolean
      column (a pandas DataFrame of booleans works; the numbers 0 and 1 are
      accepted too, any other number is a row error ``invalid_value``), or
      an integer bitmask column (bit k is :data:`FLAGS` ``[k]``; a negative
      or fractional value, or a bit beyond the flags, is a row error
      ``invalid_value``). A missing value is no flag.
    - ``parties`` (default 1), ``repeat_count`` (default 0), ``amount`` in
      yuan (default 0): numeric columns. A missing value (None, an arrow or
      polars null, pandas NA, or NaN in a plain pandas float Series, which
      is how pandas marks missing) takes the default. Any other NaN, an
      infinite or negative number, and a fractional count, is a row error
      ``invalid_value``, as in :func:`classify`.

    Returns columns named by :data:`CASE_COLUMNS`: ``case_class``,
    ``center``, ``level``, ``department`` (the whistled department or none)
    and ``error`` as strings (object arrays with None, categoricals, or
    dictionary arrays with nulls per ``output``), ``report_within_minutes``
    (0 without a whistle), ``mediation`` and ``immediate_report`` booleans,
    and ``matched_rules`` as a bitmask (``router.rule_ids(mask)`` names the
    rules). A bad row carries its error code and the others are computed.

    The Rust core runs with the GIL released; the numpy arrays it reads
    (the columns given, or the arrays they view) are read-only meanwhile
    (``writeable`` is restored afterwards), so that another thread's write
    to them fails rather than racing the core. See ``wangshi._readonly``
    for what that cannot cover.
    """
    if output not in ("numpy", "pandas", "arrow"):
        raise ValueError(f"output must be 'numpy', 'pandas' or 'arrow', got {output!r}")
    r = _router(router)
    catalog = r.catalog
    codes, values = _factorize(item, "item")
    if values is None:
        codes = np.where(codes < 0, _NO_ITEM, codes).astype(np.int64)
        lookup = np.arange(len(catalog), dtype=np.uint32)
    elif values is _INDICES:
        lookup = np.arange(len(catalog), dtype=np.uint32)
    else:
        lookup = _lookup(values, catalog.item_index, np.uint32, _NO_ITEM)
    codes = np.ascontiguousarray(codes, dtype=np.int64)
    n = len(codes)
    days, valid, offset, per_day = _day_column(reported_on, "reported_on")
    columns = (
        codes,
        lookup,
        days,
        valid,
        offset,
        _flags(flags, n),
        _counts(parties, n, 1, "parties"),
        _counts(repeat_count, n, 0, "repeat_count"),
        _amounts(amount, n),
        per_day,
    )
    with read_only(*columns):  # the core reads them with the GIL released
        raw = _wangshi._classify_batch(r, *columns)
    departments = r.departments
    enums = {
        "case_class": _CLASSES,
        "center": _CENTERS,
        "level": _LEVELS,
        "department": tuple(departments),
        "error": _ERRORS,
    }
    if output == "numpy":
        out = {c: raw[c] for c in CASE_COLUMNS}
        for c, names in enums.items():
            out[c] = _names(raw[c], names)
        out["mediation"] = raw["mediation"].view(bool)
        out["immediate_report"] = raw["immediate_report"].view(bool)
        return out
    if output == "pandas":
        import pandas as pd

        cols: dict[str, Any] = {c: raw[c] for c in CASE_COLUMNS}
        for c, names in enums.items():
            cols[c] = pd.Categorical.from_codes(raw[c].astype(np.int32) - 1, categories=list(names))
        cols["mediation"] = raw["mediation"].view(bool)
        cols["immediate_report"] = raw["immediate_report"].view(bool)
        return pd.DataFrame(cols, index=item.index if _is_pandas(item) else None, copy=False)
    pa = _pyarrow()
    arrays = []
    bad = raw["error"] != 0
    for c in CASE_COLUMNS:
        v = raw[c]
        if c in enums:
            idx = pa.array(np.maximum(v.astype(np.int32), 1) - 1, type=pa.int32(), mask=v == 0)
            arrays.append(pa.DictionaryArray.from_arrays(idx, pa.array(list(enums[c]), type=pa.string())))
        elif c in ("mediation", "immediate_report"):
            arrays.append(pa.array(v.view(bool), mask=bad))
        else:
            arrays.append(pa.array(v, mask=bad))
    return pa.Table.from_arrays(arrays, names=list(CASE_COLUMNS))
