"""What the CS pages read fast: per-account value facts and cached overview analyses.

Both tables are rebuilt by the refresh job (``surveyapp insights refresh``, or the Celery task)
from the answers, milestones and invitations; pages say when that last happened.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.core.db import Base, IdMixin


class AccountInsight(Base):
    """One account's expectation and progress, so that 100,000 accounts filter in SQL.

    Health moves with the clock while an account waits, so it is stored as the moments it
    turns yellow and red rather than as a status: ``red_from < now`` is red, and so on.
    """

    __tablename__ = "account_insights"

    account_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    #: The customer's stated success timeframe in days; None when they stated none (the
    #: benchmark applies then).
    expected_days: Mapped[float | None]
    #: The customer's own words for the first outcome they expect (latest answer).
    expected_outcome: Mapped[str | None] = mapped_column(sa.Text)
    #: Theme of ``expected_outcome`` among all accounts' answers (-1: too short to group).
    expectation_theme: Mapped[int | None]
    first_value_at: Mapped[datetime | None] = mapped_column(index=True)
    #: When the account turns yellow (approaching its timeframe, or reached value late).
    yellow_from: Mapped[datetime | None] = mapped_column(index=True)
    #: When it turns red (its timeframe passed without first value).
    red_from: Mapped[datetime | None] = mapped_column(index=True)
    #: When the account churned, if that had happened by the refresh: a churned account is
    #: no longer red or yellow (nothing left to save) but "churned".
    churned_at: Mapped[datetime | None]
    #: Whether the value clock had started (the account had a start date) at the refresh;
    #: without it there is no health.
    health_known: Mapped[bool] = mapped_column(default=False)
    #: The newest invitation to any of its contacts: its status is the account's survey status.
    last_invitation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )
    refreshed_at: Mapped[datetime]


class InsightSnapshot(IdMixin, Base):
    """A computed overview (survival curve, themes, correlations ...) for one selection."""

    __tablename__ = "insight_snapshots"

    #: The selection, e.g. "" (all accounts) or "plan=growth&segment=smb".
    scope: Mapped[str] = mapped_column(sa.String(300), unique=True)
    computed_at: Mapped[datetime]
    seconds: Mapped[float]
    payload: Mapped[dict[str, Any]]
