"""The database as the data frames the analysis package takes (one row per account)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from analysis.health import parse_timeframe_days
from surveyapp.accounts.models import Account, Contact
from surveyapp.core.db import db
from surveyapp.events.models import MilestoneEvent
from surveyapp.events.queries import milestone_definitions
from surveyapp.insights.answers import AnsweredQuestion, answered_questions
from surveyapp.invitations.models import Invitation
from surveyapp.surveys.models import Survey

#: Rating columns of the correlation table: construct (or question type) -> column.
RATING_COLUMNS = {
    "value_achieved": "value_achieved",
    "perceived_quality": "perceived_quality",
    "perceived_price": "perceived_price",
    "nps": "recommend",
}
#: What the refresh reads ("other" holds the NPS question).
CONSTRUCTS = {
    "expected_outcome",
    "success_timeframe",
    "value_achieved",
    "perceived_quality",
    "perceived_price",
    "other",
}


@dataclass(frozen=True)
class ValueFrames:
    """``accounts``: account_id, external_id, segment, plan, start_at, churned_at, cohort,
    expected_days, expected_outcome and the rating columns (latest answers).
    ``events``: first-value milestone events (account_id, milestone, occurred_at).
    ``invitations``: account_id, invitation_id, survey_key, survey_title, skipped, sent,
    opened, completed."""

    accounts: pd.DataFrame
    events: pd.DataFrame
    invitations: pd.DataFrame
    first_value_keys: list[str]


def first_value_keys() -> list[str]:
    return [m.key for m in milestone_definitions() if m.first_value]


def load_frames(now: datetime) -> ValueFrames:
    """Everything the refresh needs, read once."""
    accounts = pd.DataFrame(
        db.session.execute(
            sa.select(
                Account.id.label("account_id"),
                Account.external_id,
                Account.segment,
                Account.plan,
                Account.start_at,
                Account.churned_at,
            ).order_by(Account.id)
        ).all(),
        columns=["account_id", "external_id", "segment", "plan", "start_at", "churned_at"],
    )
    for column in ("start_at", "churned_at"):
        accounts[column] = pd.to_datetime(accounts[column], utc=True)
    accounts["cohort"] = accounts["start_at"].dt.strftime("%Y-%m")
    answers = _answer_columns(answered_questions(CONSTRUCTS))
    accounts = accounts.merge(answers, how="left", left_on="account_id", right_index=True)
    keys = first_value_keys()
    return ValueFrames(accounts, _value_events(keys, now), _invitations(), keys)


def _answer_columns(answers: Iterable[AnsweredQuestion]) -> pd.DataFrame:
    """Per account, the latest stated timeframe and ratings, and the expected outcome from
    the earliest question of the bank that asks for one (the headline question)."""
    latest: dict[int, dict[str, object]] = {}
    outcome_rank: dict[int, tuple[int, datetime]] = {}
    for answer in answers:
        row = latest.setdefault(answer.account_id, {})
        construct = answer.question.construct
        if construct == "success_timeframe":
            row["expected_days"] = parse_timeframe_days(answer.value)
        elif construct == "expected_outcome" and _better_outcome(answer, outcome_rank):
            row["expected_outcome"] = answer.value
        column = _rating_column(answer)
        if column and answer.number is not None:
            row[column] = answer.number
    columns = ["expected_days", "expected_outcome", *RATING_COLUMNS.values()]
    return pd.DataFrame.from_dict(latest, orient="index").reindex(columns=columns)


def _better_outcome(answer: AnsweredQuestion, ranks: dict[int, tuple[int, datetime]]) -> bool:
    # Answers come oldest first: a later answer to the same question replaces the earlier.
    if not isinstance(answer.value, str):
        return False
    rank = (answer.position, answer.answered_at)
    best = ranks.get(answer.account_id)
    if best is None or rank[0] < best[0] or (rank[0] == best[0] and rank[1] >= best[1]):
        ranks[answer.account_id] = rank
        return True
    return False


def _rating_column(answer: AnsweredQuestion) -> str | None:
    if answer.question.type_name == "nps":
        return RATING_COLUMNS["nps"]
    return RATING_COLUMNS.get(answer.question.construct)


def _value_events(keys: list[str], now: datetime) -> pd.DataFrame:
    rows = db.session.execute(
        sa.select(
            MilestoneEvent.account_id, MilestoneEvent.milestone_key, MilestoneEvent.occurred_at
        ).where(MilestoneEvent.milestone_key.in_(keys), MilestoneEvent.occurred_at <= now)
    ).all()
    events = pd.DataFrame(rows, columns=["account_id", "milestone", "occurred_at"])
    events["occurred_at"] = pd.to_datetime(events["occurred_at"], utc=True)
    return events


def _invitations() -> pd.DataFrame:
    i = Invitation
    rows = db.session.execute(
        sa.select(
            Contact.account_id,
            i.id,
            Survey.key,
            i.skipped_reason.is_not(None),
            sa.or_(i.sent_at.is_not(None), i.opened_at.is_not(None)),
            i.opened_at.is_not(None),
            i.completed_at.is_not(None),
        )
        .join(Contact, i.contact_id == Contact.id)
        .join(Survey, i.survey_id == Survey.id)
        .where(Contact.account_id.is_not(None))
    ).all()
    flags = ["skipped", "sent", "opened", "completed"]
    frame = pd.DataFrame(rows, columns=["account_id", "invitation_id", "survey_key", *flags])
    return frame.astype(dict.fromkeys(flags, bool))  # boolean even when empty
