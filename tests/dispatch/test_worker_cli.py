"""`surveyapp worker --once`: what it says with and without an SMTP server."""

from __future__ import annotations

from surveyapp.dispatch.cli import worker_command


def test_without_smtp_the_mail_waits(app, queue, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    queue()
    result = app.test_cli_runner().invoke(worker_command, ["--once"])
    assert result.exit_code == 0, result.output
    assert "SMTP is not configured" in result.output and "1 due message(s)" in result.output


def test_once_sends_what_is_due(app, mail, queue) -> None:
    queue()
    result = app.test_cli_runner().invoke(worker_command, ["--once"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output and "waiting 0" in result.output
    assert len(mail.received()) == 1


def test_once_fails_when_the_server_is_down(app, mail, queue) -> None:
    queue()
    mail.stop()
    result = app.test_cli_runner().invoke(worker_command, ["--once"])
    assert result.exit_code == 1
    assert "SMTP connection failed" in result.output


def test_a_lease_too_short_for_the_timeout_is_refused(app, mail, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "OUTBOX_LEASE_SECONDS", 5)
    result = app.test_cli_runner().invoke(worker_command, ["--once"])
    assert result.exit_code == 1 and "OUTBOX_LEASE_SECONDS" in result.output


def test_the_celery_job_sends_too(app, mail, queue) -> None:
    from surveyapp.dispatch.tasks import send_due_task

    queue()
    assert send_due_task.delay().get()["sent"] == 1  # eager: no broker configured
    assert len(mail.received()) == 1
