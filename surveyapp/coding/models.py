"""One coder's code for one answer."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.core.db import Base, IdMixin, utcnow

CODER_MAX = 200
CODE_MAX = 200


class AnswerCode(IdMixin, Base):
    """A coder gives an answer at most one code (the unit of the agreement measures);
    coding it again replaces the code."""

    __tablename__ = "answer_codes"
    __table_args__ = (
        sa.UniqueConstraint("answer_id", "coder"),
        sa.Index("ix_answer_codes_coder", "coder"),
    )

    answer_id: Mapped[int] = mapped_column(sa.ForeignKey("answers.id", ondelete="CASCADE"))
    coder: Mapped[str] = mapped_column(sa.String(CODER_MAX))
    code: Mapped[str] = mapped_column(sa.String(CODE_MAX))
    coded_at: Mapped[datetime] = mapped_column(default=utcnow)
