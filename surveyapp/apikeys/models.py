"""An API key, stored as a hash with the scopes it grants."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.core.db import Base, IdMixin, utcnow

SCOPES = ("events:write", "exports:read")


class ApiKey(IdMixin, Base):
    __tablename__ = "api_keys"

    name: Mapped[str] = mapped_column(sa.String(100))
    #: The first characters of the key, shown in lists so people can tell keys apart.
    prefix: Mapped[str] = mapped_column(sa.String(16))
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: Space-separated scopes, e.g. "events:write".
    scopes: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    def allows(self, scope: str) -> bool:
        return self.grants(self.scopes, self.revoked_at, scope)

    @staticmethod
    def grants(scopes: str, revoked_at: datetime | None, scope: str) -> bool:
        return revoked_at is None and scope in scopes.split()
