"""Drive the SMTP server process (tests/dispatch/smtpsink.py) from a test or the bench."""

from __future__ import annotations

import email
import email.policy
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpSink:
    """A real SMTP server in its own process, on 127.0.0.1: start, stop, arm faults, read."""

    def __init__(
        self, folder: Path, *, keep: bool = True, port: int | None = None, tls: list[str] = ()
    ) -> None:
        self.folder = folder
        self.keep = keep
        self.port = port or free_port()
        #: e.g. ["--tls", "starttls", "--cert", CERT, "--key", KEY]
        self.tls = list(tls)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def config(self) -> dict[str, Any]:
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port}

    def start(self) -> SmtpSink:
        if self.running:
            return self
        (self.folder / "ready").unlink(missing_ok=True)
        command = [sys.executable, "-m", "tests.dispatch.smtpsink"]
        command += ["--port", str(self.port), "--folder", str(self.folder)]
        command += ["--keep"] if self.keep else []
        self.process = subprocess.Popen([*command, *self.tls], cwd=ROOT)
        deadline = time.monotonic() + 20
        while not (self.folder / "ready").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the SMTP sink did not start (exit {self.process.poll()})")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Shut the server down: connections are refused until start()."""
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
            self.process = None
        (self.folder / "ready").unlink(missing_ok=True)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def fail_next(self, count: int, code: int, stage: str = "rcpt") -> None:
        """Answer the next ``count`` messages with ``code`` (e.g. 451, 550) at ``stage``."""
        fault = {"id": uuid.uuid4().hex, "count": count, "code": code, "stage": stage}
        staged = self.folder / f"faults.{os.getpid()}.tmp"
        staged.write_text(json.dumps(fault), encoding="utf-8")
        staged.replace(self.folder / "faults.json")  # atomic: the server never reads half

    def clear_faults(self) -> None:
        (self.folder / "faults.json").unlink(missing_ok=True)

    def received(self) -> list[dict[str, Any]]:
        """Every accepted message, in order (complete lines only: the server may be writing)."""
        path = self.folder / "received.log"
        if not path.exists():
            return []
        text = path.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.split("\n")[:-1]]

    def message_ids(self) -> list[str]:
        return [record["message_id"] for record in self.received()]

    def messages(self) -> list[EmailMessage]:
        """The accepted messages, parsed (with keep=True)."""
        return [self.message(record["n"]) for record in self.received()]

    def message(self, number: int) -> EmailMessage:
        raw = (self.folder / "messages" / f"{number}.eml").read_bytes()
        return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]

    def wait_for(self, count: int, timeout: float = 30) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(received := self.received()) < count and time.monotonic() < deadline:
            time.sleep(0.005)
        return received
