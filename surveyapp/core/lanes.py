"""Lanes: a job fans out over several Celery workers without ever flooding the queue.

A chain of tasks holds a lane, a Redis key with a random token that expires (redis-py's
``Lock``). Each task of the chain does a bounded piece of work and, while more is due, keeps
its lane and enqueues the next task of the chain; when the work runs out it frees the lane.
The periodic tick only starts chains on free lanes, so however long a backlog lasts, at most
``count`` tasks of a job are queued or running. A task whose lane expired (its chain stalled
longer than the expiry) and was taken by a new chain ends quietly: the jobs are idempotent.
"""

from __future__ import annotations

import secrets
from contextlib import suppress
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import LockError
from redis.lock import Lock


@dataclass(frozen=True)
class Lane:
    """Lane ``number`` of ``job``, held by the chain that knows ``token``."""

    job: str
    number: int
    token: str

    def lock(self, client: Redis, expire_seconds: float) -> Lock:
        lock = Lock(client, f"surveyapp:lane:{self.job}:{self.number}", expire_seconds)
        lock.local.token = self.token.encode()
        return lock


def take_free(client: Redis, job: str, count: int, expire_seconds: float) -> list[Lane]:
    """The free lanes among the first ``count`` of ``job``, now held by new chains."""
    taken = []
    for number in range(count):
        lane = Lane(job, number, secrets.token_hex(8))
        if lane.lock(client, expire_seconds).acquire(blocking=False, token=lane.token):
            taken.append(lane)
    return taken


def keep(client: Redis, lane: Lane, expire_seconds: float) -> bool:
    """Hold the lane ``expire_seconds`` more; False if the chain lost it."""
    try:
        return lane.lock(client, expire_seconds).extend(expire_seconds, replace_ttl=True)
    except LockError:
        return False


def free(client: Redis, lane: Lane) -> None:
    """Let the next tick start a chain on this lane (unless the chain lost it already)."""
    with suppress(LockError):
        lane.lock(client, 1).release()
