"""A real SMTP server for the dispatch tests and bench, run as its own process.

    python -m tests.dispatch.smtpsink --port 2525 --folder /tmp/sink [--keep]
        [--tls starttls|tls --cert CERT.pem --key KEY.pem]

Every accepted message is appended to FOLDER/received.log as one JSON line (Message-ID,
recipient, size) once the server has accepted it, and with --keep its bytes are written to
FOLDER/messages/<n>.eml. FOLDER/faults.json, rewritten by the test, makes the server answer
the next ``count`` messages with ``code`` at the ``stage`` (mail, rcpt or data) given.
FOLDER/ready appears once the port is bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import ssl
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
REPLIES = {
    4: "{code} 4.3.0 Try again later (test fault)",
    5: "{code} 5.1.1 Mailbox unavailable (test fault)",
}


class RecordingHandler:
    """Accepts every message unless a fault is armed; records what it accepted."""

    def __init__(self, folder: Path, keep: bool) -> None:
        self.folder = folder
        self.keep = keep
        self.log = (folder / "received.log").open("a", encoding="utf-8")
        self.count = sum(1 for _ in (folder / "received.log").open(encoding="utf-8"))
        self.faults_seen: tuple[int, int] | None = None
        self.fault: dict[str, Any] = {}
        if keep:
            (folder / "messages").mkdir(exist_ok=True)

    async def handle_EHLO(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        """Offer PIPELINING, as production servers do (aiosmtpd reads pipelined commands in
        order but does not say so)."""
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        refusal = self._refusal("mail")
        if not refusal:
            envelope.mail_from = address
            envelope.mail_options.extend(options)
        return refusal or "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        refusal = self._refusal("rcpt")
        if not refusal:
            envelope.rcpt_tos.append(address)
        return refusal or "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        refusal = self._refusal("data")
        if refusal:
            return refusal
        content = envelope.original_content or b""
        found = MESSAGE_ID.search(content)
        self.count += 1
        if self.keep:
            (self.folder / "messages" / f"{self.count}.eml").write_bytes(content)
        record = {
            "n": self.count,
            "message_id": found.group(1).decode() if found else None,
            "to": envelope.rcpt_tos,
            "size": len(content),
        }
        self.log.write(json.dumps(record) + "\n")
        self.log.flush()
        return "250 Message accepted for delivery"

    def _refusal(self, stage: str) -> str | None:
        self._read_faults()
        if self.fault.get("stage") != stage or self.fault.get("count", 0) <= 0:
            return None
        self.fault["count"] -= 1
        code = int(self.fault["code"])
        return REPLIES[code // 100].format(code=code)

    def _read_faults(self) -> None:
        path = self.folder / "faults.json"
        try:
            stat = path.stat()
        except FileNotFoundError:
            self.faults_seen, self.fault = None, {}
            return
        if self.faults_seen != (stat.st_mtime_ns, stat.st_size):
            self.faults_seen = (stat.st_mtime_ns, stat.st_size)
            self.fault = json.loads(path.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--tls", choices=["starttls", "tls"])
    parser.add_argument("--cert", type=Path)
    parser.add_argument("--key", type=Path)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    (args.folder / "received.log").touch()
    context = None
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    asyncio.run(serve(args.folder, args.port, args.keep, args.tls, context))


async def serve(
    folder: Path, port: int, keep: bool, tls: str | None, context: ssl.SSLContext | None
) -> None:
    loop = asyncio.get_running_loop()
    handler = RecordingHandler(folder, keep)
    starttls = {"tls_context": context, "require_starttls": True} if tls == "starttls" else {}
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test", ident="test sink", **starttls),
        "127.0.0.1",
        port,
        ssl=context if tls == "tls" else None,
    )
    stopped = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopped.set)
    (folder / "ready").write_text(str(port))
    await stopped.wait()
    server.close()
    (folder / "ready").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
