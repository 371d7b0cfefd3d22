"""The `surveyapp` console script: one Flask CLI group with a sub-group per feature.

Each feature's commands are imported only when they run (or their own help is shown), so
that `surveyapp --help` and the everyday commands do not pay for the analysis stack
(pandas, scikit-learn, NLTK, SciPy: seconds of imports) that only `analyze` needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup, FlaskGroup

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


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
    from surveyapp.core import migrate

    migrate.upgrade(_engine(), revision)
    click.echo(f"Database at {revision}: {_engine().url.render_as_string(hide_password=True)}")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Migrate the database back to REVISION (e.g. -1, or base to drop every table)."""
    from surveyapp.core import migrate

    migrate.downgrade(_engine(), revision)


@db_cli.command("current")
def db_current() -> None:
    """Show the revision the database is at."""
    from surveyapp.core import migrate

    migrate.current(_engine())


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
def db_revision(message: str) -> None:
    """Write a new migration from the models (for developers)."""
    from surveyapp.core import migrate

    migrate.make_revision(_engine(), message)


def _engine() -> Engine:
    from surveyapp.core.db import db

    return db.engine


#: Every sub-command: name -> (module, attribute, the short help shown by `surveyapp --help`).
#: The short help is written here so that listing the commands imports none of them; a test
#: checks that it matches each command's own.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "db": (__name__, "db_cli", "Create or migrate the database (SURVEYAPP_DATABASE_URL)."),
    "banks": ("surveyapp.banks.cli", "banks_cli", "Check and list question banks."),
    "surveys": ("surveyapp.surveys.cli", "surveys_cli", "Create and list surveys."),
    "invite": (
        "surveyapp.invitations.cli",
        "invite_command",
        "Invite EMAIL to a survey; prints the personal link alone on the last line.",
    ),
    "demo": (
        "surveyapp.demo.cli",
        "demo_command",
        "Load demo data and print what to try (without a sub-command); `serve` runs the demo.",
    ),
    "users": ("surveyapp.auth.cli", "users_cli", "Staff users: create and list."),
    "analyze": (
        "surveyapp.analyze.cli",
        "analyze_cli",
        "Analyse answers, milestones and codings (CSV files or the app database).",
    ),
    "apikeys": ("surveyapp.apikeys.cli", "apikeys_cli", "API keys for integrations."),
    "events": ("surveyapp.events.cli", "events_cli", "Product events: import from CSV."),
    "accounts": ("surveyapp.events.cli", "accounts_cli", "Customer accounts: import from CSV."),
    "milestones": ("surveyapp.events.cli", "milestones_cli", "Milestone definitions."),
    "invitations": (
        "surveyapp.invitations.cli",
        "invitations_cli",
        "See invitations and their status.",
    ),
    "worker": (
        "surveyapp.dispatch.cli",
        "worker_command",
        "Send due invitations and reminders; without --once, keep going until SIGTERM/Ctrl-C.",
    ),
    "insights": ("surveyapp.insights.cli", "insights_cli", "The CS pages' cached analysis."),
    "interviews": (
        "surveyapp.interviews.cli",
        "interviews_cli",
        "Interviews with customer accounts.",
    ),
    "codes": (
        "surveyapp.coding.cli",
        "codes_cli",
        "Codings of open answers: sheets out, codings in.",
    ),
}


def load_command(name: str) -> click.Command:
    """Import the command ``name`` of :data:`COMMANDS`."""
    module, attribute, _help = COMMANDS[name]
    command: click.Command = getattr(importlib.import_module(module), attribute)
    return command


class SurveyappGroup(FlaskGroup):
    """Flask's CLI group with the feature commands of :data:`COMMANDS` imported on first use.

    Listing the commands neither imports them nor builds the app (Flask's group builds it to
    list the app's own ``app.cli`` commands; ours registers none there)."""

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            self.add_command(load_command(name), name)
        return super().get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted({*self.commands, *COMMANDS})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in COMMANDS and name not in self.commands:
                rows.append(
                    (name, click.Command(name, help=COMMANDS[name][2]).get_short_help_str(limit))
                )
            elif not self.commands[name].hidden:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def build_cli() -> click.Group:
    return SurveyappGroup(
        name="surveyapp",
        create_app=_create_app,
        load_dotenv=False,
        help="FirstValue: customer value-definition surveys.",
    )


def main() -> None:
    build_cli().main(prog_name="surveyapp")
