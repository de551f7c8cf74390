"""wangshi (网事) — rules for community grid governance, from Python.

An embeddable rules library modelled on the "网事360" system of 宜丰县:
colour-tier visits (分色管理), grids, the task catalogue and case triage.

- :func:`evaluate` / :func:`evaluate_json`: the one JSON entry point
  (``{"op": "visit.status", ...}``).
- :class:`VisitPolicy`: the typed visit rules (``datetime.date`` in and out).
- :func:`visit_status_batch`: columnar batches over numpy, pyarrow, pandas
  and polars columns, with the GIL released while the Rust core runs.
- :class:`Catalog` (网格事项清单), :func:`validate_community` and
  :func:`grid_size` (网格), :func:`classify` / :func:`classify_batch` and
  :class:`CaseRouter` (事件分流).
- :class:`WangshiError` and its subclasses, each carrying ``.code``.
"""

from ._wangshi import (
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
    evaluate,
    evaluate_json,
    grid_size,
    ops,
    validate_community,
)
from ._errors import (
    DateError,
    ItemError,
    RequestError,
    ResidentError,
    RulesError,
    WangshiError,
)
from ._batch import NO_DATE, VISIT_COLUMNS, visit_status_batch
from ._triage import CASE_COLUMNS, FLAGS, classify, classify_batch

__all__ = [
    "__version__",
    "evaluate",
    "evaluate_json",
    "ops",
    "VisitPolicy",
    "Tier",
    "VisitStatus",
    "visit_status_batch",
    "VISIT_COLUMNS",
    "NO_DATE",
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
    "WangshiError",
    "RequestError",
    "DateError",
    "ResidentError",
    "ItemError",
    "RulesError",
]
