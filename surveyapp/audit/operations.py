"""Write audit events."""

from __future__ import annotations

from surveyapp.audit.models import AuditEvent
from surveyapp.core.db import db, utcnow


def record_access(
    user_id: int | None, user_email: str, action: str, target: str, detail: str | None = None
) -> AuditEvent:
    """Record that ``user_email`` viewed or exported ``target``; cut to the column sizes so a
    long search never makes the request fail."""
    event = AuditEvent(
        occurred_at=utcnow(),
        user_id=user_id,
        user_email=user_email[:320],
        action=action,
        target=target[:300],
        detail=detail[:1000] if detail else None,
    )
    db.session.add(event)
    db.session.flush()
    return event
