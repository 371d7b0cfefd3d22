"""One account's invitations (its journey points), each with its status now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from surveyapp.accounts.models import Account, Contact
from surveyapp.core.db import db
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.queries import status_of


@dataclass(frozen=True)
class InvitationEntry:
    survey_key: str
    contact: str
    created_at: datetime
    sent_at: datetime | None
    completed_at: datetime | None
    status: str


def account_invitations(
    account: Account, names: dict[int, str], now: datetime
) -> list[InvitationEntry]:
    """Every invitation to the account's contacts, newest first, with its status now."""
    query = (
        sa.select(Invitation)
        .join(Contact, Invitation.contact_id == Contact.id)
        .where(Contact.account_id == account.id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    return [
        InvitationEntry(
            invitation.survey.key,
            names.get(invitation.contact_id, ""),
            invitation.created_at,
            invitation.sent_at,
            invitation.completed_at,
            status_of(invitation, now),
        )
        for invitation in db.session.scalars(query)
    ]


def contact_names(account: Account) -> dict[int, str]:
    """How each of the account's contacts is shown: their name, else their email."""
    contacts = db.session.scalars(sa.select(Contact).filter_by(account_id=account.id))
    return {contact.id: contact.name or contact.email or "" for contact in contacts}
