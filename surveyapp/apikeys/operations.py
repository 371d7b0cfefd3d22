"""Create and check API keys: random, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from surveyapp.apikeys.models import SCOPES, ApiKey
from surveyapp.core.db import db
from surveyapp.core.driver import Prepared

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


@dataclass(frozen=True)
class Grant:
    """What a presented key grants (read without the session: an API request reads it on
    its reading connection, so that checking the key opens no transaction)."""

    id: int
    prefix: str
    key_hash: str
    scopes: str
    revoked_at: datetime | None

    def allows(self, scope: str) -> bool:
        return ApiKey.grants(self.scopes, self.revoked_at, scope)


_BY_HASH = Prepared(
    sa.select(ApiKey.id, ApiKey.prefix, ApiKey.key_hash, ApiKey.scopes, ApiKey.revoked_at).where(
        ApiKey.key_hash == sa.bindparam("key_hash")
    )
)


def key_for_secret(secret: str) -> Grant | None:
    if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
        return None
    digest = _hash(secret)
    rows = _BY_HASH.rows({"key_hash": digest})
    if not rows or not hmac.compare_digest(rows[0][2], digest):
        return None
    return Grant(*rows[0])


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
