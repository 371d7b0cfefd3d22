"""A Redis database of its own for one test: parallel runs never share queues or keys."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from redis import Redis

from tests.support.services import REDIS_HOST, REDIS_PORT, missing, port_open

#: Databases 0 and 1 are the README's defaults for a real deployment: never touched.
CANDIDATES = range(15, 1, -1)
CLAIM = "surveyapp-test:claimed-by"


@contextmanager
def claimed_database() -> Iterator[str]:
    """The URL of an empty Redis database, claimed for this test and emptied afterwards.

    A database is claimed only if it is empty (so nothing of anyone else's is ever flushed)
    and with SET NX (so two runs never claim the same one).
    """
    if not port_open(REDIS_HOST, REDIS_PORT):
        missing("Redis")
    for number in CANDIDATES:
        client = Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        if client.dbsize() == 0 and client.set(CLAIM, os.getpid(), nx=True, ex=3600):
            break
        client.close()
    else:
        raise RuntimeError(f"no empty Redis database among {list(CANDIDATES)} on {REDIS_PORT}")
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
    finally:
        client.flushdb()
        client.close()
