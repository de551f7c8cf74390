"""Python benchmark of every core: ``wangshi.visit_status_batch`` on the
Arrow path (a pyarrow Table: dictionary tiers, ``date32`` dates with nulls ->
``output="arrow"``) on 1 and 2 threads, for a synthetic province of
1 000 000 and 50 000 000 residents, and ``classify_batch`` on 1 000 000
cases.

For each size: one warm-up call per thread count, then rounds in which the
thread counts alternate (so the machine's other load falls on both alike);
it prints the medians, their ratio, where a call's time goes (converting the
inputs, the core with its fresh output columns, building the Arrow output:
timed inside the native module), the core alone on reused output columns
(what the criterion benchmark measures), the process's peak memory and the
load average, and says which targets (>= 1.8x from 1 to 2 threads; 50 M
residents under one second on 2 threads) are met.

The timing entries exist only in a benchmark build (the python crate's
``bench`` feature): the script builds one into ``target/python-bench``.

Run (after ``./scripts/test_all.sh`` has built .venv)::

    .venv/bin/python benches/python_threads.py            # 1M and 50M
    .venv/bin/python benches/python_threads.py -n 1000000 --rounds 9
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pybench import AS_OF, BENCH, bench_build, province  # noqa: E402

bench_build()
import wangshi  # noqa: E402
from wangshi import _wangshi  # noqa: E402

def cases(n: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    codes = pa.array([i.code for i in wangshi.Catalog().items])
    day = (np.datetime64("2026-11-20") - rng.integers(0, 400, n)).astype("datetime64[D]")
    return pa.table({
        "item": pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, len(codes), n).astype(np.int16)), codes),
        "reported_on": pa.array(day),
        "parties": pa.array(rng.integers(1, 12, n).astype(np.int32)),
        "amount": pa.array(rng.integers(0, 500_000, n).astype(np.float64)),
        "emergency": pa.array(rng.random(n) < 0.02),
    })


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def interleaved(calls: dict[int, Callable[[], Any]], rounds: int) -> dict[int, float]:
    """Median seconds per thread count: a warm-up call each, then `rounds`
    rounds alternating the thread counts."""
    for f in calls.values():
        f()
    times: dict[int, list[float]] = {t: [] for t in calls}
    for _ in range(rounds):
        for t, f in calls.items():
            start = time.perf_counter()
            out = f()
            times[t].append(time.perf_counter() - start)
            del out
    return {t: statistics.median(v) for t, v in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("-n", type=int, action="append", help="residents (repeatable; default 1 000 000 and 50 000 000)")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds per size (median)")
    args = ap.parse_args()
    sizes = args.n or [1_000_000, 50_000_000]
    assert Path(wangshi.__file__).is_relative_to(BENCH), wangshi.__file__
    print(f"wangshi {wangshi.__version__}, {os.cpu_count()} cores, load average {os.getloadavg()}")
    verdicts = []
    for n in sizes:
        table = province(n, seed=n)
        print(f"\n{n:,} residents (pyarrow Table, {table.nbytes / 1e6:.0f} MB), median of {args.rounds} "
              "interleaved rounds after a warm-up call each")
        calls = {t: (lambda t=t: wangshi.visit_status_batch(table, as_of=AS_OF, output="arrow", threads=t))
                 for t in (1, 2)}
        # Same answer on both thread counts.
        assert calls[1]().equals(calls[2]())
        med = interleaved(calls, args.rounds)
        ratio = med[1] / med[2]
        print(f"  visit_status_batch -> arrow: 1 thread {med[1] * 1e3:8.1f} ms, 2 threads {med[2] * 1e3:8.1f} ms, "
              f"{ratio:.2f}x  (peak memory {peak_mb():,} MB, load {os.getloadavg()[0]:.1f})")
        verdicts.append(f"{n:,} residents: {ratio:.2f}x from 1 to 2 threads (target >= 1.8x: "
                        f"{'met' if ratio >= 1.8 else 'MISSED'})")
        if n >= 50_000_000:
            verdicts.append(f"{n:,} residents on 2 threads: {med[2]:.2f} s (target < 1 s: "
                            f"{'met' if med[2] < 1 else 'MISSED'})")
        for t in (1, 2):
            conv, core, build = _wangshi._time_visit_stages(table, as_of=AS_OF, output="arrow", rounds=3, threads=t)
            print(f"  {t} thread{'s' if t > 1 else ' '}: convert {conv * 1e3:7.1f} ms, core with fresh columns "
                  f"{core * 1e3:7.1f} ms, Arrow output {build * 1e3:7.1f} ms (medians of 3 calls)")
        tier = np.asarray(table["tier"].combine_chunks().indices)
        since = table["tier_since"].to_numpy()
        last = table["last_visit"].to_numpy()  # nulls are NaT: never visited
        for t in (1, 2):
            core_t, _ = _wangshi._time_core_visit_batch(tier, since, last, AS_OF, 3, None, t)
            print(f"  core alone, {t} thread{'s' if t > 1 else ' '}, allocating its columns: {core_t * 1e3:7.1f} ms")
        del table, calls
    m = 1_000_000
    c = cases(m, seed=7)
    calls = {t: (lambda t=t: wangshi.classify_batch(c, output="arrow", threads=t)) for t in (1, 2)}
    assert calls[1]().equals(calls[2]())
    med = interleaved(calls, args.rounds)
    print(f"\n{m:,} cases: classify_batch -> arrow: 1 thread {med[1] * 1e3:.1f} ms, 2 threads {med[2] * 1e3:.1f} ms, "
          f"{med[1] / med[2]:.2f}x (the conversion of its count and flag columns runs on one thread)")
    print(f"\npeak memory {peak_mb():,} MB; load average at the end {os.getloadavg()}")
    for v in verdicts:
        print("  " + v)


if __name__ == "__main__":
    main()
