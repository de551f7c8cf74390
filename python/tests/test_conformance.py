"""The conformance vectors (../shared/vectors beside the checkout, and the
project's own tests/vectors/*.json) through `wangshi.evaluate_json`, and the
same requests through `wangshi.evaluate`."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

import wangshi
from conftest import PROJECT_VECTORS, contains, load_cases, shared_vector_files


def _cases() -> list[Any]:
    params = []
    for path in shared_vector_files():
        if path.exists():
            for c in load_cases(path):
                params.append(pytest.param(c, id=f"shared {path.name}: {c['name']}"))
        else:
            print(f"SKIPPED: {path} not found; those shared vectors were not run", file=sys.stderr)
    for path in sorted(PROJECT_VECTORS.glob("*.json")):
        for c in load_cases(path):
            params.append(pytest.param(c, id=f"{path.name}: {c['name']}"))
    return params


CASES = _cases()


def test_the_vectors_are_there() -> None:
    assert len(list(PROJECT_VECTORS.glob("*.json"))) > 0
    files = shared_vector_files()
    assert files, "tests/shared_vectors.txt lists no file"
    if not all(f.exists() for f in files):
        pytest.skip("../shared/vectors not found beside the checkout; shared vectors not run")
    assert all(len(load_cases(f)) > 0 for f in files)


@pytest.mark.parametrize("case", CASES)
def test_vector_through_evaluate_json(case: dict[str, Any]) -> None:
    response = json.loads(wangshi.evaluate_json(json.dumps(case["request"])))
    assert contains(response, case["expect"]), (response, case["expect"])


@pytest.mark.parametrize("case", CASES)
def test_vector_through_evaluate(case: dict[str, Any]) -> None:
    """`evaluate` returns the result or raises the error of the envelope."""
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
