"""The accounts list and the at-risk list: filters in SQL, one page at a time.

Built for 100,000 accounts: every filter is a comparison an index can serve (health is
stored as the moments an account turns yellow and red), the list sorts on indexed columns,
and the count skips the accounts table when no filter needs it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from surveyapp.accounts.models import Account
from surveyapp.core.db import db
from surveyapp.insights.conditions import (
    AccountFilters,
    account_conditions,
    insight_conditions,
    sort_parts,
)
from surveyapp.insights.health import status_at
from surveyapp.insights.models import AccountInsight
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.queries import status_of

__all__ = ["PAGE_SIZE", "AccountFilters", "AccountList", "AccountRow", "account_list"]

PAGE_SIZE = 50


@dataclass(frozen=True)
class AccountRow:
    account: Account
    insight: AccountInsight | None
    health: str
    survey_status: str | None


@dataclass(frozen=True)
class AccountList:
    rows: list[AccountRow]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def account_list(filters: AccountFilters, now: datetime) -> AccountList:
    """The page of accounts the filters ask for, and how many match in all."""
    return AccountList(account_page(filters, now), count_accounts(filters, now), filters.page)


def count_accounts(
    filters: AccountFilters, now: datetime, extra: Sequence[sa.ColumnElement[bool]] = ()
) -> int:
    """How many accounts match (and ``extra`` conditions on the facts), reading only the
    tables the conditions need."""
    on_account = account_conditions(filters, now)
    on_insight = [*insight_conditions(filters, now), *extra]
    # "unknown" also counts accounts the refresh has not seen: it needs the outer join.
    if (on_account and on_insight) or filters.health == "unknown":
        statement = _joined(sa.select(sa.func.count()).select_from(Account), filters)
    elif on_insight:  # every condition is on the facts: count their index, not the accounts
        statement = _joined(sa.select(sa.func.count()).select_from(AccountInsight), filters, False)
    else:
        statement = sa.select(sa.func.count()).select_from(Account)
    return int(db.session.scalar(statement.where(*on_account, *on_insight)) or 0)


def account_page(filters: AccountFilters, now: datetime) -> list[AccountRow]:
    """One page of accounts with their facts, health and survey status.

    A sort by health lists the urgent accounts (an index order) and then the others: the
    page is taken from each part in turn, so no query sorts all 100,000 accounts.
    """
    rows: list[sa.Row[Any]] = []
    wanted, skip = PAGE_SIZE, (filters.page - 1) * PAGE_SIZE
    parts = sort_parts(filters.sort, now)
    for index, (condition, order) in enumerate(parts):
        if index < len(parts) - 1:  # the last part needs no count: the page ends in it
            size = count_accounts(filters, now, [condition])
            if skip >= size:
                skip -= size
                continue
        found = db.session.execute(_page(filters, now, condition, order, skip, wanted)).all()
        rows += found
        wanted, skip = wanted - len(found), 0
        if not wanted:
            break
    return _with_status(rows, now)


def iter_accounts(
    filters: AccountFilters, now: datetime, batch: int = 1000
) -> Iterator[AccountRow]:
    """Every account that matches, in the list's order, ``batch`` rows at a time (exports)."""
    for condition, order in sort_parts(filters.sort, now):
        statement = _listing(filters, now, condition, order)
        result = db.session.execute(statement.execution_options(yield_per=batch))
        for part in result.partitions():
            yield from _with_status(part, now)


def _listing(
    filters: AccountFilters,
    now: datetime,
    condition: sa.ColumnElement[bool],
    order: Sequence[Any],
) -> sa.Select:  # type: ignore[type-arg]
    statement = _joined(sa.select(Account, AccountInsight).select_from(Account), filters)
    conditions = [*account_conditions(filters, now), *insight_conditions(filters, now)]
    return statement.where(*conditions, condition).order_by(*order)


def _page(
    filters: AccountFilters,
    now: datetime,
    condition: sa.ColumnElement[bool],
    order: Sequence[Any],
    skip: int,
    wanted: int,
) -> sa.Select:  # type: ignore[type-arg]
    """Rows ``skip`` to ``skip + wanted``: the offset walks a narrow list of ids (an index
    when the order is one), and only the page's rows are read whole."""
    ids = _joined(sa.select(Account.id).select_from(Account), filters)
    conditions = [*account_conditions(filters, now), *insight_conditions(filters, now)]
    ids = ids.where(*conditions, condition).order_by(*order).offset(skip).limit(wanted)
    statement = sa.select(Account, AccountInsight).outerjoin(
        AccountInsight, AccountInsight.account_id == Account.id
    )
    return statement.where(Account.id.in_(ids.scalar_subquery())).order_by(*order)


def _joined(
    statement: sa.Select, filters: AccountFilters, accounts_first: bool = True
) -> sa.Select:  # type: ignore[type-arg]
    if accounts_first:
        statement = statement.outerjoin(AccountInsight, AccountInsight.account_id == Account.id)
    if filters.survey_status and filters.survey_status != "none":
        statement = statement.join(Invitation, Invitation.id == AccountInsight.last_invitation_id)
    return statement


def _with_status(rows: Sequence[sa.Row], now: datetime) -> list[AccountRow]:  # type: ignore[type-arg]
    wanted = [
        insight.last_invitation_id for _, insight in rows if insight and insight.last_invitation_id
    ]
    query = sa.select(Invitation).where(Invitation.id.in_(wanted))
    invitations = {invitation.id: invitation for invitation in db.session.scalars(query)}
    result = []
    for account, insight in rows:
        invitation = invitations.get(insight.last_invitation_id) if insight else None
        status = status_of(invitation, now) if invitation else None
        result.append(AccountRow(account, insight, status_at(insight, now), status))
    return result
