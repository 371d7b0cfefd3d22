"""Reads for the respondent's pages: the link behind a token, answers, where to resume."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa

from surveyapp.accounts.models import Contact
from surveyapp.banks.definitions import Bank, Section
from surveyapp.banks.models import BankVersion
from surveyapp.core.db import db
from surveyapp.core.driver import Prepared, together
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.tokens import hash_token, matches, well_formed
from surveyapp.respond.models import Answer, Response, SavedPage
from surveyapp.surveys.models import Survey


class Link(NamedTuple):
    """What a respondent's page needs of the invitation, its survey and its response (a
    named tuple: made from a row on every page view, faster than a frozen dataclass)."""

    invitation_id: int
    token_hash: str
    opened_at: datetime | None
    completed_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    allow_edit: bool
    contact_locale: str | None
    bank_version_id: int
    bank_digest: str
    response_id: int | None
    response_locale: str | None
    #: PostgreSQL: the response row's version (its xmin) when read; None elsewhere.
    response_version: str | None

    def is_open(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


# One round trip: the invitation with what the page needs of its survey, contact and response.
def _link_query(dialect: str) -> Any:
    """PostgreSQL also reads the response row's version: its ``xmin`` (the transaction that
    last wrote it), which a save checks to find whether it changed since (see
    :func:`surveyapp.respond.operations.save_if_unchanged`)."""
    version = sa.literal_column("responses.xmin::text") if dialect == "postgresql" else sa.null()
    return (
        sa.select(
            Invitation.id,
            Invitation.token_hash,
            Invitation.opened_at,
            Invitation.completed_at,
            Invitation.expires_at,
            Invitation.revoked_at,
            Survey.allow_edit,
            Contact.locale,
            BankVersion.id,
            BankVersion.digest,
            Response.id,
            Response.locale,
            version,
        )
        .join(Survey, Survey.id == Invitation.survey_id)
        .join(BankVersion, BankVersion.id == Survey.bank_version_id)
        .join(Contact, Contact.id == Invitation.contact_id)
        .outerjoin(Response, Response.invitation_id == Invitation.id)
        .where(Invitation.token_hash == sa.bindparam("token_hash"))
    )


_LINK = Prepared(_link_query)


def link_for_token(token: str, *, lock: bool = False) -> Link | None:
    """The link a token opens, or None; the lookup is by hash, never by token."""
    opened = open_link(token, lock=lock)
    return opened[0] if opened else None


def open_link(
    token: str, *, lock: bool = False, saving: bool = False
) -> tuple[Link, dict[str, Any], set[str]] | None:
    """The link a token opens with its stored answers and saved pages (see
    :func:`answers_and_saved_pages`), or None; the lookup is by hash, never by token.

    Views read the answers only for a link that has a response (most views are of links
    not answered yet). ``saving`` on PostgreSQL reads all of it in one statement (one
    snapshot); saves there do not lock: they write only if the response is still the version
    read (:func:`surveyapp.respond.operations.save_if_unchanged`). On SQLite, ``lock`` reads
    in the request's writing transaction, which holds the write lock (see
    :func:`surveyapp.core.writes.write_directly`), where concurrent saves of one response
    queue up.
    """
    if not well_formed(token):
        return None
    by_hash = {"token_hash": hash_token(token)}
    if saving and db.engine.dialect.name == "postgresql":
        rows = _LINK_AND_STATE.rows(by_hash, in_session=lock)
        if not rows or not matches(token, rows[0][1]):
            return None
        *link, answers, saved = rows[0]
        return Link._make(link), answers or {}, set(saved or ())
    if not lock:
        links = _LINK.rows(by_hash)
        if not links or not matches(token, links[0][1]):
            return None
        link = Link._make(links[0])
        return (link, *answers_and_saved_pages(link.response_id))
    links, state = together((_LINK, by_hash), (_STATE_BY_TOKEN, by_hash))
    if not links or not matches(token, links[0][1]):
        return None
    return (Link._make(links[0]), *_answers_and_pages(state))


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation (ORM object) a link token opens, or None."""
    if not well_formed(token):
        return None
    invitation = db.session.scalar(sa.select(Invitation).filter_by(token_hash=hash_token(token)))
    if invitation is None or not matches(token, invitation.token_hash):
        return None
    return invitation


# Answers and saved pages of a response in one round trip; ``page`` tells the rows apart
# (a page and a question may share a key).
def _state_query(response: Any) -> Any:
    answers = sa.select(
        sa.literal_column("0", sa.Integer).label("page"), Answer.question_key, Answer.value
    ).where(Answer.response_id == response)
    pages = sa.select(sa.literal_column("1", sa.Integer), SavedPage.section_key, sa.null())
    return sa.union_all(answers, pages.where(SavedPage.response_id == response))


_STATE = Prepared(_state_query(sa.bindparam("response_id")))
_STATE_BY_TOKEN = Prepared(
    _state_query(
        sa.select(Response.id)
        .join(Invitation, Invitation.id == Response.invitation_id)
        .where(Invitation.token_hash == sa.bindparam("token_hash"))
        .scalar_subquery()
    )
)


def _link_and_state_query(dialect: str) -> Any:
    """PostgreSQL: the link with its answers (a JSON object by question key) and the keys of
    its saved pages (an array), in one statement."""
    answers = (
        sa.select(sa.func.json_object_agg(Answer.question_key, Answer.value))
        .where(Answer.response_id == Response.id)
        .scalar_subquery()
    )
    pages = (
        sa.select(sa.func.array_agg(SavedPage.section_key))
        .where(SavedPage.response_id == Response.id)
        .scalar_subquery()
    )
    return _link_query(dialect).add_columns(answers, pages)


_LINK_AND_STATE = Prepared(_link_and_state_query)


def answers_and_saved_pages(response_id: int | None) -> tuple[dict[str, Any], set[str]]:
    """The stored answers by question key, and the keys of the pages saved, in one query
    (read as the link was: see :class:`surveyapp.core.driver.Prepared`)."""
    if response_id is None:
        return {}, set()
    return _answers_and_pages(_STATE.rows({"response_id": response_id}))


def _answers_and_pages(rows: list[tuple[Any, ...]]) -> tuple[dict[str, Any], set[str]]:
    answers: dict[str, Any] = {}
    saved: set[str] = set()
    for page, key, value in rows:
        if page:
            saved.add(key)
        else:
            answers[key] = value
    return answers, saved


def resume_section(bank: Bank, answers: dict[str, Any], saved: set[str]) -> Section:
    """The first page not saved yet (given the branching), else the last page."""
    shown = bank.shown_sections(answers)
    return next((s for s in shown if s.key not in saved), shown[-1])


def incomplete_section(bank: Bank, answers: dict[str, Any], saved: set[str]) -> Section | None:
    """The first page shown that is unsaved or lacks a required answer; None when complete."""
    for section in bank.shown_sections(answers):
        if section.key not in saved:
            return section
        shown = section.shown_questions(answers, bank)
        if any(q.required and q.key not in answers for q in shown):
            return section
    return None


def tidied(
    bank: Bank, before: dict[str, Any], after: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """What a change of a branching answer takes away, to keep the response what the
    respondent sees: the answers to questions now hidden, and the pages whose questions
    changed (counted as not saved, so that the respondent is taken through them again)."""
    shown_before = shown_question_keys(bank, before)
    shown_after = shown_question_keys(bank, after)
    visible = {key for keys in shown_after.values() for key in keys}
    hidden = [key for key in after if key not in visible]
    changed = [key for key in shown_after if shown_after[key] != shown_before[key]]
    return hidden, changed


def shown_question_keys(bank: Bank, answers: dict[str, Any]) -> dict[str, list[str]]:
    """For each page, the questions the answers show on it."""
    return {s.key: [q.key for q in s.shown_questions(answers, bank)] for s in bank.sections}


def reachable_sections(bank: Bank, answers: dict[str, Any], saved: set[str]) -> list[Section]:
    """Pages the respondent may open: those saved, and the first one not saved yet."""
    shown = bank.shown_sections(answers)
    reachable = []
    for section in shown:
        reachable.append(section)
        if section.key not in saved:
            break
    return reachable
