"""Columnar batches: numpy, pyarrow, pandas and polars columns in, numpy
columns or a pyarrow Table out, one error code per row.

Every column is turned into a contiguous numpy array with vectorised calls
(no per-row Python objects): tier codes are encoded once per *distinct*
value (pyarrow dictionary encoding, pandas categoricals or factorize, numpy
unique), dates become day numbers. The native module then runs the Rust core
over those buffers with the GIL released.
"""

from __future__ import annotations

import datetime as _dt
import sys
from typing import Any, Literal

import numpy as np

from . import _wangshi

__all__ = ["visit_status_batch", "VISIT_COLUMNS", "NO_DATE"]

#: The "no date" sentinel of int32 day columns (missing ``last_visit`` in,
#: no period out): ``-2**31``.
NO_DATE = -(2**31)
_NAT = np.iinfo(np.int64).min
_UNKNOWN_TIER = 255  # no policy has 256 tiers: always `unknown_tier`

#: The columns of a visit batch result, in order.
VISIT_COLUMNS = (
    "state",
    "period_start",
    "period_end",
    "due",
    "days_left",
    "missed_periods",
    "alert",
    "error",
)
_STATES = ("done", "pending", "due_soon", "overdue")
_ALERTS = ("reminder", "warning", "escalation")
_ERRORS: tuple[str, ...] = tuple(_wangshi._ERROR_NAMES[1:])
_STATE_NAMES = np.array(("",) + _STATES)
_ALERT_NAMES = np.array(("",) + _ALERTS)
_ERROR_NAMES = np.array(("",) + _ERRORS)

_default_policy: _wangshi.VisitPolicy | None = None


def _policy(policy: _wangshi.VisitPolicy | None) -> _wangshi.VisitPolicy:
    global _default_policy
    if policy is None:
        if _default_policy is None:
            _default_policy = _wangshi.VisitPolicy()
        return _default_policy
    if not isinstance(policy, _wangshi.VisitPolicy):
        raise TypeError(f"policy must be a wangshi.VisitPolicy or None, got {type(policy).__name__}")
    return policy


def _module_of(obj: object) -> str:
    return type(obj).__module__.split(".", 1)[0]


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - exercised only without pyarrow
        raise TypeError(
            "this column type needs pyarrow (pip install 'wangshi[arrow]')"
        ) from e
    return pyarrow


def _is_arrow(obj: object) -> bool:
    pa = sys.modules.get("pyarrow")
    return pa is not None and isinstance(obj, (pa.Array, pa.ChunkedArray))


def _is_pandas(obj: object) -> bool:
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(obj, pd.Series)


def _is_polars(obj: object) -> bool:
    pl = sys.modules.get("polars")
    return pl is not None and isinstance(obj, pl.Series)


def _combine(arr: Any) -> Any:
    pa = _pyarrow()
    if isinstance(arr, pa.ChunkedArray):
        return arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    return arr


# ---------------------------------------------------------------- tiers


def _lookup(values: list[Any], policy: _wangshi.VisitPolicy) -> tuple[np.ndarray, np.ndarray]:
    """Tier index and "missing" flag of each distinct value, plus a last
    entry (index -1) for a missing value."""
    idx = np.full(len(values) + 1, _UNKNOWN_TIER, dtype=np.uint8)
    missing = np.zeros(len(values) + 1, dtype=np.bool_)
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and v != v):
            missing[i] = True
            continue
        t = policy.tier_index(v) if isinstance(v, str) else None
        if t is not None:
            idx[i] = t
    missing[-1] = True
    return idx, missing


def _from_codes(
    codes: np.ndarray, values: list[Any], policy: _wangshi.VisitPolicy
) -> tuple[np.ndarray, np.ndarray | None]:
    """Tier indices of factorized codes (-1 = missing)."""
    idx, missing = _lookup(values, policy)
    codes = np.asarray(codes)
    tiers = idx[codes]
    miss = missing[codes]
    return tiers, (miss if miss.any() else None)


def _from_ints(values: np.ndarray) -> np.ndarray:
    """Integer columns are tier indices: anything outside 0..254 is unknown."""
    if values.dtype == np.uint8:
        return np.ascontiguousarray(values)
    ok = (values >= 0) & (values < _UNKNOWN_TIER)
    return np.where(ok, values, _UNKNOWN_TIER).astype(np.uint8)


def _arrow_tiers(arr: Any, policy: _wangshi.VisitPolicy) -> tuple[np.ndarray, np.ndarray | None]:
    pa = _pyarrow()
    import pyarrow.compute as pc

    arr = _combine(arr)
    t = arr.type
    if pa.types.is_integer(t):
        if arr.null_count:
            missing = arr.is_null().to_numpy(zero_copy_only=False)
            return _from_ints(pc.fill_null(arr, _UNKNOWN_TIER).to_numpy()), missing
        return _from_ints(arr.to_numpy()), None
    if pa.types.is_null(t):
        return (
            np.full(len(arr), _UNKNOWN_TIER, dtype=np.uint8),
            np.ones(len(arr), dtype=np.bool_),
        )
    if pa.types.is_string_view(t):
        arr = arr.cast(pa.large_string())
        t = arr.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        arr = pc.dictionary_encode(arr)
        t = arr.type
    if not pa.types.is_dictionary(t):
        raise TypeError(f"tier must hold tier codes (strings) or tier indices (integers), got {t}")
    indices = arr.indices
    if indices.null_count:
        codes = pc.fill_null(indices.cast(pa.int64()), -1).to_numpy()
    else:
        codes = indices.to_numpy()
    return _from_codes(codes, arr.dictionary.to_pylist(), policy)


def _tier_column(col: Any, policy: _wangshi.VisitPolicy) -> tuple[np.ndarray, np.ndarray | None]:
    if _is_arrow(col):
        return _arrow_tiers(col, policy)
    if _is_polars(col):
        return _arrow_tiers(col.to_arrow(), policy)
    if _is_pandas(col):
        import pandas as pd

        if isinstance(col.dtype, pd.CategoricalDtype):
            return _from_codes(col.cat.codes.to_numpy(), list(col.cat.categories), policy)
        if col.dtype.kind in "iu":
            return _from_ints(col.to_numpy()), None
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        return _from_codes(codes, list(uniques), policy)
    arr = np.asarray(col)
    if arr.ndim != 1:
        raise TypeError(f"tier must be one-dimensional, got {arr.ndim} dimensions")
    if arr.dtype.kind in "iu":
        return _from_ints(arr), None
    if arr.dtype.kind in "US":
        uniques, codes = np.unique(arr, return_inverse=True)
        values = [u.decode() if isinstance(u, bytes) else str(u) for u in uniques.tolist()]
        return _from_codes(codes, values, policy)
    if arr.dtype.kind == "O":
        return _arrow_tiers(_pyarrow().array(arr, from_pandas=True), policy)
    raise TypeError(f"tier must hold tier codes (strings) or tier indices (integers), got {arr.dtype}")


# ---------------------------------------------------------------- dates


def _arrow_days(arr: Any, name: str) -> np.ndarray:
    pa = _pyarrow()
    import pyarrow.compute as pc

    arr = _combine(arr)
    t = arr.type
    if pa.types.is_null(t):
        return np.full(len(arr), NO_DATE, dtype=np.int32)
    if pa.types.is_timestamp(t) and t.tz is not None:
        raise TypeError(f"{name} holds time-zone-aware timestamps; pass local civil dates")
    if pa.types.is_date64(t) or pa.types.is_timestamp(t):
        arr = pc.floor_temporal(arr, unit="day").cast(pa.date32()) if pa.types.is_timestamp(t) else arr.cast(pa.date32())
        t = arr.type
    if not pa.types.is_date32(t):
        raise TypeError(f"{name} must hold dates (date32), got {t}")
    ints = arr.view(pa.int32())
    if ints.null_count:
        ints = pc.fill_null(ints, NO_DATE)
    return np.ascontiguousarray(ints.to_numpy())


def _numpy_days(arr: np.ndarray, name: str) -> np.ndarray:
    if arr.ndim != 1:
        raise TypeError(f"{name} must be one-dimensional, got {arr.ndim} dimensions")
    kind = arr.dtype.kind
    if kind == "M":
        if arr.dtype != np.dtype("datetime64[D]"):
            # Floors to the day (numpy's datetime casts round towards -inf).
            arr = arr.astype("datetime64[D]")
        return arr.view(np.int64)
    if kind in "iu":
        if arr.dtype == np.int32 or arr.dtype == np.int64:
            return arr
        return arr.astype(np.int64)
    if kind == "O":
        return arr.astype("datetime64[D]").view(np.int64)
    raise TypeError(f"{name} must hold dates (datetime64, date32 or datetime.date), got {arr.dtype}")


def _day_column(col: Any, name: str) -> np.ndarray:
    if _is_arrow(col):
        return _arrow_days(col, name)
    if _is_polars(col):
        return _arrow_days(col.to_arrow(), name)
    if _is_pandas(col):
        import pandas as pd

        if isinstance(col.dtype, pd.DatetimeTZDtype):
            raise TypeError(f"{name} holds time-zone-aware timestamps; pass local civil dates")
        if isinstance(col.dtype, pd.ArrowDtype) or col.dtype == object:
            return _arrow_days(_pyarrow().array(col, from_pandas=True), name)
        if col.dtype.kind == "M":
            return _numpy_days(col.to_numpy(), name)
        return _numpy_days(col.to_numpy(), name)
    return _numpy_days(np.asarray(col), name)


def _as_of(as_of: Any) -> Any:
    if isinstance(as_of, np.datetime64):
        if np.isnat(as_of):
            raise TypeError("as_of must be a date, got NaT")
        return as_of.astype("datetime64[D]").item()
    return as_of


# ---------------------------------------------------------------- output


def _numpy_dates(col: np.ndarray) -> np.ndarray:
    out = col.astype(np.int64)
    out[col == NO_DATE] = _NAT
    return out.view("datetime64[D]")


def _numpy_output(cols: tuple[np.ndarray, ...]) -> dict[str, np.ndarray]:
    state, ps, pe, due, days_left, missed, alert, error = cols
    return {
        "state": _STATE_NAMES[state],
        "period_start": _numpy_dates(ps),
        "period_end": _numpy_dates(pe),
        "due": _numpy_dates(due),
        "days_left": days_left,
        "missed_periods": missed,
        "alert": _ALERT_NAMES[alert],
        "error": _ERROR_NAMES[error],
    }


def _arrow_output(cols: tuple[np.ndarray, ...]) -> Any:
    """The result as a ``pyarrow.Table``."""
    pa = _pyarrow()
    state, ps, pe, due, days_left, missed, alert, error = cols
    bad = error != 0

    def names(codes: np.ndarray, values: tuple[str, ...]) -> Any:
        # Column value 0 means "none": a null; k >= 1 is values[k - 1].
        indices = pa.array(np.maximum(codes, 1) - 1, type=pa.uint8(), mask=codes == 0)
        return pa.DictionaryArray.from_arrays(indices, pa.array(values, type=pa.string()))

    def dates(col: np.ndarray) -> Any:
        return pa.array(col, type=pa.int32(), mask=col == NO_DATE).view(pa.date32())

    return pa.Table.from_arrays(
        [
            names(state, _STATES),
            dates(ps),
            dates(pe),
            dates(due),
            pa.array(days_left, type=pa.int32(), mask=bad),
            pa.array(missed, type=pa.uint32(), mask=bad),
            names(alert, _ALERTS),
            names(error, _ERRORS),
        ],
        names=list(VISIT_COLUMNS),
    )


def visit_status_batch(
    tier: Any,
    tier_since: Any,
    last_visit: Any,
    as_of: _dt.date | str | np.datetime64,
    policy: _wangshi.VisitPolicy | None = None,
    *,
    output: Literal["numpy", "arrow"] = "numpy",
) -> Any:
    """Visit status (分色管理) of every resident of a columnar batch as of ``as_of``.

    Columns (all of one length) may be numpy arrays, pyarrow Arrays or
    ChunkedArrays, pandas Series or polars Series:

    - ``tier``: tier codes as strings (numpy ``str``, arrow string or
      dictionary, pandas ``str``/``object``/categorical, polars
      ``String``/``Categorical``/``Enum``), or tier indices as integers
      (``policy.tier_index(code)``). A code not in the policy is
      ``unknown_tier``; a missing tier is ``missing_field``.
    - ``tier_since``, ``last_visit``: dates as numpy ``datetime64`` (any
      unit, floored to the day; NaT for missing), arrow ``date32``/``date64``
      or naive timestamps (null for missing), pandas/polars date or datetime
      columns, or integer days since 1970-01-01 (``NO_DATE`` for missing).
      A missing ``last_visit`` means "never visited"; a missing
      ``tier_since`` is ``missing_field``.

    Returns, per ``output``:

    - ``"numpy"`` (default): a ``dict`` of numpy arrays named by
      :data:`VISIT_COLUMNS`: ``state``, ``alert`` and ``error`` as strings
      (``""`` for none), ``period_start``/``period_end``/``due`` as
      ``datetime64[D]`` (NaT for none), ``days_left`` ``int32``,
      ``missed_periods`` ``uint32``.
    - ``"arrow"``: a ``pyarrow.Table`` with the same columns: strings
      dictionary-encoded, dates ``date32``, nulls for none (and for the
      numbers of error rows).

    A bad row gets its error code in ``error`` (``unknown_tier``,
    ``missing_field``, ``invalid_date``, ``tier_since_after_as_of``,
    ``visit_after_as_of``) and every other row is still computed. The Rust
    core runs with the GIL released.

    Raises ``DateError`` for a bad ``as_of``, ``RequestError`` when the
    columns differ in length, ``TypeError`` for an unsupported column type.
    """
    if output not in ("numpy", "arrow"):
        raise ValueError(f"output must be 'numpy' or 'arrow', got {output!r}")
    p = _policy(policy)
    tiers, tier_missing = _tier_column(tier, p)
    since = _day_column(tier_since, "tier_since")
    last = _day_column(last_visit, "last_visit")
    cols = _wangshi._visit_status_batch(p, _as_of(as_of), tiers, since, last, tier_missing)
    return _numpy_output(cols) if output == "numpy" else _arrow_output(cols)
