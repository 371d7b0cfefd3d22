"""Settling claimed outbox messages: sent, retry later, bounced, cancelled, handed back.

Every function commits: each outcome must be on record before the server accepts the next
message, so that a crash loses nothing acknowledged and repeats at most the one message in
flight. Each changes a message only while this sender's lease on it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from surveyapp.accounts.models import Contact
from surveyapp.core.db import UTCDateTime, db
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.invitations.models import Invitation

_outbox = OutboxMessage.__table__
_invitations = Invitation.__table__
_contacts = Contact.__table__


def mark_sent(message: Any, lease_until: datetime, now: datetime) -> bool:
    """Record the delivery (and on the invitation); False if the lease was lost meanwhile."""
    # The busiest statements: built once, so each message costs cached executions only.
    connection = db.session.connection()
    keys = {"message": message.id, "lease": lease_until, "now": now}
    if connection.dialect.name == "postgresql":
        marked = connection.execute(pg_sent(message.kind), keys).scalar_one() > 0
    else:
        marked = connection.execute(MARK_SENT, keys).rowcount > 0
        counted = COUNTED.get(message.kind)
        if marked and counted is not None and message.invitation_id is not None:
            connection.execute(counted, {"invitation": message.invitation_id, "now": now})
    db.session.commit()
    return marked


class DriverMarks:
    """:func:`mark_sent` for a sender with a database connection of its own, through the
    driver: the same statements, a quarter of the cost per message (the session and the
    engine's execution machinery cost three times the statements themselves).

    Only between the session's transactions (the sender commits every other change), so
    that it never commits someone else's work.
    """

    def __init__(self, connection: sa.Connection) -> None:
        dialect = connection.dialect
        self.driver = connection.connection.dbapi_connection
        self.postgresql = dialect.name == "postgresql"
        if self.postgresql:  # in the driver's parameter style
            self.sql = {
                kind: str(sql.compile(dialect=dialect))
                for kind, sql in {**PG_SENT, None: PG_SENT_ONLY}.items()
            }
        else:  # SQLite's driver takes the :name parameters as they are
            self.sql = {kind: sql.text for kind, sql in {"mark": MARK_SENT, **COUNTED}.items()}
        # As the session would bind them (SQLite keeps them as text: the same text, so that
        # the lease compares equal).
        bind_time = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
        self.time = bind_time or (lambda value: value)

    def __call__(self, message: Any, lease_until: datetime, now: datetime) -> bool:
        if db.session().in_transaction():
            return mark_sent(message, lease_until, now)
        keys = {"message": message.id, "lease": self.time(lease_until), "now": self.time(now)}
        cursor = self.driver.cursor()
        try:
            if self.postgresql:  # one statement, its own transaction: a single round trip
                self.driver.autocommit = True
                try:
                    cursor.execute(self.sql.get(message.kind, self.sql[None]), keys)
                    marked = bool(cursor.fetchone()[0])
                finally:
                    self.driver.autocommit = False
            else:
                # As every transaction outside a request begins (core/db.py): writers queue
                # on the writer lock first when the connection has one.
                begin = getattr(self.driver, "begin_writing", None)
                if begin is not None:
                    begin()
                else:
                    cursor.execute("BEGIN IMMEDIATE")
                cursor.execute(self.sql["mark"], keys)
                marked = cursor.rowcount > 0
                if marked and message.kind in COUNTED and message.invitation_id is not None:
                    keys["invitation"] = message.invitation_id
                    cursor.execute(self.sql[message.kind], keys)
                self.driver.commit()
        except BaseException:
            self.driver.rollback()
            raise
        finally:
            cursor.close()
        return marked


#: Statements in plain SQL with named parameters, so that the driver runs them as they are
#: (DriverMarks) as well as the session.
MARK_SENT = sa.text(
    """
    UPDATE outbox_messages
    SET status = 'sent', sent_at = :now, lease_until = NULL, last_error = NULL
    WHERE id = :message AND status = 'sending' AND lease_until = :lease
    """
).bindparams(
    sa.bindparam("now", type_=UTCDateTime),
    sa.bindparam("lease", type_=UTCDateTime),
    sa.bindparam("message", type_=sa.Integer),
)
COUNTED = {
    "invitation": sa.text(
        "UPDATE invitations SET sent_at = :now WHERE id = :invitation AND sent_at IS NULL"
    ).bindparams(sa.bindparam("now", type_=UTCDateTime)),
    "reminder": sa.text(
        "UPDATE invitations SET reminders_sent = reminders_sent + 1 WHERE id = :invitation"
    ),
}


def _pg_mark_sent(count_on_invitation: str | None) -> sa.TextClause:
    """MARK_SENT and the invitation's count (if any) in one round trip, committed without
    waiting for the flush to disk (synchronous_commit off for this transaction only).

    That is safe: once COMMIT returns, the server has the change and writes it within a
    fraction of a second whatever happens to this process. Only a crash of the database
    server itself in that instant could forget it, and a forgotten "sent" sends the message
    once more after its lease ends: a duplicate, never a loss. (SQLite in WAL mode with
    synchronous=NORMAL, surveyapp/core/db.py, makes the same bargain.)
    """
    counted = (
        f""",
        counted AS (
            UPDATE invitations SET {count_on_invitation}
            FROM sent WHERE invitations.id = sent.invitation_id
        )"""
        if count_on_invitation
        else ""
    )
    return sa.text(
        f"""
        WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true)),
        sent AS (
            UPDATE outbox_messages
            SET status = 'sent', sent_at = :now, lease_until = NULL, last_error = NULL
            WHERE id = :message AND status = 'sending' AND lease_until = :lease
            RETURNING invitation_id
        ){counted}
        SELECT count(*) FROM sent, async_commit
        """
    ).bindparams(
        sa.bindparam("now", type_=UTCDateTime),
        sa.bindparam("lease", type_=UTCDateTime),
        sa.bindparam("message", type_=sa.Integer),
    )


PG_SENT = {
    "invitation": _pg_mark_sent("sent_at = COALESCE(invitations.sent_at, :now)"),
    "reminder": _pg_mark_sent("reminders_sent = invitations.reminders_sent + 1"),
}
#: Messages that count on no invitation (the weekly digest).
PG_SENT_ONLY = _pg_mark_sent(None)


def pg_sent(kind: str) -> sa.TextClause:
    return PG_SENT.get(kind, PG_SENT_ONLY)


def retry_later(
    message: Any, lease_until: datetime, now: datetime, error: str, policy: RetryPolicy
) -> str:
    """Count a failed attempt; back to pending after a growing pause, or failed for good."""
    attempts = message.attempts + 1
    status = "failed" if attempts >= policy.max_attempts else "pending"
    settle(
        message.id,
        lease_until,
        status=status,
        attempts=attempts,
        not_before=now + policy.pause(attempts),
        last_error=error[:2000],
    )
    db.session.commit()
    return status


def bounce(message: Any, lease_until: datetime, now: datetime, error: str) -> int:
    """The address is refused for good: mark it bounced and cancel the rest of its mail."""
    settle(message.id, lease_until, status="bounced", last_error=error[:2000])
    cancelled = 0
    if message.contact_id is not None:
        db.session.execute(
            sa.update(_contacts)
            .where(_contacts.c.id == message.contact_id, _contacts.c.bounced_at.is_(None))
            .values(bounced_at=now)
        )
        cancelled = _cancel_pending_to(message.contact_id, "address bounced")
    db.session.commit()
    return cancelled


def cancel(message: Any, lease_until: datetime, reason: str) -> None:
    """Drop a claimed message that must not go out after all."""
    settle(message.id, lease_until, status="cancelled", last_error=reason)
    db.session.commit()


def release(messages: list[Any], lease_until: datetime) -> None:
    """Hand back claimed messages this sender will not send now, untouched otherwise."""
    for message in messages:
        settle(message.id, lease_until, status="pending")
    db.session.commit()


def settle(message_id: int, lease_until: datetime, **values: object) -> bool:
    """Change a claimed message, only while our lease holds (no commit): a sender that
    overran its lease must not undo another's work."""
    result = db.session.execute(
        sa.update(_outbox)
        .where(
            _outbox.c.id == message_id,
            _outbox.c.status == "sending",
            _outbox.c.lease_until == lease_until,
        )
        .values(lease_until=None, **values)
    )
    return bool(result.rowcount)


def _cancel_pending_to(contact_id: int, reason: str) -> int:
    result = db.session.execute(
        sa.update(_outbox)
        .where(_outbox.c.contact_id == contact_id, _outbox.c.status == "pending")
        .values(status="cancelled", last_error=reason)
    )
    return int(result.rowcount or 0)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: ``base × 2^(n-1)`` seconds after the n-th failure, capped."""

    max_attempts: int
    base_seconds: float
    max_seconds: float

    @classmethod
    def from_config(cls, config: Any) -> RetryPolicy:
        return cls(
            max_attempts=int(config["SMTP_MAX_ATTEMPTS"]),
            base_seconds=float(config["SMTP_RETRY_BASE_SECONDS"]),
            max_seconds=float(config["SMTP_RETRY_MAX_SECONDS"]),
        )

    def pause(self, attempts: int) -> timedelta:
        seconds = self.base_seconds * 2 ** min(max(attempts - 1, 0), 32)
        return timedelta(seconds=min(seconds, self.max_seconds))
