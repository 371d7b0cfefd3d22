"""Store a batch of `track` calls in a few statements, not a few per call.

A batch of 100 events would otherwise cost about 800 round trips (contact, account, event and
milestone lookups each); here it is about six, whatever the batch size.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from surveyapp.accounts.models import Account, Contact
from surveyapp.core.db import db, dialect_insert, utcnow
from surveyapp.events.milestones import Milestone
from surveyapp.events.models import MilestoneEvent, ProductEvent
from surveyapp.events.payloads import Track


def store_tracks(tracks: list[Track], milestones: list[Milestone]) -> set[str]:
    """The dedupe keys of the events that were new (the others were stored before)."""
    if not tracks:
        return set()
    now = utcnow()
    accounts = _ensure(Account, {t.group_id for t in tracks if t.group_id}, now)
    contacts = _ensure(Contact, {t.user_id for t in tracks if t.user_id}, now)
    account_of = _link_contacts(tracks, contacts, accounts)
    rows = [_event_row(t, contacts, account_of, now) for t in tracks]
    statement = (
        dialect_insert(ProductEvent.__table__)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(ProductEvent.id, ProductEvent.dedupe_key)
    )
    new = {key: event_id for event_id, key in db.session.execute(statement, rows)}
    _mark_milestones([t for t in tracks if t.dedupe_key in new], new, account_of, milestones, now)
    return set(new)


def _ensure(
    model: type[Account] | type[Contact], external_ids: set[str], now: Any
) -> dict[str, tuple[int, int | None]]:
    """external id -> (row id, account id) for every id, creating the missing rows."""
    if not external_ids:
        return {}
    rows = [{"external_id": e, "created_at": now} for e in sorted(external_ids)]
    db.session.execute(dialect_insert(model.__table__).on_conflict_do_nothing(), rows)
    account = model.account_id if model is Contact else sa.null()
    found = db.session.execute(
        sa.select(model.external_id, model.id, account).where(model.external_id.in_(external_ids))
    )
    return {external_id: (row_id, account_id) for external_id, row_id, account_id in found}


def _link_contacts(
    tracks: list[Track],
    contacts: dict[str, tuple[int, int | None]],
    accounts: dict[str, tuple[int, int | None]],
) -> dict[str, int | None]:
    """Each track's account: its group, else its contact's; contacts get their first group."""
    account_of: dict[str, int | None] = {}
    for track in tracks:
        contact = contacts.get(track.user_id) if track.user_id else None
        group = accounts[track.group_id][0] if track.group_id else None
        if contact and contact[1] is None and group is not None:
            db.session.execute(
                sa.update(Contact)
                .where(Contact.id == contact[0], Contact.account_id.is_(None))
                .values(account_id=group)
            )
            contacts[track.user_id] = contact = (contact[0], group)  # type: ignore[index]
        account_of[track.dedupe_key] = (
            group if group is not None else (contact[1] if contact else None)
        )
    return account_of


def _event_row(
    track: Track,
    contacts: dict[str, tuple[int, int | None]],
    account_of: dict[str, int | None],
    now: Any,
) -> dict[str, Any]:
    contact = contacts.get(track.user_id) if track.user_id else None
    return {
        "dedupe_key": track.dedupe_key,
        "account_id": account_of[track.dedupe_key],
        "contact_id": contact[0] if contact else None,
        "user_id": track.user_id,
        "event": track.event,
        "occurred_at": track.occurred_at,
        "received_at": now,
        "properties": track.properties,
    }


def _mark_milestones(
    tracks: list[Track],
    event_ids: dict[str, int],
    account_of: dict[str, int | None],
    milestones: list[Milestone],
    now: Any,
) -> None:
    rows = [
        {
            "account_id": account_of[t.dedupe_key],
            "milestone_key": m.key,
            "occurred_at": t.occurred_at,
            "product_event_id": event_ids[t.dedupe_key],
            "source": "event",
            "recorded_at": now,
        }
        for t in tracks
        if account_of[t.dedupe_key] is not None
        for m in milestones
        if m.matches(t.event, t.properties)
    ]
    if rows:
        statement = dialect_insert(MilestoneEvent.__table__).on_conflict_do_nothing(
            index_elements=["milestone_key", "product_event_id"]
        )
        db.session.execute(statement, rows)
