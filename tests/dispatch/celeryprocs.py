"""Celery worker and beat processes for the scale-out tests, each with its output in a file.

Each runs in its own process group, so that stopping it also stops the pool process it
forked; a test stops them all in a ``finally`` (SIGTERM, then SIGKILL): no orphan is left.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).parents[2]
CELERY = Path(sys.executable).with_name("celery")
ENTRY = "surveyapp.core.celery_worker"
SENT = re.compile(r"lane \d+: sent (\d+)")


def environment(settings: dict[str, str]) -> dict[str, str]:
    """This process's environment without its SURVEYAPP_* settings, plus ``settings``."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYAPP_")}
    return {**inherited, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1", **settings}


class CeleryProcess:
    """`celery -A surveyapp.core.celery_worker worker|beat` in its own process."""

    def __init__(self, role: str, name: str, env: dict[str, str], folder: Path) -> None:
        self.name = name
        self.log = folder / f"{name}.log"
        command = [str(CELERY), "-A", ENTRY, role, "--loglevel", "INFO"]
        if role == "worker":  # the default (prefork) pool, one child: one task at a time
            command += ["--concurrency", "1", "--hostname", f"{name}@%h"]
            command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
        else:
            command += ["--schedule", str(folder / f"{name}-schedule")]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def check_alive(self) -> None:
        assert self.process.poll() is None, f"{self.name} exited:\n{self.output()[-3000:]}"

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output():
            self.check_alive()
            assert time.monotonic() < deadline, f"{self.name}: no {text!r} in {timeout}s"
            time.sleep(0.05)

    def sent(self) -> int:
        """Messages this worker's send tasks reported sent (their log lines)."""
        return sum(int(count) for count in SENT.findall(self.output()))

    def crashes(self) -> int:
        """Pool processes that died of a signal (the worker replaces them)."""
        return self.output().count("exited with 'signal")

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM (Celery's warm shutdown), SIGKILL after ``timeout``; the exit code."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            return self.process.wait(timeout=10)


def stop_all(processes: Iterable[CeleryProcess]) -> list[int]:
    """Stop every process, even if stopping one fails; their exit codes."""
    codes = []
    for process in processes:
        try:
            codes.append(process.stop())
        except ProcessLookupError:
            codes.append(process.process.wait(timeout=10))
    return codes
