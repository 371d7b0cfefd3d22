"""`surveyapp demo serve` for real: web, worker and mail catcher as child processes on a
temporary instance folder; the printed curl call's events end up as an .eml file, and
SIGTERM stops every child."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from surveyapp.core.cli import build_cli
from surveyapp.demo.received import read_mail
from surveyapp.demo.supervisor import programs
from tests.dispatch.sink import free_port

SCRIPT = Path(sys.executable).with_name("surveyapp")
STARTED = re.compile(r"started (\w+) \(pid (\d+)\)")


def run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(SCRIPT), *command], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in process group ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, _ppid, group = stat.rsplit(")", 1)[1].split()[:3]
        if int(group) == pgid and state != "Z":
            members.append(int(entry.name))
    return members


class Demo:
    """The supervisor in its own process, its output in a file."""

    def __init__(self, folder: Path, env: dict[str, str], port: int) -> None:
        self.log = folder / "serve.log"
        command = [str(SCRIPT), "demo", "serve", "--port", str(port), "--smtp-port", "0"]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=out)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output():
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.output()}"
            time.sleep(0.1)

    def children(self) -> dict[str, int]:
        return {name: int(pid) for name, pid in STARTED.findall(self.output())}


@pytest.fixture
def demo_env(tmp_path: Path) -> Iterator[tuple[dict[str, str], int]]:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "surveyapp.cfg").write_text("SECRET_KEY = 'demo-serve-test-secret-key'\n")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYAPP_")}
    env |= {
        "SURVEYAPP_INSTANCE_PATH": str(instance),
        "SURVEYAPP_BASE_URL": f"http://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
    }
    yield env, port


def curl_call(output: str) -> tuple[str, str, dict[str, object]]:
    """URL, bearer key and JSON body of the curl command `surveyapp demo` printed."""
    command = output[output.index("curl ") :].replace("\\\n", " ")
    words = shlex.split(command)
    url = next(word for word in words if word.startswith("http"))
    [bearer] = [word for word in words if word.startswith("Authorization: Bearer ")]
    body = json.loads(words[words.index("-d") + 1])
    return url, bearer.removeprefix("Authorization: Bearer "), body


@pytest.mark.slow
def test_serve_runs_web_worker_and_mail_catcher_and_stops_them_all(demo_env, tmp_path) -> None:
    env, port = demo_env
    run(["db", "upgrade"], env)
    url, key, body = curl_call(run(["demo"], env))
    assert url == f"http://127.0.0.1:{port}/api/v1/events"
    demo = Demo(tmp_path, env, port)
    try:
        demo.wait_for(f"Serving FirstValue on http://127.0.0.1:{port}")
        request = urllib.request.Request(
            url,
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert json.load(response)["accepted"] == 3
        mail = Path(env["SURVEYAPP_INSTANCE_PATH"]) / "mail"
        deadline = time.monotonic() + 60
        while not list(mail.glob("*.eml")):
            assert time.monotonic() < deadline, demo.output()
            time.sleep(0.2)
        [saved] = list(mail.glob("*.eml"))
        email = read_mail(saved.read_bytes())
        assert email.to.endswith("@newco.example") and email.to.startswith("trial-")
        assert email.survey_link and email.survey_link.startswith(f"http://127.0.0.1:{port}/s/")
        demo.wait_for(f"To: {email.to} | Subject: {email.subject}", timeout=10)
        children = demo.children()
        assert set(children) == {"web", "worker", "mail"}
    finally:
        if demo.process.poll() is None:
            demo.process.send_signal(signal.SIGTERM)
        code = demo.process.wait(timeout=60)

    assert code == 0, demo.output()
    assert "stopped: web, worker and mail catcher have exited" in demo.output()
    assert {name: group_members(pid) for name, pid in children.items()} == {
        "web": [],
        "worker": [],
        "mail": [],
    }


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signal: Linux only")
def test_children_stop_when_the_supervisor_is_killed_outright(demo_env, tmp_path) -> None:
    """SIGKILL leaves the supervisor no time to stop anything: the kernel's parent-death
    signal must still stop the web server (and its workers), the worker and the catcher."""
    env, port = demo_env
    run(["db", "upgrade"], env)
    demo = Demo(tmp_path, env, port)
    try:
        demo.wait_for(f"Serving FirstValue on http://127.0.0.1:{port}")
        children = demo.children()
        assert set(children) == {"web", "worker", "mail"}
        assert all(group_members(pid) for pid in children.values())
        demo.process.send_signal(signal.SIGKILL)
        demo.process.wait(timeout=10)
        deadline = time.monotonic() + 60
        left = {name: group_members(pid) for name, pid in children.items()}
        while any(left.values()) and time.monotonic() < deadline:
            time.sleep(0.2)
            left = {name: group_members(pid) for name, pid in children.items()}
        assert left == {"web": [], "worker": [], "mail": []}
    finally:
        for pid in demo.children().values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)


@pytest.mark.parametrize("option", ["--port", "--smtp-port"])
def test_a_port_in_use_is_refused_before_anything_starts(app, option) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        busy = holder.getsockname()[1]
        ports = {"--port": str(free_port()), "--smtp-port": str(free_port()), option: str(busy)}
        command = ["demo", "serve", *[word for pair in ports.items() for word in pair]]
        result = app.test_cli_runner().invoke(build_cli(), command)
    assert result.exit_code == 1
    assert f"port {busy} on 127.0.0.1 is already in use" in result.output
    assert "started" not in result.output


def test_the_worker_sends_to_the_catcher_and_all_share_the_instance(app, tmp_path) -> None:
    planned = programs("http://127.0.0.1:5099", 5099, 8099, 2, tmp_path / "mail")
    by_name = {program.name: program for program in planned}
    assert list(by_name) == ["mail", "web", "worker"]  # the catcher listens before mail goes
    worker = by_name["worker"].env
    assert (worker["SURVEYAPP_SMTP_HOST"], worker["SURVEYAPP_SMTP_PORT"]) == ("127.0.0.1", "8099")
    assert "127.0.0.1:5099" in by_name["web"].argv
    for program in planned:
        assert program.env["SURVEYAPP_BASE_URL"] == "http://127.0.0.1:5099"
        assert program.env["SURVEYAPP_INSTANCE_PATH"] == app.instance_path
    assert by_name["mail"].argv[-2:] == ["--folder", str(tmp_path / "mail")]
    without_catcher = programs("http://127.0.0.1:5099", 5099, 0, 2, tmp_path / "mail")
    assert [p.name for p in without_catcher] == ["web", "worker"]
