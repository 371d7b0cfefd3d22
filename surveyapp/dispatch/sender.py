"""The sender: deliver due outbox messages over SMTP, one commit per message."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app

from surveyapp.core.db import db, utcnow
from surveyapp.dispatch import claims, outbox
from surveyapp.dispatch.ratelimit import rate_limiter
from surveyapp.dispatch.transport import (
    PassFailure,
    PermanentFailure,
    SmtpSettings,
    SmtpSetupError,
    SmtpTransport,
    TemporaryFailure,
)

#: Messages leased per claim: small enough to finish well inside the lease, large enough
#: that claiming costs little per message.
CLAIM_SIZE = 100


@dataclass
class SendReport:
    """What one call of send_due did."""

    smtp_configured: bool = True
    sent: int = 0
    retried: int = 0
    failed: int = 0
    bounced: int = 0
    cancelled: int = 0
    lost_leases: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.bounced + self.cancelled


def send_due(
    now: datetime | None = None, limit: int = 200, stop: Callable[[], bool] | None = None
) -> SendReport:
    """Send up to ``limit`` due messages. ``now`` fixes the clock (tests, backfills);
    ``stop`` is asked between messages (a worker shutting down). Run it outside requests."""
    settings = SmtpSettings.from_config(current_app.config)
    if settings is None:
        return SendReport(smtp_configured=False)
    sender = _Sender(settings, now, stop or (lambda: False))
    try:
        with _one_connection() as connection, SmtpTransport(settings) as transport:
            if connection is not None:
                sender.mark_sent = outbox.DriverMarks(connection)
            while sender.report.handled < limit and not sender.stopped:
                size = min(CLAIM_SIZE, limit - sender.report.handled)
                claim = claims.claim_due(sender.now(), size, sender.lease_seconds)
                sender.report.cancelled += claim.cancelled
                if not claim.messages and not claim.cancelled:
                    break
                sender.deliver(claim, transport)
    finally:
        db.session.expire_all()  # the ORM copies of what changed are stale now
    return sender.report


@contextmanager
def _one_connection() -> Iterator[sa.Connection | None]:
    """Keep one database connection for the whole pass. The sender commits per message, and
    the session hands its connection back to the pool at each commit: taking it out again
    costs a pool checkout (and, after an idle spell, a ping round trip) per message."""
    session = db.session()
    engine = session.bind
    if not isinstance(engine, sa.Engine) or session.in_transaction():
        yield None  # already on one connection (tests), or inside someone else's transaction
        return
    with engine.connect() as connection:
        session.bind = connection
        try:
            yield connection
        finally:
            session.rollback()  # after an error: end our transaction before the swap back
            session.bind = engine


class _Sender:
    """One pass: the report, the clock, the rate limit, and when to stop."""

    def __init__(
        self, settings: SmtpSettings, now: datetime | None, stop: Callable[[], bool]
    ) -> None:
        config = current_app.config
        self.report = SendReport()
        self.fixed_now = now
        self.lease_seconds = float(config["OUTBOX_LEASE_SECONDS"])
        self.worst_send = settings.worst_send_seconds
        if self.lease_seconds < 2 * self.worst_send:
            raise SmtpSetupError(
                "SURVEYAPP_OUTBOX_LEASE_SECONDS must be at least 10 × SURVEYAPP_SMTP_TIMEOUT, "
                "so that a claimed message is always sent well before its lease ends"
            )
        self.policy = outbox.RetryPolicy.from_config(config)
        self.limiter = rate_limiter(int(config["SMTP_RATE_PER_MINUTE"]))
        self.stop = stop
        self.stopped = False
        #: Addresses refused for good during this pass; their other claimed mail is dropped.
        self.bounced: set[str] = set()
        #: The message the server accepted last, until it is committed as sent.
        self.accepted: Any = None
        #: How deliveries are recorded: through the driver on a connection of our own.
        self.mark_sent: Callable[[Any, datetime, datetime], bool] = outbox.mark_sent

    def now(self) -> datetime:
        return self.fixed_now or utcnow()

    def deliver(self, claim: claims.Claim, transport: SmtpTransport) -> None:
        """Send the claimed messages in order; hand back those not tried."""
        # Never start a send that could still run when the lease ends: another sender may
        # then claim the message.
        deadline = time.monotonic() + self.lease_seconds - self.worst_send
        unsent = deque(claim.messages)
        try:
            while unsent and not self.stopped and time.monotonic() < deadline:
                self.limiter.wait()
                if self.stop():
                    self.stopped = True
                    break
                self._send_one(unsent.popleft(), claim, transport)
        finally:
            self._record(claim)
            if unsent:
                db.session.rollback()
                outbox.release(list(unsent), claim.lease_until)

    def _send_one(self, message: Any, claim: claims.Claim, transport: SmtpTransport) -> None:
        if message.to_address in self.bounced:
            self._record(claim)
            outbox.cancel(message, claim.lease_until, "address bounced")
            self.report.cancelled += 1
            return
        failure = _attempt(transport.start, message)
        self._record(claim)  # the previous message, while the server reads MAIL FROM
        if failure is None:
            failure = _attempt(transport.complete)
        if failure is None:
            self.accepted = message
        else:
            self._failed(message, claim, failure)

    def _record(self, claim: claims.Claim) -> None:
        """Commit the message the server accepted last as sent (before the next is accepted:
        a crash can then repeat one message at most)."""
        accepted, self.accepted = self.accepted, None
        if accepted is None:
            return
        if not self.mark_sent(accepted, claim.lease_until, self.now()):
            self.report.lost_leases += 1
            current_app.logger.warning("lease of %s lost while sending", accepted.message_id)
        self.report.sent += 1

    def _failed(self, message: Any, claim: claims.Claim, failure: Exception) -> None:
        if isinstance(failure, PermanentFailure):
            self.bounced.add(message.to_address)
            self.report.bounced += 1
            self.report.cancelled += outbox.bounce(
                message, claim.lease_until, self.now(), str(failure)
            )
            return
        status = outbox.retry_later(
            message, claim.lease_until, self.now(), str(failure), self.policy
        )
        self.report.failed += status == "failed"
        self.report.retried += status == "pending"
        if isinstance(failure, PassFailure):
            self.report.errors.append(str(failure))
            self.stopped = True  # the server or our setup is at fault, not this message


def _attempt(step: Callable[..., None], *args: Any) -> Exception | None:
    try:
        step(*args)
    except (TemporaryFailure, PermanentFailure) as failure:
        return failure
    return None
