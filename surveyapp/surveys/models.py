"""The survey: which pinned bank version it asks, and whether it is running."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.banks.models import BankVersion
from surveyapp.core.db import Base, IdMixin, utcnow


class Survey(IdMixin, Base):
    __tablename__ = "surveys"

    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    bank_version_id: Mapped[int] = mapped_column(sa.ForeignKey("bank_versions.id"))
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    allow_edit: Mapped[bool] = mapped_column(default=False)
    expire_days: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # The journey rule: when the survey is sent, to whom, and how often.
    #: Trigger: a product event name, a milestone key, or days after the account's start;
    #: with none of them, invitations are only created by hand (`surveyapp invite`).
    trigger_event: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    trigger_milestone: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    trigger_days_after_start: Mapped[int | None]
    delay_days: Mapped[int] = mapped_column(default=0)
    reminders: Mapped[int] = mapped_column(default=0)
    reminder_gap_days: Mapped[int] = mapped_column(default=3)
    #: No contact is asked (by any survey) more than once in this many days.
    recontact_days: Mapped[int | None]
    #: Sending hours in the contact's time zone, [start, end); none means any time.
    send_hour_start: Mapped[int | None]
    send_hour_end: Mapped[int | None]
    sample_percent: Mapped[int] = mapped_column(default=100)
    #: Comma-separated locales to use (default: all the bank's).
    locales: Mapped[str | None] = mapped_column(sa.String(100))

    bank_version: Mapped[BankVersion] = relationship(lazy="joined")
