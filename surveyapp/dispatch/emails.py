"""Invitation and reminder emails: subject, text and HTML, in the language of the survey page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, render_template, url_for
from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _

from surveyapp.banks.definitions import translate
from surveyapp.banks.queries import pinned_bank
from surveyapp.core.i18n import DIGITS, text_direction
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.operations import personal_link

KINDS = ("invitation", "reminder")


@dataclass(frozen=True)
class RenderedEmail:
    locale: str
    subject: str
    text: str
    html: str


def render_email(invitation: Invitation, token: str, kind: str) -> RenderedEmail:
    """The email for ``invitation``; only possible while its token is known (at creation)."""
    if kind not in KINDS:
        raise ValueError(f"unknown email kind {kind!r}; expected one of {KINDS}")
    locale = email_locale(invitation)
    with force_locale(locale):
        context = _context(invitation, token, kind, locale)
        return RenderedEmail(
            locale=locale,
            subject=context["subject"],
            text=render_template("dispatch/email.txt", **context),
            html=render_template("dispatch/email.html", **context),
        )


def email_locale(invitation: Invitation) -> str:
    """The contact's language when the survey has it, as the survey page will choose it;
    otherwise the survey's default, and English if the app has no catalog for that."""
    bank = pinned_bank(invitation.survey.bank_version)
    locale = bank.pick_locale(invitation.contact.locale)
    supported = current_app.config["LOCALES"]
    return locale if locale in supported else current_app.config["DEFAULT_LOCALE"]


def unsubscribe_link(token: str) -> str:
    """The one-click unsubscribe address (List-Unsubscribe), on the public base URL."""
    base = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for("dispatch.unsubscribe_page", token=token, _external=True)


def sender_name() -> str:
    return str(current_app.config["MAIL_FROM_NAME"])


def _context(invitation: Invitation, token: str, kind: str, locale: str) -> dict[str, object]:
    bank = pinned_bank(invitation.survey.bank_version)
    title = translate(bank.title, locale, bank.default_locale)
    sender = sender_name()
    if kind == "invitation":
        # Translators: an email subject; %(title)s: the survey's title, %(sender)s: a company
        subject = _("%(title)s: a few questions from %(sender)s", title=title, sender=sender)
        # Translators: %(sender)s is the name of the company that sends the survey.
        intro = _(
            "We would like to understand what success with %(sender)s means for you: the "
            "outcome you expect, and by when.",
            sender=sender,
        )
    else:
        subject = _("Reminder: %(title)s", title=title)
        intro = _(
            "A few days ago we asked what success with %(sender)s means for you. If you have a "
            "few minutes, we would still very much like to hear from you.",
            sender=sender,
        )
    name = invitation.contact.name
    return {
        "locale": locale,
        "direction": text_direction(locale),
        "subject": subject,
        "title": title,
        "greeting": _("Hello %(name)s,", name=name) if name else _("Hello,"),
        "intro": intro,
        "effort": _("It takes a few minutes, and your answers go to the team that works with you."),
        "action": _("Answer the survey"),
        "link": personal_link(token),
        "personal_note": _personal_note(invitation),
        "thanks": _("Thank you,"),
        "sender": sender,
        "unsubscribe_question": _("No longer want these emails?"),
        "unsubscribe_label": _("Unsubscribe"),
        "unsubscribe_link": unsubscribe_link(token),
    }


def _personal_note(invitation: Invitation) -> str:
    if invitation.expires_at is None:
        return _("This link is personal; please do not forward this email.")
    day = _local_day(invitation.expires_at, invitation.contact.timezone)
    # Translators: %(date)s is a date written out in your language, e.g. "15 January 2027".
    return _(
        "This link is personal; please do not forward this email. It is open until %(date)s.",
        date=_local_digits(format_date(day, "long")),
    )


def _local_day(moment: datetime, timezone: str | None) -> date:
    try:
        return (moment.astimezone(ZoneInfo(timezone)) if timezone else moment).date()
    except (ZoneInfoNotFoundError, ValueError):
        return moment.date()  # an unknown zone from product data: UTC is close enough


def _local_digits(text: str) -> str:
    """Persian readers expect ۱۲۳ in dates, as on the survey pages."""
    locale = get_locale()
    digits = DIGITS.get(locale.default_numbering_system) if locale else None
    return text.translate(str.maketrans("0123456789", digits)) if digits else text
