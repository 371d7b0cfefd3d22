"""INSERT many rows in one statement on the session's driver connection, cheaply.

The engine's executemany costs more than the INSERT itself for batches of hundreds of rows
(its parameter processing, and its multi-row VALUES rendered afresh for each batch), so the
statement goes straight to the driver, in the session's transaction, with each value bound
by its column type as the engine would bind it:

- SQLite: one multi-row VALUES statement (the driver parses it in C);
- PostgreSQL: the rows as one JSON document read by ``jsonb_to_recordset`` (as the events
  API stores its batches): a short query psycopg parses once, where a VALUES list of a few
  thousand parameters would be parsed afresh for every batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from surveyapp.core.db import db

#: Parameters per SQLite statement, under its limit (32,766 since 3.32).
SQLITE_PARAMETERS = 30_000


def insert_rows(
    table: sa.Table,
    rows: list[dict[str, Any]],
    conflict: Sequence[str] = (),
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """INSERT ``rows`` (dicts with the same keys; column defaults are not applied), skipping
    those that clash with a row on the ``conflict`` columns when given; the ``returning``
    columns of the rows inserted."""
    if not rows:
        return []
    session = db.session()
    dialect = session.get_bind().dialect
    plan = _plan(dialect, table, tuple(rows[0]), tuple(conflict), tuple(returning))
    statements = plan.statements(rows)  # before the transaction begins (SQLite's write lock)
    session.flush()  # what the session holds goes first, as before its own statements
    cursor = session.connection().connection.cursor()
    found: list[Any] = []
    try:
        for sql, parameters in statements:
            cursor.execute(sql, parameters)
            if returning:
                found.extend(cursor.fetchall())
    finally:
        cursor.close()
    return [plan.processed(row) for row in found]


@dataclass(frozen=True)
class _Plan:
    """How to run one shape of insert on one database."""

    postgresql: bool
    sql: Callable[[int], str]
    binders: list[Any]
    columns: tuple[str, ...]
    results: list[Any]
    #: Which columns hold times (their bound values are kept for the batch).
    times: list[bool]

    def statements(self, rows: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        if self.postgresql:
            document = json.dumps(rows, default=_json_value, ensure_ascii=False)
            return [(self.sql(0), {"rows": document})]
        step = max(1, SQLITE_PARAMETERS // len(self.columns))
        return [(self.sql(len(chunk)), self._flat(chunk)) for chunk in _chunks(rows, step)]

    def _flat(self, rows: list[dict[str, Any]]) -> list[Any]:
        """The rows' values in order, bound; a time is bound once per batch (most rows of a
        batch share their times, and binding one costs more than the rest of a row)."""
        bound: list[Any] = []
        times: dict[Any, Any] = {}
        columns = list(zip(self.columns, self.binders, self.times, strict=True))
        for row in rows:
            for name, bind, is_time in columns:
                value = row[name]
                if bind is None:
                    bound.append(value)
                elif is_time:
                    key = (name, value)
                    if key not in times:
                        times[key] = bind(value)
                    bound.append(times[key])
                else:
                    bound.append(bind(value))
        return bound

    def processed(self, row: Sequence[Any]) -> tuple[Any, ...]:
        pairs = zip(self.results, row, strict=True)
        return tuple(value if process is None else process(value) for process, value in pairs)


@lru_cache(maxsize=32)
def _plan(
    dialect: sa.Dialect,
    table: sa.Table,
    columns: tuple[str, ...],
    conflict: tuple[str, ...],
    returning: tuple[str, ...],
) -> _Plan:
    results = [
        table.c[name].type.dialect_impl(dialect).result_processor(dialect, None)
        for name in returning
    ]
    if dialect.name == "postgresql":
        statement = _pg_statement(table, columns, conflict, returning)
        pg_sql = str(statement.compile(dialect=dialect))
        return _Plan(True, lambda _count: pg_sql, [], columns, results, [])
    binders = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    quote = dialect.identifier_preparer.quote
    head = f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) VALUES "
    tail = f" ON CONFLICT ({', '.join(quote(c) for c in conflict)}) DO NOTHING" if conflict else ""
    tail += f" RETURNING {', '.join(quote(c) for c in returning)}" if returning else ""
    row = f"({', '.join('?' for _ in columns)})"
    times = [_is_time(table.c[name].type) for name in columns]

    def sql(count: int) -> str:
        return head + ", ".join([row] * count) + tail

    return _Plan(False, sql, binders, columns, results, times)


def _pg_statement(
    table: sa.Table, columns: tuple[str, ...], conflict: tuple[str, ...], returning: tuple[str, ...]
) -> Any:
    """INSERT ... SELECT ... FROM jsonb_to_recordset(:rows) AS batch(column type, ...)."""
    dialect = postgresql.dialect()
    record = ", ".join(
        f"{name} {table.c[name].type.dialect_impl(dialect).compile(dialect=dialect)}"
        for name in columns
    )
    source = sa.text(f"jsonb_to_recordset(CAST(:rows AS jsonb)) AS batch({record})")
    select = sa.select(*(sa.column(name) for name in columns)).select_from(source)
    statement = postgresql.insert(table).from_select(list(columns), select)
    if conflict:
        statement = statement.on_conflict_do_nothing(index_elements=list(conflict))
    if returning:
        statement = statement.returning(*(table.c[name] for name in returning))
    return statement


def _is_time(column_type: Any) -> bool:
    return isinstance(getattr(column_type, "impl", column_type), sa.DateTime)


def _chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # as UTCDateTime: no guessing which zone it meant
            raise ValueError(f"naive datetime {value!r} given; store timezone-aware UTC only")
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot go into a batch document")
