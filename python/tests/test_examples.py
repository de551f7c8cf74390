"""The pandas worklist example (examples/python/worklist.py) runs and lists
exactly the alerts, in exactly the order, of the `visit.worklist` op."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import wangshi

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python" / "worklist.py"
CSV = EXAMPLE.parent / "residents.csv"


def test_worklist_example_matches_the_worklist_op() -> None:
    run = subprocess.run(
        [sys.executable, "-W", "error", str(EXAMPLE), "--as-of", "2026-11-26"],
        capture_output=True, text=True, check=True, encoding="utf-8",
    )
    printed = re.findall(r"^  \S+ (escalation|warning|reminder)\s+(r\d+) ", run.stdout, flags=re.M)

    residents: list[dict[str, Any]] = []
    with CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            r = {k: row[k] for k in ("id", "tier", "tier_since", "last_visit", "grid", "worker") if row[k]}
            residents.append(r)
    result = wangshi.evaluate({"op": "visit.worklist", "as_of": "2026-11-26", "residents": residents})
    by_worker: dict[str, list[tuple[str, str]]] = {}
    for a in result["alerts"]:
        by_worker.setdefault(a["worker"], []).append((a["alert"], a["id"]))
    expected = [item for w in sorted(by_worker) for item in by_worker[w]]
    assert printed == expected
    assert len(printed) > 10
    # The planted bad rows are reported, not lost.
    assert "r008 " in run.stdout and "unknown_tier" in run.stdout
    assert "visit_after_as_of" in run.stdout and "missing_field" in run.stdout
