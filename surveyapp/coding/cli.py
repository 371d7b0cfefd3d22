"""`surveyapp codes export|import|list`: coding sheets out and codings in."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from surveyapp.analyze.options import answer_selection
from surveyapp.coding.models import AnswerCode
from surveyapp.coding.sheets import CodingRow
from surveyapp.core.db import db

codes_cli = AppGroup("codes", help="Codings of open answers: sheets out, codings in.")


@codes_cli.command("export")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="CSV coding sheet written (answer_id, account, survey, question, locale, "
    "answered_at, text, coder, code).",
)
@answer_selection()
@click.option("--coder", help="One row per answer for this coder, with their codes so far.")
def export(
    output: Path, survey: str | None, question: str | None, construct: str, coder: str | None
) -> None:
    """Write a coding sheet of open answers: a row per answer and coder, blank when not
    coded yet. Fill in the code column and load it back with `surveyapp codes import`."""
    from surveyapp.analyze.sources import AnswerSelection, SourceError, open_answers
    from surveyapp.coding.queries import coding_sheet

    construct_given = click.get_current_context().get_parameter_source("construct")
    if question and construct_given is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("give --question or --construct, not both")
    selection = AnswerSelection(survey, question, None if question else construct)
    try:
        answers = open_answers(selection)
    except SourceError as error:
        raise click.ClickException(str(error)) from None
    sheet = coding_sheet(answers, " ".join(coder.split()) if coder else None)
    sheet.to_csv(output, index=False)
    coded = int((sheet["code"] != "").sum())
    click.echo(
        f"Wrote {len(sheet)} rows ({len(answers)} answers to the {selection.describe()}, "
        f"{coded} coded) to {output}"
    )


@codes_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--coder", help="The coder of rows whose coder column is blank or absent.")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change.")
def import_codings(path: Path, coder: str | None, dry_run: bool) -> None:
    """Load a coding sheet (columns answer_id, code, and coder unless --coder; separated by
    commas, semicolons, tabs or bars): each coder's code of each answer is added or
    replaced. Any error: nothing is saved."""
    from surveyapp.coding.operations import save_codings
    from surveyapp.coding.sheets import read_sheet
    from surveyapp.events.csvfiles import CsvProblem

    try:
        sheet = read_sheet(path, coder)
    except CsvProblem as error:
        raise click.ClickException(str(error)) from None
    errors = [message for _line, message in sorted(sheet.errors + _unknown(path, sheet.rows))]
    if errors:
        for message in errors[:50]:
            click.echo(message, err=True)
        more = " (first 50 shown)" if len(errors) > 50 else ""
        raise click.ClickException(f"{len(errors)} error(s){more}; nothing was saved")
    saved = save_codings(sheet.rows, f"command line ({getpass.getuser()})")
    summary = (
        f"{saved.added} added, {saved.changed} changed, {saved.unchanged} unchanged, "
        f"{sheet.blank} rows without a code passed over"
    )
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run, nothing saved: {summary}")
        return
    db.session.commit()
    click.echo(f"Codings saved: {summary}")


def _unknown(path: Path, rows: list[CodingRow]) -> list[tuple[int, str]]:
    from surveyapp.coding.operations import unknown_answers

    return [
        (row.line, f"{path}: line {row.line}: answer_id: no answer {row.answer_id} in the database")
        for row in unknown_answers(rows)
    ]


@codes_cli.command("list")
def list_coders() -> None:
    """Each coder: how many answers they coded, and with how many distinct codes."""
    query = (
        sa.select(
            AnswerCode.coder,
            sa.func.count(),
            sa.func.count(sa.distinct(AnswerCode.code)),
        )
        .group_by(AnswerCode.coder)
        .order_by(AnswerCode.coder)
    )
    rows = db.session.execute(query).all()
    if not rows:
        click.echo("No codings yet: see `surveyapp codes export` and `surveyapp codes import`.")
    for name, answers, codes in rows:
        click.echo(f"{name}\t{answers} answers\t{codes} codes")
