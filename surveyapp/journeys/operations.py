"""Create the invitations a journey rule asks for: once per contact, survey and occurrence."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from surveyapp.accounts.models import Contact
from surveyapp.core.db import db, insert_or_ignore
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.tokens import new_token
from surveyapp.journeys.rules import due_time, in_sample, why_not_invite
from surveyapp.surveys.models import Survey


def invite_for_trigger(
    survey: Survey, contact: Contact, trigger_key: str, triggered_at: datetime, now: datetime
) -> Invitation | None:
    """The new invitation, or None if this occurrence already made one (however often the
    trigger is seen, or by however many schedulers at once). A contact the rule may not ask
    gets an invitation with ``skipped_reason`` and no email, so the reason is on record."""
    due = max(due_time(survey, triggered_at, contact), now)
    expire_days = survey.expire_days or current_app.config["INVITATION_EXPIRE_DAYS"]
    reason = _skip_reason(survey, contact, triggered_at, due, now, expire_days)
    token, token_hash = new_token()
    inserted = insert_or_ignore(
        Invitation.__table__,
        {
            "survey_id": survey.id,
            "contact_id": contact.id,
            "token_hash": token_hash,
            "trigger_key": trigger_key,
            "created_at": now,
            "due_at": due,
            "expires_at": due + timedelta(days=expire_days),
            "reminders_sent": 0,
            "skipped_reason": reason,
        },
        ["survey_id", "contact_id", "trigger_key"],
    )
    if not inserted:
        return None
    invitation = db.session.scalar(sa.select(Invitation).filter_by(token_hash=token_hash))
    assert invitation is not None
    if reason is None:
        from surveyapp.dispatch.operations import queue_invitation_emails

        queue_invitation_emails(invitation, token, now)
    return invitation


def _skip_reason(
    survey: Survey,
    contact: Contact,
    triggered_at: datetime,
    due: datetime,
    now: datetime,
    expire_days: int,
) -> str | None:
    reason = why_not_invite(contact)
    if reason:
        return reason
    if triggered_at + timedelta(days=survey.delay_days + expire_days) < now:
        return "trigger_too_old"
    if not in_sample(survey, contact):
        return "not_sampled"
    if survey.recontact_days and _asked_recently(contact, due, survey.recontact_days):
        return "recontact_limit"
    return None


def _asked_recently(contact: Contact, due: datetime, days: int) -> bool:
    window = timedelta(days=days)
    moment = sa.func.coalesce(Invitation.due_at, Invitation.created_at)
    return (
        db.session.scalar(
            sa.select(Invitation.id)
            .where(
                Invitation.contact_id == contact.id,
                Invitation.skipped_reason.is_(None),
                moment > due - window,
                moment < due + window,
            )
            .limit(1)
        )
        is not None
    )
