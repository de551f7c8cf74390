"""wangshi (网事) — rules for community grid governance, from Python.

An embeddable rules library modelled on the "网事360" system of 宜丰县:
colour-tier visits (分色管理), grids, the task catalogue, case triage, the
working-day calendar, case handling and supervision, and visit completion.

- :func:`evaluate` / :func:`evaluate_json`: the one JSON entry point
  (``{"op": "visit.status", ...}``).
- :class:`VisitPolicy`: the typed visit rules (``datetime.date`` in and out).
- :func:`visit_status_batch`, :func:`visit_worklist` and
  :func:`classify_batch`: columnar batches over anything that speaks the
  Arrow PyCapsule interface (pyarrow, polars, pandas, DuckDB, nanoarrow …)
  and numpy arrays, with the GIL released while the Rust core runs
  (``threads=0`` or ``"all"`` for every core).
- :mod:`wangshi.spark` (``import wangshi.spark``; needs pyspark): the same
  batches over Spark DataFrames, through ``mapInArrow``.
- :class:`Catalog` (网格事项清单), :func:`validate_community` and
  :func:`grid_size` (网格), :func:`classify` and :class:`CaseRouter`
  (事件分流).
- :class:`Calendar` (工作日与期间) and :func:`deadline_batch`;
  :class:`HandlingPolicy` (事件处置闭环) and :func:`supervise_batch`
  (监督问效); :func:`completion_batch` (每月一考核 走访完成率).
- ``.stamp`` on every rule handle: the audit stamp a response carries.
- :class:`WangshiError` and its subclasses, each carrying ``.code``.

Everything here is the native module's: the rules, sentinels, column names
and code lists all come from the Rust core.
"""

from ._wangshi import (
    CASE_COLUMNS,
    COMPLETION_COLUMNS,
    DEADLINE_COLUMNS,
    FLAGS,
    INVALID_AMOUNT,
    NO_AMOUNT,
    NO_TIMESTAMP,
    NO_UNIT,
    NOT_A_TIMESTAMP,
    SUPERVISE_COLUMNS,
    SUPERVISE_INPUTS,
    UNKNOWN_UNIT,
    Calendar,
    DayInfo,
    Deadline,
    HandlingPolicy,
    WorkingDays,
    completion_batch,
    deadline_batch,
    supervise_batch,
    NO_DATE,
    NO_ITEM,
    NO_TIER,
    NOT_A_DATE,
    UNKNOWN_ITEM,
    UNKNOWN_TIER,
    VISIT_COLUMNS,
    CaseRouter,
    Catalog,
    Category,
    Decision,
    GridIssue,
    GridReport,
    Item,
    Mediation,
    Tier,
    TriageRules,
    VisitPolicy,
    VisitStatus,
    Whistle,
    __version__,
    classify,
    classify_batch,
    evaluate,
    evaluate_json,
    grid_size,
    ops,
    validate_community,
    visit_status_batch,
    visit_worklist,
)
from ._errors import (
    DateError,
    InternalError,
    ItemError,
    RequestError,
    ResidentError,
    RulesError,
    WangshiError,
)

__all__ = [
    "__version__",
    "evaluate",
    "evaluate_json",
    "ops",
    "VisitPolicy",
    "Tier",
    "VisitStatus",
    "visit_status_batch",
    "visit_worklist",
    "VISIT_COLUMNS",
    "NO_DATE",
    "NOT_A_DATE",
    "NO_TIER",
    "UNKNOWN_TIER",
    "Catalog",
    "Category",
    "Item",
    "grid_size",
    "validate_community",
    "GridReport",
    "GridIssue",
    "TriageRules",
    "CaseRouter",
    "Decision",
    "Whistle",
    "Mediation",
    "classify",
    "classify_batch",
    "CASE_COLUMNS",
    "FLAGS",
    "NO_ITEM",
    "UNKNOWN_ITEM",
    "Calendar",
    "DayInfo",
    "Deadline",
    "WorkingDays",
    "deadline_batch",
    "DEADLINE_COLUMNS",
    "NO_TIMESTAMP",
    "NOT_A_TIMESTAMP",
    "NO_UNIT",
    "UNKNOWN_UNIT",
    "NO_AMOUNT",
    "INVALID_AMOUNT",
    "HandlingPolicy",
    "supervise_batch",
    "SUPERVISE_COLUMNS",
    "SUPERVISE_INPUTS",
    "completion_batch",
    "COMPLETION_COLUMNS",
    "WangshiError",
    "RequestError",
    "DateError",
    "ResidentError",
    "ItemError",
    "RulesError",
    "InternalError",
]
