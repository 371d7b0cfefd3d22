"""The refresh job: CLI, Celery task (eager without a broker), and what it changes."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from surveyapp.core.cli import build_cli
from surveyapp.core.db import db, utcnow
from surveyapp.events.models import MilestoneEvent
from surveyapp.insights.listing import AccountFilters, iter_accounts
from surveyapp.insights.models import AccountInsight, InsightSnapshot
from surveyapp.insights.tasks import refresh_insights_task


def test_cli_refresh_recomputes_and_says_so(study, app) -> None:
    before = db.session.scalar(sa.select(InsightSnapshot.computed_at).filter_by(scope=""))
    result = app.test_cli_runner().invoke(build_cli(), ["insights", "refresh", "--quick"])
    assert result.exit_code == 0, result.output
    assert f"Refreshed {len(study)} accounts" in result.output
    after = db.session.scalar(sa.select(InsightSnapshot.computed_at).filter_by(scope=""))
    assert after > before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountInsight)) == len(study)


def test_task_runs_eagerly_without_a_broker(study) -> None:
    assert refresh_insights_task.delay().get() == len(study)


def test_first_value_turns_a_red_account_after_the_next_refresh(study) -> None:
    red = next(iter_accounts(AccountFilters(health="red"), utcnow()))
    db.session.add(
        MilestoneEvent(
            account_id=red.account.id,
            milestone_key="outcome_confirmed",  # the other milestone that counts as first value
            occurred_at=utcnow() - timedelta(minutes=5),
            source="manual",
        )
    )
    db.session.commit()
    refresh_insights_task.delay()
    now = utcnow()
    after = next(r for r in iter_accounts(AccountFilters(search=red.account.external_id), now))
    assert after.health == "yellow" and after.insight.first_value_at is not None  # reached, late
