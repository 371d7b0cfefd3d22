"""Create staff users, change passwords and roles, record logins."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.accounts.operations import ContactError, normalize_email
from surveyapp.auth.models import ROLES, User
from surveyapp.auth.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from surveyapp.core.db import db, utcnow


class UserError(Exception):
    """A user cannot be created or changed as asked; the message says why."""


def create_user(email: str, role: str, password: str) -> User:
    try:
        email = normalize_email(email)
    except ContactError as error:
        raise UserError(str(error)) from None
    _check_role(role)
    if db.session.scalar(sa.select(User.id).filter_by(email=email)) is not None:
        raise UserError(f"a user with email {email} already exists")
    user = User(email=email, role=role, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same work either way)."""
    user = db.session.scalar(sa.select(User).filter_by(email=email.strip().lower()))
    if user is None or not user.active:
        verify_password(DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise UserError("the current password is not correct")
    set_password(user, new)


def set_password(user: User, new: str) -> None:
    user.password_hash = hash_password(new)
    user.session_version += 1  # every other session of this user ends
    db.session.flush()


def change_role(user: User, role: str, *, active: bool) -> None:
    _check_role(role)
    user.role = role
    if user.active and not active:
        user.session_version += 1
    user.active = active
    db.session.flush()


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
