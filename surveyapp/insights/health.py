"""Health in SQL (to filter 100,000 accounts) and in words (for the rows on the page).

The status rules are those of :func:`analysis.health.assign_health` (same thresholds; a test
checks both agree on the demo study). The refresh stores when each account turns yellow and
red, so the status at any moment is a comparison with the clock that an index can serve; it
is "as of the refresh": facts that arrive later count from the next one.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from surveyapp.core.i18n import local_number
from surveyapp.insights.models import AccountInsight

#: assign_health's defaults: the team's TTFV benchmark for customers who stated no
#: timeframe, and the share of the timeframe after which a waiting account turns yellow.
BENCHMARK_DAYS = 60.0
APPROACHING = 0.8

STATUSES = ("red", "yellow", "green", "churned", "unknown")
#: The at-risk list: red and yellow.
AT_RISK = "at_risk"
STATUS_LABELS = {
    "red": _l("Red"),
    "yellow": _l("Yellow"),
    "green": _l("Green"),
    # Left before (or after) first value: nothing left to save, so not on the at-risk list.
    "churned": _l("Churned"),
    "unknown": _l("Not known"),
}


def health_condition(status: str, now: datetime) -> sa.ColumnElement[bool]:
    """SQL for accounts in ``status`` at ``now`` (the query outer-joins AccountInsight).

    Only "unknown" reads the accounts table (accounts the last refresh has not seen);
    the others compare stored moments with the clock, which their indexes serve.
    """
    insight = AccountInsight
    not_red = sa.or_(insight.red_from.is_(None), insight.red_from >= now)
    conditions = {
        "red": insight.red_from < now,
        "yellow": sa.and_(insight.yellow_from <= now, not_red),
        "green": sa.and_(
            insight.health_known,
            sa.or_(insight.yellow_from.is_(None), insight.yellow_from > now),
            not_red,
            insight.churned_at.is_(None),
        ),
        # The refresh stores only churn dates that had passed, and no yellow or red moment
        # for those accounts, so churned accounts are never red, yellow or at risk.
        "churned": sa.and_(insight.health_known, insight.churned_at.is_not(None)),
        "unknown": sa.or_(insight.account_id.is_(None), sa.not_(insight.health_known)),
        # Red accounts turned yellow first, so this is "red or yellow", on one index.
        AT_RISK: insight.yellow_from <= now,
    }
    return conditions[status]


def status_at(insight: AccountInsight | None, now: datetime) -> str:
    """The same rule as health_condition, for one loaded row."""
    if insight is None or not insight.health_known:
        return "unknown"
    if insight.churned_at is not None:
        return "churned"
    if insight.red_from is not None and insight.red_from < now:
        return "red"
    if insight.yellow_from is not None and insight.yellow_from <= now:
        return "yellow"
    return "green"


#: (case, stated by the customer?) -> why, in words; the cases are assign_health's.
REASONS = {
    ("on_time", True): _l(
        "Reached first value on day %(day)s, within the %(expected)s days they expected."
    ),
    ("on_time", False): _l(
        "Reached first value on day %(day)s, within the %(expected)s-day benchmark."
    ),
    ("late", True): _l(
        "Reached first value on day %(day)s, %(late)s days later than the %(expected)s days "
        "they expected."
    ),
    ("late", False): _l(
        "Reached first value on day %(day)s, %(late)s days later than the %(expected)s-day "
        "benchmark."
    ),
    ("passed", True): _l(
        "No first value after %(day)s days: the %(expected)s days they expected have passed."
    ),
    ("passed", False): _l(
        "No first value after %(day)s days: the %(expected)s-day benchmark has passed."
    ),
    ("approaching", True): _l(
        "No first value yet on day %(day)s, approaching the %(expected)s days they expected."
    ),
    ("approaching", False): _l(
        "No first value yet on day %(day)s, approaching the %(expected)s-day benchmark."
    ),
    ("on_track", True): _l("On track: day %(day)s of the %(expected)s days they expected."),
    ("on_track", False): _l("On track: day %(day)s of the %(expected)s-day benchmark."),
}
NO_CLOCK = _l("No start date is known, so the value clock has not started.")
CHURN_REASONS = {
    (False, True): _l(
        "Churned on day %(day)s without reaching first value; they expected it within "
        "%(expected)s days."
    ),
    (False, False): _l(
        "Churned on day %(day)s without reaching first value (the benchmark is %(expected)s days)."
    ),
    (True, True): _l("Churned on day %(day)s, after reaching first value on day %(value_day)s."),
}
CHURN_REASONS[(True, False)] = CHURN_REASONS[(True, True)]


def health_reason(status: str, reached: bool, days: float, expected: float, stated: bool) -> str:
    """Why an account has its status, in the viewer's language and digits."""
    if status == "unknown":
        return str(NO_CLOCK)
    if reached:
        case = "on_time" if days <= expected else "late"
    else:
        case = {"red": "passed", "yellow": "approaching"}.get(status, "on_track")
    numbers = {
        "day": local_number(round(days)),
        "expected": local_number(round(expected)),
        "late": local_number(round(days - expected)),
    }
    return str(REASONS[(case, stated)]) % numbers


def churn_reason(churn_day: float, value_day: float | None, expected: float, stated: bool) -> str:
    """Why a churned account is "churned": when it left, and whether value came first."""
    numbers = {
        "day": local_number(round(churn_day)),
        "value_day": local_number(round(value_day or 0)),
        "expected": local_number(round(expected)),
    }
    return str(CHURN_REASONS[(value_day is not None, stated)]) % numbers


def row_reason(
    status: str, start_at: datetime | None, insight: AccountInsight | None, now: datetime
) -> str:
    """The reason for a listed account, from its stored facts."""
    if status == "unknown" or start_at is None or insight is None:
        return str(NO_CLOCK)
    expected = insight.expected_days or BENCHMARK_DAYS
    stated = insight.expected_days is not None
    if status == "churned" and insight.churned_at is not None:
        value_at = insight.first_value_at
        value_day = days_between(start_at, value_at) if value_at else None
        return churn_reason(days_between(start_at, insight.churned_at), value_day, expected, stated)
    reached = insight.first_value_at is not None
    days = days_between(start_at, insight.first_value_at if reached else now)
    return health_reason(status, reached, days, expected, stated)


def days_between(start_at: datetime, until: datetime | None) -> float:
    """Days from ``start_at`` to ``until`` (0 if earlier, or if there is no ``until``)."""
    return max(((until or start_at) - start_at).total_seconds() / 86400, 0.0)
