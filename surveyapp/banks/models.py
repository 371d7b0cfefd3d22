"""A bank version as first used by a survey, stored whole so later file edits change nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.core.db import Base, IdMixin, utcnow


class BankVersion(IdMixin, Base):
    __tablename__ = "bank_versions"
    __table_args__ = (sa.UniqueConstraint("key", "version"),)

    key: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int]
    #: Loaded only when this process has not built the bank yet (see queries.pinned_bank).
    document: Mapped[dict[str, Any]] = mapped_column(deferred=True)
    digest: Mapped[str] = mapped_column(sa.String(64))
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)
