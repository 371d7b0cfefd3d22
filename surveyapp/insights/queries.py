"""Reads for the CS pages besides the lists: one account, menus, titles, cached overviews."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from surveyapp.accounts.models import Account
from surveyapp.banks.definitions import translate
from surveyapp.banks.queries import pinned_bank
from surveyapp.core.db import db
from surveyapp.insights.models import InsightSnapshot
from surveyapp.surveys.models import Survey

MENUS = {"segment": Account.segment, "owner": Account.csm_owner, "plan": Account.plan}


def account_by_external_id(external_id: str) -> Account | None:
    return db.session.scalar(sa.select(Account).filter_by(external_id=external_id))


def filter_choices(requested: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """Segments, CS owners and plans for the filter menus, as found by the last refresh
    (reading them from 100,000 accounts on every page view would cost more than the page);
    values asked for in ``requested`` are offered too, so a link with a newer value works."""
    everyone = snapshot("")
    known = everyone.payload.get("choices") if everyone else None
    choices = {name: list(values) for name, values in (known or current_choices()).items()}
    for name, value in (requested or {}).items():
        if name in choices and value and value not in choices[name]:
            choices[name].append(value)
    return choices


def current_choices() -> dict[str, list[str]]:
    """The menus as the accounts are now (the refresh stores this)."""
    return {name: _distinct(column) for name, column in MENUS.items()}


def _distinct(column: Any) -> list[str]:
    query = sa.select(column).where(column.is_not(None)).distinct().order_by(column)
    return [str(value) for value in db.session.scalars(query)]


def cohorts() -> list[str]:
    """Start months that have an overview (each cohort gets one on every refresh)."""
    scopes = db.session.scalars(
        sa.select(InsightSnapshot.scope).where(InsightSnapshot.scope.like("cohort=%"))
    )
    return sorted(scope.removeprefix("cohort=") for scope in scopes if "&" not in scope)


def survey_titles(locale: str) -> dict[str, str]:
    """Each survey's title in ``locale`` (its bank's), by survey key."""
    titles = {}
    for survey in db.session.scalars(sa.select(Survey)):
        bank = pinned_bank(survey.bank_version)
        titles[survey.key] = translate(bank.title, locale, bank.default_locale)
    return titles


def theme_terms(theme: int | None) -> list[str]:
    """The label words of a theme found by the last refresh."""
    everyone = snapshot("") if theme is not None and theme >= 0 else None
    if everyone is None:
        return []
    return list(everyone.payload.get("theme_catalog", {}).get(str(theme), {}).get("terms", []))


def snapshot(scope: str) -> InsightSnapshot | None:
    return db.session.scalar(sa.select(InsightSnapshot).filter_by(scope=scope))


def last_refresh() -> datetime | None:
    """When the per-account facts were last computed (with the all-accounts overview)."""
    return db.session.scalar(sa.select(InsightSnapshot.computed_at).filter_by(scope=""))
