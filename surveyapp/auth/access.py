"""Who may open which staff page: one decorator per view, a role list per decorator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, redirect, request, url_for
from flask_login import LoginManager, current_user

from surveyapp.auth.queries import user_for_session

login_manager = LoginManager()
View = TypeVar("View", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    # Flask-Login's own context processor loads the user for every template; templates get
    # the lazy proxy instead, so that pages which never show a user (survey pages) never load
    # one (nor hash the address and browser for session protection).
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(lambda: {"current_user": current_user})
    login_manager.session_protection = "strong"
    login_manager.user_loader(user_for_session)
    login_manager.unauthorized_handler(_to_login)


def _to_login() -> Any:
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def requires_role(*roles: str) -> Callable[[View], View]:
    """Anonymous users go to /login; a logged-in user without one of ``roles`` gets a 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _to_login()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        checked.allowed_roles = roles  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return decorate


ALL_STAFF = ("admin", "researcher", "cs")
