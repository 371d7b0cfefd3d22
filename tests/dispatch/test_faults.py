"""SMTP faults against a real server process: outages, 4xx, 5xx, refused sender, leases."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from surveyapp.accounts.models import Contact
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch import claims, outbox
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.dispatch.sender import send_due


def rows(*message_ids: str) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if message_ids:
        query = query.where(OutboxMessage.message_id.in_(message_ids))
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


@pytest.fixture
def many(queue, create_survey):
    """many(n) -> the Message-IDs of n invitation emails to n people, due now."""

    def make(count: int, reminders: int = 0) -> list[str]:
        survey = create_survey(key=f"bulk-{count}-{reminders}", reminders=reminders)
        queued = [queue(survey=survey, email=f"p{i}@example.com")[2] for i in range(count)]
        return [messages[0].message_id for messages in queued]

    return make


def test_smtp_down_for_a_while_then_up(mail, many) -> None:
    ids = many(10)
    mail.stop()
    now = utcnow()
    for minute in range(3):
        report = send_due(now=now + timedelta(minutes=minute))
        assert report.sent == 0 and "connection failed" in report.errors[0]
    # Each pass charged one message and handed the rest back untouched.
    assert sorted(m.attempts for m in rows(*ids)) == [0] * 7 + [1] * 3
    assert {m.status for m in rows(*ids)} == {"pending"}

    mail.start()
    report = send_due(now=now + timedelta(hours=1))

    assert report.sent == 10
    assert sorted(mail.message_ids()) == sorted(ids)  # each delivered once
    assert {m.status for m in rows(*ids)} == {"sent"}


def test_temporary_refusal_then_success(mail, many) -> None:
    [message_id] = many(1)
    mail.fail_next(2, 451)
    now = utcnow()

    assert send_due(now=now).retried == 1
    [row] = rows(message_id)
    assert (row.status, row.attempts) == ("pending", 1) and "451" in row.last_error
    assert row.not_before == now + timedelta(seconds=60)
    assert send_due(now=now + timedelta(seconds=59)).handled == 0  # backing off
    assert send_due(now=now + timedelta(seconds=60)).retried == 1
    assert rows(message_id)[0].not_before == now + timedelta(seconds=60 + 120)
    assert send_due(now=now + timedelta(seconds=180)).sent == 1

    assert mail.message_ids() == [message_id]
    [row] = rows(message_id)
    assert (row.status, row.attempts, row.sent_at) == ("sent", 2, now + timedelta(seconds=180))


def test_gives_up_after_the_last_attempt(mail, many) -> None:
    [message_id] = many(1)
    mail.fail_next(100, 450)
    now = utcnow()
    for hour in range(6):
        send_due(now=now + timedelta(hours=hour))
    [row] = rows(message_id)
    assert (row.status, row.attempts) == ("failed", 4)
    assert mail.received() == []


@pytest.mark.parametrize(("code", "stage"), [(550, "rcpt"), (554, "data")])
def test_permanent_refusal_bounces_the_address(mail, queue, create_survey, code, stage) -> None:
    survey = create_survey(key="bounce", reminders=2)
    invitation, _, first = queue(survey=survey)
    _, _, second = queue(survey=create_survey(key="another"))  # same person, another survey
    _, _, bystander = queue(survey=survey, email="bob@example.com")
    mail.fail_next(1, code, stage)

    report = send_due()

    assert (report.bounced, report.sent) == (1, 1)
    assert [m.status for m in rows(*(m.message_id for m in first))] == [
        "bounced",
        *["cancelled"] * 2,
    ]
    assert rows(second[0].message_id)[0].status == "cancelled"  # claimed with it, never sent
    assert mail.message_ids() == [bystander[0].message_id]
    contact = db.session.scalars(
        sa.select(Contact)
        .filter_by(id=invitation.contact_id)
        .execution_options(populate_existing=True)
    ).one()
    assert contact.bounced_at is not None
    assert send_due(now=utcnow() + timedelta(days=30)).sent == 2  # bob's reminders only


def test_refused_sender_is_not_the_recipients_fault(mail, many) -> None:
    ids = many(3)
    mail.fail_next(1, 550, "mail")

    report = send_due()

    assert report.bounced == 0 and "sender address refused" in report.errors[0]
    assert [(m.status, m.attempts) for m in rows(*ids)] == [
        ("pending", 1),
        ("pending", 0),
        ("pending", 0),
    ]
    assert db.session.scalar(sa.select(sa.func.count()).where(Contact.bounced_at.is_not(None))) == 0
    assert send_due().sent == 2


def test_rate_limit_spaces_the_messages(app, mail, many, monkeypatch) -> None:
    many(4)
    monkeypatch.setitem(app.config, "SMTP_RATE_PER_MINUTE", 1200)  # one per 50 ms
    started = time.monotonic()
    assert send_due().sent == 4
    assert time.monotonic() - started >= 0.15


def test_a_lease_keeps_others_off_until_it_expires(mail, many) -> None:
    many(2)
    now = utcnow()
    first = claims.claim_due(now, 10, lease_seconds=60)
    assert len(first.messages) == 2
    assert claims.claim_due(now + timedelta(seconds=59), 10, 60).messages == []
    # Its sender died: after the lease the messages are claimable again, once.
    again = claims.claim_due(now + timedelta(seconds=61), 10, 60)
    assert sorted(m.id for m in again.messages) == sorted(m.id for m in first.messages)
    # The dead sender's late report cannot undo the new claim.
    assert not outbox.mark_sent(first.messages[0], first.lease_until, now)
    assert rows()[0].status == "sending"
