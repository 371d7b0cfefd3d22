"""One row per page view or export of customer data by a staff user."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.core.db import Base, IdMixin, utcnow

ACTIONS = ("view", "export")


class AuditEvent(IdMixin, Base):
    __tablename__ = "audit_events"

    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: Kept beside the id so the log still reads right after the user's email changes.
    user_email: Mapped[str] = mapped_column(sa.String(320))
    #: "view" or "export".
    action: Mapped[str] = mapped_column(sa.String(16))
    #: What was seen, in words a reviewer understands ("account acme", "at-risk list").
    target: Mapped[str] = mapped_column(sa.String(300))
    #: The filters or search that narrowed it, and for exports how many rows left.
    detail: Mapped[str | None] = mapped_column(sa.String(1000))
