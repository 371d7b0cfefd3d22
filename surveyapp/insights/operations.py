"""Refresh what the CS pages read: per-account facts, themes and the cached overviews."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

import pandas as pd
import sqlalchemy as sa

from surveyapp.accounts.models import Contact
from surveyapp.core.db import db, upsert, utcnow
from surveyapp.insights.facts import account_facts, records, time_to_value
from surveyapp.insights.frames import ValueFrames, load_frames
from surveyapp.insights.models import AccountInsight, InsightSnapshot
from surveyapp.insights.overview import overview_payload
from surveyapp.insights.queries import current_choices
from surveyapp.insights.scopes import Scope, scope_key, standard_scopes
from surveyapp.insights.themes import Themes, find_themes
from surveyapp.invitations.models import Invitation

#: Rows per INSERT when rewriting the per-account facts.
CHUNK = 5000
#: The PostgreSQL advisory lock a refresh holds for its transaction (any constant will do).
REFRESH_LOCK_KEY = 0x4656_5246  # "FVRF"


class RefreshRunning(RuntimeError):
    """Another refresh is under way (and ``wait=False`` was asked)."""


@dataclass(frozen=True)
class RefreshResult:
    accounts: int
    themes: int
    scopes: int
    seconds: float


def refresh_insights(
    now: datetime | None = None, *, quick: bool = False, wait: bool = True
) -> RefreshResult:
    """Recompute facts for every account, the themes, and the overview of all accounts, of
    each segment, plan and cohort, and of every selection asked for before.

    ``quick`` keeps the themes of the last full refresh (clustering is the slow step: about
    two minutes for 100,000 answers), so health and first value can be refreshed often.
    One refresh runs at a time: another waits for it to commit, or with ``wait=False``
    raises :class:`RefreshRunning` at once.
    """
    _one_at_a_time(wait)
    started, now = time.monotonic(), now or utcnow()
    frames = load_frames(now)
    themes = (stored_themes() if quick else None) or find_themes(frames.accounts)
    write_account_facts(frames, themes, now)
    table = time_to_value(frames, now)
    known = db.session.scalars(sa.select(InsightSnapshot.scope)).all()
    scopes = {scope_key(s): s for s in standard_scopes(frames.accounts)}
    scopes |= {key: dict(parse_qsl(key)) for key in known if key not in scopes}
    for scope in scopes.values():
        _compute(frames, table, themes, scope, now)
    return RefreshResult(len(frames.accounts), len(themes.catalog), len(scopes), _since(started))


def _one_at_a_time(wait: bool) -> None:
    # Two refreshes at once (beat firing while a long one runs, the CLI beside a worker)
    # would each delete and rewrite the facts, and the later one fail on the rows the other
    # committed. On SQLite, jobs take the write lock when they begin, which serialises them.
    if db.session.get_bind().dialect.name != "postgresql":
        return
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    taken = db.session.scalar(sa.select(getattr(sa.func, function)(REFRESH_LOCK_KEY)))
    if taken is False:
        raise RefreshRunning("another refresh of the CS pages' analysis is running")


def compute_scope(scope: Scope, now: datetime | None = None) -> dict[str, Any]:
    """One selection's overview (reads only), with the themes of the last full refresh."""
    now = now or utcnow()
    frames = load_frames(now)
    themes = stored_themes() or Themes(pd.Series(dtype=float))
    return overview_payload(frames, time_to_value(frames, now), themes, scope)


def save_overview(scope: Scope, payload: dict[str, Any], now: datetime, seconds: float) -> None:
    row = {"scope": scope_key(scope), "computed_at": now, "seconds": seconds, "payload": payload}
    upsert(InsightSnapshot.__table__, [row], ["scope"], ["computed_at", "seconds", "payload"])


def write_account_facts(frames: ValueFrames, themes: Themes, now: datetime) -> int:
    """Rewrite AccountInsight for every account, in one transaction."""
    facts = account_facts(frames, now)
    facts["expectation_theme"] = facts["account_id"].map(themes.labels).astype("Int64")
    facts["last_invitation_id"] = facts["account_id"].map(_last_invitations()).astype("Int64")
    facts["refreshed_at"] = now
    db.session.execute(sa.delete(AccountInsight))
    rows = records(facts)
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(AccountInsight), rows[start : start + CHUNK])
    return len(rows)


def stored_themes() -> Themes | None:
    """The themes of the last full refresh (its catalog is kept with the all-accounts view)."""
    everyone = db.session.scalar(sa.select(InsightSnapshot).filter_by(scope=""))
    if everyone is None:
        return None
    labels = dict(
        db.session.execute(
            sa.select(AccountInsight.account_id, AccountInsight.expectation_theme).where(
                AccountInsight.expectation_theme.is_not(None)
            )
        ).all()
    )
    catalog = {int(k): v for k, v in everyone.payload.get("theme_catalog", {}).items()}
    return Themes(pd.Series(labels, dtype=float), catalog)


def _last_invitations() -> pd.Series:
    rows = db.session.execute(
        sa.select(Contact.account_id, sa.func.max(Invitation.id))
        .join(Contact, Invitation.contact_id == Contact.id)
        .where(Contact.account_id.is_not(None))
        .group_by(Contact.account_id)
    ).all()
    return pd.Series(dict(rows), dtype=float)


def _compute(
    frames: ValueFrames, table: pd.DataFrame, themes: Themes, scope: Scope, now: datetime
) -> None:
    started = time.monotonic()
    payload = overview_payload(frames, table, themes, scope)
    if not scope_key(scope):  # the all-accounts view also keeps what the pages share
        payload["theme_catalog"] = {str(k): v for k, v in themes.catalog.items()}
        payload["choices"] = current_choices()
    save_overview(scope, payload, now, _since(started))


def _since(started: float) -> float:
    return time.monotonic() - started
