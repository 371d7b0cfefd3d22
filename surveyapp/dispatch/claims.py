"""Claiming due outbox messages for one sender, under a lease.

A claim is committed before any SMTP traffic, so that no other sender takes the same
messages; messages no longer wanted (the person unsubscribed, bounced, finished the survey,
or the link closed) are cancelled in the same transaction instead of being handed out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from surveyapp.accounts.models import Contact
from surveyapp.core.db import db
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.dispatch.outbox import settle
from surveyapp.invitations.models import Invitation

_outbox = OutboxMessage.__table__
_invitations = Invitation.__table__
_contacts = Contact.__table__

#: What a sender needs of a claimed message (plain rows: cheaper than ORM objects).
SENDING_COLUMNS = [
    _outbox.c[name]
    for name in (
        "id",
        "kind",
        "invitation_id",
        "contact_id",
        "to_address",
        "subject",
        "body_text",
        "body_html",
        "headers",
        "message_id",
        "attempts",
    )
]


@dataclass
class Claim:
    """Messages leased to one sender until ``lease_until``; ``cancelled`` were due but no
    longer wanted (unsubscribed, bounced, completed, expired, revoked)."""

    lease_until: datetime
    messages: list[Any] = field(default_factory=list)
    cancelled: int = 0


def claim_due(now: datetime, limit: int, lease_seconds: float) -> Claim:
    """Lease up to ``limit`` due messages, including any whose sender died (lease expired).

    On PostgreSQL concurrent senders skip each other's rows (FOR UPDATE SKIP LOCKED); on
    SQLite the sender's transaction holds the write lock from its start (BEGIN IMMEDIATE).
    """
    claim = Claim(lease_until=now + timedelta(seconds=lease_seconds))
    ids = _due_ids(now, limit)
    if ids:
        db.session.execute(
            sa.update(_outbox)
            .where(_outbox.c.id.in_(ids))
            .values(status="sending", lease_until=claim.lease_until)
        )
        _sort_claimed(claim, ids, now)
    db.session.commit()
    return claim


ORDER = (_outbox.c.not_before, _outbox.c.id)


def _due_ids(now: datetime, limit: int) -> list[int]:
    """The first ``limit`` due messages, oldest first: pending ones whose time has come, and
    those whose sender's lease ran out. Two searches of the (status, not_before) index, each
    reading at most ``limit`` rows; one query with OR read and sorted every due message for
    each claim, so claiming slowed down as the backlog grew."""
    pending = sa.and_(_outbox.c.status == "pending", _outbox.c.not_before <= now)
    abandoned = sa.and_(_outbox.c.status == "sending", _outbox.c.lease_until < now)
    found: list[Any] = []
    for due in (pending, abandoned):
        query = sa.select(_outbox.c.id, _outbox.c.not_before).where(due)
        query = query.order_by(*ORDER).limit(limit)
        if db.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        found.extend(db.session.execute(query))
    found.sort(key=lambda row: (row.not_before, row.id))
    return [row.id for row in found[:limit]]


def _sort_claimed(claim: Claim, ids: list[int], now: datetime) -> None:
    """Keep the messages still wanted; cancel the others in the claiming transaction."""
    state = [
        _invitations.c.revoked_at,
        _invitations.c.completed_at,
        _invitations.c.expires_at,
        _contacts.c.unsubscribed_at,
        _contacts.c.bounced_at,
    ]
    rows = db.session.execute(
        sa.select(*SENDING_COLUMNS, *state)
        .outerjoin(_invitations, _invitations.c.id == _outbox.c.invitation_id)
        .outerjoin(_contacts, _contacts.c.id == _outbox.c.contact_id)
        .where(_outbox.c.id.in_(ids))
        .order_by(*ORDER)
    )
    for row in rows:
        reason = why_not_send(row, now)
        if reason:
            settle(row.id, claim.lease_until, status="cancelled", last_error=reason)
            claim.cancelled += 1
        else:
            claim.messages.append(row)


def why_not_send(state: Any, now: datetime) -> str:
    """Why a due message must not go out any more, or "" if it may. ``state`` has the
    contact's unsubscribed_at and bounced_at, the invitation's revoked_at, completed_at and
    expires_at (None when the message has no contact or invitation)."""
    if state.unsubscribed_at is not None:
        return "unsubscribed"
    if state.bounced_at is not None:
        return "address bounced"
    if state.revoked_at is not None:
        return "invitation revoked"
    if state.completed_at is not None:
        return "survey completed"
    if state.expires_at is not None and state.expires_at <= now:
        return "invitation expired"
    return ""
