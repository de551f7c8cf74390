"""Scaling out: the same residents (default 10 000 000) evaluated in one
process on 1 and 2 threads and through Spark ``local[2]``
(``wangshi.spark.visit_status``), from one Parquet file.

- In one process: ``pyarrow.parquet.read_table`` then
  ``wangshi.visit_status_batch(..., output="arrow", threads=t)``; the batch
  alone and read + batch are timed.
- Spark: ``spark.read.parquet`` -> ``wangshi.spark.visit_status`` -> the
  ``noop`` sink (every row computed and handed back to the JVM, nothing
  written), in a ``local[2]`` session with the default Arrow batch size.

It uses the installed package (.venv's, which the Spark workers import too),
not a benchmark build. Every variant is checked first: Spark's alert counts equal the in-process
batch's. Rounds alternate the variants; medians are printed with the load
average. Run (after ``./scripts/test_all.sh`` has built .venv, which has
pyspark and needs Java)::

    .venv/bin/python benches/spark_scale.py [-n 10000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pybench import AS_OF, province  # noqa: E402

import wangshi  # noqa: E402
import wangshi.spark  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10_000_000, help="residents (default 10 000 000)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds (median)")
    args = ap.parse_args()
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("wangshi scale-out benchmark")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "residents.parquet")
        pq.write_table(province(args.n, seed=10), path, row_group_size=1_000_000)
        print(f"wangshi {wangshi.__version__}, {args.n:,} residents in {os.path.getsize(path) / 1e6:.0f} MB of "
              f"Parquet, Spark {spark.version} local[2], load average {os.getloadavg()}")

        table = pq.read_table(path)
        want = wangshi.visit_status_batch(table, as_of=AS_OF, output="arrow")
        alerts = {a: n for a, n in zip(*[c.to_pylist() for c in want["alert"].value_counts().flatten()])}
        df = spark.read.parquet(path)
        got = {r["alert"]: r["count"]
               for r in wangshi.spark.visit_status(df, AS_OF).groupBy("alert").count().collect()}
        assert got == alerts, (got, alerts)
        del want

        variants: dict[str, Callable[[], Any]] = {
            "one process, 1 thread (batch)": lambda: wangshi.visit_status_batch(
                table, as_of=AS_OF, output="arrow", threads=1),
            "one process, 2 threads (batch)": lambda: wangshi.visit_status_batch(
                table, as_of=AS_OF, output="arrow", threads=2),
            "one process, 2 threads (read Parquet + batch)": lambda: wangshi.visit_status_batch(
                pq.read_table(path), as_of=AS_OF, output="arrow", threads=2),
            "Spark local[2] (read Parquet + mapInArrow)": lambda: wangshi.spark.visit_status(
                spark.read.parquet(path), AS_OF).write.format("noop").mode("overwrite").save(),
        }
        times: dict[str, list[float]] = {k: [] for k in variants}
        for _ in range(args.rounds):
            for name, f in variants.items():
                start = time.perf_counter()
                out = f()
                times[name].append(time.perf_counter() - start)
                del out
        partitions = spark.read.parquet(path).rdd.getNumPartitions()
        print(f"medians of {args.rounds} interleaved rounds (Spark read the file as {partitions} partitions, "
              f"{spark.conf.get('spark.sql.execution.arrow.maxRecordsPerBatch')} rows per Arrow batch):")
        for name, v in times.items():
            print(f"  {name:<48} {statistics.median(v):7.2f} s")
        print(f"load average at the end {os.getloadavg()}")
        del F
    spark.stop()


if __name__ == "__main__":
    main()
