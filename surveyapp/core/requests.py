"""Request plumbing: one commit per request, in one place, before the response is sent (of the
session, and of a request's direct writes); static file URLs built once.

One exception: a survey page save on PostgreSQL is a single statement that is its own
transaction (surveyapp/respond/operations.save_if_unchanged), made once the page is valid;
it is idempotent, and nothing else is written with it.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, Response, request, url_for

from surveyapp.core.db import db
from surveyapp.core.writes import finish_direct_writes


def init_app(app: Flask) -> None:
    app.after_request(commit_or_roll_back)
    app.teardown_request(_roll_back_unfinished)
    app.jinja_env.globals["static_url"] = static_url


def commit_or_roll_back(response: Response) -> Response:
    """Commit what a successful request changed; a 4xx or 5xx response changes nothing."""
    finish_direct_writes(commit=response.status_code < 400)
    if not db.session.registry.has():
        return response  # the request never used the database
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def _roll_back_unfinished(_error: BaseException | None) -> None:
    finish_direct_writes(commit=False)  # a request that ended before its response


def static_url(filename: str) -> str:
    """``url_for("static", filename=...)``, built once per mount point: every page links the
    same stylesheet and script, and building a URL walks Werkzeug's routing each time."""
    return _static_url(request.script_root, filename)


@lru_cache(maxsize=64)
def _static_url(script_root: str, filename: str) -> str:
    return url_for("static", filename=filename)
