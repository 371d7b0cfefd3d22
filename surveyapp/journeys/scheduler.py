"""Read what happened since the last run and create the invitations the rules ask for."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from surveyapp.accounts.models import Account, Contact
from surveyapp.core.db import db, insert_or_ignore
from surveyapp.events.models import MilestoneEvent, ProductEvent
from surveyapp.invitations.models import Invitation
from surveyapp.journeys.models import JourneyCursor
from surveyapp.journeys.operations import Occurrence, invite
from surveyapp.surveys.models import Survey

BATCH = 500
RECHECK = timedelta(minutes=10)


def schedule_due(now: datetime) -> int:
    """Invitations created by every active survey's rule; each survey in its own commit."""
    created = 0
    surveys = db.session.scalars(sa.select(Survey).where(Survey.status == "active")).all()
    for survey in surveys:
        created += _schedule_survey(survey, now)
        db.session.commit()
    return created


def _schedule_survey(survey: Survey, now: datetime) -> int:
    if survey.trigger_event:
        occurrences = _from_events(survey, _cursor(survey), now)
    elif survey.trigger_milestone:
        occurrences = _from_milestones(survey, _cursor(survey), now)
    elif survey.trigger_days_after_start is not None:
        occurrences = _from_start_dates(survey, now)
    else:
        return 0
    return invite(survey, occurrences, now)


def _cursor(survey: Survey) -> JourneyCursor:
    """This survey's cursor, locked until the commit so two schedulers take turns."""
    insert_or_ignore(
        JourneyCursor.__table__,
        {"survey_id": survey.id, "last_product_event_id": 0, "last_milestone_event_id": 0},
        ["survey_id"],
    )
    return db.session.scalars(
        sa.select(JourneyCursor)
        .filter_by(survey_id=survey.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _from_events(survey: Survey, cursor: JourneyCursor, now: datetime) -> list[Occurrence]:
    rows = db.session.execute(
        sa.select(ProductEvent.id, ProductEvent.occurred_at, Contact)
        .join(Contact, Contact.id == ProductEvent.contact_id)
        .where(
            _new_or_recent(ProductEvent, cursor.last_product_event_id, now),
            ProductEvent.event == survey.trigger_event,
            _not_invited(survey, "event:", ProductEvent.id),
        )
        .order_by(_new_first(ProductEvent, cursor.last_product_event_id), ProductEvent.id)
        .limit(BATCH)
    ).all()
    if rows:
        cursor.last_product_event_id = max(cursor.last_product_event_id, *(r[0] for r in rows))
    return [Occurrence(contact, f"event:{event_id}", at) for event_id, at, contact in rows]


def _from_milestones(survey: Survey, cursor: JourneyCursor, now: datetime) -> list[Occurrence]:
    after = cursor.last_milestone_event_id
    rows = db.session.execute(
        sa.select(MilestoneEvent.id, MilestoneEvent.occurred_at, Contact)
        .join(Contact, Contact.account_id == MilestoneEvent.account_id)
        .where(
            _new_or_recent(MilestoneEvent, after, now),
            MilestoneEvent.milestone_key == survey.trigger_milestone,
            _not_invited(survey, "milestone:", MilestoneEvent.id),
        )
        .order_by(_new_first(MilestoneEvent, after), MilestoneEvent.id, Contact.id)
        .limit(BATCH)
    ).all()
    fresh = [row[0] for row in rows if row[0] > after]
    if fresh:
        # A full batch may end half-way through one new milestone's contacts: that milestone
        # is read again next time (its contacts invited already are not read again).
        cut = len(rows) == BATCH and rows[-1][0] > after
        cursor.last_milestone_event_id = fresh[-1] - (1 if cut else 0)
    return [Occurrence(contact, f"milestone:{mid}", at) for mid, at, contact in rows]


def _new_or_recent(
    model: type[ProductEvent] | type[MilestoneEvent], after_id: int, now: datetime
) -> sa.ColumnElement[bool]:
    """Rows past the cursor, and rows of the last minutes again: a transaction that took an id
    before the cursor moved may commit after it (re-reading them creates nothing twice)."""
    recent = model.received_at if model is ProductEvent else model.recorded_at
    return sa.or_(model.id > after_id, recent >= now - RECHECK)


def _new_first(
    model: type[ProductEvent] | type[MilestoneEvent], after_id: int
) -> sa.ColumnElement[int]:
    """Rows past the cursor before the re-read ones: else a burst of more than BATCH recent
    rows would fill every batch with rows already handled, and the cursor would not move
    until they left the re-read window."""
    return sa.case((model.id > after_id, 0), else_=1)


def _not_invited(survey: Survey, prefix: str, row_id: sa.ColumnElement[int]) -> Any:
    """The occurrence (an event or milestone row, for the contact) made no invitation yet:
    rows re-read (see _new_or_recent) cost nothing more than this test."""
    return ~sa.exists().where(
        Invitation.survey_id == survey.id,
        Invitation.contact_id == Contact.id,
        Invitation.trigger_key == sa.literal(prefix) + sa.cast(row_id, sa.String),
    )


def _from_start_dates(survey: Survey, now: datetime) -> list[Occurrence]:
    days = survey.trigger_days_after_start or 0
    key = f"start+{days}d"
    already = sa.select(Invitation.id).where(
        Invitation.survey_id == survey.id,
        Invitation.contact_id == Contact.id,
        Invitation.trigger_key == key,
    )
    rows = db.session.execute(
        sa.select(Account.start_at, Contact)
        .join(Contact, Contact.account_id == Account.id)
        .where(Account.start_at <= now - timedelta(days=days), ~sa.exists(already))
        .order_by(Contact.id)
        .limit(BATCH)
    ).all()
    return [Occurrence(contact, key, start_at + timedelta(days=days)) for start_at, contact in rows]
