"""Outbox state changes from the app: queue an invitation's emails, cancel, unsubscribe.

Everything here adds to the caller's transaction and flushes, never commits: an email exists
exactly when the state change that caused it is committed (the outbox pattern).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from surveyapp.accounts.models import Contact
from surveyapp.core.bulk import insert_rows
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.emails import RenderedEmail
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.dispatch.renderer import EmailRenderer
from surveyapp.invitations.models import Invitation

#: Messages a sender has not started on; "sending" ones are leased and left to their sender.
CANCELLABLE = ("pending",)


def queue_invitation_emails(
    invitation: Invitation, token: str, now: datetime | None = None
) -> list[OutboxMessage]:
    """Render the invitation email and one reminder per the survey's reminders, all due
    from ``invitation.due_at`` (or ``now``); reminders that would come after the link
    expires are left out, as they could only lead to a closed page."""
    if not may_email(invitation):
        return []
    rows = outbox_rows(invitation, token, now or utcnow(), EmailRenderer(), _mail_host())
    messages = [OutboxMessage(**row) for row in rows]
    db.session.add_all(messages)
    db.session.flush()
    return messages


def queue_emails_of(invited: Iterable[tuple[Any, str]], now: datetime) -> int:
    """:func:`queue_invitation_emails` for many new invitations (each with its token), in
    one statement; how many messages. An invitation here is any object with the attributes
    :func:`may_email` and :func:`outbox_rows` read (id, contact_id, contact, survey, due_at,
    expires_at, skipped_reason, revoked_at)."""
    renderer, host = EmailRenderer(), _mail_host()
    rows = [
        row
        for invitation, token in invited
        if may_email(invitation)
        for row in outbox_rows(invitation, token, now, renderer, host)
    ]
    insert_rows(OutboxMessage.__table__, rows)
    return len(rows)


def outbox_rows(
    invitation: Any, token: str, now: datetime, renderer: EmailRenderer, host: str
) -> list[dict[str, Any]]:
    """The outbox rows of one invitation: its email, then its reminders, those due before
    the link expires."""
    due = invitation.due_at or now
    survey = invitation.survey
    schedule = [("invitation", due)] + [
        ("reminder", due + timedelta(days=k * survey.reminder_gap_days))
        for k in range(1, survey.reminders + 1)
    ]
    schedule = [
        (kind, not_before)
        for kind, not_before in schedule
        if invitation.expires_at is None or not_before < invitation.expires_at
    ]
    rendered = {kind: renderer.render(invitation, token, kind) for kind, _ in schedule[:2]}
    return [
        {
            "invitation_id": invitation.id,
            "contact_id": invitation.contact_id,
            "kind": kind,
            "to_address": invitation.contact.email or "",
            "subject": rendered[kind].subject,
            "body_text": rendered[kind].text,
            "body_html": rendered[kind].html,
            "headers": _headers(rendered[kind]),
            "message_id": new_message_id(host),
            "not_before": not_before,
            "status": "pending",
            "attempts": 0,
            "created_at": now,
        }
        for kind, not_before in schedule
    ]


def cancel_pending(
    contact: Contact | None = None, invitation: Invitation | None = None, reason: str = ""
) -> int:
    """Cancel mail not yet started to ``contact`` and/or for ``invitation``; how many."""
    if contact is None and invitation is None:
        raise ValueError("cancel_pending needs a contact or an invitation")
    query = sa.update(OutboxMessage).where(OutboxMessage.status.in_(CANCELLABLE))
    if contact is not None:
        query = query.where(OutboxMessage.contact_id == contact.id)
    if invitation is not None:
        query = query.where(OutboxMessage.invitation_id == invitation.id)
    values = {"status": "cancelled", "lease_until": None, "last_error": reason or None}
    result = db.session.execute(query.values(**values))
    return int(result.rowcount or 0)


def unsubscribe(contact: Contact, now: datetime | None = None) -> bool:
    """Stop every further email to ``contact``; True the first time, False if already done."""
    first_time = contact.unsubscribed_at is None
    if first_time:
        contact.unsubscribed_at = now or utcnow()
    cancel_pending(contact=contact, reason="unsubscribed")
    db.session.flush()
    return first_time


def may_email(invitation: Invitation) -> bool:
    """Whether the invitation may be emailed at all: chosen by its rule, to an address that
    has neither unsubscribed nor bounced."""
    contact = invitation.contact
    return (
        invitation.skipped_reason is None
        and invitation.revoked_at is None
        and bool(contact.email)
        and contact.unsubscribed_at is None
        and contact.bounced_at is None
    )


def _headers(email: RenderedEmail) -> dict[str, str]:
    # RFC 8058: mail clients show an unsubscribe button that POSTs the body below to the URL.
    return {
        "List-Unsubscribe": f"<{email.unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": email.locale,
        "Auto-Submitted": "auto-generated",
    }


def new_message_id(host: str | None = None) -> str:
    """Unique worldwide and fixed at queueing, so a resend is recognisably the same email."""
    return f"<outbox-{uuid.uuid4().hex}@{host or _mail_host()}>"


def _mail_host() -> str:
    """The host of the Message-IDs: the public one."""
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
