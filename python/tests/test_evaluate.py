"""`evaluate` (Python values) and `evaluate_json` (text): the JSON entry point."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import wangshi

REQUEST = {
    "op": "visit.status",
    "as_of": "2026-11-26",
    "residents": [
        {"id": "r1", "tier": "green", "tier_since": "2026-01-05", "last_visit": "2026-11-03"},
        {"id": "r2", "tier": "purple", "tier_since": "2026-01-05"},
    ],
}


def test_version_comes_from_cargo() -> None:
    cargo = Path(__file__).resolve().parents[2] / "Cargo.toml"
    version = tomllib.loads(cargo.read_text())["workspace"]["package"]["version"]
    assert wangshi.__version__ == version


def test_all_names_exist() -> None:
    for name in wangshi.__all__:
        assert hasattr(wangshi, name), name


def test_ops_lists_the_visit_ops() -> None:
    assert {"visit.status", "visit.worklist", "visit.plan", "tier.suggest"} <= set(wangshi.ops())


def test_evaluate_returns_the_result() -> None:
    result = wangshi.evaluate(REQUEST)
    first, second = result["results"]
    assert first == {
        "id": "r1",
        "state": "done",
        "period_start": "2026-11-01",
        "period_end": "2026-11-30",
        "due": "2026-12-31",
        "days_left": 35,
        "missed_periods": 0,
        "alert": None,
    }
    # A bad row carries its own error; the batch is not lost.
    assert second["id"] == "r2"
    assert second["error"]["code"] == "unknown_tier"


def test_evaluate_json_returns_the_envelope() -> None:
    out = json.loads(wangshi.evaluate_json(json.dumps(REQUEST)))
    assert out["ok"] is True
    assert out["result"] == wangshi.evaluate(REQUEST)


def test_evaluate_json_accepts_utf8_bytes() -> None:
    out = json.loads(wangshi.evaluate_json(json.dumps(REQUEST).encode()))
    assert out["ok"] is True


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("{not json", "invalid_json", id="malformed"),
        pytest.param(b"\xff\xfe", "invalid_json", id="not utf-8"),
        pytest.param("[1, 2]", "invalid_json", id="not an object"),
        pytest.param("{}", "missing_field", id="no op"),
        pytest.param('{"op": "visit.teleport"}', "unknown_op", id="unknown op"),
        pytest.param('{"op": "tier.suggest", "tags": [], "tagz": []}', "unknown_field", id="typo"),
        pytest.param('{"op": "visit.status", "as_of": "2026-02-30", "residents": []}', "invalid_date", id="bad date"),
    ],
)
def test_evaluate_json_never_raises_for_a_bad_request(text: str | bytes, code: str) -> None:
    out = json.loads(wangshi.evaluate_json(text))
    assert out["ok"] is False
    assert out["error"]["code"] == code
    assert out["error"]["message"]


def test_evaluate_json_rejects_other_types() -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        wangshi.evaluate_json(42)  # type: ignore[arg-type]


def test_evaluate_accepts_dates_and_tuples() -> None:
    request = {
        "op": "visit.status",
        "as_of": dt.date(2026, 11, 26),
        "residents": (
            {"id": "r1", "tier": "green", "tier_since": dt.date(2026, 1, 5), "last_visit": None},
        ),
    }
    assert wangshi.evaluate(request)["results"][0]["missed_periods"] == 9


def test_evaluate_round_trips_numbers_and_unicode() -> None:
    result = wangshi.evaluate({"op": "tier.suggest", "tags": ["key_petitioner"]})
    assert result == {"tier": "red", "because": ["key_petitioner"]}


@pytest.mark.parametrize(
    ("value", "path"),
    [
        pytest.param({1, 2}, "tags", id="set"),
        pytest.param(2**70, "tags", id="huge int"),
        pytest.param(dt.datetime(2026, 1, 1), "tags", id="datetime"),
        pytest.param([object()], "tags[0]", id="object in list"),
    ],
)
def test_evaluate_rejects_values_json_cannot_carry(value: Any, path: str) -> None:
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.evaluate({"op": "tier.suggest", "tags": value})
    assert info.value.code == "invalid_value"
    assert info.value.path == path


def test_a_nan_field_is_an_absent_field() -> None:
    # NaN is what a DataFrame row holds for a blank cell: absent, as null is.
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.evaluate({"op": "tier.suggest", "tags": float("nan")})
    assert (info.value.code, info.value.path) == ("missing_field", "tags")


def test_evaluate_rejects_non_string_keys() -> None:
    with pytest.raises(wangshi.RequestError, match="keys must be str"):
        wangshi.evaluate({"op": "tier.suggest", 1: "x"})


def test_evaluate_survives_a_self_referencing_request() -> None:
    loop: dict[str, Any] = {"op": "tier.suggest"}
    loop["tags"] = [loop]
    with pytest.raises(wangshi.RequestError, match="deeper than 128"):
        wangshi.evaluate(loop)


def test_evaluate_of_a_non_object_is_invalid_json() -> None:
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.evaluate([1, 2])
    assert info.value.code == "invalid_json"


def test_visit_worklist_op() -> None:
    residents = [
        {"id": "a", "tier": "green", "tier_since": "2026-01-05", "grid": "g1", "worker": "w1"},
        {"id": "b", "tier": "red", "tier_since": "2026-11-20", "last_visit": "2026-11-24", "grid": "g1", "worker": "w1"},
        {"id": "c", "tier": "green", "tier_since": "2026-01-05", "last_visit": "2026-11-02", "grid": "g2", "worker": "w2"},
        {"id": "d", "tier": "purple", "tier_since": "2026-01-05", "grid": "g2", "worker": "w2"},
    ]
    r = wangshi.evaluate({"op": "visit.worklist", "as_of": "2026-11-26", "residents": residents})
    assert [a["id"] for a in r["alerts"]] == ["b", "a"]
    assert r["by_worker"]["w1"]["escalation"] == 2
    assert r["by_worker"]["w2"] == {"reminder": 0, "warning": 0, "escalation": 0}


def test_visit_plan_op() -> None:
    residents = [
        {"id": "a", "tier": "green", "tier_since": "2026-01-05"},
        {"id": "b", "tier": "red", "tier_since": "2026-11-20"},
        {"id": "c", "tier": "orange", "tier_since": "2026-11-20"},
    ]
    r = wangshi.evaluate({"op": "visit.plan", "from": "2026-12-01", "to": "2026-12-31", "residents": residents})
    # December: one month, 31 days, and the ISO weeks of Nov 30, Dec 7, 14, 21, 28.
    assert r["by_tier"] == {"green": 1, "blue": 0, "orange": 5, "red": 31}
    assert r["total"] == 37


def test_worker_assess_op() -> None:
    # A county's month from Python values: dates as datetime.date, event
    # times as ISO text (the JSON contract's timestamps).
    residents = [
        {"id": "b1", "tier": "blue", "tier_since": dt.date(2026, 1, 1), "worker": "w1", "visits": [dt.date(2026, 11, 2)]},
        {"id": "x", "tier": "purple", "tier_since": dt.date(2026, 1, 1), "worker": "w9", "visits": []},
    ]
    cases = [
        {
            "handler": "w1",
            "case": {"id": "c1", "item": "CS-01", "reported_on": dt.date(2026, 11, 2)},
            "events": [
                {"event": "reported", "at": "2026-11-02T09:00"},
                {"event": "accepted", "at": "2026-11-02T09:30"},
            ],
        },
        {"handler": "w2", "case": {"id": "c2", "item": "CS-01", "reported_on": "2026-12-01"}, "events": []},
    ]
    r = wangshi.evaluate({"op": "worker.assess", "from": "2026-11-01", "to": "2026-11-30", "residents": residents, "cases": cases})
    w1, w2 = r["workers"]
    # (25 + 10) x 100/60 - 5 for the resolve step left in accountability.
    assert (w1["worker"], w1["score"], w1["rank"]) == ("w1", 53.33, 1)
    assert [i["points"] for i in w1["items"]] == [25.0, 10.0, None, None]
    assert w1["deductions"] == [{"code": "accountability", "count": 1, "points": 5}]
    assert (w2["worker"], w2["score"], w2["rank"]) == ("w2", None, None)
    assert [e["id"] for e in r["errors"]] == ["x"]
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.evaluate({"op": "worker.assess", "from": "2026-11-01", "to": "2026-11-30", "residents": [], "cases": cases,
                          "scheme": {"items": [{"code": "visits", "weight": -1}], "accountability_points": 5}})
    assert (info.value.code, info.value.path) == ("invalid_value", "scheme.items[0].weight")


def test_every_op_is_exercised() -> None:
    """Every op runs successfully somewhere in this suite: through the
    conformance vectors, or the op tests above."""
    from conftest import PROJECT_VECTORS, load_cases, shared_vector_files

    files = sorted(PROJECT_VECTORS.glob("*.json")) + [f for f in shared_vector_files() if f.exists()]
    covered = {"visit.worklist", "visit.plan"}
    for path in files:
        for c in load_cases(path):
            if isinstance(c["request"], dict) and c["expect"].get("ok") is True:
                covered.add(c["request"].get("op"))
    assert set(wangshi.ops()) <= covered, sorted(set(wangshi.ops()) - covered)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"op":"\ud800"}', id="lone surrogate in a value"),
        pytest.param('{"\udfff": 1}', id="lone surrogate in a key"),
    ],
)
def test_evaluate_json_of_a_str_that_is_not_unicode_is_an_invalid_json_envelope(text: str) -> None:
    out = json.loads(wangshi.evaluate_json(text))
    assert out["ok"] is False
    assert out["error"]["code"] == "invalid_json"
    assert "UTF-8" in out["error"]["message"]


def test_evaluate_of_a_lone_surrogate_is_invalid_value_at_its_path() -> None:
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.evaluate({"op": "tier.suggest", "tags": ["ok", "\ud800"]})
    assert (info.value.code, info.value.path) == ("invalid_value", "tags[1]")
    with pytest.raises(wangshi.RequestError) as key:
        wangshi.evaluate({"op": "tier.suggest", "\ud800": 1})
    assert key.value.code == "invalid_value"


@pytest.mark.parametrize(
    "households",
    [np.int64(400), np.int32(400), np.uint16(400), np.uint64(400), 400],
    ids=lambda v: type(v).__name__,
)
def test_evaluate_converts_numpy_integers_like_ints(households: Any) -> None:
    request = {"op": "grid.size", "kind": "standard", "households": households, "population": np.int64(1000)}
    assert wangshi.evaluate(request) == wangshi.evaluate({**request, "households": 400, "population": 1000})


def test_evaluate_still_rejects_other_numpy_values() -> None:
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.evaluate({"op": "tier.suggest", "tags": np.array(["key_petitioner"])})
    assert (info.value.code, info.value.path) == ("invalid_value", "tags")
    with pytest.raises(wangshi.RequestError) as flag:
        wangshi.evaluate({"op": "tier.suggest", "tags": [np.True_]})
    assert (flag.value.code, flag.value.path) == ("invalid_value", "tags[0]")


def test_results_keep_the_key_order_of_the_response() -> None:
    """`evaluate` reads the response text in order: groups listed in policy
    order (by_tier) or code-point order come back in that order, exactly as
    `json.loads` of `evaluate_json` gives them."""
    import json

    residents = [{"id": f"r{i}", "tier": t, "tier_since": "2026-01-05", "worker": w, "visits": ["2026-11-03"]}
                 for i, (t, w) in enumerate([("red", "w2"), ("green", "w1"), ("orange", "w10"), ("blue", "w1")])]
    request = {"op": "visit.completion", "from": "2026-11-01", "to": "2026-11-30", "residents": residents}
    got = wangshi.evaluate(request)
    want = json.loads(wangshi.evaluate_json(json.dumps(request)))["result"]
    assert got == want
    assert list(got["by_tier"]) == list(want["by_tier"]) == ["green", "blue", "orange", "red"]
    assert list(got["by_worker"]) == ["w1", "w10", "w2"]
    assert list(got) == list(want)
