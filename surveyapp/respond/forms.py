"""The form of one survey page, built from the questions shown on it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm

from surveyapp.banks.definitions import Question


class PageForm(FlaskForm):
    """Base of every page form: CSRF protection plus one field per question."""

    def answers(self, questions: list[Question]) -> dict[str, Any]:
        return {q.key: self[q.key].data for q in questions}


def page_form(
    questions: list[Question], stored: Mapping[str, Any] | None = None, *, submitted: bool
) -> PageForm:
    """A bound form: with the POSTed data if ``submitted``, else filled from ``stored``."""
    fields = {q.key: q.kind.make_field(q) for q in questions}
    form_class = type("SurveyPageForm", (PageForm,), fields)
    if submitted:
        return form_class()
    data = {q.key: stored[q.key] for q in questions if stored and q.key in stored}
    return form_class(formdata=None, data=data)
