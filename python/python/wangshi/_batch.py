"""Columnar batches: numpy, pyarrow, pandas and polars columns in; numpy
columns, a pandas DataFrame or a pyarrow Table out; one error code per row.

Every column is reduced to numpy buffers with vectorised calls and no
per-row Python objects: code columns (tiers, items) are encoded once per
*distinct* value (arrow dictionary encoding, pandas categoricals or
factorize, numpy unique) into integer codes plus a small lookup table;
dates stay as they are (datetime64 of any day-or-finer unit viewed as int64,
arrow date32 data with its validity bitmap). The native module then runs the
Rust core over those buffers, chunk by chunk, with the GIL released, and
writes the columns of the requested output form.
"""

from __future__ import annotations

import datetime as _dt
import sys
from typing import Any, Literal

import numpy as np

from . import _wangshi
from ._errors import DateError
from ._readonly import read_only

__all__ = ["visit_status_batch", "VISIT_COLUMNS", "NO_DATE"]

#: The "no date" sentinel of integer day columns, whatever their dtype
#: (missing ``last_visit`` in, no period out): ``-2**31``.
NO_DATE = -(2**31)
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
#
# A tier column becomes (codes, lookup): integer codes per row and, for
# factorized strings, a uint8 table from code to tier index (255 = not in the
# policy); a negative code is a missing tier. Without a lookup the codes are
# tier indices themselves. The native module maps codes to tier indices.

Tiers = tuple[np.ndarray, "np.ndarray | None"]
_NATIVE_CODES: tuple[type, ...] = (np.uint8, np.int8, np.int16, np.int32, np.int64, np.uint32)

#: `values` of a factorized column that holds indices themselves (with -1
#: codes for nulls): the lookup is the identity.
_INDICES: list[Any] = []


def _native(arr: np.ndarray) -> np.ndarray:
    """`arr` in the machine's byte order (a big-endian column is converted:
    its bytes read as they are would be other numbers)."""
    if arr.dtype.isnative:
        return arr
    return arr.astype(arr.dtype.newbyteorder("="))


def _int_codes(values: np.ndarray) -> np.ndarray:
    values = _native(values)
    if values.dtype.type in _NATIVE_CODES:
        return values
    return values.astype(np.int64)


#: A code past every lookup table: an index that is unknown, not missing.
_PAST_TABLES = 2**40


def _indices(values: np.ndarray, missing: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Integer indices with missing rows (a null, pandas NA): codes through
    the identity lookup, -1 for missing and a negative index made unknown
    (past the table) rather than missing."""
    codes = np.where(values < 0, _PAST_TABLES, values).astype(np.int64)
    codes[missing] = -1
    return codes, _INDICES


def _arrow_factorize(
    arr: Any, name: str, vocabulary: list[str] | None = None
) -> tuple[np.ndarray, list[Any] | None]:
    pa = _pyarrow()
    import pyarrow.compute as pc

    arr = _combine(arr)
    t = arr.type
    if pa.types.is_integer(t):
        if arr.null_count:
            values = pc.fill_null(arr.cast(pa.int64(), safe=False), 0).to_numpy()
            return _indices(values, arr.is_null().to_numpy(zero_copy_only=False))
        return _int_codes(arr.to_numpy()), None
    if pa.types.is_null(t):
        return np.full(len(arr), -1, dtype=np.int8), []
    if pa.types.is_string_view(t):
        arr = arr.cast(pa.large_string())
        t = arr.type
    if (pa.types.is_string(t) or pa.types.is_large_string(t)) and vocabulary is not None:
        # A small known vocabulary (tier codes): match the bytes in one pass.
        validity, offsets, data = arr.buffers()
        width = np.int32 if pa.types.is_string(t) else np.int64
        offs: Any = np.frombuffer(offsets, dtype=width, count=len(arr) + arr.offset + 1)[arr.offset :]
        raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
        bits = np.frombuffer(validity, dtype=np.uint8) if arr.null_count and validity is not None else None
        codes = _wangshi._match_strings(offs, raw, bits, arr.offset, vocabulary)
        return codes, [*vocabulary, None]
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        arr = pc.dictionary_encode(arr)
        t = arr.type
    if not pa.types.is_dictionary(t):
        raise TypeError(f"{name} must hold codes (strings) or indices (integers), got {t}")
    indices, dictionary = arr.indices, arr.dictionary
    if indices.null_count:
        codes = pc.fill_null(indices.cast(pa.int64()), -1).to_numpy()
    else:
        codes = _int_codes(indices.to_numpy())
    if dictionary.null_count:
        null_entry = np.append(dictionary.is_null().to_numpy(zero_copy_only=False), False)
        codes = np.where(null_entry[codes], -1, codes)
    return codes, dictionary.to_pylist()


def _factorize(
    col: Any, name: str, vocabulary: list[str] | None = None
) -> tuple[np.ndarray, list[Any] | None]:
    """A code column: (codes, distinct values), a negative code being a
    missing value; or (indices, None) for an integer column of indices.
    With a small `vocabulary` of the codes that matter, arrow strings are
    matched against it directly (other strings get a code past it)."""
    if _is_arrow(col):
        return _arrow_factorize(col, name, vocabulary)
    if _is_polars(col):
        return _arrow_factorize(col.to_arrow(), name, vocabulary)
    if _is_pandas(col):
        import pandas as pd

        if isinstance(col.dtype, pd.CategoricalDtype):
            return _int_codes(col.cat.codes.to_numpy()), list(col.cat.categories)
        if col.dtype.kind in "iu":
            if isinstance(col.dtype, np.dtype):
                return _int_codes(col.to_numpy()), None
            # Nullable integers (Int64, Int32, ...): NA is a missing value.
            missing = col.isna().to_numpy(dtype=bool)
            if not missing.any():
                return _int_codes(col.to_numpy(dtype=col.dtype.numpy_dtype)), None
            return _indices(col.to_numpy(dtype=np.int64, na_value=0), missing)
        if getattr(col.dtype, "storage", None) == "pyarrow" or isinstance(col.dtype, pd.ArrowDtype):
            # Arrow-backed strings (pandas' default `str` with pyarrow):
            # dictionary-encode the arrow data, no copy to Python objects.
            return _arrow_factorize(_pyarrow().array(col), name, vocabulary)
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        return _int_codes(codes), list(uniques)
    arr = np.asarray(col)
    if arr.ndim != 1:
        raise TypeError(f"{name} must be one-dimensional, got {arr.ndim} dimensions")
    if arr.dtype.kind in "iu" or len(arr) == 0:  # [] is float64 to numpy
        return _int_codes(arr), None
    if arr.dtype.kind in "US":
        uniques, codes = np.unique(arr, return_inverse=True)
        values = [u.decode() if isinstance(u, bytes) else str(u) for u in uniques.tolist()]
        return _int_codes(codes), values
    if arr.dtype.kind == "O":
        return _arrow_factorize(_pyarrow().array(arr, from_pandas=True), name)
    raise TypeError(f"{name} must hold codes (strings) or indices (integers), got {arr.dtype}")


def _lookup(values: list[Any], index_of: Any, dtype: Any, unknown: int) -> np.ndarray:
    """The index of each distinct value (`unknown` when `index_of` gives None)."""
    table = np.full(max(len(values), 1), unknown, dtype=dtype)
    for i, v in enumerate(values):
        t = index_of(v) if isinstance(v, str) else None
        if t is not None:
            table[i] = t
    return table


#: Vocabularies up to this size are matched directly (see `_factorize`).
_SMALL_VOCABULARY = 16


def _tier_column(col: Any, policy: _wangshi.VisitPolicy) -> Tiers:
    tiers = policy.tiers
    vocabulary = [t.code for t in tiers] if len(tiers) <= _SMALL_VOCABULARY else None
    codes, values = _factorize(col, "tier", vocabulary)
    if values is None:
        return codes, None
    if values is _INDICES:
        return codes, np.arange(_UNKNOWN_TIER, dtype=np.uint8)
    return codes, _lookup(values, policy.tier_index, np.uint8, _UNKNOWN_TIER)


# ---------------------------------------------------------------- dates
#
# A date column becomes (values, validity, offset): int32 days (NO_DATE for
# missing) or int64 days (NaT for missing), and for arrow columns with nulls
# the validity bitmap and its bit offset, all zero-copy where possible.

Days = tuple[np.ndarray, "np.ndarray | None", int, int]
#: Units per day of the datetime64 units the native module floors itself.
_PER_DAY = {"D": 1, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _arrow_days(arr: Any, name: str) -> Days:
    pa = _pyarrow()
    import pyarrow.compute as pc

    arr = _combine(arr)
    t = arr.type
    if pa.types.is_null(t):
        return np.full(len(arr), NO_DATE, dtype=np.int32), None, 0, 1
    if pa.types.is_timestamp(t) and t.tz is not None:
        raise TypeError(f"{name} holds time-zone-aware timestamps; pass local civil dates")
    if pa.types.is_timestamp(t):
        arr = pc.floor_temporal(arr, unit="day").cast(pa.date32())
    elif pa.types.is_date64(t):
        arr = arr.cast(pa.date32())
    elif pa.types.is_integer(t):
        # Day numbers; a null is a missing date.
        missing = arr.is_null().to_numpy(zero_copy_only=False) if arr.null_count else None
        return _integer_days(pc.fill_null(arr, 0).to_numpy(), missing)
    elif not pa.types.is_date32(t):
        raise TypeError(f"{name} must hold dates (date32) or day numbers (integers), got {t}")
    validity, data = arr.buffers()
    values = np.frombuffer(data, dtype=np.int32, count=len(arr) + arr.offset)[arr.offset :]
    if arr.null_count == 0 or validity is None:
        return values, None, 0, 1
    return values, np.frombuffer(validity, dtype=np.uint8), arr.offset, 1


_NAT = np.iinfo(np.int64).min


def _integer_days(values: np.ndarray, missing: np.ndarray | None = None) -> Days:
    """Integer day numbers since 1970-01-01 of any dtype. ``NO_DATE`` means
    missing whatever the dtype (as do the rows of `missing`): int32 columns
    pass as they are (``NO_DATE`` is the native module's int32 sentinel),
    others as int64 with NaT (its int64 sentinel) for missing."""
    values = _native(values)
    if values.dtype == np.int32:
        if missing is not None and missing.any():
            values = np.where(missing, np.int32(NO_DATE), values)
        return values, None, 0, 1
    if values.dtype.kind == "u" and values.dtype.itemsize == 8:
        # Beyond int64: far outside 1900-2199 (an invalid date), not wrapped.
        values = np.minimum(values, np.iinfo(np.int64).max)
    days = values.astype(np.int64, copy=False)
    absent = days == NO_DATE
    if missing is not None:
        absent |= missing
    if absent.any():
        days = np.where(absent, _NAT, days)
    return days, None, 0, 1


def _object_days(arr: np.ndarray, name: str) -> Days:
    """An object column: dates, naive datetimes, day numbers, None."""
    if any(getattr(v, "tzinfo", None) is not None for v in arr):
        raise TypeError(f"{name} holds time-zone-aware timestamps; pass local civil dates")
    if all(v is None or (isinstance(v, (int, np.integer)) and not isinstance(v, bool)) for v in arr):
        # Day numbers; one beyond int64 is capped (an invalid date either way).
        missing = np.fromiter((v is None for v in arr), dtype=bool, count=len(arr))
        big = 2**63 - 1
        ints = np.fromiter((0 if v is None else min(max(int(v), -big), big) for v in arr), dtype=np.int64, count=len(arr))
        return _integer_days(ints, missing)
    return arr.astype("datetime64[D]").view(np.int64), None, 0, 1


def _numpy_days(arr: np.ndarray, name: str) -> Days:
    if arr.ndim != 1:
        raise TypeError(f"{name} must be one-dimensional, got {arr.ndim} dimensions")
    if len(arr) == 0:  # [] is float64 to numpy
        return np.zeros(0, dtype=np.int32), None, 0, 1
    arr = _native(arr)
    kind = arr.dtype.kind
    if kind == "M":
        unit, count = np.datetime_data(arr.dtype)
        if count == 1 and unit in _PER_DAY:
            # Viewed as int64; the native module floors to the day.
            return arr.view(np.int64), None, 0, _PER_DAY[unit]
        # Floors to the day (numpy's datetime casts round towards -inf).
        return arr.astype("datetime64[D]").view(np.int64), None, 0, 1
    if kind in "iu":
        return _integer_days(arr)
    if kind == "O":
        return _object_days(arr, name)
    raise TypeError(
        f"{name} must hold dates (datetime64, date32 or datetime.date) or day numbers (integers), got {arr.dtype}"
    )


def _day_column(col: Any, name: str) -> Days:
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
        if not isinstance(col.dtype, np.dtype) and col.dtype.kind in "iu":
            # Nullable integers (Int64, Int32, ...): NA is a missing date.
            missing = col.isna().to_numpy(dtype=bool)
            return _integer_days(col.to_numpy(dtype=col.dtype.numpy_dtype, na_value=0), missing)
        return _numpy_days(col.to_numpy(), name)
    return _numpy_days(np.asarray(col), name)


_EPOCH = _dt.date(1970, 1, 1)


def _as_of(as_of: Any) -> Any:
    if isinstance(as_of, np.datetime64):
        if np.isnat(as_of):
            raise TypeError("as_of must be a date, got NaT")
        return as_of.astype("datetime64[D]").item()
    if isinstance(as_of, (int, np.integer)) and not isinstance(as_of, bool):
        # A day number since 1970-01-01, as the integer day columns take.
        try:
            return _EPOCH + _dt.timedelta(days=int(as_of))
        except OverflowError:
            raise DateError("invalid_date", f"day number {as_of} is outside 1900-01-01..2199-12-31", "as_of") from None
    return as_of


# ---------------------------------------------------------------- output


def _names(values: tuple[str, ...]) -> list[str | None]:
    """Code → name (code 0: None)."""
    return [None, *values]


_STATE_NAMES = _names(_STATES)
_ALERT_NAMES = _names(_ALERTS)
_ERROR_NAMES = _names(_ERRORS)


def _numpy_output(raw: dict[str, Any]) -> dict[str, np.ndarray]:
    names = _wangshi._names_column  # object arrays of the shared strings
    return {
        "state": names(raw["state"], _STATE_NAMES),
        "period_start": raw["period_start"].view("datetime64[D]"),
        "period_end": raw["period_end"].view("datetime64[D]"),
        "due": raw["due"].view("datetime64[D]"),
        "days_left": raw["days_left"],
        "missed_periods": raw["missed_periods"],
        "alert": names(raw["alert"], _ALERT_NAMES),
        "error": names(raw["error"], _ERROR_NAMES),
    }


def _pandas_output(raw: dict[str, Any], index: Any) -> Any:
    import pandas as pd

    def cat(codes: np.ndarray, values: tuple[str, ...]) -> Any:
        # The native module wrote Categorical codes (-1 for none) as int8.
        return pd.Categorical.from_codes(codes.view(np.int8), categories=list(values), validate=False)

    return pd.DataFrame(
        {
            "state": cat(raw["state"], _STATES),
            "period_start": raw["period_start"].view("datetime64[s]"),
            "period_end": raw["period_end"].view("datetime64[s]"),
            "due": raw["due"].view("datetime64[s]"),
            "days_left": raw["days_left"],
            "missed_periods": raw["missed_periods"],
            "alert": cat(raw["alert"], _ALERTS),
            "error": cat(raw["error"], _ERRORS),
        },
        index=index,
        copy=False,
    )


def _arrow_output(raw: dict[str, Any]) -> Any:
    """The result as a ``pyarrow.Table``, built zero-copy on the buffers the
    native module wrote (dictionary indices and validity bitmaps included)."""
    pa = _pyarrow()
    n = len(raw["state"])

    def array(t: Any, values: np.ndarray, valid: tuple[np.ndarray, int]) -> Any:
        bits, nulls = valid
        validity = pa.py_buffer(bits) if nulls else None
        return pa.Array.from_buffers(t, n, [validity, pa.py_buffer(values)], null_count=nulls)

    def names(values: np.ndarray, valid: tuple[np.ndarray, int], dictionary: tuple[str, ...]) -> Any:
        indices = array(pa.uint8(), values, valid)
        # The native module wrote only indices within the dictionary.
        return pa.DictionaryArray.from_arrays(indices, pa.array(dictionary, type=pa.string()), safe=False)

    ok = raw["ok_valid"]
    return pa.Table.from_arrays(
        [
            names(raw["state"], ok, _STATES),
            array(pa.date32(), raw["period_start"], raw["period_valid"]),
            array(pa.date32(), raw["period_end"], raw["period_valid"]),
            array(pa.date32(), raw["due"], ok),
            array(pa.int32(), raw["days_left"], ok),
            array(pa.uint32(), raw["missed_periods"], ok),
            names(raw["alert"], raw["alert_valid"], _ALERTS),
            names(raw["error"], raw["error_valid"], _ERRORS),
        ],
        names=list(VISIT_COLUMNS),
    )


_LAYOUTS = {"numpy": "datetime64[D]", "pandas": "pandas", "arrow": "arrow"}


def visit_status_batch(
    tier: Any,
    tier_since: Any,
    last_visit: Any,
    as_of: _dt.date | str | np.datetime64 | int,
    policy: _wangshi.VisitPolicy | None = None,
    *,
    output: Literal["numpy", "pandas", "arrow"] = "numpy",
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
      ``tier_since`` is ``missing_field``. Integer day columns of any
      dtype (int64, numpy's default, and plain lists of ints included) take
      ``NO_DATE`` (or None/null/NA) for missing; a pandas ``Int64``/``Int32``
      column's NA is missing too. Time-zone-aware timestamps (pandas, arrow,
      polars or ``datetime`` objects in an object array) raise
      ``TypeError``: pass local civil dates. Big-endian numpy columns are
      read in their own byte order.
    - ``as_of``: a ``datetime.date``, a ``YYYY-MM-DD`` string, a
      ``numpy.datetime64`` or an integer day number since 1970-01-01.

    Returns, per ``output`` (columns named by :data:`VISIT_COLUMNS`):

    - ``"numpy"`` (default): a ``dict`` of numpy arrays: ``state``,
      ``alert`` and ``error`` as object arrays of the code strings (``None``
      for none; the strings are shared, not made per row),
      ``period_start``/``period_end``/``due`` as ``datetime64[D]`` (NaT for
      none), ``days_left`` ``int32``, ``missed_periods`` ``uint32`` (0 on
      error rows).
    - ``"pandas"``: a ``pandas.DataFrame`` (indexed like ``tier`` when that
      is a Series): ``state``, ``alert``, ``error`` categorical, dates
      ``datetime64[s]``.
    - ``"arrow"``: a ``pyarrow.Table``: strings dictionary-encoded, dates
      ``date32``, nulls for none (and for the numbers of error rows). The
      fastest form: built zero-copy on the buffers the core wrote.

    A bad row gets its error code in ``error`` (``unknown_tier``,
    ``missing_field``, ``invalid_date``, ``tier_since_after_as_of``,
    ``visit_after_as_of``) and every other row is still computed. The Rust
    core runs with the GIL released; the numpy arrays it reads (the columns
    given, or the arrays they view) are read-only meanwhile and writeable
    again afterwards, so that another thread's write to them fails rather
    than racing the core (``wangshi._readonly`` says what that cannot cover).
    Empty columns give empty results.

    Raises ``DateError`` for a bad ``as_of``, ``RequestError`` when the
    columns differ in length, ``TypeError`` for an unsupported column type.
    """
    if output not in _LAYOUTS:
        raise ValueError(f"output must be 'numpy', 'pandas' or 'arrow', got {output!r}")
    p = _policy(policy)
    codes, lookup = _tier_column(tier, p)
    since, since_valid, since_offset, since_per_day = _day_column(tier_since, "tier_since")
    last, last_valid, last_offset, last_per_day = _day_column(last_visit, "last_visit")
    with read_only(codes, lookup, since, since_valid, last, last_valid):  # read with the GIL released
        raw = _wangshi._visit_status_batch(
            p, _as_of(as_of), codes, lookup, since, since_valid, since_offset,
            last, last_valid, last_offset, _LAYOUTS[output], since_per_day, last_per_day,
        )
    if output == "numpy":
        return _numpy_output(raw)
    if output == "pandas":
        return _pandas_output(raw, tier.index if _is_pandas(tier) else None)
    return _arrow_output(raw)
