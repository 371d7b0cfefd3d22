"""The sending job, for Celery beat (scale-out) and the in-process worker alike."""

from __future__ import annotations

from typing import Any

from surveyapp.core.jobs import celery
from surveyapp.dispatch.worker import run_once


@celery.task(name="surveyapp.send_due")
def send_due_task() -> dict[str, Any]:
    """Send every due message. Several workers may run it at once: each claims its own
    messages under a lease (FOR UPDATE SKIP LOCKED on PostgreSQL)."""
    return run_once()
