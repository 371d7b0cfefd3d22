"""Request hygiene: CSRF on every form, strict form encoding, and response security headers."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, Request, Response, current_app, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import BadRequest
from wtforms import ValidationError
from wtforms.csrf.core import CSRF

csrf = CSRFProtect()

# Personal survey links carry a secret token in the path: never leak it in a Referer header.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()
    app.before_request(reject_malformed_form)
    csrf.init_app(app)
    app.after_request(add_security_headers)


NOT_UTF8 = _l("The form data could not be read: it is not valid UTF-8 text.")
HAS_NUL = _l("The form data contains a NUL character, which is not text.")


def reject_malformed_form() -> None:
    """Refuse form bodies that are not valid UTF-8 or carry NUL characters.

    Werkzeug would silently replace bad bytes; storing the replacement would change what the
    respondent wrote, and PostgreSQL refuses NUL in text.
    """
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return
    body = request.get_data(cache=True)
    for pair in body.split(b"&"):
        for part in pair.split(b"=", 1):
            raw = unquote_to_bytes(part.replace(b"+", b" "))
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise BadRequest(NOT_UTF8) from None
            if "\x00" in text:
                raise BadRequest(HAS_NUL)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}  # one pass, not one per header
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    return response


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, minus building the signer for a request that brought
    no session cookie (survey pages have none): there is nothing to check."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        """As Flask does, without reading the cookie settings when there is nothing to write
        or delete: the session stayed empty (respondents' pages)."""
        if not session and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


CSRF_INVALID = _l("The form's security token is missing or does not match this page.")


class ScopedCSRF(CSRF):
    """CSRF tokens bound to a secret the page is already behind (a personal link's token
    hash, given as the form's ``csrf_context``) instead of to a session.

    The token is an HMAC of that scope under the app's secret key: another site cannot make
    one without knowing the link, and the page needs no session cookie to check it.
    """

    def setup_form(self, form: Any) -> Any:
        self.scope = str(form.meta.csrf_context)
        return super().setup_form(form)

    def generate_csrf_token(self, csrf_token_field: Any) -> str:
        return scoped_csrf_token(self.scope)

    def validate_csrf_token(self, form: Any, field: Any) -> None:
        sent = field.data if isinstance(field.data, str) else ""
        expected = scoped_csrf_token(self.scope)
        if not hmac.compare_digest(sent.encode("utf-8"), expected.encode("ascii")):
            raise ValidationError(str(CSRF_INVALID))


def scoped_csrf_token(scope: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    digest = hmac.new(key, b"surveyapp.csrf\0" + scope.encode("utf-8"), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode("ascii").rstrip("=")
