"""Create invitations: one contact, one survey, one personal link."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import current_app, url_for

from surveyapp.accounts.models import Contact
from surveyapp.core.db import db, utcnow
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.tokens import new_token
from surveyapp.surveys.models import Survey


class InvitationError(Exception):
    """An invitation cannot be created; the message says why."""


def create_invitation(
    survey: Survey, contact: Contact, trigger_key: str | None = None
) -> tuple[Invitation, str]:
    """A new invitation and its token; the token is shown once and never stored."""
    if survey.status != "active":
        raise InvitationError(f"survey {survey.key!r} is {survey.status}, not active")
    if contact.unsubscribed_at is not None:
        raise InvitationError(f"{contact.email} has unsubscribed")
    if not contact.email:
        raise InvitationError("the contact has no email address yet")
    token, token_hash = new_token()
    days = survey.expire_days or current_app.config["INVITATION_EXPIRE_DAYS"]
    invitation = Invitation(
        survey=survey,
        contact=contact,
        token_hash=token_hash,
        expires_at=utcnow() + timedelta(days=days),
        trigger_key=trigger_key or f"manual:{uuid.uuid4().hex}",
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def personal_link(token: str) -> str:
    """The link to send, on the public base URL (SURVEYAPP_BASE_URL)."""
    base = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for("respond.survey_page", token=token, _external=True)
