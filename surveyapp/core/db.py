"""The database: declarative base, engine set-up, and the session every feature uses."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g, has_app_context, has_request_context
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, scoped_session
from sqlalchemy.types import TypeDecorator

from surveyapp.core.sqlite_writers import WriterQueueConnection

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no offset)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given; store timezone-aware UTC only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: JSON documents: JSONB on PostgreSQL (indexable, compact), JSON text elsewhere.
JSONDocument = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSONDocument}


class IdMixin:
    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-10)


@dataclass
class AppDatabase:
    """One app's engine, and what its sessions bind to (tests bind a single connection)."""

    engine: Engine
    bind: Engine | sa.Connection
    join_transaction_mode: str = "conditional_savepoint"
    #: Reading connections kept between requests: thread ident -> (connection, last used).
    readers: dict[int, tuple[Any, float]] = field(default_factory=dict)

    def close_readers(self) -> None:
        """Close the reading connections kept (when the engine is disposed)."""
        while self.readers:
            _, (reader, _) = self.readers.popitem()
            reader.invalidate()  # closes the driver's connection, not returned to the pool


class Database:
    """The session every feature uses: one per thread and app, removed with the app context."""

    def __init__(self) -> None:
        self.session = scoped_session(self._new_session, scopefunc=_session_scope)

    def init_app(self, app: Flask) -> None:
        engine = create_engine(app.config["DATABASE_URL"])
        state = app.extensions["surveyapp.db"] = AppDatabase(engine=engine, bind=engine)
        sa.event.listen(engine, "engine_disposed", lambda _engine: state.close_readers())
        app.teardown_appcontext(self._end_app_context)

    def _end_app_context(self, _error: BaseException | None) -> None:
        close_reader()
        self.session.remove()

    @property
    def engine(self) -> Engine:
        return _state().engine

    def _new_session(self) -> Session:
        state = _state()
        return Session(
            bind=state.bind,
            expire_on_commit=False,
            join_transaction_mode=state.join_transaction_mode,
        )  # type: ignore[arg-type]


def _state() -> AppDatabase:
    return current_app.extensions["surveyapp.db"]  # type: ignore[no-any-return]


def engine_and_bind() -> tuple[Engine, Engine | sa.Connection]:
    """The app's engine, and what its sessions bind to (a connection, in tests)."""
    state = _state()
    return state.engine, state.bind


def _session_scope() -> tuple[int, int]:
    app_id = id(current_app._get_current_object()) if has_app_context() else 0  # type: ignore[attr-defined]
    return threading.get_ident(), app_id


def create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        connect_args = {"timeout": 30, "factory": WriterQueueConnection}
        engine = sa.create_engine(url, connect_args=connect_args)
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    engine = sa.create_engine(url)
    sa.event.listen(engine, "checkin", _note_idle)
    sa.event.listen(engine, "checkout", _ping_if_idle)
    return engine


#: A pooled connection idle this long is pinged before use (a server restart or an idle
#: timeout may have closed it). Busy connections are not: a ping per request would be one
#: more round trip than most requests make.
PING_AFTER_IDLE_SECONDS = 5.0


def _note_idle(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()
    except Exception as error:  # the pool replaces the connection and tries again
        raise sa.exc.DisconnectionError(str(error)) from error


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (below), so that writers can take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_on_begin(connection: sa.Connection) -> None:
    # A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when
    # another writer got in between. So requests read in deferred transactions and call
    # start_writing() before they write; outside requests (CLI, jobs) every transaction
    # takes the write lock up front.
    # Straight to the driver: through exec_driver_sql, BEGIN cost as much as a query. Writers
    # queue on the writer lock first (surveyapp/core/sqlite_writers.py).
    driver = connection.connection.driver_connection
    if has_request_context() and not g.get("db_write_intent"):
        driver.execute("BEGIN")
    elif isinstance(driver, WriterQueueConnection):
        driver.begin_writing()
    else:
        driver.execute("BEGIN IMMEDIATE")


def request_reader() -> Any:
    """This request's reading connection (a pooled DBAPI connection in autocommit), or None
    when its reads go through the session (see :class:`surveyapp.core.driver.Prepared`).

    A thread keeps its reading connection checked out from one request to the next (up to
    :data:`KEPT_READERS` threads a process): checking one out and back in, and switching
    autocommit on and off, cost a tenth of a survey page view. One idle longer than
    :data:`PING_AFTER_IDLE_SECONDS` is pinged first, as the pool does with its own.
    """
    state = _state()
    bind = state.bind
    if not has_request_context() or g.get("db_write_intent") or not isinstance(bind, Engine):
        return None
    reader = g.get("db_reader")
    if reader is None:
        reader = _kept_reader(state)
        if reader is None:
            reader = bind.raw_connection()
            if bind.dialect.name == "postgresql":
                reader.driver_connection.autocommit = True  # SQLite's has no BEGIN of its own
        g.db_reader = reader
    return reader


def close_reader() -> None:
    """Done reading for this request: the connection is kept for the thread's next request,
    or given back to the pool as it came."""
    reader = g.pop("db_reader", None) if has_app_context() else None
    if reader is None:
        return
    state = _state()
    postgres = state.engine.dialect.name == "postgresql"
    if _reusable(reader.driver_connection, postgres):
        with _KEEPING:
            if len(state.readers) < KEPT_READERS:
                state.readers[threading.get_ident()] = (reader, time.monotonic())
                return
    try:
        driver = reader.driver_connection
        if postgres and not driver.closed:
            driver.rollback()  # one left in a transaction: autocommit cannot change before
            driver.autocommit = False  # back as the pool gave it
    finally:
        reader.close()


_KEEPING = threading.Lock()


#: Threads of a process that keep a reading connection between requests (a sync gunicorn
#: worker has one); others check one out for each request. The pool has room for more. A
#: thread that ends leaves its connection kept until a new thread gets its ident or the
#: engine is disposed (servers that start a thread per request keep at most these).
KEPT_READERS = 4


def _kept_reader(state: AppDatabase) -> Any:
    """The reading connection this thread kept, if it is still good."""
    kept = state.readers.pop(threading.get_ident(), None)
    if kept is None:
        return None
    reader, last_used = kept
    if time.monotonic() - last_used < PING_AFTER_IDLE_SECONDS:
        return reader
    try:
        cursor = reader.driver_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        return reader
    except Exception:  # a server restart, an idle timeout: a fresh one from the pool
        reader.invalidate()
        reader.close()
        return None


def _reusable(driver: Any, postgres: bool) -> bool:
    if postgres:
        status = driver.info.transaction_status
        return not driver.closed and not driver.broken and status.name == "IDLE"
    return not driver.in_transaction


def start_writing() -> None:
    """End this request's reading transaction; the next one takes SQLite's write lock first.

    A request calls it once it has read and validated everything, so that the write lock is
    held only for the writes. On PostgreSQL it only ends the (read-only so far) transaction.
    """
    if has_request_context():
        g.db_write_intent = True
    close_reader()
    if db.session.registry.has() and db.session().in_transaction():
        db.session.commit()


def insert_or_ignore(
    table: sa.Table, values: dict[str, Any], conflict: list[str] | None = None
) -> bool:
    """INSERT a row unless one with the same ``conflict`` columns (by default: any unique
    key) exists, race-free; True if the row was inserted."""
    return insert_or_ignore_id(table, values, conflict) is not None


def insert_or_ignore_id(
    table: sa.Table, values: dict[str, Any], conflict: list[str] | None = None
) -> Any:
    """Like :func:`insert_or_ignore`; the new row's primary key, or None if none was added."""
    statement = _insert_statement(_dialect(), table, tuple(conflict or ()), None)
    # RETURNING, not rowcount: drivers may report -1 for INSERT ... ON CONFLICT.
    returning = statement.returning(*table.primary_key.columns)
    return db.session.execute(returning, values).scalar()


def upsert(
    table: sa.Table, rows: list[dict[str, Any]], conflict: list[str], update: list[str]
) -> None:
    """INSERT rows, or UPDATE the ``update`` columns of rows with the same ``conflict`` key."""
    if rows:
        statement = _insert_statement(_dialect(), table, tuple(conflict), tuple(update))
        db.session.execute(statement, rows)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def dialect_insert(table: sa.Table) -> Any:
    """An INSERT that knows ON CONFLICT, for the database in use (SQLite or PostgreSQL)."""
    return (postgresql.insert if _dialect() == "postgresql" else sqlite.insert)(table)


@lru_cache(maxsize=64)
def _insert_statement(
    dialect: str, table: sa.Table, conflict: tuple[str, ...], update: tuple[str, ...] | None
) -> Any:
    # Built once per shape: constructing ON CONFLICT clauses costs more than running them.
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    if update is None:
        return statement.on_conflict_do_nothing(index_elements=list(conflict) or None)
    return statement.on_conflict_do_update(
        index_elements=list(conflict), set_={name: statement.excluded[name] for name in update}
    )


db = Database()
