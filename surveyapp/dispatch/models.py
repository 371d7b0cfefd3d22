"""The outbox: every email, rendered in the transaction that caused it, until it is sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.core.db import Base, IdMixin, JSONDocument, utcnow

#: pending → sending (leased by a sender) → sent | failed (retries left: back to pending)
#: | bounced (5xx) | cancelled (e.g. a reminder after completion or unsubscribe).
STATUSES = ("pending", "sending", "sent", "bounced", "cancelled", "failed")


class OutboxMessage(IdMixin, Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (sa.Index("ix_outbox_messages_status_not_before", "status", "not_before"),)

    invitation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invitations.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contacts.id"), index=True)
    #: invitation | reminder | digest ...
    kind: Mapped[str] = mapped_column(sa.String(32))
    to_address: Mapped[str] = mapped_column(sa.String(320))
    subject: Mapped[str] = mapped_column(sa.String(500))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    #: Extra headers (List-Unsubscribe, List-Unsubscribe-Post, ...).
    headers: Mapped[Any] = mapped_column(JSONDocument)
    #: Stable across retries, so a receiver can tell a resend from a new message.
    message_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    not_before: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
