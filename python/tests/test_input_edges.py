"""Inputs at the edges of what numpy, Arrow and pandas can hold: datetime64
values outside numpy's nanosecond range and in coarse units, decimal
columns, integer resident ids, empty group columns and the numbers an error
row carries. Each is read exactly (never wrapped) or refused clearly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import wangshi


def test_a_datetime64_as_of_outside_the_nanosecond_range_is_not_wrapped() -> None:
    for far in (np.datetime64("2500-01-01"), np.datetime64("1500-01-01"), np.datetime64("9999-12-31")):
        with pytest.raises(wangshi.DateError):
            wangshi.visit_status_batch(["red"], ["1950-01-01"], None, far)
    # Inside 1900–2199 but outside numpy's nanoseconds (1678–2262): exact.
    out = wangshi.visit_status_batch(["green"], ["2150-01-01"], None, np.datetime64("2199-12-31"),
                                     output="arrow")
    assert out["error"].to_pylist() == [None]
    assert out["due"].to_pylist() == [dt.date(2199, 12, 31)]


def test_datetime64_cells_in_an_object_column_are_read_exactly() -> None:
    col = np.array([np.datetime64("2500-01-01"), np.datetime64("2026-01-05"), np.datetime64("NaT")],
                   dtype=object)
    out = wangshi.visit_status_batch(["red"] * 3, col, None, "2026-11-26", output="arrow")
    assert out["error"].to_pylist() == ["invalid_date", None, "missing_field"]


@pytest.mark.parametrize(("unit", "value", "day"), [
    ("M", "2026-11", dt.date(2026, 11, 1)),
    ("Y", "2026", dt.date(2026, 1, 1)),
    ("W", "2026-11-19", None),
    ("h", "2026-11-19T13", dt.date(2026, 11, 19)),
    ("m", "2026-11-19T13:05", dt.date(2026, 11, 19)),
])
def test_coarse_and_fine_datetime64_units_give_the_day_numpy_means(unit: str, value: str,
                                                                   day: dt.date | None) -> None:
    col = np.array([value], dtype=f"datetime64[{unit}]")
    want = col.astype("datetime64[D]").astype(object)[0] if day is None else day
    out = wangshi.visit_status_batch(["green"], col, None, "2026-11-26", output="arrow")
    got = wangshi.visit_status_batch(["green"], [want], None, "2026-11-26", output="arrow")
    assert out.equals(got)


def test_coarse_datetime64_beyond_every_date_is_invalid_not_wrapped() -> None:
    out = wangshi.deadline_batch(np.array([2**62], "datetime64[h]"), {"working_days": 1}, output="arrow")
    assert out["error"].to_pylist() == ["invalid_date"]
    out = wangshi.visit_status_batch(["red"], np.array([2**62], "datetime64[W]"), None, "2026-11-26",
                                     output="arrow")
    assert out["error"].to_pylist() == ["invalid_date"]
    with pytest.raises(wangshi.DateError):
        wangshi.supervise_batch(["accept"], ["2026-11-26T08:00"], np.datetime64(2**62, "h"),
                                case_class=["general"], level=["grid"], immediate_report=[False])
    # A coarse unit inside the range is exact.
    out = wangshi.deadline_batch(np.array(["2026-09-30T16"], "datetime64[h]"), {"working_days": 7},
                                 output="arrow")
    assert out["deadline"].to_pylist() == [dt.datetime(2026, 10, 15, 23, 59, 59)]


def test_decimal_columns_are_numbers_read_exactly() -> None:
    amount = pa.array([Decimal("50000.00"), Decimal("49999.99"), None], pa.decimal128(12, 2))
    out = wangshi.classify_batch(["MD-01"] * 3, ["2026-11-20"] * 3, amount=amount, output="arrow")
    want = wangshi.classify_batch(["MD-01"] * 3, ["2026-11-20"] * 3, amount=[50000.0, 49999.99, None],
                                  output="arrow")
    assert out.equals(want)
    counts = pa.array([Decimal("3.00"), Decimal("2.50"), Decimal("-1")], pa.decimal128(5, 2))
    got = wangshi.classify_batch(["MD-01"] * 3, ["2026-11-20"] * 3, parties=counts, output="arrow")
    assert got["error"].to_pylist() == [None, "invalid_value", "invalid_value"]
    days = wangshi.deadline_batch(["2026-09-30T16:00"] * 2, unit=["working_days"] * 2,
                                  amount=pa.array([Decimal("7"), Decimal("7.5")], pa.decimal128(3, 1)),
                                  output="arrow")
    assert days["deadline"].to_pylist()[0] == dt.datetime(2026, 10, 15, 23, 59, 59)
    assert days["error"].to_pylist() == [None, "invalid_value"]


def test_an_error_rows_seconds_left_is_zero_in_the_numpy_and_pandas_forms() -> None:
    args = (["accept", "nope"], ["2026-11-26T07:00", "2026-11-26T07:00"], "2026-11-26T10:00")
    kw = {"case_class": ["general"] * 2, "level": ["grid"] * 2, "immediate_report": [False] * 2}
    for output in ("numpy", "pandas"):
        out = wangshi.supervise_batch(*args, **kw, output=output)
        assert list(out["seconds_left"]) == [-3600, 0]
        assert list(out["error"])[1] == "invalid_value"
    arrow = wangshi.supervise_batch(*args, **kw, output="arrow")
    assert arrow["seconds_left"].to_pylist() == [-3600, None]


def test_visits_name_residents_by_their_integer_ids() -> None:
    residents = pd.DataFrame({"id": [102, 100, 101], "tier": ["red", "green", "red"],
                              "tier_since": ["2026-01-01"] * 3})
    visits = pd.DataFrame({"resident": [102, 102, 101.0, 7],
                           "day": ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"]})
    month = wangshi.completion_batch(residents, visits, "2026-11-01", "2026-11-30", output="arrow")
    assert month["residents"]["met"].to_pylist() == [2, 0, 1]
    assert (month["orphan_visits"], month["first_orphan"]) == (1, 3)
    # Text ids: numbers still name rows.
    named = residents.assign(id=["a", "b", "c"])
    rows = wangshi.completion_batch(named, visits.assign(resident=[0, 0, 2, 9]), "2026-11-01",
                                    "2026-11-30", output="arrow")
    assert rows["residents"]["met"].to_pylist() == [2, 0, 1]


def test_an_empty_group_column_for_residents_is_a_length_error() -> None:
    residents = {"tier": ["red"], "tier_since": ["2026-01-01"], "worker": []}
    visits = {"resident": [0], "day": ["2026-11-02"]}
    with pytest.raises(wangshi.RequestError) as e:
        wangshi.completion_batch(residents, visits, "2026-11-01", "2026-11-30")
    assert e.value.code == "invalid_value" and "worker" in str(e.value)
