"""Find and load question bank files, reporting every problem with its file and line."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from surveyapp.banks.definitions import Bank
from surveyapp.banks.validation import validate_document
from surveyapp.core.documents import DocumentError, DocumentInvalid, check_document


def _shipped_banks() -> Path:
    """The repository's question_banks/ (a checkout or an editable install), else the copy a
    wheel installs as data under <prefix>/share/firstvalue/ (setup.cfg data_files)."""
    beside = Path(__file__).resolve().parents[2] / "question_banks"
    installed = Path(sys.prefix) / "share" / "firstvalue" / "question_banks"
    return beside if beside.is_dir() or not installed.is_dir() else installed


SHIPPED_BANKS = _shipped_banks()
BANK_SUFFIXES = (".yaml", ".yml")


#: Kept as names of their own: scripts and tests catch bank errors by these.
BankError = DocumentError
BankInvalid = DocumentInvalid


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """The bank files named by ``paths``: files as given, folders searched for *.yaml."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in BANK_SUFFIXES))
        else:
            found.append(path)
    return found


def check_file(path: Path) -> tuple[Bank | None, list[BankError]]:
    """Load ``path``: the bank if it is valid, and every error found."""
    data, errors = check_document(path, validate_document)
    return (None, errors) if errors else (Bank.from_document(data), [])


def load_file(path: Path) -> Bank:
    bank, errors = check_file(path)
    if bank is None:
        raise BankInvalid(errors)
    return bank


def load_folder(folder: Path) -> dict[str, Bank]:
    """Every valid bank of ``folder`` by key; raises on the first invalid or duplicated one."""
    banks: dict[str, Bank] = {}
    for path in bank_files([folder]):
        bank = load_file(path)
        if bank.key in banks:
            raise BankInvalid(
                [
                    BankError(
                        path,
                        1,
                        "key",
                        f"bank key {bank.key!r} is also used by another file in {folder}",
                    )
                ]
            )
        banks[bank.key] = bank
    return banks
