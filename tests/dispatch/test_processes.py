"""`surveyapp worker` processes against a real SMTP server: killed mid-batch, and two at once.

The outbox is on a database file (SQLite) or PostgreSQL shared by the processes, as in
production. A killed sender may repeat only the message the server accepted in the instant
before the kill (its "sent" was never committed); the test counts those and checks each is
the last message received before a kill.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from surveyapp import create_app
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.models import OutboxMessage
from tests.conftest import TEST_CONFIG
from tests.dispatch.sink import SmtpSink
from tests.support.databases import fresh_database, migrate_to_head

SCRIPT = Path(sys.executable).with_name("surveyapp")
#: Short leases and timeouts so that a dead sender's messages come back within seconds.
INSTANCE_CONFIG = "SMTP_TIMEOUT = 0.2\nOUTBOX_LEASE_SECONDS = 2\nSMTP_RETRY_BASE_SECONDS = 1\n"
BATCH = 500
KILLS = 3


@pytest.fixture
def shared_outbox(backend: str, tmp_path: Path) -> Iterator[tuple[str, Flask]]:
    """A migrated database the worker processes and the test share, and an app on it."""
    with fresh_database(backend, tmp_path) as url:
        migrate_to_head(url)
        app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
        yield url, app
        app.extensions["surveyapp.db"].engine.dispose()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SmtpSink]:
    sink = SmtpSink(tmp_path / "smtp", keep=False)
    sink.folder.mkdir()
    yield sink.start()
    sink.stop()


def seed(app: Flask, count: int, not_before: datetime) -> list[str]:
    """``count`` pending messages to different people; their Message-IDs."""
    ids = [f"<outbox-{uuid.uuid4().hex}@survey.test>" for _ in range(count)]
    rows = [
        {
            "kind": "invitation",
            "to_address": f"person{n}@example.com",
            "subject": "What does success look like for you?",
            "body_text": "Please answer: http://survey.test/s/x",
            "body_html": "<p>Please answer: <a href='http://survey.test/s/x'>survey</a></p>",
            "headers": {"List-Unsubscribe": "<http://survey.test/unsubscribe/x>"},
            "message_id": message_id,
            "not_before": not_before,
            "status": "pending",
            "attempts": 0,
            "created_at": utcnow(),
        }
        for n, message_id in enumerate(ids)
    ]
    with app.app_context():
        db.session.execute(sa.insert(OutboxMessage), rows)
        db.session.commit()
    return ids


def statuses(app: Flask) -> Counter[str]:
    with app.app_context():
        return Counter(db.session.scalars(sa.select(OutboxMessage.status)))


class Worker:
    """`surveyapp worker` in its own process, its output in a file."""

    def __init__(self, url: str, smtp: SmtpSink, folder: Path, name: str) -> None:
        instance = folder / "instance"
        instance.mkdir(exist_ok=True)
        (instance / "surveyapp.cfg").write_text(INSTANCE_CONFIG)
        self.log = folder / f"{name}.log"
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "SURVEYAPP_INSTANCE_PATH": str(instance),
            "SURVEYAPP_DATABASE_URL": url,
            "SURVEYAPP_SECRET_KEY": "test-secret",
            "SURVEYAPP_BASE_URL": "http://survey.test",
            "SURVEYAPP_SMTP_HOST": "127.0.0.1",
            "SURVEYAPP_SMTP_PORT": str(smtp.port),
        }
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(SCRIPT), "worker", "--interval", "0.05"], env=env, stdout=out, stderr=out
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_started(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while "Worker running" not in self.output():
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.02)

    def sent(self) -> int:
        return sum(int(n) for n in re.findall(r"^sent (\d+)", self.output(), re.MULTILINE))

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> int:
        """SIGTERM, as a service manager would; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


def wait_until(count: int, smtp: SmtpSink, workers: list[Worker], timeout: float = 60) -> None:
    """Until the server has ``count`` messages; fails early if a worker died on its own."""
    deadline = time.monotonic() + timeout
    while len(smtp.received()) < count:
        for worker in workers:
            assert worker.process.poll() is None, worker.output()
        assert time.monotonic() < deadline, f"only {len(smtp.received())} of {count} arrived"
        time.sleep(0.005)


def wait_until_all(
    smtp: SmtpSink, expected: set[str], workers: list[Worker], timeout: float = 60
) -> list[str]:
    deadline = time.monotonic() + timeout
    while not expected <= set(received := smtp.message_ids()):
        for worker in workers:
            assert worker.process.poll() is None, worker.output()
        assert time.monotonic() < deadline, f"{len(expected - set(received))} never arrived"
        time.sleep(0.02)
    return received


@pytest.mark.slow
def test_killed_sender_loses_nothing_and_repeats_at_most_the_message_in_flight(
    shared_outbox, server, tmp_path, backend, capsys
) -> None:
    url, app = shared_outbox
    ids = seed(app, BATCH, utcnow())
    seed_value = random.randrange(10**6)
    rng = random.Random(seed_value)
    kill_points = sorted(rng.sample(range(25, BATCH - 50), KILLS))
    last_before_kill: list[str] = []
    worker = Worker(url, server, tmp_path, "worker-0")
    try:
        for number, point in enumerate(kill_points, start=1):
            wait_until(point, server, [worker])
            time.sleep(rng.uniform(0, 0.01))  # anywhere in the cycle: claim, send, commit
            worker.kill()
            time.sleep(0.1)  # let the server finish a message whose data was complete
            last_before_kill.append(server.message_ids()[-1])
            worker = Worker(url, server, tmp_path, f"worker-{number}")
        received = wait_until_all(server, set(ids), [worker])
        assert worker.stop() == 0 and "Worker stopped" in worker.output()
    finally:
        if worker.process.poll() is None:
            worker.kill()

    counts = Counter(received)
    repeated = sorted(message_id for message_id, n in counts.items() if n > 1)
    with capsys.disabled():
        sys.stdout.write(
            f"\n[{backend}] {KILLS} kills at messages {kill_points} (seed {seed_value}): "
            f"{len(received)} received, {len(counts)} distinct, {len(repeated)} repeated\n"
        )
    assert set(counts) == set(ids)  # nothing lost
    assert all(n <= 2 for n in counts.values())
    assert len(repeated) <= KILLS and set(repeated) <= set(last_before_kill)
    assert statuses(app) == {"sent": BATCH}


@pytest.mark.slow
def test_two_senders_at_once_never_send_a_message_twice(shared_outbox, server, tmp_path) -> None:
    url, app = shared_outbox
    workers = [Worker(url, server, tmp_path, f"sender-{n}") for n in range(2)]
    try:
        for worker in workers:
            worker.wait_started()
        ids = seed(app, BATCH, utcnow())
        received = wait_until_all(server, set(ids), workers)
        assert [worker.stop() for worker in workers] == [0, 0]
    finally:
        for worker in workers:
            if worker.process.poll() is None:
                worker.kill()

    assert sorted(received) == sorted(ids)  # every message exactly once
    assert all(worker.sent() > 0 for worker in workers), "both senders took part"
    assert sum(worker.sent() for worker in workers) == BATCH
    assert statuses(app) == {"sent": BATCH}
