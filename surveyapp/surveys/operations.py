"""Create surveys and change their state."""

from __future__ import annotations

import re

from surveyapp.banks.definitions import Bank
from surveyapp.banks.operations import pin_bank_version
from surveyapp.core.db import db
from surveyapp.surveys.models import Survey
from surveyapp.surveys.queries import survey_by_key
from surveyapp.surveys.rules import JourneyRule, RuleError

SURVEY_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class SurveyError(Exception):
    """A survey cannot be created or changed as asked; the message says why."""


def create_survey(
    key: str,
    bank: Bank,
    *,
    expire_days: int | None = None,
    allow_edit: bool | None = None,
    rule: JourneyRule | None = None,
) -> Survey:
    """A new survey asking ``bank`` at its current version, pinned from now on."""
    rule = rule or JourneyRule()
    try:
        rule.check(bank.locales)
    except RuleError as error:
        raise SurveyError(str(error)) from None
    if not SURVEY_KEY.match(key):
        raise SurveyError(f"survey key {key!r}: use lowercase letters, digits, '-' or '_'")
    if survey_by_key(key) is not None:
        raise SurveyError(f"a survey with key {key!r} already exists")
    if expire_days is not None and expire_days < 1:
        raise SurveyError("expire days must be at least 1")
    survey = Survey(
        key=key,
        bank_version=pin_bank_version(bank),
        allow_edit=bank.allow_edit if allow_edit is None else allow_edit,
        expire_days=expire_days,
        status="active",
        **rule.as_columns(),
    )
    db.session.add(survey)
    db.session.flush()
    return survey


def set_status(survey: Survey, status: str) -> None:
    """Pause or resume: a paused survey's rule creates no invitations and its mail waits."""
    if status not in ("active", "paused"):
        raise SurveyError(f"unknown status {status!r}")
    survey.status = status
    db.session.flush()
