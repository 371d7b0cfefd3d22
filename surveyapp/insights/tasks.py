"""The refresh job and the weekly digest, for Celery beat (scale-out) and eager runs alike."""

from __future__ import annotations

import logging

from surveyapp.core.db import db, utcnow
from surveyapp.core.jobs import celery
from surveyapp.insights.digest_outbox import queue_digests
from surveyapp.insights.operations import RefreshRunning, refresh_insights

logger = logging.getLogger(__name__)


@celery.task(name="surveyapp.refresh_insights")
def refresh_insights_task() -> int | None:
    """Recompute the per-account facts, themes and overviews; returns the accounts seen, or
    None when another refresh was running (its results are as fresh: nothing to redo)."""
    try:
        result = refresh_insights(wait=False)
    except RefreshRunning:
        db.session.rollback()
        logger.info("refresh skipped: another refresh is running")
        return None
    db.session.commit()
    return result.accounts


@celery.task(name="surveyapp.weekly_digest")
def weekly_digest_task() -> int:
    """Queue this ISO week's at-risk digests (idempotent: a rerun queues nothing new);
    returns how many were queued."""
    run = queue_digests(utcnow())
    db.session.commit()
    return len(run.queued)
