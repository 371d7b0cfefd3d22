"""The demo's local SMTP server: keeps every message as an .eml file and prints who got what.

    python -m surveyapp.demo.mailcatcher --port 8025 --folder instance/mail

Needs aiosmtpd (the test extra). Stops on SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from surveyapp.demo.received import read_mail

HOST = "127.0.0.1"


class SavingHandler:
    """aiosmtpd handler: each accepted message becomes FOLDER/<n>-<time>.eml."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = len(list(folder.glob("*.eml")))

    async def handle_DATA(self, _server: object, _session: object, envelope: object) -> str:
        content: bytes = getattr(envelope, "original_content", None) or b""
        self.count += 1
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self.folder / f"{self.count:05d}-{stamp}.eml"
        staged = path.with_suffix(".part")
        staged.write_bytes(content)
        staged.replace(path)  # a reader never sees half a message
        try:
            say(read_mail(content).line())
        except Exception as error:  # a message we cannot read is still kept
            say(f"Saved {path.name}; could not read it: {error}")
        return "250 Message accepted for delivery"


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def serve(folder: Path, port: int) -> None:
    from aiosmtpd.smtp import SMTP

    loop = asyncio.get_running_loop()
    handler = SavingHandler(folder)
    try:
        server = await loop.create_server(
            lambda: SMTP(handler, hostname="firstvalue.demo", ident="FirstValue demo"), HOST, port
        )
    except OSError as error:
        sys.exit(f"Mail catcher: cannot listen on {HOST}:{port}: {error.strerror}")
    stopped = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopped.set)
    say(f"Mail catcher on {HOST}:{port}, saving messages to {folder}")
    await stopped.wait()
    server.close()  # not wait_closed(): a sender's idle connection would hold the exit up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    asyncio.run(serve(args.folder, args.port))


if __name__ == "__main__":
    main()
