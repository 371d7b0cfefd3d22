"""Reads for interviews: one account's, the guides to choose from, the account's contacts."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from surveyapp.accounts.models import Account, Contact
from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db
from surveyapp.interviews.models import Interview


def account_interviews(account: Account) -> list[Interview]:
    """The account's interviews, newest first."""
    query = (
        sa.select(Interview)
        .where(Interview.account_id == account.id)
        .options(selectinload(Interview.contact))
        .order_by(Interview.held_on.desc(), Interview.id.desc())
    )
    return list(db.session.scalars(query))


def interview_guides() -> list[str]:
    """Keys of the question banks that are interview guides (kind: interview)."""
    return sorted(key for key, bank in available_banks().items() if bank.kind == "interview")


def account_contacts(account: Account) -> list[Contact]:
    query = sa.select(Contact).where(Contact.account_id == account.id).order_by(Contact.id)
    return list(db.session.scalars(query))


def contact_by_email(account: Account, email: str) -> Contact | None:
    return db.session.scalar(
        sa.select(Contact).where(
            Contact.account_id == account.id, Contact.email == email.strip().lower()
        )
    )
