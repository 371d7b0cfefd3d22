"""The contract every question type fulfils: check, render, read, compare, summarize."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from markupsafe import Markup
from wtforms.fields.core import UnboundField

from surveyapp.banks.definitions import Question
from surveyapp.banks.questiontypes.fields import AnswerField

#: A problem found in a question document: the path below the question, and the message.
Problem = tuple[tuple[str | int, ...], str]


class QuestionType:
    """One kind of question. Subclasses set ``name`` and ``field_class``."""

    name: ClassVar[str]
    field_class: ClassVar[type[AnswerField]]

    def check(self, question: Mapping[str, Any]) -> Iterator[Problem]:
        """Rules the JSON Schema cannot express; yields nothing when the question is fine."""
        return iter(())

    def field_options(self, question: Question) -> dict[str, Any]:
        return {}

    def make_field(self, question: Question) -> UnboundField:
        return self.field_class(
            question.key, required=question.required, options=self.field_options(question)
        )

    def render(self, field: AnswerField, question: Question, context: Mapping[str, Any]) -> Markup:
        """The question's HTML. ``context`` is what the page gives every question: ``t`` (a
        bank text in the page's language), ``today`` (ISO date), ``gettext`` and ``ngettext``."""
        from flask import current_app

        # Rendered inside the page's template: the page already ran the context processors.
        template = current_app.jinja_env.get_template(f"questions/{self.name}.html")
        return Markup(template.render(context, field=field, question=question, kind=self))

    def comparable_values(self, question: Question, stored: Any) -> set[Any]:
        """The values ``show_if`` compares against (choice keys, numbers, text)."""
        return {stored}

    def display(self, question: Question, stored: Any, locale: str, fallback: str) -> str:
        """The answer as a person reads it."""
        return str(stored)

    def summarize(self, question: Question, values: list[Any]) -> dict[str, Any]:
        """Aggregate of many stored answers to ``question``; ``None`` entries are unanswered."""
        answered = [v for v in values if v is not None]
        return {"n": len(values), "answered": len(answered)}
