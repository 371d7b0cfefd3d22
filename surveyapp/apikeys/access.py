"""Bearer-token access for API routes: 401 without a valid key, 403 without the scope."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, jsonify, request

from surveyapp.apikeys.operations import key_for_secret

View = TypeVar("View", bound=Callable[..., Any])


def requires_scope(scope: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
            key = key_for_secret(secret.strip()) if scheme.lower() == "bearer" else None
            if key is None or key.revoked_at is not None:
                return _problem(401, "a valid API key is needed: Authorization: Bearer fv_...")
            if not key.allows(scope):
                return _problem(403, f"this API key does not have the {scope!r} scope")
            g.api_key = key
            return view(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate


def _problem(status: int, message: str) -> Any:
    response = jsonify({"error": message})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="surveyapp"'
    return response
