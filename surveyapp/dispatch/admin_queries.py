"""Reads for the admin's outbox pages: messages newest first, a page at a time, and one."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.core.db import db
from surveyapp.dispatch.models import OutboxMessage

PAGE_SIZE = 50


def outbox_page(*, status: str | None = None, before_id: int | None = None) -> list[OutboxMessage]:
    """Up to PAGE_SIZE + 1 messages (the extra one says an older page exists); keyset paging
    by id, so the thousandth page costs what the first does."""
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(PAGE_SIZE + 1)
    if status:
        query = query.where(OutboxMessage.status == status)
    if before_id is not None:
        query = query.where(OutboxMessage.id < before_id)
    return list(db.session.scalars(query))


def outbox_message(message_id: int) -> OutboxMessage | None:
    return db.session.get(OutboxMessage, message_id)
