"""Upgrading a database that already holds answers keeps them (SQLite rebuilds tables)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from surveyapp.core import migrate
from surveyapp.core.db import create_engine
from tests.support.databases import fresh_database

ROWS = [
    "INSERT INTO accounts (id, external_id, created_at) VALUES (1, 'acme', '2026-01-01')",
    "INSERT INTO contacts (id, email, account_id, created_at) "
    "VALUES (1, 'a@acme.example', 1, '2026-01-01')",
    "INSERT INTO bank_versions (id, key, version, document, digest, stored_at) "
    "VALUES (1, 'b', 1, '{}', 'd', '2026-01-01')",
    "INSERT INTO surveys (id, key, bank_version_id, status, allow_edit, created_at) "
    "VALUES (1, 's', 1, 'active', false, '2026-01-01')",
    "INSERT INTO invitations (id, survey_id, contact_id, token_hash, created_at) "
    "VALUES (7, 1, 1, 'h', '2026-01-01')",
    "INSERT INTO responses (id, invitation_id, locale, started_at, updated_at) "
    "VALUES (1, 7, 'en', '2026-01-01', '2026-01-01')",
    "INSERT INTO answers (id, response_id, question_key, value, answered_at) "
    "VALUES (1, 1, 'q', '\"kept\"', '2026-01-01')",
]


def test_upgrade_from_the_first_schema_keeps_answers(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        engine = create_engine(url)
        migrate.upgrade(engine, "0001")
        with engine.begin() as connection:
            for statement in ROWS:
                connection.exec_driver_sql(statement)
        migrate.upgrade(engine)
        with engine.connect() as connection:
            trigger_key = connection.execute(
                sa.text("SELECT trigger_key FROM invitations")
            ).scalar()
            answer = connection.execute(sa.text("SELECT value FROM answers")).scalar()
        migrate.downgrade(engine, "0001")
        engine.dispose()
    assert trigger_key == "manual:7"
    assert answer in ("kept", '"kept"')  # JSON text on SQLite, decoded by psycopg
