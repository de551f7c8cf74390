"""Shared helpers of the wangshi test suite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED_DIR = REPO.parent / "shared" / "vectors"
PROJECT_VECTORS = REPO / "tests" / "vectors"


def shared_vector_files() -> list[Path]:
    """The files of ../shared/vectors that tests/shared_vectors.txt lists
    (the capabilities that have joined the suite), in list order."""
    names = [
        line.strip()
        for line in (REPO / "tests" / "shared_vectors.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    return [SHARED_DIR / n for n in names]


def contains(actual: Any, expect: Any) -> bool:
    """The matching rule of shared/vectors/README.md: objects match on the
    keys `expect` names, lists element by element with equal length,
    anything else by equality."""
    if isinstance(expect, dict):
        return isinstance(actual, dict) and all(
            k in actual and contains(actual[k], v) for k, v in expect.items()
        )
    if isinstance(expect, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expect)
            and all(contains(a, e) for a, e in zip(actual, expect))
        )
    if isinstance(actual, bool) or isinstance(expect, bool):
        return actual is expect
    return bool(actual == expect)


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return cases
