"""Reads for dispatch: who a link's token belongs to, and what the outbox holds."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from surveyapp.accounts.models import Contact
from surveyapp.core.db import db
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.respond.queries import invitation_for_token


def contact_for_token(token: str) -> Contact | None:
    """The person an invitation link was sent to; any link they ever got unsubscribes them,
    however old or closed the invitation."""
    invitation = invitation_for_token(token)
    return invitation.contact if invitation is not None else None


def outbox_counts() -> dict[str, int]:
    """How many messages are in each status."""
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    )
    return {status: count for status, count in rows}  # noqa: C416 (Row -> pair)


def due_count(now: datetime) -> int:
    """Messages that would be sent now if SMTP were configured."""
    query = sa.select(sa.func.count()).where(
        OutboxMessage.status == "pending", OutboxMessage.not_before <= now
    )
    return int(db.session.scalar(query) or 0)
