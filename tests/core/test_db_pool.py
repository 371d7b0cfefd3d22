"""Pooled connections: idle ones are checked before use, so a restarted server costs no error."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from surveyapp.core import db as core_db
from surveyapp.core.db import create_engine


def test_a_connection_closed_while_idle_is_replaced(backend: str, database_url: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite connections open a local file: there is no server to lose")
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            first_pid = _backend_id(connection)
        _close_server_side(engine, first_pid)
        _age_pooled_connections(engine)
        with engine.connect() as connection:  # would fail if the dead connection were reused
            assert connection.execute(sa.text("SELECT 1")).scalar() == 1
            assert _backend_id(connection) != first_pid
    finally:
        engine.dispose()


def _backend_id(connection: sa.Connection) -> int:
    return int(connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())


def _close_server_side(engine: sa.Engine, pid: int) -> None:
    """What a server restart does to a pooled connection."""
    other = sa.create_engine(engine.url, isolation_level="AUTOCOMMIT")
    with other.connect() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    other.dispose()


def _age_pooled_connections(engine: sa.Engine) -> None:
    for record in list(engine.pool._pool.queue):  # type: ignore[attr-defined]
        record.info["idle_since"] -= core_db.PING_AFTER_IDLE_SECONDS + 1
