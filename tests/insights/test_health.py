"""Health in SQL agrees with analysis.health, and reads as words."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from analysis.health import assign_health
from analysis.ttfv import first_value_table
from surveyapp.accounts.models import Account
from surveyapp.core.db import db, utcnow
from surveyapp.insights.frames import load_frames
from surveyapp.insights.health import APPROACHING, BENCHMARK_DAYS, health_condition, health_reason
from surveyapp.insights.models import AccountInsight


def sql_statuses(  # type: ignore[no-untyped-def]
    at, wanted=("red", "yellow", "green", "unknown")
) -> dict[int, str]:
    statuses = {}
    for status in wanted:
        query = (
            sa.select(Account.id)
            .outerjoin(AccountInsight, AccountInsight.account_id == Account.id)
            .where(health_condition(status, at))
        )
        for account_id in db.session.scalars(query):
            assert account_id not in statuses, "an account has two statuses"
            statuses[account_id] = status
    return statuses


def test_stored_moments_give_assign_health_status(study) -> None:
    for days_later in (0, 12, 40, 200):
        check_health(days_later)


def check_health(days_later: int) -> None:
    now = utcnow()
    at = now + timedelta(days=days_later)  # no new facts, only the clock moves on
    frames = load_frames(now)
    started = frames.accounts[frames.accounts["start_at"].notna()]
    table = first_value_table(started, frames.events, frames.first_value_keys, as_of=at)
    health = assign_health(table, approaching=APPROACHING, benchmark_days=BENCHMARK_DAYS)
    expected = dict(zip(health["account_id"], health["status"], strict=True))
    # The app calls every account that has churned "churned" (assign_health: red when it
    # churned before value); tests/insights/test_churn.py checks that case.
    churned = frames.accounts.loc[frames.accounts["churned_at"] <= now, "account_id"]
    expected.update({k: "churned" for k in churned if k in expected})
    statuses = sql_statuses(at, ("red", "yellow", "green", "churned", "unknown"))
    assert {k: v for k, v in statuses.items() if v != "unknown"} == expected
    if days_later == 0:
        assert {"red", "yellow", "green"} <= set(statuses.values())


def test_at_risk_is_red_or_yellow(study) -> None:
    now = utcnow()
    query = (
        sa.select(Account.id)
        .join(AccountInsight, AccountInsight.account_id == Account.id)
        .where(health_condition("at_risk", now))
    )
    at_risk = set(db.session.scalars(query))
    statuses = sql_statuses(now)
    assert at_risk == {k for k, v in statuses.items() if v in ("red", "yellow")}


@pytest.mark.parametrize(
    ("status", "reached", "days", "stated", "words"),
    [
        (
            "green",
            True,
            20,
            True,
            "Reached first value on day 20, within the 30 days they expected.",
        ),
        ("yellow", True, 41, True, "Reached first value on day 41, 11 days later than the 30 days"),
        (
            "red",
            False,
            45,
            True,
            "No first value after 45 days: the 30 days they expected have passed.",
        ),
        (
            "yellow",
            False,
            25,
            False,
            "No first value yet on day 25, approaching the 30-day benchmark.",
        ),
        ("green", False, 3, True, "On track: day 3 of the 30 days they expected."),
        ("unknown", False, 0, False, "No start date is known"),
    ],
)
def test_reasons_in_words(app, status, reached, days, stated, words) -> None:
    with app.test_request_context():
        assert words in health_reason(status, reached, days, 30, stated)
