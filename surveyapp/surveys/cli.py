"""`surveyapp surveys create|list`."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import AppGroup

from surveyapp.banks.loader import BankInvalid
from surveyapp.banks.operations import BankVersionConflict
from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db
from surveyapp.surveys.operations import SurveyError, create_survey, set_status
from surveyapp.surveys.queries import all_surveys, describe_trigger, survey_by_key
from surveyapp.surveys.rules import JourneyRule, RuleError, parse_hours

surveys_cli = AppGroup("surveys", help="Create and list surveys.")


@surveys_cli.command("create")
@click.option("--key", required=True, help="Stable key of the new survey, e.g. onboarding-d30.")
@click.option("--bank", "bank_key", required=True, help="Key of the question bank to ask.")
@click.option("--trigger-event", help="Invite when a contact does this product event.")
@click.option("--trigger-milestone", help="Invite an account's contacts when it reaches this.")
@click.option("--trigger-days-after-start", type=int, help="Invite N days after the start.")
@click.option("--delay-days", type=int, default=0, show_default=True)
@click.option("--expire-days", type=click.IntRange(min=1), help="Days a link stays valid.")
@click.option("--reminders", type=int, default=0, show_default=True)
@click.option("--reminder-gap-days", type=int, default=3, show_default=True)
@click.option("--recontact-days", type=int, help="Ask no contact more than once per N days.")
@click.option("--send-hours", help="Sending hours in the contact's time zone, e.g. 9-17.")
@click.option("--sample-percent", type=int, default=100, show_default=True)
@click.option("--locales", help="Comma-separated locales to use (default: all the bank's).")
@click.option(
    "--allow-edit/--no-allow-edit",
    default=None,
    help="Let respondents change answers after finishing (default: the bank's).",
)
def create(
    key: str,
    bank_key: str,
    expire_days: int | None,
    allow_edit: bool | None,
    send_hours: str | None,
    **rule: Any,
) -> None:
    """Create a survey pinned to the bank's current version, with its journey rule."""
    try:
        banks = available_banks()
    except BankInvalid as error:
        raise click.ClickException(f"the question banks have errors:\n{error}") from None
    if bank_key not in banks:
        raise click.ClickException(
            f"no question bank {bank_key!r}; available: {', '.join(sorted(banks))}"
        )
    try:
        start, end = parse_hours(send_hours)
        journey = JourneyRule(send_hour_start=start, send_hour_end=end, **rule)
        survey = create_survey(
            key, banks[bank_key], expire_days=expire_days, allow_edit=allow_edit, rule=journey
        )
    except (SurveyError, RuleError, BankVersionConflict) as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created survey {survey.key} ({bank_key} v{survey.bank_version.version})")


@surveys_cli.command("pause")
@click.argument("key")
def pause(key: str) -> None:
    """Stop creating invitations for survey KEY (mail already queued waits)."""
    _set_status(key, "paused")


@surveys_cli.command("resume")
@click.argument("key")
def resume(key: str) -> None:
    """Start creating invitations for survey KEY again."""
    _set_status(key, "active")


def _set_status(key: str, status: str) -> None:
    survey = survey_by_key(key)
    if survey is None:
        raise click.ClickException(f"no survey {key!r} (see `surveyapp surveys list`)")
    set_status(survey, status)
    db.session.commit()
    click.echo(f"{survey.key}: {status}")


@surveys_cli.command("list")
def list_surveys() -> None:
    """List surveys: key, bank and version, status, trigger."""
    for survey in all_surveys():
        version = survey.bank_version
        click.echo(
            f"{survey.key}\t{version.key} v{version.version}\t{survey.status}"
            f"\t{describe_trigger(survey)}"
        )
