"""Recording interviews: validated, flushed (never committed), and written to the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from surveyapp.accounts.models import Account, Contact
from surveyapp.audit.operations import record_access
from surveyapp.core.db import db
from surveyapp.interviews.links import check_link
from surveyapp.interviews.models import Interview

SUMMARY_MAX = 4000
INTERVIEWER_MAX = 200


class InterviewError(ValueError):
    """An interview that cannot be recorded as given; the message names the field."""


@dataclass(frozen=True)
class Recorder:
    """Who records the interview, for the audit log (a staff user, or the command line)."""

    user_id: int | None
    email: str


def record_interview(
    account: Account,
    *,
    held_on: date,
    interviewer: str,
    link_url: str,
    recorder: Recorder,
    summary: str | None = None,
    contact: Contact | None = None,
    guide_key: str | None = None,
) -> Interview:
    """Add an interview of ``account``; raises InterviewError (or LinkError) on bad input."""
    interviewer = interviewer.strip()
    if not interviewer or len(interviewer) > INTERVIEWER_MAX:
        raise InterviewError(
            _("interviewer: give a name of 1 to %(max)s characters.", max=INTERVIEWER_MAX)
        )
    if summary and len(summary) > SUMMARY_MAX:
        raise InterviewError(_("summary: at most %(max)s characters.", max=SUMMARY_MAX))
    if contact is not None and contact.account_id != account.id:
        raise InterviewError(_("contact: this person is not a contact of the account."))
    interview = Interview(
        account_id=account.id,
        contact_id=contact.id if contact else None,
        held_on=held_on,
        interviewer=interviewer,
        guide_key=guide_key or None,
        link_url=check_link(link_url),
        summary=(summary or "").strip() or None,
        recorded_by_id=recorder.user_id,
    )
    db.session.add(interview)
    db.session.flush()
    record_access(
        recorder.user_id,
        recorder.email,
        "create",
        f"interview {interview.id} of account {account.external_id}",
        f"held on {held_on.isoformat()}",
    )
    return interview
