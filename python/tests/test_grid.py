"""Grids (网格): `grid_size` and `validate_community`, typed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import wangshi


@pytest.mark.parametrize(
    ("kind", "households", "population", "verdict", "advice"),
    [
        pytest.param("standard", 400, 1000, "ok", None, id="households and population in the norm"),
        pytest.param("standard", 250, 700, "undersized", "merge", id="both below"),
        pytest.param("standard", 600, 1500, "oversized", "split", id="both above"),
        pytest.param("standard", 250, 1500, "mixed", "review", id="one below one above"),
        pytest.param("micro", 20, 60, "exempt", None, id="micro grids are exempt"),
    ],
)
def test_grid_size(kind: str, households: int, population: int, verdict: str, advice: str | None) -> None:
    subtype = "urban_village" if kind == "micro" else None
    assert wangshi.grid_size(kind, households, population, subtype=subtype) == (verdict, advice)


def test_grid_size_errors() -> None:
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.grid_size("huge", 1, 1)
    assert (info.value.code, info.value.path) == ("invalid_value", "kind")


def community() -> dict[str, Any]:
    return {
        "id": "c1",
        "name": "新昌社区",
        "chief_grid_leader": "s0",
        "grids": [
            {"id": "g1", "name": "一网格", "kind": "standard", "households": 400, "population": 1000,
             "leader": "s1", "workers": ["w1"], "party_members": 5, "party_org": "branch"},
            {"id": "g2", "name": "二网格", "kind": "standard", "households": 200, "population": 500,
             "leader": "s2", "workers": ["w1"], "party_members": 2, "party_org": "branch"},
            {"id": "m1", "kind": "micro", "subtype": "urban_village", "parent": "g9"},
        ],
        "households": [{"id": "h1", "grids": ["g1"]}, {"id": "h2", "grids": []}],
    }


def test_validate_community_reports_every_issue() -> None:
    r = wangshi.validate_community(community())
    assert r.valid is False
    codes = {(i.code, i.severity) for i in r.issues}
    assert {
        ("staff.worker_multi_grid", "error"),
        ("party.branch_too_small", "error"),
        ("grid.unknown_parent", "error"),
        ("coverage.unassigned", "error"),
        ("grid.undersized", "warning"),
    } <= codes
    assert all(i.message for i in r.issues)
    assert r.summary["grids_by_kind"] == {"standard": 2, "dedicated": 0, "micro": 1}
    # The same report as the JSON op.
    j = wangshi.evaluate({"op": "grid.validate", "community": community()})
    assert [(i.code, i.grid, i.subject) for i in r.issues] == [(i["code"], i.get("grid"), i["subject"]) for i in j["issues"]]
    assert r.summary == j["summary"]


def test_a_clean_community_is_valid() -> None:
    c = community()
    c["grids"] = c["grids"][:1]
    c["households"] = [{"id": "h1", "grids": ["g1"]}]
    r = wangshi.validate_community(c)
    assert r.valid and r.issues == [] and repr(r) == "GridReport(valid=True, issues=0)"


def test_custom_norm_and_errors() -> None:
    c = community()
    c["grids"] = c["grids"][:1]
    c["households"] = []
    norm = {"households_min": 500, "households_max": 800, "population_min": 1500, "population_max": 2000}
    r = wangshi.validate_community(c, norm=norm)
    assert "grid.undersized" in {i.code for i in r.issues}
    assert wangshi.grid_size("standard", 400, 1000, norm=norm) == ("undersized", "merge")
    with pytest.raises(wangshi.RulesError) as rules:
        wangshi.validate_community(c, norm={"households_min": [1, 2]})
    assert rules.value.path == "norm.households_min"
    with pytest.raises(wangshi.RequestError) as typo:
        wangshi.validate_community(c, norm={"households": 1})
    assert (typo.value.code, typo.value.path) == ("unknown_field", "norm.households")
    bad = community()
    bad["grids"][0]["kind"] = "huge"
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.validate_community(bad)
    assert info.value.path == "community.grids[0].kind"


@pytest.mark.parametrize(
    ("households", "population", "path"),
    [
        pytest.param(-1, 100, "households", id="negative households"),
        pytest.param(2**64, 100, "households", id="households beyond 64 bits"),
        pytest.param(400, -5, "population", id="negative population"),
        pytest.param(400, 2**70, "population", id="population beyond 64 bits"),
    ],
)
def test_grid_size_out_of_range_counts_are_invalid_value(households: int, population: int, path: str) -> None:
    with pytest.raises(wangshi.RequestError) as info:
        wangshi.grid_size("standard", households, population)
    assert (info.value.code, info.value.path) == ("invalid_value", path)
    # The same code as the JSON op.
    with pytest.raises(wangshi.RequestError) as op:
        wangshi.evaluate({"op": "grid.size", "kind": "standard", "households": households, "population": population})
    assert op.value.code == "invalid_value"


def test_grid_size_takes_numpy_counts_and_the_largest_count() -> None:
    assert wangshi.grid_size("standard", np.int64(400), np.uint32(1000)) == ("ok", None)
    assert wangshi.grid_size("standard", 2**32 - 1, 2**32 - 1) == ("oversized", "split")
