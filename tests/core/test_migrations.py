"""The migrations build exactly the schema the models describe, and downgrade cleanly."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from surveyapp.core import migrate
from surveyapp.core.db import create_engine
from surveyapp.core.models import import_all_models
from tests.support.databases import fresh_database


def test_migrations_match_models(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        engine = create_engine(url)
        migrate.upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, import_all_models().metadata)
        engine.dispose()
    assert differences == []


def test_downgrade_to_base_removes_every_table(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        engine = create_engine(url)
        migrate.upgrade(engine)
        assert "answers" in sa.inspect(engine).get_table_names()
        migrate.downgrade(engine, "base")
        remaining = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
        migrate.upgrade(engine)
        engine.dispose()
    assert remaining == set()
