"""Background jobs on Celery when a broker is configured (scale-out), run in-process otherwise.

With ``SURVEYAPP_BROKER_URL`` (e.g. redis://127.0.0.1:6379/0) the scheduler and the sender run
as Celery tasks in several worker processes, with Celery beat calling them periodically; without
it, ``surveyapp worker`` runs the same functions in one process. Jobs take ids, not ORM objects;
a Celery process builds the Flask app once (surveyapp/core/celery_worker.py).
"""

from __future__ import annotations

import gc
from functools import lru_cache
from typing import Any

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask, current_app, has_app_context
from redis import Redis

_worker_app: list[Flask] = []


class AppContextTask(Task):  # type: ignore[misc]
    """Runs in the caller's app context, or in the app of the Celery process."""

    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if has_app_context() or not _worker_app:
            return super().__call__(*args, **kwargs)
        with _worker_app[-1].app_context():
            return super().__call__(*args, **kwargs)


celery = Celery("surveyapp", task_cls=AppContextTask)


def init_app(app: Flask) -> None:
    """Configure Celery from the app: its broker, or eager mode when there is none."""
    broker = app.config.get("BROKER_URL")
    every = app.config["WORKER_INTERVAL_SECONDS"]
    celery.conf.update(
        broker_url=broker or "memory://",
        task_always_eager=not broker,
        task_eager_propagates=True,
        task_ignore_result=True,
        task_acks_late=True,  # a worker killed mid-task leaves the task to another
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        beat_schedule={
            "schedule-invitations": {"task": "surveyapp.schedule_due", "schedule": every},
            "send-mail": {"task": "surveyapp.send_due", "schedule": every},
            # The CS pages' cached analysis (surveyapp/insights/tasks.py), every 15 minutes.
            "refresh-insights": {"task": "surveyapp.refresh_insights", "schedule": 15 * 60},
            # The weekly at-risk digest to CS owners: Mondays, tried every hour from 07:00 UTC
            # (once per owner and week however often it runs; a missed hour is caught up).
            "weekly-digest": {
                "task": "surveyapp.weekly_digest",
                "schedule": crontab(minute=0, hour="7-23", day_of_week="mon"),
            },
        },
    )
    app.extensions["surveyapp.celery"] = celery


def broker_redis() -> Redis | None:
    """The broker's Redis, where workers coordinate (send lanes, the SMTP rate); None
    without a Redis broker (jobs then run eagerly, or on a broker that is not Redis)."""
    url = current_app.config.get("BROKER_URL") or ""
    return _redis(url) if url.startswith(("redis://", "rediss://", "unix://")) else None


@lru_cache(maxsize=4)
def _redis(url: str) -> Redis:
    return Redis.from_url(url, socket_timeout=10)  # a pool: connects when first used


def settle_heap() -> None:
    """Take what the process holds by now (modules, the app, templates, catalogs) out of
    the garbage collector's rounds, as long-running servers do after start-up: a worker's
    pass makes many short-lived objects, and each full collection walked all of those again
    (about 0.1 s for 200,000 objects, once per 2,000 invitations scheduled). Called once by
    `surveyapp worker` and by a Celery process before it forks its pool (whose children
    then also share those pages instead of copying them on the collector's writes)."""
    gc.collect()
    gc.freeze()


def use_app_in_worker(app: Flask) -> None:
    """The app a Celery process runs its tasks in."""
    _worker_app.append(app)
