"""SMTP delivery: settings from config, one reused connection, failures sorted by what to do.

Temporary failures (4xx, timeouts, a dropped connection) are worth retrying later; permanent
ones (5xx for the recipient or the message) are not. Failures that say nothing about the
recipient (the server is unreachable or closing, our login or sender address is refused) end
the pass, so that one outage or misconfiguration does not bounce or burn every message.

A message goes out in two steps: ``start`` sends the envelope without waiting for a reply,
``complete`` does the rest (reads the replies, sends the content and its final dot, after
which the server has accepted the message). The sender commits the previous message as sent
between the two, while the server works, so the commit costs less than a round trip, and no
message is accepted before the one before it is on record.

When the server offers PIPELINING (RFC 2920; every common MTA does), ``start`` sends MAIL,
RCPT and DATA in one write and ``complete`` reads their three replies at once: two round
trips a message instead of four. Otherwise only MAIL goes ahead of its reply.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from surveyapp.dispatch.mime import build_mime

TLS_MODES = ("none", "starttls", "tls")


class SmtpSetupError(ValueError):
    """The SMTP settings cannot work; the message names the setting."""


class TemporaryFailure(Exception):
    """Try this message again later."""


class PassFailure(TemporaryFailure):
    """The server is unreachable or refuses us (not the recipient): retry, and stop this pass."""


class PermanentFailure(Exception):
    """The server refused this recipient or message for good (5xx): do not retry."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    tls: str
    timeout: float
    mail_from: str
    from_name: str
    helo_name: str

    @classmethod
    def from_config(cls, config: Any) -> SmtpSettings | None:
        """The settings, or None when no SMTP server is configured (mail waits in the outbox)."""
        if not config.get("SMTP_HOST"):
            return None
        tls = str(config["SMTP_TLS"]).lower()
        if tls not in TLS_MODES:
            raise SmtpSetupError(f"SURVEYAPP_SMTP_TLS must be one of {', '.join(TLS_MODES)}")
        host = urlsplit(config["BASE_URL"]).hostname or "localhost"
        return cls(
            host=config["SMTP_HOST"],
            port=int(config["SMTP_PORT"]),
            user=config.get("SMTP_USER") or None,
            password=config.get("SMTP_PASSWORD") or None,
            tls=tls,
            timeout=float(config["SMTP_TIMEOUT"]),
            mail_from=config.get("MAIL_FROM") or f"surveys@{host}",
            from_name=str(config["MAIL_FROM_NAME"]),
            helo_name=host,
        )

    @property
    def worst_send_seconds(self) -> float:
        """How long one send may take when the server stalls: each step (connecting, MAIL,
        RCPT, DATA, the content) may wait up to the timeout."""
        return 5 * self.timeout


class SmtpTransport:
    """One connection, opened on the first message and reused until closed or broken."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._message: Any = None
        self._data = b""
        self._pipelined = False

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: Any) -> None:
        """Deliver ``message`` (both steps at once)."""
        self.start(message)
        self.complete()

    def start(self, message: Any) -> None:
        """Render ``message`` and send its envelope; the replies are read by ``complete``."""
        self._message = message
        self._data = build_mime(message, self.settings.from_name, self.settings.mail_from)
        with self._failures_sorted():
            smtp = self._connection()
            size = f" SIZE={len(self._data)}" if smtp.has_extn("size") else ""
            envelope = f"MAIL FROM:<{self.settings.mail_from}>{size}\r\n"
            self._pipelined = smtp.has_extn("pipelining")
            if self._pipelined:  # the address was checked when the row was stored
                envelope += f"RCPT TO:<{message.to_address}>\r\nDATA\r\n"
            smtp.send(envelope)

    def complete(self) -> None:
        """Finish what ``start`` began; raise TemporaryFailure, PassFailure or
        PermanentFailure unless the server accepted the message."""
        message, data, self._message, self._data = self._message, self._data, None, b""
        with self._failures_sorted():
            smtp = self._connection()
            if self._pipelined:
                self._envelope_pipelined(smtp)
            else:
                self._envelope_in_turn(smtp, message)
            smtp.send(_dot_stuffed(data))
            self._expect(smtp.getreply(), (250,), "message")

    def _envelope_in_turn(self, smtp: smtplib.SMTP, message: Any) -> None:
        self._expect(smtp.getreply(), (250,), "sender address", about_us=True)
        smtp.putcmd("rcpt", f"TO:<{message.to_address}>")
        self._expect(smtp.getreply(), (250, 251), "recipient")
        smtp.putcmd("data")
        self._expect(smtp.getreply(), (354,), "message")

    def _envelope_pipelined(self, smtp: smtplib.SMTP) -> None:
        """Read the replies to MAIL, RCPT and DATA; all of them, so that the next reply read
        belongs to the next command whatever was refused."""
        mail, rcpt, data = smtp.getreply(), smtp.getreply(), smtp.getreply()
        if data[0] == 354 and (mail[0] != 250 or rcpt[0] not in (250, 251)):
            smtp.send(b".\r\n")  # a server that took DATA anyway: end it empty (RFC 2920)
            smtp.getreply()
        self._expect(mail, (250,), "sender address", about_us=True)
        self._expect(rcpt, (250, 251), "recipient")
        self._expect(data, (354,), "message")

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()

    def _expect(
        self, reply: tuple[int, bytes], good: tuple[int, ...], what: str, about_us: bool = False
    ) -> None:
        """Raise unless the reply code is ``good``; ``about_us``: a refusal of our sender
        address says nothing about the recipient."""
        code, text = reply
        if code in good:
            return
        described = f"{what} refused: {code} {text.decode('utf-8', 'replace')}"
        if about_us or code == 421 or not 400 <= code < 600:
            raise PassFailure(described)  # it refuses us, or it is closing the connection
        self._reset()
        raise PermanentFailure(described) if code >= 500 else TemporaryFailure(described)

    def _reset(self) -> None:
        """End the refused transaction, keeping the connection for the next message."""
        if self._smtp is None:
            return
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    @contextmanager
    def _failures_sorted(self) -> Iterator[None]:
        """Connection-level errors become PassFailure, and the broken connection is dropped."""
        try:
            yield
        except PassFailure:
            self.close()
            raise
        except (smtplib.SMTPException, OSError) as error:
            self.close()  # its state is unknown: start afresh with the next message
            raise PassFailure(f"SMTP connection failed: {error!r}") from None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            self._smtp = self._connect()
        return self._smtp

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.tls == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                s.host, s.port, local_hostname=s.helo_name, timeout=s.timeout, context=_tls()
            )
        else:
            smtp = smtplib.SMTP(s.host, s.port, local_hostname=s.helo_name, timeout=s.timeout)
        try:
            smtp.ehlo_or_helo_if_needed()
            if s.tls == "starttls":
                smtp.starttls(context=_tls())
                smtp.ehlo()
            if s.user:
                smtp.login(s.user, s.password or "")
        except smtplib.SMTPAuthenticationError as error:
            smtp.close()
            raise PassFailure(f"SMTP login refused for {s.user}: {error.smtp_code}") from None
        except BaseException:
            smtp.close()
            raise
        return smtp


_LINE_STARTING_WITH_DOT = re.compile(rb"(?m)^\.")


def _dot_stuffed(data: bytes) -> bytes:
    """The content as sent after DATA: lines starting with a dot get another, then the
    final dot line (RFC 5321 4.5.2). ``data`` has CRLF line ends (surveyapp/dispatch/mime.py)."""
    data = _LINE_STARTING_WITH_DOT.sub(b"..", data)
    return data + (b".\r\n" if data.endswith(b"\r\n") else b"\r\n.\r\n")


@lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    """Certificates verified against the system's authorities; built once (loading them
    takes some 20 ms)."""
    return ssl.create_default_context()
