"""FirstValue survey app: customers say what value they expect and by when."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config_override: dict[str, Any] | None = None) -> Flask:
    """Build the app (``gunicorn 'surveyapp:create_app()'``); importing the package stays cheap."""
    from surveyapp.app import create_app as build

    return build(config_override)


__all__ = ["create_app"]
