"""Refreshes that overlap (beat firing while a long one runs, the CLI beside a worker) on
PostgreSQL: they take turns instead of failing on each other's rows, and the Celery task
skips when one is already running."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from surveyapp.core.db import db
from surveyapp.insights.models import AccountInsight
from surveyapp.insights.operations import REFRESH_LOCK_KEY, RefreshRunning, refresh_insights
from surveyapp.insights.tasks import refresh_insights_task
from tests.conftest import TEST_CONFIG
from tests.support.services import missing, postgres_available
from tests.support.studies import study_app

ACCOUNTS = 40


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on its own PostgreSQL database with a committed value study."""
    if not postgres_available():
        missing("PostgreSQL")
    with study_app("postgresql", tmp_path_factory.mktemp("refresh"), ACCOUNTS, TEST_CONFIG) as app:
        yield app


def refresh_in_thread(flask_app: Flask, errors: list[BaseException], start: threading.Barrier):
    def run() -> None:
        with flask_app.app_context():
            try:
                start.wait()
                refresh_insights(quick=True)
                db.session.commit()
            except BaseException as error:  # reported by the test
                errors.append(error)
            finally:
                db.session.remove()

    return threading.Thread(target=run)


def test_overlapping_refreshes_take_turns(committed: Flask) -> None:
    errors: list[BaseException] = []
    for _round in range(3):
        start = threading.Barrier(3)
        threads = [refresh_in_thread(committed, errors, start) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert errors == []
    with committed.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(AccountInsight))
        assert count == ACCOUNTS


def test_the_task_skips_while_another_refresh_holds_the_lock(committed: Flask) -> None:
    engine = committed.extensions["surveyapp.db"].engine
    with engine.connect() as holder:
        holder.execute(sa.select(sa.func.pg_advisory_xact_lock(REFRESH_LOCK_KEY)))
        with committed.app_context():
            with pytest.raises(RefreshRunning):
                refresh_insights(quick=True, wait=False)
            db.session.rollback()
            assert refresh_insights_task.delay().get() is None
        holder.rollback()
    with committed.app_context():
        assert refresh_insights_task.delay().get() == ACCOUNTS
