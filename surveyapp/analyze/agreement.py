"""`surveyapp analyze agreement`: agreement between coders, on a CSV file or on the
codings stored in the app database (`surveyapp codes import`)."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from analysis.agreement import LEVELS, agreement_report
from surveyapp.analyze.csvfiles import numeric, read_csv, write_json
from surveyapp.analyze.modes import DATABASE, app_database, reads_database
from surveyapp.analyze.options import OUT, input_option, source_error


@click.command("agreement")
@input_option(
    "CSV file, one row per unit, coder and code. Without it, the codings in the app "
    "database (units: answers).",
)
@click.option("--unit-column", help="Column naming the coded unit (required with --input).")
@click.option("--coder-column", help="Column naming the coder (required with --input).")
@click.option("--code-column", help="Column of the code given (required with --input).")
@click.option("--survey", help="Database: only the codings of answers to this survey (its key).")
@click.option("--question", help="Database: only the codings of answers to this question.")
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
    survey: str | None,
    question: str | None,
    level: str,
    json_path: Path,
) -> None:
    """Percent agreement, Krippendorff's alpha, Fleiss' and Cohen's kappa."""
    if reads_database(
        ctx,
        ["input_path"],
        file_only=["unit_column", "coder_column", "code_column"],
        database_only=["survey", "question"],
        required_with_files=["unit_column", "coder_column", "code_column"],
    ):
        frame, where = _database_codings(survey, question)
        unit_column, coder_column, code_column = "unit", "coder", "code"
    else:
        assert input_path and unit_column and coder_column and code_column
        frame = read_csv(input_path, [unit_column, coder_column, code_column])
        where = str(input_path)
    if level in ("interval", "ratio", "ordinal"):
        frame[code_column] = (
            numeric(frame, code_column, input_path, allow_missing=True)
            if input_path
            else _numeric_codes(frame, level)
        )
    try:
        report = agreement_report(
            frame, unit=unit_column, coder=coder_column, code=code_column, level=level
        )
    except ValueError as error:
        raise click.ClickException(f"{where}: {error}") from error
    write_json(report, json_path)
    click.echo(
        f"alpha ({level}) = {report['krippendorff_alpha']:.3f} over {report['n_units']} units"
    )


def _database_codings(survey: str | None, question: str | None) -> tuple[pd.DataFrame, str]:
    from surveyapp.coding.queries import codings

    with app_database():
        frame = codings(survey, question)
    parts = [f"survey {survey!r}" if survey else "", f"question {question!r}" if question else ""]
    scope = " and ".join(part for part in parts if part)
    where = f"{DATABASE}, codings" + (f" of {scope}" if scope else "")
    if frame.empty:
        raise source_error(
            ValueError(
                "no codings"
                + (f" of {scope}" if scope else "")
                + ": load a coding sheet with `surveyapp codes import FILE.csv` "
                "(or pass --input FILE.csv)"
            )
        )
    return frame, where


def _numeric_codes(frame: pd.DataFrame, level: str) -> pd.Series:
    values = pd.to_numeric(frame["code"], errors="coerce")
    bad = values.isna()
    if bad.any():
        row = frame[bad].iloc[0]
        raise click.ClickException(
            f"{DATABASE}: answer {row['unit']}: coder {row['coder']!r} gave the code "
            f"{row['code']!r}, not a number as --level {level} needs ({int(bad.sum())} such)"
        )
    return values
