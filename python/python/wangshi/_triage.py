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
    unknown flag or a negative count or amount).
    """
    return _router(router).classify(
        item, reported_on, parties=parties, repeat_count=repeat_count, amount=amount,
        flags=list(flags), id=id,
    )


def _numbers(col: Any, n: int, default: float, dtype: Any, lo: float, hi: float, name: str) -> np.ndarray:
    """A numeric column; missing values (None, null, NaN, NA) take `default`,
    values beyond the column type are clipped (the core then reports the
    row when the value is out of its domain)."""
    if col is None:
        return np.full(n, default, dtype=dtype)
    if _is_polars(col):
        col = col.to_arrow()
    if _is_arrow(col):
        import pyarrow.compute as pc

        pa = _pyarrow()
        col = pc.fill_null(col.cast(pa.float64()), default).to_numpy()
    elif _is_pandas(col):
        col = col.astype("float64").fillna(default).to_numpy()
    arr = np.asarray(col)
    if arr.ndim != 1 or arr.dtype.kind not in "iufb":
        raise TypeError(f"{name} must be a one-dimensional numeric column, got {arr.dtype} with {arr.ndim} dimensions")
    if arr.dtype.kind == "f":
        arr = np.where(np.isnan(arr), default, arr)
    if np.dtype(dtype).kind == "f":
        return np.ascontiguousarray(arr, dtype=dtype)
    clipped: np.ndarray = np.clip(arr, lo, hi).astype(dtype)
    return clipped


def _bools(col: Any, n: int, name: str) -> np.ndarray:
    return _numbers(col, n, 0, np.uint16, 0, 1, name).astype(bool)


def _flags(flags: Any, n: int) -> np.ndarray:
    if flags is None:
        return np.zeros(n, dtype=np.uint16)
    if isinstance(flags, Mapping) or (_is_pandas_frame(flags)):
        mask = np.zeros(n, dtype=np.uint16)
        for name, col in flags.items():
            if name not in FLAGS:
                raise RequestError(
                    "invalid_value", f"unknown flag {name!r}; known flags: {', '.join(FLAGS)}", f"flags.{name}"
                )
            bits = _bools(col, n, f"flags.{name}")
            if len(bits) != n:
                raise RequestError("invalid_value", f"batch columns differ in length: item {n}, flags.{name} {len(bits)}")
            mask |= bits.astype(np.uint16) << FLAGS.index(name)
        return mask
    # A bitmask column; negative or too large values become row errors.
    return _numbers(flags, n, 0, np.uint16, 0, 2**16 - 1, "flags").astype(np.uint16)


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
      column (a pandas DataFrame of booleans works), or an integer bitmask
      column (bit k is :data:`FLAGS` ``[k]``).
    - ``parties`` (default 1), ``repeat_count`` (default 0), ``amount`` in
      yuan (default 0): numeric columns; missing values take the default.

    Returns columns named by :data:`CASE_COLUMNS`: ``case_class``,
    ``center``, ``level``, ``department`` (the whistled department or none)
    and ``error`` as strings (object arrays with None, categoricals, or
    dictionary arrays with nulls per ``output``), ``report_within_minutes``
    (0 without a whistle), ``mediation`` and ``immediate_report`` booleans,
    and ``matched_rules`` as a bitmask (``router.rule_ids(mask)`` names the
    rules). A bad row carries its error code and the others are computed.
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
    raw = _wangshi._classify_batch(
        r,
        codes,
        lookup,
        days,
        valid,
        offset,
        _flags(flags, n),
        _numbers(parties, n, 1, np.int32, -(2**31), 2**31 - 1, "parties"),
        _numbers(repeat_count, n, 0, np.int32, -(2**31), 2**31 - 1, "repeat_count"),
        _numbers(amount, n, 0.0, np.float64, 0, 0, "amount"),
        per_day,
    )
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
