"""Shared fixtures: one migrated database per backend, a rolled-back transaction per test."""

from __future__ import annotations

import contextvars
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp import create_app
from surveyapp.accounts.operations import upsert_account, upsert_contact
from surveyapp.banks.definitions import Bank
from surveyapp.banks.loader import load_file
from surveyapp.core.db import db
from surveyapp.core.ratelimit import limiter
from surveyapp.invitations.operations import create_invitation as make_invitation
from surveyapp.surveys.operations import create_survey as make_survey
from surveyapp.surveys.queries import survey_by_key
from tests.support import network
from tests.support.databases import fresh_database, migrate_to_head
from tests.support.services import missing, postgres_available

DATA = Path(__file__).parent / "data"
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "BASE_URL": "http://survey.test",
    "SERVER_NAME": None,
}


@pytest.fixture(autouse=True)
def _no_outside_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", network.guarded_connect)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not postgres_available():
        missing("PostgreSQL")
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(backend, tmp_path_factory.mktemp("db")) as url:
        migrate_to_head(url)
        yield url


class IsolatedClient(FlaskClient):
    """Runs each request outside the test's app context, so it gets its own (and its own
    ``g`` and database session), as every request does in production."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    flask_app = create_app({**TEST_CONFIG, "DATABASE_URL": database_url})
    flask_app.test_client_class = IsolatedClient
    yield flask_app
    flask_app.extensions["surveyapp.db"].engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test that uses the app runs in a transaction rolled back at its end."""
    if "app" not in request.fixturenames:
        yield
        return
    flask_app: Flask = request.getfixturevalue("app")
    state = flask_app.extensions["surveyapp.db"]
    with flask_app.app_context():
        limiter.reset()  # login attempts counted in memory must not leak between tests
        connection = state.engine.connect()
        outer = connection.begin()
        db.session.remove()
        state.bind, state.join_transaction_mode = connection, "create_savepoint"
        try:
            yield
        finally:
            db.session.remove()
            state.bind, state.join_transaction_mode = state.engine, "conditional_savepoint"
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def test_bank() -> Bank:
    return load_file(DATA / "all-types.yaml")


@pytest.fixture
def create_survey(app: Flask, test_bank: Bank) -> Any:
    def create(key: str = "test-survey", bank: Bank | None = None, **overrides: Any) -> Any:
        survey = make_survey(key, bank or test_bank, expire_days=overrides.pop("expire_days", None))
        for name, value in overrides.items():
            setattr(survey, name, value)
        db.session.commit()  # only a savepoint: the test's outer transaction still rolls back
        return survey

    return create


@pytest.fixture
def create_invitation(app: Flask, create_survey: Any) -> Any:
    """create_invitation(survey=None, email=..., locale=...) -> (invitation, token)."""

    def create(
        survey: Any = None,
        email: str = "ana@example.com",
        locale: str | None = None,
        account: str | None = "acme",
    ) -> tuple[Any, str]:
        survey = survey or survey_by_key("test-survey") or create_survey()
        owner = upsert_account(account) if account else None
        contact = upsert_contact(email, locale=locale, account=owner)
        invitation, token = make_invitation(survey, contact)
        db.session.commit()
        return invitation, token

    return create


CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')


def csrf_token_of(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)
