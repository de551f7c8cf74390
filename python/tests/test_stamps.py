"""Audit stamps on the rule handles: each handle's `.stamp` is exactly the
`stamp.data.<field>` of a response decided by that data set, the embedded
default or a locality's own."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import wangshi


def _stamp(request: dict[str, Any], field: str) -> dict[str, str]:
    envelope = json.loads(wangshi.evaluate_json(json.dumps(request)))
    assert envelope["ok"], envelope
    stamp: dict[str, str] = envelope["stamp"]["data"][field]
    return stamp


def _visit(policy: dict[str, Any] | None) -> dict[str, Any]:
    r: dict[str, Any] = {"op": "visit.status", "as_of": "2026-11-26",
                         "residents": [{"id": "a", "tier": "green", "tier_since": "2026-01-05"}]}
    return r if policy is None else {**r, "policy": policy}


def _classify(field: str, data: dict[str, Any] | None) -> dict[str, Any]:
    r: dict[str, Any] = {"op": "case.classify", "case": {"id": "c", "item": "CS-01", "reported_on": "2026-11-20"}}
    return r if data is None else {**r, field: data}


def _check(data: dict[str, Any] | None) -> dict[str, Any]:
    r: dict[str, Any] = {"op": "calendar.check", "date": "2026-02-17"}
    return r if data is None else {**r, "calendar": data}


def _sweep(data: dict[str, Any] | None) -> dict[str, Any]:
    r: dict[str, Any] = {"op": "case.supervise", "as_of": "2026-11-26T10:00", "steps": []}
    return r if data is None else {**r, "handling": data}


HANDLES: list[tuple[str, Any, Callable[[dict[str, Any] | None], dict[str, Any]]]] = [
    ("policy", wangshi.VisitPolicy, _visit),
    ("catalog", wangshi.Catalog, lambda d: _classify("catalog", d)),
    ("rules", wangshi.TriageRules, lambda d: _classify("rules", d)),
    ("calendar", wangshi.Calendar, _check),
    ("handling", wangshi.HandlingPolicy, _sweep),
]


@pytest.mark.parametrize(("field", "cls", "request_of"), HANDLES, ids=[h[0] for h in HANDLES])
def test_a_handles_stamp_is_the_responses(field: str, cls: Any,
                                          request_of: Callable[[dict[str, Any] | None], dict[str, Any]]) -> None:
    default = cls()
    stamp = default.stamp
    assert set(stamp) == {"version", "sha256"}
    assert stamp["version"] == default.version
    assert len(stamp["sha256"]) == 64 and stamp["sha256"] == stamp["sha256"].lower()
    int(stamp["sha256"], 16)
    assert stamp == _stamp(request_of(None), field)
    # The same rules sent as the request's own data set: the same digest.
    assert stamp == _stamp(request_of(default.to_dict()), field)
    # A locality's own (another version label) has its own stamp.
    data = default.to_dict()
    data["version"] = "locality.7"
    mine = cls.from_dict(data)
    assert mine.stamp["version"] == "locality.7" and mine.stamp["sha256"] != stamp["sha256"]
    assert mine.stamp == _stamp(request_of(data), field)
    assert cls.from_json(mine.to_json()).stamp == mine.stamp


def test_a_locality_calendar_year_changes_the_digest() -> None:
    cal = wangshi.Calendar.from_dict({"years": {"2027": {"holidays": [{"date": "2027-01-01", "name": "元旦"}],
                                                         "workdays": []}}})
    assert cal.stamp["version"] == "2026.1+local"
    assert cal.stamp == _stamp(_check(cal.to_dict()), "calendar")
    assert cal.stamp["sha256"] != wangshi.Calendar().stamp["sha256"]
