"""``threads=`` on every batch: the same result on any number of threads
(bad rows included, every output form), and a clear error for a bad count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import wangshi

AS_OF = dt.date(2026, 11, 26)
# Large enough for the core to cut the rows into 4 ranges (65 536 each).
N = 4 * 65_536 + 1_234
COUNTS: list[Any] = [2, 3, 0, "all"]


def residents(n: int) -> pa.Table:
    rng = np.random.default_rng(3)
    tier = np.array(["green", "blue", "orange", "red", "purple"], dtype=object)[rng.integers(0, 5, n)]
    tier[rng.random(n) < 0.02] = None
    today = np.datetime64(AS_OF, "D")
    since = (today - rng.integers(-10, 900, n)).astype("datetime64[D]")
    last = (today - rng.integers(-3, 80, n)).astype("datetime64[D]")
    text = np.where(rng.random(n) < 0.01, "2026-02-30", last.astype(str)).astype(object)
    text[rng.random(n) < 0.3] = None
    return pa.table({
        "tier": pa.array(tier, pa.string()).dictionary_encode(),
        "tier_since": pa.array(since, mask=rng.random(n) < 0.02),
        "last_visit": pa.array(text, pa.string()),
        "id": pa.array([f"r{i}" for i in range(n)]),
        "worker": pa.array([f"w{i % 50}" for i in range(n)]),
    })


def same(a: Any, b: Any) -> None:
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            same(a[k], b[k])
    elif isinstance(a, pa.Table):
        assert a.equals(b)
    elif hasattr(a, "equals"):  # pandas, polars
        assert a.equals(b)
    else:
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("output", ["arrow", "numpy", "pandas", "polars"])
def test_visit_status_batch_is_the_same_on_any_number_of_threads(output: str) -> None:
    table = residents(N)
    one = wangshi.visit_status_batch(table, as_of=AS_OF, output=output, messages=True)
    errors = (one["error"].to_pylist() if output == "arrow" else list(one["error"]))
    assert {"unknown_tier", "missing_field", "invalid_date", "visit_after_as_of"} <= set(errors)
    for threads in COUNTS:
        same(one, wangshi.visit_status_batch(table, as_of=AS_OF, output=output, messages=True,
                                             threads=threads))
    # The columns one by one (not a table) take the same path.
    cols = [table["tier"], table["tier_since"], table["last_visit"]]
    same(wangshi.visit_status_batch(*cols, AS_OF, output=output, messages=True),
         wangshi.visit_status_batch(*cols, AS_OF, output=output, messages=True, threads=2))


def test_visit_worklist_is_the_same_on_any_number_of_threads() -> None:
    table = residents(N)
    one = wangshi.visit_worklist(table, as_of=AS_OF)
    assert one["alerts"].num_rows > 1000 and one["errors"].num_rows > 1000
    for threads in COUNTS:
        same(one, wangshi.visit_worklist(table, as_of=AS_OF, threads=threads))


def test_classify_batch_is_the_same_on_any_number_of_threads() -> None:
    rng = np.random.default_rng(4)
    codes = np.array([i.code for i in wangshi.Catalog().items] + ["XX-99"], dtype=object)
    item = codes[rng.integers(0, len(codes), N)]
    day = (np.datetime64("2026-11-20") - rng.integers(0, 1500, N)).astype("datetime64[D]")
    cases = pa.table({
        "item": pa.array(item, pa.string()),
        "reported_on": pa.array(day, mask=rng.random(N) < 0.02),
        "parties": pa.array(rng.integers(-1, 12, N).astype(float), mask=rng.random(N) < 0.1),
        "amount": pa.array(rng.integers(0, 10**6, N).astype(float)),
        "emergency": pa.array(rng.random(N) < 0.05),
    })
    for output in ("arrow", "numpy"):
        one = wangshi.classify_batch(cases, output=output, messages=True)
        for threads in COUNTS:
            same(one, wangshi.classify_batch(cases, output=output, messages=True, threads=threads))
    errors = set(wangshi.classify_batch(cases, output="arrow")["error"].to_pylist())
    assert {None, "unknown_item", "missing_field", "invalid_value"} <= errors


def test_a_bad_thread_count_is_an_error() -> None:
    t = residents(10)
    with pytest.raises(wangshi.RequestError) as e:
        wangshi.visit_status_batch(t, as_of=AS_OF, threads=-1)
    assert (e.value.code, e.value.path) == ("invalid_value", "threads")
    with pytest.raises(wangshi.RequestError):
        wangshi.classify_batch(["CS-01"], ["2026-11-20"], threads="every")
    for bad in (True, 1.5, None.__class__):
        with pytest.raises(TypeError, match="threads"):
            wangshi.visit_status_batch(t, as_of=AS_OF, threads=bad)
    with pytest.raises(TypeError, match="threads"):
        wangshi.visit_status_batch(t, as_of=AS_OF, threads=np.bool_(True))
    # numpy integers are counts too.
    same(wangshi.visit_status_batch(t, as_of=AS_OF, threads=np.int64(2)), wangshi.visit_status_batch(t, as_of=AS_OF))
    # None is the default: one thread.
    same(wangshi.visit_status_batch(t, as_of=AS_OF, threads=None), wangshi.visit_status_batch(t, as_of=AS_OF))


def test_deadline_batch_is_the_same_on_any_number_of_threads() -> None:
    rng = np.random.default_rng(5)
    t0 = np.datetime64("2026-01-01T08:00", "s")
    start = pa.array(t0 + rng.integers(-4 * 10**9, 10**8, N).astype("timedelta64[s]"),
                     mask=rng.random(N) < 0.02)
    units = np.array(["minutes", "hours", "days", "working_days", "fortnights"], dtype=object)
    table = pa.table({
        "start": start,
        "unit": pa.array(units[rng.integers(0, 5, N)], pa.string()),
        "amount": pa.array(rng.integers(-1, 40, N).astype(float), mask=rng.random(N) < 0.02),
    })
    for output in ("arrow", "numpy"):
        one = wangshi.deadline_batch(table, output=output, messages=True)
        for threads in COUNTS:
            same(one, wangshi.deadline_batch(table, output=output, messages=True, threads=threads))
        per = wangshi.deadline_batch(start, {"working_days": 7}, output=output)
        same(per, wangshi.deadline_batch(start, {"working_days": 7}, output=output, threads=2))
    errors = set(wangshi.deadline_batch(table, output="arrow")["error"].to_pylist())
    assert {None, "missing_field", "unknown_field", "invalid_value", "invalid_date"} <= errors


def test_supervise_batch_is_the_same_on_any_number_of_threads() -> None:
    rng = np.random.default_rng(6)
    as_of = np.datetime64("2026-11-26T10:00", "s")
    steps = np.array(["accept", "report_in", "resolve", "review", "mediate", "apply_confirmation",
                      "court_accept", "court_decide", "nope"], dtype=object)
    classes = np.array(["general", "safety", "complex", "?"], dtype=object)
    levels = np.array(["grid", "community"], dtype=object)
    table = pa.table({
        "step": pa.array(steps[rng.integers(0, len(steps), N)], pa.string()),
        "started": pa.array(as_of - rng.integers(-3600, 90 * 86400, N).astype("timedelta64[s]"),
                            mask=rng.random(N) < 0.02),
        "class": pa.array(classes[rng.integers(0, len(classes), N)], pa.string()),
        "level": pa.array(levels[rng.integers(0, len(levels), N)], pa.string()),
        "immediate_report": pa.array(rng.random(N) < 0.1),
        "extended": pa.array(rng.integers(0, 3, N)),
    })
    for output in ("arrow", "numpy"):
        one = wangshi.supervise_batch(table, as_of=as_of.item(), output=output, messages=True)
        for threads in COUNTS:
            same(one, wangshi.supervise_batch(table, as_of=as_of.item(), output=output,
                                              messages=True, threads=threads))
    out = wangshi.supervise_batch(table, as_of=as_of.item(), output="arrow")
    assert len(set(out["supervision"].to_pylist())) >= 4
    assert {None, "invalid_value", "missing_field"} <= set(out["error"].to_pylist())


def test_completion_batch_is_the_same_on_any_number_of_threads() -> None:
    table = residents(N)
    rng = np.random.default_rng(7)
    visits = {
        "resident": rng.integers(-5, N + 5, 3 * N),
        "day": (np.datetime64("2026-11-01") + rng.integers(-3, 33, 3 * N)).astype("datetime64[D]"),
    }
    for output in ("arrow", "numpy", "pandas"):
        one = wangshi.completion_batch(table, visits, "2026-11-01", "2026-11-30", output=output)
        assert one["orphan_visits"] > 0 and one["error_rows"] > 0
        for threads in COUNTS:
            same(one, wangshi.completion_batch(table, visits, "2026-11-01", "2026-11-30",
                                               output=output, threads=threads))
