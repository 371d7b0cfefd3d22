"""Password hashing with Argon2id (argon2-cffi), and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 1024
_hasher = PasswordHasher()


class WeakPassword(ValueError):
    """The password is refused; the message says why."""


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"a password can have at most {MAX_LENGTH} characters")
    if password.strip() != password or len(set(password)) < 5:
        raise WeakPassword("the password is too simple (spaces at the ends, or few characters)")


#: Checked when the email is unknown, so a login takes as long for unknown users.
DUMMY_HASH = _hasher.hash("not-a-real-password-0")
