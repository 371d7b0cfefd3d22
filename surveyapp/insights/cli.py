"""`surveyapp insights refresh`: recompute what the CS pages read."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from surveyapp.core.db import db
from surveyapp.insights.operations import refresh_insights

insights_cli = AppGroup("insights", help="The CS pages' cached analysis.")


@insights_cli.command("refresh")
@click.option("--quick", is_flag=True, help="Keep the themes of the last full refresh.")
def refresh_command(quick: bool) -> None:
    """Recompute health, first value, themes and every overview (run it from cron, or let
    the Celery beat schedule do it)."""
    result = refresh_insights(quick=quick)
    db.session.commit()
    click.echo(
        f"Refreshed {result.accounts} accounts, {result.themes} themes and "
        f"{result.scopes} overview selections in {result.seconds:.1f} s."
    )
