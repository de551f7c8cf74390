"""The county's morning sweep on Apache Spark, with wangshi.spark.

It writes a synthetic county to Parquet (residents with their grid worker,
and the week's reported cases), then in a Spark session:

1. the visit sweep (分色管理): every resident's visit status as of today
   (wangshi.spark.visit_status), written to Parquet, and the alert counts
   per grid worker printed;
2. the classification sweep (事件分流): every case's class, centre and
   level (wangshi.spark.classify), written to Parquet, and the cases per
   centre printed;
3. the supervision sweep (监督问效): the open step of every case (签收,
   部门报到, 办结 …), joined with its class, level and immediate-report duty
   from step 2, swept at 08:00 this morning (wangshi.spark.supervise) in
   working days with 调休, written to Parquet, and the steps per rung of
   the ladder (正常, 黄灯预警, 红灯超期, 督办, 问责通报) printed.

Rows with bad data are never dropped: they carry their error code in the
`error` column and are counted too.

Run locally (two cores)::

    python examples/spark/morning_sweep.py --residents 1000000 --out /tmp/county

Point it at a cluster with spark-submit; every executor needs Python with
wangshi installed (the same version as the driver), and --out must be a
path every executor can write (HDFS, S3, a shared mount)::

    spark-submit --master spark://head:7077 --num-executors 20 \\
        --conf spark.pyspark.python=/opt/venv/bin/python \\
        examples/spark/morning_sweep.py --master "" --out hdfs:///county/2026-11-26

(``--master ""`` leaves the master to spark-submit; ``yarn`` or
``k8s://…`` work the same way.) A cluster changes how many partitions run
at once, never a row's result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

import wangshi
import wangshi.spark


def county(residents: int, cases: int, as_of: dt.date, seed: int = 2026) -> tuple[pa.Table, pa.Table]:
    """A synthetic county: residents over grids of about 500 (one worker
    each), mostly green, a few planted bad rows; the past week's cases."""
    rng = np.random.default_rng(seed)
    today = np.datetime64(as_of, "D")
    tier = np.array(["green", "blue", "orange", "red"], dtype=object)[
        rng.choice(4, residents, p=[0.85, 0.115, 0.03, 0.005])
    ]
    since = (today - rng.integers(0, 3 * 365, residents)).astype("datetime64[D]")
    last = (today - rng.integers(0, 70, residents)).astype("datetime64[D]")
    last = np.maximum(last, since)
    grid = rng.integers(0, max(1, residents // 500), residents)
    # A few bad rows, as a real export has: unknown tiers, missing dates.
    tier[rng.random(residents) < 0.001] = "purple"
    people = pa.table(
        {
            "id": pa.array([f"r{i:07d}" for i in range(residents)]),
            "tier": pa.array(tier, pa.string()),
            "tier_since": pa.array(since, mask=rng.random(residents) < 0.001),
            "last_visit": pa.array(last, mask=rng.random(residents) < 0.05),
            "grid": pa.array([f"g{g:04d}" for g in grid]),
            "worker": pa.array([f"w{g:04d}" for g in grid]),
        }
    )
    codes = np.array([i.code for i in wangshi.Catalog().items], dtype=object)
    reported = (today - rng.integers(0, 7, cases)).astype("datetime64[D]")
    reports = pa.table(
        {
            "id": pa.array([f"c{i:06d}" for i in range(cases)]),
            "item": pa.array(codes[rng.integers(0, len(codes), cases)], pa.string()),
            "reported_on": pa.array(reported),
            "parties": pa.array(rng.integers(1, 12, cases).astype(np.int32)),
            "amount": pa.array(rng.integers(0, 500_000, cases).astype(float)),
            "emergency": pa.array(rng.random(cases) < 0.02),
            "property_dispute": pa.array(rng.random(cases) < 0.1),
        }
    )
    return people, reports


def open_steps(cases: pa.Table, as_of: dt.date, seed: int = 2027) -> pa.Table:
    """The open step of each case: its kind, when it started (the case's
    report day plus some hours) and how often it was extended."""
    rng = np.random.default_rng(seed)
    n = cases.num_rows
    kinds = np.array(["accept", "report_in", "resolve", "review", "mediate"], dtype=object)
    step = kinds[rng.choice(5, n, p=[0.15, 0.1, 0.55, 0.1, 0.1])]
    day = cases["reported_on"].to_numpy(zero_copy_only=False).astype("datetime64[s]")
    started = day + rng.integers(8 * 3600, 5 * 86400, n).astype("timedelta64[s]")
    started = np.minimum(started, np.datetime64(as_of, "s") + np.timedelta64(7 * 3600, "s"))
    return pa.table(
        {
            "id": cases["id"],
            "step": pa.array(step, pa.string()),
            "started": pa.array(started),
            "extended": pa.array(rng.choice(3, n, p=[0.9, 0.08, 0.02]).astype(np.int32)),
        }
    )


def sweep(spark: Any, workdir: Path | str, residents: int, cases: int, as_of: dt.date) -> dict[str, Any]:
    """Writes the county under ``workdir/county``, runs both sweeps into
    ``workdir/results`` and returns what it printed: alert counts per
    (worker, alert) and cases per centre."""
    from pyspark.sql import functions as F

    base = str(workdir).rstrip("/")
    people, reports = county(residents, cases, as_of)
    if "://" not in base:
        Path(base, "county").mkdir(parents=True, exist_ok=True)
    pq.write_table(people, f"{base}/county/residents.parquet")
    pq.write_table(reports, f"{base}/county/cases.parquet")
    pq.write_table(open_steps(reports, as_of), f"{base}/county/open_steps.parquet")

    # 1. The visit sweep.
    status = wangshi.spark.visit_status(spark.read.parquet(f"{base}/county/residents.parquet"), as_of)
    status.write.mode("overwrite").parquet(f"{base}/results/visit_status")
    done = spark.read.parquet(f"{base}/results/visit_status")
    per_worker = (
        done.where(F.col("alert").isNotNull())
        .groupBy("worker", "alert")
        .count()
        .orderBy("worker", "alert")
        .collect()
    )
    alerts = {(r["worker"], r["alert"]): r["count"] for r in per_worker}
    errors = {r["error"]: r["count"] for r in done.where(F.col("error").isNotNull()).groupBy("error").count().collect()}
    print(f"visit sweep as of {as_of}: {residents:,} residents, {sum(alerts.values()):,} alerts")
    by_worker: dict[str, dict[str, int]] = {}
    for (worker, alert), n in alerts.items():
        by_worker.setdefault(worker, {})[alert] = n
    shown = sorted(by_worker.items(), key=lambda kv: (-kv[1].get("escalation", 0), kv[0]))
    for worker, counts in shown[:10]:
        print(f"  {worker}: " + ", ".join(f"{counts.get(a, 0)} {a}" for a in ("escalation", "warning", "reminder")))
    if len(shown) > 10:
        print(f"  … and {len(shown) - 10} more workers")
    for code, n in sorted(errors.items()):
        print(f"  rows not evaluated: {n} {code}")

    # 2. The classification sweep.
    triage = wangshi.spark.classify(spark.read.parquet(f"{base}/county/cases.parquet"))
    triage.write.mode("overwrite").parquet(f"{base}/results/triage")
    rows = spark.read.parquet(f"{base}/results/triage").groupBy("center", "error").count().collect()
    centers = {(r["center"] or f"error: {r['error']}"): r["count"] for r in rows}
    print(f"classification sweep: {cases:,} cases")
    for center, n in sorted(centers.items()):
        print(f"  {center}: {n}")

    # 3. The supervision sweep: each open step with its case's triage.
    triaged = spark.read.parquet(f"{base}/results/triage").select(
        "id", F.col("case_class").alias("class"), "level", "immediate_report", "report_within_minutes"
    )
    steps = spark.read.parquet(f"{base}/county/open_steps.parquet").join(triaged, "id")
    morning = dt.datetime.combine(as_of, dt.time(8, 0))
    board = wangshi.spark.supervise(steps, morning)
    board.write.mode("overwrite").parquet(f"{base}/results/supervision")
    rows = spark.read.parquet(f"{base}/results/supervision").groupBy("supervision", "error").count().collect()
    ladder = {(r["supervision"] or f"error: {r['error']}"): r["count"] for r in rows}
    print(f"supervision sweep at {morning:%Y-%m-%d %H:%M}: {sum(ladder.values()):,} open steps")
    for rung in ("on_track", "warning", "overdue", "supervision", "accountability"):
        print(f"  {rung}: {ladder.get(rung, 0)}")
    for rung, n in sorted(ladder.items()):
        if rung.startswith("error"):
            print(f"  {rung}: {n}")
    return {"alerts": alerts, "errors": errors, "centers": centers, "ladder": ladder}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="The county's morning sweep on Spark (wangshi.spark).")
    ap.add_argument("--residents", type=int, default=200_000, help="synthetic residents (default 200 000)")
    ap.add_argument("--cases", type=int, default=5_000, help="synthetic cases (default 5 000)")
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 26), metavar="YYYY-MM-DD")
    ap.add_argument("--out", default="/tmp/wangshi-county", help="working directory (local path or a URI)")
    ap.add_argument("--master", default="local[2]",
                    help='Spark master (default local[2]; "" to leave it to spark-submit)')
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    # pyspark 4.3 warns that it does not fully support pandas >= 3; the
    # sweep uses no pandas.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    builder = SparkSession.builder.appName("wangshi morning sweep").config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
        if args.master.startswith("local"):
            # One machine: listen on the loopback interface only.
            builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        sweep(spark, args.out, args.residents, args.cases, args.as_of)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
