"""Options and small helpers shared by the `analyze` commands."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from surveyapp.analyze.modes import DATABASE

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
OUT = click.Path(dir_okay=False, path_type=Path)
AS_OF_HELP = (
    "Analysis date, e.g. 2025-06-30 (midnight UTC); later events are not known yet. "
    "Required with CSV files; for the database, default now."
)
GROUP_BY_HELP = (
    "With CSV files: a column of the accounts file. For the database: segment, plan, cohort "
    "(start month) or cluster (theme of the account's expected outcome)."
)


def input_option(help: str) -> Callable[[Any], Any]:
    """``--input FILE.csv``: the CSV file read; without it, the command reads the database."""
    return click.option("--input", "input_path", type=FILE, help=help)


def answer_selection(prefix: str = "") -> Callable[[Any], Any]:
    """``--survey``, ``--question`` and ``--construct``: which open answers of the database
    to take (see :class:`surveyapp.analyze.sources.AnswerSelection`)."""
    options = [
        click.option("--survey", help=f"{prefix}Only the answers to this survey (its key)."),
        click.option(
            "--question", help=f"{prefix}The question (key in its bank) whose answers to take."
        ),
        click.option(
            "--construct",
            default="expected_outcome",
            show_default=True,
            help=f"{prefix}Take the answers to every question of this construct.",
        ),
    ]

    def decorate(command: Any) -> Any:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def days(values: tuple[float, ...]) -> tuple[float, ...]:
    """The ``--at`` days, by default 30, 60 and 90."""
    return values or (30.0, 60.0, 90.0)


def columns(value: str) -> list[str]:
    """Column names of a comma-separated option."""
    return [name.strip() for name in value.split(",") if name.strip()]


def echo_warnings(caught: list[warnings.WarningMessage]) -> None:
    for warning in caught:
        click.echo(f"note: {warning.message}", err=True)


def source_error(error: ValueError) -> click.ClickException:
    """What the database lacks, as a message naming it."""
    return click.ClickException(f"{DATABASE}: {error}")
