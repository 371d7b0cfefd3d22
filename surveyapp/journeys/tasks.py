"""The scheduling job, for Celery beat (scale-out) and the in-process worker alike."""

from __future__ import annotations

from surveyapp.core.db import utcnow
from surveyapp.core.jobs import celery
from surveyapp.journeys.scheduler import schedule_due


@celery.task(name="surveyapp.schedule_due")
def schedule_due_task() -> int:
    """Create the invitations every active survey's rule asks for now."""
    return schedule_due(utcnow())
