"""Find and load question bank files, reporting every problem with its file and line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from surveyapp.banks.definitions import Bank
from surveyapp.banks.validation import format_path, validate_document
from surveyapp.banks.yamlsource import read_yaml

SHIPPED_BANKS = Path(__file__).resolve().parents[2] / "question_banks"
BANK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class BankError:
    file: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class BankInvalid(Exception):
    """A bank file cannot be used; ``errors`` says where and why."""

    def __init__(self, errors: list[BankError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


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
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [BankError(path, 1, "(file)", f"cannot be read: {error}")]
    source = read_yaml(text)
    errors = [BankError(path, p.line, format_path(p.path), p.message) for p in source.problems]
    if errors:
        return None, errors
    errors = [
        BankError(path, source.line_of(p.path), format_path(p.path), p.message)
        for p in validate_document(source.data)
    ]
    return (None, errors) if errors else (Bank.from_document(source.data), [])


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
