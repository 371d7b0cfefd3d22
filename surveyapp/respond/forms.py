"""The form of one survey page, built from the questions shown on it."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from flask import request
from wtforms import Form

from surveyapp.banks.definitions import Question, Section
from surveyapp.core.security import ScopedCSRF, scoped_csrf_token


class PageForm(Form):
    """Base of every page form: CSRF protection bound to the link, one field per question."""

    class Meta:
        csrf = True
        csrf_class = ScopedCSRF

    def answers(self, questions: list[Question]) -> dict[str, Any]:
        return {q.key: self[q.key].data for q in questions}


#: Form classes by page and questions shown, built once per process (pinned banks never
#: change, and building a WTForms class costs more than filling one), each with a form of
#: the class bound to nothing, whose fields show stored answers (see StoredAnswers).
_CLASSES: dict[tuple[int, tuple[str, ...]], tuple[Section, type[PageForm], PageForm]] = {}


def page_form(
    section: Section,
    questions: list[Question],
    link_scope: str,
    stored: Mapping[str, Any] | None = None,
    *,
    submitted: bool,
) -> PageForm:
    """A bound form: with the POSTed data if ``submitted``, else filled from ``stored``.

    ``link_scope`` binds the form's CSRF token to the personal link it is served under.
    """
    form_class = _form_class(section, questions)
    meta = {"csrf_context": link_scope}
    if submitted:
        return form_class(formdata=request.form, meta=meta)
    data = {q.key: stored[q.key] for q in questions if stored and q.key in stored}
    return form_class(formdata=None, data=data, meta=meta)


def stored_answers(
    section: Section, questions: list[Question], link_scope: str, stored: Mapping[str, Any]
) -> StoredAnswers:
    """The page's form as first shown: the stored answers, nothing sent, no errors."""
    return StoredAnswers(_form_classes(section, questions)[2], stored, link_scope)


class StoredAnswers:
    """What a page shows of a form before it is sent, without building one per request:
    the fields' names and options, and the stored answers as the fields display them
    (which depends on the question's options alone)."""

    errors: dict[str, list[str]] = {}

    def __init__(self, unbound: PageForm, stored: Mapping[str, Any], link_scope: str) -> None:
        self.unbound = unbound
        self.stored = stored
        self.link_scope = link_scope

    def __getitem__(self, key: str) -> StoredAnswer:
        return StoredAnswer(self.unbound[key], self.stored.get(key))

    @property
    def csrf_token(self) -> StoredAnswers:
        return self

    @cached_property
    def current_token(self) -> str:
        return scoped_csrf_token(self.link_scope)


class StoredAnswer:
    """One field of :class:`StoredAnswers`: as a bound field with ``data`` and no form data."""

    errors: tuple[str, ...] = ()

    def __init__(self, field: Any, data: Any) -> None:
        self.field = field
        self.name = field.name
        self.options = field.options
        self.data = data

    def display_values(self) -> list[str]:
        return [] if self.data is None else list(self.field.stored_values(self.data))

    def display_extra(self, suffix: str) -> str:
        return "" if self.data is None else str(self.field.stored_extra(self.data, suffix))


def _form_class(section: Section, questions: list[Question]) -> type[PageForm]:
    return _form_classes(section, questions)[1]


def _form_classes(
    section: Section, questions: list[Question]
) -> tuple[Section, type[PageForm], PageForm]:
    key = (id(section), tuple(q.key for q in questions))
    cached = _CLASSES.get(key)
    if cached is None:  # the section is kept with its class, so its id is never reused
        fields = {q.key: q.kind.make_field(q) for q in questions}
        form_class = type("SurveyPageForm", (PageForm,), fields)
        unbound = form_class(formdata=None, meta={"csrf": False})
        cached = _CLASSES[key] = (section, form_class, unbound)
    return cached
