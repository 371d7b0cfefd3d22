"""`surveyapp analyze correlate`: perceived value against first value and milestones."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from analysis.correlate import correlate_value
from surveyapp.analyze.csvfiles import numeric, read_csv, write_json
from surveyapp.analyze.modes import app_database, as_of_datetime, reads_database, steps
from surveyapp.analyze.options import AS_OF_HELP, OUT, columns, input_option


@click.command("correlate")
@input_option(
    "CSV file, one row per account or respondent. Without it, the app database: each "
    "account's latest ratings against first value and each milestone.",
)
@click.option(
    "--ratings",
    help="Rating columns, comma-separated (required with --input). Database: any of "
    "value_achieved, perceived_quality, perceived_price, value_ratio, nps [default: all].",
)
@click.option(
    "--outcomes",
    help="Outcome columns, comma-separated, 0/1 or numbers (required with --input). "
    "Database: first_value (reached, 0/1), days_to_first_value, and each milestone key (0/1) "
    "[default: all].",
)
@click.option("--as-of", help="Database: " + AS_OF_HELP)
@click.option(
    "--output",
    type=OUT,
    help="Database: also write the per-account ratings and outcomes tested, as CSV.",
)
@click.option(
    "--n-boot",
    type=click.IntRange(min=100),
    default=2000,
    show_default=True,
    help="Bootstrap resamples of each Spearman confidence interval.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Seed of the bootstrap.",
)
@click.option("--json", "json_path", type=OUT, required=True, help="The table of tests written.")
@click.pass_context
def correlate_command(
    ctx: click.Context,
    input_path: Path | None,
    ratings: str | None,
    outcomes: str | None,
    as_of: str | None,
    output: Path | None,
    n_boot: int,
    seed: int,
    json_path: Path,
) -> None:
    """Spearman (bootstrap CI), Mann–Whitney and BH-adjusted p for ratings × outcomes."""
    if reads_database(
        ctx,
        ["input_path"],
        database_only=["as_of", "output"],
        required_with_files=["ratings", "outcomes"],
    ):
        frame, rating_columns, outcome_columns = _value_frame(as_of, ratings, outcomes)
        if output:
            frame.to_csv(output, index=False)
    else:
        assert input_path and ratings and outcomes
        rating_columns, outcome_columns = columns(ratings), columns(outcomes)
        frame = read_csv(input_path, [*rating_columns, *outcome_columns])
        for column in (*rating_columns, *outcome_columns):
            frame[column] = numeric(frame, column, input_path, allow_missing=True)
    with steps("Testing", 1) as step:
        step("bootstrap")
        table = correlate_value(
            frame, rating_columns, outcome_columns, n_boot=n_boot, random_state=seed
        )
    write_json({"tests": table.to_dict(orient="records")}, json_path)
    for sentence in table["sentence"].dropna():
        click.echo(sentence)
    for warning in table["warning"].dropna().unique():
        click.echo(f"note: {warning}", err=True)


def _value_frame(
    as_of: str | None, ratings: str | None, outcomes: str | None
) -> tuple[pd.DataFrame, list[str], list[str]]:
    from surveyapp.analyze.tables import RATINGS, value_rows

    moment = as_of_datetime(as_of)
    with steps("Reading", 1) as step, app_database():
        step("ratings and milestones")
        frame, available = value_rows(moment)
    chosen = []
    for option, value, names in (
        ("--ratings", ratings, RATINGS),
        ("--outcomes", outcomes, available),
    ):
        picked = columns(value) if value else names
        unknown = [name for name in picked if name not in names]
        if unknown:
            raise click.BadParameter(
                f"{', '.join(unknown)}: the database gives {', '.join(names)}", param_hint=option
            )
        chosen.append(picked)
    return frame, chosen[0], chosen[1]
