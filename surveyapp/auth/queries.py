"""Read staff users."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.auth.models import User
from surveyapp.core.db import db


def user_for_session(session_id: str) -> User | None:
    """The user a session cookie names, if that session is still valid."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def all_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.email)))


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)
