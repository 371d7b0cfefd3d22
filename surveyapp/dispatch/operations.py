"""Outbox state changes from the app: queue an invitation's emails, cancel, unsubscribe.

Everything here adds to the caller's transaction and flushes, never commits: an email exists
exactly when the state change that caused it is committed (the outbox pattern).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from surveyapp.accounts.models import Contact
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.emails import RenderedEmail, render_email, unsubscribe_link
from surveyapp.dispatch.models import OutboxMessage
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
    due = invitation.due_at or now or utcnow()
    survey = invitation.survey
    schedule = [("invitation", due)] + [
        ("reminder", due + timedelta(days=k * survey.reminder_gap_days))
        for k in range(1, survey.reminders + 1)
    ]
    rendered = {kind: render_email(invitation, token, kind) for kind, _ in schedule[:2]}
    messages = [
        _outbox_message(invitation, token, kind, rendered[kind], not_before)
        for kind, not_before in schedule
        if invitation.expires_at is None or not_before < invitation.expires_at
    ]
    db.session.add_all(messages)
    db.session.flush()
    return messages


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


def _outbox_message(
    invitation: Invitation, token: str, kind: str, email: RenderedEmail, not_before: datetime
) -> OutboxMessage:
    return OutboxMessage(
        invitation_id=invitation.id,
        contact_id=invitation.contact_id,
        kind=kind,
        to_address=invitation.contact.email or "",
        subject=email.subject,
        body_text=email.text,
        body_html=email.html,
        headers=_headers(token, email),
        message_id=new_message_id(),
        not_before=not_before,
        status="pending",
        attempts=0,
    )


def _headers(token: str, email: RenderedEmail) -> dict[str, str]:
    # RFC 8058: mail clients show an unsubscribe button that POSTs the body below to the URL.
    return {
        "List-Unsubscribe": f"<{unsubscribe_link(token)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": email.locale,
        "Auto-Submitted": "auto-generated",
    }


def new_message_id() -> str:
    """Unique worldwide and fixed at queueing, so a resend is recognisably the same email."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<outbox-{uuid.uuid4().hex}@{host}>"
