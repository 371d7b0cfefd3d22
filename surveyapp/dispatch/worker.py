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
    """Create the invitations the journey rules ask for and send every message due at
    ``now``, a scheduling pass at a time (the mail of one pass goes out before the next pass
    reads on), until a pass creates none; what was done, by outcome.

    ``waiting`` counts due messages left in the outbox: all of them when no SMTP server is
    configured, or those left for a later pass (a connection failure, a shutdown).
    """
    totals: dict[str, Any] = dict.fromkeys(OUTCOMES, 0)
    totals["errors"] = []
    totals["invited"] = 0
    while True:
        invited = schedule_due(now or utcnow())  # commits per survey
        totals["invited"] += invited
        report = _send_due(totals, now, stop)
        if not invited or report.errors or (stop is not None and stop()):
            break
    totals["smtp_configured"] = report.smtp_configured
    totals["waiting"] = due_count(now or utcnow())
    db.session.commit()  # end the reading transaction: SQLite's write lock is not held idle
    return totals


def _send_due(
    totals: dict[str, Any], now: datetime | None, stop: Callable[[], bool] | None
) -> SendReport:
    """Send everything due, BATCH messages a call; the last call's report."""
    while True:
        report = send_due(now=now, limit=BATCH, stop=stop)
        _add(totals, report)
        if not report.smtp_configured or report.errors or report.handled < BATCH:
            return report
        if stop is not None and stop():
            return report


def _add(totals: dict[str, Any], report: SendReport) -> None:
    for name in OUTCOMES:
        totals[name] += getattr(report, name)
    totals["errors"].extend(report.errors)
