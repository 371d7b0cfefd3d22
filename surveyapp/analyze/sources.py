"""The current instance's database as the data frames the CSV readers of `analyze` produce.

Answers, accounts and first-value events come through the CS pages' readers
(:mod:`surveyapp.insights.answers`, :mod:`surveyapp.insights.frames`), so that both show
the same numbers; this module adds what only the command line asks for.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from surveyapp.accounts.models import Account
from surveyapp.core.db import db
from surveyapp.events.models import MilestoneEvent
from surveyapp.events.queries import milestone_definitions
from surveyapp.insights.answers import answered_questions, pinned_banks
from surveyapp.insights.frames import load_frames
from surveyapp.surveys.models import Survey

#: Columns of the open answers read for `analyze clusters`, before its `cluster` column.
ANSWER_COLUMNS = [
    "response_id",
    "account_id",
    "account",
    "contact_id",
    "survey",
    "question",
    "locale",
    "answered_at",
    "text",
]
#: Per-account columns kept in the time-to-first-value rows read from the database.
ACCOUNT_COLUMNS = ["account_id", "account", "segment", "plan", "cohort", "start_at", "churned_at"]


class SourceError(ValueError):
    """The database holds nothing that matches what was asked for (a user's error)."""


@dataclass(frozen=True)
class AnswerSelection:
    """Which open answers to read: one survey or all, and one question or one construct."""

    survey: str | None = None
    question: str | None = None
    construct: str | None = "expected_outcome"

    def describe(self) -> str:
        what = f"question {self.question!r}" if self.question else f"construct {self.construct!r}"
        return what + (f" of survey {self.survey!r}" if self.survey else "")


def open_answers(selection: AnswerSelection) -> pd.DataFrame:
    """Text answers of accounts' contacts (oldest first) as :data:`ANSWER_COLUMNS`."""
    _check_selection(selection)
    constructs = {selection.construct} if selection.construct and not selection.question else None
    rows = [
        (
            answer.response_id,
            answer.account_id,
            answer.contact_id,
            answer.survey_key,
            answer.question.key,
            answer.locale,
            answer.answered_at,
            answer.value,
        )
        for answer in answered_questions(constructs)
        if isinstance(answer.value, str)
        and answer.value.strip()
        and (selection.survey is None or answer.survey_key == selection.survey)
        and (selection.question is None or answer.question.key == selection.question)
    ]
    if not rows:
        raise SourceError(f"the database holds no open answers to the {selection.describe()}")
    columns = [c for c in ANSWER_COLUMNS if c != "account"]
    frame = pd.DataFrame(rows, columns=columns)
    frame.insert(2, "account", frame["account_id"].map(_external_ids(frame["account_id"])))
    frame["answered_at"] = pd.to_datetime(frame["answered_at"], utc=True)
    return frame


def _check_selection(selection: AnswerSelection) -> None:
    surveys = dict(db.session.execute(sa.select(Survey.key, Survey.bank_version_id)).all())
    if selection.survey is not None and selection.survey not in surveys:
        known = ", ".join(sorted(surveys)) or "none"
        raise SourceError(f"no survey {selection.survey!r} (surveys: {known})")
    banks = pinned_banks()
    used = [surveys[selection.survey]] if selection.survey else list(surveys.values())
    questions = [q for bank_id in used for q in banks[bank_id].questions_by_key.values()]
    if selection.question and selection.question not in {q.key for q in questions}:
        raise SourceError(f"no question {selection.question!r} in the selected surveys' banks")
    if not selection.question and selection.construct not in {q.construct for q in questions}:
        raise SourceError(f"no question of construct {selection.construct!r} in those banks")


def _external_ids(account_ids: pd.Series) -> dict[int, str]:
    ids = [int(i) for i in account_ids.unique()]
    query = sa.select(Account.id, Account.external_id).where(Account.id.in_(ids))
    return dict(db.session.execute(query).all())  # type: ignore[arg-type]


@dataclass(frozen=True)
class AccountData:
    """``accounts``: :data:`ACCOUNT_COLUMNS`, ``expected_outcome`` and the latest ratings
    (value_achieved, perceived_quality, perceived_price, nps); ``events``: first-value
    milestone events known at ``as_of`` (account_id, milestone, occurred_at)."""

    accounts: pd.DataFrame
    events: pd.DataFrame
    first_value_keys: list[str]


def account_data(as_of: datetime) -> AccountData:
    """Accounts (with churn dates, the competing risk), their answers and first-value
    events, read as the CS pages read them."""
    frames = load_frames(as_of)
    accounts = frames.accounts.rename(columns={"external_id": "account", "recommend": "nps"})
    return AccountData(accounts, frames.events, frames.first_value_keys)


def milestone_keys() -> list[str]:
    """Every milestone the instance defines, in the order of its definitions file."""
    return [milestone.key for milestone in milestone_definitions()]


def milestones_reached(
    account_ids: pd.Series, as_of: datetime, taken: Collection[str] = ()
) -> pd.DataFrame:
    """0/1 per account (rows, in ``account_ids`` order) and defined milestone (a column
    named by its key, or ``milestone_<key>`` if ``taken`` holds the key): whether the
    milestone occurred by ``as_of``."""
    keys = milestone_keys()
    rows = db.session.execute(
        sa.select(MilestoneEvent.account_id, MilestoneEvent.milestone_key)
        .where(MilestoneEvent.occurred_at <= as_of, MilestoneEvent.milestone_key.in_(keys))
        .distinct()
    ).all()
    seen = pd.DataFrame(rows, columns=["account_id", "milestone"])
    reached = pd.DataFrame(index=range(len(account_ids)))
    for key in keys:
        members = seen.loc[seen["milestone"] == key, "account_id"]
        column = f"milestone_{key}" if key in taken else key
        reached[column] = account_ids.isin(members).astype(int).to_numpy()
    return reached
