"""The demo's value study committed on a database of its own, for tests that need real
commits (other connections, processes or threads must see the rows)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from surveyapp import create_app
from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db
from surveyapp.demo.operations import DEMO_SURVEYS
from surveyapp.demo.study import load_value_study
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
