"""Read invitations, by the status a person would use for them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from surveyapp.core.db import db
from surveyapp.invitations.models import Invitation

STATUSES = ("skipped", "scheduled", "sent", "opened", "completed", "expired")


def status_condition(status: str, now: datetime) -> sa.ColumnElement[bool]:
    """SQL for one status; each invitation has exactly one (see ``status_of``)."""
    i = Invitation
    live = sa.and_(i.skipped_reason.is_(None), i.completed_at.is_(None))
    not_expired = sa.or_(i.expires_at.is_(None), i.expires_at > now)
    conditions = {
        "skipped": i.skipped_reason.is_not(None),
        "completed": sa.and_(i.skipped_reason.is_(None), i.completed_at.is_not(None)),
        "expired": sa.and_(live, i.expires_at <= now),
        "opened": sa.and_(live, not_expired, i.opened_at.is_not(None)),
        "sent": sa.and_(live, not_expired, i.opened_at.is_(None), i.sent_at.is_not(None)),
        "scheduled": sa.and_(live, not_expired, i.opened_at.is_(None), i.sent_at.is_(None)),
    }
    return conditions[status]


def status_of(invitation: Invitation, now: datetime) -> str:
    if invitation.skipped_reason:
        return "skipped"
    if invitation.completed_at:
        return "completed"
    if invitation.expires_at and invitation.expires_at <= now:
        return "expired"
    if invitation.opened_at:
        return "opened"
    return "sent" if invitation.sent_at else "scheduled"


def invitations(
    status: str | None, survey_id: int | None, now: datetime, limit: int = 500
) -> list[Invitation]:
    query = sa.select(Invitation).order_by(Invitation.created_at.desc()).limit(limit)
    if status:
        query = query.where(status_condition(status, now))
    if survey_id is not None:
        query = query.where(Invitation.survey_id == survey_id)
    return list(db.session.scalars(query))
