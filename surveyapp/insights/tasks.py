"""The refresh job, for Celery beat (scale-out) and eager runs alike."""

from __future__ import annotations

from surveyapp.core.db import db
from surveyapp.core.jobs import celery
from surveyapp.insights.operations import refresh_insights


@celery.task(name="surveyapp.refresh_insights")
def refresh_insights_task() -> int:
    """Recompute the per-account facts, themes and overviews; returns the accounts seen."""
    result = refresh_insights()
    db.session.commit()
    return result.accounts
