"""Read what happened since the last run and create the invitations the rules ask for."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import sqlalchemy as sa

from surveyapp.accounts.models import Account, Contact
from surveyapp.core.db import db, insert_or_ignore
from surveyapp.events.models import MilestoneEvent, ProductEvent
from surveyapp.invitations.models import Invitation
from surveyapp.journeys.models import JourneyCursor
from surveyapp.journeys.operations import invite_for_trigger
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
        return _count(_from_events(survey, _cursor(survey), now))
    if survey.trigger_milestone:
        return _count(_from_milestones(survey, _cursor(survey), now))
    if survey.trigger_days_after_start is not None:
        return _count(_from_start_dates(survey, now))
    return 0


def _count(invitations: Iterator[Invitation | None]) -> int:
    return sum(1 for invitation in invitations if invitation is not None)


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


def _from_events(
    survey: Survey, cursor: JourneyCursor, now: datetime
) -> Iterator[Invitation | None]:
    rows = db.session.execute(
        sa.select(ProductEvent.id, ProductEvent.occurred_at, Contact)
        .join(Contact, Contact.id == ProductEvent.contact_id)
        .where(
            _new_or_recent(ProductEvent, cursor.last_product_event_id, now),
            ProductEvent.event == survey.trigger_event,
        )
        .order_by(_new_first(ProductEvent, cursor.last_product_event_id), ProductEvent.id)
        .limit(BATCH)
    ).all()
    for event_id, occurred_at, contact in rows:
        yield invite_for_trigger(survey, contact, f"event:{event_id}", occurred_at, now)
        cursor.last_product_event_id = max(cursor.last_product_event_id, event_id)


def _from_milestones(
    survey: Survey, cursor: JourneyCursor, now: datetime
) -> Iterator[Invitation | None]:
    after = cursor.last_milestone_event_id
    rows = db.session.execute(
        sa.select(MilestoneEvent.id, MilestoneEvent.occurred_at, Contact)
        .join(Contact, Contact.account_id == MilestoneEvent.account_id)
        .where(
            _new_or_recent(MilestoneEvent, after, now),
            MilestoneEvent.milestone_key == survey.trigger_milestone,
        )
        .order_by(_new_first(MilestoneEvent, after), MilestoneEvent.id, Contact.id)
        .limit(BATCH)
    ).all()
    for milestone_id, occurred_at, contact in rows:
        yield invite_for_trigger(survey, contact, f"milestone:{milestone_id}", occurred_at, now)
    fresh = [row[0] for row in rows if row[0] > after]
    if fresh:
        # A full batch may end half-way through one new milestone's contacts: that milestone
        # is read again next time (creating nothing twice).
        cut = len(rows) == BATCH and rows[-1][0] > after
        cursor.last_milestone_event_id = fresh[-1] - (1 if cut else 0)


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


def _from_start_dates(survey: Survey, now: datetime) -> Iterator[Invitation | None]:
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
    for start_at, contact in rows:
        yield invite_for_trigger(survey, contact, key, start_at + timedelta(days=days), now)
