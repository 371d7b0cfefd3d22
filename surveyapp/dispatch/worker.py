"""The embedded worker: one pass schedules invitations and sends everything due;
`surveyapp worker` repeats it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.queries import due_count
from surveyapp.dispatch.sender import SendReport, send_due
from surveyapp.journeys.scheduler import schedule_due

#: Messages per send_due call; between calls the worker can notice a shutdown request.
BATCH = 500
OUTCOMES = ("sent", "retried", "failed", "bounced", "cancelled", "lost_leases")


def run_once(now: datetime | None = None, stop: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Create the invitations the journey rules ask for, then send every message due at
    ``now``; what was done, by outcome.

    ``waiting`` counts due messages left in the outbox: all of them when no SMTP server is
    configured, or those left for a later pass (a connection failure, a shutdown).
    """
    totals: dict[str, Any] = dict.fromkeys(OUTCOMES, 0)
    totals["errors"] = []
    totals["invited"] = schedule_due(now or utcnow())  # commits per survey
    while True:
        report = send_due(now=now, limit=BATCH, stop=stop)
        _add(totals, report)
        if not report.smtp_configured or report.errors or report.handled < BATCH:
            break
        if stop is not None and stop():
            break
    totals["smtp_configured"] = report.smtp_configured
    totals["waiting"] = due_count(now or utcnow())
    db.session.commit()  # end the reading transaction: SQLite's write lock is not held idle
    return totals


def _add(totals: dict[str, Any], report: SendReport) -> None:
    for name in OUTCOMES:
        totals[name] += getattr(report, name)
    totals["errors"].extend(report.errors)
