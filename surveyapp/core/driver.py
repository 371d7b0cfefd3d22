"""Statements run straight on the driver's connection, for the hottest paths (survey pages,
the events API, API keys): compiled once by SQLAlchemy, with its column types' processing,
but without the engine's per-statement and per-transaction bookkeeping."""

from __future__ import annotations

from contextlib import nullcontext
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy.dialects import postgresql, sqlite

from surveyapp.core.db import db, request_reader

#: Where a request's direct writes (surveyapp/core/writes.py) are kept, in ``flask.g``.
DIRECT_WRITES = "db_direct_writes"


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
    reads, and all writes, run in the session's transaction, on its connection; or, in a
    request that writes directly (:func:`surveyapp.core.writes.write_directly`), in that
    request's own transaction, where writes wait to be sent with what comes next.
    """

    def __init__(self, statement: Any) -> None:
        """``statement``, or a function that builds it for a dialect's name."""
        self.statement = statement
        self._compiled: dict[str, tuple[str, Any, list[tuple[int, Any]] | None]] = {}

    def rows(self, params: dict[str, Any], *, in_session: bool = False) -> list[tuple[Any, ...]]:
        """The rows (plain tuples); ``in_session`` reads in the session's transaction."""
        return together((self, params), in_session=in_session)[0]

    def run(self, params: dict[str, Any] | list[dict[str, Any]]) -> None:
        """Run in the session's transaction (once per row of a list); in a request that
        writes directly, sent with its next statements or its COMMIT."""
        writes = _direct_writes()
        if writes is not None:
            writes.defer([(self, params)])
            return
        run_on(session_driver_connection(), [(self, params)])

    def _compile(self, dialect: sa.Dialect) -> tuple[str, Any, list[tuple[int, Any]] | None]:
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
    if in_session:
        writes = _direct_writes()
        if writes is not None:
            return writes.run(list(statements))  # type: ignore[no-any-return]
        return run_on(session_driver_connection(), list(statements))
    return run_on(request_reader() or session_driver_connection(), list(statements))


class Command(Prepared):
    """A statement without parameters or rows that is never prepared: BEGIN, COMMIT."""

    def __init__(self, sql: str) -> None:
        super().__init__(sa.text(sql))
        self._compiled = dict.fromkeys(("postgresql", "sqlite"), (sql, _no_arguments, None))


def _no_arguments(_params: Any) -> None:
    return None


def run_on(connection: Any, statements: list[tuple[Prepared, Any]]) -> list[Any]:
    """Run ``statements`` on a pooled driver ``connection`` as :func:`together` does."""
    dialect = db.engine.dialect
    cursors = _cursors(connection, len(statements))
    try:
        with _pipeline(connection, len(statements)):
            for cursor, (prepared, params) in zip(cursors, statements, strict=True):
                sql, arguments, _ = prepared._compile(dialect)
                if isinstance(params, list):
                    cursor.executemany(sql, [arguments(row) for row in params])
                elif isinstance(prepared, Command) and dialect.name == "postgresql":
                    cursor.execute(sql, prepare=False)  # the server keeps no plan for it
                elif isinstance(prepared, Command):
                    cursor.execute(sql)
                else:
                    cursor.execute(sql, arguments(params))
        return [
            _rows(cursor, prepared._compile(dialect)[2])
            for cursor, (prepared, _) in zip(cursors, statements, strict=True)
        ]
    except BaseException:
        _, cursors = connection.info.pop(_CURSORS, (None, []))
        for cursor in cursors:  # start afresh
            cursor.close()
        raise


#: Where a pooled connection keeps its cursors, used again (opening one cost about as much as
#: running an indexed SELECT with it): the pool entry's ``info``, with the driver connection
#: they belong to. A pool entry that reconnects gets new ones; one the pool drops (overflow,
#: disposal) takes them with it.
_CURSORS = "surveyapp.cursors"


def _cursors(connection: Any, count: int) -> list[Any]:
    driver = connection.driver_connection
    owner, cursors = connection.info.get(_CURSORS, (None, None))
    if owner is not driver or cursors is None:
        cursors = []
        connection.info[_CURSORS] = (driver, cursors)
    while len(cursors) < count:
        cursors.append(driver.cursor())
    return cursors[:count]


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
        # inline(): no RETURNING of the new row's id, which SQLAlchemy adds otherwise
        statement = insert.inline().values({name: sa.bindparam(name) for name in columns})
        return statement.on_conflict_do_update(
            index_elements=conflict, set_={name: statement.excluded[name] for name in update}
        )

    return Prepared(build)


def among(dialect: str, column: Any, name: str) -> Any:
    """``column`` among the values of the parameter ``name``, a JSON array (text): one parameter
    however many values, so that the statement keeps one shape (and is compiled once)."""
    if dialect == "postgresql":
        values = sa.func.jsonb_array_elements_text(sa.cast(sa.bindparam(name), postgresql.JSONB))
        return column.in_(sa.select(values.column_valued()))
    return column.in_(
        sa.select(sa.column("value")).select_from(sa.func.json_each(sa.bindparam(name)))
    )


def _direct_writes() -> Any:
    return g.get(DIRECT_WRITES) if has_request_context() else None


def session_driver_connection() -> Any:
    session = db.session()
    session.flush()  # what the session holds goes first, as before its own statements
    return session.connection().connection


def _compile_prepared(
    statement: Any, dialect: sa.Dialect
) -> tuple[str, Any, list[tuple[int, Any]] | None]:
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

    if compiled.isinsert or compiled.isupdate or compiled.isdelete:
        columns = compiled.effective_returning
        if not columns:
            return compiled.string, arguments, None  # a write without RETURNING: no rows
    else:
        columns = statement.selected_columns
    processors = [
        (index, processor)
        for index, column in enumerate(columns)
        if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None))
    ]
    return compiled.string, arguments, processors


def _rows(cursor: Any, processors: list[tuple[int, Any]] | None) -> list[tuple[Any, ...]]:
    """A statement's rows, through its columns' result processors (None: a write)."""
    if processors is None:
        return []
    rows = cursor.fetchall()
    if not processors:
        return rows
    processed = []
    for row in rows:
        values = list(row)
        for index, process in processors:
            values[index] = process(values[index])
        processed.append(tuple(values))
    return processed
