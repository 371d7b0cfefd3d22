"""Read the audit log, newest first, a page at a time."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.audit.models import AuditEvent
from surveyapp.core.db import db

PAGE_SIZE = 100


def audit_page(
    *, user_email: str | None = None, action: str | None = None, before_id: int | None = None
) -> list[AuditEvent]:
    """Up to PAGE_SIZE + 1 events (the extra one says an older page exists); keyset paging by
    id, so old pages cost the same as the first."""
    query = sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(PAGE_SIZE + 1)
    if user_email:
        query = query.where(AuditEvent.user_email == user_email.strip().lower())
    if action:
        query = query.where(AuditEvent.action == action)
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return list(db.session.scalars(query))
