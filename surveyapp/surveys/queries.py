"""Read surveys."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.core.db import db
from surveyapp.surveys.models import Survey


def survey_by_key(key: str) -> Survey | None:
    return db.session.scalar(sa.select(Survey).filter_by(key=key))


def all_surveys() -> list[Survey]:
    return list(db.session.scalars(sa.select(Survey).order_by(Survey.created_at)))


def describe_trigger(survey: Survey) -> str:
    if survey.trigger_event:
        return f"on event {survey.trigger_event}"
    if survey.trigger_milestone:
        return f"on milestone {survey.trigger_milestone}"
    if survey.trigger_days_after_start is not None:
        return f"{survey.trigger_days_after_start} days after start"
    return "by hand"
