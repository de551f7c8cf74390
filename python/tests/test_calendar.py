"""The working-day calendar from Python: `wangshi.Calendar` (datetime in
and out) against the JSON ops, and `deadline_batch` row by row against
`calendar.deadline` on random inputs with nulls and bad values, from every
column library."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import wangshi

# Every wrong form of a timestamp the JSON contract rejects (the core's
# parse_timestamp), plus values outside 1900–2199.
BAD_TIMESTAMPS = [
    "2026-11-20 10:00", "2026-11-20T10:00Z", "2026-11-20T10:00:00.5", "2026-11-20T10:00+08:00",
    "2026-11-20T24:00", "2026-11-20T23:60", "2026-11-20", "2026-11-20T10", "", "NaT", " 2026-11-20T10:00",
    "2026-11-20T10:00 ", "2026-02-30T10:00", "1899-12-31T23:59", "2200-01-01T00:00", "2026/11/20T10:00",
    "２026-11-20T10:00",
]


def _json(request: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(wangshi.evaluate_json(json.dumps(request)))
    return out


def _iso(t: Any) -> str | None:
    if t is None or (isinstance(t, float) and np.isnan(t)) or t is pd.NaT:
        return None
    return str(pd.Timestamp(t).strftime("%Y-%m-%dT%H:%M:%S"))


# ------------------------------------------------------------ the typed class


def test_the_embedded_calendar_answers_as_calendar_check() -> None:
    cal = wangshi.Calendar()
    assert cal == wangshi.Calendar.default()
    assert cal.years == [2024, 2025, 2026] and cal.covers(2026) and not cal.covers(2027)
    for day in ["2026-02-17", "2026-02-28", "2026-03-02", "2026-03-07", "2025-10-08", "2031-10-02", "1900-01-01",
                "2199-12-31"]:
        want = wangshi.evaluate({"op": "calendar.check", "date": day})
        got = cal.day_kind(dt.date.fromisoformat(day))
        assert (got.kind, got.name, got.working_day, got.provisional) == (
            want["kind"], want["name"], want["working_day"], want["provisional"]), day
        assert cal.is_working_day(day) is want["working_day"]
    assert cal.day_kind("2026-02-17").name == "春节"
    with pytest.raises(wangshi.DateError):
        cal.day_kind("2200-01-01")
    with pytest.raises(TypeError):
        cal.is_working_day(dt.datetime(2026, 2, 17, 9))


@pytest.mark.parametrize(
    ("start", "period"),
    [
        (dt.datetime(2026, 2, 12, 10, 0), {"working_days": 3}),
        (dt.datetime(2026, 9, 30, 16, 0), {"working_days": 7}),
        (dt.datetime(2026, 9, 21, 8, 0), {"days": 10}),
        (dt.datetime(2026, 11, 20, 22, 30), {"hours": 2}),
        (dt.datetime(2026, 11, 20, 22, 30, 59, 999_999), {"minutes": 30}),
        (dt.datetime(2199, 12, 31, 23, 59), {"working_days": 1}),
        (dt.datetime(2031, 9, 30, 9, 0), {"working_days": 1}),
        (dt.date(2026, 2, 12), {"days": 1}),
        ("2026-02-12T10:00", '{"working_days": 3.0}'),
        (pd.Timestamp("2026-02-12 10:00"), {"working_days": 3}),
        (np.datetime64("2026-02-12T10:00"), {"working_days": 3}),
    ],
)
def test_deadline_takes_and_gives_datetimes_as_calendar_deadline(start: Any, period: Any) -> None:
    cal = wangshi.Calendar()
    d = cal.deadline(start, period)
    text = start if isinstance(start, str) else pd.Timestamp(start).floor("s").strftime("%Y-%m-%dT%H:%M:%S")
    p = json.loads(period) if isinstance(period, str) else period
    want = wangshi.evaluate({"op": "calendar.deadline", "start": text, "period": p})
    assert isinstance(d.at, dt.datetime) and d.at.tzinfo is None
    assert d.at.isoformat() == want["deadline"]
    assert d.provisional is want["provisional"]


def test_deadline_errors_are_the_json_ops() -> None:
    cal = wangshi.Calendar()
    with pytest.raises(wangshi.DateError) as e:
        cal.deadline("2026-02-12 10:00", {"days": 1})
    assert (e.value.code, e.value.path) == ("invalid_date", "start")
    with pytest.raises(wangshi.DateError):
        cal.deadline(dt.datetime(1899, 12, 31, 23, 0), {"days": 1})
    for period, code, path in [({"days": 0}, "invalid_value", "period.days"), ({"weeks": 1}, "unknown_field", "period.weeks"),
                               ({}, "missing_field", "period"), ({"days": 1, "hours": 1}, "unknown_field", "period.hours")]:
        with pytest.raises(wangshi.RequestError) as e:
            cal.deadline(dt.datetime(2026, 2, 12, 10), period)
        assert (e.value.code, e.value.path) == (code, path)
        j = _json({"op": "calendar.deadline", "start": "2026-02-12T10:00", "period": period})
        assert (j["error"]["code"], j["error"]["path"]) == (code, path)
    with pytest.raises(TypeError):
        cal.deadline(dt.datetime(2026, 2, 12, 10, tzinfo=dt.timezone.utc), {"days": 1})
    with pytest.raises(TypeError):
        cal.deadline(None, {"days": 1})


def test_working_days_between_counts_as_the_core() -> None:
    cal = wangshi.Calendar()
    n = cal.working_days_between(dt.date(2026, 2, 12), dt.date(2026, 2, 24))
    assert (n.count, n.provisional) == (3, False)
    assert cal.working_days_between("2026-10-15", "2026-10-22").count == 5
    assert cal.working_days_between("2026-10-22", "2026-10-15").count == 0
    late = cal.working_days_between(dt.date(2030, 12, 31), dt.date(2031, 1, 2))
    assert (late.count, late.provisional) == (1, True)
    # A deadline may fall after 2199: its working days are still counted.
    assert cal.working_days_between(dt.date(2199, 12, 30), dt.date(2200, 1, 5)).provisional


def test_a_localitys_calendar_replaces_its_years_and_is_validated() -> None:
    text = json.dumps({"version": "yifeng-2027.1", "years": {"2027": {
        "holidays": [{"date": "2027-01-01", "name": "元旦"}], "workdays": []}}})
    cal = wangshi.Calendar.from_json(text)
    assert cal.version == "yifeng-2027.1" and cal.years == [2024, 2025, 2026, 2027]
    assert not cal.day_kind("2027-03-01").provisional
    assert wangshi.Calendar.from_dict(cal.to_dict()) == cal
    assert wangshi.Calendar.from_json(cal.to_json()) == cal
    assert cal != wangshi.Calendar()
    with pytest.raises(wangshi.RulesError) as e:
        wangshi.Calendar.from_dict({"years": {"2026": {"holidays": [], "workdays": ["2026-03-02"]}}})
    assert (e.value.code, e.value.path) == ("invalid_calendar", "years.2026.workdays[0]")
    with pytest.raises(wangshi.RequestError) as e:
        wangshi.Calendar.from_json("{")
    assert e.value.code == "invalid_json"
    # A batch counts on it too.
    out = wangshi.deadline_batch(["2026-12-31T09:00"], {"working_days": 1}, calendar=cal, output="arrow")
    assert out["provisional"].to_pylist() == [False]
    assert wangshi.deadline_batch(["2026-12-31T09:00"], {"working_days": 1}, output="arrow")["provisional"].to_pylist() == [True]


# ------------------------------------------------------------ the batch against the JSON op

START_POOL: list[Any] = [None, *BAD_TIMESTAMPS]
UNITS: list[Any] = ["minutes", "hours", "days", "working_days", None, "fortnights", "Days"]
AMOUNTS: list[Any] = [1, 2, 7, 15, 30, 3660, 100_000, None, 0, 2.5, -1, 3661, 100_001, 1e12, 3.0]


def _random_rows(seed: int, n: int) -> list[tuple[Any, Any, Any]]:
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n):
        if rng.random() < 0.75:
            day = dt.date(1900, 1, 1) + dt.timedelta(days=int(rng.integers(0, 109_572)))
            secs = int(rng.integers(0, 86_400))
            start: Any = f"{day.isoformat()}T{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"
            if rng.random() < 0.3:
                start = start[:16]
        else:
            start = START_POOL[int(rng.integers(len(START_POOL)))]
        unit = UNITS[int(rng.integers(len(UNITS)))] if rng.random() < 0.25 else UNITS[int(rng.integers(4))]
        amount = AMOUNTS[int(rng.integers(len(AMOUNTS)))] if rng.random() < 0.3 else int(rng.integers(1, 31))
        rows.append((start, unit, amount))
    return rows


def _json_row(start: Any, period: Any) -> dict[str, Any]:
    request: dict[str, Any] = {"op": "calendar.deadline", "period": period}
    if start is not None:
        request["start"] = start
    return _json(request)


def _period(unit: Any, amount: Any) -> dict[str, Any]:
    return {} if unit is None else {unit: amount}


def _check(out: dict[str, list[Any]], wants: list[dict[str, Any]]) -> None:
    codes = [w["error"]["code"] if not w["ok"] else None for w in wants]
    assert out["error"] == codes
    assert [_iso(d) for d in out["deadline"]] == [w["result"]["deadline"] if w["ok"] else None for w in wants]
    assert out["provisional"] == [w["result"]["provisional"] if w["ok"] else None for w in wants]


def test_the_per_row_batch_equals_calendar_deadline_row_by_row() -> None:
    rows = _random_rows(11, 1500)
    wants = [_json_row(s, _period(u, a)) for s, u, a in rows]
    starts = [s for s, _, _ in rows]
    units = [u for _, u, _ in rows]
    amounts = np.array([a for _, _, a in rows], dtype=object)
    out = wangshi.deadline_batch(starts, unit=units, amount=amounts, output="arrow", messages=True).to_pydict()
    _check(out, wants)
    codes = set(out["error"])
    assert {None, "missing_field", "invalid_date", "unknown_field", "invalid_value"} <= codes
    for msg, code, (_, unit, amount) in zip(out["message"], out["error"], rows):
        assert (msg is None) == (code is None)
    # The same rows as one table, from pyarrow with typed columns.
    table = pa.table({"start": pa.array(starts, pa.string()), "unit": pa.array(units).dictionary_encode(),
                      "amount": pa.array([None if isinstance(a, float) and a == 1e12 else a for a in amounts],
                                         pa.float64())})
    wants2 = [_json_row(s, _period(u, None if isinstance(a, float) and a == 1e12 else a)) for s, u, a in rows]
    _check(wangshi.deadline_batch(table, output="arrow").to_pydict(), wants2)


@pytest.mark.parametrize("period", [{"working_days": 7}, {"days": 30}, {"minutes": 30}, {"hours": 24}])
def test_the_one_period_batch_equals_calendar_deadline_row_by_row(period: dict[str, int]) -> None:
    rows = _random_rows(3, 600)
    starts = [s for s, _, _ in rows]
    wants = [_json_row(s, period) for s in starts]
    _check(wangshi.deadline_batch(pa.array(starts, pa.string()), period, output="arrow").to_pydict(), wants)


def test_a_bad_period_for_every_row_is_raised_not_a_row_error() -> None:
    with pytest.raises(wangshi.RequestError) as e:
        wangshi.deadline_batch(["2026-02-12T10:00"], {"working_days": 0})
    assert (e.value.code, e.value.path) == ("invalid_value", "period.working_days")
    with pytest.raises(TypeError):
        wangshi.deadline_batch(["2026-02-12T10:00"])
    with pytest.raises(TypeError):
        wangshi.deadline_batch(["2026-02-12T10:00"], unit=["days"])
    with pytest.raises(wangshi.RequestError) as e:
        wangshi.deadline_batch(["2026-02-12T10:00"] * 2, unit=["days"], amount=[1, 2])
    assert e.value.code == "invalid_value"


def _text_column(kind: str, values: list[str | None]) -> Any:
    if kind == "list":
        return values
    if kind == "numpy object":
        return np.array(values, dtype=object)
    if kind == "numpy str":
        return np.array(["" if v is None else v for v in values])
    if kind == "pandas str":
        return pd.Series(values, dtype="str")
    if kind == "pandas object":
        return pd.Series(values, dtype=object)
    if kind == "pyarrow":
        return pa.array(values, pa.string())
    if kind == "pyarrow large":
        return pa.array(values, pa.large_string())
    if kind == "pyarrow view":
        return pa.array(values, pa.string_view())
    if kind == "pyarrow dictionary":
        return pa.array(values, pa.string()).dictionary_encode()
    if kind == "polars":
        return pl.Series(values, dtype=pl.String)
    raise AssertionError(kind)


TEXT_KINDS = ["list", "numpy object", "numpy str", "pandas str", "pandas object", "pyarrow", "pyarrow large",
              "pyarrow view", "pyarrow dictionary", "polars"]


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_every_bad_timestamp_form_is_that_rows_invalid_date(kind: str) -> None:
    good = "2026-02-12T10:00"
    values = [good, *BAD_TIMESTAMPS, good]
    out = wangshi.deadline_batch(_text_column(kind, values), {"working_days": 3}, output="arrow",
                                 messages=True).to_pydict()
    assert out["error"] == [None, *["invalid_date"] * len(BAD_TIMESTAMPS), None]
    assert _iso(out["deadline"][0]) == _iso(out["deadline"][-1]) == "2026-02-24T23:59:59"
    assert all("start" in m for m in out["message"][1:-1])
    for bad in BAD_TIMESTAMPS:
        assert _json_row(bad, {"working_days": 3})["error"]["code"] == "invalid_date"
    # The sweep reads its started column with the same rule.
    n = len(values)
    sweep = wangshi.supervise_batch(["resolve"] * n, _text_column(kind, values), "2026-11-26T10:00",
                                    case_class=["general"] * n, level=["grid"] * n, immediate_report=[False] * n,
                                    output="arrow", messages=True).to_pydict()
    assert sweep["error"] == out["error"]
    assert all("started" in m for m in sweep["message"][1:-1])


# ------------------------------------------------------------ every kind of start column

STARTS = [dt.datetime(2026, 2, 12, 10, 0, 0), dt.datetime(2026, 9, 30, 16, 30, 59), dt.datetime(1900, 1, 1),
          dt.datetime(2199, 12, 31, 23, 59, 59)]


def _want(starts: list[dt.datetime | None], period: dict[str, int]) -> list[str | None]:
    return [None if s is None else wangshi.evaluate({"op": "calendar.deadline", "start": s.isoformat(),
                                                     "period": period})["deadline"] for s in starts]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_arrow_timestamps_of_every_unit(unit: str) -> None:
    starts: list[dt.datetime | None] = [*STARTS[:2], None]
    if unit != "ns":  # nanoseconds reach only 1677–2262
        starts += STARTS[2:]
    col = pa.array(starts, pa.timestamp(unit))
    out = wangshi.deadline_batch(col, {"hours": 1}, output="arrow")
    assert [_iso(d) for d in out["deadline"].to_pylist()] == _want(starts, {"hours": 1})
    assert out["error"].to_pylist()[2] == "missing_field"
    chunked = pa.chunked_array([col[:1], col[1:]])
    assert wangshi.deadline_batch(chunked, {"hours": 1}, output="arrow").equals(out)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns", "m", "h", "D"])
def test_numpy_datetime64_of_every_unit(unit: str) -> None:
    starts: list[dt.datetime | None] = [dt.datetime(2026, 2, 12, 10, 0), dt.datetime(2026, 9, 30, 16, 0), None]
    col = np.array([np.datetime64("NaT") if s is None else np.datetime64(s) for s in starts], dtype=f"datetime64[{unit}]")
    floored = [None if s is None else pd.Timestamp(np.datetime64(s, unit)).to_pydatetime() for s in starts]
    out = wangshi.deadline_batch(col, {"working_days": 2}, output="numpy")
    assert out["deadline"].dtype == np.dtype("datetime64[s]")
    assert [_iso(d) if not np.isnat(d) else None for d in out["deadline"]] == _want(floored, {"working_days": 2})
    assert list(out["error"]) == [None, None, "missing_field"]


def test_fractions_of_a_second_are_floored_as_the_core_floors_them() -> None:
    col = pa.array([dt.datetime(2026, 2, 12, 10, 0, 0, 999_999), dt.datetime(1969, 12, 31, 23, 59, 59, 500_000)],
                   pa.timestamp("us"))
    out = wangshi.deadline_batch(col, {"minutes": 1}, output="arrow")
    assert [_iso(d) for d in out["deadline"].to_pylist()] == ["2026-02-12T10:01:00", "1970-01-01T00:00:59"]


def test_pandas_polars_duckdb_integer_and_date_starts_go_straight_in() -> None:
    period = {"working_days": 5}
    want = _want([STARTS[0], STARTS[1], None], period)
    series = pd.Series([STARTS[0], STARTS[1], pd.NaT], dtype="datetime64[ns]")
    assert [_iso(d) for d in wangshi.deadline_batch(series, period, output="pandas")["deadline"]] == want
    frame = pd.DataFrame({"start": series, "other": [1, 2, 3]})
    assert [_iso(d) for d in wangshi.deadline_batch(frame, period, output="pandas")["deadline"]] == want
    pls = pl.Series([STARTS[0], STARTS[1], None], dtype=pl.Datetime("us"))
    out = wangshi.deadline_batch(pls, period, output="polars")
    assert isinstance(out, pl.DataFrame) and out.columns == list(wangshi.DEADLINE_COLUMNS)
    assert [_iso(d) for d in out["deadline"].to_list()] == want
    rel = duckdb.sql("select * from (values (timestamp '2026-02-12 10:00:00'), (timestamp '2026-09-30 16:30:59'),"
                     " (null)) t(start)")
    assert [_iso(d) for d in wangshi.deadline_batch(rel, period, output="arrow")["deadline"].to_pylist()] == want
    seconds = [int((s - dt.datetime(1970, 1, 1)).total_seconds()) for s in STARTS[:2]] + [wangshi.NO_TIMESTAMP]
    for col in (np.array(seconds, dtype=np.int64), pa.array(seconds, pa.int64()), seconds):
        assert [_iso(d) for d in wangshi.deadline_batch(col, period, output="arrow")["deadline"].to_pylist()] == want
    # An out-of-range integer is invalid_date, never wrapped or "none".
    out = wangshi.deadline_batch([2**70, -(2**70), wangshi.NOT_A_TIMESTAMP], period, output="arrow")
    assert out["error"].to_pylist() == ["invalid_date"] * 3
    # A date is its first second.
    dates = pa.array([dt.date(2026, 2, 12), None], pa.date32())
    assert [_iso(d) for d in wangshi.deadline_batch(dates, {"hours": 1}, output="arrow")["deadline"].to_pylist()] == [
        "2026-02-12T01:00:00", None]
    # Python objects: datetime, date, Timestamp, datetime64, missing values, other things.
    objs = np.array([STARTS[0], dt.date(2026, 2, 12), pd.Timestamp(STARTS[1]), np.datetime64("2026-02-12T10:00"),
                     None, float("nan"), pd.NaT, pd.NA, 3.5, b"x"], dtype=object)
    out = wangshi.deadline_batch(objs, {"hours": 1}, output="arrow").to_pydict()
    assert out["error"] == [None] * 4 + ["missing_field"] * 4 + ["invalid_date"] * 2
    assert [_iso(d) for d in out["deadline"][:4]] == ["2026-02-12T11:00:00", "2026-02-12T01:00:00",
                                                      "2026-09-30T17:30:59", "2026-02-12T11:00:00"]


def test_time_zone_aware_starts_are_a_type_error() -> None:
    with pytest.raises(TypeError, match="time-zone-aware"):
        wangshi.deadline_batch(pa.array([dt.datetime(2026, 2, 12)], pa.timestamp("s", tz="Asia/Shanghai")), {"days": 1})
    with pytest.raises(TypeError, match="time-zone-aware"):
        wangshi.deadline_batch([dt.datetime(2026, 2, 12, tzinfo=dt.timezone.utc)], {"days": 1})
    with pytest.raises(TypeError):
        wangshi.deadline_batch(pa.array([1.5]), {"days": 1})


def test_every_output_form_carries_the_same_rows() -> None:
    starts = ["2026-02-12T10:00", None, "x", "2031-09-30T09:00"]
    arrow = wangshi.deadline_batch(starts, {"working_days": 1}, output="arrow")
    assert arrow.column_names == list(wangshi.DEADLINE_COLUMNS)
    assert arrow["deadline"].type == pa.timestamp("s")
    assert arrow["error"].combine_chunks().dictionary.to_pylist() == list(
        wangshi._wangshi._core_names()["vocabularies"]["error"][1])
    nump = wangshi.deadline_batch(starts, {"working_days": 1}, output="numpy")
    assert np.isnat(nump["deadline"][1]) and np.isnat(nump["deadline"][2])
    assert list(nump["provisional"]) == [False, False, False, True]
    pand = wangshi.deadline_batch(pd.Series(starts, index=[10, 11, 12, 13]), {"working_days": 1}, output="pandas")
    assert list(pand.index) == [10, 11, 12, 13]
    assert pand["error"].tolist()[1:3] == ["missing_field", "invalid_date"]
    pola = wangshi.deadline_batch(starts, {"working_days": 1}, output="polars")
    assert pola["provisional"].to_list() == [False, None, None, True]
    empty = wangshi.deadline_batch([], {"days": 1}, output="arrow")
    assert empty.num_rows == 0
