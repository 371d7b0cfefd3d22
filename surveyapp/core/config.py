"""Layered configuration: defaults here, then the instance file, then SURVEYAPP_* variables."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULT_SECRET_KEY = "dev-only-change-me"
ENV_PREFIX = "SURVEYAPP_"

#: Every setting the app reads, with its documented default.
DEFAULTS: dict[str, Any] = {
    # Database URL; the default (None) means a SQLite file in the instance folder.
    "DATABASE_URL": None,
    # Signs session cookies and CSRF tokens; must be set outside debug and testing.
    "SECRET_KEY": DEFAULT_SECRET_KEY,
    # Scheme and host used in links that leave the app (emails, CLI output).
    "BASE_URL": "http://127.0.0.1:5000",
    # Folder with the question bank YAML files; default: the shipped question_banks/.
    "BANKS_PATH": None,
    # Milestone definitions (YAML); default: surveyapp/events/default_milestones.yaml.
    "MILESTONES_PATH": None,
    # Largest request body accepted, in bytes; more gets a 413.
    # (Persian text takes about 6 bytes a character once form-encoded.)
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # Locales the respondent pages can be shown in.
    "LOCALES": ["en", "pt", "es", "pl", "fa"],
    "DEFAULT_LOCALE": "en",
    # Tests and CI: fail, rather than skip, when PostgreSQL, Redis or Chromium is missing.
    "REQUIRE_SERVICES": False,
    # Days an invitation link stays valid when the survey sets no expiry.
    "INVITATION_EXPIRE_DAYS": 60,
    # Celery broker for scale-out (redis://host:6379/0); none: `surveyapp worker` does the jobs.
    "BROKER_URL": None,
    # Where rate-limit counters live (login attempts): memory:// per process, or redis://...
    # so that several web processes share them.
    "RATELIMIT_STORAGE_URI": "memory://",
    # Outgoing mail (`surveyapp worker`). Without SMTP_HOST, emails wait in the outbox.
    "SMTP_HOST": None,
    "SMTP_PORT": 25,
    "SMTP_USER": None,
    "SMTP_PASSWORD": None,
    # none | starttls (upgrade a plain connection, usually port 587) | tls (port 465).
    "SMTP_TLS": "none",
    # Seconds to wait for the SMTP server on each command before calling it a temporary failure.
    "SMTP_TIMEOUT": 30,
    # Sender address; None means surveys@<host of BASE_URL>.
    "MAIL_FROM": None,
    # The sender's name shown to customers and used in the emails' wording.
    "MAIL_FROM_NAME": "FirstValue",
    # Most messages sent per minute (providers throttle bursts); 0 means no limit.
    "SMTP_RATE_PER_MINUTE": 0,
    # Temporary failures (4xx, connection errors) are retried after RETRY_BASE × 2^n seconds,
    # at most RETRY_MAX apart; after MAX_ATTEMPTS tries the message is marked failed.
    "SMTP_MAX_ATTEMPTS": 8,
    "SMTP_RETRY_BASE_SECONDS": 60,
    "SMTP_RETRY_MAX_SECONDS": 6 * 3600,
    # How long a sender holds the messages it claimed: a sender that dies delays them this long,
    # and one that lives never sends past it (so two senders never send the same message).
    "OUTBOX_LEASE_SECONDS": 300,
    # Seconds between passes of `surveyapp worker` when there is nothing to send.
    "WORKER_INTERVAL_SECONDS": 10,
    "TESTING": False,
}

#: Settings Flask already defaults (DEBUG from FLASK_DEBUG); only their types matter here.
TYPED = {"DEBUG": False, "SESSION_COOKIE_SECURE": False}

#: Flask/extension settings that follow from ours; not meant to be overridden by users.
FIXED = {
    "WTF_CSRF_TIME_LIMIT": None,  # respondents leave tabs open for days; the session bounds it
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "BABEL_TRANSLATION_DIRECTORIES": "translations",
    "RATELIMIT_HEADERS_ENABLED": True,
}


def load_config(app: Flask, override: dict[str, Any] | None = None) -> None:
    """Fill ``app.config``: defaults, ``instance/surveyapp.cfg``, environment, ``override``."""
    app.config.update(DEFAULTS)
    app.config.update(FIXED)
    app.config.from_pyfile("surveyapp.cfg", silent=True)
    app.config.update(_from_environment(os.environ))
    app.config.update(override or {})
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'surveyapp.db'}"
    if app.config["SESSION_COOKIE_SECURE"] is False and _is_https(app.config["BASE_URL"]):
        app.config["SESSION_COOKIE_SECURE"] = True
    _refuse_unsafe(app)


def _from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name.removeprefix(ENV_PREFIX)
        values[key] = _parse_value(key, raw)
    return values


def _parse_value(key: str, raw: str) -> Any:
    """Environment values are strings; read them as the type of the documented default."""
    default = DEFAULTS.get(key, TYPED.get(key))
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{ENV_PREFIX}{key} must be an integer, got {raw!r}") from None
    if isinstance(default, list):
        return [item.strip() for item in raw.split(",") if item.strip()]
    if raw[:1] in "[{":
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def _is_https(url: str) -> bool:
    return url.lower().startswith("https://")


def _refuse_unsafe(app: Flask) -> None:
    if app.config["DEBUG"] or app.config["TESTING"]:
        return
    if app.config["SECRET_KEY"] in (DEFAULT_SECRET_KEY, "", None):
        raise ConfigError(
            "SURVEYAPP_SECRET_KEY is not set: refusing to start with the default secret key "
            "outside debug or testing. Set it to a long random value, e.g. "
            '`python -c "import secrets; print(secrets.token_urlsafe(48))"`.'
        )


class ConfigError(RuntimeError):
    """The configuration cannot work; the message says which setting and why."""
