"""The native half of wangshi (Rust, pyo3). Import from ``wangshi``."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Final, Literal, TypeAlias, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "CASE_COLUMNS",
    "COMPLETION_COLUMNS",
    "Calendar",
    "DEADLINE_COLUMNS",
    "DayInfo",
    "Deadline",
    "HandlingPolicy",
    "INVALID_AMOUNT",
    "NOT_A_TIMESTAMP",
    "NO_AMOUNT",
    "NO_TIMESTAMP",
    "NO_UNIT",
    "SUPERVISE_COLUMNS",
    "SUPERVISE_INPUTS",
    "UNKNOWN_UNIT",
    "WorkingDays",
    "completion_batch",
    "deadline_batch",
    "supervise_batch",
    "CaseRouter",
    "Catalog",
    "Category",
    "Decision",
    "FLAGS",
    "GridIssue",
    "GridReport",
    "Item",
    "Mediation",
    "NOT_A_DATE",
    "NO_DATE",
    "NO_ITEM",
    "NO_TIER",
    "TriageRules",
    "UNKNOWN_ITEM",
    "UNKNOWN_TIER",
    "VISIT_COLUMNS",
    "Whistle",
    "_core_names",
    "classify",
    "classify_batch",
    "grid_size",
    "validate_community",
    "Tier",
    "VisitPolicy",
    "VisitStatus",
    "__version__",
    "evaluate",
    "evaluate_json",
    "ops",
    "visit_status_batch",
    "visit_worklist",
]
__version__: Final[str]
"""The package version, taken from the crate's Cargo.toml."""

VISIT_COLUMNS: Final[tuple[str, ...]]
"""The columns of a :func:`visit_status_batch` result, in order."""

CASE_COLUMNS: Final[tuple[str, ...]]
"""The columns of a :func:`classify_batch` result, in order."""

FLAGS: Final[tuple[str, ...]]
"""The case flags in bit order (bit k of a flags bitmask is ``FLAGS[k]``)."""

NO_DATE: Final[int]
"""The core's "no date" day number (``-2**31``): a missing date in an
integer day column (``last_visit``: never visited; ``tier_since``,
``reported_on``: ``missing_field``)."""

NOT_A_DATE: Final[int]
"""The core's day number for a cell that is present but not a date
(``-2**31 + 1``): the row's ``invalid_date``."""

NO_TIER: Final[int]
"""The core's tier index of a resident with no tier (``missing_field``)."""

UNKNOWN_TIER: Final[int]
"""The core's tier index of a code not in the policy (``unknown_tier``)."""

NO_ITEM: Final[int]
"""The core's item index of a case with no item (``missing_field``)."""

UNKNOWN_ITEM: Final[int]
"""The core's item index of a code not in the catalogue (``unknown_item``)."""

DEADLINE_COLUMNS: Final[tuple[str, ...]]
"""The columns of a :func:`deadline_batch` result, in order."""

SUPERVISE_COLUMNS: Final[tuple[str, ...]]
"""The columns of a :func:`supervise_batch` result, in order."""

SUPERVISE_INPUTS: Final[tuple[str, ...]]
"""The columns a :func:`supervise_batch` table is read from, in order:
``step``, ``started``, ``class``, ``level``, ``immediate_report``
(required) and ``report_within_minutes``, ``extended`` (optional)."""

COMPLETION_COLUMNS: Final[tuple[str, ...]]
"""The per-resident columns of a :func:`completion_batch` result, in order."""

NO_TIMESTAMP: Final[int]
"""The core's "no timestamp" (``-2**63``): a missing start in an integer
seconds column (``missing_field``), and the deadline of an error row in the
numpy form (``NaT`` as ``datetime64[s]``)."""

NOT_A_TIMESTAMP: Final[int]
"""The core's seconds for a cell that is present but not a timestamp
(``-2**63 + 1``): the row's ``invalid_date``."""

NO_UNIT: Final[int]
"""The core's period unit number of a row without a unit (``missing_field``)."""

UNKNOWN_UNIT: Final[int]
"""The core's period unit number of a unit code that names no unit
(``unknown_field``)."""

NO_AMOUNT: Final[int]
"""The core's amount of a row without an amount (``missing_field``)."""

INVALID_AMOUNT: Final[int]
"""The core's amount of a cell that is not a whole number from 1
(``invalid_value``)."""

def _core_names() -> dict[str, Any]:
    """The core's vocabularies, sentinels, batch columns and error
    categories (what the package's names must agree with)."""

def evaluate(request: Any) -> Any:
    """Evaluate one request given as Python values and return its ``result``.

    ``request`` is a dict ``{"op": "<name>", ...fields}`` of dicts, lists,
    tuples, str, int, float, bool and None (``datetime.date`` is accepted and
    sent as ``YYYY-MM-DD``; numpy integers and floats count as int and
    float). Raises a :class:`wangshi.WangshiError` subclass
    carrying ``.code`` and ``.path`` when the request is bad; rows of a batch
    op that are bad carry their own ``error`` in the result instead.
    """

def evaluate_json(request: str | bytes) -> str:
    """Evaluate one request given as JSON text and return the response
    envelope as JSON text: ``{"ok": true, "result": ...}`` or
    ``{"ok": false, "error": {"code", "message", "path"}}``.

    Never raises for a bad request (malformed JSON included, and text that
    is not valid UTF-8 or a ``str`` holding a lone surrogate: both are
    ``invalid_json``); raises ``TypeError`` only when ``request`` is neither
    ``str`` nor ``bytes``.
    """

def ops() -> list[str]:
    """The names of every op :func:`evaluate` understands."""

@final
class Tier:
    """One colour tier of a :class:`VisitPolicy` (read-only)."""

    @property
    def code(self) -> str:
        """Stable code (``green``, ``blue``, ``orange``, ``red`` by default)."""
    @property
    def name_zh(self) -> str:
        """Chinese name."""
    @property
    def name_en(self) -> str:
        """English name."""
    @property
    def cadence(self) -> str:
        """``monthly``, ``semi_monthly``, ``weekly``, ``daily`` or ``every_days``."""
    @property
    def every_days(self) -> int | None:
        """The period of a rolling cadence; None for calendar cadences."""
    @property
    def reminder_days(self) -> int:
        """Days before the due date from which a visit is ``due_soon``."""
    @property
    def escalate_after_missed(self) -> int:
        """Missed periods from which the alert is ``escalation``."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class VisitStatus:
    """A resident's visit status as of one day (read-only)."""

    @property
    def state(self) -> str:
        """``done``, ``pending``, ``due_soon`` or ``overdue``."""
    @property
    def period_start(self) -> datetime.date | None:
        """First day of the period containing ``as_of``; None for rolling cadences."""
    @property
    def period_end(self) -> datetime.date | None:
        """Last day of that period; None for rolling cadences."""
    @property
    def due(self) -> datetime.date:
        """The date by which the next visit is due."""
    @property
    def days_left(self) -> int:
        """``due - as_of`` in days (negative when a rolling visit is late)."""
    @property
    def missed_periods(self) -> int:
        """Required periods that passed without a visit."""
    @property
    def alert(self) -> str | None:
        """``reminder``, ``warning``, ``escalation`` or None."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class VisitPolicy:
    """A validated visit policy (分色管理): colour tiers, least to most
    severe, with their cadences and thresholds, and the tag map of
    :meth:`suggest_tier`. Immutable; share one across threads.

    ``VisitPolicy()`` is the embedded default (green monthly, blue
    semi-monthly, orange weekly, red daily).
    """

    def __init__(self) -> None:
        """The embedded default policy."""
    @staticmethod
    def default() -> VisitPolicy:
        """The embedded default policy."""
    @staticmethod
    def from_json(text: str) -> VisitPolicy:
        """Parse and validate a policy from JSON text.

        Raises :class:`wangshi.RequestError` (``invalid_json``) for text that
        is not JSON and :class:`wangshi.RulesError` (``invalid_policy``, with
        a ``path`` such as ``tiers[2].reminder_days``) for an invalid policy.
        """
    @staticmethod
    def from_dict(data: dict[str, Any]) -> VisitPolicy:
        """Validate a policy given as a dict of the JSON shape.

        Raises :class:`wangshi.RulesError` (``invalid_policy``).
        """
    def to_dict(self) -> dict[str, Any]:
        """The policy as a dict (the shape :meth:`from_dict` reads)."""
    def to_json(self) -> str:
        """The policy as JSON text."""
    @property
    def version(self) -> str:
        """The policy's version label ("" when none was given)."""
    @property
    def stamp(self) -> dict[str, str]:
        """The audit stamp ``{"version", "sha256"}``: the version label and
        the SHA-256 of the policy's canonical JSON, exactly what a response
        decided by this policy carries in ``stamp.data.policy``."""
    @property
    def tiers(self) -> list[Tier]:
        """The tiers, least to most severe."""
    def tier_index(self, code: str) -> int | None:
        """The index (severity rank) of a tier code: the value an integer tier
        column of :func:`wangshi.visit_status_batch` carries. None if unknown."""
    def status(
        self,
        tier: str,
        tier_since: datetime.date | str,
        as_of: datetime.date | str,
        last_visit: datetime.date | str | None = None,
    ) -> VisitStatus:
        """The visit status of one resident as of ``as_of``.

        Dates are ``datetime.date`` (not ``datetime.datetime``: raises
        ``TypeError``) or ``YYYY-MM-DD`` strings; ``last_visit`` is None when
        the resident was never visited. Raises :class:`wangshi.DateError`
        (``invalid_date``) and :class:`wangshi.ResidentError`
        (``unknown_tier``, ``tier_since_after_as_of``, ``visit_after_as_of``).
        """
    def suggest_tier(self, tags: Sequence[str]) -> tuple[str, list[str]]:
        """``tier.suggest``: the most severe tier any tag maps to (the least
        severe tier when none does) and the tags that chose it.

        Raises :class:`wangshi.RequestError` (``invalid_value``) for an
        unknown tag.
        """
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def visit_status_batch(
    tier: Any,
    tier_since: Any = None,
    last_visit: Any = None,
    as_of: datetime.date | str | np.datetime64 | int | None = None,
    policy: VisitPolicy | None = None,
    *,
    output: Literal["numpy", "pandas", "arrow", "polars"] = "numpy",
    messages: bool = False,
    threads: int | Literal["all"] | None = None,
) -> Any:
    """Visit status (分色管理) of every resident of a columnar batch as of
    ``as_of``: ``visit.status`` per row, in columns.

    Columns are anything that speaks the Arrow PyCapsule interface (pyarrow
    Arrays, ChunkedArrays, pandas and polars Series, DuckDB results,
    nanoarrow …) or numpy arrays (lists go through ``numpy.asarray``). Give
    ``tier``, ``tier_since`` and ``last_visit`` as three columns, or one
    table (a pyarrow Table, a pandas or polars DataFrame, a DuckDB result, a
    dict of columns) with columns of those names as the first argument
    (``last_visit`` may be absent: never visited).

    - ``tier``: tier codes (strings, dictionary/categorical columns) or tier
      indices (integers). A code not in the policy is ``unknown_tier``; a
      missing tier is ``missing_field``.
    - ``tier_since``, ``last_visit``: dates — Arrow ``date32``/``date64``,
      timestamps of any unit (floored to the day), ``datetime64`` of any
      unit (floored), ``datetime.date`` or naive ``datetime`` objects,
      ``YYYY-MM-DD`` text (read exactly as the JSON contract reads it: any
      other text, the empty string included, is that row's
      ``invalid_date``), or integer day numbers since 1970-01-01 (``NO_DATE``
      for missing). A missing ``last_visit`` means never visited; a missing
      ``tier_since`` is ``missing_field``. Time-zone-aware timestamps raise
      ``TypeError``.
    - ``as_of``: a ``datetime.date``, a ``YYYY-MM-DD`` string, a
      ``numpy.datetime64`` or a day number.

    Returns the :data:`VISIT_COLUMNS` (plus ``message`` with
    ``messages=True``: the core's message for each error row, naming the
    column) as ``"numpy"`` (a dict of arrays: codes as object arrays of
    shared strings with None, dates ``datetime64[D]`` with NaT), ``"pandas"``
    (a DataFrame: codes categorical, dates ``datetime64[s]``), ``"arrow"`` (a
    ``pyarrow.Table``: codes dictionary-encoded, nulls for none) or
    ``"polars"`` (a DataFrame). A bad row carries its error code and every
    other row is computed.

    ``threads``: how many threads the Rust core runs on — ``1`` (the
    default; ``None`` too), ``n``, or ``0`` / ``"all"`` for every core. The
    rows are cut into contiguous ranges, one per thread, of at least
    65 536 rows each (smaller batches run on one thread); the result is the
    same for every count.

    Raises :class:`wangshi.DateError` for a bad ``as_of``,
    :class:`wangshi.RequestError` when the columns differ in length or
    ``threads`` is negative or an unknown word, ``TypeError`` for an
    unsupported column type."""

def visit_worklist(
    tier: Any,
    tier_since: Any = None,
    last_visit: Any = None,
    as_of: datetime.date | str | np.datetime64 | int | None = None,
    policy: VisitPolicy | None = None,
    *,
    id: Any = None,
    worker: Any = None,
    grid: Any = None,
    output: Literal["numpy", "pandas", "arrow", "polars"] = "arrow",
    threads: int | Literal["all"] | None = None,
) -> dict[str, Any]:
    """``visit.worklist`` in columns: the columns (or table) of
    :func:`visit_status_batch` plus ``id``, ``worker`` and (optionally)
    ``grid`` columns.

    Returns ``{"alerts", "by_worker", "errors"}`` in the ``output`` form:
    ``alerts`` the rows with an alert (``row``, ``id``, ``tier``, ``grid``,
    ``worker`` and the status columns), ordered exactly as ``visit.worklist``
    orders them (alert, tier severity, days left, id); ``by_worker`` the
    alert counts per worker; ``errors`` the rows not listed (``row``,
    ``id``, ``error``, ``message``): the row's error, or ``missing_field``
    for a resident without a worker. ``threads`` as for
    :func:`visit_status_batch` (the status of every row)."""

# ---------------------------------------------------------------- catalogue

@final
class Category:
    """One category (大类) of a :class:`Catalog` (read-only)."""

    @property
    def code(self) -> str:
        """Stable code (``DJ``, ``MD``, ...)."""
    @property
    def name_zh(self) -> str:
        """Chinese name."""
    @property
    def name_en(self) -> str:
        """English name."""
    @property
    def case_class(self) -> str:
        """Default case class: ``general``, ``safety`` or ``complex``."""
    @property
    def department(self) -> str:
        """The department that reports for duty when whistled."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Item:
    """One item (小类) of a :class:`Catalog` (read-only)."""

    @property
    def code(self) -> str:
        """Stable code (``MD-03``)."""
    @property
    def category(self) -> str:
        """Its category's code."""
    @property
    def name_zh(self) -> str:
        """Chinese name."""
    @property
    def name_en(self) -> str:
        """English name."""
    @property
    def case_class(self) -> str:
        """Default case class: ``general``, ``safety`` or ``complex``."""
    @property
    def department(self) -> str:
        """The department that reports for duty when whistled."""
    @property
    def admitted_on(self) -> datetime.date:
        """The day it was admitted."""
    @property
    def ends_on(self) -> datetime.date | None:
        """Last day of a temporary item; None for permanent items."""
    @property
    def exited_on(self) -> datetime.date | None:
        """The day it left the catalogue; None while it is in."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Catalog:
    """A validated task catalogue (网格事项清单). ``Catalog()`` is the
    embedded default (13 categories, 57 items). Immutable."""

    def __init__(self) -> None:
        """The embedded default catalogue."""
    @staticmethod
    def default() -> Catalog:
        """The embedded default catalogue."""
    @staticmethod
    def from_json(text: str) -> Catalog:
        """Parse and validate a catalogue; raises :class:`wangshi.RulesError`
        (``invalid_catalog``) or :class:`wangshi.RequestError`."""
    @staticmethod
    def from_dict(data: dict[str, Any]) -> Catalog:
        """Validate a catalogue given as a dict of the JSON shape."""
    def to_dict(self) -> dict[str, Any]:
        """The catalogue as a dict."""
    def to_json(self) -> str:
        """The catalogue as JSON text."""
    @property
    def version(self) -> str:
        """The catalogue's version."""
    @property
    def stamp(self) -> dict[str, str]:
        """The audit stamp ``{"version", "sha256"}``, exactly what a response
        decided by this catalogue carries in ``stamp.data.catalog``."""
    @property
    def categories(self) -> list[Category]:
        """The categories, in catalogue order."""
    @property
    def items(self) -> list[Item]:
        """Every item (exited ones too: history is never deleted)."""
    def item(self, code: str) -> Item | None:
        """The item with this code, or None."""
    def item_index(self, code: str) -> int | None:
        """The index of an item: the value an integer item column of
        :func:`wangshi.classify_batch` carries. None if unknown."""
    def items_in_force(self, on: datetime.date | str) -> list[Item]:
        """The items in force on a day."""
    def check(self, code: str, on: datetime.date | str) -> tuple[bool, str]:
        """``catalog.check``: whether the item is in force on ``on`` and why:
        ``in_force``, ``not_yet_admitted``, ``exited``, ``expired`` or
        ``unknown_item``."""
    def __len__(self) -> int:
        """The number of items."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

# ---------------------------------------------------------------- grids

@final
class GridIssue:
    """One finding of :func:`validate_community` (read-only)."""

    @property
    def code(self) -> str:
        """``grid.duplicate_id``, ``coverage.overlap``, ..."""
    @property
    def severity(self) -> str:
        """``error`` or ``warning``."""
    @property
    def grid(self) -> str | None:
        """The grid concerned, if any."""
    @property
    def subject(self) -> str:
        """The grid, worker or household the issue is about."""
    @property
    def message(self) -> str:
        """What is wrong, for a person."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class GridReport:
    """The result of :func:`validate_community`."""

    @property
    def valid(self) -> bool:
        """False iff any issue has severity ``error``."""
    @property
    def issues(self) -> list[GridIssue]:
        """Every finding."""
    @property
    def summary(self) -> dict[str, Any]:
        """Grids by kind, full-time workers, households and population of
        standard grids, households listed and covered."""

def validate_community(community: dict[str, Any], norm: dict[str, Any] | None = None) -> GridReport:
    """``grid.validate``: every check of the grid rules on a community given
    in its JSON shape (``{"id", "name", "chief_grid_leader", "grids",
    "households"}``), with the default size norm or ``norm``.

    Raises :class:`wangshi.RequestError` (with a path such as
    ``community.grids[3].kind``) for a malformed community.
    """

def grid_size(
    kind: str,
    households: int,
    population: int,
    *,
    subtype: str | None = None,
    norm: dict[str, Any] | None = None,
) -> tuple[str, str | None]:
    """``grid.size``: the size-norm verdict (``ok``, ``undersized``,
    ``oversized``, ``mixed``, ``exempt``) and advice (``merge``, ``split``,
    ``review`` or None) of one grid.

    Raises :class:`wangshi.RequestError` (``invalid_value``, path
    ``households`` or ``population``) for a count that is not a whole
    number from 0 to 2**64 - 1, as :func:`evaluate` does."""

# ---------------------------------------------------------------- triage

@final
class TriageRules:
    """Validated triage rules (thresholds, flag lists, centres, whistle and
    mediation rules). ``TriageRules()`` is the embedded default."""

    def __init__(self) -> None:
        """The embedded default rules."""
    @staticmethod
    def default() -> TriageRules:
        """The embedded default rules."""
    @staticmethod
    def from_json(text: str) -> TriageRules:
        """Parse and validate rules; raises :class:`wangshi.RulesError`
        (``invalid_rules``) or :class:`wangshi.RequestError`."""
    @staticmethod
    def from_dict(data: dict[str, Any]) -> TriageRules:
        """Validate rules given as a dict of the JSON shape."""
    def to_dict(self) -> dict[str, Any]:
        """The rules as a dict."""
    def to_json(self) -> str:
        """The rules as JSON text."""
    @property
    def version(self) -> str:
        """The rules' version."""
    @property
    def stamp(self) -> dict[str, str]:
        """The audit stamp ``{"version", "sha256"}``, exactly what a response
        decided by these rules carries in ``stamp.data.rules``."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Whistle:
    """社区吹哨、部门报到: the department called and how soon (read-only)."""

    @property
    def department(self) -> str:
        """The department that must report for duty."""
    @property
    def report_within_minutes(self) -> int:
        """The deadline (30 for emergencies, 1440 otherwise by default)."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Mediation:
    """诉前调解 + 司法确认 (read-only)."""

    @property
    def pre_litigation(self) -> bool:
        """Pre-litigation mediation applies."""
    @property
    def judicial_confirmation_within_days(self) -> int:
        """Days to apply jointly for judicial confirmation."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Decision:
    """How a case is classified and routed (read-only)."""

    @property
    def id(self) -> str:
        """The case's id."""
    @property
    def case_class(self) -> str:
        """``general``, ``safety`` or ``complex``."""
    @property
    def center(self) -> str:
        """``talk`` (说事中心), ``police_grid`` (警格中心) or ``mediation`` (矛调中心)."""
    @property
    def level(self) -> str:
        """``grid`` (小事不出网格) or ``community``."""
    @property
    def whistle(self) -> Whistle | None:
        """The whistle, when the community blows it."""
    @property
    def mediation(self) -> Mediation | None:
        """Pre-litigation mediation, when it applies."""
    @property
    def immediate_report(self) -> bool:
        """Whether the case must be reported immediately."""
    @property
    def matched_rules(self) -> list[str]:
        """Every rule that matched, in rule order."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class CaseRouter:
    """Triage rules compiled against a catalogue; ``CaseRouter()`` uses the
    default rules and catalogue."""

    def __new__(cls, rules: TriageRules | None = None, catalog: Catalog | None = None) -> CaseRouter:
        """A router for ``rules`` over ``catalog`` (defaults when None).

        Raises :class:`wangshi.RulesError` when they do not fit together."""
    @property
    def catalog(self) -> Catalog:
        """The catalogue."""
    @property
    def rules(self) -> TriageRules:
        """The rules."""
    @property
    def departments(self) -> list[str]:
        """Department names; department code k >= 1 is ``departments[k - 1]``."""
    def rule_ids(self, mask: int) -> list[str]:
        """The ids of the rules in a ``matched_rules`` bitmask, in rule order.

        Raises :class:`wangshi.RequestError` (``invalid_value``, path
        ``mask``) for a mask outside 0..2**32 - 1."""
    def classify(
        self,
        item: str,
        reported_on: datetime.date | str,
        *,
        parties: float | None = None,
        repeat_count: float | None = None,
        amount: float | None = None,
        flags: Sequence[str] = ...,
        id: str = ...,
    ) -> Decision:
        """``case.classify`` for one case (see :func:`wangshi.classify`)."""

def classify(
    item: str,
    reported_on: datetime.date | str,
    *,
    parties: float | None = None,
    repeat_count: float | None = None,
    amount: float | None = None,
    flags: Iterable[str] | None = None,
    id: str = ...,
    router: CaseRouter | None = None,
) -> Decision:
    """``case.classify`` for one case with the default rules and catalogue
    (or ``router``): class, centre, level, whistle, mediation, immediate
    report and the rules that matched.

    Counts follow the JSON rule: a whole number (``2`` or ``2.0``) from 0 to
    2**32 - 1; ``2.5``, a negative number or NaN is ``invalid_value``.
    Raises :class:`wangshi.ItemError` (``unknown_item``,
    ``item_not_in_force``), :class:`wangshi.DateError` and
    :class:`wangshi.RequestError` (``invalid_value``)."""

def classify_batch(
    item: Any,
    reported_on: Any = None,
    *,
    flags: Any = None,
    parties: Any = None,
    repeat_count: Any = None,
    amount: Any = None,
    router: CaseRouter | None = None,
    output: Literal["numpy", "pandas", "arrow", "polars"] = "numpy",
    messages: bool = False,
    threads: int | Literal["all"] | None = None,
) -> Any:
    """``case.classify`` per row of a columnar batch (columns as for
    :func:`visit_status_batch`, or one table with columns ``item``,
    ``reported_on``, ``parties``, ``repeat_count``, ``amount``, ``flags``
    and flag-name columns).

    - ``item``: item codes or indices; missing is ``missing_field``, a code
      not in the catalogue ``unknown_item``.
    - ``reported_on``: dates (missing is ``missing_field``).
    - ``flags``: an integer bitmask column (bit k is :data:`FLAGS` ``[k]``),
      or a dict / table of boolean columns named by flag (0 and 1 count as
      booleans; any other value is the row's ``invalid_value``).
    - ``parties``, ``repeat_count``, ``amount``: numbers; a missing value is
      the JSON op's default (1, 0, 0); a fractional count, a negative
      number, NaN or infinity is the row's ``invalid_value``.

    Returns the :data:`CASE_COLUMNS` (plus ``message`` with
    ``messages=True``) in the ``output`` form; ``department`` names the
    whistled department, ``matched_rules`` is a bitmask
    (``router.rule_ids(mask)`` names the rules). ``threads`` as for
    :func:`visit_status_batch`."""

# ---------------------------------------------------------------- calendar

_Timestamp: TypeAlias = datetime.datetime | datetime.date | str | np.datetime64

@final
class DayInfo:
    """What :meth:`Calendar.day_kind` says about a day (``calendar.check``)."""

    @property
    def kind(self) -> str:
        """``adjusted_workday`` (调休上班), ``holiday``, ``weekend`` or ``workday``."""
    @property
    def name(self) -> str | None:
        """The holiday's name as its notice writes it (``春节``); None otherwise."""
    @property
    def working_day(self) -> bool:
        """Whether the day is a working day."""
    @property
    def provisional(self) -> bool:
        """Whether the calendar does not cover the day's year (the answer
        follows the fixed-date rule and may change with the year's notice)."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Deadline:
    """A deadline (``calendar.deadline``)."""

    @property
    def at(self) -> datetime.datetime:
        """The last second still on time (a naive local ``datetime``)."""
    @property
    def provisional(self) -> bool:
        """Whether counting it asked about a year the calendar does not cover."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class WorkingDays:
    """A count of working days."""

    @property
    def count(self) -> int:
        """The number of working days."""
    @property
    def provisional(self) -> bool:
        """Whether any day counted lies in a year the calendar does not cover."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Calendar:
    """A working-day calendar (工作日与期间): the State Council's holiday
    arrangements for the years it covers (2024, 2025 and 2026 embedded) and,
    for every other year, Monday–Friday except 1 January, 1–2 May and
    1–3 October (provisional answers). Immutable; share one across threads.

    ``Calendar()`` is the embedded calendar; ``from_json`` / ``from_dict``
    lay a locality's years over it (each year given replaces that year).
    """

    def __init__(self) -> None:
        """The embedded calendar."""
    @staticmethod
    def default() -> Calendar:
        """The embedded calendar."""
    @staticmethod
    def from_json(text: str) -> Calendar:
        """A locality's calendar from JSON text ``{"version"?, "years":
        {"2027": {"notice"?, "holidays": [{"date", "name"}], "workdays":
        [dates]}}}``: the embedded calendar with each year listed replaced.

        Raises :class:`wangshi.RequestError` (``invalid_json``,
        ``unknown_field``, ``missing_field``) and :class:`wangshi.RulesError`
        (``invalid_calendar`` with a ``path`` such as
        ``years.2027.workdays[1]``)."""
    @staticmethod
    def from_dict(data: dict[str, Any]) -> Calendar:
        """:meth:`from_json` of a dict of the JSON shape."""
    def to_dict(self) -> dict[str, Any]:
        """The calendar as a dict (its data file's shape)."""
    def to_json(self) -> str:
        """The calendar as JSON text."""
    @property
    def version(self) -> str:
        """The version label (``2026.1`` embedded; a locality's own, or
        ``2026.1+local``)."""
    @property
    def stamp(self) -> dict[str, str]:
        """The audit stamp ``{"version", "sha256"}``, exactly what a response
        counted on this calendar carries in ``stamp.data.calendar``."""
    @property
    def years(self) -> list[int]:
        """The covered years, in order."""
    def covers(self, year: int) -> bool:
        """Whether the calendar covers ``year``."""
    def is_working_day(self, date: datetime.date | str) -> bool:
        """Whether ``date`` (a ``datetime.date`` or ``YYYY-MM-DD``) is a
        working day. Raises :class:`wangshi.DateError` outside 1900–2199."""
    def day_kind(self, date: datetime.date | str) -> DayInfo:
        """``calendar.check`` of ``date``: kind, holiday name, working day,
        provisional."""
    def deadline(self, start: _Timestamp, period: dict[str, Any] | str) -> Deadline:
        """``calendar.deadline``: the deadline of ``period``
        (``{"minutes"|"hours"|"days"|"working_days": n}``, a dict or JSON
        text) from ``start`` (a naive ``datetime``; a ``datetime.date`` is its
        first second; or ``YYYY-MM-DDTHH:MM[:SS]`` text).

        Raises :class:`wangshi.DateError` (``invalid_date``) for a start of
        another form or outside 1900–2199, :class:`wangshi.RequestError`
        (``invalid_value``, ``unknown_field``, ``missing_field`` at
        ``period…``) for a bad period, ``TypeError`` for a time-zone-aware
        ``datetime``."""
    def working_days_between(self, start: datetime.date | str, end: datetime.date | str) -> WorkingDays:
        """The working days ``d`` with ``start < d <= end`` (none when
        ``end <= start``), as supervision counts lateness."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def deadline_batch(
    start: Any,
    period: dict[str, Any] | str | None = None,
    *,
    unit: Any = None,
    amount: Any = None,
    calendar: Calendar | None = None,
    output: Literal["numpy", "pandas", "arrow", "polars"] = "numpy",
    messages: bool = False,
    threads: int | Literal["all"] | None = None,
) -> Any:
    """``calendar.deadline`` per row of a columnar batch: one ``period`` for
    every start, or each row's own ``unit`` and ``amount`` columns (or one
    table with columns ``start``, ``unit``, ``amount``).

    - ``start``: timestamps — Arrow ``timestamp`` of any unit without a time
      zone, ``datetime64`` of any unit (finer units floored to the second),
      naive ``datetime`` objects, ``YYYY-MM-DDTHH:MM[:SS]`` text read exactly
      as the JSON contract reads it (any other text is that row's
      ``invalid_date``), dates (their first second) or integer seconds since
      1970-01-01T00:00 (:data:`NO_TIMESTAMP` for missing). A missing start is
      ``missing_field``; time-zone-aware timestamps raise ``TypeError``.
    - ``unit``: ``minutes``, ``hours``, ``days``, ``working_days`` (or their
      numbers 1–4); missing is ``missing_field``, another code
      ``unknown_field``. ``amount``: whole numbers; missing is
      ``missing_field``, out of range or not whole ``invalid_value``.

    Returns the :data:`DEADLINE_COLUMNS` (plus ``message`` with
    ``messages=True``: the core's message, naming the column) in the
    ``output`` form; deadlines are ``timestamp[s]`` / ``datetime64[s]``.
    Raises :class:`wangshi.RequestError` for a bad ``period`` or columns of
    different lengths. ``threads`` as for :func:`visit_status_batch`."""

# ---------------------------------------------------------------- handling

@final
class HandlingPolicy:
    """A validated case-handling policy (事件处置闭环): the steps, their
    start and end events and periods, ``max_extensions``, the court's
    extension and the supervision thresholds. Immutable; share one across
    threads. ``HandlingPolicy()`` is the embedded default."""

    def __init__(self) -> None:
        """The embedded default policy."""
    @staticmethod
    def default() -> HandlingPolicy:
        """The embedded default policy."""
    @staticmethod
    def from_json(text: str) -> HandlingPolicy:
        """Parse and validate a policy from JSON text. Raises
        :class:`wangshi.RulesError` (``invalid_policy`` with a ``path``)."""
    @staticmethod
    def from_dict(data: dict[str, Any]) -> HandlingPolicy:
        """Validate a policy given as a dict of the JSON shape."""
    def to_dict(self) -> dict[str, Any]:
        """The policy as a dict."""
    def to_json(self) -> str:
        """The policy as JSON text."""
    @property
    def version(self) -> str:
        """The version label."""
    @property
    def stamp(self) -> dict[str, str]:
        """The audit stamp ``{"version", "sha256"}``, exactly what a response
        decided by this policy carries in ``stamp.data.handling``."""
    @property
    def max_extensions(self) -> int:
        """How often a resolve step may be extended."""
    def timeline(
        self,
        case: dict[str, Any],
        events: Sequence[dict[str, Any]],
        as_of: _Timestamp,
        *,
        calendar: Calendar | None = None,
        rules: TriageRules | dict[str, Any] | None = None,
        catalog: Catalog | dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``case.timeline`` of one case on this policy and ``calendar``:
        ``case`` and ``events`` in the JSON shape (``datetime`` values are
        timestamps), ``as_of`` a naive ``datetime`` or timestamp text.
        Returns the op's result (``decision``, ``state``, ``steps``,
        ``open``, ``supervision`` …); raises :class:`wangshi.RequestError`
        (``invalid_event`` at ``events[i]`` …) for a bad case."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def supervise_batch(
    step: Any,
    started: Any = None,
    as_of: _Timestamp | None = None,
    *,
    case_class: Any = None,
    level: Any = None,
    immediate_report: Any = None,
    report_within_minutes: Any = None,
    extended: Any = None,
    policy: HandlingPolicy | None = None,
    calendar: Calendar | None = None,
    output: Literal["numpy", "pandas", "arrow", "polars"] = "numpy",
    messages: bool = False,
    threads: int | Literal["all"] | None = None,
) -> Any:
    """``case.supervise`` (the morning sweep, 监督问效) per open step of a
    columnar batch, or of one table with columns ``step``, ``started``,
    ``class`` (or ``case_class``, as :func:`classify_batch` names it),
    ``level``, ``immediate_report``, ``report_within_minutes``?,
    ``extended``?.

    - ``step``, ``case_class``, ``level``: codes (or their vocabulary
      numbers); missing is ``missing_field``, another code ``invalid_value``.
    - ``started``: timestamps, as for :func:`deadline_batch`.
    - ``immediate_report``: booleans (0 and 1 count); missing is
      ``missing_field``. ``report_within_minutes``: whole numbers from 1
      (missing: the default triage rules'). ``extended``: whole numbers
      from 0 (missing: not extended).

    Returns the :data:`SUPERVISE_COLUMNS` (``deadline``, ``seconds_left``,
    ``supervision``: ``on_track`` … ``accountability``, ``provisional``,
    ``error``; plus ``message`` with ``messages=True``) in the ``output``
    form; an error row's ``seconds_left`` is 0 in the numpy and pandas
    forms (null in the Arrow forms) and its ``deadline`` NaT. Raises :class:`wangshi.DateError` for a bad ``as_of``.
    ``threads`` as for :func:`visit_status_batch`."""

# ---------------------------------------------------------------- completion

def completion_batch(
    residents: Any,
    visits: Any,
    start: datetime.date | str,
    end: datetime.date | str,
    *,
    policy: VisitPolicy | None = None,
    output: Literal["numpy", "pandas", "arrow", "polars"] = "numpy",
    threads: int | Literal["all"] | None = None,
) -> dict[str, Any]:
    """``visit.completion`` (每月一考核 走访完成率) over ``[start, end]`` of a
    residents table and a separate visits table, each a DataFrame, pyarrow
    Table, DuckDB result or dict of columns.

    - ``residents``: ``tier``, ``tier_since`` (as for
      :func:`visit_status_batch`), ``worker`` and ``grid`` (optional ids; a
      blank id is no group), ``id`` (optional; needed when the visits name
      residents by id).
    - ``visits``, in any order, repeats allowed: ``resident`` (the
      resident's id — text, or a whole number when the ``id`` column holds
      numbers — or, when the ids are text or absent, a number is the
      resident's row number in ``residents``) and ``day`` (dates;
      a bad day is its resident's ``invalid_date``). A visit naming no
      resident is an orphan, counted and otherwise ignored.

    Returns ``{"residents": frame of COMPLETION_COLUMNS (required, met,
    error), "by_worker", "by_grid", "by_tier": frames (key, residents,
    required, met, rate), "total": {"residents", "required", "met",
    "rate"}, "error_rows", "orphan_visits", "first_orphan"}``; frames in the
    ``output`` form, rates rounded half-even to 4 decimals (NaN / null when
    nothing was required), groups in code-point order of their ids. Raises
    :class:`wangshi.RequestError` (``invalid_value`` at ``residents.id``)
    when visits name residents by an id given twice. ``threads`` as for
    :func:`visit_status_batch` (the groups and totals do not depend on it)."""
