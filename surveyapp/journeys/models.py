"""How far the scheduler has read the event streams, per survey."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.core.db import Base


class JourneyCursor(Base):
    """The last product event and milestone event a survey's rule has looked at."""

    __tablename__ = "journey_cursors"

    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), primary_key=True)
    last_product_event_id: Mapped[int] = mapped_column(default=0)
    last_milestone_event_id: Mapped[int] = mapped_column(default=0)
