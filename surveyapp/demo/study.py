"""The demo's customer base: the seeded value study (analysis.datasets) loaded as accounts
with CS owners, contacts in five languages, milestone events and answered surveys.

Dates are shifted so the study ends today; the same seed gives the same customers, so
running ``surveyapp demo`` again adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from analysis.datasets import ValueStudy, make_value_study
from surveyapp.accounts.models import Account, Contact
from surveyapp.coding.models import AnswerCode
from surveyapp.core.db import db, utcnow
from surveyapp.demo.journeys import add_journeys
from surveyapp.demo.phrases import phrases
from surveyapp.events.models import MilestoneEvent
from surveyapp.interviews.operations import Recorder, record_interview
from surveyapp.invitations.models import Invitation
from surveyapp.respond.models import Answer, Response
from surveyapp.surveys.models import Survey

STUDY_ACCOUNTS = 300
SEED = 7
#: CS owners of the demo accounts; the demo's cs user owns a quarter of them.
OWNERS = (
    "cs@demo.example",
    "marta.silva@demo.example",
    "tom.baker@demo.example",
    "ola.nowak@demo.example",
)
#: The study's milestones as named in the shipped milestone definitions.
MILESTONE_KEYS = {
    "workspace_created": "workspace_set_up",
    "integration_connected": "first_integration",
    "first_report_shared": "first_report_shared",
}


def load_value_study(surveys: dict[str, Survey], n_accounts: int = STUDY_ACCOUNTS) -> int:
    """Add the study's accounts unless already there; returns how many were added."""
    now = utcnow()
    study = make_value_study(n_accounts, as_of=now.date().isoformat(), random_state=SEED)
    first = str(study.accounts["account_id"].iloc[0])
    if db.session.scalar(sa.select(Account.id).filter_by(external_id=first)) is not None:
        return 0
    rng = np.random.default_rng(SEED)
    accounts = _add_accounts(study, rng)
    contacts = _add_contacts(study, accounts, rng)
    _add_milestones(study, accounts, now)
    reached = study.events[study.events["milestone"] == "first_report_shared"]
    value_at = dict(zip(reached["account_id"], _datetimes(reached["occurred_at"]), strict=True))
    add_journeys(study, surveys, contacts, value_at, rng, now)
    _add_codings(study, contacts)
    return len(accounts)


#: The question whose answers the study's coders coded (its construct: expected_outcome).
CODED_QUESTION = "first_outcome"


def _add_codings(study: ValueStudy, contacts: dict[str, int]) -> None:
    """The study's three coders' codes (their planted error rates) of the answers given."""
    query = (
        sa.select(Invitation.contact_id, Answer.id)
        .join(Response, Answer.response_id == Response.id)
        .join(Invitation, Response.invitation_id == Invitation.id)
        .where(
            Invitation.contact_id.in_(list(contacts.values())),
            Answer.question_key == CODED_QUESTION,
        )
    )
    answer_of = dict(db.session.execute(query).all())
    rows = [
        {"answer_id": answer_of[contacts[unit]], "coder": f"Coder {coder}", "code": code}
        for unit, coder, code in study.codings.itertuples(index=False)
        if contacts[unit] in answer_of
    ]
    if rows:
        db.session.execute(sa.insert(AnswerCode), rows)


#: One account in INTERVIEW_EVERY has an onboarding interview on record.
INTERVIEW_EVERY = 20


def add_study_interviews(now: datetime) -> int:
    """Onboarding interviews with some of the study's customers, 14 days after their start
    (when that is past), recorded as the demo would (audited); returns how many."""
    recorder, added = Recorder(None, "demo"), 0
    study_accounts = db.session.scalars(
        sa.select(Account)
        .where(Account.external_id.like("acct-%"), Account.start_at.is_not(None))
        .order_by(Account.external_id)
    ).all()
    for account in study_accounts[::INTERVIEW_EVERY]:
        held_on = (account.start_at + timedelta(days=14)).date()
        if held_on > now.date():
            continue
        added += 1
        record_interview(
            account,
            held_on=held_on,
            interviewer="Rita (research)",
            link_url=f"https://notes.example/interviews/{account.external_id}",
            summary="Onboarding interview: what they expect first, and by when.",
            guide_key="interview-guide",
            recorder=recorder,
        )
    return added


def company_name(index: int, rng: np.random.Generator) -> str:
    words = phrases()["company_words"]
    first, second = words["first"], words["second"]
    return f"{rng.choice(first)} {rng.choice(second)} {index + 1}"


def _add_accounts(study: ValueStudy, rng: np.random.Generator) -> dict[str, int]:
    frame = study.accounts
    rows = [
        {
            "external_id": row.account_id,
            "name": company_name(index, rng),
            "segment": row.segment,
            "plan": row.plan,
            "start_at": row.start_at.floor("us").to_pydatetime(),
            "csm_owner": OWNERS[index % len(OWNERS)],
            "churned_at": _timestamp_or_none(row.churned_at),
            "created_at": row.start_at.floor("us").to_pydatetime(),
        }
        for index, row in enumerate(frame.itertuples())
    ]
    db.session.execute(sa.insert(Account), rows)
    return _ids(Account, Account.external_id, frame["account_id"])


def _timestamp_or_none(value: pd.Timestamp) -> datetime | None:
    return None if pd.isna(value) else value.floor("us").to_pydatetime()


def _add_contacts(
    study: ValueStudy, accounts: dict[str, int], rng: np.random.Generator
) -> dict[str, int]:
    now, rows = utcnow(), []
    for row in study.contacts.itertuples():
        names = phrases()["names"][row.locale]
        firsts, lasts = names["first"], names["family"]
        rows.append(
            {
                "email": f"{row.contact_id}@{row.account_id}.customers.example",
                "external_id": f"demo-{row.contact_id}",
                "name": f"{rng.choice(firsts)} {rng.choice(lasts)}",
                "locale": row.locale,
                "timezone": row.time_zone,
                "account_id": accounts[row.account_id],
                "unsubscribed_at": now if row.unsubscribed else None,
                "created_at": now,
            }
        )
    db.session.execute(sa.insert(Contact), rows)
    by_external = _ids(Contact, Contact.external_id, [r["external_id"] for r in rows])
    return {key.removeprefix("demo-"): value for key, value in by_external.items()}


def _add_milestones(study: ValueStudy, accounts: dict[str, int], now: datetime) -> None:
    events = study.events
    rows = [
        {
            "account_id": accounts[account_id],
            "milestone_key": MILESTONE_KEYS[milestone],
            "occurred_at": occurred_at,
            "source": "import",
            "recorded_at": now,
        }
        for account_id, milestone, occurred_at in zip(
            events["account_id"],
            events["milestone"],
            _datetimes(events["occurred_at"]),
            strict=True,
        )
    ]
    db.session.execute(sa.insert(MilestoneEvent), rows)


def _ids(model: Any, column: Any, keys: Iterable[str]) -> dict[str, int]:
    """Database ids of the rows just inserted, by their external key."""
    query = sa.select(column, model.id).where(column.in_(list(keys)))
    return dict(db.session.execute(query).all())  # type: ignore[arg-type]


def _datetimes(values: pd.Series) -> list[datetime]:
    return [value.floor("us").to_pydatetime() for value in pd.to_datetime(values, utc=True)]
