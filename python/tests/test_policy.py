"""The typed visit API: `VisitPolicy`, `Tier`, `VisitStatus`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import wangshi

D = dt.date


def test_default_policy_has_four_tiers_least_to_most_severe() -> None:
    p = wangshi.VisitPolicy()
    assert [t.code for t in p.tiers] == ["green", "blue", "orange", "red"]
    assert [t.cadence for t in p.tiers] == ["monthly", "semi_monthly", "weekly", "daily"]
    assert [t.reminder_days for t in p.tiers] == [5, 3, 2, 0]
    assert [t.escalate_after_missed for t in p.tiers] == [3, 2, 2, 1]
    assert p.tiers[0].name_zh and p.tiers[0].name_en
    assert p.tiers[0].every_days is None
    assert p == wangshi.VisitPolicy.default()
    assert [p.tier_index(c) for c in ("green", "red", "purple")] == [0, 3, None]


def test_policy_round_trips_through_dict_and_json() -> None:
    p = wangshi.VisitPolicy()
    assert wangshi.VisitPolicy.from_dict(p.to_dict()) == p
    assert wangshi.VisitPolicy.from_json(p.to_json()) == p
    assert json.loads(p.to_json()) == p.to_dict()
    assert p.version == p.to_dict()["version"]


def test_rolling_policy_from_dict() -> None:
    p = wangshi.VisitPolicy.from_dict(
        {"tiers": [{"code": "monthly30", "cadence": {"every_days": 30}, "reminder_days": 5, "escalate_after_missed": 2}]}
    )
    (t,) = p.tiers
    assert (t.code, t.cadence, t.every_days) == ("monthly30", "every_days", 30)
    assert t.name_en == "monthly30"  # names default to the code
    s = p.status("monthly30", D(2026, 1, 1), D(2026, 3, 15), last_visit=D(2026, 1, 20))
    assert (s.state, s.due, s.days_left, s.missed_periods, s.alert) == ("overdue", D(2026, 2, 19), -24, 1, "warning")
    assert s.period_start is None and s.period_end is None
    assert p != wangshi.VisitPolicy()


@pytest.mark.parametrize(
    ("text", "cls", "code", "path"),
    [
        pytest.param("{", wangshi.RequestError, "invalid_json", None, id="not json"),
        pytest.param('{"tiers": []}', wangshi.RulesError, "invalid_policy", "tiers", id="no tiers"),
        pytest.param(
            '{"tiers": [{"code": "x", "cadence": "hourly", "reminder_days": 0, "escalate_after_missed": 1}]}',
            wangshi.RulesError, "invalid_policy", "tiers[0].cadence", id="unknown cadence",
        ),
        pytest.param(
            '{"tiers": [{"code": "x", "cadence": "weekly", "reminder_days": 7, "escalate_after_missed": 1}]}',
            wangshi.RulesError, "invalid_policy", "tiers[0].reminder_days", id="reminder too long",
        ),
        pytest.param('{"tiers": [], "colour": 1}', wangshi.RequestError, "unknown_field", "colour", id="unknown field"),
    ],
)
def test_invalid_policies_are_rejected_with_a_path(text: str, cls: type[wangshi.WangshiError], code: str, path: str | None) -> None:
    with pytest.raises(cls) as info:
        wangshi.VisitPolicy.from_json(text)
    assert info.value.code == code
    if path is not None:
        assert info.value.path == path


@pytest.mark.parametrize(
    ("tier", "since", "last", "as_of", "state", "due", "missed", "alert"),
    [
        pytest.param("green", D(2026, 1, 5), D(2026, 11, 3), D(2026, 11, 26), "done", D(2026, 12, 31), 0, None, id="green visited this month is done"),
        pytest.param("green", D(2026, 1, 5), D(2026, 10, 30), D(2026, 11, 26), "due_soon", D(2026, 11, 30), 0, "reminder", id="green reminder window"),
        pytest.param("green", D(2026, 1, 5), None, D(2026, 11, 26), "overdue", D(2026, 11, 30), 9, "escalation", id="green never visited"),
        pytest.param("blue", D(2026, 6, 1), D(2026, 11, 1), D(2026, 11, 15), "done", D(2026, 11, 30), 0, None, id="blue first half"),
        pytest.param("orange", D(2026, 9, 1), D(2026, 11, 8), D(2026, 11, 26), "overdue", D(2026, 11, 29), 2, "escalation", id="orange two weeks missed"),
        pytest.param("red", D(2026, 11, 26), None, D(2026, 11, 26), "pending", D(2026, 11, 27), 0, None, id="red grace day"),
    ],
)
def test_status_of_one_resident(
    tier: str, since: dt.date, last: dt.date | None, as_of: dt.date, state: str, due: dt.date, missed: int, alert: str | None
) -> None:
    s = wangshi.VisitPolicy().status(tier, since, as_of, last_visit=last)
    assert (s.state, s.due, s.missed_periods, s.alert) == (state, due, missed, alert)
    assert s.days_left == (due - as_of).days
    assert isinstance(s.period_start, dt.date) and isinstance(s.period_end, dt.date)
    assert s.period_start <= as_of <= s.period_end


def test_status_accepts_iso_strings_and_equals_the_date_form() -> None:
    p = wangshi.VisitPolicy()
    a = p.status("orange", "2026-09-01", "2026-11-26", last_visit="2026-11-08")
    b = p.status("orange", D(2026, 9, 1), D(2026, 11, 26), last_visit=D(2026, 11, 8))
    assert a == b and hash(a) == hash(b)
    assert repr(a) == (
        "VisitStatus(state='overdue', period_start='2026-11-23', period_end='2026-11-29', "
        "due='2026-11-29', days_left=3, missed_periods=2, alert='escalation')"
    )


def test_status_matches_evaluate() -> None:
    p = wangshi.VisitPolicy()
    s = p.status("blue", D(2026, 6, 1), D(2026, 11, 15), last_visit=D(2026, 10, 10))
    r = wangshi.evaluate({"op": "visit.status", "as_of": "2026-11-15", "residents": [
        {"id": "x", "tier": "blue", "tier_since": "2026-06-01", "last_visit": "2026-10-10"}]})["results"][0]
    assert r["state"] == s.state and r["due"] == s.due.isoformat() and r["missed_periods"] == s.missed_periods
    assert r["alert"] == s.alert and r["days_left"] == s.days_left


def test_status_rejects_datetimes_and_other_types() -> None:
    p = wangshi.VisitPolicy()
    with pytest.raises(TypeError, match="not a datetime"):
        p.status("green", dt.datetime(2026, 1, 5, 12), D(2026, 11, 26))
    with pytest.raises(TypeError, match="datetime.date or a YYYY-MM-DD string"):
        p.status("green", 20_000, D(2026, 11, 26))  # type: ignore[arg-type]


def test_status_rejects_dates_outside_the_supported_years() -> None:
    with pytest.raises(wangshi.DateError) as info:
        wangshi.VisitPolicy().status("green", D(1899, 12, 31), D(2026, 11, 26))
    assert info.value.path == "tier_since"


def test_suggest_tier() -> None:
    p = wangshi.VisitPolicy()
    assert p.suggest_tier(["elderly_alone", "community_correction", "released_prisoner"]) == (
        "orange", ["community_correction", "released_prisoner"])
    assert p.suggest_tier([]) == ("green", [])
    with pytest.raises(wangshi.RequestError) as info:
        p.suggest_tier(["alien"])
    assert (info.value.code, info.value.path) == ("invalid_value", "tags[0]")
    with pytest.raises(TypeError):
        p.suggest_tier("key_petitioner")


def test_classes_are_immutable_and_policies_unhashable() -> None:
    p = wangshi.VisitPolicy()
    with pytest.raises(AttributeError):
        p.tiers[0].code = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(p)
    assert repr(p) == f"VisitPolicy(version='{p.version}', tiers=['green', 'blue', 'orange', 'red'])"
    assert repr(p.tiers[3]) == "Tier(code='red', cadence='daily', reminder_days=0, escalate_after_missed=1)"
    assert {p.tiers[0], p.tiers[0]} == {p.tiers[0]}
