"""Answers read with the question they answer (from the survey's pinned bank version).

Question keys only mean something within a bank version, so every answer is looked up in
the bank its survey was pinned to; that gives its construct, type, position and wording.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from surveyapp.accounts.models import Contact
from surveyapp.banks.definitions import Bank, Question
from surveyapp.banks.models import BankVersion
from surveyapp.banks.queries import pinned_bank
from surveyapp.core.db import db
from surveyapp.invitations.models import Invitation
from surveyapp.respond.models import Answer, Response
from surveyapp.surveys.models import Survey


@dataclass(frozen=True)
class AnsweredQuestion:
    account_id: int
    contact_id: int
    response_id: int
    survey_key: str
    bank: Bank
    question: Question
    #: Where the question sits in its bank (earlier questions are the headline ones).
    position: int
    value: Any
    answered_at: datetime
    locale: str

    @property
    def number(self) -> float | None:
        """The answer as a number (ratings, NPS), else None."""
        is_number = isinstance(self.value, int | float) and not isinstance(self.value, bool)
        return float(self.value) if is_number else None


def pinned_banks() -> dict[int, Bank]:
    """Every bank version a survey uses, by id."""
    used = sa.select(Survey.bank_version_id)
    versions = db.session.scalars(sa.select(BankVersion).where(BankVersion.id.in_(used)))
    return {version.id: pinned_bank(version) for version in versions}


def answered_questions(
    constructs: set[str] | None = None, account_ids: Sequence[int] | None = None
) -> Iterator[AnsweredQuestion]:
    """Answers of accounts' contacts, oldest first; only ``constructs`` when given."""
    banks = pinned_banks()
    positions = {
        (bank_id, key): index
        for bank_id, bank in banks.items()
        for index, key in enumerate(bank.questions_by_key)
    }
    keys = {
        key
        for bank in banks.values()
        for key, question in bank.questions_by_key.items()
        if constructs is None or question.construct in constructs
    }
    query = (
        sa.select(
            Contact.account_id,
            Contact.id,
            Response.id,
            Survey.key,
            Survey.bank_version_id,
            Answer.question_key,
            Answer.value,
            Answer.answered_at,
            Response.locale,
        )
        .join(Response, Answer.response_id == Response.id)
        .join(Invitation, Response.invitation_id == Invitation.id)
        .join(Contact, Invitation.contact_id == Contact.id)
        .join(Survey, Invitation.survey_id == Survey.id)
        .where(Contact.account_id.is_not(None), Answer.question_key.in_(keys))
        .order_by(Answer.answered_at, Answer.id)
    )
    if account_ids is not None:
        query = query.where(Contact.account_id.in_(account_ids))
    for row in db.session.execute(query):
        account_id, contact_id, response_id, survey_key, bank_id, key, value, at, locale = row
        bank = banks[bank_id]
        question = bank.questions_by_key.get(key)
        if question is None or (constructs is not None and question.construct not in constructs):
            continue
        yield AnsweredQuestion(
            account_id,
            contact_id,
            response_id,
            survey_key,
            bank,
            question,
            positions[(bank_id, key)],
            value,
            at,
            locale,
        )
