"""Error pages: every error a user can cause becomes a clear 4xx page in their language."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

MESSAGES = {
    400: (
        _l("What you sent could not be read"),
        _l("Something in the page you sent could not be read. Please go back and try again."),
    ),
    404: (_l("Page not found"), _l("There is nothing at this address.")),
    405: (_l("Not allowed"), _l("This page cannot be opened this way.")),
    410: (_l("No longer available"), _l("This page is no longer available.")),
    409: (
        _l("Saved elsewhere meanwhile"),
        _l(
            "Your answers were being saved from another window at the same time. Please "
            "reload the page and check them; what was saved is kept."
        ),
    ),
    413: (
        _l("Too much text"),
        _l(
            "What you sent is larger than this form accepts. Please shorten your answers "
            "and try again."
        ),
    ),
    403: (_l("Not allowed"), _l("Your role does not give access to this page.")),
    422: (_l("Please check your answers"), _l("Some answers could not be accepted.")),
    429: (
        _l("Too many attempts"),
        _l("There were too many attempts in a short time. Please wait a minute and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l(
            "Sorry, something went wrong on our side. Your earlier answers are saved; "
            "please try again in a moment."
        ),
    ),
}
CSRF_MESSAGE = _l(
    "This form has expired or was not sent from this site. Please go back, reload "
    "the page and try again; answers saved on earlier pages are kept."
)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_http_error)


def handle_http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    if error.response is not None:  # a view built its own page (e.g. an unavailable link)
        return error
    status = error.code or 500
    title, message = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    if status < 500 and error.description and not _is_default(error):
        message = error.description  # a specific reason given where the error was raised
    if request.path.startswith("/api/"):
        return jsonify({"error": str(message)}), status  # type: ignore[return-value]
    return _render(title, message, status)


def handle_csrf_error(error: CSRFError) -> tuple[str, int]:
    return _render(MESSAGES[400][0], CSRF_MESSAGE, 400)


def _render(title: object, message: object, status: int) -> tuple[str, int]:
    back = request.path if request.method == "POST" and request.path.startswith("/s/") else None
    return render_template("errors/error.html", title=title, message=message, back=back), status


def _is_default(error: HTTPException) -> bool:
    standard = default_exceptions.get(error.code or 500)
    return standard is None or str(error.description) == str(standard.description)
