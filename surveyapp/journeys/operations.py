"""Create the invitations a journey rule asks for: once per contact, survey and occurrence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from surveyapp.accounts.models import Contact
from surveyapp.core.db import db
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.operations import NewInvitation, insert_new
from surveyapp.invitations.tokens import new_token
from surveyapp.journeys.rules import due_time, in_sample, why_not_invite
from surveyapp.surveys.models import Survey


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a survey's trigger for one contact."""

    contact: Contact
    trigger_key: str
    triggered_at: datetime


def invite(survey: Survey, occurrences: Sequence[Occurrence], now: datetime) -> int:
    """Create the invitations for ``occurrences`` and queue their emails, in a few statements
    whatever their number; how many were new. An occurrence that made one before (however
    often the trigger is seen, or by however many schedulers at once) makes none. A contact
    the rule may not ask gets an invitation with ``skipped_reason`` and no email, so the
    reason is on record."""
    expire_days = survey.expire_days or current_app.config["INVITATION_EXPIRE_DAYS"]
    dues = [max(due_time(survey, o.triggered_at, o.contact), now) for o in occurrences]
    asked = _Asked.around(survey, occurrences, dues)
    planned: list[tuple[dict[str, Any], Contact, str]] = []
    for occurrence, due in zip(occurrences, dues, strict=True):
        contact = occurrence.contact
        reason = _skip_reason(survey, occurrence, due, now, expire_days, asked)
        if reason is None and asked is not None:
            asked.note(contact.id, due)
        token, token_hash = new_token()
        row = {
            "survey_id": survey.id,
            "contact_id": contact.id,
            "token_hash": token_hash,
            "trigger_key": occurrence.trigger_key,
            "created_at": now,
            "due_at": due,
            "expires_at": due + timedelta(days=expire_days),
            "reminders_sent": 0,
            "skipped_reason": reason,
        }
        planned.append((row, contact, token))
    ids = insert_new([row for row, _, _ in planned])
    new = [
        (_new_invitation(ids[row["token_hash"]], survey, contact, row), token)
        for row, contact, token in planned
        if row["token_hash"] in ids
    ]
    from surveyapp.dispatch.operations import queue_emails_of

    queue_emails_of(new, now)  # in this transaction: the outbox pattern
    return len(new)


def _new_invitation(
    invitation_id: int, survey: Survey, contact: Contact, row: dict[str, Any]
) -> NewInvitation:
    return NewInvitation(
        id=invitation_id,
        survey=survey,
        contact=contact,
        due_at=row["due_at"],
        expires_at=row["expires_at"],
        skipped_reason=row["skipped_reason"],
    )


def _skip_reason(
    survey: Survey,
    occurrence: Occurrence,
    due: datetime,
    now: datetime,
    expire_days: int,
    asked: _Asked | None,
) -> str | None:
    contact = occurrence.contact
    reason = why_not_invite(contact)
    if reason:
        return reason
    if occurrence.triggered_at + timedelta(days=survey.delay_days + expire_days) < now:
        return "trigger_too_old"
    if not in_sample(survey, contact):
        return "not_sampled"
    if asked is not None and asked.recently(contact.id, due):
        return "recontact_limit"
    return None


class _Asked:
    """When the contacts of a batch were asked (their invitations not skipped, of any
    survey), for the recontact limit: read in one query, then kept up to date in memory as
    the batch asks them."""

    def __init__(self, window: timedelta) -> None:
        self.window = window
        self.moments: dict[int, list[datetime]] = defaultdict(list)

    @classmethod
    def around(
        cls, survey: Survey, occurrences: Sequence[Occurrence], dues: list[datetime]
    ) -> _Asked | None:
        if not survey.recontact_days or not occurrences:
            return None
        asked = cls(timedelta(days=survey.recontact_days))
        moment = sa.func.coalesce(Invitation.due_at, Invitation.created_at)
        rows = db.session.execute(
            sa.select(Invitation.contact_id, moment).where(
                Invitation.contact_id.in_({o.contact.id for o in occurrences}),
                Invitation.skipped_reason.is_(None),
                moment > min(dues) - asked.window,
                moment < max(dues) + asked.window,
            )
        )
        for contact_id, when in rows:
            asked.note(contact_id, when)
        return asked

    def note(self, contact_id: int, moment: datetime) -> None:
        self.moments[contact_id].append(moment)

    def recently(self, contact_id: int, due: datetime) -> bool:
        return any(abs(moment - due) < self.window for moment in self.moments[contact_id])
