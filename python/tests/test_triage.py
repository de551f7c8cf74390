"""Case triage (事件分流): `classify`, `CaseRouter`, `TriageRules`, and
`classify_batch` checked row by row against `classify` on a seeded 10 000-row
batch with every kind of bad row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import wangshi

D = dt.date
DAY = D(2026, 11, 20)


@pytest.mark.parametrize(
    ("item", "kw", "case_class", "center", "level", "rules"),
    [
        pytest.param("CS-01", {}, "general", "talk", "grid", ["general.default"], id="general.default"),
        pytest.param("CS-01", {"flags": ["violence"]}, "safety", "police_grid", "community",
                     ["safety.violence"], id="safety.violence"),
        pytest.param("AQ-01", {}, "safety", "police_grid", "community", ["safety.item_class"], id="safety.item_class"),
        pytest.param("CS-01", {"parties": 3}, "complex", "mediation", "community", ["complex.parties"], id="complex.parties"),
        pytest.param("CS-01", {"repeat_count": 2}, "complex", "mediation", "community", ["complex.repeat"], id="complex.repeat"),
        pytest.param("CS-01", {"amount": 50_000}, "complex", "mediation", "community", ["complex.amount"], id="complex.amount"),
        pytest.param("MD-01", {}, "complex", "mediation", "community", ["complex.item_class"], id="complex.item_class"),
        pytest.param("CS-01", {"flags": ["cross_grid"]}, "complex", "mediation", "community",
                     ["complex.cross_grid"], id="complex.cross_grid"),
    ],
)
def test_classify_rules(item: str, kw: dict[str, Any], case_class: str, center: str, level: str, rules: list[str]) -> None:
    d = wangshi.classify(item, DAY, **kw)
    assert (d.case_class, d.center, d.level, d.matched_rules) == (case_class, center, level, rules)


def test_whistle_mediation_and_immediate_report() -> None:
    d = wangshi.classify("MD-03", "2026-11-20", parties=12, flags=["needs_department"], id="c1")
    assert d.id == "c1"
    assert d.whistle == wangshi.CaseRouter().classify("MD-03", DAY, parties=12, flags=["needs_department"]).whistle
    assert d.whistle is not None and (d.whistle.department, d.whistle.report_within_minutes) == ("human_resources", 1440)
    assert d.mediation is not None and (d.mediation.pre_litigation, d.mediation.judicial_confirmation_within_days) == (True, 30)
    e = wangshi.classify("AQ-01", DAY, flags=("emergency",))
    assert e.immediate_report and e.whistle is not None and e.whistle.report_within_minutes == 30
    assert e.whistle.department == "fire_rescue"
    assert "Whistle(department='fire_rescue'" in repr(e)
    # Same answer as the JSON op.
    j = wangshi.evaluate({"op": "case.classify", "case": {"id": "c1", "item": "MD-03", "reported_on": "2026-11-20",
                                                        "parties": 12, "flags": ["needs_department"]}})
    assert (j["class"], j["center"], j["level"], j["matched_rules"]) == (d.case_class, d.center, d.level, d.matched_rules)


@pytest.mark.parametrize(
    ("call", "cls", "code"),
    [
        pytest.param(lambda: wangshi.classify("ZZ-99", DAY), wangshi.ItemError, "unknown_item", id="unknown_item"),
        pytest.param(lambda: wangshi.classify("DJ-01", D(2022, 6, 1)), wangshi.ItemError, "item_not_in_force", id="item_not_in_force"),
        pytest.param(lambda: wangshi.classify("CS-01", DAY, flags=["urgent"]), wangshi.RequestError, "invalid_value", id="unknown flag"),
        pytest.param(lambda: wangshi.classify("CS-01", DAY, parties=-1), wangshi.RequestError, "invalid_value", id="negative parties"),
        pytest.param(lambda: wangshi.classify("CS-01", DAY, amount=float("nan")), wangshi.RequestError, "invalid_value", id="nan amount"),
        pytest.param(lambda: wangshi.classify("CS-01", "2026-13-01"), wangshi.DateError, "invalid_date", id="bad date"),
    ],
)
def test_classify_errors(call: Any, cls: type[wangshi.WangshiError], code: str) -> None:
    with pytest.raises(cls) as info:
        call()
    assert info.value.code == code


def test_rules_round_trip_and_custom_router() -> None:
    r = wangshi.TriageRules()
    assert wangshi.TriageRules.from_dict(r.to_dict()) == r == wangshi.TriageRules.default()
    assert wangshi.TriageRules.from_json(r.to_json()) == r
    with pytest.raises(wangshi.RulesError) as info:
        wangshi.TriageRules.from_dict({"version": "x", "safety": []})
    assert info.value.code == "invalid_rules"
    with pytest.raises(wangshi.RequestError) as missing:
        wangshi.TriageRules.from_dict({"version": "x"})
    assert (missing.value.code, missing.value.path) == ("missing_field", "safety")
    router = wangshi.CaseRouter(r, wangshi.Catalog())
    assert router.classify("CS-01", DAY) == wangshi.classify("CS-01", DAY)
    assert router.catalog == wangshi.Catalog() and router.rules == r
    assert router.rule_ids(1 << 0) == ["safety.emergency"]
    assert "fire_rescue" in router.departments
    with pytest.raises(TypeError):
        wangshi.classify_batch(["CS-01"], ["2026-11-20"], router="default")  # type: ignore[arg-type]


# ------------------------------------------------------------------ batch

N = 10_000
ITEMS = [i.code for i in wangshi.Catalog().items]
FLAGS = list(wangshi.FLAGS)


def make_cases(n: int, seed: int) -> dict[str, list[Any]]:
    rng = np.random.default_rng(seed)
    item: list[Any] = list(rng.choice(ITEMS, n))
    day: list[Any] = [DAY - dt.timedelta(days=int(k)) for k in rng.integers(0, 900, n)]
    flags = [[f for f in FLAGS if rng.random() < 0.08] for _ in range(n)]
    parties = [int(p) for p in rng.choice([1, 1, 1, 2, 3, 5], n)]
    repeats = [int(p) for p in rng.choice([0, 0, 0, 1, 2], n)]
    amount = [float(a) for a in rng.choice([0.0, 0.0, 1200.0, 49_999.0, 50_000.0, 2e5], n)]
    for i in range(n):
        k = rng.integers(0, 40)
        if k == 0:
            item[i] = "ZZ-99"  # unknown_item
        elif k == 1:
            item[i] = None  # missing_field
        elif k == 2:
            day[i] = D(2022, 6, 1)  # item_not_in_force
        elif k == 3:
            day[i] = None  # missing_field
        elif k == 4:
            parties[i] = -2  # invalid_value
        elif k == 5:
            amount[i] = -5.0  # invalid_value
    return {"item": item, "day": day, "flags": flags, "parties": parties, "repeats": repeats, "amount": amount}


CASES = make_cases(N, seed=5)


def oracle(i: int) -> tuple[str, Any]:
    c = CASES
    if c["item"][i] is None or c["day"][i] is None:
        return "error", "missing_field"
    try:
        d = wangshi.classify(c["item"][i], c["day"][i], parties=c["parties"][i], repeat_count=c["repeats"][i],
                             amount=c["amount"][i], flags=c["flags"][i])
    except wangshi.WangshiError as e:
        return "error", e.code
    return "ok", d


EXPECTED = [oracle(i) for i in range(N)]


def bitmask() -> np.ndarray:
    return np.array([sum(1 << FLAGS.index(f) for f in fl) for fl in CASES["flags"]], dtype=np.uint16)


def check(out: dict[str, np.ndarray]) -> None:
    assert list(out) == list(wangshi.CASE_COLUMNS)
    router = wangshi.CaseRouter()
    for i, (kind, want) in enumerate(EXPECTED):
        if kind == "error":
            assert out["error"][i] == want, i
            assert out["case_class"][i] is None
            continue
        assert out["error"][i] is None, (i, out["error"][i])
        assert (out["case_class"][i], out["center"][i], out["level"][i]) == (want.case_class, want.center, want.level), i
        assert router.rule_ids(int(out["matched_rules"][i])) == want.matched_rules
        assert bool(out["immediate_report"][i]) == want.immediate_report
        assert bool(out["mediation"][i]) == (want.mediation is not None)
        if want.whistle is None:
            assert out["department"][i] is None and out["report_within_minutes"][i] == 0
        else:
            assert (out["department"][i], int(out["report_within_minutes"][i])) == (
                want.whistle.department, want.whistle.report_within_minutes)


def test_the_mix_has_every_kind_of_row() -> None:
    codes = {w for k, w in EXPECTED if k == "error"}
    assert codes == {"unknown_item", "missing_field", "item_not_in_force", "invalid_value"}
    classes = {w.case_class for k, w in EXPECTED if k == "ok"}
    assert classes == {"general", "safety", "complex"}


def test_numpy_columns_with_a_flag_bitmask() -> None:
    out = wangshi.classify_batch(
        np.array(CASES["item"], dtype=object),
        np.array([np.datetime64("NaT") if d is None else np.datetime64(d) for d in CASES["day"]], dtype="M8[D]"),
        flags=bitmask(), parties=np.array(CASES["parties"]), repeat_count=np.array(CASES["repeats"]),
        amount=np.array(CASES["amount"]))
    check(out)


def test_pyarrow_columns_with_flag_columns() -> None:
    flags = {f: pa.array([f in fl for fl in CASES["flags"]]) for f in FLAGS}
    out = wangshi.classify_batch(
        pa.array(CASES["item"], pa.string()), pa.array(CASES["day"], pa.date32()), flags=flags,
        parties=pa.array(CASES["parties"], pa.int32()), repeat_count=pa.chunked_array([pa.array(CASES["repeats"])]),
        amount=pa.array(CASES["amount"]))
    check(out)


def test_pandas_frame_and_outputs() -> None:
    df = pd.DataFrame({"item": CASES["item"], "day": CASES["day"], "parties": CASES["parties"],
                       "repeats": CASES["repeats"], "amount": CASES["amount"]})
    flags = pd.DataFrame({f: [f in fl for fl in CASES["flags"]] for f in FLAGS})
    kw: dict[str, Any] = {"flags": flags, "parties": df["parties"], "repeat_count": df["repeats"], "amount": df["amount"]}
    check(wangshi.classify_batch(df["item"].astype("category"), df["day"], **kw))
    frame = wangshi.classify_batch(df["item"], df["day"], output="pandas", **kw)
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(wangshi.CASE_COLUMNS)
    as_numpy = {c: frame[c].astype(object).where(frame[c].notna(), None).to_numpy() for c in frame.columns}
    check(as_numpy)
    table = wangshi.classify_batch(df["item"], df["day"], output="arrow", **kw)
    assert isinstance(table, pa.Table) and table.num_rows == N
    rows = table.to_pylist()
    for (kind, want), r in zip(EXPECTED, rows):
        if kind == "error":
            assert r["error"] == want and r["case_class"] is None and r["mediation"] is None
        else:
            assert (r["case_class"], r["center"], r["error"]) == (want.case_class, want.center, None)


def test_polars_and_item_indices() -> None:
    cat = wangshi.Catalog()
    idx = [-1 if c is None else (cat.item_index(c) if cat.item_index(c) is not None else 999) for c in CASES["item"]]
    out = wangshi.classify_batch(
        pl.Series(CASES["item"], dtype=pl.String), pl.Series(CASES["day"], dtype=pl.Date), flags=bitmask(),
        parties=pl.Series(CASES["parties"]), repeat_count=pl.Series(CASES["repeats"]), amount=pl.Series(CASES["amount"]))
    check(out)
    # Integer item indices: -1 is no index (unknown_item, not missing).
    by_index = wangshi.classify_batch(
        np.array(idx), pl.Series(CASES["day"], dtype=pl.Date), flags=bitmask(), parties=np.array(CASES["parties"]),
        repeat_count=np.array(CASES["repeats"]), amount=np.array(CASES["amount"]))
    for i, c in enumerate(CASES["item"]):
        if c is None:
            assert by_index["error"][i] == "unknown_item"
        else:
            assert by_index["error"][i] == out["error"][i] and by_index["center"][i] == out["center"][i]


def test_defaults_missing_numbers_and_bad_arguments() -> None:
    out = wangshi.classify_batch(["CS-01", "CS-01"], np.array(["2026-11-20"] * 2, "M8[D]"),
                                 parties=pd.Series([None, 3], dtype="Int64"), amount=[None, 0.0])
    assert list(out["case_class"]) == ["general", "complex"]  # a missing count takes the default
    with pytest.raises(wangshi.RequestError, match="unknown flag"):
        wangshi.classify_batch(["CS-01"], np.array(["2026-11-20"], "M8[D]"), flags={"urgent": [True]})
    with pytest.raises(wangshi.RequestError, match="differ in length"):
        wangshi.classify_batch(["CS-01"], np.array(["2026-11-20"] * 2, "M8[D]"))
    with pytest.raises(ValueError, match="output must be"):
        wangshi.classify_batch(["CS-01"], np.array(["2026-11-20"], "M8[D]"), output="excel")  # type: ignore[arg-type]
    # Flag bits beyond the nine flags are a row error, not a silent drop.
    bits = wangshi.classify_batch(["CS-01"], np.array(["2026-11-20"], "M8[D]"), flags=np.array([1 << 12]))
    assert list(bits["error"]) == ["invalid_value"]
