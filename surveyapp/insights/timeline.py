"""One account's milestones in time, each with its definition; its first value marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from surveyapp.accounts.models import Account
from surveyapp.banks.definitions import translate
from surveyapp.core.db import db
from surveyapp.events.models import MilestoneEvent
from surveyapp.events.queries import milestone_definitions


@dataclass(frozen=True)
class MilestoneEntry:
    occurred_at: datetime
    #: Days since the account's start (None without a start date).
    day: float | None
    key: str
    label: str
    #: "functional", "customer", or "unknown" when no definition has this key any more.
    kind: str
    counts_as_first_value: bool
    #: The first milestone that counts as first value: the account's first value.
    is_first_value: bool = False


def account_milestones(account: Account) -> list[MilestoneEvent]:
    query = sa.select(MilestoneEvent).filter_by(account_id=account.id)
    return list(db.session.scalars(query.order_by(MilestoneEvent.occurred_at, MilestoneEvent.id)))


def milestone_timeline(
    account: Account, events: list[MilestoneEvent], locale: str, now: datetime
) -> list[MilestoneEntry]:
    """The account's milestones up to ``now``, oldest first."""
    definitions = {m.key: m for m in milestone_definitions()}
    entries, first_value_seen = [], False
    for event in events:
        if event.occurred_at > now:
            continue
        definition = definitions.get(event.milestone_key)
        counts = bool(definition and definition.first_value)
        is_first = counts and not first_value_seen
        first_value_seen |= counts
        entries.append(
            MilestoneEntry(
                occurred_at=event.occurred_at,
                day=journey_day(account, event.occurred_at),
                key=event.milestone_key,
                label=translate(definition.label, locale, "en")
                if definition
                else event.milestone_key,
                kind=definition.kind if definition else "unknown",
                counts_as_first_value=counts,
                is_first_value=is_first,
            )
        )
    return entries


def journey_day(account: Account, at: datetime) -> float | None:
    """Days from the account's start (its value clock) to ``at``."""
    if account.start_at is None:
        return None
    return (at - account.start_at).total_seconds() / 86400
