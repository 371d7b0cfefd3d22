"""SQLite writers queue on the writer lock beside the database, and never wait for
themselves."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from surveyapp.core import sqlite_writers
from surveyapp.core.sqlite_writers import WriterQueueConnection


def _connect(path: Path, timeout: float = 30) -> WriterQueueConnection:
    connection = sqlite3.connect(
        path, factory=WriterQueueConnection, timeout=timeout, check_same_thread=False
    )
    connection.isolation_level = None
    return connection  # type: ignore[return-value]


def test_a_writer_waits_for_the_one_holding_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "queue.db"
    first, second = _connect(path), _connect(path)
    first.execute("CREATE TABLE saves (who TEXT)")
    first.begin_writing()
    first.execute("INSERT INTO saves VALUES ('first')")
    order: list[str] = []

    def write_second() -> None:
        second.begin_writing()
        order.append("second began")
        second.execute("INSERT INTO saves VALUES ('second')")
        second.commit()

    waiting = threading.Thread(target=write_second)
    waiting.start()
    waiting.join(timeout=0.5)
    assert waiting.is_alive() and order == []  # queued on the lock, not in SQLite
    order.append("first commits")
    first.commit()
    waiting.join(timeout=30)
    assert order == ["first commits", "second began"]
    assert [row[0] for row in first.execute("SELECT who FROM saves")] == ["first", "second"]
    assert (tmp_path / "queue.db-writers").exists()
    first.close()
    second.close()


def test_rollback_and_close_let_the_lock_go(tmp_path: Path) -> None:
    path = tmp_path / "queue.db"
    one = _connect(path)
    one.begin_writing()
    one.rollback()
    two = _connect(path)
    two.begin_writing()
    two.close()  # without commit or rollback
    one.begin_writing()
    one.commit()
    assert not sqlite_writers._holders
    one.close()


def test_a_thread_never_waits_for_its_own_lock(tmp_path: Path) -> None:
    path = tmp_path / "queue.db"
    outer, inner = _connect(path), _connect(path, timeout=0.05)
    outer.begin_writing()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        inner.begin_writing()  # SQLite's busy handler answers, as without the queue
    outer.commit()
    inner.begin_writing()
    inner.commit()
    assert not sqlite_writers._holders
    outer.close()
    inner.close()


def test_a_writer_that_waited_its_timeout_meets_sqlites_answer(tmp_path: Path) -> None:
    path = tmp_path / "queue.db"
    holder, impatient = _connect(path), _connect(path, timeout=0.05)
    holder.begin_writing()
    failures: list[Exception] = []

    def write() -> None:
        try:
            impatient.begin_writing()
        except sqlite3.OperationalError as error:
            failures.append(error)

    other = threading.Thread(target=write)
    other.start()
    other.join(timeout=30)
    assert not other.is_alive()
    assert len(failures) == 1 and "locked" in str(failures[0])
    holder.commit()
    assert not sqlite_writers._holders
    holder.close()
    impatient.close()


def test_databases_without_a_file_have_no_lock() -> None:
    memory = _connect(":memory:")  # type: ignore[arg-type]
    memory.begin_writing()
    memory.commit()
    assert not sqlite_writers._holders
    memory.close()
