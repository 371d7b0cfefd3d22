"""`surveyapp invite`: create a personal survey link for one person."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from surveyapp.accounts.operations import ContactError, upsert_account, upsert_contact
from surveyapp.core.db import db, utcnow
from surveyapp.invitations.operations import InvitationError, create_invitation, personal_link
from surveyapp.invitations.queries import STATUSES, invitations, status_of
from surveyapp.surveys.queries import survey_by_key


@click.command("invite")
@click.option("--survey", "survey_key", required=True, help="Key of the survey.")
@click.option("--email", required=True, help="The person's email address.")
@click.option("--account", "account_id", help="External id of the person's account.")
@click.option("--locale", help="Language of the survey for this person, e.g. pt or fa.")
@click.option("--name", help="The person's name.")
@with_appcontext
def invite_command(
    survey_key: str, email: str, account_id: str | None, locale: str | None, name: str | None
) -> None:
    """Invite EMAIL to a survey; prints the personal link alone on the last line."""
    survey = survey_by_key(survey_key)
    if survey is None:
        raise click.ClickException(f"no survey {survey_key!r} (see `surveyapp surveys list`)")
    if locale and locale not in current_app.config["LOCALES"]:
        known = ", ".join(current_app.config["LOCALES"])
        raise click.BadParameter(f"{locale!r} is not one of {known}", param_hint="--locale")
    try:
        account = upsert_account(account_id) if account_id else None
        contact = upsert_contact(email, name=name, locale=locale, account=account)
        invitation, token = create_invitation(survey, contact)
    except (ContactError, InvitationError) as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        f"Invited {contact.email} to {survey.key} (expires {invitation.expires_at:%Y-%m-%d})"
    )
    click.echo(personal_link(token))


invitations_cli = AppGroup("invitations", help="See invitations and their status.")


@invitations_cli.command("list")
@click.option("--status", type=click.Choice(STATUSES), help="Only invitations in this status.")
@click.option("--survey", "survey_key", help="Only this survey's invitations.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=500, show_default=True)
def list_invitations(status: str | None, survey_key: str | None, limit: int) -> None:
    """Newest first: survey, contact, status (with the reason when skipped), due, sent."""
    survey_id = None
    if survey_key:
        survey = survey_by_key(survey_key)
        if survey is None:
            raise click.ClickException(f"no survey {survey_key!r}")
        survey_id = survey.id
    now = utcnow()
    for invitation in invitations(status, survey_id, now, limit):
        state = status_of(invitation, now)
        if invitation.skipped_reason:
            state += f" ({invitation.skipped_reason})"
        due = f"{invitation.due_at:%Y-%m-%d %H:%M}" if invitation.due_at else "-"
        sent = f"{invitation.sent_at:%Y-%m-%d %H:%M}" if invitation.sent_at else "-"
        who = invitation.contact.email or invitation.contact.external_id or "?"
        click.echo(f"{invitation.survey.key}\t{who}\t{state}\tdue {due}\tsent {sent}")
