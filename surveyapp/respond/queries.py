"""Reads for the respondent's pages: the invitation behind a token, answers, where to resume."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from surveyapp.banks.definitions import Bank, Section
from surveyapp.core.db import db
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.tokens import hash_token, matches, well_formed
from surveyapp.respond.models import Answer, Response, SavedPage


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link token opens, or None; the lookup is by hash, never by token."""
    if not well_formed(token):
        return None
    invitation = db.session.scalar(sa.select(Invitation).filter_by(token_hash=hash_token(token)))
    if invitation is None or not matches(token, invitation.token_hash):
        return None
    return invitation


def response_for(invitation: Invitation, *, lock: bool = False) -> Response | None:
    """The invitation's response; ``lock`` holds its row until the commit (PostgreSQL)."""
    query = sa.select(Response).filter_by(invitation_id=invitation.id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def stored_answers(response: Response | None) -> dict[str, Any]:
    if response is None:
        return {}
    rows = db.session.execute(
        sa.select(Answer.question_key, Answer.value).filter_by(response_id=response.id)
    )
    return {key: value for key, value in rows}  # noqa: C416 (Row -> pair)


def saved_sections(response: Response | None) -> set[str]:
    if response is None:
        return set()
    return set(
        db.session.scalars(sa.select(SavedPage.section_key).filter_by(response_id=response.id))
    )


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
