"""A response to an invitation: its answers and which pages were saved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.core.db import Base, IdMixin, JSONDocument, utcnow


class Response(IdMixin, Base):
    __tablename__ = "responses"

    #: One response per invitation, whatever the retries or open tabs.
    invitation_id: Mapped[int] = mapped_column(sa.ForeignKey("invitations.id"), unique=True)
    locale: Mapped[str] = mapped_column(sa.String(16))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]


class Answer(IdMixin, Base):
    __tablename__ = "answers"
    __table_args__ = (sa.UniqueConstraint("response_id", "question_key"),)

    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(sa.String(64))
    #: The stored form of the question type (text, number, {"choice": ...}, ...).
    value: Mapped[Any] = mapped_column(JSONDocument)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedPage(Base):
    __tablename__ = "saved_pages"

    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    section_key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
