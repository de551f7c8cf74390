"""The exceptions of wangshi: one base, :class:`WangshiError`, carrying the
stable ``code`` of the JSON contract, and one subclass per category of
codes. The category of each code comes from the core (``ErrorCode::kind``);
this module only names a class for each category. Every category but
``internal`` is bad input, so its class is also a ``ValueError``."""

from __future__ import annotations

__all__ = [
    "WangshiError",
    "RequestError",
    "DateError",
    "ResidentError",
    "ItemError",
    "RulesError",
    "InternalError",
]


class WangshiError(Exception):
    """Base of every wangshi error.

    ``code`` is the stable snake_case code (``invalid_date``,
    ``unknown_tier``, ...), ``message`` says what was wrong, and ``path``
    points into the request or argument where that is known
    (``residents[3].last_visit``), else ``None``.
    """

    code: str
    message: str
    path: str | None

    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        super().__init__(code, message, path)
        self.code = code
        self.message = message
        self.path = path

    def __str__(self) -> str:
        if self.path:
            return f"{self.code} at {self.path}: {self.message}"
        return f"{self.code}: {self.message}"


class RequestError(WangshiError, ValueError):
    """The request is malformed (category ``request``): not JSON, an
    unknown op or field, a missing field, a value of the wrong type or
    outside its domain, an empty date range, events out of order."""


class DateError(WangshiError, ValueError):
    """A date is malformed, does not exist or lies outside 1900–2199
    (category ``date``)."""


class ResidentError(WangshiError, ValueError):
    """A resident cannot be evaluated (category ``resident``): an unknown
    tier, dates after ``as_of``."""


class ItemError(WangshiError, ValueError):
    """A task item is unknown, not in force, or cannot leave the catalogue
    yet (category ``item``)."""


class RulesError(WangshiError, ValueError):
    """Rules given as data — a policy, catalogue, rule set or calendar —
    are inconsistent (category ``rules``)."""


class InternalError(WangshiError):
    """The library failed internally (category ``internal``): a bug caught
    at its boundary, not bad input. Please report it with the request."""


_BY_KIND: dict[str, type[WangshiError]] = {
    "request": RequestError,
    "date": DateError,
    "resident": ResidentError,
    "item": ItemError,
    "rules": RulesError,
    "internal": InternalError,
}


def _error_for(code: str, message: str, path: str | None, kind: str) -> WangshiError:
    """The exception for a core error of category ``kind`` (called by the
    native module)."""
    return _BY_KIND.get(kind, WangshiError)(code, message, path)
