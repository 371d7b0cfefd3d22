"""Dispatch fixtures: one real SMTP server process for the session, mail settings pointing at
it, and invitations with their emails queued."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db
from surveyapp.dispatch.operations import queue_invitation_emails
from tests.dispatch.sink import SmtpSink

#: Fast failure detection: the server is on this machine.
MAIL_CONFIG = {
    "SMTP_TIMEOUT": 2,
    "OUTBOX_LEASE_SECONDS": 60,
    "SMTP_RETRY_BASE_SECONDS": 60,
    "SMTP_MAX_ATTEMPTS": 4,
    "MAIL_FROM": "surveys@survey.test",
    "MAIL_FROM_NAME": "Acme Success",
    "SMTP_RATE_PER_MINUTE": 0,
}


@pytest.fixture(scope="session")
def smtp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpSink]:
    server = SmtpSink(tmp_path_factory.mktemp("smtp")).start()
    yield server
    server.stop()


@pytest.fixture
def sink(smtp_server: SmtpSink) -> SmtpSink:
    """The session's SMTP server, running, with no faults armed and nothing received yet."""
    smtp_server.start()
    smtp_server.clear_faults()
    (smtp_server.folder / "received.log").write_text("")
    return smtp_server


@pytest.fixture
def mail(app: Flask, sink: SmtpSink, monkeypatch: pytest.MonkeyPatch) -> SmtpSink:
    """The app sends to the test SMTP server."""
    for key, value in {**MAIL_CONFIG, **sink.config}.items():
        monkeypatch.setitem(app.config, key, value)
    return sink


@pytest.fixture
def queue(create_invitation: Any) -> Any:
    """queue(email=..., locale=..., survey=...) -> (invitation, token, messages), committed."""

    def make(**options: Any) -> tuple[Any, str, list[Any]]:
        invitation, token = create_invitation(**options)
        messages = queue_invitation_emails(invitation, token)
        db.session.commit()
        return invitation, token, messages

    return make


@pytest.fixture
def five_locale_survey(create_survey: Any) -> Any:
    """A survey on the shipped value-definition bank (en, pt, es, pl, fa), with reminders."""
    with_reminders = {"reminders": 2, "reminder_gap_days": 3}
    bank = available_banks()["value-definition"]
    return create_survey(key="value-definition", bank=bank, **with_reminders)
