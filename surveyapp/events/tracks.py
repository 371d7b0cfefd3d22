"""Store a batch of `track` calls in a few statements, not a few per call.

A batch of 100 events would otherwise cost about 800 round trips (contact, account, event and
milestone lookups each); here it is about six, whatever the batch size.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB

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
    groups = {t.group_id for t in tracks if t.group_id}
    users = {t.user_id for t in tracks if t.user_id}
    accounts, contacts = _known(groups, users)
    accounts.update(_create(Account, groups - accounts.keys(), now))
    contacts.update(_create(Contact, users - contacts.keys(), now))
    account_of = _link_contacts(tracks, contacts, accounts)
    rows = [_event_row(t, contacts, account_of, now) for t in tracks]
    if db.session.get_bind().dialect.name == "postgresql":
        stored = db.session.execute(PG_STORE_EVENTS, _as_document(rows, now))
    else:
        stored = db.session.execute(_statements("sqlite").store_events, rows)
    new = {key: event_id for event_id, key in stored}
    _mark_milestones([t for t in tracks if t.dedupe_key in new], new, account_of, milestones, now)
    return set(new)


Found = dict[str, tuple[int, int | None]]


def _known(groups: set[str], users: set[str]) -> tuple[Found, Found]:
    """The accounts and the contacts that exist already: external id -> (row id, account
    id), in one query (most of a batch's ids were seen before)."""
    found: dict[str, Found] = {"account": {}, "contact": {}}
    accounts = sa.select(sa.literal("account"), Account.external_id, Account.id, sa.null())
    contacts = sa.select(sa.literal("contact"), Contact.external_id, Contact.id, Contact.account_id)
    query = sa.union_all(
        accounts.where(_among(Account.external_id, "groups")),
        contacts.where(_among(Contact.external_id, "users")),
    )
    for kind, external_id, row_id, account_id in db.session.execute(
        query, {"groups": _ids(groups), "users": _ids(users)}
    ):
        found[kind][external_id] = (row_id, account_id)
    return found["account"], found["contact"]


def _create(model: type[Account] | type[Contact], external_ids: set[str], now: Any) -> Found:
    """Create the rows missing (race-free: another request may create them meanwhile)."""
    if not external_ids:
        return {}
    rows = [{"external_id": e, "created_at": now} for e in sorted(external_ids)]
    db.session.execute(dialect_insert(model.__table__).on_conflict_do_nothing(), rows)
    account = model.account_id if model is Contact else sa.null()
    query = sa.select(model.external_id, model.id, account).where(_among(model.external_id, "ids"))
    found = db.session.execute(query, {"ids": _ids(external_ids)})
    return {external_id: (row_id, account_id) for external_id, row_id, account_id in found}


def _among(column: Any, name: str) -> Any:
    if db.session.get_bind().dialect.name == "postgresql":
        # One JSON parameter, as for PG_STORE_EVENTS below.
        ids = sa.func.jsonb_array_elements_text(sa.cast(sa.bindparam(name), JSONB))
        return column.in_(sa.select(ids.column_valued()))
    return column.in_(sa.bindparam(name, expanding=True))


def _ids(external_ids: set[str]) -> Any:
    if db.session.get_bind().dialect.name == "postgresql":
        return json.dumps(sorted(external_ids), ensure_ascii=False)
    return sorted(external_ids)


def _link_contacts(
    tracks: list[Track],
    contacts: Found,
    accounts: Found,
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
    contacts: Found,
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


#: The events of a batch as one JSON document: a short query the driver parses once (a VALUES
#: list of a hundred rows is parsed afresh for each batch) and one parameter to send (arrays
#: are escaped element by element).
PG_STORE_EVENTS = sa.text(
    """
    INSERT INTO product_events
        (dedupe_key, account_id, contact_id, user_id, event, occurred_at, received_at, properties)
    SELECT dedupe_key, account_id, contact_id, user_id, event, occurred_at, :received_at,
        properties
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS batch(
        dedupe_key text, account_id integer, contact_id integer, user_id text, event text,
        occurred_at timestamptz, properties jsonb
    )
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, dedupe_key
    """
)


def _as_document(rows: list[dict[str, Any]], now: Any) -> dict[str, Any]:
    document = [
        {**row, "occurred_at": row["occurred_at"].isoformat(), "received_at": None} for row in rows
    ]
    return {"received_at": now, "rows": json.dumps(document, ensure_ascii=False)}


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
        db.session.execute(_statements(db.session.get_bind().dialect.name).mark_milestones, rows)


@dataclass(frozen=True)
class _Statements:
    store_events: Any
    mark_milestones: Any


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Statements:
    """Built once per database kind: building ON CONFLICT statements costs more per batch
    than running them."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return _Statements(
        store_events=insert(ProductEvent.__table__)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(ProductEvent.id, ProductEvent.dedupe_key),
        mark_milestones=insert(MilestoneEvent.__table__).on_conflict_do_nothing(
            index_elements=["milestone_key", "product_event_id"]
        ),
    )
