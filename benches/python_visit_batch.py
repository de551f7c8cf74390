"""Python benchmark of the columnar visit batch on 1 000 000 residents.

In one run, on the same synthetic county (default policy, fixed seed), it
prints the median time of ``wangshi.visit_status_batch`` for each input ->
output form a data team meets (pyarrow Tables, polars DataFrames, numpy
arrays, pandas DataFrames), and its ratio to the Rust core's own batch
measured in the same process on already-converted columns (allocating its
output columns, as any call returning new columns must) and to a
straightforward vectorised pandas implementation of the same rule (and, if
installed, the ``zen-engine`` package evaluating the rule as a decision
graph). Every alternative is checked row by row against wangshi first.

The core's timing entry exists only in a benchmark build of the module (the
python crate's cargo feature ``bench``): the script builds one with maturin
into ``target/python-bench`` and imports it from there, leaving the
installed package alone.

Run (after ``./scripts/test_all.sh`` has built .venv)::

    .venv/bin/python benches/python_visit_batch.py
    # zen-engine is optional: .venv/bin/pip install zen-engine==2.1.3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pybench import BENCH, bench_build  # noqa: E402

bench_build()
import wangshi  # noqa: E402
from wangshi import _wangshi  # noqa: E402

AS_OF = dt.date(2026, 11, 26)
TIERS = ["green", "blue", "orange", "red"]


def synthetic(n: int, seed: int) -> pd.DataFrame:
    """A county: 70 % green, 15 % blue, 10 % orange, 5 % red; tiers assigned
    in the last three years; a visit in the last 90 days for 90 % of them."""
    rng = np.random.default_rng(seed)
    as_of = np.datetime64(AS_OF, "D")
    tier = rng.choice(np.array(TIERS), n, p=[0.70, 0.15, 0.10, 0.05])
    since = as_of - rng.integers(0, 3 * 365, n)
    last = as_of - rng.integers(0, 90, n)
    last = np.where(last < since, since, last).astype("datetime64[D]")
    last[rng.random(n) < 0.10] = np.datetime64("NaT")
    # As pandas.read_csv(..., parse_dates=[...]) leaves it.
    return pd.DataFrame(
        {
            "id": np.arange(n).astype(str),
            "tier": pd.Series(tier, dtype="str"),
            "tier_since": since.astype("datetime64[ns]"),
            "last_visit": last.astype("datetime64[ns]"),
        }
    )


# ------------------------------------------------------------------ pandas


def pandas_visit_status(df: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The visit rule (分色管理) written as a data team would:
    the policy as a small table merged in, period indices from .dt
    accessors, np.select for the branches."""
    policy = pd.DataFrame(
        {
            "tier": TIERS,
            "cadence": ["monthly", "semi_monthly", "weekly", "daily"],
            "reminder_days": [5, 3, 2, 0],
            "escalate_after": [3, 2, 2, 1],
        }
    )
    asof = pd.Timestamp(as_of)

    def period_index(s: pd.Series, cadence: pd.Series) -> pd.Series:
        month = s.dt.year * 12 + s.dt.month - 1
        days = (s - pd.Timestamp("1970-01-01")).dt.days
        return pd.Series(
            np.select(
                [cadence == "monthly", cadence == "semi_monthly", cadence == "weekly"],
                [month, month * 2 + (s.dt.day > 15), (days + 3) // 7],
                days,
            ),
            index=s.index,
        )

    # The current period P and its neighbours, once per tier (as_of is one day).
    first = asof.replace(day=1)
    month_end = first + pd.offsets.MonthEnd(0)
    next_month_end = (first + pd.DateOffset(months=1)) + pd.offsets.MonthEnd(0)
    if asof.day <= 15:
        semi = (first, first + pd.Timedelta(days=14), month_end)
    else:
        semi = (first + pd.Timedelta(days=15), month_end, first + pd.DateOffset(months=1) + pd.Timedelta(days=14))
    monday = asof - pd.Timedelta(days=asof.weekday())
    periods = pd.DataFrame(
        {
            "cadence": ["monthly", "semi_monthly", "weekly", "daily"],
            "p_start": [first, semi[0], monday, asof],
            "p_end": [month_end, semi[1], monday + pd.Timedelta(days=6), asof],
            "next_end": [next_month_end, semi[2], monday + pd.Timedelta(days=13), asof + pd.Timedelta(days=1)],
        }
    )
    periods["p_idx"] = period_index(periods["p_start"], periods["cadence"])
    policy = policy.merge(periods, on="cadence")

    d = df[["tier", "tier_since", "last_visit"]].merge(policy, on="tier", how="left")
    g = period_index(d["tier_since"], d["cadence"])
    last = period_index(d["last_visit"].fillna(pd.Timestamp("1900-01-01")), d["cadence"])
    last = last.where(d["last_visit"].notna(), -(10**9))
    p = d["p_idx"]
    visited = last == p
    grace = ~visited & (g == p)
    missed = np.where(visited | grace, 0, np.maximum(0, p - 1 - np.maximum(g, last)))
    due = d["p_end"].where(~(visited | grace), d["next_end"])
    days_left = (due - asof).dt.days
    state = np.select(
        [visited, missed > 0, days_left <= d["reminder_days"]], ["done", "overdue", "due_soon"], "pending"
    )
    alert = np.select(
        [missed >= d["escalate_after"], missed >= 1, state == "due_soon"],
        ["escalation", "warning", "reminder"],
        "",
    )
    bad = d["cadence"].isna() | (d["tier_since"] > asof) | (d["last_visit"] > asof)
    return pd.DataFrame(
        {
            "state": np.where(bad, "", state),
            "due": due.where(~bad),
            "days_left": days_left.where(~bad),
            "missed_periods": pd.Series(missed).where(~bad),
            "alert": np.where(bad, "", alert),
        }
    )


# ------------------------------------------------------------------ zen-engine


def zen_decision() -> Any:
    """The same rule as a GoRules decision graph: a decision table maps the
    tier to its cadence and thresholds, an expression node computes the
    periods, and two first-hit decision tables decide the state and alert."""
    import zen

    def per_cadence(monthly: str, semi: str, weekly: str, daily: str) -> str:
        return (
            f'cadence == "monthly" ? ({monthly}) : cadence == "semi_monthly" ? ({semi}) : '
            f'cadence == "weekly" ? ({weekly}) : ({daily})'
        )

    def idx(x: str) -> str:
        return per_cadence(
            f"d({x}).year() * 12 + d({x}).month() - 1",
            f"(d({x}).year() * 12 + d({x}).month() - 1) * 2 + (d({x}).day() > 15 ? 1 : 0)",
            f"floor((date({x}) / 86400 + 3) / 7)",
            f"date({x}) / 86400",
        )

    day = "(d(as_of).day() <= 15)"
    expressions = [
        ("p", idx("as_of")),
        ("g", idx("tier_since")),
        ("l", f"last_visit == null ? -1000000000 : {idx('last_visit')}"),
        (
            "p_end",
            per_cadence(
                'd(as_of).endOf("month")',
                f'{day} ? d(as_of).startOf("month").add(14, "day") : d(as_of).endOf("month")',
                'd(as_of).endOf("week")',
                "d(as_of)",
            ),
        ),
        (
            "next_end",
            per_cadence(
                'd(as_of).startOf("month").add(1, "month").endOf("month")',
                f'{day} ? d(as_of).endOf("month") : d(as_of).startOf("month").add(1, "month").add(14, "day")',
                'd(as_of).endOf("week").add(7, "day")',
                'd(as_of).add(1, "day")',
            ),
        ),
        ("p_end_days", 'd($.p_end).diff(d(as_of), "day")'),
        ("next_end_days", 'd($.next_end).diff(d(as_of), "day")'),
        ("latest", "max([$.g, $.l])"),
    ]
    graph = {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "residents", "position": {"x": 0, "y": 0}},
            {
                "id": "policy",
                "type": "decisionTableNode",
                "name": "tier policy",
                "position": {"x": 0, "y": 0},
                "content": {
                    "hitPolicy": "first",
                    "passThrough": True,
                    "inputField": None,
                    "outputPath": None,
                    "executionMode": "single",
                    "inputs": [{"id": "tier", "name": "tier", "field": "tier"}],
                    "outputs": [
                        {"id": "cadence", "name": "cadence", "field": "cadence"},
                        {"id": "reminder", "name": "reminder_days", "field": "reminder_days"},
                        {"id": "escalate", "name": "escalate_after", "field": "escalate_after"},
                    ],
                    "rules": [
                        {"_id": t, "tier": f'"{t}"', "cadence": f'"{c}"', "reminder": str(r), "escalate": str(e)}
                        for t, c, r, e in [
                            ("green", "monthly", 5, 3),
                            ("blue", "semi_monthly", 3, 2),
                            ("orange", "weekly", 2, 2),
                            ("red", "daily", 0, 1),
                        ]
                    ],
                },
            },
            {
                "id": "periods",
                "type": "expressionNode",
                "name": "periods",
                "position": {"x": 0, "y": 0},
                "content": {
                    "expressions": [{"id": k, "key": k, "value": v} for k, v in expressions],
                    "passThrough": True,
                    "inputField": None,
                    "outputPath": None,
                    "executionMode": "single",
                },
            },
            {
                "id": "state",
                "type": "decisionTableNode",
                "name": "state",
                "position": {"x": 0, "y": 0},
                "content": {
                    "hitPolicy": "first",
                    "passThrough": True,
                    "inputField": None,
                    "outputPath": None,
                    "executionMode": "single",
                    "inputs": [{"id": "c", "name": "case", "field": ""}],
                    "outputs": [
                        {"id": "state", "name": "state", "field": "state"},
                        {"id": "days_left", "name": "days_left", "field": "days_left"},
                        {"id": "missed", "name": "missed_periods", "field": "missed_periods"},
                    ],
                    "rules": [
                        {"_id": "visited", "c": "l == p", "state": '"done"', "days_left": "next_end_days", "missed": "0"},
                        {
                            "_id": "grace",
                            "c": "g == p",
                            "state": 'next_end_days <= reminder_days ? "due_soon" : "pending"',
                            "days_left": "next_end_days",
                            "missed": "0",
                        },
                        {
                            "_id": "missed",
                            "c": "latest < p - 1",
                            "state": '"overdue"',
                            "days_left": "p_end_days",
                            "missed": "p - 1 - latest",
                        },
                        {
                            "_id": "current",
                            "c": "",
                            "state": 'p_end_days <= reminder_days ? "due_soon" : "pending"',
                            "days_left": "p_end_days",
                            "missed": "0",
                        },
                    ],
                },
            },
            {
                "id": "alert",
                "type": "decisionTableNode",
                "name": "alert",
                "position": {"x": 0, "y": 0},
                "content": {
                    "hitPolicy": "first",
                    "passThrough": True,
                    "inputField": None,
                    "outputPath": None,
                    "executionMode": "single",
                    "inputs": [{"id": "c", "name": "case", "field": ""}],
                    "outputs": [{"id": "alert", "name": "alert", "field": "alert"}],
                    "rules": [
                        {"_id": "e", "c": "missed_periods >= escalate_after", "alert": '"escalation"'},
                        {"_id": "w", "c": "missed_periods >= 1", "alert": '"warning"'},
                        {"_id": "r", "c": 'state == "due_soon"', "alert": '"reminder"'},
                        {"_id": "n", "c": "", "alert": "null"},
                    ],
                },
            },
            {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 0, "y": 0}},
        ],
        "edges": [
            {"id": f"e{i}", "sourceId": a, "targetId": b, "type": "edge"}
            for i, (a, b) in enumerate(
                [("in", "policy"), ("policy", "periods"), ("periods", "state"), ("state", "alert"), ("alert", "out")]
            )
        ],
    }
    return zen.ZenEngine().create_decision(json.dumps(graph))


def zen_rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as the JSON contexts a decision is evaluated on."""
    as_of = AS_OF.isoformat()
    tiers = df["tier"].tolist()
    since = df["tier_since"].dt.strftime("%Y-%m-%d").tolist()
    last = df["last_visit"].dt.strftime("%Y-%m-%d").tolist()
    return [
        {"as_of": as_of, "tier": t, "tier_since": s, "last_visit": v if isinstance(v, str) else None}
        for t, s, v in zip(tiers, since, last)
    ]


# ------------------------------------------------------------------ main


def check_same(name: str, got: dict[str, np.ndarray], want: dict[str, np.ndarray]) -> None:
    for col in ("state", "days_left", "missed_periods", "alert"):
        g, w = np.asarray(got[col]), np.asarray(want[col])
        if not (g == w).all():
            i = int(np.flatnonzero(g != w)[0])
            raise SystemExit(f"{name} disagrees with wangshi on {col} at row {i}: {g[i]!r} != {w[i]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1_000_000, help="residents (default 1 000 000)")
    ap.add_argument("--rounds", type=int, default=9, help="timed rounds, variants interleaved (median)")
    ap.add_argument("--zen-sample", type=int, default=11_000,
                    help="residents evaluated by zen-engine (checked, then timed a slice per round)")
    args = ap.parse_args()
    n = args.n
    assert Path(wangshi.__file__).is_relative_to(BENCH), wangshi.__file__

    df = synthetic(n, seed=2026)
    policy = wangshi.VisitPolicy()
    print(f"wangshi {wangshi.__version__}, {n:,} residents, as_of {AS_OF}, "
          f"median of {args.rounds} interleaved rounds\n")

    table = pa.Table.from_pandas(df[["tier", "tier_since", "last_visit"]], preserve_index=False)
    table = table.set_column(0, "tier", table["tier"].cast(pa.string()))
    table = table.set_column(1, "tier_since", table["tier_since"].cast(pa.date32()))
    table = table.set_column(2, "last_visit", table["last_visit"].cast(pa.date32()))
    dict_table = table.set_column(0, "tier", table["tier"].dictionary_encode())
    polars = pl.from_arrow(table).with_columns(pl.col("tier").cast(pl.Categorical))
    assert isinstance(polars, pl.DataFrame)
    cat = df.assign(tier=df["tier"].astype("category"))
    np_tier = np.array([policy.tier_index(t) for t in TIERS], dtype=np.uint8)[
        pd.Categorical(df["tier"], categories=TIERS).codes]
    np_since = df["tier_since"].to_numpy().astype("datetime64[D]")
    np_last = df["last_visit"].to_numpy().astype("datetime64[D]")

    batch = wangshi.visit_status_batch
    variants: dict[str, Callable[[], Any]] = {
        "pyarrow Table (string, date32) -> arrow": lambda: batch(table, as_of=AS_OF, policy=policy, output="arrow"),
        "pyarrow Table (dictionary, date32) -> arrow":
            lambda: batch(dict_table, as_of=AS_OF, policy=policy, output="arrow"),
        "polars DataFrame (Categorical, Date) -> arrow":
            lambda: batch(polars, as_of=AS_OF, policy=policy, output="arrow"),
        "polars DataFrame (Categorical, Date) -> polars":
            lambda: batch(polars, as_of=AS_OF, policy=policy, output="polars"),
        "numpy (uint8, datetime64[D]) -> numpy": lambda: batch(np_tier, np_since, np_last, AS_OF, policy),
        "numpy (uint8, datetime64[D]) -> arrow":
            lambda: batch(np_tier, np_since, np_last, AS_OF, policy, output="arrow"),
        "pandas (str, datetime64) -> pandas": lambda: batch(df, as_of=AS_OF, policy=policy, output="pandas"),
        "pandas (category, datetime64) -> pandas": lambda: batch(cat, as_of=AS_OF, policy=policy, output="pandas"),
    }
    stage_calls: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
        "pyarrow Table (string, date32) -> arrow": ((table,), {"as_of": AS_OF, "output": "arrow"}),
        "pyarrow Table (dictionary, date32) -> arrow": ((dict_table,), {"as_of": AS_OF, "output": "arrow"}),
        "polars DataFrame (Categorical, Date) -> polars": ((polars,), {"as_of": AS_OF, "output": "polars"}),
        "numpy (uint8, datetime64[D]) -> numpy": ((np_tier, np_since, np_last, AS_OF), {"output": "numpy"}),
        "pandas (str, datetime64) -> pandas": ((df,), {"as_of": AS_OF, "output": "pandas"}),
    }
    targets = {
        "pyarrow Table (string, date32) -> arrow": 1.3,
        "pyarrow Table (dictionary, date32) -> arrow": 1.3,
        "polars DataFrame (Categorical, Date) -> arrow": 1.3,
        "numpy (uint8, datetime64[D]) -> numpy": 1.5,
        "pandas (str, datetime64) -> pandas": 1.5,
        "pandas (category, datetime64) -> pandas": 1.5,
    }

    def core() -> float:
        # The core's batch alone, on the converted columns, allocating its
        # output columns (median of 3 runs inside the native module).
        t, _ = _wangshi._time_core_visit_batch(np_tier, np_since, np_last, AS_OF, 3, policy)
        return float(t)

    def pandas_rule() -> Any:
        return pandas_visit_status(df, AS_OF)

    # Same answers first: every variant and the pandas version against wangshi.
    reference = batch(df["tier"], df["tier_since"], df["last_visit"], AS_OF, policy)
    assert (reference["error"] == None).all()  # noqa: E711 (elementwise)
    assert set(reference["state"]) == {"done", "pending", "due_soon", "overdue"}
    want = {c: np.asarray(reference[c]) for c in ("state", "days_left", "missed_periods")}
    want["alert"] = np.where(reference["alert"] == None, "", reference["alert"])  # noqa: E711
    for name, f in variants.items():
        check_same(name, as_columns(f()), want)
    check_same("pandas", as_columns(pandas_rule()), want)

    # zen-engine evaluates one resident per call: a slice of the sample per
    # round, checked against wangshi first.
    zen_decide = None
    zen_rows_all: list[dict[str, Any]] = []
    try:
        import zen  # noqa: F401
    except ImportError:
        pass
    else:
        m = min(args.zen_sample, n)
        sample = df.iloc[:m]
        zen_rows_all = zen_rows(sample)
        zen_decide = zen_decision().evaluate
        zen_out = [zen_decide(r)["result"] for r in zen_rows_all]
        got = {
            "state": np.array([r["state"] for r in zen_out]),
            "days_left": np.array([r["days_left"] for r in zen_out]),
            "missed_periods": np.array([r["missed_periods"] for r in zen_out]),
            "alert": np.array([r.get("alert") or "" for r in zen_out]),
        }
        check_same("zen-engine", got, {k: v[:m] for k, v in want.items()})

    times: dict[str, list[float]] = {k: [] for k in [*variants, "core", "pandas", "zen"]}
    per_round = max(1, len(zen_rows_all) // args.rounds)
    for r in range(args.rounds):
        for name, f in variants.items():
            t = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t)
        times["core"].append(core())
        t = time.perf_counter()
        pandas_rule()
        times["pandas"].append(time.perf_counter() - t)
        if zen_decide is not None:
            rows = zen_rows_all[r * per_round : (r + 1) * per_round]
            t = time.perf_counter()
            for row in rows:
                zen_decide(row)
            times["zen"].append((time.perf_counter() - t) / len(rows) * n)
    med = {k: statistics.median(v) for k, v in times.items() if v}

    print(f"  {'input -> output':<48} {'median':>9}  {'x core':>7}  {'target':>7}  {'vs pandas':>10}")
    for name in variants:
        ratio = med[name] / med["core"]
        target = targets.get(name)
        verdict = "" if target is None else (f"<= {target}x" + (" ok" if ratio <= target else " MISSED"))
        print(f"  {name:<48} {med[name] * 1e3:7.1f} ms  {ratio:6.2f}x  {verdict:>10}  "
              f"{med['pandas'] / med[name]:7.1f}x faster" + (" ok" if med["pandas"] / med[name] >= 20 else " MISSED (>= 20x)"))
    print(f"  {'Rust core batch alone (same process)':<48} {med['core'] * 1e3:7.1f} ms")
    print(f"  {'pandas, vectorised (same rule)':<48} {med['pandas'] * 1e3:7.1f} ms")
    zen_t = med.get("zen")
    if zen_t is None:
        print("  zen-engine: not installed (pip install zen-engine), skipped")
    else:
        print(f"  {'zen-engine decision graph (per-resident x n)':<48} {zen_t * 1e3:7.1f} ms")
    print("\nwhere a call's time goes (timed inside the native module, median of 5 calls each):")
    print(f"  {'input -> output':<48} {'convert':>9} {'core':>9} {'output':>9}")
    for name, args_kw in stage_calls.items():
        conv, core_t, build = _wangshi._time_visit_stages(*args_kw[0], **args_kw[1], rounds=5)
        print(f"  {name:<48} {conv * 1e3:6.1f} ms {core_t * 1e3:6.1f} ms {build * 1e3:6.1f} ms")


def as_columns(out: Any) -> dict[str, np.ndarray]:
    """state, days_left, missed_periods and alert ("" for none) of any output form."""
    if isinstance(out, pa.Table):
        return {
            "state": pc.fill_null(out["state"].cast(pa.string()), "").to_numpy(),
            "alert": pc.fill_null(out["alert"].cast(pa.string()), "").to_numpy(),
            "days_left": out["days_left"].to_numpy(),
            "missed_periods": out["missed_periods"].to_numpy(),
        }
    if isinstance(out, pl.DataFrame):
        return {
            "state": out["state"].cast(pl.String).fill_null("").to_numpy(),
            "alert": out["alert"].cast(pl.String).fill_null("").to_numpy(),
            "days_left": out["days_left"].to_numpy(),
            "missed_periods": out["missed_periods"].to_numpy(),
        }
    if isinstance(out, pd.DataFrame):
        return {
            "state": out["state"].astype(object).fillna("").to_numpy(),
            "alert": out["alert"].astype(object).fillna("").to_numpy(),
            "days_left": out["days_left"].to_numpy(),
            "missed_periods": out["missed_periods"].to_numpy(),
        }
    return {
        "state": np.asarray(out["state"]),
        "alert": np.where(out["alert"] == None, "", out["alert"]),  # noqa: E711
        "days_left": np.asarray(out["days_left"]),
        "missed_periods": np.asarray(out["missed_periods"]),
    }


if __name__ == "__main__":
    main()
