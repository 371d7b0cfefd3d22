"""The at-risk list as CSV: the CS team's work list, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from surveyapp.insights.health import row_reason
from surveyapp.insights.listing import AccountRow

COLUMNS = [
    "account_id",
    "account_name",
    "segment",
    "plan",
    "cs_owner",
    "health",
    "reason",
    "start_date",
    "expected_days",
    "first_value_at",
    "expected_outcome",
]
#: A cell starting with one of these runs as a formula in spreadsheet programs; customers
#: write the expected outcome, so such cells get a leading apostrophe (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def at_risk_csv(rows: Iterable[AccountRow], now: datetime) -> tuple[str, int]:
    """The CSV text and how many accounts it holds."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in _values(row, now)])
        count += 1
    return buffer.getvalue(), count


def _values(row: AccountRow, now: datetime) -> list[object]:
    account, insight = row.account, row.insight
    return [
        account.external_id,
        account.name or "",
        account.segment or "",
        account.plan or "",
        account.csm_owner or "",
        row.health,
        row_reason(row.health, account.start_at, insight, now),
        account.start_at.date().isoformat() if account.start_at else "",
        f"{insight.expected_days:g}" if insight and insight.expected_days else "",
        insight.first_value_at.isoformat() if insight and insight.first_value_at else "",
        insight.expected_outcome or "" if insight else "",
    ]


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
