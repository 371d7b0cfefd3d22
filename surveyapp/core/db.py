"""The database: declarative base, engine set-up, and the session every feature uses."""

from __future__ import annotations

import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass
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


class Database:
    """The session every feature uses: one per thread and app, removed with the app context."""

    def __init__(self) -> None:
        self.session = scoped_session(self._new_session, scopefunc=_session_scope)

    def init_app(self, app: Flask) -> None:
        engine = create_engine(app.config["DATABASE_URL"])
        app.extensions["surveyapp.db"] = AppDatabase(engine=engine, bind=engine)
        app.teardown_appcontext(self._end_app_context)

    def _end_app_context(self, _error: BaseException | None) -> None:
        _close_reader()
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


class Prepared:
    """A statement run straight on the driver's cursor, for the survey pages' hot path.

    The engine's bookkeeping for a statement and its transaction costs several times what
    an indexed SELECT or a one-row write does; the survey page, read on every view and
    saved on every step, is worth doing without it. The statement is compiled once per
    dialect; parameters and results go through the column types' own processing, as the
    engine would do. It must name every column it writes: column defaults are not applied.

    Reads of a request that has not written, nor said it will (:func:`start_writing`), run
    on a pooled connection of their own, outside the session, in autocommit: each sees what
    was committed when it ran (on PostgreSQL as on SQLite) and takes no lock. That
    connection is given back by :func:`start_writing` or at the end of the request. Other
    reads, and all writes, run in the session's transaction, on its connection.
    """

    def __init__(self, statement: Any) -> None:
        """``statement``, or a function that builds it for a dialect's name."""
        self.statement = statement
        self._compiled: dict[str, tuple[str, Any, list[Any]]] = {}

    def rows(self, params: dict[str, Any], *, in_session: bool = False) -> list[tuple[Any, ...]]:
        """The rows (plain tuples); ``in_session`` reads in the session's transaction."""
        connection = (None if in_session else _reader()) or _session_driver_connection()
        return _run_together(connection, [(self, params)])[0]

    def run(self, params: dict[str, Any] | list[dict[str, Any]]) -> None:
        """Run in the session's transaction (once per row of a list)."""
        _run_together(_session_driver_connection(), [(self, params)])

    def _compile(self, dialect: sa.Dialect) -> tuple[str, Any, list[Any]]:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            statement = self.statement
            if callable(statement):
                statement = statement(dialect.name)
            self._compiled[dialect.name] = compiled = _compile_prepared(statement, dialect)
        return compiled


def together(
    *statements: tuple[Prepared, Any], in_session: bool = True
) -> list[list[tuple[Any, ...]]]:
    """Run prepared statements sent together: on PostgreSQL in one pipeline (one round trip
    instead of one each; the server still runs each after the one before, as sent),
    elsewhere one after the other. Each with its parameters (a list: once per row). In the
    session's transaction, or (``in_session=False``) as :meth:`Prepared.rows` reads.
    Returns each statement's rows (none for writes)."""
    connection = (None if in_session else _reader()) or _session_driver_connection()
    return _run_together(connection, list(statements))


def _run_together(connection: Any, statements: list[tuple[Prepared, Any]]) -> list[Any]:
    dialect = _state().engine.dialect
    cursors = []
    try:
        with _pipeline(connection, len(statements)):
            for prepared, params in statements:
                sql, arguments, _ = prepared._compile(dialect)
                cursor = connection.cursor()
                cursors.append(cursor)
                if isinstance(params, list):
                    cursor.executemany(sql, [arguments(row) for row in params])
                else:
                    cursor.execute(sql, arguments(params))
        return [
            [_processed(row, prepared._compile(dialect)[2]) for row in cursor.fetchall()]
            if cursor.description
            else []
            for cursor, (prepared, _) in zip(cursors, statements, strict=True)
        ]
    finally:
        for cursor in cursors:
            cursor.close()


def _pipeline(connection: Any, statements: int) -> Any:
    pipeline = getattr(connection.driver_connection, "pipeline", None)  # psycopg 3
    if statements < 2 or pipeline is None or not _pipelines_work():
        return nullcontext()
    return pipeline()


@lru_cache(maxsize=1)
def _pipelines_work() -> bool:
    from psycopg import Pipeline

    return bool(Pipeline.is_supported())


def prepared_upsert(
    table: sa.Table, columns: list[str], conflict: list[str], update: list[str]
) -> Prepared:
    """INSERT ``columns`` (parameters of the same names), or UPDATE the ``update`` columns
    of the row with the same ``conflict`` key: as :func:`upsert`, prepared."""

    def build(dialect: str) -> Any:
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
        statement = insert.values({name: sa.bindparam(name) for name in columns})
        return statement.on_conflict_do_update(
            index_elements=conflict, set_={name: statement.excluded[name] for name in update}
        )

    return Prepared(build)


def _session_driver_connection() -> Any:
    session = db.session()
    session.flush()  # what the session holds goes first, as before its own statements
    return session.connection().connection


def _compile_prepared(statement: Any, dialect: sa.Dialect) -> tuple[str, Any, list[Any]]:
    compiled = statement.compile(dialect=dialect)
    binders = {
        name: bind.type.dialect_impl(dialect).bind_processor(dialect)
        for name, bind in compiled.binds.items()
    }
    positions = compiled.positiontup if dialect.positional else None

    def arguments(params: dict[str, Any]) -> Any:
        values = compiled.construct_params(params)
        for name, binder in binders.items():
            if binder is not None and name in values:
                values[name] = binder(values[name])
        return [values[name] for name in positions] if positions is not None else values

    columns = getattr(statement, "selected_columns", ())  # none for writes
    processors = [
        column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
    ]
    return compiled.string, arguments, processors


def _processed(row: Any, processors: list[Any]) -> tuple[Any, ...]:
    pairs = zip(processors, row, strict=True)
    return tuple(value if process is None else process(value) for process, value in pairs)


def _reader() -> Any:
    """This request's reading connection (a pooled DBAPI connection in autocommit), or None
    when its reads go through the session (see :class:`Prepared`)."""
    bind = _state().bind
    if not has_request_context() or g.get("db_write_intent") or not isinstance(bind, Engine):
        return None
    reader = g.get("db_reader")
    if reader is None:
        reader = g.db_reader = bind.raw_connection()
        if bind.dialect.name == "postgresql":
            reader.driver_connection.autocommit = True  # SQLite's has no BEGIN of its own
    return reader


def _close_reader() -> None:
    reader = g.pop("db_reader", None) if has_app_context() else None
    if reader is None:
        return
    try:
        if _state().engine.dialect.name == "postgresql":
            reader.driver_connection.autocommit = False  # back as the pool gave it
    finally:
        reader.close()


def start_writing() -> None:
    """End this request's reading transaction; the next one takes SQLite's write lock first.

    A request calls it once it has read and validated everything, so that the write lock is
    held only for the writes. On PostgreSQL it only ends the (read-only so far) transaction.
    """
    if has_request_context():
        g.db_write_intent = True
    _close_reader()
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
