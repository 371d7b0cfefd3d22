"""The invitation: a contact's personal, hashed-token link to one survey."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.accounts.models import Contact
from surveyapp.core.db import Base, IdMixin, utcnow
from surveyapp.surveys.models import Survey


class Invitation(IdMixin, Base):
    __tablename__ = "invitations"
    __table_args__ = (sa.UniqueConstraint("survey_id", "contact_id", "trigger_key"),)

    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("contacts.id"), index=True)
    #: SHA-256 of the link token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    opened_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    #: Which occurrence of the survey's trigger made this invitation ("manual:<uuid>" for
    #: `surveyapp invite`): one invitation per contact, survey and occurrence.
    trigger_key: Mapped[str] = mapped_column(sa.String(200))
    #: When the first email is due (after the rule's delay and sending hours).
    due_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    reminders_sent: Mapped[int] = mapped_column(default=0)
    #: Why the rule chose not to ask this contact (unsubscribed, bounced, no email,
    #: recontact limit, not in sample); such invitations are never sent.
    skipped_reason: Mapped[str | None] = mapped_column(sa.String(64))

    survey: Mapped[Survey] = relationship(lazy="joined")
    contact: Mapped[Contact] = relationship(lazy="joined")

    def is_open(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
