"""Product events as received, and the milestones they mark for an account."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.core.db import Base, IdMixin, JSONDocument, utcnow


class ProductEvent(IdMixin, Base):
    """A `track` call: something a user did in the product."""

    __tablename__ = "product_events"
    __table_args__ = (sa.Index("ix_product_events_account_occurred", "account_id", "occurred_at"),)

    #: messageId (or account, user, event and time when there is none), hashed: one row per
    #: event however often it is sent.
    dedupe_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"))
    contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contacts.id"), index=True)
    user_id: Mapped[str | None] = mapped_column(sa.String(128))
    event: Mapped[str] = mapped_column(sa.String(200))
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    properties: Mapped[Any] = mapped_column(JSONDocument)


class MilestoneEvent(IdMixin, Base):
    """An account reached a milestone (by a product event, an import, or by hand)."""

    __tablename__ = "milestone_events"
    __table_args__ = (
        sa.UniqueConstraint("milestone_key", "product_event_id"),
        sa.Index("ix_milestone_events_account_key", "account_id", "milestone_key"),
    )

    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"))
    milestone_key: Mapped[str] = mapped_column(sa.String(64))
    occurred_at: Mapped[datetime]
    product_event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("product_events.id", ondelete="CASCADE")
    )
    source: Mapped[str] = mapped_column(sa.String(16), default="event")
    #: When this row was written (occurred_at may be long before, for imported history).
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
