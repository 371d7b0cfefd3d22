"""The `surveyapp` console script: one Flask CLI group with a sub-group per feature."""

from __future__ import annotations

import click
from flask.cli import AppGroup, FlaskGroup
from sqlalchemy.engine import Engine

from surveyapp.core import migrate
from surveyapp.core.db import db


def _create_app():  # type: ignore[no-untyped-def]
    from surveyapp.app import create_app
    from surveyapp.core.config import ConfigError

    try:
        return create_app()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


db_cli = AppGroup("db", help="Create or migrate the database (SURVEYAPP_DATABASE_URL).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    migrate.upgrade(_engine(), revision)
    click.echo(f"Database at {revision}: {_engine().url.render_as_string(hide_password=True)}")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Migrate the database back to REVISION (e.g. -1, or base to drop every table)."""
    migrate.downgrade(_engine(), revision)


@db_cli.command("current")
def db_current() -> None:
    """Show the revision the database is at."""
    migrate.current(_engine())


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
def db_revision(message: str) -> None:
    """Write a new migration from the models (for developers)."""
    migrate.make_revision(_engine(), message)


def _engine() -> Engine:
    return db.engine


def build_cli() -> click.Group:
    from surveyapp.analyze.cli import analyze_cli
    from surveyapp.apikeys.cli import apikeys_cli
    from surveyapp.auth.cli import users_cli
    from surveyapp.banks.cli import banks_cli
    from surveyapp.demo.cli import demo_command
    from surveyapp.dispatch.cli import worker_command
    from surveyapp.events.cli import accounts_cli, events_cli, milestones_cli
    from surveyapp.insights.cli import insights_cli
    from surveyapp.invitations.cli import invitations_cli, invite_command
    from surveyapp.surveys.cli import surveys_cli

    cli = FlaskGroup(
        name="surveyapp",
        create_app=_create_app,
        load_dotenv=False,
        help="FirstValue: customer value-definition surveys.",
    )
    for command in (
        db_cli,
        banks_cli,
        surveys_cli,
        invite_command,
        demo_command,
        users_cli,
        analyze_cli,
        apikeys_cli,
        events_cli,
        accounts_cli,
        milestones_cli,
        invitations_cli,
        worker_command,
        insights_cli,
    ):
        cli.add_command(command)
    return cli


def main() -> None:
    build_cli().main(prog_name="surveyapp")
