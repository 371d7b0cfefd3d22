"""SQLite connections whose write transactions queue on an OS lock beside the database file.

SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps and
retries with growing sleeps (1, 2, 5, 10 ... 100 ms). Under a steady stream of short writes
from several processes, a waiting writer keeps waking to find the lock taken again, sleeps
longer each time, and a save that needs a millisecond can wait a tenth of a second. Taking
an exclusive ``flock`` on ``<database>-writers`` before ``BEGIN IMMEDIATE`` makes writers
wait for each other there instead, trying again every quarter of a millisecond at most, so
the next one starts within that of the lock being let go (after the COMMIT or ROLLBACK).
A writer that waited as long as the connection's timeout goes on to SQLite, whose busy
handler then answers as it would have. SQLite's own locking still decides what is safe:
this only orders the writers that go through these connections.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from typing import Any

#: The threads holding a writer lock: a thread that already holds one (through another
#: connection of its own) does not wait for it again, or it would wait for itself.
_holders: set[int] = set()


class WriterQueueConnection(sqlite3.Connection):
    """A ``sqlite3`` connection (``factory=``) with :meth:`begin_writing`."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._timeout = float(args[0] if args else kwargs.get("timeout", 5.0))
        self._lock_path = _lock_path(database)
        self._lock_fd: int | None = None
        self._holder: int | None = None  # the thread that took the lock, while it is held

    def begin_writing(self) -> None:
        """``BEGIN IMMEDIATE``, once the writer lock is ours (where there is a file for it)."""
        self._lock()
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._unlock()
            raise

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._unlock()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._unlock()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._unlock()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    def _lock(self) -> None:
        thread = threading.get_ident()
        if self._lock_path is None or thread in _holders:
            return
        if self._lock_fd is None:
            try:
                self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:  # e.g. a read-only folder: SQLite's busy handler alone
                self._lock_path = None
                return
        if _wait_for(self._lock_fd, self._timeout):
            self._holder = thread
            _holders.add(thread)

    def _unlock(self) -> None:
        if self._holder is not None and self._lock_fd is not None:
            _holders.discard(self._holder)
            self._holder = None
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)


#: The longest pause between two tries for the writer lock, in seconds.
LONGEST_PAUSE = 0.00025


def _wait_for(lock_fd: int, timeout: float) -> bool:
    """Take the lock, trying again after short pauses; False if ``timeout`` passed first."""
    deadline = time.monotonic() + timeout
    pause = LONGEST_PAUSE / 8
    while True:
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)


def _lock_path(database: Any) -> str | None:
    name = os.fspath(database) if isinstance(database, str | os.PathLike) else ""
    if not name or name == ":memory:" or name.startswith("file:"):
        return None  # in memory, or a URI: no file of its own to lock beside
    return f"{name}-writers"
