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
    # None is the default: one thread.
    same(wangshi.visit_status_batch(t, as_of=AS_OF, threads=None), wangshi.visit_status_batch(t, as_of=AS_OF))
