"""One account's value summary: the customer's own words per construct over the journey,
ratings over time, milestones, health and invitations, read live from the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from analysis.health import parse_timeframe_days
from surveyapp.accounts.models import Account
from surveyapp.banks.definitions import translate
from surveyapp.core.db import db
from surveyapp.insights.answers import AnsweredQuestion, answered_questions
from surveyapp.insights.frames import first_value_keys
from surveyapp.insights.invitation_history import (
    InvitationEntry,
    account_invitations,
    contact_names,
)
from surveyapp.insights.labels import CONSTRUCTS
from surveyapp.insights.models import AccountInsight
from surveyapp.insights.progress import Progress, account_progress
from surveyapp.insights.timeline import (
    MilestoneEntry,
    account_milestones,
    journey_day,
    milestone_timeline,
)

#: Ratings drawn over time (perceived value: quality against price, and value achieved).
RATED = ("perceived_quality", "perceived_price", "value_achieved")


@dataclass(frozen=True)
class SaidEntry:
    """One answer as the customer gave it, at one journey point."""

    answered_at: datetime
    day: float | None
    survey_key: str
    question: str
    answer: str
    #: The language the customer answered in (for the lang attribute).
    locale: str
    contact: str


@dataclass(frozen=True)
class RatingPoint:
    answered_at: datetime
    day: float | None
    construct: str
    value: float
    low: int
    high: int


@dataclass(frozen=True)
class AccountSummary:
    account: Account
    insight: AccountInsight | None
    progress: Progress
    #: construct -> answers, newest first, in the order of CONSTRUCTS.
    said: dict[str, list[SaidEntry]]
    ratings: list[RatingPoint]
    milestones: list[MilestoneEntry]
    invitations: list[InvitationEntry]


def account_summary(account: Account, locale: str, now: datetime) -> AccountSummary:
    answers = list(answered_questions(account_ids=[account.id]))
    names = contact_names(account)
    stated = [
        parse_timeframe_days(a.value)
        for a in answers
        if a.question.construct == "success_timeframe"
    ]
    events = account_milestones(account)
    return AccountSummary(
        account=account,
        insight=db.session.get(AccountInsight, account.id),
        progress=account_progress(
            account, stated[-1] if stated else None, events, first_value_keys(), now
        ),
        said=_said(account, answers, names, locale),
        ratings=[_rating(account, a) for a in answers if _is_rating(a)],
        milestones=milestone_timeline(account, events, locale, now),
        invitations=account_invitations(account, names, now),
    )


def _said(
    account: Account, answers: list[AnsweredQuestion], names: dict[int, str], locale: str
) -> dict[str, list[SaidEntry]]:
    said: dict[str, list[SaidEntry]] = defaultdict(list)
    for answer in reversed(answers):
        question, fallback = answer.question, answer.bank.default_locale
        said[question.construct].append(
            SaidEntry(
                answered_at=answer.answered_at,
                day=journey_day(account, answer.answered_at),
                survey_key=answer.survey_key,
                question=translate(question.text, locale, fallback),
                answer=question.kind.display(question, answer.value, locale, fallback),
                locale=answer.locale,
                contact=names.get(answer.contact_id, ""),
            )
        )
    return {construct: said[construct] for construct in CONSTRUCTS if said.get(construct)}


def _is_rating(answer: AnsweredQuestion) -> bool:
    question = answer.question
    return (
        question.construct in RATED and question.type_name == "rating" and answer.number is not None
    )


def _rating(account: Account, answer: AnsweredQuestion) -> RatingPoint:
    low, high = answer.question.kind.bounds(answer.question)  # type: ignore[attr-defined]
    return RatingPoint(
        answer.answered_at,
        journey_day(account, answer.answered_at),
        answer.question.construct,
        float(answer.number or 0),
        low,
        high,
    )
