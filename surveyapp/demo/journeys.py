"""Demo surveys answered along each customer's journey: the value definition in the first
days, then check-ins on days 30, 60 and 90 (some answered, some only opened or ignored)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np
import sqlalchemy as sa

from analysis.datasets import ValueStudy
from analysis.health import parse_timeframe_days
from surveyapp.core.db import db
from surveyapp.demo.phrases import phrases
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.tokens import new_token
from surveyapp.respond.models import Answer, Response
from surveyapp.surveys.models import Survey

#: (survey key, days after the start it is sent, share of customers who answer)
JOURNEY_POINTS = (
    ("value-definition", 0, 0.85),
    ("first-value-checkin", 30, 0.7),
    ("first-value-checkin", 60, 0.6),
    ("first-value-checkin", 90, 0.5),
)
LINK_DAYS = 30
HELP_CHOICES = ("training", "feature", "integration_help", "team_time")


def add_journeys(
    study: ValueStudy,
    surveys: dict[str, Survey],
    contacts: dict[str, int],
    value_at: dict[str, datetime],
    rng: np.random.Generator,
    now: datetime,
) -> None:
    """Invitations, responses and answers for every contact's journey points so far."""
    starts = dict(zip(study.accounts["account_id"], study.accounts["start_at"], strict=True))
    answered: list[tuple[Invitation, str, dict[str, Any]]] = []
    for row in study.answers.itertuples():
        start = starts[row.account_id].floor("us").to_pydatetime()
        for survey_key, day, answer_share in JOURNEY_POINTS:
            sent_at = start + timedelta(days=day, hours=float(rng.uniform(1, 20)))
            if sent_at > now:
                break
            invitation = _invitation(surveys[survey_key], contacts[row.contact_id], day, sent_at)
            answered_at = sent_at + timedelta(days=float(rng.uniform(0.1, 4)))
            if rng.random() > answer_share or answered_at > now:
                if rng.random() < 0.5:
                    invitation.opened_at = min(now, sent_at + timedelta(hours=3))
                continue
            invitation.opened_at, invitation.completed_at = sent_at, answered_at
            values = (
                _value_definition(row)
                if day == 0
                else _checkin(row, value_at.get(row.account_id), answered_at, rng)
            )
            answered.append((invitation, row.locale, values))
    db.session.flush()  # invitation ids, then response ids
    responses = [(_response(invitation, locale), values) for invitation, locale, values in answered]
    db.session.flush()
    rows = [
        {
            "response_id": response.id,
            "question_key": key,
            "value": value,
            "answered_at": response.completed_at,
        }
        for response, values in responses
        for key, value in values.items()
    ]
    db.session.execute(sa.insert(Answer), rows)


def _response(invitation: Invitation, locale: str) -> Response:
    response = Response(
        invitation_id=invitation.id,
        locale=locale,
        started_at=invitation.opened_at,
        updated_at=invitation.completed_at,
        completed_at=invitation.completed_at,
    )
    db.session.add(response)
    return response


def _invitation(survey: Survey, contact_id: int, day: int, sent_at: datetime) -> Invitation:
    _token, token_hash = new_token()
    invitation = Invitation(
        survey_id=survey.id,
        contact_id=contact_id,
        token_hash=token_hash,
        created_at=sent_at,
        due_at=sent_at,
        sent_at=sent_at,
        expires_at=sent_at + timedelta(days=LINK_DAYS),
        trigger_key=f"demo:day-{day}",
    )
    db.session.add(invitation)
    return invitation


def _value_definition(row: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "first_outcome": row.expected_outcome,
        "success_timeframe": int(parse_timeframe_days(row.success_timeframe) or 60),
        "perceived_quality": int(row.perceived_quality),
        "perceived_price": int(row.perceived_price),
        "recommend": int(row.nps),
    }
    if row.theme:
        answers |= phrases()["theme_answers"][row.theme][row.locale]
        answers["value_layers"] = {"choices": phrases()["theme_layers"][row.theme]}
    return answers


def _checkin(
    row: Any, value_at: datetime | None, answered_at: datetime, rng: np.random.Generator
) -> dict[str, Any]:
    reached = value_at is not None and value_at <= answered_at
    # Value felt so far: the study's rating, a point lower while still waiting.
    felt = int(np.clip(row.value_achieved - (0 if reached else 1) + rng.integers(-1, 2), 1, 7))
    if reached:
        assert value_at is not None
        said = phrases()["theme_answers"][row.theme][row.locale] if row.theme else {}
        signal = said.get("success_signal")
        answers = {
            "reached_outcome": {"choice": "yes"},
            "value_so_far": felt,
            "reached_on": value_at.date().isoformat(),
        }
        return answers | ({"reached_signal": signal} if signal else {})
    return {
        "reached_outcome": {"choice": "partly" if rng.random() < 0.3 else "no"},
        "value_so_far": felt,
        "slowed_down": str(rng.choice(phrases()["obstacles"][row.locale])),
        "help_needed": {"choice": str(rng.choice(HELP_CHOICES))},
    }
