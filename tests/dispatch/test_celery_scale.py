"""Scale-out on Celery: real worker and beat processes on PostgreSQL and Redis, the send lanes
that share the work out, the SMTP rate shared through Redis, and schedulers running at once.

Each test gets a Redis database of its own (tests/support/redisdb.py), emptied afterwards.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from redis import Redis

from surveyapp import create_app
from surveyapp.accounts.models import Account, Contact
from surveyapp.banks.queries import available_banks
from surveyapp.core import lanes
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch import tasks as dispatch_tasks
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.dispatch.ratelimit import RateLimiter, SharedRateLimiter, rate_limiter
from surveyapp.invitations.models import Invitation
from surveyapp.journeys.tasks import schedule_due_task
from surveyapp.surveys.operations import create_survey
from surveyapp.surveys.rules import JourneyRule
from tests.conftest import TEST_CONFIG
from tests.dispatch.celeryprocs import CeleryProcess, environment, stop_all
from tests.dispatch.sink import SmtpSink
from tests.support.databases import fresh_database, migrate_to_head
from tests.support.redisdb import claimed_database
from tests.support.services import missing, postgres_available

pytestmark = pytest.mark.redis
INVITATIONS = 2000
WORKERS = 3
LOCALES = ["en", "pt", "es", "pl", "fa"]


@pytest.fixture
def redis_url() -> Iterator[str]:
    with claimed_database() as url:
        yield url


@pytest.fixture
def postgres_app(tmp_path: Path) -> Iterator[tuple[str, Flask]]:
    """A fresh migrated PostgreSQL database shared with other processes, and an app on it."""
    if not postgres_available():
        missing("PostgreSQL")
    with fresh_database("postgresql", tmp_path) as url:
        migrate_to_head(url)
        app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
        yield url, app
        app.extensions["surveyapp.db"].engine.dispose()


def seed_customers(app: Flask, count: int) -> None:
    """A survey asking every contact on the account's start day, and ``count`` contacts."""
    with app.app_context():
        bank = available_banks()["value-definition"]
        create_survey("scale", bank, rule=JourneyRule(trigger_days_after_start=0))
        account = Account(external_id="big-customer", start_at=utcnow())
        db.session.add(account)
        db.session.flush()
        rows = [
            {"email": f"person{n}@example.com", "locale": LOCALES[n % 5], "account_id": account.id}
            for n in range(count)
        ]
        db.session.execute(sa.insert(Contact), rows)
        db.session.commit()


def table_counts(app: Flask) -> tuple[int, Counter[str]]:
    with app.app_context():
        invitations = db.session.scalar(sa.select(sa.func.count(Invitation.id))) or 0
        statuses = Counter(db.session.scalars(sa.select(OutboxMessage.status)))
        db.session.rollback()
        return invitations, statuses


def wait_until_sent(app: Flask, processes: list[CeleryProcess], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while table_counts(app) != (INVITATIONS, {"sent": INVITATIONS}):
        for process in processes:
            process.check_alive()
        assert time.monotonic() < deadline, f"not all sent in {timeout}s: {table_counts(app)}"
        time.sleep(0.5)


@pytest.mark.postgres
@pytest.mark.slow
def test_three_celery_workers_send_2000_invitations_once_each(
    postgres_app, redis_url, tmp_path, capsys
) -> None:
    url, app = postgres_app
    sink = SmtpSink(tmp_path / "smtp", keep=False)
    sink.folder.mkdir()
    sink.start()
    env = environment(
        {
            "SURVEYAPP_INSTANCE_PATH": str(tmp_path / "instance"),
            "SURVEYAPP_DATABASE_URL": url,
            "SURVEYAPP_BROKER_URL": redis_url,
            "SURVEYAPP_SECRET_KEY": "test-secret",
            "SURVEYAPP_BASE_URL": "http://survey.test",
            "SURVEYAPP_MAIL_FROM": "surveys@survey.test",
            "SURVEYAPP_SMTP_HOST": "127.0.0.1",
            "SURVEYAPP_SMTP_PORT": str(sink.port),
            "SURVEYAPP_WORKER_INTERVAL_SECONDS": "1",
            # A pool process that dies gives its claimed messages back within seconds.
            "SURVEYAPP_SMTP_TIMEOUT": "1",
            "SURVEYAPP_OUTBOX_LEASE_SECONDS": "10",
        }
    )
    workers: list[CeleryProcess] = []
    processes: list[CeleryProcess] = []
    started = time.monotonic()
    try:
        for n in range(WORKERS):
            workers.append(CeleryProcess("worker", f"worker{n}", env, tmp_path))
            processes.append(workers[-1])
        for worker in workers:
            worker.wait_for("ready.")
        seed_customers(app, INVITATIONS)
        processes.append(CeleryProcess("beat", "beat", env, tmp_path))
        wait_until_sent(app, processes)
        elapsed = time.monotonic() - started
    finally:
        codes = stop_all(processes)
        sink.stop()

    received = sink.message_ids()
    with app.app_context():
        stored = set(db.session.scalars(sa.select(OutboxMessage.message_id)))
    sent_by = {worker.name: worker.sent() for worker in workers}
    crashes = sum(worker.crashes() for worker in workers)
    with capsys.disabled():
        sys.stdout.write(
            f"\n{INVITATIONS} invitations, {WORKERS} workers, {elapsed:.1f}s: {sent_by}, "
            f"{crashes} pool processes crashed\n"
        )
    assert len(received) == INVITATIONS and len(set(received)) == INVITATIONS
    assert set(received) == stored
    # A pool process that crashed mid-task never logged what it sent (its messages count).
    assert sum(sent_by.values()) == INVITATIONS or crashes
    assert sum(count > 0 for count in sent_by.values()) > 1, f"one worker did it all: {sent_by}"
    assert codes == [0] * len(processes), "a worker or beat did not shut down cleanly"


def test_send_lanes_bound_the_chains(redis_url) -> None:
    client = Redis.from_url(redis_url)
    first = lanes.take_free(client, "send", 3, 60)
    assert [lane.number for lane in first] == [0, 1, 2]
    assert lanes.take_free(client, "send", 3, 60) == []  # all busy: no new chain
    assert lanes.keep(client, first[1], 60)
    lanes.free(client, first[1])
    again = lanes.take_free(client, "send", 3, 60)
    assert [lane.number for lane in again] == [1]
    assert not lanes.keep(client, first[1], 60)  # the old chain lost lane 1: it stops
    lanes.free(client, first[1])  # and cannot free the new chain's lane
    assert lanes.take_free(client, "send", 3, 60) == []


def test_an_expired_lane_goes_to_a_new_chain(redis_url) -> None:
    client = Redis.from_url(redis_url)
    (stalled,) = lanes.take_free(client, "send", 1, 0.05)
    time.sleep(0.1)
    (fresh,) = lanes.take_free(client, "send", 1, 60)
    assert not lanes.keep(client, stalled, 60) and lanes.keep(client, fresh, 60)


@pytest.fixture
def chains(app, redis_url, monkeypatch) -> list[tuple[int, str]]:
    """Send chains started (not run) against a backlog of 100,000 due messages."""
    started: list[tuple[int, str]] = []
    monkeypatch.setitem(app.config, "BROKER_URL", redis_url)
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setattr(dispatch_tasks, "due_count", lambda now: 100_000)
    monkeypatch.setattr(dispatch_tasks.send_batch_task, "delay", lambda *a: started.append(a))
    return started


def test_start_sending_takes_only_free_lanes(chains) -> None:
    assert dispatch_tasks.start_sending() == dispatch_tasks.LANES
    assert dispatch_tasks.start_sending() == 0  # every lane has a chain: nothing queued
    assert len(chains) == dispatch_tasks.LANES


def test_a_rate_limit_narrows_the_lanes(app, chains, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "SMTP_RATE_PER_MINUTE", 120)
    assert dispatch_tasks.start_sending() == 1


def test_without_smtp_no_chain_starts(app, chains, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    assert dispatch_tasks.start_sending() == 0 and chains == []


def test_a_chain_sends_batch_after_batch_then_frees_its_lane(
    app, mail, redis_url, monkeypatch
) -> None:
    """Eager (as in tests): each next task of the chain runs inline."""
    monkeypatch.setitem(app.config, "BROKER_URL", redis_url)
    monkeypatch.setattr(dispatch_tasks, "BATCH", 20)
    ids = queue_plain_messages(45)
    assert dispatch_tasks.send_due_task() == {"chains": 3}
    assert sorted(mail.message_ids()) == sorted(ids)
    assert Redis.from_url(redis_url).keys("surveyapp:lane:*") == []


def queue_plain_messages(count: int) -> list[str]:
    rows = [
        {
            "kind": "invitation",
            "to_address": f"person{n}@example.com",
            "subject": "What does success look like for you?",
            "body_text": "Please answer.",
            "body_html": "<p>Please answer.</p>",
            "headers": {},
            "message_id": f"<chain-{n}@survey.test>",
            "not_before": utcnow(),
            "status": "pending",
            "attempts": 0,
            "created_at": utcnow(),
        }
        for n in range(count)
    ]
    db.session.execute(sa.insert(OutboxMessage), rows)
    db.session.commit()
    return [row["message_id"] for row in rows]


def test_the_smtp_rate_is_one_schedule_for_every_process(redis_url) -> None:
    """At 60 a minute, six sends from three processes get slots one second apart."""
    limiters = [
        SharedRateLimiter(Redis.from_url(redis_url), "surveyapp:smtp-slots:test", 60)
        for _ in range(3)  # one Redis connection each, as in three processes
    ]
    waits = [limiter.reserve() for _ in range(2) for limiter in limiters]
    assert waits == pytest.approx([0, 1, 2, 3, 4, 5], abs=0.25)


def test_the_limiter_is_shared_only_with_a_redis_broker(redis_url) -> None:
    app = Flask(__name__)
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=2525, BROKER_URL=redis_url)
    with app.app_context():
        assert isinstance(rate_limiter(60), SharedRateLimiter)
        assert rate_limiter(60) is rate_limiter(60)  # one per process: its script loaded once
        assert isinstance(rate_limiter(0), RateLimiter)  # no limit: nothing to share
        app.config["BROKER_URL"] = None
        assert isinstance(rate_limiter(60), RateLimiter)


@pytest.mark.postgres
def test_two_schedulers_at_once_invite_each_contact_once(postgres_app) -> None:
    """Without a Redis broker nothing stops two scheduling tasks running together."""
    _, app = postgres_app
    seed_customers(app, 700)  # more than one pass of the scheduler
    errors: list[BaseException] = []
    created: list[int] = []

    def schedule() -> None:
        with app.app_context():
            try:
                created.append(schedule_due_task())
            except BaseException as error:  # reported by the assertion below
                errors.append(error)

    threads = [threading.Thread(target=schedule) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and sum(created) == 700
    assert table_counts(app) == (700, {"pending": 700})
