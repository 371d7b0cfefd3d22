"""Create invitations: one contact, one survey, one personal link."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, url_for

from surveyapp.accounts.models import Contact
from surveyapp.core.bulk import insert_rows
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


@dataclass(frozen=True)
class NewInvitation:
    """An invitation just inserted by :func:`insert_new`: what its emails need of it."""

    id: int
    survey: Survey
    contact: Contact
    due_at: datetime | None
    expires_at: datetime | None
    skipped_reason: str | None
    revoked_at: None = None

    @property
    def contact_id(self) -> int:
        return self.contact.id


def insert_new(rows: list[dict[str, Any]]) -> dict[str, int]:
    """INSERT invitation rows in one statement, skipping those whose survey, contact and
    trigger occurrence have one already (race-free); token hash -> id of the new ones."""
    inserted = insert_rows(
        Invitation.__table__,
        rows,
        conflict=["survey_id", "contact_id", "trigger_key"],
        returning=["id", "token_hash"],
    )
    return {token_hash: row_id for row_id, token_hash in inserted}
