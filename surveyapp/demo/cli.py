"""`surveyapp demo`: load demo data and print links to try; `surveyapp demo serve` runs it."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from surveyapp.core.db import db
from surveyapp.demo.integration import (
    SIGNUP_EVENT,
    curl_example,
    demo_api_key,
    new_customer_batch,
    signup_survey,
)
from surveyapp.demo.operations import demo_staff, load_demo, load_demo_customers
from surveyapp.demo.supervisor import mail_folder, serve_command
from surveyapp.insights.operations import refresh_insights
from surveyapp.invitations.operations import personal_link


@click.group("demo", cls=AppGroup, invoke_without_command=True)
@click.pass_context
@with_appcontext
def demo_command(context: click.Context) -> None:
    """Load demo data and print what to try (without a sub-command); `serve` runs the demo."""
    if context.invoked_subcommand is None:
        load_command()


demo_command.add_command(serve_command)


def load_command() -> None:
    """Load demo surveys, accounts and contacts (with a few hundred customers of the value
    study for the CS pages, refreshed); print a personal link and a staff login each, an
    events API key and a curl call that makes the sign-up survey invite a new customer."""
    links = load_demo()
    logins = demo_staff()
    added = load_demo_customers()
    signup_survey()
    secret = demo_api_key()
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
        "Researchers: `surveyapp analyze clusters --output themes.csv` groups their expected "
        "outcomes; `surveyapp analyze agreement --json agreement.json` measures the study's "
        "three coders; `surveyapp codes export --output sheet.csv --coder YOU` is a sheet "
        "to code and load back with `surveyapp codes import sheet.csv`."
    )
    click.echo(
        f"CS pages refreshed: {refreshed.accounts} accounts, {refreshed.themes} themes, "
        f"{refreshed.scopes} overview selections in {refreshed.seconds:.1f} s."
    )
    click.echo(f"Staff login at {personal_link_base()}/login (new passwords on every run):")
    for role, email, password in logins:
        click.echo(f"  {role:10} {email:26} {password}")
    click.echo("As cs, start at /at-risk: the red and yellow accounts of the demo customers.")
    _show_integration(secret)


def _show_integration(secret: str) -> None:
    base = personal_link_base()
    click.echo("Events API key for the demo (shown once; a new one on every run):")
    click.echo(f"  {secret}")
    click.echo(
        f"Post a new customer's group, identify and {SIGNUP_EVENT} track calls; the "
        f"worker invites them within seconds; the email is saved in {mail_folder()} and "
        f"shown on {base}/admin/outbox (as admin):"
    )
    click.echo(curl_example(base, secret, new_customer_batch()))


def personal_link_base() -> str:
    return str(current_app.config["BASE_URL"]).rstrip("/")
