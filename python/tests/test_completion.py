"""Visit completion from Python: `completion_batch` over a residents table
and a separate visits log equals `visit.completion` on random residents
and visits with nulls and bad values; the log goes in straight from
pandas, polars, DuckDB and pyarrow."""

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

FROM, TO = "2026-11-01", "2026-11-30"
TIERS: list[Any] = ["green", "blue", "orange", "red"]
BAD_TIERS: list[Any] = [None, "pink", "Green"]
WORKERS: list[Any] = ["w1", "w2", "w3", "张三", None, " ", ""]


def _day(rng: np.random.Generator, lo: str, hi: str) -> str:
    a, b = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
    return (a + dt.timedelta(days=int(rng.integers(0, (b - a).days + 1)))).isoformat()


def _one(rng: np.random.Generator, pool: list[Any]) -> Any:
    return pool[int(rng.integers(len(pool)))]


def _random(seed: int, n: int, visits: int) -> tuple[list[dict[str, Any]], list[tuple[str, Any]]]:
    rng = np.random.default_rng(seed)
    residents = []
    for i in range(n):
        since: Any = _day(rng, "2025-06-01", "2026-12-05")
        if rng.random() < 0.05:
            since = [None, "2026-13-01", "2026/01/01", "1899-12-31"][int(rng.integers(4))]
        residents.append({
            "id": f"r{i:04d}",
            "tier": _one(rng, BAD_TIERS) if rng.random() < 0.05 else _one(rng, TIERS),
            "tier_since": since,
            "worker": WORKERS[int(rng.integers(len(WORKERS)))],
            "grid": [f"g{k}" for k in range(3)][int(rng.integers(3))] if rng.random() < 0.9 else None,
        })
    log: list[tuple[str, Any]] = []
    for _ in range(visits):
        who = f"r{int(rng.integers(0, n + 3)):04d}"  # a few name nobody: orphans
        day: Any = _day(rng, "2026-10-01", "2026-12-10")
        if rng.random() < 0.005:
            day = [None, "2026-11-31", "x"][int(rng.integers(3))]
        log.append((who, day))
    return residents, log


def _json(residents: list[dict[str, Any]], log: list[tuple[str, Any]]) -> dict[str, Any]:
    by_id: dict[str, list[Any]] = {r["id"]: [] for r in residents}
    for who, day in log:
        if who in by_id:
            by_id[who].append(day)
    rows = [{**r, "visits": by_id[r["id"]]} for r in residents]
    # Through the JSON text: json.loads keeps the order of the groups.
    text = wangshi.evaluate_json(json.dumps({"op": "visit.completion", "from": FROM, "to": TO, "residents": rows}))
    out: dict[str, Any] = json.loads(text)["result"]
    return out


def _groups(frame: pa.Table, key: str) -> dict[str, dict[str, Any]]:
    return {r[key]: {"required": r["required"], "met": r["met"], "rate": r["rate"]} for r in frame.to_pylist()}


def _check(got: dict[str, Any], want: dict[str, Any]) -> None:
    res = got["residents"].to_pydict()
    assert res["error"] == [w["error"]["code"] if "error" in w else None for w in want["results"]]
    assert res["required"] == [w.get("required") for w in want["results"]]
    assert res["met"] == [w.get("met") for w in want["results"]]
    for key, name in (("by_worker", "worker"), ("by_grid", "grid"), ("by_tier", "tier")):
        assert list(_groups(got[key], name)) == list(want[key]), key  # the same groups, in the same order
        assert _groups(got[key], name) == want[key], key
    total = dict(got["total"])
    assert total.pop("residents") == sum(1 for w in want["results"] if "error" not in w)
    assert total == want["total"]
    assert got["error_rows"] == sum(1 for w in want["results"] if "error" in w)


def test_the_batch_equals_visit_completion_on_random_residents_and_logs() -> None:
    residents, log = _random(5, 1200, 30_000)
    want = _json(residents, log)
    table = {k: [r[k] for r in residents] for k in residents[0]}
    visits = {"resident": [w for w, _ in log], "day": [d for _, d in log]}
    got = wangshi.completion_batch(table, visits, FROM, TO, output="arrow")
    _check(got, want)
    codes = set(got["residents"]["error"].to_pylist())
    assert {None, "missing_field", "invalid_date", "unknown_tier"} <= codes
    known = {r["id"] for r in residents}
    orphans = [i for i, (w, _) in enumerate(log) if w not in known]
    assert got["orphan_visits"] == len(orphans) > 0 and got["first_orphan"] == orphans[0]


def test_a_pandas_polars_or_duckdb_visits_log_goes_straight_in() -> None:
    residents, log = _random(6, 400, 8000)
    want = _json(residents, log)
    res = pd.DataFrame(residents)
    res["tier_since"] = pd.to_datetime(res["tier_since"], format="%Y-%m-%d", errors="coerce")
    # to_datetime makes the bad texts NaT (missing); the JSON rows say what
    # that gives.
    rows = res.astype(object).where(res.notna(), None).to_dict("records")
    want = _json([{**r, "tier_since": None if r["tier_since"] is None else r["tier_since"].date().isoformat()}
                  for r in rows], log)
    log_df = pd.DataFrame({"resident": [w for w, _ in log], "day": [d for _, d in log]})
    _check(wangshi.completion_batch(res, log_df, FROM, TO, output="arrow"), want)
    got = wangshi.completion_batch(pl.from_pandas(res), pl.from_pandas(log_df), dt.date(2026, 11, 1),
                                   dt.date(2026, 11, 30), output="polars")
    assert isinstance(got["residents"], pl.DataFrame)
    _check({k: (v.to_arrow() if isinstance(v, pl.DataFrame) else v) for k, v in got.items()}, want)
    con = duckdb.connect()
    con.register("residents_df", res)
    con.register("log_df", log_df)
    got = wangshi.completion_batch(con.sql("select * from residents_df"),
                                   con.sql("select resident, day from log_df"), FROM, TO, output="arrow")
    _check(got, want)
    # Visits naming residents by row number give the same.
    row = {r["id"]: i for i, r in enumerate(residents)}
    by_row = pa.table({"resident": pa.array([row.get(w) for w, _ in log], pa.int64()),
                       "day": pa.array([d for _, d in log], pa.string())})
    _check(wangshi.completion_batch(pa.Table.from_pandas(res.drop(columns=["id"])), by_row, FROM, TO,
                                    output="arrow"), want)


def test_every_output_form() -> None:
    residents = {"id": ["o1", "r1", "x"], "tier": ["orange", "red", "pink"],
                 "tier_since": ["2026-10-01", "2026-11-25", "2026-01-01"], "worker": ["w", "w", "w"]}
    visits = {"resident": np.array([1, 0, 0, 1, 0, 1, 0, 7]),
              "day": np.array(["2026-11-30", "2026-11-29", "2026-11-13", "2026-11-26", "2026-11-04", "2026-11-27",
                               "2026-11-01", "2026-11-02"], dtype="datetime64[D]")}
    got = wangshi.completion_batch(residents, visits, FROM, TO)
    assert list(got["residents"]) == list(wangshi.COMPLETION_COLUMNS)
    assert list(got["residents"]["required"]) == [5, 5, 0] and list(got["residents"]["error"]) == [None, None,
                                                                                                   "unknown_tier"]
    assert got["by_worker"]["rate"].tolist() == [0.7]
    assert got["total"] == {"residents": 2, "required": 10, "met": 7, "rate": 0.7}
    assert (got["orphan_visits"], got["first_orphan"]) == (1, 7)
    pand = wangshi.completion_batch(pd.DataFrame(residents, index=[5, 6, 7]), visits, FROM, TO, output="pandas")
    assert list(pand["residents"].index) == [5, 6, 7]
    assert pand["by_tier"]["tier"].tolist() == ["orange", "red"]
    assert len(pand["by_grid"]) == 0
    nothing = wangshi.completion_batch({"tier": ["green"], "tier_since": ["2026-11-20"]},
                                       {"resident": [], "day": []}, FROM, TO, output="arrow")
    assert nothing["total"]["rate"] is None and nothing["by_tier"]["rate"].to_pylist() == [None]


def test_bad_tables_and_ranges() -> None:
    res = {"id": ["a", "a"], "tier": ["green", "red"], "tier_since": ["2026-01-01"] * 2}
    with pytest.raises(wangshi.RequestError) as e:
        wangshi.completion_batch(res, {"resident": ["a"], "day": ["2026-11-02"]}, FROM, TO)
    assert (e.value.code, e.value.path) == ("invalid_value", "residents.id")
    # By row number an id given twice does not matter.
    assert wangshi.completion_batch(res, {"resident": [1], "day": ["2026-11-02"]}, FROM, TO)["total"]["met"] == 1
    with pytest.raises(wangshi.RequestError) as e:
        wangshi.completion_batch({"tier": ["green"], "tier_since": ["2026-01-01"]},
                                 {"resident": ["a"], "day": ["2026-11-02"]}, FROM, TO)
    assert (e.value.code, e.value.path) == ("missing_field", "residents.id")
    with pytest.raises(wangshi.RequestError) as e:
        wangshi.completion_batch({"tier": ["green"]}, {"resident": [], "day": []}, FROM, TO)
    assert (e.value.code, e.value.path) == ("missing_field", "tier_since")
    with pytest.raises(wangshi.WangshiError) as w:
        wangshi.completion_batch(res, {"resident": [], "day": []}, TO, FROM)
    j = wangshi.evaluate_json('{"op": "visit.completion", "from": "2026-11-30", "to": "2026-11-01", "residents": []}')
    assert w.value.code in j
    with pytest.raises(TypeError, match="table"):
        wangshi.completion_batch(["green"], {"resident": [], "day": []}, FROM, TO)
    with pytest.raises(wangshi.RequestError):
        wangshi.completion_batch(res, {"resident": [0, 1], "day": ["2026-11-02"]}, FROM, TO)
