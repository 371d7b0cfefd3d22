"""`surveyapp apikeys create|list`."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from surveyapp.apikeys.models import SCOPES, ApiKey
from surveyapp.apikeys.operations import ApiKeyError, create_api_key
from surveyapp.core.db import db

apikeys_cli = AppGroup("apikeys", help="API keys for integrations.")


@apikeys_cli.command("create")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(SCOPES),
    help="What the key may do; repeat for several.",
)
@click.option("--name", default="", help="Who or what uses the key.")
def create(scopes: tuple[str, ...], name: str) -> None:
    """Create a key; it is printed once, alone on the last line, and never shown again."""
    try:
        key, secret = create_api_key(name, list(scopes))
    except ApiKeyError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created API key {key.prefix}… ({key.scopes}); store it now, it is not kept:")
    click.echo(secret)


@apikeys_cli.command("list")
def list_keys() -> None:
    """List keys: prefix, name, scopes, created, revoked."""
    for key in db.session.scalars(sa.select(ApiKey).order_by(ApiKey.created_at)):
        revoked = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
        click.echo(f"{key.prefix}…\t{key.name}\t{key.scopes}\t{key.created_at:%Y-%m-%d}\t{revoked}")
