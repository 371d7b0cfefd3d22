"""An interview held with a customer account, recorded by a researcher or an admin."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.accounts.models import Account, Contact
from surveyapp.core.db import Base, IdMixin, utcnow


class Interview(IdMixin, Base):
    __tablename__ = "interviews"
    __table_args__ = (sa.Index("ix_interviews_account_held", "account_id", "held_on"),)

    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    #: The person interviewed, when known as a contact.
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL")
    )
    held_on: Mapped[date]
    interviewer: Mapped[str] = mapped_column(sa.String(200))
    #: Key of the question bank used as the interview guide (e.g. "interview-guide").
    guide_key: Mapped[str | None] = mapped_column(sa.String(64))
    #: Where the recording or the notes are (http or https only).
    link_url: Mapped[str] = mapped_column(sa.String(2000))
    summary: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    account: Mapped[Account] = relationship()
    contact: Mapped[Contact | None] = relationship()
