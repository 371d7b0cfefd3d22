"""Queue the weekly digests in the durable outbox, once per owner and ISO week.

Each digest's Message-ID is derived from the week and the owner's address, and the outbox
keeps Message-IDs unique: a second run in the same week (a retry, a second beat, the
command by hand) inserts nothing, even when two runs race.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from surveyapp.core.db import db, insert_or_ignore
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.insights.digest import OwnerDigest, Week, plan_digests
from surveyapp.insights.digest_email import render_digest

KIND = "digest"


@dataclass
class DigestRun:
    week: Week
    #: Addresses whose digest was queued by this run (or would be, in a dry run).
    queued: list[str] = field(default_factory=list)
    #: Addresses whose digest for this week was already in the outbox.
    already: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    unowned: int = 0


def queue_digests(now: datetime, week: Week | None = None, *, dry_run: bool = False) -> DigestRun:
    """Queue this week's digest for every CS owner with red or yellow accounts (flush, no
    commit); owners with nothing at risk get none."""
    plan = plan_digests(now)
    run = DigestRun(week or Week.of(now), unreachable=plan.unreachable, unowned=plan.unowned)
    for digest in plan.digests:
        message_id = digest_message_id(run.week, digest.address)
        done = _queued_before(message_id)  # skips rendering what a run already queued
        if not done and not dry_run:
            row = _message(digest, run.week, message_id, now)
            done = not insert_or_ignore(OutboxMessage.__table__, row, ["message_id"])
        (run.already if done else run.queued).append(digest.address)
    db.session.flush()
    return run


def digest_message_id(week: Week, address: str) -> str:
    """The same for one owner all week long: the key that makes the digest weekly."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<digest-{week.label}-{digest}@{host}>"


def _queued_before(message_id: str) -> bool:
    query = sa.select(OutboxMessage.id).where(OutboxMessage.message_id == message_id)
    return db.session.scalar(query) is not None


def _message(digest: OwnerDigest, week: Week, message_id: str, now: datetime) -> dict[str, object]:
    email = render_digest(digest, week, now)
    return {
        "kind": KIND,
        "invitation_id": None,
        "contact_id": None,
        "to_address": digest.address,
        "subject": email.subject[:500],
        "body_text": email.text,
        "body_html": email.html,
        "headers": {"Content-Language": email.locale, "Auto-Submitted": "auto-generated"},
        "message_id": message_id,
        "not_before": now,
        "status": "pending",
        "attempts": 0,
        "created_at": now,
    }
