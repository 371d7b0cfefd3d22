"""The form of one survey page, built from the questions shown on it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request
from wtforms import Form

from surveyapp.banks.definitions import Question, Section
from surveyapp.core.security import ScopedCSRF


class PageForm(Form):
    """Base of every page form: CSRF protection bound to the link, one field per question."""

    class Meta:
        csrf = True
        csrf_class = ScopedCSRF

    def answers(self, questions: list[Question]) -> dict[str, Any]:
        return {q.key: self[q.key].data for q in questions}


#: Form classes by page and questions shown, built once per process: pinned banks never
#: change, and building a WTForms class costs more than filling one.
_CLASSES: dict[tuple[int, tuple[str, ...]], tuple[Section, type[PageForm]]] = {}


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


def _form_class(section: Section, questions: list[Question]) -> type[PageForm]:
    key = (id(section), tuple(q.key for q in questions))
    cached = _CLASSES.get(key)
    if cached is None:  # the section is kept with its class, so its id is never reused
        fields = {q.key: q.kind.make_field(q) for q in questions}
        cached = _CLASSES[key] = (section, type("SurveyPageForm", (PageForm,), fields))
    return cached[1]
