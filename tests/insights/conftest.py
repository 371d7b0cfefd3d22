"""Fixtures for the CS pages: a database holding a small value study, logged-in staff.

Loading and refreshing the study takes seconds (the themes are a clustering), so it happens
once per backend in a database of its own; every test still runs in a transaction that is
rolled back, on top of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from surveyapp import create_app
from surveyapp.accounts.models import Account
from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db
from surveyapp.demo.operations import DEMO_SURVEYS
from surveyapp.demo.study import load_value_study
from surveyapp.insights.operations import refresh_insights
from surveyapp.surveys.operations import create_survey
from surveyapp.surveys.queries import survey_by_key
from tests.auth.conftest import log_in, staff  # noqa: F401  (the staff fixture)
from tests.conftest import TEST_CONFIG, IsolatedClient
from tests.support.databases import fresh_database, migrate_to_head

#: Big enough for themes (20 answers) and for every health status to occur.
STUDY_ACCOUNTS = 60


@pytest.fixture(scope="session")
def app(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on a database that holds the study, its analysis refreshed (committed)."""
    with fresh_database(backend, tmp_path_factory.mktemp("insights")) as url:
        migrate_to_head(url)
        flask_app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
        flask_app.test_client_class = IsolatedClient
        with flask_app.app_context():
            surveys = {key: create_survey(key, available_banks()[key]) for key in DEMO_SURVEYS}
            load_value_study(surveys, n_accounts=STUDY_ACCOUNTS)
            refresh_insights()
            db.session.commit()
            db.session.remove()
        yield flask_app
        flask_app.extensions["surveyapp.db"].engine.dispose()


@pytest.fixture
def study(app: Flask) -> list[Account]:
    """The study's accounts (answers, milestones and analysis are in the database)."""
    return list(db.session.scalars(sa.select(Account).order_by(Account.id)))


@pytest.fixture
def as_role(client: Any, staff: Any) -> Any:  # noqa: F811
    """as_role(role) -> the client, logged in as a new user with that role."""

    def log_in_as(role: str) -> Any:
        staff(role, f"{role}-viewer@example.com")
        assert log_in(client, f"{role}-viewer@example.com").status_code == 303
        return client

    return log_in_as


@pytest.fixture
def answered(app: Any) -> Any:
    """answered(account, answers, days_ago=..., survey="value-definition") -> the response:
    a contact of ``account`` answered ``answers`` (question key -> stored value)."""
    from datetime import timedelta

    from surveyapp.accounts.operations import upsert_contact
    from surveyapp.core.db import utcnow
    from surveyapp.invitations.operations import create_invitation
    from surveyapp.respond.models import Answer, Response

    def answer(
        account: Account,
        answers: dict[str, Any],
        days_ago: float = 1,
        survey: str = "value-definition",
    ) -> Response:
        pinned = survey_by_key(survey) or create_survey(survey, available_banks()[survey])
        contact = upsert_contact(f"person@{account.external_id}.example", account=account)
        invitation, _token = create_invitation(pinned, contact)
        at = utcnow() - timedelta(days=days_ago)
        invitation.sent_at = invitation.opened_at = invitation.completed_at = at
        response = Response(invitation_id=invitation.id, locale="en", completed_at=at)
        db.session.add(response)
        db.session.flush()
        db.session.add_all(
            Answer(response_id=response.id, question_key=key, value=value, answered_at=at)
            for key, value in answers.items()
        )
        db.session.commit()
        return response

    return answer
