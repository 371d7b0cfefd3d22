"""Unsubscribing: the page and its button, and RFC 8058 one-click POSTs from mail clients."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from surveyapp.accounts.models import Contact
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.dispatch.operations import queue_invitation_emails
from surveyapp.dispatch.sender import send_due
from tests.conftest import csrf_token_of

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def unsubscribed_at(contact_id: int) -> object:
    """Read afresh: a request ends the test's session (same thread and app)."""
    return db.session.scalar(sa.select(Contact.unsubscribed_at).filter_by(id=contact_id))


def statuses(contact_id: int) -> list[str]:
    query = sa.select(OutboxMessage.status).filter_by(contact_id=contact_id).order_by("id")
    return list(db.session.scalars(query))


def test_one_click_stops_the_reminders(client, mail, queue, five_locale_survey) -> None:
    invitation, _, _ = queue(survey=five_locale_survey)
    contact_id = invitation.contact_id
    send_due()
    [email] = mail.messages()
    address = email["List-Unsubscribe"].strip().strip("<>")
    assert address.startswith("http://survey.test/unsubscribe/")

    response = client.post(address.removeprefix("http://survey.test"), data=ONE_CLICK)

    assert response.status_code == 200
    assert unsubscribed_at(contact_id) is not None
    assert statuses(contact_id) == ["sent", "cancelled", "cancelled"]
    report = send_due(now=utcnow() + timedelta(days=30))
    assert report.sent == 0 and len(mail.received()) == 1


@pytest.mark.parametrize(
    ("locale", "button"),
    [("pt", "Cancelar inscrição"), ("fa", "لغو اشتراک"), ("en", "Unsubscribe")],
)
def test_page_asks_first_in_the_contacts_language(
    client, queue, five_locale_survey, locale, button
) -> None:
    invitation, token, _ = queue(survey=five_locale_survey, locale=locale)
    contact_id = invitation.contact_id

    page = client.get(f"/unsubscribe/{token}")

    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f'lang="{locale}"' in html and button in html
    assert "a…@example.com" in html and "ana@example.com" not in html
    assert page.headers["Cache-Control"] == "no-store"
    assert unsubscribed_at(contact_id) is None  # opening the page (a link scanner) is not enough
    assert statuses(contact_id) == ["pending"] * 3

    sent = client.post(f"/unsubscribe/{token}", data={"csrf_token": csrf_token_of(html)})

    assert sent.status_code == 303
    assert unsubscribed_at(contact_id) is not None
    assert statuses(contact_id) == ["cancelled"] * 3
    after = client.get(f"/unsubscribe/{token}").get_data(as_text=True)
    assert "<form" not in after


def test_the_page_form_needs_its_csrf_token(client, queue) -> None:
    invitation, token, _ = queue()
    contact_id = invitation.contact_id
    response = client.post(f"/unsubscribe/{token}", data={"unsubscribe": "1"})
    assert response.status_code == 400
    assert unsubscribed_at(contact_id) is None


def test_unsubscribing_twice_changes_nothing(client, queue) -> None:
    invitation, token, _ = queue()
    contact_id = invitation.contact_id
    assert client.post(f"/unsubscribe/{token}", data=ONE_CLICK).status_code == 200
    first = unsubscribed_at(contact_id)
    assert client.post(f"/unsubscribe/{token}", data=ONE_CLICK).status_code == 200
    assert unsubscribed_at(contact_id) == first


def test_expired_link_still_unsubscribes(client, queue) -> None:
    invitation, token, _ = queue()
    contact_id = invitation.contact_id
    invitation.expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert client.post(f"/unsubscribe/{token}", data=ONE_CLICK).status_code == 200
    assert unsubscribed_at(contact_id) is not None


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_token_gets_the_neutral_page(client, method) -> None:
    response = getattr(client, method)("/unsubscribe/" + "x" * 32, data=ONE_CLICK)
    assert response.status_code == 404
    assert "This link is not available" in response.get_data(as_text=True)


def test_unsubscribed_or_bounced_contact_is_never_queued(create_invitation) -> None:
    invitation, token = create_invitation()
    invitation.contact.unsubscribed_at = utcnow()
    assert queue_invitation_emails(invitation, token) == []
    invitation.contact.unsubscribed_at, invitation.contact.bounced_at = None, utcnow()
    assert queue_invitation_emails(invitation, token) == []
