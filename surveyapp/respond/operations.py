"""State changes of a response: open, save a page, complete. Flush, never commit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from surveyapp.banks.definitions import Bank, Section
from surveyapp.core.db import db, insert_or_ignore, upsert, utcnow
from surveyapp.invitations.models import Invitation
from surveyapp.respond.models import Answer, Response, SavedPage
from surveyapp.respond.queries import response_for, stored_answers


def record_opened(invitation: Invitation) -> None:
    """Note the first time the link was opened (once, however many tabs)."""
    db.session.execute(
        sa.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.opened_at.is_(None))
        .values(opened_at=utcnow())
    )


def save_page(
    invitation: Invitation,
    response: Response | None,
    section: Section,
    values: Mapping[str, Any],
    locale: str,
) -> Response:
    """Store the answers of one page; answering again replaces, never duplicates."""
    response = response or _ensure_response(invitation, locale)
    now = utcnow()
    given = {key: value for key, value in values.items() if value is not None}
    cleared = [q.key for q in section.questions if q.key not in given]
    if cleared:
        db.session.execute(
            sa.delete(Answer).where(
                Answer.response_id == response.id, Answer.question_key.in_(cleared)
            )
        )
    rows = [
        {"response_id": response.id, "question_key": key, "value": value, "answered_at": now}
        for key, value in given.items()
    ]
    upsert(Answer.__table__, rows, ["response_id", "question_key"], ["value", "answered_at"])
    page = {"response_id": response.id, "section_key": section.key, "saved_at": now}
    upsert(SavedPage.__table__, [page], ["response_id", "section_key"], ["saved_at"])
    db.session.execute(
        sa.update(Response).where(Response.id == response.id).values(updated_at=now, locale=locale)
    )
    return response


def complete(invitation: Invitation, response: Response, bank: Bank) -> bool:
    """Mark the response complete; True only for the call that completed it.

    Answers to questions that the final answers hide are removed, so the stored response is
    exactly what the respondent saw.
    """
    answers = stored_answers(response)
    shown = {q.key for s in bank.shown_sections(answers) for q in s.shown_questions(answers, bank)}
    hidden = [key for key in answers if key not in shown]
    if hidden:
        db.session.execute(
            sa.delete(Answer).where(
                Answer.response_id == response.id, Answer.question_key.in_(hidden)
            )
        )
    now = utcnow()
    completed = db.session.execute(
        sa.update(Response)
        .where(Response.id == response.id, Response.completed_at.is_(None))
        .values(completed_at=now)
    ).rowcount
    db.session.execute(
        sa.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.completed_at.is_(None))
        .values(completed_at=now)
    )
    db.session.expire_all()
    return completed == 1


def _ensure_response(invitation: Invitation, locale: str) -> Response:
    insert_or_ignore(
        Response.__table__,
        {
            "invitation_id": invitation.id,
            "locale": locale,
            "started_at": utcnow(),
            "updated_at": utcnow(),
        },
        conflict=["invitation_id"],
    )
    response = response_for(invitation)
    assert response is not None  # inserted above, or by a concurrent request
    return response
