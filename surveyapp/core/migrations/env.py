"""Alembic environment: runs on the connection handed over by `surveyapp db`."""

from __future__ import annotations

from typing import Any

from alembic import context

from surveyapp.core.db import UTCDateTime
from surveyapp.core.models import import_all_models

target_metadata = import_all_models().metadata


def render_item(kind: str, value: Any, autogen_context: Any) -> str | bool:
    """Write plain SQLAlchemy types, so migrations never import the app's type helpers."""
    if kind == "type" and isinstance(value, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
