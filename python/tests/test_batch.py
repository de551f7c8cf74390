"""`visit_status_batch`: numpy, pyarrow, pandas and polars columns, nulls,
mixed bad rows, both output forms — checked row by row against the JSON
entry point (`evaluate`), an independent path through the core."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import wangshi
from wangshi import _wangshi

AS_OF = dt.date(2026, 11, 26)
TIERS = ["green", "blue", "orange", "red"]
N = 10_000


def make_rows(n: int, seed: int) -> dict[str, list[Any]]:
    """A seeded mix of good rows and every kind of bad row."""
    rng = np.random.default_rng(seed)
    as_of = np.datetime64(AS_OF, "D")
    tier: list[Any] = list(rng.choice(TIERS, n))
    since = list(as_of - rng.integers(0, 800, n))
    last: list[Any] = list(as_of - rng.integers(0, 400, n))
    for i in range(n):
        kind = rng.integers(0, 40)
        if kind == 0:
            tier[i] = "purple"  # unknown_tier
        elif kind == 1:
            tier[i] = None  # missing_field
        elif kind == 2:
            since[i] = as_of + rng.integers(1, 30)  # tier_since_after_as_of
        elif kind == 3:
            last[i] = as_of + rng.integers(1, 30)  # visit_after_as_of
        elif kind == 4:
            since[i] = np.datetime64("1890-05-01")  # invalid_date
        elif kind == 5:
            last[i] = np.datetime64("2230-01-01")  # invalid_date
        elif kind == 6:
            since[i] = None  # missing_field
        if rng.integers(0, 5) == 0:
            last[i] = None  # never visited
    return {
        "tier": tier,
        "since": [None if d is None else d.item() for d in since],
        "last": [None if d is None else d.item() for d in last],
    }


def oracle(rows: dict[str, list[Any]]) -> list[dict[str, Any]]:
    residents = []
    for i, (t, s, v) in enumerate(zip(rows["tier"], rows["since"], rows["last"])):
        r: dict[str, Any] = {"id": str(i)}
        if t is not None:
            r["tier"] = t
        if s is not None:
            r["tier_since"] = s.isoformat()
        if v is not None:
            r["last_visit"] = v.isoformat()
        residents.append(r)
    results: list[dict[str, Any]] = wangshi.evaluate(
        {"op": "visit.status", "as_of": AS_OF.isoformat(), "residents": residents}
    )["results"]
    return results


ROWS = make_rows(N, seed=6)
EXPECTED = oracle(ROWS)


def iso(d: Any) -> str | None:
    return None if np.isnat(d) else str(d)


def check_numpy(out: dict[str, np.ndarray], expected: list[dict[str, Any]]) -> None:
    assert list(out) == list(wangshi.VISIT_COLUMNS)
    assert all(len(c) == len(expected) for c in out.values())
    assert out["days_left"].dtype == np.int32 and out["missed_periods"].dtype == np.uint32
    assert out["due"].dtype == np.dtype("datetime64[D]")
    for i, e in enumerate(expected):
        if "error" in e:
            assert out["error"][i] == e["error"]["code"], (i, e)
            assert out["state"][i] is None and out["alert"][i] is None and np.isnat(out["due"][i])
            continue
        got = {
            "id": e["id"],
            "state": out["state"][i],
            "period_start": iso(out["period_start"][i]),
            "period_end": iso(out["period_end"][i]),
            "due": iso(out["due"][i]),
            "days_left": int(out["days_left"][i]),
            "missed_periods": int(out["missed_periods"][i]),
            "alert": out["alert"][i],
        }
        assert got == e, i
        assert out["error"][i] is None


def test_the_mix_has_every_kind_of_row() -> None:
    codes = {e["error"]["code"] for e in EXPECTED if "error" in e}
    assert codes == {"unknown_tier", "missing_field", "tier_since_after_as_of", "visit_after_as_of", "invalid_date"}
    good = sum("error" not in e for e in EXPECTED)
    assert N * 0.8 < good < N
    assert {e["state"] for e in EXPECTED if "error" not in e} == {"done", "pending", "due_soon", "overdue"}


def np_dates(values: list[Any], unit: str = "D") -> np.ndarray:
    return np.array([np.datetime64("NaT") if v is None else np.datetime64(v) for v in values], dtype=f"datetime64[{unit}]")


def test_numpy_string_tiers_and_datetime64_with_nat() -> None:
    tier = np.array(ROWS["tier"], dtype=object)
    out = wangshi.visit_status_batch(tier, np_dates(ROWS["since"]), np_dates(ROWS["last"]), AS_OF)
    check_numpy(out, EXPECTED)


def test_numpy_fixed_width_strings_and_nanosecond_dates() -> None:
    keep = [i for i, t in enumerate(ROWS["tier"]) if t is not None]  # a str array has no None
    tier = np.array([ROWS["tier"][i] for i in keep])
    assert tier.dtype.kind == "U"
    since = np_dates([ROWS["since"][i] for i in keep], "ns")
    last = np_dates([ROWS["last"][i] for i in keep], "ns")
    # datetime64[ns] cannot hold 2230: those rows are checked by the day-unit tests.
    out = wangshi.visit_status_batch(tier, since, last, AS_OF)
    check_numpy(out, [EXPECTED[i] for i in keep])


def test_numpy_integer_tiers_and_int32_days() -> None:
    index = {t: i for i, t in enumerate(TIERS)}
    tier = np.array([index.get(t, 255) if t is not None else -1 for t in ROWS["tier"]], dtype=np.int64)
    since = np_dates(ROWS["since"]).astype(np.int64)
    since[since == np.iinfo(np.int64).min] = wangshi.NO_DATE
    last = np_dates(ROWS["last"]).astype(np.int64)
    last[last == np.iinfo(np.int64).min] = wangshi.NO_DATE
    out = wangshi.visit_status_batch(tier, since.astype(np.int32), last.astype(np.int32), AS_OF)
    # Integer tiers have no "missing": -1 is just not a tier index.
    expected = [
        {"id": e["id"], "error": {"code": "unknown_tier"}} if ROWS["tier"][i] is None else e
        for i, e in enumerate(EXPECTED)
    ]
    check_numpy(out, expected)


def test_non_contiguous_numpy_columns() -> None:
    tier = np.array(ROWS["tier"], dtype=object)[::2]
    since = np_dates(ROWS["since"])[::2]
    last = np_dates(ROWS["last"])[::2]
    assert not since.flags.c_contiguous
    check_numpy(wangshi.visit_status_batch(tier, since, last, AS_OF), EXPECTED[::2])


def arrow_columns() -> tuple[pa.Array, pa.Array, pa.Array]:
    return (
        pa.array(ROWS["tier"], type=pa.string()),
        pa.array(ROWS["since"], type=pa.date32()),
        pa.array(ROWS["last"], type=pa.date32()),
    )


def test_pyarrow_arrays_with_nulls() -> None:
    tier, since, last = arrow_columns()
    assert tier.null_count and since.null_count and last.null_count
    check_numpy(wangshi.visit_status_batch(tier, since, last, AS_OF), EXPECTED)


def test_pyarrow_chunked_dictionary_and_sliced_arrays() -> None:
    tier, since, last = arrow_columns()
    cut = [0, 1234, 5000, N]
    chunked = [pa.chunked_array([a.slice(lo, hi - lo) for lo, hi in zip(cut, cut[1:])]) for a in (tier, since, last)]
    chunked[0] = pa.chunked_array([c.dictionary_encode() for c in chunked[0].chunks])
    check_numpy(wangshi.visit_status_batch(*chunked, AS_OF), EXPECTED)
    # A slice (non-zero offset) of each column.
    sl = [a.slice(777, 3000) for a in (tier.dictionary_encode(), since, last)]
    check_numpy(wangshi.visit_status_batch(*sl, AS_OF), EXPECTED[777:3777])


def test_pyarrow_timestamps_and_date64() -> None:
    _, since, last = arrow_columns()
    keep = slice(0, 2000)
    ts = since.cast(pa.timestamp("s"))[keep]
    d64 = last.cast(pa.date64())[keep]
    out = wangshi.visit_status_batch(pa.array(ROWS["tier"][keep]), ts, d64, AS_OF)
    check_numpy(out, EXPECTED[keep])


def test_pandas_series_str_categorical_and_datetime() -> None:
    df = pd.DataFrame({"tier": ROWS["tier"]})
    df["since"] = pd.Series(ROWS["since"], dtype="object")
    df["last"] = pd.Series(ROWS["last"], dtype="object")
    # Object columns of datetime.date (with None), as read from a database.
    check_numpy(wangshi.visit_status_batch(df["tier"], df["since"], df["last"], AS_OF), EXPECTED)
    # Categorical tiers.
    cat = df["tier"].astype("category")
    check_numpy(wangshi.visit_status_batch(cat, df["since"], df["last"], AS_OF), EXPECTED)
    # datetime64 columns (what read_csv(parse_dates=...) gives) without the
    # rows pandas' nanosecond range cannot hold.
    keep = [i for i in range(N) if all(d is None or 1900 <= d.year <= 2200 for d in (ROWS["since"][i], ROWS["last"][i]))]
    sub = df.iloc[keep]
    since = pd.to_datetime(sub["since"])
    last = pd.to_datetime(sub["last"])
    assert since.dtype.kind == "M"
    check_numpy(wangshi.visit_status_batch(sub["tier"].astype("str"), since, last, AS_OF), [EXPECTED[i] for i in keep])


def test_pandas_arrow_backed_columns() -> None:
    tier, since, last = arrow_columns()
    s = [pd.Series(a.to_pandas(types_mapper=pd.ArrowDtype)) for a in (tier, since, last)]
    check_numpy(wangshi.visit_status_batch(*s, AS_OF), EXPECTED)


def test_pandas_rejects_time_zone_aware_timestamps() -> None:
    ts = pd.Series(pd.to_datetime(["2026-01-05"]).tz_localize("Asia/Shanghai"))
    with pytest.raises(TypeError, match="time-zone-aware"):
        wangshi.visit_status_batch(pd.Series(["green"]), ts, ts, AS_OF)


def test_polars_series_string_categorical_and_date() -> None:
    tier = pl.Series("tier", ROWS["tier"], dtype=pl.String)
    since = pl.Series("since", ROWS["since"], dtype=pl.Date)
    last = pl.Series("last", ROWS["last"], dtype=pl.Date)
    check_numpy(wangshi.visit_status_batch(tier, since, last, AS_OF), EXPECTED)
    check_numpy(wangshi.visit_status_batch(tier.cast(pl.Categorical), since, last, AS_OF), EXPECTED)
    enum = tier.cast(pl.Enum(TIERS + ["purple"]))
    check_numpy(wangshi.visit_status_batch(enum, since, last, AS_OF), EXPECTED)


def test_arrow_output_matches_numpy_output() -> None:
    tier, since, last = arrow_columns()
    table = wangshi.visit_status_batch(tier, since, last, AS_OF, output="arrow")
    assert isinstance(table, pa.Table)
    assert table.column_names == list(wangshi.VISIT_COLUMNS)
    assert table.schema.field("due").type == pa.date32()
    assert pa.types.is_dictionary(table.schema.field("state").type)
    rows = table.to_pylist()
    for e, r in zip(EXPECTED, rows):
        if "error" in e:
            assert r["error"] == e["error"]["code"]
            assert r["state"] is None and r["due"] is None and r["days_left"] is None
            continue
        assert r["error"] is None
        got = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items() if k != "error"}
        assert got == {k: v for k, v in e.items() if k != "id"}


def test_pandas_output_is_a_categorical_frame_indexed_like_the_input() -> None:
    df = pd.DataFrame({"tier": ROWS["tier"], "since": ROWS["since"], "last": ROWS["last"]}, index=np.arange(N) * 10)
    out = wangshi.visit_status_batch(df["tier"], df["since"], df["last"], AS_OF, output="pandas")
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(wangshi.VISIT_COLUMNS)
    assert (out.index == df.index).all()
    assert isinstance(out["state"].dtype, pd.CategoricalDtype)
    assert list(out["state"].cat.categories) == ["done", "pending", "due_soon", "overdue"]
    assert out["due"].dtype == np.dtype("datetime64[s]")
    for i, e in enumerate(EXPECTED):
        row = out.iloc[i]
        if "error" in e:
            assert row["error"] == e["error"]["code"] and pd.isna(row["state"]) and pd.isna(row["due"])
            continue
        assert pd.isna(row["error"])
        assert (row["state"], row["due"].date().isoformat(), row["days_left"], row["missed_periods"]) == (
            e["state"], e["due"], e["days_left"], e["missed_periods"])
        assert (None if pd.isna(row["alert"]) else row["alert"]) == e["alert"]
    # Input of another kind: a plain RangeIndex.
    plain = wangshi.visit_status_batch(
        np.array(["red"]), np.array(["2026-11-01"], "M8[D]"), np.array(["NaT"], "M8[D]"), AS_OF, output="pandas")
    assert list(plain.index) == [0] and plain["state"].iloc[0] == "overdue"


def test_every_good_row_is_computed_in_a_batch_with_bad_rows() -> None:
    """The 10 000-row batch: no good row is lost to a bad one, and each good
    row equals the typed single-resident API."""
    tier, since, last = arrow_columns()
    out = wangshi.visit_status_batch(tier, since, last, AS_OF)
    p = wangshi.VisitPolicy()
    good = 0
    for i in range(N):
        t, s, v = ROWS["tier"][i], ROWS["since"][i], ROWS["last"][i]
        try:
            if t is None or s is None:
                raise wangshi.RequestError("missing_field", "missing")
            want = p.status(t, s, AS_OF, last_visit=v)
        except wangshi.WangshiError as e:
            assert out["error"][i] == e.code
            continue
        good += 1
        assert out["error"][i] is None
        assert (out["state"][i], out["due"][i].item(), int(out["days_left"][i]), int(out["missed_periods"][i])) == (
            want.state, want.due, want.days_left, want.missed_periods)
        assert out["alert"][i] == want.alert
    assert good == sum("error" not in e for e in EXPECTED)


def test_custom_policy_and_integer_tier_indices() -> None:
    p = wangshi.VisitPolicy.from_dict({"tiers": [
        {"code": "a", "cadence": {"every_days": 10}, "reminder_days": 2, "escalate_after_missed": 2},
        {"code": "b", "cadence": "weekly", "reminder_days": 1, "escalate_after_missed": 1},
    ]})
    out = wangshi.visit_status_batch(
        np.array([0, 1, 2], dtype=np.uint8),
        np.array(["2026-11-01"] * 3, dtype="M8[D]"),
        np.array(["2026-11-05", "NaT", "NaT"], dtype="M8[D]"),
        "2026-11-26", p)
    assert list(out["state"]) == ["overdue", "overdue", None]
    # Rolling: 21 days since the visit, every 10 → 2 missed. Weekly: the
    # weeks of Nov 2, 9 and 16 after the grace week of Oct 26.
    assert list(out["missed_periods"]) == [2, 3, 0]
    assert list(out["alert"]) == ["escalation", "escalation", None]
    assert list(out["error"]) == [None, None, "unknown_tier"]
    assert np.isnat(out["period_start"][0])  # rolling cadence: no period


def test_as_of_forms() -> None:
    cols = (np.array(["red"]), np.array(["2026-11-01"], dtype="M8[D]"), np.array(["NaT"], dtype="M8[D]"))
    a = wangshi.visit_status_batch(*cols, AS_OF)
    b = wangshi.visit_status_batch(*cols, "2026-11-26")
    c = wangshi.visit_status_batch(*cols, np.datetime64("2026-11-26"))
    assert all((a[k] == b[k]).all() and (a[k] == c[k]).all() for k in a)
    with pytest.raises(TypeError, match="not a datetime"):
        wangshi.visit_status_batch(*cols, dt.datetime(2026, 11, 26))
    with pytest.raises(wangshi.DateError) as info:
        wangshi.visit_status_batch(*cols, "2226-11-26")
    assert info.value.path == "as_of"


def test_empty_batch() -> None:
    empty = np.array([], dtype="M8[D]")
    out = wangshi.visit_status_batch(np.array([], dtype=str), empty, empty, AS_OF)
    assert all(len(c) == 0 for c in out.values())
    table = wangshi.visit_status_batch(pa.array([], pa.string()), pa.array([], pa.date32()), pa.array([], pa.date32()), AS_OF, output="arrow")
    assert table.num_rows == 0


def test_bad_arguments() -> None:
    t, d = np.array(["red", "red"]), np.array(["2026-11-01", "NaT"], dtype="M8[D]")
    with pytest.raises(wangshi.RequestError, match="differ in length") as info:
        wangshi.visit_status_batch(t, d[:1], d, AS_OF)
    assert info.value.code == "invalid_value"
    with pytest.raises(TypeError, match="one-dimensional"):
        wangshi.visit_status_batch(t, d.reshape(2, 1), d, AS_OF)
    with pytest.raises(TypeError, match="must hold dates"):
        wangshi.visit_status_batch(t, np.array([1.5, 2.5]), d, AS_OF)
    with pytest.raises(TypeError, match="must hold dates"):
        wangshi.visit_status_batch(t, pa.array([1.5, None]), d, AS_OF)
    with pytest.raises(TypeError, match="tier must hold codes"):
        wangshi.visit_status_batch(np.array([0.5, 1.5]), d, d, AS_OF)
    with pytest.raises(ValueError, match="output must be"):
        wangshi.visit_status_batch(t, d, d, AS_OF, output="excel")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="VisitPolicy"):
        wangshi.visit_status_batch(t, d, d, AS_OF, policy={"tiers": []})  # type: ignore[arg-type]


def test_concurrent_batches_share_a_policy() -> None:
    tier, since, last = arrow_columns()
    p = wangshi.VisitPolicy()
    with ThreadPoolExecutor(4) as pool:
        outs = list(pool.map(lambda _: wangshi.visit_status_batch(tier, since, last, AS_OF, p), range(8)))
    for out in outs:
        check_numpy(out, EXPECTED)


def test_arrow_validity_of_all_good_batches_calendar_and_rolling() -> None:
    """Batches without bad rows take the arrow fast path (whole-byte
    validity); 13 rows end mid-byte, 8200 rows span two chunks."""
    rolling = wangshi.VisitPolicy.from_dict({"tiers": [
        {"code": "green", "cadence": "monthly", "reminder_days": 5, "escalate_after_missed": 3},
        {"code": "r30", "cadence": {"every_days": 30}, "reminder_days": 5, "escalate_after_missed": 2},
    ]})
    for n in (13, 8200):
        since = pa.array([dt.date(2026, 1, 5)] * n, pa.date32())
        last = pa.array([dt.date(2026, 11, 3)] * n, pa.date32())
        for policy in (None, rolling):
            tier = pa.array((["green", "r30" if policy else "green"] * n)[:n])
            table = wangshi.visit_status_batch(tier, since, last, AS_OF, policy, output="arrow")
            table.validate(full=True)
            assert table["error"].null_count == n
            assert table["state"].null_count == 0 and table["due"].null_count == 0
            want = n // 2 if policy is rolling else 0  # rolling tiers have no period
            assert table["period_start"].null_count == want
            rows = table.to_pylist()
            assert rows[0]["state"] == "done" and rows[0]["period_start"] == dt.date(2026, 11, 1)
            if policy is rolling:
                assert rows[1]["period_start"] is None and rows[1]["due"] == dt.date(2026, 12, 3)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns", "h"])
def test_datetime64_units_floor_to_the_day(unit: str) -> None:
    # A time of day before 1970 (negative counts) and after: both floor.
    since = np.array(["1965-03-01T13:00", "2026-11-20T23:00"], dtype=f"datetime64[{unit}]")
    last = np.array(["1965-03-31T23:00", "NaT"], dtype=f"datetime64[{unit}]")
    out = wangshi.visit_status_batch(np.array(["green", "red"]), since, last, "2026-11-26")
    want = wangshi.visit_status_batch(
        np.array(["green", "red"]), np.array(["1965-03-01", "2026-11-20"], "M8[D]"),
        np.array(["1965-03-31", "NaT"], "M8[D]"), "2026-11-26")
    for k in ("state", "missed_periods", "days_left", "alert"):
        assert list(out[k]) == list(want[k]), k
    assert list(out["missed_periods"]) == [739, 5]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_sub_day_units_floor_exactly_like_numpy(unit: str) -> None:
    """A property test (seeded) of the native flooring of sub-day units:
    the daily tier's missed periods count the days from the floored
    ``tier_since``, so any off-by-one shows; times at, just before and just
    after midnight, before 1970 and after, and values far outside the date
    range (``invalid_date`` either way) or the whole int64 range."""
    rng = np.random.default_rng(1970)
    per_day = int(np.timedelta64(1, "D") // np.timedelta64(1, unit))
    lo, hi = np.datetime64("1899-12-30", "D").astype(np.int64), np.datetime64(AS_OF, "D").astype(np.int64)
    days = rng.integers(lo, hi + 1, 20_000)
    within = rng.choice([0, 1, per_day - 1, per_day // 2], days.size) + rng.integers(-2, 3, days.size)
    since = days * per_day + within
    i64 = np.iinfo(np.int64)
    extremes = [i64.min + 1, i64.max, i64.min + per_day, i64.max - per_day + 1, -(2**40), 2**50, 2**62, -(2**62)]
    since = np.concatenate([since, np.array(extremes, dtype=np.int64)]).view(f"datetime64[{unit}]")
    tier = np.full(since.size, "red")
    nat = np.full(since.size, np.datetime64("NaT"), dtype="datetime64[D]")
    out = wangshi.visit_status_batch(tier, since, nat, AS_OF)
    want = wangshi.visit_status_batch(tier, since.astype("datetime64[D]"), nat, AS_OF)
    for k in ("missed_periods", "error", "state"):
        assert out[k].tolist() == want[k].tolist(), k
    assert {"invalid_date", None} <= set(out["error"].tolist())


@pytest.mark.parametrize("kind", ["string", "large_string", "string_view"])
def test_arrow_strings_sliced_with_nulls_match_the_oracle(kind: str) -> None:
    """Tier codes as arrow strings are matched on their buffers: slices (a
    non-zero offset into offsets and validity), nulls, unknown codes and
    empty strings."""
    tier = pa.array(ROWS["tier"], type=getattr(pa, kind)())
    _, since, last = arrow_columns()
    for lo, hi in [(0, N), (777, 3777), (8, 8203), (5001, 5002)]:
        out = wangshi.visit_status_batch(tier.slice(lo, hi - lo), since.slice(lo, hi - lo), last.slice(lo, hi - lo), AS_OF)
        check_numpy(out, EXPECTED[lo:hi])
    odd = pa.array(["", "gree", "greenx", None, "red"], type=getattr(pa, kind)())
    d = pa.array([dt.date(2026, 11, 1)] * 5, pa.date32())
    out = wangshi.visit_status_batch(odd, d, d, AS_OF)
    assert list(out["error"]) == ["unknown_tier", "unknown_tier", "unknown_tier", "missing_field", None]


@pytest.mark.parametrize(
    "vocabulary",
    [
        pytest.param(TIERS, id="tier codes (packed words)"),
        pytest.param(["a", "ab", "abcdefgh", "a_b"], id="1 to 8 bytes"),
        pytest.param(["green", "a_code_longer_than_8"], id="a long code (hashed)"),
    ],
)
@pytest.mark.parametrize("kind", ["string", "large_string", "string_view"])
def test_tier_strings_match_like_a_dict_lookup(vocabulary: list[str], kind: str) -> None:
    """Arrow strings get their tier's index, unknown_tier for any other
    string (prefixes, extensions, a ninth byte, zero bytes, the empty
    string), missing_field for a null; sliced arrays too."""
    policy = wangshi.VisitPolicy.from_dict(
        {"tiers": [{"code": c, "cadence": "monthly", "reminder_days": 3, "escalate_after_missed": 2}
                   for c in vocabulary]}
    )
    rng = np.random.default_rng(66)
    near = ["gree", "greenx", "Green", "abcdefghi", "abcdefg", "a\0", "\0", "绿色", "a_code_longer_than_", ""]
    pool: list[str | None] = [*vocabulary, *near, None]
    for size in (1, 2, 7, 1000):
        strings = [pool[i] for i in rng.integers(0, len(pool), size)]
        arr = pa.array(strings, type=getattr(pa, kind)())
        for sl in (arr, arr.slice(size // 3)):
            days = pa.array([dt.date(2026, 1, 5)] * len(sl), pa.date32())
            got = wangshi.visit_status_batch(sl, days, None, AS_OF, policy)["error"].tolist()
            want = [
                "missing_field" if s is None else None if s in vocabulary else "unknown_tier"
                for s in sl.to_pylist()
            ]
            assert got == want


def test_numpy_output_string_columns_share_their_strings() -> None:
    tier = np.array(ROWS["tier"], dtype=object)
    out = wangshi.visit_status_batch(tier, np_dates(ROWS["since"]), np_dates(ROWS["last"]), AS_OF)
    for col in ("state", "alert", "error"):
        assert out[col].dtype == object
        assert len({id(x) for x in out[col]}) == len(set(out[col]))  # one object per distinct string
