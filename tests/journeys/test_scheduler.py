"""From product events to invitations: once per contact, survey and occurrence."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from surveyapp.accounts.operations import ensure_account, ensure_contact_for_user
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.events.operations import ingest
from surveyapp.events.queries import milestone_definitions
from surveyapp.invitations.models import Invitation
from surveyapp.journeys.scheduler import schedule_due
from surveyapp.surveys.operations import create_survey
from surveyapp.surveys.rules import JourneyRule


@pytest.fixture
def send(app):
    def post(*calls: dict) -> None:
        with app.test_request_context():
            ingest(list(calls), milestone_definitions())
        db.session.commit()

    return post


def people(send, *users: str, account: str = "acme") -> None:
    send(
        {"type": "group", "groupId": account, "traits": {"name": account}},
        *(
            {
                "type": "identify",
                "userId": u,
                "groupId": account,
                "traits": {"email": f"{u}@{account}.example"},
            }
            for u in users
        ),
    )


def invitations() -> list[Invitation]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Invitation).order_by(Invitation.id)))


def test_event_trigger_invites_once_however_often_it_runs(app, test_bank, send) -> None:
    rule = JourneyRule(trigger_event="onboarding_done", delay_days=1, reminders=2)
    create_survey("after-onboarding", test_bank, rule=rule)
    people(send, "u1", "u2")
    send(
        {"userId": "u1", "event": "onboarding_done", "messageId": "m1"},
        {"userId": "u2", "event": "login", "messageId": "m2"},
    )
    now = utcnow()
    assert schedule_due(now) == 1
    assert schedule_due(now) == 0
    send({"userId": "u1", "event": "onboarding_done", "messageId": "m1"})  # a resend
    assert schedule_due(now) == 0
    [invitation] = invitations()
    assert invitation.contact.external_id == "u1" and invitation.skipped_reason is None
    assert invitation.due_at >= now + timedelta(days=1) - timedelta(seconds=5)
    outbox = db.session.scalars(
        sa.select(OutboxMessage).filter_by(invitation_id=invitation.id)
    ).all()
    assert sorted(m.kind for m in outbox) == ["invitation", "reminder", "reminder"]


def test_milestone_trigger_invites_every_contact_of_the_account(app, test_bank, send) -> None:
    create_survey(
        "first-value", test_bank, rule=JourneyRule(trigger_milestone="first_report_shared")
    )
    people(send, "u1", "u2")
    people(send, "v1", account="other")
    send({"userId": "u1", "event": "report_shared", "messageId": "r1"})
    assert schedule_due(utcnow()) == 2
    assert {i.contact.external_id for i in invitations()} == {"u1", "u2"}


def test_days_after_start(app, test_bank, send) -> None:
    create_survey("day-30", test_bank, rule=JourneyRule(trigger_days_after_start=30))
    people(send, "u1")
    people(send, "v1", account="young")
    now = utcnow()
    ensure_account("acme").start_at = now - timedelta(days=31)
    ensure_account("young").start_at = now - timedelta(days=3)
    db.session.commit()
    assert schedule_due(now) == 1
    assert schedule_due(now + timedelta(days=1)) == 0
    assert schedule_due(now + timedelta(days=28)) == 1


def test_who_is_not_asked_is_recorded(app, test_bank, send) -> None:
    create_survey("asked", test_bank, rule=JourneyRule(trigger_event="go", recontact_days=30))
    people(send, "u1", "u2", "u3")
    send({"userId": "nomail", "event": "login"})
    ensure_contact_for_user("u2").unsubscribed_at = utcnow()
    db.session.commit()
    send(
        {"userId": "u1", "event": "go", "messageId": "a"},
        {"userId": "u1", "event": "go", "messageId": "b"},
        {"userId": "u2", "event": "go", "messageId": "c"},
        {"userId": "nomail", "event": "go", "messageId": "d"},
    )
    schedule_due(utcnow())
    reasons = [(i.contact.external_id, i.skipped_reason) for i in invitations()]
    assert reasons == [
        ("u1", None),
        ("u1", "recontact_limit"),
        ("u2", "unsubscribed"),
        ("nomail", "no_email"),
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


def test_paused_survey_invites_nobody(app, test_bank, send) -> None:
    survey = create_survey("paused", test_bank, rule=JourneyRule(trigger_event="go"))
    survey.status = "paused"
    people(send, "u1")
    send({"userId": "u1", "event": "go"})
    assert schedule_due(utcnow()) == 0


def test_worker_pass_schedules_then_queues(app, test_bank, send) -> None:
    from surveyapp.dispatch.worker import run_once

    create_survey("on-go", test_bank, rule=JourneyRule(trigger_event="go"))
    people(send, "u1")
    send({"userId": "u1", "event": "go"})
    result = run_once()
    assert result["invited"] == 1
    assert result["smtp_configured"] is False and result["waiting"] == 1


def test_a_burst_larger_than_a_batch_is_scheduled_pass_after_pass(
    app, test_bank, send, monkeypatch
) -> None:
    """More trigger events at once than a pass reads: each pass goes on past the cursor
    instead of re-reading the recent rows it already handled."""
    burst_of_ten(test_bank, send, monkeypatch)
    now = utcnow()
    assert [schedule_due(now) for _ in range(4)] == [4, 4, 2, 0]
    assert len({i.contact_id for i in invitations()}) == 10


def test_a_milestone_burst_larger_than_a_batch_is_scheduled_pass_after_pass(
    app, test_bank, send, monkeypatch
) -> None:
    monkeypatch.setattr("surveyapp.journeys.scheduler.BATCH", 3)
    create_survey(
        "first-value-burst", test_bank, rule=JourneyRule(trigger_milestone="first_report_shared")
    )
    for n in range(4):  # four accounts of two contacts each reach the milestone
        people(send, f"a{n}", f"b{n}", account=f"acct{n}")
        send({"userId": f"a{n}", "event": "report_shared", "messageId": f"r{n}"})
    now = utcnow()
    created = [schedule_due(now) for _ in range(6)]
    assert sum(created) == 8 and created[-1] == 0
    assert len({i.contact_id for i in invitations()}) == 8


def test_a_worker_pass_schedules_a_burst_larger_than_a_batch(
    app, test_bank, send, monkeypatch
) -> None:
    """`surveyapp worker --once` handles everything due: scheduling batch after batch."""
    from surveyapp.dispatch.worker import run_once

    burst_of_ten(test_bank, send, monkeypatch)
    result = run_once()
    assert result["invited"] == 10 and result["waiting"] == 10
    assert run_once()["invited"] == 0


def burst_of_ten(test_bank, send, monkeypatch) -> None:
    """Ten contacts sign up at once; the scheduler reads four trigger events a pass."""
    monkeypatch.setattr("surveyapp.journeys.scheduler.BATCH", 4)
    create_survey("burst", test_bank, rule=JourneyRule(trigger_event="signed_up"))
    users = [f"u{n}" for n in range(10)]
    people(send, *users)
    send(*({"userId": u, "event": "signed_up", "messageId": f"s-{u}"} for u in users))
