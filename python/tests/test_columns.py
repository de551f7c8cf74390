"""The columnar paths of issue 9: text dates read with the JSON rule, every
Arrow producer straight in, what a DataFrame row gives through `evaluate`,
the same codes from JSON, the C ABI and the Python batch, and the columnar
worklist against `visit.worklist`."""

from __future__ import annotations

import ctypes
import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import wangshi
from wangshi import _wangshi

from conftest import REPO

AS_OF = dt.date(2026, 11, 26)
BAD_TEXT = ["2026-11", "2026", "2026-11-05T23:59", "  2026-11-05", "", "NaT", "2026/11/05", "2026-02-30"]


def _text_columns(kind: str, values: list[str | None]) -> Any:
    if kind == "numpy object":
        return np.array(values, dtype=object)
    if kind == "numpy str":
        return np.array(["" if v is None else v for v in values])
    if kind == "pandas str":
        return pd.Series(values, dtype="str")
    if kind == "pandas object":
        return pd.Series(values, dtype=object)
    if kind == "pyarrow":
        return pa.array(values, pa.string())
    if kind == "pyarrow dictionary":
        return pa.array(values, pa.string()).dictionary_encode()
    if kind == "polars":
        return pl.Series(values, dtype=pl.String)
    if kind == "list":
        return values
    raise AssertionError(kind)


KINDS = ["numpy object", "numpy str", "pandas str", "pandas object", "pyarrow", "pyarrow dictionary", "polars", "list"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("column", ["tier_since", "last_visit"])
def test_every_bad_text_date_is_that_rows_invalid_date_and_the_others_are_computed(kind: str, column: str) -> None:
    good = "2026-11-03"
    values = [good, *BAD_TEXT, good]
    n = len(values)
    cols = {"tier_since": ["2026-01-05"] * n, "last_visit": [good] * n}
    cols[column] = values
    out = wangshi.visit_status_batch(
        _text_columns(kind, ["green"] * n),
        _text_columns(kind, cols["tier_since"]),
        _text_columns(kind, cols["last_visit"]),
        AS_OF,
        output="arrow",
        messages=True,
    ).to_pydict()
    assert out["error"] == [None, *["invalid_date"] * len(BAD_TEXT), None]
    assert out["state"][0] is not None and out["state"][-1] is not None
    # The same rows through the JSON op.
    rows = [{"id": str(i), "tier": "green", "tier_since": cols["tier_since"][i], "last_visit": cols["last_visit"][i]}
            for i in range(n)]
    res = wangshi.evaluate({"op": "visit.status", "as_of": AS_OF.isoformat(), "residents": rows})["results"]
    assert [r.get("error", {}).get("code") for r in res] == out["error"]
    assert [r.get("state") for r in res] == out["state"]
    for msg in out["message"][1:-1]:
        assert column in msg


def test_a_bad_text_date_in_a_case_column_is_that_rows_invalid_date() -> None:
    days = ["2026-11-20", *BAD_TEXT]
    out = wangshi.classify_batch(["CS-01"] * len(days), pa.array(days), output="arrow", messages=True).to_pydict()
    assert out["error"] == [None, *["invalid_date"] * len(BAD_TEXT)]
    assert out["case_class"][0] == "general"
    assert all("reported_on" in m for m in out["message"][1:])


# ------------------------------------------------------------ producers


def _expected() -> list[str | None]:
    return ["done", "overdue", None]


def test_a_duckdb_query_result_goes_straight_in() -> None:
    rel = duckdb.sql(
        "select * from (values ('green', date '2026-01-05', date '2026-11-03'),"
        " ('red', date '2026-11-20', null), (null, date '2026-01-01', null)) t(tier, tier_since, last_visit)"
    )
    out = wangshi.visit_status_batch(rel, as_of=AS_OF, output="arrow")
    assert out["state"].to_pylist() == _expected()
    assert out["error"].to_pylist() == [None, None, "missing_field"]
    cases = duckdb.sql("select 'c1' as id, 'CS-01' as item, date '2026-11-20' as reported_on, 3 as parties,"
                       " true as emergency")
    out = wangshi.classify_batch(cases, output="arrow")
    assert out["case_class"].to_pylist() == ["safety"]  # the emergency column is a flag; id is not
    assert out["immediate_report"].to_pylist() == [True]


def test_a_polars_lazyframe_collect_goes_straight_in() -> None:
    lf = pl.LazyFrame(
        {"tier": ["green", "red", None], "tier_since": ["2026-01-05", "2026-11-20", "2026-01-01"],
         "last_visit": ["2026-11-03", None, None]}
    ).with_columns(pl.col("tier").cast(pl.Categorical), pl.col("tier_since").str.to_date())
    df = lf.collect()
    out = wangshi.visit_status_batch(df, as_of=AS_OF, output="polars")
    assert isinstance(out, pl.DataFrame)
    assert out["state"].to_list() == _expected()
    # Its columns (Series) go in too, and give the same.
    cols = wangshi.visit_status_batch(df["tier"], df["tier_since"], df["last_visit"], AS_OF, output="polars")
    assert cols.equals(out)


def test_a_pandas_arrow_dtype_frame_goes_straight_in() -> None:
    df = pd.DataFrame(
        {
            "tier": pd.Series(["green", "red", None], dtype=pd.ArrowDtype(pa.string())),
            "tier_since": pd.Series([dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 1, 1)],
                                    dtype=pd.ArrowDtype(pa.date32())),
            "last_visit": pd.Series([dt.date(2026, 11, 3), None, None], dtype=pd.ArrowDtype(pa.date32())),
        }
    )
    assert all(isinstance(t, pd.ArrowDtype) for t in df.dtypes)
    out = wangshi.visit_status_batch(df, as_of=AS_OF, output="pandas")
    assert out["state"].tolist()[:2] == ["done", "overdue"] and pd.isna(out["state"].iloc[2])
    series = wangshi.visit_status_batch(df["tier"], df["tier_since"], df["last_visit"], AS_OF, output="pandas")
    pd.testing.assert_frame_equal(series, out)


def test_chunked_input_is_handled_across_chunks() -> None:
    tier = pa.chunked_array([["green"], ["red", None], []])
    since = pa.chunked_array([[dt.date(2026, 1, 5), dt.date(2026, 11, 20)], [dt.date(2026, 1, 1)]])
    last = pa.chunked_array([[dt.date(2026, 11, 3)], [None, None]], pa.date32())
    out = wangshi.visit_status_batch(tier, since, last, AS_OF, output="arrow")
    assert out["state"].to_pylist() == _expected()


def test_polars_output_has_the_cores_codes() -> None:
    out = wangshi.visit_status_batch(["green", "pink"], ["2026-01-05"] * 2, None, AS_OF, output="polars")
    assert out.columns == list(wangshi.VISIT_COLUMNS)
    assert out["state"].to_list() == ["overdue", None]
    assert out["error"].to_list() == [None, "unknown_tier"]
    assert out["due"].dtype == pl.Date


# ------------------------------------------------------------ evaluate(dict)


def test_what_a_dataframe_row_gives_goes_through_evaluate() -> None:
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f"],
            "tier": ["green", "red", "green", "green", None, "green"],
            "tier_since": [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-11-20"), pd.NaT,
                           pd.Timestamp("2026-01-05 23:59"), pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-05")],
            "last_visit": [pd.Timestamp("2026-11-03"), pd.NaT, pd.NaT, pd.NaT, pd.NaT, np.nan],
        }
    )
    rows = df.to_dict("records")
    res = wangshi.evaluate({"op": "visit.status", "as_of": pd.Timestamp(AS_OF), "residents": rows})["results"]
    codes = [r.get("error", {}).get("code") for r in res]
    # NaT/NaN last_visit: never visited; NaT tier_since: missing; a time of
    # day: not a date; None tier: missing.
    assert codes == [None, None, "missing_field", "invalid_date", "missing_field", None]
    assert [r.get("state") for r in res][:2] == ["done", "overdue"]
    assert res[2]["error"]["path"] == "residents[2].tier_since"


@pytest.mark.parametrize(
    "value",
    [dt.date(2026, 11, 3), pd.Timestamp("2026-11-03"), np.datetime64("2026-11-03"), np.datetime64("2026-11-03T00:00:00"),
     dt.datetime(2026, 11, 3)],
    ids=["date", "Timestamp", "datetime64[D]", "datetime64[s]", "datetime"],
)
def test_date_like_values_are_dates_in_evaluate(value: Any) -> None:
    r = {"id": "a", "tier": "green", "tier_since": "2026-01-05", "last_visit": value}
    res = wangshi.evaluate({"op": "visit.status", "as_of": "2026-11-26", "residents": [r]})["results"][0]
    assert res["state"] == "done"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NaT, pd.NA, np.datetime64("NaT"), np.float64("nan")],
                         ids=["None", "nan", "NaT", "NA", "datetime64 NaT", "numpy nan"])
def test_a_missing_optional_value_is_absent_in_evaluate(missing: Any) -> None:
    r = {"id": "a", "tier": "green", "tier_since": "2026-01-05", "last_visit": missing}
    res = wangshi.evaluate({"op": "visit.status", "as_of": "2026-11-26", "residents": [r]})["results"][0]
    assert res["state"] == "overdue"  # never visited
    c = wangshi.evaluate({"op": "case.classify", "case": {"id": "c", "item": "CS-01", "reported_on": "2026-11-20",
                                                          "parties": missing, "amount": missing}})
    assert c["class"] == "general"


@pytest.mark.parametrize(("parties", "code"), [(2.0, None), (np.float64(12.0), None), (2.5, "invalid_value"),
                                               (-1, "invalid_value"), (float("inf"), "invalid_value")])
def test_counts_follow_the_json_rule_in_evaluate_and_classify(parties: Any, code: str | None) -> None:
    case = {"id": "c", "item": "CS-01", "reported_on": "2026-11-20", "parties": parties}
    res = wangshi.evaluate({"op": "case.classify", "cases": [case]})["results"][0]
    assert res.get("error", {}).get("code") == code
    if code is None:
        assert wangshi.classify("CS-01", "2026-11-20", parties=parties).case_class == res["class"]
    else:
        with pytest.raises(wangshi.RequestError) as info:
            wangshi.classify("CS-01", "2026-11-20", parties=parties)
        assert info.value.code == code


# ------------------------------------------------------------ parity with C

LIB = REPO / "target" / "debug" / "libwangshi.so"


class Resident(ctypes.Structure):
    _fields_ = [("tier", ctypes.c_uint8), ("tier_since", ctypes.c_int32), ("last_visit", ctypes.c_int32)]


class VisitResult(ctypes.Structure):
    _fields_ = [("status", ctypes.c_int), ("state", ctypes.c_uint8), ("alert", ctypes.c_uint8),
                ("period_start", ctypes.c_int32), ("period_end", ctypes.c_int32), ("due", ctypes.c_int32),
                ("days_left", ctypes.c_int32), ("missed_periods", ctypes.c_uint32)]


class CCase(ctypes.Structure):
    _fields_ = [("amount", ctypes.c_double), ("item", ctypes.c_uint32), ("reported_on", ctypes.c_int32),
                ("parties", ctypes.c_int32), ("repeat_count", ctypes.c_int32), ("flags", ctypes.c_uint16)]


class CDecision(ctypes.Structure):
    _fields_ = [("status", ctypes.c_int), ("matched_rules", ctypes.c_uint32), ("report_within_minutes", ctypes.c_uint32),
                ("department", ctypes.c_uint16), ("case_class", ctypes.c_uint8), ("center", ctypes.c_uint8),
                ("level", ctypes.c_uint8), ("mediation", ctypes.c_uint8), ("immediate_report", ctypes.c_uint8)]


def _lib() -> ctypes.CDLL:
    assert LIB.exists(), f"{LIB} is built by scripts/test_all.sh (cargo build -p wangshi-ffi) before the Python step"
    return ctypes.CDLL(str(LIB))


def _c_code(status: int) -> str | None:
    """A C row status as the contract's code (100 + n is code n)."""
    if status == 0:
        return None
    errors = _wangshi._core_names()["vocabularies"]["error"]
    return str(errors[1][status - 100 - errors[0]])


def _day(text: str | None) -> int:
    """What a C caller writes for a date cell: days, or the core's sentinels."""
    if text is None:
        return int(wangshi.NO_DATE)
    try:
        return (dt.date.fromisoformat(text) - dt.date(1970, 1, 1)).days if len(text) == 10 and text[4] == "-" else int(wangshi.NOT_A_DATE)
    except ValueError:
        return int(wangshi.NOT_A_DATE)


def _rows(seed: int, n: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    tiers = ["green", "blue", "orange", "red", "purple", None]
    dates = ["2026-01-05", "2026-11-20", "2026-11-26", "2026-11-27", "2026-10-01", "1899-12-31", *BAD_TEXT, None]
    return [
        {"id": str(i), "tier": tiers[rng.integers(len(tiers))], "tier_since": dates[rng.integers(len(dates))],
         "last_visit": dates[rng.integers(len(dates))]}
        for i in range(n)
    ]


def test_json_c_and_python_batches_give_identical_codes_for_nulls_and_bad_values() -> None:
    rows = _rows(9, 600)
    res = wangshi.evaluate({"op": "visit.status", "as_of": AS_OF.isoformat(), "residents": rows})["results"]
    json_codes = [r.get("error", {}).get("code") for r in res]

    py = wangshi.visit_status_batch(pa.array([r["tier"] for r in rows]), pa.array([r["tier_since"] for r in rows]),
                                    pa.array([r["last_visit"] for r in rows]), AS_OF, output="arrow")
    assert py["error"].to_pylist() == json_codes

    lib = _lib()
    policy = ctypes.c_void_p()
    assert lib.ws_policy_default(ctypes.byref(policy)) == 0
    p = wangshi.VisitPolicy()

    def tier(code: str | None) -> int:
        if code is None:
            return int(wangshi.NO_TIER)
        i = p.tier_index(code)
        return int(wangshi.UNKNOWN_TIER) if i is None else i

    crows = (Resident * len(rows))(*[Resident(tier(r["tier"]), _day(r["tier_since"]), _day(r["last_visit"])) for r in rows])
    out = (VisitResult * len(rows))()
    as_of = (AS_OF - dt.date(1970, 1, 1)).days
    lib.ws_visit_status_batch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32, ctypes.c_void_p]
    assert lib.ws_visit_status_batch(policy, crows, len(rows), as_of, out) == 0
    lib.ws_policy_free.argtypes = [ctypes.c_void_p]
    lib.ws_policy_free(policy)
    assert [_c_code(o.status) for o in out] == json_codes
    states = _wangshi._core_names()["vocabularies"]["visit_state"][1]
    assert [states[o.state - 1] if o.state else None for o in out] == py["state"].to_pylist()
    assert len(set(json_codes)) >= 6  # the rows exercise every kind of row error


def test_json_c_and_python_case_batches_give_identical_codes() -> None:
    rng = np.random.default_rng(4)
    items = ["CS-01", "MD-02", "AQ-01", "ZZ-99", None]
    days = ["2026-11-20", "2020-06-01", "2300-01-01", "2026-02-30", "", None]
    counts: list[Any] = [None, 1, 3, 2.0, 2.5, -1]
    cases = [
        {"id": str(i), "item": items[rng.integers(len(items))], "reported_on": days[rng.integers(len(days))],
         "parties": counts[rng.integers(len(counts))], "repeat_count": counts[rng.integers(len(counts))],
         "amount": [None, 0.0, 60000.0, -5.0][rng.integers(4)]}
        for i in range(500)
    ]
    res = wangshi.evaluate({"op": "case.classify", "cases": cases})["results"]
    json_codes = [r.get("error", {}).get("code") for r in res]
    col = lambda k: pa.array([c[k] for c in cases], type=pa.float64() if k in ("parties", "repeat_count", "amount") else None)  # noqa: E731
    py = wangshi.classify_batch(col("item"), col("reported_on"), parties=col("parties"),
                                repeat_count=col("repeat_count"), amount=col("amount"), output="arrow")
    assert py["error"].to_pylist() == json_codes

    lib = _lib()
    router = ctypes.c_void_p()
    assert lib.ws_router_default(ctypes.byref(router)) == 0
    catalog = wangshi.Catalog()

    def item(code: str | None) -> int:
        if code is None:
            return int(wangshi.NO_ITEM)
        i = catalog.item_index(code)
        return int(wangshi.UNKNOWN_ITEM) if i is None else i

    def count(v: Any, default: int) -> int:
        return default if v is None else int(v) if float(v).is_integer() else -1

    ccases = (CCase * len(cases))(*[
        CCase(0.0 if c["amount"] is None else c["amount"], item(c["item"]), _day(c["reported_on"]),
              count(c["parties"], 1), count(c["repeat_count"], 0), 0)
        for c in cases
    ])
    out = (CDecision * len(cases))()
    lib.ws_classify_batch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    assert lib.ws_classify_batch(router, ccases, len(cases), out) == 0
    lib.ws_router_free.argtypes = [ctypes.c_void_p]
    lib.ws_router_free(router)
    assert [_c_code(o.status) for o in out] == json_codes
    assert len(set(json_codes)) >= 6


# ------------------------------------------------------------ worklist


def test_the_columnar_worklist_is_visit_worklist() -> None:
    rows = _rows(21, 400)
    rng = np.random.default_rng(5)
    for r in rows:
        r["worker"] = [None, " ", "w1", "w2", "w3"][rng.integers(5)]
        r["grid"] = ["g1", None][rng.integers(2)]
        r["id"] = [None, " ", *[f"r{k:03d}" for k in range(150)]][rng.integers(152)]
    want = wangshi.evaluate({"op": "visit.worklist", "as_of": AS_OF.isoformat(), "residents": rows})
    table = pa.table({k: [r[k] for r in rows] for k in ("id", "tier", "tier_since", "last_visit", "worker", "grid")})
    got = wangshi.visit_worklist(table, as_of=AS_OF)
    alerts = got["alerts"].to_pylist()
    assert [a["id"] for a in alerts] == [a["id"] for a in want["alerts"]]
    for a, w in zip(alerts, want["alerts"]):
        for k in ("tier", "grid", "worker", "state", "days_left", "missed_periods", "alert"):
            assert a[k] == w[k], k
        assert (a["due"].isoformat() if a["due"] else None) == w["due"]
    by_worker = {r["worker"]: {k: r[k] for k in ("reminder", "warning", "escalation")}
                 for r in got["by_worker"].to_pylist()}
    assert by_worker == want["by_worker"]
    assert [(e["id"], e["error"]) for e in got["errors"].to_pylist()] == [
        (e["id"], e["error"]["code"]) for e in want["errors"]
    ]
    # The same from separate columns and in pandas form.
    cols = wangshi.visit_worklist(table["tier"], table["tier_since"], table["last_visit"], AS_OF,
                                  id=table["id"], worker=table["worker"], grid=table["grid"], output="pandas")
    assert cols["alerts"]["id"].tolist() == [a["id"] for a in want["alerts"]]


# ------------------------------------------------------------ the package's names


def test_every_name_the_package_exposes_is_the_cores() -> None:
    core = _wangshi._core_names()
    vocab = core["vocabularies"]
    assert tuple(wangshi.VISIT_COLUMNS) == tuple(core["VISIT_COLUMNS"])
    assert tuple(wangshi.CASE_COLUMNS) == tuple(core["CASE_COLUMNS"])
    assert list(wangshi.FLAGS) == vocab["flag"][1]
    for name in ("NO_DATE", "NOT_A_DATE", "NO_TIER", "UNKNOWN_TIER", "NO_ITEM", "UNKNOWN_ITEM"):
        assert getattr(wangshi, name) == core[name], name
    # Output code columns carry the core's vocabularies, in order.
    out = wangshi.visit_status_batch(["green"], ["2026-01-05"], None, AS_OF, output="pandas")
    for col, voc in (("state", "visit_state"), ("alert", "alert"), ("error", "error")):
        assert list(out[col].cat.categories) == vocab[voc][1]
    cases = wangshi.classify_batch(["CS-01"], ["2026-11-20"], output="arrow")
    for col, voc in (("case_class", "case_class"), ("center", "center"), ("level", "level"), ("error", "error")):
        assert cases[col].type.value_type == pa.string()
        assert cases[col].combine_chunks().dictionary.to_pylist() == vocab[voc][1]
    assert cases["department"].combine_chunks().dictionary.to_pylist() == wangshi.CaseRouter().departments
    # The calendar, case-handling and completion batches: their columns,
    # sentinels and code columns are the core's too.
    for name in ("DEADLINE_COLUMNS", "SUPERVISE_COLUMNS", "COMPLETION_COLUMNS"):
        assert tuple(getattr(wangshi, name)) == tuple(core[name]), name
    for name in ("NO_TIMESTAMP", "NOT_A_TIMESTAMP", "NO_UNIT", "UNKNOWN_UNIT", "NO_AMOUNT", "INVALID_AMOUNT"):
        assert getattr(wangshi, name) == core[name], name
    sweep = wangshi.supervise_batch(["resolve"], ["2026-11-20T15:00"], "2026-11-26T10:00", case_class=["general"],
                                    level=["grid"], immediate_report=[False], output="arrow")
    assert sweep.column_names == list(wangshi.SUPERVISE_COLUMNS)
    for col, voc in (("supervision", "supervision"), ("error", "error")):
        assert sweep[col].combine_chunks().dictionary.to_pylist() == vocab[voc][1]
    deadlines = wangshi.deadline_batch(["2026-02-12T10:00"], unit=[1], amount=[1], output="pandas")
    assert list(deadlines.columns) == list(wangshi.DEADLINE_COLUMNS)
    assert list(deadlines["error"].cat.categories) == vocab["error"][1]
    # Unit, step, class and level columns are read with the core's codes:
    # each code, by name and by number, is accepted.
    for i, unit in enumerate(vocab["period_unit"][1]):
        by_name = wangshi.deadline_batch(["2026-02-12T10:00"], unit=[unit], amount=[1], output="arrow")
        by_number = wangshi.deadline_batch(["2026-02-12T10:00"], unit=[vocab["period_unit"][0] + i], amount=[1],
                                           output="arrow")
        assert by_name.equals(by_number) and by_name["error"].to_pylist() == [None]
    steps = vocab["step"][1]
    every = wangshi.supervise_batch(steps, ["2026-11-20T15:00"] * len(steps), "2026-11-26T10:00",
                                    case_class=["general"] * len(steps), level=["grid"] * len(steps),
                                    immediate_report=[False] * len(steps), output="arrow")
    assert every["error"].to_pylist() == [None] * len(steps)
    kinds = {wangshi.Calendar().day_kind(d).kind for d in ("2026-02-17", "2026-02-28", "2026-03-07", "2026-03-02")}
    assert kinds == set(vocab["day_kind"][1])
    # No sweep sentinel names a code of its vocabulary (else a cell would
    # be read as that code).
    for sentinel, voc in (("NO_STEP", "step"), ("UNKNOWN_STEP", "step"), ("NO_CLASS", "case_class"),
                          ("UNKNOWN_CLASS", "case_class"), ("NO_LEVEL", "level"), ("UNKNOWN_LEVEL", "level"),
                          ("NO_UNIT", "period_unit"), ("UNKNOWN_UNIT", "period_unit")):
        first, codes = vocab[voc]
        assert not first <= core[sentinel] < first + len(codes), sentinel


def test_the_python_sources_restate_no_code_list_or_sentinel() -> None:
    """No string literal of the package's Python files (docstrings aside) is
    a code of a core vocabulary, and no integer literal is a sentinel."""
    import ast

    import wangshi as pkg

    core = _wangshi._core_names()
    codes = {c for _, (_, cs) in core["vocabularies"].items() for c in cs}
    sentinels = {core[k] for k in ("NO_DATE", "NOT_A_DATE", "NO_TIER", "UNKNOWN_TIER", "NO_ITEM", "UNKNOWN_ITEM",
                                   "NO_TIMESTAMP", "NOT_A_TIMESTAMP", "INVALID_AMOUNT", "INVALID_EXTENSION")}
    files = sorted(Path(pkg.__file__).parent.glob("*.py"))
    assert files
    for f in files:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and id(node) not in docstrings:
                assert not (isinstance(node.value, str) and node.value in codes), (f.name, node.value)
                assert not (isinstance(node.value, int) and node.value in sentinels), (f.name, node.value)


# ------------------------------------------------------------ the wheel


def test_the_built_wheel_is_abi3_and_carries_the_readme() -> None:
    """scripts/test_all.sh builds the wheel it installs into
    target/python-wheel; its tag is abi3 (one wheel for CPython >= 3.10) and
    its METADATA carries the README."""
    import zipfile

    wheels = sorted((REPO / "target" / "python-wheel").glob("wangshi-*.whl"))
    if not wheels:
        pytest.skip("no wheel in target/python-wheel (scripts/test_all.sh builds one)")
    wheel = wheels[-1]
    assert "-cp310-abi3-" in wheel.name, wheel.name
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        text = z.read(meta).decode("utf-8")
        wheel_file = z.read(meta.replace("METADATA", "WHEEL")).decode("utf-8")
    assert "Requires-Python: >=3.10" in text
    assert "Description-Content-Type: text/markdown" in text
    assert "# wangshi" in text
    assert "Tag: cp310-abi3-" in wheel_file
