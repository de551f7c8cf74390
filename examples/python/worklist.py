"""Today's visit worklist (分色管理) from a CSV of residents, with pandas.

    python examples/python/worklist.py                      # today, the bundled CSV
    python examples/python/worklist.py --as-of 2026-11-26 residents.csv

The CSV has one row per resident: id, name, tier (green/blue/orange/red),
tier_since, last_visit (empty when never visited), grid, worker. The whole
file is evaluated in one columnar call (wangshi.visit_status_batch); rows
that cannot be evaluated are listed at the end and never hold up the others.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pandas as pd

import wangshi

HERE = Path(__file__).resolve().parent
ALERT_ORDER = ["escalation", "warning", "reminder"]
ALERT_ZH = {"escalation": "升级", "warning": "预警", "reminder": "提醒"}


def main() -> None:
    ap = argparse.ArgumentParser(description="Print today's visit worklist from a CSV of residents.")
    ap.add_argument("csv", nargs="?", default=HERE / "residents.csv", type=Path)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today(), help="YYYY-MM-DD (default: today)")
    args = ap.parse_args()

    residents = pd.read_csv(
        args.csv,
        dtype={"id": "str", "name": "str", "tier": "category", "grid": "str", "worker": "str"},
        parse_dates=["tier_since", "last_visit"],
        date_format="%Y-%m-%d",
    )
    policy = wangshi.VisitPolicy()
    status = wangshi.visit_status_batch(
        residents["tier"], residents["tier_since"], residents["last_visit"], args.as_of, policy, output="pandas"
    )
    df = residents.join(status)

    print(f"Visit worklist for {args.as_of} — {len(df)} residents in {args.csv.name}")
    ok = df[df["error"].isna()]
    print("\nstate by tier:")
    print(pd.crosstab(ok["tier"], ok["state"]).reindex([t.code for t in policy.tiers], fill_value=0).to_string())

    # The contract's order: alert (escalation, warning, reminder), tier
    # severity (most severe first), days left, id.
    alerts = ok[ok["alert"].notna()].assign(
        alert_rank=lambda d: d["alert"].map(ALERT_ORDER.index).astype(int),
        tier_rank=lambda d: d["tier"].map(policy.tier_index).astype(int),
    )
    alerts = alerts.sort_values(["alert_rank", "tier_rank", "days_left", "id"], ascending=[True, False, True, True])

    for worker, rows in alerts.groupby("worker", sort=True):
        counts = rows["alert"].value_counts()
        summary = ", ".join(f"{counts.get(a, 0)} {a}" for a in ALERT_ORDER)
        print(f"\nworker {worker} ({summary}):")
        for r in rows.itertuples():
            last = r.last_visit.date().isoformat() if pd.notna(r.last_visit) else "never"
            print(
                f"  {ALERT_ZH[r.alert]} {r.alert:<10} {r.id} {r.name:<4} {r.tier:<6} grid {r.grid}  "
                f"due {r.due.date()} ({r.days_left:+d} days), missed {r.missed_periods}, last visit {last}"
            )

    bad = df[df["error"].notna()]
    if len(bad):
        print(f"\n{len(bad)} rows could not be evaluated (fix the data):")
        for r in bad.itertuples():
            print(f"  {r.id} {r.name}: {r.error}")


if __name__ == "__main__":
    main()
