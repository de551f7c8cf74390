"""wangshi on Apache Spark: the columnar batches over Spark DataFrames.

When a province's residents and cases outgrow one machine they usually sit
in a data lake (Hive tables, Parquet files) processed with Spark. Each
function here takes a Spark DataFrame and returns one with the batch's
result columns appended, computed by the same Rust core as the in-process
batches, row for row:

- :func:`visit_status` — residents → :func:`wangshi.visit_status_batch`'s
  columns (``state``, ``period_start``, ``period_end``, ``due``,
  ``days_left``, ``missed_periods``, ``alert``, ``error``);
- :func:`classify` — cases → :func:`wangshi.classify_batch`'s columns
  (``case_class``, ``center``, ``level``, ``department``,
  ``report_within_minutes``, ``mediation``, ``immediate_report``,
  ``matched_rules``, ``error``);
- :func:`supervise` — open case steps → :func:`wangshi.supervise_batch`'s
  columns (``deadline``, ``seconds_left``, ``supervision``,
  ``provisional``, ``error``): the morning 监督问效 sweep;
- :func:`deadlines` — start times → :func:`wangshi.deadline_batch`'s
  columns (``deadline``, ``provisional``, ``error``) in working days with
  调休.

(Visit completion, :func:`wangshi.completion_batch`, joins two tables and
sums over groups: run it per county in process, or aggregate Spark's
:func:`visit_status` output.)

How it runs: ``DataFrame.mapInArrow``. Spark hands each Python worker its
partition as Arrow record batches; each batch goes straight into the Rust
batch (no pandas, no row objects) and comes back as one record batch: the
input columns unchanged and the result columns appended. The rules (the
visit policy, or the triage rules and catalogue) travel to the executors
once (the handling policy and calendar too), as their JSON text inside the task's closure, and each Python worker
parses them once and keeps them (a worker runs many tasks).

Types: dates in are Spark ``DateType`` (Arrow ``date32``), ``TimestampType``
(floored to its day in the session time zone), ``TimestampNTZType``
(floored to its day) or ``YYYY-MM-DD`` strings (read exactly as the JSON
contract reads them); codes are strings (or integer indices). Timestamps
in (``started``, ``start``) are ``TimestampType`` (read as wall-clock time
in the session time zone), ``TimestampNTZType`` or
``YYYY-MM-DDTHH:MM[:SS]`` strings. Out, dates are ``DateType``, deadlines
``TimestampNTZType`` (local wall-clock time, as the core counts it), codes
``StringType`` (null for none), counts ``IntegerType`` / ``LongType``,
flags ``BooleanType``. A bad row is never
dropped: it carries its error code in ``error`` (and, with
``messages=True``, the core's message in ``message``); its other result
columns are null. The result schema is the core's own batch output, read
on the driver from an empty batch: nothing here restates a column or a
code list.

A cluster changes where and how many batches run at once (partitions over
executors), never a row's result. ``pyspark`` is an optional dependency
(``pip install wangshi[spark]``); this module imports it only when called.

Example::

    from pyspark.sql import SparkSession
    import wangshi.spark

    spark = SparkSession.builder.getOrCreate()
    residents = spark.read.parquet("s3://lake/residents/")
    status = wangshi.spark.visit_status(residents, as_of="2026-11-26")
    status.groupBy("worker", "alert").count().show()
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from . import _wangshi

if TYPE_CHECKING:  # pragma: no cover - types only
    from pyspark.sql import DataFrame
    from pyspark.sql.types import DataType, StructType

__all__ = ["classify", "deadlines", "supervise", "visit_status"]

_T = TypeVar("_T")

# Parsed rules per Python worker: (kind, JSON text) -> object.
_RULES: dict[tuple[str, str], Any] = {}


def _cached(kind: str, text: str, parse: Callable[[str], _T]) -> _T:
    """The rules of this JSON text, parsed once per Python process."""
    key = (kind, text)
    found = _RULES.get(key)
    if found is None:
        found = parse(text)
        _RULES[key] = found
    return found


def _spark_type(t: pa.DataType) -> DataType:
    """The Spark type of a result column's Arrow type."""
    from pyspark.sql import types as st

    # `t` is already as _arrow_type gives it.
    if pa.types.is_string(t):
        return st.StringType()
    if pa.types.is_date32(t):
        return st.DateType()
    if pa.types.is_timestamp(t) and t.tz is None:
        return st.TimestampNTZType()
    if pa.types.is_boolean(t):
        return st.BooleanType()
    if t == pa.int32():
        return st.IntegerType()
    if t == pa.int64():
        return st.LongType()
    raise TypeError(f"no Spark type for the result type {t}")  # pragma: no cover


def _arrow_type(t: pa.DataType) -> pa.DataType:
    """The Arrow type Spark expects for a result column of Arrow type ``t``."""
    if pa.types.is_dictionary(t) or pa.types.is_large_string(t):
        return pa.string()
    if t in (pa.int8(), pa.int16(), pa.uint8(), pa.uint16()):
        return pa.int32()
    if t == pa.uint32():
        return pa.int64()
    if pa.types.is_timestamp(t) and t.tz is None:
        return pa.timestamp("us")
    return t


def _for_spark(col: pa.ChunkedArray | pa.Array) -> pa.Array:
    """A result column as Spark reads it: codes decoded to strings,
    unsigned counts widened to signed ones."""
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    want = _arrow_type(col.type)
    return col if col.type == want else col.cast(want)


# Spark's offset zones (Java ZoneId: "GMT+8", "UTC+08:00", "+08:00") as
# Arrow writes them ("+08:00"); Arrow reads "GMT+8" as no zone at all.
_OFFSET_ZONE = re.compile(r"^(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$")


def _arrow_zone(tz: str) -> str:
    """The Arrow name of a Spark session time zone."""
    if tz in ("GMT", "UTC", "UT", "Z"):
        return "+00:00"
    m = _OFFSET_ZONE.match(tz)
    if m is None:
        return tz  # a region (Asia/Shanghai): the same name in Arrow
    sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _day_column(col: pa.Array) -> pa.Array:
    """A date or timestamp input column for the core: a ``TimestampType``
    column (an instant, labelled with the session time zone) as its local
    wall-clock time, which the core floors to the day (dates) or second
    (timestamps); anything else as it is."""
    if pa.types.is_timestamp(col.type) and col.type.tz is not None:
        zone = _arrow_zone(col.type.tz)
        if zone != col.type.tz:
            col = col.cast(pa.timestamp(col.type.unit, tz=zone))
        return pc.local_timestamp(col)
    return col


def _result_schema(sample: pa.Table, prefix: str) -> list[tuple[str, pa.DataType]]:
    return [(prefix + f.name, _arrow_type(f.type)) for f in sample.schema]


def _struct(df: DataFrame, result: list[tuple[str, pa.DataType]]) -> StructType:
    from pyspark.sql import types as st

    taken = set(df.columns)
    clash = [name for name, _ in result if name in taken]
    if clash:
        raise ValueError(
            f"the DataFrame already has columns named {', '.join(clash)}; "
            "pass prefix= to name the result columns apart"
        )
    fields = list(df.schema.fields)
    for name, t in result:
        fields.append(st.StructField(name, _spark_type(t), True))
    return st.StructType(fields)


def _names(df: DataFrame, columns: Mapping[str, str] | None, fields: tuple[str, ...]) -> dict[str, str]:
    """The DataFrame column of each batch field present (``columns`` maps a
    field to another column name)."""
    mapping = dict(columns or {})
    unknown = set(mapping) - set(fields)
    if unknown:
        raise ValueError(f"columns names unknown fields {sorted(unknown)}; the fields are {list(fields)}")
    present = set(df.columns)
    out: dict[str, str] = {}
    for f in fields:
        name = mapping.get(f, f)
        if name in present:
            out[f] = name
        elif f in mapping:
            raise ValueError(f"the DataFrame has no column {name!r} (for {f})")
    return out


def visit_status(
    df: DataFrame,
    as_of: _dt.date | str,
    policy: _wangshi.VisitPolicy | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    messages: bool = False,
    prefix: str = "",
    threads: int | Literal["all"] = 1,
) -> DataFrame:
    """Visit status (分色管理) of every resident of a Spark DataFrame as of
    ``as_of``: the DataFrame with :data:`wangshi.VISIT_COLUMNS` appended
    (``message`` too with ``messages=True``), each row exactly what
    :func:`wangshi.visit_status_batch` gives for it.

    The DataFrame needs ``tier`` and ``tier_since`` columns and may have
    ``last_visit`` (``columns={"tier": "colour", ...}`` names others); every
    other column passes through. ``policy`` (default: the built-in one) is
    shipped to the executors as its JSON text. ``prefix`` is put before the
    result columns' names (the call fails when a result column would take
    an existing column's name). ``threads`` is each Python worker's thread
    count for its batches (``1``: Spark's own cores do the splitting).

    Raises ``ValueError`` for a missing or clashing column, and the
    in-process batch's errors for a bad ``as_of`` or ``threads`` on the
    driver, before anything runs."""
    policy = policy if policy is not None else _wangshi.VisitPolicy()
    policy_json = policy.to_json()
    names = _names(df, columns, ("tier", "tier_since", "last_visit"))
    _need(names, columns, "tier", "tier_since")

    def call(policy: _wangshi.VisitPolicy, cols: dict[str, pa.Array]) -> pa.Table:
        out: pa.Table = _wangshi.visit_status_batch(
            cols, as_of=as_of, policy=policy, output="arrow", messages=messages, threads=threads
        )
        return out

    empty = {"tier": pa.array([], pa.string()), "tier_since": pa.array([], pa.date32())}
    return _map(df, names, prefix, call, policy, empty, "policy", policy_json, _wangshi.VisitPolicy.from_json)


def _appended(batch: pa.RecordBatch, out: pa.Table, result_names: list[str]) -> pa.RecordBatch:
    arrays = list(batch.columns) + [_for_spark(c) for c in out.columns]
    return pa.RecordBatch.from_arrays(arrays, names=list(batch.schema.names) + result_names)


def classify(
    df: DataFrame,
    router: _wangshi.CaseRouter | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    messages: bool = False,
    prefix: str = "",
    threads: int | Literal["all"] = 1,
) -> DataFrame:
    """Case triage (事件分流) of every case of a Spark DataFrame: the
    DataFrame with :data:`wangshi.CASE_COLUMNS` appended (``message`` too
    with ``messages=True``), each row exactly what
    :func:`wangshi.classify_batch` gives for it.

    The DataFrame needs ``item`` and ``reported_on`` columns and may have
    ``parties``, ``repeat_count``, ``amount``, an integer ``flags`` bitmask
    and boolean columns named by flag (:data:`wangshi.FLAGS`); ``columns``
    names other columns for these fields; every other column passes
    through. ``router`` (default: the built-in rules and catalogue) is
    shipped to the executors as the JSON text of its rules and catalogue.
    ``matched_rules`` is the core's bitmask (``router.rule_ids(mask)``
    names the rules); ``prefix`` and ``threads`` as for
    :func:`visit_status`."""
    router = router if router is not None else _wangshi.CaseRouter()
    rules_json, catalog_json = router.rules.to_json(), router.catalog.to_json()
    fields = ("item", "reported_on", "parties", "repeat_count", "amount", "flags", *_wangshi.FLAGS)
    names = _names(df, columns, fields)
    _need(names, columns, "item", "reported_on")

    def call(router: _wangshi.CaseRouter, cols: dict[str, pa.Array]) -> pa.Table:
        out: pa.Table = _wangshi.classify_batch(
            cols, router=router, output="arrow", messages=messages, threads=threads
        )
        return out

    empty = {"item": pa.array([], pa.string()), "reported_on": pa.array([], pa.date32())}
    texts = rules_json + "\x00" + catalog_json
    return _map(df, names, prefix, call, router, empty, "router", texts, _router_of)


def _router_of(texts: str) -> _wangshi.CaseRouter:
    rules, catalog = texts.split("\x00", 1)
    return _wangshi.CaseRouter(_wangshi.TriageRules.from_json(rules), _wangshi.Catalog.from_json(catalog))




def _run_batches(
    kind: str,
    texts: str,
    parse: Callable[[str], Any],
    call: Callable[[Any, dict[str, pa.Array]], pa.Table],
    names: dict[str, str],
    result_names: list[str],
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function each task runs: the rules of ``texts`` parsed once per
    Python worker, then ``call(rules, columns)`` per record batch."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        rules = _cached(kind, texts, parse)
        for batch in batches:
            cols = {field: _day_column(batch.column(name)) for field, name in names.items()}
            yield _appended(batch, call(rules, cols), result_names)

    return run


def _map(
    df: DataFrame,
    names: dict[str, str],
    prefix: str,
    call: Callable[[_T, dict[str, pa.Array]], pa.Table],
    rules: _T,
    empty: dict[str, pa.Array],
    kind: str,
    texts: str,
    parse: Callable[[str], _T],
) -> DataFrame:
    """``df.mapInArrow`` of ``call`` with the rules of ``texts``. The
    result's columns and types are the core's own output of no rows
    (``call(rules, empty)`` on the driver, which also checks the call's
    arguments before anything runs)."""
    result = _result_schema(call(rules, empty), prefix)
    run = _run_batches(kind, texts, parse, call, names, [n for n, _ in result])
    return df.mapInArrow(run, _struct(df, result))


def _handling_of(texts: str) -> tuple[_wangshi.HandlingPolicy, _wangshi.Calendar]:
    policy, calendar = texts.split("\x00", 1)
    return _wangshi.HandlingPolicy.from_json(policy), _wangshi.Calendar.from_json(calendar)


def _need(names: dict[str, str], columns: Mapping[str, str] | None, *fields: str) -> None:
    for f in fields:
        if f not in names:
            raise ValueError(f"the DataFrame has no column {(columns or {}).get(f, f)!r}")


def supervise(
    df: DataFrame,
    as_of: _dt.datetime | _dt.date | str,
    policy: _wangshi.HandlingPolicy | None = None,
    calendar: _wangshi.Calendar | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    messages: bool = False,
    prefix: str = "",
    threads: int | Literal["all"] = 1,
) -> DataFrame:
    """The morning supervision sweep (监督问效) of every open case step of a
    Spark DataFrame as of ``as_of`` (a naive ``datetime``, a date's first
    second, or ``YYYY-MM-DDTHH:MM[:SS]`` text): the DataFrame with
    :data:`wangshi.SUPERVISE_COLUMNS` appended (``message`` too with
    ``messages=True``), each row exactly what :func:`wangshi.supervise_batch`
    gives for it.

    The DataFrame needs ``step``, ``started``, ``class`` (the case's class),
    ``level`` and ``immediate_report`` columns and may have
    ``report_within_minutes`` and ``extended``; ``columns`` names other
    columns for these fields; every other column passes through. The
    handling ``policy`` and working-day ``calendar`` (defaults: the built-in
    ones) are shipped to the executors as their JSON text; ``prefix`` and
    ``threads`` as for :func:`visit_status`."""
    policy = policy if policy is not None else _wangshi.HandlingPolicy()
    calendar = calendar if calendar is not None else _wangshi.Calendar()
    fields = _wangshi.SUPERVISE_INPUTS
    names = _names(df, columns, fields)
    _need(names, columns, *fields[:5])

    def call(rules: tuple[_wangshi.HandlingPolicy, _wangshi.Calendar], cols: dict[str, pa.Array]) -> pa.Table:
        out: pa.Table = _wangshi.supervise_batch(
            cols, as_of=as_of, policy=rules[0], calendar=rules[1], output="arrow", messages=messages,
            threads=threads,
        )
        return out

    text = pa.array([], pa.string())
    empty = {"step": text, "started": pa.array([], pa.timestamp("s")), "class": text, "level": text,
             "immediate_report": pa.array([], pa.bool_())}
    texts = policy.to_json() + "\x00" + calendar.to_json()
    return _map(df, names, prefix, call, (policy, calendar), empty, "handling", texts, _handling_of)


def deadlines(
    df: DataFrame,
    period: Mapping[str, int] | str | None = None,
    calendar: _wangshi.Calendar | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    messages: bool = False,
    prefix: str = "",
    threads: int | Literal["all"] = 1,
) -> DataFrame:
    """The deadline of every row of a Spark DataFrame (工作日与期间,
    ``calendar.deadline``): the DataFrame with
    :data:`wangshi.DEADLINE_COLUMNS` appended (``message`` too with
    ``messages=True``), each row exactly what :func:`wangshi.deadline_batch`
    gives for it.

    The DataFrame needs a ``start`` column and, without one ``period`` for
    every row (``{"working_days": 7}``), ``unit`` and ``amount`` columns;
    ``columns`` names other columns for these fields; every other column
    passes through. ``calendar`` (default: the built-in one) is shipped to
    the executors as its JSON text; ``prefix`` and ``threads`` as for
    :func:`visit_status`."""
    calendar = calendar if calendar is not None else _wangshi.Calendar()
    names = _names(df, columns, ("start", "unit", "amount"))
    one: dict[str, int] | str | None = (
        period if period is None or isinstance(period, str) else dict(period)
    )
    _need(names, columns, "start")
    if one is None:
        _need(names, columns, "unit", "amount")
    else:
        names = {"start": names["start"]}

    def call(cal: _wangshi.Calendar, cols: dict[str, pa.Array]) -> pa.Table:
        out: pa.Table = _wangshi.deadline_batch(
            cols, one, calendar=cal, output="arrow", messages=messages, threads=threads
        )
        return out

    empty: dict[str, pa.Array] = {"start": pa.array([], pa.timestamp("s"))}
    if one is None:
        empty.update(unit=pa.array([], pa.string()), amount=pa.array([], pa.int64()))
    return _map(df, names, prefix, call, calendar, empty, "calendar", calendar.to_json(),
                _wangshi.Calendar.from_json)
