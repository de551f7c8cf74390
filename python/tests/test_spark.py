"""wangshi.spark on a local Spark session (``local[2]``, one session for the
module): every row of a Spark result equals the in-process batch's row —
nulls, bad rows and their codes included — on 200 000 residents spread over
partitions, on cases, with a shipped custom policy, timestamps and text
dates; and the morning-sweep example runs on it.

Needs pyspark and a Java runtime; ``scripts/test_all.sh`` installs both when
they are missing and sets ``WANGSHI_REQUIRE_SPARK=1`` so that their absence
fails instead of skipping."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import wangshi

REPO = Path(__file__).resolve().parents[2]


def _missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install wangshi[spark])"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (java on PATH or JAVA_HOME)"
    return None


_why = _missing()
if _why is not None:
    if os.environ.get("WANGSHI_REQUIRE_SPARK") == "1":
        raise RuntimeError(f"the Spark tests cannot run: {_why}")
    pytest.skip(_why, allow_module_level=True)

import wangshi.spark  # noqa: E402  (needs pyarrow, imports pyspark lazily)

AS_OF = dt.date(2026, 11, 26)
N = 200_000

# pyspark 4.3 warns that it does not fully support pandas >= 3 (the test
# requirements pin pandas 3.1); wangshi.spark itself never uses pandas.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # The Python workers are this interpreter (the one with wangshi); the
    # session listens on the loopback interface only.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        SparkSession.builder.master("local[2]")
        .appName("wangshi-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def residents(n: int, seed: int) -> pa.Table:
    """Residents with every kind of cell: unknown and missing tiers, missing
    dates, dates before 1900 and after 2199, dates after as_of."""
    rng = np.random.default_rng(seed)
    tiers = np.array(["green", "blue", "orange", "red", "purple"])
    tier = tiers[rng.choice(5, n, p=[0.6, 0.2, 0.1, 0.05, 0.05])].astype(object)
    tier[rng.random(n) < 0.02] = None
    as_of = np.datetime64(AS_OF, "D")
    since = (as_of - rng.integers(-20, 1000, n)).astype("datetime64[D]")
    odd = rng.random(n)
    since[odd < 0.01] = np.datetime64("1850-06-01")
    since[(odd >= 0.01) & (odd < 0.02)] = np.datetime64("2250-01-01")
    last = (as_of - rng.integers(-5, 90, n)).astype("datetime64[D]")
    return pa.table(
        {
            "id": pa.array(np.arange(n, dtype=np.int64)),
            "tier": pa.array(tier, pa.string()),
            "tier_since": pa.array(since, mask=rng.random(n) < 0.02),
            "last_visit": pa.array(last, mask=rng.random(n) < 0.25),
            "worker": pa.array([f"w{i % 97:02d}" for i in range(n)]),
        }
    )


def collected(df: Any) -> pa.Table:
    """A Spark result as one Arrow table in id order."""
    table: pa.Table = df.toArrow()
    return table.sort_by("id")


def assert_rows_equal(got: pa.Table, want: pa.Table, names: list[str]) -> None:
    """Every named column equal row by row (nulls included)."""
    assert got.num_rows == want.num_rows
    for name in names:
        g, w = got[name].to_pylist(), want[name].to_pylist()
        bad = [i for i in range(len(w)) if g[i] != w[i] and not (g[i] != g[i] and w[i] != w[i])]
        assert not bad, f"{name} differs at {len(bad)} rows, first {bad[:3]}: {[g[i] for i in bad[:3]]} != {[w[i] for i in bad[:3]]}"


def test_visit_status_equals_the_batch_row_by_row(spark: Any) -> None:
    table = residents(N, seed=14)
    df = spark.createDataFrame(table).repartition(6)
    got = collected(wangshi.spark.visit_status(df, AS_OF))
    want = wangshi.visit_status_batch(table, as_of=AS_OF, output="arrow")
    assert got.column_names == [*table.column_names, *wangshi.VISIT_COLUMNS]
    assert_rows_equal(got, table, table.column_names)
    assert_rows_equal(got, want, list(wangshi.VISIT_COLUMNS))
    # The test sees every kind of row.
    errors = set(got["error"].to_pylist())
    assert {None, "unknown_tier", "missing_field", "invalid_date", "tier_since_after_as_of",
            "visit_after_as_of"} <= errors
    assert set(got["state"].to_pylist()) == {None, "done", "pending", "due_soon", "overdue"}
    assert got["period_start"].null_count > 0 and got["alert"].null_count > 0


def test_a_shipped_policy_threads_and_messages(spark: Any) -> None:
    policy = wangshi.VisitPolicy.from_json(
        '{"tiers": [{"code": "green", "cadence": {"every_days": 10}, "reminder_days": 3,'
        ' "escalate_after_missed": 2}, {"code": "red", "cadence": "weekly", "reminder_days": 1,'
        ' "escalate_after_missed": 1}]}'
    )
    table = residents(40_000, seed=15)
    df = spark.createDataFrame(table).repartition(3)
    result = wangshi.spark.visit_status(df, "2026-11-26", policy, messages=True, prefix="v_",
                                        threads="all")
    got = collected(result)
    want = wangshi.visit_status_batch(table, as_of=AS_OF, policy=policy, output="arrow", messages=True)
    names = [*wangshi.VISIT_COLUMNS, "message"]
    assert got.column_names[-len(names):] == ["v_" + c for c in names]
    assert_rows_equal(got.rename_columns([*table.column_names, *names]), want, names)
    default = wangshi.visit_status_batch(table, as_of=AS_OF, output="arrow")
    assert got["v_due"].to_pylist() != default["due"].to_pylist()
    assert any(m and "tier_since" in m for m in got["v_message"].to_pylist())


def test_timestamps_and_text_dates_are_read_as_dates(spark: Any) -> None:
    # TimestampType instants floor to their day in the session time zone
    # (Asia/Shanghai): 2026-11-25T20:00Z is 2026-11-26 04:00 there.
    shanghai = dt.timezone(dt.timedelta(hours=8))
    local = [dt.datetime(2026, 11, 26, 4, 0), dt.datetime(2026, 3, 1, 23, 30), dt.datetime(2025, 1, 1)]
    instants = [t.replace(tzinfo=shanghai).astimezone(dt.timezone.utc) for t in local]
    table = pa.table(
        {
            "id": pa.array([0, 1, 2], pa.int64()),
            "tier": pa.array(["red", "green", "blue"]),
            "tier_since": pa.array(instants, pa.timestamp("us", tz="UTC")),
            "last_visit": pa.array(["2026-11-20", "2026-02-30", None]),
        }
    )
    got = collected(wangshi.spark.visit_status(spark.createDataFrame(table), AS_OF, messages=True))
    want = wangshi.visit_status_batch(
        {"tier": table["tier"], "tier_since": pa.array([t.date() for t in local]),
         "last_visit": table["last_visit"]},
        as_of=AS_OF, output="arrow", messages=True,
    )
    assert_rows_equal(got, want, [*wangshi.VISIT_COLUMNS, "message"])
    assert got["error"].to_pylist() == [None, "invalid_date", None]


def cases(n: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    items = np.array([i.code for i in wangshi.Catalog().items] + ["XX-99"], dtype=object)
    item = items[rng.integers(0, len(items), n)]
    item[rng.random(n) < 0.02] = None
    day = (np.datetime64("2026-11-20") - rng.integers(0, 1500, n)).astype("datetime64[D]")
    parties = rng.integers(-1, 15, n).astype(float)
    amount = rng.integers(0, 2_000_000, n).astype(float)
    amount[rng.random(n) < 0.01] = np.nan
    return pa.table(
        {
            "id": pa.array(np.arange(n, dtype=np.int64)),
            "item": pa.array(item, pa.string()),
            "reported_on": pa.array(day, mask=rng.random(n) < 0.02),
            "parties": pa.array(parties, mask=rng.random(n) < 0.1),
            "repeat_count": pa.array(rng.integers(0, 5, n).astype(np.int32)),
            "amount": pa.array(amount, mask=rng.random(n) < 0.1),
            "emergency": pa.array(rng.random(n) < 0.05, mask=rng.random(n) < 0.05),
            "property_dispute": pa.array(rng.random(n) < 0.2),
            "grid": pa.array([f"g{i % 13}" for i in range(n)]),
        }
    )


def test_classify_equals_the_batch_row_by_row(spark: Any) -> None:
    table = cases(60_000, seed=16)
    df = spark.createDataFrame(table).repartition(4)
    got = collected(wangshi.spark.classify(df))
    want = wangshi.classify_batch(table, output="arrow")
    assert got.column_names == [*table.column_names, *wangshi.CASE_COLUMNS]
    assert_rows_equal(got, table, table.column_names)
    assert_rows_equal(got, want, list(wangshi.CASE_COLUMNS))
    errors = set(got["error"].to_pylist())
    assert {None, "unknown_item", "missing_field", "invalid_value"} <= errors
    assert {"talk", "police_grid", "mediation"} <= set(got["center"].to_pylist())


def open_steps(n: int, seed: int) -> pa.Table:
    """Open case steps with every kind of cell: unknown and missing codes,
    missing and out-of-range start times, starts after as_of."""
    rng = np.random.default_rng(seed)
    as_of = np.datetime64("2026-11-26T10:00", "s")
    steps = np.array(["accept", "report_in", "resolve", "review", "mediate", "apply_confirmation",
                      "court_accept", "court_decide", "nope"], dtype=object)
    step = steps[rng.integers(0, len(steps), n)]
    step[rng.random(n) < 0.02] = None
    started = as_of - rng.integers(-7200, 60 * 86400, n).astype("timedelta64[s]")
    started[rng.random(n) < 0.005] = np.datetime64("1899-12-31T23:00", "s")
    return pa.table(
        {
            "id": pa.array(np.arange(n, dtype=np.int64)),
            "step": pa.array(step, pa.string()),
            "started": pa.array(started, mask=rng.random(n) < 0.02),
            "class": pa.array(np.array(["general", "safety", "complex", "?"], dtype=object)[
                rng.integers(0, 4, n)], pa.string()),
            "level": pa.array(np.array(["grid", "community"], dtype=object)[rng.integers(0, 2, n)]),
            "immediate_report": pa.array(rng.random(n) < 0.1, mask=rng.random(n) < 0.01),
            "extended": pa.array(rng.integers(0, 3, n)),
            "worker": pa.array([f"w{i % 31:02d}" for i in range(n)]),
        }
    )


def test_supervise_equals_the_batch_row_by_row(spark: Any) -> None:
    table = open_steps(50_000, seed=17)
    as_of = dt.datetime(2026, 11, 26, 10, 0)
    df = spark.createDataFrame(table).repartition(4)
    got = collected(wangshi.spark.supervise(df, as_of, messages=True))
    want = wangshi.supervise_batch(table, as_of=as_of, output="arrow", messages=True)
    names = [*wangshi.SUPERVISE_COLUMNS, "message"]
    assert got.column_names == [*table.column_names, *names]
    assert_rows_equal(got, table, ["id", "step", "class", "level", "extended", "worker"])
    assert_rows_equal(got, want, names)
    assert {None, "invalid_value", "missing_field", "invalid_date"} <= set(got["error"].to_pylist())
    assert {"on_track", "overdue"} <= set(got["supervision"].to_pylist())


def test_supervise_reads_spark_timestamps_in_the_session_time_zone(spark: Any) -> None:
    # 2026-11-26T01:00Z is 09:00 in Asia/Shanghai, the session's zone.
    shanghai = dt.timezone(dt.timedelta(hours=8))
    local = [dt.datetime(2026, 11, 26, 9, 0), dt.datetime(2026, 11, 20, 16, 30)]
    table = pa.table(
        {
            "id": pa.array([0, 1], pa.int64()),
            "step": pa.array(["accept", "resolve"]),
            "started": pa.array([t.replace(tzinfo=shanghai) for t in local], pa.timestamp("us", tz="UTC")),
            "class": pa.array(["general", "general"]),
            "level": pa.array(["grid", "grid"]),
            "immediate_report": pa.array([False, False]),
        }
    )
    as_of = "2026-11-26T10:00"
    want = wangshi.supervise_batch({**{c: table[c] for c in ("step", "class", "level", "immediate_report")},
                                    "started": pa.array(local, pa.timestamp("s"))},
                                   as_of=as_of, output="arrow")
    df = spark.createDataFrame(table)
    # Spark also names the zone by its offset, as Java does ("GMT+8").
    for zone in ("Asia/Shanghai", "GMT+8", "UTC+08:00", "+08:00"):
        spark.conf.set("spark.sql.session.timeZone", zone)
        try:
            got = collected(wangshi.spark.supervise(df, as_of))
        finally:
            spark.conf.set("spark.sql.session.timeZone", "Asia/Shanghai")
        assert_rows_equal(got, want, list(wangshi.SUPERVISE_COLUMNS))
        assert got["error"].to_pylist() == [None, None], zone


def test_deadlines_equal_the_batch_row_by_row(spark: Any) -> None:
    rng = np.random.default_rng(18)
    n = 30_000
    start = np.datetime64("2026-01-01T08:00", "s") + rng.integers(-10**8, 10**8, n).astype("timedelta64[s]")
    units = np.array(["minutes", "hours", "days", "working_days", "fortnights"], dtype=object)
    table = pa.table(
        {
            "id": pa.array(np.arange(n, dtype=np.int64)),
            "start": pa.array(start, mask=rng.random(n) < 0.02),
            "unit": pa.array(units[rng.integers(0, 5, n)], pa.string()),
            "amount": pa.array(rng.integers(0, 40, n), mask=rng.random(n) < 0.02),
        }
    )
    df = spark.createDataFrame(table).repartition(3)
    got = collected(wangshi.spark.deadlines(df))
    want = wangshi.deadline_batch(table, output="arrow")
    assert got.column_names == [*table.column_names, *wangshi.DEADLINE_COLUMNS]
    assert_rows_equal(got, want, list(wangshi.DEADLINE_COLUMNS))
    assert {None, "missing_field", "unknown_field", "invalid_value"} <= set(got["error"].to_pylist())
    one = collected(wangshi.spark.deadlines(df, {"working_days": 7}, prefix="d_"))
    want = wangshi.deadline_batch(table["start"], {"working_days": 7}, output="arrow")
    assert_rows_equal(one.rename_columns([*table.column_names, *wangshi.DEADLINE_COLUMNS]), want,
                      list(wangshi.DEADLINE_COLUMNS))


def test_bad_calls_fail_on_the_driver(spark: Any) -> None:
    df = spark.createDataFrame(residents(10, seed=1))
    with pytest.raises(ValueError, match="prefix"):
        wangshi.spark.visit_status(df.withColumnRenamed("worker", "state"), AS_OF)
    with pytest.raises(ValueError, match="no column 'colour'"):
        wangshi.spark.visit_status(df, AS_OF, columns={"tier": "colour"})
    with pytest.raises(ValueError, match="tier_since"):
        wangshi.spark.visit_status(df.drop("tier_since"), AS_OF)
    with pytest.raises(wangshi.DateError):
        wangshi.spark.visit_status(df, "2026-02-30")
    with pytest.raises(wangshi.RequestError):
        wangshi.spark.visit_status(df, AS_OF, threads=-1)
    with pytest.raises(ValueError, match="reported_on"):
        wangshi.spark.classify(spark.createDataFrame(cases(10, seed=1)).drop("reported_on"))
    steps = spark.createDataFrame(open_steps(10, seed=1))
    with pytest.raises(ValueError, match="immediate_report"):
        wangshi.spark.supervise(steps.drop("immediate_report"), "2026-11-26T10:00")
    with pytest.raises(wangshi.DateError):
        wangshi.spark.supervise(steps, "2026-11-26T25:00")
    with pytest.raises(ValueError, match="unit"):
        wangshi.spark.deadlines(steps.withColumnRenamed("started", "start"))


def test_the_morning_sweep_example_runs(spark: Any, tmp_path: Path) -> None:
    path = REPO / "examples" / "spark" / "morning_sweep.py"
    spec = importlib.util.spec_from_file_location("morning_sweep", path)
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    report = example.sweep(spark, tmp_path, residents=20_000, cases=5_000, as_of=AS_OF)
    # The alert counts it prints are the in-process batch's.
    table = pq.read_table(tmp_path / "county" / "residents.parquet")
    want = wangshi.visit_status_batch(table, as_of=AS_OF, output="arrow")
    counts: dict[tuple[str, str], int] = {}
    for w, a in zip(table["worker"].to_pylist(), want["alert"].to_pylist()):
        if a is not None:
            counts[(w, a)] = counts.get((w, a), 0) + 1
    assert report["alerts"] == counts
    assert (tmp_path / "results" / "visit_status").is_dir()
    assert (tmp_path / "results" / "triage").is_dir()
    assert sum(report["centers"].values()) == 5_000
    # The ladder it prints is the in-process sweep of the same open steps.
    steps = pq.read_table(tmp_path / "county" / "open_steps.parquet")
    cases = pq.read_table(tmp_path / "county" / "cases.parquet")
    triage = wangshi.classify_batch(cases, output="arrow")
    assert steps["id"].equals(cases["id"])
    board = wangshi.supervise_batch(
        {"step": steps["step"], "started": steps["started"], "class": triage["case_class"],
         "level": triage["level"], "immediate_report": triage["immediate_report"],
         "report_within_minutes": triage["report_within_minutes"], "extended": steps["extended"]},
        as_of=dt.datetime(2026, 11, 26, 8, 0), output="arrow",
    )
    ladder: dict[str, int] = {}
    for rung, err in zip(board["supervision"].to_pylist(), board["error"].to_pylist()):
        key = rung or f"error: {err}"
        ladder[key] = ladder.get(key, 0) + 1
    assert report["ladder"] == ladder
    assert len([k for k in ladder if not k.startswith("error")]) >= 3
    assert (tmp_path / "results" / "supervision").is_dir()
