"""Benchmark email dispatch: scheduler, outbox and sender against a plain smtplib loop.

Usage: python bench/dispatch.py [--backend sqlite|postgresql|both] [--messages 5000]

For each backend, on a fresh database with a survey triggered by a `signed_up` event and N
contacts (names and locales in the five languages of the banks), with an SMTP server
process on 127.0.0.1 (aiosmtpd, tests/dispatch/smtpsink.py), in rounds of ROUND contacts
that alternate, so that a change in the machine's load hits both alike:

- pipeline: the round's `signed_up` events are stored (not timed), then the worker's pass
  (`run_once()`, as `surveyapp worker --once` runs it) creates the invitations the rule asks
  for, renders their emails into the outbox in the same transactions, and sends every due
  message over SMTP;
- ceiling: a plain smtplib loop over one reused connection sends the same messages, already
  rendered to bytes (no database, no MIME building), to the same server.

The server offers PIPELINING, as production MTAs do: the sender uses it (MAIL, RCPT and DATA
in one write), smtplib's sendmail does not (one round trip per command).

Prints messages/s for both and their ratio (target >= 0.7), how the pipeline's time splits
between scheduling (invitations and outbox rows) and sending, and checks that the server
received one message per contact, every Message-ID exactly once.
"""

from __future__ import annotations

import argparse
import smtplib
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.respond import fresh_url  # noqa: E402
from surveyapp import create_app  # noqa: E402
from surveyapp.banks.queries import available_banks  # noqa: E402
from surveyapp.core import migrate  # noqa: E402
from surveyapp.core.db import db  # noqa: E402
from surveyapp.core.jobs import settle_heap  # noqa: E402
from surveyapp.dispatch import worker  # noqa: E402
from surveyapp.dispatch.mime import build_mime  # noqa: E402
from surveyapp.dispatch.models import OutboxMessage  # noqa: E402
from surveyapp.events.operations import ingest  # noqa: E402
from surveyapp.events.queries import milestone_definitions  # noqa: E402
from surveyapp.surveys.operations import create_survey  # noqa: E402
from surveyapp.surveys.rules import JourneyRule  # noqa: E402
from tests.dispatch.sink import SmtpSink  # noqa: E402

NAMES = {"en": "Ann Lee", "pt": "João Gonçalves", "es": "Begoña Núñez", "pl": "Łukasz Żak",
         "fa": "مریم رضایی"}  # fmt: skip
LOCALES = list(NAMES)
FROM = "surveys@bench.test"
ROUND = 1000
CALLS = 1000  # calls per ingest batch (the API's largest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--messages", type=int, default=5000)
    options = parser.parse_args()
    backends = ["sqlite", "postgresql"] if options.backend == "both" else [options.backend]
    for backend in backends:
        with fresh_url(backend) as url, tempfile.TemporaryDirectory() as folder:
            print(f"\n=== {backend}: {options.messages} invitation emails ===", flush=True)
            sink = SmtpSink(Path(folder), keep=False).start()
            try:
                run(url, sink, options.messages)
            finally:
                sink.stop()


def run(url: str, sink: SmtpSink, count: int) -> None:
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "BASE_URL": "https://surveys.bench.test",
            "MAIL_FROM": FROM,
            **sink.config,
        }
    )
    with app.app_context():
        migrate.upgrade(db.engine)
        setup(app, count)
        settle_heap()  # as `surveyapp worker` does when it starts
        clock = Clock()
        pipeline = ceiling = 0.0
        for first in range(0, count, ROUND):
            signed_up(app, first, min(first + ROUND, count))
            seen = last_outbox_id()
            with clock.measuring():
                pipeline += timed(worker.run_once)
            ceiling += plain_loop(app.config["SMTP_PORT"], seen)
        check(sink, count)
    print(f"pipeline: {count / pipeline:8.0f} messages/s (schedule, render, outbox, send)")
    print(f"ceiling:  {count / ceiling:8.0f} messages/s (plain smtplib loop, one connection)")
    print(f"ratio:    {ceiling / pipeline:.2f}x (target >= 0.7)")
    scheduling = clock.seconds
    sending = pipeline - scheduling
    print(
        f"split:    scheduling {count / scheduling:.0f} invitations/s "
        f"({scheduling / pipeline:.0%} of the time), sending {count / sending:.0f} messages/s "
        f"(sending alone / ceiling: {ceiling / sending:.2f}x)",
        flush=True,
    )


class Clock:
    """Time spent in the scheduler (schedule_due) while a pass runs."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def measuring(self) -> Any:
        clock, original = self, worker.schedule_due

        class Patch:
            def __enter__(self) -> None:
                def schedule_due(*args: Any, **kwargs: Any) -> int:
                    started = time.perf_counter()
                    try:
                        return original(*args, **kwargs)
                    finally:
                        clock.seconds += time.perf_counter() - started

                worker.schedule_due = schedule_due  # type: ignore[assignment]

            def __exit__(self, *exc: object) -> None:
                worker.schedule_due = original  # type: ignore[assignment]

        return Patch()


def setup(app: Any, count: int) -> None:
    """The survey and the contacts, through the events API's operation (not timed)."""
    rule = JourneyRule(trigger_event="signed_up")
    create_survey("bench", available_banks()["value-definition"], expire_days=30, rule=rule)
    db.session.commit()
    calls = [
        {
            "type": "identify",
            "userId": f"u{n}",
            "groupId": f"account{n // 10}",
            "traits": {
                "email": f"person{n}@example.com",
                "name": NAMES[LOCALES[n % len(LOCALES)]],
                "locale": LOCALES[n % len(LOCALES)],
            },
        }
        for n in range(count)
    ]
    post(app, calls)


def signed_up(app: Any, start: int, stop: int) -> None:
    calls = [
        {"type": "track", "userId": f"u{n}", "event": "signed_up", "messageId": f"s{n}"}
        for n in range(start, stop)
    ]
    post(app, calls)


def post(app: Any, calls: list[dict[str, Any]]) -> None:
    for first in range(0, len(calls), CALLS):
        with app.test_request_context():
            result = ingest(calls[first : first + CALLS], milestone_definitions())
            db.session.commit()
        assert not result.rejected, result.rejected


def last_outbox_id() -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(OutboxMessage.id), 0)))


def timed(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def check(sink: SmtpSink, count: int) -> None:
    ids = Counter(record["message_id"] for record in sink.received() if record["to"] != ["ceiling"])
    stored = set(db.session.scalars(sa.select(OutboxMessage.message_id)))
    assert set(ids) == stored and len(ids) == count, "not every message was delivered"
    assert max(ids.values()) == 1, "a message was delivered twice"


def plain_loop(port: int, after_id: int) -> float:
    """The ceiling: the same messages as bytes, over one connection, nothing else."""
    query = sa.select(OutboxMessage).where(OutboxMessage.id > after_id).order_by(OutboxMessage.id)
    messages = [build_mime(row, "FirstValue", FROM) for row in db.session.scalars(query)]
    db.session.commit()
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, local_hostname="bench.test") as smtp:
        for data in messages:
            smtp.sendmail(FROM, ["ceiling"], data)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
