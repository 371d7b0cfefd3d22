"""Invitation and reminder emails: subject, text and HTML, in the language of the survey page.

What an email says splits in two: the shared part (the texts of its survey, kind and
language) and the personal part (:data:`PERSONAL`: greeting, links, expiry note).
:func:`render_email` renders one email; surveyapp/dispatch/renderer.py renders many to the
same text, working the shared part out once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, render_template, url_for
from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _

from surveyapp.banks.definitions import translate
from surveyapp.banks.queries import pinned_bank
from surveyapp.core.i18n import DIGITS, text_direction
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.operations import personal_link
from surveyapp.surveys.models import Survey

KINDS = ("invitation", "reminder")
TEMPLATES = {"text": "dispatch/email.txt", "html": "dispatch/email.html"}
#: The fields of the templates that differ from one recipient to the next.
PERSONAL = ("greeting", "link", "personal_note", "unsubscribe_link")


@dataclass(frozen=True)
class RenderedEmail:
    locale: str
    subject: str
    text: str
    html: str
    #: The one-click unsubscribe address, for the List-Unsubscribe header.
    unsubscribe: str


def render_email(invitation: Invitation, token: str, kind: str) -> RenderedEmail:
    """The email for ``invitation``; only possible while its token is known (at creation)."""
    check_kind(kind)
    locale = email_locale(invitation)
    with force_locale(locale):
        context = {
            **shared_context(invitation.survey, kind, locale),
            "greeting": Greetings.current().greet(invitation.contact.name),
            "link": personal_link(token),
            "personal_note": personal_note(expiry_day(invitation)),
            "unsubscribe_link": unsubscribe_link(token),
        }
        return RenderedEmail(
            locale=locale,
            subject=context["subject"],
            text=render_template(TEMPLATES["text"], **context),
            html=render_template(TEMPLATES["html"], **context),
            unsubscribe=context["unsubscribe_link"],
        )


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown email kind {kind!r}; expected one of {KINDS}")


def email_locale(invitation: Invitation) -> str:
    """The contact's language when the survey has it, as the survey page will choose it;
    otherwise the survey's default, and English if the app has no catalog for that."""
    return locale_for(invitation.survey, invitation.contact.locale)


def locale_for(survey: Survey, wanted: str | None) -> str:
    locale = pinned_bank(survey.bank_version).pick_locale(wanted)
    supported = current_app.config["LOCALES"]
    return locale if locale in supported else current_app.config["DEFAULT_LOCALE"]


def unsubscribe_link(token: str) -> str:
    """The one-click unsubscribe address (List-Unsubscribe), on the public base URL."""
    base = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for("dispatch.unsubscribe_page", token=token, _external=True)


def sender_name() -> str:
    return str(current_app.config["MAIL_FROM_NAME"])


def shared_context(survey: Survey, kind: str, locale: str) -> dict[str, Any]:
    """What every email of ``survey`` of this kind says in ``locale`` (the current one)."""
    bank = pinned_bank(survey.bank_version)
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
    return {
        "locale": locale,
        "direction": text_direction(locale),
        "subject": subject,
        "title": title,
        "intro": intro,
        "effort": _("It takes a few minutes, and your answers go to the team that works with you."),
        "action": _("Answer the survey"),
        "thanks": _("Thank you,"),
        "sender": sender,
        "unsubscribe_question": _("No longer want these emails?"),
        "unsubscribe_label": _("Unsubscribe"),
    }


@dataclass(frozen=True)
class Greetings:
    """The greeting of the current language, with a name and without."""

    named: str
    anonymous: str

    @classmethod
    def current(cls) -> Greetings:
        # Formatted by greet() below, as gettext would (it formats with %).
        return cls(named=_("Hello %(name)s,"), anonymous=_("Hello,"))

    def greet(self, name: str | None) -> str:
        return self.named % {"name": name} if name else self.anonymous


def expiry_day(invitation: Invitation) -> date | None:
    """The day the link closes, in the contact's time zone."""
    if invitation.expires_at is None:
        return None
    return _local_day(invitation.expires_at, invitation.contact.timezone)


def personal_note(day: date | None) -> str:
    """The note on the personal link, in the current language."""
    if day is None:
        return _("This link is personal; please do not forward this email.")
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
