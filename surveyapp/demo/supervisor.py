"""`surveyapp demo serve`: the whole product on this machine: the web app (gunicorn), the
worker that schedules and sends email, and a local SMTP server that catches the email."""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext

from surveyapp.demo.processes import (
    Program,
    Supervisor,
    accepts,
    free_port,
    port_taken,
    stop_on_signals,
)

HOST = "127.0.0.1"
CLI = "from surveyapp.core.cli import main; main()"
NO_CATCHER = (
    "aiosmtpd is not installed (pip install -e '.[test]'), so there is no local mail "
    "catcher: emails wait in the outbox; read them on /admin/outbox as admin."
)


@click.command("serve")
@click.option(
    "--port",
    default=5000,
    show_default=True,
    envvar="SURVEYAPP_DEMO_PORT",
    type=click.IntRange(1, 65535),
    help="Web port on 127.0.0.1.",
)
@click.option(
    "--smtp-port",
    default=8025,
    show_default=True,
    envvar="SURVEYAPP_DEMO_SMTP_PORT",
    type=click.IntRange(0, 65535),
    help="Mail catcher port on 127.0.0.1; 0: any free.",
)
@click.option(
    "--worker-interval",
    default=2.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds between worker passes.",
)
@with_appcontext
def serve_command(port: int, smtp_port: int, worker_interval: float) -> None:
    """Run gunicorn, `surveyapp worker` and a mail catcher until SIGTERM or Ctrl-C."""
    catcher = importlib.util.find_spec("aiosmtpd") is not None
    smtp_port = (smtp_port or free_port()) if catcher else 0
    taken = [number for number in (port, smtp_port) if number and port_taken(number)]
    if taken:
        raise click.ClickException(
            f"port {taken[0]} on {HOST} is already in use (another demo still running?); "
            "stop that program or choose another port with --port / --smtp-port."
        )
    base_url = _base_url(port)
    mail = mail_folder()
    supervisor = Supervisor(click.echo)
    stopping = stop_on_signals()
    if not catcher:
        supervisor.say("demo", NO_CATCHER)
    for program in programs(base_url, port, smtp_port, worker_interval, mail):
        supervisor.start(program)
    code = _watch(supervisor, stopping, base_url, port, smtp_port, mail)
    supervisor.stop_all()
    supervisor.say("demo", "stopped: web, worker and mail catcher have exited")
    if code:
        raise click.exceptions.Exit(code)


def mail_folder() -> Path:
    """Where the mail catcher saves what it receives."""
    return Path(current_app.instance_path) / "mail"


def _base_url(port: int) -> str:
    """The configured public URL, unless it is this machine's: then the port served."""
    configured = str(current_app.config["BASE_URL"])
    if urlsplit(configured).hostname in ("127.0.0.1", "localhost"):
        return f"http://{HOST}:{port}"
    return configured.rstrip("/")


def programs(
    base_url: str, port: int, smtp_port: int, worker_interval: float, mail: Path
) -> list[Program]:
    """What runs: the mail catcher (when there is one), the web app and the worker."""
    shared = {
        "SURVEYAPP_BASE_URL": base_url,
        "SURVEYAPP_INSTANCE_PATH": current_app.instance_path,
    }
    smtp = {
        "SURVEYAPP_SMTP_HOST": HOST if smtp_port else "",
        "SURVEYAPP_SMTP_PORT": str(smtp_port or 25),
        "SURVEYAPP_SMTP_TLS": "none",
        "SURVEYAPP_SMTP_USER": "",
        "SURVEYAPP_SMTP_PASSWORD": "",
    }
    python = sys.executable
    web = [python, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--workers", "2"]
    web += ["--graceful-timeout", "2", "--access-logfile", "-", "surveyapp:create_app()"]
    worker = [python, "-c", CLI, "worker", "--interval", f"{worker_interval:g}"]
    catcher = [python, "-m", "surveyapp.demo.mailcatcher", "--port", str(smtp_port)]
    return [
        *([Program("mail", [*catcher, "--folder", str(mail)], shared)] if smtp_port else []),
        Program("web", web, shared),
        Program("worker", worker, {**shared, **smtp}),
    ]


def _watch(
    supervisor: Supervisor,
    stopping: threading.Event,
    base_url: str,
    port: int,
    smtp_port: int,
    mail: Path,
) -> int:
    """Until a stop is asked (0) or a child exits on its own (1); says when the web is up."""
    ready = False
    while not stopping.wait(0.2):
        if (ended := supervisor.exited()) is not None:
            name, code = ended
            supervisor.say("demo", f"{name} exited (code {code}): stopping the others")
            return 1
        if not ready and accepts(port) and (not smtp_port or accepts(smtp_port)):
            ready = True
            _say_ready(supervisor, base_url, smtp_port, mail)
    return 0


def _say_ready(supervisor: Supervisor, base_url: str, smtp_port: int, mail: Path) -> None:
    supervisor.say("demo", f"Serving FirstValue on {base_url} (Ctrl-C to stop)")
    if smtp_port:
        supervisor.say("demo", f"Mail goes to {HOST}:{smtp_port} and is saved in {mail}")
    supervisor.say("demo", f"Outbox (as admin): {base_url}/admin/outbox")
