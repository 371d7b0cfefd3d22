"""`surveyapp demo`: load demo data and print personal survey links to try."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from surveyapp.core.db import db
from surveyapp.demo.operations import demo_staff, load_demo, load_demo_customers
from surveyapp.insights.operations import refresh_insights
from surveyapp.invitations.operations import personal_link


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load demo surveys, accounts and contacts (with a few hundred customers of the value
    study for the CS pages, refreshed); print a personal link and a staff login each."""
    links = load_demo()
    logins = demo_staff()
    added = load_demo_customers()
    db.session.commit()
    refreshed = refresh_insights()
    db.session.commit()
    click.echo("Demo data loaded. Personal survey links (one per demo customer):")
    for link in links:
        click.echo(f"  [{link.locale}] {link.email:32} {link.survey_key}")
        click.echo(f"       {personal_link(link.token)}")
    click.echo("Open one in a browser; the Persian (fa) one shows the right-to-left layout.")
    if added:
        click.echo(f"Added {added} demo customers with answers and milestones (value study).")
    click.echo(
        f"CS pages refreshed: {refreshed.accounts} accounts, {refreshed.themes} themes, "
        f"{refreshed.scopes} overview selections in {refreshed.seconds:.1f} s."
    )
    click.echo(f"Staff login at {personal_link_base()}/login (new passwords on every run):")
    for role, email, password in logins:
        click.echo(f"  {role:10} {email:26} {password}")
    click.echo("As cs, start at /at-risk: the red and yellow accounts of the demo customers.")


def personal_link_base() -> str:
    return str(current_app.config["BASE_URL"]).rstrip("/")
