"""The native half of wangshi (Rust, pyo3). Import from ``wangshi``."""

import datetime
from collections.abc import Sequence
from typing import Any, ClassVar, Final, final

import numpy as np
import numpy.typing as npt

__all__ = [
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

def evaluate(request: Any) -> Any:
    """Evaluate one request given as Python values and return its ``result``.

    ``request`` is a dict ``{"op": "<name>", ...fields}`` of dicts, lists,
    tuples, str, int, float, bool and None (``datetime.date`` is accepted and
    sent as ``YYYY-MM-DD``). Raises a :class:`wangshi.WangshiError` subclass
    carrying ``.code`` and ``.path`` when the request is bad; rows of a batch
    op that are bad carry their own ``error`` in the result instead.
    """

def evaluate_json(request: str | bytes) -> str:
    """Evaluate one request given as JSON text and return the response
    envelope as JSON text: ``{"ok": true, "result": ...}`` or
    ``{"ok": false, "error": {"code", "message", "path"}}``.

    Never raises for a bad request (malformed JSON included); raises
    ``TypeError`` only when ``request`` is neither ``str`` nor ``bytes``.
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
) -> dict[str, Any]:
    """The raw columnar batch behind :func:`wangshi.visit_status_batch`.

    ``tier``: tier indices (no lookup; outside 0..254 unknown) or codes
    into ``tier_lookup`` (code -> tier index, 255 unknown; negative code =
    missing). Day columns: int32 with ``NO_DATE`` or int64 with NaT for
    missing, optionally with an Arrow validity bitmap starting at bit
    ``*_offset``. ``layout``: ``"codes"``, ``"arrow"`` (dictionary indices
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
