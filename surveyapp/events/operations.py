"""Take in product calls: upsert accounts and contacts, store events once, mark milestones."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from surveyapp.accounts.models import Account, Contact
from surveyapp.accounts.operations import ContactError, ensure_account, ensure_contact_for_user
from surveyapp.core.db import db, utcnow
from surveyapp.events.milestones import Milestone
from surveyapp.events.payloads import Group, Identify, RowError, Track, parse_call
from surveyapp.events.tracks import known_before_writing, store_tracks


@dataclass
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "rejected": self.rejected}


def ingest(
    raw_calls: Sequence[Any],
    milestones: Iterable[Milestone],
    writing: Callable[[], None] | None = None,
) -> IngestResult:
    """Apply a batch: who is who first (identify, group, in order), then the events.

    A bad call is reported with its index and changes nothing; the good ones are kept.
    ``writing`` (a request's start_writing) is called once all that can be done before
    writing is done: the calls checked and, for a batch of events alone, the accounts and
    contacts they name looked up, so that SQLite's write lock is held for the writes only.
    """
    result = IngestResult()
    now = utcnow()
    tracks: list[tuple[int, Track]] = []
    others: list[tuple[int, Identify | Group]] = []
    for index, raw in enumerate(raw_calls):
        try:
            call = parse_call(raw, now)
        except RowError as error:
            result.rejected.append({"index": index, "field": error.field, "reason": error.reason})
            continue
        (tracks if isinstance(call, Track) else others).append((index, call))  # type: ignore[arg-type]
    # Looked up ahead only when the batch changes nobody: else it could change what is read.
    ahead = known_before_writing([call for _, call in tracks]) if not others else None
    if writing is not None:
        writing()
    for index, call in others:
        try:
            with db.session.begin_nested():  # a call that fails half-way leaves no trace
                _identify(call) if isinstance(call, Identify) else _group(call)
            result.accepted += 1
        except RowError as error:
            result.rejected.append({"index": index, "field": error.field, "reason": error.reason})
    new = store_tracks([call for _, call in tracks], list(milestones), ahead)
    for _, call in tracks:
        if call.dedupe_key in new:
            result.accepted += 1
            new.discard(call.dedupe_key)  # the same event twice in one batch counts once
        else:
            result.duplicates += 1
    result.rejected.sort(key=lambda problem: problem["index"])
    return result


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


def _supported_locale(locale: str) -> str | None:
    language = locale.replace("-", "_").split("_")[0].lower()
    return language if language in current_app.config["LOCALES"] else None
