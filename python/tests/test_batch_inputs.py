"""Column forms `visit_status_batch` and `classify_batch` must read right:
integer day columns of any dtype with `NO_DATE`, big-endian arrays,
time-zone-aware datetime objects, pandas nullable integers, empty input,
integer `as_of`, and inputs held read-only while the core runs."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import wangshi
from wangshi import NO_DATE
from wangshi import _wangshi

AS_OF = dt.date(2026, 11, 26)
TIERS = np.array(["green", "red", "orange"])
SINCE = np.array(["2025-01-01", "2026-01-01", "2026-03-01"], dtype="M8[D]")
LAST = np.array(["2026-11-01", "NaT", "2026-11-20"], dtype="M8[D]")
SINCE_DAYS = SINCE.astype(np.int64)
LAST_DAYS = [20758, NO_DATE, 20777]  # 2026-11-01, never visited, 2026-11-20


def result(out: dict[str, np.ndarray]) -> list[tuple[Any, ...]]:
    return list(zip(out["state"], out["due"].tolist(), out["missed_periods"].tolist(), out["error"]))


EXPECTED = result(wangshi.visit_status_batch(TIERS, SINCE, LAST, AS_OF))


def test_the_reference_rows() -> None:
    assert [r[0] for r in EXPECTED] == ["done", "overdue", "pending"]
    assert [r[3] for r in EXPECTED] == [None, None, None]
    # Row by row with the typed API.
    policy = wangshi.VisitPolicy()
    for i, (state, due, missed, _) in enumerate(EXPECTED):
        last = None if np.isnat(LAST[i]) else LAST[i].item()
        s = policy.status(str(TIERS[i]), SINCE[i].item(), AS_OF, last_visit=last)
        assert (s.state, s.due, s.missed_periods) == (state, due, missed)


# ------------------------------------------------------------ integer days


@pytest.mark.parametrize(
    "last",
    [
        pytest.param(np.array(LAST_DAYS, dtype=np.int64), id="int64"),
        pytest.param(np.array(LAST_DAYS, dtype=np.int32), id="int32"),
        pytest.param(np.array(LAST_DAYS, dtype=">i8"), id="big-endian int64"),
        pytest.param(LAST_DAYS, id="list of ints"),
        pytest.param([20758, None, 20777], id="list with None"),
        pytest.param(np.array(LAST_DAYS, dtype=object), id="object ints"),
        pytest.param(pd.Series(LAST_DAYS), id="pandas int64"),
        pytest.param(pd.Series([20758, pd.NA, 20777], dtype="Int64"), id="pandas Int64 NA"),
        pytest.param(pd.Series([20758, pd.NA, 20777], dtype="Int32"), id="pandas Int32 NA"),
        pytest.param(pd.Series(LAST_DAYS, dtype="Int64"), id="pandas Int64 NO_DATE"),
        pytest.param(pd.Series([20758, None, 20777], dtype=object), id="pandas object"),
        pytest.param(pa.array([20758, None, 20777], pa.int32()), id="arrow int32 null"),
        pytest.param(pa.array(LAST_DAYS, pa.int64()), id="arrow int64 NO_DATE"),
        pytest.param(pl.Series([20758, None, 20777]), id="polars Int64 null"),
    ],
)
def test_no_date_or_null_means_never_visited_in_any_integer_day_column(last: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = wangshi.visit_status_batch(TIERS, SINCE_DAYS, last, AS_OF)
    assert result(out) == EXPECTED


@pytest.mark.parametrize("dtype", [np.int64, np.int32, "Int64"])
def test_a_missing_integer_tier_since_is_missing_field(dtype: Any) -> None:
    since = pd.Series([int(SINCE_DAYS[0]), NO_DATE, int(SINCE_DAYS[2])], dtype=dtype)
    out = wangshi.visit_status_batch(TIERS, since, LAST, AS_OF)
    assert list(out["error"]) == [None, "missing_field", None]
    na = pd.Series([int(SINCE_DAYS[0]), pd.NA, int(SINCE_DAYS[2])], dtype="Int64")
    assert list(wangshi.visit_status_batch(TIERS, na, LAST, AS_OF)["error"]) == [None, "missing_field", None]


@pytest.mark.parametrize(
    "days",
    [
        pytest.param(np.array([2**40, -(2**40), 2**31], dtype=np.int64), id="beyond int32"),
        pytest.param(np.array([2**64 - 1, 2**63, 2**40], dtype=np.uint64), id="uint64 beyond int64"),
        pytest.param([2**70, -(2**70), 2**40], id="beyond int64"),
        pytest.param([2**70, None, 2**40], id="beyond int64 with None"),
    ],
)
def test_day_numbers_far_outside_the_range_are_invalid_dates_not_wrapped(days: Any) -> None:
    out = wangshi.visit_status_batch(TIERS, days, LAST, AS_OF)
    assert list(out["error"]) in (["invalid_date"] * 3, ["invalid_date", "missing_field", "invalid_date"])


def test_integer_reported_on_with_no_date_is_missing_field_in_classify_batch() -> None:
    day = int(np.datetime64("2026-11-20", "D").astype(np.int64))
    out = wangshi.classify_batch(["CS-01"] * 3, np.array([day, NO_DATE, day], dtype=np.int64))
    assert list(out["error"]) == [None, "missing_field", None]


# ------------------------------------------------------------ byte order


@pytest.mark.parametrize(
    ("since", "last"),
    [
        pytest.param(SINCE.astype(">M8[D]"), LAST.astype(">M8[D]"), id="datetime64[D]"),
        pytest.param(SINCE.astype(">M8[s]"), LAST.astype(">M8[s]"), id="datetime64[s]"),
        pytest.param(SINCE.astype(">M8[ns]"), LAST.astype(">M8[ns]"), id="datetime64[ns]"),
        pytest.param(SINCE_DAYS.astype(">i4"), np.array(LAST_DAYS, dtype=">i4"), id="int32"),
    ],
)
def test_big_endian_date_columns(since: np.ndarray, last: np.ndarray) -> None:
    assert not since.dtype.isnative
    assert result(wangshi.visit_status_batch(TIERS, since, last, AS_OF)) == EXPECTED


@pytest.mark.parametrize("dtype", [">i2", ">i4", ">i8", ">u4"])
def test_big_endian_tier_indices(dtype: str) -> None:
    policy = wangshi.VisitPolicy()
    idx = np.array([policy.tier_index(str(t)) for t in TIERS], dtype=dtype)
    assert result(wangshi.visit_status_batch(idx, SINCE, LAST, AS_OF)) == EXPECTED


def test_big_endian_columns_in_classify_batch() -> None:
    catalog = wangshi.Catalog()
    items = ["CS-01", "MD-03", "AQ-01"]
    days = np.array(["2026-11-20"] * 3, dtype="M8[D]")
    expect = wangshi.classify_batch(items, days, parties=np.array([1, 3, 1]))
    idx = np.array([catalog.item_index(i) for i in items], dtype=">i8")
    out = wangshi.classify_batch(idx, days.astype(">M8[D]"), parties=np.array([1, 3, 1], dtype=">i4"),
                                 amount=np.array([0.0, 0.0, 0.0], dtype=">f8"))
    for column in ("error", "case_class", "center", "matched_rules"):
        assert list(out[column]) == list(expect[column]), column


# ------------------------------------------------------------ time zones

CST = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize(
    "column",
    [
        pytest.param(np.array([dt.datetime(2026, 11, 20, 1, tzinfo=CST)] * 3, dtype=object), id="datetime objects"),
        pytest.param(np.array([None, dt.datetime(2026, 11, 20, 1, tzinfo=dt.timezone.utc), None], dtype=object),
                     id="one aware among None"),
        pytest.param(np.array([pd.Timestamp("2026-11-20 01:00", tz="Asia/Shanghai")] * 3, dtype=object),
                     id="pandas Timestamps"),
        pytest.param(pd.Series([dt.datetime(2026, 11, 20, 1, tzinfo=CST)] * 3, dtype=object), id="pandas object"),
    ],
)
def test_time_zone_aware_datetime_objects_are_a_type_error(column: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TypeError, match="holds time-zone-aware timestamps"):
            wangshi.visit_status_batch(TIERS, SINCE, column, AS_OF)
        with pytest.raises(TypeError, match="reported_on holds time-zone-aware timestamps"):
            wangshi.classify_batch(["CS-01"] * 3, column)


def test_naive_datetime_and_date_objects_are_local_civil_dates() -> None:
    last = np.array([dt.datetime(2026, 11, 1, 23, 59), None, dt.date(2026, 11, 20)], dtype=object)
    assert result(wangshi.visit_status_batch(TIERS, SINCE, last, AS_OF)) == EXPECTED


# ------------------------------------------------------------ nullable ints


@pytest.mark.parametrize("dtype", ["Int64", "Int32", "Int8", "UInt8"])
def test_pandas_nullable_tier_indices_na_is_missing_field(dtype: str) -> None:
    policy = wangshi.VisitPolicy()
    idx = pd.Series([policy.tier_index("green"), pd.NA, policy.tier_index("orange")], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = wangshi.visit_status_batch(idx, SINCE, LAST, AS_OF)
    assert list(out["error"]) == [None, "missing_field", None]
    assert result(out)[0] == EXPECTED[0] and result(out)[2] == EXPECTED[2]
    # Without NA the same dtype is plain indices.
    full = pd.Series([policy.tier_index(str(t)) for t in TIERS], dtype=dtype)
    assert result(wangshi.visit_status_batch(full, SINCE, LAST, AS_OF)) == EXPECTED


@pytest.mark.parametrize(
    "idx",
    [
        pytest.param(pd.Series([-1, pd.NA, 7], dtype="Int64"), id="pandas Int64"),
        pytest.param(pa.array([-1, None, 7], pa.int64()), id="arrow"),
        pytest.param(pl.Series([-1, None, 7]), id="polars"),
    ],
)
def test_a_negative_or_too_large_index_beside_a_null_is_unknown_not_missing(idx: Any) -> None:
    out = wangshi.visit_status_batch(idx, SINCE, LAST, AS_OF)
    assert list(out["error"]) == ["unknown_tier", "missing_field", "unknown_tier"]
    items = wangshi.classify_batch(idx, np.array(["2026-11-20"] * 3, dtype="M8[D]"))
    assert items["error"][1] == "missing_field" and items["error"][0] == "unknown_item"


@pytest.mark.parametrize("dtype", ["Int64", "Int32"])
def test_pandas_nullable_item_indices_na_is_missing_field(dtype: str) -> None:
    catalog = wangshi.Catalog()
    idx = pd.Series([catalog.item_index("CS-01"), pd.NA, catalog.item_index("MD-03")], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = wangshi.classify_batch(idx, np.array(["2026-11-20"] * 3, dtype="M8[D]"))
    assert list(out["error"]) == [None, "missing_field", None]
    assert list(out["case_class"]) == ["general", None, "complex"]


# ------------------------------------------------------------ empty, as_of


@pytest.mark.parametrize(
    "columns",
    [
        pytest.param(([], [], []), id="lists"),
        pytest.param((np.array([]), np.array([]), np.array([])), id="float64 arrays"),
        pytest.param((np.array([], dtype=str), np.array([], dtype="M8[D]"), np.array([], dtype="M8[D]")), id="typed"),
    ],
)
@pytest.mark.parametrize("output", ["numpy", "pandas", "arrow"])
def test_empty_columns_give_an_empty_result(columns: tuple[Any, Any, Any], output: Any) -> None:
    out = wangshi.visit_status_batch(*columns, AS_OF, output=output)
    assert len(out["state"]) == 0
    assert len(wangshi.classify_batch([], [], output=output)["error"]) == 0


@pytest.mark.parametrize(
    "as_of",
    [
        pytest.param(20783, id="int"),
        pytest.param(np.int64(20783), id="numpy int64"),
        pytest.param(np.int32(20783), id="numpy int32"),
    ],
)
def test_as_of_may_be_a_day_number(as_of: Any) -> None:
    assert dt.date(1970, 1, 1) + dt.timedelta(days=20783) == AS_OF
    assert result(wangshi.visit_status_batch(TIERS, SINCE, LAST, as_of)) == EXPECTED


@pytest.mark.parametrize("as_of", [NO_DATE, 2**40, -(2**62), 150_000])
def test_an_as_of_day_number_outside_the_range_is_a_date_error(as_of: int) -> None:
    with pytest.raises(wangshi.DateError) as info:
        wangshi.visit_status_batch(TIERS, SINCE, LAST, as_of)
    assert (info.value.code, info.value.path) == ("invalid_date", "as_of")


def test_a_bool_as_of_is_not_a_day_number() -> None:
    with pytest.raises(TypeError):
        wangshi.visit_status_batch(TIERS, SINCE, LAST, True)  # type: ignore[arg-type]


# ------------------------------------------------------------ owned copies


def test_the_core_reads_owned_copies_so_a_write_after_the_call_changes_nothing() -> None:
    """The inputs are converted into the core's own buffers before the GIL
    is released: the caller's arrays are never read again (nor frozen), so
    another thread may write them at any time without racing the core."""
    tier = np.array([0, 3, 2], dtype=np.uint8)
    since = SINCE.copy()
    last = np.array(LAST_DAYS, dtype=np.int32)
    out = wangshi.visit_status_batch(tier, since, last, AS_OF, output="arrow")
    assert tier.flags.writeable and since.flags.writeable and last.flags.writeable
    before = out.to_pylist()
    tier[:] = 200
    last[:] = 0
    assert out.to_pylist() == before
    assert result(wangshi.visit_status_batch(np.array([0, 3, 2], dtype=np.uint8), SINCE, LAST, AS_OF)) == EXPECTED
