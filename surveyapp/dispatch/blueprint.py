"""Unsubscribe routes: a page with a button, and RFC 8058 one-click POSTs from mail clients."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response as HttpResponse

from surveyapp.accounts.models import Contact
from surveyapp.core.db import start_writing
from surveyapp.core.i18n import select_locale, use_locale
from surveyapp.core.security import csrf
from surveyapp.dispatch import operations
from surveyapp.dispatch.forms import UnsubscribeForm
from surveyapp.dispatch.queries import contact_for_token
from surveyapp.respond.page import unavailable

bp = Blueprint("dispatch", __name__, template_folder="templates")


@bp.after_request
def not_cached(response: HttpResponse) -> HttpResponse:
    response.headers["Cache-Control"] = "no-store"  # the page names a person's address
    return response


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token: str) -> str:
    contact = _contact(token)
    return _render(contact, UnsubscribeForm())


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # a mail client's one-click POST carries no session; the page's form is checked
def unsubscribe(token: str) -> str | HttpResponse:
    contact = _contact(token)
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    if not one_click and not UnsubscribeForm().validate_on_submit():
        raise CSRFError()
    start_writing()
    operations.unsubscribe(contact)
    if one_click:
        return _render(contact, None)
    return redirect(url_for(".unsubscribe_page", token=token), code=303)


def _contact(token: str) -> Contact:
    contact = contact_for_token(token)
    if contact is None:
        abort(unavailable(404))
    locale = contact.locale if contact.locale in current_app.config["LOCALES"] else None
    use_locale(locale or select_locale())
    return contact


def _render(contact: Contact, form: UnsubscribeForm | None) -> str:
    return render_template(
        "dispatch/unsubscribe.html",
        form=form,
        unsubscribed=contact.unsubscribed_at is not None,
        address=masked(contact.email or ""),
        sender=current_app.config["MAIL_FROM_NAME"],
    )


def masked(email: str) -> str:
    """Enough of the address to recognise it, not enough to harvest it from a forwarded link."""
    user, _, domain = email.partition("@")
    return f"{user[:1]}…@{domain}" if domain else "…"
