"""Benchmark email dispatch: outbox + sender against a plain smtplib loop, to one SMTP sink.

Usage: python bench/dispatch.py [--backend sqlite|postgresql|both] [--messages 5000]

For each backend, on a fresh database: N invitations are created and their emails rendered
into the outbox (in the five locales, as the journey scheduler does; timed on its own). Then,
with an SMTP server process on 127.0.0.1 (aiosmtpd, tests/dispatch/smtpsink.py), in rounds of
ROUND messages that alternate, so that a change in the machine's load hits both alike:

- sender: `run_once()` claims, sends and marks every due message sent, a commit per message;
- ceiling: a plain smtplib loop over one reused connection sends the same messages, already
  rendered to bytes (no database, no MIME building), to the same server.

The server offers PIPELINING, as production MTAs do: the sender uses it (MAIL, RCPT and DATA
in one write), smtplib's sendmail does not (one round trip per command).

Prints messages/s for both and the ratio (target >= 0.7), and checks that the server received
every Message-ID exactly once from the sender.
"""

from __future__ import annotations

import argparse
import smtplib
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.respond import fresh_url  # noqa: E402
from surveyapp import create_app  # noqa: E402
from surveyapp.accounts.operations import upsert_contact  # noqa: E402
from surveyapp.banks.queries import available_banks  # noqa: E402
from surveyapp.core import migrate  # noqa: E402
from surveyapp.core.db import db, utcnow  # noqa: E402
from surveyapp.dispatch.mime import build_mime  # noqa: E402
from surveyapp.dispatch.models import OutboxMessage  # noqa: E402
from surveyapp.dispatch.operations import queue_invitation_emails  # noqa: E402
from surveyapp.dispatch.worker import run_once  # noqa: E402
from surveyapp.invitations.operations import create_invitation  # noqa: E402
from surveyapp.surveys.operations import create_survey  # noqa: E402
from tests.dispatch.sink import SmtpSink  # noqa: E402

LOCALES = ["en", "pt", "es", "pl", "fa"]
FROM = "surveys@bench.test"
ROUND = 500
LATER = datetime.now(UTC) + timedelta(days=365)


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
        queued = queue(count)
        print(f"queue:   {count / queued:8.0f} invitations/s (create + render + outbox row)")
        sender = ceiling = 0.0
        for first in range(0, count, ROUND):
            due(first, first + ROUND)
            sender += timed(run_once)
            ceiling += plain_loop(app.config["SMTP_PORT"], first, first + ROUND)
        check(sink, count)
    print(f"sender:  {count / sender:8.0f} messages/s (claim, send, commit per message)")
    print(f"ceiling: {count / ceiling:8.0f} messages/s (plain smtplib loop, one connection)")
    print(f"ratio:   {ceiling / sender:.2f}x (target >= 0.7)", flush=True)


def due(start: int, stop: int) -> None:
    """Make the messages of one round due (all are queued a year ahead)."""
    ids = sa.select(OutboxMessage.id).order_by(OutboxMessage.id).offset(start).limit(stop - start)
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids.scalar_subquery()))
        .values(not_before=utcnow())
    )
    db.session.commit()


def queue(count: int) -> float:
    survey = create_survey("bench", available_banks()["value-definition"], expire_days=400)
    db.session.commit()
    started = time.perf_counter()
    for n in range(count):
        contact = upsert_contact(f"person{n}@example.com", locale=LOCALES[n % len(LOCALES)])
        invitation, token = create_invitation(survey, contact)
        queue_invitation_emails(invitation, token, now=LATER)
        if n % 100 == 99:
            db.session.commit()
    db.session.commit()
    return time.perf_counter() - started


def timed(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def check(sink: SmtpSink, count: int) -> None:
    ids = Counter(record["message_id"] for record in sink.received() if record["to"] != ["ceiling"])
    stored = set(db.session.scalars(sa.select(OutboxMessage.message_id)))
    assert set(ids) == stored and len(ids) == count, "not every message was delivered"
    assert max(ids.values()) == 1, "a message was delivered twice"


def plain_loop(port: int, start: int, stop: int) -> float:
    """The ceiling: the same messages as bytes, over one connection, nothing else."""
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id).offset(start).limit(stop - start)
    messages = [build_mime(row, "FirstValue", FROM) for row in db.session.scalars(query)]
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, local_hostname="bench.test") as smtp:
        for data in messages:
            smtp.sendmail(FROM, ["ceiling"], data)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
