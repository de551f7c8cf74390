"""Today's visit worklist (分色管理) from a CSV of residents, with pandas.

    python examples/python/worklist.py                      # today, the bundled CSV
    python examples/python/worklist.py --as-of 2026-11-26 residents.csv

The CSV has one row per resident: id, name, tier (green/blue/orange/red),
tier_since, last_visit (empty when never visited), grid, worker. The whole
file goes to the Rust core in two columnar calls (wangshi.visit_status_batch
for the states, wangshi.visit_worklist for the worklist in the contract's
order); the dates are read from the CSV's text exactly as the JSON contract
reads them, and rows that cannot be evaluated are listed at the end and
never hold up the others.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pandas as pd

import wangshi

HERE = Path(__file__).resolve().parent
ALERT_ZH = {"escalation": "升级", "warning": "预警", "reminder": "提醒"}


def main() -> None:
    ap = argparse.ArgumentParser(description="Print today's visit worklist from a CSV of residents.")
    ap.add_argument("csv", nargs="?", default=HERE / "residents.csv", type=Path)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today(), help="YYYY-MM-DD (default: today)")
    args = ap.parse_args()

    residents = pd.read_csv(args.csv, dtype="str")  # empty cells are NaN: absent
    policy = wangshi.VisitPolicy()
    status = wangshi.visit_status_batch(residents, as_of=args.as_of, policy=policy, output="pandas")
    df = residents.join(status)

    print(f"Visit worklist for {args.as_of} — {len(df)} residents in {args.csv.name}")
    ok = df[df["error"].isna()]
    print("\nstate by tier:")
    print(pd.crosstab(ok["tier"], ok["state"]).reindex([t.code for t in policy.tiers], fill_value=0).to_string())

    # The alerts in the contract's order (alert, tier severity, days left,
    # id), with the counts per worker, from the core.
    work = wangshi.visit_worklist(residents, as_of=args.as_of, policy=policy, output="pandas")
    alerts = work["alerts"].assign(name=lambda a: residents["name"].to_numpy()[a["row"].to_numpy()])
    counts = work["by_worker"].set_index("worker")
    for worker, rows in alerts.groupby("worker", sort=True):
        c = counts.loc[worker]
        print(f"\nworker {worker} ({c['escalation']} escalation, {c['warning']} warning, {c['reminder']} reminder):")
        for r in rows.itertuples():
            last = residents["last_visit"].iloc[r.row]
            print(
                f"  {ALERT_ZH[r.alert]} {r.alert:<10} {r.id} {r.name:<4} {r.tier:<6} grid {r.grid}  "
                f"due {r.due.date()} ({r.days_left:+d} days), missed {r.missed_periods}, "
                f"last visit {last if isinstance(last, str) else 'never'}"
            )

    bad = work["errors"]
    if len(bad):
        print(f"\n{len(bad)} rows could not be evaluated or listed (fix the data):")
        for r in bad.itertuples():
            print(f"  {r.id} {residents['name'].iloc[r.row]}: {r.error} ({r.message})")


if __name__ == "__main__":
    main()
