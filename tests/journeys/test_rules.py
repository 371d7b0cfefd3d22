"""Journey rule decisions: due times in the contact's hours, samples, who may be asked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from surveyapp.accounts.models import Contact
from surveyapp.journeys.rules import due_time, in_sample, why_not_invite
from surveyapp.surveys.models import Survey
from surveyapp.surveys.rules import JourneyRule, RuleError, parse_hours


def survey(**rule: object) -> Survey:
    return Survey(key="s", **{"delay_days": 0, "sample_percent": 100, **rule})


def test_delay_and_sending_hours_in_the_contact_time_zone() -> None:
    rule = survey(delay_days=2, send_hour_start=9, send_hour_end=17)
    tehran = Contact(timezone="Asia/Tehran")  # UTC+3:30
    # 2 days after 2026-03-01 20:00 UTC is 03-03 20:00 UTC = 23:30 in Tehran: wait for 9:00.
    due = due_time(rule, datetime(2026, 3, 1, 20, 0, tzinfo=UTC), tehran)
    assert due == datetime(2026, 3, 4, 5, 30, tzinfo=UTC)
    # Within the hours: unchanged. Unknown zone: UTC.
    inside = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)  # 9:30 in Tehran
    assert due_time(survey(send_hour_start=9, send_hour_end=17), inside, tehran) == inside
    nowhere = Contact(timezone="Nowhere/Land")
    assert due_time(survey(send_hour_start=9, send_hour_end=17), inside, nowhere).hour == 9


def test_overnight_sending_window() -> None:
    night = survey(send_hour_start=22, send_hour_end=6)
    utc = Contact(timezone="UTC")
    late = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    assert due_time(night, late, utc) == late
    noon = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert due_time(night, noon, utc) == datetime(2026, 3, 1, 22, 0, tzinfo=UTC)


def test_sample_is_deterministic_and_near_its_percentage() -> None:
    half = survey(sample_percent=50)
    contacts = [Contact(id=i) for i in range(2000)]
    chosen = [in_sample(half, c) for c in contacts]
    assert chosen == [in_sample(half, c) for c in contacts]
    assert 900 < sum(chosen) < 1100


def test_who_may_not_be_asked() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert why_not_invite(Contact(email="a@x.example")) is None
    assert why_not_invite(Contact(email=None)) == "no_email"
    assert why_not_invite(Contact(email="a@x.example", unsubscribed_at=now)) == "unsubscribed"
    assert why_not_invite(Contact(email="a@x.example", bounced_at=now)) == "bounced"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (JourneyRule(trigger_event="a", trigger_milestone="b"), "give one trigger"),
        (JourneyRule(sample_percent=0), "sample percent"),
        (JourneyRule(send_hour_start=9), "both a start and an end"),
        (JourneyRule(send_hour_start=9, send_hour_end=25), "from 0 to 23"),
        (JourneyRule(reminder_gap_days=0), "reminder gap days must be at least 1"),
        (JourneyRule(locales="en,xx"), "locales not in the bank: xx"),
    ],
)
def test_bad_rules_are_refused(rule: JourneyRule, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        rule.check(("en", "fa"))


def test_parse_hours() -> None:
    assert parse_hours("9-17") == (9, 17)
    assert parse_hours(None) == (None, None)
    with pytest.raises(RuleError, match="START-END"):
        parse_hours("nine to five")
