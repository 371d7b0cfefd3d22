"""The filters and sort orders of the account lists, as SQL an index can serve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from surveyapp.accounts.models import Account
from surveyapp.core.db import db
from surveyapp.insights.health import AT_RISK, health_condition
from surveyapp.insights.models import AccountInsight
from surveyapp.invitations.queries import status_condition

#: Every health filter but "unknown" reads only the stored facts (no account column).
STORED_HEALTH = ("red", "yellow", "green", "churned", "at_risk")


@dataclass(frozen=True)
class AccountFilters:
    search: str = ""
    segment: str = ""
    owner: str = ""
    health: str = ""
    #: "yes" reached first value, "no" not yet (as of the last refresh), "" either.
    first_value: str = ""
    #: The status of the account's newest invitation, or "none" for never invited.
    survey_status: str = ""
    sort: str = "name"
    page: int = 1


def account_conditions(filters: AccountFilters, now: datetime) -> list[sa.ColumnElement[bool]]:
    conditions = []
    if filters.search:
        conditions.append(
            sa.or_(
                contains(Account.name, filters.search),
                contains(Account.external_id, filters.search),
            )
        )
    if filters.segment:
        conditions.append(Account.segment == filters.segment)
    if filters.owner:
        conditions.append(Account.csm_owner == filters.owner)
    if filters.health and filters.health not in STORED_HEALTH:
        conditions.append(health_condition(filters.health, now))
    return conditions


def insight_conditions(filters: AccountFilters, now: datetime) -> list[sa.ColumnElement[bool]]:
    insight, conditions = AccountInsight, []
    if filters.health in STORED_HEALTH:
        conditions.append(health_condition(filters.health, now))
    if filters.first_value == "yes":
        conditions.append(insight.first_value_at.is_not(None))
    elif filters.first_value == "no":
        conditions += [insight.account_id.is_not(None), insight.first_value_at.is_(None)]
    if filters.survey_status == "none":
        conditions += [insight.account_id.is_not(None), insight.last_invitation_id.is_(None)]
    elif filters.survey_status:
        conditions.append(status_condition(filters.survey_status, now))
    return conditions


#: Parts of a sorted list: a condition on the facts and the order within the part.
SortParts = list[tuple[sa.ColumnElement[bool], list[Any]]]


def sort_parts(sort: str, now: datetime) -> SortParts:
    """How to sort, as index orders (name, id, segment, owner, start date).

    "health" lists the red and yellow accounts first, most urgent first, then the others by
    name. Among the urgent ones, ascending ``red_from`` (empty last) *is* the urgency order:
    red accounts are those whose ``red_from`` has passed (longest ago first), yellow ones
    still waiting turn red next (soonest first), and those that reached value late have none.
    """
    insight = AccountInsight
    if sort == "health":
        urgent = health_condition(AT_RISK, now)
        calm = sa.or_(insight.yellow_from.is_(None), insight.yellow_from > now)
        by_urgency = [insight.red_from.asc().nulls_last(), insight.yellow_from, Account.id]
        return [(urgent, by_urgency), (calm, [Account.name, Account.id])]
    column, descending = SORT_COLUMNS.get(sort.lstrip("-"), Account.name), sort.startswith("-")
    order = [column.desc(), Account.id.desc()] if descending else [column, Account.id]
    return [(sa.true(), order)]


SORT_COLUMNS: dict[str, Any] = {
    "name": Account.name,
    "external_id": Account.external_id,
    "segment": Account.segment,
    "owner": Account.csm_owner,
    "start": Account.start_at,
}


def contains(column: Any, text: str) -> sa.ColumnElement[bool]:
    """Case-insensitive "contains", wildcards taken as text. SQLite's LIKE already ignores
    case (for ASCII, as its lower() does), and lower() on both sides would only cost time."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    if db.session.get_bind().dialect.name == "sqlite":
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")
