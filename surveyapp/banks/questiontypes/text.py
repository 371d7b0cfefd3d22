"""Free-text questions: short (one line) and long (a paragraph)."""

from __future__ import annotations

from typing import Any, ClassVar

from surveyapp.banks.definitions import Question
from surveyapp.banks.questiontypes.base import QuestionType
from surveyapp.banks.questiontypes.fields import TextAnswerField


class ShortText(QuestionType):
    name: ClassVar[str] = "short_text"
    field_class = TextAnswerField
    default_max_length: ClassVar[int] = 500

    def field_options(self, question: Question) -> dict[str, Any]:
        return {"max_length": question.options.get("max_length", self.default_max_length)}

    def summarize(self, question: Question, values: list[Any]) -> dict[str, Any]:
        summary = super().summarize(question, values)
        texts = [v for v in values if v]
        summary["examples"] = sorted(texts, key=len, reverse=True)[:5]
        return summary


class LongText(ShortText):
    name: ClassVar[str] = "long_text"
    default_max_length: ClassVar[int] = 5000
