"""`surveyapp analyze agreement`: agreement between coders (CSV only: the app stores no
codings yet)."""

from __future__ import annotations

from pathlib import Path

import click

from analysis.agreement import LEVELS, agreement_report
from surveyapp.analyze.csvfiles import numeric, read_csv, write_json
from surveyapp.analyze.modes import DATABASE, reads_database
from surveyapp.analyze.options import OUT, input_option


@click.command("agreement")
@input_option(
    "CSV file, one row per unit, coder and code (required: the app stores no codings).",
)
@click.option("--unit-column", help="Column naming the coded unit (required with --input).")
@click.option("--coder-column", help="Column naming the coder (required with --input).")
@click.option("--code-column", help="Column of the code given (required with --input).")
@click.option(
    "--level",
    type=click.Choice(LEVELS),
    default="nominal",
    show_default=True,
    help="Level of measurement of the codes (Krippendorff's alpha).",
)
@click.option("--json", "json_path", type=OUT, required=True, help="Agreement figures written.")
@click.pass_context
def agreement_command(
    ctx: click.Context,
    input_path: Path | None,
    unit_column: str | None,
    coder_column: str | None,
    code_column: str | None,
    level: str,
    json_path: Path,
) -> None:
    """Percent agreement, Krippendorff's alpha, Fleiss' and Cohen's kappa.

    Only on a CSV file (--input): the app database stores no codings yet."""
    if reads_database(
        ctx,
        ["input_path"],
        required_with_files=["unit_column", "coder_column", "code_column"],
    ):
        raise click.ClickException(
            f"{DATABASE} holds no coder data (the app does not store codings yet): export the "
            "codings as CSV, one row per unit, coder and code, and pass --input FILE.csv "
            "with --unit-column, --coder-column and --code-column"
        )
    assert input_path and unit_column and coder_column and code_column
    frame = read_csv(input_path, [unit_column, coder_column, code_column])
    if level in ("interval", "ratio", "ordinal"):
        frame[code_column] = numeric(frame, code_column, input_path, allow_missing=True)
    try:
        report = agreement_report(
            frame, unit=unit_column, coder=coder_column, code=code_column, level=level
        )
    except ValueError as error:
        raise click.ClickException(f"{input_path}: {error}") from error
    write_json(report, json_path)
    click.echo(
        f"alpha ({level}) = {report['krippendorff_alpha']:.3f} over {report['n_units']} units"
    )
