"""Pooled connections: idle ones are checked before use, so a restarted server costs no error."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from surveyapp import create_app
from surveyapp.core import db as core_db
from surveyapp.core.db import create_engine
from tests.conftest import TEST_CONFIG
from tests.support.databases import fresh_database, migrate_to_head


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


def test_a_thread_keeps_its_reading_connection_and_replaces_a_dead_one(
    backend: str, tmp_path: Path
) -> None:
    with fresh_database(backend, tmp_path) as url:
        migrate_to_head(url)
        app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
        state = app.extensions["surveyapp.db"]
        try:
            with app.test_request_context("/"):
                first = core_db.request_reader()
                core_db.close_reader()
            with app.test_request_context("/"):
                assert core_db.request_reader() is first  # kept for this thread
                core_db.close_reader()
            if backend == "postgresql":
                pid = first.driver_connection.info.backend_pid
                _close_server_side(state.engine, pid)
                reader, _ = state.readers[threading.get_ident()]
                state.readers[threading.get_ident()] = (reader, time.monotonic() - 60)
                with app.test_request_context("/"):
                    again = core_db.request_reader()
                    cursor = again.driver_connection.cursor()
                    cursor.execute("SELECT pg_backend_pid()")
                    assert cursor.fetchone()[0] != pid  # pinged, found dead, replaced
                    core_db.close_reader()
        finally:
            state.engine.dispose()
        assert not state.readers  # closed with the engine
