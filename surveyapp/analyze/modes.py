"""Where an `analyze` command reads from (CSV files or the app database), checked up front.

Each command reads CSV files when they are given and the current instance's database when
they are not; options that only make sense for one of the two are refused with the other.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import click
import pandas as pd
from click.core import ParameterSource
from flask import current_app
from flask.cli import ScriptInfo

DATABASE = "the app database"


def given(ctx: click.Context, names: Iterable[str]) -> list[str]:
    """The options among ``names`` set on the command line (as ``--option-name``)."""
    return [
        _flag(ctx, name)
        for name in names
        if ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT)
    ]


def reads_database(
    ctx: click.Context,
    files: Iterable[str],
    *,
    file_only: Iterable[str] = (),
    database_only: Iterable[str] = (),
    required_with_files: Iterable[str] = (),
) -> bool:
    """True when none of the ``files`` options is given (read the database), False when all
    are (read them); a UsageError for a mix, or for an option of the other source."""
    files = list(files)
    source = _flag(ctx, files[0])
    named = given(ctx, files)
    if named and len(named) < len(files):
        every = ", ".join(_flag(ctx, name) for name in files)
        raise click.UsageError(
            f"give {every} together, or none of them to read {DATABASE}", ctx=ctx
        )
    if not named:
        wrong = given(ctx, file_only)
        if wrong:
            raise click.UsageError(
                f"{', '.join(wrong)} only applies to CSV input: add {source} FILE, "
                f"or leave {'it' if len(wrong) == 1 else 'them'} out to read {DATABASE}",
                ctx=ctx,
            )
        return True
    wrong = given(ctx, database_only)
    if wrong:
        raise click.UsageError(
            f"{', '.join(wrong)} only applies when reading {DATABASE} (without {source})",
            ctx=ctx,
        )
    missing = [_flag(ctx, name) for name in required_with_files if not ctx.params[name]]
    if missing:
        raise click.UsageError(f"with {source}, also give {', '.join(missing)}", ctx=ctx)
    return False


def as_of_datetime(value: str | None) -> datetime:
    """``--as-of`` read as the CSV path reads it (a date is its midnight, UTC); default now."""
    if value is None:
        return datetime.now(UTC)
    try:
        moment = pd.Timestamp(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 2025-06-30", param_hint="--as-of"
        ) from None
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")
    return moment.to_pydatetime()


def _flag(ctx: click.Context, name: str) -> str:
    """How the option of parameter ``name`` is spelled (``input_path`` -> ``--input``)."""
    for param in ctx.command.params:
        if param.name == name:
            return param.opts[0]
    return name


@contextmanager
def app_database() -> Iterator[None]:
    """The current instance's app (and database session), built unless already active; a
    database that cannot be read becomes a message naming it, not a traceback."""
    if current_app:
        with _readable():
            yield
        return
    ctx = click.get_current_context()
    info = ctx.find_object(ScriptInfo)
    if info is None or info.create_app is None:
        from surveyapp.core.cli import _create_app

        info = ScriptInfo(create_app=_create_app)
    with info.load_app().app_context(), _readable():
        yield


@contextmanager
def _readable() -> Iterator[None]:
    from sqlalchemy.exc import DBAPIError

    from surveyapp.core.db import db

    try:
        yield
    except DBAPIError as error:
        url = db.engine.url.render_as_string(hide_password=True)
        raise click.ClickException(
            f"cannot read {DATABASE} at {url} ({error.orig}); "
            "is SURVEYAPP_DATABASE_URL right and the database migrated (surveyapp db upgrade)?"
        ) from error


@contextmanager
def steps(label: str, count: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr (stdout and the JSON stay clean) over ``count`` named steps;
    yields the callback each step calls as it starts."""
    with click.progressbar(length=count, label=label, file=sys.stderr) as bar:
        yield lambda step: bar.update(1)
