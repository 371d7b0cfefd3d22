"""`surveyapp demo`: load demo data and print personal survey links to try."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from surveyapp.core.db import db
from surveyapp.demo.operations import demo_staff, load_demo
from surveyapp.invitations.operations import personal_link


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load demo surveys, accounts and contacts; print a personal link for each contact."""
    links = load_demo()
    logins = demo_staff()
    db.session.commit()
    click.echo("Demo data loaded. Personal survey links (one per demo customer):")
    for link in links:
        click.echo(f"  [{link.locale}] {link.email:32} {link.survey_key}")
        click.echo(f"       {personal_link(link.token)}")
    click.echo("Open one in a browser; the Persian (fa) one shows the right-to-left layout.")
    click.echo(f"Staff login at {personal_link_base()}/login (new passwords on every run):")
    for role, email, password in logins:
        click.echo(f"  {role:10} {email:26} {password}")


def personal_link_base() -> str:
    return str(current_app.config["BASE_URL"]).rstrip("/")
