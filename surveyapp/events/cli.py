"""`surveyapp events import`, `surveyapp accounts import`, `surveyapp milestones validate`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from surveyapp.core.db import db
from surveyapp.core.documents import DocumentInvalid
from surveyapp.events.csvfiles import (
    ACCOUNT_COLUMNS,
    EVENT_COLUMNS,
    EVENT_FIELD_COLUMNS,
    CsvProblem,
    account_call,
    event_call,
    read_rows,
)
from surveyapp.events.milestones import DEFAULT_MILESTONES, load_milestones
from surveyapp.events.operations import ingest
from surveyapp.events.queries import milestone_definitions

CHUNK = 500  # rows per transaction: a crash half-way keeps every chunk already reported

events_cli = AppGroup("events", help="Product events: import from CSV.")
accounts_cli = AppGroup("accounts", help="Customer accounts: import from CSV.")
milestones_cli = AppGroup("milestones", help="Milestone definitions.")
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@events_cli.command("import")
@click.argument("path", type=FILE)
def import_events(path: Path) -> None:
    """Import events from PATH (account_id,user_id,event,timestamp,properties_json[,insert_id])."""
    _import(path, EVENT_COLUMNS, event_call, EVENT_FIELD_COLUMNS)


@accounts_cli.command("import")
@click.argument("path", type=FILE)
def import_accounts(path: Path) -> None:
    """Import accounts from PATH (account_id[,name,segment,plan,start_at,csm_owner])."""
    _import(path, ACCOUNT_COLUMNS, account_call, {"groupId": "account_id"})


@milestones_cli.command("validate", with_appcontext=False)
@click.argument("path", type=FILE, required=False)
def validate(path: Path | None) -> None:
    """Check a milestone definitions file (default: the shipped one)."""
    try:
        milestones = load_milestones(path or DEFAULT_MILESTONES)
    except DocumentInvalid as error:
        raise click.ClickException(f"{len(error.errors)} error(s):\n{error}") from None
    first = [m.key for m in milestones if m.first_value]
    click.echo(f"ok: {len(milestones)} milestones; first value: {', '.join(first)}")


def _import(
    path: Path,
    required: tuple[str, ...],
    to_call: Callable[[dict[str, str]], Any],
    columns: dict[str, str],
) -> None:
    try:
        rows = list(read_rows(path, required))
    except (CsvProblem, UnicodeDecodeError) as error:
        raise click.ClickException(str(error)) from None
    definitions = milestone_definitions()
    totals = {"accepted": 0, "duplicates": 0, "rejected": 0}
    with click.progressbar(length=len(rows), label=f"Importing {path.name}") as bar:
        for chunk in _chunks(rows):
            result = ingest([to_call(row) for _, row in chunk], definitions)
            db.session.commit()
            totals["accepted"] += result.accepted
            totals["duplicates"] += result.duplicates
            totals["rejected"] += len(result.rejected)
            for problem in result.rejected:
                line = chunk[problem["index"]][0]
                column = columns.get(problem["field"].split(".")[0], problem["field"])
                click.echo(f"\n{path}: line {line}, column {column}: {problem['reason']}", err=True)
            bar.update(len(chunk))
    click.echo(
        f"{totals['accepted']} imported, {totals['duplicates']} already there, "
        f"{totals['rejected']} rejected"
    )
    if totals["rejected"]:
        raise SystemExit(1)


def _chunks(rows: list[Any]) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk
