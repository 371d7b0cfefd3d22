"""Numeric scales: a rating between two labelled ends, and the 0-10 NPS question."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l

from surveyapp.banks.definitions import Question
from surveyapp.banks.questiontypes.base import Problem, QuestionType
from surveyapp.banks.questiontypes.fields import ScaleAnswerField


class Rating(QuestionType):
    name: ClassVar[str] = "rating"
    field_class = ScaleAnswerField

    def check(self, question: Mapping[str, Any]) -> Iterator[Problem]:
        scale = question.get("scale") or {}
        if "min" in scale and "max" in scale and scale["max"] - scale["min"] + 1 < 2:
            yield ("scale",), "a scale needs at least two points"

    def bounds(self, question: Question) -> tuple[int, int]:
        scale = question.options["scale"]
        return scale["min"], scale["max"]

    def end_labels(self, question: Question) -> tuple[Any, Any]:
        scale = question.options["scale"]
        return scale["min_label"], scale["max_label"]

    def points(self, question: Question) -> list[int]:
        low, high = self.bounds(question)
        return list(range(low, high + 1))

    def field_options(self, question: Question) -> dict[str, Any]:
        low, high = self.bounds(question)
        return {"low": low, "high": high}

    def summarize(self, question: Question, values: list[Any]) -> dict[str, Any]:
        summary = super().summarize(question, values)
        numbers = [v for v in values if v is not None]
        counts = Counter(numbers)
        summary["distribution"] = {p: counts.get(p, 0) for p in self.points(question)}
        summary["mean"] = statistics.fmean(numbers) if numbers else None
        summary["median"] = statistics.median(numbers) if numbers else None
        return summary


class NetPromoterScore(Rating):
    name: ClassVar[str] = "nps"
    default_labels = (_l("Not at all likely"), _l("Extremely likely"))

    def check(self, question: Mapping[str, Any]) -> Iterator[Problem]:
        return iter(())

    def bounds(self, question: Question) -> tuple[int, int]:
        return 0, 10

    def end_labels(self, question: Question) -> tuple[Any, Any]:
        low = question.options.get("min_label") or {"": str(self.default_labels[0])}
        high = question.options.get("max_label") or {"": str(self.default_labels[1])}
        return low, high

    def summarize(self, question: Question, values: list[Any]) -> dict[str, Any]:
        summary = super().summarize(question, values)
        numbers = [v for v in values if v is not None]
        if numbers:
            promoters = sum(v >= 9 for v in numbers) / len(numbers)
            detractors = sum(v <= 6 for v in numbers) / len(numbers)
            summary["nps"] = round(100 * (promoters - detractors), 1)
        else:
            summary["nps"] = None
        return summary
