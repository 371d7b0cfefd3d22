"""Render many invitation emails fast: the templates run once per survey, kind and language.

Rendering each email through Jinja and flask-babel (a locale switch, a dozen lookups, two
templates, two links built through the URL map) cost more than sending it. Here the
templates are rendered once per survey, kind and language with a marker in place of each
personal field (surveyapp/dispatch/emails.py: PERSONAL); each email then fills the markers
in, escaped as Jinja would have (HTML-escaped where the template autoescapes). The result
is the same text as :func:`surveyapp.dispatch.emails.render_email` (tests/dispatch/
test_emails.py compares them), which stays the way for a template that does more with a
personal field than print it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from markupsafe import escape

from surveyapp.dispatch.emails import (
    PERSONAL,
    TEMPLATES,
    Greetings,
    RenderedEmail,
    check_kind,
    expiry_day,
    locale_for,
    personal_note,
    render_email,
    shared_context,
    unsubscribe_link,
)
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.operations import personal_link
from surveyapp.surveys.models import Survey


class EmailRenderer:
    """Renders the emails of many invitations (one scheduling batch, say) in this app."""

    def __init__(self) -> None:
        self._links = {"link": _Link(personal_link), "unsubscribe_link": _Link(unsubscribe_link)}
        self._frames: dict[tuple[int, str, str], _Frame | None] = {}
        self._notes: dict[tuple[str, date | None], str] = {}
        self._locales: dict[tuple[int, str | None], str] = {}

    def render(self, invitation: Invitation, token: str, kind: str) -> RenderedEmail:
        """What :func:`render_email` gives for these arguments."""
        check_kind(kind)
        survey = invitation.survey
        locale = self._locale(survey, invitation.contact.locale)
        frame = self._frame(survey, kind, locale)
        if frame is None:
            return render_email(invitation, token, kind)
        personal = {
            "greeting": frame.greetings.greet(invitation.contact.name),
            "link": self._links["link"].to(token),
            "personal_note": self._note(locale, expiry_day(invitation)),
            "unsubscribe_link": self._links["unsubscribe_link"].to(token),
        }
        return frame.fill(personal)

    def _locale(self, survey: Survey, wanted: str | None) -> str:
        key = (survey.id, wanted)
        if key not in self._locales:
            self._locales[key] = locale_for(survey, wanted)
        return self._locales[key]

    def _frame(self, survey: Survey, kind: str, locale: str) -> _Frame | None:
        key = (survey.id, kind, locale)
        if key not in self._frames:
            with force_locale(locale):
                self._frames[key] = _Frame.build(shared_context(survey, kind, locale))
        return self._frames[key]

    def _note(self, locale: str, day: date | None) -> str:
        key = (locale, day)
        if key not in self._notes:
            with force_locale(locale):
                self._notes[key] = personal_note(day)
        return self._notes[key]


@dataclass(frozen=True)
class _Frame:
    """The rendered templates of one survey, kind and language, with the personal fields
    left as ``str.format`` fields."""

    locale: str
    subject: str
    greetings: Greetings
    text: str
    html: str

    @classmethod
    def build(cls, shared: dict[str, Any]) -> _Frame | None:
        """None if a template does not print every personal field as it is."""
        nonce = secrets.token_hex(8)
        markers = {name: f"\x1f{nonce}:{name}\x1f" for name in PERSONAL}
        found = re.compile(f"\x1f{nonce}:({'|'.join(PERSONAL)})\x1f")
        rendered = {}
        for part, template in TEMPLATES.items():
            output = render_template(template, **shared, **markers)
            if set(found.findall(output)) != set(PERSONAL):
                return None
            escaped = output.replace("{", "{{").replace("}", "}}")
            # Each field under its own name, HTML-escaped or not as the template would.
            autoescape = current_app.select_jinja_autoescape(template)
            suffix = "_html" if autoescape else ""
            rendered[part] = found.sub(r"{\1" + suffix + "}", escaped)
        return cls(
            locale=shared["locale"],
            subject=shared["subject"],
            greetings=Greetings.current(),
            text=rendered["text"],
            html=rendered["html"],
        )

    def fill(self, personal: dict[str, str]) -> RenderedEmail:
        values = {f"{name}_html": str(escape(value)) for name, value in personal.items()}
        values.update(personal)
        return RenderedEmail(
            locale=self.locale,
            subject=self.subject,
            text=self.text.format_map(values),
            html=self.html.format_map(values),
            unsubscribe=personal["unsubscribe_link"],
        )


class _Link:
    """A link to a token, built through the URL map once and filled in for each token
    (tokens are URL-safe: surveyapp/invitations/tokens.py)."""

    def __init__(self, build: Any) -> None:
        marker = secrets.token_urlsafe(24)
        self.before, found, self.after = build(marker).partition(marker)
        assert found, "the link does not carry its token as it is"

    def to(self, token: str) -> str:
        return f"{self.before}{token}{self.after}"
