"""`surveyapp analyze survival` and `ttfv`: time to first value, from CSV files or the
database's accounts, milestone events and milestone definitions."""

from __future__ import annotations

from pathlib import Path

import click
import numpy as np
import pandas as pd
import yaml

from analysis.survival import survival_summary
from analysis.ttfv import first_value_keys, first_value_table, ttfv_summary
from surveyapp.analyze.csvfiles import cell_error, check_dates, numeric, read_csv, write_json
from surveyapp.analyze.modes import app_database, as_of_datetime, reads_database, steps
from surveyapp.analyze.options import AS_OF_HELP, FILE, GROUP_BY_HELP, OUT, days, input_option


def _database_group(group_by: str | None) -> str | None:
    from surveyapp.analyze.tables import GROUPS

    if group_by is not None and group_by not in GROUPS:
        raise click.BadParameter(
            f"{group_by!r}: reading the database, group by one of {', '.join(GROUPS)}",
            param_hint="--group-by",
        )
    return group_by


def _database_ttfv(as_of: str | None, group_by: str | None, seed: int = 0) -> pd.DataFrame:
    from surveyapp.analyze.tables import ttfv_rows

    moment, group = as_of_datetime(as_of), _database_group(group_by)
    with steps("Reading", 1) as step, app_database():
        step("accounts and milestones")
        return ttfv_rows(moment, group, seed=seed)


@click.command("survival")
@input_option(
    "CSV file, one row per subject. Without it, the time to first value of the accounts "
    "in the app database.",
)
@click.option("--duration-column", help="Column of durations (required with --input).")
@click.option(
    "--event-column", help="1 if the event happened, 0 if censored (required with --input)."
)
@click.option("--group-column", help="Column of groups to compare (with --input).")
@click.option("--as-of", help="Database: " + AS_OF_HELP)
@click.option("--group-by", help="Database: " + GROUP_BY_HELP)
@click.option(
    "--at", "at", type=click.FloatRange(min=0), multiple=True, help="Day for S(t); repeatable."
)
@click.option(
    "--output",
    type=OUT,
    help="Database: also write the per-account durations (ttfv_days, reached) as CSV.",
)
@click.option("--json", "json_path", type=OUT, required=True, help="JSON summary written.")
@click.pass_context
def survival_command(
    ctx: click.Context,
    input_path: Path | None,
    duration_column: str | None,
    event_column: str | None,
    group_column: str | None,
    as_of: str | None,
    group_by: str | None,
    at: tuple[float, ...],
    output: Path | None,
    json_path: Path,
) -> None:
    """Kaplan–Meier medians with 95 % CI, S(t) and log-rank tests."""
    if reads_database(
        ctx,
        ["input_path"],
        file_only=["duration_column", "event_column", "group_column"],
        database_only=["as_of", "group_by", "output"],
        required_with_files=["duration_column", "event_column"],
    ):
        from surveyapp.analyze.tables import survival_rows

        table = survival_rows(_database_ttfv(as_of, group_by), group_by)
        if output:
            table.to_csv(output, index=False)
        durations, events = table["ttfv_days"], table["reached"]
        groups = table[group_by].to_numpy() if group_by else None
    else:
        assert input_path and duration_column and event_column
        durations, events, groups = _survival_csv(
            input_path, duration_column, event_column, group_column
        )
    summary = survival_summary(durations.to_numpy(), events.to_numpy(int), groups, at=days(at))
    write_json(summary, json_path)
    overall = summary["groups"]["overall"]
    click.echo(
        f"n={overall['n']}, events={overall['events']}, median={overall['median']} → {json_path}"
    )


def _survival_csv(
    path: Path, duration_column: str, event_column: str, group_column: str | None
) -> tuple[pd.Series, pd.Series, np.ndarray | None]:
    frame = read_csv(
        path, [duration_column, event_column, *([group_column] if group_column else [])]
    )
    durations = numeric(frame, duration_column, path)
    events = numeric(frame, event_column, path)
    for column, values in ((duration_column, durations < 0), (event_column, ~events.isin([0, 1]))):
        if values.any():
            row = int(np.flatnonzero(values.to_numpy())[0])
            raise cell_error(frame, path, row, column, "is out of range")
    return durations, events, frame[group_column].to_numpy() if group_column else None


@click.command("ttfv")
@click.option(
    "--accounts",
    type=FILE,
    help="CSV of accounts (account_id, start_at, ...). Without --accounts, --events and "
    "--milestones, the app database's accounts, milestone events and milestone definitions.",
)
@click.option("--events", type=FILE, help="CSV of milestone events (with --accounts).")
@click.option("--milestones", type=FILE, help="YAML milestone definitions (with --accounts).")
@click.option("--as-of", help=AS_OF_HELP)
@click.option("--group-by", help=GROUP_BY_HELP)
@click.option(
    "--at",
    "at",
    type=click.FloatRange(min=0),
    multiple=True,
    help="Day for S(t) and the share reaching value; repeatable [default: 30, 60, 90].",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    help="Database: seed of the clustering behind --group-by cluster.",
)
@click.option("--output", type=OUT, required=True, help="Per-account CSV written.")
@click.option("--json", "json_path", type=OUT, required=True, help="Survival summary written.")
@click.pass_context
def ttfv_command(
    ctx: click.Context,
    accounts: Path | None,
    events: Path | None,
    milestones: Path | None,
    as_of: str | None,
    group_by: str | None,
    at: tuple[float, ...],
    seed: int,
    output: Path,
    json_path: Path,
) -> None:
    """Time to first value per account (with censoring) and its survival summary."""
    if reads_database(
        ctx,
        ["accounts", "events", "milestones"],
        database_only=["seed"],
        required_with_files=["as_of"],
    ):
        table = _database_ttfv(as_of, group_by, seed)
    else:
        assert accounts and events and milestones and as_of
        table = _ttfv_csv(accounts, events, milestones, as_of, group_by)
    table.to_csv(output, index=False)
    write_json(ttfv_summary(table, group_by=group_by, at=days(at)), json_path)
    click.echo(
        f"{int(table['reached'].sum())} of {len(table)} accounts reached first value → {output}"
    )


def _ttfv_csv(
    accounts: Path, events: Path, milestones: Path, as_of: str, group_by: str | None
) -> pd.DataFrame:
    try:
        definitions = yaml.safe_load(milestones.read_text(encoding="utf-8"))
        if isinstance(definitions, dict):
            definitions = definitions.get("milestones")
        if not isinstance(definitions, list):
            raise ValueError("expected a list of milestones (or a 'milestones:' list)")
        keys = first_value_keys(definitions)
    except (yaml.YAMLError, ValueError) as error:
        raise click.ClickException(f"{milestones}: {error}") from error
    account_frame = read_csv(
        accounts, ["account_id", "start_at", *([group_by] if group_by else [])]
    )
    event_frame = read_csv(events, ["account_id", "milestone", "occurred_at"])
    check_dates(account_frame, ["start_at", "observed_until", "churned_at"], accounts)
    check_dates(event_frame, ["occurred_at"], events)
    try:
        return first_value_table(account_frame, event_frame, keys, as_of)
    except ValueError as error:
        raise click.ClickException(f"{accounts} / {events}: {error}") from error
