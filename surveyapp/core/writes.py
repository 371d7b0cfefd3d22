"""A request's writes sent straight on a pooled driver connection, in a transaction of its
own: the respondent's pages, where the session's bookkeeping cost more than the statements.

A view calls :func:`write_directly` where it would call :func:`~surveyapp.core.db.
start_writing`; from then on the request's prepared statements (:mod:`surveyapp.core.driver`)
run in that transaction, and the response commits or rolls it back
(:mod:`surveyapp.core.requests`). On PostgreSQL its BEGIN goes with the first statements
and its writes wait to be sent with what comes next: the writes of a page save go with the
COMMIT, one round trip. On SQLite the transaction takes the write lock at once (as
:func:`~surveyapp.core.db.start_writing` does), and statements run when called.

The session is not part of that transaction: it may still read, but a write through it
(which would wait for the locks this transaction holds) raises at once.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session

from surveyapp.core.db import close_reader, db, engine_and_bind, start_writing
from surveyapp.core.driver import (
    DIRECT_WRITES,
    Command,
    Prepared,
    run_on,
    session_driver_connection,
)
from surveyapp.core.sqlite_writers import WriterQueueConnection

Statements = list[tuple[Prepared, Any]]

BEGIN = Command("BEGIN")
COMMIT = Command("COMMIT")


class DirectWrites:
    """One request's transaction on a pooled driver connection (``connection``), or, with
    None, in the session's transaction: tests bind the session to one connection, which
    holds their data, and the session then commits as usual."""

    def __init__(self, connection: Any | None, dialect: str) -> None:
        self.connection = connection
        self.dialect = dialect
        self.pending: Statements = []
        self.begun = dialect != "postgresql"  # SQLite's transaction began with the lock
        self.ended = False  # rolled back: nothing more may be written

    def run(self, statements: Statements) -> list[Any]:
        """Run the pending writes and then ``statements``; the rows of ``statements``."""
        self._check_open()
        batch = [*self._take_pending(), *statements]
        if self.connection is None:
            return run_on(session_driver_connection(), batch)[-len(statements) :]
        if not self.begun:
            batch.insert(0, (BEGIN, None))
            self.begun = True
        return run_on(self.connection, batch)[-len(statements) :]

    def defer(self, statements: Statements) -> None:
        """Send ``statements`` (writes: no rows) with the next ones, or with the COMMIT."""
        self._check_open()
        self.pending.extend(statements)

    def commit(self) -> None:
        if self.ended:
            return  # rolled back already: nothing to commit
        pending = self._take_pending()
        if self.connection is None:  # the session commits, on the same connection
            if pending:
                run_on(session_driver_connection(), pending)
            return
        if self.dialect == "postgresql":
            if pending or self.begun:
                begin = [] if self.begun else [(BEGIN, None)]
                run_on(self.connection, [*begin, *pending, (COMMIT, None)])
                self.begun = False
            return
        if pending:
            run_on(self.connection, pending)
        self.connection.driver_connection.commit()  # and lets the next writer in

    def roll_back(self) -> None:
        """Drop the pending writes and end the transaction, letting its locks go."""
        self.pending.clear()
        self.ended = True
        if self.connection is not None:
            self.connection.driver_connection.rollback()

    def release(self) -> None:
        """Give the connection back to the pool, as it came (ends an unfinished one)."""
        if self.connection is None:
            return
        try:
            self.connection.driver_connection.rollback()  # nothing to do once committed
            if self.dialect == "postgresql":
                self.connection.driver_connection.autocommit = False
        finally:
            self.connection.close()

    def _check_open(self) -> None:
        if self.ended:
            raise RuntimeError("this request's direct writes were rolled back: write no more")

    def _take_pending(self) -> Statements:
        pending, self.pending = self.pending, []
        return pending


def write_directly() -> None:
    """From here on, this request writes through prepared statements in a transaction of its
    own (see the module's docstring); its reads so far end, as with ``start_writing``."""
    if g.get(DIRECT_WRITES) is not None:
        return
    engine, bind = engine_and_bind()
    if not isinstance(bind, Engine):
        start_writing()
        setattr(g, DIRECT_WRITES, DirectWrites(None, engine.dialect.name))
        return
    close_reader()
    if db.session.registry.has() and db.session().in_transaction():
        db.session.commit()  # a read (say, a bank's document): nothing of it is kept
    connection = engine.raw_connection()
    try:
        driver = connection.driver_connection
        if engine.dialect.name == "postgresql":
            driver.autocommit = True  # BEGIN is sent with the first statements
        elif isinstance(driver, WriterQueueConnection):
            driver.begin_writing()
        else:
            driver.execute("BEGIN IMMEDIATE")
    except BaseException:
        connection.close()
        raise
    setattr(g, DIRECT_WRITES, DirectWrites(connection, engine.dialect.name))


def abandon_writes() -> None:
    """Roll back what this request wrote directly so far, now (its locks go at once)."""
    writes = g.get(DIRECT_WRITES)
    if writes is not None:
        writes.roll_back()


def finish_direct_writes(commit: bool) -> None:
    """Commit (or roll back) and release this request's direct writes, if it has any."""
    writes = g.pop(DIRECT_WRITES, None)
    if writes is None:
        return
    try:
        if commit:
            writes.commit()
        else:
            writes.roll_back()
    finally:
        writes.release()


def _writing_beside_direct_writes() -> bool:
    if not has_request_context():
        return False
    writes = g.get(DIRECT_WRITES)
    return writes is not None and writes.connection is not None


@sa.event.listens_for(Session, "do_orm_execute")
def _refuse_statement(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and (
        _writing_beside_direct_writes()
    ):
        raise RuntimeError(SESSION_WRITE_REFUSED)


@sa.event.listens_for(Session, "before_flush")
def _refuse_flush(session: Session, _context: Any, _instances: Any) -> None:
    if (session.new or session.dirty or session.deleted) and _writing_beside_direct_writes():
        raise RuntimeError(SESSION_WRITE_REFUSED)


SESSION_WRITE_REFUSED = (
    "this request writes directly (surveyapp.core.writes): a write through the session "
    "would be a second transaction, waiting for the first one's locks; use core.driver "
    "statements instead"
)
