"""The SMTP rate limit (SMTP_RATE_PER_MINUTE): sends evenly spaced, in one process or, with
a Redis broker, across every worker.

Both keep the time of the next free send slot and hand slots out one interval apart (a
leaky bucket used as a meter, with no burst). Shared through Redis, the slot lives in one
key, moved by a script on Redis's clock, so all workers draw from one schedule.
"""

from __future__ import annotations

import time

from flask import current_app
from redis import Redis

from surveyapp.core.jobs import broker_redis

# KEYS[1]: the next free slot (microseconds, Redis clock); ARGV[1]: microseconds between
# sends. Takes the next slot; returns how many microseconds until it.
_TAKE_SLOT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local slot = math.max(tonumber(redis.call('GET', KEYS[1]) or 0), now)
local interval = tonumber(ARGV[1])
local keep_ms = math.ceil((slot - now + interval) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', slot + interval), 'PX', keep_ms)
return slot - now
"""


class RateLimiter:
    """At most ``per_minute`` sends a minute in this process, evenly spaced (0: no limit)."""

    def __init__(self, per_minute: int) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.next_at = 0.0

    def wait(self) -> None:
        if not self.interval:
            return
        pause = self.next_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self.next_at = max(self.next_at, time.monotonic()) + self.interval


class SharedRateLimiter:
    """At most ``per_minute`` sends a minute across every process that uses ``key`` on the
    same Redis, evenly spaced."""

    def __init__(self, client: Redis, key: str, per_minute: int) -> None:
        self.interval_us = round(60_000_000 / per_minute)
        self.key = key
        self.take_slot = client.register_script(_TAKE_SLOT)

    def reserve(self) -> float:
        """Take the next free slot; the seconds until it."""
        return int(self.take_slot(keys=[self.key], args=[self.interval_us])) / 1_000_000

    def wait(self) -> None:
        pause = self.reserve()
        if pause > 0:
            time.sleep(pause)


_LIMITERS: dict[tuple[Redis | None, str, int], RateLimiter | SharedRateLimiter] = {}


def rate_limiter(per_minute: int) -> RateLimiter | SharedRateLimiter:
    """The limiter for the app's SMTP server: shared through the broker's Redis when there
    is one, else one per process and rate, so that the pace holds across passes."""
    client = broker_redis() if per_minute > 0 else None
    if client is None:
        return _LIMITERS.setdefault((None, "", per_minute), RateLimiter(per_minute))
    config = current_app.config
    key = f"surveyapp:smtp-slots:{config['SMTP_HOST']}:{config['SMTP_PORT']}"
    if (client, key, per_minute) not in _LIMITERS:
        _LIMITERS[client, key, per_minute] = SharedRateLimiter(client, key, per_minute)
    return _LIMITERS[client, key, per_minute]
