"""Where one account stands now, computed live with the analysis package: its stated
timeframe against actual (or elapsed) time to first value, and its health in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

from analysis.health import assign_health
from analysis.ttfv import first_value_table
from surveyapp.accounts.models import Account
from surveyapp.events.models import MilestoneEvent
from surveyapp.insights.health import (
    APPROACHING,
    BENCHMARK_DAYS,
    NO_CLOCK,
    churn_reason,
    days_between,
    health_reason,
)


@dataclass(frozen=True)
class Progress:
    status: str
    reason: str
    reached: bool = False
    #: Days to first value, or days elapsed while waiting.
    days: float | None = None
    expected_days: float | None = None
    #: Whether the customer stated the timeframe (else the benchmark applies).
    stated: bool = False
    first_value_at: datetime | None = None
    #: When the timeframe ends (start + expected days).
    deadline_at: datetime | None = None
    #: When the account churned, if it has, and on which day of its value clock.
    churned_at: datetime | None = None
    churn_day: float | None = None


def account_progress(
    account: Account,
    stated_days: float | None,
    events: Sequence[MilestoneEvent],
    first_value_keys: Sequence[str],
    now: datetime,
) -> Progress:
    """The account's first value, timeframe and health at ``now``.

    assign_health calls an account that churned before value red; here any account that has
    churned is "churned" instead (as on the lists: nobody is left to save), with its reason.
    """
    if account.start_at is None or account.start_at > now or not first_value_keys:
        return Progress("unknown", str(NO_CLOCK))
    accounts = pd.DataFrame(
        {
            "account_id": [account.id],
            "start_at": [account.start_at],
            "expected_days": [stated_days],
            "churned_at": [account.churned_at],
        }
    )
    milestones = pd.DataFrame(
        [(event.account_id, event.milestone_key, event.occurred_at) for event in events],
        columns=["account_id", "milestone", "occurred_at"],
    )
    table = first_value_table(accounts, milestones, first_value_keys, as_of=now)
    row = assign_health(table, approaching=APPROACHING, benchmark_days=BENCHMARK_DAYS).iloc[0]
    reached, days, expected = (
        bool(row["reached"]),
        float(row["ttfv_days"]),
        float(row["expected_days"]),
    )
    stated = stated_days is not None
    churned = account.churned_at is not None and account.churned_at <= now
    churn_day = None
    if churned:
        status = "churned"
        churn_day = days_between(account.start_at, account.churned_at)
        reason = churn_reason(churn_day, days if reached else None, expected, stated)
    else:
        status = str(row["status"])
        reason = health_reason(status, reached, days, expected, stated)
    return Progress(
        status=status,
        reason=reason,
        reached=reached,
        days=days,
        expected_days=expected,
        stated=stated,
        first_value_at=row["first_value_at"].floor("us").to_pydatetime() if reached else None,
        deadline_at=account.start_at + timedelta(days=expected),
        churned_at=account.churned_at if churned else None,
        churn_day=churn_day,
    )
