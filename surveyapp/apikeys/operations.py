"""Create and check API keys: random, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa

from surveyapp.apikeys.models import SCOPES, ApiKey
from surveyapp.core.db import db

KEY_PREFIX = "fv_"


class ApiKeyError(Exception):
    """A key cannot be created as asked; the message says why."""


def create_api_key(name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """A new key and its secret text, which is never stored and cannot be shown again."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ApiKeyError(
            f"unknown scope(s) {', '.join(unknown) or '(none)'}; scopes: {', '.join(SCOPES)}"
        )
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=name.strip()[:100] or "unnamed",
        prefix=secret[:10],
        key_hash=_hash(secret),
        scopes=" ".join(sorted(set(scopes))),
    )
    db.session.add(key)
    db.session.flush()
    return key, secret


def key_for_secret(secret: str) -> ApiKey | None:
    if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
        return None
    digest = _hash(secret)
    key = db.session.scalar(sa.select(ApiKey).filter_by(key_hash=digest))
    if key is None or not hmac.compare_digest(key.key_hash, digest):
        return None
    return key


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
