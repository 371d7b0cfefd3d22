"""State changes of a response: open, save a page, complete. Flush, never commit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from surveyapp.banks.definitions import Bank, Section
from surveyapp.core.db import db, insert_or_ignore, upsert, utcnow
from surveyapp.invitations.models import Invitation
from surveyapp.respond.models import Answer, Response, SavedPage
from surveyapp.respond.queries import response_for, shown_question_keys


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


def tidy_after_save(
    response: Response, bank: Bank, before: Mapping[str, Any], after: Mapping[str, Any]
) -> None:
    """Keep the response what the respondent sees after a change of a branching answer.

    Answers to questions now hidden are removed, and a page whose questions changed counts
    as not saved, so that the respondent is taken through it again.
    """
    shown_before = shown_question_keys(bank, before)
    shown_after = shown_question_keys(bank, after)
    visible = {key for keys in shown_after.values() for key in keys}
    hidden = [key for key in after if key not in visible]
    if hidden:
        db.session.execute(
            sa.delete(Answer).where(
                Answer.response_id == response.id, Answer.question_key.in_(hidden)
            )
        )
    changed = [key for key in shown_after if shown_after[key] != shown_before[key]]
    if changed:
        db.session.execute(
            sa.delete(SavedPage).where(
                SavedPage.response_id == response.id, SavedPage.section_key.in_(changed)
            )
        )


def complete(invitation: Invitation, response: Response) -> bool:
    """Mark the response complete; True only for the call that completed it."""
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
