"""The demo's value study committed on a database of its own, for tests that need real
commits (other connections, processes or threads must see the rows)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from flask import Flask

from surveyapp import create_app
from surveyapp.accounts.operations import upsert_contact
from surveyapp.banks.loader import load_file
from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db
from surveyapp.demo.operations import DEMO_SURVEYS
from surveyapp.demo.study import load_value_study
from surveyapp.invitations.operations import create_invitation
from surveyapp.surveys.operations import create_survey
from tests.support.databases import fresh_database, migrate_to_head


@contextmanager
def study_app(backend: str, folder: Path, accounts: int, config: dict) -> Iterator[Flask]:
    """The app (``config``) on a fresh, migrated ``backend`` database holding the demo
    surveys and a value study of ``accounts`` accounts, committed."""
    with fresh_database(backend, folder) as url:
        migrate_to_head(url)
        flask_app = create_app({**config, "DATABASE_URL": url})
        with flask_app.app_context():
            surveys = {key: create_survey(key, available_banks()[key]) for key in DEMO_SURVEYS}
            load_value_study(surveys, n_accounts=accounts)
            db.session.commit()
            db.session.remove()
        try:
            yield flask_app
        finally:
            flask_app.extensions["surveyapp.db"].engine.dispose()


@contextmanager
def invited_app(backend: str, folder: Path, config: dict, bank: Path) -> Iterator[InvitedApp]:
    """The app (``config``) bound to its engine, as in production (not to one test
    connection), on a fresh ``backend`` database with one committed invitation to a survey
    of ``bank``; yielded inside an app context."""
    with fresh_database(backend, folder) as url:
        migrate_to_head(url)
        flask_app = create_app({**config, "DATABASE_URL": url})
        try:
            with flask_app.app_context():
                survey = create_survey("invited", load_file(bank))
                invitation, token = create_invitation(survey, upsert_contact("i@example.com"))
                db.session.commit()
                yield InvitedApp(flask_app, invitation.id, token)
        finally:
            flask_app.extensions["surveyapp.db"].engine.dispose()


class InvitedApp(NamedTuple):
    app: Flask
    invitation_id: int
    token: str
