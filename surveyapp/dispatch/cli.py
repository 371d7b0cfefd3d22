"""`surveyapp worker`: send due email from the outbox, once or until stopped."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from surveyapp.core.jobs import settle_heap
from surveyapp.dispatch.transport import SmtpSetupError
from surveyapp.dispatch.worker import run_once

NO_SMTP = (
    "SMTP is not configured (SURVEYAPP_SMTP_HOST): {waiting} due message(s) wait in the "
    "outbox and will be sent once it is."
)


@click.command("worker")
@click.option("--once", is_flag=True, help="Send everything due now, then exit (cron, tests).")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    help="Seconds between passes (default: SURVEYAPP_WORKER_INTERVAL_SECONDS).",
)
@with_appcontext
def worker_command(once: bool, interval: float | None) -> None:
    """Send due invitations and reminders; without --once, keep going until SIGTERM/Ctrl-C."""
    stopping = threading.Event()
    pause = interval or float(current_app.config["WORKER_INTERVAL_SECONDS"])
    if not once:
        _stop_on_signals(stopping)
        click.echo(f"Worker running: a pass every {pause:g} s, {_smtp_server()}.")
        click.echo("Stop it with SIGTERM or Ctrl-C.")
    noted: int | None = None
    settle_heap()
    while True:
        try:
            result = run_once(stop=stopping.is_set)
        except SmtpSetupError as error:
            raise click.ClickException(str(error)) from None
        noted = _show(result, noted)
        if once or stopping.wait(pause):
            break
    if once and result["errors"]:
        raise click.exceptions.Exit(1)  # cron should notice; the messages wait for a retry
    if not once:
        click.echo("Worker stopped: claimed messages not sent were handed back.")


def _smtp_server() -> str:
    config = current_app.config
    if not config["SMTP_HOST"]:
        return "no SMTP server configured (mail waits in the outbox)"
    return f"mail to {config['SMTP_HOST']}:{config['SMTP_PORT']} ({config['SMTP_TLS']})"


def _stop_on_signals(stopping: threading.Event) -> None:
    """Finish the message in hand, hand back the rest of the claim, then exit."""

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()  # no printing here: the signal may land in the middle of an echo

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)


def _show(result: dict[str, Any], noted: int | None) -> int | None:
    """Print what a pass did, only when it did something; the no-SMTP note only when the
    number waiting changed. Returns that number as last noted."""
    if result.get("invited"):
        click.echo(f"invitations created: {result['invited']}")
    if not result["smtp_configured"]:
        if result["waiting"] != noted:
            click.echo(NO_SMTP.format(waiting=result["waiting"]))
        return int(result["waiting"])
    outcomes = ("sent", "retried", "failed", "bounced", "cancelled")
    if any(result[name] for name in outcomes):
        done = ", ".join(f"{name} {result[name]}" for name in outcomes)
        click.echo(f"{done}; waiting {result['waiting']}")
    for error in result["errors"]:
        click.echo(f"SMTP: {error}", err=True)
    return None
