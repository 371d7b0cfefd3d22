"""Questions about time: a timeframe in days (30/60/90 or custom), and a calendar date."""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from surveyapp.banks.definitions import Question
from surveyapp.banks.questiontypes.base import Problem, QuestionType
from surveyapp.banks.questiontypes.fields import DateAnswerField, TimeframeAnswerField
from surveyapp.core.i18n import plural

DEFAULT_PRESETS = (30, 60, 90)
DEFAULT_MAX_DAYS = 730


class Timeframe(QuestionType):
    name: ClassVar[str] = "timeframe"
    field_class = TimeframeAnswerField

    def check(self, question: Mapping[str, Any]) -> Iterator[Problem]:
        max_days = question.get("max_days", DEFAULT_MAX_DAYS)
        for i, days in enumerate(question.get("presets", ())):
            if isinstance(days, int) and days > max_days:
                yield ("presets", i), f"preset {days} is beyond max_days ({max_days})"

    def presets(self, question: Question) -> list[int]:
        return list(question.options.get("presets", DEFAULT_PRESETS))

    def field_options(self, question: Question) -> dict[str, Any]:
        return {
            "presets": self.presets(question),
            "max_days": question.options.get("max_days", DEFAULT_MAX_DAYS),
        }

    def display(self, question: Question, stored: Any, locale: str, fallback: str) -> str:
        return plural("%(num)s day", "%(num)s days", stored)

    def summarize(self, question: Question, values: list[Any]) -> dict[str, Any]:
        summary = super().summarize(question, values)
        days = [v for v in values if v is not None]
        summary["median_days"] = statistics.median(days) if days else None
        presets = sorted(self.presets(question))
        buckets = {str(limit): 0 for limit in presets} | {"longer": 0}
        for value in days:
            buckets[next((str(limit) for limit in presets if value <= limit), "longer")] += 1
        summary["up_to"] = buckets
        return summary


class CalendarDate(QuestionType):
    name: ClassVar[str] = "date"
    field_class = DateAnswerField

    def field_options(self, question: Question) -> dict[str, Any]:
        return {"not_future": bool(question.options.get("not_future"))}

    def summarize(self, question: Question, values: list[Any]) -> dict[str, Any]:
        summary = super().summarize(question, values)
        dates = sorted(v for v in values if v)
        summary["earliest"] = dates[0] if dates else None
        summary["latest"] = dates[-1] if dates else None
        return summary
