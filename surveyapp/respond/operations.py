"""State changes of a response: open, save a page, complete. Never commit.

Every change is a prepared statement (:mod:`surveyapp.core.driver`) keyed by the invitation.
Two ways to save a page, for the two databases' ways of keeping concurrent saves of one
response apart:

* SQLite: the request holds the write lock from before it reads (core/writes.py); the save
  is :func:`save_under_lock`: :func:`save_page`, :func:`tidy` and, on the last page,
  :func:`mark_complete`.
* PostgreSQL: the request reads without a lock and the save is one statement,
  :func:`save_if_unchanged`, which writes only if the response is still the version read
  (else the request reads again and decides again).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from surveyapp.banks.definitions import Section
from surveyapp.core.db import db, utcnow
from surveyapp.core.driver import Prepared, among, prepared_upsert, together
from surveyapp.invitations.models import Invitation
from surveyapp.respond.models import Answer, Response, SavedPage

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


def tidy(invitation_id: int, hidden: list[str], unsaved: list[str]) -> None:
    """Remove the answers ``hidden`` and count the pages ``unsaved`` as not saved (see
    :func:`surveyapp.respond.queries.tidied`)."""
    if hidden:
        _DELETE_ANSWERS.run({"invitation_id": invitation_id, "keys": json.dumps(hidden)})
    if unsaved:
        _DELETE_SAVED_PAGES.run({"invitation_id": invitation_id, "keys": json.dumps(unsaved)})


def mark_complete(invitation_id: int) -> None:
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


@dataclass(frozen=True)
class PageChange:
    """All that saving a page changes, decided from the response as read: the page's
    ``values`` (in ``locale``), the answers ``hidden`` by a branch, the pages ``unsaved``
    (their questions changed), and whether the response is now ``complete``."""

    section: Section
    values: Mapping[str, Any]
    locale: str
    hidden: list[str]
    unsaved: list[str]
    complete: bool


def save_under_lock(invitation_id: int, _seen_version: str | None, change: PageChange) -> bool:
    """SQLite: a whole page save, as :func:`save_if_unchanged`, in a transaction that holds
    the write lock since the response was read, so it is still as read: always written."""
    save_page(invitation_id, change.section, change.values, change.locale)
    tidy(invitation_id, change.hidden, change.unsaved)
    if change.complete:
        mark_complete(invitation_id)
    return True


def saves_unchecked() -> bool:
    """Whether saves take the response's lock first (SQLite: its write lock) rather than
    checking it unchanged as they write (PostgreSQL: :func:`save_if_unchanged`)."""
    return db.engine.dialect.name != "postgresql"


def save_if_unchanged(invitation_id: int, seen_version: str | None, change: PageChange) -> bool:
    """PostgreSQL: a whole page save as one statement (its own transaction when the request
    reads in autocommit), written only if the response is still the version read
    (``seen_version``; None: there was none yet). False, writing nothing, if it changed:
    the caller reads again and decides again.

    It does what :func:`save_under_lock` does: answers given are stored, those of the page
    not given and those hidden removed, the page counted as saved unless it is among those
    unsaved, those no longer, and, if complete, the response and its invitation marked so.
    """
    section, values, hidden, unsaved = change.section, change.values, change.hidden, change.unsaved
    given = {key: value for key, value in values.items() if value is not None and key not in hidden}
    cleared = [q.key for q in section.questions if q.key not in given] + hidden
    params = {
        "invitation_id": invitation_id,
        "seen": seen_version,
        "now": utcnow(),
        "locale": change.locale,
        "section_key": section.key,
        "mark_saved": section.key not in unsaved,
        "given": given,
        "cleared": sorted(set(cleared)),
        "unsaved": unsaved,
        "complete": change.complete,
    }
    ((written,),) = _SAVE_IF_UNCHANGED.rows(params)
    return bool(written)


def _save_if_unchanged_statement() -> Any:
    """The statement of :func:`save_if_unchanged`: data-modifying CTEs, each writing rows of
    its own, all hanging on the response's upsert, which the version check may stop."""
    complete = sa.bindparam("complete", type_=sa.Boolean())
    keys = postgresql.ARRAY(sa.String())
    insert = postgresql.insert(Response).values(
        invitation_id=_INVITATION,
        locale=sa.bindparam("locale"),
        started_at=_NOW,
        updated_at=_NOW,
        completed_at=sa.case((complete, _NOW), else_=sa.null()),
    )
    response = (
        insert.on_conflict_do_update(
            index_elements=["invitation_id"],
            set_={
                "updated_at": insert.excluded.updated_at,
                "locale": insert.excluded.locale,
                "completed_at": sa.func.coalesce(
                    Response.completed_at, insert.excluded.completed_at
                ),
            },
            where=sa.literal_column("responses.xmin::text") == sa.bindparam("seen"),
        )
        .returning(Response.id)
        .cte("response")
    )
    written = sa.select(response.c.id)
    page = postgresql.insert(SavedPage).from_select(
        ["response_id", "section_key", "saved_at"],
        sa.select(response.c.id, sa.bindparam("section_key", type_=sa.String()), _NOW).where(
            sa.bindparam("mark_saved", type_=sa.Boolean())
        ),
    )
    page = page.on_conflict_do_update(
        index_elements=["response_id", "section_key"], set_={"saved_at": page.excluded.saved_at}
    )
    cleared = sa.delete(Answer).where(
        Answer.response_id.in_(written),
        Answer.question_key == sa.any_(sa.bindparam("cleared", type_=keys)),
    )
    unsaved = sa.delete(SavedPage).where(
        SavedPage.response_id.in_(written),
        SavedPage.section_key == sa.any_(sa.bindparam("unsaved", type_=keys)),
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
    invitation = (
        sa.update(Invitation)
        .where(
            Invitation.id == _INVITATION,
            Invitation.completed_at.is_(None),
            complete,
            sa.exists(written),
        )
        .values(completed_at=_NOW)
    )
    return (
        sa.select(sa.func.count())
        .select_from(response)
        .add_cte(
            page.cte("page"),
            cleared.cte("cleared"),
            unsaved.cte("unsaved"),
            answers.cte("answers"),
            invitation.cte("invitation"),
        )
    )


_SAVE_IF_UNCHANGED = Prepared(_save_if_unchanged_statement())
