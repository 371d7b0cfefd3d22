"""The scheduling job, for Celery beat (scale-out) and eager runs alike."""

from __future__ import annotations

from surveyapp.core import lanes
from surveyapp.core.db import utcnow
from surveyapp.core.jobs import broker_redis, celery
from surveyapp.dispatch.tasks import start_sending
from surveyapp.journeys.scheduler import schedule_due

#: Far longer than one scheduling pass: a scheduler that dies blocks the others this long.
EXPIRE_SECONDS = 600


@celery.task(name="surveyapp.schedule_due")
def schedule_due_task() -> int:
    """Create the invitations every active survey's rule asks for now, pass after pass while
    a pass creates some, starting to send their mail after each; how many were created.

    With a Redis broker one scheduler runs at a time (a tick finding one at work returns).
    Without, several may run at once and still invite nobody twice: an invitation is unique
    per contact, survey and occurrence (a second insert is ignored), and a survey's cursor is
    locked while it is read.
    """
    client = broker_redis()
    held = lanes.take_free(client, "schedule", 1, EXPIRE_SECONDS) if client else []
    if client and not held:
        return 0
    total = 0
    try:
        while created := schedule_due(utcnow()):  # commits per survey
            total += created
            start_sending()
            if client and not lanes.keep(client, held[0], EXPIRE_SECONDS):
                break
    finally:
        if client and held:
            lanes.free(client, held[0])
    return total
