"""`surveyapp surveys create|list`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from surveyapp.banks.loader import BankInvalid
from surveyapp.banks.operations import BankVersionConflict
from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db
from surveyapp.surveys.operations import SurveyError, create_survey
from surveyapp.surveys.queries import all_surveys

surveys_cli = AppGroup("surveys", help="Create and list surveys.")


@surveys_cli.command("create")
@click.option("--key", required=True, help="Stable key of the new survey, e.g. onboarding-d30.")
@click.option("--bank", "bank_key", required=True, help="Key of the question bank to ask.")
@click.option("--expire-days", type=click.IntRange(min=1), help="Days a link stays valid.")
@click.option(
    "--allow-edit/--no-allow-edit",
    default=None,
    help="Let respondents change answers after finishing (default: the bank's).",
)
def create(key: str, bank_key: str, expire_days: int | None, allow_edit: bool | None) -> None:
    """Create a survey pinned to the bank's current version."""
    try:
        banks = available_banks()
    except BankInvalid as error:
        raise click.ClickException(f"the question banks have errors:\n{error}") from None
    if bank_key not in banks:
        raise click.ClickException(
            f"no question bank {bank_key!r}; available: {', '.join(sorted(banks))}"
        )
    try:
        survey = create_survey(key, banks[bank_key], expire_days=expire_days, allow_edit=allow_edit)
    except (SurveyError, BankVersionConflict) as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created survey {survey.key} ({bank_key} v{survey.bank_version.version})")


@surveys_cli.command("list")
def list_surveys() -> None:
    """List surveys: key, bank and version, status."""
    for survey in all_surveys():
        version = survey.bank_version
        click.echo(f"{survey.key}\t{version.key} v{version.version}\t{survey.status}")
