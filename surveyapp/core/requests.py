"""One commit per request, in one place, before the response is sent."""

from __future__ import annotations

from flask import Flask, Response

from surveyapp.core.db import db


def init_app(app: Flask) -> None:
    app.after_request(commit_or_roll_back)


def commit_or_roll_back(response: Response) -> Response:
    """Commit what a successful request changed; a 4xx or 5xx response changes nothing."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response
