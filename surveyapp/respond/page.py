"""What a respondent's page needs to know: invitation, pinned bank, locale, answers so far."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import quote

from flask import current_app, make_response, render_template, request, url_for
from werkzeug.wrappers import Response as HttpResponse

from surveyapp.banks.definitions import Bank, Question, Section, translate
from surveyapp.core.db import utcnow
from surveyapp.core.i18n import locale_name, select_locale, template_gettext, use_locale
from surveyapp.respond import queries
from surveyapp.respond.forms import PageForm, StoredAnswers
from surveyapp.respond.frames import Fill, FormShape, Slots, frames


class PageView:
    """What a page's templates see of it: the bank's texts in the page's language, and
    links to the page under ``path`` (the link's own, or a slot of a frame)."""

    def __init__(self, bank: Bank, locale: str, asked_locale: str | None, path: str) -> None:
        self.bank = bank
        self.locale = locale
        self.asked_locale = asked_locale
        self.path = path

    def t(self, text: Any) -> str:
        return translate(text, self.locale, self.bank.default_locale)

    def url(self, section: Section | None = None, lang: str | None = None) -> str:
        args: dict[str, str] = {}
        if section is not None:
            args["page"] = section.key
        if lang or self.asked_locale:  # a language picked from the switch sticks
            args["lang"] = lang or self.asked_locale
        if not args:
            return str(self.path)
        query = "&".join(f"{k}={quote(v, safe='')}" for k, v in args.items())
        return f"{self.path}?{query}"

    def language_links(self, section: Section | None) -> list[tuple[str, str, str | None]]:
        """The language switch: (locale, its name, link or None for the current one)."""
        return [
            (
                locale,
                locale_name(locale),
                None if locale == self.locale else self.url(section, locale),
            )
            for locale in self.bank.locales
        ]


class SurveyPage:
    """One request's view of a survey; picks the locale as soon as it is built."""

    def __init__(
        self,
        token: str,
        link: queries.Link,
        bank: Bank,
        answers: dict[str, Any],
        saved: set[str],
    ) -> None:
        self.token = token
        self.link = link
        self.bank = bank
        self.answers, self.saved = answers, saved
        self.locale = self._choose_locale()
        use_locale(self.locale)

    @property
    def completed(self) -> bool:
        return self.link.completed_at is not None

    @property
    def editable(self) -> bool:
        """Answers can still change: not finished (or editing allowed), and the link is open."""
        if not self.link.is_open(utcnow()):
            return False
        return not self.completed or self.link.allow_edit

    @property
    def csrf_scope(self) -> str:
        """What the page's CSRF token is bound to: this personal link."""
        return self.link.token_hash

    def saved_page(self, section: Section, values: Mapping[str, Any]) -> None:
        """Take in what saving ``section`` stored, as the database now holds it: the page's
        answers replaced by ``values`` (read back as from the JSON column), the page saved."""
        on_page = {q.key for q in section.questions}
        kept = {k: v for k, v in self.answers.items() if k not in on_page}
        given = {k: json.loads(json.dumps(v)) for k, v in values.items() if v is not None}
        self.answers = {**kept, **given}
        self.saved = self.saved | {section.key}

    def forget(self, hidden: list[str], changed: list[str]) -> None:
        """Drop answers now hidden and pages whose questions changed (see tidy_after_save)."""
        self.answers = {k: v for k, v in self.answers.items() if k not in hidden}
        self.saved = self.saved - set(changed)

    def _choose_locale(self) -> str:
        # ?lang= comes from the language switch and stays in links; a posted lang is the
        # language the page was answered in, stored with the answers.
        switched = request.args.get("lang", type=str)
        self.asked_locale = switched if switched in self.bank.locales else None
        posted = request.form.get("lang", type=str) if request.method == "POST" else None
        if self.asked_locale or posted in self.bank.locales:
            return self.asked_locale or str(posted)
        stored = self.link.response_locale or self.link.contact_locale
        return self.bank.pick_locale(stored or select_locale())

    @cached_property
    def view(self) -> PageView:
        return PageView(self.bank, self.locale, self.asked_locale, self._path)

    def t(self, text: Any) -> str:
        return self.view.t(text)

    # Navigation ---------------------------------------------------------------------------

    def questions_on(self, section: Section) -> list[Question]:
        return section.shown_questions(self.answers, self.bank)

    def resume_section(self) -> Section:
        return queries.resume_section(self.bank, self.answers, self.saved)

    def section_from_args(self) -> Section | None:
        return self._reachable(request.args.get("page", type=str))

    def section_from_form(self) -> Section | None:
        """The page being posted, if the respondent may save it now."""
        if not self.editable:
            return None
        return self._reachable(request.form.get("section", type=str))

    def _reachable(self, key: str | None) -> Section | None:
        reachable = queries.reachable_sections(self.bank, self.answers, self.saved)
        return next((s for s in reachable if s.key == key), None)

    def next_section(self, section: Section) -> Section | None:
        """The page after ``section``, or the first page still unsaved; None when all done."""
        shown = self.bank.shown_sections(self.answers)
        keys = [s.key for s in shown]
        after = shown[keys.index(section.key) + 1 :] if section.key in keys else []
        if after:
            return after[0]
        return next((s for s in shown if s.key not in self.saved), None)

    def url(self, section: Section | None = None, lang: str | None = None) -> str:
        return self.view.url(section, lang)

    @cached_property
    def _path(self) -> str:
        # Built once: a page links to itself many times (form, language switch, back).
        return _link_prefix(request.script_root) + self.token

    def language_links(self, section: Section | None) -> list[tuple[str, str, str | None]]:
        return self.view.language_links(section)

    # Rendering ----------------------------------------------------------------------------

    def render(self, section: Section, form: PageForm | StoredAnswers) -> str:
        """The page, filled into its frame; a page with errors is rendered whole."""
        if form.errors:
            return self.render_whole(section, form)
        questions = self.questions_on(section)
        place = self._place(section)
        # What the page shows besides its slots depends on this and on nothing else.
        shape = (
            self.link.bank_digest,
            self.locale,
            self.asked_locale,
            request.script_root,
            section.key,
            tuple(q.key for q in questions),
            place["number"],
            place["total"],
            place["previous"] and place["previous"].key,
            place["is_last"],
        )
        frame = frames.get(
            shape,
            lambda slots: self._render(
                PageView(self.bank, self.locale, self.asked_locale, slots.path()),
                FormShape(form, [q.key for q in questions]),
                slots,
                section,
                questions,
                place,
            ),
        )
        return frame.fill(Fill(form), self._path)

    def render_whole(self, section: Section, form: PageForm | StoredAnswers) -> str:
        """The page rendered directly, not through a frame: the same HTML."""
        questions = self.questions_on(section)
        return self._render(self.view, form, Fill(form), section, questions, self._place(section))

    def _place(self, section: Section) -> dict[str, Any]:
        """Where the page stands: its number, of how many, the page before, whether last."""
        shown = self.bank.shown_sections(self.answers)
        keys = [s.key for s in shown]
        number = keys.index(section.key) + 1
        return {
            "number": number,
            "total": len(shown),
            "previous": shown[number - 2] if number > 1 else None,
            "is_last": number == len(shown)
            and all(s.key in self.saved for s in shown if s.key != section.key),
        }

    def _render(
        self,
        view: PageView,
        form: PageForm | StoredAnswers | FormShape,
        fill: Fill | Slots,
        section: Section,
        questions: list[Question],
        place: dict[str, Any],
    ) -> str:
        gettext = template_gettext()
        return render_template(
            "respond/page.html",
            **gettext,
            # What every question's template gets besides its field and question.
            question_context={**gettext, "t": view.t, "fill": fill},
            page=view,
            form=form,
            fill=fill,
            section=section,
            questions=questions,
            **place,
        )

    def render_thanks(self) -> str:
        return render_template("respond/thanks.html", page=self, **template_gettext())


@lru_cache(maxsize=16)
def _link_prefix(script_root: str) -> str:
    """The path of a survey link without its token (tokens are URL-safe as they are), built
    by Werkzeug's routing once per mount point rather than on every page."""
    sample_token = "T"  # any URL-safe token: only the path before it is kept
    path = url_for("respond.survey_page", token=sample_token)
    assert path.endswith("/" + sample_token)
    return path[: -len(sample_token)]


def unavailable(status: int) -> HttpResponse:
    """One neutral page for unknown, expired and revoked links: it never says which."""
    use_locale(select_locale())
    body = render_template("respond/unavailable.html")
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    current_app.logger.info("survey link unavailable (%s)", status)
    return response
