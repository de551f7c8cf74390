"""The exceptions of wangshi: one base, :class:`WangshiError`, carrying the
stable ``code`` of the JSON contract, and subclasses that are also
``ValueError`` (every one of them is bad input)."""

from __future__ import annotations

__all__ = [
    "WangshiError",
    "RequestError",
    "DateError",
    "ResidentError",
    "ItemError",
    "RulesError",
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
    """The request is malformed: ``invalid_json``, ``unknown_op``,
    ``missing_field``, ``unknown_field``, ``invalid_value``, ``invalid_range``."""


class DateError(WangshiError, ValueError):
    """A date is malformed, does not exist or lies outside 1900–2199
    (``invalid_date``)."""


class ResidentError(WangshiError, ValueError):
    """A resident cannot be evaluated: ``unknown_tier``,
    ``tier_since_after_as_of``, ``visit_after_as_of``."""


class ItemError(WangshiError, ValueError):
    """A task item is unknown, not in force, or cannot leave the catalogue
    yet: ``unknown_item``, ``item_not_in_force``, ``exit_before_evaluation``,
    ``exit_not_published_before_effect``."""


class RulesError(WangshiError, ValueError):
    """Rules given as data are inconsistent: ``invalid_policy``,
    ``invalid_catalog``, ``invalid_rules``."""


_BY_CODE: dict[str, type[WangshiError]] = {
    "invalid_json": RequestError,
    "unknown_op": RequestError,
    "missing_field": RequestError,
    "unknown_field": RequestError,
    "invalid_value": RequestError,
    "invalid_range": RequestError,
    "invalid_date": DateError,
    "unknown_tier": ResidentError,
    "tier_since_after_as_of": ResidentError,
    "visit_after_as_of": ResidentError,
    "unknown_item": ItemError,
    "item_not_in_force": ItemError,
    "exit_before_evaluation": ItemError,
    "exit_not_published_before_effect": ItemError,
    "invalid_policy": RulesError,
    "invalid_catalog": RulesError,
    "invalid_rules": RulesError,
    "invalid_calendar": RulesError,
    "invalid_event": RequestError,
    "internal_error": WangshiError,
}


def _error_for(code: str, message: str, path: str | None) -> WangshiError:
    """The exception for a core error (called by the native module)."""
    return _BY_CODE.get(code, WangshiError)(code, message, path)
