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

    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("contacts.id"), index=True)
    #: SHA-256 of the link token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    opened_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]

    survey: Mapped[Survey] = relationship(lazy="joined")
    contact: Mapped[Contact] = relationship(lazy="joined")

    def is_open(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
