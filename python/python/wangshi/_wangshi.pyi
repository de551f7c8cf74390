"""The native half of wangshi (Rust, pyo3). Import from ``wangshi``."""

import datetime
from collections.abc import Sequence
from typing import Any, ClassVar, Final, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "CaseRouter",
    "Catalog",
    "Category",
    "Decision",
    "GridIssue",
    "GridReport",
    "Item",
    "Mediation",
    "TriageRules",
    "Whistle",
    "_FLAG_NAMES",
    "_classify_batch",
    "_match_strings",
    "_names_column",
    "grid_size",
    "validate_community",
    "Tier",
    "VisitPolicy",
    "VisitStatus",
    "_ERROR_NAMES",
    "__version__",
    "_time_core_visit_batch",
    "_visit_status_batch",
    "evaluate",
    "evaluate_json",
    "ops",
]
__version__: Final[str]
"""The package version, taken from the crate's Cargo.toml."""

_ERROR_NAMES: Final[list[str]]
"""Every error code, indexed by its number; index 0 (no error) is ``""``."""

_FLAG_NAMES: Final[list[str]]
"""The case flags in bit order."""

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

def _visit_status_batch(
    policy: VisitPolicy,
    as_of: datetime.date | str,
    tier: npt.NDArray[np.integer[Any]],
    tier_lookup: npt.NDArray[np.uint8] | None,
    tier_since: npt.NDArray[np.int32] | npt.NDArray[np.int64],
    since_valid: npt.NDArray[np.uint8] | None,
    since_offset: int,
    last_visit: npt.NDArray[np.int32] | npt.NDArray[np.int64],
    last_valid: npt.NDArray[np.uint8] | None,
    last_offset: int,
    layout: str,
    since_per_day: int = 1,
    last_per_day: int = 1,
) -> dict[str, Any]:
    """The raw columnar batch behind :func:`wangshi.visit_status_batch`.

    ``tier``: tier indices (no lookup; outside 0..254 unknown) or codes
    into ``tier_lookup`` (code -> tier index, 255 unknown; negative code =
    missing). Day columns: int32 with ``NO_DATE`` or int64 with NaT for
    missing, optionally with an Arrow validity bitmap starting at bit
    ``*_offset``; int64 values count ``*_per_day`` units per day (a
    ``datetime64[ns]`` column viewed as int64) and are floored to the day. ``layout``: ``"codes"``, ``"arrow"`` (dictionary indices
    and ``*_valid`` bitmaps), ``"datetime64[D]"`` or ``"pandas"`` (``datetime64[s]`` dates and
    Categorical codes, -1 for none).
    Returns the result columns by name."""

def _time_core_visit_batch(
    policy: VisitPolicy,
    as_of: datetime.date | str,
    tier: npt.NDArray[np.uint8],
    tier_since: npt.NDArray[np.int32],
    last_visit: npt.NDArray[np.int32],
    repeats: int,
    fresh_outputs: bool = False,
) -> list[float]:
    """Seconds the Rust core's ``visit_status_batch`` alone takes, per
    repeat, on already-converted columns (the benchmark's baselines); with
    ``fresh_outputs`` each repeat also allocates its output columns."""

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
        parties: int = 1,
        repeat_count: int = 0,
        amount: float = 0.0,
        flags: Sequence[str] = ...,
        id: str = ...,
    ) -> Decision:
        """``case.classify`` for one case (see :func:`wangshi.classify`)."""

def _classify_batch(
    router: CaseRouter,
    item: npt.NDArray[np.int64],
    item_lookup: npt.NDArray[np.uint32],
    reported_on: npt.NDArray[np.int32] | npt.NDArray[np.int64],
    reported_valid: npt.NDArray[np.uint8] | None,
    reported_offset: int,
    flags: npt.NDArray[np.uint16],
    parties: npt.NDArray[np.int32],
    repeat_count: npt.NDArray[np.int32],
    amount: npt.NDArray[np.float64],
    reported_per_day: int = 1,
) -> dict[str, Any]:
    """The raw columnar classification behind :func:`wangshi.classify_batch`.

    Reads the arrays with the GIL released: hold them read-only meanwhile
    (``wangshi._readonly.read_only``), as ``classify_batch`` does."""

def _match_strings(
    offsets: npt.NDArray[np.int32] | npt.NDArray[np.int64],
    data: npt.NDArray[np.uint8],
    valid: npt.NDArray[np.uint8] | None,
    offset: int,
    vocabulary: list[str],
) -> npt.NDArray[np.int8]:
    """The index in ``vocabulary`` (at most 127 codes) of each string of an Arrow string array
    given as its buffers; -1 for a null, ``len(vocabulary)`` for a string
    not in it."""

def _names_column(codes: npt.NDArray[np.uint8], names: Sequence[object]) -> npt.NDArray[np.object_]:
    """``names[code]`` for each code as an object array sharing the objects;
    ``ValueError`` for a code past ``names``."""
