"""`classify_batch`'s numeric and flag columns: a bad value is a row error
(`invalid_value`, like `classify`), never silently dropped or rounded; a
missing value takes the default. Also `CaseRouter.rule_ids` on bad masks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import wangshi

DAY = np.array(["2026-11-20"] * 3, dtype="M8[D]")
ITEMS = ["CS-01", "CS-01", "CS-01"]


def errors(**kw: Any) -> list[str | None]:
    return list(wangshi.classify_batch(ITEMS, DAY, **kw)["error"])


def typed_error(**kw: Any) -> str | None:
    try:
        wangshi.classify("CS-01", dt.date(2026, 11, 20), **kw)
    except wangshi.WangshiError as e:
        return e.code
    return None


@pytest.mark.parametrize(
    "flags",
    [
        pytest.param(np.array([-1, 0, 1]), id="int64"),
        pytest.param(np.array([-1, 0, 1], dtype=np.int8), id="int8"),
        pytest.param([-(2**40), 0, 1], id="list"),
        pytest.param(pa.array([-1, 0, 1], pa.int16()), id="arrow"),
        pytest.param(pl.Series([-1, 0, 1]), id="polars"),
        pytest.param(pd.Series([-1, 0, 1], dtype="Int32"), id="pandas Int32"),
    ],
)
def test_a_negative_flags_bitmask_is_a_row_error(flags: Any) -> None:
    assert errors(flags=flags) == ["invalid_value", None, None]


@pytest.mark.parametrize(
    ("flags", "expect"),
    [
        pytest.param(np.array([0.5, 1.0, np.nan]), ["invalid_value", None, "invalid_value"], id="fractional and NaN"),
        pytest.param(np.array([2**16, 2**9, np.inf]), ["invalid_value", "invalid_value", "invalid_value"], id="beyond the flags"),
        pytest.param(pa.array([None, 1, 0], pa.int64()), [None, None, None], id="null is no flag"),
        pytest.param(pd.Series([np.nan, 1.0, 0.0]), [None, None, None], id="pandas NaN is missing"),
    ],
)
def test_bitmask_values_that_are_not_flag_sets(flags: Any, expect: list[str | None]) -> None:
    assert errors(flags=flags) == expect


def test_a_bitmask_sets_the_flags_it_names() -> None:
    emergency = 1 << wangshi.FLAGS.index("emergency")
    out = wangshi.classify_batch(ITEMS, DAY, flags=np.array([emergency, 0, emergency], dtype=np.int64))
    assert list(out["immediate_report"]) == [True, False, True]


@pytest.mark.parametrize(
    "column",
    [
        pytest.param(np.array([-1, 1, 0]), id="int -1"),
        pytest.param(np.array([2, 1, 0]), id="int 2"),
        pytest.param(np.array([0.5, 1.0, 0.0]), id="float 0.5"),
        pytest.param([-1, True, False], id="list"),
        pytest.param(pa.array([-1, 1, 0]), id="arrow"),
        pytest.param(pd.Series([-1, 1, 0], dtype="Int64"), id="pandas Int64"),
    ],
)
def test_a_flag_column_value_other_than_0_1_true_false_is_a_row_error(column: Any) -> None:
    out = wangshi.classify_batch(ITEMS, DAY, flags={"emergency": column})
    assert list(out["error"]) == ["invalid_value", None, None]
    assert list(out["immediate_report"][1:]) == [True, False]


@pytest.mark.parametrize(
    "column",
    [
        pytest.param(np.array([True, True, False]), id="bool"),
        pytest.param(np.array([1, 1, 0], dtype=np.uint8), id="uint8"),
        pytest.param(np.array([1.0, 1.0, 0.0]), id="float"),
        pytest.param(pa.array([True, True, None]), id="arrow with null"),
        pytest.param(pd.Series([True, True, pd.NA], dtype="boolean"), id="pandas boolean with NA"),
        pytest.param([True, True, None], id="list with None"),
    ],
)
def test_flag_columns_of_booleans_or_0_1(column: Any) -> None:
    out = wangshi.classify_batch(ITEMS, DAY, flags={"emergency": column})
    assert list(out["error"]) == [None, None, None]
    assert list(out["immediate_report"]) == [True, True, False]


@pytest.mark.parametrize(
    ("column", "expect"),
    [
        pytest.param(np.array([np.nan, 5.0, -1.0]), ["invalid_value", None, "invalid_value"], id="numpy NaN"),
        pytest.param(np.array([np.inf, -np.inf, 0.0]), ["invalid_value", "invalid_value", None], id="infinite"),
        pytest.param([float("nan"), None, 1.0], ["invalid_value", None, None], id="list NaN and None"),
        pytest.param(pa.array([float("nan"), None, 1.0]), ["invalid_value", None, None], id="arrow NaN and null"),
        pytest.param(pl.Series([float("nan"), None, 1.0]), ["invalid_value", None, None], id="polars NaN and null"),
        pytest.param(pd.Series([np.nan, None, 1.0]), [None, None, None], id="pandas float NaN is missing"),
        pytest.param(pd.Series([1.0, pd.NA, 1.0], dtype="Float64"), [None, None, None], id="pandas Float64 NA"),
    ],
)
def test_amount_nan_is_a_row_error_and_missing_is_zero(column: Any, expect: list[str | None]) -> None:
    assert errors(amount=column) == expect


def test_a_nan_amount_is_invalid_value_in_every_api() -> None:
    assert typed_error(amount=float("nan")) == "invalid_value"
    assert errors(amount=np.array([np.nan, 0.0, 0.0]))[0] == "invalid_value"
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.evaluate({"op": "case.classify", "case": {"id": "c", "item": "CS-01", "reported_on": "2026-11-20",
                                                        "amount": 1e400}})
    assert info.value.code == "invalid_value"


@pytest.mark.parametrize("name", ["parties", "repeat_count"])
@pytest.mark.parametrize(
    ("column", "expect"),
    [
        pytest.param(np.array([2.9, 2.0, -1.0]), ["invalid_value", None, "invalid_value"], id="fractional"),
        pytest.param(np.array([np.nan, np.inf, 1.0]), ["invalid_value", "invalid_value", None], id="NaN and inf"),
        pytest.param(np.array([2**32, 2**40, 2**32 - 1], dtype=np.int64), ["invalid_value", "invalid_value", None],
                     id="beyond 32 bits"),
        pytest.param(np.array([2**64 - 1, 1, 1], dtype=np.uint64), ["invalid_value", None, None], id="uint64"),
        pytest.param(pa.array([2.5, None, 1.0]), ["invalid_value", None, None], id="arrow"),
        pytest.param(pd.Series([pd.NA, -3, 1], dtype="Int64"), [None, "invalid_value", None], id="pandas Int64"),
    ],
)
def test_counts_that_are_not_whole_numbers_are_row_errors(name: str, column: Any, expect: list[str | None]) -> None:
    assert errors(**{name: column}) == expect


def test_counts_agree_with_classify() -> None:
    for parties in (0, 1, 2, 3, 2**31, 2**32 - 1):
        batch = wangshi.classify_batch(["CS-01"], DAY[:1], parties=np.array([parties], dtype=np.int64))
        typed = wangshi.classify("CS-01", dt.date(2026, 11, 20), parties=parties)
        assert (batch["error"][0], batch["case_class"][0]) == (None, typed.case_class), parties
    assert typed_error(parties=2**32) == errors(parties=np.array([2**32, 1, 1]))[0] == "invalid_value"


def test_non_numeric_columns_are_type_errors() -> None:
    with pytest.raises(TypeError, match="parties must hold numbers"):
        wangshi.classify_batch(ITEMS, DAY, parties=np.array(["1", "2", "3"]))
    with pytest.raises(TypeError, match="amount"):
        wangshi.classify_batch(ITEMS, DAY, amount=np.ones((3, 1)))
    with pytest.raises(TypeError, match="flags.emergency"):
        wangshi.classify_batch(ITEMS, DAY, flags={"emergency": pa.array(["x", "y", "z"])})


@pytest.mark.parametrize("mask", [-1, 2**32, 2**40, -(2**70)])
def test_rule_ids_of_a_mask_outside_32_bits_is_invalid_value(mask: int) -> None:
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.CaseRouter().rule_ids(mask)
    assert (info.value.code, info.value.path) == ("invalid_value", "mask")


def test_rule_ids_accepts_numpy_masks_and_rejects_non_integers() -> None:
    router = wangshi.CaseRouter()
    out = wangshi.classify_batch(ITEMS, DAY, flags={"emergency": [True, False, False]})
    assert router.rule_ids(out["matched_rules"][0]) == ["safety.emergency"]
    assert router.rule_ids(2**32 - 1)  # every bit: the ids of every rule
    with pytest.raises(TypeError):
        router.rule_ids("1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kw", "path"),
    [
        pytest.param({"parties": 2**70}, "case.parties", id="parties beyond 64 bits"),
        pytest.param({"repeat_count": -(2**70)}, "case.repeat_count", id="repeat_count beyond 64 bits"),
        pytest.param({"amount": 10**400}, "case.amount", id="amount beyond a float"),
        pytest.param({"parties": 2**32}, "case.parties", id="parties beyond 32 bits"),
    ],
)
def test_classify_out_of_range_numbers_are_invalid_value_not_overflow(kw: dict[str, Any], path: str) -> None:
    for call in (wangshi.classify, wangshi.CaseRouter().classify):
        with pytest.raises(wangshi.RequestError) as info:
            call("CS-01", dt.date(2026, 11, 20), **kw)
        assert (info.value.code, info.value.path) == ("invalid_value", path)


def test_classify_defaults_and_wrong_types() -> None:
    router = wangshi.CaseRouter()
    assert router.classify("CS-01", "2026-11-20") == router.classify("CS-01", "2026-11-20", parties=1, repeat_count=0,
                                                                     amount=0.0)
    assert router.classify("CS-01", "2026-11-20", parties=np.int64(3)).case_class == "complex"
    # Text where a count belongs is invalid_value, as in the JSON op.
    with pytest.raises(wangshi.RequestError, match="parties"):
        router.classify("CS-01", "2026-11-20", parties="3")  # type: ignore[arg-type]
