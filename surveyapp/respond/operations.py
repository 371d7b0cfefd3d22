"""State changes of a response: open, save a page, complete. Flush, never commit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from surveyapp.banks.definitions import Bank, Section
from surveyapp.core.db import db, insert_or_ignore_id, utcnow
from surveyapp.core.driver import Prepared, prepared_upsert, together
from surveyapp.invitations.models import Invitation
from surveyapp.respond.models import Answer, Response, SavedPage
from surveyapp.respond.queries import shown_question_keys


def record_opened(invitation_id: int) -> None:
    """Note the first time the link was opened (once, however many tabs)."""
    db.session.execute(
        sa.update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.opened_at.is_(None))
        .values(opened_at=utcnow())
    )


# The statements of a page save, prepared: saving is what respondents do most.
_TOUCH_RESPONSE = Prepared(
    sa.update(Response)
    .where(Response.id == sa.bindparam("response_id"))
    .values(updated_at=sa.bindparam("now"), locale=sa.bindparam("locale"))
)
_UPSERT_ANSWER = prepared_upsert(
    Answer.__table__,
    ["response_id", "question_key", "value", "answered_at"],
    ["response_id", "question_key"],
    ["value", "answered_at"],
)
_UPSERT_SAVED_PAGE = prepared_upsert(
    SavedPage.__table__,
    ["response_id", "section_key", "saved_at"],
    ["response_id", "section_key"],
    ["saved_at"],
)


def _save_in_one_statement() -> Any:
    """PostgreSQL: the statements above as one (data-modifying CTEs), with the answers given
    as one JSON object and the keys to clear as an array. Each part writes other rows."""
    response_id = sa.bindparam("response_id", type_=sa.Integer())
    now = sa.bindparam("now", type_=Response.__table__.c.updated_at.type)
    touch = (
        sa.update(Response)
        .where(Response.id == response_id)
        .values(updated_at=now, locale=sa.bindparam("locale"))
    )
    page = postgresql.insert(SavedPage).values(
        response_id=response_id, section_key=sa.bindparam("section_key"), saved_at=now
    )
    page = page.on_conflict_do_update(
        index_elements=["response_id", "section_key"], set_={"saved_at": page.excluded.saved_at}
    )
    keys = sa.bindparam("cleared", type_=postgresql.ARRAY(sa.String()))
    cleared = sa.delete(Answer).where(
        Answer.response_id == response_id, Answer.question_key == sa.any_(keys)
    )
    given = sa.func.jsonb_each(sa.bindparam("given", type_=postgresql.JSONB()))
    given = given.table_valued("key", "value").alias("given")
    answers = postgresql.insert(Answer).from_select(
        ["response_id", "question_key", "value", "answered_at"],
        sa.select(response_id, given.c.key, given.c.value, now),
    )
    answers = answers.on_conflict_do_update(
        index_elements=["response_id", "question_key"],
        set_={"value": answers.excluded.value, "answered_at": answers.excluded.answered_at},
    )
    return answers.add_cte(touch.cte("touch"), page.cte("page"), cleared.cte("cleared"))


_SAVE_IN_ONE = Prepared(_save_in_one_statement())


def save_page(
    invitation_id: int,
    response_id: int | None,
    section: Section,
    values: Mapping[str, Any],
    locale: str,
) -> int:
    """Store the answers of one page; answering again replaces, never duplicates.

    Returns the response's id (the response is created with the first page saved).
    """
    now = utcnow()
    if response_id is None:
        response_id = _ensure_response(invitation_id, locale)
    given = {key: value for key, value in values.items() if value is not None}
    cleared = [q.key for q in section.questions if q.key not in given]
    if db.engine.dialect.name == "postgresql":
        _SAVE_IN_ONE.run(
            {
                "response_id": response_id,
                "now": now,
                "locale": locale,
                "section_key": section.key,
                "cleared": cleared,
                "given": given,
            }
        )
        return response_id
    if cleared:
        _delete_answers(response_id, cleared)
    rows = [
        {"response_id": response_id, "question_key": key, "value": value, "answered_at": now}
        for key, value in given.items()
    ]
    page = {"response_id": response_id, "section_key": section.key, "saved_at": now}
    together(
        (_TOUCH_RESPONSE, {"response_id": response_id, "now": now, "locale": locale}),
        *([(_UPSERT_ANSWER, rows)] if rows else []),
        (_UPSERT_SAVED_PAGE, page),
    )
    return response_id


def tidy_after_save(
    response_id: int, bank: Bank, before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[list[str], list[str]]:
    """Keep the response what the respondent sees after a change of a branching answer.

    Answers to questions now hidden are removed, and a page whose questions changed counts
    as not saved, so that the respondent is taken through it again. Returns the keys of
    the answers removed and of the pages no longer counted as saved.
    """
    shown_before = shown_question_keys(bank, before)
    shown_after = shown_question_keys(bank, after)
    visible = {key for keys in shown_after.values() for key in keys}
    hidden = [key for key in after if key not in visible]
    if hidden:
        _delete_answers(response_id, hidden)
    changed = [key for key in shown_after if shown_after[key] != shown_before[key]]
    if changed:
        db.session.execute(
            sa.delete(SavedPage).where(
                SavedPage.response_id == response_id, SavedPage.section_key.in_(changed)
            )
        )
    return hidden, changed


def complete(invitation_id: int, response_id: int) -> bool:
    """Mark the response complete; True only for the call that completed it."""
    now = utcnow()
    completed = db.session.execute(
        sa.update(Response)
        .where(Response.id == response_id, Response.completed_at.is_(None))
        .values(completed_at=now)
    ).rowcount
    db.session.execute(
        sa.update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.completed_at.is_(None))
        .values(completed_at=now)
    )
    return completed == 1


def _delete_answers(response_id: int, keys: list[str]) -> None:
    db.session.execute(
        sa.delete(Answer).where(Answer.response_id == response_id, Answer.question_key.in_(keys))
    )


def _ensure_response(invitation_id: int, locale: str) -> int:
    now = utcnow()
    values = {"invitation_id": invitation_id, "locale": locale, "started_at": now}
    response_id = insert_or_ignore_id(
        Response.__table__, {**values, "updated_at": now}, ["invitation_id"]
    )
    if response_id is None:  # created since it was read (a caller without the lock)
        response_id = db.session.scalar(
            sa.select(Response.id).where(Response.invitation_id == invitation_id)
        )
    assert response_id is not None
    return int(response_id)
