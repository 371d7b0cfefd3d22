"""`surveyapp insights refresh|digest`: recompute what the CS pages read; queue the weekly
digest emails."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from surveyapp.core.db import db, utcnow
from surveyapp.insights.digest import Week
from surveyapp.insights.digest_outbox import queue_digests
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


@insights_cli.command("digest")
@click.option("--dry-run", is_flag=True, help="Say who would get a digest; queue nothing.")
@click.option("--week", default=None, help="ISO week such as 2026-W48 (default: this week).")
def digest_command(dry_run: bool, week: str | None) -> None:
    """Queue the weekly at-risk digest email to each CS owner with red or yellow accounts
    (once per owner and week: running it again that week queues nothing new)."""
    try:
        chosen = Week.parse(week) if week else None
    except ValueError as error:
        raise click.ClickException(f"--week: {error}") from None
    run = queue_digests(utcnow(), chosen, dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    verb = "Would queue" if dry_run else "Queued"
    click.echo(f"{verb} {len(run.queued)} digest(s) for {run.week.label}.")
    for address in run.queued:
        click.echo(f"  {'would queue' if dry_run else 'queued'}: {address}")
    for address in run.already:
        click.echo(f"  already queued this week: {address}")
    for owner in run.unreachable:
        click.echo(f"  no email address for CS owner {owner!r}: not sent")
    if run.unowned:
        click.echo(f"  {run.unowned} at-risk account(s) have no CS owner")
