"""Run a few programs as child processes: their output prefixed with their name, all stopped
together on SIGTERM/Ctrl-C or when one of them exits."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import socket
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import IO

#: Seconds a child has to exit after SIGTERM before its whole process group is killed.
STOP_SECONDS = 15


@dataclass(frozen=True)
class Program:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)


class Supervisor:
    """Starts programs, prints their lines as ``name | line``, stops them all at once."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        self._echo = echo
        self._lock = threading.Lock()
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self._pumps: list[threading.Thread] = []
        self._width = 6

    def say(self, name: str, line: str) -> None:
        with self._lock:
            self._echo(f"{name:<{self._width}} | {line}")

    def start(self, program: Program) -> subprocess.Popen[bytes]:
        # Its own session: Ctrl-C reaches only the supervisor, which stops children in order.
        child = subprocess.Popen(
            program.argv,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **program.env},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_terminate_with_parent(),
        )
        self.children[program.name] = child
        self._width = max(self._width, len(program.name))
        assert child.stdout is not None
        pump = threading.Thread(target=self._pump, args=(program.name, child.stdout), daemon=True)
        pump.start()
        self._pumps.append(pump)
        self.say("demo", f"started {program.name} (pid {child.pid})")
        return child

    def _pump(self, name: str, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            self.say(name, raw.decode("utf-8", "replace").rstrip())
        stream.close()

    def exited(self) -> tuple[str, int] | None:
        """The first child found to have exited, with its code."""
        for name, child in self.children.items():
            code = child.poll()
            if code is not None:
                return name, code
        return None

    def stop_all(self) -> None:
        """SIGTERM to every child, then SIGKILL to what is left of their process groups."""
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for name, child in self.children.items():
            try:
                child.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.say("demo", f"{name} did not stop in {STOP_SECONDS} s: killing it")
            _kill_group(child.pid)
        for pump in self._pumps:
            pump.join(timeout=5)


#: prctl(2) option: the signal a process gets when the thread that started it dies.
PR_SET_PDEATHSIG = 1


def _terminate_with_parent() -> Callable[[], None] | None:
    """On Linux, a function run in the child before exec that asks the kernel to send it
    SIGTERM if the supervisor dies, even by SIGKILL (when no stop_all() can run), so that no
    web server or worker outlives the demo. Elsewhere None: children then outlive a killed
    supervisor, as with any process manager that is killed outright."""
    library = ctypes.util.find_library("c") if os.uname().sysname == "Linux" else None
    if library is None:
        return None
    prctl = ctypes.CDLL(library, use_errno=True).prctl  # looked up here, not after fork
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int

    def ask() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0)

    return ask


def _kill_group(pgid: int) -> None:
    """Whatever the child left behind in its session (e.g. gunicorn's workers)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT (Ctrl-C)."""
    stopping = threading.Event()

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    return stopping


def port_taken(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something already listens on ``host:port``."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no owner
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def accepts(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a TCP connection to ``host:port`` succeeds now."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False
