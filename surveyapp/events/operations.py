"""Take in product calls: upsert accounts and contacts, store events once, mark milestones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app

from surveyapp.accounts.models import Account, Contact
from surveyapp.accounts.operations import ContactError, ensure_account, ensure_contact_for_user
from surveyapp.core.db import db, insert_or_ignore, utcnow
from surveyapp.events.milestones import Milestone
from surveyapp.events.models import MilestoneEvent, ProductEvent
from surveyapp.events.payloads import Call, Group, Identify, RowError, Track, parse_call


@dataclass
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "rejected": self.rejected}


def ingest(raw_calls: Sequence[Any], milestones: Iterable[Milestone]) -> IngestResult:
    """Apply each call in order; a bad call is reported with its index and changes nothing."""
    result = IngestResult()
    milestones = list(milestones)
    now = utcnow()
    for index, raw in enumerate(raw_calls):
        try:
            call = parse_call(raw, now)
            with db.session.begin_nested():  # a call that fails half-way leaves no trace
                stored = _apply(call, milestones)
        except RowError as error:
            result.rejected.append({"index": index, "field": error.field, "reason": error.reason})
            continue
        if stored:
            result.accepted += 1
        else:
            result.duplicates += 1
    return result


def _apply(call: Call, milestones: list[Milestone]) -> bool:
    if isinstance(call, Identify):
        _identify(call)
        return True
    if isinstance(call, Group):
        _group(call)
        return True
    return _track(call, milestones)


def _identify(call: Identify) -> Contact:
    traits = call.traits
    try:
        contact = ensure_contact_for_user(call.user_id, traits.get("email"))
    except ContactError as error:
        raise RowError("traits.email", str(error)) from None
    if traits.get("name"):
        contact.name = traits["name"][:200]
    if traits.get("locale"):
        contact.locale = _supported_locale(traits["locale"])
    if traits.get("timezone"):
        contact.timezone = traits["timezone"]
    if call.group_id:
        contact.account = ensure_account(call.group_id)
    return contact


def _group(call: Group) -> Account:
    account = ensure_account(call.group_id)
    traits = call.traits
    for name in ("name", "segment", "plan", "csm_owner"):
        if traits.get(name):
            setattr(account, name, traits[name][:200] if name != "segment" else traits[name][:64])
    if traits.get("start_at"):
        account.start_at = traits["start_at"]
    if call.user_id:
        ensure_contact_for_user(call.user_id).account = account
    return account


def _track(call: Track, milestones: list[Milestone]) -> bool:
    contact = ensure_contact_for_user(call.user_id) if call.user_id else None
    account = ensure_account(call.group_id) if call.group_id else None
    if account is None and contact is not None:
        account = contact.account
    elif account is not None and contact is not None and contact.account_id is None:
        contact.account = account
    db.session.flush()
    inserted = insert_or_ignore(
        ProductEvent.__table__,
        {
            "dedupe_key": call.dedupe_key,
            "account_id": account.id if account else None,
            "contact_id": contact.id if contact else None,
            "user_id": call.user_id,
            "event": call.event,
            "occurred_at": call.occurred_at,
            "received_at": utcnow(),
            "properties": call.properties,
        },
        ["dedupe_key"],
    )
    if inserted and account is not None:
        _mark_milestones(call, account, milestones)
    return inserted


def _mark_milestones(call: Track, account: Account, milestones: list[Milestone]) -> None:
    reached = [m.key for m in milestones if m.matches(call.event, call.properties)]
    if not reached:
        return
    event_id = db.session.scalar(sa.select(ProductEvent.id).filter_by(dedupe_key=call.dedupe_key))
    for key in reached:
        insert_or_ignore(
            MilestoneEvent.__table__,
            {
                "account_id": account.id,
                "milestone_key": key,
                "occurred_at": call.occurred_at,
                "product_event_id": event_id,
                "source": "event",
                "recorded_at": utcnow(),
            },
            ["milestone_key", "product_event_id"],
        )


def _supported_locale(locale: str) -> str | None:
    language = locale.replace("-", "_").split("_")[0].lower()
    return language if language in current_app.config["LOCALES"] else None
