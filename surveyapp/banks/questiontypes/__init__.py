"""The registry of question types: each type is one class, looked up by its name."""

from __future__ import annotations

from surveyapp.banks.questiontypes.base import QuestionType
from surveyapp.banks.questiontypes.choice import MultipleChoice, SingleChoice
from surveyapp.banks.questiontypes.scale import NetPromoterScore, Rating
from surveyapp.banks.questiontypes.text import LongText, ShortText
from surveyapp.banks.questiontypes.timing import CalendarDate, Timeframe

REGISTRY: dict[str, QuestionType] = {
    kind.name: kind
    for kind in (
        ShortText(),
        LongText(),
        SingleChoice(),
        MultipleChoice(),
        Rating(),
        NetPromoterScore(),
        Timeframe(),
        CalendarDate(),
    )
}


class UnknownQuestionType(KeyError):
    pass


def get_type(name: str) -> QuestionType:
    try:
        return REGISTRY[name]
    except KeyError:
        raise UnknownQuestionType(name) from None


__all__ = ["REGISTRY", "QuestionType", "UnknownQuestionType", "get_type"]
