"""Create or update accounts and contacts from what we learn about them."""

from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa

from surveyapp.accounts.models import Account, Contact
from surveyapp.core.db import db, insert_or_ignore, utcnow

# Deliberately simple: one @, no spaces, a dot in the domain. Delivery is the real check.
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class ContactError(Exception):
    """A contact cannot be recorded as given; the message says why."""


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 320 or not EMAIL.match(email):
        raise ContactError(f"{email!r} is not an email address")
    return email


def upsert_account(
    external_id: str, *, name: str | None = None, start_at: datetime | None = None
) -> Account:
    external_id = external_id.strip()
    if not external_id or len(external_id) > 128:
        raise ContactError("an account id must be 1 to 128 characters")
    account = db.session.scalar(sa.select(Account).filter_by(external_id=external_id))
    if account is None:
        account = Account(external_id=external_id)
        db.session.add(account)
    if name:
        account.name = name
    if start_at:
        account.start_at = start_at
    db.session.flush()
    return account


def upsert_contact(
    email: str,
    *,
    name: str | None = None,
    locale: str | None = None,
    account: Account | None = None,
) -> Contact:
    email = normalize_email(email)
    contact = db.session.scalar(sa.select(Contact).filter_by(email=email))
    if contact is None:
        contact = Contact(email=email)
        db.session.add(contact)
    if name:
        contact.name = name.strip()[:200]
    if locale:
        contact.locale = locale
    if account is not None:
        contact.account = account
    db.session.flush()
    return contact


def ensure_account(external_id: str) -> Account:
    """The account with this id, created if new; safe when two requests create it at once."""
    insert_or_ignore(
        Account.__table__, {"external_id": external_id, "created_at": utcnow()}, ["external_id"]
    )
    account = db.session.scalar(sa.select(Account).filter_by(external_id=external_id))
    assert account is not None  # inserted above, or by a concurrent request
    return account


def ensure_contact_for_user(user_id: str, email: str | None = None) -> Contact:
    """The contact the product knows as ``user_id``; an existing contact with ``email`` and no
    product id yet becomes that user. Raises ContactError if the email is another user's."""
    contact = db.session.scalar(sa.select(Contact).filter_by(external_id=user_id))
    email = normalize_email(email) if email else None
    if contact is None and email:
        by_email = db.session.scalar(sa.select(Contact).filter_by(email=email))
        if by_email is not None and by_email.external_id not in (None, user_id):
            raise ContactError(f"{email} belongs to another user")
        if by_email is not None:
            by_email.external_id = user_id
            contact = by_email
    if contact is None:
        insert_or_ignore(Contact.__table__, {"external_id": user_id, "created_at": utcnow()})
        contact = db.session.scalar(sa.select(Contact).filter_by(external_id=user_id))
        assert contact is not None
    if email and contact.email != email:
        taken = db.session.scalar(sa.select(Contact.id).filter_by(email=email))
        if taken is not None and taken != contact.id:
            raise ContactError(f"{email} belongs to another user")
        contact.email = email
    db.session.flush()
    return contact
