"""Case handling from Python: `wangshi.HandlingPolicy` and its one-case
`timeline` against `case.timeline`, and `supervise_batch` row by row
against `case.supervise` on random open steps with nulls and bad values,
from every column library."""

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

AS_OF = "2026-11-26T10:00"


def _iso(t: Any) -> str | None:
    if t is None or t is pd.NaT or (isinstance(t, np.datetime64) and np.isnat(t)):
        return None
    return str(pd.Timestamp(t).strftime("%Y-%m-%dT%H:%M:%S"))


# ------------------------------------------------------------ the typed class


def test_the_policy_round_trips_and_is_validated() -> None:
    p = wangshi.HandlingPolicy()
    assert p == wangshi.HandlingPolicy.default()
    assert p.version == "2026.1" and p.max_extensions == 1
    assert wangshi.HandlingPolicy.from_dict(p.to_dict()) == p
    assert wangshi.HandlingPolicy.from_json(p.to_json()) == p
    bad = p.to_dict()
    bad["max_extensions"] = -1
    with pytest.raises(wangshi.WangshiError) as e:
        wangshi.HandlingPolicy.from_dict(bad)
    j = json.loads(wangshi.evaluate_json(json.dumps({"op": "case.supervise", "as_of": AS_OF, "steps": [],
                                                     "handling": bad})))
    assert (e.value.code, e.value.path) == (j["error"]["code"], j["error"]["path"].removeprefix("handling."))
    with pytest.raises(wangshi.RequestError):
        wangshi.HandlingPolicy.from_json("{")


def test_the_one_case_timeline_is_case_timeline() -> None:
    case = {"id": "c1", "item": "CS-01", "reported_on": dt.date(2026, 11, 16)}
    events = [{"event": "reported", "at": dt.datetime(2026, 11, 16, 9, 0)},
              {"event": "accepted", "at": "2026-11-16T09:40"},
              {"event": "extended", "at": dt.datetime(2026, 11, 18, 17, 0), "working_days": 2}]
    got = wangshi.HandlingPolicy().timeline(case, events, dt.datetime(2026, 11, 23, 9, 0))
    want = wangshi.evaluate({"op": "case.timeline", "case": case, "events": events, "as_of": "2026-11-23T09:00"})
    assert got == want
    assert got["steps"][1]["deadline"] == "2026-11-23T23:59:59"
    # A locality's calendar and rules handles are used as given.
    cal = wangshi.Calendar.from_dict({"years": {"2026": {"holidays": [], "workdays": []}}})
    on_cal = wangshi.HandlingPolicy().timeline(case, events, "2026-11-23T09:00", calendar=cal,
                                               rules=wangshi.TriageRules(), catalog=wangshi.Catalog())
    assert on_cal == wangshi.evaluate({"op": "case.timeline", "case": case, "events": events,
                                       "as_of": "2026-11-23T09:00", "calendar": cal.to_dict()})
    with pytest.raises(wangshi.RequestError) as e:
        wangshi.HandlingPolicy().timeline(case, [{"event": "accepted", "at": "2026-11-16T09:40"}], AS_OF)
    assert (e.value.code, e.value.path) == ("invalid_event", "events[0]")


# ------------------------------------------------------------ the sweep against the JSON op

STEPS: list[Any] = ["accept", "report_in", "resolve", "review", "mediate", "apply_confirmation", "court_accept",
                    "court_decide"]
BAD_STEPS: list[Any] = [None, "wait", "Resolve", ""]
CLASSES: list[Any] = ["general", "safety", "complex"]
LEVELS: list[Any] = ["grid", "community"]
STARTED_BAD: list[Any] = [None, "2026-11-20 15:00", "2026-11-20", "1899-12-31T23:00", "2026-11-26T10:00:01", "x"]
MINUTES: list[Any] = [None, None, None, 30, 1440, 60, 0, 525_601, 2.5, -1, True]
EXTENDED: list[Any] = [None, None, None, 0, 1, 2, 3, 5, 10, 15, -1, 2.5, 4_294_967_296, False]


def _pick(rng: np.random.Generator, good: list[Any], bad: list[Any], p_bad: float) -> Any:
    pool = bad if rng.random() < p_bad else good
    return pool[int(rng.integers(len(pool)))]


def _random_steps(seed: int, n: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        mins = int(rng.integers(0, 600 if rng.random() < 0.3 else 60 * 24 * 40))
        started = (dt.datetime(2026, 11, 26, 10) - dt.timedelta(minutes=mins)).strftime("%Y-%m-%dT%H:%M")
        rows.append({
            "id": f"s{i}",
            "step": _pick(rng, STEPS, BAD_STEPS, 0.1),
            "started": _pick(rng, [started], STARTED_BAD, 0.1),
            "class": _pick(rng, CLASSES, [None, "urgent"], 0.05),
            "level": _pick(rng, LEVELS, [None, "county"], 0.05),
            "immediate_report": _pick(rng, [True, False, False], [None, "yes"], 0.05),
            "report_within_minutes": MINUTES[int(rng.integers(len(MINUTES)))],
            "extended": EXTENDED[int(rng.integers(len(EXTENDED)))],
        })
    return rows


def _check_sweep(out: dict[str, list[Any]], want: list[dict[str, Any]]) -> None:
    assert out["error"] == [w["error"]["code"] if "error" in w else None for w in want]
    assert [_iso(d) for d in out["deadline"]] == [w.get("deadline") for w in want]
    for k in ("seconds_left", "supervision", "provisional"):
        assert out[k] == [w.get(k) for w in want], k


def test_the_sweep_equals_case_supervise_row_by_row() -> None:
    rows = _random_steps(7, 3000)
    want = wangshi.evaluate({"op": "case.supervise", "as_of": AS_OF, "steps": rows})["results"]
    cols = {k: [r[k] for r in rows] for k in rows[0] if k != "id"}
    out = wangshi.supervise_batch(cols, as_of=dt.datetime(2026, 11, 26, 10), output="arrow", messages=True).to_pydict()
    _check_sweep(out, want)
    assert {None, "missing_field", "invalid_value", "invalid_date", "invalid_event"} <= set(out["error"])
    assert {"on_track", "warning", "overdue", "supervision", "accountability"} <= set(out["supervision"])
    # Each message is the core's and names the field the JSON op's path names.
    for m, w in zip(out["message"], want):
        if "error" in w:
            field = w["error"]["path"].split(".")[-1]
            assert m is not None and (field in m or w["error"]["message"] == m), (m, w)
        else:
            assert m is None


def test_the_sweep_takes_typed_columns_from_every_library() -> None:
    rows = [r for r in _random_steps(8, 800)
            if isinstance(r["immediate_report"], bool) or r["immediate_report"] is None]
    for r in rows:
        for k in ("report_within_minutes", "extended"):
            if isinstance(r[k], bool):
                r[k] = None
    want = wangshi.evaluate({"op": "case.supervise", "as_of": AS_OF, "steps": rows})["results"]
    table = pa.table({
        "step": pa.array([r["step"] for r in rows]).dictionary_encode(),
        "started": pa.array([r["started"] for r in rows], pa.string()),
        "case_class": pa.array([r["class"] for r in rows], pa.string()),
        "level": pa.array([r["level"] for r in rows], pa.large_string()),
        "immediate_report": pa.array([r["immediate_report"] for r in rows], pa.bool_()),
        "report_within_minutes": pa.array([r["report_within_minutes"] for r in rows], pa.float64()),
        "extended": pa.array([r["extended"] for r in rows], pa.float64()),
    })
    _check_sweep(wangshi.supervise_batch(table, as_of=AS_OF, output="arrow").to_pydict(), want)
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    out = wangshi.supervise_batch(frame, as_of=AS_OF, output="polars")
    assert isinstance(out, pl.DataFrame) and out.columns == list(wangshi.SUPERVISE_COLUMNS)
    _check_sweep(out.to_dict(as_series=False), want)
    pdf = table.to_pandas()
    pout = wangshi.supervise_batch(pdf, as_of=AS_OF, output="pandas")
    assert [None if pd.isna(e) else e for e in pout["error"]] == [w["error"]["code"] if "error" in w else None
                                                                  for w in want]
    assert pout["deadline"].dtype == np.dtype("datetime64[s]")
    # The columns one by one, as pyarrow arrays, give the same.
    one = wangshi.supervise_batch(table["step"], table["started"], AS_OF, case_class=table["case_class"],
                                  level=table["level"], immediate_report=table["immediate_report"],
                                  report_within_minutes=table["report_within_minutes"], extended=table["extended"],
                                  output="arrow")
    assert one.equals(wangshi.supervise_batch(table, as_of=AS_OF, output="arrow"))


def test_integer_code_columns_hold_the_vocabulary_numbers() -> None:
    voc = wangshi._wangshi._core_names()["vocabularies"]
    number = {name: {c: voc[name][0] + i for i, c in enumerate(voc[name][1])} for name in ("step", "case_class", "level")}
    out = wangshi.supervise_batch(
        np.array([number["step"]["resolve"], number["step"]["accept"], 0, 200], dtype=np.uint8),
        np.array(["2026-11-20T15:00"] * 4, dtype=object), AS_OF,
        case_class=np.array([number["case_class"]["general"]] * 3 + [9]),
        level=[number["level"]["grid"]] * 4, immediate_report=np.array([0, 1, 0, 0]), output="arrow")
    want = wangshi.evaluate({"op": "case.supervise", "as_of": AS_OF, "steps": [
        {"id": "a", "step": "resolve", "started": "2026-11-20T15:00", "class": "general", "level": "grid",
         "immediate_report": False},
        {"id": "b", "step": "accept", "started": "2026-11-20T15:00", "class": "general", "level": "grid",
         "immediate_report": True}]})["results"]
    assert out["supervision"].to_pylist()[:2] == [w["supervision"] for w in want]
    # An integer names a code by its number; 0 and 200 name none (a null
    # cell is the missing one).
    assert out["error"].to_pylist() == [None, None, "invalid_value", "invalid_value"]
    nulls = wangshi.supervise_batch(pa.array([number["step"]["resolve"], None], pa.uint8()),
                                    ["2026-11-20T15:00"] * 2, AS_OF, case_class=[1, 1], level=[1, 1],
                                    immediate_report=[False, False], output="arrow")
    assert nulls["error"].to_pylist() == [None, "missing_field"]


def test_a_duckdb_query_and_classify_batch_output_go_straight_in() -> None:
    rel = duckdb.sql(
        "select * from (values ('resolve', timestamp '2026-11-20 15:00:00', 'general', 'grid', false),"
        " ('accept', timestamp '2026-11-26 09:45:00', 'safety', 'community', true),"
        " (null, null, null, null, null)) t(step, started, class, level, immediate_report)")
    out = wangshi.supervise_batch(rel, as_of=AS_OF, output="arrow")
    assert out["supervision"].to_pylist() == ["supervision", "on_track", None]
    assert out["error"].to_pylist() == [None, None, "missing_field"]
    # The decisions of classify_batch carry class, level and immediate
    # report under the names the sweep reads; their report-in minutes are
    # the whistle's (0 in that column when nothing was whistled, which the
    # sweep, as case.supervise, rejects: a case without a whistle has none).
    import pyarrow.compute as pc

    decisions = wangshi.classify_batch(["CS-01", "AQ-01", "MD-03"], ["2026-11-20"] * 3, parties=[1, 1, 12],
                                       flags={"needs_department": [False, False, True]}, output="arrow")
    minutes = pc.if_else(pc.is_null(decisions["department"]), pa.scalar(None, pa.uint32()),
                         decisions["report_within_minutes"])
    steps = decisions.select(["case_class", "level", "immediate_report"])
    steps = steps.append_column("report_within_minutes", minutes)
    steps = steps.append_column("step", pa.array(["report_in"] * 3))
    steps = steps.append_column("started", pa.array([dt.datetime(2026, 11, 26, 9, 0)] * 3, pa.timestamp("s")))
    out = wangshi.supervise_batch(steps, as_of=AS_OF, output="arrow").to_pydict()
    rows = [{"id": str(i), "step": "report_in", "started": "2026-11-26T09:00", "class": c, "level": lv,
             "immediate_report": im, "report_within_minutes": m}
            for i, (c, lv, im, m) in enumerate(zip(decisions["case_class"].to_pylist(), decisions["level"].to_pylist(),
                                                   decisions["immediate_report"].to_pylist(), minutes.to_pylist()))]
    want = wangshi.evaluate({"op": "case.supervise", "as_of": AS_OF, "steps": rows})["results"]
    assert minutes.to_pylist()[2] is not None and out["error"] == [None] * 3
    assert [_iso(d) for d in out["deadline"]] == [w["deadline"] for w in want]


def test_sweep_arguments_and_policy() -> None:
    cols: dict[str, Any] = {"step": ["accept"], "started": ["2026-11-26T07:00"], "class": ["general"],
                            "level": ["grid"], "immediate_report": [False]}
    with pytest.raises(TypeError, match="as_of"):
        wangshi.supervise_batch(cols)
    with pytest.raises(wangshi.DateError) as e:
        wangshi.supervise_batch(cols, as_of="2026-11-26")
    assert (e.value.code, e.value.path) == ("invalid_date", "as_of")
    with pytest.raises(wangshi.RequestError) as r:
        wangshi.supervise_batch({k: v for k, v in cols.items() if k != "level"}, as_of=AS_OF)
    assert r.value.code == "missing_field"
    with pytest.raises(TypeError, match="HandlingPolicy"):
        wangshi.supervise_batch(cols, as_of=AS_OF, policy=wangshi.VisitPolicy())
    # A policy of the caller's: a 3-hour accept step.
    p = wangshi.HandlingPolicy().to_dict()
    p["version"] = "mine.1"
    p["steps"]["accept"]["periods"] = [{"period": {"hours": 3}}]
    mine = wangshi.HandlingPolicy.from_dict(p)
    out = wangshi.supervise_batch(cols, as_of=AS_OF, policy=mine, output="arrow")
    want = wangshi.evaluate({"op": "case.supervise", "as_of": AS_OF, "handling": p,
                             "steps": [{"id": "a", **{k: v[0] for k, v in cols.items()}}]})["results"][0]
    assert out["supervision"].to_pylist() == [want["supervision"]] == ["warning"]
    assert out["seconds_left"].to_pylist() == [want["seconds_left"]]
