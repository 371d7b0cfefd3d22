"""The demo's promise, end to end against a real SMTP server process: posting a new
customer's group, identify and track calls makes an invitation, the worker emails it, the
link in the email opens the survey, and one click on unsubscribe stops the reminder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from surveyapp.accounts.models import Contact
from surveyapp.core.db import db, utcnow
from surveyapp.demo.integration import (
    SIGNUP_RULE,
    demo_api_key,
    new_customer_batch,
    signup_survey,
)
from surveyapp.demo.received import ReceivedMail, read_mail
from surveyapp.dispatch.cli import worker_command
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.dispatch.worker import run_once
from surveyapp.invitations.models import Invitation
from tests.dispatch.conftest import MAIL_CONFIG
from tests.dispatch.sink import SmtpSink

BASE = "http://survey.test"
FIRST_QUESTION = "What is the first meaningful outcome you expect from our product?"


@pytest.fixture(scope="module")
def smtp_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpSink]:
    server = SmtpSink(tmp_path_factory.mktemp("demo-smtp")).start()
    yield server
    server.stop()


@pytest.fixture
def mail(app: Any, smtp_process: SmtpSink, monkeypatch: pytest.MonkeyPatch) -> SmtpSink:
    (smtp_process.folder / "received.log").write_text("")
    for key, value in {**MAIL_CONFIG, **smtp_process.config}.items():
        monkeypatch.setitem(app.config, key, value)
    return smtp_process


def received(sink: SmtpSink) -> list[ReceivedMail]:
    """What the server accepted, read the way the demo's mail catcher reads it."""
    folder: Path = sink.folder / "messages"
    return [read_mail((folder / f"{r['n']}.eml").read_bytes()) for r in sink.received()]


def post_events(client: Any, secret: str, batch: dict[str, Any]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/events", json=batch, headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return dict(response.get_json())


def invitations_to(email: str) -> list[Invitation]:
    query = sa.select(Invitation).join(Contact).where(Contact.email == email)
    return list(db.session.scalars(query))


def test_events_in_email_out_survey_opens_and_unsubscribe_stops_the_reminder(
    app, client, mail
) -> None:
    survey = signup_survey()
    secret = demo_api_key()
    db.session.commit()
    leaving, staying = new_customer_batch("1001"), new_customer_batch("1002")

    assert post_events(client, secret, leaving) == {"accepted": 3, "duplicates": 0, "rejected": []}
    assert post_events(client, secret, staying)["accepted"] == 3

    # The worker's pass runs the journey rule, then sends what is due.
    result = app.test_cli_runner().invoke(worker_command, ["--once"])
    assert result.exit_code == 0, result.output
    assert "invitations created: 2" in result.output and "sent 2" in result.output
    [invitation] = invitations_to("trial-1001@newco.example")
    assert invitation.survey_id == survey.id and invitation.trigger_key.startswith("event:")
    emails = {mail_.to: mail_ for mail_ in received(mail)}
    assert set(emails) == {"trial-1001@newco.example", "trial-1002@newco.example"}

    for address in emails:
        link = emails[address].survey_link
        assert link is not None and link.startswith(f"{BASE}/s/")
        page = client.get(link.removeprefix(BASE), follow_redirects=True)
        assert page.status_code == 200 and FIRST_QUESTION in page.get_data(as_text=True)

    unsubscribe = emails["trial-1001@newco.example"].unsubscribe_link
    assert unsubscribe is not None and unsubscribe.startswith(f"{BASE}/unsubscribe/")
    one_click = client.post(unsubscribe.removeprefix(BASE), data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200

    later = utcnow() + timedelta(days=SIGNUP_RULE.reminder_gap_days, hours=1)
    report = run_once(now=later)

    assert report["sent"] == 1 and report["errors"] == []
    after = received(mail)
    assert [m.to for m in after[2:]] == ["trial-1002@newco.example"]
    assert after[2].subject.startswith("Reminder")
    kinds = db.session.execute(
        sa.select(OutboxMessage.kind, OutboxMessage.status)
        .where(OutboxMessage.to_address == "trial-1001@newco.example")
        .order_by(OutboxMessage.id)
    ).all()
    assert [tuple(row) for row in kinds] == [("invitation", "sent"), ("reminder", "cancelled")]


def test_posting_the_same_customer_again_invites_no_one_who_unsubscribed(app, client, mail) -> None:
    signup_survey()
    secret = demo_api_key()
    db.session.commit()
    batch = new_customer_batch("2001")
    post_events(client, secret, batch)
    run_once()
    [first] = received(mail)
    assert first.unsubscribe_link is not None
    client.post(first.unsubscribe_link.removeprefix(BASE), data={"List-Unsubscribe": "One-Click"})

    post_events(client, secret, batch)  # a new sign-up event: the rule sees a new occurrence
    report = run_once()

    assert report["invited"] == 1 and report["sent"] == 0
    reasons = [i.skipped_reason for i in invitations_to("trial-2001@newco.example")]
    assert sorted(reasons, key=str) == [None, "unsubscribed"]
    assert len(received(mail)) == 1


def test_a_new_demo_key_retires_the_previous_one(app, client) -> None:
    old = demo_api_key()
    new = demo_api_key()
    db.session.commit()
    batch = new_customer_batch("3001")
    refused = client.post("/api/v1/events", json=batch, headers={"Authorization": f"Bearer {old}"})
    assert refused.status_code in (401, 403)
    assert post_events(client, new, batch)["accepted"] == 3
