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

    bank_version: Mapped[BankVersion] = relationship(lazy="joined")
