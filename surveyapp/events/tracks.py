"""Store a batch of `track` calls in a few statements, not a few per call.

A batch of 100 events would otherwise cost about 800 round trips (contact, account, event and
milestone lookups each); here it is about six, whatever the batch size.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from surveyapp.accounts.models import Account, Contact
from surveyapp.core.bulk import insert_rows
from surveyapp.core.db import db, dialect_insert, utcnow
from surveyapp.core.driver import Prepared, among
from surveyapp.events.milestones import Milestone
from surveyapp.events.models import MilestoneEvent, ProductEvent
from surveyapp.events.payloads import Track


def store_tracks(
    tracks: list[Track], milestones: list[Milestone], known: Known | None = None
) -> set[str]:
    """The dedupe keys of the events that were new (the others were stored before).
    ``known``: the accounts and contacts of the tracks looked up already (see
    :func:`known_before_writing`), else they are looked up here."""
    if not tracks:
        return set()
    now = utcnow()
    groups = {t.group_id for t in tracks if t.group_id}
    users = {t.user_id for t in tracks if t.user_id}
    accounts, contacts = known or _known(groups, users, in_session=True)
    accounts.update(_create(Account, groups - accounts.keys(), now))
    contacts.update(_create(Contact, users - contacts.keys(), now))
    account_of = _link_contacts(tracks, contacts, accounts)
    rows = [_event_row(t, contacts, account_of, now) for t in tracks]
    stored = insert_rows(
        ProductEvent.__table__, rows, conflict=["dedupe_key"], returning=["id", "dedupe_key"]
    )
    new = {key: event_id for event_id, key in stored}
    _mark_milestones([t for t in tracks if t.dedupe_key in new], new, account_of, milestones, now)
    return set(new)


Found = dict[str, tuple[int, int | None]]
Known = tuple[Found, Found]


def known_before_writing(tracks: list[Track]) -> Known | None:
    """The accounts and contacts ``tracks`` name, read before the request writes (outside
    its transaction): as if the batch had come just before whatever is committed meanwhile.
    What is missing then is created, race-free, when storing."""
    if not tracks:
        return None
    groups = {t.group_id for t in tracks if t.group_id}
    users = {t.user_id for t in tracks if t.user_id}
    return _known(groups, users, in_session=False)


def _known(groups: set[str], users: set[str], *, in_session: bool) -> Known:
    """The accounts and the contacts that exist already: external id -> (row id, account
    id), in one query (most of a batch's ids were seen before)."""
    found: dict[str, Found] = {"account": {}, "contact": {}}
    params = {"groups": _ids(groups), "users": _ids(users)}
    for kind, external_id, row_id, account_id in KNOWN.rows(params, in_session=in_session):
        found[kind][external_id] = (row_id, account_id)
    return found["account"], found["contact"]


def _known_query(dialect: str) -> Any:
    accounts = sa.select(sa.literal("account"), Account.external_id, Account.id, sa.null())
    contacts = sa.select(sa.literal("contact"), Contact.external_id, Contact.id, Contact.account_id)
    return sa.union_all(
        accounts.where(among(dialect, Account.external_id, "groups")),
        contacts.where(among(dialect, Contact.external_id, "users")),
    )


#: Run on the driver (core.driver.Prepared): the engine's handling cost more than the query.
KNOWN = Prepared(_known_query)


def _create(model: type[Account] | type[Contact], external_ids: set[str], now: Any) -> Found:
    """Create the rows missing (race-free: another request may create them meanwhile)."""
    if not external_ids:
        return {}
    rows = [{"external_id": e, "created_at": now} for e in sorted(external_ids)]
    db.session.execute(dialect_insert(model.__table__).on_conflict_do_nothing(), rows)
    account = model.account_id if model is Contact else sa.null()
    dialect = db.session.get_bind().dialect.name
    query = sa.select(model.external_id, model.id, account).where(
        among(dialect, model.external_id, "ids")
    )
    found = db.session.execute(query, {"ids": _ids(external_ids)})
    return {external_id: (row_id, account_id) for external_id, row_id, account_id in found}


def _ids(external_ids: set[str]) -> str:
    return json.dumps(sorted(external_ids), ensure_ascii=False)


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


def _mark_milestones(
    tracks: list[Track],
    event_ids: dict[str, int],
    account_of: dict[str, int | None],
    milestones: list[Milestone],
    now: Any,
) -> None:
    by_event: dict[str, list[Milestone]] = {}  # only these can match an event of that name
    for milestone in milestones:
        for name in {rule["event"] for rule in milestone.when}:
            by_event.setdefault(name, []).append(milestone)
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
        for m in by_event.get(t.event, ())
        if m.matches(t.event, t.properties)
    ]
    insert_rows(MilestoneEvent.__table__, rows, conflict=["milestone_key", "product_event_id"])
