"""The sending jobs, for Celery beat and workers (scale-out) and the in-process worker alike.

With a Redis broker, beat's tick (`surveyapp.send_due`) fans the due mail out over send
chains on a bounded number of lanes (surveyapp/core/lanes.py): each `surveyapp.send_batch`
task sends one batch and, while more is due, enqueues the next, so every worker takes part
and the queue never holds more than one send task per lane. Messages are claimed under
leases (FOR UPDATE SKIP LOCKED on PostgreSQL), so chains never send the same message.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from celery import Task
from celery.utils.log import get_task_logger
from flask import current_app

from surveyapp.core import lanes
from surveyapp.core.db import db, utcnow
from surveyapp.core.jobs import broker_redis, celery
from surveyapp.dispatch.queries import due_count
from surveyapp.dispatch.sender import send_due
from surveyapp.dispatch.worker import run_once

#: Messages one send task sends before handing on to the next task of its chain.
BATCH = 200
#: Most send chains at once: more than the workers can run only queue up.
LANES = 8
#: Allowed messages per minute that make one lane worth it under a rate limit (a lane sends
#: about ten a second to a remote server; more lanes would only wait for each other's turn).
RATE_PER_LANE = 600

logger = get_task_logger(__name__)


@celery.task(name="surveyapp.send_due")
def send_due_task() -> dict[str, Any]:
    """Beat's tick: start send chains for the due mail; without a Redis broker (eager runs,
    another broker), send it all here."""
    client = broker_redis()
    if client is None:
        return run_once()
    return {"chains": start_sending()}


def start_sending() -> int:
    """Start a send chain on each free lane the due mail needs; how many started. Call it
    after the commit that queued the mail."""
    client = broker_redis()
    if client is None or not current_app.config.get("SMTP_HOST"):
        return 0  # no SMTP server: the mail waits in the outbox
    wanted = min(_lanes_allowed(), math.ceil(due_count(utcnow()) / BATCH))
    db.session.commit()  # end the reading transaction
    started = lanes.take_free(client, "send", wanted, _expire_seconds())
    for lane in started:
        send_batch_task.delay(lane.number, lane.token)
    return len(started)


@celery.task(name="surveyapp.send_batch", bind=True)
def send_batch_task(task: Task, lane_number: int, token: str) -> dict[str, Any]:
    """Send one batch for the chain holding ``lane_number``; enqueue the next while more is
    due, else free the lane (also when sending failed: the next tick starts afresh)."""
    client = broker_redis()
    lane = lanes.Lane("send", lane_number, token)
    if client is None or not lanes.keep(client, lane, _expire_seconds()):
        return {"lane_lost": True}
    more = False
    try:
        report = send_due(limit=BATCH)
        db.session.commit()  # end the reading transaction
        more = report.smtp_configured and not report.errors and report.handled >= BATCH
        more = more and lanes.keep(client, lane, _expire_seconds())
    finally:
        if not more:
            lanes.free(client, lane)
    if more:
        task.delay(lane_number, token)
    logger.info(
        "lane %d: sent %d, retried %d, failed %d, bounced %d, cancelled %d",
        lane_number, report.sent, report.retried, report.failed, report.bounced,
        report.cancelled,
    )  # fmt: skip
    return asdict(report)


def _lanes_allowed() -> int:
    rate = int(current_app.config["SMTP_RATE_PER_MINUTE"])
    return LANES if rate <= 0 else max(1, min(LANES, rate // RATE_PER_LANE))


def _expire_seconds() -> float:
    """Longer than a send task usually takes (two claims, each sent within its lease): a
    chain that dies holds its lane this long; one that outlives it ends after its task."""
    return 2 * float(current_app.config["OUTBOX_LEASE_SECONDS"])
