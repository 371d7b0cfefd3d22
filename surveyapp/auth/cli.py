"""`surveyapp users create|list`."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from surveyapp.auth.models import ROLES
from surveyapp.auth.operations import UserError, create_user
from surveyapp.auth.passwords import WeakPassword
from surveyapp.auth.queries import all_users
from surveyapp.core.db import db

users_cli = AppGroup("users", help="Staff users: create and list.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option(
    "--password-stdin",
    is_flag=True,
    required=True,
    help="Read the password from standard input (first line).",
)
def create(email: str, role: str, password_stdin: bool) -> None:
    """Create a staff user; the password comes from standard input, never the command line."""
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(email, role, password)
    except (UserError, WeakPassword) as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}")


@users_cli.command("list")
def list_users() -> None:
    """List staff users: email, role, active."""
    for user in all_users():
        click.echo(f"{user.email}\t{user.role}\t{'active' if user.active else 'inactive'}")
