"""Rate limits (Flask-Limiter): in memory by default, shared through Redis when configured."""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)

#: Blueprints with no rate limit at all: the limiter skips their requests early instead of
#: resolving (empty) limits for each. Limits are set per view (login); there are no defaults.
UNLIMITED_BLUEPRINTS = frozenset({"respond"})


def init_app(app: Flask) -> None:
    limiter.init_app(app)


@limiter.request_filter
def unlimited() -> bool:
    return request.blueprint in UNLIMITED_BLUEPRINTS
