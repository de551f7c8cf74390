"""The conformance vectors (../shared/vectors beside the checkout, and the
project's own tests/vectors/*.json) through `wangshi.evaluate_json`, and the
same requests through `wangshi.evaluate`."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

import wangshi
from conftest import PROJECT_VECTORS, SHARED_VECTORS, contains, load_cases


def _cases() -> list[Any]:
    params = []
    if SHARED_VECTORS.exists():
        for c in load_cases(SHARED_VECTORS):
            params.append(pytest.param(c, id=f"shared: {c['name']}"))
    else:
        print(f"SKIPPED: {SHARED_VECTORS} not found; shared conformance vectors not run", file=sys.stderr)
    for path in sorted(PROJECT_VECTORS.glob("*.json")):
        for c in load_cases(path):
            params.append(pytest.param(c, id=f"{path.name}: {c['name']}"))
    return params


CASES = _cases()


def _skip_unimplemented(case: dict[str, Any]) -> None:
    op = case["request"].get("op") if isinstance(case["request"], dict) else None
    if case["expect"].get("ok") is True and op not in wangshi.ops():
        pytest.skip(f"op {op} not implemented yet")


def test_the_vectors_are_there() -> None:
    assert len(list(PROJECT_VECTORS.glob("*.json"))) > 0
    if not SHARED_VECTORS.exists():
        pytest.skip(f"{SHARED_VECTORS} not found; shared conformance vectors not run")
    assert len(load_cases(SHARED_VECTORS)) > 0


@pytest.mark.parametrize("case", CASES)
def test_vector_through_evaluate_json(case: dict[str, Any]) -> None:
    _skip_unimplemented(case)
    response = json.loads(wangshi.evaluate_json(json.dumps(case["request"])))
    assert contains(response, case["expect"]), (response, case["expect"])


@pytest.mark.parametrize("case", CASES)
def test_vector_through_evaluate(case: dict[str, Any]) -> None:
    """`evaluate` returns the result or raises the error of the envelope."""
    _skip_unimplemented(case)
    expect = case["expect"]
    if expect.get("ok") is False:
        with pytest.raises(wangshi.WangshiError) as info:
            wangshi.evaluate(case["request"])
        e = info.value
        got = {"ok": False, "error": {"code": e.code, "message": e.message, "path": e.path}}
        assert contains(got, expect), (got, expect)
    else:
        result = wangshi.evaluate(case["request"])
        assert contains({"ok": True, "result": result}, expect)
