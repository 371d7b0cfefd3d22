"""Invitation and reminder emails as received by a real SMTP server, in each locale."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.emails import render_email
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.dispatch.operations import cancel_pending
from surveyapp.dispatch.renderer import EmailRenderer
from surveyapp.dispatch.sender import send_due

ACTION = {
    "en": "Answer the survey",
    "pt": "Responder à pesquisa",
    "es": "Responder la encuesta",
    "pl": "Przejdź do ankiety",
    "fa": "پاسخ به نظرسنجی",
}
REMINDER = {
    "en": "Reminder:",
    "pt": "Lembrete:",
    "es": "Recordatorio:",
    "pl": "Przypomnienie:",
    "fa": "یادآوری:",
}


@pytest.mark.parametrize("locale", sorted(ACTION))
def test_invitation_email_in_each_locale(mail, queue, five_locale_survey, locale) -> None:
    invitation, token, queued = queue(survey=five_locale_survey, locale=locale)
    assert [m.kind for m in queued] == ["invitation", "reminder", "reminder"]

    report = send_due()

    assert report.sent == 1  # the reminders are not due yet
    [received] = mail.messages()
    assert received["Message-ID"] == queued[0].message_id
    assert received["To"] == "ana@example.com"
    assert received["From"].addresses[0].display_name == "Acme Success"
    assert received["Content-Language"] == locale
    link = f"http://survey.test/s/{token}"
    unsubscribe = f"http://survey.test/unsubscribe/{token}"
    assert received["List-Unsubscribe"].strip() == f"<{unsubscribe}>"  # may be folded
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received.get_content_type() == "multipart/alternative"
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    for body in (text, html):
        assert link in body and unsubscribe in body and ACTION[locale] in body
        assert "Acme Success" in body
    assert f'lang="{locale}"' in html
    assert ('dir="rtl"' in html) == (locale == "fa")
    if locale == "fa":
        assert "۲۰" in text  # the expiry date in Persian digits


@pytest.mark.parametrize("locale", ["en", "fa"])
def test_reminders_follow_the_gap_and_are_counted(mail, queue, five_locale_survey, locale) -> None:
    invitation, _, queued = queue(survey=five_locale_survey, locale=locale)
    due = queued[0].not_before
    assert [m.not_before - due for m in queued] == [timedelta(0), timedelta(3), timedelta(6)]

    send_due()
    send_due(now=due + timedelta(days=3, minutes=1))

    subjects = [m["Subject"] for m in mail.messages()]
    assert len(subjects) == 2 and subjects[1].startswith(REMINDER[locale])
    db.session.refresh(invitation)
    assert invitation.sent_at is not None and invitation.reminders_sent == 1


def test_reminders_past_expiry_are_not_queued(queue, create_survey) -> None:
    survey = create_survey(key="short", expire_days=5, reminders=3, reminder_gap_days=2)
    _, _, queued = queue(survey=survey)
    assert [m.kind for m in queued] == ["invitation", "reminder", "reminder"]  # day 2 and 4


def test_message_ids_are_unique_and_on_the_public_host(queue, create_survey) -> None:
    survey = create_survey(key="many", reminders=2)
    _, _, first = queue(survey=survey, email="a@example.com")
    _, _, second = queue(survey=survey, email="b@example.com")
    ids = [m.message_id for m in first + second]
    assert len(set(ids)) == 6
    assert all(i.startswith("<outbox-") and i.endswith("@survey.test>") for i in ids)


def test_completed_invitation_gets_no_reminder(mail, queue, five_locale_survey) -> None:
    invitation, _, queued = queue(survey=five_locale_survey)
    send_due()
    invitation.completed_at = utcnow()
    db.session.commit()

    report = send_due(now=utcnow() + timedelta(days=30))

    assert (report.sent, report.cancelled) == (0, 2)
    assert len(mail.received()) == 1
    statuses = db.session.scalars(
        sa.select(OutboxMessage.status).filter_by(invitation_id=invitation.id)
    )
    assert sorted(statuses) == ["cancelled", "cancelled", "sent"]


def test_no_smtp_host_leaves_mail_in_the_outbox(app, queue, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    _, _, queued = queue()
    report = send_due()
    assert not report.smtp_configured and report.handled == 0
    db.session.refresh(queued[0])
    assert queued[0].status == "pending"


def test_cancel_pending_for_one_invitation(queue, create_survey) -> None:
    survey = create_survey(key="two", reminders=1)
    first, _, _ = queue(survey=survey)
    second, _, _ = queue(survey=survey, email="bob@example.com")

    assert cancel_pending(invitation=first) == 2
    assert cancel_pending(invitation=first) == 0

    by_invitation = db.session.execute(
        sa.select(OutboxMessage.invitation_id, OutboxMessage.status).order_by(OutboxMessage.id)
    ).all()
    assert [status for owner, status in by_invitation if owner == first.id] == ["cancelled"] * 2
    assert [status for owner, status in by_invitation if owner == second.id] == ["pending"] * 2


NAMES = {"en": "Ann <b>&amp; Lee", "pt": "João {0} Gonçalves", "es": "Begoña %s Núñez",
         "pl": "Łukasz Żak", "fa": "مریم رضایی"}  # fmt: skip


@pytest.mark.parametrize("kind", ["invitation", "reminder"])
def test_many_emails_render_as_one_email_does(create_invitation, five_locale_survey, kind) -> None:
    """The renderer for many emails (templates run once per survey, kind and language) gives
    the text of rendering each on its own: names with markup or braces, without a name, in
    another time zone."""
    renderer = EmailRenderer()
    for n, (locale, name) in enumerate(sorted(NAMES.items()) * 2):
        invitation, token = create_invitation(
            survey=five_locale_survey, email=f"p{n}@example.com", locale=locale
        )
        invitation.contact.name = name if n < len(NAMES) else None
        invitation.contact.timezone = "Pacific/Kiritimati" if n % 2 else None
        email = renderer.render(invitation, token, kind)
        assert email == render_email(invitation, token, kind)
        if name.startswith("Ann") and n < len(NAMES):
            assert "Ann &lt;b&gt;&amp;amp; Lee" in email.html and name in email.text
