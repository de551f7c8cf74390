"""The exception hierarchy: one base with `.code`, subclasses that are also
`ValueError`, each raised by a real call."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable
from typing import Any

import pytest

import wangshi

D = dt.date
P = wangshi.VisitPolicy()
CATALOG = wangshi.Catalog().to_dict()
SUBCLASSES = [
    wangshi.RequestError,
    wangshi.DateError,
    wangshi.ResidentError,
    wangshi.ItemError,
    wangshi.RulesError,
]


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_every_subclass_is_a_wangshi_error_and_a_value_error(cls: type[Exception]) -> None:
    assert issubclass(cls, wangshi.WangshiError)
    assert issubclass(cls, ValueError)


def test_the_base_is_not_a_value_error() -> None:
    assert not issubclass(wangshi.WangshiError, ValueError)
    assert issubclass(wangshi.WangshiError, Exception)


CASES: list[Any] = [
    pytest.param(lambda: wangshi.evaluate({"op": "x"}), wangshi.RequestError, "unknown_op", "op", id="unknown_op"),
    pytest.param(lambda: wangshi.evaluate({}), wangshi.RequestError, "missing_field", "op", id="missing_field"),
    pytest.param(lambda: wangshi.evaluate({"op": "tier.suggest", "tags": [], "x": 1}), wangshi.RequestError, "unknown_field", "x", id="unknown_field"),
    pytest.param(lambda: wangshi.evaluate({"op": "tier.suggest", "tags": ["alien"]}), wangshi.RequestError, "invalid_value", "tags[0]", id="invalid_value"),
    pytest.param(lambda: wangshi.evaluate("nope"), wangshi.RequestError, "invalid_json", None, id="invalid_json"),
    pytest.param(
        lambda: wangshi.evaluate({"op": "visit.plan", "from": "2026-12-01", "to": "2026-11-01", "residents": []}),
        wangshi.RequestError, "invalid_range", None, id="invalid_range",
    ),
    pytest.param(lambda: P.status("green", "2026-01-05", "1899-12-31"), wangshi.DateError, "invalid_date", "as_of", id="invalid_date"),
    pytest.param(lambda: P.status("purple", D(2026, 1, 5), D(2026, 11, 26)), wangshi.ResidentError, "unknown_tier", "tier", id="unknown_tier"),
    pytest.param(lambda: P.status("green", D(2026, 12, 5), D(2026, 11, 26)), wangshi.ResidentError, "tier_since_after_as_of", "tier_since", id="tier_since_after_as_of"),
    pytest.param(
        lambda: P.status("green", D(2026, 1, 5), D(2026, 11, 26), last_visit=D(2026, 11, 27)),
        wangshi.ResidentError, "visit_after_as_of", "last_visit", id="visit_after_as_of",
    ),
    pytest.param(lambda: wangshi.VisitPolicy.from_dict({"tiers": []}), wangshi.RulesError, "invalid_policy", "tiers", id="invalid_policy"),
    pytest.param(lambda: wangshi.classify("ZZ-99", D(2026, 11, 20)), wangshi.ItemError, "unknown_item", None, id="unknown_item"),
    pytest.param(lambda: wangshi.classify("DJ-01", D(2022, 6, 1)), wangshi.ItemError, "item_not_in_force", None, id="item_not_in_force"),
    pytest.param(lambda: wangshi.TriageRules.from_dict({"version": "x", "safety": []}), wangshi.RulesError, "invalid_rules", "safety", id="invalid_rules"),
    pytest.param(
        lambda: wangshi.Catalog.from_dict({**CATALOG, "items": CATALOG["items"] + CATALOG["items"][:1]}),
        wangshi.RulesError, "invalid_catalog", None, id="invalid_catalog",
    ),
    pytest.param(
        lambda: wangshi.evaluate({"op": "catalog.exit", "code": "JB-02", "evaluated_on": "2026-01-15",
                                  "published_on": "2026-01-10", "effective_on": "2026-02-01"}),
        wangshi.ItemError, "exit_before_evaluation", None, id="exit_before_evaluation",
    ),
    pytest.param(
        lambda: wangshi.evaluate({"op": "catalog.exit", "code": "JB-02", "evaluated_on": "2026-01-05",
                                  "published_on": "2026-02-10", "effective_on": "2026-02-01"}),
        wangshi.ItemError, "exit_not_published_before_effect", None, id="exit_not_published_before_effect",
    ),
]


@pytest.mark.parametrize(("call", "cls", "code", "path"), CASES)
def test_each_error_raises_its_class_with_code_and_path(
    call: Callable[[], object], cls: type[wangshi.WangshiError], code: str, path: str | None
) -> None:
    with pytest.raises(cls) as info:
        call()
    e = info.value
    assert type(e) is cls
    assert e.code == code
    if path is not None:
        assert e.path == path
    assert e.message and e.message == e.message.strip()
    assert str(e).startswith(code)


def test_a_category_from_the_future_falls_back_to_the_base_class() -> None:
    from wangshi._errors import _error_for

    e = _error_for("a_code_from_the_future", "what went wrong", "case.item", "a_kind_from_the_future")
    assert type(e) is wangshi.WangshiError
    assert (e.code, e.message, e.path) == ("a_code_from_the_future", "what went wrong", "case.item")
    assert str(e) == "a_code_from_the_future at case.item: what went wrong"


def test_every_core_code_gets_the_class_of_its_category_from_the_core() -> None:
    """The class of a code comes from the core's category of it
    (ErrorCode::kind): every code of the core lands on a named class, and
    internal_error is not a ValueError (it is no bad input)."""
    from wangshi._errors import _BY_KIND, _error_for
    from wangshi import _wangshi

    kinds = _wangshi._core_names()["error_kinds"]
    codes = _wangshi._core_names()["vocabularies"]["error"][1]
    assert sorted(kinds) == sorted(codes)
    for code, kind in kinds.items():
        e = _error_for(code, "m", None, kind)
        assert type(e) is _BY_KIND[kind]
        assert isinstance(e, ValueError) == (kind != "internal"), code
    assert not issubclass(wangshi.InternalError, ValueError)
    assert issubclass(wangshi.InternalError, wangshi.WangshiError)


def test_errors_pickle() -> None:
    with pytest.raises(wangshi.DateError) as info:
        P.status("green", "2026-01-05", "2026-13-01")
    e = pickle.loads(pickle.dumps(info.value))
    assert (type(e), e.code, e.path) == (wangshi.DateError, "invalid_date", "as_of")


def test_a_value_error_handler_catches_bad_input() -> None:
    try:
        wangshi.evaluate({"op": "visit.status", "as_of": "soon", "residents": []})
    except ValueError as e:
        assert isinstance(e, wangshi.DateError)
    else:  # pragma: no cover
        pytest.fail("no error raised")
