"""The typed task catalogue (网格事项清单): `Catalog`, `Category`, `Item`."""

from __future__ import annotations

import datetime as dt

import pytest

import wangshi

D = dt.date


def test_default_catalogue_has_13_categories_and_57_items() -> None:
    c = wangshi.Catalog()
    assert (len(c.categories), len(c.items), len(c)) == (13, 57, 57)
    assert [k.code for k in c.categories][:3] == ["DJ", "XX", "SQ"]
    assert c == wangshi.Catalog.default()
    assert repr(c) == f"Catalog(version='{c.version}', categories=13, items=57)"


def test_item_fields() -> None:
    c = wangshi.Catalog()
    md03 = c.item("MD-03")
    assert md03 is not None
    assert (md03.category, md03.case_class, md03.department) == ("MD", "complex", "human_resources")
    assert md03.admitted_on == D(2023, 1, 1) and md03.ends_on is None and md03.exited_on is None
    assert md03.name_zh and md03.name_en
    assert c.item("ZZ-99") is None
    assert c.items[c.item_index("MD-03") or 0] == md03
    assert c.item_index("ZZ-99") is None
    md = next(k for k in c.categories if k.code == "MD")
    assert (md.case_class, md.department) == ("complex", "justice")


@pytest.mark.parametrize(
    ("code", "on", "result"),
    [
        pytest.param("DJ-01", D(2026, 11, 26), (True, "in_force"), id="in force"),
        pytest.param("DJ-01", "2022-06-01", (False, "not_yet_admitted"), id="before admission"),
        pytest.param("ZZ-99", D(2026, 11, 26), (False, "unknown_item"), id="unknown"),
    ],
)
def test_check(code: str, on: dt.date | str, result: tuple[bool, str]) -> None:
    assert wangshi.Catalog().check(code, on) == result


def test_items_in_force() -> None:
    c = wangshi.Catalog()
    assert len(c.items_in_force(D(2026, 11, 26))) == 57
    assert c.items_in_force("2022-12-31") == []


def test_round_trip_and_exit_history() -> None:
    c = wangshi.Catalog()
    assert wangshi.Catalog.from_dict(c.to_dict()) == c
    assert wangshi.Catalog.from_json(c.to_json()) == c
    # An exited item stays, with its exit date, and is no longer in force.
    exited = wangshi.evaluate({"op": "catalog.exit", "code": "JB-02", "evaluated_on": "2026-01-05",
                               "published_on": "2026-01-10", "effective_on": "2026-02-01"})
    after = wangshi.Catalog.from_dict(exited["catalog"])
    jb02 = after.item("JB-02")
    assert jb02 is not None and jb02.exited_on == D(2026, 2, 1)
    assert after.check("JB-02", D(2026, 2, 1)) == (False, "exited")
    assert after.check("JB-02", D(2026, 1, 31)) == (True, "in_force")
    assert len(after) == 57 and after != c


def test_invalid_catalogues_raise_rules_errors() -> None:
    data = wangshi.Catalog().to_dict()
    data["items"].append(dict(data["items"][0]))  # a duplicate code
    with pytest.raises(wangshi.RulesError) as info:
        wangshi.Catalog.from_dict(data)
    assert info.value.code == "invalid_catalog"
    with pytest.raises(wangshi.RequestError):
        wangshi.Catalog.from_json("{")
    with pytest.raises(wangshi.DateError):
        wangshi.Catalog().check("DJ-01", "2026-02-30")
