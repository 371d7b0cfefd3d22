"""The worker pass on a database of its own, as `surveyapp worker` runs it: product events
in, invitations and their emails out to a real SMTP server, every delivery on record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from surveyapp import create_app
from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.dispatch.worker import run_once
from surveyapp.events.operations import ingest
from surveyapp.events.queries import milestone_definitions
from surveyapp.invitations.models import Invitation
from surveyapp.surveys.operations import create_survey
from surveyapp.surveys.rules import JourneyRule
from tests.conftest import TEST_CONFIG
from tests.dispatch.conftest import MAIL_CONFIG
from tests.dispatch.sink import SmtpSink
from tests.support.databases import fresh_database, migrate_to_head

LOCALES = ["en", "pt", "es", "pl", "fa"]


@pytest.fixture
def own_app(backend: str, tmp_path: Path, sink: SmtpSink) -> Iterator[Flask]:
    """An app on a database of its own (no test transaction around it), mail to the sink."""
    with fresh_database(backend, tmp_path) as url:
        migrate_to_head(url)
        app = create_app({**TEST_CONFIG, **MAIL_CONFIG, **sink.config, "DATABASE_URL": url})
        with app.app_context():
            yield app
        app.extensions["surveyapp.db"].engine.dispose()


def test_events_to_delivered_invitations_and_reminders(own_app: Flask, sink: SmtpSink) -> None:
    rule = JourneyRule(trigger_event="signed_up", reminders=1, reminder_gap_days=3)
    create_survey("welcome", available_banks()["value-definition"], rule=rule)
    db.session.commit()
    calls = [
        {"type": "identify", "userId": f"u{n}", "groupId": "acme",
         "traits": {"email": f"u{n}@example.com", "locale": LOCALES[n % 5]}}
        for n in range(12)
    ] + [{"type": "track", "userId": f"u{n}", "event": "signed_up"} for n in range(12)]  # fmt: skip
    with own_app.test_request_context():
        ingest(calls, milestone_definitions())
        db.session.commit()

    first = run_once()
    later = run_once(now=utcnow() + timedelta(days=3, minutes=1))

    assert (first["invited"], first["sent"], later["sent"]) == (12, 12, 12)
    received = sink.message_ids()
    assert len(received) == len(set(received)) == 24
    outbox = db.session.execute(sa.select(OutboxMessage.status, OutboxMessage.sent_at)).all()
    assert {status for status, _ in outbox} == {"sent"} and all(at for _, at in outbox)
    invitations = db.session.scalars(sa.select(Invitation)).all()
    assert all(i.sent_at is not None and i.reminders_sent == 1 for i in invitations)


def test_mail_for_no_invitation_is_sent_and_marked_by_a_worker(
    own_app: Flask, sink: SmtpSink
) -> None:
    """A staff email (the weekly digest's kind) counts on no invitation: the worker's own
    connection marks it sent as it does an invitation."""
    now = utcnow()
    db.session.add(
        OutboxMessage(
            kind="digest",
            to_address="owner@example.com",
            subject="At-risk accounts",
            body_text="Two accounts need you.",
            body_html="<p>Two accounts need you.</p>",
            headers={"Auto-Submitted": "auto-generated"},
            message_id="<digest-test@survey.test>",
            not_before=now,
        )
    )
    db.session.commit()
    report = run_once(now=now + timedelta(seconds=1))
    assert report["sent"] == 1 and sink.message_ids() == ["<digest-test@survey.test>"]
    [(status, sent_at)] = db.session.execute(
        sa.select(OutboxMessage.status, OutboxMessage.sent_at)
    ).all()
    assert status == "sent" and sent_at is not None
