"""The application factory: loads config and wires extensions and blueprints, nothing more."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from surveyapp.auth import access
from surveyapp.auth.blueprint import bp as auth_bp
from surveyapp.core import errors, i18n, jobs, ratelimit, requests, security
from surveyapp.core.config import load_config
from surveyapp.core.db import db
from surveyapp.dispatch.admin import bp as outbox_admin_bp
from surveyapp.dispatch.blueprint import bp as dispatch_bp
from surveyapp.events.blueprint import bp as events_bp
from surveyapp.insights.blueprint import bp as insights_bp
from surveyapp.interviews.blueprint import bp as interviews_bp
from surveyapp.respond.blueprint import bp as respond_bp

BLUEPRINTS = [
    respond_bp,
    auth_bp,
    events_bp,
    dispatch_bp,
    insights_bp,
    interviews_bp,
    outbox_admin_bp,
]


def create_app(config_override: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app; ``config_override`` wins over every other config layer."""
    app = Flask(
        "surveyapp",
        instance_path=os.environ.get("SURVEYAPP_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    load_config(app, config_override)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    access.init_app(app)
    ratelimit.init_app(app)
    jobs.init_app(app)
    requests.init_app(app)
    errors.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    # Respondent forms check their own CSRF token (bound to the personal link, no session:
    # surveyapp/core/security.py ScopedCSRF) inside form validation, so that a stale page
    # is shown again with the answers kept rather than as a bare error.
    security.csrf.exempt(respond_bp)
    security.csrf.exempt(events_bp)  # API calls carry a bearer key, not a browser session
    return app
