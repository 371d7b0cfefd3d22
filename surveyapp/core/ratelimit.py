"""Rate limits (Flask-Limiter): in memory by default, shared through Redis when configured."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def init_app(app: Flask) -> None:
    limiter.init_app(app)
