"""`surveyapp banks validate|list`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from surveyapp.banks.definitions import translate
from surveyapp.banks.loader import SHIPPED_BANKS, bank_files, check_file
from surveyapp.banks.queries import banks_folder

banks_cli = AppGroup("banks", help="Check and list question banks.")


@banks_cli.command("validate", with_appcontext=False)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check bank files or folders (default: the shipped question_banks/).

    Prints FILE:LINE: FIELD: PROBLEM for every error; exits 1 if there is any.
    """
    files = bank_files(paths or (SHIPPED_BANKS,))
    if not files:
        raise click.ClickException("no question bank files (*.yaml) found")
    failed = 0
    for path in files:
        bank, errors = check_file(path)
        for error in errors:
            click.echo(str(error), err=True)
        if bank is None:
            failed += 1
        else:
            click.echo(
                f"{path}: ok ({bank.key} v{bank.version}, {len(bank.questions_by_key)} "
                f"questions, locales {', '.join(bank.locales)})"
            )
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} bank files have errors")


@banks_cli.command("list")
def list_banks() -> None:
    """List the banks of the configured folder (SURVEYAPP_BANKS_PATH)."""
    folder = banks_folder()
    for path in bank_files([folder]):
        bank, errors = check_file(path)
        if bank is None:
            click.echo(
                f"{path.name}: INVALID ({len(errors)} errors; run `surveyapp banks "
                f"validate {path}`)"
            )
            continue
        title = translate(bank.title, bank.default_locale, bank.default_locale)
        click.echo(f"{bank.key}\tv{bank.version}\t{bank.kind}\t{','.join(bank.locales)}\t{title}")
