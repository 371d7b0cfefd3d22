"""State changes of a response: open, save a page, complete. Never commit.

Every change is a prepared statement (:mod:`surveyapp.core.driver`) keyed by the
invitation, none of which needs the rows of another: in a request that writes directly
(:mod:`surveyapp.core.writes`) they are all sent with the COMMIT on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from surveyapp.banks.definitions import Bank, Section
from surveyapp.core.db import db, utcnow
from surveyapp.core.driver import Prepared, among, prepared_upsert, together
from surveyapp.invitations.models import Invitation
from surveyapp.respond.models import Answer, Response, SavedPage
from surveyapp.respond.queries import shown_question_keys

_INVITATION = sa.bindparam("invitation_id", type_=sa.Integer())
_NOW = sa.bindparam("now", type_=Response.__table__.c.updated_at.type)
#: The invitation's response, for statements keyed by the invitation.
_RESPONSE_OF_INVITATION = (
    sa.select(Response.id).where(Response.invitation_id == _INVITATION).scalar_subquery()
)

_RECORD_OPENED = Prepared(
    sa.update(Invitation)
    .where(Invitation.id == _INVITATION, Invitation.opened_at.is_(None))
    .values(opened_at=_NOW)
)


def record_opened(invitation_id: int) -> None:
    """Note the first time the link was opened (once, however many tabs)."""
    _RECORD_OPENED.run({"invitation_id": invitation_id, "now": utcnow()})


def save_page(invitation_id: int, section: Section, values: Mapping[str, Any], locale: str) -> None:
    """Store the answers of one page; answering again replaces, never duplicates. The
    response is created with the first page saved, and notes the page's language."""
    now = utcnow()
    given = {key: value for key, value in values.items() if value is not None}
    cleared = [q.key for q in section.questions if q.key not in given]
    if db.engine.dialect.name == "postgresql":
        _SAVE_IN_ONE.run(
            {
                "invitation_id": invitation_id,
                "now": now,
                "locale": locale,
                "section_key": section.key,
                "cleared": cleared,
                "given": given,
            }
        )
        return
    response = {"invitation_id": invitation_id, "now": now, "locale": locale}
    ((response_id,),) = _UPSERT_RESPONSE.rows(response, in_session=True)
    rows = [
        {"response_id": response_id, "question_key": key, "value": value, "answered_at": now}
        for key, value in given.items()
    ]
    together(
        *(
            [(_DELETE_ANSWERS, {"invitation_id": invitation_id, "keys": json.dumps(cleared)})]
            if cleared
            else []
        ),
        *([(_UPSERT_ANSWER, rows)] if rows else []),
        (
            _UPSERT_SAVED_PAGE,
            {"response_id": response_id, "section_key": section.key, "saved_at": now},
        ),
    )


def tidy_after_save(
    invitation_id: int, bank: Bank, before: Mapping[str, Any], after: Mapping[str, Any]
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
        _DELETE_ANSWERS.run({"invitation_id": invitation_id, "keys": json.dumps(hidden)})
    changed = [key for key in shown_after if shown_after[key] != shown_before[key]]
    if changed:
        _DELETE_SAVED_PAGES.run({"invitation_id": invitation_id, "keys": json.dumps(changed)})
    return hidden, changed


def complete(invitation_id: int) -> None:
    """Mark the response and its invitation complete (once: a second call changes nothing)."""
    params = {"invitation_id": invitation_id, "now": utcnow()}
    _COMPLETE_RESPONSE.run(params)
    _COMPLETE_INVITATION.run(params)


_COMPLETE_RESPONSE = Prepared(
    sa.update(Response)
    .where(Response.invitation_id == _INVITATION, Response.completed_at.is_(None))
    .values(completed_at=_NOW)
)
_COMPLETE_INVITATION = Prepared(
    sa.update(Invitation)
    .where(Invitation.id == _INVITATION, Invitation.completed_at.is_(None))
    .values(completed_at=_NOW)
)
_DELETE_ANSWERS = Prepared(
    lambda dialect: sa.delete(Answer).where(
        Answer.response_id == _RESPONSE_OF_INVITATION,
        among(dialect, Answer.question_key, "keys"),
    )
)
_DELETE_SAVED_PAGES = Prepared(
    lambda dialect: sa.delete(SavedPage).where(
        SavedPage.response_id == _RESPONSE_OF_INVITATION,
        among(dialect, SavedPage.section_key, "keys"),
    )
)


def _upsert_response(dialect: str) -> Any:
    """The invitation's response, created with its first page, else marked as updated now
    (in the language of the page saved); RETURNING its id."""
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Response).values(
        invitation_id=_INVITATION,
        locale=sa.bindparam("locale"),
        started_at=_NOW,
        updated_at=_NOW,
    )
    return insert.on_conflict_do_update(
        index_elements=["invitation_id"],
        set_={"updated_at": insert.excluded.updated_at, "locale": insert.excluded.locale},
    ).returning(Response.id)


_UPSERT_RESPONSE = Prepared(_upsert_response)
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
    """PostgreSQL: a page save as one statement (data-modifying CTEs, each writing rows of
    its own): the response upserted as above, the page marked saved, the page's answers
    not given removed, and those given (one JSON object) upserted."""
    response = _upsert_response("postgresql").cte("response")
    page = postgresql.insert(SavedPage).from_select(
        ["response_id", "section_key", "saved_at"],
        sa.select(response.c.id, sa.bindparam("section_key", type_=sa.String()), _NOW),
    )
    page = page.on_conflict_do_update(
        index_elements=["response_id", "section_key"], set_={"saved_at": page.excluded.saved_at}
    )
    keys = sa.bindparam("cleared", type_=postgresql.ARRAY(sa.String()))
    cleared = sa.delete(Answer).where(
        Answer.response_id == sa.select(response.c.id).scalar_subquery(),
        Answer.question_key == sa.any_(keys),
    )
    given = sa.func.jsonb_each(sa.bindparam("given", type_=postgresql.JSONB()))
    given = given.table_valued("key", "value").alias("given")
    answers = postgresql.insert(Answer).from_select(
        ["response_id", "question_key", "value", "answered_at"],
        sa.select(response.c.id, given.c.key, given.c.value, _NOW).select_from(response, given),
    )
    answers = answers.on_conflict_do_update(
        index_elements=["response_id", "question_key"],
        set_={"value": answers.excluded.value, "answered_at": answers.excluded.answered_at},
    )
    return answers.add_cte(response, page.cte("page"), cleared.cte("cleared"))


_SAVE_IN_ONE = Prepared(_save_in_one_statement())
