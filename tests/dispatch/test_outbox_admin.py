"""The admin's outbox pages: listing, filter, pages, one email, escaping, audit, access."""

from __future__ import annotations

import html
import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from markupsafe import escape

from surveyapp.audit.models import AuditEvent
from surveyapp.auth.operations import create_user
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.admin_forms import STATUS_LABELS
from surveyapp.dispatch.admin_queries import PAGE_SIZE
from surveyapp.dispatch.models import STATUSES, OutboxMessage
from tests.auth.conftest import PASSWORD, log_in

HOSTILE_SUBJECT = '<script>alert("subject")</script>'
HOSTILE_HTML = (
    '<p>Hi</p><script>alert("body")</script><img src=x onerror="alert(1)">'
    '"><iframe src="javascript:alert(2)"></iframe>'
)
HOSTILE_TEXT = "</pre><script>alert('text')</script>"


def add_message(**overrides: Any) -> OutboxMessage:
    values: dict[str, Any] = {
        "kind": "invitation",
        "to_address": "ana@example.com",
        "subject": "A few questions from Acme",
        "body_text": "Please answer: http://survey.test/s/abc",
        "body_html": "<p>Please <a href='http://survey.test/s/abc'>answer</a></p>",
        "headers": {"List-Unsubscribe": "<http://survey.test/unsubscribe/abc>"},
        "message_id": f"<outbox-{uuid.uuid4().hex}@survey.test>",
        "not_before": utcnow(),
        "status": "pending",
        "attempts": 0,
    }
    message = OutboxMessage(**{**values, **overrides})
    db.session.add(message)
    db.session.commit()
    return message


@pytest.fixture
def as_role(app: Any) -> Any:
    def log_in_as(role: str) -> Any:
        email = f"{role}-outbox@example.com"
        create_user(email, role, PASSWORD)
        db.session.commit()
        client = app.test_client()
        assert log_in(client, email).status_code == 303
        return client

    return log_in_as


def rows(page: str) -> list[str]:
    return re.findall(r"<tr>\s*<td><a href=\"/admin/outbox/\d+\">.*?</tr>", page, re.DOTALL)


def test_lists_newest_first_with_delivery_state(as_role) -> None:
    add_message(to_address="first@example.com")
    add_message(
        to_address="second@example.com",
        kind="reminder",
        status="failed",
        attempts=3,
        last_error="451 4.3.0 Try again later",
    )
    sent_at = utcnow()
    add_message(to_address="third@example.com", status="sent", attempts=1, sent_at=sent_at)

    page = as_role("admin").get("/admin/outbox").get_data(as_text=True)

    listed = rows(page)
    assert [re.search(r"[\w.]+@example.com", row).group(0) for row in listed] == [
        "third@example.com",
        "second@example.com",
        "first@example.com",
    ]
    assert "Sent" in listed[0] and sent_at.strftime("%Y-%m-%d %H:%M:%S") in listed[0]
    assert "Failed" in listed[1] and "Reminder" in listed[1] and "451 4.3.0" in listed[1]
    assert "<td>3</td>" in listed[1]
    assert "Waiting" in listed[2] and "Invitation" in listed[2] and "—" in listed[2]
    assert "Waiting: 1" in page and "Sent: 1" in page and "Failed: 1" in page


def test_filters_by_status_and_pages_back(as_role) -> None:
    start = utcnow()
    for number in range(PAGE_SIZE + 3):
        add_message(to_address=f"p{number}@example.com", not_before=start)
    add_message(to_address="bounced@example.com", status="bounced", last_error="550 no such")
    client = as_role("admin")

    bounced = client.get("/admin/outbox?status=bounced").get_data(as_text=True)
    assert len(rows(bounced)) == 1 and "bounced@example.com" in bounced

    first = client.get("/admin/outbox?status=pending").get_data(as_text=True)
    assert len(rows(first)) == PAGE_SIZE and "p52@example.com" in first
    assert "p2@example.com" not in first and "bounced@example.com" not in first
    older = html.unescape(first.split("Older emails")[0].split('href="')[-1].split('"')[0])
    assert "status=pending" in older and "before=" in older
    second = client.get(older).get_data(as_text=True)
    assert [f"p{n}@example.com" in second for n in (2, 1, 0)] == [True] * 3
    assert len(rows(second)) == 3 and "Older emails" not in second


@pytest.mark.parametrize("query", ["status=lost", "status=<script>", "before=abc", "before=0"])
def test_a_bad_filter_is_a_422_not_a_500(as_role, query) -> None:
    response = as_role("admin").get(f"/admin/outbox?{query}")
    assert response.status_code == 422
    assert "<script>" not in response.get_data(as_text=True).split("<main")[1]


def test_one_email_shows_headers_text_and_html_as_sent(as_role, queue, five_locale_survey):
    _, token, messages = queue(survey=five_locale_survey, locale="pt")
    invitation = messages[0]

    page = as_role("admin").get(f"/admin/outbox/{invitation.id}").get_data(as_text=True)

    assert escape(invitation.subject) in page
    assert invitation.message_id.replace("<", "&lt;").replace(">", "&gt;") in page
    assert f"http://survey.test/unsubscribe/{token}" in page
    assert "List-Unsubscribe=One-Click" in page and "Content-Language" in page
    assert f"http://survey.test/s/{token}" in page  # the text part
    iframe = re.search(r"<iframe [^>]*>", page).group(0)
    assert 'sandbox=""' in iframe
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', iframe).group(1))
    assert srcdoc == invitation.body_html


def test_hostile_subject_and_bodies_stay_text(as_role) -> None:
    message = add_message(subject=HOSTILE_SUBJECT, body_html=HOSTILE_HTML, body_text=HOSTILE_TEXT)
    client = as_role("admin")

    page = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    listing = client.get("/admin/outbox").get_data(as_text=True)

    for shown in (page, listing):
        assert "<script>" not in shown and "onerror=" not in shown.replace("onerror=&", "")
        assert "<iframe src=" not in shown
    assert escape(HOSTILE_SUBJECT) in page
    assert escape(HOSTILE_TEXT) in page
    [iframe] = re.findall(r"<iframe [^>]*>", page)  # the hostile body opened no frame of its own
    assert 'sandbox=""' in iframe
    assert html.unescape(re.search(r'srcdoc="([^"]*)"', iframe).group(1)) == HOSTILE_HTML


def test_views_are_audited_and_a_missing_email_is_a_404(as_role) -> None:
    message = add_message(not_before=utcnow() + timedelta(days=3))
    client = as_role("admin")
    client.get("/admin/outbox?status=pending")
    client.get(f"/admin/outbox/{message.id}")
    assert client.get(f"/admin/outbox/{message.id + 1000}").status_code == 404
    assert client.get("/admin/outbox?status=nope").status_code == 422

    logged = db.session.execute(
        sa.select(AuditEvent.user_email, AuditEvent.action, AuditEvent.target, AuditEvent.detail)
    ).all()
    me = "admin-outbox@example.com"
    assert [tuple(row) for row in logged] == [
        (me, "view", "outbox", "status=pending"),
        (me, "view", f"outbox message {message.id}", "invitation"),
    ]


@pytest.mark.parametrize("role", ["researcher", "cs"])
def test_only_admins_see_the_outbox(as_role, role) -> None:
    message = add_message()
    client = as_role(role)
    assert client.get("/admin/outbox").status_code == 403
    assert client.get(f"/admin/outbox/{message.id}").status_code == 403
    nav = client.get("/staff").get_data(as_text=True)
    assert "/admin/outbox" not in nav


def test_admins_find_it_in_the_navigation(as_role) -> None:
    assert 'href="/admin/outbox"' in as_role("admin").get("/staff").get_data(as_text=True)


def test_every_status_has_words() -> None:
    assert set(STATUS_LABELS) == set(STATUSES)
