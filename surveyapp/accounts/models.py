"""Customer accounts and their contacts."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.core.db import Base, IdMixin, utcnow


class Account(IdMixin, Base):
    __tablename__ = "accounts"

    external_id: Mapped[str] = mapped_column(sa.String(128), unique=True)
    #: Indexed, like the other columns the CS accounts list sorts or filters on.
    name: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    segment: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    plan: Mapped[str | None] = mapped_column(sa.String(64))
    #: When the value clock starts (sign-up or purchase).
    start_at: Mapped[datetime | None] = mapped_column(index=True)
    #: The customer-success manager who owns the account (name or email).
    csm_owner: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    #: When the customer left (cancelled, did not renew), if they did: the competing risk to
    #: first value on the CS overview.
    churned_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Contact(IdMixin, Base):
    __tablename__ = "contacts"

    #: Stored lower-cased, so one person is one contact whatever the capitals. A contact known
    #: only from product events may have none yet (and is never invited until it has one).
    email: Mapped[str | None] = mapped_column(sa.String(320), unique=True)
    #: The product's own id for this person (Segment's userId).
    external_id: Mapped[str | None] = mapped_column(sa.String(128), unique=True)
    name: Mapped[str | None] = mapped_column(sa.String(200))
    locale: Mapped[str | None] = mapped_column(sa.String(16))
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"), index=True)
    unsubscribed_at: Mapped[datetime | None]
    #: A permanent delivery failure (SMTP 5xx): no more mail to this address.
    bounced_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    account: Mapped[Account | None] = relationship()
