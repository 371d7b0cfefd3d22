"""Alembic environment: runs on the connection handed over by `surveyapp db`."""

from __future__ import annotations

from alembic import context

from surveyapp.core.models import import_all_models

target_metadata = import_all_models().metadata


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
