"""`surveyapp interviews add|list`: record interviews from the command line (bulk entry)."""

from __future__ import annotations

import getpass
from datetime import date

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from surveyapp.core.db import db
from surveyapp.insights.queries import account_by_external_id
from surveyapp.interviews import queries
from surveyapp.interviews.links import LinkError
from surveyapp.interviews.operations import InterviewError, Recorder, record_interview

interviews_cli = AppGroup("interviews", help="Interviews with customer accounts.")


@interviews_cli.command("add")
@click.option("--account", "account_id", required=True, help="The account's external id.")
@click.option("--date", "held_on", required=True, help="When it was held (YYYY-MM-DD).")
@click.option("--url", "link_url", required=True, help="Link to the recording or notes.")
@click.option("--summary", default=None, help="A short summary.")
@click.option("--interviewer", default=None, help="Who interviewed (default: your login).")
@click.option("--guide", default=None, help="Key of the interview guide bank used.")
@click.option("--contact", default=None, help="Email of the person interviewed.")
def add(
    account_id: str,
    held_on: str,
    link_url: str,
    summary: str | None,
    interviewer: str | None,
    guide: str | None,
    contact: str | None,
) -> None:
    """Record an interview of an account; prints its id."""
    account = account_by_external_id(account_id)
    if account is None:
        raise click.ClickException(f"--account: no account with id {account_id!r}")
    try:
        day = date.fromisoformat(held_on)
    except ValueError:
        raise click.ClickException(f"--date: {held_on!r} is not a date (YYYY-MM-DD)") from None
    if guide and guide not in queries.interview_guides():
        known = ", ".join(queries.interview_guides()) or "none"
        raise click.ClickException(f"--guide: {guide!r} is not an interview guide ({known})")
    person = queries.contact_by_email(account, contact) if contact else None
    if contact and person is None:
        raise click.ClickException(f"--contact: {contact!r} is not a contact of {account_id!r}")
    login = getpass.getuser()
    try:
        with force_locale("en"):  # messages for the terminal, not a browser's language
            interview = record_interview(
                account,
                held_on=day,
                interviewer=interviewer or login,
                link_url=link_url,
                summary=summary,
                contact=person,
                guide_key=guide,
                recorder=Recorder(None, f"command line ({login})"),
            )
    except LinkError as error:
        raise click.ClickException(f"--url: {error}") from None
    except InterviewError as error:
        raise click.ClickException(f"--{error}") from None
    db.session.commit()
    click.echo(f"Recorded interview {interview.id} of {account.external_id} ({day.isoformat()})")


@interviews_cli.command("list")
@click.option("--account", "account_id", required=True, help="The account's external id.")
def list_interviews(account_id: str) -> None:
    """An account's interviews, newest first: id, date, interviewer, link."""
    account = account_by_external_id(account_id)
    if account is None:
        raise click.ClickException(f"--account: no account with id {account_id!r}")
    for interview in queries.account_interviews(account):
        click.echo(
            f"{interview.id}\t{interview.held_on.isoformat()}\t{interview.interviewer}\t"
            f"{interview.link_url}"
        )
