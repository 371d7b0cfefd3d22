"""Audit what a request showed, written only once the request succeeded.

Views call :func:`note` while they work; the blueprint hook writes the notes after the page
is rendered and before the request's single commit, so a failed request logs nothing and
SQLite's write lock is held only for the insert, not for the rendering.
"""

from __future__ import annotations

from flask import Blueprint, Response, g
from flask_login import current_user

from surveyapp.audit.operations import record_access
from surveyapp.core.db import start_writing


def note(action: str, target: str, detail: str | None = None) -> None:
    """Remember that this request showed (``view``) or exported ``target``."""
    g.setdefault("audit_notes", []).append((action, target, detail))


def write_notes(response: Response) -> Response:
    notes = g.pop("audit_notes", [])
    if notes and response.status_code < 400 and current_user.is_authenticated:
        start_writing()
        for action, target, detail in notes:
            record_access(current_user.id, current_user.email, action, target, detail)
    return response


def audit_requests_of(blueprint: Blueprint) -> None:
    """Write the notes of every request this blueprint serves."""
    blueprint.after_request(write_notes)
