"""Questions answered by choosing from a list: one option, or several."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from flask_babel import gettext as _

from surveyapp.banks.definitions import Question, translate
from surveyapp.banks.questiontypes.base import Problem, QuestionType
from surveyapp.banks.questiontypes.fields import ChoiceAnswerField, MultipleChoiceAnswerField


class SingleChoice(QuestionType):
    name: ClassVar[str] = "single_choice"
    field_class = ChoiceAnswerField

    def check(self, question: Mapping[str, Any]) -> Iterator[Problem]:
        seen: set[str] = set()
        for i, choice in enumerate(question.get("choices", [])):
            key = choice.get("key")
            if key in seen:
                yield ("choices", i, "key"), f"duplicate choice key {key!r}"
            if key == "other":
                yield ("choices", i, "key"), "'other' is reserved: use `other: true` instead"
            seen.add(key)

    def field_options(self, question: Question) -> dict[str, Any]:
        keys = [c["key"] for c in question.options["choices"]]
        return {"choice_keys": keys, "other": bool(question.options.get("other"))}

    def chosen_keys(self, stored: Mapping[str, Any]) -> list[str]:
        return [stored["choice"]]

    def comparable_values(self, question: Question, stored: Any) -> set[Any]:
        return set(self.chosen_keys(stored))

    def display(self, question: Question, stored: Any, locale: str, fallback: str) -> str:
        labels = {
            c["key"]: translate(c["label"], locale, fallback) for c in question.options["choices"]
        }
        shown = [labels.get(k, k) for k in self.chosen_keys(stored) if k != "other"]
        if "other" in stored:
            shown.append(f"{_('Other')}: {stored['other']}")
        return "; ".join(shown)

    def summarize(self, question: Question, values: list[Any]) -> dict[str, Any]:
        summary = super().summarize(question, values)
        counts: Counter[str] = Counter()
        for stored in values:
            if stored is not None:
                counts.update(self.chosen_keys(stored))
        keys = [c["key"] for c in question.options["choices"]]
        if question.options.get("other"):
            keys.append("other")
        summary["counts"] = {key: counts.get(key, 0) for key in keys}
        summary["other_texts"] = [v["other"] for v in values if v and "other" in v]
        return summary


class MultipleChoice(SingleChoice):
    name: ClassVar[str] = "multiple_choice"
    field_class = MultipleChoiceAnswerField

    def check(self, question: Mapping[str, Any]) -> Iterator[Problem]:
        yield from super().check(question)
        low, high = question.get("min_selected"), question.get("max_selected")
        available = len(question.get("choices", [])) + bool(question.get("other"))
        if low and high and low > high:
            yield ("min_selected",), f"min_selected ({low}) is more than max_selected ({high})"
        if (high or 0) > available or (low or 0) > available:
            yield ("max_selected",), f"asks for more options than the {available} offered"

    def field_options(self, question: Question) -> dict[str, Any]:
        options = super().field_options(question)
        options["min_selected"] = question.options.get("min_selected")
        options["max_selected"] = question.options.get("max_selected")
        return options

    def chosen_keys(self, stored: Mapping[str, Any]) -> list[str]:
        return list(stored["choices"])
